package python

import (
	"strconv"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
)

func TestGolden(t *testing.T) {
	stacktest.Golden(t, stacktest.FixtureDir(t, "python"), Parse)
}

func FuzzParse(f *testing.F) {
	stacktest.Fuzz(f, stacktest.FixtureDir(f, "python"), Parse)
}

func BenchmarkParse(b *testing.B) {
	stacktest.Bench(b, stacktest.FixtureDir(b, "python"), Parse)
}

type wantFrame struct {
	fn, file string
	line     int
}

type wantException struct {
	typ, msg string
	rel      stack.Relation
	parent   int
	omitted  int
	frames   []wantFrame
}

func check(t *testing.T, text string, opts stack.Options, truncated bool, want []wantException) {
	t.Helper()
	var tr stack.Trace
	Parse(text, opts, &tr)
	stacktest.CheckInvariants(t, text, &tr)
	if tr.Language != stack.Python {
		t.Errorf("language = %v", tr.Language)
	}
	if tr.Truncated != truncated {
		t.Errorf("truncated = %v, want %v", tr.Truncated, truncated)
	}
	if len(tr.Exceptions) != len(want) {
		t.Fatalf("%d exceptions, want %d: %+v", len(tr.Exceptions), len(want), tr.Exceptions)
	}
	for i, w := range want {
		e := tr.Exceptions[i]
		if e.Type != w.typ || e.Message != w.msg || e.Relation != w.rel || e.Parent != w.parent || e.Omitted != w.omitted {
			t.Errorf("exception %d = {%q %q %v %d omitted %d}, want {%q %q %v %d omitted %d}", i,
				e.Type, e.Message, e.Relation, e.Parent, e.Omitted, w.typ, w.msg, w.rel, w.parent, w.omitted)
		}
		if len(e.Frames) != len(w.frames) {
			t.Errorf("exception %d: %d frames, want %d: %+v", i, len(e.Frames), len(w.frames), e.Frames)
			continue
		}
		for j, wf := range w.frames {
			f := e.Frames[j]
			if f.Function != wf.fn || f.File != wf.file || f.Line != wf.line || f.Module != "" {
				t.Errorf("exception %d frame %d = %q %q %d (module %q), want %q %q %d", i, j,
					f.Function, f.File, f.Line, f.Module, wf.fn, wf.file, wf.line)
			}
		}
	}
}

func TestFramesCrashSiteFirst(t *testing.T) {
	text := `Traceback (most recent call last):
  File "/app/orders/views.py", line 17, in get_order
    order = repo.fetch(order_id)
            ^^^^^^^^^^^^^^^^^^^^
  File "/app/orders/db.py", line 31, in fetch
    return self._rows[order_id]
           ~~~~~~~~~~^^^^^^^^^^
KeyError: 42
`
	check(t, text, stack.Options{}, false, []wantException{{typ: "KeyError", msg: "42", rel: stack.Root, parent: -1,
		frames: []wantFrame{{"fetch", "/app/orders/db.py", 31}, {"get_order", "/app/orders/views.py", 17}}}})

	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	if raw := tr.Exceptions[0].Frames[0].Raw; raw != `File "/app/orders/db.py", line 31, in fetch` {
		t.Errorf("raw = %q", raw)
	}
}

func TestSyntaxErrorLocation(t *testing.T) {
	// Compiling code gives a frame with no function; a script that fails to compile prints no header.
	check(t, `Traceback (most recent call last):
  File "/app/shop/rules.py", line 8, in load_rule
    code = compile(source, f"<rule {name}>", "exec")
           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "<rule spring-sale>", line 2
    discount = cart.total *
                           ^
SyntaxError: invalid syntax
`, stack.Options{}, false, []wantException{{typ: "SyntaxError", msg: "invalid syntax", rel: stack.Root, parent: -1,
		frames: []wantFrame{{"", "<rule spring-sale>", 2}, {"load_rule", "/app/shop/rules.py", 8}}}})

	check(t, `  File "/app/settings.py", line 1
    DEBUG = = True
            ^
SyntaxError: invalid syntax
`, stack.Options{}, false, []wantException{{typ: "SyntaxError", msg: "invalid syntax", rel: stack.Root, parent: -1,
		frames: []wantFrame{{"", "/app/settings.py", 1}}}})
}

