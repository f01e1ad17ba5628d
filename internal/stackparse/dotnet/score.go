package dotnet

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// scoreWindow is how much of the text Score examines: .NET prints the header first.
const scoreWindow = 4 << 10

// Score rates from 0 to 100 how sure it is that text is in this format, for language detection when the
// resource has no telemetry.sdk.language. It examines a bounded part of the text (at most the first 4 KiB,
// plus the last 4 KiB for formats whose header is at the end), never allocates, and must return low
// scores for the other six languages' formats.
func Score(text string) int {
	if len(text) > scoreWindow {
		text = text[:scoreWindow]
	}
	// Strong signs only .NET prints: the two markers, a " ---> Type" inner header, a ":line 31" style
	// location. Frames (space-indented, no space before the argument list) count on their own too.
	strong, frames := false, 0
	for pos := 0; pos < len(text); {
		line, next := stack.NextLine(text, pos)
		pos = next
		rest := stack.TrimSpace(line)
		if rest == innerEndMarker || strings.HasPrefix(rest, asyncMarker) {
			strong = true
			continue
		}
		if strings.HasPrefix(line, " ---> ") {
			strong = strong || typeLen(line[len(" ---> "):]) > 0
			continue
		}
		if line == "" || line[0] == '\t' { // Java frames are tab-indented
			continue
		}
		var f stack.Frame
		fl, ok := parseFrame(line, -1, &f)
		switch {
		case !ok:
		case f.File != "":
			strong = true
			frames++
		case fl.word != "at" || fl.args != "Native Method" && fl.args != "Unknown Source":
			frames++
		}
	}
	switch {
	case strong && frames > 0:
		return 100
	case frames >= 2:
		return 90
	case strong:
		return 80
	case frames == 1:
		return 60
	}
	if typ, _, _ := splitHeader(firstLine(text)); strings.HasPrefix(typ, "System.") && strings.HasSuffix(typ, "Exception") {
		return 30
	}
	return 0
}

func firstLine(text string) string {
	line, _ := stack.NextLine(text, 0)
	return line
}
