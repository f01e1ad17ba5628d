// Package javascript reduces V8 (Node.js, Chrome, Edge), Firefox and Safari frames to what survives
// deploys. JavaScript frames have no module name, so Module is a normalised file path and Function the last
// part of the printed name.
//
// Module, from the frame's file or URL:
//   - The scheme and host go ("https://shop.example.com/", "file:///", "webpack-internal:///", a webpack
//     namespace "webpack://shop/", Next.js layers "(rsc)/", "./"), and so do query strings and fragments
//     ("?v=abc", "?t=1699999999999"). Backslashes become slashes.
//   - Third-party code is the path after the last "node_modules/" (webpack's "~/" likewise), so npm, yarn
//     and pnpm layouts ("node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/lodash.js") and the
//     install root all reduce to "lodash/lodash.js". CDN URLs lose their versions
//     ("npm/lodash@4.17.21/lodash.min.js" is "npm/lodash/lodash.min.js").
//   - Runtime code is the path after "node:" without ".js": "node:fs" and Node 14's "fs.js" are both "fs".
//   - Application code: the install root is unknown ("/app", "/usr/src/app", "/home/u/shop", "C:\srv"), so
//     the path is cut after the last directory that conventionally starts the project's own tree or ends
//     an install root: src, lib, dist, build, app, pages, .next, .nuxt, .output, .svelte-kit, workspace,
//     wwwroot, var/task. "/app/src/services/checkout.js" and "/home/u/shop/src/services/checkout.js" are
//     both "services/checkout.js". The last one counts because a root may itself contain such a name
//     ("/usr/src/app/src/x.js"). Without one, the file and its parent directory are kept
//     ("/srv/shop/routes/users.js" is "routes/users.js"), skipping release timestamps and build ids.
//     Trade-offs: a file at the top of a project moves to another Module when the root changes between one
//     ending in such a name and one that does not ("/app/index.js" is "index.js", "/srv/shop/index.js" is
//     "shop/index.js"); files below a nested "lib/" or "src/" lose the directories above it, so two such
//     trees with equal file and function names share frames.
//   - Volatile parts are removed wherever they remain: content hashes in bundle names ("main.3f2a1b9c.js",
//     "index-BfXaC2kq.js", "_app-abcdef0123456789.js" give "main.js", "index.js", "_app.js"), numeric chunk
//     ids ("123.4f5e6d.chunk.js" and ".next/server/chunks/123.js" give "chunk.js"), hash, build-id,
//     timestamp and dotted-version directories, and versions glued to directories ("react@18.2.0").
//     Version-like names without a dot ("api/v1/") are kept: they name different code.
//
// Function is the printed name reduced to what Chrome, Firefox and Safari print alike: the receiver V8
// prints ("Object.", "UserRepo.") and Firefox/Safari qualifiers ("CartView.prototype.") go (only the last
// dotted part stays), accessor prefixes ("get total") go, Firefox nesting keeps its innermost name
// ("outer/inner" is "inner"), and names that only say "anonymous" ("<anonymous>", "?", "Anonymous
// function", Firefox's "outer/<" and "x<", Safari's "global code" and "module code") are empty, as
// Chrome prints such functions without a name.
//
// Minified bundles without source maps: a frame whose name is empty or one or two identifier characters,
// in a .js file, at a column past 200 or on the first two lines of a hashed or ".min." bundle, is marked
// Minified, with an empty Function; the grouping engine then relies on the type, message and file names.
// Module stays the normalised path ("js/main.js" for ".../static/js/main.3f2a1b9c.js"), not the bare file
// name: minified server bundles are often named alike in different directories (Next.js
// "app/orders/route.js", "app/users/route.js"), and the path is as stable as the name once hashes and
// roots are gone. Ordinary code with short names ("f" at /app/src/x.js:12:5) is not affected.
//
// In-app: everything but node_modules (any layout), webpack "~/" paths, Node internals ("node:", and the
// bare relative paths of Node before 16 such as "internal/timers.js" and "events.js"), other runtimes'
// internals (Deno "ext:", Bun), CDN hosts, browser extensions, frames without a location ("native",
// "[native code]", "<anonymous>") and code compiled from strings.
//
// Ignored: eval frames, builtins that only call back into JavaScript (Array.map, Promise.all, new Promise,
// Generator.next, Function.call), Node's module loader and entry point, timers, task queues, async hooks,
// error construction, event emitters and diagnostics channels, framework dispatch (express and router
// layers, connect, koa-compose, fastify, NestJS, hapi, restify), tracer instrumentation (dd-trace,
// OpenTelemetry, New Relic, Elastic APM, Sentry, shimmer), transpiler and polyfill helpers (@babel, core-js,
// regenerator-runtime, tslib, @swc/helpers, and the helpers compilers inline into application files:
// _asyncToGenerator, asyncGeneratorStep, __awaiter, _callSuper...), and the webpack runtime
// (__webpack_require__, module factories "./src/x.js"). Runtime names (processTicksAndRejections,
// listOnTimeout) are ignored only in runtime files, so an application function with the same name counts.
package javascript

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Reasons for frames that are not in-app or are ignored.
const (
	reasonNodeModules = "third-party: node_modules"
	reasonCDN         = "third-party: cdn"
	reasonExtension   = "browser extension"
	reasonRuntime     = "runtime"
	reasonNative      = "native"
	reasonNoSource    = "no source file"
	reasonEval        = "eval"
	reasonIterator    = "native callback dispatch"
	reasonAsync       = "async machinery"
	reasonLoader      = "module loader"
	reasonEvents      = "event dispatch"
	reasonErrors      = "error construction"
	reasonDispatch    = "framework dispatch"
	reasonTelemetry   = "telemetry instrumentation"
	reasonTranspiler  = "transpiler helper"
	reasonBundler     = "bundler runtime"
)

