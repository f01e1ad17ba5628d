// Package php parses PHP stack traces: Throwable::__toString() and the fatal "Uncaught" error output,
// the same frames as dd-trace-php sends them (no arguments, no first header), and the Java-like text of
// the OpenTelemetry PHP SDK.
//
// PHP prints each frame as a call and its call site: "#0 Controller.php(17): App\Service->run()" says
// that run was called from line 17 of Controller.php. The parser pairs every function with the location
// inside it instead, as the other languages' frames are: the throw location of the header ("in
// Service.php:42") goes with #0's function, #0's call site with #1's function, and so on down to {main}.
// Frames[0] is thus the crash site and, in the usual case, names the function that threw. Where #0 is an
// internal function (intdiv, PDO->__construct) the header location is its call site in the caller, and
// ErrorException headers carry the location of the converted warning whatever #0 is.
package php

import "github.com/errorgrouping/errorgrouping/internal/stack"

// Parse parses text into t, which the caller has Reset. It sets t.Language.
func Parse(text string, opts stack.Options, t *stack.Trace) {
	t.Language = stack.PHP
	body, cut := opts.Head(text)
	if cut {
		t.Truncated = true
	}
	if javaLike(body) {
		parseJavaLike(body, t)
	} else {
		parseNative(body, t)
	}
	// The Datadog agent appends "..." to the values it cuts.
	if stack.HasSuffix(trimRight(body), "...") && t.FrameCount() > 0 {
		t.Truncated = true
	}
}

// site is a frame's location: a call site as PHP prints it, or the throw location of a header.
type site struct {
	file  string
	line  int
	flags stack.FrameFlags
}

// Block states of the native grammar.
const (
	inHeader  = iota // the lines of an exception header, up to "Stack trace:" or the first frame
	inFrames         // "#N ..." lines
	afterMain        // the block ended with "#N {main}"
)

// parseNative parses "Type: message in file:line\nStack trace:\n#0 ...\n#N {main}" blocks, joined by
// "\n\nNext ". PHP prints the innermost (previous) exception first, so the blocks are reversed at the end.
func parseNative(body string, t *stack.Trace) {
	state := inHeader
	hStart, hEnd := -1, -1 // the header being read, as offsets in body
	var pending site       // the location that goes with the next frame's function
	for pos := 0; pos < len(body); {
		start := pos
		line, next := stack.NextLine(body, pos)
		pos = next
		loc, call, isFrame := frameLine(line)
		if isFrame {
			if state == afterMain {
				break
			}
			if state == inHeader {
				pending = startBlock(body, hStart, hEnd, t)
				state = inFrames
			}
			e := &t.Exceptions[len(t.Exceptions)-1]
			f := e.AddFrame()
			f.Raw, f.File, f.Line, f.Flags = line, pending.file, pending.line, pending.flags
			f.Module, f.Function = splitCall(call)
			pending = loc
			if call == "{main}" {
				state = afterMain
			}
			continue
		}
		trimmed := stack.TrimSpace(line)
		if state == inHeader {
			if trimmed == "Stack trace:" {
				pending = startBlock(body, hStart, hEnd, t)
				state = inFrames
			} else if trimmed != "" {
				if hStart < 0 {
					hStart = start
				}
				hEnd = start + len(line)
			}
			continue
		}
		switch {
		case trimmed == "" || stack.HasPrefix(trimmed, "thrown in "):
		case stack.HasPrefix(line, "Next "):
			if state == inFrames {
				t.Truncated = true // a block that does not end with {main} was cut
			}
			state, hStart, hEnd = inHeader, start+len("Next "), start+len(line)
		default:
			pos = len(body) // not part of a PHP trace: stop
		}
	}
	switch {
	case state == inFrames:
		t.Truncated = true
	case state == inHeader && hStart >= 0:
		// A header without frames: a bare "Type: message" line, or a "Next" block cut after its header.
		if len(t.Exceptions) > 0 {
			t.Truncated = true
		}
		startBlock(body, hStart, hEnd, t)
	}
	reverseChain(t.Exceptions)
}

