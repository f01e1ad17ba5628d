package javascript

import (
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
)

func TestGolden(t *testing.T) {
	stacktest.Golden(t, stacktest.FixtureDir(t, "javascript"), Parse)
}

func FuzzParse(f *testing.F) {
	stacktest.Fuzz(f, stacktest.FixtureDir(f, "javascript"), Parse)
}

func BenchmarkParse(b *testing.B) {
	stacktest.Bench(b, stacktest.FixtureDir(b, "javascript"), Parse)
}

func parse(text string) *stack.Trace {
	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	return &tr
}

// frameOf parses a single frame line under a header and returns that frame.
func frameOf(t *testing.T, header, line string) stack.Frame {
	t.Helper()
	tr := parse(header + line)
	if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
		t.Fatalf("%q: want one exception with one frame, got %+v", line, tr.Exceptions)
	}
	return tr.Exceptions[0].Frames[0]
}

func TestHeader(t *testing.T) {
	tests := []struct {
		name, text, typ, code, msg string
		frames                     int
	}{
		{"bare type", "Error\n    at f (/a.js:1:2)", "Error", "", "", 1},
		{"custom name", "ValidationError: email: invalid\n    at f (/a.js:1:2)", "ValidationError", "", "email: invalid", 1},
		{"node code", "TypeError [ERR_INVALID_ARG_TYPE]: The \"path\" argument must be of type string\n    at f (/a.js:1:2)",
			"TypeError", "ERR_INVALID_ARG_TYPE", "The \"path\" argument must be of type string", 1},
		{"browser console", "Uncaught TypeError: x is not a function\n    at f (https://a/b.js:1:2)", "TypeError", "", "x is not a function", 1},
		{"unhandled rejection", "Uncaught (in promise) Error: boom\n    at f (https://a/b.js:1:2)", "Error", "", "boom", 1},
		{"multi-line message up to the first frame", "Error: first\n\n  second\n    at least one item\n    at f (/a.js:1:2)",
			"Error", "", "first\n\n  second\n    at least one item", 1},
		{"header only", "RangeError: Maximum call stack size exceeded", "RangeError", "", "Maximum call stack size exceeded", 0},
		{"message without a type", "something went wrong\n    at f (/a.js:1:2)", "", "", "something went wrong", 1},
		{"crlf", "Error: boom\r\n    at f (/a.js:1:2)\r\n", "Error", "", "boom", 1},
		{"header before Firefox frames", "TypeError: e is undefined\nf@https://a/b.js:1:2\n@https://a/b.js:3:4", "TypeError", "", "e is undefined", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr := parse(tt.text)
			if len(tr.Exceptions) != 1 {
				t.Fatalf("got %d exceptions", len(tr.Exceptions))
			}
			e := tr.Exceptions[0]
			if e.Type != tt.typ || e.Code != tt.code || e.Message != tt.msg || len(e.Frames) != tt.frames {
				t.Errorf("got type %q code %q message %q frames %d, want %q %q %q %d",
					e.Type, e.Code, e.Message, len(e.Frames), tt.typ, tt.code, tt.msg, tt.frames)
			}
			if tr.Language != stack.JavaScript || tr.Truncated {
				t.Errorf("language %v truncated %v", tr.Language, tr.Truncated)
			}
		})
	}
}

