package php

import "github.com/errorgrouping/errorgrouping/internal/stack"

// scoreWindow is how much of the text Score examines: PHP prints the header and the first frames first.
const scoreWindow = 4 << 10

// Score rates from 0 to 100 how sure it is that text is a PHP stack trace. Native frames ("#0
// /x.php(3): f()") are PHP's own; the OTel SDK's Java-like frames are told from Java's by their ".php"
// files and the {main} frame.
func Score(text string) int {
	if len(text) > scoreWindow {
		text = text[:scoreWindow]
	}
	native, nativePHP, javaPHP, javaOther := 0, 0, 0, 0
	first, header, trace := true, false, false
	for pos := 0; pos < len(text); {
		line, next := stack.NextLine(text, pos)
		pos = next
		if loc, call, ok := frameLine(line); ok {
			native++
			if call == "{main}" || loc.flags == stack.Native || isPHPFile(loc.file) {
				nativePHP++
			}
			continue
		}
		if loc, qual, ok := atLine(line); ok {
			switch {
			case qual == "{main}" || isPHPFile(loc.file):
				javaPHP++
			case loc.flags == 0: // "Unknown Source" is printed by both
				javaOther++
			}
			continue
		}
		trimmed := stack.TrimSpace(line)
		switch {
		case trimmed == "Stack trace:":
			trace = true
		case first && trimmed != "":
			// The first line: "Type: message in /x.php:12" or PHP's "Fatal error: ..." prefix.
			first = false
			var e stack.Exception
			loc := parseHeader(trimmed, &e)
			header = isPHPFile(loc.file) || (e.Type != "" && stack.HasSuffix(e.Type, " error"))
		}
	}
	switch {
	case nativePHP > 0 && (trace || header):
		return 98
	case nativePHP > 0:
		return 90
	case native > 0:
		return 60
	case javaPHP > 0 && javaPHP >= javaOther:
		return 90
	case javaPHP > 0:
		return 40
	case header:
		return 50
	}
	return 0
}

// isPHPFile reports the extensions PHP code is deployed under.
func isPHPFile(file string) bool {
	return stack.HasSuffix(file, ".php") || stack.HasSuffix(file, ".phtml") || stack.HasSuffix(file, ".inc") ||
		stack.HasSuffix(file, "eval()'d code")
}
