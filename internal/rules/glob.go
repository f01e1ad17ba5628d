package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxPattern bounds a glob's length in bytes. Matching is O(len(text) × len(pattern)) in the worst case and
// needs no memory, so the bound caps the work one pattern can cost per byte of input.
const maxPattern = 256

// globMode selects how a glob reads its pattern and compares text.
type globMode uint8

const (
	// modeExact compares case-sensitively; '*' matches any run of characters and '\' escapes.
	modeExact globMode = iota
	// modeFold is modeExact without case (simple Unicode lower-casing of both sides).
	modeFold
	// modePath compares without case and reads '\' as '/' in pattern and text alike (so there is no escape
	// character: "[*]" matches a literal star). '*', '?' and classes stay within one path segment; a "**"
	// segment matches any number of whole segments. One leading '/' is ignored on both sides, so "usr/**"
	// and "/usr/**" both match "/usr/lib/x.py".
	modePath
)

// glob is a compiled pattern. Wildcards: '*' any run (none included), '?' one character, "[abc]", "[a-z]",
// "[!a-z]" or "[^a-z]" one character of (or not of) a class.
type glob struct {
	path bool
	seq  seq       // modeExact, modeFold
	segs []segment // modePath: the pattern split at '/'
}

type segment struct {
	globstar bool
	seq      seq
}

// seq is a pattern without path structure. A case-sensitive pattern is split into a literal prefix, a
// middle that starts and ends with a wildcard (empty for a literal pattern), and a literal suffix, because
// most patterns are "lit*", "*lit" or "*lit*" and byte comparisons settle those at once. A folded pattern
// keeps every token in mid, or its lower-cased text in lit when it is a literal: folding can change a
// character's byte length, so folded literals cannot be compared as bytes.
type seq struct {
	fold           bool
	prefix, suffix string
	mid            []token
	// simple is set when mid has only stars and literals; chunks are then the literal runs between stars.
	simple bool
	chunks []string
	isLit  bool
	lit    string
}

type tokKind uint8

const (
	tokLit tokKind = iota
	tokAny
	tokStar
	tokClass
)

type token struct {
	kind   tokKind
	neg    bool
	r      rune
	ranges []runeRange
	// skip is set on a star followed by an ASCII literal: the star then absorbs every byte up to the next
	// occurrence of that literal at once, since the match cannot resume anywhere else.
	skip   bool
	skipTo byte
}

type runeRange struct{ lo, hi rune }

// compileGlob compiles p; the error text is what follows the field name in a configuration error.
func compileGlob(p string, mode globMode) (*glob, error) {
	if len(p) > maxPattern {
		return nil, fmt.Errorf("invalid glob %q: longer than %d bytes", p, maxPattern)
	}
	g := &glob{path: mode == modePath}
	var err error
	if !g.path {
		var toks []token
		if toks, err = parseTokens(p, true, mode == modeFold); err == nil {
			g.seq = newSeq(toks, mode == modeFold)
		}
	} else {
		g.segs, err = parseSegments(p)
	}
	if err != nil {
		return nil, fmt.Errorf("invalid glob %q: %w", p, err)
	}
	return g, nil
}