func TestV8Frame(t *testing.T) {
	tests := []struct {
		line string
		want stack.Frame
	}{
		{"at getUser (/app/src/users.js:42:18)", stack.Frame{Function: "getUser", File: "/app/src/users.js", Line: 42, Column: 18}},
		{"at Repo.find [as lookup] (/app/src/repo.js:10:5)", stack.Frame{Module: "Repo", Function: "find", File: "/app/src/repo.js", Line: 10, Column: 5}},
		{"at new Session (/app/session.js:5:11)", stack.Frame{Function: "Session", File: "/app/session.js", Line: 5, Column: 11, Flags: stack.Constructor}},
		{"at async handler (/app/routes.js:10:5)", stack.Frame{Function: "handler", File: "/app/routes.js", Line: 10, Column: 5, Flags: stack.Async}},
		{"at async Promise.all (index 3)", stack.Frame{Module: "Promise", Function: "all", Flags: stack.Async | stack.Native}},
		{"at Array.map (<anonymous>)", stack.Frame{Module: "Array", Function: "map", Flags: stack.Native}},
		{"at new Promise (<anonymous>)", stack.Frame{Function: "Promise", Flags: stack.Constructor | stack.Native}},
		{"at Array.forEach (native)", stack.Frame{Module: "Array", Function: "forEach", Flags: stack.Native}},
		{"at Object.<anonymous> (/app/index.js:3:1)", stack.Frame{Module: "Object", Function: "<anonymous>", File: "/app/index.js", Line: 3, Column: 1}},
		{"at Module._extensions..js (node:internal/modules/cjs/loader:1623:10)",
			stack.Frame{Module: "Module", Function: "_extensions..js", File: "node:internal/modules/cjs/loader", Line: 1623, Column: 10}},
		{"at /app/src/reports.js:5:77", stack.Frame{File: "/app/src/reports.js", Line: 5, Column: 77}},
		{"at async file:///app/esm.mjs:3:9", stack.Frame{File: "file:///app/esm.mjs", Line: 3, Column: 9, Flags: stack.Async}},
		{"at rule (eval at compileRule (/app/rules.js:5:10), <anonymous>:1:45)", stack.Frame{Function: "rule", File: "/app/rules.js", Line: 5, Column: 10}},
		{"at eval (eval at f (eval at g (/app/x.js:3:1), <anonymous>:1:1), <anonymous>:2:3)", stack.Frame{Function: "eval", File: "/app/x.js", Line: 3, Column: 1}},
		{"at eval (eval at <anonymous> (<anonymous>), <anonymous>:2:3)", stack.Frame{Function: "eval", File: "<anonymous>", Line: 2, Column: 3}},
		{"at eval (webpack-internal:///./src/app.js:12:5)", stack.Frame{Function: "eval", File: "webpack-internal:///./src/app.js", Line: 12, Column: 5}},
		{"at Page (webpack-internal:///(rsc)/./app/page.tsx:12:11)", stack.Frame{Function: "Page", File: "webpack-internal:///(rsc)/./app/page.tsx", Line: 12, Column: 11}},
		{"at eval (webpack:///./src/app.js?:3:4)", stack.Frame{Function: "eval", File: "webpack:///./src/app.js?", Line: 3, Column: 4}},
		{"at t (https://host/assets/index-BfXaC2kq.js?v=abc:1:23456)", stack.Frame{Function: "t", File: "https://host/assets/index-BfXaC2kq.js?v=abc", Line: 1, Column: 23456}},
		{`at load (C:\Program Files (x86)\app\x.js:1:2)`, stack.Frame{Function: "load", File: `C:\Program Files (x86)\app\x.js`, Line: 1, Column: 2}},
		{`at C:\app\x.js:7:3`, stack.Frame{File: `C:\app\x.js`, Line: 7, Column: 3}},
		{"at add (wasm://wasm/5c0b2e96:wasm-function[1]:0x3f)", stack.Frame{Function: "add", File: "wasm://wasm/5c0b2e96:wasm-function[1]:0x3f"}},
		// util.inspect decorations after the last frame of a block.
		{"at node:internal/main/run_main_module:28:49 {", stack.Frame{File: "node:internal/main/run_main_module", Line: 28, Column: 49}},
		{"at main (/app/index.js:9:5),", stack.Frame{Function: "main", File: "/app/index.js", Line: 9, Column: 5}},
	}
	for _, tt := range tests {
		got := frameOf(t, "Error: x\n    ", tt.line)
		tt.want.Raw = got.Raw
		if got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
		if got.Raw == "" || got.Raw[len(got.Raw)-1] == '{' || got.Raw[len(got.Raw)-1] == ',' {
			t.Errorf("%s: raw %q keeps the inspect decoration", tt.line, got.Raw)
		}
	}
}

