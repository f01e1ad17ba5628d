package issuecache

import (
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func key(i int) Key { return Key{Hi: uint64(i) * 0x9e3779b97f4a7c15, Lo: uint64(i)} }

func TestGetReturnsWhatPutStored(t *testing.T) {
	c := New[string](Options{MaxEntries: 100, MaxBytes: 1 << 20})
	_, ok := c.Get(key(1))
	assert.False(t, ok)
	c.Put(key(1), "one", 3)
	c.Put(key(2), "two", 3)
	v, ok := c.Get(key(1))
	assert.True(t, ok)
	assert.Equal(t, "one", v)
	st := c.Stats()
	assert.Equal(t, uint64(1), st.Hits)
	assert.Equal(t, uint64(1), st.Misses)
	assert.Equal(t, 2, st.Entries)
	assert.Equal(t, 2*(3+c.EntryOverhead()), st.Bytes)
}

func TestShardingRespectsSmallBounds(t *testing.T) {
	assert.Len(t, New[int](Options{MaxEntries: 10, MaxBytes: 1 << 30}).shards, 1)
	assert.Len(t, New[int](Options{MaxEntries: 1 << 20, MaxBytes: 100 << 10}).shards, 1)
	assert.Len(t, New[int](Options{MaxEntries: 10000, MaxBytes: 16 << 20}).shards, maxShards)
}

func TestEntryBoundEvicts(t *testing.T) {
	c := New[int](Options{MaxEntries: 50, MaxBytes: 1 << 30})
	for i := 0; i < 1000; i++ {
		c.Put(key(i), i, 0)
		require.LessOrEqual(t, c.Stats().Entries, 50)
	}
	st := c.Stats()
	assert.Equal(t, 50, st.Entries)
	assert.Equal(t, uint64(950), st.Evictions)
	// The last key inserted is always present: eviction happens before insertion.
	v, ok := c.Get(key(999))
	assert.True(t, ok)
	assert.Equal(t, 999, v)
}

func TestByteBoundEvictsAndAccountsExactly(t *testing.T) {
	c := New[[]byte](Options{MaxEntries: 1000, MaxBytes: 64 << 10})
	live := map[Key]int64{}
	for i := 0; i < 5000; i++ {
		size := int64(rand.IntN(4096))
		c.Put(key(i), make([]byte, size), size)
		live[key(i)] = size + c.EntryOverhead()
		st := c.Stats()
		require.LessOrEqual(t, st.Bytes, int64(64<<10))
		require.LessOrEqual(t, st.Entries, 1000)
	}
	// The accounted bytes are exactly the costs of the entries still present.
	var want int64
	for k, cost := range live {
		if _, ok := c.Get(k); ok {
			want += cost
		}
	}
	assert.Equal(t, want, c.Stats().Bytes)
}

// TestLookupsSurviveEvictionsInCrowdedSlots gives every key one of eight home slots, so that evictions
// move entries back along long probe runs: after every insertion, exactly the entries the cache counts
// are found, each with its own value.
func TestLookupsSurviveEvictionsInCrowdedSlots(t *testing.T) {
	c := New[int](Options{MaxEntries: 48, MaxBytes: 1 << 20})
	r := rand.New(rand.NewPCG(1, 2))
	var keys []Key
	for i := 0; i < 600; i++ {
		k := Key{Hi: uint64(r.IntN(8)), Lo: uint64(i) << 8}
		keys = append(keys, k)
		c.Put(k, i, 0)
		if r.IntN(3) == 0 {
			c.Get(keys[r.IntN(len(keys))]) // a hit now and then, so that the hand skips some entries
		}
		found := 0
		for j, k := range keys {
			if v, ok := c.Get(k); ok {
				require.Equal(t, j, v)
				found++
			}
		}
		require.Equal(t, c.Stats().Entries, found, "after inserting key %d", i)
		require.LessOrEqual(t, found, 48)
	}
}

func TestTooLargeValueIsRejected(t *testing.T) {
	c := New[int](Options{MaxEntries: 10, MaxBytes: 1000})
	c.Put(key(1), 1, 10)
	c.Put(key(2), 2, 2000)
	_, ok := c.Get(key(2))
	assert.False(t, ok)
	_, ok = c.Get(key(1))
	assert.True(t, ok, "a rejected value evicts nothing")
	assert.Equal(t, uint64(1), c.Stats().Rejected)
}

func TestReplacingAKeyAccountsItOnce(t *testing.T) {
	c := New[int](Options{MaxEntries: 10, MaxBytes: 1 << 20})
	c.Put(key(1), 1, 100)
	c.Put(key(1), 2, 300)
	st := c.Stats()
	assert.Equal(t, 1, st.Entries)
	assert.Equal(t, 300+c.EntryOverhead(), st.Bytes)
	v, _ := c.Get(key(1))
	assert.Equal(t, 2, v)
}

func TestReferencedEntriesSurviveAFloodOfOneOffKeys(t *testing.T) {
	c := New[int](Options{MaxEntries: 64, MaxBytes: 1 << 20})
	hot := []Key{key(-1), key(-2), key(-3)}
	for _, k := range hot {
		c.Put(k, 0, 0)
	}
	for i := 0; i < 10000; i++ {
		for _, k := range hot {
			_, ok := c.Get(k)
			require.True(t, ok, "hot key evicted after %d one-off keys", i)
		}
		c.Put(key(i), i, 0)
	}
}

func TestConcurrentUseKeepsTheBounds(t *testing.T) {
	c := New[int](Options{MaxEntries: 256, MaxBytes: 1 << 20})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for i := 0; i < 20000; i++ {
				k := key(r.IntN(2000))
				if v, ok := c.Get(k); ok {
					if v != int(k.Lo) {
						t.Errorf("key %d holds %d", k.Lo, v)
						return
					}
					continue
				}
				c.Put(k, int(k.Lo), int64(r.IntN(512)))
			}
		}()
	}
	wg.Wait()
	st := c.Stats()
	assert.LessOrEqual(t, st.Entries, 256)
	assert.LessOrEqual(t, st.Bytes, int64(1<<20))
	assert.Equal(t, uint64(8*20000), st.Hits+st.Misses)
	assert.Positive(t, st.Hits)
	assert.Positive(t, st.Evictions)
}

// BenchmarkGetHit looks up 1000 keys, or one key only, from every core at once (run it with -cpu 1,2).
func BenchmarkGetHit(b *testing.B) {
	for _, keys := range []int{1000, 1} {
		b.Run(strconv.Itoa(keys)+"keys", func(b *testing.B) {
			c := New[[4]string](Options{MaxEntries: 10000, MaxBytes: 16 << 20})
			for i := 0; i < keys; i++ {
				c.Put(key(i), [4]string{}, 0)
			}
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					c.Get(key(i % keys))
					i++
				}
			})
		})
	}
}

func BenchmarkPutEvict(b *testing.B) {
	c := New[[4]string](Options{MaxEntries: 10000, MaxBytes: 16 << 20})
	i := 0
	for b.Loop() {
		c.Put(key(i), [4]string{}, 256)
		i++
	}
}
