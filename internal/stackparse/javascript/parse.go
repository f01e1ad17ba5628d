// Package javascript parses JavaScript stack traces: V8 (Node.js, Chrome, Edge) `err.stack` and
// `util.inspect(err)` text, and the Firefox (SpiderMonkey) and Safari (JavaScriptCore) `err.stack` forms.
package javascript

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// ddTruncatedLen is the length of a value the Datadog tracer and agent cut: 25,000 characters plus "...".
const ddTruncatedLen = 25000 + len("...")

// maxNesting bounds the util.inspect blocks ({ [cause]: ... }, [errors]: [ ... ]) tracked for parent links;
// deeper blocks attach to the deepest one tracked.
const maxNesting = 16

// block is an exception opened by a header line, as util.inspect nests them by indentation.
type block struct {
	indent  int // indentation of the header line; its properties are two spaces deeper
	members int // indentation of its [errors] members, -1 when it has none
	exc     int // index in Trace.Exceptions
}

type parser struct {
	t    *stack.Trace
	text string

	// header is set while the lines of the current exception's message are read: up to its first frame,
	// or for inspect's "[Type: message]" form (bracket) up to the closing bracket.
	header, bracket bool
	msgOff          int // offset of the message in text, -1 while it has none

	v8, browser bool // which frame syntax has been seen

	open  [maxNesting]block
	depth int
}

// Parse parses text into t, which the caller has Reset. It sets t.Language.
func Parse(text string, opts stack.Options, t *stack.Trace) {
	t.Language = stack.JavaScript
	// dd-trace-js and the Datadog agent cut long values and append "...": the last line is then partial.
	producerCut := len(text) >= ddTruncatedLen && stack.HasSuffix(text, "...")
	head, capped := opts.Head(text)
	t.Truncated = producerCut || capped
	p := parser{t: t, text: head, msgOff: -1}
	for pos := 0; pos < len(head); {
		start := pos
		var line string
		line, pos = stack.NextLine(head, pos)
		s, off := trim(line)
		if s == "" {
			continue
		}
		if producerCut && !capped && pos == len(head) && !p.header {
			break
		}
		p.line(s, start+off, off)
	}
}

// line handles one non-blank line s that starts at offset abs of the text, indented by indent bytes.
func (p *parser) line(s string, abs, indent int) {
	var f stack.Frame
	if stack.HasPrefix(s, "at ") && parseV8Frame(s, &f) {
		p.v8 = true
		*p.current().AddFrame() = f
		return
	}
	if p.header {
		if !p.bracket && !p.v8 && p.browserFrame(s, false, &f) {
			return
		}
		p.continueMessage(s, abs)
		return
	}
	if n, ok := omittedLines(s); ok {
		if len(p.t.Exceptions) > 0 {
			p.t.Exceptions[len(p.t.Exceptions)-1].Omitted += n
		}
		return
	}
	if rest, ok := strings.CutPrefix(s, "[cause]: "); ok {
		if parent := p.owner(indent); parent >= 0 {
			p.startException(rest, abs+len("[cause]: "), indent, stack.Cause, p.open[parent].exc, true)
		}
		return
	}
	if stack.HasPrefix(s, "[errors]: [") {
		if parent := p.owner(indent); parent >= 0 {
			p.open[parent].members = indent + 2
		}
		return
	}
	if parent := p.membersAt(indent); parent >= 0 {
		p.startException(s, abs, indent, stack.Member, p.open[parent].exc, true)
		return
	}
	if !p.v8 && p.browserFrame(s, p.browser || len(p.t.Exceptions) == 0, &f) {
		return
	}
	if len(p.t.Exceptions) == 0 {
		p.startException(s, abs, indent, stack.Root, -1, false)
	}
	// Anything else is util.inspect's own properties and braces.
}

// trim strips blanks around line and returns where the rest starts.
func trim(line string) (string, int) {
	i, j := 0, len(line)
	for i < j && blank(line[i]) {
		i++
	}
	for j > i && blank(line[j-1]) {
		j--
	}
	return line[i:j], i
}

