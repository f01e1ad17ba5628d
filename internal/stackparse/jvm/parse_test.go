package jvm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
)

func TestGolden(t *testing.T) {
	stacktest.Golden(t, stacktest.FixtureDir(t, "jvm"), Parse)
}

func FuzzParse(f *testing.F) {
	stacktest.Fuzz(f, stacktest.FixtureDir(f, "jvm"), Parse)
}

func BenchmarkParse(b *testing.B) {
	stacktest.Bench(b, stacktest.FixtureDir(b, "jvm"), Parse)
}

func parse(t *testing.T, text string) *stack.Trace {
	t.Helper()
	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	stacktest.CheckInvariants(t, text, &tr)
	if tr.Language != stack.JVM {
		t.Fatalf("language %v", tr.Language)
	}
	return &tr
}

func TestFrameQualifiers(t *testing.T) {
	tests := []struct {
		line                        string
		pkg, module, function, file string
		lineNo                      int
		flags                       stack.FrameFlags
	}{
		{"\tat com.acme.orders.OrderService.process(OrderService.java:88)",
			"", "com.acme.orders.OrderService", "process", "OrderService.java", 88, 0},
		{"\tat app//com.acme.orders.OrderController.submit(OrderController.java:41)",
			"app", "com.acme.orders.OrderController", "submit", "OrderController.java", 41, 0},
		{"\tat plugins//com.acme.plugins.loyalty.LoyaltyPlugin.apply(LoyaltyPlugin.java:10)",
			"plugins", "com.acme.plugins.loyalty.LoyaltyPlugin", "apply", "LoyaltyPlugin.java", 10, 0},
		{"\tat java.base/java.util.Optional.map(Optional.java:260)",
			"java.base", "java.util.Optional", "map", "Optional.java", 260, 0},
		{"\tat java.base@17.0.9/jdk.internal.reflect.DelegatingMethodAccessorImpl.invoke(DelegatingMethodAccessorImpl.java:43)",
			"java.base", "jdk.internal.reflect.DelegatingMethodAccessorImpl", "invoke", "DelegatingMethodAccessorImpl.java", 43, 0},
		{"\tat app/com.acme.shop@1.4.0/com.acme.shop.Main.main(Main.java:5)",
			"com.acme.shop", "com.acme.shop.Main", "main", "Main.java", 5, 0},
		{"\tat jdk.proxy2/jdk.proxy2.$Proxy45.charge(Unknown Source)",
			"jdk.proxy2", "jdk.proxy2.$Proxy45", "charge", "", 0, 0},
		{"\tat com.acme.orders.OrderController$$Lambda/0x00007f3c8c0a1e38.apply(Unknown Source)",
			"", "com.acme.orders.OrderController$$Lambda/0x00007f3c8c0a1e38", "apply", "", 0, 0},
		{"\tat java.base/java.util.stream.Collectors$$Lambda$6/0x00000008010412a0.accept(Unknown Source)",
			"java.base", "java.util.stream.Collectors$$Lambda$6/0x00000008010412a0", "accept", "", 0, 0},
		{"\tat com.acme.orders.OrderService$$Lambda$412/1273146093.apply(Unknown Source)",
			"", "com.acme.orders.OrderService$$Lambda$412/1273146093", "apply", "", 0, 0},
		{"\tat com.acme.orders.Order.<init>(Order.java:12)",
			"", "com.acme.orders.Order", "<init>", "Order.java", 12, 0},
		{"\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
			"java.base", "jdk.internal.reflect.NativeMethodAccessorImpl", "invoke0", "", 0, stack.Native},
		{"\tat com.acme.OrderController$$SpringCGLIB$$0.submit(<generated>)",
			"", "com.acme.OrderController$$SpringCGLIB$$0", "submit", "", 0, stack.Generated},
		{"\tat com.acme.shop.ui.b.a(SourceFile:12)", "", "com.acme.shop.ui.b", "a", "SourceFile", 12, 0},
		{"\tat com.acme.shop.ui.CheckoutActivity.onCreate(Unknown Source:4)",
			"", "com.acme.shop.ui.CheckoutActivity", "onCreate", "", 4, 0},
		{"\tat com.acme.OrderService$charge$1.invokeSuspend(OrderService.kt)",
			"", "com.acme.OrderService$charge$1", "invokeSuspend", "OrderService.kt", 0, 0},
		{"\tat _COROUTINE._BOUNDARY._(CoroutineDebugging.kt)", "", "_COROUTINE._BOUNDARY", "_", "CoroutineDebugging.kt", 0, 0},
		{"\tat c.a.o.OrderService.process(OrderService.java:88)", "", "c.a.o.OrderService", "process", "OrderService.java", 88, 0},
		// log4j2 and logback packaging data: the jar only when no module is printed.
		{"\tat org.springframework.cglib.proxy.MethodProxy.invoke(MethodProxy.java:218) ~[spring-core-5.3.9.jar:5.3.9]",
			"spring-core-5.3.9.jar", "org.springframework.cglib.proxy.MethodProxy", "invoke", "MethodProxy.java", 218, 0},
		{"\tat java.base/java.lang.Thread.run(Thread.java:829) [?:?]", "java.base", "java.lang.Thread", "run", "Thread.java", 829, 0},
		{"\tat java.lang.Thread.run(Thread.java:748) [?:1.8.0_292]", "", "java.lang.Thread", "run", "Thread.java", 748, 0},
		{"\tat com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:179) ~[HikariCP-5.0.1.jar!/:na]",
			"HikariCP-5.0.1.jar", "com.zaxxer.hikari.pool.HikariPool", "getConnection", "HikariPool.java", 179, 0},
		// Kotlin methods named in backticks may hold spaces.
		{"\tat com.acme.OrderTest.returns 404 for unknown order(OrderTest.kt:12)",
			"", "com.acme.OrderTest", "returns 404 for unknown order", "OrderTest.kt", 12, 0},
		{"\tat app//com.acme.OrderTest$Lookup.finds the order by id(OrderTest.kt:30) ~[test-classes/:?]",
			"app", "com.acme.OrderTest$Lookup", "finds the order by id", "OrderTest.kt", 30, 0},
		{"\tat com.acme.OrderTest.rejects an empty cart(Unknown Source:7)",
			"", "com.acme.OrderTest", "rejects an empty cart", "", 7, 0},
		// The OTel PHP SDK's Java-like form parses without a class for {main}.
		{"\tat App.Service.run(Service.php:42)", "", "App.Service", "run", "Service.php", 42, 0},
		{"\tat {main}(index.php:10)", "", "", "{main}", "index.php", 10, 0},
	}
	for _, tt := range tests {
		tr := parse(t, tt.line)
		if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
			t.Errorf("%q: want one frame, got %+v", tt.line, tr.Exceptions)
			continue
		}
		f := tr.Exceptions[0].Frames[0]
		if f.Package != tt.pkg || f.Module != tt.module || f.Function != tt.function || f.File != tt.file ||
			f.Line != tt.lineNo || f.Flags != tt.flags {
			t.Errorf("%q:\n got %q %q %q %q %d %v\nwant %q %q %q %q %d %v", tt.line, f.Package, f.Module, f.Function,
				f.File, f.Line, f.Flags, tt.pkg, tt.module, tt.function, tt.file, tt.lineNo, tt.flags)
		}
		if f.Raw != stack.TrimSpace(tt.line) {
			t.Errorf("%q: raw %q", tt.line, f.Raw)
		}
	}
}

