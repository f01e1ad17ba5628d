package processor

import (
	"context"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/errorgrouping/errorgrouping/internal/grouping"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/processor/internal/metadata"
)

type errorGrouping struct {
	cfg       *Config
	engine    *grouping.Engine
	telemetry *metadata.TelemetryBuilder
	// kindAttrs are the precomputed metric attribute options, one per grouping kind, so recording allocates nothing.
	kindAttrs [grouping.Fallback + 1]metric.AddOption
}

func newErrorGrouping(set processor.Settings, cfg *Config) (*errorGrouping, error) {
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	p := &errorGrouping{
		cfg: cfg,
		engine: grouping.New(grouping.Options{Version: cfg.GroupingVersion, MaxTitleLength: cfg.MaxTitleLength,
			MaxFrames: cfg.MaxFrames, MaxStackBytes: cfg.MaxStackBytes}),
		telemetry: tb,
	}
	for k := range p.kindAttrs {
		p.kindAttrs[k] = metric.WithAttributeSet(attribute.NewSet(
			attribute.String("processor", set.ID.String()),
			attribute.String("grouping", grouping.Kind(k).String())))
	}
	set.Logger.Info("errorgrouping processor configured",
		zap.Int("grouping_version", cfg.GroupingVersion),
		zap.Strings("scope", append([]string{"service.name"}, cfg.ScopeKeys...)),
		zap.Int("max_stack_bytes", cfg.MaxStackBytes),
		zap.String("issue_id_attribute", cfg.Attributes.IssueID))
	return p, nil
}

func (p *errorGrouping) shutdown(context.Context) error {
	p.telemetry.Shutdown()
	return nil
}

func (p *errorGrouping) processTraces(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	var counts [grouping.Fallback + 1]int64
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		rs := rss.At(i)
		var res resourceInfo
		sss := rs.ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				span := spans.At(k)
				var in errorInput
				if !in.readSpan(span) {
					continue
				}
				if !res.loaded {
					res.load(rs.Resource().Attributes(), p.cfg.ScopeKeys)
				}
				kind := p.groupAndStamp(span.Attributes(), &in, &res, span.Name())
				counts[kind]++
			}
		}
	}
	for k, n := range counts {
		if n > 0 {
			p.telemetry.ProcessorErrorgroupingErrorsGrouped.Add(ctx, n, p.kindAttrs[k])
		}
	}
	return td, nil
}

func (p *errorGrouping) groupAndStamp(dst pcommon.Map, in *errorInput, res *resourceInfo, operation string) grouping.Kind {
	e := grouping.Error{
		Service:   res.service,
		Scope:     res.scope,
		Operation: operation,
		Language:  res.language,
		Type:      in.typ,
		Message:   in.message,
		Stack:     in.stack,
	}
	in.fingerprintParts(&e)
	issue := p.engine.Group(&e)
	a := &p.cfg.Attributes
	dst.PutStr(a.IssueID, issue.ID)
	dst.PutStr(a.Fingerprint, issue.Fingerprint)
	dst.PutStr(a.Grouping, issue.Kind.String())
	dst.PutStr(a.Title, issue.Title)
	if issue.Culprit != "" {
		dst.PutStr(a.Culprit, issue.Culprit)
	}
	return issue.Kind
}

// resourceInfo is what a resource contributes to every issue of its spans, read once per resource and only
// when the resource has an error span.
type resourceInfo struct {
	loaded   bool
	service  string
	language stack.Language
	scope    []string
}

func (r *resourceInfo) load(attrs pcommon.Map, scopeKeys []string) {
	r.loaded = true
	r.service = stringAttr(attrs, "service.name")
	r.language = stack.LanguageFromSDK(stringAttr(attrs, "telemetry.sdk.language"))
	if len(scopeKeys) > 0 {
		r.scope = make([]string, len(scopeKeys))
		for i, k := range scopeKeys {
			r.scope[i] = stringAttr(attrs, k)
		}
	}
}

func stringAttr(attrs pcommon.Map, key string) string {
	v, ok := attrs.Get(key)
	if !ok {
		return ""
	}
	if v.Type() == pcommon.ValueTypeStr {
		return v.Str()
	}
	return v.AsString()
}
