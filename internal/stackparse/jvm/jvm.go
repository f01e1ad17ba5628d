// Package jvm parses stack traces printed by JVM languages (Java, Kotlin, Scala): the output of
// Throwable.printStackTrace, its log4j2 (%xEx) and logback variants, and the trimmed form dd-trace-java sends.
//
// Frame fields: Module is the fully qualified class, Function the method. Package is the JVM module
// ("java.base", "com.acme.shop"; the "@version" is dropped), else the class loader name when the module part is
// empty ("app//", "plugins//"), else the jar of log4j2/logback packaging data ("spring-core-5.3.9.jar";
// "?" and "na" mean unknown). "Unknown Source", "Native Method" and "<generated>" leave File empty; the last
// two set the Native and Generated flags.
package jvm

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// maxLevels bounds the Suppressed nesting the parser tracks; deeper blocks hang off the deepest tracked one.
const maxLevels = 16

// level is an open exception block: the indentation of its header line and its index in the trace.
type level struct{ indent, index int }

type parser struct {
	t    *stack.Trace
	text string
	// cur is the exception receiving frames and markers, -1 before the first one.
	cur int
	// header: cur's header is still being read, so a line that is not a frame extends its message.
	header bool
	// msgStart is the offset of cur's message in text, -1 while it has none.
	msgStart int
	// orphan: an unrecognised line ended cur's block; frames are dropped until the next caption, because
	// attaching them to cur would mix two traces.
	orphan bool
	// fragment: the previous line was a centre-cut marker, so this line may start mid-line.
	fragment bool
	// gap: a centre cut removed the middle of the text; what follows belongs to an exception whose header
	// was cut away, not to cur.
	gap bool
	// lastOK and lastCut describe the last non-blank line, to tell a text cut at its end.
	lastOK, lastCut bool
	lastLine        string
	levels          [maxLevels]level
	depth           int
}

// Parse parses text into t, which the caller has Reset. It sets t.Language. Text that matches no
// grammar leaves t without frames (an exception with only a type/message is fine when the text is a
// bare header line).
func Parse(text string, opts stack.Options, t *stack.Trace) {
	t.Language = stack.JVM
	text, cut := opts.Head(text)
	if cut {
		t.Truncated = true
	}
	p := parser{t: t, text: text, cur: -1, msgStart: -1}
	for pos := 0; pos < len(text); {
		line, next := stack.NextLine(text, pos)
		p.line(line, pos, next)
		pos = next
	}
	// A cut frame or a last line ending in "..." (what the Datadog agent appends) means the producer cut the text.
	if !p.lastOK && (p.lastCut || stack.HasSuffix(p.lastLine, "...")) {
		t.Truncated = true
	}
}

func (p *parser) line(line string, start, next int) {
	s := stack.TrimSpace(line)
	if s == "" {
		return
	}
	indent := stack.Indent(line)
	fragment := p.fragment
	p.fragment = false
	p.lastLine, p.lastOK, p.lastCut = s, true, false

	if stack.HasPrefix(s, "at ") {
		var f stack.Frame
		if parseFrame(s, &f) {
			p.addFrame(&f)
			return
		}
		// A frame cut by a length limit; in a header it may also be a message line starting with "at ".
		if !p.header || isLast(p.text, next) {
			p.lastOK, p.lastCut = false, true
			return
		}
	}
	if stack.HasPrefix(s, "...") {
		if omitted, centreCut, ok := parseMarker(s); ok {
			p.marker(omitted, centreCut)
			return
		}
	}
	p.lastOK = false
	if rest, ok := strings.CutPrefix(s, "Caused by: "); ok {
		p.caption(stack.Cause, indent, rest, start+indent+len("Caused by: "))
		return
	}
	if rest, ok := strings.CutPrefix(s, "Suppressed: "); ok {
		p.caption(stack.Suppressed, indent, rest, start+indent+len("Suppressed: "))
		return
	}

	switch {
	case p.cur < 0:
		rest, skip := cutThreadPrefix(s)
		p.open(stack.Root, indent, rest, start+indent+skip)
	case p.header:
		e := &p.t.Exceptions[p.cur]
		if p.msgStart < 0 {
			p.msgStart = start + indent
		}
		e.Message = p.text[p.msgStart : start+indent+len(s)]
	case !fragment:
		p.orphan = true
	}
}

func (p *parser) addFrame(f *stack.Frame) {
	if e := p.receiver(); e != nil {
		e.Frames = append(e.Frames, *f)
	}
}

func (p *parser) marker(omitted int, centreCut bool) {
	if centreCut {
		p.t.Truncated = true
		p.fragment = true
		p.gap = p.cur >= 0
		p.orphan = false
		return
	}
	if p.cur < 0 {
		return
	}
	if e := p.receiver(); e != nil {
		e.Omitted += omitted
	}
}

