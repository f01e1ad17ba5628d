package processor

import (
	"strings"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/errorgrouping/errorgrouping/internal/grouping"
)

// Attribute names the processor reads (GROUPING.md section 1).
const (
	attrErrorType          = "error.type"
	attrErrorMessage       = "error.message"
	attrErrorMsg           = "error.msg" // older Datadog tracers
	attrErrorStack         = "error.stack"
	attrErrorHandlingStack = "error.handling_stack" // dd-trace-go 2.8+ capture site
	attrErrorFingerprint   = "error.fingerprint"

	exceptionEventName      = "exception"
	attrExceptionType       = "exception.type"
	attrExceptionMessage    = "exception.message"
	attrExceptionStacktrace = "exception.stacktrace"
	attrExceptionEscaped    = "exception.escaped"
)

// fixedInputAttributes are read whatever input_attributes says: the aliases real tracers write and the
// OpenTelemetry exception attributes.
var fixedInputAttributes = []string{attrErrorMsg, attrErrorHandlingStack, attrExceptionType,
	attrExceptionMessage, attrExceptionStacktrace, attrExceptionEscaped}

// inputNames are the attribute names the processor reads, with a filter on key length and first byte that
// lets the attributes of spans without errors (nearly all spans) be skipped with two comparisons each.
type inputNames struct {
	fingerprint, typ, message, stack string
	minLen                           int
	first                            [256]bool
}

func newInputNames(cfg InputAttributes) *inputNames {
	n := &inputNames{fingerprint: cfg.Fingerprint, typ: cfg.Type, message: cfg.Message, stack: cfg.Stack, minLen: 1 << 30}
	for _, name := range cfg.names() {
		if name == attrExceptionEscaped {
			continue // read from events only, never a sign of an error
		}
		n.minLen = min(n.minLen, len(name))
		n.first[name[0]] = true
	}
	return n
}

func (n *inputNames) candidate(k string) bool { return len(k) >= n.minLen && n.first[k[0]] }

// errorInput is the error as read from one span, event or log record. The strings alias attribute values.
type errorInput struct {
	typ, message, stack string
	fingerprint         pcommon.Value
	hasFingerprint      bool
}

// readAttributes reads the error attributes of attrs in one pass and reports whether any was present. It
// allocates nothing when none is. Where both families are present, the OpenTelemetry exception.* attributes
// (what the runtime recorded) win over the error.* ones (what a tracer copied or summarised), and among
// error.* the newer name wins over its alias.
func (in *errorInput) readAttributes(attrs pcommon.Map, n *inputNames) bool {
	if !anyErrorKey(attrs, n) {
		return false
	}
	found := false
	var errType, errMsg, errMsgAlias, errStack, handlingStack string
	for k, v := range attrs.All() {
		if !n.candidate(k) {
			continue
		}
		switch k {
		case n.typ:
			errType, found = text(v), true
		case n.message:
			errMsg, found = text(v), true
		case attrErrorMsg:
			errMsgAlias, found = text(v), true
		case n.stack:
			errStack, found = text(v), true
		case attrErrorHandlingStack:
			handlingStack, found = text(v), true
		case n.fingerprint:
			in.fingerprint, in.hasFingerprint, found = v, true, true
		case attrExceptionType:
			in.typ, found = text(v), true
		case attrExceptionMessage:
			in.message, found = text(v), true
		case attrExceptionStacktrace:
			in.stack, found = text(v), true
		}
	}
	in.typ = firstNonEmpty(in.typ, errType)
	in.message = firstNonEmpty(in.message, errMsg, errMsgAlias)
	in.stack = firstNonEmpty(in.stack, errStack, handlingStack)
	return found
}

// anyErrorKey is readAttributes' key filter alone. A loop this small keeps its state in registers, so the
// attributes of spans without errors, nearly all spans, are skipped at 60% of the cost of the full read.
func anyErrorKey(attrs pcommon.Map, n *inputNames) bool {
	for k := range attrs.All() {
		if n.candidate(k) {
			return true
		}
	}
	return false
}

// readSpan reports whether span is an error span and reads what it says about the error. It returns the
// index of the exception event that defines the span's issue, or -1.
func (in *errorInput) readSpan(span ptrace.Span, n *inputNames) (found bool, event int) {
	// The path nearly every span takes: no event, no error attribute.
	if span.Events().Len() == 0 && !anyErrorKey(span.Attributes(), n) {
		return false, -1
	}
	found = in.readAttributes(span.Attributes(), n)
	event = definingExceptionEvent(span.Events())
	// OpenTelemetry instrumentations record the exception as an event and may also set a coarse error.type
	// such as "500": the event then says more, so it is read whenever the attributes carry no message or stack.
	if event >= 0 && in.message == "" && in.stack == "" {
		var ev errorInput
		ev.readAttributes(span.Events().At(event).Attributes(), n)
		in.typ = firstNonEmpty(ev.typ, in.typ)
		in.message, in.stack = ev.message, ev.stack
		if !in.hasFingerprint {
			in.fingerprint, in.hasFingerprint = ev.fingerprint, ev.hasFingerprint
		}
	}
	found = found || event >= 0
	if found && in.message == "" && span.Status().Code() == ptrace.StatusCodeError {
		in.message = span.Status().Message()
	}
	return found, event
}

// definingExceptionEvent picks the exception event that ended the operation: the last one marked escaped,
// else the last one (an exception recorded, handled, then another one thrown).
func definingExceptionEvent(events ptrace.SpanEventSlice) int {
	last := -1
	for i := events.Len() - 1; i >= 0; i-- {
		ev := events.At(i)
		if ev.Name() != exceptionEventName {
			continue
		}
		if v, ok := ev.Attributes().Get(attrExceptionEscaped); ok && isTrue(v) {
			return i
		}
		if last < 0 {
			last = i
		}
	}
	return last
}

func isTrue(v pcommon.Value) bool {
	switch v.Type() {
	case pcommon.ValueTypeBool:
		return v.Bool()
	case pcommon.ValueTypeStr:
		return strings.EqualFold(v.Str(), "true")
	}
	return false
}

// fingerprintParts fills the custom fingerprint of e. A string is one part, byte for byte; an array gives
// one part per element (Sentry SDK semantics). An empty string or array counts as no fingerprint: it
// would otherwise merge every error of the service into one issue.
func (in *errorInput) fingerprintParts(e *grouping.Error) {
	if !in.hasFingerprint {
		return
	}
	v := in.fingerprint
	switch v.Type() {
	case pcommon.ValueTypeStr:
		if s := v.Str(); s != "" {
			e.Fingerprint = []string{s}
		}
	case pcommon.ValueTypeSlice:
		sl := v.Slice()
		parts := make([]string, 0, sl.Len())
		for i := 0; i < sl.Len(); i++ {
			parts = append(parts, text(sl.At(i)))
		}
		if len(parts) > 0 {
			e.Fingerprint, e.FingerprintIsArray = parts, true
		}
	default:
		if s := v.AsString(); s != "" {
			e.Fingerprint = []string{s}
		}
	}
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

// text reads an attribute as text whatever its type: strings as they are, arrays (a stack sent as a list of
// lines) joined by newlines, maps and bytes in their JSON and base64 forms, numbers and booleans as usual.
func text(v pcommon.Value) string {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return v.Str()
	case pcommon.ValueTypeSlice:
		sl := v.Slice()
		lines := make([]string, sl.Len())
		for i := range lines {
			lines[i] = text(sl.At(i))
		}
		return strings.Join(lines, "\n")
	case pcommon.ValueTypeEmpty:
		return ""
	default:
		return v.AsString()
	}
}
