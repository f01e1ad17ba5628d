package javascript

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/frames/framestest"
	"github.com/errorgrouping/errorgrouping/internal/message"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stackparse/javascript"
)

// frameOf parses one frame line as printed (a V8 "    at ..." line, or a Firefox/Safari "name@url" line).
func frameOf(t testing.TB, line string) stack.Frame {
	t.Helper()
	text := line
	if strings.HasPrefix(strings.TrimSpace(line), "at ") {
		text = "Error: x\n" + line
	}
	var tr stack.Trace
	javascript.Parse(text, stack.Options{}, &tr)
	if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
		t.Fatalf("%q: want one frame, got %+v", line, tr.Exceptions)
	}
	return tr.Exceptions[0].Frames[0]
}

const (
	app  = "app"  // in-app, contributes
	lib  = "lib"  // not in-app, contributes when no frame is in-app
	skip = "skip" // ignored
	mini = "mini" // in-app, minified
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		line, module, function, want string
	}{
		// Node, from testdata/stacks/javascript and testdata/invariance/javascript.
		{"at UserRepo.find [as lookup] (/tmp/errorgrouping-fixtures/javascript/app/src/repo/userRepo.js:22:11)", "repo/userRepo.js", "find", app},
		{"at async UserService.getUser (/tmp/errorgrouping-fixtures/javascript/app/src/services/userService.js:20:18)", "services/userService.js", "getUser", app},
		{"at async Object.getUser (/tmp/errorgrouping-fixtures/javascript/app/src/routes/users.js:6:20)", "routes/users.js", "getUser", app},
		{"at new Session (/tmp/errorgrouping-fixtures/javascript/app/src/models/session.js:5:24)", "models/session.js", "Session", app},
		{"at Object.<anonymous> (/tmp/errorgrouping-fixtures/javascript/app/index.js:92:1)", "index.js", "", app},
		{"at /tmp/errorgrouping-fixtures/javascript/app/src/reports.js:5:77", "reports.js", "", app},
		{"at OrderQueue.<anonymous> (/tmp/errorgrouping-fixtures/javascript/app/index.js:49:19)", "index.js", "", app},
		{"at Cart.total (file:///tmp/errorgrouping-fixtures/javascript/app/src/esm/cart.mjs:7:23)", "esm/cart.mjs", "total", app},
		{"at rule (eval at compileRule (/tmp/errorgrouping-fixtures/javascript/app/src/rules.js:5:10), <anonymous>:1:45)", "rules.js", "rule", app},
		{"at get total [as total] (/srv/app/src/cart.js:1:34)", "cart.js", "total", app},
		{"at [Symbol.iterator] (/srv/app/src/cart.js:1:120)", "cart.js", "[Symbol.iterator]", app},
		{"at OrderRepo.find (/tmp/errorgrouping-inv/javascript/var/task/src/repo/orderRepo.js:13:13)", "repo/orderRepo.js", "find", app},
		{"at getOrder (/tmp/errorgrouping-inv/javascript/pnpm/usr/src/app/src/routes/orders.js:13:22)", "routes/orders.js", "getOrder", app},
		{"at main (/tmp/errorgrouping-inv/javascript/workspace/index.js:104:11)", "index.js", "main", app},
		// Install roots without a marker keep the file and its parent, skipping release timestamps.
		{"at handler (/srv/shop/routes/users.js:10:5)", "routes/users.js", "handler", app},
		{"at boot (/home/deploy/shop/releases/20240611093000/server.js:3:1)", "releases/server.js", "boot", app},
		{"at boot (/home/deploy/shop/releases/20240612170500/server.js:3:1)", "releases/server.js", "boot", app},
		{"at handler (/var/task/index.js:10:5)", "index.js", "handler", app},
		{"at render (/home/u/proj/.next/server/app/orders/page.js:1:40)", "orders/page.js", "render", app},
		// Windows.
		{`at loadSettings (C:\app\src\config.js:12:19)`, "config.js", "loadSettings", app},
		{`at C:\app\src\routes\index.js:33:7`, "routes/index.js", "", app},
		{"at file:///C:/app/src/esm/boot.mjs:3:9", "esm/boot.mjs", "", app},
		// Short names in ordinary code are not minified.
		{"at f (/app/src/util.js:12:5)", "util.js", "f", app},
		{"at e (/app/src/util.js:1:10)", "util.js", "e", app},
		{"at /app/src/long-line.js:88:150", "long-line.js", "", app},

		// Third-party code: any layout, any version.
		{"at arrayAggregator (/tmp/errorgrouping-fixtures/javascript/app/node_modules/lodash/lodash.js:511:34)", "lodash/lodash.js", "arrayAggregator", lib},
		{"at Function.groupBy (/srv/app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/lodash.js:4885:16)", "lodash/lodash.js", "groupBy", lib},
		{"at Function.groupBy (/srv/app/node_modules/.pnpm/lodash@4.17.20/node_modules/lodash/lodash.js:4884:16)", "lodash/lodash.js", "groupBy", lib},
		{"at x (/app/.yarn/cache/lodash-npm-4.17.21-6382451519-eb835a2e51.zip/node_modules/lodash/lodash.js:1:2)", "lodash/lodash.js", "x", lib},
		{"at Parser.parse (/app/node_modules/.pnpm/@scope+pkg@1.2.3_react@18.2.0/node_modules/@scope/pkg/dist/index.js:3:4)", "@scope/pkg/dist/index.js", "parse", lib},
		{"at renderWithHooks (webpack-internal:///./node_modules/react-dom/cjs/react-dom.development.js:16305:18)", "react-dom/cjs/react-dom.development.js", "renderWithHooks", lib},
		{"at debounce (webpack:///~/lodash/debounce.js:10:3)", "lodash/debounce.js", "debounce", lib},
		{"at Object.readFileSync (node:fs:446:42)", "fs", "readFileSync", lib},
		{"at Object.fs.openSync (fs.js:646:18)", "fs", "openSync", lib},
		{"at TCP.onStreamRead (node:internal/stream_base_commons:217:20)", "internal/stream_base_commons", "onStreamRead", lib},
		{"at JSON.parse (<anonymous>)", "JSON", "parse", lib},
		{"at render (https://unpkg.com/react-dom@18.2.0/umd/react-dom.production.min.js:1:4000)", "react-dom/umd/react-dom.production.min.js", "render", lib},
		{"at jQuery.fn.init (https://code.jquery.com/jquery-3.7.1.min.js:2:500)", "jquery.js", "init", lib},
		{"at inject (chrome-extension://abcdefghijklmnop/content.js:10:5)", "content.js", "inject", lib},
		{"at evalmachine.<anonymous>:1:3", "", "", lib},

		// Noise.
		{"at process.processTicksAndRejections (node:internal/process/task_queues:95:5)", "internal/process/task_queues", "processTicksAndRejections", skip},
		{"at process._tickCallback (internal/process/next_tick.js:68:7)", "internal/process/next_tick", "_tickCallback", skip},
		{"at listOnTimeout (timers.js:263:5)", "timers", "listOnTimeout", skip},
		{"at Module._compile (node:internal/modules/cjs/loader:1521:14)", "internal/modules/cjs/loader", "_compile", skip},
		{"at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:164:12)", "internal/modules/run_main", "executeUserEntryPoint", skip},
		{"at node:internal/main/run_main_module:28:49", "internal/main/run_main_module", "", skip},
		{"at TracingChannel.traceSync (node:diagnostics_channel:322:14)", "diagnostics_channel", "traceSync", skip},
		{"at Object.<anonymous> (/app/node_modules/dd-trace/packages/datadog-shimmer/src/shimmer.js:26:21)", "dd-trace/packages/datadog-shimmer/src/shimmer.js", "", skip},
		{"at OrderQueue.emit (node:events:524:28)", "events", "emit", skip},
		{"at new NodeError (node:internal/errors:405:5)", "internal/errors", "NodeError", skip},
		{"at process.processImmediate (node:internal/timers:483:21)", "internal/timers", "processImmediate", skip},
		{"at Array.map (<anonymous>)", "Array", "map", skip},
		{"at async Promise.all (index 1)", "Promise", "all", skip},
		{"at new Promise (<anonymous>)", "", "Promise", skip},
		{"at Generator.next (<anonymous>)", "Generator", "next", skip},
		{"at eval (webpack:///./src/index.js?:12:5)", "", "", skip},
		{"at eval (eval at <anonymous> (/tmp/v8t.js:4:137), <anonymous>:3:12)", "", "", skip},
		{"at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)", "express/lib/router/layer.js", "handle", skip},
		{"at next (/app/node_modules/express/lib/router/route.js:149:13)", "express/lib/router/route.js", "next", skip},
		{"at Function.process_params (/app/node_modules/express/lib/router/index.js:421:3)", "express/lib/router/index.js", "process_params", skip},
		{"at Layer.handleRequest (/app/node_modules/router/lib/layer.js:169:33)", "router/lib/layer.js", "handleRequest", skip},
		{"at call (/app/node_modules/connect/index.js:239:7)", "connect/index.js", "call", skip},
		{"at dispatch (/app/node_modules/koa-compose/index.js:42:32)", "koa-compose/index.js", "dispatch", skip},
		{"at asyncGeneratorStep (/app/node_modules/@babel/runtime/helpers/asyncToGenerator.js:3:24)", "@babel/runtime/helpers/asyncToGenerator.js", "asyncGeneratorStep", skip},
		{"at _next (/app/dist/orders.js:9:9)", "orders.js", "_next", skip},
		{"at __awaiter (/app/dist/orders.js:8:12)", "orders.js", "__awaiter", skip},
		{"at Module../src/index.js (http://localhost:3000/static/js/bundle.js:18:1)", "js/bundle.js", "js", skip},
		{"at __webpack_require__ (http://localhost:3000/static/js/bundle.js:52:42)", "js/bundle.js", "__webpack_require__", skip},
		// An application function named like a runtime one still counts.
		{"at listOnTimeout (/app/src/scheduler.js:10:3)", "scheduler.js", "listOnTimeout", app},

		// Browsers: scheme, host, query, hashes go; names reduce alike.
		{"at ProductList (webpack-internal:///./src/components/ProductList.jsx:24:26)", "components/ProductList.jsx", "ProductList", app},
		{"at Page (webpack-internal:///(rsc)/./app/orders/page.tsx:12:9)", "orders/page.tsx", "Page", app},
		{"at handler (webpack://shop/./src/api.js?1a2b:3:4)", "api.js", "handler", app},
		{"at computeTotal (https://shop.example.com/assets/cart-4d2a9b1c.js:40:16)", "assets/cart.js", "computeTotal", app},
		{"at computeTotal (https://cdn.shop.example.com/storefront/assets/cart-7b1e0f3a.js:41:16)", "assets/cart.js", "computeTotal", app},
		{"at CartView.render (https://shop.example.com/assets/cart-4d2a9b1c.js:113:19)", "assets/cart.js", "render", app},
		{"at https://shop.example.com/assets/cart-4d2a9b1c.js:40:58", "assets/cart.js", "", app},
		{"at boot (http://localhost:5173/src/main.ts?t=1699999999999:3:1)", "main.ts", "boot", app},
		{"at App (https://shop.example.com/_next/static/chunks/pages/_app-abcdef0123456789.js:10:5)", "_app.js", "App", app},
		{"at load (https://shop.example.com/static/js/123.4f5e6d.chunk.js:20:5)", "js/chunk.js", "load", app},
		{"at load (/var/task/.next/server/chunks/8948.js:20:5)", "server/chunks/chunk.js", "load", app},
		{"at load (/app/.next/server/chunks/5120.js:20:5)", "server/chunks/chunk.js", "load", app},
		{"at Qe (https://shop.example.com/assets/vendor-DmKqvBfa.js:40:5)", "assets/vendor.js", "Qe", app},
		{"at initApp (https://shop.example.com/assets/main.esm2017.js:40:5)", "assets/main.esm2017.js", "initApp", app},
		{"at build (https://shop.example.com/_next/static/Ju4o0u0gfxQn_8YpU0pUu/_buildManifest.js:1:20)", "static/_buildManifest.js", "build", app},
		{"fetchCart/<@https://shop.example.com/assets/cart.js:41:13", "assets/cart.js", "", app},
		{"applyRules/total<@https://shop.example.com/assets/rules.js:20:14", "assets/rules.js", "", app},
		{"outer/inner@https://shop.example.com/assets/rules.js:20:14", "assets/rules.js", "inner", app},
		{"async*CartView.prototype.render@https://shop.example.com/assets/cart.js:112:22", "assets/cart.js", "render", app},
		{"rule@https://shop.example.com/assets/rules.js line 12 > eval:1:34", "assets/rules.js", "rule", app},
		{"render@https://shop.example.com/assets/cart-4d2a9b1c.js:113:19", "assets/cart.js", "render", app},
		{"@https://shop.example.com/assets/app.js:90:1", "assets/app.js", "", app},
		{"module code@https://shop.example.com/assets/app-9f8e7d6c.js:30:8", "assets/app.js", "", app},
		{"global code@https://shop.example.com/checkout.html:42:18", "checkout.html", "", app},
		{"forEach@[native code]", "", "forEach", skip},
		{"eval code@", "", "", skip},
		{"[native code]", "", "", skip},

		// Minified bundles: mangled or anonymous functions at bundle positions.
		{"at t (https://shop.example.com/static/js/main.3f2a1b9c.js:2:23456)", "js/main.js", "", mini},
		{"at Object.e [as calculate] (https://shop.example.com/static/js/main.3f2a1b9c.js:2:23101)", "js/main.js", "", mini},
		{"at https://shop.example.com/static/js/main.3f2a1b9c.js:2:98877", "js/main.js", "", mini},
		{"at HTMLButtonElement.<anonymous> (https://shop.example.com/static/js/main.3f2a1b9c.js:2:101234)", "js/main.js", "", mini},
		{"at async Qe (https://shop.example.com/assets/index-BfXaC2kq.js?v=abc:1:23456)", "assets/index.js", "", mini},
		{"at $ (https://shop.example.com/app.js:1:5000)", "app.js", "", mini},
		{"at /app/.next/server/app/orders/route.js:1:2345", "orders/route.js", "", mini},
		{"at /var/task/.next/server/app/users/route.js:1:2345", "users/route.js", "", mini},
		{"at y (/tmp/errorgrouping-inv/javascript/app/dist/main.c0d7b951.js:2:44)", "main.js", "", mini},
		{"at l (/tmp/errorgrouping-inv/javascript/app/dist/main.ee91678c.js:2:123)", "main.js", "", mini},
		{"at Object.<anonymous> (/tmp/errorgrouping-inv/javascript/app/dist/main.c0d7b951.js:2:1534)", "main.js", "", mini},
		{"at r (https://shop.example.com/vendor.min.js:1:90)", "vendor.min.js", "", mini},
		{"t@https://shop.example.com/static/js/main.3f2a1b9c.js:2:23456", "js/main.js", "", mini},
		{"at e (https://cdn.jsdelivr.net/npm/lodash@4.17.21/lodash.min.js:8:9000)", "npm/lodash/lodash.min.js", "", mini},
		// Names a minifier keeps (properties) and frames of a bundle away from its first lines stay as they are.
		{"at n.value (https://shop.example.com/static/js/787.91ad4e5f.chunk.js:1:4410)", "js/chunk.js", "value", app},
		{"at module.exports (/tmp/errorgrouping-fixtures/javascript/app/dist/main.3f2a1b9c.js:2:595)", "main.js", "exports", app},
		{"at o (/srv/shop/public/main.3f2a1b9c.js:40:12)", "public/main.js", "o", app},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			f := frameOf(t, tt.line)
			var got frames.Frame
			Normalize(&f, &got)
			if got.Module != tt.module || got.Function != tt.function {
				t.Errorf("got (%q, %q), want (%q, %q)", got.Module, got.Function, tt.module, tt.function)
			}
			kind := lib
			switch {
			case got.Ignored:
				kind = skip
			case got.Minified:
				kind = mini
				if got.InApp != !strings.Contains(tt.line, "cdn") {
					t.Errorf("minified: in-app %v", got.InApp)
				}
			case got.InApp:
				kind = app
			}
			if kind != tt.want {
				t.Errorf("got %s (in-app %v, ignored %v, minified %v, reason %q), want %s", kind, got.InApp, got.Ignored, got.Minified, got.Reason, tt.want)
			}
			if (got.Reason == "") != (got.InApp && !got.Ignored) {
				t.Errorf("reason %q for in-app %v, ignored %v", got.Reason, got.InApp, got.Ignored)
			}
		})
	}
}