// receiver returns the exception that takes frames and omitted counts, nil while they are orphaned. It opens
// a headerless exception for frames at the start of the text (tracers that send the type and message in other
// attributes) and after a centre cut.
func (p *parser) receiver() *stack.Exception {
	if p.orphan {
		return nil
	}
	if p.cur < 0 {
		p.open(stack.Root, 0, "", 0)
	} else if p.gap {
		p.open(stack.Cause, 0, "", 0)
	}
	p.header = false
	return &p.t.Exceptions[p.cur]
}

// caption starts a "Caused by:" or "Suppressed:" block; restStart is the offset of rest in text.
func (p *parser) caption(rel stack.Relation, indent int, rest string, restStart int) {
	if stack.HasPrefix(rest, "[CIRCULAR REFERENCE:") {
		// A reference to an exception already printed above: nothing new, and nothing follows it.
		p.orphan = true
		p.header = false
		return
	}
	if p.cur < 0 {
		rel = stack.Root
	}
	p.open(rel, indent, rest, restStart)
}

// open adds an exception whose header text is rest (at offset restStart), finding its parent from the
// indentation: a cause hangs off the latest exception printed at the same indentation, a suppressed
// exception off the latest one printed less indented.
func (p *parser) open(rel stack.Relation, indent int, rest string, restStart int) {
	parent := -1
	if rel != stack.Root {
		for p.depth > 1 {
			if top := p.levels[p.depth-1].indent; top < indent || top == indent && rel == stack.Cause {
				break
			}
			p.depth--
		}
		top := &p.levels[p.depth-1]
		parent = top.index
		if rel == stack.Cause && top.indent == indent {
			p.depth--
		}
	}
	index := len(p.t.Exceptions)
	e := p.t.AddException(rel, parent)
	if p.depth == len(p.levels) {
		p.depth--
	}
	p.levels[p.depth] = level{indent: indent, index: index}
	p.depth++

	var msg int
	e.Type, msg = splitHeader(rest)
	p.msgStart = -1
	if msg >= 0 {
		e.Message = rest[msg:]
		if e.Message != "" {
			p.msgStart = restStart + msg
		}
	}
	p.cur = index
	p.header = rest != ""
	p.orphan, p.gap = false, false
}

// splitHeader splits "pkg.Type: message" and returns the type and the offset of the message in s, -1 when
// there is none. A line that does not start with a type name is all message.
func splitHeader(s string) (typ string, msg int) {
	i := 0
	for i < len(s) && (stack.IsIdentByte(s[i]) || s[i] == '.') {
		i++
	}
	name := i
	for name > 0 && s[name-1] == '.' {
		name--
	}
	switch {
	case name == 0:
		return "", 0
	case name == len(s):
		return s, -1
	case s[name] == ':':
		if name+1 < len(s) && s[name+1] == ' ' {
			return s[:name], name + 2
		}
		return s[:name], name + 1
	case i == len(s) && s[name:] == "...":
		// A header cut right after its type.
		return s[:name], -1
	}
	return "", 0
}

// cutThreadPrefix removes `Exception in thread "name" ` and returns how many bytes it removed.
func cutThreadPrefix(s string) (string, int) {
	rest, ok := strings.CutPrefix(s, `Exception in thread "`)
	if !ok {
		return s, 0
	}
	for i := 0; i+1 < len(rest); i++ {
		if rest[i] == '"' && rest[i+1] == ' ' {
			skip := len(s) - len(rest) + i + 2
			return s[skip:], skip
		}
	}
	return s, 0
}

// parseFrame parses "at qualifier(location)" with optional log4j2/logback packaging data after it.
func parseFrame(s string, f *stack.Frame) bool {
	body := s[len("at "):]
	open := strings.IndexByte(body, '(')
	if open <= 0 || strings.IndexByte(body[:open], '\t') >= 0 {
		return false
	}
	end := strings.IndexByte(body[open:], ')')
	if end < 0 {
		return false
	}
	end += open
	if strings.IndexByte(body[:open], ' ') >= 0 && !spacedMethodFrame(body[:open], body[open+1:end]) {
		return false
	}
	jar, ok := parsePackaging(stack.TrimLeft(body[end+1:]))
	if !ok {
		return false
	}
	*f = stack.Frame{Raw: s}
	splitQualifier(body[:open], f)
	if f.Package == "" {
		f.Package = jar
	}
	parseLocation(body[open+1:end], f)
	return true
}

