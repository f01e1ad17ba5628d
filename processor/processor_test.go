package processor

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/errorgrouping/errorgrouping/processor/internal/metadata"
	"github.com/errorgrouping/errorgrouping/processor/internal/metadatatest"
)

// spanSpec describes one span of a test batch.
type spanSpec struct {
	service string
	name    string
	attrs   map[string]any
	events  []eventSpec
}

type eventSpec struct {
	name  string
	attrs map[string]any
}

func makeTraces(t testing.TB, specs ...spanSpec) ptrace.Traces {
	td := ptrace.NewTraces()
	for _, s := range specs {
		rs := td.ResourceSpans().AppendEmpty()
		rs.Resource().Attributes().PutStr("service.name", s.service)
		span := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
		span.SetName(s.name)
		require.NoError(t, span.Attributes().FromRaw(s.attrs))
		for _, e := range s.events {
			ev := span.Events().AppendEmpty()
			ev.SetName(e.name)
			require.NoError(t, ev.Attributes().FromRaw(e.attrs))
		}
	}
	return td
}

// runProcessor sends td through a processor built by the factory and returns what reached the next consumer.
func runProcessor(t *testing.T, cfg *Config, td ptrace.Traces) ptrace.Traces {
	t.Helper()
	sink := new(consumertest.TracesSink)
	p, err := NewFactory().CreateTraces(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), nil))
	require.NoError(t, p.ConsumeTraces(context.Background(), td))
	require.NoError(t, p.Shutdown(context.Background()))
	require.Len(t, sink.AllTraces(), 1)
	return sink.AllTraces()[0]
}

func defaultConfig() *Config { return createDefaultConfig().(*Config) }

// spanAttrs lists the attributes of every span in order.
func spanAttrs(td ptrace.Traces) []pcommon.Map {
	var out []pcommon.Map
	for i := 0; i < td.ResourceSpans().Len(); i++ {
		sss := td.ResourceSpans().At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				out = append(out, spans.At(k).Attributes())
			}
		}
	}
	return out
}

func attr(m pcommon.Map, key string) string {
	v, ok := m.Get(key)
	if !ok {
		return ""
	}
	return v.AsString()
}

func TestCustomFingerprintIsUsedByteForByteAndScopedByService(t *testing.T) {
	fp := "  Checkout Failed {{ default }} "
	out := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t,
		spanSpec{service: "cart", name: "a", attrs: map[string]any{"error.fingerprint": fp, "error.type": "IOError", "error.message": "disk 1 full"}},
		spanSpec{service: "cart", name: "b", attrs: map[string]any{"error.fingerprint": fp, "error.type": "ValueError", "error.message": "other"}},
		spanSpec{service: "billing", name: "a", attrs: map[string]any{"error.fingerprint": fp, "error.type": "IOError"}},
		spanSpec{service: "cart", name: "a", attrs: map[string]any{"error.fingerprint": "Checkout Failed {{ default }}", "error.type": "IOError"}},
	)))
	require.Len(t, out, 4)
	assert.Equal(t, attr(out[0], "error.issue.id"), attr(out[1], "error.issue.id"), "same service, same fingerprint: one issue")
	assert.NotEqual(t, attr(out[0], "error.issue.id"), attr(out[2], "error.issue.id"), "two services never share an issue")
	assert.NotEqual(t, attr(out[0], "error.issue.id"), attr(out[3], "error.issue.id"), "the fingerprint is not trimmed")
	for i := 0; i < 3; i++ {
		assert.Equal(t, fp, attr(out[i], "error.fingerprint"), "the incoming fingerprint is never modified")
		assert.Equal(t, fp, attr(out[i], "error.issue.fingerprint"))
		assert.Equal(t, "custom", attr(out[i], "error.issue.grouping"))
		assert.Regexp(t, "^[0-9a-f]{32}$", attr(out[i], "error.issue.id"))
	}
	assert.Equal(t, "IOError: disk <int> full", attr(out[0], "error.issue.title"))
}

