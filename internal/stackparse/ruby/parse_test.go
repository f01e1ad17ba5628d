package ruby

import (
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
)

func TestGolden(t *testing.T) {
	stacktest.Golden(t, stacktest.FixtureDir(t, "ruby"), Parse)
}

func FuzzParse(f *testing.F) {
	stacktest.Fuzz(f, stacktest.FixtureDir(f, "ruby"), Parse)
}

func BenchmarkParse(b *testing.B) {
	stacktest.Bench(b, stacktest.FixtureDir(b, "ruby"), Parse)
}

func parse(t *testing.T, text string) *stack.Trace {
	t.Helper()
	var tr stack.Trace
	Parse(text, stack.Options{}, &tr)
	stacktest.CheckInvariants(t, text, &tr)
	if tr.Language != stack.Ruby {
		t.Fatalf("language %v", tr.Language)
	}
	return &tr
}

type wantFrame struct {
	function, module, file string
	line                   int
	flags                  stack.FrameFlags
}

func checkFrame(t *testing.T, got stack.Frame, want wantFrame) {
	t.Helper()
	if got.Function != want.function || got.Module != want.module || got.File != want.file ||
		got.Line != want.line || got.Flags != want.flags {
		t.Errorf("frame %+v, want %+v", got, want)
	}
}

func TestLabels(t *testing.T) {
	for _, tc := range []struct {
		line string
		want wantFrame
	}{
		// Ruby 3.4 class-qualified labels.
		{"/app/app/models/order.rb:42:in 'Order.find!'", wantFrame{"find!", "Order", "/app/app/models/order.rb", 42, 0}},
		{"/app/c.rb:10:in 'OrdersController#show'", wantFrame{"show", "OrdersController", "/app/c.rb", 10, 0}},
		{"/g/b.rb:6:in 'ActionController::BasicImplicitRender#send_action'",
			wantFrame{"send_action", "ActionController::BasicImplicitRender", "/g/b.rb", 6, 0}},
		{"/a/x.rb:3:in 'block (2 levels) in Foo#bar'", wantFrame{"block (2 levels) in Foo#bar", "Foo", "/a/x.rb", 3, 0}},
		{"/a/x.rb:3:in 'block in Shop::Pricing.total'", wantFrame{"block in Shop::Pricing.total", "Shop::Pricing", "/a/x.rb", 3, 0}},
		{"/a/x.rb:3:in 'rescue in block in Foo#bar'", wantFrame{"rescue in block in Foo#bar", "Foo", "/a/x.rb", 3, 0}},
		{"/a/x.rb:3:in 'ensure in Foo.bar'", wantFrame{"ensure in Foo.bar", "Foo", "/a/x.rb", 3, 0}},
		{"<internal:kernel>:168:in 'Kernel#loop'", wantFrame{"loop", "Kernel", "<internal:kernel>", 168, 0}},
		{"<internal:numeric>:257:in 'Integer#times'", wantFrame{"times", "Integer", "<internal:numeric>", 257, 0}},
		{"/a/x.rb:1:in 'Integer#/'", wantFrame{"/", "Integer", "/a/x.rb", 1, 0}},
		{"/a/x.rb:1:in 'Comparable#<=>'", wantFrame{"<=>", "Comparable", "/a/x.rb", 1, 0}},
		{"/a/x.rb:1:in 'Kernel#Integer'", wantFrame{"Integer", "Kernel", "/a/x.rb", 1, 0}},
		{"/a/x.rb:1:in '#<Class:0x000075a1c3f0e8b8>#call'", wantFrame{"call", "#<Class:0x000075a1c3f0e8b8>", "/a/x.rb", 1, 0}},
		{"/a/x.rb:1:in '#<Class:#<Object:0x01>>.hi'", wantFrame{"hi", "#<Class:#<Object:0x01>>", "/a/x.rb", 1, 0}},
		// Labels without a class: scripts, class bodies, anonymous classes, ERB methods, Ruby < 3.4.
		{"/a/x.rb:8:in '<main>'", wantFrame{"<main>", "", "/a/x.rb", 8, 0}},
		{"/a/x.rb:8:in '<top (required)>'", wantFrame{"<top (required)>", "", "/a/x.rb", 8, 0}},
		{"/a/x.rb:8:in 'block (2 levels) in <class:Order>'", wantFrame{"block (2 levels) in <class:Order>", "", "/a/x.rb", 8, 0}},
		{"/app/app/views/orders/show.html.erb:3:in '_app_views_orders_show_html_erb__1234567890_98765'",
			wantFrame{"_app_views_orders_show_html_erb__1234567890_98765", "", "/app/app/views/orders/show.html.erb", 3, 0}},
		{"/a/x.rb:1:in `Integer'", wantFrame{"Integer", "", "/a/x.rb", 1, 0}},
		{"/a/x.rb:1:in `block (3 levels) in call'", wantFrame{"block (3 levels) in call", "", "/a/x.rb", 1, 0}},
		{"/a/x.rb:1:in ``'", wantFrame{"`", "", "/a/x.rb", 1, 0}},
		{"/a/x.rb:1:in 'Foo#'", wantFrame{"Foo#", "", "/a/x.rb", 1, 0}},
		{"/a/x.rb:1:in 'block (x levels) in Foo#bar'", wantFrame{"block (x levels) in Foo#bar", "", "/a/x.rb", 1, 0}},
		// Locations.
		{"(eval):1:in `evaluate'", wantFrame{"evaluate", "", "(eval)", 1, stack.Generated}},
		{"(eval at /app/rules.rb:17):1:in 'Shop::Rules#evaluate'",
			wantFrame{"evaluate", "Shop::Rules", "(eval at /app/rules.rb:17)", 1, stack.Generated}},
		{"C:/app/lib/x.rb:12:in 'X#y'", wantFrame{"y", "X", "C:/app/lib/x.rb", 12, 0}},
		{"/a/x.rb:in 'X#y'", wantFrame{"y", "X", "/a/x.rb", 0, 0}},
		{"\tfrom bin/fixtures.rb:61:in `<main>'", wantFrame{"<main>", "", "bin/fixtures.rb", 61, 0}},
	} {
		tr := parse(t, tc.line)
		if len(tr.Exceptions) != 1 || len(tr.Exceptions[0].Frames) != 1 {
			t.Errorf("%q: got %+v", tc.line, tr.Exceptions)
			continue
		}
		checkFrame(t, tr.Exceptions[0].Frames[0], tc.want)
	}
}

