// Package python parses CPython tracebacks as traceback.format_exception writes them (what dd-trace-py
// and the OpenTelemetry SDK send): chained tracebacks, exception-group trees, SyntaxError locations,
// and texts cut short by a byte cap.
package python

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

const (
	tracebackHeader = "Traceback (most recent call last):"
	groupHeader     = "Exception Group Traceback (most recent call last):"
	contextMarker   = "During handling of the above exception, another exception occurred:"
	causeMarker     = "The above exception was the direct cause of the following exception:"
)

// maxDepth bounds how deep exception groups are followed; CPython stops printing at 10 (max_group_depth).
const maxDepth = 16

// agentCap is the Datadog agent's tag value cap: a longer value is cut to at most this many bytes, on a
// UTF-8 boundary, and "..." is appended.
const agentCap = 25000

type parser struct {
	t *stack.Trace
	// remoteDepth counts the remote tracebacks being parsed inside one another.
	remoteDepth int
}

// Parse parses text into t, which the caller has Reset. Exceptions[0] is the last traceback of the text
// (the one raised last), followed by its causes and contexts towards the first; members of an exception
// group follow the group.
func Parse(text string, opts stack.Options, t *stack.Trace) {
	t.Language = stack.Python
	// The crash site is printed last, so a text over the cap is read from its end.
	body, cut := opts.Tail(text)
	if cut {
		t.Truncated = true
		body = body[firstStructuralLine(body):]
	}
	if len(text) >= agentCap && len(text) <= agentCap+3 && stack.HasSuffix(text, "...") {
		t.Truncated = true
		body = dropCutFrame(body)
	}
	p := parser{t: t}
	if !p.chain(body, 0, stack.Root, -1) {
		t.Truncated = true
	}
}

// chain parses the tracebacks that region prints at group depth d, joined by the "During handling" and
// "direct cause" markers. The last one gets rel and parent; each earlier one is the context or cause of
// the one after it. It reports whether the last one ended with its exception line (not when the text was
// cut inside it).
func (p *parser) chain(region string, d int, rel stack.Relation, parent int) (complete bool) {
	// Nothing before the first occurrence of words both markers share can be a marker: most regions
	// (group members, single tracebacks) need no backward scan at all. A rare first byte keeps the
	// search fast.
	floor := strings.Index(region, "ve exception")
	if floor < 0 {
		floor = len(region)
	}
	var quoted []span
	if d == 0 && floor < len(region) && strings.Contains(region, "RemoteTraceback") {
		quoted = remoteSpans(region)
	}
	end := len(region)
	for last := true; ; last = false {
		start, marker, markerRel := lastMarker(region[:end], d, floor)
		// A marker inside a worker's quoted traceback belongs to that traceback, not to this chain.
		for marker >= 0 {
			q := inSpan(quoted, marker)
			if q < 0 {
				break
			}
			start, marker, markerRel = lastMarker(region[:quoted[q].start], d, floor)
		}
		idx, ok := p.block(region[start:end], d, rel, parent)
		if last {
			// Nothing after a marker means the text was cut right after it.
			complete = ok && (idx >= 0 || marker < 0)
		}
		if idx >= 0 {
			rel, parent = markerRel, idx
		}
		if marker < 0 {
			return complete
		}
		end = marker
	}
}

// lastMarker finds the last chain marker line of region at depth d, scanning backwards down to the line
// holding offset floor. It returns where the traceback after it starts, where the marker line starts (-1
// when there is none, and start is 0) and the relation the marker gives the traceback before it.
func lastMarker(region string, d, floor int) (start, marker int, rel stack.Relation) {
	e := len(region)
	if e > 0 && region[e-1] == '\n' {
		e--
	}
	for e > floor {
		s := strings.LastIndexByte(region[:e], '\n') + 1
		if c, ok := content(region[s:e], d); ok {
			switch stack.TrimSpace(c) {
			case contextMarker:
				return min(e+1, len(region)), s, stack.Context
			case causeMarker:
				return min(e+1, len(region)), s, stack.Cause
			}
		}
		e = s - 1
	}
	return 0, -1, stack.Root
}