// startBlock adds the exception of body[hStart:hEnd] (none when hStart < 0: dd-trace-php leaves the
// first header out) and returns its throw location.
func startBlock(body string, hStart, hEnd int, t *stack.Trace) site {
	e := t.AddException(stack.Root, -1)
	if hStart < 0 {
		return site{}
	}
	return parseHeader(body[hStart:hEnd], e)
}

// reverseChain turns the native innermost-first order into outermost-first, each exception the cause
// of the one before it.
func reverseChain(ex []stack.Exception) {
	for i, j := 0, len(ex)-1; i < j; i, j = i+1, j-1 {
		ex[i], ex[j] = ex[j], ex[i]
	}
	for i := range ex {
		ex[i].Relation, ex[i].Parent = stack.Cause, i-1
	}
	if len(ex) > 0 {
		ex[0].Relation = stack.Root
	}
}

// parseHeader fills e from a header and returns the throw location. Forms:
//
//	Type: message in /path/file.php:42      (the message may span lines)
//	Type in /path/file.php:42               (empty message)
//	PHP Fatal error:  Uncaught Type: message in /path/file.php:42
//	PHP Fatal error:  Allowed memory size ... exhausted in /path/file.php on line 42
func parseHeader(h string, e *stack.Exception) site {
	if level, rest := errorLevel(h); level != "" {
		if !stack.HasPrefix(rest, "Uncaught ") {
			msg, loc := cutLocation(rest)
			e.Type, e.Message = level, msg
			return loc
		}
		h = rest[len("Uncaught "):]
	}
	typ, rest, ok := cutType(h)
	switch {
	case !ok:
		e.Message = stack.TrimSpace(h)
		return site{}
	case rest == "":
		e.Type = typ
		return site{}
	case stack.HasPrefix(rest, ": "):
		e.Type = typ
		msg, loc := cutLocation(rest[2:])
		e.Message = msg
		return loc
	case stack.HasPrefix(rest, " in "):
		e.Type = typ
		_, loc := cutLocation(rest)
		return loc
	}
	e.Message = stack.TrimSpace(h)
	return site{}
}

// errorLevel splits the prefix of PHP's error handler off a header: "PHP Fatal error:  " as logged,
// "Fatal error: " as displayed, possibly after an error_log "[date] " stamp. level is empty when h
// has no such prefix.
func errorLevel(h string) (level, rest string) {
	s := h
	if len(s) > 0 && s[0] == '[' {
		i := 1
		for i < len(s) && s[i] != ']' && s[i] != '\n' {
			i++
		}
		if i+1 >= len(s) || s[i] != ']' || s[i+1] != ' ' {
			return "", h
		}
		s = s[i+2:]
	}
	if stack.HasPrefix(s, "PHP ") {
		s = s[len("PHP "):]
	}
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i]|0x20 >= 'a' && s[i]|0x20 <= 'z')) {
		i++
	}
	if i == 0 || i+1 >= len(s) || s[i] != ':' || s[i+1] != ' ' {
		return "", h
	}
	level = s[:i]
	switch {
	case stack.HasSuffix(level, " error"), level == "Warning", level == "Notice", level == "Deprecated":
		return level, stack.TrimLeft(s[i+2:])
	}
	return "", h
}

// cutType splits the class name off the start of a header. An anonymous class is named
// "Parent@anonymous", a NUL byte and "path:line$n": the type stops at the NUL and the path is skipped.
func cutType(h string) (typ, rest string, ok bool) {
	i := 0
	for i < len(h) && (stack.IsIdentByte(h[i]) || h[i] == '\\' || h[i] == '.' || h[i] == '@') {
		i++
	}
	if i == 0 {
		return "", h, false
	}
	typ = h[:i]
	if i < len(h) && h[i] == 0 {
		for i < len(h) && h[i] != '\n' && !stack.HasPrefix(h[i:], ": ") && !stack.HasPrefix(h[i:], " in ") {
			i++
		}
	}
	return typ, h[i:], true
}

