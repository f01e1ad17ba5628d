package processor

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/errorgrouping/errorgrouping/processor/internal/metadata"
)

// The fixtures are what the OpenTelemetry Go SDK exported for real errors: testdata/otel/generate.sh.
func loadSDKTraces(t *testing.T) ptrace.Traces {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "otel", "go_sdk_traces.json"))
	require.NoError(t, err)
	td, err := (&ptrace.JSONUnmarshaler{}).UnmarshalTraces(raw)
	require.NoError(t, err)
	return td
}

func loadSDKLogs(t *testing.T) plog.Logs {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "otel", "go_sdk_logs.json"))
	require.NoError(t, err)
	ld, err := (&plog.JSONUnmarshaler{}).UnmarshalLogs(raw)
	require.NoError(t, err)
	return ld
}

// spansByName groups the processed spans by name, in order: the fixture records every scenario twice.
func spansByName(td ptrace.Traces) map[string][]ptrace.Span {
	out := map[string][]ptrace.Span{}
	for i := 0; i < td.ResourceSpans().Len(); i++ {
		sss := td.ResourceSpans().At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				out[spans.At(k).Name()] = append(out[spans.At(k).Name()], spans.At(k))
			}
		}
	}
	return out
}

func TestSDKExceptionEventsGroupByTheirStack(t *testing.T) {
	spans := spansByName(runProcessor(t, defaultConfig(), loadSDKTraces(t)))
	get := spans["GET /orders/{id}"]
	require.Len(t, get, 2)
	a, b := get[0].Attributes(), get[1].Attributes()
	assert.Equal(t, "stacktrace", attr(a, "error.issue.grouping"))
	assert.Equal(t, attr(a, "error.issue.id"), attr(b, "error.issue.id"), "order 42 and order 977 are one bug")
	assert.Equal(t, "*fmt.wrapError: find order <int>: order not found", attr(a, "error.issue.title"))
	assert.Equal(t, "main in record", attr(a, "error.issue.culprit"), "the SDK records the stack where RecordError is called")
	ev := get[0].Events().At(0).Attributes()
	assert.Equal(t, attr(a, "error.issue.id"), attr(ev, "error.issue.id"), "the defining event carries the span's issue")
}

func TestSDKSpanWithSeveralExceptionsUsesTheEscapedOne(t *testing.T) {
	spans := spansByName(runProcessor(t, defaultConfig(), loadSDKTraces(t)))
	total := spans["POST /orders/{id}/total"]
	require.Len(t, total, 2)
	span := total[0]
	require.Equal(t, 2, span.Events().Len())
	handled, escaped := span.Events().At(0).Attributes(), span.Events().At(1).Attributes()
	assert.Equal(t, attr(escaped, "error.issue.id"), attr(span.Attributes(), "error.issue.id"))
	assert.NotEqual(t, attr(handled, "error.issue.id"), attr(escaped, "error.issue.id"), "each exception event has its own issue")
	assert.Contains(t, attr(span.Attributes(), "error.issue.title"), "panic computing total of order <int>")
	assert.Equal(t, attr(span.Attributes(), "error.issue.id"), attr(total[1].Attributes(), "error.issue.id"))
	assert.Equal(t, attr(handled, "error.issue.id"), attr(total[1].Events().At(0).Attributes(), "error.issue.id"))
}

func TestSDKStatusOnlyErrorsGroupByTypeAndOperation(t *testing.T) {
	spans := spansByName(runProcessor(t, defaultConfig(), loadSDKTraces(t)))
	users, carts := spans["GET /users/{id}"], spans["DELETE /carts/{id}"]
	require.Len(t, users, 2)
	require.Len(t, carts, 2)
	assert.Equal(t, "fallback", attr(users[0].Attributes(), "error.issue.grouping"))
	assert.Equal(t, attr(users[0].Attributes(), "error.issue.id"), attr(users[1].Attributes(), "error.issue.id"))
	assert.NotEqual(t, attr(users[0].Attributes(), "error.issue.id"), attr(carts[0].Attributes(), "error.issue.id"),
		"status-only errors never collapse into one issue per service")
	assert.Equal(t, "500 in GET /users/{id}", attr(users[0].Attributes(), "error.issue.title"))

	charge := spans["charge"]
	assert.Equal(t, "custom", attr(charge[0].Attributes(), "error.issue.grouping"))
	assert.Equal(t, attr(charge[0].Attributes(), "error.issue.id"), attr(charge[1].Attributes(), "error.issue.id"))
	for _, health := range spans["GET /health"] {
		_, stamped := health.Attributes().Get("error.issue.id")
		assert.False(t, stamped)
	}
}

