package message

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholders, in matching priority: at each position the first matcher that succeeds wins, so specific
// patterns come before general ones (a uuid is never read as hex, an ip never as floats).
const (
	phEmail       = "<email>"
	phURL         = "<url>"
	phHostname    = "<hostname>"
	phIP          = "<ip>"
	phTraceparent = "<traceparent>"
	phUUID        = "<uuid>"
	phSHA1        = "<sha1>"
	phMD5         = "<md5>"
	phDate        = "<date>"
	phDuration    = "<duration>"
	phHex         = "<hex>"
	phGitSHA      = "<git_sha>"
	phID          = "<id>"
	phVersion     = "<version>"
	phFloat       = "<float>"
	phInt         = "<int>"
	phQuoted      = "<quoted_str>"
	phBool        = "<bool>"
)

// Byte classes, looked up in one table in the hot loops.
const (
	cDigit  = 1 << iota
	cLower  // a-z
	cUpper  // A-Z
	cHex    // 0-9 a-f A-F
	cLocal  // e-mail local part: alnum . _ % + -
	cScheme // URL scheme: alnum + . -
	cAlnum  = cDigit | cLower | cUpper
)

var class = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= '0' && c <= '9':
			t[c] = cDigit | cHex | cLocal | cScheme
		case c >= 'a' && c <= 'z':
			t[c] = cLower | cLocal | cScheme
		case c >= 'A' && c <= 'Z':
			t[c] = cUpper | cLocal | cScheme
		}
		if c|0x20 >= 'a' && c|0x20 <= 'f' {
			t[c] |= cHex
		}
	}
	for _, c := range "._%+-" {
		t[c] |= cLocal
	}
	for _, c := range "+.-" {
		t[c] |= cScheme
	}
	return t
}()

func isDigit(c byte) bool  { return class[c]&cDigit != 0 }
func isAlnum(c byte) bool  { return class[c]&cAlnum != 0 }
func isLetter(c byte) bool { return class[c]&(cLower|cUpper) != 0 }
func isHex(c byte) bool    { return class[c]&cHex != 0 }

// isWordRune is \w with Unicode letters: digits glued to "é" or "日本" stay glued.
func isWordRune(r rune) bool { return r == '_' || isAlnumRune(r) }

func isAlnumRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isAlnum(byte(r))
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// runeAt is the rune at j, or a space past the end (the end of a line is a boundary).
func runeAt(s string, j int) rune {
	if j >= len(s) {
		return ' '
	}
	if s[j] < utf8.RuneSelf {
		return rune(s[j])
	}
	r, _ := utf8.DecodeRuneInString(s[j:])
	return r
}

func byteAt(s string, j int) byte {
	if j < len(s) {
		return s[j]
	}
	return 0
}

// strictEnd is a \b after a match: not followed by a word character. Numbers use it, so x86_64 stays.
func strictEnd(s string, j int) bool { return !isWordRune(runeAt(s, j)) }

// looseEnd also accepts '_' after the match: long unmistakable tokens (uuid, hashes, dates, ids) are
// replaced inside snake_case names such as session_<uuid>.
func looseEnd(s string, j int) bool { return !isAlnumRune(runeAt(s, j)) }

// next caches the position of the next occurrence of a fixed string, so that looking for it from every
// token start stays linear: a search from i is only repeated once i has passed the last answer. pos
// starts at -1 and is len(s) when there is none.
type next struct{ pos int }

func (c *next) find(s string, i int, sub string) int {
	if i > c.pos {
		if k := strings.Index(s[i:], sub); k >= 0 {
			c.pos = i + k
		} else {
			c.pos = len(s)
		}
	}
	return c.pos
}

// scanner normalises one line. Left context is read from dst (what was already written), right context
// from the input: a second pass over the output then sees exactly the left context the first pass saw,
// which is what makes Normalize idempotent.
type scanner struct {
	s    string
	dst  []byte
	base int // len(dst) when the line started: left context never looks before it

	// A failed e-mail or hostname scan proves that no match starts before these offsets (any later start
	// inside the scanned run reaches the same end and fails the same way); this keeps "a.a.a.a..." linear.
	noEmailBefore, noHostBefore int
	at, scheme                  next
	quote                       [2]next
}

