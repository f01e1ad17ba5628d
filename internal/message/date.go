package message

import "strings"

// dateEnd matches the common date and time layouts at i and returns their end, or -1:
//
//	2024-01-02  2024/01/02  2024-01-02T15:04:05.123Z  2024-01-02 15:04:05,123 +0000 UTC   (ISO, Go, Python)
//	20060102T150405Z                                                                     (compact ISO)
//	15:04:05  15:04:05.999  3:04 PM                                                      (times)
//	02 Jan 2006 15:04 MST  02-Jan-06  02/Jan/2006:15:04:05 -0700                         (RFC 822/850, CLF)
//	Mon, 02 Jan 2006 15:04:05 MST                                                        (RFC 1123)
//	Mon Jan  2 15:04:05 2006  Tue Jan 02 15:04:05 PST 2024  Jan  2 15:04:05              (C, Java, syslog)
//	Mon Jan 02 2006 15:04:05 GMT-0800 (Pacific Standard Time)  Jan 02, 2006              (JavaScript, US)
//
// Optional parts (time, zone, year) are only taken when they end at a boundary (looseEnd); the caller
// checks the boundary after the whole match. A bare HH:MM is not a date (it is as often line:column).
func dateEnd(s string, i int) int {
	if !isDigit(s[i]) {
		return namedDateEnd(s, i)
	}
	if e := isoDateEnd(s, i); e > 0 {
		return e
	}
	if e := compactDateEnd(s, i); e > 0 {
		return e
	}
	if e := dayMonthYearEnd(s, i); e > 0 {
		return e
	}
	return clockEnd(s, i, true)
}

func in(v, lo, hi int) bool { return v >= lo && v <= hi }

func isoDateEnd(s string, i int) int {
	sep := byteAt(s, i+4)
	if fixed(s, i, 4) < 0 || (sep != '-' && sep != '/') || byteAt(s, i+7) != sep ||
		!in(fixed(s, i+5, 2), 1, 12) || !in(fixed(s, i+8, 2), 1, 31) {
		return -1
	}
	e := i + 10
	if c := byteAt(s, e); c == 'T' || c == ' ' {
		return timeAfter(s, e, e+1)
	}
	return e
}

// timeAfter extends a date ending at e with a time (and zone) starting at k, when one is there.
func timeAfter(s string, e, k int) int {
	if c := clockEnd(s, k, false); c > 0 {
		if z := zoneEnd(s, c); looseEnd(s, z) {
			return z
		}
	}
	return e
}

func compactDateEnd(s string, i int) int {
	if fixed(s, i, 8) < 0 || byteAt(s, i+8) != 'T' || fixed(s, i+9, 6) < 0 ||
		!in(pair(s, i+4), 1, 12) || !in(pair(s, i+6), 1, 31) ||
		!in(pair(s, i+9), 0, 24) || !in(pair(s, i+11), 0, 59) || !in(pair(s, i+13), 0, 60) {
		return -1
	}
	e := i + 15
	if byteAt(s, e) == '.' && isDigit(byteAt(s, e+1)) {
		e = digitsEnd(s, e+1)
	}
	if byteAt(s, e) == 'Z' {
		return e + 1
	}
	if o := offsetEnd(s, e); o > 0 {
		return o
	}
	return e
}

// pair is the value of the two digits at j, which the caller has checked.
func pair(s string, j int) int { return int(s[j]-'0')*10 + int(s[j+1]-'0') }

// clockEnd: H:MM[:SS[.frac|,frac]] with an optional AM/PM and zone. needSec asks for seconds or AM/PM,
// as a time standing alone must have.
func clockEnd(s string, j int, needSec bool) int {
	h, k := upTo(s, j, 2)
	if k < 0 || h > 24 || byteAt(s, k) != ':' || !in(fixed(s, k+1, 2), 0, 59) {
		return -1
	}
	k += 3
	sec := false
	if byteAt(s, k) == ':' && in(fixed(s, k+1, 2), 0, 60) {
		k, sec = k+3, true
		if c := byteAt(s, k); (c == '.' || c == ',') && isDigit(byteAt(s, k+1)) {
			k = digitsEnd(s, k+1)
		}
	}
	m := k
	if byteAt(s, m) == ' ' {
		m++
	}
	if h <= 12 && m+2 <= len(s) && (s[m:m+2] == "AM" || s[m:m+2] == "PM" || s[m:m+2] == "am" || s[m:m+2] == "pm") &&
		looseEnd(s, m+2) {
		return m + 2
	}
	if needSec && !sec {
		return -1
	}
	if needSec {
		return zoneEnd(s, k)
	}
	return k
}

// offsetEnd: a numeric zone +07, +0700 or +07:00 at k, ending at a boundary; -1 if none.
func offsetEnd(s string, k int) int {
	if c := byteAt(s, k); c != '+' && c != '-' {
		return -1
	}
	e := -1
	switch {
	case fixed(s, k+1, 4) >= 0:
		e = k + 5
	case fixed(s, k+1, 2) >= 0 && byteAt(s, k+3) == ':' && fixed(s, k+4, 2) >= 0:
		e = k + 6
	case fixed(s, k+1, 2) >= 0:
		e = k + 3
	}
	if e < 0 || !looseEnd(s, e) {
		return -1
	}
	return e
}

// maxZoneName bounds the parenthesised zone name of JavaScript dates.
const maxZoneName = 64

