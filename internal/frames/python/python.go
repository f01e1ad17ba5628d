// Package python reduces CPython traceback frames to what survives deploys. A Python frame prints only a
// file path and the code object's co_name, so the module is derived from the path, as a slash-separated
// path without the ".py" extension:
//
//   - Third-party code: the path after the last "site-packages/" or "dist-packages/" (or
//     "__pypackages__/X.Y/lib/", or an AWS Lambda layer's "/opt/python/"), with a leading "*.egg"
//     directory dropped. Virtualenv location, prefix, interpreter and library versions never show:
//     ".../venv/lib/python3.11/site-packages/flask/app.py" and
//     "/usr/local/lib/python3.12/site-packages/flask/app.py" are both "flask/app". Not in-app.
//   - Standard library: the path after "lib/pythonX.Y/" ("lib64", "pypyX.Y", free-threaded "python3.13t",
//     a Windows "\Lib\", an embeddable "pythonXY.zip"); a frozen module "<frozen os>" is "os", the name the
//     same module has when it is not frozen (os was a file before 3.11). Not in-app.
//   - Application code: the install root cannot be told apart from the package path, so only the file and
//     its parent directory are kept ("/srv/shop/orders/repository.py" is "orders/repository"), and the
//     parent only when it can be a package: a Python identifier that is not a conventional install root
//     ("app", "src", "srv", "code", ...). So "/app/main.py", "/srv/my-svc/main.py" and
//     "C:\deploy\20240311\main.py" are all "main". Trade-off: any change of root is invisible, at the
//     cost of merging same-named files in same-named directories of different packages ("a/api/views.py"
//     and "b/api/views.py"), which then still need the same function, call path and exception type to
//     share an issue. Keeping more of the path would split issues whenever the root depth differs. A
//     top-level script under a root that looks like a package ("/home/u/proj/main.py") keeps "proj".
//
// The function is co_name as printed; "<lambda>", "<genexpr>" and "<module>" are stable names. Frames of
// list, dict and set comprehensions are ignored because CPython 3.12 inlines them (PEP 709): the enclosing
// function, which every version prints, stands for them.
//
// Ignored frames: import machinery (importlib bootstrap, runpy), asyncio loop/task/future machinery,
// thread and process pool plumbing, threading and multiprocessing bootstraps, functools and contextlib
// wrappers, framework dispatch (Flask, Django handlers and middleware, Starlette/FastAPI routing and
// middleware, Celery tracing, ASGI/WSGI servers, the AWS Lambda runtime in /var/runtime), tracer
// instrumentation (ddtrace, OpenTelemetry instrumentations, wrapt, sentry_sdk, newrelic, elasticapm), code
// with no file ("<string>" from exec, dataclass and attrs generated methods, SyntaxError locations in
// compiled strings), and decorator inner functions by their conventional names ("wrapper", "inner",
// "wrapped", "decorated", "_wrapped_view", "wrapper_*"), in-app or not, so that adding a decorator around
// the same function does not move the bug to a new issue. A decorator that raises by itself is then
// represented by the app frames that called it.
package python

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Reasons for frames that are not in-app or are ignored.
const (
	reasonThirdParty    = "third-party: site-packages"
	reasonConsoleScript = "third-party: console script"
	reasonExtension     = "compiled extension"
	reasonStdlib        = "stdlib"
	reasonNoFile        = "no source file"
	reasonGenerated     = "generated code"
	reasonImport        = "import machinery"
	reasonRuntime       = "runtime"
	reasonAsync         = "async machinery"
	reasonPool          = "thread/process pool machinery"
	reasonThread        = "thread machinery"
	reasonWrapper       = "decorator wrapper"
	reasonContext       = "context manager machinery"
	reasonComprehension = "comprehension (inlined since 3.12)"
	reasonDispatch      = "framework dispatch"
	reasonTelemetry     = "telemetry instrumentation"
)

