#!/usr/bin/env python3
"""Regenerates the .NET deploy-invariance suite (testdata/invariance/dotnet) and the labelled corpus
(testdata/corpus/dotnet.jsonl).

No .NET runtime can be installed on the build machine, so nothing here is real runtime output. The base
texts in bases/ are Exception.ToString() of .NET 8 on Linux in English with PDBs, shaped like the
hand-written fixtures of testdata/stacks/dotnet (themselves modelled on traces published in GitHub
issues). This script renders them again the way the same program prints on other deploys, applying only
documented differences of .NET output:

  - build root of the PDB paths (Docker /src, Azure DevOps C:\\agent\\_work\\N\\s, GitHub Actions runners);
  - PDBs not deployed: no " in <file>:line <n>" at all;
  - line numbers shifted by an edit;
  - compiler-generated ordinals moved by an edit (<GetAsync>d__3, <>c__DisplayClass3_0, <Get>b__0_1,
    <Main>g__Local|0_0) and the per-process expression-tree counter (lambda_method12);
  - .NET Framework output: iterators as "<M>d__N.MoveNext()" where .NET Core 3.0+ prints "M(args)+MoveNext()";
    async methods as their state machine "<M>d__N.MoveNext()" followed by
    "--- End of stack trace from previous location where exception was thrown ---",
    ExceptionDispatchInfo.Throw and TaskAwaiter frames; inner exception headers inline (" ---> ");
    "lambda_method(Closure , Object )" without a counter; messages without the dictionary key;
  - host culture: .NET Framework localises ToString() ("bei ... in ...:Zeile 31", "à ... dans ...:ligne 31")
    and the runtime's own messages;
  - NativeAOT: no locations, parameter names dropped, " + 0x1f0" offsets, state machines not resolved;
  - different framework frames around the same application frames, recursion depth, CRLF line ends,
    message parameters.

Base text syntax: "{{name}}" is a parameter ({{root}} is the build root), "#include <file>" inserts
bases/<file>.txt, "#repeat" ... "#end" is repeated for the recursion depth, and a frame annotated
" #async=N" (" #asyncT=N" when it returns Task<T>) is an async method, " #iter=N" an iterator, whose state
machine has ordinal N.
Application frames are the ones under {{root}}.
"""

import json
import os
import random
import re
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)  # testdata/invariance/dotnet
CORPUS = os.path.join(os.path.dirname(os.path.dirname(OUT)), "corpus", "dotnet.jsonl")

ROOTS = {
    "docker": "/src",
    "azdo": r"C:\agent\_work\1\s",
    "azdo7": r"C:\agent\_work\7\s",
    "azdo12": r"C:\agent\_work\12\s",
    "github": "/home/runner/work/shop/shop/src",
    "ghwin": r"D:\a\shop\shop\src",
    "devbox": "/home/dev/acme-tool",
    "ci-tool": "/home/runner/work/acme-tool/acme-tool",
    "vs": r"C:\Users\dev\source\repos\acme-tool",
}

WORDS = {  # frame word, location word, line word
    "en": ("at", "in", "line"),
    "de": ("bei", "in", "Zeile"),
    "fr": ("à", "dans", "ligne"),
}
INNER_END = {
    "en": "--- End of inner exception stack trace ---",
    "de": "--- Ende der internen Ausnahmestapelüberwachung ---",
    "fr": "--- Fin de la trace de la pile d'exception interne ---",
}
CORE_ASYNC = "--- End of stack trace from previous location ---"
NETFX_ASYNC = {
    "en": "--- End of stack trace from previous location where exception was thrown ---",
    "de": "--- Ende der Stapelüberwachung vom vorhergehenden Ort, an dem die Ausnahme ausgelöst wurde ---",
    "fr": "--- Fin de la trace de la pile à partir de l'emplacement précédent au niveau duquel l'exception a été levée ---",
}
# The runtime's own messages, as .NET Framework language packs print them.
RUNTIME_MESSAGES = {
    "de": [
        (r"Object reference not set to an instance of an object\.", "Der Objektverweis wurde nicht auf eine Objektinstanz festgelegt."),
        (r"The given key was not present in the dictionary\.", "Der angegebene Schlüssel war nicht im Wörterbuch angegeben."),
        (r"The type initializer for '([^']*)' threw an exception\.", r'Der Typeninitialisierer für "\1" hat eine Ausnahme verursacht.'),
        (r"Could not find file '([^']*)'\.", r'Die Datei "\1" konnte nicht gefunden werden.'),
        (r"File name: '([^']*)'", r'Dateiname: "\1"'),
    ],
    "fr": [
        (r"Object reference not set to an instance of an object\.", "La référence d'objet n'est pas définie à une instance d'un objet."),
        (r"The given key was not present in the dictionary\.", "La clé donnée était absente du dictionnaire."),
        (r"The type initializer for '([^']*)' threw an exception\.", r"Une exception a été levée par l'initialiseur de type pour '\1'."),
        (r"Could not find file '([^']*)'\.", r"Impossible de trouver le fichier '\1'."),
        (r"File name: '([^']*)'", r"Nom du fichier : '\1'"),
    ],
}

