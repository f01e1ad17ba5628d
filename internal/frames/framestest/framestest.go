// Package framestest runs the deploy-invariance checks every frame normaliser shares: it loads a
// testdata/invariance/<lang>/cases.json manifest and compares what each variant's stack contributes to
// grouping with what its base's does. It is imported by tests only.
package framestest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
)

// Manifest is a cases.json file with its variants resolved.
type Manifest struct {
	Language string
	Cases    []Case
}

// Case is a base input with the variants that must keep (Same) or change (Different) its issue.
type Case struct {
	Name            string
	Base            Variant
	Same, Different []Variant
}

// Variant is one input of a case. Fields the manifest omits are the base's.
type Variant struct {
	Why                               string
	Service, Type, Message, StackFile string
	// OwnStack: the manifest names a stack file for this variant (else it has its base's).
	OwnStack bool
}

type rawVariant struct {
	Why       string  `json:"why"`
	Service   *string `json:"service"`
	Type      *string `json:"type"`
	Message   *string `json:"message"`
	StackFile *string `json:"stack_file"`
}

func (r rawVariant) resolve(base Variant) Variant {
	return Variant{Why: r.Why, Service: or(r.Service, base.Service), Type: or(r.Type, base.Type),
		Message: or(r.Message, base.Message), StackFile: or(r.StackFile, base.StackFile), OwnStack: r.StackFile != nil}
}

func or(s *string, inherited string) string {
	if s == nil {
		return inherited
	}
	return *s
}

// Dir returns testdata/invariance/<name> of the repository.
func Dir(tb testing.TB, name string) string {
	tb.Helper()
	return filepath.Join(filepath.Dir(filepath.Dir(stacktest.FixtureDir(tb, name))), "invariance", name)
}

