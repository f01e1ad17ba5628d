// Package php reduces PHP stack frames to what survives deploys. The parser (internal/stackparse/php)
// gives every frame the function and the location inside it; the three printed forms (PHP's own
// Throwable::__toString and fatal "Uncaught" output, dd-trace-php's argument-free copy of it, and the
// OpenTelemetry SDK's Java-like text with "." namespaces and base-name files) normalise alike.
//
// Module:
//   - A method's class, namespace included ("App\Service\OrderService"). PHP class names are unique in a
//     process and never hold install roots or versions, so the class alone is stable across roots,
//     Composer updates, PHP upgrades and edits. The OTel form's "App.Service.OrderService" is turned back
//     into the "\" form (the only case that allocates): PHP names cannot contain ".", so the mapping is
//     exact. Anonymous classes keep their "class@anonymous" or "Parent@anonymous" name; the NUL-separated
//     path and counter PHP appends vary and the parser drops them. Generated class names lose their
//     hash suffix ("__TwigTemplate_8d6b..." is "__TwigTemplate": Twig hashes its version into it).
//   - A named function's namespace ("App\Support\format_cents" is module "App\Support", function
//     "format_cents"; a global function has no module). PHP function names are unique in a process too,
//     so the file adds nothing, and dd-trace-php, which prints no location for the throwing frame, gives
//     the same pair as the native form.
//   - Closures without a class, "{main}" and include/require frames: the base name of the file
//     ("web.php", "index.php"). The install root cannot be told apart from the project layout ("/app",
//     "/srv/app/releases/20240101/", "/var/www/html" all end in names projects use for their own
//     directories), so only the base name is root-proof; it is also all the OTel form prints. Trade-off:
//     two such frames in same-named files of different directories compare equal, and then still need
//     the same callers and exception type to merge. Base names that are hashes (Laravel's compiled views
//     "storage/framework/views/<sha1>.php", which hashed the absolute path in older versions) give no
//     module. A classless closure in a namespace is the exception: the OTel form cannot tell it from a
//     class, so there its module is the namespace.
//   - An eval frame has none: the frame after it, which called eval, names the same file.
//
// Function: the method or function name. Every closure is "{closure}": PHP 8.2 prints
// "App\Service\{closure}", 8.4 "{closure:App\Service\OrderService::export():24}" with the line of the
// closure, nested as "{closure:{closure:...:144}:145}", or "{closure:/path/routes/web.php:14}". Keeping the
// enclosing method of the 8.4 form would split every issue on the 8.2 -> 8.4 upgrade, so a closure is
// told apart by its class or file and by its callers. "{main}", "include", "require_once", "eval" are kept.
//
// In-app, for frames with a path: not in a "vendor" directory (Composer, whatever the vendor-dir prefix)
// nor under "/usr/share/php/" or "/usr/share/pear/" (distribution packages); everything else is the
// application. Internal functions are runtime: those the parser flags Native (called from "[internal
// function]"), and a non-closure frame #0 whose location is its own call site, which is how PHP prints an
// internal function that threw (intdiv, PDO->__construct), internal code having no line of its own.
// Frames without a directory (the OTel form's base names, dd-trace-php's throwing frame, "[unknown
// file]") are judged by name: global names are runtime (PHP's functions and classes are global; legacy
// global-namespace application code loses these few frames), and so are extension namespaces (Random,
// Dom, Ds, Swoole...); the root namespaces of well-known libraries and frameworks (Illuminate, Symfony,
// GuzzleHttp, Doctrine...) are third-party, and so is a frame a Composer package calls from inside itself
// ("vendor/acme/http/src/Router.php(21): Acme\Http\Router->match()": dd-trace-php's throwing frame in a
// library); every other namespace is the application. Under OTel, frames of a library outside that list
// count as in-app, and a version bump that changes them moves the issue; user rules in the config fix
// that for a given service.
//
// Ignored: framework dispatch (Laravel pipeline, router, controller dispatchers, HTTP kernel, container
// calls, event and bus dispatchers; Symfony HttpKernel, event dispatcher, Messenger middleware, Console
// and Runtime runners; Slim and Laminas middleware pipes); middleware entry points ("handle", "process",
// "__invoke" of a class named *Middleware or in a Middleware namespace, the application's own included)
// except at the crash site, so that adding a middleware around the same controller keeps the issue while
// a middleware that throws keeps its frame (the OTel form numbers no frames, so there even that one is
// ignored); call_user_func and its kin, reflection, Closure::call/__invoke, generators and fibers;
// warning-to-exception error handlers ("handleError", Laravel's HandleExceptions); __call/__callStatic
// forwarding in libraries (facades); generated proxies (Doctrine "__CG__", ProxyManager); Symfony's
// compiled container, whose "Container<hash>" namespace changes with every cache build; telemetry SDKs.
package php

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Reasons for frames that are not in-app or are ignored.
const (
	reasonVendor       = "third-party: vendor"
	reasonSystem       = "third-party: system library"
	reasonLibraryNS    = "third-party: library namespace"
	reasonRuntime      = "runtime"
	reasonDispatch     = "framework dispatch"
	reasonMiddleware   = "middleware"
	reasonDynamicCall  = "dynamic call"
	reasonReflection   = "reflection"
	reasonClosureCall  = "closure invocation"
	reasonCoroutine    = "coroutine machinery"
	reasonErrorHandler = "error handler"
	reasonProxy        = "dynamic proxy"
	reasonContainer    = "generated container"
	reasonTelemetry    = "telemetry instrumentation"
)