// cutLocation splits "message in file:line" (or "... in file on line N") at the last " in " of its last
// line; messages often contain " in " themselves (TypeError's "called in X on line N and defined in").
func cutLocation(s string) (msg string, loc site) {
	last := len(s)
	for last > 0 && s[last-1] != '\n' {
		last--
	}
	before, n, ok := stack.CutSuffixNumber(s, ':')
	if !ok {
		before, n, ok = stack.CutSuffixNumber(s, ' ')
		if !ok || !stack.HasSuffix(before, " on line") {
			return s, site{}
		}
		before = before[:len(before)-len(" on line")]
	}
	for i := len(before) - len(" in "); i >= last; i-- {
		if before[i:i+len(" in ")] == " in " {
			if i+len(" in ") == len(before) {
				break
			}
			return s[:i], site{file: before[i+len(" in "):], line: n}
		}
	}
	return s, site{}
}

// frameLine parses one native frame line: "#N file(line): call(args)", "#N [internal function]:
// call(args)", "#N [unknown file]: call(args)" (dd-trace-php leaves out the ": "), "#N {main}", and
// dd-trace-php's "#N [invalid frame]". loc is the call site; call is the callee without its arguments
// ("" for an invalid frame). ok is false for any other line, including a frame cut inside its name.
func frameLine(line string) (loc site, call string, ok bool) {
	if len(line) < 3 || line[0] != '#' {
		return site{}, "", false
	}
	i := 1
	for i < len(line) && stack.IsDigit(line[i]) {
		i++
	}
	if i == 1 || i >= len(line) || line[i] != ' ' {
		return site{}, "", false
	}
	rest := line[i+1:]
	switch {
	case rest == "{main}":
		return site{}, rest, true
	case rest == "[invalid frame]":
		return site{}, "", true
	case stack.HasPrefix(rest, "[internal function]"):
		loc.flags = stack.Native
		rest = rest[len("[internal function]"):]
	case stack.HasPrefix(rest, "[unknown file]"):
		rest = rest[len("[unknown file]"):]
	default:
		if loc, rest, ok = cutCallSite(rest); !ok {
			return site{}, "", false
		}
	}
	if stack.HasPrefix(rest, ": ") {
		rest = rest[2:]
	}
	call = callName(rest)
	return loc, call, call != ""
}

// cutCallSite splits "file(line): rest" at the first "(digits): ". Files may contain parentheses
// ("/x/Rules.php(10) : eval()'d code(1): f()"), never that sequence.
func cutCallSite(s string) (loc site, rest string, ok bool) {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != ')' || s[i+1] != ':' || (i+2 < len(s) && s[i+2] != ' ') {
			continue
		}
		j := i
		for j > 0 && stack.IsDigit(s[j-1]) {
			j--
		}
		if j == i || j < 2 || s[j-1] != '(' {
			continue
		}
		n, numOK := stack.Atoi(s[j:i])
		if !numOK {
			continue
		}
		rest = s[i+1:]
		return site{file: s[:j-1], line: n}, rest, true
	}
	return site{}, "", false
}

// callName returns the name before the argument list: the first "(" outside braces, since PHP 8.4
// closure names hold parentheses ("{closure:App\Foo::bar():12}"). It is "" when there is no argument
// list (the line was cut inside the name).
func callName(s string) string {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case '(':
			if depth == 0 {
				return s[:i]
			}
		}
	}
	return ""
}

// splitCall splits "Class->method" or "Class::method" at the first separator outside braces; a plain
// function has no module. Anonymous classes keep only their "Parent@anonymous" name.
func splitCall(call string) (module, function string) {
	depth := 0
	for i := 0; i+1 < len(call); i++ {
		switch c := call[i]; c {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case '-', ':':
			next := byte('>')
			if c == ':' {
				next = ':'
			}
			if depth == 0 && call[i+1] == next {
				return cutNUL(call[:i]), call[i+2:]
			}
		}
	}
	return "", call
}

// cutNUL drops the "\x00path:line$n" suffix of an anonymous class name.
func cutNUL(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return s[:i]
		}
	}
	return s
}

func trimRight(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == '\r' || s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}
