package corpus

import (
	"path/filepath"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/internal/grouping"
)

func TestEvaluateCountsPairsSplitsAndMerges(t *testing.T) {
	records := []Record{{Bug: "a"}, {Bug: "a"}, {Bug: "a"}, {Bug: "b"}, {Bug: "c"}}
	keys := []string{"1", "1", "2", "2", "3"}
	i := 0
	s := Evaluate(records, func(*Record) string { k := keys[i]; i++; return k })
	// Same-bug pairs: 3 (all a). Grouped pairs: (0,1) and (2,3). Correct grouped pairs: (0,1).
	assert.InDelta(t, 0.5, s.Precision, 1e-9)
	assert.InDelta(t, 1.0/3, s.Recall, 1e-9)
	assert.Equal(t, 1, s.Split)
	assert.Equal(t, 1, s.Merged)
	assert.Equal(t, [][]string{{"a", "b"}}, s.MergedIssues)
	assert.Equal(t, 3, s.Issues)
}

// The labelled corpus is real runtime output from every language; the engine must keep each bug in one
// issue and never merge two bugs.
func TestCorpusQuality(t *testing.T) {
	records, err := Load(filepath.Join("..", "..", "testdata", "corpus"))
	require.NoError(t, err)
	if len(records) == 0 {
		t.Skip("no corpus records")
	}
	s := Evaluate(records, Strategies(grouping.New(grouping.Options{}))[0].Key)
	t.Logf("records=%d bugs=%d issues=%d precision=%.4f recall=%.4f F1=%.4f split=%d merged=%d",
		s.Records, s.Bugs, s.Issues, s.Precision, s.Recall, s.F1, s.Split, s.Merged)
	splits := make([]string, 0, len(s.SplitBugs))
	for b := range s.SplitBugs {
		splits = append(splits, b)
	}
	sort.Strings(splits)
	assert.Empty(t, s.MergedIssues, "issues that merge different bugs")
	assert.GreaterOrEqual(t, s.F1, 0.98, "split bugs: %v", splits)
}
