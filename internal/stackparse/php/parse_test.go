package php

import (
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
)

func TestGolden(t *testing.T) {
	stacktest.Golden(t, stacktest.FixtureDir(t, "php"), Parse)
}

func FuzzParse(f *testing.F) {
	stacktest.Fuzz(f, stacktest.FixtureDir(f, "php"), Parse)
}

func BenchmarkParse(b *testing.B) {
	stacktest.Bench(b, stacktest.FixtureDir(b, "php"), Parse)
}

func parse(t *testing.T, text string) *stack.Trace {
	t.Helper()
	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	stacktest.CheckInvariants(t, text, &tr)
	if tr.Language != stack.PHP {
		t.Fatalf("language %v", tr.Language)
	}
	return &tr
}

// frame is the part of a stack.Frame the table tests compare.
type frame struct {
	module, function, file string
	line                   int
	flags                  stack.FrameFlags
}

func checkFrames(t *testing.T, e stack.Exception, want []frame) {
	t.Helper()
	if len(e.Frames) != len(want) {
		t.Fatalf("%d frames, want %d: %+v", len(e.Frames), len(want), e.Frames)
	}
	for i, w := range want {
		f := e.Frames[i]
		got := frame{f.Module, f.Function, f.File, f.Line, f.Flags}
		if got != w {
			t.Errorf("frame %d = %+v, want %+v", i, got, w)
		}
	}
}

func checkException(t *testing.T, e stack.Exception, typ, msg string, rel stack.Relation, parent int) {
	t.Helper()
	if e.Type != typ || e.Message != msg || e.Relation != rel || e.Parent != parent {
		t.Errorf("exception = %q %q %v %d, want %q %q %v %d", e.Type, e.Message, e.Relation, e.Parent, typ, msg, rel, parent)
	}
}

// Each function is paired with the location inside it: the header's throw site with #0's function,
// #0's call site with #1's function; [internal function] marks the frame of the internal caller.
func TestNativeFramesPairFunctionsWithTheirLocation(t *testing.T) {
	tr := parse(t, `UnexpectedValueException: Order 2 has a line without a SKU in /app/src/Service/OrderService.php:26
Stack trace:
#0 [internal function]: App\Service\OrderService->App\Service\{closure}(Array)
#1 /app/src/Service/OrderService.php(24): array_map(Object(Closure), Array)
#2 /app/src/Support/Money.php(22): App\Support\Money::share(100, 0)
#3 /app/bin/run.php(7): App\Support\format_cents(5)
#4 {main}
`)
	if len(tr.Exceptions) != 1 || tr.Truncated {
		t.Fatalf("%d exceptions, truncated %v", len(tr.Exceptions), tr.Truncated)
	}
	e := tr.Exceptions[0]
	checkException(t, e, "UnexpectedValueException", "Order 2 has a line without a SKU", stack.Root, -1)
	checkFrames(t, e, []frame{
		{"App\\Service\\OrderService", "App\\Service\\{closure}", "/app/src/Service/OrderService.php", 26, 0},
		{"", "array_map", "", 0, stack.Native},
		{"App\\Support\\Money", "share", "/app/src/Service/OrderService.php", 24, 0},
		{"", "App\\Support\\format_cents", "/app/src/Support/Money.php", 22, 0},
		{"", "{main}", "/app/bin/run.php", 7, 0},
	})
	if e.Frames[0].Raw != `#0 [internal function]: App\Service\OrderService->App\Service\{closure}(Array)` {
		t.Errorf("raw %q", e.Frames[0].Raw)
	}
}