func normalizeLine(dst []byte, s string) []byte {
	sc := scanner{s: s, dst: dst, base: len(dst)}
	sc.at.pos, sc.scheme.pos, sc.quote[0].pos, sc.quote[1].pos = -1, -1, -1, -1
	for i := 0; i < len(s); {
		end, ph := sc.match(i)
		if ph != "" {
			sc.dst = append(sc.dst, ph...)
			i = end
			continue
		}
		i = sc.copyToken(i, end)
	}
	return sc.dst
}

// copyToken copies a whole word (ASCII letters and digits and Unicode letters, not '_') or else one
// character. Matchers are only tried at the start of a word, never inside one. The word is known to run
// at least to from.
func (sc *scanner) copyToken(i, from int) int {
	s := sc.s
	j := max(i, from)
	for j < len(s) {
		if s[j] < utf8.RuneSelf {
			if !isAlnum(s[j]) {
				break
			}
			j++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[j:])
		if !isAlnumRune(r) {
			break
		}
		j += n
	}
	if j == i {
		_, n := utf8.DecodeRuneInString(s[i:])
		j = i + n
	}
	sc.dst = append(sc.dst, s[i:j]...)
	return j
}

// prev is the last rune written for this line; the start of a line reads as a space.
func (sc *scanner) prev() rune {
	d := sc.dst[sc.base:]
	if len(d) == 0 {
		return ' '
	}
	if c := d[len(d)-1]; c < utf8.RuneSelf {
		return rune(c)
	}
	r, _ := utf8.DecodeLastRune(d)
	return r
}

func (sc *scanner) prevByte() byte {
	if len(sc.dst) == sc.base {
		return 0
	}
	return sc.dst[len(sc.dst)-1]
}

// maxGlue bounds how far back glued looks, keeping it constant time.
const maxGlue = 64

// glued reports a number that continues an identifier through '-' or '.': utf-8, x86-64, ISO-8859-1,
// HikariPool-1, python3.12. Such numbers are part of a name, not a parameter.
func (sc *scanner) glued() bool {
	d := sc.dst[sc.base:]
	n := len(d)
	if n == 0 || (d[n-1] != '-' && d[n-1] != '.') {
		return false
	}
	for k := n - 2; k >= 0 && k >= n-1-maxGlue; k-- {
		c := d[k]
		if isLetter(c) || c >= utf8.RuneSelf {
			return true
		}
		if !isDigit(c) && c != '_' && c != '.' && c != '-' {
			return false
		}
	}
	return false
}

// idNumber reports a number that ends a name through '-', '.' or '_' but is an id, not part of the name:
// five or more digits without a leading zero (order-12345, job_839210). Shorter ones (utf-8, x86_64,
// windows-1252) and zero-padded codes (ORA-00942) stay.
func (sc *scanner) idNumber(i int) bool {
	if p := sc.prevByte(); p != '-' && p != '.' && p != '_' {
		return false
	}
	return sc.s[i] != '0' && digitsEnd(sc.s, i)-i >= 5
}

// signed reports a '-' just written that is a sign: not preceded by a word character (" -5", "=-5"),
// nor by a placeholder, which stands for one (1-5 is a range: <int>-<int>).
func (sc *scanner) signed() bool {
	d := sc.dst[sc.base:]
	n := len(d)
	if n == 0 || d[n-1] != '-' {
		return false
	}
	if n == 1 {
		return true
	}
	r, _ := utf8.DecodeLastRune(d[:n-1])
	return r != '>' && !isWordRune(r)
}

// number emits a signed number: the '-' already copied becomes part of the placeholder.
func (sc *scanner) number(end int, ph string) (int, string) {
	if sc.signed() {
		sc.dst = sc.dst[:len(sc.dst)-1]
	}
	return end, ph
}

