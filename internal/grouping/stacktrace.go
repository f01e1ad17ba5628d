package grouping

import (
	"bytes"
	"slices"
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/message"
	"github.com/errorgrouping/errorgrouping/internal/rules"
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stackparse"
)

// Part tags of the stack-trace strategy: an exception type starts each exception's run of parts, frames
// follow as module and function, so that no two different chains encode alike.
const (
	tagType     = 't'
	tagModule   = 'm'
	tagFunction = 'f'
)

// DefaultMaxFrames is how many contributing frames each exception of a chain gives, counted from the
// crash site. Producers cut stacks at different depths on the far end (V8 keeps 10 frames, dd-trace-java
// keeps 8 head frames of a trimmed trace), and the frames nearest the throw are the ones that tell bugs
// apart: on the labelled corpus, 4 frames merge two bugs, and 6 to 100 score the same.
const DefaultMaxFrames = 8

// chain is the parse of one error's stack, with its exceptions sorted into what contributes.
type chain struct {
	trace     stack.Trace
	normalize frames.NormalizeFunc
	// norm holds the normalised frames of every exception back to back; exception i's are
	// norm[start[i]:start[i+1]].
	norm      []frames.Frame
	start     []int
	decisions []frames.Decision
	// links are the exceptions that contribute, in chain order; members of exception groups are kept apart
	// because their order and number vary between occurrences.
	links, members []int
	inAppOnly      bool
	// linkMsg and typeBuf are scratch space for the type part of untyped Go panics.
	linkMsg, typeBuf []byte
}

// reset forgets the previous error's stack, for errors that have none.
func (c *chain) reset() {
	c.trace.Reset()
	c.norm, c.start, c.links, c.members, c.inAppOnly = c.norm[:0], c.start[:0], c.links[:0], c.members[:0], false
	c.normalize = frames.Generic
}

// framesOf returns the normalised frames of exception i.
func (c *chain) framesOf(i int) []frames.Frame { return c.norm[c.start[i]:c.start[i+1]] }

func normalizerFor(lang stack.Language) frames.NormalizeFunc {
	if int(lang) < len(normalizers) && normalizers[lang] != nil {
		return normalizers[lang]
	}
	return frames.Generic
}

// parse reads err's stack and decides which exceptions contribute: suppressed exceptions and their causes
// never do, and a cause that repeats its parent's type and message (Kotlin's recovered copies, re-raised
// errors) counts once.
func (c *chain) parse(err *Error, maxBytes int, set *rules.Set) {
	stackparse.Parse(err.Stack, err.Language, stack.Options{MaxBytes: maxBytes}, &c.trace)
	c.normalize = normalizerFor(c.trace.Language)
	c.norm, c.start, c.inAppOnly = c.norm[:0], c.start[:0], false
	for i := range c.trace.Exceptions {
		c.start = append(c.start, len(c.norm))
		ex := &c.trace.Exceptions[i]
		c.norm = frames.NormalizeAll(c.norm, ex, c.normalize)
		// User rules correct the built-in ones: in-app first, then stack rules, before anything is decided.
		set.ApplyFrames(c.trace.Language, ex.Frames, c.norm[c.start[i]:])
	}
	c.start = append(c.start, len(c.norm))
	for k := range c.norm {
		c.inAppOnly = c.inAppOnly || (c.norm[k].InApp && !c.norm[k].Ignored)
	}
	excluded := make([]bool, len(c.trace.Exceptions))
	for i := range c.trace.Exceptions {
		e := &c.trace.Exceptions[i]
		if i > 0 && (e.Relation == stack.Suppressed || excluded[e.Parent]) {
			excluded[i] = true
			continue
		}
		if i > 0 && e.Relation == stack.Cause {
			p := &c.trace.Exceptions[e.Parent]
			if p.Type == e.Type && p.Message == e.Message {
				continue
			}
		}
		if e.Relation == stack.Member {
			c.members = append(c.members, i)
		} else {
			c.links = append(c.links, i)
		}
	}
}

// stacktrace appends the stack-trace fingerprint of err and reports whether any frame contributed.
// The tracer's own type (error.type, exception.type) is what every occurrence carries whatever the text
// prints: it names the exception whose header the text left out (dd-trace-go prints none, dd-trace-php
// omits the primary exception's), else the reported exception.
func (e *Engine) stacktrace(s *scratch, tracerType string) bool {
	c := &s.chain
	mark, rmark := len(s.parts.refs), len(s.readable)
	s.parts.add(tagDerived, "stacktrace")
	contributed, minified := false, true
	typed := c.tracerTypeLink(tracerType)
	for n, i := range c.links {
		typ := cleanType(c.trace.Exceptions[i].Type)
		if i == typed {
			typ = cleanType(tracerType)
		}
		if n > 0 {
			s.readableSep()
		}
		s.readableStr(typ)
		if c.untypedPanic(typ) {
			// A Go panic prints no type: what it panicked with is the only thing that tells an index out of
			// range from a nil dereference in the same function, so its normalised first line stands in.
			c.linkMsg = message.Normalize(c.linkMsg[:0], c.trace.Exceptions[i].Message)
			line := firstLine(c.linkMsg)
			c.typeBuf = append(append(append(c.typeBuf[:0], typ...), ": "...), line...)
			s.readableStr(": ")
			s.readableBytes(line)
			s.parts.addBytes(tagType, c.typeBuf)
		} else {
			s.parts.add(tagType, typ)
		}
		got, allMinified := e.appendFrames(s, i)
		contributed = contributed || got
		minified = minified && allMinified
	}
	if len(c.members) > 0 {
		got, allMinified := e.appendMembers(s)
		contributed = contributed || got
		minified = minified && allMinified
	}
	if !contributed {
		s.parts.truncate(mark)
		s.readable = s.readable[:rmark]
		return false
	}
	// Mangled names carry nothing, so minified code without source maps groups by type, message and the
	// stable file stems.
	if minified && len(s.msg) > 0 {
		s.readableSep()
		s.readableBytes(s.msg)
		s.parts.addBytes(tagDerived, s.msg)
	}
	return true
}

