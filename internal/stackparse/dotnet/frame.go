package dotnet

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// frameLine is what parseFrame reports about a line besides the frame, for Score.
type frameLine struct {
	word string // "at", or the host culture's word for it ("bei", "à", "в", "在" ...)
	args string // the argument list without its parentheses
}

// parseFrame parses an indented frame line into f:
//
//	<indent><word> <Namespace.Type.Method>(<args>)[+<Generated>()][ <word> <file>:<word> <line>]
//
// English prints "   at X.Y(Int32 id) in /src/X.cs:line 31"; other cultures translate the three words
// ("   bei X.Y() in C:\src\X.cs:Zeile 31", "   à X.Y() dans C:\src\X.cs:ligne 31"). NativeAOT may print
// " + 0x64" after the arguments instead of a location. A localised frame without a location must be
// indented by the three spaces .NET prints, or by frameIndent, the indentation of the frames around it.
func parseFrame(line string, frameIndent int, f *stack.Frame) (frameLine, bool) {
	lead := stack.Indent(line)
	if lead == 0 {
		return frameLine{}, false
	}
	s := trimRight(line[lead:])
	sp := strings.IndexByte(s, ' ')
	if sp <= 0 {
		return frameLine{}, false
	}
	word, rest := s[:sp], s[sp+1:]
	if strings.ContainsAny(word, "()") {
		return frameLine{}, false
	}
	open := methodEnd(rest)
	if open <= 0 {
		return frameLine{}, false
	}
	closing := strings.IndexByte(rest[open:], ')')
	if closing < 0 {
		return frameLine{}, false
	}
	closing += open
	args := rest[open+1 : closing]
	// Parameter lists hold type and parameter names only; this keeps out Java "(File.java:12)" and prose.
	if strings.ContainsAny(args, ":\"(") {
		return frameLine{}, false
	}
	name, tail := rest[:open], skipResolvedSuffix(rest[closing+1:])
	english := word == "at"
	var file string
	var lineNo int
	if tail != "" && !strings.HasPrefix(tail, " + 0x") {
		var ok bool
		if file, lineNo, ok = parseLocation(tail); !ok && !english {
			return frameLine{}, false
		}
	}
	// Without the English word or a location, only the indentation and a qualified method (or an
	// expression-tree lambda_method, which has no type) tell a frame from an indented line of prose.
	if !english && file == "" && (lead != 3 && lead != frameIndent ||
		strings.IndexByte(name, '.') < 0 && !strings.HasPrefix(name, "lambda_method")) {
		return frameLine{}, false
	}
	f.Module, f.Function = splitMethod(name)
	f.File, f.Line = file, lineNo
	f.Raw = s
	return frameLine{word: word, args: args}, true
}

// skipResolvedSuffix skips what .NET Core 3.0+ appends after the arguments of a method it resolved from a
// compiler-generated one: the generated method's name and empty arguments, "+MoveNext()" for an iterator
// ("Ns.Type.Candidates(Int32 count)+MoveNext()"), or a lambda's "+<>c.<Method>b__1_0(...)". The frame is
// named by the source method in front, as .NET Core 2.1+ names async methods, so the suffix only has to be
// passed over to reach the location.
func skipResolvedSuffix(tail string) string {
	for len(tail) > 1 && tail[0] == '+' {
		open := methodEnd(tail[1:])
		if open <= 0 {
			return tail
		}
		open++
		closing := strings.IndexByte(tail[open:], ')')
		if closing < 0 || strings.ContainsAny(tail[open+1:open+closing], ":\"(") {
			return tail
		}
		tail = tail[open+closing+1:]
	}
	return tail
}

// methodEnd returns the index of the "(" that opens the argument list, or -1. Spaces may only appear
// inside brackets (generic arguments printed with their assembly names).
func methodEnd(s string) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			if depth > 0 {
				depth--
			}
		case ' ':
			if depth == 0 {
				return -1
			}
		case '(':
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// parseLocation parses " <word> <file>:<word> <line>". The file may hold spaces and drive-letter
// colons, so the line number and its word are found from the end.
func parseLocation(tail string) (file string, line int, ok bool) {
	if len(tail) < 2 || tail[0] != ' ' {
		return "", 0, false
	}
	t := tail[1:]
	sp := strings.IndexByte(t, ' ')
	if sp <= 0 {
		return "", 0, false
	}
	loc := t[sp+1:]
	i := len(loc)
	for i > 0 && stack.IsDigit(loc[i-1]) {
		i--
	}
	if i == len(loc) || i < 2 || loc[i-1] != ' ' {
		return "", 0, false
	}
	n, ok := stack.Atoi(loc[i:])
	if !ok {
		return "", 0, false
	}
	colon := strings.LastIndexByte(loc[:i-1], ':')
	if colon <= 0 || colon+1 == i-1 || strings.IndexByte(loc[colon+1:i-1], ' ') >= 0 {
		return "", 0, false
	}
	return loc[:colon], n, true
}

// splitMethod splits "Ns.Type+Nested`1.<Get>b__0" into the type and the method. Generic method
// arguments ("Execute[TState,TResult]") are dropped; dots inside brackets and compiler-made names
// ("<.cctor>b__272_0", "IValueTaskSource<System.Int32>.GetResult") do not split.
func splitMethod(name string) (module, function string) {
	if strings.HasSuffix(name, "]") {
		depth := 0
		for i := len(name) - 1; i > 0; i-- {
			if name[i] == ']' {
				depth++
			} else if name[i] == '[' {
				if depth--; depth == 0 {
					name = name[:i]
					break
				}
			}
		}
	}
	depth := 0
	for i := len(name) - 1; i > 0; i-- {
		switch name[i] {
		case ']', '>':
			depth++
		case '[', '<':
			if depth > 0 {
				depth--
			}
		case '.':
			if depth != 0 {
				continue
			}
			if name[i-1] == '.' { // constructors: "Type..ctor", "Type..cctor"
				return name[:i-1], name[i:]
			}
			return name[:i], name[i+1:]
		}
	}
	return "", name
}