func blank(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// current returns the exception frames are added to, creating a root one for headerless text.
func (p *parser) current() *stack.Exception {
	if len(p.t.Exceptions) == 0 {
		p.t.AddException(stack.Root, -1)
		p.push(0, 0)
	}
	p.header = false
	return &p.t.Exceptions[len(p.t.Exceptions)-1]
}

// push records the block of exception exc whose header is indented by indent, closing the blocks it
// follows at the same or a deeper indentation.
func (p *parser) push(indent, exc int) {
	for p.depth > 0 && p.open[p.depth-1].indent >= indent {
		p.depth--
	}
	if p.depth < len(p.open) {
		p.open[p.depth] = block{indent: indent, members: -1, exc: exc}
		p.depth++
	}
}

// owner returns the open block whose properties are at indent (-1 if none), closing deeper blocks.
func (p *parser) owner(indent int) int {
	for p.depth > 1 && p.open[p.depth-1].indent > indent-2 {
		p.depth--
	}
	return p.depth - 1
}

// membersAt returns the open block whose [errors] members are at indent, or -1.
func (p *parser) membersAt(indent int) int {
	for i := p.depth - 1; i >= 0; i-- {
		if p.open[i].members == indent {
			return i
		}
		if p.open[i].indent < indent {
			break
		}
	}
	return -1
}

// startException reads a header line s (at offset abs) and opens its exception. Nested headers
// (causes and members) must look like an error: util.inspect prints any value there.
func (p *parser) startException(s string, abs, indent int, rel stack.Relation, parent int, nested bool) {
	if !nested {
		for _, prefix := range [...]string{"Uncaught (in promise) ", "Uncaught "} {
			if rest, ok := strings.CutPrefix(s, prefix); ok {
				s, abs = rest, abs+len(prefix)
				break
			}
		}
	}
	// util.inspect prints an error without frames as "[Type: message]", maybe followed by "{ props }".
	bracket, closed := false, true
	if len(s) > 1 && s[0] == '[' {
		if inner, ok := cutBracket(s[1:]); splitHeader(inner).typ != "" {
			s, abs, bracket, closed = inner, abs+1, true, ok
		}
	}
	h := splitHeader(s)
	if nested && !h.plausibleError() {
		return
	}
	e := p.t.AddException(rel, parent)
	e.Type, e.Code, e.Message = h.typ, h.code, h.msg
	p.msgOff = -1
	if h.msgAt >= 0 {
		p.msgOff = abs + h.msgAt
	}
	// The message goes on up to the first frame, or for the bracket form up to the closing bracket.
	p.header, p.bracket = !bracket || !closed, bracket && !closed
	p.push(indent, len(p.t.Exceptions)-1)
}

// continueMessage adds line s (at offset abs) to the message of the exception whose header is being read.
func (p *parser) continueMessage(s string, abs int) {
	if p.bracket {
		var closed bool
		if s, closed = cutBracket(s); closed {
			p.header, p.bracket = false, false
		}
	}
	if p.msgOff < 0 {
		p.msgOff = abs
	}
	if end := abs + len(s); end >= p.msgOff && len(p.t.Exceptions) > 0 {
		p.t.Exceptions[len(p.t.Exceptions)-1].Message = p.text[p.msgOff:end]
	}
}

// cutBracket removes the end of util.inspect's "[Type: message]" form: "]", "],", or "] { props }".
func cutBracket(s string) (string, bool) {
	if rest, ok := strings.CutSuffix(s, "],"); ok {
		return rest, true
	}
	if rest, ok := strings.CutSuffix(s, "]"); ok {
		return rest, true
	}
	if i := strings.LastIndex(s, "] {"); i >= 0 {
		return s[:i], true
	}
	return s, false
}

// header is a parsed "Type [CODE]: message" line.
type header struct {
	typ, code, msg string
	msgAt          int // offset of msg in the line, -1 when the line has no message
}

// splitHeader parses "Type", "Type: message" or "Type [CODE]: message". A line of another shape is
// all message, with no type.
func splitHeader(s string) header {
	i := 0
	for i < len(s) && (stack.IsIdentByte(s[i]) || s[i] == '.') {
		i++
	}
	if i == 0 || stack.IsDigit(s[0]) || s[0] == '.' {
		return header{msg: s}
	}
	h := header{typ: s[:i], msgAt: -1}
	rest := s[i:]
	if code, ok := strings.CutPrefix(rest, " ["); ok {
		if j := strings.IndexByte(code, ']'); j > 0 && isCode(code[:j]) {
			h.code, rest = code[:j], code[j+1:]
		}
	}
	switch {
	case rest == "" || rest == ":":
	case stack.HasPrefix(rest, ": "):
		h.msg, h.msgAt = rest[2:], len(s)-len(rest)+2
	default:
		return header{msg: s}
	}
	return h
}

// isCode reports Node's error codes: ERR_INVALID_ARG_TYPE, ERR_ASSERTION, ENOENT.
func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'A' && c <= 'Z' || stack.IsDigit(c) || c == '_') {
			return false
		}
	}
	return true
}

// plausibleError tells an error header from the other values util.inspect prints as a cause or an
// [errors] element: strings, numbers, objects, [Function: f], [Object: null prototype], undefined.
func (h header) plausibleError() bool {
	if h.typ == "" || h.typ[0] < 'A' || h.typ[0] > 'Z' {
		return false
	}
	switch h.typ {
	case "Object", "Array", "Circular", "Getter", "Setter", "NaN", "Infinity", "Symbol":
		return false
	}
	return !stack.HasSuffix(h.typ, "Function")
}

