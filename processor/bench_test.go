package processor

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/errorgrouping/errorgrouping/internal/benchdata"
	"github.com/errorgrouping/errorgrouping/processor/internal/metadata"
)

// The benchmarks run the processor as a collector does, through the factory and ConsumeTraces, on batches of
// spans, and report ns/span next to ns/op (one op is one batch). `make bench` prints them through benchstat.

// passThroughSpans is the size of a batch of spans without errors.
const passThroughSpans = 1024

// addOrdinarySpanAttributes gives a span the attributes an instrumented HTTP server span carries, so that
// scanning for error attributes reads realistic keys.
func addOrdinarySpanAttributes(span ptrace.Span, i int) {
	span.SetName("GET /api/orders/{id}")
	var id [16]byte
	binary.BigEndian.PutUint64(id[8:], uint64(i)+1)
	span.SetTraceID(id)
	span.SetSpanID(pcommon.SpanID(id[8:]))
	span.SetKind(ptrace.SpanKindServer)
	a := span.Attributes()
	a.PutStr("http.request.method", "GET")
	a.PutStr("http.route", "/api/orders/{id}")
	a.PutStr("url.path", "/api/orders/"+strconv.Itoa(i))
	a.PutInt("http.response.status_code", 200)
	a.PutStr("server.address", "shop.internal")
	a.PutInt("server.port", 8443)
	a.PutStr("network.protocol.version", "1.1")
	a.PutStr("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0")
}

// passThroughBatch is a batch without a single error span, spread over resources of every language.
func passThroughBatch() ptrace.Traces {
	td := ptrace.NewTraces()
	sdks := []string{"java", "python", "go", "nodejs", "ruby", "dotnet", "php", "cpp"}
	for r, sdk := range sdks {
		rs := td.ResourceSpans().AppendEmpty()
		rs.Resource().Attributes().PutStr("service.name", "svc-"+sdk)
		rs.Resource().Attributes().PutStr("telemetry.sdk.language", sdk)
		spans := rs.ScopeSpans().AppendEmpty().Spans()
		for i := 0; i < passThroughSpans/len(sdks); i++ {
			addOrdinarySpanAttributes(spans.AppendEmpty(), r*passThroughSpans+i)
		}
	}
	return td
}

// mix is the realistic error mix: every stack fixture of the seven languages and every corpus record.
func mix(tb testing.TB) []benchdata.Sample {
	samples, err := benchdata.Load(filepath.Join("..", "testdata"))
	if err != nil {
		tb.Fatal(err)
	}
	return samples
}

// errorBatch holds one error span per sample, as a tracer reports them (error.type, error.message,
// error.stack), with one resource per service and language; suffix is appended to every service.name.
func errorBatch(samples []benchdata.Sample, suffix string) ptrace.Traces {
	td := ptrace.NewTraces()
	resources := map[[2]string]ptrace.SpanSlice{}
	for i := range samples {
		s := &samples[i]
		k := [2]string{s.Service, s.SDKLanguage}
		spans, ok := resources[k]
		if !ok {
			rs := td.ResourceSpans().AppendEmpty()
			rs.Resource().Attributes().PutStr("service.name", s.Service+suffix)
			rs.Resource().Attributes().PutStr("telemetry.sdk.language", s.SDKLanguage)
			spans = rs.ScopeSpans().AppendEmpty().Spans()
			resources[k] = spans
		}
		span := spans.AppendEmpty()
		addOrdinarySpanAttributes(span, i)
		span.Status().SetCode(ptrace.StatusCodeError)
		a := span.Attributes()
		a.PutInt("http.response.status_code", 500)
		if s.Type != "" {
			a.PutStr("error.type", s.Type)
		}
		if s.Message != "" {
			a.PutStr("error.message", s.Message)
		}
		a.PutStr("error.stack", s.Stack)
	}
	return td
}

func newBenchProcessor(tb testing.TB, cfg *Config) processor.Traces {
	p, err := NewFactory().CreateTraces(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, consumertest.NewNop())
	if err != nil {
		tb.Fatal(err)
	}
	if err := p.Start(context.Background(), nil); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

// batches hands out batches the processor has not seen (stamping changes a span, so a warm or cold span
// must be one the processor has not stamped yet). Each is built with the timer stopped and goes through
// the OTLP encoding and back just before it is processed: as a receiver hands it over, every string its
// own copy, attribute slices grown one append at a time, and its memory still in the CPU caches.
type batches struct {
	build func(gen int) ptrace.Traces
	gen   int
}

func (bs *batches) next(b *testing.B) ptrace.Traces {
	b.StopTimer()
	// Collect the garbage of building before each batch, so the timed region pays for the processor's own.
	runtime.GC()
	td := received(b, bs.build(bs.gen))
	bs.gen++
	b.StartTimer()
	return td
}

func received(b *testing.B, td ptrace.Traces) ptrace.Traces {
	raw, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
	if err != nil {
		b.Fatal(err)
	}
	out, err := (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(raw)
	if err != nil {
		b.Fatal(err)
	}
	return out
}

func reportPerSpan(b *testing.B, spans int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*spans), "ns/span")
}

func consume(b *testing.B, p processor.Traces, td ptrace.Traces) {
	if err := p.ConsumeTraces(context.Background(), td); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkPassThrough: spans without errors, the path nearly every span takes. Target: <= 20 ns/span and
// 0 allocs/op. processTraces is the processor's own loop; ConsumeTraces adds the collector's processorhelper
// (its own telemetry allocates a few objects per batch, whatever the processor does).
func BenchmarkPassThrough(b *testing.B) {
	td := passThroughBatch()
	b.Run("processTraces", func(b *testing.B) {
		p, err := newErrorGrouping(processortest.NewNopSettings(metadata.Type), defaultConfig())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := p.processTraces(context.Background(), td); err != nil {
				b.Fatal(err)
			}
		}
		reportPerSpan(b, td.SpanCount())
	})
	b.Run("ConsumeTraces", func(b *testing.B) {
		p := newBenchProcessor(b, defaultConfig())
		b.ReportAllocs()
		for b.Loop() {
			consume(b, p, td)
		}
		reportPerSpan(b, td.SpanCount())
	})
}

