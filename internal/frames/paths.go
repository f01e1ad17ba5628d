package frames

import "strings"

// AfterLast returns the part of path after the last occurrence of any marker, and whether one was found.
// Normalisers use it to drop install roots: "/usr/lib/python3.12/site-packages/requests/api.py" after
// "site-packages/" is "requests/api.py".
func AfterLast(path string, markers ...string) (string, bool) {
	best, found := -1, false
	for _, m := range markers {
		if i := strings.LastIndex(path, m); i >= 0 && i+len(m) > best {
			best, found = i+len(m), true
		}
	}
	if !found {
		return path, false
	}
	return path[best:], true
}

// Basename returns the last element of a slash or backslash separated path.
func Basename(path string) string {
	if i := strings.LastIndexAny(path, `/\`); i >= 0 {
		return path[i+1:]
	}
	return path
}

// TrimExtension drops the last ".ext" of a file name.
func TrimExtension(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return name[:i]
	}
	return name
}

// TrimQuery drops a URL query string or fragment.
func TrimQuery(s string) string {
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		return s[:i]
	}
	return s
}

// IsVersion reports a version-looking string: digits and dots, optionally led by "v" and followed by a
// pre-release or build suffix ("1.4.2", "v0.0.0-20240101-abcdef", "7.1.2.rc1", "3.12").
func IsVersion(s string) bool {
	if len(s) > 1 && (s[0] == 'v' || s[0] == 'V') {
		s = s[1:]
	}
	digits, dots := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			if digits == 0 {
				return false
			}
			dots++
		case c == '-' || c == '+' || c == '_':
			return digits > 0 && dots > 0
		default:
			return digits > 0 && dots > 0 && i > 0 && s[i-1] == '.'
		}
	}
	return digits > 0 && (dots > 0 || len(s) <= 3)
}

// TrimVersionSuffix drops a version glued to a name by '@', '-' or '_': "lib@v1.4.2" -> "lib",
// "actionpack-7.1.2" -> "actionpack", "requests-2.31.0.dist-info" is left alone (the suffix is not a version).
func TrimVersionSuffix(name string) string {
	for i := len(name) - 1; i > 0; i-- {
		if c := name[i]; (c == '@' || c == '-' || c == '_') && IsVersion(name[i+1:]) {
			return name[:i]
		}
	}
	return name
}

// CleanPath returns path with every segment's version suffix removed and purely-version segments dropped,
// so "gems/actionpack-7.1.2/lib/x.rb" and "gems/actionpack-7.2.0/lib/x.rb" compare equal. It returns path
// itself, without allocating, when there is nothing to remove.
func CleanPath(path string) string {
	if !hasVersionSegment(path) {
		return path
	}
	var b strings.Builder
	b.Grow(len(path))
	start := 0
	for i := 0; i <= len(path); i++ {
		if i < len(path) && path[i] != '/' && path[i] != '\\' {
			continue
		}
		seg := path[start:i]
		if IsVersion(seg) {
			start = i + 1
			continue
		}
		if b.Len() > 0 || (start > 0 && start <= len(path)) {
			if b.Len() > 0 {
				b.WriteByte('/')
			}
		}
		b.WriteString(TrimVersionSuffix(seg))
		start = i + 1
	}
	return b.String()
}

func hasVersionSegment(path string) bool {
	start := 0
	for i := 0; i <= len(path); i++ {
		if i < len(path) && path[i] != '/' && path[i] != '\\' {
			continue
		}
		seg := path[start:i]
		if seg != "" && (IsVersion(seg) || TrimVersionSuffix(seg) != seg) {
			return true
		}
		start = i + 1
	}
	return false
}
