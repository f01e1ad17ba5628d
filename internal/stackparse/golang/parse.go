// Package golang parses Go stack-trace text: panic and fatal-error dumps (any GOTRACEBACK level),
// runtime/debug.Stack and runtime.Stack output (OpenTelemetry Go's exception.stacktrace, cut at 2 KiB),
// and the header-less "func\n\tfile:line" pairs of dd-trace-go's error.stack and pkg/errors' %+v.
//
// Choices the text leaves open:
//   - Type is the keyword Go prints before the value, "panic" or "fatal error"; Message is the rest,
//     "runtime error: " included (a Go panic value carries no type in the text). Forms without such a
//     header have an empty Type.
//   - "panic: A [recovered]\n\tpanic: B": B is the panic that stopped the program, so it is Exceptions[0],
//     and A is linked to it as its Cause (B was raised by the deferred call that recovered A) or, without
//     [recovered], as its Context (B was raised while A was unwinding). The single goroutine dump holds both
//     raise sites (A's below the "panic(...)" frame), so all frames go to Exceptions[0].
//   - Of several goroutines only the first is read: the runtime prints the failing one first.
//   - pkg/errors prints the innermost error and its stack first and each wrap after it: the last block is
//     the error as returned (Exceptions[0]); the first, whose stack is where the error was created, is the
//     end of the Cause chain.
//   - "created by F in goroutine N" is a frame whose Raw starts with "created by".
//   - "...N frames elided..." adds N to Omitted; "...additional frames elided..." gives no count, so it
//     adds 1 (at least one frame is missing) and marks the trace Truncated.
//   - A dump that ends mid-line was cut (OTel keeps 2,048 bytes): the cut line is dropped, except a file
//     line, whose frame keeps its function and keeps the position only when the "+0x" offset after it
//     shows the line number is whole.
package golang

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// otelStackBytes is the buffer OpenTelemetry Go passes to runtime.Stack: a dump of exactly this size was cut.
const otelStackBytes = 2048

// Parse parses text into t, which the caller has Reset.
func Parse(text string, opts stack.Options, t *stack.Trace) {
	t.Language = stack.Go
	full := len(text)
	text, cut := opts.Head(text)
	p := parser{t: t, text: text, cut: cut, cur: -1,
		open: !cut && text != "" && text[len(text)-1] != '\n'}
	p.run()
	if cut || (p.dump && (p.open || full == otelStackBytes)) {
		t.Truncated = true
	}
	p.link()
}

type parser struct {
	t    *stack.Trace
	text string
	pos  int  // start of the next unread line
	cut  bool // the byte cap removed what followed the last line
	open bool // the text does not end with a newline: in a dump, its last line was cut
	cur  int  // index of the exception receiving frames and message lines; -1 before the first
	// msg is set while the current exception's message may continue on the next line; msgStart is where it starts.
	msg       bool
	msgStart  int
	recovered bool // the current panic's header ended with a [recovered] marker
	dump      bool // a goroutine header was read: the text is a goroutine dump
	goexit    bool // the last frame was runtime.goexit, the bottom of every goroutine
}

func (p *parser) ex() *stack.Exception { return &p.t.Exceptions[p.cur] }

// add starts an exception after the current one in text order. Its Relation describes its link to the
// next one in text order, which becomes its parent once link reverses the chain.
func (p *parser) add() {
	p.t.AddException(stack.Cause, -1)
	p.cur = len(p.t.Exceptions) - 1
	p.msg, p.recovered, p.goexit = false, false, false
}

