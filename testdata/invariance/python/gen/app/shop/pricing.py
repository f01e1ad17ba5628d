ROUNDING = {
    "none": lambda cents: cents,
    "down": lambda cents: cents // 100 * 100,
}


def line_total(item, catalog):
    entry = catalog[item["sku"]]
    round_price = ROUNDING[item.get("rounding", "none")]
    return round_price(entry["price"]) * item["qty"]


def price_cart(items, catalog, coupon=None):
    totals = [line_total(item, catalog) for item in items]
    total = sum(totals)
    if coupon is not None:
        total = apply_coupon(total, coupon)
    return total


def apply_coupon(total, coupon):
    return max(total - coupon["amount"], 0)


def stock_level(stock, warehouse, sku):
    return stock[(warehouse, sku)]
