// Package frames defines what one parsed stack frame contributes to grouping, and the path helpers the
// per-language normalisers (internal/frames/<language>) share. A normaliser reduces a frame to the parts
// that survive deploys (no line numbers, install roots, versions, content hashes, generated-name counters),
// says whether the frame is the application's own code, and marks noise that must never contribute.
package frames

import "github.com/errorgrouping/errorgrouping/internal/stack"

// Frame is the grouping view of one stack frame.
type Frame struct {
	// Module is the stable location of the code: the class (JVM, .NET), the package import path (Go), the
	// module or a normalised file path (Python, JavaScript, Ruby, PHP) with roots and versions removed.
	Module string
	// Function is the stable function name; empty when the name carries nothing stable (anonymous code).
	Function string
	// InApp is true for the application's own code, false for third-party, runtime and framework code.
	InApp bool
	// Ignored frames never contribute: reflection, proxies, async machinery, runtime panic and error
	// handling, framework dispatch.
	Ignored bool
	// Minified is set for frames of minified bundles whose names were mangled: only the file stem is stable.
	Minified bool
	// Reason says, in a few words, why a frame is not in-app or is ignored; it feeds the optional explanation.
	// Normalisers use constant strings so that setting it never allocates.
	Reason string
}

// NormalizeFunc fills out from f. It must not keep f beyond the call. Strings may alias f's strings.
type NormalizeFunc func(f *stack.Frame, out *Frame)

// Generic normalises frames of a format no language-specific normaliser knows: the printed module (or the
// file's base name) and function, all counted as application code.
func Generic(f *stack.Frame, out *Frame) {
	*out = Frame{Module: f.Module, Function: f.Function, InApp: true}
	if out.Module == "" {
		out.Module = Basename(TrimQuery(f.File))
	}
}