func TestNormalizeGoldenFixtures(t *testing.T) {
	// Every frame of the parser's fixtures normalises without a panic, and the in-app frames of the
	// runtime-produced ones keep a module.
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "stacks", "javascript", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		for _, e := range framestest.ParseFile(t, javascript.Parse, file).Exceptions {
			for i := range e.Frames {
				var got frames.Frame
				Normalize(&e.Frames[i], &got)
				if got.InApp && got.Module == "" {
					t.Errorf("%s: in-app frame %q has no module", filepath.Base(file), e.Frames[i].Raw)
				}
			}
		}
	}
}

// TestInvariance checks the deploy-invariance suite. What a stack gives the grouping engine: per exception
// of the chain, its type (the reported one's from error.type) and at most 12 contributing frames; and the
// message when every frame is minified.
func TestInvariance(t *testing.T) {
	framestest.Suite{Dir: framestest.Dir(t, "javascript"), Language: "nodejs", Parse: javascript.Parse, Normalize: Normalize,
		Caps: []int{12}, Types: framestest.ReportedType, Extra: minifiedMessage}.Run(t)
}

// minifiedMessage is the variant's normalised message when every contributing frame is minified.
func minifiedMessage(v framestest.Variant, c framestest.Chain) string {
	for _, e := range c {
		for _, f := range e.Frames {
			if !f.Minified {
				return ""
			}
		}
	}
	return "message: " + string(message.Normalize(nil, v.Message))
}

