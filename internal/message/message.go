// Package message turns an error message into its grouping form: the first two non-empty lines with the
// variable parts (ids, numbers, addresses, hashes, dates...) replaced by placeholders, so that two occurrences
// of the same error group together (GROUPING.md section 5).
//
// Matching is a hand-written single left-to-right scan: no regular expressions, linear time, no allocation
// beyond growing dst. Bytes that match nothing, including invalid UTF-8, are copied through unchanged.
// At each word start the matchers run in this order and the first match wins: email, url, hostname, ip,
// traceparent, uuid, sha1, md5, date, duration, hex, git_sha, id, version, float, int, quoted_str, bool.
//
// Choices where the contract leaves room (message_test.go pins each):
//   - Numbers glued to a name stay: ab12, v2, utf-8, x86_64, ISO-8859-1, python3.12, HikariPool-1. Only
//     ids of 5+ digits without a leading zero after '-', '.' or '_' are replaced (order_<int>; ORA-00942
//     stays).
//   - A '-' is a sign when no word or placeholder precedes it: "-5" and "x=-5" are <int>, 1-5 is <int>-<int>.
//   - Thousands separators make one number (4,150,908 is <int>) when every group has three digits.
//   - Three or more dotted numbers are a <version> (1.2.3, v1.2.3-rc.1, and 256.1.1.1, which is no ip).
//   - Durations are Go-style units glued to the number (30005ms, 1.5s, 2m30s); "10 seconds" is <int> seconds.
//   - Unprefixed hex needs one letter case, a letter and a digit, and 8-128 characters, or 4-6 that
//     alternate letters and digits twice (9af8 is hex; ab12 and E1000 are names and codes). git_sha is
//     exactly 7 lowercase, so the two never compete. Mixed case is not hex; long enough it is an <id>.
//   - <id>: runs of 16+ letters and digits with 3+ digits and 3+ letter/digit switches (request ids).
//   - Only key='...' / key="..." values are replaced; other quoted text (KeyError: 'user_42') is kept,
//     it is usually a name. An apostrophe never opens a quote.
//   - Hostnames end in a lowercase TLD from a list that leaves out file extensions and code words.
//   - Long tokens (uuid, hashes, dates, hex, ids) are found inside snake_case (session_<uuid>), short
//     numbers not (x86_64).
package message

import (
	"strings"
	"unicode/utf8"
)

// maxInput bounds the work per message: only the first 4 KiB of the two kept lines are normalised; the
// rest is dropped and marked with "...". Nothing past 4 KiB of a message is worth grouping on, and the
// bound keeps both the cost and the output size independent of the input.
const maxInput = 4 << 10

// ellipsis marks that lines (or the tail past maxInput) were dropped.
const ellipsis = "..."

// Normalize appends to dst the grouping form of msg: the first two non-empty lines (joined by "\n", with
// "..." appended when anything after them was dropped), with variable parts replaced by placeholders such as
// <email>, <url>, <hostname>, <ip>, <traceparent>, <uuid>, <sha1>, <md5>, <date>, <duration>, <hex>, <git_sha>,
// <float>, <int>, and the value of key='quoted' / key="quoted" / key=true|false. It returns the extended dst.
//
// Lines are trimmed of ASCII whitespace; whitespace inside a line is kept. An empty or blank msg appends
// nothing. Normalize is idempotent: normalising its output again gives the same output (for outputs that
// fit in maxInput).
func Normalize(dst []byte, msg string) []byte {
	first, rest := nextLine(msg)
	if first == "" {
		return dst
	}
	second, rest := nextLine(rest)
	dropped := hasText(rest)
	if len(first) > maxInput {
		first, second, dropped = clip(first, maxInput), "", true
	}
	dst = normalizeLine(dst, first)
	if second != "" {
		budget := maxInput - len(first)
		if len(second) > budget {
			second, dropped = clip(second, budget), true
		}
		if second != "" {
			dst = append(dst, '\n')
			dst = normalizeLine(dst, second)
		}
	}
	if dropped {
		dst = append(dst, ellipsis...)
	}
	return dst
}

// FirstLine returns the first non-empty line of msg, trimmed (for issue titles), without allocating.
func FirstLine(msg string) string {
	line, _ := nextLine(msg)
	return line
}

// nextLine returns the first non-blank line of s, trimmed, and what follows it.
func nextLine(s string) (line, rest string) {
	for s != "" {
		end, next := len(s), len(s)
		if k := strings.IndexByte(s, '\n'); k >= 0 {
			end, next = k, k+1
		}
		line, s = trimSpace(s[:end]), s[next:]
		if line != "" {
			return line, s
		}
	}
	return "", ""
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' }

func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && isSpace(s[i]) {
		i++
	}
	for j > i && isSpace(s[j-1]) {
		j--
	}
	return s[i:j]
}

// hasText reports whether s holds anything but whitespace and newlines, i.e. a non-empty line.
func hasText(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) && s[i] != '\n' {
			return true
		}
	}
	return false
}

// clip cuts s to at most n bytes without splitting a UTF-8 sequence, so valid input stays valid, and
// trims what the cut left at the end.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for k := 0; k < utf8.UTFMax-1 && n > 0 && !utf8.RuneStart(s[n]); k++ {
		n--
	}
	return trimSpace(s[:n])
}