func TestNotFrames(t *testing.T) {
	for _, text := range []string{
		"",
		"something went wrong",
		":12:in 'x'",
		"/a/x.rb:12:in 'unterminated",
		"/a/x.rb:12:in 'x' trailing",
		"/a/x.rb:12 in 'x'",
		"\tat com.acme.A.b(A.java:1)",
	} {
		if tr := parse(t, text); len(tr.Exceptions) != 0 {
			t.Errorf("%q: got %+v", text, tr.Exceptions)
		}
	}
}

func TestHeaders(t *testing.T) {
	for _, tc := range []struct {
		name, text, typ, msg string
		frames               int
	}{
		{"single line", "/a.rb:1:in 'f': boom (RuntimeError)\n\tfrom /a.rb:2:in '<main>'\n", "RuntimeError", "boom", 2},
		{"bare header", "/a.rb:1:in 'f': boom (Shop::Error)", "Shop::Error", "boom", 1},
		{"parentheses in message", "/a.rb:1:in 'f': card declined (attempt 2) (Shop::PaymentDeclined)\n",
			"Shop::PaymentDeclined", "card declined (attempt 2)", 1},
		{"no class", "/a.rb:19:in `<main>': unhandled exception\n", "", "unhandled exception", 1},
		{"lowercase parentheses are message", "/a.rb:1:in 'f': failed (see log)\n", "", "failed (see log)", 1},
		{"empty message from dd-trace-rb", "/a.rb:1:in 'f':  (Shop::Error)\n\tfrom /a.rb:2:in 'g'\n", "Shop::Error", "", 2},
		{"anonymous class", "/a.rb:1:in 'f': boom (#<Class:0x000075a1c3f0e8b8>)\n", "#<Class:0x000075a1c3f0e8b8>", "boom", 1},
		// full_message: the class closes the first line; what follows is detailed_message output.
		{"full_message multi-line",
			"/a.rb:8:in `subtotal': undefined method `unit_price' for nil:NilClass (NoMethodError)\n\n" +
				"      product.unit_price * quantity\n             ^^^^^^^^^^^\n\tfrom /a.rb:9:in `total'\n",
			"NoMethodError", "undefined method `unit_price' for nil:NilClass", 2},
		// dd-trace-rb: the class closes the whole message.
		{"dd-trace-rb multi-line",
			"/a.rb:15:in 'validate!': Validation failed:\r\n  - email is invalid\r\n  - quantity must be positive (Shop::ValidationError)\r\n\tfrom /a.rb:2:in 'create'\r\n",
			"Shop::ValidationError", "Validation failed:\r\n  - email is invalid\r\n  - quantity must be positive", 2},
		{"multi-line without class",
			"/a.rb:1:in 'f': first\nsecond\n\n\tfrom /a.rb:2:in 'g'\n", "", "first\nsecond", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := parse(t, tc.text)
			if len(tr.Exceptions) != 1 {
				t.Fatalf("got %d exceptions", len(tr.Exceptions))
			}
			e := tr.Exceptions[0]
			if e.Type != tc.typ || e.Message != tc.msg || len(e.Frames) != tc.frames {
				t.Errorf("got type %q message %q %d frames, want %q %q %d", e.Type, e.Message, len(e.Frames), tc.typ, tc.msg, tc.frames)
			}
			if tr.Truncated {
				t.Error("truncated")
			}
		})
	}
}

