// Package issuecache is a bounded, concurrency-safe cache from 128-bit keys to values, bounded both in
// entries and in bytes. The grouping engine keeps recently computed issues in it, so that an error seen
// again costs a hash and a lookup instead of a parse.
//
// The cache is split into shards, each a map with a CLOCK ring (second-chance eviction): a hit only sets
// the entry's reference bit, under a read lock, so concurrent hits never serialise on a write lock; an
// insertion sweeps the ring and evicts the first entry not referenced since the hand last passed it. A
// flood of one-off keys therefore evicts other one-off keys first, while entries that keep being hit
// survive it.
package issuecache

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// Key is a 128-bit hash of whatever decides the value.
type Key struct{ Hi, Lo uint64 }

// Options bound a cache. The bounds hold for the whole cache: each of the shards gets an equal share.
type Options struct {
	// MaxEntries is the most entries the cache holds; it must be positive.
	MaxEntries int
	// MaxBytes is the most bytes the entries account for: the size each Put declares plus the cache's
	// own per-entry overhead (EntryOverhead). It must be positive.
	MaxBytes int64
}

// Stats are counters since the cache was created and its current size.
type Stats struct {
	Hits, Misses uint64
	// Evictions counts entries removed to make room; Rejected counts values too large to be cached at all.
	Evictions, Rejected uint64
	Entries             int
	Bytes               int64
}

// Cache is a bounded map from Key to V. The zero value is not usable: call New.
type Cache[V any] struct {
	shards []shard[V]
	mask   uint64
}

// Shards are only split while each keeps at least this many entries and bytes, so that a small cache is
// not so finely divided that its entries crowd each other out of their shards.
const (
	maxShards       = 16
	minShardEntries = 64
	minShardBytes   = 64 << 10
)

// New returns an empty cache bounded by opts.
func New[V any](opts Options) *Cache[V] {
	n := maxShards
	for n > 1 && (opts.MaxEntries/n < minShardEntries || opts.MaxBytes/int64(n) < minShardBytes) {
		n /= 2
	}
	c := &Cache[V]{shards: make([]shard[V], n), mask: uint64(n - 1)}
	for i := range c.shards {
		s := &c.shards[i]
		s.maxEntries = max(opts.MaxEntries/n, 1)
		s.maxBytes = opts.MaxBytes / int64(n)
		s.index = make(map[Key]int32)
	}
	return c
}

// EntryOverhead is what the cache accounts for each entry besides the size its Put declares: the slot in
// the ring and the map entry.
func (c *Cache[V]) EntryOverhead() int64 {
	return int64(unsafe.Sizeof(slot[V]{})) + mapEntryOverhead
}

// mapEntryOverhead approximates one map entry: the key, the slot index, the control byte and the free space
// a map keeps at its load factor.
const mapEntryOverhead = 32

func (c *Cache[V]) shard(k Key) *shard[V] { return &c.shards[k.Lo&c.mask] }

// Get returns the value cached under k.
func (c *Cache[V]) Get(k Key) (V, bool) { return c.shard(k).get(k) }

// Put caches v under k; size is the memory v holds beyond its own struct (its strings, for instance).
// A value larger than a shard's byte budget is not cached.
func (c *Cache[V]) Put(k Key, v V, size int64) {
	s := c.shard(k)
	s.put(k, v, size+c.EntryOverhead())
}

// Stats returns the counters and the current size, summed over the shards.
func (c *Cache[V]) Stats() Stats {
	var st Stats
	for i := range c.shards {
		s := &c.shards[i]
		st.Hits += s.hits.Load()
		st.Misses += s.misses.Load()
		st.Evictions += s.evictions.Load()
		st.Rejected += s.rejected.Load()
		s.mu.RLock()
		st.Entries += len(s.index)
		st.Bytes += s.bytes
		s.mu.RUnlock()
	}
	return st
}

type shard[V any] struct {
	mu    sync.RWMutex
	index map[Key]int32
	// slots is the CLOCK ring; free lists the slots that evictions emptied.
	slots      []slot[V]
	free       []int32
	hand       int
	bytes      int64
	maxBytes   int64
	maxEntries int

	hits, misses, evictions, rejected atomic.Uint64
	// The padding keeps neighbouring shards, locked by other cores, off this shard's cache lines.
	_ [64]byte
}

type slot[V any] struct {
	key  Key
	val  V
	cost int64
	// ref is the CLOCK reference bit, set by hits under the read lock.
	ref  atomic.Bool
	live bool
}

func (s *shard[V]) get(k Key) (V, bool) {
	s.mu.RLock()
	i, ok := s.index[k]
	if !ok {
		s.mu.RUnlock()
		s.misses.Add(1)
		var zero V
		return zero, false
	}
	e := &s.slots[i]
	// Only a store that changes the bit dirties the cache line that other cores are reading.
	if !e.ref.Load() {
		e.ref.Store(true)
	}
	v := e.val
	s.mu.RUnlock()
	s.hits.Add(1)
	return v, true
}

func (s *shard[V]) put(k Key, v V, cost int64) {
	if cost > s.maxBytes {
		s.rejected.Add(1)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.index[k]; ok {
		// Two goroutines missed on the same key at once: keep one entry, accounted once.
		e := &s.slots[i]
		s.bytes += cost - e.cost
		e.val, e.cost = v, cost
		for s.bytes > s.maxBytes {
			s.evict()
		}
		return
	}
	for len(s.index) >= s.maxEntries || s.bytes+cost > s.maxBytes {
		s.evict()
	}
	var i int32
	if n := len(s.free); n > 0 {
		i, s.free = s.free[n-1], s.free[:n-1]
	} else {
		i = int32(len(s.slots))
		s.slots = append(s.slots, slot[V]{})
	}
	// A new entry starts unreferenced: one that is never hit again is the first to go.
	e := &s.slots[i]
	e.key, e.val, e.cost, e.live = k, v, cost, true
	e.ref.Store(false)
	s.index[k] = i
	s.bytes += cost
}

// evict removes one live entry, sweeping the ring from the hand and giving referenced entries a second
// chance. The caller holds the write lock and there is at least one live entry.
func (s *shard[V]) evict() {
	for {
		if s.hand >= len(s.slots) {
			s.hand = 0
		}
		e := &s.slots[s.hand]
		s.hand++
		if !e.live {
			continue
		}
		if e.ref.Load() {
			e.ref.Store(false)
			continue
		}
		delete(s.index, e.key)
		s.bytes -= e.cost
		var zero V
		e.val, e.live = zero, false // drop the value's memory now, not when the slot is reused
		s.free = append(s.free, int32(s.hand-1))
		s.evictions.Add(1)
		return
	}
}
