package streebog

import "encoding/binary"

//go:generate go run gen_tables.go

// lps sets dst to L(P(S(src))) (RFC 6986 section 7), src being a 512-bit
// vector stored least significant byte first: byte i of word j is
// src[8j+i]. Output word i gathers byte i of every input word through
// lpsTable. g uses it for the first key K1; the rounds use round.
func lps(dst *[8]uint64, src *[64]byte) {
	for i := range dst {
		dst[i] = lpsTable[0][src[i]] ^ lpsTable[1][src[8+i]] ^ lpsTable[2][src[16+i]] ^ lpsTable[3][src[24+i]] ^
			lpsTable[4][src[32+i]] ^ lpsTable[5][src[40+i]] ^ lpsTable[6][src[48+i]] ^ lpsTable[7][src[56+i]]
	}
}

// xorBytes stores a ⊕ b into dst, least significant byte first.
func xorBytes(dst *[64]byte, a, b *[8]uint64) {
	for i := range a {
		binary.LittleEndian.PutUint64(dst[8*i:], a[i]^b[i])
	}
}
