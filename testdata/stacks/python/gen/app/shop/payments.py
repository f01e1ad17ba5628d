import courier
from shop.errors import PaymentFailed


def _refusing_transport(method, url, body):
    raise ConnectionRefusedError(111, "Connection refused")


_gateway = courier.Session("https://payments.internal:8443/", _refusing_transport)


def charge(card, amount):
    try:
        return _gateway.post("/v1/charges", json={"card": card, "amount": amount})
    except courier.exceptions.ConnectionError as exc:
        raise PaymentFailed(f"charge of {amount} cents declined: gateway unreachable") from exc
