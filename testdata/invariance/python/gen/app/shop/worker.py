from concurrent.futures import ProcessPoolExecutor

from shop.errors import InvoiceError


def render_invoice(order_id):
    if order_id % 2:
        raise InvoiceError(f"invoice for order {order_id} has no lines")
    return f"invoice-{order_id}.pdf"


def render_all(order_ids):
    with ProcessPoolExecutor(max_workers=1) as pool:
        return list(pool.map(render_invoice, order_ids))
