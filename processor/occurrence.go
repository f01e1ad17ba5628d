package processor

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// occurrences finds propagated copies of one error: when an exception travels up a call chain, tracers
// record it on every span it passes through, so one failure becomes several error spans of the same
// service, trace and issue, each the ancestor of the next. The top-most is the occurrence; the others are
// marked as copies so that a backend counts the failure once (Datadog keeps only the top-most error of a
// service within a trace). Only spans of one batch are compared.
type occurrences struct {
	spans []occurrenceSpan
}

type occurrenceSpan struct {
	span   ptrace.Span
	key    occurrenceKey
	parent pcommon.SpanID
}

// occurrenceKey says which error spans are copies of one another if one is the other's ancestor.
type occurrenceKey struct {
	trace   pcommon.TraceID
	service string
	issue   string
}

type spanKey struct {
	trace pcommon.TraceID
	span  pcommon.SpanID
}

func (o *occurrences) add(span ptrace.Span, service, issue string) {
	o.spans = append(o.spans, occurrenceSpan{span: span, key: occurrenceKey{span.TraceID(), service, issue}, parent: span.ParentSpanID()})
}

// maxAncestry bounds the walk up a parent chain, so a corrupt trace with a parent cycle cannot stall a batch.
const maxAncestry = 1024

// mark stamps every added span with attr: true for an occurrence, false for a propagated copy.
func (o *occurrences) mark(td ptrace.Traces, attr string) {
	if len(o.spans) == 0 {
		return
	}
	// Nearly always each key holds one span: count first, and build span sets only for keys seen twice.
	counts := make(map[occurrenceKey]int, len(o.spans))
	for i := range o.spans {
		counts[o.spans[i].key]++
	}
	var groups map[occurrenceKey]map[pcommon.SpanID]bool
	for i := range o.spans {
		if k := o.spans[i].key; counts[k] > 1 {
			if groups == nil {
				groups = map[occurrenceKey]map[pcommon.SpanID]bool{}
			}
			if groups[k] == nil {
				groups[k] = map[pcommon.SpanID]bool{}
			}
			groups[k][o.spans[i].span.SpanID()] = true
		}
	}
	var parents map[spanKey]pcommon.SpanID
	for _, s := range o.spans {
		copyOf := false
		if g := groups[s.key]; len(g) > 1 {
			if parents == nil {
				parents = parentIndex(td, groups)
			}
			copyOf = hasAncestorIn(spanKey{s.key.trace, s.span.SpanID()}, s.parent, g, parents)
		}
		s.span.Attributes().PutBool(attr, !copyOf)
	}
}

// parentIndex maps every span of the traces that hold several error spans of one issue to its parent,
// including the spans without errors that may sit between two error spans.
func parentIndex(td ptrace.Traces, groups map[occurrenceKey]map[pcommon.SpanID]bool) map[spanKey]pcommon.SpanID {
	traces := map[pcommon.TraceID]bool{}
	for k, g := range groups {
		if len(g) > 1 {
			traces[k.trace] = true
		}
	}
	parents := map[spanKey]pcommon.SpanID{}
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		sss := rss.At(i).ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			spans := sss.At(j).Spans()
			for k := 0; k < spans.Len(); k++ {
				span := spans.At(k)
				if traces[span.TraceID()] {
					parents[spanKey{span.TraceID(), span.SpanID()}] = span.ParentSpanID()
				}
			}
		}
	}
	return parents
}

// hasAncestorIn walks up from parent and reports whether an ancestor is in group. A parent chain that leads
// back to the span itself is corrupt data: the span then counts as an occurrence, so no failure goes uncounted.
func hasAncestorIn(start spanKey, parent pcommon.SpanID, group map[pcommon.SpanID]bool, parents map[spanKey]pcommon.SpanID) bool {
	found := false
	for depth := 0; depth < maxAncestry && !parent.IsEmpty(); depth++ {
		if parent == start.span {
			return false
		}
		found = found || group[parent]
		next, ok := parents[spanKey{start.trace, parent}]
		if !ok {
			break
		}
		parent = next
	}
	return found
}
