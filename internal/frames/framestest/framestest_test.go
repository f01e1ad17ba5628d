package framestest

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// parse reads a toy stack format: "! Type" starts an exception, "module function line" is a frame.
func parse(text string, _ stack.Options, tr *stack.Trace) {
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		if typ, ok := strings.CutPrefix(line, "! "); ok {
			tr.Exceptions = append(tr.Exceptions, stack.Exception{Type: typ})
			continue
		}
		f := strings.Fields(line)
		n, _ := strconv.Atoi(f[2])
		e := &tr.Exceptions[len(tr.Exceptions)-1]
		e.Frames = append(e.Frames, stack.Frame{Module: f[0], Function: f[1], Line: n})
	}
}

// normalize keeps module and function; modules under lib/ are third-party.
func normalize(f *stack.Frame, out *frames.Frame) {
	*out = frames.Frame{Module: f.Module, Function: f.Function, InApp: !strings.HasPrefix(f.Module, "lib/")}
}

// broken lets the line number through, as a normaliser that breaks invariance would.
func broken(f *stack.Frame, out *frames.Frame) {
	normalize(f, out)
	out.Function += ":" + strconv.Itoa(f.Line)
}

const manifest = `{"language": "toy", "cases": [%s]}`

const testCase = `{"name": "c%d",
	"base": {"service": "s", "type": "E", "message": "m", "stack_file": "base.txt"},
	"same": [{"why": "lines moved", "stack_file": "moved.txt"}, {"why": "message", "message": "other"}],
	"different": [{"why": "other frames", "stack_file": "other.txt"},
		{"why": "other type", "type": "F", "stack_file": "moved.txt"},
		{"why": "other service", "service": "t"}]}`

// suiteDir writes a manifest of six alike cases and their stacks, each under a frameless wrapper if asked.
func suiteDir(t *testing.T, wrapped bool) string {
	dir := t.TempDir()
	cases := make([]string, minCases)
	for i := range cases {
		cases[i] = fmt.Sprintf(testCase, i)
	}
	for name, text := range map[string]string{
		"cases.json": fmt.Sprintf(manifest, strings.Join(cases, ",")),
		"base.txt":   "! E\napp/a f 10\nlib/x g 3\napp/b h 20\n",
		"moved.txt":  "! E\napp/a f 11\nlib/x g 4\napp/b h 25\n",
		"other.txt":  "! E\napp/c k 30\napp/a f 10\n",
	} {
		if wrapped && name != "cases.json" {
			text = "! Wrap\nlib/w w 1\n" + text
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoad(t *testing.T) {
	m := Load(t, suiteDir(t, false))
	if m.Language != "toy" || len(m.Cases) != minCases {
		t.Fatalf("language %q, %d cases", m.Language, len(m.Cases))
	}
	c := m.Cases[0]
	want := Case{
		Name: "c0",
		Base: Variant{Service: "s", Type: "E", Message: "m", StackFile: "base.txt", OwnStack: true},
		Same: []Variant{
			{Why: "lines moved", Service: "s", Type: "E", Message: "m", StackFile: "moved.txt", OwnStack: true},
			{Why: "message", Service: "s", Type: "E", Message: "other", StackFile: "base.txt"},
		},
		Different: []Variant{
			{Why: "other frames", Service: "s", Type: "E", Message: "m", StackFile: "other.txt", OwnStack: true},
			{Why: "other type", Service: "s", Type: "F", Message: "m", StackFile: "moved.txt", OwnStack: true},
			{Why: "other service", Service: "t", Type: "E", Message: "m", StackFile: "base.txt"},
		},
	}
	if fmt.Sprint(c) != fmt.Sprint(want) {
		t.Errorf("\n got %+v\nwant %+v", c, want)
	}
}

func TestSelectKey(t *testing.T) {
	var tr stack.Trace
	parse("! Wrap\nlib/w w 1\n! E\napp/a f 10\nlib/x g 3\napp/b h 20\napp/a f 10\napp/c k 30\n", stack.Options{}, &tr)
	for _, tc := range []struct {
		max   int
		types bool
		want  string
	}{
		// In-app only (the trace has in-app frames), recursion collapsed, the cap counted from the crash site.
		{0, true, "exception Wrap\nexception E\n\tapp/a\tf\n\tapp/b\th\n\tapp/c\tk\n"},
		{2, false, "exception\nexception\n\tapp/a\tf\n\tapp/b\th\n"},
	} {
		if got := Select(&tr, normalize, tc.max).Key(tc.types); got != tc.want {
			t.Errorf("cap %d, types %v:\n got %q\nwant %q", tc.max, tc.types, got, tc.want)
		}
	}
}

// recorder keeps the errors Run reports instead of failing the test.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestRun(t *testing.T) {
	dir := suiteDir(t, false)
	for _, tc := range []struct {
		name   string
		suite  Suite
		errors int
		has    string
	}{
		// The type-changing "different" variant has the base's frames: only a key with the type tells it apart.
		{"frames only", Suite{Normalize: normalize, Caps: []int{0, 1}}, 2 * minCases, "must change the issue: other type"},
		{"service and type decide", Suite{Normalize: normalize, Caps: []int{0, 1}, ServiceAndTypeDecide: true}, 0, ""},
		{"reported type", Suite{Normalize: normalize, Caps: []int{0}, Types: ReportedType}, 0, ""},
		{"parsed types", Suite{Normalize: normalize, Caps: []int{0}, Types: ParsedTypes}, minCases, "other type"},
		{"extra", Suite{Normalize: normalize, Caps: []int{0}, Types: ReportedType,
			Extra: func(v Variant, _ Chain) string { return v.Why }}, minCases, "must keep the issue: lines moved"},
		{"broken normaliser", Suite{Normalize: broken, Caps: []int{0}, ServiceAndTypeDecide: true}, minCases, "must keep the issue: lines moved"},
	} {
		r := &recorder{TB: t}
		s := tc.suite
		s.Dir, s.Language, s.Parse = dir, "toy", parse
		s.Run(r)
		if len(r.errors) != tc.errors || tc.errors > 0 && !strings.Contains(r.errors[0], tc.has) {
			t.Errorf("%s: %d errors, want %d with %q:\n%s", tc.name, len(r.errors), tc.errors, tc.has, strings.Join(r.errors, "\n"))
		}
	}
}

// A base whose crash-side exception contributes nothing fails unless WrapperBases allows it.
func TestRunWrapperBase(t *testing.T) {
	dir := suiteDir(t, true)
	for _, wrappers := range []bool{false, true} {
		r := &recorder{TB: t}
		Suite{Dir: dir, Language: "toy", Parse: parse, Normalize: normalize, Caps: []int{0}, Types: ReportedType,
			WrapperBases: wrappers}.Run(r)
		if got := len(r.errors); (got == 0) != wrappers {
			t.Errorf("wrapper bases allowed %v: %d errors", wrappers, got)
		}
	}
}