const closureName = "{closure}"

// Normalize fills out with what f contributes to grouping.
func Normalize(f *stack.Frame, out *frames.Frame) {
	*out = frames.Frame{}
	class, fn := f.Module, f.Function
	location := f.File
	closure := isClosure(fn)
	switch {
	case closure:
		out.Function = closureName
		switch {
		case class != "":
			out.Module = classModule(class)
		case location != "":
			out.Module = fileModule(location)
		default:
			// dd-trace-php prints no location for the throwing frame; PHP 8.4 names the file itself.
			if p := closurePath(fn); p != "" {
				location = p
				out.Module = fileModule(p)
			} else {
				out.Module = closureScope(fn)
			}
		}
	case class != "":
		out.Module, out.Function = classModule(class), fn
	case fn == "eval":
		// eval'd code is run by the next frame, which names the same file; dd-trace-php prints no
		// location for a throwing eval frame.
		out.Function = fn
	case fn == "{main}" || isPseudo(fn):
		out.Module, out.Function = fileModule(location), fn
	default:
		out.Module, out.Function = splitFunction(fn)
	}

	switch {
	case f.Flags&stack.Native != 0:
		out.Reason = reasonRuntime
	case hasDir(location):
		switch {
		case !closure && ownCallSite(f):
			out.Reason = reasonRuntime
		case inVendor(location):
			out.Reason = reasonVendor
		case strings.HasPrefix(location, "/usr/share/php/") || strings.HasPrefix(location, "/usr/share/pear/"):
			out.Reason = reasonSystem
		default:
			out.InApp = true
		}
	case fn == "{main}" || isPseudo(fn):
		out.InApp = true // the application's own scripts and templates
	default:
		name := class
		if name == "" {
			name = fn
		}
		out.Reason = nameReason(name)
		if out.Reason == "" && calledByOwnPackage(f.Raw, name) {
			out.Reason = reasonVendor
		}
		out.InApp = out.Reason == ""
	}

	if r := noise(out.Module, fn, class != "", closure, out.InApp, stack.HasPrefix(f.Raw, "#0 ")); r != "" {
		out.Ignored, out.Reason = true, r
	}
}

// isClosure matches "{closure}", PHP 8.2's "App\Service\{closure}" and PHP 8.4's "{closure:...}".
func isClosure(fn string) bool {
	return strings.HasSuffix(fn, "{closure}") || strings.HasPrefix(fn, "{closure:")
}

// isPseudo matches the frames PHP prints for code that runs outside a function.
func isPseudo(fn string) bool {
	switch fn {
	case "include", "include_once", "require", "require_once", "eval":
		return true
	}
	return false
}

func hasDir(path string) bool {
	return path != "" && (path[0] == '/' || strings.IndexByte(path, '/') >= 0 || strings.IndexByte(path, '\\') >= 0)
}