func TestRepeatedFramesCountAsOmitted(t *testing.T) {
	check(t, `Traceback (most recent call last):
  File "/app/tree.py", line 10, in walk
    return walk(node.child)
  File "/app/tree.py", line 10, in walk
    return walk(node.child)
  File "/app/tree.py", line 10, in walk
    return walk(node.child)
  [Previous line repeated 1 more time]
  File "/app/tree.py", line 10, in walk
    return walk(node.child)
  [Previous line repeated 996 more times]
RecursionError: maximum recursion depth exceeded
`, stack.Options{}, false, []wantException{{typ: "RecursionError", msg: "maximum recursion depth exceeded", rel: stack.Root,
		parent: -1, omitted: 997, frames: []wantFrame{
			{"walk", "/app/tree.py", 10}, {"walk", "/app/tree.py", 10}, {"walk", "/app/tree.py", 10}, {"walk", "/app/tree.py", 10}}}})
}

func TestChainLastTracebackIsReported(t *testing.T) {
	// A cause that was never raised has no traceback, only its exception line.
	check(t, `ValueError: quantity must be positive

The above exception was the direct cause of the following exception:

Traceback (most recent call last):
  File "/app/db.py", line 5, in save
    raise IntegrityError("rejected") from ValueError("quantity must be positive")
app.db.IntegrityError: rejected

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/app/api.py", line 9, in create
    db.save(order)
  File "/app/api.py", line 12, in create
    raise BadRequest("invalid order")
app.errors.BadRequest: invalid order
`, stack.Options{}, false, []wantException{
		{typ: "app.errors.BadRequest", msg: "invalid order", rel: stack.Root, parent: -1,
			frames: []wantFrame{{"create", "/app/api.py", 12}, {"create", "/app/api.py", 9}}},
		{typ: "app.db.IntegrityError", msg: "rejected", rel: stack.Context, parent: 0,
			frames: []wantFrame{{"save", "/app/db.py", 5}}},
		{typ: "ValueError", msg: "quantity must be positive", rel: stack.Cause, parent: 1},
	})
}

func TestExceptionLines(t *testing.T) {
	frame := "Traceback (most recent call last):\n  File \"/app/job.py\", line 3, in run\n    step()\n"
	frames := []wantFrame{{"run", "/app/job.py", 3}}
	for _, c := range []struct {
		name, last, typ, msg string
	}{
		{"bare type of the main module", "RetryBudgetExhausted\n", "RetryBudgetExhausted", ""},
		{"int key", "KeyError: 42\n", "KeyError", "42"},
		{"class defined in a function", "app.tests.test_job.<locals>.Boom: x\n", "app.tests.test_job.<locals>.Boom", "x"},
		{"message on following lines", "shop.errors.ValidationError: 2 errors\nemail\n  field required\n\n",
			"shop.errors.ValidationError", "2 errors\nemail\n  field required"},
		{"notes after a bare type", "RetryBudgetExhausted\nattempt 3 of 3\n", "RetryBudgetExhausted", "attempt 3 of 3"},
		{"empty message then lines", "concurrent.futures.process._RemoteTraceback: \n\"\"\"\nboom\n\"\"\"\n",
			"concurrent.futures.process._RemoteTraceback", "\"\"\"\nboom\n\"\"\""},
		{"not an exception line", "Segmentation fault (core dumped)\n", "", "Segmentation fault (core dumped)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			check(t, frame+c.last, stack.Options{}, false,
				[]wantException{{typ: c.typ, msg: c.msg, rel: stack.Root, parent: -1, frames: frames}})
		})
	}
}

func TestBareExceptionLine(t *testing.T) {
	check(t, "Exception: Critical fail!", stack.Options{}, false,
		[]wantException{{typ: "Exception", msg: "Critical fail!", rel: stack.Root, parent: -1}})
}

