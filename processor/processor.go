package processor

import (
	"context"
	"errors"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.uber.org/zap"

	"github.com/errorgrouping/errorgrouping/internal/grouping"
	"github.com/errorgrouping/errorgrouping/internal/rules"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/processor/internal/metadata"
)

type errorGrouping struct {
	cfg       *Config
	logger    *zap.Logger
	names     *inputNames
	rules     *rules.Set // nil without rules
	engine    *grouping.Engine
	telemetry *metadata.TelemetryBuilder
	// Metric attribute options are precomputed so that recording allocates nothing.
	groupedAttrs  [2][grouping.Fallback + 1]metric.AddOption // by signal, then grouping kind
	unparsedAttrs [stack.PHP + 1]metric.AddOption            // by declared language
}

// Signals the processor handles, for telemetry.
const (
	signalTraces = iota
	signalLogs
)

func newErrorGrouping(set processor.Settings, cfg *Config) (*errorGrouping, error) {
	tb, err := metadata.NewTelemetryBuilder(set.TelemetrySettings)
	if err != nil {
		return nil, err
	}
	id := attribute.String("processor", set.ID.String())
	ruleSet, err := rules.Compile(cfg.Spec)
	if err != nil {
		return nil, err
	}
	if ruleSet.Empty() {
		ruleSet = nil
	}
	p := &errorGrouping{
		cfg:    cfg,
		logger: set.Logger,
		names:  newInputNames(cfg.InputAttributes),
		rules:  ruleSet,
		engine: grouping.New(grouping.Options{Version: cfg.GroupingVersion, MaxTitleLength: cfg.MaxTitleLength,
			MaxFrames: cfg.MaxFrames, MaxStackBytes: cfg.MaxStackBytes,
			CacheEntries: cfg.Cache.MaxEntries, CacheBytes: cfg.Cache.MaxBytes,
			Rules: ruleSet, Explain: cfg.Explain}),
		telemetry: tb,
	}
	for sig, name := range []string{"traces", "logs"} {
		for k := range p.groupedAttrs[sig] {
			p.groupedAttrs[sig][k] = metric.WithAttributeSet(attribute.NewSet(id,
				attribute.String("otel.signal", name), attribute.String("grouping", grouping.Kind(k).String())))
		}
	}
	for l := range p.unparsedAttrs {
		p.unparsedAttrs[l] = metric.WithAttributeSet(attribute.NewSet(id, attribute.String("language", stack.Language(l).String())))
	}
	if err := p.registerCacheTelemetry(id); err != nil {
		return nil, err
	}
	set.Logger.Info("errorgrouping processor configured",
		zap.Int("grouping_version", cfg.GroupingVersion),
		zap.Strings("scope", append([]string{"service.name"}, cfg.ScopeKeys...)),
		zap.Int("max_frames", cfg.MaxFrames),
		zap.Int("max_stack_bytes", cfg.MaxStackBytes),
		zap.Bool("mark_occurrences", cfg.MarkOccurrences),
		zap.String("issue_id_attribute", cfg.Attributes.IssueID))
	return p, nil
}

// registerCacheTelemetry reports the issue cache's counters when the meter collects, rather than on every
// error: reading them costs a lock per shard.
func (p *errorGrouping) registerCacheTelemetry(id attribute.KeyValue) error {
	opt := metric.WithAttributeSet(attribute.NewSet(id))
	observe := func(read func(grouping.CacheStats) int64) metric.Int64Callback {
		return func(_ context.Context, o metric.Int64Observer) error {
			o.Observe(read(p.engine.CacheStats()), opt)
			return nil
		}
	}
	return errors.Join(
		p.telemetry.RegisterProcessorErrorgroupingCacheHitsCallback(observe(func(s grouping.CacheStats) int64 { return int64(s.Hits) })),
		p.telemetry.RegisterProcessorErrorgroupingCacheMissesCallback(observe(func(s grouping.CacheStats) int64 { return int64(s.Misses) })),
		p.telemetry.RegisterProcessorErrorgroupingCacheEvictionsCallback(observe(func(s grouping.CacheStats) int64 { return int64(s.Evictions) })),
		p.telemetry.RegisterProcessorErrorgroupingCacheSizeCallback(observe(func(s grouping.CacheStats) int64 { return s.Bytes })),
	)
}

func (p *errorGrouping) shutdown(context.Context) error {
	p.telemetry.Shutdown()
	return nil
}

// batchStats counts what one batch did, so telemetry is recorded once per batch rather than per error.
type batchStats struct {
	grouped  [grouping.Fallback + 1]int64
	unparsed [stack.PHP + 1]int64
}

func (b *batchStats) count(in *errorInput, issue *grouping.Issue, lang stack.Language) {
	b.grouped[issue.Kind]++
	if in.stack != "" && !issue.StackParsed {
		b.unparsed[lang]++
	}
}

func (p *errorGrouping) record(ctx context.Context, signal int, b *batchStats) {
	for k, n := range b.grouped {
		if n > 0 {
			p.telemetry.ProcessorErrorgroupingErrorsGrouped.Add(ctx, n, p.groupedAttrs[signal][k])
		}
	}
	for l, n := range b.unparsed {
		if n > 0 {
			p.telemetry.ProcessorErrorgroupingStacksUnparsed.Add(ctx, n, p.unparsedAttrs[l])
		}
	}
}

