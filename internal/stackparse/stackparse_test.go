package stackparse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

var fixtureLanguages = map[string]stack.Language{
	"jvm": stack.JVM, "python": stack.Python, "go": stack.Go, "javascript": stack.JavaScript,
	"ruby": stack.Ruby, "dotnet": stack.DotNet, "php": stack.PHP,
}

func fixtures(t *testing.T) map[string]string {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "stacks", "*", "*.txt"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out := map[string]string{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		require.NoError(t, err)
		out[f] = string(raw)
	}
	return out
}

// Without telemetry.sdk.language, every real stack must still be read by its own parser.
func TestDetectRecognisesEveryFixtureWithFrames(t *testing.T) {
	for path, text := range fixtures(t) {
		want := fixtureLanguages[filepath.Base(filepath.Dir(path))]
		var tr stack.Trace
		Parse(text, want, stack.Options{}, &tr)
		if tr.FrameCount() == 0 {
			continue // header-only texts carry no format to detect
		}
		assert.Equal(t, want, Detect(text), "%s", path)
	}
}

func TestParseFallsBackToDetectionWhenTheDeclaredLanguageReadsNothing(t *testing.T) {
	text := "Traceback (most recent call last):\n  File \"/app/shop/db.py\", line 3, in fetch\n    raise KeyError(k)\nKeyError: 42\n"
	var tr stack.Trace
	Parse(text, stack.JavaScript, stack.Options{}, &tr)
	assert.Equal(t, stack.Python, tr.Language)
	require.Len(t, tr.Exceptions, 1)
	assert.Equal(t, "KeyError", tr.Exceptions[0].Type)
	assert.Equal(t, "fetch", tr.Exceptions[0].Frames[0].Function)
}

func TestParseUnknownTextGivesNoFrames(t *testing.T) {
	for _, text := range []string{"", "something went wrong", strings.Repeat("\xff\x00", 100), "at at at (((", "\n\n\n"} {
		var tr stack.Trace
		Parse(text, stack.Unknown, stack.Options{}, &tr)
		assert.Zero(t, tr.FrameCount(), "%q", text)
	}
}