// Normalize fills out with what f contributes to grouping.
func Normalize(f *stack.Frame, out *frames.Frame) {
	*out = frames.Frame{}
	if f.Function == "eval" || f.Function == "eval code" {
		out.Ignored, out.Reason = true, reasonEval
		return
	}
	name := functionName(f.Function)
	if f.File == "" {
		native(f, name, out)
		return
	}
	out.Function = name
	k, module := locate(f.File)
	out.Module = module
	switch k {
	case kindApp:
		out.InApp = true
	case kindRuntime:
		out.Reason = reasonRuntime
	case kindNodeModules:
		out.Reason = reasonNodeModules
	case kindCDN:
		out.Reason = reasonCDN
	case kindExtension:
		out.Reason = reasonExtension
	case kindNoSource:
		out.Reason = reasonNoSource
	}
	if r := noise(k, module, f.Module, f.Function); r != "" {
		out.Ignored, out.Reason = true, r
		return
	}
	if k != kindRuntime && k != kindNoSource && minified(f, name) {
		out.Minified, out.Function = true, ""
	}
}

// native handles frames without a location: builtins ("Array.map (<anonymous>)", "JSON.parse
// (<anonymous>)", "forEach@[native code]", "async Promise.all (index 0)"). They keep the builtin's
// receiver as Module. Those that only call back into JavaScript are ignored.
func native(f *stack.Frame, name string, out *frames.Frame) {
	out.Module, out.Function, out.Reason = f.Module, name, reasonNative
	if name == "" && f.Module == "" {
		out.Ignored = true
		return
	}
	switch f.Module {
	case "Promise", "Generator", "AsyncGenerator", "AsyncFunction", "Reflect", "Function":
		out.Ignored, out.Reason = true, reasonAsync
		return
	}
	switch name {
	case "map", "forEach", "reduce", "reduceRight", "filter", "find", "findIndex", "findLast", "findLastIndex",
		"some", "every", "flatMap", "sort", "toSorted", "from", "replace", "replaceAll", "call", "apply":
		out.Ignored, out.Reason = true, reasonIterator
	case "Promise", "then", "catch", "finally", "all", "allSettled", "any", "race", "next", "throw", "return":
		out.Ignored, out.Reason = true, reasonAsync
	}
}

// functionName reduces a printed name to the part every engine prints alike.
func functionName(name string) string {
	if rest, ok := strings.CutPrefix(name, "get "); ok {
		name = rest
	} else if rest, ok := strings.CutPrefix(name, "set "); ok {
		name = rest
	}
	// Firefox nests names: "outer/inner", "outer/<" (anonymous), "outer/inner<" (anonymous, assigned to inner).
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	if strings.HasSuffix(name, "<") {
		return ""
	}
	// Computed names keep their brackets: "[Symbol.iterator]".
	if strings.HasSuffix(name, "]") {
		if i := strings.IndexByte(name, '['); i >= 0 {
			return name[i:]
		}
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "<anonymous>", "?", "Anonymous function", "<anonymous function>", "anonymous", "global code", "module code":
		return ""
	}
	return name
}

