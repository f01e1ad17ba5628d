"""Runs the shop under realistic deploy variations and writes the Python invariance suite and corpus.

Usage: python3 generate.py INVARIANCE_DIR CORPUS_FILE

Every environment installs the app (gen/app, optionally edited) at an install root and the fake courier
library (gen/lib) in a real venv of a real interpreter, then replays one request per bug with fixed
parameters (k=0, for the invariance suite) and one with the environment's own parameters (for the corpus).
Bug labels come from how the app is written: one label per code defect, whatever the environment.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

GEN = os.path.dirname(os.path.abspath(__file__))
WORK = "/tmp/errorgrouping-invariance/python"

PYTHONS = {
    "3.11": os.environ.get("PYTHON311", "/root/.pyenv/versions/3.11.7/bin/python3"),
    "3.12": os.environ.get("PYTHON312", "/root/.pyenv/versions/3.12.1/bin/python3"),
    "3.13": os.environ.get("PYTHON313", "/root/.pyenv/versions/3.13.0/bin/python3"),
}


def deep_tree(depth):
    node = {"name": f"level-{depth}", "children": []}
    for level in range(depth - 1, -1, -1):
        node = {"name": f"level-{level}", "children": [node]}
    return node


def pick(values, k):
    return values[k % len(values)]


MISSING_ORDERS = [42, 1337, 9001, 17, 256, 73, 5150, 808, 64, 31337, 4242]
ORDERS = [7, 8, 9]
STATUSES = [502, 503, 504]


# Each bug: label -> (service, request builder for variation index k). The label is the defect a developer
# would fix; requests that reach the same defect with other parameters share it.
BUGS = {
    "order-missing-get": ("shop", lambda k: req("GET", "/orders/{id}", {"id": pick(MISSING_ORDERS, k)})),
    "order-missing-summary": ("shop", lambda k: req("GET", "/orders/{id}/summary", {"id": pick(MISSING_ORDERS, k + 3)})),
    "order-missing-receipt": ("shop", lambda k: req("POST", "/orders/{id}/receipt", {"id": pick(MISSING_ORDERS, k + 5)})),
    "customer-missing": ("shop", lambda k: req("GET", "/orders/{id}/owner", {"id": 5 + k})),
    "payment-gateway-unreachable": ("shop", lambda k: req(
        "POST", "/orders/{id}/checkout", {"id": pick(ORDERS, k)}, {"card": f"tok_offline_{k}"})),
    "billing-payment-gateway-unreachable": ("billing", lambda k: req(
        "POST", "/orders/{id}/checkout", {"id": pick(ORDERS, k + 1)}, {"card": f"tok_offline_{k}"})),
    "payment-gateway-5xx": ("shop", lambda k: req(
        "POST", "/orders/{id}/checkout", {"id": pick(ORDERS, k)}, {"card": pick(["tok_visa", "tok_amex", "tok_mc"], k)})),
    "quote-unpriced-item": ("shop", lambda k: req("POST", "/quote", {}, {
        "items": [{"sku": "SKU-1", "qty": 2}, {"sku": f"SKU-{20 + k}", "qty": 1 + k % 3, "rounding": "down"}],
        "catalog": {"SKU-1": {"price": 1250}, f"SKU-{20 + k}": {"price": None}},
    })),
    "quote-coupon-without-amount": ("shop", lambda k: req("POST", "/quote", {}, {
        "items": [{"sku": "SKU-1", "qty": 1 + k}],
        "catalog": {"SKU-1": {"price": 1250}},
        "coupon": {"code": pick(["SPRING", "WELCOME10", "VIP"], k), "amount": None},
    })),
    "category-cycle": ("shop", lambda k: req(
        "GET", "/categories/{name}/path", {"name": pick(["shoes", "apparel", "catalog"], k)},
        recursion_limit=pick([1000, 400, 1600, 700], k))),
    "category-ancestors-cycle": ("shop", lambda k: req(
        "GET", "/categories/{name}/ancestors", {"name": pick(["shoes", "apparel", "catalog"], k)},
        recursion_limit=pick([330, 250, 400], k))),
    "category-leaf-without-products": ("shop", lambda k: req(
        "GET", "/categories/tree/leaf", {}, deep_tree(pick([30, 12, 55, 21, 40], k)))),
    "category-tree-too-deep": ("shop", lambda k: req(
        "GET", "/categories/tree/depth", {}, deep_tree(pick([25, 32, 48, 60], k)))),
    "inventory-unknown-sku": ("shop", lambda k: req(
        "POST", "/inventory/{warehouse}/sync", {"warehouse": "eu-west"}, {"skus": ["SKU-1", f"SKU-{90 + k}"]})),
    "inventory-warehouse-unconfigured": ("shop", lambda k: req(
        "POST", "/inventory/{warehouse}/sync", {"warehouse": f"ap-south-{1 + k}"}, {"skus": ["SKU-1"]})),
    "quantity-not-numeric": ("shop", lambda k: req(
        "POST", "/imports/{name}/quantities", {"name": f"orders-2024-{1 + k % 12:02d}.csv"},
        [{"quantity": "3"}] * (1 + k % 4) + [{"quantity": pick(["twelve", "7x", "", "1,5"], k)}])),
    "quantity-missing": ("shop", lambda k: req(
        "POST", "/imports/{name}/quantities", {"name": f"orders-2024-{1 + k % 12:02d}.csv"},
        [{"quantity": "3"}] * (1 + k % 3) + [{"quantity": None}])),
    "invoice-no-lines": ("shop", lambda k: req("POST", "/invoices", {}, [2, 3 + 2 * k])),
    "plugin-missing-env": ("shop", lambda k: req("POST", "/plugins/{name}/enable", {"name": "loyalty"})),
    "plugin-missing-dependency": ("shop", lambda k: req("POST", "/plugins/{name}/enable", {"name": "coupons"})),
    "pickup-carrier-5xx": ("shop", lambda k: req(
        "POST", "/orders/{id}/pickup", {"id": pick(ORDERS, k)},
        {"slot": f"2024-03-{11 + k % 18}T09:00", "carrier_status": pick(STATUSES, k)})),
    "sms-gateway-5xx": ("shop", lambda k: req(
        "POST", "/orders/{id}/notify", {"id": pick(ORDERS, k)},
        {"phone": f"+4915{k:03d}55501", "sms_status": pick(STATUSES, k + 1)})),
}

# Runs for the "different" variants only: not part of the corpus's bug list.
NOT_IN_CORPUS = {"category-ancestors-cycle"}


def req(method, path, params, body=None, recursion_limit=None):
    return {"method": method, "path": path, "params": params, "body": body, "recursion_limit": recursion_limit}


# Source edits a later commit of the app would make.
def shift_lines(root):
    """An edit above every function: a license header added to each module."""
    header = "# Copyright (c) 2024 Shop GmbH.\n# SPDX-License-Identifier: Apache-2.0\n#\n# Order service.\n\n"
    for dirpath, _, files in os.walk(os.path.join(root, "shop")):
        for name in files:
            if name.endswith(".py"):
                path = os.path.join(dirpath, name)
                with open(path) as f:
                    text = f.read()
                with open(path, "w") as f:
                    f.write(header + text)


def replace(path, old, new):
    with open(path) as f:
        text = f.read()
    if old not in text:
        raise SystemExit(f"{path}: edit does not apply: {old!r}")
    with open(path, "w") as f:
        f.write(text.replace(old, new, 1))


def add_decorator(root):
    """A timing decorator defined in the app put around the service method."""
    path = os.path.join(root, "shop", "orders", "service.py")
    replace(path, "from shop import payments, pricing\n", "from shop import instrument, payments, pricing\n")
    replace(path, "    def get_order(self, order_id):\n", "    @instrument.timed\n    def get_order(self, order_id):\n")


def move_lambdas(root):
    """The rounding table reformatted: its lambdas move to other lines and columns."""
    replace(os.path.join(root, "shop", "pricing.py"),
            'ROUNDING = {\n    "none": lambda cents: cents,\n    "down": lambda cents: cents // 100 * 100,\n}\n',
            '# Rounding modes, applied to unit prices in cents.\n'
            'ROUNDING = {"down": lambda cents: cents // 100 * 100, "none": lambda cents: cents}\n')


EDITS = {"shift": shift_lines, "decorate": add_decorator, "lambdas": move_lambdas}

# name, python, install root, venv, courier version, tracing, edits, k (corpus parameters)
ENVS = [
    ("base", "3.11", "app", "venv", "1.2.0", False, [], 1),
    ("lines-shifted", "3.11", "app", "venv", "1.2.0", False, ["shift"], 2),
    ("install-root", "3.11", "srv/shop-api", "opt/venvs/shop-api", "1.2.0", False, [], 3),
    ("lib-bump", "3.11", "app", "venv", "1.3.0", False, [], 4),
    ("traced", "3.11", "app", "venv", "1.2.0", True, [], 5),
    ("py312", "3.12", "app", "venv", "1.2.0", False, [], 6),
    ("py313", "3.13", "app", "venv", "1.2.0", False, [], 7),
    ("decorated", "3.11", "app", "venv", "1.2.0", False, ["decorate"], 8),
    ("lambdas-moved", "3.11", "app", "venv", "1.2.0", False, ["lambdas"], 9),
    ("release", "3.12", "home/deploy/releases/20240311-1", "home/deploy/.venvs/shop", "1.3.0", True,
     ["shift", "decorate"], 10),
]


def build(env):
    name, python, root, venv, version, tracing, edits, _ = env
    shutil.rmtree(WORK, ignore_errors=True)
    root, venv = os.path.join(WORK, root), os.path.join(WORK, venv)
    subprocess.run([PYTHONS[python], "-m", "venv", "--without-pip", venv], check=True)
    site = subprocess.run([os.path.join(venv, "bin", "python"), "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    shutil.copytree(os.path.join(GEN, "lib", f"courier-{version}", "courier"), os.path.join(site, "courier"))
    dist = os.path.join(site, f"courier-{version}.dist-info")
    os.makedirs(dist)
    with open(os.path.join(dist, "METADATA"), "w") as f:
        f.write(f"Metadata-Version: 2.1\nName: courier\nVersion: {version}\n")
    if tracing:
        shutil.copytree(os.path.join(GEN, "lib", "otel", "opentelemetry"), os.path.join(site, "opentelemetry"))
    shutil.copytree(os.path.join(GEN, "app"), root)
    for edit in edits:
        EDITS[edit](root)
    return root, venv


def run(env):
    name, _, _, _, _, tracing, _, k = env
    root, venv = build(env)
    requests = []
    for bug, (_, make) in BUGS.items():
        for kk in sorted({0, k}):
            requests.append(dict(make(kk), id=f"{bug}@{kk}"))
    with tempfile.TemporaryDirectory() as tmp:
        spec, out = os.path.join(tmp, "requests.json"), os.path.join(tmp, "results.json")
        with open(spec, "w") as f:
            json.dump(requests, f)
        env_vars = {k: v for k, v in os.environ.items() if k != "LOYALTY_API_KEY"}
        env_vars.update(PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0", SHOP_TRACING="1" if tracing else "0")
        subprocess.run([os.path.join(venv, "bin", "python"), "replay.py", spec, out], cwd=root, env=env_vars,
                       check=True)
        with open(out) as f:
            results = json.load(f)
    print(f"{name}: {len(results)} failures recorded", file=sys.stderr)
    return results


# The invariance suite: for each case a base run and variants taken from the runs above.
# A variant is (why, env, bug, k) for a stack, or a dict of overrides for metadata-only variants.
CASES = [
    ("order-not-found", "order-missing-get", [
        ("lines shifted by an edit", "lines-shifted"),
        ("different install root and venv location", "install-root"),
        ("library version bumped: courier 1.2.0 to 1.3.0, lines moved and a frame added", "lib-bump"),
        ("tracing instrumentation wraps the router", "traced"),
        ("python 3.12 instead of 3.11", "py312"),
        ("python 3.13 instead of 3.11", "py313"),
        ("an app-defined decorator added around the service method", "decorated"),
        ("new release: other root and venv, python 3.12, courier 1.3.0, tracing, header added, decorator",
         "release"),
        ("message parameters changed", "base", 1),
    ], [
        ("another throwing function, same exception type", "order-missing-summary"),
        ("another exception type from another repository lookup", "customer-missing"),
        ("another service", {"service": "billing"}),
    ]),
    ("receipt-order-missing", "order-missing-receipt", [
        ("lines shifted by an edit", "lines-shifted"),
        ("library version bumped: retry wrapper rewritten", "lib-bump"),
        ("python 3.13 instead of 3.11", "py313"),
        ("message parameters changed", "base", 1),
    ], [
        ("another in-app call path to the same throw", "order-missing-summary"),
        ("another service", {"service": "billing"}),
    ]),
    ("quote-unpriced-item", "quote-unpriced-item", [
        ("lambdas moved to other lines", "lambdas-moved"),
        ("python 3.12 inlines the list comprehension", "py312"),
        ("python 3.13 instead of 3.11", "py313"),
        ("lines shifted by an edit", "lines-shifted"),
        ("different install root and venv location", "install-root"),
        ("message parameters changed", "base", 1),
    ], [
        ("another throwing function, same exception type", "quote-coupon-without-amount"),
    ]),
    ("category-cycle", "category-cycle", [
        ("recursion depth changed", "base", 1),
        ("different install root and venv location", "install-root"),
        ("python 3.12 instead of 3.11", "py312"),
    ], [
        ("another recursive function: mutual recursion", "category-ancestors-cycle"),
    ]),
    ("leaf-without-products", "category-leaf-without-products", [
        ("recursion depth changed", "base", 1),
        ("python 3.13 instead of 3.11", "py313"),
        ("tracing instrumentation wraps the router", "traced"),
    ], [
        ("another recursive function raising the same type", "category-tree-too-deep"),
    ]),
    ("payment-gateway-down", "payment-gateway-unreachable", [
        ("library version bumped: a client frame added", "lib-bump"),
        ("different install root and venv location", "install-root"),
        ("tracing instrumentation wraps the router", "traced"),
        ("message parameters changed", "base", 1),
    ], [
        ("another exception type on the same app path", "payment-gateway-5xx"),
        ("another service", {"service": "billing"}),
    ]),
    ("quantity-not-numeric", "quantity-not-numeric", [
        ("lines shifted by an edit", "lines-shifted"),
        ("python 3.12 instead of 3.11", "py312"),
        ("message parameters and notes changed", "base", 1),
    ], [
        ("another exception type from the same function", "quantity-missing"),
    ]),
    ("inventory-unknown-sku", "inventory-unknown-sku", [
        ("python 3.12 asyncio", "py312"),
        ("python 3.13 asyncio", "py313"),
        ("tracing instrumentation wraps the router", "traced"),
        ("message parameters changed", "base", 1),
    ], [
        ("same function and type, raised while handling a KeyError", "inventory-warehouse-unconfigured"),
    ]),
    ("carrier-http-error", "pickup-carrier-5xx", [
        ("library version bumped: a client frame added", "lib-bump"),
        ("different install root and venv location", "install-root"),
        ("message parameters changed", "base", 1),
    ], [
        ("the same library error reached from other app code", "sms-gateway-5xx"),
        ("another service", {"service": "billing"}),
    ]),
    ("plugin-import-time", "plugin-missing-env", [
        ("python 3.12: other frozen importlib frames", "py312"),
        ("python 3.13: other frozen importlib frames", "py313"),
        ("different install root and venv location", "install-root"),
    ], [
        ("another plugin failing at import with another exception type", "plugin-missing-dependency"),
    ]),
]


def slug(text):
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-").replace("--", "-")[:48]


def write_cases(outdir, runs):
    def result(env, bug, k=0):
        return runs[env][f"{bug}@{k}"]

    def stack_file(case, variant, res):
        rel = f"{case}/{variant}.txt"
        with open(os.path.join(outdir, rel), "w") as f:
            f.write(res["stack"])
        return rel

    cases = []
    for name, bug, same, different in CASES:
        os.makedirs(os.path.join(outdir, name), exist_ok=True)
        service = BUGS[bug][0]
        base = result("base", bug)
        entry = {"name": name, "base": {"service": service, "type": base["type"], "message": base["message"],
                                        "stack_file": stack_file(name, "base", base)}}
        entry["same"] = []
        for why, env, *k in same:
            res = result(env, bug, *k)
            variant = {"why": why, "stack_file": stack_file(name, env if not k else f"{env}-params", res)}
            if res["type"] != base["type"]:
                raise SystemExit(f"{name}/{env}: type changed: {res['type']}")
            if res["message"] != base["message"]:
                variant["message"] = res["message"]
            entry["same"].append(variant)
        entry["different"] = []
        for why, what in different:
            if isinstance(what, dict):
                entry["different"].append(dict(why=why, **what))
                continue
            res = result("base", what)
            variant = {"why": why, "stack_file": stack_file(name, slug(what), res)}
            if BUGS[what][0] != service:
                variant["service"] = BUGS[what][0]
            if res["type"] != base["type"]:
                variant["type"] = res["type"]
            if res["message"] != base["message"]:
                variant["message"] = res["message"]
            entry["different"].append(variant)
        cases.append(entry)
    with open(os.path.join(outdir, "cases.json"), "w") as f:
        json.dump({"language": "python", "cases": cases}, f, indent=1)
        f.write("\n")


def write_corpus(path, runs):
    envs = [env[0] for env in ENVS]
    k_of = {env[0]: env[7] for env in ENVS}
    others = envs[1:]
    with open(path, "w") as out:
        for i, (bug, (service, _)) in enumerate(b for b in BUGS.items() if b[0] not in NOT_IN_CORPUS):
            chosen = ["base"] + [others[(i + 2 * j) % len(others)] for j in range(4)]
            for env in chosen:
                res = runs[env][f"{bug}@{k_of[env]}"]
                record = {"bug": f"python/{bug}", "service": service, "language": "python",
                          "type": res["type"], "message": res["message"], "stack": res["stack"]}
                out.write(json.dumps(record) + "\n")


def main(outdir, corpus):
    runs = {env[0]: run(env) for env in ENVS}
    shutil.rmtree(WORK, ignore_errors=True)
    for entry in os.listdir(outdir):
        if entry not in ("gen", "generate.sh"):
            path = os.path.join(outdir, entry)
            shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
    write_cases(outdir, runs)
    write_corpus(corpus, runs)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