func TestFingerprintArrayWithDefault(t *testing.T) {
	base := map[string]any{"error.type": "RPCError", "error.message": "call 17 failed"}
	with := func(fp any) map[string]any {
		m := map[string]any{"error.fingerprint": fp}
		for k, v := range base {
			m[k] = v
		}
		return m
	}
	out := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: base},
		spanSpec{service: "s", name: "op", attrs: with([]any{"{{ default }}"})},
		spanSpec{service: "s", name: "op", attrs: with([]any{"{{default}}", "getUser", "503"})},
		spanSpec{service: "s", name: "op", attrs: with([]any{"{{ default }}", "getUser", "404"})},
		spanSpec{service: "s", name: "op", attrs: with([]any{"database-connection-error"})},
		spanSpec{service: "s", name: "op", attrs: with("database-connection-error")},
	)))
	assert.Equal(t, attr(out[0], "error.issue.id"), attr(out[1], "error.issue.id"), `["{{ default }}"] is the default grouping`)
	assert.Equal(t, "exception", attr(out[1], "error.issue.grouping"))
	assert.NotEqual(t, attr(out[2], "error.issue.id"), attr(out[3], "error.issue.id"), "extra parts split the default issue")
	assert.NotEqual(t, attr(out[0], "error.issue.id"), attr(out[2], "error.issue.id"))
	assert.Equal(t, "RPCError | call <int> failed | getUser | 503", attr(out[2], "error.issue.fingerprint"))
	assert.Equal(t, "custom", attr(out[2], "error.issue.grouping"))
	assert.Equal(t, attr(out[4], "error.issue.id"), attr(out[5], "error.issue.id"),
		"a one-element array and the same string are the same fingerprint")
}

func TestExceptionGroupingIgnoresMessageParameters(t *testing.T) {
	out := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t,
		spanSpec{service: "orders", name: "GET /orders/{id}", attrs: map[string]any{"error.type": "OrderNotFound", "error.message": "order 42 not found (request 3f1c2a9e-0c1b-4a5e-9d3e-1a2b3c4d5e6f)"}},
		spanSpec{service: "orders", name: "GET /orders/{id}", attrs: map[string]any{"error.type": "OrderNotFound", "error.message": "order 977 not found (request 0a1b2c3d-0c1b-4a5e-9d3e-1a2b3c4d5e6f)"}},
		spanSpec{service: "orders", name: "GET /orders/{id}", attrs: map[string]any{"error.type": "PaymentDeclined", "error.message": "order 42 not found (request 3f1c2a9e-0c1b-4a5e-9d3e-1a2b3c4d5e6f)"}},
		spanSpec{service: "orders", name: "GET /orders/{id}", attrs: map[string]any{"error.type": "OrderNotFound", "error.message": "customer 42 not found"}},
	)))
	assert.Equal(t, attr(out[0], "error.issue.id"), attr(out[1], "error.issue.id"))
	assert.NotEqual(t, attr(out[0], "error.issue.id"), attr(out[2], "error.issue.id"), "a different type is a different issue")
	assert.NotEqual(t, attr(out[0], "error.issue.id"), attr(out[3], "error.issue.id"), "a different message is a different issue")
	assert.Equal(t, "exception", attr(out[0], "error.issue.grouping"))
	assert.Equal(t, "OrderNotFound: order <int> not found (request <uuid>)", attr(out[0], "error.issue.title"))
	assert.Equal(t, "OrderNotFound | order <int> not found (request <uuid>)", attr(out[0], "error.issue.fingerprint"))
}

func TestMessageAndFallbackStrategies(t *testing.T) {
	out := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t,
		spanSpec{service: "api", name: "GET /a", attrs: map[string]any{"error.message": "upstream 10.0.0.7 timed out after 30s"}},
		spanSpec{service: "api", name: "GET /b", attrs: map[string]any{"error.msg": "upstream 10.0.0.9 timed out after 12s"}},
		spanSpec{service: "api", name: "GET /users/{id}", attrs: map[string]any{"error.type": "500"}},
		spanSpec{service: "api", name: "GET /users/{id}", attrs: map[string]any{"error.type": "500"}},
		spanSpec{service: "api", name: "POST /orders", attrs: map[string]any{"error.type": "500"}},
		spanSpec{service: "api", name: "POST /orders", attrs: map[string]any{"error.type": int64(503)}},
	)))
	assert.Equal(t, "message", attr(out[0], "error.issue.grouping"))
	assert.Equal(t, attr(out[0], "error.issue.id"), attr(out[1], "error.issue.id"), "error.msg is read like error.message")
	assert.Equal(t, "upstream <ip> timed out after <duration>", attr(out[0], "error.issue.title"))
	assert.Equal(t, "fallback", attr(out[2], "error.issue.grouping"))
	assert.Equal(t, attr(out[2], "error.issue.id"), attr(out[3], "error.issue.id"))
	assert.NotEqual(t, attr(out[2], "error.issue.id"), attr(out[4], "error.issue.id"), "status-only errors split by operation")
	assert.NotEqual(t, attr(out[4], "error.issue.id"), attr(out[5], "error.issue.id"))
	assert.Equal(t, "500 in GET /users/{id}", attr(out[2], "error.issue.title"))
	assert.Equal(t, "503 in POST /orders", attr(out[5], "error.issue.title"), "an int error.type is read as text")
}

