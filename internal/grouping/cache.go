package grouping

import (
	"encoding/binary"
	"strings"

	"github.com/zeebo/xxh3"

	"github.com/errorgrouping/errorgrouping/internal/issuecache"
)

// Cache defaults: an error burst is usually a handful of distinct stacks repeated many times, and 10,000
// issues of a few hundred bytes each stay well inside 16 MiB.
const (
	DefaultCacheEntries = 10000
	DefaultCacheBytes   = 16 << 20
)

// CacheStats are the issue cache's counters and size, for telemetry.
type CacheStats = issuecache.Stats

// CacheStats returns the issue cache's counters and current size; all zero when the cache is disabled.
func (e *Engine) CacheStats() CacheStats {
	if e.cache == nil {
		return CacheStats{}
	}
	return e.cache.Stats()
}

func newCache(opts Options) *issuecache.Cache[Issue] {
	if opts.CacheEntries <= 0 {
		return nil
	}
	maxBytes := opts.CacheBytes
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	return issuecache.New[Issue](issuecache.Options{MaxEntries: opts.CacheEntries, MaxBytes: maxBytes})
}

// Group computes the issue of err. An error whose inputs were all seen recently is answered from the cache:
// the issue is a pure function of the inputs and the engine's options, so the answer is the same.
func (e *Engine) Group(err *Error) Issue {
	if e.cache == nil {
		return e.group(err)
	}
	k := cacheKey(err)
	if issue, ok := e.cache.Get(k); ok {
		return issue
	}
	issue, size := owned(e.group(err))
	e.cache.Put(k, issue, size)
	return issue
}

// keyInline is the longest field the key encodes as is; longer ones (stacks, long messages) are hashed on
// their own first, so the key is built in a small stack buffer whatever the input size.
const keyInline = 64

// cacheKey is a 128-bit hash of every input Group reads. Fields are tagged and length-prefixed, so that no
// two different inputs encode alike.
func cacheKey(err *Error) issuecache.Key {
	var arr [512]byte
	b := append(arr[:0], byte(err.Language))
	b = appendKeyField(b, err.Service)
	b = binary.AppendUvarint(b, uint64(len(err.Scope)))
	for _, v := range err.Scope {
		b = appendKeyField(b, v)
	}
	b = appendKeyField(b, err.Operation)
	if err.FingerprintIsArray {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(len(err.Fingerprint)))
	for _, v := range err.Fingerprint {
		b = appendKeyField(b, v)
	}
	b = appendKeyField(b, err.Type)
	b = appendKeyField(b, err.Message)
	b = appendKeyField(b, err.Stack)
	for _, list := range [...][]string{err.RuleAttributes, err.RuleResource} {
		b = binary.AppendUvarint(b, uint64(len(list)))
		for _, v := range list {
			b = appendKeyField(b, v)
		}
	}
	h := xxh3.Hash128(b)
	return issuecache.Key{Hi: h.Hi, Lo: h.Lo}
}

func appendKeyField(b []byte, s string) []byte {
	if len(s) <= keyInline {
		b = append(b, 's')
		b = binary.AppendUvarint(b, uint64(len(s)))
		return append(b, s...)
	}
	h := xxh3.HashString128(s)
	b = append(b, 'h')
	b = binary.AppendUvarint(b, uint64(len(s)))
	b = binary.LittleEndian.AppendUint64(b, h.Hi)
	return binary.LittleEndian.AppendUint64(b, h.Lo)
}

// owned returns the issue with its strings copied into one allocation, and that allocation's size. A cached
// issue must not alias its input: a culprit is a substring of the stack text and would keep the whole
// stack alive, beyond what the cache accounts for.
func owned(issue Issue) (Issue, int64) {
	var b strings.Builder
	b.Grow(len(issue.ID) + len(issue.Fingerprint) + len(issue.Title) + len(issue.Culprit) + len(issue.Explanation))
	for _, s := range [...]string{issue.ID, issue.Fingerprint, issue.Title, issue.Culprit, issue.Explanation} {
		b.WriteString(s)
	}
	all := b.String()
	cut := func(s *string) {
		n := len(*s)
		*s, all = all[:n], all[n:]
	}
	cut(&issue.ID)
	cut(&issue.Fingerprint)
	cut(&issue.Title)
	cut(&issue.Culprit)
	cut(&issue.Explanation)
	return issue, int64(b.Len())
}
