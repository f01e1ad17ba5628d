// Package stackparse picks the parser for a stack-trace text, by the language the resource declares or,
// when it declares none, by the format the text itself shows.
package stackparse

import (
	"github.com/errorgrouping/errorgrouping/internal/stack"
	"github.com/errorgrouping/errorgrouping/internal/stackparse/dotnet"
	"github.com/errorgrouping/errorgrouping/internal/stackparse/golang"
	"github.com/errorgrouping/errorgrouping/internal/stackparse/javascript"
	"github.com/errorgrouping/errorgrouping/internal/stackparse/jvm"
	"github.com/errorgrouping/errorgrouping/internal/stackparse/php"
	"github.com/errorgrouping/errorgrouping/internal/stackparse/python"
	"github.com/errorgrouping/errorgrouping/internal/stackparse/ruby"
)

type format struct {
	parse func(text string, opts stack.Options, t *stack.Trace)
	score func(text string) int
}

// formats is indexed by stack.Language.
var formats = [...]format{
	stack.JVM:        {jvm.Parse, jvm.Score},
	stack.Python:     {python.Parse, python.Score},
	stack.Go:         {golang.Parse, golang.Score},
	stack.JavaScript: {javascript.Parse, javascript.Score},
	stack.Ruby:       {ruby.Parse, ruby.Score},
	stack.DotNet:     {dotnet.Parse, dotnet.Score},
	stack.PHP:        {php.Parse, php.Score},
}

// minScore is the score below which no format is trusted to read a text.
const minScore = 40

// Detect returns the language whose format the text shows most surely, or stack.Unknown.
func Detect(text string) stack.Language {
	best, bestScore := stack.Unknown, minScore-1
	for lang, f := range formats {
		if f.score == nil {
			continue
		}
		if s := f.score(text); s > bestScore {
			best, bestScore = stack.Language(lang), s
		}
	}
	return best
}

// Parse parses text into t (which it resets). The declared language is tried first; when it is unknown, or
// its parser finds no frame in a text that another format reads (a Node service reporting a stack from an
// embedded Python, a mislabelled resource), the detected format is used.
func Parse(text string, declared stack.Language, opts stack.Options, t *stack.Trace) {
	t.Reset()
	if declared != stack.Unknown && int(declared) < len(formats) {
		formats[declared].parse(text, opts, t)
		if t.FrameCount() > 0 {
			return
		}
	}
	detected := Detect(text)
	if detected == stack.Unknown || detected == declared {
		return
	}
	t.Reset()
	formats[detected].parse(text, opts, t)
}