FRAME = re.compile(
    r"^(?P<ind>\s+)at (?P<meth>\S+?)\((?P<args>[^)]*)\)(?: in (?P<path>.+?):line (?P<line>\d+))?(?: #(?P<ann>\S+))?$"
)
ORDINAL = re.compile(r"(d__|DisplayClass|b__|\|)(\d+)")
PARAM = re.compile(r"\{\{(\w+)\}\}")


class Frame:
    def __init__(self, m):
        self.ind, self.meth, self.args = m["ind"], m["meth"], m["args"]
        self.path, self.line = m["path"], int(m["line"]) if m["line"] else 0
        self.ann = m["ann"] or ""
        self.offset = ""

    @property
    def app(self):
        return self.path is not None and self.path.startswith("{{root}}")

    @property
    def async_ordinal(self):
        return int(self.ann.split("=")[1]) if self.ann.startswith("async") else None

    def resolve_iterator(self):
        """.NET Framework and NativeAOT print an iterator as its state machine "<M>d__N.MoveNext()"."""
        if self.ann.startswith("iter="):
            self.meth, self.args, self.ann = state_machine(self.meth, int(self.ann[len("iter="):])), "", ""


def load(name):
    lines = []
    with open(os.path.join(HERE, "bases", name + ".txt"), encoding="utf-8") as f:
        for line in f.read().splitlines():
            if line.startswith("#include "):
                lines += load(line[len("#include "):].strip())
            else:
                lines.append(line)
    return lines


def repeat(lines, depth):
    out, block, inside = [], [], False
    for line in lines:
        if line == "#repeat":
            inside = True
        elif line == "#end":
            out += block * depth
            inside = False
        elif inside:
            block.append(line)
        else:
            out.append(line)
    return out


def edit(lines, v):
    for old, new in v.get("replace", []):
        lines = [l.replace(old, new) for l in lines]
    lines = [l for l in lines if not any(r in l for r in v.get("remove", []))]
    for anchor, added, where in v.get("insert", []):
        i = next(i for i, l in enumerate(lines) if anchor in l)
        i = i + 1 if where == "after" else i
        lines = lines[:i] + added + lines[i:]
    return lines


def split_method(meth):
    """Splits "Ns.Type.Method" at the last dot outside angle brackets."""
    depth = 0
    for i in range(len(meth) - 1, 0, -1):
        c = meth[i]
        if c == ">":
            depth += 1
        elif c == "<":
            depth -= 1
        elif c == "." and depth == 0:
            return meth[:i], meth[i + 1:]
    return "", meth


def state_machine(meth, ordinal):
    """GetAsync -> <GetAsync>d__N.MoveNext; a lambda or local function -> <<M>b__0_1>d.MoveNext."""
    typ, fn = split_method(meth)
    # Roslyn numbers the state machines of methods, not those of lambdas and local functions.
    machine = "<%s>d" % fn if re.search(r">[bg]__", fn) else "<%s>d__%d" % (fn, ordinal)
    return "%s.%s.MoveNext" % (typ, machine)


def frame_line(ind, meth, args=""):
    return Frame(FRAME.match("%sat %s(%s)" % (ind, meth, args)).groupdict())


def to_netfx(items):
    """Rewrites .NET Core output as .NET Framework prints the same program."""
    out = []
    for i, it in enumerate(items):
        if isinstance(it, Frame):
            it.resolve_iterator()
            if it.meth.startswith("lambda_method"):
                it.meth = "lambda_method"
                it.args = " , ".join(a.split(" ")[0] for a in it.args.split(", ")) + " "
            it.meth = it.meth.replace("Microsoft.AspNetCore.Mvc.Infrastructure.", "Microsoft.AspNetCore.Mvc.Internal.")
            n = it.async_ordinal
            out.append(it)
            if n is None:
                continue
            it.meth, it.args = state_machine(it.meth, n), ""
            nxt = items[i + 1] if i + 1 < len(items) else None
            if isinstance(nxt, Frame) or nxt == CORE_ASYNC:
                out += [NETFX_ASYNC["en"],
                        frame_line(it.ind, "System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw"),
                        frame_line(it.ind, "System.Runtime.CompilerServices.TaskAwaiter.HandleNonSuccessAndDebuggerNotification", "Task task")]
                if it.ann.startswith("asyncT"):
                    out.append(frame_line(it.ind, "System.Runtime.CompilerServices.TaskAwaiter`1.GetResult"))
        elif it == CORE_ASYNC:
            prev = out[-1] if out else None
            if not (isinstance(prev, Frame) and prev.meth.endswith("MoveNext") and prev.async_ordinal is not None) and \
                    not (isinstance(prev, Frame) and "TaskAwaiter" in prev.meth):
                out += [NETFX_ASYNC["en"], frame_line("   ", "System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw")]
        else:
            # .NET Core added the key to the message.
            it = re.sub(r"The given key '.*?' was not present in the dictionary\.", "The given key was not present in the dictionary.", it)
            if it.startswith(" ---> ") and not it.startswith(" ---> (") and out and isinstance(out[-1], str):
                out[-1] += it  # .NET Framework prints inner headers on the outer header's line
            else:
                out.append(it)
    return out


