package message

import "strings"

// hexEnd returns i+n when s has n hex digits at i, else -1.
func hexEnd(s string, i, n int) int {
	if i+n > len(s) || !allHex(s[i:i+n]) {
		return -1
	}
	return i + n
}

// dashed matches hex groups of the given lengths separated by '-' and returns the end, or -1.
func dashed(s string, i int, groups ...int) int {
	j := i
	for g, n := range groups {
		if g > 0 {
			if byteAt(s, j) != '-' {
				return -1
			}
			j++
		}
		if j = hexEnd(s, j, n); j < 0 {
			return -1
		}
	}
	return j
}

// traceparentEnd: W3C 00-<32 hex>-<16 hex>-<2 hex>, or the AWS X-Ray form 1-<8 hex>-<24 hex>.
func traceparentEnd(s string, i int) int {
	if byteAt(s, i+2) == '-' {
		return dashed(s, i, 2, 32, 16, 2)
	}
	if s[i] == '1' && byteAt(s, i+1) == '-' {
		return dashed(s, i+2, 8, 24)
	}
	return -1
}

func uuidEnd(s string, i int) int {
	if byteAt(s, i+8) != '-' {
		return -1
	}
	return dashed(s, i, 8, 4, 4, 4, 12)
}

// emailEnd: local part of letters, digits and ._%+- then @ and a domain whose last label is letters.
func (sc *scanner) emailEnd(i int) int {
	s := sc.s
	if i < sc.noEmailBefore {
		return -1
	}
	at := sc.at.find(s, i, "@")
	j := i
	for j < at && class[s[j]]&cLocal != 0 {
		j++
	}
	if j != at || at == len(s) {
		sc.noEmailBefore = j
		return -1
	}
	end, last, count := labels(s, at+1)
	if count < 2 || end-last < 2 || !allLetters(s[last:end]) || !strictEnd(s, end) {
		sc.noEmailBefore = at
		return -1
	}
	return end
}

// labels scans dot-separated DNS labels greedily from k: the end, the start of the last label and the
// number of labels. Labels may hold '_' as real host names do (db_host.example.com, docker service names).
// A '.' followed by '<' yields count 0: an earlier pass put a placeholder where a label was, and a name
// that did not match then must not match now.
func labels(s string, k int) (end, last, count int) {
	for {
		j := k
		for j < len(s) && (isAlnum(s[j]) || s[j] == '-' || s[j] == '_') {
			j++
		}
		if j == k {
			return k, last, count
		}
		last, count = k, count+1
		if byteAt(s, j) == '.' && byteAt(s, j+1) == '<' {
			return j, last, 0
		}
		if byteAt(s, j) != '.' || !isAlnum(byteAt(s, j+1)) {
			return j, last, count
		}
		k = j + 1
	}
}

func allLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return true
}

// hostnameEnd: two or more labels ending in a common lowercase TLD, between word boundaries.
func (sc *scanner) hostnameEnd(i int) int {
	if i < sc.noHostBefore {
		return -1
	}
	s := sc.s
	end, last, count := labels(s, i)
	if count < 2 || !isTLD(s[last:end]) || !strictEnd(s, end) {
		sc.noHostBefore = end
		return -1
	}
	return end
}

// isTLD lists common top-level domains, lowercase only (ASP.NET stays). Left out on purpose: ones that
// are also file extensions or code identifiers (py, sh, rs, md, pl, cc, cl, so, zip, mov; app, info, name,
// int, cloud, site in obj.app, log.info, user.name, google.cloud) and English words (in, is, it, at, be,
// to, no, me, do, id).
func isTLD(l string) bool {
	switch l {
	case "com", "net", "org", "edu", "gov", "mil", "biz", "io", "co", "ai", "dev", "xyz", "tech", "online",
		"tv", "ly", "gg", "local", "internal",
		"uk", "us", "eu", "de", "fr", "es", "pt", "nl", "se", "dk", "fi", "ch", "cz", "sk", "hu", "ro", "gr",
		"ie", "ru", "ua", "tr", "il", "ir", "jp", "cn", "kr", "tw", "hk", "sg", "vn", "au", "nz", "ca", "br",
		"mx", "ar", "za":
		return true
	}
	return false
}