func TestNotFrames(t *testing.T) {
	for _, line := range []string{
		"    at f (/x.js:1:2)",                            // V8: space before the location
		"   at A.B.C(String s) in /x.cs:line 5",           // .NET: text after the location
		"\tat com.acme.orders.OrderService.process(Order", // cut: no closing parenthesis
		"\tat com.acme.orders.OrderService.process",       // cut: no location
		"at least one line (of three) was rejected",
		"at com.acme.Foo.bar failed (see Foo.kt:12)",                // spaces, but the method ends with one
		"at com.acme.Foo.bar failed(see the logs)",                  // spaces, but no source location
		"at com.acme.Foo.bar failed(Foo.kt:12) twice",               // text after the location
		"at com.acme.Foo bar.baz qux(Foo.kt:12)",                    // a space before the last dot
		"at 12:00:01 the job com.acme.Job.run stopped (Job.kt:3)",   // a log line
		"at retry 3 of com.acme.Job.run(attempt 3 of 5: Job.kt:12)", // the location is prose
		"at com.acme.Foo.bar baz(Foo.kt)",                           // no line number
		"at com.acme.Foo.bar  (Foo.kt:1)",                           // V8-like spacing
	} {
		tr := parse(t, "x.Y: m\n"+line+"\n\tat a.B.c(B.java:1)")
		if n := len(tr.Exceptions[0].Frames); n != 1 {
			t.Errorf("%q parsed as a frame (%d frames)", line, n)
		}
	}
}

type link struct {
	typ      string
	relation stack.Relation
	parent   int
	frames   int
	omitted  int
}