// match tries the matchers in priority order at i and returns the end and placeholder of the first that
// succeeds. When none does, ph is "" and end is how far the word at i is known to run.
func (sc *scanner) match(i int) (end int, ph string) {
	s := sc.s
	c := s[i]
	switch {
	case c == '\'' || c == '"':
		if sc.prevByte() == '=' {
			if e := sc.quotedEnd(i); e > 0 {
				return e, phQuoted
			}
		}
		return 0, ""
	case c == ':':
		if strings.HasPrefix(s[i:], "::") && !isWordRune(sc.prev()) {
			if e := ipv6End(s, i); e > 0 {
				return e, phIP
			}
		}
		return 0, ""
	case !isAlnum(c):
		return 0, ""
	}

	p := sc.prev() // never a letter or digit here: words are copied whole; '_' is the one word rune left
	strict := !isWordRune(p)
	r := scanRun(s, i)
	n := r.end - i
	if r.digits == 0 && plainWord(s, i, r.end) && sc.prevByte() != '=' {
		return r.end, ""
	}

	if strict && p != '.' && p != '%' && p != '+' {
		if e := sc.emailEnd(i); e > 0 {
			return e, phEmail
		}
	}
	if isLetter(c) {
		if e := sc.urlEnd(i); e > 0 {
			return e, phURL
		}
	}
	if after := byteAt(s, r.end); strict && (after == '.' || after == '-' || after == '_') {
		if e := sc.hostnameEnd(i); e > 0 {
			return e, phHostname
		}
	}
	if strict {
		if isDigit(c) {
			if e := ipv4End(s, i); e > 0 && strictEnd(s, e) && !continues(s, e, '.') {
				return e, phIP
			}
		}
		if r.seen&rNonHex == 0 && n <= 4 && byteAt(s, r.end) == ':' {
			if e := ipv6End(s, i); e > 0 {
				return e, phIP
			}
		}
	}
	if e := traceparentEnd(s, i); e > 0 && looseEnd(s, e) {
		return e, phTraceparent
	}
	if e := uuidEnd(s, i); e > 0 && looseEnd(s, e) {
		return e, phUUID
	}
	if r.hexLike() && looseEnd(s, r.end) {
		switch n {
		case 40:
			return r.end, phSHA1
		case 32:
			return r.end, phMD5
		}
	}
	if r.dateShaped(s, i) {
		if e := dateEnd(s, i); e > 0 && looseEnd(s, e) {
			return e, phDate
		}
	}
	numeric := isDigit(c) && (strict && !sc.glued() || sc.idNumber(i))
	if numeric {
		if e := durationEnd(s, i); e > 0 && strictEnd(s, e) {
			return sc.number(e, phDuration)
		}
	}
	if looseEnd(s, r.end) {
		if c == '0' && n > 2 && s[i+1]|0x20 == 'x' && allHex(s[i+2:r.end]) {
			return r.end, phHex
		}
		if r.hexLike() && r.digits > 0 && r.letters > 0 {
			// Short runs must alternate letters and digits at least twice: ab12, abc1, E1000 are names and
			// error codes, 9af8 and 3f9a1c are hex.
			if (n >= 4 && n <= 6 && r.switches >= 2 || n >= 8 && n <= 128) && !r.exponent(s, i) {
				return r.end, phHex
			}
			if n == 7 && r.seen&rUpperHex == 0 {
				return r.end, phGitSHA
			}
		}
		if n >= 16 && r.digits >= 3 && r.switches >= 3 {
			return r.end, phID
		}
	}
	if strict && (isDigit(c) || (c|0x20 == 'v' && isDigit(byteAt(s, i+1)))) && (p != '.' || !sc.glued()) {
		if e := versionEnd(s, i); e > 0 && strictEnd(s, e) {
			return e, phVersion
		}
	}
	if numeric {
		if e := floatEnd(s, i); e > 0 && strictEnd(s, e) {
			return sc.number(e, phFloat)
		}
		if e := groupedEnd(s, i); strictEnd(s, e) {
			return sc.number(e, phInt)
		}
	}
	if sc.prevByte() == '=' && isBool(s[i:r.end]) && strictEnd(s, r.end) {
		return r.end, phBool
	}
	return r.end, ""
}