func TestNextChainIsReportedOutermostFirst(t *testing.T) {
	tr := parse(t, `RuntimeException: Connection refused in /app/Repo.php:38
Stack trace:
#0 /app/Service.php(36): App\Repo->history(42)
#1 {main}

Next App\StorageException: Could not load order 42 in /app/Service.php:38
Stack trace:
#0 {main}

Next App\HttpException: Internal error in /app/Controller.php:41
Stack trace:
#0 /app/index.php(7): App\Controller->history(Object(Request))
#1 {main}
  thrown in /app/Controller.php on line 41
`)
	if len(tr.Exceptions) != 3 || tr.Truncated {
		t.Fatalf("%d exceptions, truncated %v", len(tr.Exceptions), tr.Truncated)
	}
	checkException(t, tr.Exceptions[0], "App\\HttpException", "Internal error", stack.Root, -1)
	checkException(t, tr.Exceptions[1], "App\\StorageException", "Could not load order 42", stack.Cause, 0)
	checkException(t, tr.Exceptions[2], "RuntimeException", "Connection refused", stack.Cause, 1)
	checkFrames(t, tr.Exceptions[0], []frame{
		{"App\\Controller", "history", "/app/Controller.php", 41, 0},
		{"", "{main}", "/app/index.php", 7, 0},
	})
	checkFrames(t, tr.Exceptions[1], []frame{{"", "{main}", "/app/Service.php", 38, 0}})
	checkFrames(t, tr.Exceptions[2], []frame{
		{"App\\Repo", "history", "/app/Repo.php", 38, 0},
		{"", "{main}", "/app/Service.php", 36, 0},
	})
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name, text, typ, msg, file string
		line                       int
	}{
		{"message with in", "TypeError: App\\S::f(): Argument #1 ($p) must be of type int, string given, called in /app/C.php on line 47 and defined in /app/S.php:42\nStack trace:\n#0 {main}",
			"TypeError", "App\\S::f(): Argument #1 ($p) must be of type int, string given, called in /app/C.php on line 47 and defined", "/app/S.php", 42},
		{"multi-line message", "InvalidArgumentException: Validation failed:\n- email: blank\n- qty: in stock in /app/C.php:83\nStack trace:\n#0 {main}",
			"InvalidArgumentException", "Validation failed:\n- email: blank\n- qty: in stock", "/app/C.php", 83},
		{"empty message", "LogicException in /app/C.php:88\nStack trace:\n#0 {main}", "LogicException", "", "/app/C.php", 88},
		{"eval", "Error: Call to undefined function f() in /app/R.php(10) : eval()'d code:1\nStack trace:\n#0 {main}",
			"Error", "Call to undefined function f()", "/app/R.php(10) : eval()'d code", 1},
		{"anonymous class", "RuntimeException@anonymous\x00/app/C.php:93$1: Quota exceeded in /app/C.php:93\nStack trace:\n#0 {main}",
			"RuntimeException@anonymous", "Quota exceeded", "/app/C.php", 93},
		{"uncaught log", "PHP Fatal error:  Uncaught Exception: boom in /app/x.php:3\nStack trace:\n#0 {main}\n  thrown in /app/x.php on line 3",
			"Exception", "boom", "/app/x.php", 3},
		{"uncaught display", "\nFatal error: Uncaught Exception: boom in /app/x.php:3\nStack trace:\n#0 {main}\n  thrown in /app/x.php on line 3",
			"Exception", "boom", "/app/x.php", 3},
		{"uncaught error_log", "[01-Jun-2025 10:00:00 UTC] PHP Fatal error:  Uncaught Exception: boom in /app/x.php:3\nStack trace:\n#0 {main}",
			"Exception", "boom", "/app/x.php", 3},
		{"fatal error", "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /app/x.php on line 12\nStack trace:\n#0 {main}",
			"Fatal error", "Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes)", "/app/x.php", 12},
		{"bare header", "RuntimeException: boom in /app/x.php:3", "RuntimeException", "boom", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := parse(t, tt.text)
			if len(tr.Exceptions) != 1 || tr.Truncated {
				t.Fatalf("%d exceptions, truncated %v", len(tr.Exceptions), tr.Truncated)
			}
			e := tr.Exceptions[0]
			checkException(t, e, tt.typ, tt.msg, stack.Root, -1)
			if tt.file == "" {
				if len(e.Frames) != 0 {
					t.Fatalf("frames %+v", e.Frames)
				}
				return
			}
			checkFrames(t, e, []frame{{"", "{main}", tt.file, tt.line, 0}})
		})
	}
}

