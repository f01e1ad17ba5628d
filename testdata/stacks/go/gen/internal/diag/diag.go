// Package diag captures stacks the way tracers do, so the fixtures hold what they send.
package diag

import (
	"runtime"
	"strconv"
	"strings"
)

// ErrorStack formats the caller's stack as dd-trace-go writes error.stack: "func\n\tfile:line"
// pairs joined by "\n", at most 32 frames, skipping skip frames above the caller.
func ErrorStack(skip int) string {
	pcs := make([]uintptr, 32)
	n := runtime.Callers(2+skip, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	var b strings.Builder
	for i := 0; ; i++ {
		f, more := frames.Next()
		if i != 0 {
			b.WriteByte('\n')
		}
		b.WriteString(f.Function)
		b.WriteString("\n\t")
		b.WriteString(f.File)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(f.Line))
		if !more {
			break
		}
	}
	return b.String()
}

// OTelStack is what the OpenTelemetry Go SDK records as exception.stacktrace with
// trace.WithStackTrace(true): the current goroutine's dump cut at 2,048 bytes.
func OTelStack() string {
	buf := make([]byte, 2048)
	n := runtime.Stack(buf, false)
	return string(buf[:n])
}

// Span collects what a tracer would attach to the active span.
type Span struct {
	Stacks []string
}

// RecordError captures the stack of its caller, as tracers do when an error is set on a span.
func (s *Span) RecordError(err error, otel bool) {
	if otel {
		s.Stacks = append(s.Stacks, OTelStack())
		return
	}
	s.Stacks = append(s.Stacks, ErrorStack(1))
}
