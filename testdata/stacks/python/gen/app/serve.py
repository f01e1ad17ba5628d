"""Replays requests that fail against the shop and writes each traceback as a parser fixture.

Usage: python serve.py OUTDIR
"""
import os
import sys
import traceback

import courier
from shop import api


class RetryBudgetExhausted(Exception):
    pass


@api.router.route("POST", "/jobs/reconcile")
def reconcile(request):
    raise RetryBudgetExhausted


def deep_tree(depth):
    node = {"name": f"level-{depth}", "children": []}
    for level in range(depth - 1, -1, -1):
        node = {"name": f"level-{level}", "children": [node]}
    return node


REQUESTS = {
    "plain": ("GET", "/orders/{id}/summary", {"id": 42}, None),
    "chained_context": ("GET", "/orders/{id}", {"id": 42}, None),
    "from_none": ("GET", "/orders/{id}/owner", {"id": 5}, None),
    "chained_cause": ("POST", "/orders/{id}/checkout", {"id": 7}, {"card": "tok_visa"}),
    "decorator": ("POST", "/orders/{id}/receipt", {"id": 42}, None),
    "lambda_nested": ("POST", "/quote", {}, {
        "items": [{"sku": "SKU-1", "qty": 2}, {"sku": "SKU-2", "qty": 1}],
        "catalog": {"SKU-1": {"price": 1250}, "SKU-2": {"price": None}},
    }),
    "keyerror_tuple": ("GET", "/stock", {"warehouse": "eu-west", "sku": "SKU-1042\n"}, {("eu-west", "SKU-1042"): 3}),
    "recursion_error": ("GET", "/categories/{name}/path", {"name": "shoes"}, None),
    "recursion_bounded": ("GET", "/categories/tree/leaf", {}, deep_tree(30)),
    "syntax_error": ("POST", "/rules/{name}/reload", {"name": "spring-sale"}, None),
    "asyncio_error": ("POST", "/inventory/{warehouse}/sync", {"warehouse": "us-east"}, {"skus": ["SKU-9"]}),
    "task_group_nested": ("POST", "/inventory/sync", {}, {
        "eu-west": ["SKU-1", "SKU-7"], "us-east": ["SKU-2", "SKU-3"], "ap-south": ["SKU-1"],
    }),
    "group_except_star": ("POST", "/inventory/sync-or-fail", {}, {"eu-west": ["SKU-1", "SKU-7"], "us-east": ["SKU-2"]}),
    "group_wide_chained": ("POST", "/imports/{name}", {"name": "orders-2024-03.csv"},
                           [{"email": "", "quantity": str(-n)} for n in range(17)]),
    "notes": ("POST", "/imports/{name}/quantities", {"name": "orders-2024-03.csv"},
              [{"quantity": "3"}, {"quantity": "twelve"}]),
    "validation_multiline": ("POST", "/orders/validate", {}, {"email": "", "quantity": "0"}),
    "process_pool": ("POST", "/invoices", {}, [2, 3]),
    "import_time": ("POST", "/plugins/{name}/enable", {"name": "loyalty"}, None),
    "bare_type_main": ("POST", "/jobs/reconcile", {}, None),
}


def handle(method, path, params, body):
    return api.router.dispatch(courier.Request(method, path, params, body))


def write(outdir, name, text):
    with open(os.path.join(outdir, name + ".txt"), "w") as out:
        out.write(text)


def main(outdir):
    for name, (method, path, params, body) in REQUESTS.items():
        try:
            handle(method, path, params, body)
        except BaseException:
            write(outdir, name, traceback.format_exc())
        else:
            raise SystemExit(f"{name}: request did not fail")

    # Mutual recursion is not folded into "[Previous line repeated ...]", so the text outgrows the parser's
    # byte cap; a lower limit keeps the fixture small.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(330)
    try:
        handle("GET", "/categories/{name}/ancestors", {"name": "shoes"}, None)
    except RecursionError:
        write(outdir, "recursion_mutual", traceback.format_exc())
    finally:
        sys.setrecursionlimit(limit)

    # dd-trace-py formats with a negative limit: only the most recent frames of each traceback.
    try:
        handle("POST", "/orders/{id}/checkout", {"id": 7}, {"card": "tok_visa"})
    except Exception as exc:
        write(outdir, "limit_negative", "".join(traceback.format_exception(exc, limit=-3)))

    # record_exception on an exception that was never raised.
    write(outdir, "bare_final", "".join(traceback.format_exception(Exception("Critical fail!"))))


if __name__ == "__main__":
    main(sys.argv[1])
