"""Replays failing requests against the shop and records what a tracer would report for each.

Usage: python replay.py REQUESTS.json RESULTS.json
REQUESTS.json is a list of {"id", "method", "path", "params", "body", "recursion_limit"?}; RESULTS.json gets
{"id": {"type", "message", "stack"}} with the traceback as traceback.format_exc() writes it.
"""
import json
import os
import sys
import traceback

import courier
from shop import api

if os.environ.get("SHOP_TRACING") == "1":
    from opentelemetry.instrumentation.courier import CourierInstrumentor

    CourierInstrumentor().instrument(api.router)


def handle(method, path, params, body):
    return api.router.dispatch(courier.Request(method, path, params, body))


def type_name(exc):
    # The name the last traceback line prints: qualified except for builtins and __main__.
    cls = type(exc)
    if cls.__module__ in ("builtins", "__main__"):
        return cls.__qualname__
    return f"{cls.__module__}.{cls.__qualname__}"


def replay(request):
    limit = sys.getrecursionlimit()
    if request.get("recursion_limit"):
        sys.setrecursionlimit(request["recursion_limit"])
    try:
        handle(request["method"], request["path"], request["params"], request["body"])
    except BaseException as exc:
        return {"type": type_name(exc), "message": str(exc), "stack": traceback.format_exc()}
    finally:
        sys.setrecursionlimit(limit)
    raise SystemExit(f"{request['id']}: request did not fail")


def main(requests_path, results_path):
    with open(requests_path) as f:
        requests = json.load(f)
    results = {request["id"]: replay(request) for request in requests}
    with open(results_path, "w") as out:
        json.dump(results, out)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