// minified reports a mangled or anonymous function of a minified bundle.
func minified(f *stack.Frame, name string) bool {
	if len(name) > 2 || !isJSFile(f.File) {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; !stack.IsIdentByte(c) && c != '$' {
			return false
		}
	}
	if f.Column > 200 {
		return true
	}
	if f.Line > 2 || f.Line == 0 {
		return false
	}
	base := frames.Basename(trimQuery(f.File))
	return strings.Contains(base, ".min.") || cleanName(base, false) != base
}

// isJSFile reports a file or URL whose name ends in a JavaScript extension.
func isJSFile(file string) bool {
	file = trimQuery(file)
	return strings.HasSuffix(file, ".js") || strings.HasSuffix(file, ".mjs") || strings.HasSuffix(file, ".cjs")
}

// noise returns why a frame must never contribute, or "". module is the normalised location, receiver
// the V8 receiver type and raw the function as printed.
func noise(k kind, module, receiver, raw string) string {
	switch {
	case strings.HasPrefix(raw, "./") || strings.HasPrefix(raw, "__webpack_") || raw == "webpackJsonpCallback":
		return reasonBundler
	case receiver == "Generator" || receiver == "AsyncGenerator" || receiver == "Promise":
		return reasonAsync
	}
	switch raw {
	case "_asyncToGenerator", "asyncGeneratorStep", "_next", "_throw", "_callSuper", "_createSuper",
		"_classCallCheck", "_possibleConstructorReturn", "_assertThisInitialized", "__awaiter", "__generator", "__async":
		return reasonTranspiler
	}
	switch k {
	case kindRuntime:
		return runtimeNoise(module, raw)
	case kindNodeModules:
		return packageNoise(module)
	case kindApp:
		if strings.HasPrefix(module, "webpack/bootstrap") || strings.HasPrefix(module, "webpack/runtime/") {
			return reasonBundler
		}
	}
	return ""
}

// runtimeNoise classifies Node's own frames (module in the "node:"-less, ".js"-less form).
func runtimeNoise(module, raw string) string {
	switch module {
	case "module", "bootstrap_node", "internal/main/run_main_module":
		return reasonLoader
	case "timers", "internal/timers", "async_hooks", "internal/async_hooks", "internal/async_local_storage":
		return reasonAsync
	case "events", "domain", "internal/event_target", "diagnostics_channel":
		return reasonEvents
	case "internal/errors":
		return reasonErrors
	}
	switch {
	case strings.HasPrefix(module, "internal/modules/"), strings.HasPrefix(module, "internal/bootstrap/"),
		strings.HasPrefix(module, "internal/main/"):
		return reasonLoader
	case strings.HasPrefix(module, "internal/process/"), strings.HasPrefix(module, "internal/async_local_storage/"):
		return reasonAsync
	}
	switch functionName(raw) {
	case "processTicksAndRejections", "runMicrotasks", "runNextTicks", "processImmediate", "listOnTimeout",
		"processTimers", "_tickCallback", "_tickDomainCallback":
		return reasonAsync
	}
	return ""
}

// packageNoise classifies third-party frames by package path ("express/lib/router/layer.js").
func packageNoise(module string) string {
	for _, p := range dispatchPackages {
		if strings.HasPrefix(module, p) {
			return reasonDispatch
		}
	}
	for _, p := range telemetryPackages {
		if strings.HasPrefix(module, p) {
			return reasonTelemetry
		}
	}
	for _, p := range transpilerPackages {
		if strings.HasPrefix(module, p) {
			return reasonTranspiler
		}
	}
	return ""
}

// dispatchPackages route a request to the application's handlers; which of them (and which version) wraps
// a handler is deployment detail.
var dispatchPackages = [...]string{
	"express/lib/router/", "router/", "connect/", "koa-compose/", "koa/lib/application", "@koa/router/",
	"koa-router/", "fastify/lib/", "avvio/", "@nestjs/core/router/", "@nestjs/core/helpers/",
	"@nestjs/core/interceptors/", "@hapi/hapi/lib/", "restify/lib/",
}

var telemetryPackages = [...]string{
	"dd-trace/", "@datadog/", "@opentelemetry/", "newrelic/", "@newrelic/", "elastic-apm-node/", "@sentry/",
	"shimmer/", "require-in-the-middle/", "import-in-the-middle/", "async-listener/", "emitter-listener/",
	"cls-hooked/", "continuation-local-storage/",
}

var transpilerPackages = [...]string{
	"@babel/", "core-js/", "core-js-pure/", "regenerator-runtime/", "tslib/", "@swc/helpers/",
}