func TestFunctionNames(t *testing.T) {
	tests := []struct {
		call, module, function string
	}{
		{`App\Service->run(Array)`, `App\Service`, "run"},
		{`App\Money::fromCents(-5)`, `App\Money`, "fromCents"},
		{`App\format_cents(5)`, "", `App\format_cents`},
		{`{closure}(1)`, "", "{closure}"},
		{`Acme\Kernel::Acme\{closure}(Object(Request))`, `Acme\Kernel`, `Acme\{closure}`},
		{`App\Controller->{closure:App\Controller::index():15}(Array)`, `App\Controller`, `{closure:App\Controller::index():15}`},
		{`{closure:/var/www/routes/web.php:14}('17')`, "", "{closure:/var/www/routes/web.php:14}"},
		{`App\P->{closure:{closure:App\P::carry():144}:145}(Object(Request))`, `App\P`, `{closure:{closure:App\P::carry():144}:145}`},
		{"class@anonymous\x00/app/C.php:58$0->format(Array)", "class@anonymous", "format"},
		{"class@anonymous->format(Array)", "class@anonymous", "format"},
		{`include('/app/tpl(1).php')`, "", "include"},
		{`require_once()`, "", "require_once"},
	}
	for _, tt := range tests {
		tr := parse(t, "#0 /app/x.php(3): "+tt.call+"\n#1 {main}")
		if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 2 {
			t.Fatalf("%s: %+v", tt.call, tr.Exceptions)
		}
		f := tr.Exceptions[0].Frames[0]
		if f.Module != tt.module || f.Function != tt.function {
			t.Errorf("%s: module %q function %q, want %q %q", tt.call, f.Module, f.Function, tt.module, tt.function)
		}
	}
}

// dd-trace-php sends the frames without the first header (it goes to error.message) and chains the
// previous exceptions' traces first.
func TestDDTraceForm(t *testing.T) {
	tr := parse(t, `#0 /app/Repo.php(41): PDO->__construct()
#1 [unknown file]App\Repo->connect()
#2 [invalid frame]
#3 /app/index.php(25): App\Service->profile()
#4 {main}

Next App\LookupException: Could not load user 1234 in /app/Service.php:32
Stack trace:
#0 /app/index.php(25): App\Service->profile()
#1 {main}`)
	if len(tr.Exceptions) != 2 || tr.Truncated {
		t.Fatalf("%d exceptions, truncated %v", len(tr.Exceptions), tr.Truncated)
	}
	checkException(t, tr.Exceptions[0], "App\\LookupException", "Could not load user 1234", stack.Root, -1)
	checkException(t, tr.Exceptions[1], "", "", stack.Cause, 0)
	checkFrames(t, tr.Exceptions[1], []frame{
		{"PDO", "__construct", "", 0, 0},
		{"App\\Repo", "connect", "/app/Repo.php", 41, 0},
		{"", "", "", 0, 0},
		{"App\\Service", "profile", "", 0, 0},
		{"", "{main}", "/app/index.php", 25, 0},
	})
}

func TestOTelJavaLikeForm(t *testing.T) {
	tr := parse(t, "App.Exception.HttpException: Internal error\n"+
		"\tat App.Http.OrderController.history(OrderController.php:41)\n"+
		"\tat App.Service.OrderService.App.Service.{closure}(OrderService.php:26)\n"+
		"\tat array_map(Unknown Source)\n"+
		"\tat App.Http.Kernel.{closure:App.Http.Kernel::handle():20}(Kernel.php:21)\n"+
		"\tat Abc.Def.create(functions.php)\n"+
		"\tat {main}(index.php:7)\n"+
		"Caused by: RuntimeException: Connection\nrefused\n"+
		"\tat App.Repo.connect(Repo.php:38)\n"+
		"\t... 7 more\n"+
		"Caused by: [CIRCULAR REFERENCE: App.Exception.HttpException: Internal error]")
	if len(tr.Exceptions) != 2 || tr.Truncated {
		t.Fatalf("%d exceptions, truncated %v", len(tr.Exceptions), tr.Truncated)
	}
	checkException(t, tr.Exceptions[0], "App.Exception.HttpException", "Internal error", stack.Root, -1)
	checkException(t, tr.Exceptions[1], "RuntimeException", "Connection\nrefused", stack.Cause, 0)
	checkFrames(t, tr.Exceptions[0], []frame{
		{"App.Http.OrderController", "history", "OrderController.php", 41, 0},
		{"App.Service.OrderService", "App.Service.{closure}", "OrderService.php", 26, 0},
		{"", "array_map", "", 0, stack.Native},
		{"App.Http.Kernel", "{closure:App.Http.Kernel::handle():20}", "Kernel.php", 21, 0},
		{"Abc.Def", "create", "functions.php", 0, 0},
		{"", "{main}", "index.php", 7, 0},
	})
	checkFrames(t, tr.Exceptions[1], []frame{{"App.Repo", "connect", "Repo.php", 38, 0}})
	if tr.Exceptions[1].Omitted != 7 || tr.Exceptions[0].Omitted != 0 {
		t.Errorf("omitted %d %d", tr.Exceptions[0].Omitted, tr.Exceptions[1].Omitted)
	}
}

