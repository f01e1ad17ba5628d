package php

import (
	"path/filepath"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/frames/framestest"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
	parser "github.com/errorgrouping/errorgrouping/internal/stackparse/php"
)

const root = "/tmp/errorgrouping-fixtures/php/app"

func TestNormalize(t *testing.T) {
	tests := []struct {
		name string
		in   stack.Frame
		want frames.Frame
	}{
		// Frames of the runtime-produced fixtures in testdata/stacks/php, as the parser gives them.
		{"method throwing", stack.Frame{Module: `App\Repository\OrderRepository`, Function: "load",
			File: root + "/src/Repository/OrderRepository.php", Line: 13,
			Raw: `#0 ` + root + `/src/Service/OrderService.php(16): App\Repository\OrderRepository->load(42)`},
			frames.Frame{Module: `App\Repository\OrderRepository`, Function: "load", InApp: true}},
		{"static method", stack.Frame{Module: `App\Support\Money`, Function: "fromCents",
			File: root + "/src/Support/Money.php", Line: 14,
			Raw: `#0 ` + root + `/src/Http/Controller/OrderController.php(34): App\Support\Money::fromCents(-5)`},
			frames.Frame{Module: `App\Support\Money`, Function: "fromCents", InApp: true}},
		{"vendor method", stack.Frame{Module: `Acme\Http\Router`, Function: "dispatch",
			File: root + "/vendor/acme/http/src/Router.php", Line: 23},
			frames.Frame{Module: `Acme\Http\Router`, Function: "dispatch", Reason: reasonVendor}},
		{"PHP 8.2 closure in a class", stack.Frame{Module: `App\Service\OrderService`, Function: `App\Service\{closure}`,
			File: root + "/src/Service/OrderService.php", Line: 26,
			Raw: `#0 [internal function]: App\Service\OrderService->App\Service\{closure}(Array)`},
			frames.Frame{Module: `App\Service\OrderService`, Function: "{closure}", InApp: true}},
		{"internal function called from internal code", stack.Frame{Function: "array_map", Flags: stack.Native,
			Raw: `#1 ` + root + `/src/Service/OrderService.php(24): array_map(Object(Closure), Array)`},
			frames.Frame{Function: "array_map", Reason: reasonRuntime}},
		{"internal function at the throw: its location is its call site", stack.Frame{Function: "intdiv",
			File: root + "/src/Support/Money.php", Line: 22,
			Raw: `#0 ` + root + `/src/Support/Money.php(22): intdiv(100, 0)`},
			frames.Frame{Function: "intdiv", Reason: reasonRuntime}},
		{"anonymous class", stack.Frame{Module: "class@anonymous", Function: "format",
			File: root + "/src/Http/Controller/OrderController.php", Line: 62,
			Raw: `#0 ` + root + `/src/Http/Controller/OrderController.php(69): class@anonymous->format(Array)`},
			frames.Frame{Module: "class@anonymous", Function: "format", InApp: true}},
		{"include of a template", stack.Frame{Function: "include", File: root + "/src/Report/templates/summary.php", Line: 2,
			Raw: `#0 ` + root + `/src/Report/Renderer.php(12): include()`},
			frames.Frame{Module: "summary.php", Function: "include", InApp: true}},
		{"eval'd code: the next frame names the file", stack.Frame{Function: "eval",
			File: root + "/src/Pricing/RuleEngine.php(10) : eval()'d code", Line: 1,
			Raw: `#0 ` + root + `/src/Pricing/RuleEngine.php(10): eval()`},
			frames.Frame{Function: "eval", InApp: true}},
		{"eval'd code in a library", stack.Frame{Function: "eval",
			File: "/srv/vendor/acme/rules/src/Engine.php(10) : eval()'d code", Line: 1},
			frames.Frame{Function: "eval", Reason: reasonVendor}},
		{"main script", stack.Frame{Function: "{main}", File: root + "/bin/run.php", Line: 7, Raw: "#8 {main}"},
			frames.Frame{Module: "run.php", Function: "{main}", InApp: true}},
		{"application middleware around the controller", stack.Frame{Module: `App\Http\Middleware\RequestLogger`,
			Function: "process", File: root + "/src/Http/Middleware/RequestLogger.php", Line: 12,
			Raw: `#5 ` + root + `/vendor/acme/http/src/Kernel.php(16): App\Http\Middleware\RequestLogger->process(Object(Acme\Http\Request), Object(Closure))`},
			frames.Frame{Module: `App\Http\Middleware\RequestLogger`, Function: "process", InApp: true, Ignored: true, Reason: reasonMiddleware}},
		{"middleware that threw keeps its frame", stack.Frame{Module: `App\Http\Middleware\Authenticate`,
			Function: "process", File: "/var/www/html/src/Http/Middleware/Authenticate.php", Line: 14,
			Raw: `#0 /var/www/html/vendor/acme/http/src/Kernel.php(16): App\Http\Middleware\Authenticate->process(Object(Acme\Http\Request), Object(Closure))`},
			frames.Frame{Module: `App\Http\Middleware\Authenticate`, Function: "process", InApp: true}},
		{"namespaced function", stack.Frame{Function: `App\Support\format_cents`, File: root + "/src/Support/functions.php", Line: 7,
			Raw: `#0 ` + root + `/src/Support/Money.php(27): App\Support\format_cents(5)`},
			frames.Frame{Module: `App\Support`, Function: "format_cents", InApp: true}},

		// dd-trace-php: the throwing frame has no location.
		{"dd-trace-php throwing method", stack.Frame{Module: `App\Repository\UserRepository`, Function: "connect",
			Raw: `#1 /var/www/src/Repository/UserRepository.php(23): App\Repository\UserRepository->connect()`},
			frames.Frame{Module: `App\Repository\UserRepository`, Function: "connect", InApp: true}},
		{"dd-trace-php library throwing, called by itself", stack.Frame{Module: `Acme\Http\Router`, Function: "match",
			Raw: `#0 /var/www/html/vendor/acme/http/src/Router.php(21): Acme\Http\Router->match()`},
			frames.Frame{Module: `Acme\Http\Router`, Function: "match", Reason: reasonVendor}},
		{"dd-trace-php controller throwing, called by a library", stack.Frame{Module: `App\Http\Controller\OrderController`, Function: "legacy",
			Raw: `#0 /var/www/html/vendor/acme/http/src/Router.php(23): App\Http\Controller\OrderController->legacy()`},
			frames.Frame{Module: `App\Http\Controller\OrderController`, Function: "legacy", InApp: true}},
		{"dd-trace-php internal class", stack.Frame{Module: "PDO", Function: "__construct",
			Raw: `#0 /var/www/src/Repository/UserRepository.php(41): PDO->__construct()`},
			frames.Frame{Module: "PDO", Function: "__construct", Reason: reasonRuntime}},
		{"dd-trace-php internal function", stack.Frame{Function: "curl_exec",
			Raw: `#0 /var/www/vendor/guzzlehttp/guzzle/src/Handler/CurlHandler.php(44): curl_exec()`},
			frames.Frame{Function: "curl_exec", Reason: reasonRuntime}},
		{"dd-trace-php library frame", stack.Frame{Module: `GuzzleHttp\Client`, Function: "request",
			Raw: `#0 /var/www/src/Payment/GatewayClient.php(52): GuzzleHttp\Client->request()`},
			frames.Frame{Module: `GuzzleHttp\Client`, Function: "request", Reason: reasonLibraryNS}},

		// OpenTelemetry SDK form: "." namespaces, base-name files.
		{"OTel method", stack.Frame{Module: "App.Service.OrderService", Function: "exportLines", File: "OrderService.php", Line: 24,
			Raw: "at App.Service.OrderService.exportLines(OrderService.php:24)"},
			frames.Frame{Module: `App\Service\OrderService`, Function: "exportLines", InApp: true}},
		{"OTel closure", stack.Frame{Module: "App.Service.OrderService", Function: "App.Service.{closure}", File: "OrderService.php", Line: 26},
			frames.Frame{Module: `App\Service\OrderService`, Function: "{closure}", InApp: true}},
		{"OTel namespaced function", stack.Frame{Module: "Abc.Def", Function: "create", File: "test.php", Line: 16},
			frames.Frame{Module: `Abc\Def`, Function: "create", InApp: true}},
		{"OTel internal function at the throw", stack.Frame{Function: "intdiv", File: "Money.php", Line: 22},
			frames.Frame{Function: "intdiv", Reason: reasonRuntime}},
		{"OTel library frame", stack.Frame{Module: "Illuminate.Database.Connection", Function: "runQueryCallback", File: "Connection.php", Line: 760},
			frames.Frame{Module: `Illuminate\Database\Connection`, Function: "runQueryCallback", Reason: reasonLibraryNS}},
		{"OTel main", stack.Frame{Function: "{main}", File: "index.php", Line: 7},
			frames.Frame{Module: "index.php", Function: "{main}", InApp: true}},

		// PHP 8.4 closure names hold a line number.
		{"PHP 8.4 closure in a method", stack.Frame{Module: `App\Services\ReportBuilder`,
			Function: `{closure:App\Services\ReportBuilder::build():52}`, File: "/var/www/app/Services/ReportBuilder.php", Line: 58},
			frames.Frame{Module: `App\Services\ReportBuilder`, Function: "{closure}", InApp: true}},
		{"PHP 8.4 nested closure in a library", stack.Frame{Module: `Illuminate\Pipeline\Pipeline`,
			Function: `{closure:{closure:Illuminate\Pipeline\Pipeline::carry():144}:145}`,
			File:     "/var/www/vendor/laravel/framework/src/Illuminate/Pipeline/Pipeline.php", Line: 170},
			frames.Frame{Module: `Illuminate\Pipeline\Pipeline`, Function: "{closure}", Ignored: true, Reason: reasonDispatch}},
		{"PHP 8.4 route file closure", stack.Frame{Function: "{closure:/var/www/routes/web.php:14}", File: "/var/www/routes/web.php", Line: 15},
			frames.Frame{Module: "web.php", Function: "{closure}", InApp: true}},
		{"PHP 8.4 route file closure without location (dd-trace-php)", stack.Frame{Function: "{closure:/srv/app/releases/3/routes/web.php:14}"},
			frames.Frame{Module: "web.php", Function: "{closure}", InApp: true}},
		{"PHP 8.4 nested route file closure without location", stack.Frame{Function: "{closure:{closure:/var/www/routes/api.php:14}:16}"},
			frames.Frame{Module: "api.php", Function: "{closure}", InApp: true}},
		{"PHP 8.4 closure in a namespaced function without location", stack.Frame{Function: `{closure:App\Support\retry():12}`},
			frames.Frame{Module: `App\Support`, Function: "{closure}", InApp: true}},
		{"PHP 8.2 closure in a namespaced function without location", stack.Frame{Function: `App\Support\{closure}`},
			frames.Frame{Module: `App\Support`, Function: "{closure}", InApp: true}},
		{"PHP 8.2 closure outside a class", stack.Frame{Function: `{closure}`, File: "/app/routes/web.php", Line: 15},
			frames.Frame{Module: "web.php", Function: "{closure}", InApp: true}},

		// Install roots, third-party and runtime locations.
		{"distribution package", stack.Frame{Module: "Net_SMTP", Function: "connect", File: "/usr/share/php/Net/SMTP.php", Line: 400},
			frames.Frame{Module: "Net_SMTP", Function: "connect", Reason: reasonSystem}},
		{"Windows vendor path", stack.Frame{Module: `Monolog\Logger`, Function: "addRecord", File: `C:\inetpub\shop\vendor\monolog\monolog\src\Monolog\Logger.php`, Line: 3},
			frames.Frame{Module: `Monolog\Logger`, Function: "addRecord", Reason: reasonVendor}},
		{"Laravel compiled view", stack.Frame{Function: "require", File: "/var/www/storage/framework/views/3f9a1c8e5b2d4f6a7c8e9b0a1d2c3e4f5a6b7c8d.php", Line: 12},
			frames.Frame{Function: "require", InApp: true}},
		{"Twig template class", stack.Frame{Module: "__TwigTemplate_8d6b2f3a4c5e6d7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f", Function: "doDisplay",
			File: "/var/www/var/cache/prod/twig/8d/8d6b2f3a.php", Line: 40},
			frames.Frame{Module: "__TwigTemplate", Function: "doDisplay", InApp: true}},

		// Noise.
		{"call_user_func_array", stack.Frame{Function: "call_user_func_array", Flags: stack.Native},
			frames.Frame{Function: "call_user_func_array", Ignored: true, Reason: reasonDynamicCall}},
		{"reflection", stack.Frame{Module: "ReflectionMethod", Function: "invokeArgs", Flags: stack.Native},
			frames.Frame{Module: "ReflectionMethod", Function: "invokeArgs", Ignored: true, Reason: reasonReflection}},
		{"Closure::call", stack.Frame{Module: "Closure", Function: "call", Flags: stack.Native},
			frames.Frame{Module: "Closure", Function: "call", Ignored: true, Reason: reasonClosureCall}},
		{"Symfony kernel", stack.Frame{Module: `Symfony\Component\HttpKernel\HttpKernel`, Function: "handleRaw",
			File: "/var/www/vendor/symfony/http-kernel/HttpKernel.php", Line: 181},
			frames.Frame{Module: `Symfony\Component\HttpKernel\HttpKernel`, Function: "handleRaw", Ignored: true, Reason: reasonDispatch}},
		{"Laravel router dispatch", stack.Frame{Module: `Illuminate\Routing\Router`, Function: "runRouteWithinStack",
			File: "/var/www/html/vendor/laravel/framework/src/Illuminate/Routing/Router.php", Line: 805},
			frames.Frame{Module: `Illuminate\Routing\Router`, Function: "runRouteWithinStack", Ignored: true, Reason: reasonDispatch}},
		{"Laravel URL generator is not dispatch", stack.Frame{Module: `Illuminate\Routing\UrlGenerator`, Function: "route",
			File: "/var/www/html/vendor/laravel/framework/src/Illuminate/Routing/UrlGenerator.php", Line: 477},
			frames.Frame{Module: `Illuminate\Routing\UrlGenerator`, Function: "route", Reason: reasonVendor}},
		{"Laravel library middleware", stack.Frame{Module: `Illuminate\Routing\Middleware\SubstituteBindings`, Function: "handle",
			File: "/var/www/html/vendor/laravel/framework/src/Illuminate/Routing/Middleware/SubstituteBindings.php", Line: 50},
			frames.Frame{Module: `Illuminate\Routing\Middleware\SubstituteBindings`, Function: "handle", Ignored: true, Reason: reasonMiddleware}},
		{"warning converted by Laravel", stack.Frame{Module: `Illuminate\Foundation\Bootstrap\HandleExceptions`, Function: "handleError",
			File: "/var/www/html/app/Services/PriceFormatter.php", Line: 31,
			Raw: `#0 /var/www/html/vendor/laravel/framework/src/Illuminate/Foundation/Bootstrap/HandleExceptions.php(255): Illuminate\Foundation\Bootstrap\HandleExceptions->handleError(2, 'Undefined array...', '/var/www/html/a...', 31)`},
			frames.Frame{Module: `Illuminate\Foundation\Bootstrap\HandleExceptions`, Function: "handleError", InApp: true, Ignored: true, Reason: reasonErrorHandler}},
		{"facade forwarding", stack.Frame{Module: `Illuminate\Support\Facades\Facade`, Function: "__callStatic",
			File: "/var/www/html/vendor/laravel/framework/src/Illuminate/Support/Facades/Facade.php", Line: 338},
			frames.Frame{Module: `Illuminate\Support\Facades\Facade`, Function: "__callStatic", Ignored: true, Reason: reasonProxy}},
		{"application __call is kept", stack.Frame{Module: `App\Support\Fluent`, Function: "__call", File: "/var/www/html/app/Support/Fluent.php", Line: 20},
			frames.Frame{Module: `App\Support\Fluent`, Function: "__call", InApp: true}},
		{"Doctrine proxy", stack.Frame{Module: `Proxies\__CG__\App\Entity\User`, Function: "getName",
			File: "/var/www/var/cache/prod/doctrine/orm/Proxies/__CG__AppEntityUser.php", Line: 30},
			frames.Frame{Module: `Proxies\__CG__\App\Entity\User`, Function: "getName", InApp: true, Ignored: true, Reason: reasonProxy}},
		{"Symfony compiled container", stack.Frame{Module: `ContainerXa5Yz3q\getOrderServiceService`, Function: "do",
			File: "/var/www/var/cache/prod/ContainerXa5Yz3q/getOrderServiceService.php", Line: 22},
			frames.Frame{Module: `ContainerXa5Yz3q\getOrderServiceService`, Function: "do", InApp: true, Ignored: true, Reason: reasonContainer}},
		{"an application namespace starting with Container", stack.Frame{Module: `ContainerTracking\Scanner`, Function: "scan",
			File: "/var/www/src/ContainerTracking/Scanner.php", Line: 22},
			frames.Frame{Module: `ContainerTracking\Scanner`, Function: "scan", InApp: true}},
		{"generator resumption", stack.Frame{Module: "Generator", Function: "current", Flags: stack.Native},
			frames.Frame{Module: "Generator", Function: "current", Ignored: true, Reason: reasonCoroutine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got frames.Frame
			Normalize(&tt.in, &got)
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// A frame normalises alike in PHP's own text, dd-trace-php's and the OpenTelemetry SDK's.
func TestFormsAgree(t *testing.T) {
	dir := stacktest.FixtureDir(t, "php")
	pairs := []struct{ native, other string }{
		{"array_map_closure.txt", "hand_otel_closure.txt"},
		{"next_chain.txt", "fatal_uncaught_next.txt"}, // with and without arguments
	}
	for _, p := range pairs {
		a, b := framestest.ParseFile(t, parser.Parse, filepath.Join(dir, p.native)), framestest.ParseFile(t, parser.Parse, filepath.Join(dir, p.other))
		if len(a.Exceptions[0].Frames) != len(b.Exceptions[0].Frames) {
			t.Fatalf("%s and %s: frame counts differ", p.native, p.other)
		}
		for i := range a.Exceptions[0].Frames {
			var fa, fb frames.Frame
			Normalize(&a.Exceptions[0].Frames[i], &fa)
			Normalize(&b.Exceptions[0].Frames[i], &fb)
			if fa.Function != fb.Function || (fa.Module != fb.Module && fa.Function != "{main}") {
				t.Errorf("%s frame %d: %q %q vs %q %q", p.native, i, fa.Module, fa.Function, fb.Module, fb.Function)
			}
		}
	}
}

// TestInvariance checks the manifest of testdata/invariance/php: variants that must keep the issue
// contribute the (Module, Function) frames of their base (at most 12 per exception), variants with another
// stack (same type and service) do not.
func TestInvariance(t *testing.T) {
	framestest.Suite{Dir: framestest.Dir(t, "php"), Language: "php", Parse: parser.Parse, Normalize: Normalize,
		Caps: []int{12}, ServiceAndTypeDecide: true}.Run(t)
}

// Normalising a native frame allocates nothing; only the OTel form's "." names are rebuilt.
func TestNormalizeAllocs(t *testing.T) {
	tr := framestest.ParseFile(t, parser.Parse, filepath.Join(stacktest.FixtureDir(t, "php"), "hand_laravel_vendor.txt"))
	var out frames.Frame
	allocs := testing.AllocsPerRun(100, func() {
		for i := range tr.Exceptions {
			for j := range tr.Exceptions[i].Frames {
				Normalize(&tr.Exceptions[i].Frames[j], &out)
			}
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per trace", allocs)
	}
}

func BenchmarkNormalize(b *testing.B) {
	framestest.Benchmark(b, parser.Parse, Normalize, stacktest.Fixtures(b, stacktest.FixtureDir(b, "php")))
}
