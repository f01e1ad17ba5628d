package e2e

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/processor/filterprocessor"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/confmaptest"
	"go.opentelemetry.io/collector/consumer"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"

	errorgrouping "github.com/errorgrouping/errorgrouping/processor"
)

// The README's "drop one noisy issue" recipe, run with its exact YAML: errorgrouping stamps the issue id,
// the contrib filter processor placed after it drops the spans of that issue. It lives in this module so
// that contrib's dependencies stay out of the component's go.mod.
func TestRecipeDropNoisyIssue(t *testing.T) {
	path := filepath.Join("..", "testdata", "recipes", "drop-noisy-issue.yaml")
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join("..", "README.md"))
	require.NoError(t, err)
	require.Contains(t, string(readme), string(raw), "README.md must show the recipe verbatim")
	cm, err := confmaptest.LoadConf(path)
	require.NoError(t, err)

	sink := new(consumertest.TracesSink)
	filter := newProcessor(t, filterprocessor.NewFactory(), cm, "processors::filter/noisy-issue", sink)
	grouping := newProcessor(t, errorgrouping.NewFactory(), cm, "processors::errorgrouping", filter)

	td := ptrace.NewTraces()
	add := func(errType, msg string) {
		rs := td.ResourceSpans().AppendEmpty()
		rs.Resource().Attributes().PutStr("service.name", "checkout")
		span := rs.ScopeSpans().AppendEmpty().Spans().AppendEmpty()
		span.SetName("POST /pay")
		if errType != "" {
			span.Attributes().PutStr("error.type", errType)
			span.Attributes().PutStr("error.message", msg)
		}
	}
	add("PaymentGatewayTimeout", "gateway 7 timed out after 30s") // the noisy issue
	add("PaymentGatewayTimeout", "gateway 12 timed out after 5s") // the same issue
	add("CardDeclined", "card 4242 declined")                     // another issue
	add("", "")                                                   // no error
	require.NoError(t, grouping.ConsumeTraces(context.Background(), td))

	require.Len(t, sink.AllTraces(), 1)
	out := sink.AllTraces()[0]
	assert.Equal(t, 2, out.SpanCount(), "both spans of the noisy issue are dropped, nothing else")
	for i := 0; i < out.ResourceSpans().Len(); i++ {
		attrs := out.ResourceSpans().At(i).ScopeSpans().At(0).Spans().At(0).Attributes()
		if typ, ok := attrs.Get("error.type"); ok {
			assert.Equal(t, "CardDeclined", typ.Str())
		}
	}
}

func newProcessor(t *testing.T, f processor.Factory, cm *confmap.Conf, key string, next consumer.Traces) processor.Traces {
	t.Helper()
	sub, err := cm.Sub(key)
	require.NoError(t, err)
	cfg := f.CreateDefaultConfig()
	require.NoError(t, sub.Unmarshal(cfg))
	require.NoError(t, confmap.Validate(cfg))
	p, err := f.CreateTraces(context.Background(), processortest.NewNopSettings(f.Type()), cfg, next)
	require.NoError(t, err)
	require.NoError(t, p.Start(context.Background(), componentHost{}))
	t.Cleanup(func() { require.NoError(t, p.Shutdown(context.Background())) })
	return p
}

type componentHost struct{}

func (componentHost) GetExtensions() map[component.ID]component.Component { return nil }