func TestExceptionEventIsReadWhenAttributesSayLittle(t *testing.T) {
	event := eventSpec{name: "exception", attrs: map[string]any{
		"exception.type":    "java.lang.IllegalStateException",
		"exception.message": "cart 12 is closed",
	}}
	out := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t,
		spanSpec{service: "cart", name: "checkout", events: []eventSpec{{name: "log", attrs: map[string]any{"x": "y"}}, event}},
		spanSpec{service: "cart", name: "checkout", attrs: map[string]any{"error.type": "500"}, events: []eventSpec{event}},
	)))
	assert.Equal(t, "java.lang.IllegalStateException: cart <int> is closed", attr(out[0], "error.issue.title"))
	assert.Equal(t, attr(out[0], "error.issue.id"), attr(out[1], "error.issue.id"),
		"the event's exception type is more precise than a status-code error.type")
}

func TestNonErrorSpansPassThroughUntouched(t *testing.T) {
	td := makeTraces(t,
		spanSpec{service: "web", name: "GET /", attrs: map[string]any{"http.request.method": "GET", "errors": "0", "error": false, "error.": "x"}},
		spanSpec{service: "web", name: "GET /", events: []eventSpec{{name: "exceptional", attrs: map[string]any{"exception.type": "X"}}}},
	)
	want := ptrace.NewTraces()
	td.CopyTo(want)
	got := runProcessor(t, defaultConfig(), td)
	assert.Equal(t, want, got)
}

func TestNonErrorSpansAllocateNothing(t *testing.T) {
	p, err := newErrorGrouping(processortest.NewNopSettings(metadata.Type), defaultConfig())
	require.NoError(t, err)
	td := makeTraces(t,
		spanSpec{service: "web", name: "GET /", attrs: map[string]any{"http.request.method": "GET", "http.response.status_code": 200, "url.path": "/", "server.address": "example.com"}},
		spanSpec{service: "web", name: "SELECT", attrs: map[string]any{"db.system.name": "postgresql", "db.query.text": "SELECT 1"}, events: []eventSpec{{name: "log"}}},
	)
	allocs := testing.AllocsPerRun(100, func() {
		_, _ = p.processTraces(context.Background(), td)
	})
	assert.Zero(t, allocs)
}

func TestOutputAttributeNamesAreConfigurable(t *testing.T) {
	cfg := defaultConfig()
	cfg.Attributes = OutputAttributes{IssueID: "issue.id", Fingerprint: "issue.fp", Grouping: "issue.how", Title: "issue.title"}
	out := spanAttrs(runProcessor(t, cfg, makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "m"}})))
	assert.Regexp(t, "^[0-9a-f]{32}$", attr(out[0], "issue.id"))
	assert.Equal(t, "E | m", attr(out[0], "issue.fp"))
	assert.Equal(t, "exception", attr(out[0], "issue.how"))
	assert.Equal(t, "E: m", attr(out[0], "issue.title"))
	_, stamped := out[0].Get("error.issue.id")
	assert.False(t, stamped)
}

func TestScopeKeysSplitIssues(t *testing.T) {
	cfg := defaultConfig()
	cfg.ScopeKeys = []string{"deployment.environment.name"}
	td := makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E"}},
	)
	td.ResourceSpans().At(0).Resource().Attributes().PutStr("deployment.environment.name", "prod")
	td.ResourceSpans().At(1).Resource().Attributes().PutStr("deployment.environment.name", "staging")
	out := spanAttrs(runProcessor(t, cfg, td))
	assert.NotEqual(t, attr(out[0], "error.issue.id"), attr(out[1], "error.issue.id"))
}

