package grouping

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/internal/frames/framestest"
	"github.com/errorgrouping/errorgrouping/internal/stack"
)

// TestDeployInvariance runs every testdata/invariance/<language>/cases.json end to end through the engine:
// real runtime output of one bug, and of the same program run again with deploy and request noise (same
// issue) or with a real change (new issue).
func TestDeployInvariance(t *testing.T) {
	manifests, err := filepath.Glob(filepath.Join("..", "..", "testdata", "invariance", "*", "cases.json"))
	require.NoError(t, err)
	if len(manifests) == 0 {
		t.Skip("no invariance manifests")
	}
	engine := New(Options{})
	for _, path := range manifests {
		dir := filepath.Dir(path)
		m := framestest.Load(t, dir)
		lang := stack.LanguageFromSDK(m.Language)
		toError := func(v framestest.Variant) Error {
			raw, err := os.ReadFile(filepath.Join(dir, v.StackFile))
			require.NoError(t, err)
			return Error{Service: v.Service, Language: lang, Type: v.Type, Message: v.Message, Stack: string(raw)}
		}
		for _, c := range m.Cases {
			t.Run(filepath.Base(dir)+"/"+c.Name, func(t *testing.T) {
				base := toError(c.Base)
				want := engine.Group(&base)
				assert.Equal(t, Stacktrace, want.Kind, "the base case should group by its stack trace")
				for _, v := range c.Same {
					e := toError(v)
					got := engine.Group(&e)
					assert.Equal(t, want.ID, got.ID, "must NOT change the issue: %s\nbase:    %s\nvariant: %s", v.Why, want.Fingerprint, got.Fingerprint)
				}
				for _, v := range c.Different {
					e := toError(v)
					got := engine.Group(&e)
					assert.NotEqual(t, want.ID, got.ID, "MUST change the issue: %s\nfingerprint: %s", v.Why, got.Fingerprint)
				}
			})
		}
	}
}
