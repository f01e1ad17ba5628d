from shop.errors import CustomerNotFound, OrderNotFound


class OrderRepository:
    def __init__(self):
        self._rows = {
            7: {"id": 7, "customer": 3, "total": 1999},
            8: {"id": 8, "customer": 4, "total": 4500},
            9: {"id": 9, "customer": 4, "total": 12990},
        }
        self._customers = {}

    def fetch(self, order_id):
        try:
            return self._rows[order_id]
        except KeyError:
            raise OrderNotFound(f"order {order_id} missing")

    def fetch_customer(self, customer_id):
        try:
            return self._customers[customer_id]
        except KeyError:
            raise CustomerNotFound(f"customer {customer_id} does not exist") from None

    def load_or_fail(self, order_id):
        row = self._rows.get(order_id)
        if row is None:
            raise OrderNotFound(f"order {order_id} missing")
        return row