func TestNotAFrame(t *testing.T) {
	for _, line := range []string{
		"at least 3 items required",
		"at 10:30",
		"at a.B.c(B.java:12)",
		"at App.Run() in /src/App.cs:line 5",
		"contact me at admin@example.com",
		"user@example.com:8080",
		"  File \"/app/x.py\", line 3, in f",
	} {
		tr := parse("Error: x\n" + line)
		if n := tr.FrameCount(); n != 0 {
			t.Errorf("%q parsed as %d frame(s): %+v", line, n, tr.Exceptions[0].Frames)
		}
	}
}

func TestBrowserFrame(t *testing.T) {
	tests := []struct {
		line string
		want stack.Frame
	}{
		{"getUser@https://shop.example.com/static/js/main.3f2a1b9c.js:2:12345",
			stack.Frame{Function: "getUser", File: "https://shop.example.com/static/js/main.3f2a1b9c.js", Line: 2, Column: 12345}},
		{"@https://a.com/app.js:1:1", stack.Frame{File: "https://a.com/app.js", Line: 1, Column: 1}},
		{"handler/<@https://a.com/app.js:10:5", stack.Frame{Function: "handler/<", File: "https://a.com/app.js", Line: 10, Column: 5}},
		{"outer/inner<@https://a.com/app.js:10:5", stack.Frame{Function: "outer/inner<", File: "https://a.com/app.js", Line: 10, Column: 5}},
		{"async*submit@https://a.com/app.js:20:3", stack.Frame{Function: "submit", File: "https://a.com/app.js", Line: 20, Column: 3, Flags: stack.Async}},
		{"promise callback*init@https://a.com/app.js:14:21", stack.Frame{Function: "init", File: "https://a.com/app.js", Line: 14, Column: 21, Flags: stack.Async}},
		{"rule@https://a.com/rules.js line 12 > eval:1:34", stack.Frame{Function: "rule", File: "https://a.com/rules.js", Line: 12}},
		{"f@https://a.com/x.js line 2 > eval line 1 > Function:1:5", stack.Frame{Function: "f", File: "https://a.com/x.js", Line: 2}},
		{"load@https://a.com/node_modules/@scope/pkg/x.js:3:4", stack.Frame{Function: "load", File: "https://a.com/node_modules/@scope/pkg/x.js", Line: 3, Column: 4}},
		{"old@https://a.com/x.js:48", stack.Frame{Function: "old", File: "https://a.com/x.js", Line: 48}},
		{"global code@https://a.com/index.html:12:3", stack.Frame{Function: "global code", File: "https://a.com/index.html", Line: 12, Column: 3}},
		{"module code@https://a.com/m.js:1:8", stack.Frame{Function: "module code", File: "https://a.com/m.js", Line: 1, Column: 8}},
		{"get total@https://a.com/cart.js:7:9", stack.Frame{Function: "get total", File: "https://a.com/cart.js", Line: 7, Column: 9}},
		{"forEach@[native code]", stack.Frame{Function: "forEach", Flags: stack.Native}},
		{"[native code]", stack.Frame{Flags: stack.Native}},
		{"eval code@", stack.Frame{Function: "eval code"}},
	}
	for _, tt := range tests {
		got := frameOf(t, "", tt.line)
		tt.want.Raw = tt.line
		if got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.line, got, tt.want)
		}
		if e := parse(tt.line).Exceptions[0]; e.Type != "" || e.Message != "" {
			t.Errorf("%s: headerless browser stack got type %q message %q", tt.line, e.Type, e.Message)
		}
	}
}

func TestSafariBareLocation(t *testing.T) {
	// Older Safari prints anonymous frames as a bare URL; once the text is a browser stack they are frames.
	tr := parse("f@https://a.com/x.js:1:2\nhttps://a.com/x.js:48:22\n[native code]")
	e := tr.Exceptions[0]
	if len(e.Frames) != 3 || e.Frames[1].File != "https://a.com/x.js" || e.Frames[1].Line != 48 || e.Frames[1].Column != 22 {
		t.Fatalf("got %+v", e.Frames)
	}
}