func TestTelemetryCountsGroupedErrors(t *testing.T) {
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	set := metadatatest.NewSettings(tel)
	p, err := NewFactory().CreateTraces(context.Background(), set, defaultConfig(), consumertest.NewNop())
	require.NoError(t, err)
	require.NoError(t, p.ConsumeTraces(context.Background(), makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "m"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "m"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.fingerprint": "f"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"ok": true}},
	)))
	point := func(kind string, n int64) metricdata.DataPoint[int64] {
		return metricdata.DataPoint[int64]{Value: n, Attributes: attribute.NewSet(
			attribute.String("processor", set.ID.String()), attribute.String("otel.signal", "traces"),
			attribute.String("grouping", kind))}
	}
	metadatatest.AssertEqualProcessorErrorgroupingErrorsGrouped(t, tel,
		[]metricdata.DataPoint[int64]{point("custom", 1), point("exception", 2)},
		metricdatatest.IgnoreTimestamp())
	require.NoError(t, p.Shutdown(context.Background()))
}

func TestExplanationSaysWhatContributed(t *testing.T) {
	cfg := defaultConfig()
	cfg.Explain = true
	out := spanAttrs(runProcessor(t, cfg, makeTraces(t,
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.stack": decoratedStack(true)}},
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.type": "500"}},
	)))
	explanation := attr(out[0], "error.issue.explanation")
	assert.Contains(t, explanation, "grouping stacktrace (version 1)")
	assert.Contains(t, explanation, "  + shop/payments.charge\n")
	assert.Contains(t, explanation, "  + shop/views.checkout\n")
	assert.Contains(t, explanation, "  + shop/decorators.with_retries\n")
	assert.Contains(t, attr(out[1], "error.issue.explanation"), "type + operation: no message and no stack trace")

	_, stamped := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t,
		spanSpec{service: "shop", name: "op", attrs: map[string]any{"error.type": "500"}})))[0].Get("error.issue.explanation")
	assert.False(t, stamped, "off by default")
}

func TestInputAttributeNamesAreConfigurable(t *testing.T) {
	cfg := defaultConfig()
	cfg.InputAttributes = InputAttributes{Fingerprint: "app.fingerprint", Type: "app.error_class", Message: "app.error_text", Stack: "app.backtrace"}
	out := spanAttrs(runProcessor(t, cfg, makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: map[string]any{"app.error_class": "Boom", "app.error_text": "order 5 failed"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"app.fingerprint": "fp-1"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "Boom", "error.message": "order 5 failed"}},
	)))
	assert.Equal(t, "Boom: order <int> failed", attr(out[0], "error.issue.title"))
	assert.Equal(t, "custom", attr(out[1], "error.issue.grouping"))
	assert.Empty(t, attr(out[2], "error.issue.id"), "the default names are no longer read")
}

func TestTelemetryReportsTheIssueCache(t *testing.T) {
	tel := componenttest.NewTelemetry()
	t.Cleanup(func() { require.NoError(t, tel.Shutdown(context.Background())) })
	p, err := NewFactory().CreateTraces(context.Background(), metadatatest.NewSettings(tel), defaultConfig(), consumertest.NewNop())
	require.NoError(t, err)
	same := spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "m"}}
	require.NoError(t, p.ConsumeTraces(context.Background(), makeTraces(t, same, same, same)))
	id := attribute.NewSet(attribute.String("processor", "errorgrouping"))
	metadatatest.AssertEqualProcessorErrorgroupingCacheMisses(t, tel, []metricdata.DataPoint[int64]{{Value: 1, Attributes: id}}, metricdatatest.IgnoreTimestamp())
	metadatatest.AssertEqualProcessorErrorgroupingCacheHits(t, tel, []metricdata.DataPoint[int64]{{Value: 2, Attributes: id}}, metricdatatest.IgnoreTimestamp())
	require.NoError(t, p.Shutdown(context.Background()))
}

// Whatever goes wrong inside the engine, the span goes on unstamped and the batch is not lost.
func TestEngineFailureLeavesTheSpanUnstamped(t *testing.T) {
	p, err := newErrorGrouping(processortest.NewNopSettings(metadata.Type), defaultConfig())
	require.NoError(t, err)
	p.engine = nil // every Group call now panics
	td := makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "m"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"ok": true}},
	)
	out, err := p.processTraces(context.Background(), td)
	require.NoError(t, err)
	assert.Equal(t, 2, out.SpanCount())
	assert.Empty(t, attr(spanAttrs(out)[0], "error.issue.id"))
}
