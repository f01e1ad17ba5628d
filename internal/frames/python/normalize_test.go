package python

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/frames/framestest"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
	pyparse "github.com/errorgrouping/errorgrouping/internal/stackparse/python"
)

type normCase struct {
	file, function   string
	module, wantFunc string
	inApp, ignored   bool
}

// Frames from the golden fixtures (testdata/stacks/python), from the invariance runs and from common
// deployments (Debian, RHEL, conda, PyPy, Windows, PEP 582, eggs, console scripts).
var normCases = []normCase{
	// Application code under the fixture root and under other roots.
	{"/tmp/errorgrouping-fixtures/python/app/shop/orders/repository.py", "fetch", "orders/repository", "fetch", true, false},
	{"/tmp/errorgrouping-invariance/python/srv/shop-api/shop/orders/repository.py", "fetch", "orders/repository", "fetch", true, false},
	{"/tmp/errorgrouping-invariance/python/home/deploy/releases/20240311-1/shop/api.py", "get_order", "shop/api", "get_order", true, false},
	{"/tmp/errorgrouping-fixtures/python/app/serve.py", "main", "serve", "main", true, false},
	{"/tmp/errorgrouping-invariance/python/srv/shop-api/replay.py", "replay", "replay", "replay", true, false},
	{"/tmp/errorgrouping-fixtures/python/app/shop/pricing.py", "<lambda>", "shop/pricing", "<lambda>", true, false},
	{"/tmp/errorgrouping-fixtures/python/app/shop/categories.py", "<genexpr>", "shop/categories", "<genexpr>", true, false},
	{"/tmp/errorgrouping-fixtures/python/app/shop/plugins/loyalty.py", "<module>", "plugins/loyalty", "<module>", true, false},
	{"/tmp/errorgrouping-fixtures/python/app/shop/plugins/__init__.py", "load", "plugins/__init__", "load", true, false},
	{"/app/orders/views.py", "get_order", "orders/views", "get_order", true, false},
	{"/srv/shop/app/api/orders.py", "create_orders", "api/orders", "create_orders", true, false},
	{"/app/src/shop/api/views.py", "get", "api/views", "get", true, false},
	{"/app/main.py", "<module>", "main", "<module>", true, false},
	{"/srv/my-svc/main.py", "<module>", "main", "<module>", true, false},
	{"/code/app/main.py", "read_item", "main", "read_item", true, false},
	{"/home/u/proj/main.py", "run", "proj/main", "run", true, false},
	{"main.py", "<module>", "main", "<module>", true, false},
	{"./jobs/nightly.py", "run", "jobs/nightly", "run", true, false},
	{`C:\Users\dev\shop\orders\repository.py`, "fetch", "orders/repository", "fetch", true, false},
	{`C:\deploy\20240311\main.py`, "main", "main", "main", true, false},
	{"/tmp/errorgrouping-fixtures/python/app/shop/rules.py", "", "shop/rules", "", true, false},
	// Decorator inner functions and comprehensions, in the app or not.
	{"/tmp/errorgrouping-invariance/python/app/shop/instrument.py", "wrapper", "shop/instrument", "wrapper", true, true},
	{"/app/accounts/decorators.py", "_wrapped_view", "accounts/decorators", "_wrapped_view", true, true},
	{"/app/shop/timing.py", "wrapper_timer", "shop/timing", "wrapper_timer", true, true},
	{"/tmp/errorgrouping-fixtures/python/venv/lib/python3.11/site-packages/courier/retry.py", "wrapper", "courier/retry", "wrapper", false, true},
	{"/tmp/errorgrouping-invariance/python/app/shop/pricing.py", "<listcomp>", "shop/pricing", "<listcomp>", true, true},
	{"/app/shop/report.py", "<dictcomp>", "shop/report", "<dictcomp>", true, true},
	// Third-party code: the path below site-packages whatever the venv, prefix and interpreter version.
	{"/tmp/errorgrouping-fixtures/python/venv/lib/python3.11/site-packages/courier/routing.py", "_invoke", "courier/routing", "_invoke", false, false},
	{"/tmp/errorgrouping-invariance/python/home/deploy/.venvs/shop/lib/python3.12/site-packages/courier/client.py", "_send_once", "courier/client", "_send_once", false, false},
	{"/srv/shop/.venv/lib/python3.12/site-packages/pydantic/main.py", "__init__", "pydantic/main", "__init__", false, false},
	{"/usr/lib/python3/dist-packages/requests/api.py", "get", "requests/api", "get", false, false},
	{"/usr/local/lib/python3.12/site-packages/myapp/main.py", "main", "myapp/main", "main", false, false},
	{"/usr/lib/python2.7/site-packages/foo-1.2-py2.7.egg/foo/bar.py", "baz", "foo/bar", "baz", false, false},
	{"/home/u/proj/__pypackages__/3.11/lib/flask/app.py", "make_response", "flask/app", "make_response", false, false},
	{`C:\proj\.venv\Lib\site-packages\requests\sessions.py`, "send", "requests/sessions", "send", false, false},
	{"/opt/python/opentelemetry/instrumentation/aws_lambda/__init__.py", "_instrumented_lambda_handler_call", "opentelemetry/instrumentation/aws_lambda/__init__", "_instrumented_lambda_handler_call", false, true},
	{"/opt/python/lib/python3.11/site-packages/requests/api.py", "get", "requests/api", "get", false, false},
	{"/var/runtime/bootstrap.py", "handle_event_request", "bootstrap", "handle_event_request", false, true},
	{"/var/task/lambda_function.py", "lambda_handler", "task/lambda_function", "lambda_handler", true, false},
	{"/app/.venv/bin/gunicorn", "<module>", "bin/gunicorn", "<module>", false, false},
	{"src/lxml/etree.pyx", "lxml.etree.parse", "lxml/etree.pyx", "lxml.etree.parse", false, false},
	// Framework dispatch and tracer instrumentation.
	{"/usr/local/lib/python3.12/site-packages/flask/app.py", "full_dispatch_request", "flask/app", "full_dispatch_request", false, true},
	{"/usr/local/lib/python3.12/site-packages/flask/app.py", "__call__", "flask/app", "__call__", false, true},
	{"/usr/local/lib/python3.12/site-packages/flask/app.py", "make_response", "flask/app", "make_response", false, false},
	{`C:\proj\.venv\Lib\site-packages\django\core\handlers\exception.py`, "inner", "django/core/handlers/exception", "inner", false, true},
	{"/venv/lib/python3.11/site-packages/django/views/generic/base.py", "dispatch", "django/views/generic/base", "dispatch", false, true},
	{"/venv/lib/python3.11/site-packages/starlette/middleware/errors.py", "__call__", "starlette/middleware/errors", "__call__", false, true},
	{"/venv/lib/python3.11/site-packages/fastapi/routing.py", "run_endpoint_function", "fastapi/routing", "run_endpoint_function", false, true},
	{"/venv/lib/python3.11/site-packages/fastapi/routing.py", "serialize_response", "fastapi/routing", "serialize_response", false, false},
	{"/venv/lib/python3.11/site-packages/celery/app/trace.py", "trace_task", "celery/app/trace", "trace_task", false, true},
	{"/venv/lib/python3.11/site-packages/celery/app/task.py", "retry", "celery/app/task", "retry", false, false},
	{"/venv/lib/python3.11/site-packages/ddtrace/contrib/flask/wrappers.py", "trace_func", "ddtrace/contrib/flask/wrappers", "trace_func", false, true},
	{"/tmp/errorgrouping-invariance/python/venv/lib/python3.11/site-packages/opentelemetry/instrumentation/courier/__init__.py", "_traced_invoke", "opentelemetry/instrumentation/courier/__init__", "_traced_invoke", false, true},
	// Standard library: after lib/pythonX.Y, frozen modules by their file name, machinery ignored.
	{"/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/runners.py", "run", "asyncio/runners", "run", false, true},
	{"/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/base_events.py", "run_until_complete", "asyncio/base_events", "run_until_complete", false, true},
	{"/root/.pyenv/versions/3.11.7/lib/python3.11/asyncio/taskgroups.py", "__aexit__", "asyncio/taskgroups", "__aexit__", false, true},
	{"/root/.pyenv/versions/3.11.7/lib/python3.11/concurrent/futures/_base.py", "__get_result", "concurrent/futures/_base", "__get_result", false, true},
	{"/root/.pyenv/versions/3.11.7/lib/python3.11/concurrent/futures/process.py", "<listcomp>", "concurrent/futures/process", "<listcomp>", false, true},
	{"/root/.pyenv/versions/3.11.7/lib/python3.11/importlib/__init__.py", "import_module", "importlib/__init__", "import_module", false, true},
	{"<frozen importlib._bootstrap>", "_gcd_import", "importlib/_bootstrap", "_gcd_import", false, true},
	{"<frozen importlib._bootstrap_external>", "exec_module", "importlib/_bootstrap_external", "exec_module", false, true},
	{"<frozen runpy>", "_run_module_as_main", "runpy", "_run_module_as_main", false, true},
	{"/usr/lib/python3.11/runpy.py", "_run_code", "runpy", "_run_code", false, true},
	{"<frozen os>", "__getitem__", "os", "__getitem__", false, false},
	{"/usr/lib/python3.10/os.py", "__getitem__", "os", "__getitem__", false, false},
	{"<frozen encodings.idna>", "encode", "encodings/idna", "encode", false, false},
	{"/usr/lib64/python3.11/json/decoder.py", "raw_decode", "json/decoder", "raw_decode", false, false},
	{"/opt/pypy/lib/pypy3.10/json/decoder.py", "raw_decode", "json/decoder", "raw_decode", false, false},
	{"/usr/lib/python311.zip/json/decoder.py", "raw_decode", "json/decoder", "raw_decode", false, false},
	{"/opt/conda/lib/python3.13t/threading.py", "_bootstrap_inner", "threading", "_bootstrap_inner", false, true},
	{"/usr/local/lib/python3.11/threading.py", "wait", "threading", "wait", false, false},
	{"/usr/local/lib/python3.11/functools.py", "wrapper", "functools", "wrapper", false, true},
	{"/usr/local/lib/python3.11/contextlib.py", "__exit__", "contextlib", "__exit__", false, true},
	{`C:\Python312\Lib\asyncio\events.py`, "_run", "asyncio/events", "_run", false, true},
	{`C:\Users\dev\AppData\Local\Programs\Python\Python311\Lib\json\decoder.py`, "raw_decode", "json/decoder", "raw_decode", false, false},
	// Code without a file.
	{"<rule spring-sale>", "", "<rule spring-sale>", "", false, true},
	{"<string>", "__init__", "<string>", "__init__", false, true},
	{"", "handler", "", "handler", false, false},
}

