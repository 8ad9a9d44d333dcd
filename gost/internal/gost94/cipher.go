package gost94

// f is the round function of GOST 28147-89 (RFC 5830 section 6.1) after
// the key addition: S-box substitution of x and an 11-bit left rotation.
func (t *roundTables) f(x uint32) uint32 {
	return t[0][uint8(x)] ^ t[1][uint8(x>>8)] ^ t[2][uint8(x>>16)] ^ t[3][x>>24]
}

// encrypt4 enciphers the four 64-bit blocks x[i] under the keys k[i] in
// the electronic codebook mode of GOST 28147-89 (RFC 5830 section 6.1,
// 32-3). The key words are used in the order K0..K7 three times, then
// K7..K0. A block's least significant half is N1, its most significant
// N2; the result's least significant half is the final N2.
//
// The four encryptions of the step function are independent; running them
// in lockstep gives the processor four dependency chains to overlap.
func (t *roundTables) encrypt4(k *[4][8]uint32, x *[4]uint64) {
	a0, b0 := uint32(x[0]), uint32(x[0]>>32)
	a1, b1 := uint32(x[1]), uint32(x[1]>>32)
	a2, b2 := uint32(x[2]), uint32(x[2]>>32)
	a3, b3 := uint32(x[3]), uint32(x[3]>>32)
	for range 3 {
		for i := 0; i < 8; i += 2 {
			b0 ^= t.f(a0 + k[0][i])
			b1 ^= t.f(a1 + k[1][i])
			b2 ^= t.f(a2 + k[2][i])
			b3 ^= t.f(a3 + k[3][i])
			a0 ^= t.f(b0 + k[0][i+1])
			a1 ^= t.f(b1 + k[1][i+1])
			a2 ^= t.f(b2 + k[2][i+1])
			a3 ^= t.f(b3 + k[3][i+1])
		}
	}
	for i := 7; i > 0; i -= 2 {
		b0 ^= t.f(a0 + k[0][i])
		b1 ^= t.f(a1 + k[1][i])
		b2 ^= t.f(a2 + k[2][i])
		b3 ^= t.f(a3 + k[3][i])
		a0 ^= t.f(b0 + k[0][i-1])
		a1 ^= t.f(b1 + k[1][i-1])
		a2 ^= t.f(b2 + k[2][i-1])
		a3 ^= t.f(b3 + k[3][i-1])
	}
	x[0] = uint64(b0) | uint64(a0)<<32
	x[1] = uint64(b1) | uint64(a1)<<32
	x[2] = uint64(b2) | uint64(a2)<<32
	x[3] = uint64(b3) | uint64(a3)<<32
}