// untypedPanic reports a Go panic or fatal error whose type is only the keyword the runtime prints.
func (c *chain) untypedPanic(typ string) bool {
	return c.trace.Language == stack.Go && (typ == "panic" || typ == "fatal error")
}

// tracerTypeLink returns the index of the exception the tracer's type names, or -1 without one.
func (c *chain) tracerTypeLink(tracerType string) int {
	if tracerType == "" {
		return -1
	}
	for _, i := range c.links {
		if c.trace.Exceptions[i].Type == "" {
			return i
		}
	}
	return 0
}

// cleanType drops what follows a NUL byte: PHP names anonymous classes "class@anonymous", a NUL, then
// the file and line of the declaration, which move with every deploy.
func cleanType(t string) string {
	if i := strings.IndexByte(t, 0); i >= 0 {
		return t[:i]
	}
	return t
}

// appendFrames adds the contributing frames of exception i and reports whether there were any and whether
// all of them were minified.
func (e *Engine) appendFrames(s *scratch, i int) (contributed, allMinified bool) {
	c := &s.chain
	norm := c.framesOf(i)
	c.decisions = frames.Decide(c.decisions[:0], norm, c.inAppOnly, e.maxFrames)
	allMinified, kept := true, 0
	for k, d := range c.decisions {
		if d != frames.Contributes {
			continue
		}
		f := &norm[k]
		s.parts.add(tagModule, f.Module)
		s.parts.add(tagFunction, f.Function)
		if kept == 0 {
			s.readableStr(" at ")
		} else {
			s.readableStr(" < ")
		}
		s.readableFrame(f)
		allMinified = allMinified && f.Minified
		kept++
	}
	return kept > 0, allMinified
}

// appendMembers adds the distinct members of exception groups in a fixed order, so that a group gives the
// same fingerprint whichever of its tasks failed first and however often the same failure repeats.
func (e *Engine) appendMembers(s *scratch) (contributed, allMinified bool) {
	c := &s.chain
	type member struct{ parts, readable []byte }
	var distinct []member
	allMinified = true
	for _, i := range c.members {
		mark, rmark := len(s.parts.refs), len(s.readable)
		typ := cleanType(c.trace.Exceptions[i].Type)
		s.parts.add(tagType, typ)
		s.readableStr(" + ")
		s.readableStr(typ)
		got, min := e.appendFrames(s, i)
		contributed = contributed || got
		allMinified = allMinified && min
		m := member{parts: s.parts.encode(mark), readable: bytes.Clone(s.readable[rmark:])}
		s.parts.truncate(mark)
		s.readable = s.readable[:rmark]
		if !slices.ContainsFunc(distinct, func(d member) bool { return bytes.Equal(d.parts, m.parts) }) {
			distinct = append(distinct, m)
		}
	}
	slices.SortFunc(distinct, func(a, b member) int { return bytes.Compare(a.parts, b.parts) })
	for _, m := range distinct {
		s.parts.addBytes(tagDerived, m.parts)
		s.readable = append(s.readable, m.readable...)
	}
	return contributed, allMinified
}

// culprit names the crash-side in-app frame of the first exception that has one (the reported exception
// first), or the crash-side contributing frame when no frame is in-app.
func (s *scratch) culprit() string {
	c := &s.chain
	for pass := 0; pass < 2; pass++ {
		for i := range c.trace.Exceptions {
			for _, f := range c.framesOf(i) {
				if f.Ignored || (f.Module == "" && f.Function == "") || (pass == 0 && !f.InApp) {
					continue
				}
				switch {
				case f.Function == "":
					return f.Module
				case f.Module == "":
					return f.Function
				}
				return f.Module + " in " + f.Function
			}
		}
	}
	return ""
}

// readable* build the human-readable fingerprint next to the hashed parts.
func (s *scratch) readableSep()           { s.readable = append(s.readable, " | "...) }
func (s *scratch) readableStr(v string)   { s.readable = append(s.readable, v...) }
func (s *scratch) readableBytes(v []byte) { s.readable = append(s.readable, v...) }
func (s *scratch) readableFrame(f *frames.Frame) {
	s.readable = append(s.readable, f.Module...)
	if f.Module != "" && f.Function != "" {
		s.readable = append(s.readable, '.')
	}
	s.readable = append(s.readable, f.Function...)
}