// Normalize fills out with what f contributes to grouping.
func Normalize(f *stack.Frame, out *frames.Frame) {
	*out = frames.Frame{Function: f.Function}
	path := f.File
	switch {
	case path == "":
		out.Reason = reasonNoFile
		return
	case path[0] == '<':
		pseudoFile(path, f.Function, out)
		return
	}
	windows := false
	if strings.IndexByte(path, '\\') >= 0 {
		path = strings.ReplaceAll(path, `\`, "/")
		windows = true
	}
	if rel, ok := thirdParty(path); ok {
		out.Module = trimPy(rel)
		out.Reason = reasonThirdParty
		if r := libraryNoise(out.Module, f.Function); r != "" {
			out.Ignored, out.Reason = true, r
		}
	} else if strings.HasPrefix(path, "/var/runtime/") {
		// The AWS Lambda runtime's event loop, around every handler.
		out.Module, out.Ignored, out.Reason = trimPy(path[len("/var/runtime/"):]), true, reasonDispatch
		return
	} else if rel, ok := stdlib(path, windows); ok {
		out.Module = trimPy(rel)
		out.Reason = reasonStdlib
		if r := stdlibNoise(out.Module, f.Function); r != "" {
			out.Ignored, out.Reason = true, r
		}
	} else {
		out.Module = appModule(path)
		out.InApp = true
		if isConsoleScript(path) {
			out.InApp, out.Reason = false, reasonConsoleScript
		} else if isExtension(path) {
			out.InApp, out.Reason = false, reasonExtension
		}
	}
	if !out.Ignored {
		functionNoise(f.Function, out)
	}
}

// pseudoFile handles co_filename values in angle brackets: frozen standard modules, and code compiled
// from strings, which has no file to fix.
func pseudoFile(path, function string, out *frames.Frame) {
	name, ok := strings.CutPrefix(path, "<frozen ")
	if !ok || !strings.HasSuffix(name, ">") {
		out.Module, out.Ignored, out.Reason = path, true, reasonGenerated
		return
	}
	out.Module, out.Reason = frozenModule(name[:len(name)-1]), reasonStdlib
	if r := stdlibNoise(out.Module, function); r != "" {
		out.Ignored, out.Reason = true, r
	} else {
		functionNoise(function, out)
	}
}

// frozenModule turns a dotted frozen module name into the path form of the same module as a file.
func frozenModule(name string) string {
	switch name {
	// The frozen modules CPython prints most, spelled out so that they cost no allocation.
	case "importlib._bootstrap":
		return "importlib/_bootstrap"
	case "importlib._bootstrap_external":
		return "importlib/_bootstrap_external"
	case "importlib.util":
		return "importlib/util"
	case "importlib.machinery":
		return "importlib/machinery"
	}
	if strings.IndexByte(name, '.') < 0 {
		return name
	}
	return strings.ReplaceAll(name, ".", "/")
}

// thirdParty returns the path below the last directory that holds third-party packages: site-packages,
// dist-packages (Debian), or __pypackages__/X.Y/lib (PEP 582).
func thirdParty(path string) (string, bool) {
	rel, found := "", false
	// One forward search for the word the markers share: strings.Index is much faster than LastIndex.
	for i := 0; ; {
		j := strings.Index(path[i:], "packages")
		if j < 0 {
			break
		}
		j += i
		i = j + len("packages")
		switch {
		case j >= 6 && (path[j-6:j] == "/site-" || path[j-6:j] == "/dist-") && strings.HasPrefix(path[i:], "/"):
			rel, found = path[i+1:], true
		case j >= 5 && path[j-5:j] == "/__py" && strings.HasPrefix(path[i:], "__/"):
			if r, ok := skipSegments(path[i+3:], 2); ok {
				rel, found = r, true
			}
		}
	}
	if !found {
		// An AWS Lambda layer's packages live in /opt/python, beside site-packages.
		rest, ok := strings.CutPrefix(path, "/opt/python/")
		if !ok {
			return path, false
		}
		rel = rest
	}
	// An egg directory names the distribution and its version: foo-1.2-py3.11.egg/foo/x.py.
	if j := strings.IndexByte(rel, '/'); j > 0 && strings.HasSuffix(rel[:j], ".egg") {
		rel = rel[j+1:]
	}
	return rel, true
}

// skipSegments drops the first n directories of path.
func skipSegments(path string, n int) (string, bool) {
	for range n {
		j := strings.IndexByte(path, '/')
		if j < 0 {
			return path, false
		}
		path = path[j+1:]
	}
	return path, true
}

// stdlib returns the path below the standard library directory, the last one of the path.
func stdlib(path string, windows bool) (string, bool) {
	rel, found := "", false
	prev, start := "", 0
	for i := 0; i < len(path); i++ {
		if path[i] != '/' {
			continue
		}
		// Only names starting with p, l or L can be library directories: skip the others cheaply.
		if seg := path[start:i]; len(seg) > 2 && (seg[0] == 'p' || seg[0] == 'l' || seg[0] == 'L') {
			switch {
			case isPythonDir(seg) && (prev == "lib" || prev == "lib64" || prev == "Lib"),
				isStdlibZip(seg), seg == "lib_pypy", windows && seg == "Lib":
				rel, found = path[i+1:], true
			}
		}
		prev, start = path[start:i], i+1
	}
	return rel, found
}

// isPythonDir matches the versioned library directory of an interpreter: "python3.11", "python3.13t",
// "python3", "pypy3.10".
func isPythonDir(seg string) bool {
	if rest, ok := strings.CutPrefix(seg, "python"); ok {
		seg = rest
	} else if rest, ok := strings.CutPrefix(seg, "pypy"); ok {
		seg = rest
	} else {
		return false
	}
	// ABI flags: free-threaded, debug, pymalloc.
	return isVersionNumber(strings.TrimRight(seg, "tdm"))
}

// isVersionNumber matches digits and dots starting with a digit: "3.11", "3", "311".
func isVersionNumber(seg string) bool {
	if seg == "" || seg[0] < '0' || seg[0] > '9' {
		return false
	}
	for i := 0; i < len(seg); i++ {
		if c := seg[i]; (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}

// isStdlibZip matches the zipped standard library of embeddable distributions: "python311.zip".
func isStdlibZip(seg string) bool {
	name, ok := strings.CutSuffix(seg, ".zip")
	return ok && strings.HasPrefix(name, "python") && isPythonDir(name)
}

// appModule keeps the file and, when it can be a package, its parent directory.
func appModule(path string) string {
	path = trimPy(path)
	slash := strings.LastIndexByte(path, '/')
	if slash < 0 {
		return path
	}
	parentStart := strings.LastIndexByte(path[:slash], '/') + 1
	if !isPackageDir(path[parentStart:slash]) {
		return path[slash+1:]
	}
	return path[parentStart:]
}

// isPackageDir reports whether a directory can be an importable package rather than part of the install
// root: a Python identifier that is not one of the usual deployment roots.
func isPackageDir(dir string) bool {
	if dir == "" || (dir[0] >= '0' && dir[0] <= '9') {
		return false
	}
	for i := 0; i < len(dir); i++ {
		c := dir[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80) {
			return false
		}
	}
	switch dir {
	case "app", "src", "srv", "code", "opt", "home", "root", "usr", "var", "tmp", "www", "workspace", "workdir",
		"project":
		return false
	}
	return true
}

// isConsoleScript matches the launchers pip writes into a bin or Scripts directory ("/venv/bin/gunicorn"):
// they have no extension.
func isConsoleScript(path string) bool {
	slash := strings.LastIndexByte(path, '/')
	if slash < 0 || strings.IndexByte(path[slash+1:], '.') >= 0 {
		return false
	}
	dir := path[:slash]
	return strings.HasSuffix(dir, "/bin") || strings.HasSuffix(dir, "/Scripts")
}

// isExtension matches Cython sources, which libraries print with their build-relative path
// ("src/lxml/etree.pyx", "pandas/_libs/lib.pyx", "uvloop/loop.pyx") and no site-packages.
func isExtension(path string) bool {
	return strings.HasSuffix(path, ".pyx") || strings.HasSuffix(path, ".pxi") || strings.HasSuffix(path, ".pxd")
}

func trimPy(path string) string {
	return strings.TrimSuffix(path, ".py")
}

// functionNoise marks frames whose function name says they are plumbing wherever they live.
func functionNoise(fn string, out *frames.Frame) {
	switch {
	case fn == "<listcomp>" || fn == "<dictcomp>" || fn == "<setcomp>":
		out.Ignored, out.Reason = true, reasonComprehension
	case isWrapperName(fn):
		out.Ignored, out.Reason = true, reasonWrapper
	}
}

// isWrapperName matches the conventional names of the inner function a decorator returns.
func isWrapperName(fn string) bool {
	fn = strings.TrimLeft(fn, "_")
	switch fn {
	case "wrapper", "wrapped", "inner", "decorated", "wrapped_view", "view_wrapper", "wrapper_view",
		"wrapped_func", "wrapper_func", "wrapped_function", "wrapped_f":
		return true
	}
	return strings.HasPrefix(fn, "wrapper_")
}

// stdlibNoise returns why a standard library frame must not contribute, or "".
func stdlibNoise(mod, fn string) string {
	switch mod {
	case "runpy":
		return reasonRuntime
	case "importlib/__init__", "importlib/_bootstrap", "importlib/_bootstrap_external":
		return reasonImport
	case "functools":
		return reasonWrapper
	case "contextlib":
		return reasonContext
	case "threading":
		if fn == "run" || fn == "_bootstrap" || fn == "_bootstrap_inner" {
			return reasonThread
		}
	case "asyncio/events", "asyncio/base_events", "asyncio/runners", "asyncio/tasks", "asyncio/taskgroups",
		"asyncio/futures", "asyncio/selector_events", "asyncio/proactor_events", "asyncio/unix_events",
		"asyncio/windows_events":
		return reasonAsync
	case "multiprocessing/process", "multiprocessing/pool", "multiprocessing/spawn", "multiprocessing/forkserver",
		"multiprocessing/popen_fork", "multiprocessing/popen_forkserver", "multiprocessing/popen_spawn_posix",
		"multiprocessing/popen_spawn_win32":
		return reasonPool
	}
	if strings.HasPrefix(mod, "concurrent/futures/") {
		return reasonPool
	}
	return ""
}

// libraryNoise returns why a third-party frame must not contribute, or "": framework dispatch around
// views and tasks, ASGI/WSGI server plumbing and tracer instrumentation, which differ between deploys
// (middleware added, tracing switched on) around the same application frames.
func libraryNoise(mod, fn string) string {
	top, _, _ := strings.Cut(mod, "/")
	switch top {
	case "flask":
		if mod == "flask/app" {
			switch fn {
			case "__call__", "wsgi_app", "full_dispatch_request", "dispatch_request", "handle_user_exception",
				"handle_exception":
				return reasonDispatch
			}
		}
	case "django":
		if strings.HasPrefix(mod, "django/core/handlers/") || mod == "django/utils/deprecation" ||
			mod == "django/views/generic/base" && (fn == "view" || fn == "dispatch") {
			return reasonDispatch
		}
	case "starlette":
		switch mod {
		case "starlette/routing", "starlette/applications", "starlette/_exception_handler", "starlette/concurrency",
			"starlette/_utils":
			return reasonDispatch
		}
		if strings.HasPrefix(mod, "starlette/middleware/") {
			return reasonDispatch
		}
	case "fastapi":
		if mod == "fastapi/applications" || strings.HasPrefix(mod, "fastapi/middleware/") ||
			mod == "fastapi/routing" && (fn == "app" || fn == "run_endpoint_function") {
			return reasonDispatch
		}
	case "celery":
		if mod == "celery/app/trace" || mod == "celery/app/task" && fn == "__call__" {
			return reasonDispatch
		}
	case "uvicorn":
		if strings.HasPrefix(mod, "uvicorn/protocols/") || strings.HasPrefix(mod, "uvicorn/middleware/") {
			return reasonDispatch
		}
	case "gunicorn":
		if strings.HasPrefix(mod, "gunicorn/workers/") {
			return reasonDispatch
		}
	case "werkzeug":
		if mod == "werkzeug/serving" || strings.HasPrefix(mod, "werkzeug/debug/") {
			return reasonDispatch
		}
	case "anyio":
		if strings.HasPrefix(mod, "anyio/_backends/") || mod == "anyio/to_thread" || mod == "anyio/from_thread" {
			return reasonAsync
		}
	case "asgiref":
		return reasonAsync
	case "ddtrace", "wrapt", "sentry_sdk", "newrelic", "elasticapm":
		return reasonTelemetry
	case "opentelemetry":
		if strings.HasPrefix(mod, "opentelemetry/instrumentation/") {
			return reasonTelemetry
		}
	}
	return ""
}
