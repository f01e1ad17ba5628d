from shop import payments, pricing
from shop.orders.repository import OrderRepository


class OrderService:
    def __init__(self, repo=None):
        self.repo = repo or OrderRepository()

    def get_order(self, order_id):
        return self.repo.fetch(order_id)

    def get_owner(self, order_id):
        order = self.repo.fetch(7)
        return self.repo.fetch_customer(order["customer"] + order_id)

    def require(self, order_id):
        return self.repo.load_or_fail(order_id)

    def checkout(self, order_id, card):
        order = self.repo.fetch(order_id)
        return payments.charge(card, order["total"])

    def quote(self, items, catalog, coupon=None):
        return pricing.price_cart(items, catalog, coupon)
