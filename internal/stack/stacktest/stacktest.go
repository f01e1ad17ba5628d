// Package stacktest runs the golden, fuzz and benchmark checks every stack parser shares.
package stacktest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Update is the -update flag of every test that compares with golden files: rewrite them from the current
// output, then review the diff. One flag serves all, since a test binary can define a name only once.
var Update = flag.Bool("update", false, "rewrite golden files from the current output (review the diff)")

// ParseFunc is the signature every language parser exports.
type ParseFunc func(text string, opts stack.Options, t *stack.Trace)

// FixtureDir returns testdata/stacks/<lang> of the repository, found by walking up to go.mod.
func FixtureDir(tb testing.TB, lang string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "stacks", lang)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// Fixtures lists the *.txt fixtures of dir, sorted.
func Fixtures(tb testing.TB, dir string) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		tb.Fatal(err)
	}
	if len(files) == 0 {
		tb.Fatalf("no fixtures in %s", dir)
	}
	sort.Strings(files)
	return files
}

// Golden parses every fixture of dir and compares the result with the fixture's .golden.json file.
// Run the test with -update to rewrite the golden files, then review the diff.
func Golden(t *testing.T, dir string, parse ParseFunc) {
	for _, path := range Fixtures(t, dir) {
		name := strings.TrimSuffix(filepath.Base(path), ".txt")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			text := string(raw)
			var tr stack.Trace
			parse(text, stack.Options{}, &tr)
			CheckInvariants(t, text, &tr)
			got, err := json.MarshalIndent(ToGolden(&tr), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			goldenPath := strings.TrimSuffix(path, ".txt") + ".golden.json"
			if *Update {
				if err := os.WriteFile(goldenPath, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if string(want) != string(got) {
				t.Errorf("parse of %s differs from %s:\n%s", filepath.Base(path), filepath.Base(goldenPath), diff(string(want), string(got)))
			}
		})
	}
}

// CheckInvariants asserts what every parse must satisfy whatever the input: raw frame text comes from
// the input, parents point backwards, frame counts are bounded by the input's size.
func CheckInvariants(tb testing.TB, text string, tr *stack.Trace) {
	tb.Helper()
	lines := strings.Count(text, "\n") + 1
	if n := tr.FrameCount(); n > lines {
		tb.Fatalf("%d frames from %d lines", n, lines)
	}
	if len(tr.Exceptions) > lines+1 {
		tb.Fatalf("%d exceptions from %d lines", len(tr.Exceptions), lines)
	}
	for i, e := range tr.Exceptions {
		if i == 0 && (e.Parent != -1 || e.Relation != stack.Root) {
			tb.Fatalf("exception 0 must be the root, got parent %d relation %v", e.Parent, e.Relation)
		}
		if i > 0 && (e.Parent < 0 || e.Parent >= i) {
			tb.Fatalf("exception %d has parent %d", i, e.Parent)
		}
		if !isSubstring(text, e.Type) || !isSubstring(text, e.Message) {
			tb.Fatalf("exception %d type/message not taken from the input", i)
		}
		for j, f := range e.Frames {
			if f.Raw == "" || !strings.Contains(text, f.Raw) {
				tb.Fatalf("exception %d frame %d: raw %q is not a part of the input", i, j, f.Raw)
			}
			if f.Line < 0 || f.Column < 0 {
				tb.Fatalf("exception %d frame %d: negative position", i, j)
			}
		}
	}
}

func isSubstring(text, s string) bool { return s == "" || strings.Contains(text, s) }

// Fuzz seeds f with the fixtures of dir and checks that no input panics or breaks the invariants.
func Fuzz(f *testing.F, dir string, parse ParseFunc) {
	for _, path := range Fixtures(f, dir) {
		raw, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(raw))
	}
	f.Add("")
	f.Add("\x00\xff\xfe at (:\n\t")
	f.Fuzz(func(t *testing.T, text string) {
		var tr stack.Trace
		parse(text, stack.Options{MaxBytes: 4096}, &tr)
		CheckInvariants(t, text, &tr)
		if !utf8.ValidString(text) {
			return
		}
		tr.Reset()
		parse(text, stack.Options{}, &tr)
		CheckInvariants(t, text, &tr)
	})
}

// Bench parses every fixture of dir in turn, reusing one Trace, and reports ns per frame and bytes/s.
func Bench(b *testing.B, dir string, parse ParseFunc) {
	var texts []string
	var size int64
	for _, path := range Fixtures(b, dir) {
		raw, err := os.ReadFile(path)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(raw))
		size += int64(len(raw))
	}
	var tr stack.Trace
	frames := 0
	for _, text := range texts {
		tr.Reset()
		parse(text, stack.Options{}, &tr)
		frames += tr.FrameCount()
	}
	b.SetBytes(size / int64(len(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		tr.Reset()
		parse(texts[i%len(texts)], stack.Options{}, &tr)
	}
	b.StopTimer()
	if frames > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)*float64(len(texts))/float64(frames), "ns/frame")
	}
}

// Golden is the reviewable JSON form of a parse.
type goldenTrace struct {
	Language   string            `json:"language"`
	Truncated  bool              `json:"truncated,omitempty"`
	Exceptions []goldenException `json:"exceptions"`
}

type goldenException struct {
	Type     string        `json:"type"`
	Message  string        `json:"message,omitempty"`
	Code     string        `json:"code,omitempty"`
	Relation string        `json:"relation"`
	Parent   int           `json:"parent"`
	Omitted  int           `json:"omitted,omitempty"`
	Frames   []goldenFrame `json:"frames"`
}

type goldenFrame struct {
	Function string   `json:"function,omitempty"`
	Module   string   `json:"module,omitempty"`
	Package  string   `json:"package,omitempty"`
	File     string   `json:"file,omitempty"`
	Line     int      `json:"line,omitempty"`
	Column   int      `json:"column,omitempty"`
	Flags    []string `json:"flags,omitempty"`
}

// ToGolden converts a parse to its golden JSON form.
func ToGolden(tr *stack.Trace) any {
	g := goldenTrace{Language: tr.Language.String(), Truncated: tr.Truncated, Exceptions: []goldenException{}}
	for _, e := range tr.Exceptions {
		ge := goldenException{Type: e.Type, Message: e.Message, Code: e.Code, Relation: e.Relation.String(),
			Parent: e.Parent, Omitted: e.Omitted, Frames: []goldenFrame{}}
		for _, f := range e.Frames {
			ge.Frames = append(ge.Frames, goldenFrame{Function: f.Function, Module: f.Module, Package: f.Package,
				File: f.File, Line: f.Line, Column: f.Column, Flags: flagNames(f.Flags)})
		}
		g.Exceptions = append(g.Exceptions, ge)
	}
	return g
}

func flagNames(f stack.FrameFlags) []string {
	var out []string
	for _, n := range []struct {
		flag stack.FrameFlags
		name string
	}{{stack.Native, "native"}, {stack.Async, "async"}, {stack.Constructor, "constructor"}, {stack.Generated, "generated"}} {
		if f&n.flag != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// diff shows the first differing lines, enough to locate a golden mismatch.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n  want: " + wl + "\n  got:  " + gl
		}
	}
	return "(identical lines, different bytes)"
}
