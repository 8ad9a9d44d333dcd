package streebog

import (
	"encoding/binary"
	"hash"
)

// BlockSize is the block size of GOST R 34.11-2012 in bytes.
const BlockSize = 64

// Size256 and Size512 are the digest sizes in bytes.
const (
	Size256 = 32
	Size512 = 64
)

// digest is the hashing state of RFC 6986 section 9: the chaining value h,
// the processed length in bits N and the sum Σ of the processed blocks,
// plus the unprocessed tail of the message.
type digest struct {
	h, n, sigma [8]uint64
	buf         [BlockSize]byte
	nx          int
	size        int
}

// New256 returns a hash.Hash computing GOST R 34.11-2012 with a 256-bit
// digest.
func New256() hash.Hash {
	d := &digest{size: Size256}
	d.Reset()
	return d
}

// New512 returns a hash.Hash computing GOST R 34.11-2012 with a 512-bit
// digest.
func New512() hash.Hash {
	d := &digest{size: Size512}
	d.Reset()
	return d
}

// Sum256 returns the 256-bit GOST R 34.11-2012 digest of data.
func Sum256(data []byte) [Size256]byte {
	d := digest{size: Size256}
	d.Reset()
	d.Write(data)
	var out [Size256]byte
	d.checkSum(out[:])
	return out
}

// Sum512 returns the 512-bit GOST R 34.11-2012 digest of data.
func Sum512(data []byte) [Size512]byte {
	d := digest{size: Size512}
	d.Reset()
	d.Write(data)
	var out [Size512]byte
	d.checkSum(out[:])
	return out
}

// Reset restores the initial state: the initialisation vector of RFC 6986
// section 6.1 is 64 zero bytes for the 512-bit hash and 64 bytes 0x01 for
// the 256-bit one; N and Σ start at zero.
func (d *digest) Reset() {
	var iv uint64
	if d.size == Size256 {
		iv = 0x0101010101010101
	}
	for i := range d.h {
		d.h[i] = iv
	}
	d.n = [8]uint64{}
	d.sigma = [8]uint64{}
	d.nx = 0
}

func (d *digest) Size() int { return d.size }

func (d *digest) BlockSize() int { return BlockSize }

// Write absorbs p. A full block is compressed as soon as it is complete:
// stage 2 of RFC 6986 section 9 processes every whole block, even when it
// ends the message, and stage 3 then pads what remains (possibly nothing).
// Whole blocks are read straight from p.
func (d *digest) Write(p []byte) (int, error) {
	n := len(p)
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

// block is one step of stage 2: h = g_N(h, m), N = N + 512, Σ = Σ + m.
func (d *digest) block(b *[BlockSize]byte) {
	var m [8]uint64
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	g(&d.h, &d.n, &m)
	addSmall(&d.n, 512)
	add512(&d.sigma, &m)
}

// Sum appends the digest to b without changing the state.
func (d *digest) Sum(b []byte) []byte {
	d0 := *d
	var out [Size512]byte
	d0.checkSum(out[:d.size])
	return append(b, out[:d.size]...)
}

// checkSum runs stage 3 of RFC 6986 section 9 and writes the digest to
// out, whose length is d.size. It consumes d.
func (d *digest) checkSum(out []byte) {
	// Pad the tail m to 0^(511-|m|) || 1 || m: in memory order, the byte
	// 0x01 right after the message bytes, then zeros.
	var last [BlockSize]byte
	copy(last[:], d.buf[:d.nx])
	last[d.nx] = 0x01
	var m [8]uint64
	for i := range m {
		m[i] = binary.LittleEndian.Uint64(last[8*i:])
	}
	g(&d.h, &d.n, &m)
	addSmall(&d.n, uint64(d.nx)*8)
	add512(&d.sigma, &m)

	var zero [8]uint64
	g(&d.h, &zero, &d.n)
	g(&d.h, &zero, &d.sigma)

	// The 256-bit digest is MSB_256(h): the upper four words.
	words := d.h[:]
	if d.size == Size256 {
		words = d.h[4:]
	}
	for i, w := range words {
		binary.LittleEndian.PutUint64(out[8*i:], w)
	}
}