func TestInspectCause(t *testing.T) {
	text := `OrderError: checkout failed
    at checkout (/app/checkout.js:17:21)
    ... 6 lines matching cause stack trace ...
    at node:internal/main/run_main_module:28:49 {
  orderId: 1042,
  [cause]: Error: db down
      at query (/app/db.js:3:9)
      ... 1 line matching cause stack trace ...
      at main (/app/index.js:1:1) {
    code: 'ECONNREFUSED',
    [cause]: [ConnectError: refused] { port: 5432 }
  }
}`
	tr := parse(text)
	want := []struct {
		typ, msg          string
		rel               stack.Relation
		parent, frames, n int
	}{
		{"OrderError", "checkout failed", stack.Root, -1, 2, 6},
		{"Error", "db down", stack.Cause, 0, 2, 1},
		{"ConnectError", "refused", stack.Cause, 1, 0, 0},
	}
	if len(tr.Exceptions) != len(want) {
		t.Fatalf("got %d exceptions: %+v", len(tr.Exceptions), tr.Exceptions)
	}
	for i, w := range want {
		e := tr.Exceptions[i]
		if e.Type != w.typ || e.Message != w.msg || e.Relation != w.rel || e.Parent != w.parent || len(e.Frames) != w.frames || e.Omitted != w.n {
			t.Errorf("exception %d: got %q %q %v parent %d frames %d omitted %d, want %+v",
				i, e.Type, e.Message, e.Relation, e.Parent, len(e.Frames), e.Omitted, w)
		}
	}
}

func TestInspectOddCauses(t *testing.T) {
	// util.inspect prints whatever the cause is; only errors become exceptions, and nothing crashes.
	for _, cause := range []string{"'a string cause'", "{ code: 1, detail: 'x' }", "[Function: retry]", "[Object: null prototype] {}", "undefined", "42", "[Circular *1]"} {
		tr := parse("Error: outer\n    at f (/a.js:1:2) {\n  [cause]: " + cause + "\n}")
		if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
			t.Errorf("cause %s: got %+v", cause, tr.Exceptions)
		}
	}
}

func TestInspectAggregate(t *testing.T) {
	text := `[AggregateError: All promises were rejected
second line] {
  [errors]: [
    Error: a
        at f (/a.js:1:2) {
      [cause]: [TypeError: inner]
    },
    'not an error',
    [RangeError: b],
    AggregateError: nested
        at g (/a.js:3:4) {
      [errors]: [ [Error: deep] ]
    },
    SyntaxError: c
        at h (/a.js:5:6)
  ]
}`
	tr := parse(text)
	want := []struct {
		typ, msg       string
		rel            stack.Relation
		parent, frames int
	}{
		{"AggregateError", "All promises were rejected\nsecond line", stack.Root, -1, 0},
		{"Error", "a", stack.Member, 0, 1},
		{"TypeError", "inner", stack.Cause, 1, 0},
		{"RangeError", "b", stack.Member, 0, 0},
		{"AggregateError", "nested", stack.Member, 0, 1},
		{"SyntaxError", "c", stack.Member, 0, 1},
	}
	if len(tr.Exceptions) != len(want) {
		t.Fatalf("got %d exceptions: %+v", len(tr.Exceptions), tr.Exceptions)
	}
	for i, w := range want {
		e := tr.Exceptions[i]
		if e.Type != w.typ || e.Message != w.msg || e.Relation != w.rel || e.Parent != w.parent || len(e.Frames) != w.frames {
			t.Errorf("exception %d: got %q %q %v parent %d frames %d, want %+v", i, e.Type, e.Message, e.Relation, e.Parent, len(e.Frames), w)
		}
	}
}