func TestLogPrefixIsSkipped(t *testing.T) {
	check(t, "ERROR:shop.api:request failed\r\nTraceback (most recent call last):\r\n  File \"/app/api.py\", line 9, in create\r\n    db.save(order)\r\nValueError: bad\r\n",
		stack.Options{}, false, []wantException{{typ: "ValueError", msg: "bad", rel: stack.Root, parent: -1,
			frames: []wantFrame{{"create", "/app/api.py", 9}}}})
}

const nestedGroup = `  + Exception Group Traceback (most recent call last):
  |   File "/app/jobs.py", line 14, in run_all
  | ExceptionGroup: outer (4 sub-exceptions)
  +-+---------------- 1 ----------------
    | ExceptionGroup: inner (2 sub-exceptions)
    +-+---------------- 1 ----------------
      | Traceback (most recent call last):
      |   File "/app/jobs.py", line 6, in g
      |   File "/app/jobs.py", line 3, in f
      | ValueError: bad id
      | 
      | The above exception was the direct cause of the following exception:
      | 
      | Traceback (most recent call last):
      |   File "/app/jobs.py", line 10, in run_all
      |   File "/app/jobs.py", line 8, in g
      | RuntimeError: lookup failed
      | note on the member
      +---------------- 2 ----------------
      | TypeError: t
      +------------------------------------
    +---------------- 2 ----------------
    | OSError: 1
    +---------------- 3 ----------------
    | ... (max_group_depth is 10)
    +---------------- ... ----------------
    | and 2 more exceptions
    +------------------------------------
`

func TestExceptionGroupTree(t *testing.T) {
	check(t, nestedGroup, stack.Options{}, false, []wantException{
		{typ: "ExceptionGroup", msg: "outer (4 sub-exceptions)", rel: stack.Root, parent: -1,
			frames: []wantFrame{{"run_all", "/app/jobs.py", 14}}},
		{typ: "ExceptionGroup", msg: "inner (2 sub-exceptions)", rel: stack.Member, parent: 0},
		// Inside a box a message keeps only its first line: the others carry the margin.
		{typ: "RuntimeError", msg: "lookup failed", rel: stack.Member, parent: 1,
			frames: []wantFrame{{"g", "/app/jobs.py", 8}, {"run_all", "/app/jobs.py", 10}}},
		{typ: "ValueError", msg: "bad id", rel: stack.Cause, parent: 2,
			frames: []wantFrame{{"f", "/app/jobs.py", 3}, {"g", "/app/jobs.py", 6}}},
		{typ: "TypeError", msg: "t", rel: stack.Member, parent: 1},
		{typ: "OSError", msg: "1", rel: stack.Member, parent: 0},
		// Members past the depth or width limits are only counted in the text.
	})
}

func TestExceptionGroupInChain(t *testing.T) {
	// A group never raised prints no header; the exception raised while handling it is the reported one.
	check(t, `  | ExceptionGroup: batch (2 sub-exceptions)
  +-+---------------- 1 ----------------
    | ValueError: a
    +---------------- 2 ----------------
    | KeyError: 'b'
    +------------------------------------

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/app/api.py", line 96, in sync
    raise ServiceUnavailable("2 warehouses out of sync")
shop.api.ServiceUnavailable: 2 warehouses out of sync
`, stack.Options{}, false, []wantException{
		{typ: "shop.api.ServiceUnavailable", msg: "2 warehouses out of sync", rel: stack.Root, parent: -1,
			frames: []wantFrame{{"sync", "/app/api.py", 96}}},
		{typ: "ExceptionGroup", msg: "batch (2 sub-exceptions)", rel: stack.Context, parent: 0},
		{typ: "ValueError", msg: "a", rel: stack.Member, parent: 1},
		{typ: "KeyError", msg: "'b'", rel: stack.Member, parent: 1},
	})
}

