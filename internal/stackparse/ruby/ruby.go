// Package ruby parses Ruby backtraces: Exception#full_message(highlight: false, order: :top), the
// dd-trace-rb error.stack layout that imitates it, and bare caller/backtrace arrays joined with newlines.
//
// Every exception block starts with a header line `file:line:in 'label': message (Class)` whose location is
// the crash site; `\tfrom file:line:in 'label'` lines follow. Causes come as further blocks, each the cause
// of the one before. Ruby before 3.4 opens the label with a backtick; 3.4 uses a single quote and qualifies
// the method with its class ('Order.find!', 'OrdersController#show').
package ruby

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// Parse parses text into t, which the caller has Reset. It sets t.Language.
//
// Labels are split into Module (the class printed by Ruby 3.4+) and Function (the method). A label with
// block/rescue/ensure prefixes keeps the whole label as Function ("block (2 levels) in Foo#bar", so the
// text stays a substring of the input) and still reports the class in Module ("Foo"); normalisation
// decides how to compare those with unqualified labels.
func Parse(text string, opts stack.Options, t *stack.Trace) {
	t.Language = stack.Ruby
	text, cut := opts.Head(text)
	text, partialFrom, dots := trimEllipsis(text)
	t.Truncated = cut || dots
	p := parser{t: t, text: text, cur: -1, partialFrom: partialFrom}
	for pos := 0; pos < len(text); {
		start := pos
		var line string
		line, pos = stack.NextLine(text, pos)
		p.line(line, start)
	}
	p.endHeader()
}

// trimEllipsis removes the "..." that the Datadog agent appends to a value it cut, and returns the
// offset where the cut (and so possibly partial) last line starts, or len(text) when nothing was cut.
func trimEllipsis(text string) (string, int, bool) {
	end := len(text)
	for end > 0 && (text[end-1] == '\n' || text[end-1] == '\r' || text[end-1] == ' ' || text[end-1] == '\t') {
		end--
	}
	body := text[:end]
	if !stack.HasSuffix(body, "...") {
		return text, len(text), false
	}
	start := end
	for start > 0 && body[start-1] != '\n' {
		start--
	}
	if _, ok := omittedLevels(body[start:]); ok {
		return text, len(text), false
	}
	return body[:end-3], start, true
}

type parser struct {
	t    *stack.Trace
	text string
	cur  int // index of the exception frames go to, -1 before the first

	// The open header block: message text runs from msgStart to the end of its last non-blank line.
	collecting         bool
	headerStart        int // start of the header line
	msgStart, firstEnd int
	lastStart, lastEnd int
	partialFrom        int // lines starting here may have been cut mid-way
}

func (p *parser) line(line string, start int) {
	body := stack.TrimLeft(line)
	from := stack.HasPrefix(body, "from ")
	if from {
		body = body[len("from "):]
	}
	loc, kind := parseLocation(body)
	switch {
	case kind == header && !from:
		p.endHeader()
		p.newException()
		p.addFrame(&loc)
		p.collecting = true
		p.headerStart = start
		p.msgStart = start + len(line) - len(loc.rest)
		p.firstEnd = start + len(line)
		p.lastStart, p.lastEnd = p.msgStart, p.firstEnd
	case kind != none:
		p.endHeader()
		if p.cur < 0 {
			p.newException()
		}
		p.addFrame(&loc)
	default:
		if n, ok := omittedLevels(body); ok {
			p.endHeader()
			if p.cur >= 0 {
				p.t.Exceptions[p.cur].Omitted += n
			}
			return
		}
		if p.collecting && stack.TrimSpace(line) != "" {
			p.lastStart, p.lastEnd = start, start+len(line)
		}
	}
}

// newException starts the next block: the root, or the cause of the block before it.
func (p *parser) newException() {
	if p.cur < 0 {
		p.t.AddException(stack.Root, -1)
	} else {
		p.t.AddException(stack.Cause, p.cur)
	}
	p.cur = len(p.t.Exceptions) - 1
}

func (p *parser) addFrame(loc *location) {
	f := p.t.Exceptions[p.cur].AddFrame()
	f.Raw, f.File, f.Line = loc.raw, loc.file, loc.line
	f.Function, f.Module = splitLabel(loc.label)
	if stack.HasPrefix(loc.file, "(eval") {
		f.Flags = stack.Generated
	}
}

// endHeader sets the type and message of the block whose header lines have all been read. Ruby's
// full_message puts "(Class)" after the message's first line and prints the rest of a multi-line message
// (and detailed_message additions: error_highlight snippets, did_you_mean) after it; there the message is
// the first line, since the whole would not be one substring. dd-trace-rb puts "(Class)" after the whole
// message, which then spans every header line.
func (p *parser) endHeader() {
	if !p.collecting {
		return
	}
	p.collecting = false
	e := &p.t.Exceptions[p.cur]
	if p.lastStart > p.msgStart && p.lastStart < p.partialFrom {
		if typ, cut, ok := classSuffix(p.text[p.lastStart:p.lastEnd]); ok {
			e.Type, e.Message = typ, p.text[p.msgStart:p.lastStart+cut]
			return
		}
	}
	first := p.text[p.msgStart:p.firstEnd]
	if p.headerStart < p.partialFrom {
		if typ, cut, ok := classSuffix(first); ok {
			e.Type, e.Message = typ, first[:cut]
			return
		}
	}
	// No class: Ruby prints only "unhandled exception" for a RuntimeError without message, and a cut
	// text may have lost it.
	e.Message = stack.TrimSpace(p.text[p.msgStart:p.lastEnd])
}

type lineKind uint8