// maxScheme bounds the scheme scan (the longest registered schemes are about 30 characters).
const maxScheme = 32

// urlEnd: any scheme:// up to whitespace, a quote, '<', '>' or '`', without trailing sentence punctuation
// and without closing brackets that the URL did not open ("(see http://x/a)." keeps ")." outside).
func (sc *scanner) urlEnd(i int) int {
	s := sc.s
	k := sc.scheme.find(s, i, "://")
	if k == len(s) || k-i > maxScheme {
		return -1
	}
	for j := i + 1; j < k; j++ {
		if class[s[j]]&cScheme == 0 {
			return -1
		}
	}
	start := k + 3
	e := start
	var open, closed [3]int // () [] {}
	for ; e < len(s); e++ {
		c := s[e]
		if isSpace(c) || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`' {
			break
		}
		if b := strings.IndexByte("([{", c); b >= 0 {
			open[b]++
		} else if b := strings.IndexByte(")]}", c); b >= 0 {
			closed[b]++
		}
	}
	for e > start {
		c := s[e-1]
		if strings.IndexByte(".,;:!?", c) >= 0 {
			e--
			continue
		}
		if b := strings.IndexByte(")]}", c); b >= 0 && closed[b] > open[b] {
			closed[b]--
			e--
			continue
		}
		break
	}
	if e == start {
		return -1
	}
	return e
}

// ipv4End: four dotted octets 0-255.
func ipv4End(s string, i int) int {
	j := i
	for n := 0; n < 4; n++ {
		if n > 0 {
			if byteAt(s, j) != '.' {
				return -1
			}
			j++
		}
		v, e := upTo(s, j, 3)
		if e < 0 || v > 255 {
			return -1
		}
		j = e
	}
	return j
}

// ipv6End: hex groups with at most one "::", eight groups without it, an optional embedded IPv4 tail and
// %zone. At least one decimal digit is required so that Rust and C++ paths like dead::beef stay; the
// caller requires no word character before (Option::unwrap, Foo::bar).
func ipv6End(s string, i int) int {
	j, groups, double, digit := i, 0, false, false
	if strings.HasPrefix(s[i:], "::") {
		j, double = i+2, true
	}
	for {
		k := j
		for k < len(s) && k-j < 5 && isHex(s[k]) {
			digit = digit || isDigit(s[k])
			k++
		}
		if k == j {
			break
		}
		if k-j > 4 {
			return -1
		}
		if byteAt(s, k) == '.' {
			e := ipv4End(s, j)
			if e < 0 || groups > 6 {
				return -1
			}
			j, groups = e, groups+2
			break
		}
		j, groups = k, groups+1
		if groups > 8 {
			return -1
		}
		if strings.HasPrefix(s[j:], "::") {
			if double {
				return -1
			}
			j, double = j+2, true
			continue
		}
		if byteAt(s, j) == ':' && isHex(byteAt(s, j+1)) {
			j++
			continue
		}
		break
	}
	if !digit || (double && groups > 7) || (!double && groups != 8) {
		return -1
	}
	if byteAt(s, j) == '%' && isAlnum(byteAt(s, j+1)) {
		j++
		for j < len(s) && (isAlnum(s[j]) || s[j] == '_') {
			j++
		}
	}
	// A placeholder right after (or after ':' / '.') stands where more of the address may have been.
	if byteAt(s, j) == '<' || continues(s, j, ':') || continues(s, j, '.') || continues(s, j, '%') ||
		isAlnumRune(runeAt(s, j)) {
		return -1
	}
	return j
}
