package grouping

import (
	"path/filepath"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/benchdata"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// benchErrors returns the realistic mix by language, as engine inputs.
func benchErrors(b *testing.B) ([]stack.Language, map[stack.Language][]Error) {
	samples, err := benchdata.Load(filepath.Join("..", "..", "testdata"))
	if err != nil {
		b.Fatal(err)
	}
	langs, by := benchdata.ByLanguage(samples)
	errs := map[stack.Language][]Error{}
	for _, l := range langs {
		for _, s := range by[l] {
			errs[l] = append(errs[l], Error{Service: s.Service, Language: l, Type: s.Type, Message: s.Message, Stack: s.Stack})
		}
	}
	return langs, errs
}

// BenchmarkGroup measures one Group call per op.
func BenchmarkGroup(b *testing.B) {
	langs, errs := benchErrors(b)
	for _, l := range langs {
		in := errs[l]
		b.Run("cold/"+l.String(), func(b *testing.B) {
			e := New(Options{})
			i := 0
			for b.Loop() {
				e.Group(&in[i%len(in)])
				i++
			}
		})
	}
}
