package frames

import "github.com/errorgrouping/errorgrouping/internal/stack"

// Decision says whether a normalised frame contributes to grouping, or why not.
type Decision uint8

const (
	Contributes Decision = iota
	// IgnoredFrame: noise (Frame.Reason says which).
	IgnoredFrame
	// NotInApp: third-party or runtime code in a stack that has application frames.
	NotInApp
	// Anonymous: nothing stable is left of the frame.
	Anonymous
	// Recursion: the frame repeats one of the last ones kept.
	Recursion
	// BeyondLimit: the frame is further from the crash site than the frame limit reaches.
	BeyondLimit
)

var decisionNames = [...]string{"contributes", "ignored", "not in-app", "anonymous", "recursion", "beyond max_frames"}

func (d Decision) String() string { return decisionNames[d] }

// NormalizeAll appends the normalised frames of e to dst, crash site first.
func NormalizeAll(dst []Frame, e *stack.Exception, normalize NormalizeFunc) []Frame {
	for i := range e.Frames {
		// Normalising in place keeps the frame off the heap: a local passed to a function value escapes.
		dst = append(dst, Frame{})
		normalize(&e.Frames[i], &dst[len(dst)-1])
	}
	return dst
}

// recursionWindow is the longest recursion cycle that collapses.
const recursionWindow = 3

// Decide appends to dst the decision for each frame of norm (one exception's frames, crash site first):
// ignored frames are dropped, recursion collapses (a frame equal to one of the last three kept is dropped,
// so direct and short mutual recursion count once whatever their depth), only in-app frames are kept when
// inAppOnly is set, and at most max frames are kept (0 means no limit), counted from the crash site because
// producers cut stacks at different depths on the far end.
func Decide(dst []Decision, norm []Frame, inAppOnly bool, max int) []Decision {
	var recent [recursionWindow]int // indexes into norm of the last kept frames
	kept := 0
	for i := range norm {
		f := &norm[i]
		d := Contributes
		switch {
		case f.Ignored:
			d = IgnoredFrame
		case inAppOnly && !f.InApp:
			d = NotInApp
		case f.Module == "" && f.Function == "":
			d = Anonymous
		case max > 0 && kept >= max:
			d = BeyondLimit
		default:
			for k := 0; k < kept && k < recursionWindow; k++ {
				if r := &norm[recent[(kept-1-k)%recursionWindow]]; r.Module == f.Module && r.Function == f.Function {
					d = Recursion
					break
				}
			}
		}
		if d == Contributes {
			recent[kept%recursionWindow] = i
			kept++
		}
		dst = append(dst, d)
	}
	return dst
}

// Select appends to dst the frames of e that contribute to grouping, crash site first, as Decide decides.
func Select(dst []Frame, e *stack.Exception, normalize NormalizeFunc, inAppOnly bool, max int) []Frame {
	norm := NormalizeAll(nil, e, normalize)
	for i, d := range Decide(nil, norm, inAppOnly, max) {
		if d == Contributes {
			dst = append(dst, norm[i])
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