// block parses one traceback at depth d: an optional header, frames oldest first, then the exception line
// with the message and notes after it, then, for an exception group, the boxes of its members. It returns
// the exception's index (-1 when region holds none) and false when region has a header or frames but no
// exception line.
func (p *parser) block(region string, d int, rel stack.Relation, parent int) (int, bool) {
	t := p.t
	idx := -1
	add := func() int {
		if idx < 0 {
			t.AddException(rel, parent)
			idx = len(t.Exceptions) - 1
		}
		return idx
	}
	bd := d
	started, header, found := false, false, false
	msgStart, msgEnd := -1, -1
	pos := 0
	for pos < len(region) {
		lineStart := pos
		line, next := stack.NextLine(region, pos)
		pos = next
		if !started {
			if stack.TrimSpace(line) == "" {
				continue
			}
			started = true
			// A group outside any other is printed one level in, with its header in a "+" margin.
			if d == 0 {
				bd = gutterDepth(line)
			}
		}
		c, ok := content(line, bd)
		if !ok {
			if kind, md := boxLine(line); kind != notBox && md == bd+1 {
				p.finish(add(), region, msgStart, msgEnd)
				if md <= maxDepth {
					p.members(region[lineStart:], md, idx)
				}
				return idx, true
			}
			continue
		}
		if found {
			// Gutters would be part of a multi-line message's text, so a member keeps its first line.
			if bd == 0 && stack.TrimSpace(c) != "" {
				if msgStart < 0 {
					msgStart = lineStart + len(line) - len(stack.TrimLeft(c))
				}
				msgEnd = lineStart + rtrimLen(line)
			}
			continue
		}
		tc := stack.TrimSpace(c)
		switch {
		case tc == "":
			continue
		case tc == tracebackHeader || tc == groupHeader:
			header = true
			continue
		}
		if stack.Indent(c) > 0 {
			// A frame, or what follows one: its source line, the carets under it, a repeat count.
			var f stack.Frame
			if parseFrame(tc, &f) {
				*t.Exceptions[add()].AddFrame() = f
			} else if n, ok := repeated(tc); ok && idx >= 0 {
				t.Exceptions[idx].Omitted += n
			}
			continue
		}
		typ, at, ok := exceptionLine(tc)
		if !ok && idx < 0 {
			// Text before any frame that is no exception line: a log prefix or a depth-limit marker.
			continue
		}
		if !ok {
			typ, at = "", 0
		}
		t.Exceptions[add()].Type = typ
		found = true
		if at < len(tc) {
			// tc starts where c does without its indent, and c is the end of line.
			msgStart = lineStart + len(line) - len(stack.TrimLeft(c)) + at
			msgEnd = msgStart + len(tc) - at
		}
	}
	if idx < 0 {
		return -1, !header
	}
	p.finish(idx, region, msgStart, msgEnd)
	if bd == 0 {
		p.remote(idx)
	}
	return idx, found
}

// span is a part of a region, from start to end.
type span struct{ start, end int }

// inSpan returns the index of the span holding offset i, or -1.
func inSpan(spans []span, i int) int {
	for k, q := range spans {
		if q.start <= i && i < q.end {
			return k
		}
	}
	return -1
}

// remoteSpans finds the worker tracebacks quoted in the messages of RemoteTracebacks (see remote): from
// the `"""` line right after the exception line to the `"""` line that closes it. A worker's traceback may
// itself quote one. A quote left open (a text cut short) gives no span.
func remoteSpans(region string) []span {
	var spans []span
	depth, open, afterRemote := 0, 0, false
	for pos := 0; pos < len(region); {
		line, next := stack.NextLine(region, pos)
		s := stack.TrimSpace(line)
		switch {
		case s != `"""`:
		case afterRemote:
			if depth++; depth == 1 {
				open = pos
			}
		case depth > 0:
			if depth--; depth == 0 {
				spans = append(spans, span{open, next})
			}
		}
		typ, _, ok := exceptionLine(s)
		afterRemote = ok && isRemoteType(typ)
		pos = next
	}
	return spans
}

// isRemoteType reports the types whose message carries a worker process's traceback.
func isRemoteType(typ string) bool {
	typ = typ[strings.LastIndexByte(typ, '.')+1:]
	return typ == "_RemoteTraceback" || typ == "RemoteTraceback"
}

// remote parses the traceback a worker process sent with its exception as the cause of exception idx.
// concurrent.futures (and multiprocessing.pool, loky) re-raise the worker's exception in the caller with
// a RemoteTraceback as its cause, whose message is the worker's formatted traceback between two lines
// of three double quotes:
//
//	concurrent.futures.process._RemoteTraceback:
//	"""
//	Traceback (most recent call last):
//	  File "/app/worker.py", line 8, in render
//	shop.errors.InvoiceError: no lines
//	"""
//
// Only there is the worker's crash site printed.
func (p *parser) remote(idx int) {
	e := &p.t.Exceptions[idx]
	if !isRemoteType(e.Type) || p.remoteDepth >= maxDepth {
		return
	}
	const quotes = `"""`
	msg := e.Message
	first := strings.IndexByte(msg, '\n')
	last := strings.LastIndexByte(msg, '\n')
	if first < 0 || first == last || stack.TrimSpace(msg[:first]) != quotes || stack.TrimSpace(msg[last+1:]) != quotes {
		return
	}
	inner := msg[first+1 : last+1]
	if firstStructuralLine(inner) == len(inner) {
		return
	}
	p.remoteDepth++
	p.chain(inner, 0, stack.Cause, idx)
	p.remoteDepth--
}

