// Package diag captures stacks the way dd-trace-go does, so the scenarios print what it sends.
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

// Span collects what dd-trace-go would attach to the active span.
type Span struct {
	Stacks []string
	Errors []error
}

// RecordError captures the stack of its caller, as dd-trace-go does when an error finishes a span; its own
// frames are skipped as the tracer skips its own.
func (s *Span) RecordError(err error) {
	s.Stacks = append(s.Stacks, ErrorStack(1))
	s.Errors = append(s.Errors, err)
}