func TestAgentCut(t *testing.T) {
	// The agent cuts at 25,000 bytes and appends "...": here inside the last frame line, which is dropped.
	head := "Traceback (most recent call last):\n  File \"/app/models.py\", line 4, in validate\nValueError: "
	tail := "\n\nThe above exception was the direct cause of the following exception:\n\n" +
		"Traceback (most recent call last):\n  File \"/app/api.py\", line 5, in handler\n    process(batch)\n" +
		"  File \"/app/service.py\", line 9, in proc"
	text := head + strings.Repeat("x", agentCap-len(head)-len(tail)) + tail + "..."
	check(t, text, stack.Options{}, true, []wantException{
		{rel: stack.Root, parent: -1, frames: []wantFrame{{"handler", "/app/api.py", 5}}},
		{typ: "ValueError", msg: strings.Repeat("x", agentCap-len(head)-len(tail)), rel: stack.Cause, parent: 0,
			frames: []wantFrame{{"validate", "/app/models.py", 4}}},
	})
}

func TestCutInsideLastTraceback(t *testing.T) {
	// An attribute length limit cuts without a marker: frames with no exception line after them.
	check(t, "Traceback (most recent call last):\n  File \"/app/api.py\", line 5, in handler\n    process(batch)\n  File \"/app/ser",
		stack.Options{}, true, []wantException{{rel: stack.Root, parent: -1, frames: []wantFrame{{"handler", "/app/api.py", 5}}}})
	check(t, "Traceback (most recent call last):\n  File \"/app/a.py\", line 1, in f\nKeyError: 42\n\nDuring handling of the above exception, another exception occurred:\n\n",
		stack.Options{}, true, []wantException{{typ: "KeyError", msg: "42", rel: stack.Root, parent: -1,
			frames: []wantFrame{{"f", "/app/a.py", 1}}}})
}

func TestOverCapReadsTheEnd(t *testing.T) {
	var b strings.Builder
	b.WriteString("Traceback (most recent call last):\n")
	for i := 1; i <= 40; i++ {
		b.WriteString("  File \"/app/walk.py\", line " + strconv.Itoa(i) + ", in step\n    return step(n - 1)\n")
	}
	b.WriteString("  File \"/app/walk.py\", line 99, in leaf\n    raise LookupError(n)\nLookupError: 0\n")
	text := b.String()
	var tr stack.Trace
	Parse(text, stack.Options{MaxBytes: 300}, &tr)
	stacktest.CheckInvariants(t, text, &tr)
	if !tr.Truncated || len(tr.Exceptions) != 1 {
		t.Fatalf("truncated %v, %d exceptions", tr.Truncated, len(tr.Exceptions))
	}
	e := tr.Exceptions[0]
	if e.Type != "LookupError" || e.Message != "0" || len(e.Frames) == 0 || len(e.Frames) > 6 {
		t.Fatalf("got %q %q with %d frames", e.Type, e.Message, len(e.Frames))
	}
	if f := e.Frames[0]; f.Function != "leaf" || f.Line != 99 {
		t.Errorf("crash site = %s:%d", f.Function, f.Line)
	}
	for _, f := range e.Frames[1:] {
		if f.Function != "step" {
			t.Errorf("frame %q from the cut start", f.Function)
		}
	}
}

// Samples of the other languages' formats, which must not read as Python.
var otherFormats = map[string]string{
	"jvm":        "java.lang.IllegalStateException: boom\n\tat com.acme.OrderService.process(OrderService.java:42)\n\tat com.acme.Main.main(Main.java:5)\n",
	"go":         "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:5 +0x1d\nexit status 2\n",
	"javascript": "TypeError: x is not a function\n    at f (/x.js:1:2)\n    at Object.<anonymous> (/x.js:3:1)\n",
	"ruby":       "x.rb:1:in 'f': boom (RuntimeError)\n\tfrom x.rb:5:in '<main>'\n",
	"dotnet":     "System.InvalidOperationException: boom\n   at A.B.C() in /x.cs:line 5\n   at A.B.Main() in /x.cs:line 9\n",
	"php":        "PHP Fatal error:  Uncaught Exception: boom in /x.php:3\nStack trace:\n#0 /x.php(3): f()\n#1 {main}\n  thrown in /x.php on line 3\n",
}