def to_aot(items, salt):
    """Rewrites .NET Core output as a NativeAOT build prints it."""
    for it in items:
        if not isinstance(it, Frame):
            continue
        it.resolve_iterator()
        if it.async_ordinal is not None:
            it.meth = state_machine(it.meth, it.async_ordinal)
            it.args = ""
        it.args = ", ".join(a.split(" ")[0] for a in it.args.split(", ")) if it.args else ""
        it.path = None
        it.offset = " + 0x%x" % (0x10 + zlib.crc32((salt + it.meth).encode()) % 0x7f0)
    return items


def render(base, v):
    """Renders bases/<base>.txt with the variation v. Returns the stack text."""
    params = dict(v.get("params", {}))
    lines = edit(repeat(load(base), v.get("depth", 4)), v)
    lines = [PARAM.sub(lambda m: params.get(m[1], m[0]), l) for l in lines]
    items = []
    for l in lines:
        m = FRAME.match(l)
        items.append(Frame(m.groupdict()) if m else l)
    shift = v.get("shift", 0)
    for it in items:
        if not isinstance(it, Frame):
            continue
        if it.meth.startswith("lambda_method") and "lambda" in v:
            it.meth = "lambda_method%d" % v["lambda"]
        if not it.app:
            continue
        k = v.get("renumber", 0)
        if k:
            it.meth = ORDINAL.sub(lambda m: m[1] + str(int(m[2]) + k), it.meth)
            if "=" in it.ann:
                name, n = it.ann.split("=")
                it.ann = "%s=%d" % (name, int(n) + k)
        if isinstance(shift, dict):
            it.line += sum(d for f, d in shift.items() if f in it.path)
        else:
            it.line += shift
    runtime, culture = v.get("runtime", "net8"), v.get("culture", "en")
    if runtime == "netfx":
        items = to_netfx(items)
    elif runtime == "aot":
        items = to_aot(items, v.get("salt", base))
    root = ROOTS[v.get("root", "docker")]
    windows = "\\" in root
    word, in_word, line_word = WORDS[culture]
    out = []
    for it in items:
        if isinstance(it, Frame):
            s = "%s%s %s(%s)" % (it.ind, word, it.meth, it.args)
            if it.ann.startswith("iter="):
                s += "+MoveNext()"  # .NET Core 3.0+ resolves an iterator to its method and appends this
            if it.path and v.get("pdb", True):
                path = it.path.replace("{{root}}", root)
                if windows:
                    path = path.replace("/", "\\")
                s += " %s %s:%s %d" % (in_word, path, line_word, it.line)
            out.append(s + it.offset)
            continue
        s = it
        if culture != "en":
            s = s.replace(INNER_END["en"], INNER_END[culture]).replace(NETFX_ASYNC["en"], NETFX_ASYNC[culture])
            for en, loc in RUNTIME_MESSAGES[culture]:
                s = re.sub(en, loc, s)
        out.append(s)
    return ("\r\n" if v.get("crlf") else "\n").join(out) + ("\r\n" if v.get("crlf") else "\n")


def localise_message(msg, culture):
    for en, loc in RUNTIME_MESSAGES.get(culture, []):
        msg = re.sub(en, loc, msg)
    return msg


# Framework variations shared by cases and corpus.
EXTRA_MIDDLEWARE = {"insert": [("Microsoft.AspNetCore.Routing.EndpointMiddleware.", [
    "   at Serilog.AspNetCore.RequestLoggingMiddleware.Invoke(HttpContext httpContext)",
    "   at Microsoft.AspNetCore.ResponseCompression.ResponseCompressionMiddleware.InvokeCore(HttpContext context)",
], "after")]}
PRODUCTION_PIPELINE = {
    "remove": ["Swashbuckle."],
    "replace": [("at Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddlewareImpl.Invoke(HttpContext context)",
                 "at Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddlewareImpl.<Invoke>g__Awaited|10_0(ExceptionHandlerMiddlewareImpl middleware, HttpContext context, Task task)")],
}
NET9_PIPELINE = {"replace": [
    ("System.Linq.Enumerable.Sum[TSource](", "System.Linq.Enumerable.Sum[TSource,TResult,TAccumulator]("),
    ("<InvokeNextResourceFilter>g__Awaited|25_0", "<InvokeNextResourceFilter>g__Awaited|26_0"),
    ("<InvokeAsync>g__Logged|17_1", "<InvokeAsync>g__Logged|18_1"),
    ("<InvokeFilterPipelineAsync>g__Awaited|20_0", "<InvokeFilterPipelineAsync>g__Awaited|21_0"),
]}
RESILIENCE_HANDLER = {"insert": [("System.Net.Http.HttpClient.<SendAsync>g__Core|", [
    "   at Microsoft.Extensions.Http.Resilience.ResilienceHandler.<>c.<<SendAsync>b__3_0>d.MoveNext()",
    CORE_ASYNC,
    "   at Polly.Outcome`1.GetResultOrRethrow()",
    "   at Polly.ResiliencePipeline.ExecuteAsync[TResult,TState](Func`3 callback, ResilienceContext context, TState state)",
    "   at Microsoft.Extensions.Http.Resilience.ResilienceHandler.SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)",
], "before")]}
HTTP_RUNTIME_PATCH = {
    "replace": [("<SendAsync>g__Core|83_0", "<SendAsync>g__Core|86_0")],
    "insert": [("System.Net.Http.DiagnosticsHandler.SendAsyncCore", [
        "   at System.Net.Http.Metrics.MetricsHandler.SendAsyncWithMetrics(HttpRequestMessage request, Boolean async, CancellationToken cancellationToken)",
    ], "after")],
}
EFCORE9 = {
    "remove": ["at Microsoft.EntityFrameworkCore.Update.Internal.BatchExecutor.ExecuteAsync"],
    "insert": [("at Microsoft.EntityFrameworkCore.ChangeTracking.Internal.StateManager.SaveChangesAsync(IList", [
        "   at Microsoft.EntityFrameworkCore.Update.Internal.BatchExecutor.ExecuteAsync(IEnumerable`1 commandBatches, IRelationalConnection connection, CancellationToken cancellationToken)",
    ], "before")],
}