func TestTruncated(t *testing.T) {
	tests := []struct {
		name, text string
		frames     int
	}{
		{"agent cut mid-name", "Exception: boom in /app/x.php:3\nStack trace:\n#0 /app/y.php(5): App\\Foo->ba...", 0},
		{"cut after a frame", "Exception: boom in /app/x.php:3\nStack trace:\n#0 /app/y.php(5): App\\Foo->bar()\n#1 /app/z.ph", 1},
		{"cut inside arguments", "Exception: boom in /app/x.php:3\nStack trace:\n#0 /app/y.php(5): App\\Foo->bar('abc...", 1},
		{"cut in a Next header", "Exception: boom in /app/x.php:3\nStack trace:\n#0 {main}\n\nNext App\\Wrapped: while load", 1},
		{"java-like cut", "Exception: boom\n\tat App.Foo.bar(Foo.php:3)\n\tat App.Foo.ba", 1},
		{"java-like without its last frame", "Exception: boom\n\tat App.Foo.bar(Foo.php:3)\n\t... more", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := parse(t, tt.text)
			if !tr.Truncated || tr.FrameCount() != tt.frames {
				t.Errorf("truncated %v, %d frames, want true, %d", tr.Truncated, tr.FrameCount(), tt.frames)
			}
		})
	}
	// The byte cap cuts the text back to a line start.
	text := "Exception: boom in /app/x.php:3\nStack trace:\n" +
		strings.Repeat("#0 /app/y.php(5): App\\Foo->bar()\n", 100) + "#100 {main}\n"
	var tr stack.Trace
	Parse(text, stack.Options{MaxBytes: 200}, &tr)
	if !tr.Truncated || tr.FrameCount() == 0 || tr.FrameCount() > 6 {
		t.Errorf("capped parse: truncated %v, %d frames", tr.Truncated, tr.FrameCount())
	}
}

func TestNotAStack(t *testing.T) {
	for _, text := range []string{"", "\n\n", "#0 not a frame\n#1 neither"} {
		tr := parse(t, text)
		if tr.FrameCount() != 0 {
			t.Errorf("%q: %d frames", text, tr.FrameCount())
		}
	}
}

func TestReuseDoesNotAllocate(t *testing.T) {
	text := `App\Exception\HttpException: Internal error in /app/C.php:41
Stack trace:
#0 /app/index.php(7): App\C->history(Object(Request))
#1 {main}

Next RuntimeException: boom in /app/R.php:3
Stack trace:
#0 [internal function]: App\R->load()
#1 {main}`
	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	allocs := testing.AllocsPerRun(20, func() {
		tr.Reset()
		Parse(text, stack.Options{}, &tr)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per reused parse", allocs)
	}
}

func TestScore(t *testing.T) {
	php := []string{
		"RuntimeException: boom in /app/x.php:3\nStack trace:\n#0 /x.php(3): f()\n#1 {main}",
		"#0 /x.php(3): f()\n#1 {main}",
		"PHP Fatal error:  Uncaught Exception: boom in /app/x.php:3\nStack trace:\n#0 {main}\n  thrown in /app/x.php on line 3",
		"RuntimeException: boom\n\tat App.Service.run(Service.php:42)\n\tat {main}(index.php:10)",
	}
	for _, text := range php {
		if s := Score(text); s < 80 {
			t.Errorf("Score(%q) = %d, want >= 80", text, s)
		}
	}
	if s := Score("RuntimeException: boom in /app/x.php:3"); s < 30 || s >= 80 {
		t.Errorf("bare PHP header scored %d", s)
	}
	others := []string{
		"java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:5)\nCaused by: java.io.IOException\n\t... 2 more",
		"Traceback (most recent call last):\n  File \"x.py\", line 1, in f\nValueError: boom",
		"panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:5 +0x1d",
		"TypeError: boom\n    at f (/x.js:1:2)\n    at Object.<anonymous> (/x.js:3:1)",
		"x.rb:1:in 'f': boom (RuntimeError)\n\tfrom x.rb:3:in '<main>'",
		"System.InvalidOperationException: boom\n   at A.B.C() in /x.cs:line 5\n   at A.B.Main()",
		"",
	}
	for _, text := range others {
		if s := Score(text); s > 10 {
			t.Errorf("Score(%q) = %d, want <= 10", text, s)
		}
	}
	if allocs := testing.AllocsPerRun(10, func() { Score(php[2]) }); allocs != 0 {
		t.Errorf("Score allocates %v times", allocs)
	}
}
