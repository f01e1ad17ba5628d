package harness

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/errorgrouping/errorgrouping/internal/benchdata"
)

// LoadOptions describe one load run.
type LoadOptions struct {
	Spans     int // spans to send, in traces of SpansPerTrace spans
	BatchSize int // spans per OTLP export request
	Senders   int // concurrent OTLP clients
	// Processors of the collector's pipelines, for example [errorgrouping, batch] or [batch].
	Processors []string
}

// LoadResult is what a load run measured. Wall and CPU run from the first request sent to the last span
// received, so the collector's startup and shutdown are not counted.
type LoadResult struct {
	Sent, Received int
	// Lost spans never came back; Duplicated counts copies beyond the first of a span; Unexpected spans
	// carry an id the load never sent.
	Lost, Duplicated, Unexpected int
	// ErrorSpans came back; Stamped of them carry an issue id; StampedHealthy spans without an error do.
	ErrorSpans, Stamped, StampedHealthy int
	Wall, CPU                           time.Duration
	RSS                                 []RSSSample
	// CollectorLog is everything the collector printed, to explain a failed run.
	CollectorLog string
}

// RSSSample is the collector's resident set size when Received spans had come back.
type RSSSample struct {
	Received int
	Bytes    int64
}

// SpansPerTrace makes one span in ten an error: every trace is a request whose server span failed.
const SpansPerTrace = 10

// RunLoad starts a collector with opts.Processors, pushes opts.Spans spans through it into a sink of its
// own and counts what comes back per span id. The error spans carry the samples' errors in turn.
func RunLoad(bin, dir string, samples []benchdata.Sample, opts LoadOptions) (*LoadResult, error) {
	if len(samples) == 0 || opts.Spans <= 0 || opts.BatchSize <= 0 || opts.Senders <= 0 {
		return nil, errors.New("load needs samples and positive spans, batch size and senders")
	}
	counter := newSpanCounter(opts.Spans)
	sink, err := StartSink(Consumers{Traces: counter.consume})
	if err != nil {
		return nil, err
	}
	defer sink.Stop()
	col, err := StartCollector(bin, dir, Options{Processors: opts.Processors, ExportTo: sink.Addr})
	if err != nil {
		return nil, err
	}
	defer col.Stop()

	before, err := col.Usage()
	if err != nil {
		return nil, err
	}
	res := &LoadResult{}
	stopSampling := sampleRSS(col, counter, &res.RSS)
	start := time.Now()
	sent, sendErr := send(col.Endpoint, samples, opts, start)
	res.Sent = sent
	if sendErr == nil {
		sendErr = counter.wait(sent)
	}
	res.Wall = time.Since(start)
	after, err := col.Usage()
	stopSampling()
	if err != nil {
		return nil, err
	}
	res.CPU = after.CPU - before.CPU
	// Shutting down flushes the pipeline, so a late duplicate would still be counted.
	if err := col.Stop(); err != nil {
		return nil, err
	}
	res.CollectorLog = col.Log()
	counter.result(res)
	return res, sendErr
}

// send pushes the spans from opts.Senders clients, each taking the next batch until all are sent.
func send(endpoint string, samples []benchdata.Sample, opts LoadOptions, base time.Time) (int, error) {
	batches := (opts.Spans + opts.BatchSize - 1) / opts.BatchSize
	var next, sent atomic.Int64
	var wg sync.WaitGroup
	errs := make([]error, opts.Senders)
	for s := range opts.Senders {
		wg.Go(func() {
			conn, err := grpc.NewClient(endpoint, grpc.WithTransportCredentials(insecure.NewCredentials()))
			if err != nil {
				errs[s] = err
				return
			}
			defer conn.Close()
			client := ptraceotlp.NewGRPCClient(conn)
			for b := int(next.Add(1) - 1); b < batches; b = int(next.Add(1) - 1) {
				first := b * opts.BatchSize
				n := min(opts.BatchSize, opts.Spans-first)
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				_, err := client.Export(ctx, ptraceotlp.NewExportRequestFromTraces(loadBatch(samples, first, n, base)))
				cancel()
				if err != nil {
					// Not retried: a retry of a request the collector had partly accepted would duplicate spans.
					errs[s] = fmt.Errorf("sender %d, batch %d: %w", s, b, err)
					return
				}
				sent.Add(int64(n))
			}
		})
	}
	wg.Wait()
	return int(sent.Load()), errors.Join(errs...)
}

// Operations of the spans of a load trace; the first is the server span.
var loadOperations = [SpansPerTrace]string{"GET /api/orders/{id}", "auth.verify", "SELECT orders", "redis GET",
	"SELECT order_lines", "pricing.quote", "POST /payments", "kafka publish", "render", "audit.write"}