func TestNormalize(t *testing.T) {
	for _, c := range normCases {
		var got frames.Frame
		Normalize(&stack.Frame{File: c.file, Function: c.function, Line: 12}, &got)
		if got.Module != c.module || got.Function != c.wantFunc || got.InApp != c.inApp || got.Ignored != c.ignored {
			t.Errorf("%s in %s: got module %q function %q inApp %v ignored %v, want %q %q %v %v",
				c.function, c.file, got.Module, got.Function, got.InApp, got.Ignored,
				c.module, c.wantFunc, c.inApp, c.ignored)
		}
		if (got.Reason == "") != (got.InApp && !got.Ignored) {
			t.Errorf("%s in %s: reason %q for inApp %v ignored %v", c.function, c.file, got.Reason, got.InApp, got.Ignored)
		}
	}
}

func TestNormalizeAllocations(t *testing.T) {
	var fs []stack.Frame
	for _, c := range normCases {
		// Windows paths are rebuilt with slashes and dotted frozen names with slashes.
		if !strings.Contains(c.file, `\`) && c.file != "<frozen encodings.idna>" {
			fs = append(fs, stack.Frame{File: c.file, Function: c.function})
		}
	}
	var out frames.Frame
	if n := testing.AllocsPerRun(100, func() {
		for i := range fs {
			Normalize(&fs[i], &out)
		}
	}); n != 0 {
		t.Errorf("Normalize allocates %v times for %d frames", n, len(fs))
	}
}

// TestInvariance checks the deploy-invariance suite: every "same" variant contributes what its base does
// (each exception's type and all its selected frames), and every "different" variant with its own stack
// contributes something else (its types or its frames).
func TestInvariance(t *testing.T) {
	framestest.Suite{Dir: framestest.Dir(t, "python"), Language: "python", Parse: pyparse.Parse, Normalize: Normalize,
		Caps: []int{0}, Types: framestest.ParsedTypes}.Run(t)
}

func BenchmarkNormalize(b *testing.B) {
	var paths []string
	for _, dir := range []string{stacktest.FixtureDir(b, "python"), framestest.Dir(b, "python")} {
		top, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		more, _ := filepath.Glob(filepath.Join(dir, "*", "*.txt"))
		paths = append(append(paths, top...), more...)
	}
	framestest.Benchmark(b, pyparse.Parse, Normalize, paths)
}