func runLogs(t *testing.T, cfg *Config, ld plog.Logs) plog.Logs {
	t.Helper()
	sink := new(consumertest.LogsSink)
	p, err := NewFactory().CreateLogs(context.Background(), processortest.NewNopSettings(metadata.Type), cfg, sink)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), nil))
	require.NoError(t, p.ConsumeLogs(context.Background(), ld))
	require.NoError(t, p.Shutdown(context.Background()))
	require.Len(t, sink.AllLogs(), 1)
	return sink.AllLogs()[0]
}

func logAttrs(ld plog.Logs) []pcommon.Map {
	var out []pcommon.Map
	for i := 0; i < ld.ResourceLogs().Len(); i++ {
		sls := ld.ResourceLogs().At(i).ScopeLogs()
		for j := 0; j < sls.Len(); j++ {
			for k := 0; k < sls.At(j).LogRecords().Len(); k++ {
				out = append(out, sls.At(j).LogRecords().At(k).Attributes())
			}
		}
	}
	return out
}

func TestSDKExceptionLogRecordsAreStamped(t *testing.T) {
	records := logAttrs(runLogs(t, defaultConfig(), loadSDKLogs(t)))
	require.Len(t, records, 4) // exception, plain, exception, plain
	assert.Equal(t, "stacktrace", attr(records[0], "error.issue.grouping"))
	assert.Equal(t, attr(records[0], "error.issue.id"), attr(records[2], "error.issue.id"))
	assert.Contains(t, attr(records[0], "error.issue.title"), "find order <int>: order not found")
	for _, plain := range []pcommon.Map{records[1], records[3]} {
		_, stamped := plain.Get("error.issue.id")
		assert.False(t, stamped, "log records without an exception pass through untouched")
	}
}

func TestDatadogStyleLogRecordsAreStampedLikeSpans(t *testing.T) {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	rl.Resource().Attributes().PutStr("service.name", "cart")
	lr := rl.ScopeLogs().AppendEmpty().LogRecords().AppendEmpty()
	lr.Attributes().PutStr("error.type", "OrderNotFound")
	lr.Attributes().PutStr("error.message", "order 42 not found")
	out := logAttrs(runLogs(t, defaultConfig(), ld))

	span := spanAttrs(runProcessor(t, defaultConfig(), makeTraces(t, spanSpec{service: "cart", name: "op",
		attrs: map[string]any{"error.type": "OrderNotFound", "error.message": "order 7 not found"}})))
	assert.Equal(t, attr(span[0], "error.issue.id"), attr(out[0], "error.issue.id"), "a log and a span of the same error share the issue")
}

func TestAliasesAndStatusDescription(t *testing.T) {
	td := makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E", "error.msg": "older tracer 1"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E", "error.message": "older tracer 2"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "E"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.handling_stack": "main.handler\n\t/src/app/main.go:42\n"}},
	)
	span := td.ResourceSpans().At(2).ScopeSpans().At(0).Spans().At(0)
	span.Status().SetCode(ptrace.StatusCodeError)
	span.Status().SetMessage("older tracer 3")
	out := spanAttrs(runProcessor(t, defaultConfig(), td))
	assert.Equal(t, attr(out[0], "error.issue.id"), attr(out[1], "error.issue.id"), "error.msg is error.message")
	assert.Equal(t, attr(out[0], "error.issue.id"), attr(out[2], "error.issue.id"), "the status description is the message of last resort")
	assert.Equal(t, "stacktrace", attr(out[3], "error.issue.grouping"), "error.handling_stack is the stack when error.stack is absent")
}

func TestAttributesOfUnexpectedTypes(t *testing.T) {
	td := makeTraces(t,
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": int64(500)}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "500"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "Boom", "error.stack": []any{
			"Traceback (most recent call last):", `  File "/app/shop/db.py", line 3, in fetch`, "Boom: x"}}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": "Boom", "error.stack": "Traceback (most recent call last):\n  File \"/app/shop/db.py\", line 9, in fetch\nBoom: y"}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.message": map[string]any{"code": 7}, "error.fingerprint": true}},
		spanSpec{service: "s", name: "op", attrs: map[string]any{"error.type": []any{}, "error.stack": map[string]any{}, "error.fingerprint": []any{}}},
	)
	td.ResourceSpans().At(5).ScopeSpans().At(0).Spans().At(0).Attributes().PutEmptyBytes("error.message").FromRaw([]byte{0xff, 0x00})
	out := spanAttrs(runProcessor(t, defaultConfig(), td))
	assert.Equal(t, attr(out[0], "error.issue.id"), attr(out[1], "error.issue.id"), "an int error.type reads as its decimal text")
	assert.Equal(t, attr(out[2], "error.issue.id"), attr(out[3], "error.issue.id"), "an array stack is a list of lines")
	assert.Equal(t, "custom", attr(out[4], "error.issue.grouping"), "a boolean fingerprint reads as text")
	for _, m := range out {
		assert.Regexp(t, "^[0-9a-f]{32}$", attr(m, "error.issue.id"))
	}
}
