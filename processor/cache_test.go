package processor

import (
	"context"
	"runtime"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/collector/processor/processortest"

	"github.com/errorgrouping/errorgrouping/internal/benchdata"
	"github.com/errorgrouping/errorgrouping/processor/internal/metadata"
)

func TestPassThroughAllocatesNothing(t *testing.T) {
	p, err := newErrorGrouping(processortest.NewNopSettings(metadata.Type), defaultConfig())
	require.NoError(t, err)
	td := passThroughBatch()
	allocs := testing.AllocsPerRun(20, func() {
		_, err := p.processTraces(context.Background(), td)
		require.NoError(t, err)
	})
	assert.Zero(t, allocs, "a batch without error spans must not allocate")
}

func TestCachedAndUncachedProcessorsStampAlike(t *testing.T) {
	samples := mix(t)
	uncached := defaultConfig()
	uncached.Cache.MaxEntries = 0
	want := spanAttrs(runProcessor(t, uncached, errorBatch(samples, "")))
	cached := defaultConfig()
	p, err := newErrorGrouping(processortest.NewNopSettings(metadata.Type), cached)
	require.NoError(t, err)
	for round := 0; round < 2; round++ {
		td, err := p.processTraces(context.Background(), errorBatch(samples, ""))
		require.NoError(t, err)
		got := spanAttrs(td)
		require.Len(t, got, len(want))
		for i := range want {
			require.Equal(t, want[i].AsRaw(), got[i].AsRaw(), "span %d, round %d", i, round)
		}
	}
	assert.Positive(t, p.engine.CacheStats().Hits)
}

// TestConcurrentConsumeTraces runs ConsumeTraces from several goroutines at once, sharing one cache (run it
// with -race): every goroutine gets the stamps a processor without a cache gives.
func TestConcurrentConsumeTraces(t *testing.T) {
	var samples []benchdata.Sample
	for i, s := range mix(t) {
		if i%4 == 0 {
			samples = append(samples, s)
		}
	}
	uncached := defaultConfig()
	uncached.Cache.MaxEntries = 0
	want := spanAttrs(runProcessor(t, uncached, errorBatch(samples, "")))
	cfg := defaultConfig()
	cfg.Cache.MaxEntries = len(samples) / 2 // small enough to evict while others read
	p := newBenchProcessor(t, cfg)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := 0; round < 3; round++ {
				td := errorBatch(samples, "")
				if err := p.ConsumeTraces(context.Background(), td); err != nil {
					t.Error(err)
					return
				}
				for i, got := range spanAttrs(td) {
					if !assert.Equal(t, want[i].AsRaw(), got.AsRaw(), "span %d", i) {
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

// uniqueStacks returns n errors of the mix whose stack texts were never seen: a number in each stack is
// replaced by a counter, which keeps the text parseable and the error's issue what it was.
func uniqueStacks(samples []benchdata.Sample, from, n int) []benchdata.Sample {
	out := make([]benchdata.Sample, n)
	for i := range out {
		s := samples[(from+i)%len(samples)]
		s.Stack = replaceLastNumber(s.Stack, strconv.Itoa(from+i))
		out[i] = s
	}
	return out
}

func replaceLastNumber(text, with string) string {
	end := len(text)
	for end > 0 && (text[end-1] < '0' || text[end-1] > '9') {
		end--
	}
	if end == 0 {
		return text + " " + with
	}
	start := end
	for start > 0 && text[start-1] >= '0' && text[start-1] <= '9' {
		start--
	}
	return text[:start] + with + text[end:]
}

// TestHeapStaysBoundedUnderAFloodOfUniqueStacks sends 2,000 and then 20,000 more never-seen stacks: the
// cache holds to its bounds and the live heap does not grow with the number of distinct errors.
func TestHeapStaysBoundedUnderAFloodOfUniqueStacks(t *testing.T) {
	samples := mix(t)
	cfg := defaultConfig()
	cfg.Cache = CacheConfig{MaxEntries: 1000, MaxBytes: 512 << 10}
	p, err := newErrorGrouping(processortest.NewNopSettings(metadata.Type), cfg)
	require.NoError(t, err)
	sent := 0
	flood := func(n int) uint64 {
		for n > 0 {
			batch := min(n, 500)
			_, err := p.processTraces(context.Background(), errorBatch(uniqueStacks(samples, sent, batch), ""))
			require.NoError(t, err)
			sent += batch
			n -= batch
		}
		st := p.engine.CacheStats()
		require.LessOrEqual(t, st.Entries, cfg.Cache.MaxEntries)
		require.LessOrEqual(t, st.Bytes, cfg.Cache.MaxBytes)
		// Twice: the first collection only moves sync.Pool contents to the victim cache.
		runtime.GC()
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		t.Logf("after %6d distinct errors: live heap %5.1f MiB, cache %d entries, %d bytes, %d evictions",
			sent, float64(ms.HeapAlloc)/(1<<20), st.Entries, st.Bytes, st.Evictions)
		return ms.HeapAlloc
	}
	small := flood(2000)
	large := flood(20000)
	st := p.engine.CacheStats()
	assert.Equal(t, uint64(sent), st.Misses, "every stack was new")
	assert.GreaterOrEqual(t, st.Evictions, uint64(sent-cfg.Cache.MaxEntries))
	// An unbounded cache would have kept 20,000 more issues, several hundred bytes each: about 10 MiB.
	assert.Less(t, large, small+(4<<20), "the live heap grew with the number of distinct errors")
}
