// Package issuecache is a bounded, concurrency-safe cache from 128-bit keys to values, bounded both in
// entries and in bytes. The grouping engine keeps recently computed issues in it, so that an error seen
// again costs a hash and a lookup instead of a parse.
//
// Reads take no lock and write no shared memory: during an outage every core looks up the same few keys,
// and a lock or a shared counter on that path would make the cores queue for one cache line. Each shard is
// an open-addressing table of atomic pointers to immutable entries, written under the shard's mutex, with a
// CLOCK ring (second-chance eviction): a hit sets the entry's reference bit if it is not already set, and an
// insertion evicts the first entry the ring's hand finds unreferenced since it last passed. A flood of
// one-off keys therefore evicts other one-off keys first, while entries that keep being hit survive it.
package issuecache

import (
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// Key is a 128-bit hash of whatever decides the value. Lo picks the shard, Hi the place in its table.
type Key struct{ Hi, Lo uint64 }

// Options bound a cache. The bounds hold for the whole cache: each shard gets an equal share.
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
	hits   hitCounter
}

// Shards are only split while each keeps at least this many entries and bytes, so that a small cache is
// not so finely divided that its entries crowd each other out of their shards.
const (
	maxShards       = 16
	minShardEntries = 64
	minShardBytes   = 64 << 10
)

// New returns an empty cache bounded by opts. Its index is allocated at once, outside the byte bound: two
// to four 8-byte table slots per entry of MaxEntries, so that the table never grows under the readers' feet.
func New[V any](opts Options) *Cache[V] {
	n := maxShards
	for n > 1 && (opts.MaxEntries/n < minShardEntries || opts.MaxBytes/int64(n) < minShardBytes) {
		n /= 2
	}
	c := &Cache[V]{shards: make([]shard[V], n), mask: uint64(n - 1)}
	c.hits.init()
	for i := range c.shards {
		s := &c.shards[i]
		s.maxEntries = max(opts.MaxEntries/n, 1)
		s.maxBytes = opts.MaxBytes / int64(n)
		// At most half full, so that probes stay short and always end at an empty slot.
		size := 1 << bits.Len(uint(2*s.maxEntries-1))
		s.table = make([]atomic.Pointer[entry[V]], size)
		s.tmask = uint64(size - 1)
	}
	return c
}

// EntryOverhead is what the cache accounts for each entry besides the size its Put declares: the entry
// itself and its place in the ring.
func (c *Cache[V]) EntryOverhead() int64 {
	return int64(unsafe.Sizeof(entry[V]{})) + int64(unsafe.Sizeof((*entry[V])(nil)))
}

func (c *Cache[V]) shard(k Key) *shard[V] { return &c.shards[k.Lo&c.mask] }

// Get returns the value cached under k.
func (c *Cache[V]) Get(k Key) (V, bool) {
	s := c.shard(k)
	if e := s.find(k); e != nil {
		// Only a store that changes the bit dirties the cache line that other cores are reading.
		if !e.ref.Load() {
			e.ref.Store(true)
		}
		c.hits.add()
		return e.val, true
	}
	s.misses.Add(1)
	var zero V
	return zero, false
}

// Put caches v under k; size is the memory v holds beyond its own struct (its strings, for instance).
// A value larger than a shard's byte budget is not cached.
func (c *Cache[V]) Put(k Key, v V, size int64) {
	s := c.shard(k)
	cost := size + c.EntryOverhead()
	if cost > s.maxBytes {
		s.rejected.Add(1)
		return
	}
	s.put(&entry[V]{key: k, val: v, cost: cost})
}

// Stats returns the counters and the current size, summed over the shards.
func (c *Cache[V]) Stats() Stats {
	st := Stats{Hits: c.hits.sum()}
	for i := range c.shards {
		s := &c.shards[i]
		st.Misses += s.misses.Load()
		st.Rejected += s.rejected.Load()
		s.mu.Lock()
		st.Evictions += s.evictions
		st.Entries += s.entries
		st.Bytes += s.bytes
		s.mu.Unlock()
	}
	return st
}

// entry is immutable once published, but for its reference bit.
type entry[V any] struct {
	key  Key
	val  V
	cost int64
	ref  atomic.Bool
	// ring is the entry's place in the CLOCK ring; only the shard's writer reads it.
	ring int
}