func TestScore(t *testing.T) {
	for name, text := range map[string]string{
		"traceback": "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\nValueError: x\n",
		"frames":    "  File \"x.py\", line 1, in f\n    g()\n  File \"x.py\", line 2, in g\n",
		"group":     nestedGroup,
	} {
		if s := Score(text); s < 90 {
			t.Errorf("%s: score %d, want >= 90", name, s)
		}
	}
	if s := Score(`  File "x.py", line 1, in f`); s < 70 {
		t.Errorf("one frame line: score %d", s)
	}
	if s := Score("Exception: Critical fail!"); s == 0 || s > 20 {
		t.Errorf("bare exception line: score %d, want low but not 0", s)
	}
	for name, text := range otherFormats {
		if s := Score(text); s > 10 {
			t.Errorf("%s: score %d, want <= 10", name, s)
		}
		var tr stack.Trace
		Parse(text, stack.Options{}, &tr)
		if n := tr.FrameCount(); n != 0 {
			t.Errorf("%s: parsed %d frames", name, n)
		}
	}
	// The end of a long text counts too: a traceback after a long log.
	long := strings.Repeat("log line\n", 2000) + "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\nValueError: x\n"
	if s := Score(long); s < 90 {
		t.Errorf("traceback at the end of a long text: score %d", s)
	}
	if testing.AllocsPerRun(10, func() { Score(long) }) != 0 {
		t.Error("Score allocates")
	}
}