func checkChain(t *testing.T, tr *stack.Trace, want []link) {
	t.Helper()
	if len(tr.Exceptions) != len(want) {
		t.Fatalf("got %d exceptions, want %d: %+v", len(tr.Exceptions), len(want), tr.Exceptions)
	}
	for i, w := range want {
		e := tr.Exceptions[i]
		got := link{e.Type, e.Relation, e.Parent, len(e.Frames), e.Omitted}
		if got != w {
			t.Errorf("exception %d: got %+v, want %+v", i, got, w)
		}
	}
}

func TestNesting(t *testing.T) {
	const jdk = `a.Root: r
	at a.A.f(A.java:1)
	Suppressed: b.S1: s1
		at a.A.g(A.java:2)
		Suppressed: c.S2: s2
			at a.A.h(A.java:3)
			... 1 more
	Caused by: d.C1: c1
		at a.A.i(A.java:4)
		... 2 more
	Suppressed: e.S3: s3
		... 1 more
Caused by: f.C2: c2
	at a.A.j(A.java:5)
	Suppressed: g.S4: s4
		at a.A.k(A.java:6)
	Caused by: h.C3: c3
		... 3 more
Caused by: i.C4: c4
	[CIRCULAR REFERENCE: a.Root: r]
`
	want := []link{
		{"a.Root", stack.Root, -1, 1, 0},
		{"b.S1", stack.Suppressed, 0, 1, 0},
		{"c.S2", stack.Suppressed, 1, 1, 1},
		{"d.C1", stack.Cause, 1, 1, 2},
		{"e.S3", stack.Suppressed, 0, 0, 1},
		{"f.C2", stack.Cause, 0, 1, 0},
		{"g.S4", stack.Suppressed, 5, 1, 0},
		{"h.C3", stack.Cause, 6, 0, 3},
		{"i.C4", stack.Cause, 5, 0, 0},
	}
	checkChain(t, parse(t, jdk), want)
	// Log pipelines that turn tabs into spaces keep the relative indentation.
	checkChain(t, parse(t, strings.ReplaceAll(jdk, "\t", "    ")), want)
}

func TestRecoveredCoroutineCopyKeepsBothLinks(t *testing.T) {
	tr := parse(t, `java.lang.IllegalStateException: boom
	at com.acme.OrderService.charge(OrderService.kt:31)
	at _COROUTINE._BOUNDARY._(CoroutineDebugging.kt)
	at com.acme.OrderService.placeOrder(OrderService.kt:18)
Caused by: java.lang.IllegalStateException: boom
	at com.acme.OrderService.charge(OrderService.kt:31)
	at kotlinx.coroutines.DispatchedTask.run(DispatchedTask.kt:108)
`)
	checkChain(t, tr, []link{
		{"java.lang.IllegalStateException", stack.Root, -1, 3, 0},
		{"java.lang.IllegalStateException", stack.Cause, 0, 2, 0},
	})
	if f := tr.Exceptions[0].Frames[1]; f.Module != "_COROUTINE._BOUNDARY" || f.Function != "_" {
		t.Errorf("boundary frame %+v", f)
	}
}

func TestHeaders(t *testing.T) {
	tests := []struct {
		name, text, typ, msg string
		frames               int
	}{
		{"thread prefix", "Exception in thread \"pool-3-thread-7\" java.lang.IllegalStateException: Failed to process order 42\n\tat a.B.c(B.java:1)",
			"java.lang.IllegalStateException", "Failed to process order 42", 1},
		{"thread name with a space", "Exception in thread \"main loop\" java.lang.Error\n\tat a.B.c(B.java:1)", "java.lang.Error", "", 1},
		{"no message", "java.lang.StackOverflowError\n\tat a.B.c(B.java:1)", "java.lang.StackOverflowError", "", 1},
		{"message on several lines", "java.lang.IllegalArgumentException: Order 1045 is invalid:\n - quantity must be positive\n\n - sku is blank\n\tat a.B.c(B.java:1)",
			"java.lang.IllegalArgumentException", "Order 1045 is invalid:\n - quantity must be positive\n\n - sku is blank", 1},
		{"message line that starts with at", "x.Y: failed\nat least one item was rejected (see log)\n\tat a.B.c(B.java:1)",
			"x.Y", "failed\nat least one item was rejected (see log)", 1},
		{"CRLF", "x.Y: a\r\nb\r\n\tat a.B.c(B.java:1)\r\n", "x.Y", "a\r\nb", 1},
		{"header only", "java.lang.IllegalStateException: boom\n", "java.lang.IllegalStateException", "boom", 0},
		{"header only on several lines", "x.Y: a\nb\n", "x.Y", "a\nb", 0},
		{"frames only", "\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\n", "", "", 2},
		{"not a type", "Something went wrong: details\n\tat a.B.c(B.java:1)", "", "Something went wrong: details", 1},
		{"Scala type", "scala.MatchError: 42 (of class java.lang.Integer)\n\tat a.B.c(B.scala:1)", "scala.MatchError", "42 (of class java.lang.Integer)", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := parse(t, tt.text)
			if len(tr.Exceptions) != 1 {
				t.Fatalf("got %d exceptions", len(tr.Exceptions))
			}
			e := tr.Exceptions[0]
			if e.Type != tt.typ || e.Message != tt.msg || len(e.Frames) != tt.frames {
				t.Errorf("got %q %q %d frames, want %q %q %d", e.Type, e.Message, len(e.Frames), tt.typ, tt.msg, tt.frames)
			}
			if tr.Truncated {
				t.Error("complete text marked truncated")
			}
		})
	}
}

