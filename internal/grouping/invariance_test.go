package grouping

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// invarianceManifest is testdata/invariance/<language>/cases.json: real runtime output of one bug, and of
// the same program run again with deploy and request noise (same issue) or with a real change (new issue).
type invarianceManifest struct {
	Language string           `json:"language"`
	Cases    []invarianceCase `json:"cases"`
}

type invarianceCase struct {
	Name      string            `json:"name"`
	Base      invarianceInput   `json:"base"`
	Same      []invarianceInput `json:"same"`
	Different []invarianceInput `json:"different"`
}

type invarianceInput struct {
	Why       string  `json:"why"`
	Service   *string `json:"service"`
	Type      *string `json:"type"`
	Message   *string `json:"message"`
	StackFile *string `json:"stack_file"`
}

// resolve gives the variant's error: fields it leaves out are the base's.
func (in invarianceInput) resolve(t *testing.T, dir string, base Error, lang stack.Language) Error {
	e := base
	e.Language = lang
	if in.Service != nil {
		e.Service = *in.Service
	}
	if in.Type != nil {
		e.Type = *in.Type
	}
	if in.Message != nil {
		e.Message = *in.Message
	}
	if in.StackFile != nil {
		raw, err := os.ReadFile(filepath.Join(dir, *in.StackFile))
		require.NoError(t, err)
		e.Stack = string(raw)
	}
	return e
}

func TestDeployInvariance(t *testing.T) {
	manifests, err := filepath.Glob(filepath.Join("..", "..", "testdata", "invariance", "*", "cases.json"))
	require.NoError(t, err)
	if len(manifests) == 0 {
		t.Skip("no invariance manifests")
	}
	engine := New(Options{})
	for _, path := range manifests {
		raw, err := os.ReadFile(path)
		require.NoError(t, err)
		var m invarianceManifest
		require.NoError(t, json.Unmarshal(raw, &m), path)
		dir := filepath.Dir(path)
		lang := stack.LanguageFromSDK(m.Language)
		for _, c := range m.Cases {
			t.Run(filepath.Base(dir)+"/"+c.Name, func(t *testing.T) {
				base := c.Base.resolve(t, dir, Error{}, lang)
				want := engine.Group(&base)
				assert.Equal(t, Stacktrace, want.Kind, "the base case should group by its stack trace")
				for _, v := range c.Same {
					e := v.resolve(t, dir, base, lang)
					got := engine.Group(&e)
					assert.Equal(t, want.ID, got.ID, "must NOT change the issue: %s\nbase:    %s\nvariant: %s", v.Why, want.Fingerprint, got.Fingerprint)
				}
				for _, v := range c.Different {
					e := v.resolve(t, dir, base, lang)
					got := engine.Group(&e)
					assert.NotEqual(t, want.ID, got.ID, "MUST change the issue: %s\nfingerprint: %s", v.Why, got.Fingerprint)
				}
			})
		}
	}
}
