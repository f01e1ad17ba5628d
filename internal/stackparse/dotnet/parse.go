// Package dotnet parses the text of .NET Exception.ToString(): the header chain with " ---> " inner
// exceptions, AggregateException members, async boundaries, and frame lines in any host culture.
package dotnet

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

const (
	innerEndMarker = "--- End of inner exception stack trace ---"
	// .NET Core 3.0+ ends at "location ---"; .NET Framework adds " where exception was thrown".
	asyncMarker = "--- End of stack trace from previous location"
	// AggregateException.ToString appends "<---" right after each extra member's own ToString.
	memberEnd = "<---"
	// dd-trace-dotnet and the Datadog agent cut tag values to 25,000 bytes and append "...".
	ddTruncateLen = 25000
	// Deeper AggregateException nesting is parsed, but its "<---" ends are no longer tracked.
	maxOpenMembers = 16
)

// Parse parses text into t, which the caller has Reset. It sets t.Language. Text that matches no
// grammar leaves t without frames (an exception with only a type/message is fine when the text is a
// bare header line).
func Parse(text string, opts stack.Options, t *stack.Trace) {
	t.Language = stack.DotNet
	text, cut := opts.Head(text)
	if !cut {
		text, cut = cutEllipsis(text)
	}
	t.Truncated = cut
	p := parser{
		t:    t,
		text: text,
		cur:  -1,
		// One exception per line, plus the root: also bounds inline " ---> " splitting.
		maxExceptions: strings.Count(text, "\n") + 2,
		frameIndent:   -1,
	}
	for pos := 0; pos < len(text); {
		line, next := stack.NextLine(text, pos)
		p.line(pos, line)
		pos = next
	}
	p.flushHeader()
}

type parser struct {
	t             *stack.Trace
	text          string
	cur           int // index of the exception that receives frames, -1 before the first
	maxExceptions int

	// The header being collected: text[hdrStart:hdrEnd], with the relation it will get.
	hdr              bool
	hdrStart, hdrEnd int
	hdrRel           stack.Relation
	hdrParent        int
	hdrArrow         bool // holds an inline " ---> " (.NET Framework puts inner headers on one line)

	async       bool // the next frame resumes after an async boundary
	frameIndent int  // indentation of the last frame line, -1 before the first

	members  [maxOpenMembers]int // open "(Inner Exception #N)" blocks, closed by "<---"
	nMembers int
}

// line handles one line starting at offset start of p.text.
func (p *parser) line(start int, line string) {
	body, closesMember := cutMemberEnd(line)
	p.classify(start, body)
	if closesMember && p.nMembers > 0 {
		p.flushHeader()
		p.async = false
		p.nMembers--
		if m := p.members[p.nMembers]; m < len(p.t.Exceptions) && p.t.Exceptions[m].Parent >= 0 {
			p.cur = p.t.Exceptions[m].Parent
		}
	}
}

func (p *parser) classify(start int, body string) {
	lead := stack.Indent(body)
	rest := trimRight(body[lead:])
	if rest == "" {
		return // blank lines inside a header are kept by the header's span
	}
	if strings.HasPrefix(rest, "--->") {
		p.startInner(start+lead+4, rest[4:])
		return
	}
	if strings.HasPrefix(rest, "--- ") && strings.HasSuffix(rest, " ---") {
		switch p.markerKind(lead, rest) {
		case markerInnerEnd:
			p.endInner()
			return
		case markerAsync:
			p.flushHeader()
			p.async = true
			return
		}
	}
	var f stack.Frame
	if _, ok := parseFrame(body, p.frameIndent, &f); ok {
		p.addFrame(lead, &f)
		return
	}
	switch {
	case p.hdr:
		p.hdrEnd = start + lead + len(rest)
		p.hdrArrow = p.hdrArrow || strings.Contains(rest, " ---> ")
	case len(p.t.Exceptions) == 0:
		p.startHeader(start+lead, start+lead+len(rest), stack.Root, -1)
	}
	// Anything else between frames (SqlException's "ClientConnectionId:..." trailer) is not part of the chain.
}

type markerKind uint8

const (
	notMarker markerKind = iota
	markerInnerEnd
	markerAsync
)

// markerKind recognises the two "--- ... ---" lines in English and, by their indentation, in other
// cultures: the end of an inner exception is indented like the frames, an async boundary is not.
func (p *parser) markerKind(lead int, rest string) markerKind {
	switch {
	case rest == innerEndMarker:
		return markerInnerEnd
	case strings.HasPrefix(rest, asyncMarker):
		return markerAsync
	case lead == 0 || lead < p.frameIndent:
		// Localised boundaries only ever follow a frame: elsewhere the line is message text.
		if !p.hdr && p.cur >= 0 && len(p.t.Exceptions[p.cur].Frames) > 0 {
			return markerAsync
		}
	case p.nested():
		return markerInnerEnd
	}
	return notMarker
}