// finish sets the message and puts the frames crash site first.
func (p *parser) finish(idx int, region string, msgStart, msgEnd int) {
	e := &p.t.Exceptions[idx]
	if msgStart >= 0 {
		e.Message = region[msgStart:msgEnd]
	}
	f := e.Frames
	for i, j := 0, len(f)-1; i < j; i, j = i+1, j-1 {
		f[i], f[j] = f[j], f[i]
	}
}

// members parses the boxes of a group's members, which are at depth md: each starts after a
// "+---- N ----" line and ends at the next one, at the closing "+--------" line or at the end of region.
// A box titled "..." only says how many members were left out.
func (p *parser) members(region string, md, group int) {
	start := -1
	pos := 0
	for pos < len(region) {
		line, next := stack.NextLine(region, pos)
		kind, depth := boxLine(line)
		if kind != notBox && depth <= md {
			if start >= 0 {
				p.chain(region[start:pos], md, stack.Member, group)
				start = -1
			}
			if depth < md || kind == closeBox {
				return
			}
			if kind == memberBox {
				start = next
			}
		}
		pos = next
	}
	if start >= 0 {
		p.chain(region[start:], md, stack.Member, group)
	}
}

// Kinds of the lines that draw an exception group's boxes.
const (
	notBox    = iota
	memberBox // "+---------------- 2 ----------------", or "+-+---------------- 1 ----------------" for the first
	elidedBox // "+---------------- ... ----------------", followed by "and N more exceptions"
	closeBox  // "+------------------------------------"
)

// boxLine classifies a box line and returns the depth of the members it delimits. Depth d is indented
// by 2d spaces; the first member's line starts in its parent's margin, one level out.
func boxLine(line string) (kind, depth int) {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	if n%2 != 0 || n >= len(line) || line[n] != '+' {
		return notBox, 0
	}
	depth = n / 2
	s := line[n+1:]
	if stack.HasPrefix(s, "-+") {
		s = s[2:]
		depth++
	}
	dashes := 0
	for dashes < len(s) && s[dashes] == '-' {
		dashes++
	}
	if dashes == 0 {
		return notBox, 0
	}
	title := stack.TrimSpace(s[dashes:])
	if title == "" {
		return closeBox, depth
	}
	i := strings.IndexByte(title, ' ')
	if i < 0 || strings.Trim(title[i:], " -\r") != "" {
		return notBox, 0
	}
	switch title = title[:i]; {
	case title == "...":
		return elidedBox, depth
	case stack.IsDigits(title):
		return memberBox, depth
	}
	return notBox, 0
}

// content strips the margin of group depth d, 2d spaces then "| " (or "+ " on a group's header line),
// and reports whether line is at that depth. Depth 0 has no margin.
func content(line string, d int) (string, bool) {
	if d == 0 {
		return line, true
	}
	n := 2 * d
	if len(line) <= n {
		return "", false
	}
	for i := 0; i < n; i++ {
		if line[i] != ' ' {
			return "", false
		}
	}
	switch line[n] {
	case '|':
	case '+':
		if len(line) == n+1 || line[n+1] != ' ' {
			return "", false
		}
	default:
		return "", false
	}
	s := line[n+1:]
	if s != "" && s[0] == ' ' {
		s = s[1:]
	}
	return s, true
}

// gutterDepth is the depth of a line printed in a group's margin, 0 for any other line.
func gutterDepth(line string) int {
	n := 0
	for n < len(line) && line[n] == ' ' {
		n++
	}
	if n < 2 || n%2 != 0 || n/2 > maxDepth {
		return 0
	}
	if _, ok := content(line, n/2); !ok {
		return 0
	}
	return n / 2
}

// isFrameLine matches `File "path", line N` with an optional `, in func`.
func isFrameLine(s string) bool {
	var f stack.Frame
	return parseFrame(s, &f)
}

