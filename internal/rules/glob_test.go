package rules

import (
	"strings"
	"testing"
)

func mustGlob(t testing.TB, p string, mode globMode) *glob {
	t.Helper()
	g, err := compileGlob(p, mode)
	if err != nil {
		t.Fatalf("compileGlob(%q): %v", p, err)
	}
	return g
}

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		mode    globMode
		pattern string
		yes, no []string
	}{
		{modeExact, "KeyError", []string{"KeyError"}, []string{"keyerror", "KeyError2", "", "Key"}},
		{modeExact, "*", []string{"", "anything", "a/b"}, nil},
		{modeExact, "*Exception", []string{"Exception", "java.lang.IllegalStateException"}, []string{"Exceptions", "exception"}},
		{modeExact, "java.*", []string{"java.", "java.lang.Error"}, []string{"javax.Foo", "java"}},
		{modeExact, "*Timeout*", []string{"Timeout", "ReadTimeoutError", "xTimeout"}, []string{"timeout", "Time out"}},
		{modeExact, "a?c", []string{"abc", "a/c", "aéc"}, []string{"ac", "abbc"}},
		{modeExact, "a*b*c", []string{"abc", "aXbYc", "abbbc", "acbc"}, []string{"ab", "acb", "abcx"}},
		{modeExact, "[ab]x", []string{"ax", "bx"}, []string{"cx", "Ax", "x"}},
		{modeExact, "[a-c]", []string{"a", "b", "c"}, []string{"d", ""}},
		{modeExact, "[!a-c]", []string{"d", "é"}, []string{"a", ""}},
		{modeExact, "[^a-c]", []string{"d"}, []string{"b"}},
		{modeExact, "[-a]", []string{"-", "a"}, []string{"b"}},
		{modeExact, "[a-]", []string{"-", "a"}, []string{"b"}},
		{modeExact, `\*`, []string{"*"}, []string{"x", ""}},
		{modeExact, `a\?`, []string{"a?"}, []string{"ab"}},
		{modeExact, `[\]]`, []string{"]"}, []string{"x"}},
		{modeExact, "(*Repo).Find", []string{"(*Repo).Find", "(*pkg.Repo).Find"}, []string{"Repo.Find"}},
		{modeExact, "**", []string{"", "a/b/c"}, nil},
		{modeExact, "ü*", []string{"über"}, []string{"Über"}},
		{modeFold, "*connection refused*", []string{"dial tcp: Connection Refused", "CONNECTION REFUSED"}, []string{"connection reset"}},
		{modeFold, "Über*", []string{"über alles", "ÜBER"}, []string{"uber"}},
		{modeFold, "*k", []string{"xK", "x\u212a"}, []string{"x"}}, // the Kelvin sign folds to an ASCII k
		{modeFold, "*ab*cd*", []string{"xABycDz", "abcd"}, []string{"acbd", "cdab"}},
		{modeExact, "*ab*cd*", []string{"xabycdz", "abcd", "abcdab"}, []string{"cdab", "abc"}},
		{modeExact, "pre*mid*suf", []string{"premidsuf", "pre-mid-suf"}, []string{"presuf", "premid", "midsuf"}},
		{modeExact, "ab*ba", []string{"abba", "ab-ba"}, []string{"aba"}},
		{modeFold, "[A-C]x", []string{"ax", "Bx", "cX"}, []string{"dx"}},
		{modeFold, "order [!0-9]*", []string{"Order x1"}, []string{"order 1x"}},
		{modePath, "**/site-packages/**", []string{"/usr/lib/python3.12/site-packages/flask/app.py", `C:\Python\Lib\Site-Packages\x.py`, "site-packages/x.py"}, []string{"/app/sitepackages/x.py", "/app/my-site-packages/x.py"}},
		{modePath, "**/*.py", []string{"/app/main.py", "main.py", "/a/b/c/D.PY"}, []string{"/app/main.pyc", "/app/py/main"}},
		{modePath, "*.py", []string{"main.py", "/main.py"}, []string{"/app/main.py"}},
		{modePath, "/app/**", []string{"/app/x.js", "app/x/y.js", "/app", "/APP/x"}, []string{"/apps/x.js", "/srv/app/x.js"}},
		{modePath, "app/*/handlers/*.go", []string{"/app/orders/handlers/get.go"}, []string{"/app/orders/v1/handlers/get.go", "/app/handlers/get.go"}},
		{modePath, "**/node_modules/**", []string{"/srv/node_modules/express/lib/router.js", "webpack:///./node_modules/react/x.js"}, []string{"/srv/node_modules_old/x.js"}},
		{modePath, "https://cdn.example.com/**", []string{"https://cdn.example.com/static/main.3f9a1c.js"}, []string{"https://cdn.example.org/main.js"}},
		{modePath, "**/vendor/**/*.php", []string{"/var/www/vendor/laravel/framework/src/Router.php"}, []string{"/var/www/vendor/x.js"}},
		{modePath, "a/**/b", []string{"a/b", "a/x/b", "a/x/y/b"}, []string{"a/x/bc", "b"}},
		{modePath, "**.py", []string{"x.py"}, []string{"a/x.py"}}, // "**" inside a segment is a plain star
		{modePath, "[*].py", []string{"*.py"}, []string{"x.py"}},
		{modePath, "**", []string{"", "/", "/a/b"}, nil},
	}
	for _, tt := range tests {
		g := mustGlob(t, tt.pattern, tt.mode)
		for _, s := range tt.yes {
			if !g.match(s) {
				t.Errorf("mode %d: %q should match %q", tt.mode, tt.pattern, s)
			}
		}
		for _, s := range tt.no {
			if g.match(s) {
				t.Errorf("mode %d: %q should not match %q", tt.mode, tt.pattern, s)
			}
		}
	}
}

