// No .NET runtime can be installed on the build machine, so every fixture in testdata/stacks/dotnet is
// hand-written (hand_*.txt, no generate.sh). They follow Exception.ToString() exactly, most of them
// modelled on traces published in public GitHub issues (names and paths rewritten, shape kept):
// ASP.NET Core 8 controller NullReferenceException (MemoWikis/webapp#1168), EF Core SqlException under
// DbUpdateException (dotnet/efcore#30868, #29543), HttpClient timeout (njthomson/SrvSurvey#175), Kestrel
// bind AggregateException, Web API on .NET Framework 4.x (nathanwoulfe/Preflight#21), Razor on .NET Core 2
// (aspnet/Razor#1757), French and German hosts (atifaziz/StackTraceParser#8, umbraco/The-Starter-Kit#74),
// nested inner exceptions (dotnet/coreclr#14608), SqlException with Win32Exception (bvcms/bvcms#124),
// SqlClient on Linux (dotnet/SqlClient#1773), NativeAOT offsets (dotnet/runtime#67537).
package dotnet

import (
	"os"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
)

func TestGolden(t *testing.T) {
	stacktest.Golden(t, stacktest.FixtureDir(t, "dotnet"), Parse)
}

func FuzzParse(f *testing.F) {
	stacktest.Fuzz(f, stacktest.FixtureDir(f, "dotnet"), Parse)
}

func BenchmarkParse(b *testing.B) {
	stacktest.Bench(b, stacktest.FixtureDir(b, "dotnet"), Parse)
}

func parse(text string) *stack.Trace {
	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	return &tr
}

