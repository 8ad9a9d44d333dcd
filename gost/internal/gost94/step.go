package gost94

// Values of 256 bits are four 64-bit words, least significant first: word
// i is the 64-bit block numbered i+1 in RFC 5831, and its 16-bit lanes are
// the blocks of the shuffle transformation. The step function keeps them
// in local variables rather than arrays so that they stay in registers.

// c3 is the constant C3 of the key generation (RFC 5831 section 5.1);
// C2 = C4 = 0.
var c3 = [4]uint64{0xff00ff00ff00ff00, 0x00ff00ff00ff00ff, 0xff0000ff00ffff00, 0xff00ffff000000ff}

// step is the step hash function χ(M, H) of RFC 5831 section 5. It
// returns ψ^61(H ⊕ ψ(M ⊕ ψ^12(S))), S being the four 64-bit blocks of H
// each enciphered under one of the keys K1..K4 derived from H and M.
func step(t *roundTables, h, m *[4]uint64) [4]uint64 {
	// Key generation (section 5.1): U = H, V = M, K1 = P(U ⊕ V), then
	// U = A(U) ⊕ Cj, V = A(A(V)), Kj = P(U ⊕ V) for j = 2, 3, 4, where
	// A(y4 || y3 || y2 || y1) = (y1 ⊕ y2) || y4 || y3 || y2.
	var k [4][8]uint32
	u0, u1, u2, u3 := h[0], h[1], h[2], h[3]
	v0, v1, v2, v3 := m[0], m[1], m[2], m[3]
	keyP(&k[0], u0^v0, u1^v1, u2^v2, u3^v3)
	u0, u1, u2, u3 = u1, u2, u3, u0^u1
	v0, v1, v2, v3 = v2, v3, v0^v1, v1^v2
	keyP(&k[1], u0^v0, u1^v1, u2^v2, u3^v3)
	u0, u1, u2, u3 = u1^c3[0], u2^c3[1], u3^c3[2], u0^u1^c3[3]
	v0, v1, v2, v3 = v2, v3, v0^v1, v1^v2
	keyP(&k[2], u0^v0, u1^v1, u2^v2, u3^v3)
	u0, u1, u2, u3 = u1, u2, u3, u0^u1
	v0, v1, v2, v3 = v2, v3, v0^v1, v1^v2
	keyP(&k[3], u0^v0, u1^v1, u2^v2, u3^v3)

	// Encryption (section 5.2): s_i = E_Ki(h_i).
	s := *h
	t.encrypt4(&k, &s)

	// Shuffle (section 5.3).
	s0, s1, s2, s3 := s[0], s[1], s[2], s[3]
	for range 3 {
		s0, s1, s2, s3 = s1, s2, s3, psi4(s0, s1, s3)
	}
	s0, s1, s2, s3 = psi(s0^m[0], s1^m[1], s2^m[2], s3^m[3])
	s0, s1, s2, s3 = s0^h[0], s1^h[1], s2^h[2], s3^h[3]
	for range 15 {
		s0, s1, s2, s3 = s1, s2, s3, psi4(s0, s1, s3)
	}
	s0, s1, s2, s3 = psi(s0, s1, s2, s3)
	return [4]uint64{s0, s1, s2, s3}
}

// keyP sets k to the GOST 28147-89 key words of P(w3 || w2 || w1 || w0).
// P moves byte 8i+j of its input (counting from 0, least significant
// first) to byte 4j+i, so key word j gathers byte j of each word.
func keyP(k *[8]uint32, w0, w1, w2, w3 uint64) {
	for j := range k {
		k[j] = uint32(uint8(w0)) | uint32(uint8(w1))<<8 | uint32(uint8(w2))<<16 | uint32(uint8(w3))<<24
		w0 >>= 8
		w1 >>= 8
		w2 >>= 8
		w3 >>= 8
	}
}

// psi is the shuffle ψ(y16 || ... || y1) = (y1 ⊕ y2 ⊕ y3 ⊕ y4 ⊕ y13 ⊕ y16)
// || y16 || ... || y2 on the 16-bit blocks y1..y16 of w3 || w2 || w1 || w0.
func psi(w0, w1, w2, w3 uint64) (uint64, uint64, uint64, uint64) {
	top := (w0 ^ w0>>16 ^ w0>>32 ^ w0>>48 ^ w3 ^ w3>>48) & 0xffff
	return w0>>16 | w1<<48, w1>>16 | w2<<48, w2>>16 | w3<<48, w3>>16 | top<<48
}

// psi4 returns the word that ψ applied four times appends to
// w3 || w2 || w1 || w0 while dropping w0. Its blocks are
// z(16+t) = z(t) ⊕ z(t+1) ⊕ z(t+2) ⊕ z(t+3) ⊕ z(t+12) ⊕ z(t+15), t = 0..3,
// z0..z15 being the input blocks. All terms but z(t+15) are shifted copies
// of w0, w1 and w3; z(t+15) chains each new block to the previous one (z15
// for t = 0), which a prefix XOR over the four 16-bit lanes resolves.
func psi4(w0, w1, w3 uint64) uint64 {
	x := w0 ^ (w0>>16 | w1<<48) ^ (w0>>32 | w1<<32) ^ (w0>>48 | w1<<16) ^ w3 ^ w3>>48
	x ^= x << 16
	return x ^ x<<32
}