// spacedMethodFrame reports whether a qualifier holding spaces is a Kotlin method named in backticks
// ("com.acme.OrderTest.returns 404 for unknown order(OrderTest.kt:12)"), not prose that starts with "at ".
// A JVM method name cannot hold a '.', so the spaces must all follow the last one, the class before it must
// be a bare name, the method must not start or end with a space (V8's "at f (file:1:2)" does), and the
// location must be a source file with a line.
func spacedMethodFrame(q, loc string) bool {
	dot := strings.LastIndexByte(q, '.')
	if dot <= 0 || dot+1 == len(q) || q[dot+1] == ' ' || q[len(q)-1] == ' ' ||
		strings.IndexByte(q[:dot], ' ') >= 0 || strings.ContainsAny(q[dot+1:], "<>[]/;:\\") {
		return false
	}
	file, _, ok := stack.CutSuffixNumber(loc, ':')
	if !ok || file == "Unknown Source" {
		return ok
	}
	ext := strings.LastIndexByte(file, '.')
	if ext <= 0 || ext+1 == len(file) || strings.IndexByte(file, ' ') >= 0 {
		return false
	}
	for i := ext + 1; i < len(file); i++ {
		if !stack.IsIdentByte(file[i]) {
			return false
		}
	}
	return true
}

// splitQualifier splits "[loader/][module[@version]/]pkg.Class.method".
func splitQualifier(q string, f *stack.Frame) {
	sep := -1
	for i := strings.IndexByte(q, '/'); i >= 0; {
		// A '/' before a digit is part of a hidden or anonymous class name ("$$Lambda$3/0x0000000801001490").
		if i+1 == len(q) || !stack.IsDigit(q[i+1]) {
			sep = i
		}
		next := strings.IndexByte(q[i+1:], '/')
		if next < 0 {
			break
		}
		i += 1 + next
	}
	if sep >= 0 {
		prefix := q[:sep]
		module := prefix
		loader := ""
		if i := strings.LastIndexByte(prefix, '/'); i >= 0 {
			module = prefix[i+1:]
			loader = prefix[:strings.IndexByte(prefix, '/')]
		}
		if i := strings.IndexByte(module, '@'); i >= 0 {
			module = module[:i]
		}
		if module == "" {
			module = loader
		}
		f.Package = module
		q = q[sep+1:]
	}
	if dot := strings.LastIndexByte(q, '.'); dot >= 0 {
		f.Module, f.Function = q[:dot], q[dot+1:]
	} else {
		f.Function = q
	}
}

func parseLocation(loc string, f *stack.Frame) {
	switch loc {
	case "Native Method":
		f.Flags |= stack.Native
		return
	case "<generated>":
		f.Flags |= stack.Generated
		return
	}
	file, line, ok := stack.CutSuffixNumber(loc, ':')
	if ok {
		f.Line = line
	}
	// Android prints "Unknown Source:4" for stripped builds.
	if file != "Unknown Source" {
		f.File = file
	}
}

// parsePackaging parses log4j2/logback packaging data: "~[spring-core-5.3.9.jar:5.3.9]", "[?:?]",
// "~[app.jar!/:na]", "~[classes/:?]". The leading '~' marks a guessed jar. ok is false for any other
// trailing text.
func parsePackaging(s string) (jar string, ok bool) {
	if s == "" {
		return "", true
	}
	if s[0] == '~' {
		s = s[1:]
	}
	if len(s) < 2 || s[0] != '[' || s[len(s)-1] != ']' {
		return "", false
	}
	s = s[1 : len(s)-1]
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	// Spring Boot's nested jars print "name.jar!/", class directories "classes/".
	s = strings.TrimSuffix(strings.TrimSuffix(s, "/"), "!")
	if s == "?" || s == "na" {
		return "", true
	}
	return s, true
}

// parseMarker recognises the lines that stand for frames left out: the JDK's "... N more", logback's
// "... N common frames omitted", log4j2's "... suppressed N lines" and "...." (one filtered frame), and
// dd-trace-java's "... N trimmed ..." and "... trace centre-cut to N chars ...".
func parseMarker(s string) (omitted int, centreCut, ok bool) {
	if s == "...." {
		return 1, false, true
	}
	rest, ok := strings.CutPrefix(s, "... ")
	if !ok {
		return 0, false, false
	}
	if r, ok := strings.CutPrefix(rest, "suppressed "); ok {
		n, tail := leadingNumber(r)
		return n, false, n >= 0 && tail == " lines"
	}
	if r, ok := strings.CutPrefix(rest, "trace centre-cut to "); ok {
		n, tail := leadingNumber(r)
		return 0, true, n >= 0 && tail == " chars ..."
	}
	n, tail := leadingNumber(rest)
	if n < 0 {
		return 0, false, false
	}
	switch tail {
	case " more", " common frames omitted", " trimmed ...":
		return n, false, true
	}
	return 0, false, false
}

// leadingNumber parses the digits that start s; n is -1 when there are none or too many.
func leadingNumber(s string) (n int, tail string) {
	i := 0
	for i < len(s) && stack.IsDigit(s[i]) {
		i++
	}
	n, ok := stack.Atoi(s[:i])
	if !ok {
		return -1, s
	}
	return n, s[i:]
}

// isLast reports whether only blank text follows pos.
func isLast(text string, pos int) bool {
	for ; pos < len(text); pos++ {
		switch text[pos] {
		case ' ', '\t', '\r', '\n':
		default:
			return false
		}
	}
	return true
}