func TestCauseChain(t *testing.T) {
	text := "/a/importer.rb:16:in 'Shop::Importer#import': import failed (Shop::ImportFailed)\n" +
		"\tfrom /a/job.rb:9:in 'ImportJob#perform'\n" +
		"/a/importer.rb:31:in 'Shop::Importer#parse': not JSON\nline two (Shop::InvalidPayload)\n" +
		"\tfrom /a/importer.rb:12:in 'block in Shop::Importer#import'\n" +
		"/usr/lib/ruby/3.1.0/json/common.rb:216:in `parse': unexpected token (JSON::ParserError)\n" +
		"\tfrom /usr/lib/ruby/3.1.0/json/common.rb:216:in `parse'\n" +
		"\tfrom /a/importer.rb:29:in `parse'\n"
	tr := parse(t, text)
	want := []struct {
		typ, msg string
		rel      stack.Relation
		parent   int
		frames   int
	}{
		{"Shop::ImportFailed", "import failed", stack.Root, -1, 2},
		{"Shop::InvalidPayload", "not JSON\nline two", stack.Cause, 0, 2},
		{"JSON::ParserError", "unexpected token", stack.Cause, 1, 3},
	}
	if len(tr.Exceptions) != len(want) {
		t.Fatalf("got %d exceptions", len(tr.Exceptions))
	}
	for i, w := range want {
		e := tr.Exceptions[i]
		if e.Type != w.typ || e.Message != w.msg || e.Relation != w.rel || e.Parent != w.parent || len(e.Frames) != w.frames {
			t.Errorf("exception %d: %q %q %v %d, %d frames", i, e.Type, e.Message, e.Relation, e.Parent, len(e.Frames))
		}
	}
	checkFrame(t, tr.Exceptions[1].Frames[0], wantFrame{"parse", "Shop::Importer", "/a/importer.rb", 31, 0})
	checkFrame(t, tr.Exceptions[2].Frames[2], wantFrame{"parse", "", "/a/importer.rb", 29, 0})
}

func TestBareBacktrace(t *testing.T) {
	tr := parse(t, "/a/pay.rb:20:in `authorize'\r\n/a/pay.rb:11:in `block in charge'\r\n\r\n/g/retry.rb:18:in `run'")
	if len(tr.Exceptions) != 1 {
		t.Fatalf("got %d exceptions", len(tr.Exceptions))
	}
	e := tr.Exceptions[0]
	if e.Type != "" || e.Message != "" || len(e.Frames) != 3 {
		t.Fatalf("got %+v", e)
	}
	checkFrame(t, e.Frames[1], wantFrame{"block in charge", "", "/a/pay.rb", 11, 0})
	checkFrame(t, e.Frames[2], wantFrame{"run", "", "/g/retry.rb", 18, 0})
}

func TestOmittedLevels(t *testing.T) {
	tr := parse(t, "/a.rb:24:in `walk': deep (E)\n\tfrom /a.rb:26:in `walk'\n\t ... 5 levels...\n")
	e := tr.Exceptions[0]
	if e.Omitted != 5 || len(e.Frames) != 2 || tr.Truncated {
		t.Errorf("omitted %d, %d frames, truncated %v", e.Omitted, len(e.Frames), tr.Truncated)
	}
	// Without its final newline the levels line is still not an agent cut.
	tr = parse(t, "/a.rb:24:in `walk': deep (E)\n\t ... 12 levels...")
	if tr.Exceptions[0].Omitted != 12 || tr.Truncated {
		t.Errorf("omitted %d, truncated %v", tr.Exceptions[0].Omitted, tr.Truncated)
	}
}

