package golang

import "strings"

// normalizeFunction reduces the part of a Go symbol name after the package to what survives edits and
// toolchain changes (see the package comment). It returns a substring of name unless a counter or type
// argument list has to be cut from the middle.
func normalizeFunction(name string) string {
	name = strings.TrimSuffix(name, "-fm")
	if !hasDigit(name) {
		return stripTypeArgs(name) // no counter to remove: the common case for named functions and methods
	}
	var store [16]component
	comps := split(name, store[:0])
	last := -1 // the innermost named function: the last component that is neither counter nor index
	for i := range comps {
		if comps[i].kind == "" && !comps[i].initIndex {
			last = i
		}
	}
	if last < 0 {
		return stripTypeArgs(name)
	}
	closure := comps[last].ranged
	for i := last + 1; i < len(comps); i++ {
		closure = closure || comps[i].kind != ""
	}
	first := 0
	switch {
	case closure:
		if comps[last].text == "" && last > 0 {
			last-- // "glob..func1": closures of package-level variables
		}
		first = last
		if first > 0 && strings.HasPrefix(comps[first-1].text, "(") {
			first-- // the receiver of the innermost method
		}
	case !anyInitIndex(comps):
		return stripTypeArgs(name)
	}
	var buf [128]byte
	b := buf[:0]
	for i := first; i < len(comps); i++ {
		c := &comps[i]
		if c.initIndex {
			continue
		}
		if i > first {
			b = append(b, '.')
		}
		if c.kind != "" {
			b = append(b, c.kind...)
		} else {
			b = append(b, c.text...)
		}
		if c.ranged {
			b = append(b, "-range"...)
		}
	}
	if rest := name[comps[first].start:]; len(rest) >= len(b) && rest[:len(b)] == string(b) {
		return rest[:len(b)]
	}
	return string(b)
}

// component is one dot-separated element of a function name.
type component struct {
	text  string // without a "-rangeN" suffix
	start int    // offset in the name
	// kind is "func", "gowrap" or "deferwrap" for a closure counter ("func3", "gowrap1", "deferwrap1", or a
	// bare number: "F.func1.2", "F.func1.G.1"), "" for a name.
	kind string
	// ranged: the element ended in "-rangeN", the body of a range-over-func loop.
	ranged bool
	// initIndex: the number of "init.0", the N-th init function of the package.
	initIndex bool
}

// split cuts name at the dots outside type argument lists, which hold dotted type names; each component's
// text is without its type arguments.
func split(name string, comps []component) []component {
	start, depth := 0, 0
	for i := 0; i <= len(name); i++ {
		if i < len(name) {
			switch name[i] {
			case '[':
				depth++
			case ']':
				depth = max(depth-1, 0)
			}
			if name[i] != '.' || depth > 0 {
				continue
			}
		}
		c := component{text: stripTypeArgs(name[start:i]), start: start}
		if j := strings.LastIndex(c.text, "-range"); j >= 0 && isDigits(c.text[j+len("-range"):]) {
			c.text, c.ranged = c.text[:j], true
		}
		switch {
		case counter(c.text, "func"):
			c.kind = "func"
		case counter(c.text, "gowrap"):
			c.kind = "gowrap"
		case counter(c.text, "deferwrap"):
			c.kind = "deferwrap"
		case isDigits(c.text) && len(comps) == 1 && comps[0].text == "init":
			c.initIndex = true
		case isDigits(c.text) && len(comps) > 0:
			// "F.func1.2": a closure nested in a closure; "F.func1.G.1" when G was inlined into F.func1.
			c.kind = "func"
		}
		comps = append(comps, c)
		start = i + 1
	}
	return comps
}

func anyInitIndex(comps []component) bool {
	for i := range comps {
		if comps[i].initIndex {
			return true
		}
	}
	return false
}

// counter reports word followed by a decimal counter: "func12".
func counter(s, word string) bool {
	return len(s) > len(word) && strings.HasPrefix(s, word) && isDigits(s[len(word):])
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// stripTypeArgs removes type argument lists: "Map[...]" -> "Map", "(*Set[go.shape.int]).Add" -> "(*Set).Add".
// Lists nest ("[map[string]int]"), so brackets are counted.
func stripTypeArgs(name string) string {
	open := strings.IndexByte(name, '[')
	if open < 0 {
		return name
	}
	end := closeBracket(name, open)
	if end == len(name) {
		return name[:open]
	}
	var b strings.Builder
	b.Grow(len(name))
	for open >= 0 {
		b.WriteString(name[:open])
		name = name[closeBracket(name, open):]
		open = strings.IndexByte(name, '[')
	}
	b.WriteString(name)
	return b.String()
}

// closeBracket returns the offset just after the "]" that closes the "[" at open, or len(s).
func closeBracket(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '[':
			depth++
		case ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(s)
}