func TestCauseMessageOnSeveralLines(t *testing.T) {
	tr := parse(t, "a.Outer: o\n\tat a.B.c(B.java:1)\nCaused by: a.Inner: first\nsecond\n\tat a.B.d(B.java:2)\n\t... 1 more\n")
	checkChain(t, tr, []link{{"a.Outer", stack.Root, -1, 1, 0}, {"a.Inner", stack.Cause, 0, 1, 1}})
	if m := tr.Exceptions[1].Message; m != "first\nsecond" {
		t.Errorf("message %q", m)
	}
}

func TestOmittedMarkers(t *testing.T) {
	tr := parse(t, `a.X: m
	at a.B.c(B.java:1)
	... suppressed 2 lines
	at a.B.d(B.java:2)
	....
	at a.B.e(B.java:3)
	... 4 trimmed ...
	at a.B.f(B.java:4)
	... 9 more
Caused by: a.Y: n
	at a.B.g(B.java:5)
	... 12 common frames omitted
`)
	checkChain(t, tr, []link{{"a.X", stack.Root, -1, 4, 2 + 1 + 4 + 9}, {"a.Y", stack.Cause, 0, 1, 12}})
}

func TestUnrecognisedLinesDoNotMixTraces(t *testing.T) {
	tr := parse(t, `a.X: m
	at a.B.c(B.java:1)
2024-06-12 10:15:30 WARN retrying
	at z.Z.z(Z.java:9)
Caused by: a.Y: n
	at a.B.g(B.java:5)
`)
	checkChain(t, tr, []link{{"a.X", stack.Root, -1, 1, 0}, {"a.Y", stack.Cause, 0, 1, 0}})
}

func TestTruncation(t *testing.T) {
	const full = "a.X: m\n\tat a.B.c(B.java:1)\nCaused by: a.Y: n\n\tat a.B.d(B.java:2)\n\tat a.B.e(B.java:3)\n"
	tests := []struct {
		name, text string
		frames     []int
	}{
		// The Datadog agent cuts at 25,000 bytes and appends "...".
		{"agent cut mid-frame", full[:len(full)-10] + "...", []int{1, 1}},
		// OTel attribute length limits cut without a marker.
		{"limit cut mid-frame", full[:len(full)-10], []int{1, 1}},
		{"cut in a cause header", "a.X: m\n\tat a.B.c(B.java:1)\nCaused by: a.Y: some long mess...", []int{1, 0}},
		{"cut right after a type", "a.X: m\n\tat a.B.c(B.java:1)\nCaused by: com.acme.Fo...", []int{1, 0}},
		{"cut in the first frame", "a.X: m\n\tat a.B.c(B.ja", []int{0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := parse(t, tt.text)
			if !tr.Truncated {
				t.Error("not marked truncated")
			}
			if len(tr.Exceptions) != len(tt.frames) {
				t.Fatalf("got %d exceptions", len(tr.Exceptions))
			}
			for i, n := range tt.frames {
				if got := len(tr.Exceptions[i].Frames); got != n {
					t.Errorf("exception %d: %d frames, want %d", i, got, n)
				}
			}
		})
	}
	tr := parse(t, "a.X: m\n\tat a.B.c(B.java:1)\nCaused by: com.acme.Fo...")
	if e := tr.Exceptions[1]; e.Type != "com.acme.Fo" || e.Message != "" {
		t.Errorf("cut header: %q %q", e.Type, e.Message)
	}
}