func (p *errorGrouping) processTraces(ctx context.Context, td ptrace.Traces) (ptrace.Traces, error) {
	var stats batchStats
	var occ occurrences
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
				found, event := in.readSpan(span, p.names)
				if !found {
					continue
				}
				res.load(rs.Resource().Attributes(), p.cfg.ScopeKeys, p.rules)
				if !p.tracked(&in, &res, span.Name(), span.Attributes()) {
					continue
				}
				issue, ok := p.group(&in, &res, span.Name(), span.Attributes())
				if !ok {
					continue
				}
				p.stamp(span.Attributes(), &issue)
				p.stampEvents(span.Events(), event, &issue, &res, span.Name(), &stats)
				stats.count(&in, &issue, res.language)
				if p.cfg.MarkOccurrences {
					occ.add(span, res.service, issue.ID)
				}
			}
		}
	}
	if p.cfg.MarkOccurrences {
		occ.mark(td, p.cfg.Attributes.Occurrence)
	}
	p.record(ctx, signalTraces, &stats)
	return td, nil
}

// stampEvents gives every exception event its own issue, so a backend can tell the handled exceptions of a
// span apart; the event that defines the span's issue gets the span's.
func (p *errorGrouping) stampEvents(events ptrace.SpanEventSlice, defining int, spanIssue *grouping.Issue, res *resourceInfo, operation string, stats *batchStats) {
	for i := 0; i < events.Len(); i++ {
		ev := events.At(i)
		if ev.Name() != exceptionEventName {
			continue
		}
		if i == defining {
			p.stamp(ev.Attributes(), spanIssue)
			continue
		}
		var in errorInput
		in.readAttributes(ev.Attributes(), p.names)
		issue, ok := p.group(&in, res, operation, ev.Attributes())
		if !ok {
			continue
		}
		p.stamp(ev.Attributes(), &issue)
		stats.count(&in, &issue, res.language)
	}
}

// tracked applies the configuration's include and exclude rules: errors left out pass through unstamped.
func (p *errorGrouping) tracked(in *errorInput, res *resourceInfo, operation string, attrs pcommon.Map) bool {
	if p.rules == nil {
		return true
	}
	ev := rules.Event{Service: res.service, SpanName: operation, Type: in.typ, Message: in.message,
		Attribute: mapLookup(attrs), Resource: mapLookup(res.attrs)}
	return p.rules.Tracked(&ev)
}

func mapLookup(m pcommon.Map) func(string) (string, bool) {
	return func(key string) (string, bool) {
		v, ok := m.Get(key)
		if !ok {
			return "", false
		}
		return text(v), true
	}
}

// group computes the issue of one error. A bug in the engine must never take the pipeline down or lose a
// span: a panic leaves that error unstamped, and is logged so that it gets reported.
func (p *errorGrouping) group(in *errorInput, res *resourceInfo, operation string, attrs pcommon.Map) (issue grouping.Issue, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			p.logger.Error("errorgrouping could not group an error; it passes through unstamped",
				zap.Any("panic", r), zap.String("service", res.service), zap.String("type", in.typ))
			ok = false
		}
	}()
	e := grouping.Error{
		Service:   res.service,
		Scope:     res.scope,
		Operation: operation,
		Language:  res.language,
		Type:      in.typ,
		Message:   in.message,
		Stack:     in.stack,
	}
	if p.rules != nil {
		e.RuleResource = res.ruleValues
		keys := p.rules.AttributeKeys()
		if len(keys) > 0 {
			e.RuleAttributes = make([]string, len(keys))
			for i, k := range keys {
				e.RuleAttributes[i] = stringAttr(attrs, k)
			}
		}
	}
	in.fingerprintParts(&e)
	return p.engine.Group(&e), true
}

func (p *errorGrouping) stamp(dst pcommon.Map, issue *grouping.Issue) {
	a := &p.cfg.Attributes
	dst.PutStr(a.IssueID, issue.ID)
	dst.PutStr(a.Fingerprint, issue.Fingerprint)
	dst.PutStr(a.Grouping, issue.Kind.String())
	dst.PutStr(a.Title, issue.Title)
	if issue.Culprit != "" {
		dst.PutStr(a.Culprit, issue.Culprit)
	}
	if issue.Explanation != "" {
		dst.PutStr(a.Explanation, issue.Explanation)
	}
}

// resourceInfo is what a resource contributes to every issue of its errors, read once per resource and only
// when the resource has an error.
type resourceInfo struct {
	loaded   bool
	attrs    pcommon.Map
	service  string
	language stack.Language
	scope    []string
	// ruleValues are the values of the resource attributes the rules reference.
	ruleValues []string
}

func (r *resourceInfo) load(attrs pcommon.Map, scopeKeys []string, set *rules.Set) {
	if r.loaded {
		return
	}
	r.loaded, r.attrs = true, attrs
	if keys := set.ResourceKeys(); len(keys) > 0 {
		r.ruleValues = make([]string, len(keys))
		for i, k := range keys {
			r.ruleValues[i] = stringAttr(attrs, k)
		}
	}
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
	if v, ok := attrs.Get(key); ok {
		return text(v)
	}
	return ""
}