func TestGlobErrors(t *testing.T) {
	tests := []struct {
		pattern string
		mode    globMode
		want    string
	}{
		{"[abc", modeExact, `invalid glob "[abc": unterminated class`},
		{"[]", modeExact, `invalid glob "[]": empty class`},
		{"[!]x", modeExact, `invalid glob "[!]x": empty class`},
		{"[z-a]", modeExact, `invalid glob "[z-a]": invalid range z-a`},
		{`ab\`, modeExact, `invalid glob "ab\\": trailing backslash`},
		{`[a\`, modeExact, `invalid glob "[a\\": unterminated class`},
		{"**/[x/**", modePath, `invalid glob "**/[x/**": unterminated class`},
		{strings.Repeat("a", maxPattern+1), modeExact, `invalid glob "` + strings.Repeat("a", maxPattern+1) + `": longer than 256 bytes`},
	}
	for _, tt := range tests {
		_, err := compileGlob(tt.pattern, tt.mode)
		if err == nil || err.Error() != tt.want {
			t.Errorf("compileGlob(%q) = %v, want %s", tt.pattern, err, tt.want)
		}
	}
	if _, err := compileGlob(strings.Repeat("a", maxPattern), modeExact); err != nil {
		t.Errorf("a pattern of exactly %d bytes must compile: %v", maxPattern, err)
	}
}

// TestGlobPathological runs the inputs that make backtracking matchers exponential. The algorithms are
// O(len(text) × len(pattern)) by construction, so these finish in milliseconds; a regression to
// backtracking would hang the test rather than fail a timing assertion.
func TestGlobPathological(t *testing.T) {
	long := strings.Repeat("a", 100_000)
	for _, p := range []string{"a*a*a*a*b", "*a*a*a*a*a*a*a*a*a*a*b", "*?*?*?*?*?*b", "a*a*a*a*a*a*a*a*a*a*"} {
		for _, mode := range []globMode{modeExact, modeFold} {
			g := mustGlob(t, p, mode)
			if got, want := g.match(long), !strings.HasSuffix(p, "b"); got != want {
				t.Errorf("mode %d: %q on a long run of a: %v, want %v", mode, p, got, want)
			}
		}
	}
	segs := strings.Repeat("a/", 20_000) + "c"
	for _, p := range []string{"**/a/**/a/**/a/**/b", "**/a*a*a*b/**", "**/a/**/a*/**/*b"} {
		if mustGlob(t, p, modePath).match(segs) {
			t.Errorf("%q must not match a long path of a segments", p)
		}
	}
	flat := "/" + long + "/"
	if mustGlob(t, "**/a*a*a*a*b*/**", modePath).match(flat) {
		t.Error("segment stars must not match without a b")
	}
}

func TestGlobDoesNotAllocate(t *testing.T) {
	cases := []struct {
		g *glob
		s string
	}{
		{mustGlob(t, "*a*b?c*", modeExact), "xxaxxbycxx"},
		{mustGlob(t, "*connection refused*", modeFold), "Dial TCP: Connection Refused by peer"},
		{mustGlob(t, "**/site-packages/*/app.py", modePath), `C:\Python312\Lib\site-packages\flask\app.py`},
	}
	for _, c := range cases {
		if n := testing.AllocsPerRun(100, func() { c.g.match(c.s) }); n != 0 {
			t.Errorf("match(%q) allocates %v times", c.s, n)
		}
	}
}

// refTokens is the textbook dynamic programme over (token, character), for comparison with the matchers.
func refTokens(toks []token, s string, fold bool) bool {
	var rs []rune
	for i := 0; i < len(s); {
		r, n := decode(s, i)
		rs = append(rs, r)
		i += n
	}
	// ok[i][j]: toks[i:] matches rs[j:].
	ok := make([][]bool, len(toks)+1)
	for i := range ok {
		ok[i] = make([]bool, len(rs)+1)
	}
	ok[len(toks)][len(rs)] = true
	for i := len(toks) - 1; i >= 0; i-- {
		for j := len(rs); j >= 0; j-- {
			k := &toks[i]
			switch {
			case k.kind == tokStar:
				ok[i][j] = ok[i+1][j] || (j < len(rs) && ok[i][j+1])
			case j < len(rs):
				ok[i][j] = k.matches(rs[j], fold) && ok[i+1][j+1]
			}
		}
	}
	return ok[0][0]
}

// refMatch matches without any of the compiled shortcuts, or reports false when p does not compile.
func refMatch(p, s string, mode globMode) (match, compiled bool) {
	if mode != modePath {
		toks, err := parseTokens(p, true, mode == modeFold)
		return err == nil && refTokens(toks, s, mode == modeFold), err == nil
	}
	type refSegment struct {
		globstar bool
		toks     []token
	}
	var segs []refSegment
	for part := range strings.SplitSeq(strings.TrimPrefix(strings.ReplaceAll(p, `\`, "/"), "/"), "/") {
		toks, err := parseTokens(part, false, true)
		if err != nil {
			return false, false
		}
		segs = append(segs, refSegment{globstar: part == "**", toks: toks})
	}
	text := strings.Split(strings.TrimPrefix(strings.ReplaceAll(s, `\`, "/"), "/"), "/")
	// ok[i][j]: segs[i:] matches text[j:].
	ok := make([][]bool, len(segs)+1)
	for i := range ok {
		ok[i] = make([]bool, len(text)+1)
	}
	ok[len(segs)][len(text)] = true
	for i := len(segs) - 1; i >= 0; i-- {
		for j := len(text); j >= 0; j-- {
			switch {
			case segs[i].globstar:
				ok[i][j] = ok[i+1][j] || (j < len(text) && ok[i][j+1])
			case j < len(text):
				ok[i][j] = refTokens(segs[i].toks, text[j], true) && ok[i+1][j+1]
			}
		}
	}
	return ok[0][0], true
}

func FuzzGlob(f *testing.F) {
	f.Add("a*b?c", "aXbYc", uint8(0))
	f.Add("*a*a*b", "aaaab", uint8(1))
	f.Add("**/x*/*.py", "/a/xy/z.py", uint8(2))
	f.Add("[!a-c]*Z", "dzz", uint8(1))
	f.Add("a/**/b/**", `a\x\b\c`, uint8(2))
	f.Add("*k*", "x\u212ay", uint8(1))
	f.Add("pre*mid*suf", "pre-mid-mid-suf", uint8(0))
	f.Fuzz(func(t *testing.T, pattern, s string, m uint8) {
		mode := globMode(m % 3)
		g, err := compileGlob(pattern, mode)
		if err != nil || len(s) > 200 {
			return
		}
		want, ok := refMatch(pattern, s, mode)
		if !ok {
			t.Fatalf("mode %d: %q compiles but not for the reference", mode, pattern)
		}
		if got := g.match(s); got != want {
			t.Fatalf("mode %d: match(%q, %q) = %v, reference says %v", mode, pattern, s, got, want)
		}
	})
}