const (
	none   lineKind = iota
	frame           // file:line:in 'label'
	header          // file:line:in 'label': message (Class)
)

// location is a parsed `file:line:in 'label'`.
type location struct {
	raw, file, label string
	line             int
	rest             string // a header's text after "': "
}

// parseLocation reads `file:line:in 'label'` (or the backtick form, or `file:in 'label'` when Ruby knows
// no line) at the start of s, followed by nothing (a frame) or by ": " (a header).
func parseLocation(s string) (loc location, kind lineKind) {
	i := indexIn(s)
	if i < 0 {
		return loc, none
	}
	open := i + len(":in ")
	closing := strings.IndexByte(s[open+1:], '\'')
	if closing < 0 {
		return loc, none
	}
	closing += open + 1
	prefix := s[:i]
	if file, n, ok := stack.CutSuffixNumber(prefix, ':'); ok {
		loc.file, loc.line = file, n
	} else {
		loc.file = prefix
	}
	if loc.file == "" {
		return loc, none
	}
	loc.raw, loc.label = s[:closing+1], s[open+1:closing]
	rest := s[closing+1:]
	switch {
	case stack.TrimSpace(rest) == "":
		return loc, frame
	case stack.HasPrefix(rest, ": "):
		loc.rest = rest[2:]
		return loc, header
	}
	return loc, none
}

// indexIn finds ":in " followed by an opening quote, or returns -1.
func indexIn(s string) int {
	for off := 0; ; {
		i := strings.Index(s[off:], ":in ")
		if i < 0 {
			return -1
		}
		i += off
		if i+4 < len(s) && (s[i+4] == '\'' || s[i+4] == '`') {
			return i
		}
		off = i + 1
	}
}

// omittedLevels reads Ruby's "... 5 levels..." line (printed under --backtrace-limit).
func omittedLevels(s string) (int, bool) {
	s = stack.TrimSpace(s)
	if !stack.HasPrefix(s, "... ") || !stack.HasSuffix(s, " levels...") {
		return 0, false
	}
	return stack.Atoi(s[len("... ") : len(s)-len(" levels...")])
}

// classSuffix finds a trailing " (Class)" and returns the class and where the message before it ends.
func classSuffix(s string) (typ string, cut int, ok bool) {
	if !stack.HasSuffix(s, ")") {
		return "", 0, false
	}
	i := len(s) - 2
	for i >= 0 && s[i] != '(' {
		i--
	}
	if i < 1 || s[i-1] != ' ' {
		return "", 0, false
	}
	typ = s[i+1 : len(s)-1]
	if n := qualifierLen(typ); n == 0 || n != len(typ) {
		return "", 0, false
	}
	return typ, i - 1, true
}

// splitLabel separates the class Ruby 3.4 prints before the method. Block, rescue and ensure prefixes
// stay in the function text; the class inside them is still reported as the module.
func splitLabel(label string) (function, module string) {
	target := label
	for {
		rest, ok := cutScopePrefix(target)
		if !ok {
			break
		}
		target = rest
	}
	n := qualifierLen(target)
	if n == 0 || n+1 >= len(target) || (target[n] != '#' && target[n] != '.') {
		return label, ""
	}
	if len(target) == len(label) {
		return target[n+1:], target[:n]
	}
	return label, target[:n]
}

// cutScopePrefix removes one "block in ", "block (N levels) in ", "rescue in " or "ensure in ".
func cutScopePrefix(s string) (string, bool) {
	for _, p := range [...]string{"block in ", "rescue in ", "ensure in "} {
		if stack.HasPrefix(s, p) {
			return s[len(p):], true
		}
	}
	if !stack.HasPrefix(s, "block (") {
		return s, false
	}
	i := len("block (")
	for i < len(s) && stack.IsDigit(s[i]) {
		i++
	}
	if i == len("block (") || !stack.HasPrefix(s[i:], " levels) in ") {
		return s, false
	}
	return s[i+len(" levels) in "):], true
}

// qualifierLen is the length of the class name at the start of s: a constant path (Foo::Bar) or an
// anonymous class (#<Class:0x000...>), or 0.
func qualifierLen(s string) int {
	if stack.HasPrefix(s, "#<") {
		depth := 0
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '<':
				depth++
			case '>':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return 0
	}
	i := 0
	for {
		if i >= len(s) || !isConstStart(s[i]) {
			return 0
		}
		i++
		for i < len(s) && isConstByte(s[i]) {
			i++
		}
		if !stack.HasPrefix(s[i:], "::") {
			return i
		}
		i += 2
	}
}

func isConstStart(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 0x80 }

func isConstByte(c byte) bool {
	return c == '_' || stack.IsDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'z' || c >= 0x80
}

// Score rates how sure it is that text is a Ruby backtrace, from the lines of its first 4 KiB.
func Score(text string) int {
	if len(text) > 4096 {
		text = text[:4096]
	}
	firstIsHeader, seen := false, false
	froms, frames := 0, 0
	for pos := 0; pos < len(text); {
		var line string
		line, pos = stack.NextLine(text, pos)
		body := stack.TrimLeft(line)
		from := stack.HasPrefix(body, "from ")
		if from {
			body = body[len("from "):]
		}
		_, kind := parseLocation(body)
		if !seen && body != "" {
			seen, firstIsHeader = true, kind == header && !from
		}
		switch {
		case kind == none:
		case from:
			froms++
		default:
			frames++
		}
	}
	switch {
	case froms > 0 && (firstIsHeader || froms > 1):
		return 95
	case froms > 0 || firstIsHeader:
		return 80
	case frames > 0:
		return min(50+10*frames, 90)
	}
	return 0
}
