package grouping

import (
	"encoding/binary"
	"encoding/hex"

	"github.com/zeebo/xxh3"
)

// Part tags keep a part a user wrote apart from a part the engine derived, so a custom fingerprint can never
// collide with a derived one by spelling the same bytes, while a literal written in a span attribute and the
// same literal written in a fingerprint rule give the same issue.
const (
	tagDerived = 'd'
	tagUser    = 'u'
)

// idEncoder builds the byte string an issue id hashes: a domain header with the grouping version, the scope
// values, then the fingerprint parts, every field length-prefixed so that no two different inputs encode to
// the same bytes ("ab","c" never equals "a","bc").
type idEncoder struct {
	buf []byte
}

func (e *idEncoder) reset(version int) {
	e.buf = append(e.buf[:0], "errorgrouping\x00"...)
	e.buf = binary.AppendUvarint(e.buf, uint64(version))
}

func (e *idEncoder) field(tag byte, s string) {
	e.buf = append(e.buf, tag)
	e.buf = binary.AppendUvarint(e.buf, uint64(len(s)))
	e.buf = append(e.buf, s...)
}

func (e *idEncoder) fieldBytes(tag byte, s []byte) { e.buf = appendField(e.buf, tag, s) }

// id returns the lowercase hex of the 128-bit XXH3 hash of the encoding, high half first.
func (e *idEncoder) id(dst []byte) []byte {
	h := xxh3.Hash128(e.buf)
	var raw [16]byte
	binary.BigEndian.PutUint64(raw[:8], h.Hi)
	binary.BigEndian.PutUint64(raw[8:], h.Lo)
	return hex.AppendEncode(dst, raw[:])
}