func TestCentreCut(t *testing.T) {
	tr := parse(t, `a.X: m
	at a.B.c(B.java:1)
	at a.B.d(B.ja
	... trace centre-cut to 500 chars ...
a.B.e(B.java:3)
	at a.B.f(B.java:4)
	... 7 more
Caused by: a.Z: z
	at a.B.g(B.java:5)
`)
	if !tr.Truncated {
		t.Error("not marked truncated")
	}
	// What follows the cut belongs to an exception whose header was cut away.
	checkChain(t, tr, []link{
		{"a.X", stack.Root, -1, 1, 0},
		{"", stack.Cause, 0, 1, 7},
		{"a.Z", stack.Cause, 1, 1, 0},
	})
}

func TestByteCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("java.lang.StackOverflowError\n")
	for b.Len() < 10000 {
		b.WriteString("\tat com.acme.shop.catalog.CategoryTree.countProducts(CategoryTree.java:36)\n")
	}
	var tr stack.Trace
	Parse(b.String(), stack.Options{MaxBytes: 1000}, &tr)
	stacktest.CheckInvariants(t, b.String(), &tr)
	if !tr.Truncated {
		t.Error("not marked truncated")
	}
	if n := len(tr.Exceptions[0].Frames); n == 0 || n > 1000/70 {
		t.Errorf("%d frames from the first 1000 bytes", n)
	}
}

func TestOTelPHPForm(t *testing.T) {
	tr := parse(t, "RuntimeException: boom\n\tat App.Service.run(Service.php:42)\n\tat {main}(index.php:10)\nCaused by: LogicException: inner\n\t... 3 more\n")
	checkChain(t, tr, []link{{"RuntimeException", stack.Root, -1, 2, 0}, {"LogicException", stack.Cause, 0, 0, 3}})
}

// Samples of every language's format, for Score.
var (
	javaSamples = map[string]string{
		"jdk":      "java.lang.IllegalStateException: boom\n\tat com.acme.OrderService.process(OrderService.java:88)\n\tat java.base/java.lang.Thread.run(Thread.java:840)\n",
		"thread":   "Exception in thread \"main\" java.lang.Error: x\n\tat a.B.c(B.java:1)\n",
		"kotlin":   "java.lang.IllegalStateException: boom\n\tat com.acme.OrderService.charge(OrderService.kt:31)\n\tat _COROUTINE._BOUNDARY._(CoroutineDebugging.kt)\n",
		"dd-trace": "c.a.X: m\n\tat c.a.s.o.OrderService.placeOrder(OrderService.java:31)\n\t... 31 trimmed ...\n\tat j.b.l.Thread.run(Thread.java:1583)\n",
		"frames":   "\tat com.acme.OrderService.process(OrderService.java:88)\n",
	}
	otherSamples = map[string]string{
		"python":             "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    raise ValueError('x')\nValueError: x\n",
		"go":                 "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:5 +0x1d\nexit status 2\n",
		"v8":                 "TypeError: x is not a function\n    at f (/x.js:1:2)\n    at Object.<anonymous> (/x.js:3:1)\n    at /x.js:9:3\n",
		"ruby":               "x.rb:1:in 'f': boom (RuntimeError)\n\tfrom x.rb:5:in '<main>'\n",
		"dotnet":             "System.InvalidOperationException: Sequence contains no elements\n   at System.Linq.ThrowHelper.ThrowNoElementsException()\n   at A.B.C() in /x.cs:line 5\n",
		"php":                "PHP Fatal error:  Uncaught RuntimeException: boom in /x.php:3\nStack trace:\n#0 /x.php(3): f()\n#1 {main}\n  thrown in /x.php on line 3\n",
		"php-otel-java-like": "RuntimeException: boom\n\tat App.Service.run(Service.php:42)\n\tat {main}(index.php:10)\nCaused by: LogicException: inner\n\t... 3 more\n",
	}
)

func TestScore(t *testing.T) {
	for name, text := range javaSamples {
		if s := Score(text); s < 60 {
			t.Errorf("%s: score %d, want >= 60", name, s)
		}
	}
	for name, text := range otherSamples {
		if s := Score(text); s > 25 {
			t.Errorf("%s: score %d, want <= 25", name, s)
		}
	}
	for _, path := range stacktest.Fixtures(t, stacktest.FixtureDir(t, "jvm")) {
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if s := Score(string(raw)); s < 60 {
			t.Errorf("%s: score %d, want >= 60", filepath.Base(path), s)
		}
	}
	if s := Score(""); s != 0 {
		t.Errorf("empty text: score %d", s)
	}
}

func TestScoreDoesNotAllocate(t *testing.T) {
	text := javaSamples["jdk"]
	if n := testing.AllocsPerRun(10, func() { Score(text) }); n != 0 {
		t.Errorf("%v allocs", n)
	}
}