// BenchmarkErrorSpansWarm: error spans whose issue the cache holds, stamping included. Target: <= 500 ns/span.
func BenchmarkErrorSpansWarm(b *testing.B) {
	samples := mix(b)
	p := newBenchProcessor(b, defaultConfig())
	template := errorBatch(samples, "")
	consume(b, p, errorBatch(samples, ""))
	bs := batches{build: func(int) ptrace.Traces { return template }}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		consume(b, p, bs.next(b))
	}
	reportPerSpan(b, len(samples))
}

// coldBatches hands out batches whose every service.name is new, so every span misses the cache and is
// grouped from scratch: parse, normalise, fingerprint, insert into the cache (evicting), stamp.
func coldBatches(samples []benchdata.Sample) batches {
	return batches{build: func(gen int) ptrace.Traces { return errorBatch(samples, "#"+strconv.Itoa(gen)) }}
}

// BenchmarkErrorSpansCold: error spans with never-seen stacks, on the realistic mix of seven languages.
// Target: <= 5 µs/span.
func BenchmarkErrorSpansCold(b *testing.B) {
	samples := mix(b)
	p := newBenchProcessor(b, defaultConfig())
	bs := coldBatches(samples)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		consume(b, p, bs.next(b))
	}
	reportPerSpan(b, len(samples))
}

// The regex baseline is the straightforward grouper the engine must beat tenfold on cold errors: a line
// that names a source location (file.ext:line, ", line N", ":line N", file.ext(N)) is a frame, line numbers
// and Go's +0x offsets are stripped, and the issue is the sha256 of the service, the type and the frames.
// Matching line by line is the faster of the two obvious ways to write it (a multi-line pattern over the
// whole text takes half as long again), so the ratio is not flattered.
var (
	regexFrame  = regexp.MustCompile(`\.\w+:\d+|, line \d+|:line \d+|\.\w+\(\d+\)`)
	regexLineNo = regexp.MustCompile(`:line \d+|, line \d+|:\d+|\(\d+\)|\+0x[0-9a-f]+`)
)

func regexGroup(service, typ, stack string) string {
	h := sha256.New()
	h.Write([]byte(service))
	h.Write([]byte{0})
	h.Write([]byte(typ))
	for _, line := range strings.Split(stack, "\n") {
		if regexFrame.MatchString(line) {
			h.Write([]byte{0})
			h.Write([]byte(regexLineNo.ReplaceAllString(strings.TrimSpace(line), "")))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// BenchmarkRegexBaseline: the regex baseline on the same mix, without any pdata work.
func BenchmarkRegexBaseline(b *testing.B) {
	samples := mix(b)
	b.ReportAllocs()
	for b.Loop() {
		for i := range samples {
			regexGroup(samples[i].Service, samples[i].Type, samples[i].Stack)
		}
	}
	reportPerSpan(b, len(samples))
}

// BenchmarkColdVsRegex runs the cold processor and the regex baseline on the same spans, alternating batch
// by batch, and reports how many times faster the processor is: both see the same machine load, so the
// ratio holds even on a busy machine. The baseline skips reading and stamping pdata, which favours it.
func BenchmarkColdVsRegex(b *testing.B) {
	samples := mix(b)
	p := newBenchProcessor(b, defaultConfig())
	bs := coldBatches(samples)
	var engine, baseline time.Duration
	for i := 0; i < b.N; i++ {
		td := bs.next(b)
		start := time.Now()
		consume(b, p, td)
		engine += time.Since(start)
		start = time.Now()
		for j := range samples {
			regexGroup(samples[j].Service, samples[j].Type, samples[j].Stack)
		}
		baseline += time.Since(start)
	}
	spans := float64(b.N * len(samples))
	b.ReportMetric(float64(engine.Nanoseconds())/spans, "cold-ns/span")
	b.ReportMetric(float64(baseline.Nanoseconds())/spans, "regex-ns/span")
	b.ReportMetric(float64(baseline)/float64(engine), "x-faster")
}

// parallelErrors is how many error spans the parallel benchmark adds to a pass-through batch: 32 in 1056
// spans, a few percent as in real traffic.
const parallelErrors = 32

// BenchmarkParallel: ConsumeTraces from every core at once, on traffic with a few percent of error spans
// (warm). Run with -cpu 1,2: ns/span at -cpu 2 should be about half of -cpu 1.
func BenchmarkParallel(b *testing.B) {
	samples := mix(b)
	var errSamples []benchdata.Sample
	for i := 0; i < parallelErrors; i++ {
		errSamples = append(errSamples, samples[i*len(samples)/parallelErrors])
	}
	template := passThroughBatch()
	errorBatch(errSamples, "").ResourceSpans().MoveAndAppendTo(template.ResourceSpans())
	spanCount := template.SpanCount()
	p := newBenchProcessor(b, defaultConfig())
	consume(b, p, errorBatch(errSamples, ""))
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		// Each goroutine stamps its own copy; after its first pass, stamping overwrites in place.
		td := ptrace.NewTraces()
		template.CopyTo(td)
		for pb.Next() {
			if err := p.ConsumeTraces(context.Background(), td); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportPerSpan(b, spanCount)
}