func TestDatadogTruncation(t *testing.T) {
	// dd-trace-js: value.slice(0, 25000) + "...". The message is padded so that the cut falls inside the
	// last frame's column number, where the partial line still reads as a location.
	const frame = "    at https://a.com/tree.js:12:10\n"
	text := "RangeError: " + strings.Repeat("x", 454) + "\n" + strings.Repeat(frame, 701)
	text = text[:25000] + "..."
	if last := text[strings.LastIndexByte(text, '\n')+1:]; last != "    at https://a.com/tree.js:12:1..." {
		t.Fatalf("test text cut at %q", last)
	}
	tr := parse(text)
	if !tr.Truncated {
		t.Error("not marked truncated")
	}
	e := tr.Exceptions[0]
	if len(e.Frames) != 700 {
		t.Errorf("got %d frames, want the 700 complete ones", len(e.Frames))
	}
	for _, f := range e.Frames {
		if f.File != "https://a.com/tree.js" || f.Line != 12 || f.Column != 10 {
			t.Fatalf("partial frame parsed: %+v", f)
		}
	}

	if short := parse("Error: wait...\n    at f (/a.js:1:2)..."); short.Truncated {
		t.Error("a short text ending in ... is not a producer cut")
	}

	var capped stack.Trace
	Parse(text, stack.Options{MaxBytes: 1000}, &capped)
	if !capped.Truncated || capped.FrameCount() == 0 || capped.FrameCount() > 1000/30 {
		t.Errorf("byte cap: truncated %v with %d frames", capped.Truncated, capped.FrameCount())
	}
}

func TestReuseDoesNotAllocate(t *testing.T) {
	text := "TypeError [ERR_X]: boom\n    at async Repo.find [as lookup] (/app/repo.js:1:2)\n    at new S (/a.js:1:2) {\n  [cause]: Error: inner\n      at g (/a.js:3:4)\n}"
	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	allocs := testing.AllocsPerRun(100, func() {
		tr.Reset()
		Parse(text, stack.Options{}, &tr)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per parse with a reused trace", allocs)
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name, text string
		min, max   int
	}{
		{"v8", "TypeError: x\n    at f (/x.js:1:2)\n    at g (/x.js:3:4)", 90, 100},
		{"v8 one frame", "Error: x\n    at /x.js:1:2", 70, 100},
		{"firefox", "f@https://a/x.js:1:2\n@https://a/x.js:3:4", 80, 100},
		{"safari", "validate@https://a/x.js:1:2\nforEach@[native code]\nglobal code@https://a/i.html:3:4", 80, 100},
		{"node header only", "TypeError [ERR_INVALID_ARG_TYPE]: bad", 20, 60},
		{"java", "java.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)\n\tat java.base/x.Y.z(Native Method)", 0, 10},
		{"python", "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    @app.route('/x')\nKeyError: 'a'", 0, 10},
		{"go", "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:5 +0x1d\ngithub.com/a/b.c()\n\t/root/go/pkg/mod/github.com/a/b@v1.2.3/c.go:7 +0x2e", 0, 10},
		{"go dd-trace", "main.handler\n\t/root/go/pkg/mod/github.com/gin-gonic/gin@v1.9.1/context.go:174\nmain.main\n\t/app/main.go:9", 0, 10},
		{"ruby", "x.rb:1:in 'f': boom (RuntimeError)\n\tfrom x.rb:5:in '<main>'", 0, 10},
		{".net", "System.Exception: x\n   at A.B.C() in /x.cs:line 5\n   at A.B.D(String s) in /x.cs:line 9", 0, 10},
		{"php", "PHP Fatal error: x\n#0 /x.php(3): f()\n#1 {main}", 0, 10},
		{"empty", "", 0, 0},
	}
	for _, tt := range tests {
		if got := Score(tt.text); got < tt.min || got > tt.max {
			t.Errorf("%s: score %d, want %d..%d", tt.name, got, tt.min, tt.max)
		}
	}
	// Only the first 4 KiB count.
	late := strings.Repeat("x\n", 4096) + "    at f (/x.js:1:2)\n    at g (/x.js:3:4)"
	if got := Score(late); got != 0 {
		t.Errorf("frames after 4 KiB scored %d", got)
	}
}