// A worker process's traceback travels in the message of a RemoteTraceback, which the caller's re-raised
// exception has as its cause; it is parsed as the cause of the RemoteTraceback.
func TestRemoteTraceback(t *testing.T) {
	const remote = "concurrent.futures.process._RemoteTraceback: \n\"\"\"\n" +
		"Traceback (most recent call last):\n" +
		"  File \"/usr/lib/python3.11/concurrent/futures/process.py\", line 261, in _process_worker\n" +
		"    r = call_item.fn(*call_item.args, **call_item.kwargs)\n" +
		"  File \"/app/shop/worker.py\", line 8, in render_invoice\n" +
		"    raise InvoiceError(f\"invoice for order {order_id} has no lines\")\n" +
		"shop.errors.InvoiceError: invoice for order 3 has no lines\n\"\"\"\n"
	const caller = "\nThe above exception was the direct cause of the following exception:\n\n" +
		"Traceback (most recent call last):\n" +
		"  File \"/app/shop/worker.py\", line 14, in render_all\n" +
		"    return list(pool.map(render_invoice, order_ids))\n" +
		"shop.errors.InvoiceError: invoice for order 3 has no lines\n"
	remoteMsg := remote[strings.Index(remote, `"""`) : strings.LastIndex(remote, `"""`)+3]
	worker := wantException{typ: "shop.errors.InvoiceError", msg: "invoice for order 3 has no lines",
		rel: stack.Cause, parent: 1, frames: []wantFrame{
			{"render_invoice", "/app/shop/worker.py", 8},
			{"_process_worker", "/usr/lib/python3.11/concurrent/futures/process.py", 261}}}

	t.Run("process pool", func(t *testing.T) {
		check(t, remote+caller, stack.Options{}, false, []wantException{
			{typ: "shop.errors.InvoiceError", msg: "invoice for order 3 has no lines", rel: stack.Root, parent: -1,
				frames: []wantFrame{{"render_all", "/app/shop/worker.py", 14}}},
			{typ: "concurrent.futures.process._RemoteTraceback", msg: remoteMsg, rel: stack.Cause, parent: 0},
			worker,
		})
	})
	t.Run("crlf", func(t *testing.T) {
		text := strings.ReplaceAll(remote+caller, "\n", "\r\n")
		var tr stack.Trace
		Parse(text, stack.Options{}, &tr)
		stacktest.CheckInvariants(t, text, &tr)
		if len(tr.Exceptions) != 3 || len(tr.Exceptions[2].Frames) != 2 || tr.Exceptions[2].Frames[0].Function != "render_invoice" {
			t.Fatalf("got %+v", tr.Exceptions)
		}
	})
	t.Run("multiprocessing pool, chained in the worker", func(t *testing.T) {
		text := "multiprocessing.pool.RemoteTraceback: \n\"\"\"\n" +
			"Traceback (most recent call last):\n" +
			"  File \"/app/jobs.py\", line 5, in load\n" +
			"KeyError: 'sku'\n\n" +
			"During handling of the above exception, another exception occurred:\n\n" +
			"Traceback (most recent call last):\n" +
			"  File \"/app/jobs.py\", line 7, in load\n" +
			"ValueError: no sku\n\"\"\"\n" + caller
		check(t, text, stack.Options{}, false, []wantException{
			{typ: "shop.errors.InvoiceError", msg: "invoice for order 3 has no lines", rel: stack.Root, parent: -1,
				frames: []wantFrame{{"render_all", "/app/shop/worker.py", 14}}},
			{typ: "multiprocessing.pool.RemoteTraceback", msg: text[strings.Index(text, `"""`) : strings.LastIndex(text, `"""`)+3],
				rel: stack.Cause, parent: 0},
			{typ: "ValueError", msg: "no sku", rel: stack.Cause, parent: 1, frames: []wantFrame{{"load", "/app/jobs.py", 7}}},
			{typ: "KeyError", msg: "'sku'", rel: stack.Context, parent: 2, frames: []wantFrame{{"load", "/app/jobs.py", 5}}},
		})
	})
	t.Run("remote traceback reported alone", func(t *testing.T) {
		check(t, remote, stack.Options{}, false, []wantException{
			{typ: "concurrent.futures.process._RemoteTraceback", msg: remoteMsg, rel: stack.Root, parent: -1},
			{typ: worker.typ, msg: worker.msg, rel: stack.Cause, parent: 0, frames: worker.frames},
		})
	})
	t.Run("worker quoting its own worker", func(t *testing.T) {
		text := "concurrent.futures.process._RemoteTraceback: \n\"\"\"\n" + remote +
			"\nThe above exception was the direct cause of the following exception:\n\n" +
			"Traceback (most recent call last):\n" +
			"  File \"/app/shop/batch.py\", line 3, in run\n" +
			"shop.errors.InvoiceError: invoice for order 3 has no lines\n\"\"\"\n" + caller
		var tr stack.Trace
		Parse(text, stack.Options{}, &tr)
		stacktest.CheckInvariants(t, text, &tr)
		var got []string
		for _, e := range tr.Exceptions {
			fn := ""
			if len(e.Frames) > 0 {
				fn = e.Frames[0].Function
			}
			got = append(got, e.Type+" "+e.Relation.String()+" "+strconv.Itoa(e.Parent)+" "+fn)
		}
		want := []string{
			"shop.errors.InvoiceError root -1 render_all",
			"concurrent.futures.process._RemoteTraceback cause 0 ",
			"shop.errors.InvoiceError cause 1 run",
			"concurrent.futures.process._RemoteTraceback cause 2 ",
			"shop.errors.InvoiceError cause 3 render_invoice",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
	t.Run("cut inside the quotes", func(t *testing.T) {
		text := remote[:strings.Index(remote, "shop.errors.InvoiceError")]
		check(t, text, stack.Options{}, false, []wantException{
			{typ: "concurrent.futures.process._RemoteTraceback", msg: text[strings.Index(text, `"""`) : len(text)-1],
				rel: stack.Root, parent: -1},
		})
	})
	t.Run("other types keep a quoted traceback as message", func(t *testing.T) {
		text := strings.Replace(remote, "concurrent.futures.process._RemoteTraceback", "shop.errors.JobFailed", 1)
		check(t, text, stack.Options{}, false, []wantException{
			{typ: "shop.errors.JobFailed", msg: remoteMsg, rel: stack.Root, parent: -1},
		})
	})
	t.Run("no traceback between the quotes", func(t *testing.T) {
		text := "concurrent.futures.process._RemoteTraceback: \n\"\"\"\nworker died\n\"\"\"\n"
		check(t, text, stack.Options{}, false, []wantException{
			{typ: "concurrent.futures.process._RemoteTraceback", msg: "\"\"\"\nworker died\n\"\"\"", rel: stack.Root, parent: -1},
		})
	})
}