// loadBatch builds spans first..first+n-1. Span ids are the sequence number plus one, so the sink can count
// every span; every trace is one resource, of the service and language of the sample its error carries.
func loadBatch(samples []benchdata.Sample, first, n int, base time.Time) ptrace.Traces {
	td := ptrace.NewTraces()
	var spans ptrace.SpanSlice
	for seq := first; seq < first+n; seq++ {
		traceNo, pos := seq/SpansPerTrace, seq%SpansPerTrace
		sample := &samples[traceNo%len(samples)]
		if pos == 0 || seq == first {
			rs := td.ResourceSpans().AppendEmpty()
			res := rs.Resource().Attributes()
			res.PutStr("service.name", sample.Service)
			res.PutStr("telemetry.sdk.language", sample.SDKLanguage)
			res.PutStr("telemetry.sdk.name", "opentelemetry")
			rs.ScopeSpans().AppendEmpty().Scope().SetName("load")
			spans = rs.ScopeSpans().At(0).Spans()
		}
		span := spans.AppendEmpty()
		span.SetTraceID(loadTraceID(traceNo))
		span.SetSpanID(loadSpanID(seq))
		span.SetName(loadOperations[pos])
		start := base.Add(time.Duration(seq) * time.Microsecond)
		span.SetStartTimestamp(pcommon.NewTimestampFromTime(start))
		span.SetEndTimestamp(pcommon.NewTimestampFromTime(start.Add(time.Duration(10-pos) * time.Millisecond)))
		attrs := span.Attributes()
		if pos > 0 {
			span.SetParentSpanID(loadSpanID(traceNo * SpansPerTrace))
			span.SetKind(ptrace.SpanKindInternal)
			attrs.PutStr("component", "load")
			attrs.PutInt("app.request.seq", int64(seq))
			continue
		}
		span.SetKind(ptrace.SpanKindServer)
		attrs.PutStr("http.request.method", "GET")
		attrs.PutStr("http.route", "/api/orders/{id}")
		attrs.PutInt("http.response.status_code", 500)
		span.Status().SetCode(ptrace.StatusCodeError)
		putNonEmpty(attrs, "error.type", sample.Type)
		putNonEmpty(attrs, "error.message", sample.Message)
		putNonEmpty(attrs, "error.stack", sample.Stack)
	}
	return td
}

func putNonEmpty(m pcommon.Map, k, v string) {
	if v != "" {
		m.PutStr(k, v)
	}
}

func loadTraceID(traceNo int) pcommon.TraceID {
	var id pcommon.TraceID
	id[0] = 0x10 // never the all-zero invalid id
	binary.BigEndian.PutUint64(id[8:], uint64(traceNo))
	return id
}

func loadSpanID(seq int) pcommon.SpanID {
	var id pcommon.SpanID
	binary.BigEndian.PutUint64(id[:], uint64(seq)+1)
	return id
}

// spanCounter counts every span the sink receives by its sequence number.
type spanCounter struct {
	seen                                []atomic.Uint32
	received, unknown                   atomic.Int64
	errorSpans, stamped, stampedHealthy atomic.Int64
}

func newSpanCounter(spans int) *spanCounter {
	return &spanCounter{seen: make([]atomic.Uint32, spans)}
}

func (c *spanCounter) consume(td ptrace.Traces) {
	var n, errs, stamped, healthy, unknown int64
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		sss := rss.At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				span := spans.At(k)
				n++
				id := span.SpanID()
				seq := binary.BigEndian.Uint64(id[:]) - 1
				if seq >= uint64(len(c.seen)) {
					unknown++
					continue
				}
				c.seen[seq].Add(1)
				_, hasIssue := span.Attributes().Get("error.issue.id")
				switch {
				case seq%SpansPerTrace == 0:
					errs++
					if hasIssue {
						stamped++
					}
				case hasIssue:
					healthy++
				}
			}
		}
	}
	c.errorSpans.Add(errs)
	c.stamped.Add(stamped)
	c.stampedHealthy.Add(healthy)
	c.unknown.Add(unknown)
	c.received.Add(n)
}

// wait returns when want spans have come back, or with an error once none has come back for 30 seconds.
func (c *spanCounter) wait(want int) error {
	last, since := c.received.Load(), time.Now()
	for {
		got := c.received.Load()
		if got >= int64(want) {
			return nil
		}
		if got != last {
			last, since = got, time.Now()
		}
		if time.Since(since) > 30*time.Second {
			return fmt.Errorf("%d of %d spans came back; none for 30s", got, want)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func (c *spanCounter) result(res *LoadResult) {
	res.Received = int(c.received.Load())
	res.Unexpected = int(c.unknown.Load())
	for i := range c.seen {
		switch n := int(c.seen[i].Load()); {
		case n == 0:
			res.Lost++
		case n > 1:
			res.Duplicated += n - 1
		}
	}
	res.ErrorSpans = int(c.errorSpans.Load())
	res.Stamped = int(c.stamped.Load())
	res.StampedHealthy = int(c.stampedHealthy.Load())
}

// sampleRSS records the collector's resident set size four times a second until the returned function is
// called.
func sampleRSS(col *Collector, c *spanCounter, out *[]RSSSample) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(250 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				if u, err := col.Usage(); err == nil {
					*out = append(*out, RSSSample{Received: int(c.received.Load()), Bytes: u.RSSBytes})
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}
