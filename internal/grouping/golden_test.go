package grouping

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/internal/stack/stacktest"
)

// update rewrites the golden issue ids: only ever with a new grouping version.
var update = stacktest.Update

// goldenCase pins what the engine stamps for one input. The ids are a compatibility contract: a change that
// moves one must ship as a new grouping version with its own golden file.
type goldenCase struct {
	Name        string `json:"name"`
	Input       Error  `json:"input"`
	ID          string `json:"id"`
	Fingerprint string `json:"fingerprint"`
	Grouping    string `json:"grouping"`
	Title       string `json:"title"`
}

func TestGoldenIssueIDs(t *testing.T) {
	for _, version := range Versions {
		path := filepath.Join("..", "..", "testdata", "golden", "issue_ids_v"+itoa(version)+".json")
		raw, err := os.ReadFile(path)
		require.NoError(t, err)
		var cases []goldenCase
		require.NoError(t, json.Unmarshal(raw, &cases))
		require.NotEmpty(t, cases)
		engine := New(Options{Version: version})
		for i := range cases {
			c := &cases[i]
			issue := engine.Group(&c.Input)
			if *update {
				c.ID, c.Fingerprint, c.Grouping, c.Title = issue.ID, issue.Fingerprint, issue.Kind.String(), issue.Title
				continue
			}
			t.Run(c.Name, func(t *testing.T) {
				assert.Equal(t, c.ID, issue.ID, "issue id moved: that needs a new grouping version")
				assert.Equal(t, c.Fingerprint, issue.Fingerprint)
				assert.Equal(t, c.Grouping, issue.Kind.String())
				assert.Equal(t, c.Title, issue.Title)
			})
		}
		if *update {
			out, err := json.MarshalIndent(cases, "", "  ")
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(path, append(out, '\n'), 0o644))
		}
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
