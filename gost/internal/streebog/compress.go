package streebog

import "encoding/binary"

// roundState is the working state of the block cipher E inside g: the
// state s, the round key k, and scratch bytes holding LPS inputs stored
// least significant byte first (t[:64] for the state, t[64:] for the key).
// Keeping them in one struct lets the round address all of them from one
// register.
type roundState struct {
	s, k [8]uint64
	t    [128]byte
}

// g is the compression function g_N(h, m) = E(LPS(h ⊕ N), m) ⊕ h ⊕ m of
// RFC 6986 section 8. It updates h in place.
//
// E(K, m) = X[K13]LPSX[K12]...LPSX[K1](m) with K1 = LPS(h ⊕ N) and
// K(i+1) = LPS(Ki ⊕ Ci), so each of the 12 rounds computes two LPS of
// inputs that are both ready at its start; round does them together.
func g(h, n, m *[8]uint64) {
	var st roundState
	in := (*[64]byte)(st.t[:64])
	xorBytes(in, h, n)
	lps(&st.k, in)
	st.s = *m
	for i := range c {
		round(&st, &c[i], &lpsTable)
	}
	for i := range h {
		h[i] ^= st.k[i] ^ st.s[i] ^ m[i]
	}
}

// round sets s = LPS(k ⊕ s) and k = LPS(k ⊕ cc), cc being the round
// constant.
//
// Output word i of LPS is the XOR over j of tab[j][byte i of input word j]
// (see lpsTable). An index byte costs either a byte load from the scratch
// bytes or a shift and zero-extension of a word held in a register; this
// round takes word 0 of the state input and words 0..4 of the key input
// from registers and the rest from memory, which balances the load and
// arithmetic units (and stays within the registers available). The table
// is passed as a pointer so that every lookup is a single instruction with
// a constant displacement.
func round(st *roundState, cc *[8]uint64, tab *[8][256]uint64) {
	binary.LittleEndian.PutUint64(st.t[8:], st.k[1]^st.s[1])
	binary.LittleEndian.PutUint64(st.t[16:], st.k[2]^st.s[2])
	binary.LittleEndian.PutUint64(st.t[24:], st.k[3]^st.s[3])
	binary.LittleEndian.PutUint64(st.t[32:], st.k[4]^st.s[4])
	binary.LittleEndian.PutUint64(st.t[40:], st.k[5]^st.s[5])
	binary.LittleEndian.PutUint64(st.t[48:], st.k[6]^st.s[6])
	binary.LittleEndian.PutUint64(st.t[56:], st.k[7]^st.s[7])
	binary.LittleEndian.PutUint64(st.t[64+40:], st.k[5]^cc[5])
	binary.LittleEndian.PutUint64(st.t[64+48:], st.k[6]^cc[6])
	binary.LittleEndian.PutUint64(st.t[64+56:], st.k[7]^cc[7])
	a0 := st.k[0] ^ st.s[0]
	b0 := st.k[0] ^ cc[0]
	b1 := st.k[1] ^ cc[1]
	b2 := st.k[2] ^ cc[2]
	b3 := st.k[3] ^ cc[3]
	b4 := st.k[4] ^ cc[4]
	for i := range st.s {
		st.s[i] = tab[0][uint8(a0)] ^ tab[1][st.t[8+i]] ^ tab[2][st.t[16+i]] ^ tab[3][st.t[24+i]] ^
			tab[4][st.t[32+i]] ^ tab[5][st.t[40+i]] ^ tab[6][st.t[48+i]] ^ tab[7][st.t[56+i]]
		st.k[i] = tab[0][uint8(b0)] ^ tab[1][uint8(b1)] ^ tab[2][uint8(b2)] ^ tab[3][uint8(b3)] ^
			tab[4][uint8(b4)] ^ tab[5][st.t[64+40+i]] ^ tab[6][st.t[64+48+i]] ^ tab[7][st.t[64+56+i]]
		a0 >>= 8
		b0 >>= 8
		b1 >>= 8
		b2 >>= 8
		b3 >>= 8
		b4 >>= 8
	}
}