// zoneEnd extends a time ending at k with its zone: Z, +07:00, " -0700", " -0700 MST" (Go), " MST",
// " GMT-0800 (Pacific Standard Time)" (JavaScript). It returns k when there is none.
func zoneEnd(s string, k int) int {
	if byteAt(s, k) == 'Z' && looseEnd(s, k+1) {
		return k + 1
	}
	if e := offsetEnd(s, k); e > 0 {
		return e
	}
	if byteAt(s, k) != ' ' {
		return k
	}
	if e := offsetEnd(s, k+1); e > 0 {
		if byteAt(s, e) == ' ' {
			if n := zoneNameEnd(s, e+1); n > 0 {
				return n
			}
		}
		return e
	}
	e := zoneNameEnd(s, k+1)
	if e < 0 {
		return k
	}
	if o := offsetEnd(s, e); o > 0 {
		e = o
	}
	if strings.HasPrefix(s[e:], " (") {
		if c := strings.IndexByte(s[e+2:min(len(s), e+2+maxZoneName)], ')'); c > 0 {
			e += 2 + c + 1
		}
	}
	return e
}

// zoneNameEnd: a known zone abbreviation at k (a list, so that "15:04:05 INFO" keeps its log level).
func zoneNameEnd(s string, k int) int {
	e := k
	for e < len(s) && class[s[e]]&cUpper != 0 {
		e++
	}
	switch s[k:e] {
	case "UTC", "GMT", "PST", "PDT", "MST", "MDT", "CST", "CDT", "EST", "EDT", "AKST", "AKDT", "HST", "CET",
		"CEST", "EET", "EEST", "WET", "WEST", "BST", "IST", "MSK", "JST", "KST", "HKT", "SGT", "AEST", "AEDT",
		"ACST", "AWST", "NZST", "NZDT":
	default:
		return -1
	}
	if c := byteAt(s, e); (c == '+' || c == '-') && isDigit(byteAt(s, e+1)) || looseEnd(s, e) {
		return e
	}
	return -1
}

// dayMonthYearEnd: 02 Jan 2006, 02-Jan-06, 02/Jan/2006, with an optional time after ' ' or ':'.
func dayMonthYearEnd(s string, i int) int {
	d, k := upTo(s, i, 2)
	if k < 0 || !in(d, 1, 31) {
		return -1
	}
	sep := byteAt(s, k)
	if sep != ' ' && sep != '-' && sep != '/' {
		return -1
	}
	m := monthEnd(s, k+1)
	if m < 0 || byteAt(s, m) != sep {
		return -1
	}
	e := m + 5
	if fixed(s, m+1, 4) < 0 {
		if fixed(s, m+1, 2) < 0 {
			return -1
		}
		e = m + 3
	}
	if c := byteAt(s, e); c == ' ' || c == ':' {
		return timeAfter(s, e, e+1)
	}
	return e
}

// namedDateEnd: the layouts that start with a weekday or a month name.
func namedDateEnd(s string, i int) int {
	j := i
	if w := nameEnd(s, i, weekdays[:]); w > 0 {
		if strings.HasPrefix(s[w:], ", ") {
			return dayMonthYearEnd(s, w+2)
		}
		if byteAt(s, w) != ' ' {
			return -1
		}
		j = w + 1
	}
	m := monthEnd(s, j)
	if m < 0 || byteAt(s, m) != ' ' {
		return -1
	}
	k := m + 1
	if byteAt(s, k) == ' ' { // syslog pads the day: "Jan  2"
		k++
	}
	d, k := upTo(s, k, 2)
	if k < 0 || !in(d, 1, 31) {
		return -1
	}
	switch {
	case strings.HasPrefix(s[k:], ", ") && fixed(s, k+2, 4) >= 0: // Jan 02, 2006
		return timeAfter(s, k+6, k+7)
	case byteAt(s, k) == ' ' && fixed(s, k+1, 4) >= 0: // Mon Jan 02 2006 15:04:05 GMT-0800 (...)
		return timeAfter(s, k+5, k+6)
	case byteAt(s, k) == ' ': // Jan  2 15:04:05 [MST] [2006]
		c := clockEnd(s, k+1, false)
		if c < 0 {
			return -1
		}
		if z := zoneEnd(s, c); looseEnd(s, z) {
			c = z
		}
		if byteAt(s, c) == ' ' && fixed(s, c+1, 4) >= 0 && looseEnd(s, c+5) {
			c += 5
		}
		return c
	}
	return -1
}

var (
	weekdays = [...]string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	months   = [...]string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
)

func monthEnd(s string, k int) int { return nameEnd(s, k, months[:]) }

// nameEnd matches one of names at k in full or as its three-letter abbreviation (Jan or JAN), not followed
// by another letter.
func nameEnd(s string, k int, names []string) int {
	if k+3 > len(s) {
		return -1
	}
	w := s[k : k+3]
	for _, n := range names { // the abbreviations are unique
		if w != n[:3] && !upperEq(w, n[:3]) {
			continue
		}
		if strings.HasPrefix(s[k:], n) && !isLetter(byteAt(s, k+len(n))) {
			return k + len(n)
		}
		if !isLetter(byteAt(s, k+3)) {
			return k + 3
		}
		return -1
	}
	return -1
}

// upperEq reports w == strings.ToUpper(abbr) without allocating.
func upperEq(w, abbr string) bool {
	for i := 0; i < len(abbr); i++ {
		c := abbr[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if w[i] != c {
			return false
		}
	}
	return true
}