type shard[V any] struct {
	// table is read without a lock; mu serialises the writers, which also own everything below it.
	table []atomic.Pointer[entry[V]]
	tmask uint64

	mu sync.Mutex
	// ring holds the entries in CLOCK order, nil where an eviction left a hole that free lists.
	ring       []*entry[V]
	free       []int
	hand       int
	entries    int
	bytes      int64
	evictions  uint64
	maxEntries int
	maxBytes   int64

	misses, rejected atomic.Uint64
	// The padding keeps neighbouring shards, written by other cores, off this shard's cache lines.
	_ [64]byte
}

// find returns the entry of k, or nil. Without the lock, a lookup that races with an eviction may miss an
// entry that is present or find one that was just evicted: either way it returns nothing but k's value.
func (s *shard[V]) find(k Key) *entry[V] {
	for i := k.Hi & s.tmask; ; i = (i + 1) & s.tmask {
		e := s.table[i].Load()
		if e == nil || e.key == k {
			return e
		}
	}
}

func (s *shard[V]) put(e *entry[V]) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, old := s.slot(e.key); old != nil {
		// Two goroutines missed on the same key at once: keep one entry, accounted once.
		e.ring = old.ring
		s.ring[e.ring] = e
		s.table[i].Store(e)
		s.bytes += e.cost - old.cost
		for s.bytes > s.maxBytes {
			s.evict()
		}
		return
	}
	for s.entries >= s.maxEntries || s.bytes+e.cost > s.maxBytes {
		s.evict()
	}
	// A new entry starts unreferenced: one that is never hit again is the first to go.
	if n := len(s.free); n > 0 {
		e.ring, s.free = s.free[n-1], s.free[:n-1]
		s.ring[e.ring] = e
	} else {
		e.ring = len(s.ring)
		s.ring = append(s.ring, e)
	}
	i, _ := s.slot(e.key)
	s.table[i].Store(e)
	s.entries++
	s.bytes += e.cost
}

// slot returns where k is in the table, or the empty slot where it would go.
func (s *shard[V]) slot(k Key) (uint64, *entry[V]) {
	for i := k.Hi & s.tmask; ; i = (i + 1) & s.tmask {
		if e := s.table[i].Load(); e == nil || e.key == k {
			return i, e
		}
	}
}

// evict removes one entry, sweeping the ring from the hand and giving referenced entries a second chance.
// The caller holds the lock and the shard holds at least one entry.
func (s *shard[V]) evict() {
	for {
		if s.hand >= len(s.ring) {
			s.hand = 0
		}
		e := s.ring[s.hand]
		s.hand++
		if e == nil {
			continue
		}
		if e.ref.Load() {
			e.ref.Store(false)
			continue
		}
		i, _ := s.slot(e.key)
		s.remove(i)
		s.ring[e.ring] = nil
		s.free = append(s.free, e.ring)
		s.entries--
		s.bytes -= e.cost
		s.evictions++
		return
	}
}

// remove empties table slot i and moves back the entries after it that would otherwise become
// unreachable (backward-shift deletion), so that the table needs no tombstones.
func (s *shard[V]) remove(i uint64) {
	for j := (i + 1) & s.tmask; ; j = (j + 1) & s.tmask {
		e := s.table[j].Load()
		if e == nil {
			s.table[i].Store(nil)
			return
		}
		// e may fill the hole at i unless its home slot lies cyclically in (i, j].
		if home := e.key.Hi & s.tmask; (j-home)&s.tmask >= (j-i)&s.tmask {
			s.table[i].Store(e)
			i = j
		}
	}
}

// hitCounter counts hits without a shared write: a sync.Pool hands each P (each running goroutine's
// processor) a counter of its own, so hits on different cores touch different cache lines.
type hitCounter struct {
	pool sync.Pool
	mu   sync.Mutex
	all  []*paddedCounter
	next int
}

type paddedCounter struct {
	n atomic.Uint64
	_ [56]byte
}

func (h *hitCounter) init() {
	h.pool.New = func() any {
		h.mu.Lock()
		defer h.mu.Unlock()
		// The pool drops its contents at each garbage collection: handing out the counters made before,
		// rather than new ones, keeps their number bounded while every count stays summed.
		if len(h.all) >= 2*runtime.GOMAXPROCS(0) {
			h.next++
			return h.all[h.next%len(h.all)]
		}
		c := new(paddedCounter)
		h.all = append(h.all, c)
		return c
	}
}

func (h *hitCounter) add() {
	c := h.pool.Get().(*paddedCounter)
	c.n.Add(1)
	h.pool.Put(c)
}

func (h *hitCounter) sum() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	var n uint64
	for _, c := range h.all {
		n += c.n.Load()
	}
	return n
}
