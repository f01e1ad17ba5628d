package php

import "github.com/errorgrouping/errorgrouping/internal/stack"

// The OpenTelemetry PHP SDK formats exceptions like Java's printStackTrace, with "\" turned into ".":
//
//	App.Exception.HttpException: message
//		at App.Http.Controller.OrderController.history(OrderController.php:41)
//		at array_map(Unknown Source)
//		at {main}(index.php:7)
//	Caused by: RuntimeException: inner
//		at App.Repository.OrderRepository.connect(OrderRepository.php:38)
//		... 7 more
//
// Its frames already pair each function with the location inside it, and its chain runs outermost first.

// javaLike reports whether the first frame line of body is an indented "at name(location)" line.
func javaLike(body string) bool {
	for pos := 0; pos < len(body); {
		line, next := stack.NextLine(body, pos)
		pos = next
		if _, _, ok := frameLine(line); ok || stack.TrimSpace(line) == "Stack trace:" {
			return false
		}
		if _, _, ok := atLine(line); ok {
			return true
		}
	}
	return false
}

// atLine parses "\tat qualified.name(file.php:12)": the location may lack the line or be "Unknown Source"
// (the function was called from internal code).
func atLine(line string) (loc site, qual string, ok bool) {
	s := stack.TrimLeft(line)
	if len(s) == len(line) || !stack.HasPrefix(s, "at ") {
		return site{}, "", false
	}
	s = s[len("at "):]
	qual = callName(s)
	if qual == "" || !stack.HasSuffix(s, ")") {
		return site{}, "", false
	}
	where := s[len(qual)+1 : len(s)-1]
	if where == "Unknown Source" {
		return site{flags: stack.Native}, qual, true
	}
	if file, n, numOK := stack.CutSuffixNumber(where, ':'); numOK {
		return site{file: file, line: n}, qual, true
	}
	return site{file: where}, qual, true
}

// moreLine parses "... N more".
func moreLine(line string) (int, bool) {
	s := stack.TrimSpace(line)
	if stack.Indent(line) == 0 || len(s) < len("... 0 more") || !stack.HasPrefix(s, "... ") || !stack.HasSuffix(s, " more") {
		return 0, false
	}
	return stack.Atoi(s[len("... ") : len(s)-len(" more")])
}

func parseJavaLike(body string, t *stack.Trace) {
	hStart, hEnd := -1, -1 // the header being read, as offsets in body
	relation := stack.Root
	complete := false // the last exception ended with {main} or "... N more"
	for pos := 0; pos < len(body); {
		start := pos
		line, next := stack.NextLine(body, pos)
		pos = next
		if loc, qual, ok := atLine(line); ok {
			e := javaException(body, &hStart, hEnd, relation, t)
			f := e.AddFrame()
			f.Raw, f.File, f.Line, f.Flags = stack.TrimLeft(line), loc.file, loc.line, loc.flags
			f.Module, f.Function = splitDotted(qual)
			complete = qual == "{main}"
			continue
		}
		if n, ok := moreLine(line); ok {
			javaException(body, &hStart, hEnd, relation, t).Omitted = n
			complete = true
			continue
		}
		if stack.HasPrefix(line, "Caused by: ") {
			javaException(body, &hStart, hEnd, relation, t)
			if stack.HasPrefix(line, "Caused by: [CIRCULAR REFERENCE: ") {
				complete = true // a repeat of an exception already printed
				break
			}
			hStart, hEnd, relation, complete = start+len("Caused by: "), start+len(line), stack.Cause, false
			continue
		}
		if hStart < 0 && len(t.Exceptions) > 0 {
			break // text after the frames
		}
		if stack.TrimSpace(line) != "" {
			if hStart < 0 {
				hStart = start
			}
			hEnd = start + len(line)
		}
	}
	if hStart >= 0 {
		javaException(body, &hStart, hEnd, relation, t)
	}
	if !complete && t.FrameCount() > 0 {
		t.Truncated = true
	}
}

// javaException returns the current exception, first adding the one of the pending header if any.
func javaException(body string, hStart *int, hEnd int, relation stack.Relation, t *stack.Trace) *stack.Exception {
	if *hStart < 0 && len(t.Exceptions) > 0 {
		return &t.Exceptions[len(t.Exceptions)-1]
	}
	e := t.AddException(relation, len(t.Exceptions)-1)
	if *hStart >= 0 {
		h := body[*hStart:hEnd]
		*hStart = -1
		typ, rest, ok := cutType(h)
		switch {
		case ok && rest == "":
			e.Type = typ
		case ok && stack.HasPrefix(rest, ": "):
			e.Type, e.Message = typ, rest[2:]
		default:
			e.Message = stack.TrimSpace(h)
		}
	}
	return e
}

// splitDotted splits "App.Service.OrderService.run" at the last "." outside braces. A closure keeps the
// namespace PHP gives it ("App.Service.OrderService.App.Service.{closure}" is the class
// App.Service.OrderService and the function App.Service.{closure}), as the native form prints it.
func splitDotted(qual string) (module, function string) {
	k, depth := -1, 0
	for i := 0; i < len(qual); i++ {
		switch qual[i] {
		case '{':
			depth++
		case '}':
			if depth > 0 {
				depth--
			}
		case '.':
			if depth == 0 {
				k = i
			}
		}
	}
	if k < 0 {
		return "", qual
	}
	if qual[k+1:] == "{closure}" {
		if b := closureNamespace(qual[:k]); b >= 0 {
			return cutNUL(qual[:b]), qual[b+1:]
		}
	}
	return cutNUL(qual[:k]), qual[k+1:]
}

// closureNamespace finds, in m = "NS.Class.NS", the dot before the trailing NS, or returns -1. NS has
// as many dots as the other copy, so the dots to check are known from their count.
func closureNamespace(m string) int {
	dots := 0
	for i := 0; i < len(m); i++ {
		if m[i] == '.' {
			dots++
		}
	}
	if dots < 2 || dots%2 != 0 {
		return -1
	}
	want := (dots - 2) / 2 // dots inside NS
	a, b, seen := -1, -1, 0
	for i := 0; i < len(m); i++ {
		if m[i] != '.' {
			continue
		}
		switch seen {
		case want:
			a = i
		case want + 1:
			b = i
		}
		seen++
	}
	if b == a+1 || m[:a] != m[b+1:] {
		return -1
	}
	return b
}