func parseSegments(p string) ([]segment, error) {
	p = strings.ReplaceAll(p, `\`, "/")
	p = strings.TrimPrefix(p, "/")
	var segs []segment
	for part := range strings.SplitSeq(p, "/") {
		if part == "**" {
			// Consecutive "**" segments match what one does.
			if n := len(segs); n == 0 || !segs[n-1].globstar {
				segs = append(segs, segment{globstar: true})
			}
			continue
		}
		// A "**" inside a segment ("**.py") is a plain star, as in gitignore.
		toks, err := parseTokens(part, false, true)
		if err != nil {
			return nil, err
		}
		segs = append(segs, segment{seq: newSeq(toks, true)})
	}
	return segs, nil
}

var (
	errTrailingBackslash = errors.New("trailing backslash")
	errUnterminatedClass = errors.New("unterminated class")
	errEmptyClass        = errors.New("empty class")
)

func parseTokens(p string, escapes, fold bool) ([]token, error) {
	var toks []token
	for i := 0; i < len(p); {
		r, n := decode(p, i)
		switch {
		case r == '\\' && escapes:
			if i+n == len(p) {
				return nil, errTrailingBackslash
			}
			e, en := decode(p, i+n)
			toks = append(toks, token{kind: tokLit, r: foldIf(e, fold)})
			n += en
		case r == '*':
			// Consecutive stars match what one does, and a single one keeps the backtracking linear.
			if k := len(toks); k == 0 || toks[k-1].kind != tokStar {
				toks = append(toks, token{kind: tokStar})
			}
		case r == '?':
			toks = append(toks, token{kind: tokAny})
		case r == '[':
			t, cn, err := parseClass(p[i:], escapes)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			n = cn
		default:
			toks = append(toks, token{kind: tokLit, r: foldIf(r, fold)})
		}
		i += n
	}
	return toks, nil
}

func newSeq(toks []token, fold bool) seq {
	q := seq{fold: fold}
	if fold {
		q.lit, q.isLit = literalText(toks)
		if !q.isLit {
			q.mid = withSkips(toks)
		}
		return q
	}
	first := slices.IndexFunc(toks, func(t token) bool { return t.kind != tokLit })
	if first < 0 {
		q.prefix, _ = literalText(toks)
		return q
	}
	last := len(toks) - 1
	for toks[last].kind == tokLit {
		last--
	}
	q.prefix, _ = literalText(toks[:first])
	q.suffix, _ = literalText(toks[last+1:])
	q.mid = withSkips(toks[first : last+1])
	q.simple = true
	var chunk []token
	for _, t := range q.mid {
		switch t.kind {
		case tokLit:
			chunk = append(chunk, t)
		case tokStar:
			if len(chunk) > 0 {
				c, _ := literalText(chunk)
				q.chunks, chunk = append(q.chunks, c), chunk[:0]
			}
		default:
			q.simple, q.chunks = false, nil
			return q
		}
	}
	return q
}

// literalText returns the text of toks when they are all literals.
func literalText(toks []token) (string, bool) {
	var b strings.Builder
	for _, t := range toks {
		switch {
		case t.kind != tokLit:
			return "", false
		case t.r < 0:
			b.WriteByte(byte(-t.r))
		default:
			b.WriteRune(t.r)
		}
	}
	return b.String(), true
}

func withSkips(toks []token) []token {
	toks = slices.Clone(toks)
	for i := range toks[:max(len(toks)-1, 0)] {
		if next := toks[i+1]; toks[i].kind == tokStar && next.kind == tokLit && next.r >= 0 && next.r < utf8.RuneSelf {
			toks[i].skip, toks[i].skipTo = true, byte(next.r)
		}
	}
	return toks
}

// parseClass reads the class at the start of p ("[...]") and returns its length.
func parseClass(p string, escapes bool) (token, int, error) {
	t := token{kind: tokClass}
	i := 1
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		t.neg = true
		i++
	}
	for {
		if i >= len(p) {
			return t, 0, errUnterminatedClass
		}
		if p[i] == ']' {
			if len(t.ranges) == 0 {
				return t, 0, errEmptyClass
			}
			return t, i + 1, nil
		}
		lo, n, err := classRune(p[i:], escapes)
		if err != nil {
			return t, 0, err
		}
		i += n
		hi := lo
		if i+1 < len(p) && p[i] == '-' && p[i+1] != ']' {
			if hi, n, err = classRune(p[i+1:], escapes); err != nil {
				return t, 0, err
			}
			if hi < lo {
				return t, 0, fmt.Errorf("invalid range %c-%c", lo, hi)
			}
			i += 1 + n
		}
		t.ranges = append(t.ranges, runeRange{lo, hi})
	}
}

func classRune(p string, escapes bool) (rune, int, error) {
	r, n := decode(p, 0)
	if r != '\\' || !escapes {
		return r, n, nil
	}
	if n == len(p) {
		return 0, 0, errUnterminatedClass
	}
	e, en := decode(p, n)
	return e, n + en, nil
}

// match reports whether the whole of s matches g.
func (g *glob) match(s string) bool {
	if g.path {
		return matchPath(g.segs, s)
	}
	return g.seq.match(s)
}

// match reports whether the whole of s matches q.
func (q *seq) match(s string) bool {
	if q.fold {
		if q.isLit {
			return equalFolded(s, q.lit)
		}
		return matchTokens(q.mid, s, true)
	}
	if len(q.mid) == 0 {
		return s == q.prefix
	}
	if len(s) < len(q.prefix)+len(q.suffix) || !strings.HasPrefix(s, q.prefix) || !strings.HasSuffix(s, q.suffix) {
		return false
	}
	s = s[len(q.prefix) : len(s)-len(q.suffix)]
	if !q.simple {
		return matchTokens(q.mid, s, false)
	}
	// Stars on both sides of every chunk: placing each chunk leftmost leaves the most text for the rest.
	for _, c := range q.chunks {
		i := strings.Index(s, c)
		if i < 0 {
			return false
		}
		s = s[i+len(c):]
	}
	return true
}

// matchTokens is the two-pointer glob algorithm: literals advance both sides; on a mismatch the text resumes
// one character after where the last star started absorbing. Only the last star is ever revisited, because
// any match the earlier stars could give, the last one gives too. Restarts only move forward and a token
// after the star always meets the same offset from the restart, so each (token, text position) pair is
// compared at most once: O(len(s) × len(toks)), with no recursion and no allocation.
func matchTokens(toks []token, s string, fold bool) bool {
	p, t := 0, 0
	starP, starT := -1, 0
	for t < len(s) {
		if p < len(toks) {
			k := &toks[p]
			if k.kind == tokStar {
				starP, starT = p, k.skipFrom(s, t, fold)
				p, t = p+1, starT
				continue
			}
			r, n := decode(s, t)
			if k.matches(r, fold) {
				p++
				t += n
				continue
			}
		}
		if starP < 0 {
			return false
		}
		_, n := decode(s, starT)
		starT = toks[starP].skipFrom(s, starT+n, fold)
		p, t = starP+1, starT
	}
	for p < len(toks) && toks[p].kind == tokStar {
		p++
	}
	return p == len(toks)
}

// skipFrom returns the first offset from i where the literal after star k can match (len(s) when none).
func (k *token) skipFrom(s string, i int, fold bool) int {
	if !k.skip || i >= len(s) {
		return i
	}
	if !fold {
		// Bytes of multi-byte characters are all >= 0x80, so an ASCII byte found is a character.
		if j := strings.IndexByte(s[i:], k.skipTo); j >= 0 {
			return i + j
		}
		return len(s)
	}
	// Stop at non-ASCII bytes too: some characters fold to ASCII letters (the Kelvin sign to 'k').
	for ; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || c|asciiLower(c) == k.skipTo {
			break
		}
	}
	return i
}

// matchPath runs the same two-pointer algorithm one level up: text segments are the characters, "**"
// segments the stars, and segment against segment is seq.match. By the same argument each (pattern
// segment, text segment) pair is compared at most once, and a pair costs at most the product of their
// lengths, so the whole stays O(len(s) × len(pattern)).
func matchPath(segs []segment, s string) bool {
	if s != "" && (s[0] == '/' || s[0] == '\\') {
		s = s[1:]
	}
	p, t := 0, 0 // t is the byte offset of the current text segment; past len(s) when none is left
	starP, starT := -1, 0
	for t <= len(s) {
		end := segmentEnd(s, t)
		if p < len(segs) {
			if segs[p].globstar {
				starP, starT = p, t
				p++
				continue
			}
			if segs[p].seq.match(s[t:end]) {
				p++
				t = end + 1
				continue
			}
		}
		if starP < 0 {
			return false
		}
		starT = segmentEnd(s, starT) + 1
		p, t = starP+1, starT
	}
	for p < len(segs) && segs[p].globstar {
		p++
	}
	return p == len(segs)
}

func segmentEnd(s string, from int) int {
	if i := strings.IndexAny(s[from:], `/\`); i >= 0 {
		return from + i
	}
	return len(s)
}

func (k *token) matches(r rune, fold bool) bool {
	switch k.kind {
	case tokAny:
		return true
	case tokLit:
		return foldIf(r, fold) == k.r
	}
	in := k.inClass(r)
	if !in && fold {
		in = k.inClass(unicode.ToLower(r)) || k.inClass(unicode.ToUpper(r))
	}
	return in != k.neg
}

func (k *token) inClass(r rune) bool {
	for _, rg := range k.ranges {
		if rg.lo <= r && r <= rg.hi {
			return true
		}
	}
	return false
}

// decode reads the character at s[i]. A byte that is not valid UTF-8 reads as its own negative value, so
// that distinct invalid bytes never compare equal and matching stays byte-exact.
func decode(s string, i int) (rune, int) {
	c := s[i]
	if c < utf8.RuneSelf {
		return rune(c), 1
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && n == 1 {
		return -rune(c), 1
	}
	return r, n
}

// asciiLower is the bit that lower-cases an ASCII upper-case letter, 0 for any other byte.
func asciiLower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return 'a' - 'A'
	}
	return 0
}

func foldIf(r rune, fold bool) rune {
	switch {
	case !fold:
		return r
	case r < utf8.RuneSelf:
		if 'A' <= r && r <= 'Z' {
			r += 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// equalFolded compares s, folded rune by rune, with lit, folded at compile time.
func equalFolded(s, lit string) bool {
	i, j := 0, 0
	for i < len(s) && j < len(lit) {
		a, n := decode(s, i)
		b, m := decode(lit, j)
		if foldIf(a, true) != b {
			return false
		}
		i, j = i+n, j+m
	}
	return i == len(s) && j == len(lit)
}