// nested reports whether the current or pending exception is an inner one, so that an end of inner
// exception can be meant.
func (p *parser) nested() bool {
	if p.hdr {
		return p.hdrParent >= 0 || p.hdrArrow
	}
	return p.cur >= 0 && p.t.Exceptions[p.cur].Parent >= 0
}

// startInner begins the header that follows "--->" at offset off; s is the rest of the line.
func (p *parser) startInner(off int, s string) {
	p.flushHeader()
	p.async = false
	trimmed := stack.TrimLeft(s)
	off += len(s) - len(trimmed)
	s = trimmed
	parent, rel := p.cur, stack.Cause
	if n := memberPrefix(s); n > 0 {
		s, off = s[n:], off+n
		rel = stack.Member
		if parent >= 0 {
			// .NET Core prints member #0 as the plain inner exception before the numbered ones.
			if first := parent + 1; first < len(p.t.Exceptions) && p.t.Exceptions[first].Parent == parent &&
				p.t.Exceptions[first].Relation == stack.Cause {
				p.t.Exceptions[first].Relation = stack.Member
			}
		}
		if p.nMembers < maxOpenMembers {
			p.members[p.nMembers] = len(p.t.Exceptions)
			p.nMembers++
		}
	} else if parent >= 0 {
		rel = innerRelation(&p.t.Exceptions[parent])
	}
	if parent < 0 {
		rel = stack.Root
	}
	p.startHeader(off, off+len(s), rel, parent)
}

func (p *parser) startHeader(from, to int, rel stack.Relation, parent int) {
	p.hdr = true
	p.hdrStart, p.hdrEnd = from, to
	p.hdrRel, p.hdrParent = rel, parent
	p.hdrArrow = strings.Contains(p.text[from:to], " ---> ")
}

// flushHeader turns the collected header into exceptions, one per inline " ---> " piece.
func (p *parser) flushHeader() {
	if !p.hdr {
		return
	}
	p.hdr = false
	s := p.text[p.hdrStart:p.hdrEnd]
	rel, parent := p.hdrRel, p.hdrParent
	for len(p.t.Exceptions) < p.maxExceptions {
		piece, rest, more := s, "", false
		if p.hdrArrow {
			piece, rest, more = cutInlineInner(s)
		}
		i := len(p.t.Exceptions)
		e := p.t.AddException(rel, parent)
		e.Type, e.Code, e.Message = splitHeader(piece)
		p.cur = i
		if !more {
			return
		}
		s, parent, rel = rest, i, innerRelation(e)
	}
}

// cutInlineInner splits s at the first " ---> " followed by an exception type, the .NET Framework way of
// printing an inner exception; an arrow inside message text stays message.
func cutInlineInner(s string) (before, after string, found bool) {
	const arrow = " ---> "
	for from := 0; ; {
		i := strings.Index(s[from:], arrow)
		if i < 0 {
			return s, "", false
		}
		i += from
		if rest := s[i+len(arrow):]; typeLen(rest) > 0 {
			return s[:i], rest, true
		}
		from = i + len(arrow)
	}
}

// innerRelation is the relation of parent's " ---> " inner exception: an AggregateException's
// InnerException is its first member.
func innerRelation(parent *stack.Exception) stack.Relation {
	if strings.HasSuffix(parent.Type, "AggregateException") {
		return stack.Member
	}
	return stack.Cause
}

// endInner handles "--- End of inner exception stack trace ---": the frames that follow are the
// parent's. ExternalException and its subclasses (SqlException, Win32Exception, SocketException: the
// ones printed with "(code)") print no such marker for their own inner, so it closes theirs too.
func (p *parser) endInner() {
	p.flushHeader()
	p.async = false
	for i := p.cur; i >= 0; {
		parent := p.t.Exceptions[i].Parent
		if parent < 0 {
			p.cur = i
			return
		}
		if p.t.Exceptions[parent].Code == "" {
			p.cur = parent
			return
		}
		i = parent
	}
}

