import courier
from shop import categories, importer, inventory, notifications, plugins, pricing, rules, shipping, worker
from shop.errors import InventoryError, ShopError
from shop.orders.service import OrderService

router = courier.Router()
orders = OrderService()


class ServiceUnavailable(ShopError):
    pass


@router.before_request
def authenticate(request):
    request.user = "svc-checkout"


@router.route("GET", "/orders/{id}")
def get_order(request):
    return orders.get_order(request.params["id"])


@router.route("GET", "/orders/{id}/owner")
def get_owner(request):
    return orders.get_owner(request.params["id"])


@router.route("GET", "/orders/{id}/summary")
def order_summary(request):
    order = orders.require(request.params["id"])
    return {"id": order["id"], "total": order["total"]}


@router.route("POST", "/orders/{id}/checkout")
def checkout(request):
    return orders.checkout(request.params["id"], request.body["card"])


@courier.retry(times=2)
def send_receipt(order_id):
    order = orders.require(order_id)
    return f"receipt for {order['id']}"


@router.route("POST", "/orders/{id}/receipt")
def resend_receipt(request):
    return send_receipt(request.params["id"])


@router.route("POST", "/quote")
def quote(request):
    return orders.quote(request.body["items"], request.body["catalog"], request.body.get("coupon"))


@router.route("GET", "/stock")
def stock(request):
    levels = {(warehouse, sku): count for warehouse, sku, count in request.body}
    return pricing.stock_level(levels, request.params["warehouse"], request.params["sku"])


@router.route("GET", "/categories/{name}/path")
def category_path(request):
    return "/".join(categories.path_to_root(request.params["name"]))


@router.route("GET", "/categories/{name}/ancestors")
def category_ancestors(request):
    return categories.ancestors(request.params["name"])


@router.route("GET", "/categories/tree/depth")
def category_depth(request):
    return categories.breadcrumb_depth(request.body)


@router.route("GET", "/categories/tree/leaf")
def category_leaf(request):
    return categories.walk_down(request.body)


@router.route("POST", "/rules/{name}/reload")
def reload_rule(request):
    return rules.load_rule(request.params["name"])


@router.route("POST", "/inventory/{warehouse}/sync")
def sync_inventory(request):
    return inventory.run_sync(request.params["warehouse"], request.body["skus"])


@router.route("POST", "/inventory/sync")
def sync_all(request):
    inventory.run_sync_all(request.body)


@router.route("POST", "/inventory/sync-or-fail")
def sync_or_fail(request):
    try:
        inventory.run_sync_all(request.body)
    except* InventoryError as group:
        raise ServiceUnavailable(f"{len(group.exceptions)} warehouses out of sync")


@router.route("POST", "/imports/{name}")
def import_orders(request):
    return importer.import_file(request.params["name"], request.body)


@router.route("POST", "/imports/{name}/quantities")
def import_quantities(request):
    return importer.read_quantities(request.params["name"], request.body)


@router.route("POST", "/orders/validate")
def validate_order(request):
    importer.validate(request.body)


@router.route("POST", "/invoices")
def render_invoices(request):
    return worker.render_all(request.body)


@router.route("POST", "/plugins/{name}/enable")
def enable_plugin(request):
    return plugins.load(request.params["name"])


@router.route("POST", "/orders/{id}/pickup")
def schedule_pickup(request):
    return shipping.book_pickup(request.params["id"], request.body["slot"], request.body["carrier_status"])


@router.route("POST", "/orders/{id}/notify")
def notify_customer(request):
    order = orders.get_order(request.params["id"])
    return notifications.send_sms(request.body["phone"], f"order {order['id']} shipped", request.body["sms_status"])
