package message

import "strings"

// upTo returns the value and end of 1..n digits at j that are not followed by another digit; end is -1
// otherwise.
func upTo(s string, j, n int) (v, end int) {
	k := j
	for k < len(s) && k-j <= n && isDigit(s[k]) {
		v = v*10 + int(s[k]-'0')
		k++
	}
	if k == j || k-j > n {
		return 0, -1
	}
	return v, k
}

// fixed returns the value of exactly n digits at j not followed by another digit, or -1.
func fixed(s string, j, n int) int {
	v, e := upTo(s, j, n)
	if e != j+n {
		return -1
	}
	return v
}

// durationEnd: a number with a time unit, repeated as Go prints them: 30005ms, 1.5s, 250µs, 2m30s,
// 1h0m0s. Spelled-out units ("10 seconds") are left to <int>: the number is the variable part.
func durationEnd(s string, i int) int {
	j := i
	for {
		k := digitsEnd(s, j)
		if k == j {
			return -1
		}
		if byteAt(s, k) == '.' && isDigit(byteAt(s, k+1)) {
			k = digitsEnd(s, k+1)
		}
		u := unitEnd(s, k)
		if u < 0 {
			return -1
		}
		if !isDigit(byteAt(s, u)) {
			return u
		}
		j = u
	}
}

// units, longest first so that "ms" is not read as "m" followed by "s".
var units = [...]string{"mins", "min", "ms", "m", "secs", "sec", "s", "hrs", "hr", "h", "ns", "us", "µs", "μs"}

// unitEnd returns the end of a time unit at k that is followed by a digit (the next part) or a boundary.
func unitEnd(s string, k int) int {
	if c := byteAt(s, k); c != 'm' && c != 's' && c != 'h' && c != 'n' && c != 'u' && c != 0xC2 && c != 0xCE {
		return -1
	}
	for _, u := range units {
		if strings.HasPrefix(s[k:], u) {
			e := k + len(u)
			if isDigit(byteAt(s, e)) || strictEnd(s, e) {
				return e
			}
		}
	}
	return -1
}

// versionEnd: v?N.N.N(.N)* with an optional pre-release or build suffix (1.2.3-rc.1, 1.2.3+b5,
// 5.4.2.Final). Two parts are a <float>; four parts with octets are an <ip>, matched earlier.
func versionEnd(s string, i int) int {
	j := i
	if !isDigit(s[j]) {
		j++
	}
	parts := 0
	for {
		k := digitsEnd(s, j)
		if k == j {
			return -1
		}
		parts++
		j = k
		if byteAt(s, j) != '.' || !isDigit(byteAt(s, j+1)) {
			break
		}
		j++
	}
	if parts < 3 {
		return -1
	}
	for {
		k := j
		if c := byteAt(s, k); c == '.' || c == '-' || c == '+' {
			if byteAt(s, k+1) == '<' { // a placeholder where the suffix went on: see labels
				return -1
			}
			k++
		}
		e := k
		for e < len(s) && isAlnum(s[e]) {
			e++
		}
		if e == k {
			return j
		}
		j = e
	}
}

// groupedEnd: digits, with thousands separators when every group has three digits (4,150,908 is one
// number). A list like 1,2,3 is three numbers; a run that breaks the grouping (1,234,5678) is not grouped.
func groupedEnd(s string, i int) int {
	j := digitsEnd(s, i)
	if j-i > 3 {
		return j
	}
	k := j
	for byteAt(s, k) == ',' && fixed(s, k+1, 3) >= 0 && strictEnd(s, k+4) {
		k += 4
	}
	if k > j && continues(s, k, ',') {
		return j
	}
	return k
}

// floatEnd: a number with a fraction and/or an exponent: 1.5, -0.25, 4,150.5, 1e-9, 6.02E23.
func floatEnd(s string, i int) int {
	j := groupedEnd(s, i)
	frac := false
	if byteAt(s, j) == '.' && isDigit(byteAt(s, j+1)) {
		j, frac = digitsEnd(s, j+1), true
	}
	if byteAt(s, j)|0x20 == 'e' {
		k := j + 1
		if c := byteAt(s, k); c == '+' || c == '-' {
			k++
		}
		if isDigit(byteAt(s, k)) {
			j, frac = digitsEnd(s, k), true
		}
	}
	if !frac {
		return -1
	}
	return j
}
