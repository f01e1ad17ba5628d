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

// inputAttributes may never be chosen as output names: the processor must not overwrite what it reads.
var inputAttributes = []string{attrErrorType, attrErrorMessage, attrErrorMsg, attrErrorStack,
	attrErrorHandlingStack, attrErrorFingerprint, attrExceptionType, attrExceptionMessage,
	attrExceptionStacktrace, attrExceptionEscaped}

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
func (in *errorInput) readAttributes(attrs pcommon.Map) bool {
	found := false
	var errType, errMsg, errMsgAlias, errStack, handlingStack string
	for k, v := range attrs.All() {
		// Every name read here is at least 9 bytes and starts with "e": one comparison skips most keys.
		if len(k) < len(attrErrorMsg) || k[0] != 'e' {
			continue
		}
		switch k {
		case attrErrorType:
			errType, found = text(v), true
		case attrErrorMessage:
			errMsg, found = text(v), true
		case attrErrorMsg:
			errMsgAlias, found = text(v), true
		case attrErrorStack:
			errStack, found = text(v), true
		case attrErrorHandlingStack:
			handlingStack, found = text(v), true
		case attrErrorFingerprint:
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

// readSpan reports whether span is an error span and reads what it says about the error. It returns the
// index of the exception event that defines the span's issue, or -1.
func (in *errorInput) readSpan(span ptrace.Span) (found bool, event int) {
	found = in.readAttributes(span.Attributes())
	event = definingExceptionEvent(span.Events())
	// OpenTelemetry instrumentations record the exception as an event and may also set a coarse error.type
	// such as "500": the event then says more, so it is read whenever the attributes carry no message or stack.
	if event >= 0 && in.message == "" && in.stack == "" {
		var ev errorInput
		ev.readAttributes(span.Events().At(event).Attributes())
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