func TestFrameForms(t *testing.T) {
	tests := []struct {
		name, line             string
		module, function, file string
		lineNo                 int
	}{
		{"with location", "   at Shop.Orders.OrderRepository.Get(Int32 id) in /src/Shop/Orders/OrderRepository.cs:line 31",
			"Shop.Orders.OrderRepository", "Get", "/src/Shop/Orders/OrderRepository.cs", 31},
		{"without location", "   at System.Collections.Generic.Dictionary`2.get_Item(TKey key)",
			"System.Collections.Generic.Dictionary`2", "get_Item", "", 0},
		{"nested type", "   at Acme.Cache`2+Entry.Refresh()", "Acme.Cache`2+Entry", "Refresh", "", 0},
		{"async state machine", "   at Shop.OrderService.<GetAsync>d__3.MoveNext()",
			"Shop.OrderService.<GetAsync>d__3", "MoveNext", "", 0},
		{"lambda in display class", "   at Shop.Api.OrdersController.<>c__DisplayClass3_0.<Get>b__0() in /src/Api.cs:line 22",
			"Shop.Api.OrdersController.<>c__DisplayClass3_0", "<Get>b__0", "/src/Api.cs", 22},
		{"local function", "   at Program.<<Main>$>g__Load|0_0(String tenant)", "Program", "<<Main>$>g__Load|0_0", "", 0},
		{"dot inside compiler name", "   at System.Threading.Tasks.Task.<>c.<.cctor>b__272_0(Object obj)",
			"System.Threading.Tasks.Task.<>c", "<.cctor>b__272_0", "", 0},
		{"generic method", "   at Shop.Retry.ExecuteAsync[TState,TResult](TState state, Func`3 op)", "Shop.Retry", "ExecuteAsync", "", 0},
		{"constructor", "   at System.IO.FileStream..ctor(String path, FileMode mode)", "System.IO.FileStream", ".ctor", "", 0},
		{"static constructor", "   at Shop.Config..cctor() in C:\\src\\Config.cs:line 9", "Shop.Config", ".cctor", "C:\\src\\Config.cs", 9},
		{"expression tree lambda", "   at lambda_method5(Closure, Object, Object[])", "", "lambda_method5", "", 0},
		{"old lambda_method spacing", "   at lambda_method(Closure , ControllerBase , Object[] )", "", "lambda_method", "", 0},
		{"explicit interface with generic", "   at System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.System.Threading.Tasks.Sources.IValueTaskSource<System.Int32>.GetResult(Int16 token)",
			"System.Net.Sockets.Socket.AwaitableSocketAsyncEventArgs.System.Threading.Tasks.Sources.IValueTaskSource<System.Int32>", "GetResult", "", 0},
		{"windows path with spaces", `   at Shop.Jobs.Close() in C:\Program Files (x86)\Shop\Jobs.cs:line 7`,
			"Shop.Jobs", "Close", `C:\Program Files (x86)\Shop\Jobs.cs`, 7},
		{"german", `   bei Shop.Lager.Hole(String nummer) in C:\src\Lager.cs:Zeile 41`, "Shop.Lager", "Hole", `C:\src\Lager.cs`, 41},
		{"french", `   à Shop.Tarifs.Lire(String[] champs) dans C:\src\Tarifs.cs:ligne 48`, "Shop.Tarifs", "Lire", `C:\src\Tarifs.cs`, 48},
		{"spanish", `   en Shop.Factura.Generar(Int32 id) en C:\src\Factura.cs:línea 58`, "Shop.Factura", "Generar", `C:\src\Factura.cs`, 58},
		{"localised without location", "   bei System.ThrowHelper.ThrowKeyNotFoundException()", "System.ThrowHelper", "ThrowKeyNotFoundException", "", 0},
		{"nativeaot offset", "   at System.Threading.Tasks.Task`1.InnerInvoke() + 0x4c", "System.Threading.Tasks.Task`1", "InnerInvoke", "", 0},
		{"iterator resolved by core 3.0+", `   at Acme.Batch.Enricher.Candidates(Int32 count)+MoveNext() in C:\build\Enricher.cs:line 40`,
			"Acme.Batch.Enricher", "Candidates", `C:\build\Enricher.cs`, 40},
		{"german iterator resolved by core 3.0+", `   bei Acme.Batch.Enricher.Candidates(Int32 count)+MoveNext() in C:\build\Enricher.cs:Zeile 40`,
			"Acme.Batch.Enricher", "Candidates", `C:\build\Enricher.cs`, 40},
		{"iterator without location", "   at Acme.Batch.Enricher.Candidates(Int32 count)+MoveNext()",
			"Acme.Batch.Enricher", "Candidates", "", 0},
		{"lambda suffix", "   at Acme.Batch.Enricher.Run(Int32 count)+<>c.<Run>b__1_0(Order o) in /src/Enricher.cs:line 12",
			"Acme.Batch.Enricher", "Run", "/src/Enricher.cs", 12},
		{"french iterator with linq suffix", `   à Acme.Batch.Enricher.Candidates()+MoveNext() dans C:\build\Enricher.cs:ligne 7`,
			"Acme.Batch.Enricher", "Candidates", `C:\build\Enricher.cs`, 7},
		{"logger indentation", "         at Shop.A.B() in /src/A.cs:line 3", "Shop.A", "B", "/src/A.cs", 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := parse("System.Exception: boom\n" + tc.line + "\n")
			if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
				t.Fatalf("want 1 exception with 1 frame, got %+v", tr.Exceptions)
			}
			f := tr.Exceptions[0].Frames[0]
			if f.Module != tc.module || f.Function != tc.function || f.File != tc.file || f.Line != tc.lineNo {
				t.Errorf("got module %q function %q file %q line %d", f.Module, f.Function, f.File, f.Line)
			}
			if f.Raw != strings.TrimSpace(tc.line) {
				t.Errorf("raw %q", f.Raw)
			}
		})
	}
}

func TestNotFrames(t *testing.T) {
	for _, line := range []string{
		"   at least one item is required (see the docs)",
		"    at com.acme.Foo.bar(Foo.java:12)",
		"    at Object.<anonymous> (/srv/app.js:3:9)",
		"    return self.helper(x)",
		"   see Options(Name) for details",
		"at Shop.A.B()", // not indented: prose, not a frame
	} {
		tr := parse("System.Exception: first line\n" + line + "\n")
		if n := tr.FrameCount(); n != 0 {
			t.Errorf("%q parsed as %d frame(s): %+v", line, n, tr.Exceptions[0].Frames)
		}
		if msg := tr.Exceptions[0].Message; !strings.HasSuffix(msg, strings.TrimSpace(line)) {
			t.Errorf("%q should stay in the message, got %q", line, msg)
		}
	}
}

type wantExc struct {
	typ, code, msg string
	rel            stack.Relation
	parent, frames int
}

func checkChain(t *testing.T, tr *stack.Trace, want []wantExc) {
	t.Helper()
	if len(tr.Exceptions) != len(want) {
		for _, e := range tr.Exceptions {
			t.Logf("%s %q rel=%v parent=%d frames=%d", e.Type, e.Message, e.Relation, e.Parent, len(e.Frames))
		}
		t.Fatalf("got %d exceptions, want %d", len(tr.Exceptions), len(want))
	}
	for i, w := range want {
		e := tr.Exceptions[i]
		if e.Type != w.typ || e.Code != w.code || e.Message != w.msg || e.Relation != w.rel || e.Parent != w.parent || len(e.Frames) != w.frames {
			t.Errorf("exception %d: got %q code %q msg %q %v parent %d frames %d; want %+v",
				i, e.Type, e.Code, e.Message, e.Relation, e.Parent, len(e.Frames), w)
		}
	}
}