// omittedLines parses util.inspect's "... 5 lines matching cause stack trace ...".
func omittedLines(s string) (int, bool) {
	rest, ok := strings.CutPrefix(s, "... ")
	if !ok {
		return 0, false
	}
	i := 0
	for i < len(rest) && stack.IsDigit(rest[i]) {
		i++
	}
	n, ok := stack.Atoi(rest[:i])
	rest = rest[i:]
	if !ok || !(rest == " lines matching cause stack trace ..." || rest == " line matching cause stack trace ...") {
		return 0, false
	}
	return n, true
}

// browserFrame adds the Firefox or Safari frame s, if it is one (see parseBrowserFrame).
func (p *parser) browserFrame(s string, lenient bool, f *stack.Frame) bool {
	if !parseBrowserFrame(s, lenient, f) {
		return false
	}
	p.browser = true
	*p.current().AddFrame() = *f
	return true
}

// parseV8Frame parses "at [async ][new ]function (location)" or "at location" into f. Lines of another
// shape (a message line that happens to start with "at ") are not frames.
func parseV8Frame(s string, f *stack.Frame) bool {
	// util.inspect ends the last frame with " {" when properties follow and "," inside arrays.
	s = strings.TrimSuffix(strings.TrimSuffix(s, ","), " {")
	rest, ok := strings.CutPrefix(s, "at ")
	if !ok {
		return false
	}
	var flags stack.FrameFlags
	if r, ok := strings.CutPrefix(rest, "async "); ok {
		flags, rest = stack.Async, r
	}
	if r, ok := strings.CutPrefix(rest, "new "); ok {
		flags, rest = flags|stack.Constructor, r
	}
	var fn, loc string
	if i := strings.Index(rest, " ("); i > 0 && stack.HasSuffix(rest, ")") {
		fn, loc = rest[:i], rest[i+2:len(rest)-1]
	} else {
		loc = rest
	}
	var l location
	// A location alone is printed with line and column; "at 10:30" in a message is not a frame.
	if !l.parseV8(loc) || fn == "" && l.col == 0 && l.flags == 0 && l.line > 0 {
		return false
	}
	f.Raw, f.Flags = s, flags|l.flags
	f.File, f.Line, f.Column = l.file, l.line, l.col
	f.Module, f.Function = splitFunction(fn)
	return true
}

// splitFunction drops the " [as alias]" V8 adds when a method is called under another property name
// and splits "Type.method" into the receiver's type and the method.
func splitFunction(fn string) (module, function string) {
	if stack.HasSuffix(fn, "]") {
		if i := strings.LastIndex(fn, " [as "); i > 0 {
			fn = fn[:i]
		}
	}
	for i := 0; i < len(fn); i++ {
		c := fn[i]
		if c == '.' {
			if i > 0 && i < len(fn)-1 && !stack.IsDigit(fn[0]) {
				return fn[:i], fn[i+1:]
			}
			break
		}
		if !stack.IsIdentByte(c) {
			break
		}
	}
	return "", fn
}

type location struct {
	file      string
	line, col int
	flags     stack.FrameFlags
}

// parseV8 parses a V8 location: "file:line:col", "native", "<anonymous>", "index 0" (Promise.all),
// an "eval at f (file:line:col), <anonymous>:1:2" chain, or a wasm URL. It reports whether loc is one.
func (l *location) parseV8(loc string) bool {
	if stack.HasPrefix(loc, "eval at ") {
		loc = evalOrigin(loc)
	}
	if loc == "native" || loc == "<anonymous>" || stack.HasPrefix(loc, "index ") && stack.IsDigits(loc[len("index "):]) {
		l.flags = stack.Native
		return true
	}
	if l.parsePosition(loc) {
		return true
	}
	// wasm frames: "wasm://wasm/5c0b2e96:wasm-function[1]:0x3f".
	l.file = loc
	return strings.Contains(loc, "://") && !strings.Contains(loc, " ")
}

// parsePosition splits "file:line:col" or "file:line" from the end, so colons in "node:fs",
// "file:///x" and "C:\x" stay in the file.
func (l *location) parsePosition(loc string) bool {
	rest, n, ok := stack.CutSuffixNumber(loc, ':')
	if !ok {
		return false
	}
	if file, line, ok := stack.CutSuffixNumber(rest, ':'); ok {
		l.file, l.line, l.col = file, line, n
	} else {
		l.file, l.line = rest, n
	}
	return true
}