// Load reads dir/cases.json and resolves every variant against its base.
func Load(tb testing.TB, dir string) Manifest {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "cases.json"))
	if err != nil {
		tb.Fatal(err)
	}
	var m struct {
		Language string `json:"language"`
		Cases    []struct {
			Name      string       `json:"name"`
			Base      rawVariant   `json:"base"`
			Same      []rawVariant `json:"same"`
			Different []rawVariant `json:"different"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		tb.Fatalf("%s: %v", dir, err)
	}
	out := Manifest{Language: m.Language}
	for _, c := range m.Cases {
		base := c.Base.resolve(Variant{})
		rc := Case{Name: c.Name, Base: base}
		for _, v := range c.Same {
			rc.Same = append(rc.Same, v.resolve(base))
		}
		for _, v := range c.Different {
			rc.Different = append(rc.Different, v.resolve(base))
		}
		out.Cases = append(out.Cases, rc)
	}
	return out
}

// Exception is what one exception of a chain contributes: its type and its selected frames.
type Exception struct {
	Type   string
	Frames []frames.Frame
}

// Chain is what a trace contributes to grouping, one entry per exception in the trace's order.
type Chain []Exception

// Select selects the contributing frames of every exception of tr as the grouping engine does: in-app
// frames only when the trace has any, at most max per exception (0: no cap).
func Select(tr *stack.Trace, normalize frames.NormalizeFunc, max int) Chain {
	inApp := frames.AnyInApp(tr, normalize)
	c := make(Chain, len(tr.Exceptions))
	for i := range tr.Exceptions {
		c[i] = Exception{Type: tr.Exceptions[i].Type, Frames: frames.Select(nil, &tr.Exceptions[i], normalize, inApp, max)}
	}
	return c
}

// Key renders c one line per exception ("exception", then its type when types is set) and one indented
// line per frame (module and function, tab-separated): two chains have the same key when they contribute
// the same (Module, Function) sequences, and the same types if types is set.
func (c Chain) Key(types bool) string {
	var b strings.Builder
	for _, e := range c {
		b.WriteString("exception")
		if types {
			b.WriteString(" " + e.Type)
		}
		b.WriteString("\n")
		for _, f := range e.Frames {
			b.WriteString("\t" + f.Module + "\t" + f.Function + "\n")
		}
	}
	return b.String()
}

// Types says whether and how exception types are part of what a chain contributes.
type Types uint8

const (
	// NoTypes: only the frames count.
	NoTypes Types = iota
	// ParsedTypes: each exception's type as parsed from the stack counts too.
	ParsedTypes
	// ReportedType: as ParsedTypes, but the first exception's type is the variant's error.type when it has one.
	ReportedType
)

// Suite is one language's invariance suite.
type Suite struct {
	Dir       string // the folder of cases.json, see Dir
	Language  string // the manifest's "language"
	Parse     stacktest.ParseFunc
	Normalize frames.NormalizeFunc
	// Caps are the frame caps the invariance must hold at (0: no cap).
	Caps  []int
	Types Types
	// Extra, when set, adds to a variant's key what grouping takes from it besides the chain.
	Extra func(v Variant, c Chain) string
	// ServiceAndTypeDecide leaves out of the "different" checks the variants that change the service or the
	// type: those tell the issue apart whatever their frames.
	ServiceAndTypeDecide bool
	// WrapperBases: a base's crash-side exception may be a wrapper that contributes no frame, so long as
	// one of its causes does.
	WrapperBases bool
}

// minCases is how many cases a manifest has at least.
const minCases = 6

// Run checks every case of the manifest at every cap: the base contributes a frame (its crash-side
// exception does, unless WrapperBases), every "same" variant with its own stack has the base's key, and
// every "different" one with its own stack another key.
func (s Suite) Run(tb testing.TB) {
	tb.Helper()
	m := Load(tb, s.Dir)
	if m.Language != s.Language || len(m.Cases) < minCases {
		tb.Fatalf("%s: language %q, %d cases; want %q, at least %d", s.Dir, m.Language, len(m.Cases), s.Language, minCases)
	}
	if len(s.Caps) == 0 {
		tb.Fatal("no frame cap")
	}
	for _, c := range m.Cases {
		for _, max := range s.Caps {
			base, chain := s.key(tb, c.Base, max)
			if !contributes(chain, s.WrapperBases) {
				tb.Errorf("%s, cap %d: %s contributes no frame:\n%s", c.Name, max, c.Base.StackFile, base)
				continue
			}
			for _, v := range c.Same {
				if !v.OwnStack {
					continue
				}
				if got, _ := s.key(tb, v, max); got != base {
					tb.Errorf("%s, cap %d: must keep the issue: %s (%s)\nbase:\n%svariant:\n%s", c.Name, max, v.Why, v.StackFile, base, got)
				}
			}
			for _, v := range c.Different {
				if !v.OwnStack || s.ServiceAndTypeDecide && (v.Service != c.Base.Service || v.Type != c.Base.Type) {
					continue
				}
				if got, _ := s.key(tb, v, max); got == base {
					tb.Errorf("%s, cap %d: must change the issue: %s (%s) contributes the base's\n%s", c.Name, max, v.Why, v.StackFile, got)
				}
			}
		}
	}
}

// contributes reports whether the crash-side exception of c contributes a frame, or with anyException
// whether any exception does.
func contributes(c Chain, anyException bool) bool {
	for i := range c {
		if len(c[i].Frames) > 0 {
			return true
		}
		if !anyException {
			break
		}
	}
	return false
}

// key parses v's stack and renders what it contributes.
func (s Suite) key(tb testing.TB, v Variant, max int) (string, Chain) {
	tb.Helper()
	c := Select(ParseFile(tb, s.Parse, filepath.Join(s.Dir, v.StackFile)), s.Normalize, max)
	if s.Types == ReportedType && len(c) > 0 && v.Type != "" {
		c[0].Type = v.Type
	}
	k := c.Key(s.Types != NoTypes)
	if s.Extra != nil {
		k += s.Extra(v, c)
	}
	return k, c
}

// ParseFile parses the stack in the file at path; it fails when no exception comes out.
func ParseFile(tb testing.TB, parse stacktest.ParseFunc, path string) *stack.Trace {
	tb.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var tr stack.Trace
	parse(string(text), stack.Options{}, &tr)
	if len(tr.Exceptions) == 0 {
		tb.Fatalf("%s: no exception parsed", path)
	}
	return &tr
}

// Benchmark normalises every frame of the stacks at paths: one op normalises them all, and the ns/frame
// metric is the time per frame.
func Benchmark(b *testing.B, parse stacktest.ParseFunc, normalize frames.NormalizeFunc, paths []string) {
	var all []stack.Frame
	for _, path := range paths {
		for _, e := range ParseFile(b, parse, path).Exceptions {
			all = append(all, e.Frames...)
		}
	}
	if len(all) == 0 {
		b.Fatal("no frames")
	}
	var out frames.Frame
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := range all {
			normalize(&all[j], &out)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(all)), "ns/frame")
}