def merge(*vs):
    out = {}
    for v in vs:
        for k, val in v.items():
            out[k] = out.get(k, []) + val if isinstance(val, list) else val
    return out


# Invariance cases: base variation, then (file, why, variation overrides, manifest overrides).
SHOP = "shop-api"
CASES = [
    dict(name="order-not-found", base="order_not_found", service=SHOP, type="System.InvalidOperationException",
         message="Order {id} not found", v=dict(params=dict(id="42")),
         same=[
             ("lines_shifted", "an edit above the throwing code shifted the line numbers", dict(shift={"OrderService.cs": 7, "OrdersController.cs": 3}), {}),
             ("no_pdb", "PDBs not deployed: no ' in <file>:line <n>' at all", dict(pdb=False), {}),
             ("azdo_root", r"built on an Azure DevOps Windows agent: paths under C:\agent\_work\1\s", dict(root="azdo"), {}),
             ("github_root", "built on GitHub Actions: paths under /home/runner/work/shop/shop/src", dict(root="github"), {}),
             ("restart", "another process: the expression-tree counter lambda_method12 is lambda_method57", dict(lambda_=57), {}),
             ("netfx_async", ".NET Framework 4.8 host (ASP.NET Core 2.1, built on a Windows runner): <GetAsync>d__3.MoveNext() with ExceptionDispatchInfo/TaskAwaiter frames and 'where exception was thrown' markers, inline inner header, lambda_method without counter",
              dict(runtime="netfx", root="ghwin"), {}),
             ("netfx_async_renumbered", ".NET Framework 4.8 host after an edit added methods above: <GetAsync>d__7, <Get>d__9", dict(runtime="netfx", root="azdo", renumber=4), {}),
             ("de_host", "German Windows host on .NET Framework: 'bei ... in ...:Zeile N' frames, German markers and runtime messages", dict(runtime="netfx", culture="de", root="azdo"), {}),
             ("fr_host", "French Windows host on .NET Framework: 'à ... dans ...:ligne N' frames, French markers and runtime messages", dict(runtime="netfx", culture="fr", root="azdo"), {}),
             ("extra_middleware", "Serilog request logging and response compression middleware added around the same controller", EXTRA_MIDDLEWARE, {}),
             ("other_order", "message parameters changed: another order id", dict(params=dict(id="977")), dict(message="Order 977 not found")),
         ],
         different=[
             ("other_function", "another throwing function on the same path (OrderService.EnsureVisible)", dict(base="order_not_visible", params=dict(id="42", customer="7")),
              dict(message="Order 42 is not visible to customer 7")),
             ("other_type", "another exception type (ArgumentOutOfRangeException from OrderRepository.Get)", dict(base="order_id_out_of_range", params=dict(neg="0")),
              dict(type="System.ArgumentOutOfRangeException", message="id ('0') must be a non-negative and non-zero value. (Parameter 'id')\nActual value was 0.")),
             ("other_path", "another in-app call path to the same throw (OrdersController.Cancel -> OrderService.CancelAsync)", dict(base="order_not_found_on_cancel"), {}),
             (None, "another service", {}, dict(service="billing")),
         ]),
    dict(name="basket-totals-nullref", base="basket_totals_nullref", service=SHOP, type="System.NullReferenceException",
         message="Object reference not set to an instance of an object.", v={},
         same=[
             ("lambda_ids_moved", "a method and a lambda added above: <>c__DisplayClass7_0.<CalculateTotals>b__3, lambda_method41", dict(renumber=2, lambda_=41), {}),
             ("lines_shifted", "an edit shifted every line number", dict(shift=12), {}),
             ("no_pdb", "PDBs not deployed", dict(pdb=False), {}),
             ("production_pipeline", "production pipeline: no Swagger middleware, ExceptionHandler instead of the developer exception page", PRODUCTION_PIPELINE, {}),
             ("net9", ".NET 9 and ASP.NET Core 9: Linq Sum and invoker local functions renamed and renumbered", NET9_PIPELINE, {}),
             ("github_root", "built on GitHub Actions", dict(root="github"), {}),
         ],
         different=[
             ("other_function", "same exception type from another function (BasketService.ApplyDiscounts)", dict(base="basket_discount_nullref"), {}),
             ("other_path", "another in-app call path to the same lambda (CheckoutController.Preview -> CheckoutPreviewBuilder.Build)", dict(base="basket_totals_nullref_on_preview"), {}),
             ("other_type", "another exception type in the same lambda (Nullable`1.get_Value)", dict(base="basket_nullable_no_value"),
              dict(type="System.InvalidOperationException", message="Nullable object must have a value.")),
         ]),
    dict(name="menu-cycle", base="menu_cycle", service="cms", type="Acme.Cms.Rendering.RenderException",
         message="Rendering component 'main-menu' failed for page '{page}'.",
         v=dict(params=dict(page="/en/about-us", node="about-us", max="256")),
         same=[
             ("depth_1", "recursion depth changed: the cycle is found after 1 level", dict(depth=1), {}),
             ("depth_12", "recursion depth changed: 12 levels", dict(depth=12), {}),
             ("depth_40", "recursion depth changed: 40 levels", dict(depth=40), {}),
             ("lambda_ids_moved", "a method added above: <>c__DisplayClass8_0.<AddChildren>b__2", dict(renumber=2), {}),
             ("lines_shifted", "an edit shifted the line numbers of MenuBuilder.cs", dict(shift={"MenuBuilder.cs": 9}), {}),
             ("other_page", "message parameters changed: another page and node",
              dict(params=dict(page="/de/ueber-uns", node="ueber-uns", max="128")), dict(message="Rendering component 'main-menu' failed for page '/de/ueber-uns'.")),
             ("no_pdb", "PDBs not deployed", dict(pdb=False), {}),
         ],
         different=[
             ("other_function", "another throwing function under the same recursion (MenuBuilder.AddLink)", dict(base="menu_duplicate_link"), {}),
             ("other_type", "another inner exception type from the same function (ArgumentNullException in AddChildren)", dict(base="menu_null_child"), {}),
             (None, "another service", {}, dict(service="cms-preview")),
         ]),
    dict(name="billing-settings-missing", base="billing_settings_missing", service="billing", type="System.TypeInitializationException",
         message="The type initializer for 'Acme.Billing.Config.BillingSettings' threw an exception.",
         v=dict(runtime="netfx", root="azdo7", params=dict(approot=r"C:\inetpub\billing")),
         same=[
             ("de_host", "German Windows host: localised frames, markers and messages (error.message too)", dict(culture="de"),
              dict(message='Der Typeninitialisierer für "Acme.Billing.Config.BillingSettings" hat eine Ausnahme verursacht.')),
             ("other_agent", r"built by another Azure DevOps agent: C:\agent\_work\12\s", dict(root="azdo12"), {}),
             ("other_install_root", r"installed in another IIS site folder (D:\sites\billing-blue)", dict(params=dict(approot=r"D:\sites\billing-blue")), {}),
             ("crlf", "read from the Windows event log with CRLF line ends", dict(crlf=True), {}),
             ("no_pdb", "PDBs not deployed", dict(pdb=False), {}),
             ("lines_shifted", "an edit shifted the line numbers", dict(shift=5), {}),
         ],
         different=[
             ("other_function", "another type initializer fails (TaxSettings..cctor via TaxCalculator)", dict(base="tax_settings_missing"),
              dict(message="The type initializer for 'Acme.Billing.Config.TaxSettings' threw an exception.")),
             ("other_type", "same initializer, another inner exception type (JsonReaderException: corrupt file)",
              dict(base="billing_settings_corrupt", params=dict(char="<", jpath="", jline="0", jpos="0")), {}),
             (None, "another service", {}, dict(service="billing-worker")),
         ]),
    dict(name="payment-capture-reset", base="payment_capture_reset", service="payments", type="System.Net.Http.HttpRequestException",
         message="An error occurred while sending the request.", v=dict(root="docker"),
         same=[
             ("resilience_handler", "Microsoft.Extensions.Http.Resilience (Polly) handler added to the same HttpClient", RESILIENCE_HANDLER, {}),
             ("runtime_patch", ".NET runtime update: HttpClient local function renumbered, MetricsHandler frame added", HTTP_RUNTIME_PATCH, {}),
             ("lambda_ids_moved", "endpoint lambdas added above: <<MapCheckout>b__2_0>d", dict(renumber=2), {}),
             ("lines_shifted", "an edit shifted the line numbers", dict(shift={"CardProcessorClient.cs": 14}), {}),
             ("no_pdb", "PDBs not deployed", dict(pdb=False), {}),
             ("ghwin_root", r"built on a GitHub Actions Windows runner: D:\a\shop\shop\src", dict(root="ghwin"), {}),
         ],
         different=[
             ("other_function", "the same library error reached from other application code (RefundAsync)", dict(base="payment_refund_reset"), {}),
             ("other_type", "another exception type from the same function (HttpClient timeout)", dict(base="payment_capture_timeout", params=dict(timeout="30")),
              dict(type="System.Threading.Tasks.TaskCanceledException", message="The request was canceled due to the configured HttpClient.Timeout of 30 seconds elapsing.")),
             (None, "another service", {}, dict(service="payouts")),
         ]),
    dict(name="tool-settings-nullref", base="tool_settings_nullref", service="acme-tool", type="System.ApplicationException",
         message="Could not load tenant settings for '{tenant}'", v=dict(root="devbox", params=dict(tenant="contoso")),
         same=[
             ("local_function_renumbered", "a local function and a lambda declared above: <<Main>$>g__LoadSettingsAsync|2_0", dict(renumber=2), {}),
             ("native_aot", "published with NativeAOT: no locations, no parameter names, '+ 0x..' offsets, state machines <<<Main>$>g__LoadSettingsAsync|0_0>d.MoveNext()", dict(runtime="aot"), {}),
             ("ci_root", "built on GitHub Actions", dict(root="ci-tool"), {}),
             ("windows_root", r"built in Visual Studio on Windows: C:\Users\dev\source\repos\acme-tool", dict(root="vs"), {}),
             ("lines_shifted", "an edit shifted Program.cs", dict(shift={"Program.cs": 4}), {}),
             ("other_tenant", "message parameters changed: another tenant", dict(params=dict(tenant="fabrikam")), dict(message="Could not load tenant settings for 'fabrikam'")),
         ],
         different=[
             ("other_function", "another throwing function (TenantSettings.Validate)", dict(base="tool_settings_validate_nullref"), {}),
             ("other_type", "another inner exception type from the same function (KeyNotFoundException in Merge)", dict(base="tool_settings_keynotfound", params=dict(tenant="contoso", key="region")), {}),
         ]),
    dict(name="cart-validation", base="cart_validation", service=SHOP, type="FluentValidation.ValidationException",
         message="Validation failed: \n -- Email: '{email}' is not a valid email address. Severity: Error\n -- Quantity: 'Quantity' must be greater than '0'. Severity: Error",
         v=dict(params=dict(email="bob@example")),
         same=[
             ("other_email", "message parameters changed: another invalid email", dict(params=dict(email="alice(at)example.org")),
              dict(message="Validation failed: \n -- Email: 'alice(at)example.org' is not a valid email address. Severity: Error\n -- Quantity: 'Quantity' must be greater than '0'. Severity: Error")),
             ("lambda_ids_moved", "endpoints added above: <<MapCart>b__1_2>d", dict(renumber=1), {}),
             ("lines_shifted", "an edit shifted the line numbers", dict(shift=6), {}),
             ("no_pdb", "PDBs not deployed", dict(pdb=False), {}),
         ],
         different=[
             ("other_path", "another endpoint into the shared validation behaviour (OrderEndpoints)", dict(base="order_validation", params=dict(postcode="ZZ9")),
              dict(message="Validation failed: \n -- ShippingAddress.PostCode: 'ZZ9' is not a valid post code. Severity: Error")),
         ]),
    dict(name="order-fk-violation", base="order_fk_violation", service=SHOP, type="Microsoft.EntityFrameworkCore.DbUpdateException",
         message="An error occurred while saving the entity changes. See the inner exception for details.",
         v=dict(params=dict(fk="FK_OrderLines_Products_ProductId", table="dbo.Products", connid="5b0e3f7a-9c1d-4e2b-8a6f-2d4c7e9b1a03")),
         same=[
             ("other_connection", "another pooled connection: ClientConnectionId changed", dict(params=dict(fk="FK_OrderLines_Products_ProductId", table="dbo.Products", connid="e41c0b7d-2a55-4f0e-9d13-7c6b8a2f9e11")), {}),
             ("efcore9", "EF Core 9: batch executor frames changed", EFCORE9, {}),
             ("lines_shifted", "an edit shifted the line numbers", dict(shift=21), {}),
             ("azdo_root", "built on an Azure DevOps Windows agent", dict(root="azdo"), {}),
         ],
         different=[
             ("other_path", "the same library error from other application code (CartService.CheckoutAsync)", dict(base="checkout_fk_violation"), {}),
         ]),
    dict(name="sku-parse-import", base="sku_parse_import", service="catalog", type="System.FormatException",
         message="SKU '{sku}' is not in the format AAA-0000-AA.", v=dict(params=dict(sku="AB-12")),
         same=[
             ("other_sku", "message parameters changed", dict(params=dict(sku="ABC-12X")), dict(message="SKU 'ABC-12X' is not in the format AAA-0000-AA.")),
             ("lambda_ids_moved", "a method added above: <>c__DisplayClass6_0.<ImportAsync>b__3", dict(renumber=2), {}),
             ("lines_shifted", "an edit shifted the line numbers", dict(shift={"CsvImporter.cs": 11}), {}),
             ("no_pdb", "PDBs not deployed", dict(pdb=False), {}),
             ("netfx", ".NET Framework 4.8 host: iterator <ParseRows>d__7.MoveNext() instead of ParseRows(IEnumerable`1 lines)+MoveNext(), async state machines",
              dict(runtime="netfx", root="azdo"), {}),
         ],
         different=[
             ("other_path", "another in-app call path into the same throwing helper (ProductsController.Search)", dict(base="sku_parse_search"), {}),
         ]),
]