// parseFrame fills f from a trimmed frame line and reports whether it is one.
func parseFrame(s string, f *stack.Frame) bool {
	const prefix, lineSep, inSep = `File "`, `", line `, ", in "
	if !stack.HasPrefix(s, prefix) {
		return false
	}
	rest := s[len(prefix):]
	i := strings.Index(rest, lineSep)
	if i < 0 {
		return false
	}
	file := rest[:i]
	rest = rest[i+len(lineSep):]
	num, fn := rest, ""
	if j := strings.Index(rest, inSep); j >= 0 {
		num, fn = rest[:j], rest[j+len(inSep):]
	}
	n, ok := stack.Atoi(num)
	if !ok && num != "None" {
		return false
	}
	f.File, f.Line, f.Function, f.Raw = file, n, fn, s
	return true
}

// repeated parses "[Previous line repeated N more times]", printed for identical frames past the third.
func repeated(s string) (int, bool) {
	const prefix = "[Previous line repeated "
	if !stack.HasPrefix(s, prefix) {
		return 0, false
	}
	s = s[len(prefix):]
	i := 0
	for i < len(s) && stack.IsDigit(s[i]) {
		i++
	}
	if !stack.HasPrefix(s[i:], " more time") {
		return 0, false
	}
	return stack.Atoi(s[:i])
}

// exceptionLine splits "module.Type: message" or a bare "Type"; at is where the message starts in s.
// A qualified name may hold "<locals>" (classes defined in a function) or "<unknown>".
func exceptionLine(s string) (typ string, at int, ok bool) {
	if s == "" || !(s[0] == '_' || s[0] == '<' || s[0] >= 0x80 || (s[0]|0x20 >= 'a' && s[0]|0x20 <= 'z')) {
		return "", 0, false
	}
	i := 0
	for i < len(s) && (stack.IsIdentByte(s[i]) || s[i] == '.' || s[i] == '<' || s[i] == '>') {
		i++
	}
	switch {
	case i == len(s):
		return s, i, true
	case s[i] != ':':
		return "", 0, false
	case i+1 == len(s):
		return s[:i], i + 1, true
	case s[i+1] == ' ':
		return s[:i], i + 2, true
	}
	return "", 0, false
}

// firstStructuralLine skips what precedes the first header, frame or chain marker of a text cut at its
// start: the end of a message or of a frame would otherwise read as an exception line.
func firstStructuralLine(body string) int {
	for pos := 0; pos < len(body); {
		line, next := stack.NextLine(body, pos)
		s := stack.TrimSpace(stripMargin(line))
		if s == tracebackHeader || s == groupHeader || s == contextMarker || s == causeMarker || isFrameLine(s) {
			return pos
		}
		pos = next
	}
	return len(body)
}

// dropCutFrame removes the last line of a text cut by the agent when it is a frame line, whose function
// name or line number may be cut short.
func dropCutFrame(body string) string {
	s := strings.LastIndexByte(body, '\n') + 1
	if stack.HasPrefix(stack.TrimSpace(stripMargin(body[s:])), `File "`) {
		return body[:s]
	}
	return body
}

// stripMargin removes indentation and one group margin character.
func stripMargin(line string) string {
	s := stack.TrimLeft(line)
	if s != "" && (s[0] == '|' || s[0] == '+') {
		s = s[1:]
	}
	return s
}

// rtrimLen is the length of s without trailing spaces.
func rtrimLen(s string) int {
	n := len(s)
	for n > 0 && (s[n-1] == ' ' || s[n-1] == '\t' || s[n-1] == '\r') {
		n--
	}
	return n
}

// Score rates how sure it is that text is a Python traceback, from the first and last 4 KiB.
func Score(text string) int {
	const window = 4 << 10
	if len(text) <= 2*window {
		return score(text)
	}
	return max(score(text[:window]), score(text[len(text)-window:]))
}

func score(s string) int {
	headers, frames, markers, lines := 0, 0, 0, 0
	var last string
	for pos := 0; pos < len(s); {
		line, next := stack.NextLine(s, pos)
		pos = next
		t := stack.TrimSpace(stripMargin(line))
		if t == "" {
			continue
		}
		lines++
		last = t
		switch {
		case t == tracebackHeader || t == groupHeader:
			headers++
		case t == contextMarker || t == causeMarker:
			markers++
		case isFrameLine(t):
			frames++
		}
	}
	switch {
	case headers > 0 && frames > 0:
		return 100
	case headers > 0 || frames >= 2:
		return 90
	case frames == 1:
		return 75
	case markers > 0:
		return 50
	}
	// A lone exception line is what record_exception gives for an exception never raised.
	if _, _, ok := exceptionLine(last); ok && lines == 1 {
		return 10
	}
	return 0
}