// evalOrigin returns the location of the outermost eval call of a V8 eval chain
// ("eval at f (eval at g (/app/x.js:3:1), <anonymous>:1:1), <anonymous>:2:3" gives "/app/x.js:3:1"),
// or the position inside the evaluated code when the chain names no file.
func evalOrigin(loc string) string {
	inner := loc[strings.LastIndex(loc, "eval at ")+len("eval at "):]
	if i := strings.Index(inner, " ("); i >= 0 {
		inner = inner[i+2:]
		if j := strings.Index(inner, "), "); j >= 0 {
			inner = inner[:j]
		} else {
			inner = strings.TrimSuffix(inner, ")")
		}
		if _, _, ok := stack.CutSuffixNumber(inner, ':'); ok {
			return inner
		}
	}
	if i := strings.LastIndex(loc, ", "); i >= 0 {
		return loc[i+2:]
	}
	return loc
}

// parseBrowserFrame parses a Firefox or Safari frame, "[cause*]function@location" or "[native code]",
// into f. Strict mode, for lines that may be message text, wants a name@ and a path or URL with a
// position; lenient mode, for the first line or once the text is known to be a browser stack, also
// takes Safari's bare "url:line:col" anonymous frames.
func parseBrowserFrame(s string, lenient bool, f *stack.Frame) bool {
	var flags stack.FrameFlags
	name, loc, found := strings.Cut(s, "@")
	if !found {
		if s != "[native code]" && !(lenient && strings.Contains(s, "://")) {
			return false
		}
		name, loc = "", s
	}
	// Firefox prefixes async continuations with their cause: "async*", "promise callback*",
	// "setTimeout handler*", "EventListener.handleEvent*".
	if i := strings.IndexByte(name, '*'); i > 0 && isAsyncCause(name[:i]) {
		flags, name = stack.Async, name[i+1:]
	}
	if !browserName(name) {
		return false
	}
	var l location
	switch {
	case loc == "[native code]":
		l.flags = stack.Native
	case loc == "":
		// Safari's "eval code@" has no location.
		if name != "eval code" {
			return false
		}
	default:
		if !l.parsePosition(loc) || !strings.ContainsAny(l.file, "/\\") {
			return false
		}
		l.firefoxEval()
	}
	f.Raw, f.Flags, f.Function = s, flags|l.flags, name
	f.File, f.Line, f.Column = l.file, l.line, l.col
	return true
}

// firefoxEval reduces Firefox's "https://x/app.js line 12 > eval" (and "> Function") to the file and
// line of the outermost eval call.
func (l *location) firefoxEval() {
	i := strings.Index(l.file, " line ")
	if i < 0 || !strings.Contains(l.file[i:], " > ") {
		return
	}
	rest := l.file[i+len(" line "):]
	j := 0
	for j < len(rest) && stack.IsDigit(rest[j]) {
		j++
	}
	if n, ok := stack.Atoi(rest[:j]); ok {
		l.file, l.line, l.col = l.file[:i], n, 0
	}
}

func isAsyncCause(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c|0x20 >= 'a' && c|0x20 <= 'z' || c == ' ' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// browserName accepts the function names Firefox and Safari print: identifiers, dotted paths,
// accessors ("get total"), Firefox's "outer/inner<" and "/<" markers, and Safari's "global code",
// "eval code", "module code". Other spaces, quotes and a leading slash mark message text or other formats.
func browserName(s string) bool {
	switch s {
	case "global code", "eval code", "module code":
		return true
	}
	if rest, ok := strings.CutPrefix(s, "get "); ok {
		s = rest
	} else if rest, ok := strings.CutPrefix(s, "set "); ok {
		s = rest
	}
	if s != "" && s[0] == '/' {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '"', '\'', '(', ')', ',', ';':
			return false
		}
	}
	return true
}

// scoreBytes is how much of the text Score examines.
const scoreBytes = 4 << 10

// Score rates from 0 to 100 how sure it is that text is a JavaScript stack, from its first 4 KiB:
// V8 frames carry a line and a column ("at f (x.js:1:2)"), which Java, .NET and Ruby frames do not;
// Firefox and Safari frames are "f@url:line:col".
func Score(text string) int {
	if len(text) > scoreBytes {
		text = text[:scoreBytes]
	}
	v8, browser, nodeCode := 0, 0, false
	for pos := 0; pos < len(text); {
		var line string
		line, pos = stack.NextLine(text, pos)
		s, _ := trim(line)
		var f stack.Frame
		switch {
		case stack.HasPrefix(s, "at "):
			if parseV8Frame(s, &f) && (f.Column > 0 || f.Flags&stack.Native != 0) {
				v8++
			}
		case parseBrowserFrame(s, false, &f):
			if f.Column > 0 || f.Flags&stack.Native != 0 {
				browser++
			}
		case v8 == 0 && browser == 0:
			nodeCode = nodeCode || stack.HasPrefix(splitHeader(s).code, "ERR_")
		}
	}
	switch {
	case v8 >= 2:
		return 95
	case browser >= 2:
		return 90
	case v8 == 1:
		return 80
	case browser == 1:
		return 60
	case nodeCode:
		return 40
	}
	return 0
}
