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
)

// inputAttributes may never be chosen as output names: the processor must not overwrite what it reads.
var inputAttributes = []string{attrErrorType, attrErrorMessage, attrErrorMsg, attrErrorStack,
	attrErrorHandlingStack, attrErrorFingerprint, attrExceptionType, attrExceptionMessage, attrExceptionStacktrace}

// errorInput is the error as read from one span. The strings alias the span's attribute values.
type errorInput struct {
	typ, message, stack string
	fingerprint         pcommon.Value
	hasFingerprint      bool
}

// readSpan reports whether span is an error span and reads what it says about the error. It allocates
// nothing for spans without errors.
func (in *errorInput) readSpan(span ptrace.Span) bool {
	found := in.readAttributes(span.Attributes())
	// OpenTelemetry instrumentations record the exception as an event and may also set a coarse error.type
	// such as "500": the event then says more, so it is read whenever the attributes carry no message or stack.
	if in.message == "" && in.stack == "" {
		found = in.readExceptionEvent(span.Events()) || found
	}
	return found
}

func (in *errorInput) readAttributes(attrs pcommon.Map) bool {
	found := false
	var msg, handlingStack string
	for k, v := range attrs.All() {
		if len(k) < len("error.msg") || k[:len("error.")] != "error." {
			continue
		}
		switch k {
		case attrErrorType:
			in.typ, found = text(v), true
		case attrErrorMessage:
			in.message, found = text(v), true
		case attrErrorMsg:
			msg, found = text(v), true
		case attrErrorStack:
			in.stack, found = text(v), true
		case attrErrorHandlingStack:
			handlingStack, found = text(v), true
		case attrErrorFingerprint:
			in.fingerprint, found = v, true
			in.hasFingerprint = true
		}
	}
	if in.message == "" {
		in.message = msg
	}
	if in.stack == "" {
		in.stack = handlingStack
	}
	return found
}

// readExceptionEvent reads the last OpenTelemetry exception event: when an exception is recorded more than
// once on a span (retries, rethrows), the last one is the one that ended the operation.
func (in *errorInput) readExceptionEvent(events ptrace.SpanEventSlice) bool {
	for i := events.Len() - 1; i >= 0; i-- {
		ev := events.At(i)
		if ev.Name() != exceptionEventName {
			continue
		}
		attrs := ev.Attributes()
		if typ := stringOf(attrs, attrExceptionType); typ != "" {
			in.typ = typ
		}
		in.message = stringOf(attrs, attrExceptionMessage)
		in.stack = stringOf(attrs, attrExceptionStacktrace)
		return true
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

func stringOf(attrs pcommon.Map, key string) string {
	if v, ok := attrs.Get(key); ok {
		return text(v)
	}
	return ""
}

// text reads an attribute as text whatever its type: strings as they are, arrays (a stack sent as a list of
// lines) joined by newlines, and numbers or booleans in their usual form.
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