def variation(*vs):
    out = merge(*vs)
    if "lambda_" in out:
        out["lambda"] = out.pop("lambda_")
    return out


def gen_cases():
    manifest = {"language": "dotnet", "cases": []}
    for c in CASES:
        os.makedirs(os.path.join(OUT, c["name"]), exist_ok=True)
        basev = c["v"]
        params = basev.get("params", {})

        def write(fname, base, v):
            rel = "%s/hand_%s.txt" % (c["name"], fname)
            with open(os.path.join(OUT, rel), "w", encoding="utf-8", newline="") as f:
                f.write(render(base, v))
            return rel

        entry = {"name": c["name"], "base": {
            "service": c["service"], "type": c["type"], "message": c["message"].format(**params),
            "stack_file": write("base", c["base"], variation(basev))}, "same": [], "different": []}
        for kind in ("same", "different"):
            for fname, why, over, fields in c[kind]:
                v = {"why": why}
                if fname:
                    over = dict(over)
                    base = over.pop("base", c["base"])
                    v["stack_file"] = write(fname, base, variation(basev, over))
                v.update(fields)
                entry[kind].append(v)
        manifest["cases"].append(entry)
    with open(os.path.join(OUT, "cases.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")


# Corpus: the true bug of each base (decided by how the program was written), rendered with a mix of
# deploy and request variations. Each entry: base, service, type, message template, parameter choices,
# and the variations that service's deploys show.
NET8_ROOTS = ["docker", "docker", "github", "azdo", "ghwin"]
SHOP_EDITS = [{}, {}, EXTRA_MIDDLEWARE]
BUGS = [
    ("order-not-found", [("order_not_found", 5), ("order_not_found", 2, dict(runtime="netfx"))], SHOP, "System.InvalidOperationException",
     "Order {id} not found", dict(id=["42", "977", "1203", "88", "51234"]), SHOP_EDITS),
    ("order-not-found-on-cancel", [("order_not_found_on_cancel", 4)], SHOP, "System.InvalidOperationException",
     "Order {id} not found", dict(id=["19", "4410", "73"]), SHOP_EDITS),
    ("order-id-out-of-range", [("order_id_out_of_range", 4)], SHOP, "System.ArgumentOutOfRangeException",
     "id ('{neg}') must be a non-negative and non-zero value. (Parameter 'id')\nActual value was {neg}.", dict(neg=["0", "-1", "-42"]), SHOP_EDITS),
    ("basket-totals-nullref", [("basket_totals_nullref", 5)], SHOP, "System.NullReferenceException",
     "Object reference not set to an instance of an object.", {}, [{}, PRODUCTION_PIPELINE, NET9_PIPELINE]),
    # The same fault reached through another in-app caller is another issue by the grouping contract.
    ("basket-totals-nullref-on-preview", [("basket_totals_nullref_on_preview", 2)], SHOP, "System.NullReferenceException",
     "Object reference not set to an instance of an object.", {}, [{}, PRODUCTION_PIPELINE, NET9_PIPELINE]),
    ("basket-discount-nullref", [("basket_discount_nullref", 4)], SHOP, "System.NullReferenceException",
     "Object reference not set to an instance of an object.", {}, [{}, PRODUCTION_PIPELINE]),
    ("basket-nullable-no-value", [("basket_nullable_no_value", 4)], SHOP, "System.InvalidOperationException",
     "Nullable object must have a value.", {}, [{}, PRODUCTION_PIPELINE]),
    ("menu-cycle", [("menu_cycle", 6)], "cms", "Acme.Cms.Rendering.RenderException",
     "Rendering component 'main-menu' failed for page '{page}'.",
     dict(page=["/en/about-us", "/de/ueber-uns", "/en/careers"], node=["about-us", "ueber-uns", "careers"], max=["256", "128"]), [{}]),
    ("menu-duplicate-link", [("menu_duplicate_link", 4)], "cms", "Acme.Cms.Rendering.RenderException",
     "Rendering component 'main-menu' failed for page '{page}'.",
     dict(page=["/en/about-us", "/en/contact"], node=["team", "contact"]), [{}]),
    ("billing-settings-missing", [("billing_settings_missing", 5)], "billing",
     "System.TypeInitializationException", "The type initializer for 'Acme.Billing.Config.BillingSettings' threw an exception.",
     dict(approot=[r"C:\inetpub\billing", r"D:\sites\billing-blue", r"D:\sites\billing-green"]), [{}]),
    ("billing-settings-missing-on-credit-note", [("billing_settings_missing_on_credit_note", 2)], "billing",
     "System.TypeInitializationException", "The type initializer for 'Acme.Billing.Config.BillingSettings' threw an exception.",
     dict(approot=[r"C:\inetpub\billing", r"D:\sites\billing-blue", r"D:\sites\billing-green"]), [{}]),
    ("billing-settings-corrupt", [("billing_settings_corrupt", 4)], "billing", "System.TypeInitializationException",
     "The type initializer for 'Acme.Billing.Config.BillingSettings' threw an exception.",
     dict(char=["<", "\\u00EF"], jpath=["", "numbering"], jline=["0", "3"], jpos=["0", "14"]), [{}]),
    ("payment-capture-reset", [("payment_capture_reset", 5)], "payments", "System.Net.Http.HttpRequestException",
     "An error occurred while sending the request.", {}, [{}, RESILIENCE_HANDLER, HTTP_RUNTIME_PATCH]),
    ("payment-refund-reset", [("payment_refund_reset", 4)], "payments", "System.Net.Http.HttpRequestException",
     "An error occurred while sending the request.", {}, [{}, RESILIENCE_HANDLER]),
    ("payment-capture-timeout", [("payment_capture_timeout", 4)], "payments", "System.Threading.Tasks.TaskCanceledException",
     "The request was canceled due to the configured HttpClient.Timeout of {timeout} seconds elapsing.", dict(timeout=["30", "100"]),
     [{}, RESILIENCE_HANDLER]),
    ("tool-settings-nullref", [("tool_settings_nullref", 4), ("tool_settings_nullref", 2, dict(runtime="aot"))], "acme-tool",
     "System.ApplicationException", "Could not load tenant settings for '{tenant}'", dict(tenant=["contoso", "fabrikam", "northwind"]), [{}]),
    ("tool-settings-missing-key", [("tool_settings_keynotfound", 4)], "acme-tool", "System.ApplicationException",
     "Could not load tenant settings for '{tenant}'", dict(tenant=["contoso", "fabrikam"], key=["region", "currency"]), [{}]),
    ("cart-validation", [("cart_validation", 4)], SHOP, "FluentValidation.ValidationException",
     "Validation failed: \n -- Email: '{email}' is not a valid email address. Severity: Error\n -- Quantity: 'Quantity' must be greater than '0'. Severity: Error",
     dict(email=["bob@example", "alice(at)example.org", "x@"]), [{}]),
    ("order-fk-violation", [("order_fk_violation", 4)], SHOP, "Microsoft.EntityFrameworkCore.DbUpdateException",
     "An error occurred while saving the entity changes. See the inner exception for details.",
     dict(fk=["FK_OrderLines_Products_ProductId"], table=["dbo.Products"]), [{}, EFCORE9]),
    ("checkout-fk-violation", [("checkout_fk_violation", 4)], SHOP, "Microsoft.EntityFrameworkCore.DbUpdateException",
     "An error occurred while saving the entity changes. See the inner exception for details.",
     dict(fk=["FK_Carts_Customers_CustomerId"], table=["dbo.Customers"]), [{}, EFCORE9]),
    ("sku-parse-import", [("sku_parse_import", 3), ("sku_parse_import", 2, dict(runtime="netfx"))], "catalog", "System.FormatException",
     "SKU '{sku}' is not in the format AAA-0000-AA.", dict(sku=["AB-12", "ABC-12X", "abc-0001-zz"]), [{}]),
    ("sku-parse-search", [("sku_parse_search", 4)], "catalog", "System.FormatException",
     "SKU '{sku}' is not in the format AAA-0000-AA.", dict(sku=["12", "ABC 0001", "?"]), [{}]),
]
NETFX_SERVICES = {"billing"}
TOOL_ROOTS = ["devbox", "ci-tool", "vs"]


def gen_corpus():
    records = []
    for label, runs, service, typ, message, choices, edits in BUGS:
        rnd = random.Random(label)
        first = True
        for run in runs:
            base, count, fixed = run[0], run[1], (run[2] if len(run) > 2 else {})
            for _ in range(count):
                params = {k: rnd.choice(vals) for k, vals in choices.items()}
                params["connid"] = "%08x-%04x-4%03x-8%03x-%012x" % tuple(rnd.getrandbits(b) for b in (32, 16, 12, 12, 48))
                v = {} if first else dict(
                    shift=rnd.choice([0, 0, 3, 8, 15]), pdb=rnd.random() > 0.2,
                    renumber=rnd.choice([0, 0, 1, 3]), lambda_=rnd.randint(3, 400), depth=rnd.randint(1, 30),
                    root=rnd.choice(TOOL_ROOTS if service == "acme-tool" else NET8_ROOTS))
                v = variation(v, rnd.choice(edits) if not first else {}, dict(params=params), fixed)
                if service in NETFX_SERVICES:
                    v.update(runtime="netfx", root=rnd.choice(["azdo7", "azdo12"]), crlf=rnd.random() < 0.3)
                culture = "en"
                if v.get("runtime") == "netfx":
                    culture = rnd.choice(["en", "en", "de", "fr"])
                    v["culture"] = culture
                    if "\\" not in ROOTS[v.get("root", "docker")]:
                        v["root"] = rnd.choice(["azdo", "azdo12", "ghwin"])  # .NET Framework builds on Windows
                msg = localise_message(message.format(**params), culture)
                records.append({"bug": "dotnet/" + label, "service": service, "language": "dotnet", "type": typ,
                                "message": msg, "stack": render(base, v)})
                first = False
    with open(CORPUS, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(records), len(BUGS)


if __name__ == "__main__":
    gen_cases()
    n, bugs = gen_corpus()
    print("wrote %s (%d records, %d bugs) and %s" % (CORPUS, n, bugs, os.path.join(OUT, "cases.json")))
