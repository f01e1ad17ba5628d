import courier


def _carrier_transport(method, url, body):
    return body["status"], None


_carrier = courier.Session("https://carrier.example.net/api/", _carrier_transport)


def book_pickup(order_id, slot, status):
    return _carrier.post("/pickups", json={"order": order_id, "slot": slot, "status": status})
