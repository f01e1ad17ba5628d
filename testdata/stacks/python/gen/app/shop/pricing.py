def price_cart(items, catalog):
    def unit_price(item):
        entry = catalog[item["sku"]]
        return entry["price"] * item["qty"]

    ranked = sorted(items, key=lambda item: unit_price(item))
    return sum(unit_price(item) for item in ranked)


def stock_level(stock, warehouse, sku):
    return stock[(warehouse, sku)]
