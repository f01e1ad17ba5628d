package e2e

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/errorgrouping/errorgrouping/e2e/internal/harness"
	"github.com/errorgrouping/errorgrouping/internal/benchdata"
)

// TestLoadLosesNothing is the load run of `make load` (a million spans, with and without the processor) cut
// to a size that the race detector lets CI afford: concurrent senders push spans, one in ten an error with
// a real stack trace of one of seven languages, through the collector, and every span must come back exactly
// once, every error span stamped and no other span.
func TestLoadLosesNothing(t *testing.T) {
	samples, err := benchdata.Load(filepath.Join(root, "testdata"))
	require.NoError(t, err)
	res, err := harness.RunLoad(collectorBin, t.TempDir(), samples, harness.LoadOptions{
		Spans: 250_000, BatchSize: 1000, Senders: 4, Processors: []string{"errorgrouping", "batch"}})
	if res != nil {
		t.Cleanup(func() {
			if t.Failed() {
				t.Logf("collector log:\n%s", res.CollectorLog)
			}
		})
	}
	require.NoError(t, err)
	assert.Equal(t, 250_000, res.Sent)
	assert.Zero(t, res.Lost, "spans lost")
	assert.Zero(t, res.Duplicated, "spans duplicated")
	assert.Zero(t, res.Unexpected, "spans the load never sent")
	assert.Equal(t, 25_000, res.ErrorSpans)
	assert.Equal(t, res.ErrorSpans, res.Stamped, "error spans stamped")
	assert.Zero(t, res.StampedHealthy, "spans without an error stamped")
	// Memory stays bounded: a collector that kept what it forwarded would hold far more than this.
	var peak int64
	for _, s := range res.RSS {
		peak = max(peak, s.Bytes)
	}
	require.NotEmpty(t, res.RSS)
	assert.Less(t, peak, int64(512<<20), "collector peak RSS")
	t.Logf("%d spans in %s, collector CPU %s, peak RSS %d MiB", res.Received, res.Wall, res.CPU, peak>>20)
}
