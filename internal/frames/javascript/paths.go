package javascript

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/frames"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// kind is where a frame's code comes from.
type kind uint8

const (
	kindApp kind = iota
	kindRuntime
	kindNodeModules
	kindCDN
	kindExtension
	kindNoSource
)

// locate classifies a frame's file or URL and returns its stable module path (see the package comment).
func locate(file string) (kind, string) {
	p := trimQuery(file)
	if strings.IndexByte(p, '\\') >= 0 {
		p = strings.ReplaceAll(p, `\`, "/")
	}
	if p == "" || strings.IndexByte(p, '<') >= 0 && (p[0] == '<' || strings.Contains(p, "<anonymous>")) {
		return kindNoSource, ""
	}
	k := kindApp
	scheme, rest := splitScheme(p)
	switch scheme {
	case "":
		// Node before 16 printed its own modules as bare relative paths: "internal/timers.js", "events.js".
		// Firefox prints "self-hosted" for its builtins.
		if !absolute(p) && p[0] != '.' {
			return kindRuntime, strings.TrimSuffix(p, ".js")
		}
	case "node", "ext", "bun", "native":
		return kindRuntime, strings.TrimSuffix(strings.TrimPrefix(rest, "//"), ".js")
	case "chrome-extension", "moz-extension", "safari-extension", "safari-web-extension":
		k = kindExtension
		_, p = cutHost(rest)
	case "http", "https":
		var host string
		host, p = cutHost(rest)
		if isCDN(host) {
			return kindCDN, cdnPath(cleanPath(p))
		}
	case "file":
		p = strings.TrimPrefix(rest, "//")
	case "blob":
		return locate(rest)
	default:
		// webpack:, webpack-internal:, app:, capacitor: and other bundler or app-shell schemes.
		_, p = cutHost(rest)
	}
	p = trimRelative(p)
	if m, ok := afterLastDir(p, "node_modules"); ok {
		return kindNodeModules, cleanPath(m)
	}
	if m, ok := strings.CutPrefix(p, "~/"); ok && scheme != "" {
		return kindNodeModules, cleanPath(m)
	}
	if k == kindExtension {
		return k, cleanPath(p)
	}
	return kindApp, cleanPath(stripRoot(p))
}

// splitScheme splits "scheme:rest". Windows drive letters ("C:/app") are not schemes.
func splitScheme(p string) (scheme, rest string) {
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c|0x20 >= 'a' && c|0x20 <= 'z':
		case i > 0 && (stack.IsDigit(c) || c == '+' || c == '-' || c == '.'):
		case c == ':' && i > 1:
			return p[:i], p[i+1:]
		default:
			return "", p
		}
	}
	return "", p
}

// cutHost splits "//host/path" into the host and the path.
func cutHost(rest string) (host, path string) {
	rest, ok := strings.CutPrefix(rest, "//")
	if !ok {
		return "", rest
	}
	host, path, _ = strings.Cut(rest, "/")
	return host, path
}

func absolute(p string) bool {
	return p[0] == '/' || len(p) > 2 && p[1] == ':' && p[2] == '/'
}

// trimRelative drops leading "./", Next.js layer prefixes ("(rsc)/", "(app-pages-browser)/") and "/".
func trimRelative(p string) string {
	for {
		switch {
		case strings.HasPrefix(p, "./"):
			p = p[2:]
		case strings.HasPrefix(p, "/"):
			p = p[1:]
		case strings.HasPrefix(p, "("):
			i := strings.Index(p, ")/")
			if i < 0 {
				return p
			}
			p = p[i+2:]
		default:
			return p
		}
	}
}

// trimQuery drops a query string or fragment, like frames.TrimQuery, with two byte scans.
func trimQuery(s string) string {
	if i := strings.IndexByte(s, '?'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	return s
}

// afterLastDir returns the path after the last directory segment named dir.
func afterLastDir(p, dir string) (string, bool) {
	// A forward search is much faster than a backward one: most paths have no such directory.
	if !strings.Contains(p, dir) {
		return p, false
	}
	for end := len(p); end > 0; {
		i := strings.LastIndex(p[:end], dir+"/")
		if i < 0 {
			return p, false
		}
		if i == 0 || p[i-1] == '/' {
			return p[i+len(dir)+1:], true
		}
		end = i
	}
	return p, false
}

var cdnHosts = [...]string{
	"unpkg.com", "cdn.jsdelivr.net", "cdnjs.cloudflare.com", "esm.run", "esm.sh", "cdn.skypack.dev",
	"ga.jspm.io", "jspm.dev", "deno.land", "code.jquery.com", "ajax.googleapis.com", "cdn.esm.sh",
}

func isCDN(host string) bool {
	for _, h := range cdnHosts {
		if host == h {
			return true
		}
	}
	return false
}

// cdnPath drops the version CDNs put in file names: "jquery-3.7.1.min.js" is "jquery.js".
func cdnPath(p string) string {
	i := strings.LastIndexByte(p, '/') + 1
	base := p[i:]
	dot := strings.LastIndexByte(base, '.')
	if dot <= 0 {
		return p
	}
	stem := trimVersion(base[:dot])
	if len(stem) == dot {
		return p
	}
	return p[:i] + stem + base[dot:]
}

// stripRoot cuts an application path after its last project marker directory, or keeps the file and the
// nearest stable parent directory.
func stripRoot(p string) string {
	end := strings.LastIndexByte(p, '/')
	if end < 0 {
		return p
	}
	for i := end; i > 0; {
		j := strings.LastIndexByte(p[:i], '/')
		if isMarker(p[j+1:i], p[:max(j, 0)]) {
			return p[i+1:]
		}
		if j < 0 {
			break
		}
		i = j
	}
	// No marker: the file and its parent, skipping volatile directories (a release timestamp, a build id).
	for i := end; i > 0; {
		j := strings.LastIndexByte(p[:i], '/')
		seg := p[j+1 : i]
		if seg != "" && seg != "." && seg != ".." && !volatileDir(seg) && !strings.HasSuffix(seg, ":") {
			if i == end {
				return p[j+1:]
			}
			return seg + p[end:]
		}
		if j < 0 {
			break
		}
		i = j
	}
	return p[end+1:]
}

// isMarker reports a directory that starts a project's own tree or ends an install root; before is the
// path up to it.
func isMarker(seg, before string) bool {
	switch seg {
	case "src", "lib", "dist", "build", "app", "pages", ".next", ".nuxt", ".output", ".svelte-kit",
		"workspace", "wwwroot":
		return true
	case "task": // AWS Lambda's /var/task
		return before == "/var" || before == "var" || strings.HasSuffix(before, "/var")
	}
	return false
}

// cleanPath removes volatile directories and versions glued to directories, and content hashes from the
// file name. It returns p itself when there is nothing to remove.
func cleanPath(p string) string {
	dir, base := "", p
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		dir, base = p[:i], p[i+1:]
	}
	chunks := dir == "chunks" || strings.HasSuffix(dir, "/chunks")
	cleanBase := cleanName(base, chunks)
	if dir == "" {
		return cleanBase
	}
	if !dirtyDir(dir) {
		if cleanBase == base {
			return p
		}
		return dir + "/" + cleanBase
	}
	var b strings.Builder
	b.Grow(len(p))
	for _, seg := range strings.Split(dir, "/") {
		if seg == "" || volatileDir(seg) {
			continue
		}
		b.WriteString(trimVersion(seg))
		b.WriteByte('/')
	}
	b.WriteString(cleanBase)
	return b.String()
}

func dirtyDir(dir string) bool {
	for start := 0; start <= len(dir); {
		end := strings.IndexByte(dir[start:], '/')
		if end < 0 {
			end = len(dir)
		} else {
			end += start
		}
		seg := dir[start:end]
		if seg == "" && start > 0 || volatileDir(seg) || trimVersion(seg) != seg {
			return true
		}
		start = end + 1
	}
	return false
}

// volatileDir reports a directory that changes between deploys: a dotted version ("4.17.21", "v1.2.3"),
// a content hash or build id, a release timestamp.
func volatileDir(seg string) bool {
	if dottedVersion(seg) {
		return true
	}
	if len(seg) >= 6 && stack.IsDigits(seg) {
		return true
	}
	digits, upper, lower, hex := 0, 0, 0, true
	for i := 0; i < len(seg); i++ {
		c := seg[i]
		switch {
		case stack.IsDigit(c):
			digits++
		case c >= 'a' && c <= 'z':
			lower++
			hex = hex && c <= 'f'
		case c >= 'A' && c <= 'Z':
			upper++
			hex = hex && c <= 'F'
		case c == '_' || c == '-':
			hex = false
		default:
			return false
		}
	}
	if digits == 0 || digits == len(seg) {
		return false
	}
	return hex && len(seg) >= 8 || len(seg) >= 16 && upper > 0 && lower > 0
}

// dottedVersion reports "4.17.21", "v1.2.3", "1.x": a version with a dot, so that "v1" is not one.
func dottedVersion(s string) bool {
	if strings.IndexByte(s, '.') <= 0 || !frames.IsVersion(s) {
		return false
	}
	return stack.IsDigit(s[0]) || len(s) > 1 && stack.IsDigit(s[1])
}

// trimVersion drops a dotted version glued to a name by '@' or '-': "react@18.2.0", "shop-1.4.2".
func trimVersion(seg string) string {
	for i := len(seg) - 1; i > 0; i-- {
		if c := seg[i]; (c == '@' || c == '-') && dottedVersion(seg[i+1:]) {
			return seg[:i]
		}
	}
	return seg
}

// cleanName removes content hashes from a bundle's file name, and numeric chunk ids when the name says it
// is a chunk ("123.4f5e6d.chunk.js") or it sits in a "chunks" directory. A name left with nothing is
// "chunk". It returns base itself when there is nothing to remove.
func cleanName(base string, inChunks bool) string {
	dot := strings.LastIndexByte(base, '.')
	if dot <= 0 {
		return base
	}
	stem, ext := base[:dot], base[dot:]
	switch ext {
	case ".js", ".mjs", ".cjs", ".jsx", ".ts", ".tsx", ".mts", ".cts":
	default:
		return base
	}
	// Parts are separated by '.' or '-'; the first one is the bundle's name. ends[i] is where part i ends.
	var ends [8]int
	n := 0
	for i := 0; i < len(stem) && n < len(ends)-1; i++ {
		if stem[i] == '.' || stem[i] == '-' {
			ends[n], n = i, n+1
		}
	}
	ends[n], n = len(stem), n+1
	chunk := inChunks || strings.Contains(stem, ".chunk")
	var drop [8]bool
	dropped := false
	for i, start := 0, 0; i < n; i++ {
		part := stem[start:ends[i]]
		if i > 0 && hashPart(part) || i == 0 && chunk && (stack.IsDigits(part) || hashPart(part)) {
			drop[i], dropped = true, true
		}
		start = ends[i] + 1
	}
	if !dropped {
		return base
	}
	var b strings.Builder
	b.Grow(len(base))
	for i, start := 0, 0; i < n; i++ {
		if !drop[i] {
			if b.Len() > 0 {
				b.WriteByte(stem[start-1])
			}
			b.WriteString(stem[start:ends[i]])
		}
		start = ends[i] + 1
	}
	if b.Len() == 0 {
		b.WriteString("chunk")
	}
	b.WriteString(ext)
	return b.String()
}

// hashPart reports a content hash in a file name: hex of at least 6 characters with a digit
// ("3f2a1b9c"), or 8 to 32 characters of a base32/base64 alphabet that are not a plain word ("BfXaC2kq",
// "LNKDKS5W", "DmKqvBfa").
func hashPart(s string) bool {
	if len(s) < 6 || len(s) > 64 {
		return false
	}
	digits, upper, lower, hex := 0, 0, 0, true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case stack.IsDigit(c):
			digits++
		case c >= 'a' && c <= 'z':
			lower++
			hex = hex && c <= 'f'
		case c >= 'A' && c <= 'Z':
			upper++
			hex = hex && c <= 'F'
		case c == '_':
			hex = false
		default:
			return false
		}
	}
	if hex && digits > 0 && digits < len(s) && !(upper > 0 && lower > 0) {
		return true
	}
	if len(s) < 8 || len(s) > 32 {
		return false
	}
	// A word has at most one capital, at its start, and no digits among capitals.
	return upper > 0 && (digits > 0 || lower == 0 || upper > 1 || s[0] >= 'a')
}
