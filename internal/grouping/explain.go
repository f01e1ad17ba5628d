package grouping

import (
	"strconv"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// maxExplanation bounds the explanation attribute; a deep chain would otherwise produce kilobytes per span.
const maxExplanation = 4096

// explain says, for people reading a span, what decided its issue: the strategy, and for stack traces
// every frame with whether it contributed and why not.
func (e *Engine) explain(s *scratch, err *Error, kind Kind) string {
	b := append(s.explanation[:0], "grouping "...)
	b = append(b, kind.String()...)
	b = append(b, " (version "...)
	b = strconv.AppendInt(b, int64(e.version), 10)
	b = append(b, ")\n"...)
	switch kind {
	case Custom:
		if err.FingerprintIsArray {
			b = append(b, "error.fingerprint array: parts in order, {{ default }} replaced by the derived fingerprint\n"...)
		} else {
			b = append(b, "error.fingerprint string, used byte for byte\n"...)
		}
	case Rule:
		b = append(b, "a fingerprint rule of the configuration matched\n"...)
	case Exception:
		b = append(b, "type + normalised message: "...)
		b = append(b, e.whyNoFrames(s)...)
	case Message:
		b = append(b, "normalised message, no type: "...)
		b = append(b, e.whyNoFrames(s)...)
	case Fallback:
		b = append(b, "type + operation: no message and "...)
		b = append(b, e.whyNoFrames(s)...)
	}
	if s.hasStack && kind != Exception && kind != Message && kind != Fallback {
		b = s.explainFrames(b, e.maxFrames)
	}
	if len(b) > maxExplanation {
		b = append(b[:maxExplanation-4], "...\n"...)
	}
	s.explanation = b
	return string(b)
}

func (e *Engine) whyNoFrames(s *scratch) string {
	switch {
	case !s.hasStack:
		return "no stack trace\n"
	case s.chain.trace.FrameCount() == 0:
		return "the stack trace has no frame a parser reads\n"
	default:
		return "no frame of the stack trace counts\n"
	}
}

func (s *scratch) explainFrames(b []byte, maxFrames int) []byte {
	c := &s.chain
	b = append(b, "stack: "...)
	b = append(b, c.trace.Language.String()...)
	if c.inAppOnly {
		b = append(b, ", in-app frames only\n"...)
	} else {
		b = append(b, ", no in-app frame so all frames count\n"...)
	}
	for i := range c.trace.Exceptions {
		ex := &c.trace.Exceptions[i]
		b = append(b, "exception "...)
		b = strconv.AppendInt(b, int64(i), 10)
		b = append(b, " ("...)
		b = append(b, ex.Relation.String()...)
		b = append(b, ") "...)
		b = append(b, cleanType(ex.Type)...)
		if !c.contributes(i) {
			b = append(b, ": not used (suppressed, or a copy of its parent)\n"...)
			continue
		}
		b = append(b, '\n')
		norm := c.framesOf(i)
		c.decisions = frames.Decide(c.decisions[:0], norm, c.inAppOnly, maxFrames)
		for k, d := range c.decisions {
			f := &norm[k]
			if d == frames.Contributes {
				b = append(b, "  + "...)
			} else {
				b = append(b, "  - "...)
			}
			b = appendFrameName(b, f, &ex.Frames[k])
			if d != frames.Contributes {
				b = append(b, ": "...)
				b = append(b, d.String()...)
				if f.Reason != "" && (d == frames.IgnoredFrame || d == frames.NotInApp) {
					b = append(b, " ("...)
					b = append(b, f.Reason...)
					b = append(b, ')')
				}
			}
			b = append(b, '\n')
		}
	}
	return b
}

// contributes reports whether exception i is one of the links or members that make the fingerprint.
func (c *chain) contributes(i int) bool {
	for _, l := range c.links {
		if l == i {
			return true
		}
	}
	for _, m := range c.members {
		if m == i {
			return true
		}
	}
	return false
}

func appendFrameName(b []byte, f *frames.Frame, raw *stack.Frame) []byte {
	if f.Module == "" && f.Function == "" {
		return append(b, raw.Raw...)
	}
	b = append(b, f.Module...)
	if f.Module != "" && f.Function != "" {
		b = append(b, '.')
	}
	return append(b, f.Function...)
}