func TestChains(t *testing.T) {
	tests := []struct {
		name, text string
		want       []wantExc
	}{
		{"core inner", "A.Outer: outer\n ---> B.Inner: inner\n   at X.Y.Inner()\n   --- End of inner exception stack trace ---\n   at X.Y.Outer()\n   at X.Y.Main()",
			[]wantExc{{"A.Outer", "", "outer", stack.Root, -1, 2}, {"B.Inner", "", "inner", stack.Cause, 0, 1}}},
		{"framework inline inners", "A.Outer: outer ---> B.Mid: mid ---> C.Inner: inner\n   at X.Y.C()\n   --- End of inner exception stack trace ---\n   at X.Y.B()\n   --- End of inner exception stack trace ---\n   at X.Y.A()",
			[]wantExc{{"A.Outer", "", "outer", stack.Root, -1, 1}, {"B.Mid", "", "mid", stack.Cause, 0, 1}, {"C.Inner", "", "inner", stack.Cause, 1, 1}}},
		{"arrow inside a message", "App.RouteException: Route a ---> b has no handler ---> App.Inner: x\n   at X.Y.C()",
			[]wantExc{{"App.RouteException", "", "Route a ---> b has no handler", stack.Root, -1, 0}, {"App.Inner", "", "x", stack.Cause, 0, 1}}},
		{"inner without frames", "A.Outer: outer\n ---> B.Inner: inner\n   --- End of inner exception stack trace ---\n   at X.Y.A()",
			[]wantExc{{"A.Outer", "", "outer", stack.Root, -1, 1}, {"B.Inner", "", "inner", stack.Cause, 0, 0}}},
		{"multi-line messages", "A.Outer: line one\nline two\n\nline four\n ---> B.Inner: in one\nin two\n   at X.Y.B()\n   --- End of inner exception stack trace ---",
			[]wantExc{{"A.Outer", "", "line one\nline two\n\nline four", stack.Root, -1, 0}, {"B.Inner", "", "in one\nin two", stack.Cause, 0, 1}}},
		{"type only", "Acme.EmptyException\n   at X.Y.Z()",
			[]wantExc{{"Acme.EmptyException", "", "", stack.Root, -1, 1}}},
		{"not a type", "Order 42 not found: retry later",
			[]wantExc{{"", "", "Order 42 not found: retry later", stack.Root, -1, 0}}},
		{"frames without header", "   at X.Y.Z()\n   at X.Y.Main()",
			[]wantExc{{"", "", "", stack.Root, -1, 2}}},
		{"hresult and trailer", "System.Data.SqlClient.SqlException (0x80131904): Timeout expired.\n   at X.Db.Open()\nClientConnectionId:1f0e\nError Number:-2,State:0,Class:11",
			[]wantExc{{"System.Data.SqlClient.SqlException", "0x80131904", "Timeout expired.", stack.Root, -1, 1}}},
		{"external exception's inner has no end marker", "Svc.Failed: save\n ---> Microsoft.Data.SqlClient.SqlException (0x80131904): Timeout expired.\n ---> System.ComponentModel.Win32Exception (258): The wait operation timed out.\n   at X.Db.Read()\n   at X.Db.Query()\nClientConnectionId:1f0e\n   --- End of inner exception stack trace ---\n   at X.Svc.Save()",
			[]wantExc{{"Svc.Failed", "", "save", stack.Root, -1, 1},
				{"Microsoft.Data.SqlClient.SqlException", "0x80131904", "Timeout expired.", stack.Cause, 0, 2},
				{"System.ComponentModel.Win32Exception", "258", "The wait operation timed out.", stack.Cause, 1, 0}}},
		{"socket exception under a normal parent keeps its frames", "System.Net.Http.HttpRequestException: Connection refused (x:80)\n ---> System.Net.Sockets.SocketException (111): Connection refused\n   at S.Sock.Connect()\n   --- End of inner exception stack trace ---\n   at S.Http.Send()",
			[]wantExc{{"System.Net.Http.HttpRequestException", "", "Connection refused (x:80)", stack.Root, -1, 1},
				{"System.Net.Sockets.SocketException", "111", "Connection refused", stack.Cause, 0, 1}}},
		{"unhandled prefix", "Unhandled Exception: System.Exception: boom\n   at X.Y.Z()",
			[]wantExc{{"System.Exception", "", "boom", stack.Root, -1, 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkChain(t, parse(tc.text), tc.want)
			// Windows line ends: the same chain, messages keep their inner "\r\n".
			crlf := append([]wantExc(nil), tc.want...)
			for i := range crlf {
				crlf[i].msg = strings.ReplaceAll(crlf[i].msg, "\n", "\r\n")
			}
			checkChain(t, parse(strings.ReplaceAll(tc.text, "\n", "\r\n")), crlf)
		})
	}
}

func TestAggregateMembers(t *testing.T) {
	core := "System.AggregateException: One or more errors occurred. (first) (second)\n" +
		" ---> System.Exception: first\n" +
		"   at App.W.One()\n" +
		"   --- End of inner exception stack trace ---\n" +
		"   at System.Threading.Tasks.Task.Wait()\n" +
		"   at App.W.Run()\n" +
		" ---> (Inner Exception #1) System.InvalidOperationException: second\n" +
		"   at App.W.Two()\n" +
		"   at App.W.TwoCaller()<---\n"
	checkChain(t, parse(core), []wantExc{
		{"System.AggregateException", "", "One or more errors occurred. (first) (second)", stack.Root, -1, 2},
		{"System.Exception", "", "first", stack.Member, 0, 1},
		{"System.InvalidOperationException", "", "second", stack.Member, 0, 2},
	})

	// An aggregate nested in an inner exception: its "<---" returns to it, the end marker to the outer.
	nested := "App.JobFailed: job\n" +
		" ---> System.AggregateException: One or more errors occurred. (a) (b)\n" +
		" ---> System.Exception: a\n" +
		"   --- End of inner exception stack trace ---\n" +
		" ---> (Inner Exception #1) System.Exception: b<---\n" +
		"\n" +
		"   --- End of inner exception stack trace ---\n" +
		"   at App.Job.Run()\n"
	checkChain(t, parse(nested), []wantExc{
		{"App.JobFailed", "", "job", stack.Root, -1, 1},
		{"System.AggregateException", "", "One or more errors occurred. (a) (b)", stack.Cause, 0, 0},
		{"System.Exception", "", "a", stack.Member, 1, 0},
		{"System.Exception", "", "b", stack.Member, 1, 0},
	})

	// A custom aggregate type: the numbered block still makes the plain inner a member.
	custom := "App.BatchErrors: 2 errors\n ---> App.E: one\n   --- End of inner exception stack trace ---\n ---> (Inner Exception #1) App.E: two<---\n"
	checkChain(t, parse(custom), []wantExc{
		{"App.BatchErrors", "", "2 errors", stack.Root, -1, 0},
		{"App.E", "", "one", stack.Member, 0, 0},
		{"App.E", "", "two", stack.Member, 0, 0},
	})
}

func TestAsyncBoundary(t *testing.T) {
	for _, marker := range []string{
		"--- End of stack trace from previous location ---",
		"--- End of stack trace from previous location where exception was thrown ---",
		"--- Ende der Stapelüberwachung vom vorhergehenden Ort, an dem die Ausnahme ausgelöst wurde ---",
	} {
		tr := parse("System.Exception: x\n   at A.B.First()\n" + marker + "\n   at A.B.Second()\n   at A.B.Third()\n")
		checkChain(t, tr, []wantExc{{"System.Exception", "", "x", stack.Root, -1, 3}})
		var flags []stack.FrameFlags
		for _, f := range tr.Exceptions[0].Frames {
			flags = append(flags, f.Flags)
		}
		if flags[0] != 0 || flags[1] != stack.Async || flags[2] != 0 {
			t.Errorf("%q: flags %v, want only the first frame after the boundary async", marker, flags)
		}
	}
}

func TestLocalisedMarkers(t *testing.T) {
	// The localised end of an inner exception is indented like the frames; text of the same shape in a
	// message without any inner exception stays message.
	tr := parse("System.Exception: Außen ---> System.Exception: Innen\n   bei A.B.Innen()\n   --- Ende der internen Ausnahmestapelüberwachung ---\n   bei A.B.Außen()")
	checkChain(t, tr, []wantExc{{"System.Exception", "", "Außen", stack.Root, -1, 1}, {"System.Exception", "", "Innen", stack.Cause, 0, 1}})
	tr = parse("App.ReportException: Summary\n   --- Totals ---\n--- Details ---\n   at A.B.C()")
	checkChain(t, tr, []wantExc{{"App.ReportException", "", "Summary\n   --- Totals ---\n--- Details ---", stack.Root, -1, 1}})
}

func TestTruncation(t *testing.T) {
	frame := "   at App.Tree.Walk(Node n) in /src/Tree.cs:line 12\n"
	text := "System.InvalidOperationException: too deep\n" + strings.Repeat(frame, 600)
	cut := text[:ddTruncateLen] + "..."
	tr := parse(cut)
	if !tr.Truncated {
		t.Error("Datadog-truncated text not flagged")
	}
	full := strings.Count(cut, "\n") - 1 // frame lines before the cut one
	if n := tr.FrameCount(); n != full {
		t.Errorf("got %d frames, want the %d complete ones", n, full)
	}
	for _, f := range tr.Exceptions[0].Frames {
		if f.Line != 12 {
			t.Fatalf("frame %q has line %d", f.Raw, f.Line)
		}
	}

	// The byte cap cuts at a line start.
	var capped stack.Trace
	Parse(text, stack.Options{MaxBytes: 1000}, &capped)
	if !capped.Truncated || capped.FrameCount() == 0 || capped.FrameCount() >= 600 {
		t.Errorf("byte cap: truncated=%v frames=%d", capped.Truncated, capped.FrameCount())
	}

	// A message ending in "..." is not a truncation.
	if tr := parse("System.Exception: Loading...\n"); tr.Truncated || tr.Exceptions[0].Message != "Loading..." {
		t.Errorf("got truncated=%v message %q", tr.Truncated, tr.Exceptions[0].Message)
	}
}

func TestReuseDoesNotAllocate(t *testing.T) {
	text := "A.Outer: outer\n ---> B.Inner: inner\n   at X.Y.Inner() in /x.cs:line 1\n   --- End of inner exception stack trace ---\n   at X.Y.Outer()"
	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	allocs := testing.AllocsPerRun(100, func() {
		tr.Reset()
		Parse(text, stack.Options{}, &tr)
	})
	if allocs != 0 {
		t.Errorf("%v allocs per parse with a reused trace", allocs)
	}
}

func TestScore(t *testing.T) {
	high := map[string]string{
		"located frame":   "System.Exception: boom\n   at A.B.C() in /x.cs:line 5\n",
		"no pdb frames":   "System.Exception: boom\n   at A.B.C(Int32 id)\n   at A.B.Main(String[] args)\n",
		"localised":       "System.Exception: Fehler\n   bei A.B.C() in C:\\x.cs:Zeile 5\n",
		"markers":         "System.Exception: x\n ---> System.IO.IOException: y\n   --- End of inner exception stack trace ---\n",
		"nativeaot":       "System.Exception: boom\n   at A.B.C(Int32) + 0x1d\n   at A.B.Main() + 0x2c\n",
		"frame then text": "   at A.B.C() in /x.cs:line 5\n",
	}
	for name, text := range high {
		if s := Score(text); s < 80 {
			t.Errorf("%s: score %d, want >= 80", name, s)
		}
	}
	low := map[string]string{
		"java":        "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)\n\tat java.lang.Thread.run(Native Method)\n",
		"java spaces": "java.lang.IllegalStateException: boom\n    at a.B.c(B.java:1)\n    at java.lang.Thread.run(Native Method)\n",
		"python":      "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    return self.helper(x)\nValueError: bad\n",
		"go":          "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:5 +0x1d\nexit status 2\n",
		"v8":          "TypeError: x is undefined\n    at f (/x.js:1:2)\n    at Object.<anonymous> (/x.js:3:1)\n    at new Foo (/x.js:4:1)\n",
		"ruby":        "x.rb:1:in 'f': boom (RuntimeError)\n\tfrom x.rb:2:in '<main>'\n",
		"php":         "PHP Fatal error:  Uncaught Exception: boom in /x.php:3\nStack trace:\n#0 /x.php(3): f()\n#1 {main}\n",
		"prose":       "Something went wrong: please retry later.\n",
		"empty":       "",
	}
	for name, text := range low {
		if s := Score(text); s > 20 {
			t.Errorf("%s: score %d, want <= 20", name, s)
		}
	}
	if s := Score("System.OperationCanceledException: The operation was canceled."); s <= 0 || s >= 80 {
		t.Errorf("bare .NET header: score %d, want a weak positive", s)
	}
	for _, path := range stacktest.Fixtures(t, stacktest.FixtureDir(t, "dotnet")) {
		if strings.Contains(path, "hand_header_only") {
			continue
		}
		text := readFile(t, path)
		if s := Score(text); s < 80 {
			t.Errorf("%s: score %d", path, s)
		}
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
