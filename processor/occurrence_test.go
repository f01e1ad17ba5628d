package processor

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// traceSpan is one span of a hand-built trace: ids are small numbers for readability.
type traceSpan struct {
	service      string
	trace        byte
	id, parent   byte
	errType, msg string
}

func buildTrace(spans ...traceSpan) ptrace.Traces {
	td := ptrace.NewTraces()
	for _, s := range spans {
		rs := td.ResourceSpans().AppendEmpty()
		rs.Resource().Attributes().PutStr("service.name", s.service)
		span := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
		span.SetName("op")
		span.SetTraceID(pcommon.TraceID{s.trace, 1})
		span.SetSpanID(pcommon.SpanID{s.id, 1})
		if s.parent != 0 {
			span.SetParentSpanID(pcommon.SpanID{s.parent, 1})
		}
		if s.errType != "" {
			span.Attributes().PutStr("error.type", s.errType)
			span.Attributes().PutStr("error.message", s.msg)
		}
	}
	return td
}

// occurrenceFlags returns error.issue.occurrence of every span in order; nil entries for unstamped spans.
func occurrenceFlags(t *testing.T, td ptrace.Traces) []any {
	var out []any
	for _, m := range spanAttrs(td) {
		v, ok := m.Get("error.issue.occurrence")
		if !ok {
			out = append(out, nil)
			continue
		}
		require.Equal(t, pcommon.ValueTypeBool, v.Type())
		out = append(out, v.Bool())
	}
	return out
}

func TestPropagatedExceptionThroughThreeSpansIsOneOccurrence(t *testing.T) {
	td := buildTrace(
		traceSpan{service: "api", trace: 1, id: 1, errType: "DBError", msg: "row 7 locked"},            // handler: top-most
		traceSpan{service: "api", trace: 1, id: 2, parent: 1},                                          // no error in between
		traceSpan{service: "api", trace: 1, id: 3, parent: 2, errType: "DBError", msg: "row 7 locked"}, // service layer
		traceSpan{service: "api", trace: 1, id: 4, parent: 3, errType: "DBError", msg: "row 7 locked"}, // repository: the throw
	)
	out := runProcessor(t, defaultConfig(), td)
	assert.Equal(t, []any{true, nil, false, false}, occurrenceFlags(t, out))
}

func TestDifferentErrorsInOneTraceAreSeparateOccurrences(t *testing.T) {
	td := buildTrace(
		traceSpan{service: "api", trace: 1, id: 1, errType: "Timeout", msg: "upstream"},
		traceSpan{service: "api", trace: 1, id: 2, parent: 1, errType: "DBError", msg: "row locked"},
	)
	assert.Equal(t, []any{true, true}, occurrenceFlags(t, runProcessor(t, defaultConfig(), td)))
}

func TestSameErrorInTwoServicesOfOneTraceCountsInEach(t *testing.T) {
	td := buildTrace(
		traceSpan{service: "gateway", trace: 1, id: 1, errType: "DBError", msg: "row locked"},
		traceSpan{service: "orders", trace: 1, id: 2, parent: 1, errType: "DBError", msg: "row locked"},
		traceSpan{service: "orders", trace: 1, id: 3, parent: 2, errType: "DBError", msg: "row locked"},
	)
	assert.Equal(t, []any{true, true, false}, occurrenceFlags(t, runProcessor(t, defaultConfig(), td)))
}

func TestSiblingsAndOtherTracesStayOccurrences(t *testing.T) {
	td := buildTrace(
		traceSpan{service: "api", trace: 1, id: 1},
		traceSpan{service: "api", trace: 1, id: 2, parent: 1, errType: "DBError", msg: "row locked"},
		traceSpan{service: "api", trace: 1, id: 3, parent: 1, errType: "DBError", msg: "row locked"},
		traceSpan{service: "api", trace: 2, id: 4, parent: 2, errType: "DBError", msg: "row locked"},
	)
	assert.Equal(t, []any{nil, true, true, true}, occurrenceFlags(t, runProcessor(t, defaultConfig(), td)))
}

func TestBrokenParentLinks(t *testing.T) {
	t.Run("missing parent", func(t *testing.T) {
		td := buildTrace(
			traceSpan{service: "api", trace: 1, id: 1, errType: "E", msg: "m"},
			traceSpan{service: "api", trace: 1, id: 3, parent: 2, errType: "E", msg: "m"}, // span 2 never arrived
		)
		assert.Equal(t, []any{true, true}, occurrenceFlags(t, runProcessor(t, defaultConfig(), td)))
	})
	t.Run("parent cycle", func(t *testing.T) {
		td := buildTrace(
			traceSpan{service: "api", trace: 1, id: 1, parent: 2, errType: "E", msg: "m"},
			traceSpan{service: "api", trace: 1, id: 2, parent: 1, errType: "E", msg: "m"},
		)
		assert.Equal(t, []any{true, true}, occurrenceFlags(t, runProcessor(t, defaultConfig(), td)))
	})
	t.Run("self parent", func(t *testing.T) {
		td := buildTrace(traceSpan{service: "api", trace: 1, id: 1, parent: 1, errType: "E", msg: "m"})
		assert.Equal(t, []any{true}, occurrenceFlags(t, runProcessor(t, defaultConfig(), td)))
	})
}

// Each batch is judged on its own: a copy whose ancestor went out in an earlier batch still counts. The
// README shows the group-by-trace configuration that makes this exact.
func TestSpansSplitAcrossBatches(t *testing.T) {
	first := runProcessor(t, defaultConfig(), buildTrace(traceSpan{service: "api", trace: 1, id: 1, errType: "E", msg: "m"}))
	second := runProcessor(t, defaultConfig(), buildTrace(traceSpan{service: "api", trace: 1, id: 2, parent: 1, errType: "E", msg: "m"}))
	assert.Equal(t, []any{true}, occurrenceFlags(t, first))
	assert.Equal(t, []any{true}, occurrenceFlags(t, second))
}

func TestOccurrenceMarkingCanBeTurnedOff(t *testing.T) {
	cfg := defaultConfig()
	cfg.MarkOccurrences = false
	td := buildTrace(
		traceSpan{service: "api", trace: 1, id: 1, errType: "E", msg: "m"},
		traceSpan{service: "api", trace: 1, id: 2, parent: 1, errType: "E", msg: "m"},
	)
	assert.Equal(t, []any{nil, nil}, occurrenceFlags(t, runProcessor(t, cfg, td)))
}
