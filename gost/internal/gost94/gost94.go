package gost94

import (
	"encoding/binary"
	"hash"
	"math/bits"
)

// BlockSize and Size are the block and digest sizes of GOST R 34.11-94 in
// bytes.
const (
	BlockSize = 32
	Size      = 32
)

// digest is the hashing state of RFC 5831 section 6: the hash value H, the
// sum Σ of the processed blocks mod 2^256 and the message length, plus the
// unprocessed tail of the message.
type digest struct {
	tables *roundTables
	h, sum [4]uint64
	length uint64 // bytes
	buf    [BlockSize]byte
	nx     int
}

// NewCryptoPro returns a hash.Hash computing GOST R 34.11-94 with the
// S-boxes of id-GostR3411-94-CryptoProParamSet.
func NewCryptoPro() hash.Hash {
	return &digest{tables: cryptoProTables}
}

// NewTest returns a hash.Hash computing GOST R 34.11-94 with the S-boxes
// of id-GostR3411-94-TestParamSet.
func NewTest() hash.Hash {
	return &digest{tables: testTables}
}

// Reset restores the initial state: H, Σ and the length are zero.
func (d *digest) Reset() {
	*d = digest{tables: d.tables}
}

func (d *digest) Size() int { return Size }

func (d *digest) BlockSize() int { return BlockSize }

// Write absorbs p. Every whole block is compressed as soon as it is
// complete: the final block is compressed the same way whether or not it
// is full (RFC 5831 section 6 pads it with zeros), so no block needs to be
// held back. Whole blocks are read straight from p.
func (d *digest) Write(p []byte) (int, error) {
	n := len(p)
	d.length += uint64(n)
	if d.nx > 0 {
		k := copy(d.buf[d.nx:], p)
		d.nx += k
		p = p[k:]
		if d.nx < BlockSize {
			return n, nil
		}
		d.block(&d.buf)
		d.nx = 0
	}
	for len(p) >= BlockSize {
		d.block((*[BlockSize]byte)(p))
		p = p[BlockSize:]
	}
	d.nx = copy(d.buf[:], p)
	return n, nil
}

// block processes one 256-bit block: Σ = Σ + M mod 2^256, H = χ(M, H).
func (d *digest) block(b *[BlockSize]byte) {
	m := [4]uint64{
		binary.LittleEndian.Uint64(b[0:]),
		binary.LittleEndian.Uint64(b[8:]),
		binary.LittleEndian.Uint64(b[16:]),
		binary.LittleEndian.Uint64(b[24:]),
	}
	var carry uint64
	d.sum[0], carry = bits.Add64(d.sum[0], m[0], 0)
	d.sum[1], carry = bits.Add64(d.sum[1], m[1], carry)
	d.sum[2], carry = bits.Add64(d.sum[2], m[2], carry)
	d.sum[3], _ = bits.Add64(d.sum[3], m[3], carry)
	d.h = step(d.tables, &d.h, &m)
}

// Sum appends the digest to b without changing the state.
func (d *digest) Sum(b []byte) []byte {
	d0 := *d
	h := d0.checkSum()
	var out [Size]byte
	for i, w := range h {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
	return append(b, out[:]...)
}

// checkSum finishes the computation of RFC 5831 section 6 and returns H.
// It consumes d.
func (d *digest) checkSum() [4]uint64 {
	// A partial last block is padded with zeros at the end. The empty
	// message compresses no block at all: this gives the published digests
	// of "" (RFC 5831 implementations, pygost) rather than gost-engine's.
	if d.nx > 0 {
		clear(d.buf[d.nx:])
		d.block(&d.buf)
	}
	// H = χ(L, H), then H = χ(Σ, H); L is the length in bits.
	l := [4]uint64{d.length << 3, d.length >> 61}
	d.h = step(d.tables, &d.h, &l)
	return step(d.tables, &d.h, &d.sum)
}