func FuzzNormalize(f *testing.F) {
	f.Add("UserRepo", "find", "/app/src/repo/userRepo.js", 22, 11)
	f.Add("", "t", "https://shop.example.com/static/js/123.3f2a1b9c.chunk.js?v=1#x", 2, 23456)
	f.Add("", "fetchCart/<", `C:\app\node_modules\.pnpm\a@1.0.0\node_modules\a\x.js`, 1, 1)
	f.Add("Array", "map", "", 0, 0)
	f.Fuzz(func(t *testing.T, module, function, file string, line, column int) {
		fr := stack.Frame{Module: module, Function: function, File: file, Line: line, Column: column}
		var out frames.Frame
		Normalize(&fr, &out)
		if out.Minified && out.Function != "" {
			t.Errorf("minified frame keeps function %q", out.Function)
		}
	})
}

func TestNormalizeAllocations(t *testing.T) {
	lines := []string{
		"at UserRepo.find [as lookup] (/app/src/repo/userRepo.js:22:11)",
		"at arrayAggregator (/app/node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/lodash.js:511:34)",
		"at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
		"at CartView.render (https://shop.example.com/assets/cart.js:113:19)",
		"fetchCart/<@https://shop.example.com/assets/cart.js:41:13",
	}
	for _, line := range lines {
		f := frameOf(t, line)
		var out frames.Frame
		if n := testing.AllocsPerRun(100, func() { Normalize(&f, &out) }); n != 0 {
			t.Errorf("%s: %v allocations, want 0", line, n)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "stacks", "javascript", "*.txt"))
	framestest.Benchmark(b, javascript.Parse, Normalize, files)
}