// plainWord is the fast path for most words: letters only, followed by nothing that could extend them
// into an address, a name, a hash or a date, so no matcher can succeed.
func plainWord(s string, i, end int) bool {
	if n := end - i; n == 32 || n == 40 || class[s[i]]&cUpper != 0 && n <= len("September") {
		return false
	}
	switch byteAt(s, end) {
	case '.', '-', '_', '@', ':', '%', '+':
		return false
	}
	return true
}

// continues reports s[j] == sep followed by a digit or by '<': the token goes on, so what ends at j is
// only part of it. '<' counts because an earlier pass leaves placeholders where digits and names were.
func continues(s string, j int, sep byte) bool {
	if byteAt(s, j) != sep {
		return false
	}
	c := byteAt(s, j+1)
	return isDigit(c) || c == '<'
}

// run describes the maximal ASCII letter/digit run at a token start, for the run-shaped matchers.
type run struct {
	end, digits, letters int
	seen                 uint8 // rDigit, rLowerHex, rUpperHex, rNonHex bits of the run's bytes
	switches             int   // letter/digit alternations: random ids have many, names few
}

const (
	rDigit = 1 << iota
	rLowerHex
	rUpperHex
	rNonHex // a letter past f
)

var runClass = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= '0' && c <= '9':
			t[c] = rDigit
		case c >= 'a' && c <= 'f':
			t[c] = rLowerHex
		case c >= 'A' && c <= 'F':
			t[c] = rUpperHex
		case c|0x20 >= 'a' && c|0x20 <= 'z':
			t[c] = rNonHex
		}
	}
	return t
}()

func scanRun(s string, i int) run {
	var seen uint8
	digits, switches := 0, 0
	wasDigit := isDigit(s[i])
	j := i
	for ; j < len(s); j++ {
		t := runClass[s[j]]
		if t == 0 {
			break
		}
		seen |= t
		digit := t == rDigit
		if digit {
			digits++
		}
		if digit != wasDigit {
			switches++
		}
		wasDigit = digit
	}
	return run{end: j, digits: digits, letters: j - i - digits, seen: seen, switches: switches}
}

// dateShaped is a cheap filter for dateEnd: a month or weekday name before ' ' or ',', a year before '-'
// or '/', a day or hour before ' ', '-', '/' or ':', or a compact 20060102T150405.
func (r run) dateShaped(s string, i int) bool {
	n, next := r.end-i, byteAt(s, r.end)
	switch {
	case r.digits == 0:
		return class[s[i]]&cUpper != 0 && n <= len("September") && (next == ' ' || next == ',')
	case r.digits == n && n == 4:
		return next == '-' || next == '/'
	case r.digits == n && n <= 2:
		return next == ' ' || next == '-' || next == '/' || next == ':'
	}
	return n >= len("20060102T150405") && s[i+8] == 'T'
}

// hexLike: only hex digits, letters in one case (mixed case is text or base64, not hex).
func (r run) hexLike() bool {
	return r.seen&rNonHex == 0 && r.seen&(rLowerHex|rUpperHex) != rLowerHex|rUpperHex
}

// exponent reports a run shaped like 25e10, a float in scientific notation rather than hex. A long
// exponent (550e8400) is not a plausible float.
func (r run) exponent(s string, i int) bool {
	if r.letters != 1 || !isDigit(s[i]) || !isDigit(s[r.end-1]) {
		return false
	}
	k := strings.IndexAny(s[i:r.end], "eE")
	return k >= 0 && r.end-(i+k+1) <= 3
}

func allHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isHex(s[i]) {
			return false
		}
	}
	return true
}

func digitsEnd(s string, j int) int {
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	return j
}

func isBool(w string) bool {
	switch w {
	case "true", "false", "True", "False", "TRUE", "FALSE":
		return true
	}
	return false
}

// quotedEnd: the value of key='...' or key="..." up to the same quote on the line.
func (sc *scanner) quotedEnd(i int) int {
	q := 0
	if sc.s[i] == '"' {
		q = 1
	}
	k := sc.quote[q].find(sc.s, i+1, sc.s[i:i+1])
	if k == len(sc.s) {
		return -1
	}
	return k + 1
}