// inVendor reports a path with a "vendor" directory. It looks for "vendor" rather than "/vendor/" because
// paths are full of slashes and seldom hold a "v".
func inVendor(path string) bool {
	for i := 0; ; {
		j := strings.Index(path[i:], "vendor")
		if j < 0 {
			return false
		}
		i += j
		if i > 0 && i+len("vendor") < len(path) {
			before, after := path[i-1], path[i+len("vendor")]
			if (before == '/' || before == '\\') && (after == '/' || after == '\\') {
				return true
			}
		}
		i += len("vendor")
	}
}

// ownCallSite reports a native frame #0 whose location is the call site printed on its own line: the
// function has no line of its own, so it is an internal one.
func ownCallSite(f *stack.Frame) bool {
	s, ok := strings.CutPrefix(f.Raw, "#0 ")
	if !ok || f.File == "" {
		return false
	}
	s, ok = strings.CutPrefix(s, f.File)
	if !ok || len(s) < 3 || s[0] != '(' {
		return false
	}
	end := strings.IndexByte(s, ')')
	if end < 0 {
		return false
	}
	n, ok := stack.Atoi(s[1:end])
	return ok && n == f.Line
}

// classModule returns the class in PHP's own "\" form without generated hash suffixes.
func classModule(class string) string {
	if strings.IndexByte(class, '.') >= 0 {
		class = strings.ReplaceAll(class, ".", `\`)
	}
	return trimHashSuffix(class)
}

// trimHashSuffix drops "_<16+ hex digits>" ending the name of a generated class.
func trimHashSuffix(class string) string {
	i := len(class)
	for i > 0 && isHex(class[i-1]) {
		i--
	}
	if len(class)-i < 16 || i == 0 || class[i-1] != '_' {
		return class
	}
	return class[:i-1]
}

func isHash(s string) bool {
	if len(s) < 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// fileModule returns the base name of a file (of the file that called eval, for code eval'd there:
// "/x/RuleEngine.php(10) : eval()'d code"), or "" when the name is a hash.
func fileModule(path string) string {
	if j := strings.Index(path, ") : "); j > 0 {
		if k := strings.LastIndexByte(path[:j], '('); k > 0 {
			path = path[:k]
		}
	}
	name := frames.Basename(path)
	if isHash(frames.TrimExtension(name)) {
		return ""
	}
	return name
}

// closurePath returns the file PHP 8.4 names in "{closure:/path/file.php:14}", nested or not, or "".
func closurePath(fn string) string {
	for strings.HasPrefix(fn, "{closure:") {
		fn = fn[len("{closure:"):]
	}
	if !strings.HasPrefix(fn, "/") && !(len(fn) > 2 && fn[1] == ':' && (fn[2] == '\\' || fn[2] == '/')) {
		return ""
	}
	if i := strings.IndexByte(fn, '}'); i >= 0 {
		fn = fn[:i]
	}
	if rest, _, ok := stack.CutSuffixNumber(fn, ':'); ok {
		return rest
	}
	return fn
}

// closureScope returns what names a closure that has neither class nor file: the namespace of a PHP 8.2
// name ("App\Support\{closure}" is "App\Support"), or the enclosing function's namespace or class a
// PHP 8.4 name gives ("{closure:App\Support\helper():12}" is "App\Support" too).
func closureScope(fn string) string {
	for strings.HasPrefix(fn, "{closure:") {
		fn = fn[len("{closure:"):]
	}
	if i := strings.Index(fn, "::"); i >= 0 {
		return classModule(fn[:i])
	}
	if i := strings.IndexByte(fn, '('); i >= 0 {
		fn = fn[:i]
	}
	i := strings.LastIndexAny(fn, `\.`)
	if i < 0 {
		return ""
	}
	return classModule(fn[:i])
}

// splitFunction splits a namespaced function name into namespace and short name.
func splitFunction(fn string) (module, function string) {
	if i := strings.LastIndexByte(fn, '\\'); i >= 0 {
		return fn[:i], fn[i+1:]
	}
	return "", fn
}

// nameReason judges a frame without a directory by the root namespace of its class, or of its function
// when it has no class.
func nameReason(name string) string {
	for strings.HasPrefix(name, "{closure:") {
		name = name[len("{closure:"):]
	}
	if at := strings.IndexByte(name, '@'); at >= 0 {
		if name[:at] == "class" {
			return "" // an anonymous class without a parent: nothing tells where it lives
		}
		name = name[:at]
	}
	i := strings.IndexAny(name, `\.`)
	switch {
	case i < 0:
		return reasonRuntime
	case runtimeNamespace(name[:i]):
		return reasonRuntime
	case libraryNamespace(name[:i]):
		return reasonLibraryNS
	}
	return ""
}

// calledByOwnPackage reports a frame called from a Composer package whose vendor name is the root
// namespace of the frame's code ("vendor/acme/http/src/Router.php(23): Acme\Http\Router->match()"): a
// library calling itself. dd-trace-php prints no location for the throwing frame, and this is what tells a
// library that threw from the application code the library called back.
func calledByOwnPackage(raw, name string) bool {
	i := strings.Index(raw, "/vendor/")
	if i < 0 || !stack.HasPrefix(raw, "#") {
		return false
	}
	if end := strings.Index(raw, "): "); end < i {
		return false
	}
	vendor := raw[i+len("/vendor/"):]
	vendor = vendor[:max(strings.IndexByte(vendor, '/'), 0)]
	root := name[:max(strings.IndexAny(name, `\.`), 0)]
	return vendor != "" && sameName(vendor, root)
}

// sameName compares a Composer vendor name with a namespace, ignoring case, '-' and '_'.
func sameName(vendor, namespace string) bool {
	j := 0
	for i := 0; i < len(vendor); i++ {
		c := vendor[i]
		if c == '-' || c == '_' {
			continue
		}
		if j >= len(namespace) || c|0x20 != namespace[j]|0x20 {
			return false
		}
		j++
	}
	return j == len(namespace)
}

// runtimeNamespace lists root namespaces of PHP itself and of extensions.
func runtimeNamespace(root string) bool {
	switch root {
	case "Random", "Dom", "Pdo", "FFI", "Ds", "Swoole", "OpenSwoole", "Parallel", "Decimal":
		return true
	}
	return false
}

// libraryNamespace lists root namespaces of widely used Composer packages.
func libraryNamespace(root string) bool {
	switch root {
	case "Illuminate", "Laravel", "Livewire", "Inertia", "Filament", "Spatie",
		"Symfony", "Doctrine", "Twig", "Monolog", "Psr", "Composer", "GuzzleHttp", "Http", "Nyholm",
		"League", "Carbon", "Ramsey", "Predis", "PhpAmqpLib", "Aws", "Google", "Stripe", "Elastic",
		"Elasticsearch", "MongoDB", "Firebase", "Lcobucci", "Webmozart", "Egulias", "Brick", "Slim",
		"Laminas", "Mezzio", "Zend", "Yii", "yii", "Cake", "CodeIgniter", "Phalcon", "Nette", "Tracy",
		"PHPUnit", "Mockery", "Prophecy", "Pest", "Faker", "Dotenv", "PhpParser", "React", "Amp",
		"OpenTelemetry", "DDTrace", "Sentry", "Whoops", "JMS", "FOS", "Sabre", "phpseclib3":
		return true
	}
	return false
}

// noise returns why a frame must not contribute, or "".
func noise(module, fn string, isClass, closure, inApp, crashSite bool) string {
	if !isClass {
		switch fn {
		case "call_user_func", "call_user_func_array", "forward_static_call", "forward_static_call_array":
			return reasonDynamicCall
		}
		return ""
	}
	if r := classNoise(module, fn, closure); r != "" {
		return r
	}
	switch fn {
	case "handleError":
		return reasonErrorHandler
	case "__call", "__callStatic", "forwardCallTo", "forwardDecoratedCallTo":
		if !inApp {
			return reasonProxy
		}
	case "handle", "process", "__invoke":
		if !crashSite && isMiddleware(module) {
			return reasonMiddleware
		}
	}
	if hashedContainer(module) {
		return reasonContainer
	}
	return ""
}

// classNoise knows the dispatch and indirection classes of PHP and its main frameworks.
func classNoise(class, fn string, closure bool) string {
	switch class {
	case "Closure":
		return reasonClosureCall
	case "ReflectionMethod", "ReflectionFunction", "ReflectionClass":
		return reasonReflection
	case "Generator", "Fiber":
		return reasonCoroutine
	case "Illuminate\\Foundation\\Bootstrap\\HandleExceptions", "Symfony\\Component\\ErrorHandler\\ErrorHandler":
		return reasonErrorHandler
	case "Illuminate\\Pipeline\\Pipeline", "Illuminate\\Routing\\Pipeline",
		"Illuminate\\Routing\\ControllerDispatcher", "Illuminate\\Routing\\CallableDispatcher",
		"Illuminate\\Container\\BoundMethod", "Illuminate\\Container\\Util",
		"Illuminate\\Events\\Dispatcher", "Illuminate\\Bus\\Dispatcher", "Illuminate\\Queue\\CallQueuedHandler",
		"Symfony\\Component\\HttpKernel\\HttpKernel",
		"Symfony\\Component\\EventDispatcher\\EventDispatcher",
		"Symfony\\Component\\EventDispatcher\\Debug\\WrappedListener",
		"Symfony\\Component\\EventDispatcher\\Debug\\TraceableEventDispatcher",
		"Symfony\\Component\\Messenger\\MessageBus", "Symfony\\Component\\Messenger\\TraceableMessageBus",
		"Symfony\\Component\\Messenger\\RoutableMessageBus",
		"Slim\\MiddlewareDispatcher", "Slim\\Routing\\RouteRunner",
		"Psr\\Http\\Server\\RequestHandlerInterface@anonymous", "Relay\\Runner":
		return reasonDispatch
	case "Illuminate\\Routing\\Router":
		if closure || fn == "dispatch" || fn == "dispatchToRoute" || fn == "runRoute" || fn == "runRouteWithinStack" {
			return reasonDispatch
		}
	case "Illuminate\\Routing\\Route":
		if fn == "run" || fn == "runController" || fn == "runCallable" {
			return reasonDispatch
		}
	case "Illuminate\\Routing\\Controller":
		if fn == "callAction" {
			return reasonDispatch
		}
	case "Illuminate\\Foundation\\Http\\Kernel", "Illuminate\\Foundation\\Console\\Kernel":
		if closure || fn == "handle" || fn == "sendRequestThroughRouter" {
			return reasonDispatch
		}
	case "Illuminate\\Foundation\\Application":
		if fn == "handleRequest" || fn == "handleCommand" {
			return reasonDispatch
		}
	case "Illuminate\\Container\\Container":
		if fn == "call" {
			return reasonDispatch
		}
	case "Symfony\\Component\\HttpKernel\\Kernel":
		if fn == "handle" {
			return reasonDispatch
		}
	case "Symfony\\Component\\Console\\Application":
		if fn == "run" || fn == "doRun" || fn == "doRunCommand" {
			return reasonDispatch
		}
	case "Symfony\\Component\\Console\\Command\\Command":
		if fn == "run" {
			return reasonDispatch
		}
	case "Slim\\App", "Slim\\Routing\\Route":
		if fn == "handle" || fn == "run" {
			return reasonDispatch
		}
	}
	switch {
	case strings.HasPrefix(class, "Symfony\\Component\\Messenger\\Middleware\\"),
		strings.HasPrefix(class, "Symfony\\Component\\Runtime\\"),
		strings.HasPrefix(class, "Slim\\Middleware\\"), strings.HasPrefix(class, "Slim\\Handlers\\Strategies\\"),
		strings.HasPrefix(class, "Laminas\\Stratigility\\"):
		return reasonDispatch
	case strings.HasPrefix(class, "Proxies\\__CG__\\"), strings.HasPrefix(class, "ProxyManagerGeneratedProxy\\"):
		return reasonProxy
	case strings.HasPrefix(class, "DDTrace\\"), strings.HasPrefix(class, "OpenTelemetry\\"),
		strings.HasPrefix(class, "Sentry\\"):
		return reasonTelemetry
	}
	return ""
}

// isMiddleware matches a class named "*Middleware" or living in a "Middleware" namespace.
func isMiddleware(class string) bool {
	return strings.HasSuffix(class, "Middleware") || strings.Contains(class, `\Middleware\`)
}

// hashedContainer matches Symfony's compiled container namespace, "Container" and a 7-character hash
// that changes whenever the container is rebuilt ("ContainerXa5Yz3q\getOrderServiceService").
func hashedContainer(class string) bool {
	rest, ok := strings.CutPrefix(class, "Container")
	if !ok || len(rest) < 8 || rest[7] != '\\' {
		return false
	}
	mixed := false
	for i := 0; i < 7; i++ {
		c := rest[i]
		switch {
		case c >= '0' && c <= '9', i > 0 && c >= 'A' && c <= 'Z':
			mixed = true
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		default:
			return false
		}
	}
	return mixed
}
