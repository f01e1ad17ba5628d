package stack

import "strings"

// Small allocation-free helpers the hand-written parsers share.

// NextLine returns the line starting at pos (without its "\n" or "\r\n") and the position after it.
// At the end of text it returns ("", len(text)).
func NextLine(text string, pos int) (line string, next int) {
	if pos >= len(text) {
		return "", len(text)
	}
	end := len(text)
	if i := strings.IndexByte(text[pos:], '\n'); i >= 0 {
		end = pos + i
	}
	next = end
	if next < len(text) {
		next++
	}
	if end > pos && text[end-1] == '\r' {
		end--
	}
	return text[pos:end], next
}

// TrimSpace trims ASCII spaces and tabs (and stray \r) from both ends.
func TrimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// TrimLeft trims leading ASCII spaces and tabs.
func TrimLeft(s string) string {
	i := 0
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return s[i:]
}

// Indent is the number of leading spaces and tabs.
func Indent(s string) int {
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

// IsDigit reports an ASCII digit.
func IsDigit(c byte) bool { return c >= '0' && c <= '9' }

// IsDigits reports a non-empty run of ASCII digits.
func IsDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !IsDigit(s[i]) {
			return false
		}
	}
	return true
}

// Atoi parses a non-negative decimal of at most 9 digits; ok is false otherwise.
func Atoi(s string) (n int, ok bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if !IsDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// CutSuffixNumber splits "path:12" into ("path", 12, true) when s ends in sep followed by digits.
func CutSuffixNumber(s string, sep byte) (rest string, n int, ok bool) {
	i := len(s)
	for i > 0 && IsDigit(s[i-1]) {
		i--
	}
	if i == len(s) || i == 0 || s[i-1] != sep {
		return s, 0, false
	}
	n, ok = Atoi(s[i:])
	if !ok {
		return s, 0, false
	}
	return s[:i-1], n, true
}

// HasPrefix and HasSuffix avoid importing strings in the tightest loops; they are the same as strings'.
func HasPrefix(s, prefix string) bool { return len(s) >= len(prefix) && s[:len(prefix)] == prefix }

func HasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}

// IsIdentByte reports bytes that may appear in a dotted type name in most languages.
func IsIdentByte(c byte) bool {
	return c == '_' || c == '$' || IsDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'z') || c >= 0x80
}
