package jvm

import (
	"strings"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// scoreWindow is how much of the text Score examines: the JVM header and first frames are at the start.
const scoreWindow = 4 << 10

// Score rates from 0 to 100 how sure it is that text is a JVM stack trace. Frames whose location is a JVM
// source file (or "Unknown Source", "Native Method", ...) weigh most: the OTel PHP SDK prints the same
// "at x.y(z)" shape with PHP files, and .NET prints "at A.B()" with no location.
func Score(text string) int {
	if len(text) > scoreWindow {
		text = text[:scoreWindow]
	}
	jvmFrames, otherFrames, markers := 0, 0, 0
	first := ""
	for pos := 0; pos < len(text); {
		line, next := stack.NextLine(text, pos)
		pos = next
		s := stack.TrimSpace(line)
		if first == "" {
			first = s
		}
		switch {
		case stack.HasPrefix(s, "at "):
			var f stack.Frame
			if !parseFrame(s, &f) {
				continue
			}
			if jvmLocation(&f) {
				jvmFrames++
			} else {
				otherFrames++
			}
		case stack.HasPrefix(s, "Caused by: "), stack.HasPrefix(s, "Suppressed: "):
			markers++
		case stack.HasPrefix(s, "..."):
			if _, _, ok := parseMarker(s); ok {
				markers++
			}
		}
	}
	score := 0
	switch {
	case jvmFrames > 0:
		score = 55 + 10*min(jvmFrames, 4)
	case otherFrames > 0:
		score = 15
	}
	if markers > 0 {
		score += 10
	}
	if javaHeader(first) {
		score += 20
	}
	return min(score, 100)
}

// jvmLocation reports a frame location only a JVM prints.
func jvmLocation(f *stack.Frame) bool {
	if f.Flags&(stack.Native|stack.Generated) != 0 || f.File == "SourceFile" {
		return true
	}
	if f.File == "" {
		return strings.Contains(f.Raw, "(Unknown Source")
	}
	for _, ext := range [...]string{".java", ".kt", ".scala", ".groovy", ".clj"} {
		if stack.HasSuffix(f.File, ext) {
			return true
		}
	}
	return false
}

// javaHeader reports a first line that starts like a Java exception header: `Exception in thread "`, or a
// dotted type whose package starts in lower case ("java.lang.X: ..."; .NET namespaces are capitalised).
func javaHeader(s string) bool {
	if stack.HasPrefix(s, `Exception in thread "`) {
		return true
	}
	typ, msg := splitHeader(s)
	// "Type: message" needs the space: Ruby's "x.rb:1:in 'f'" starts with a dotted name and a colon too.
	return typ != "" && typ[0] >= 'a' && typ[0] <= 'z' && strings.IndexByte(typ, '.') > 0 &&
		(msg < 0 || s[msg-1] == ' ')
}