func (p *parser) run() {
	for p.pos < len(p.text) {
		start := p.pos
		line, next := stack.NextLine(p.text, p.pos)
		p.pos = next
		if next == len(p.text) && p.open && p.dump && !isIndented(line) {
			return // cut mid-line: a partial function name or marker tells nothing reliable
		}
		if typ, off := p.header(line); typ != "" {
			if p.dump {
				return
			}
			p.startHeader(typ, start+off, start+len(line))
			continue
		}
		switch {
		case isGoroutineHeader(line):
			if p.dump {
				return // only the first goroutine is the error's
			}
			p.dump = true
			p.msg = false
			if p.cur < 0 || len(p.ex().Frames) > 0 {
				p.add()
			}
		case p.dump && stack.TrimSpace(line) == "":
			return // end of the first goroutine's block
		case line == "":
			p.msg = false
		case line == "runtime stack:":
			p.skipToGoroutine() // the system stack of a fatal error, not the goroutine's
		case stack.HasPrefix(line, "[signal "):
			p.msg = false
		case line == "...additional frames elided...":
			if p.cur >= 0 {
				p.ex().Omitted++
				p.t.Truncated = true
			}
		case isElided(line):
			if p.cur >= 0 {
				n, _ := stack.Atoi(line[len("...") : len(line)-len(" frames elided...")])
				p.ex().Omitted += n
			}
		case stack.HasPrefix(line, "created by ") && p.cur >= 0 && !p.msg:
			p.createdBy(line)
		case isIndented(line):
			if p.msg {
				p.extendMessage(start + len(line))
			}
			// Otherwise a note such as "\tgoroutine running on other thread; stack unavailable".
		default:
			p.funcLine(start, line, next == len(p.text))
		}
	}
}

// header recognises "panic: " and "fatal error: " lines, and "\tpanic: " after a frameless panic
// (the next panic of a chain). It returns the printed kind and the offset of the message in line.
func (p *parser) header(line string) (typ string, off int) {
	switch {
	case stack.HasPrefix(line, "panic: "):
		return line[:len("panic")], len("panic: ")
	case stack.HasPrefix(line, "fatal error: "):
		return line[:len("fatal error")], len("fatal error: ")
	case stack.HasPrefix(line, "\tpanic: ") && p.cur >= 0 && p.ex().Type != "" && len(p.ex().Frames) == 0:
		return line[1:len("\tpanic")], len("\tpanic: ")
	}
	return "", 0
}

func (p *parser) startHeader(typ string, from, to int) {
	switch {
	case p.cur >= 0 && len(p.ex().Frames) == 0 && p.ex().Type == "":
		// Lines before the header ("runtime: goroutine stack exceeds...", a log prefix) only lead to it.
		p.ex().Message = ""
		p.msg, p.recovered = false, false
	case p.cur >= 0 && len(p.ex().Frames) == 0:
		if !p.recovered {
			p.ex().Relation = stack.Context
		}
		p.add()
	default:
		p.add()
	}
	p.ex().Type = typ
	p.msg, p.msgStart = true, from
	p.extendMessage(to)
}

// extendMessage makes the current message run to end, without a trailing [recovered] marker, which
// also ends it.
func (p *parser) extendMessage(end int) {
	m := p.text[p.msgStart:end]
	for _, marker := range [...]string{" [recovered]", " [recovered, repanicked]"} {
		if stack.HasSuffix(m, marker) {
			m = m[:len(m)-len(marker)]
			p.msg, p.recovered = false, true
		}
	}
	p.ex().Message = m
}

func (p *parser) skipToGoroutine() {
	for p.pos < len(p.text) {
		line, next := stack.NextLine(p.text, p.pos)
		if isGoroutineHeader(line) {
			return
		}
		p.pos = next
	}
}

// funcLine handles a line at column 0 that no marker claims: a function line when a file line follows
// it, else a message line (or, in a dump, a function whose file line is missing).
func (p *parser) funcLine(start int, line string, last bool) {
	fileText, after := stack.NextLine(p.text, p.pos)
	if file, n, whole, ok := parseFileLine(fileText); ok {
		if p.cur < 0 || (p.goexit && !p.dump) {
			p.add() // pkg/errors: a new stack after a complete one belongs to a wrapping error
		}
		p.msg = false
		f := p.frame(line, funcName(line))
		if after < len(p.text) || !p.open || !p.dump || whole {
			f.File, f.Line = file, n
		}
		if f.File == "<autogenerated>" {
			f.Flags |= stack.Generated
		}
		p.goexit = f.Module == "runtime" && f.Function == "goexit"
		p.pos = after
		return
	}
	switch {
	case p.dump:
		if stack.HasSuffix(line, ")") {
			p.frame(line, funcName(line))
		}
	case last && p.cut:
		// A function whose file line, or a message whose stack, was cut off.
	case p.msg:
		p.extendMessage(start + len(line))
	default:
		p.add()
		p.msg, p.msgStart = true, start
		p.extendMessage(start + len(line))
	}
}