func TestAgentTruncation(t *testing.T) {
	head := "/a.rb:1:in 'A#f': boom (E)\n\tfrom /a.rb:2:in 'A#g'\n"
	for _, tc := range []struct {
		name, text string
		frames     int
		typ, msg   string
	}{
		{"mid-label", head + "\tfrom /a.rb:3:in 'A#h...", 2, "E", "boom"},
		{"mid-path", head + "\tfrom /usr/local/bu...", 2, "E", "boom"},
		{"after a whole frame", head + "\tfrom /a.rb:3:in 'A#h'...", 3, "E", "boom"},
		{"own line", head + "...", 2, "E", "boom"},
		{"trailing newline", head + "\tfrom /a.rb:3:in 'A#h...\n", 2, "E", "boom"},
		{"mid-message", "/a.rb:1:in 'A#f': Couldn't find (Order) with 'id'=4...", 1, "", "Couldn't find (Order) with 'id'=4"},
		{"cut message keeps first line class", "/a.rb:1:in 'A#f': first (E)\nsecond (F...", 1, "E", "first"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := parse(t, tc.text)
			e := tr.Exceptions[0]
			if !tr.Truncated || len(e.Frames) != tc.frames || e.Type != tc.typ || e.Message != tc.msg {
				t.Errorf("truncated %v, %d frames, type %q message %q", tr.Truncated, len(e.Frames), e.Type, e.Message)
			}
		})
	}
}

func TestByteCap(t *testing.T) {
	text := "/a.rb:1:in 'A#f': boom (E)\n" + strings.Repeat("\tfrom /a.rb:2:in 'A#g'\n", 1000)
	var tr stack.Trace
	Parse(text, stack.Options{MaxBytes: 1000}, &tr)
	if !tr.Truncated || len(tr.Exceptions) != 1 {
		t.Fatalf("truncated %v, %d exceptions", tr.Truncated, len(tr.Exceptions))
	}
	if n := len(tr.Exceptions[0].Frames); n < 30 || n > 45 {
		t.Errorf("%d frames from 1000 bytes", n)
	}
}

func TestScore(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		min, max   int
	}{
		{"ruby frame", "x.rb:1:in 'f'", 50, 100},
		{"ruby 3.1 full_message", "/a.rb:1:in `f': boom (RuntimeError)\n\tfrom /a.rb:2:in `<main>'\n", 90, 100},
		{"ruby 3.4 header only", "/a.rb:1:in 'A#f': boom (RuntimeError)", 70, 100},
		{"ruby caller", "/a.rb:1:in 'A#f'\n/a.rb:2:in 'A#g'\n/a.rb:3:in '<main>'\n", 70, 100},
		{"java", "java.lang.IllegalStateException: x\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:5)\n", 0, 10},
		{"python", "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    f()\nKeyError: 'x'\n", 0, 10},
		{"go", "panic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:5 +0x1d\n", 0, 10},
		{"v8", "TypeError: x is not a function\n    at f (/x.js:1:2)\n    at Object.<anonymous> (/x.js:3:1)\n", 0, 10},
		{"firefox", "f@http://x/a.js:1:2\n@http://x/a.js:3:1\n", 0, 10},
		{"dotnet", "System.Exception: boom\n   at A.B.C() in /x.cs:line 5\n   at A.B.Main() in /x.cs:line 9\n", 0, 10},
		{"php", "PHP Fatal error: boom\n#0 /x.php(3): f()\n#1 {main}\n", 0, 10},
		{"prose", "the order failed: see /a.rb for details", 0, 10},
		{"empty", "", 0, 0},
	} {
		if got := Score(tc.text); got < tc.min || got > tc.max {
			t.Errorf("%s: score %d, want %d..%d", tc.name, got, tc.min, tc.max)
		}
	}
}

func TestScoreDoesNotAllocate(t *testing.T) {
	text := "/a.rb:1:in `f': boom (RuntimeError)\n" + strings.Repeat("\tfrom /a.rb:2:in `g'\n", 500)
	if n := testing.AllocsPerRun(10, func() { Score(text) }); n != 0 {
		t.Errorf("%v allocs", n)
	}
}
