package frames

import "github.com/errorgrouping/errorgrouping/internal/stack"

// Select appends to dst the frames of e that contribute to grouping, crash site first: each frame is
// normalised, ignored frames are dropped, recursion collapses (a frame equal to one of the last three kept
// is dropped, so direct and short mutual recursion count once whatever their depth), only in-app
// frames are kept when inAppOnly is set, and at most max frames are taken (0 means no limit), counted from
// the crash site because producers cut stacks at different depths on the far end.
func Select(dst []Frame, e *stack.Exception, normalize NormalizeFunc, inAppOnly bool, max int) []Frame {
	start := len(dst)
	for i := range e.Frames {
		var f Frame
		normalize(&e.Frames[i], &f)
		if f.Ignored || (inAppOnly && !f.InApp) || (f.Module == "" && f.Function == "") {
			continue
		}
		if repeatsRecent(dst[start:], &f) {
			continue
		}
		dst = append(dst, f)
		if max > 0 && len(dst)-start == max {
			break
		}
	}
	return dst
}

// AnyInApp reports whether any frame of the trace is in-app and not ignored.
func AnyInApp(t *stack.Trace, normalize NormalizeFunc) bool {
	for i := range t.Exceptions {
		for j := range t.Exceptions[i].Frames {
			var f Frame
			normalize(&t.Exceptions[i].Frames[j], &f)
			if f.InApp && !f.Ignored {
				return true
			}
		}
	}
	return false
}

// recursionWindow is the longest recursion cycle that collapses.
const recursionWindow = 3

func repeatsRecent(kept []Frame, f *Frame) bool {
	for i := len(kept) - 1; i >= 0 && i >= len(kept)-recursionWindow; i-- {
		if kept[i].Module == f.Module && kept[i].Function == f.Function {
			return true
		}
	}
	return false
}