func (p *parser) createdBy(line string) {
	name := line[len("created by "):]
	if i := strings.Index(name, " in goroutine "); i >= 0 {
		name = name[:i]
	}
	f := p.frame(line, name)
	fileText, after := stack.NextLine(p.text, p.pos)
	if file, n, whole, ok := parseFileLine(fileText); ok {
		if after < len(p.text) || !p.open || whole {
			f.File, f.Line = file, n
		}
		p.pos = after
	}
}

func (p *parser) frame(raw, name string) *stack.Frame {
	f := p.ex().AddFrame()
	f.Raw = raw
	f.Module, f.Function = splitName(name)
	return f
}

// link puts the chain in reported-first order and points each exception at the one before it.
func (p *parser) link() {
	ex := p.t.Exceptions
	for i, j := 0, len(ex)-1; i < j; i, j = i+1, j-1 {
		ex[i], ex[j] = ex[j], ex[i]
	}
	for i := range ex {
		ex[i].Parent = i - 1
	}
	if len(ex) > 0 {
		ex[0].Relation = stack.Root
	}
}

// funcName strips the argument list from a dump's function line: "pkg.(*T).M(0x0, {...})". Arguments
// never contain parentheses, so the list starts at the last "(".
func funcName(line string) string {
	if !stack.HasSuffix(line, ")") {
		return line
	}
	for i := len(line) - 2; i > 0; i-- {
		if line[i] == '(' {
			return line[:i]
		}
	}
	return line
}

// splitName splits "github.com/acme/app/orders.(*Repo).Find" into the import path and the rest. The
// package name ends at the first "." after the last "/" of the path; dots in the last path element are
// escaped (%2e) in symbol names, and type arguments ("[...]") and receivers come after it.
func splitName(name string) (module, function string) {
	end := len(name)
	for i := 0; i < len(name); i++ {
		if name[i] == '(' || name[i] == '[' {
			end = i
			break
		}
	}
	from := 0
	for i := end - 1; i >= 0; i-- {
		if name[i] == '/' {
			from = i + 1
			break
		}
	}
	for i := from; i < end; i++ {
		if name[i] == '.' {
			return name[:i], name[i+1:]
		}
	}
	return "", name
}

// parseFileLine reads "\t/path/file.go:42 +0x22 fp=0x.. sp=0x.. pc=0x..", whose path may hold spaces
// (C:/Program Files/Go/...). whole reports that the offset follows the line number, so that the
// number was printed whole even if the line was cut after it.
func parseFileLine(line string) (file string, n int, whole, ok bool) {
	if !isIndented(line) {
		return "", 0, false, false
	}
	s := stack.TrimSpace(line)
	for {
		i := len(s) - 1
		for i >= 0 && s[i] != ' ' {
			i--
		}
		if i < 0 {
			break
		}
		tok := s[i+1:]
		if stack.HasPrefix(tok, "+0x") {
			whole = true
		} else if !stack.HasPrefix(tok, "fp=") && !stack.HasPrefix(tok, "sp=") && !stack.HasPrefix(tok, "pc=") {
			break
		}
		s = stack.TrimSpace(s[:i])
	}
	file, n, ok = stack.CutSuffixNumber(s, ':')
	if !ok || file == "" {
		return "", 0, false, false
	}
	return file, n, whole, true
}

// isGoroutineHeader matches "goroutine 7 [running]:" and "goroutine 1 gp=0x.. m=0 mp=0x.. [running]:".
func isGoroutineHeader(line string) bool {
	s := stack.TrimLeft(line)
	if !stack.HasPrefix(s, "goroutine ") || !stack.HasSuffix(s, "]:") {
		return false
	}
	s = s[len("goroutine "):]
	i := 0
	for i < len(s) && stack.IsDigit(s[i]) {
		i++
	}
	return i > 0 && i < len(s) && s[i] == ' ' && strings.IndexByte(s[i:], '[') >= 0
}

// isElided matches "...12 frames elided...", printed between the first and last 50 frames (Go 1.21+).
func isElided(line string) bool {
	const prefix, suffix = "...", " frames elided..."
	return len(line) > len(prefix)+len(suffix) && stack.HasPrefix(line, prefix) && stack.HasSuffix(line, suffix) &&
		stack.IsDigits(line[len(prefix):len(line)-len(suffix)])
}

func isIndented(line string) bool { return line != "" && (line[0] == '\t' || line[0] == ' ') }
