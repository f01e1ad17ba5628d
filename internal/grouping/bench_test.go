package grouping

import (
	"path/filepath"
	"testing"

	"github.com/errorgrouping/errorgrouping/internal/benchdata"
	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/message"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stackparse"
)

// benchErrors returns the realistic mix (every stack fixture and corpus record) by language.
func benchErrors(b *testing.B) ([]stack.Language, map[stack.Language][]Error) {
	samples, err := benchdata.Load(filepath.Join("..", "..", "testdata"))
	if err != nil {
		b.Fatal(err)
	}
	langs, by := benchdata.ByLanguage(samples)
	errs := map[stack.Language][]Error{}
	for _, l := range langs {
		for _, s := range by[l] {
			errs[l] = append(errs[l], Error{Service: s.Service, Language: l, Operation: "GET /bench",
				Type: s.Type, Message: s.Message, Stack: s.Stack})
		}
	}
	return langs, errs
}

// BenchmarkGroup measures one Group call per op, per language: cold computes every issue (no cache), warm
// answers every one from the cache.
func BenchmarkGroup(b *testing.B) {
	langs, errs := benchErrors(b)
	for _, mode := range []string{"cold", "warm"} {
		for _, l := range langs {
			in := errs[l]
			b.Run(mode+"/"+l.String(), func(b *testing.B) {
				e := New(Options{})
				if mode == "warm" {
					e = New(Options{CacheEntries: DefaultCacheEntries})
					for i := range in {
						e.Group(&in[i])
					}
				}
				i := 0
				for b.Loop() {
					e.Group(&in[i%len(in)])
					i++
				}
			})
		}
	}
}

// BenchmarkStage measures the stages of a cold Group on their own, per language, so a profile's hot spot
// can be told apart: parsing the stack text, normalising and selecting its frames, normalising the message,
// and hashing the cache key.
func BenchmarkStage(b *testing.B) {
	langs, errs := benchErrors(b)
	for _, l := range langs {
		in := errs[l]
		b.Run("parse/"+l.String(), func(b *testing.B) {
			var t stack.Trace
			i := 0
			for b.Loop() {
				stackparse.Parse(in[i%len(in)].Stack, l, stack.Options{}, &t)
				i++
			}
		})
		traces := make([]stack.Trace, len(in))
		messages := make([]string, len(in))
		for i := range in {
			stackparse.Parse(in[i].Stack, l, stack.Options{}, &traces[i])
			messages[i] = in[i].Message
			if messages[i] == "" && len(traces[i].Exceptions) > 0 {
				messages[i] = traces[i].Exceptions[0].Message
			}
		}
		b.Run("frames/"+l.String(), func(b *testing.B) {
			// As the engine does: every frame normalised once into a reused buffer, then the decisions.
			var norm []frames.Frame
			var decisions []frames.Decision
			i := 0
			for b.Loop() {
				t := &traces[i%len(traces)]
				normalize := normalizerFor(t.Language)
				for j := range t.Exceptions {
					norm = frames.NormalizeAll(norm[:0], &t.Exceptions[j], normalize)
					decisions = frames.Decide(decisions[:0], norm, true, DefaultMaxFrames)
				}
				i++
			}
		})
		b.Run("message/"+l.String(), func(b *testing.B) {
			var dst []byte
			i := 0
			for b.Loop() {
				dst = message.Normalize(dst[:0], messages[i%len(messages)])
				i++
			}
		})
		b.Run("cachekey/"+l.String(), func(b *testing.B) {
			i := 0
			for b.Loop() {
				cacheKey(&in[i%len(in)])
				i++
			}
		})
	}
}

// BenchmarkGroupParallel measures warm Group calls from every core at once, all sharing one cache: over
// the whole mix (distinct) and on one error only (same), as in an outage where every core sees the same
// failure. Run it with -cpu 1,2: ns/op at -cpu 2 should be half that at -cpu 1.
func BenchmarkGroupParallel(b *testing.B) {
	langs, errs := benchErrors(b)
	var all []Error
	for _, l := range langs {
		all = append(all, errs[l]...)
	}
	for _, c := range []struct {
		name string
		in   []Error
	}{{"distinct", all}, {"same", all[:1]}} {
		b.Run(c.name, func(b *testing.B) {
			e := New(Options{CacheEntries: DefaultCacheEntries})
			for i := range c.in {
				e.Group(&c.in[i])
			}
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					e.Group(&c.in[i%len(c.in)])
					i++
				}
			})
		})
	}
}