func (p *parser) addFrame(lead int, f *stack.Frame) {
	p.flushHeader()
	if len(p.t.Exceptions) == 0 {
		p.t.AddException(stack.Root, -1)
		p.cur = 0
	}
	// No end marker separates the inner of an ExternalException-style parent from the parent's own
	// frames. Such inners (Win32Exception under SqlException) are created, not thrown: the frames are
	// the parent's.
	for {
		parent := p.t.Exceptions[p.cur].Parent
		if parent < 0 || p.t.Exceptions[parent].Code == "" {
			break
		}
		p.cur = parent
	}
	if p.async {
		f.Flags |= stack.Async
		p.async = false
	}
	p.frameIndent = lead
	*p.t.Exceptions[p.cur].AddFrame() = *f
}

// splitHeader splits "Namespace.Type: message", "Namespace.Type (0x80131904): message" (ExternalException
// and subclasses print their HRESULT or native error code) and a bare "Namespace.Type". Text that does
// not start with a type name is all message.
func splitHeader(s string) (typ, code, msg string) {
	s = trimSpaceNL(s)
	// Console hosts print the unhandled exception behind a prefix (.NET Core, then .NET Framework).
	for _, prefix := range [...]string{"Unhandled exception. ", "Unhandled Exception: "} {
		if strings.HasPrefix(s, prefix) {
			s = s[len(prefix):]
			break
		}
	}
	n := typeLen(s)
	if n == 0 {
		return "", "", s
	}
	typ, rest := s[:n], s[n:]
	if strings.HasPrefix(rest, " (") {
		end := strings.IndexByte(rest, ')')
		if end < 0 || strings.ContainsAny(rest[:end], "\r\n") {
			return "", "", s
		}
		code, rest = rest[2:end], rest[end+1:]
	}
	switch {
	case rest == "":
	case rest[0] == ':':
		msg = trimSpaceNL(rest[1:])
	case rest[0] == '\r' || rest[0] == '\n':
		msg = trimSpaceNL(rest)
	default:
		return "", "", s
	}
	return typ, code, msg
}

// typeLen returns the length of the exception type name that starts a header, or 0: a type name
// followed by ": ", " (", a line end or nothing.
func typeLen(s string) int {
	if s == "" || stack.IsDigit(s[0]) || !stack.IsIdentByte(s[0]) {
		return 0
	}
	i := 1
	for i < len(s) && isTypeByte(s[i]) {
		i++
	}
	if rest := s[i:]; rest == "" || rest[0] == ':' || rest[0] == '\r' || rest[0] == '\n' || strings.HasPrefix(rest, " (") {
		return i
	}
	return 0
}

// isTypeByte reports bytes of a type name as Type.ToString prints it: "Ns.Outer+Inner", "List`1[System.Int32]".
func isTypeByte(c byte) bool {
	return stack.IsIdentByte(c) || c == '.' || c == '+' || c == '`' || c == '[' || c == ']' || c == ','
}

// memberPrefix returns the length of AggregateException's "(Inner Exception #N) " (in any culture: a
// parenthesis ending in "#digits") at the start of s, or 0.
func memberPrefix(s string) int {
	if !strings.HasPrefix(s, "(") {
		return 0
	}
	end := strings.IndexByte(s, ')')
	if end < 2 || end > 64 {
		return 0
	}
	hash := strings.LastIndexByte(s[:end], '#')
	if hash < 0 || !stack.IsDigits(s[hash+1:end]) {
		return 0
	}
	if end+1 < len(s) && s[end+1] == ' ' {
		return end + 2
	}
	return end + 1
}

// cutMemberEnd removes the "<---" that ends an AggregateException member block.
func cutMemberEnd(line string) (string, bool) {
	trimmed := trimRight(line)
	if strings.HasSuffix(trimmed, memberEnd) {
		return trimmed[:len(trimmed)-len(memberEnd)], true
	}
	return line, false
}

// cutEllipsis recognises the Datadog cut: the first 25,000 bytes and "...". The cut line is dropped
// when it falls among frames; a cut inside a long message only flags the trace.
func cutEllipsis(text string) (string, bool) {
	if !strings.HasSuffix(text, "...") {
		return text, false
	}
	if last := strings.LastIndexByte(text, '\n') + 1; last > 0 {
		prev, _ := stack.NextLine(text, strings.LastIndexByte(text[:last-1], '\n')+1)
		var f stack.Frame
		if _, ok := parseFrame(prev, -1, &f); ok || strings.HasPrefix(stack.TrimLeft(prev), "---") {
			return text[:last], true
		}
	}
	return text, len(text) >= ddTruncateLen
}

// trimRight trims trailing ASCII spaces, tabs and CRs.
func trimRight(s string) string {
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

// trimSpaceNL trims ASCII whitespace, newlines included, from both ends.
func trimSpaceNL(s string) string {
	for len(s) > 0 && isSpaceNL(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpaceNL(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isSpaceNL(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
