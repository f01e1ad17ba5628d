package issuecache

import (
	"math/rand/v2"
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

func BenchmarkGetHit(b *testing.B) {
	c := New[[4]string](Options{MaxEntries: 10000, MaxBytes: 16 << 20})
	for i := 0; i < 1000; i++ {
		c.Put(key(i), [4]string{}, 0)
	}
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			c.Get(key(i % 1000))
			i++
		}
	})
}

func BenchmarkPutEvict(b *testing.B) {
	c := New[[4]string](Options{MaxEntries: 10000, MaxBytes: 16 << 20})
	i := 0
	for b.Loop() {
		c.Put(key(i), [4]string{}, 256)
		i++
	}
}
