package gost94

import "math/bits"

// sboxes are the eight 4-bit substitutions K1..K8 of GOST 28147-89
// (RFC 5830 section 5): K1 maps the least significant four bits of a
// 32-bit word, K8 the most significant.
type sboxes [8][16]uint8

// testParamSet is id-GostR3411-94-TestParamSet (RFC 4357 section 11.2),
// the S-boxes of the RFC 5831 examples.
var testParamSet = sboxes{
	{4, 10, 9, 2, 13, 8, 0, 14, 6, 11, 1, 12, 7, 15, 5, 3},
	{14, 11, 4, 12, 6, 13, 15, 10, 2, 3, 8, 1, 0, 7, 5, 9},
	{5, 8, 1, 13, 10, 3, 4, 2, 14, 15, 12, 7, 6, 0, 9, 11},
	{7, 13, 10, 1, 0, 8, 9, 15, 14, 4, 6, 12, 11, 2, 5, 3},
	{6, 12, 7, 1, 5, 15, 13, 8, 4, 10, 9, 14, 0, 3, 11, 2},
	{4, 11, 10, 0, 7, 2, 1, 13, 3, 6, 8, 5, 9, 12, 15, 14},
	{13, 11, 4, 1, 3, 15, 5, 9, 0, 10, 14, 7, 6, 8, 2, 12},
	{1, 15, 13, 0, 5, 7, 10, 4, 9, 2, 3, 14, 6, 11, 8, 12},
}

// cryptoProParamSet is id-GostR3411-94-CryptoProParamSet (RFC 4357
// section 11.2).
var cryptoProParamSet = sboxes{
	{10, 4, 5, 6, 8, 1, 3, 7, 13, 12, 14, 0, 9, 2, 11, 15},
	{5, 15, 4, 0, 2, 13, 11, 9, 1, 7, 6, 3, 12, 14, 10, 8},
	{7, 15, 12, 14, 9, 4, 1, 0, 3, 11, 5, 2, 6, 10, 8, 13},
	{4, 10, 7, 12, 0, 15, 2, 8, 14, 1, 6, 5, 13, 11, 9, 3},
	{7, 6, 4, 11, 9, 12, 2, 10, 1, 8, 0, 14, 15, 13, 3, 5},
	{7, 6, 2, 4, 13, 9, 15, 0, 10, 1, 5, 11, 8, 14, 12, 3},
	{13, 14, 4, 1, 7, 0, 5, 10, 3, 12, 8, 15, 6, 2, 9, 11},
	{1, 3, 10, 9, 5, 11, 4, 15, 8, 6, 7, 14, 13, 0, 2, 12},
}

// roundTables are the round function of GOST 28147-89 without the key
// addition, split by input byte: f(x) = rol11(S(x)) is
// t[0][byte 0 of x] ^ t[1][byte 1] ^ t[2][byte 2] ^ t[3][byte 3], where
// t[i] merges the S-boxes K(2i+1) and K(2i+2) with the 11-bit rotation.
type roundTables [4][256]uint32

var (
	testTables      = expand(&testParamSet)
	cryptoProTables = expand(&cryptoProParamSet)
)

func expand(s *sboxes) *roundTables {
	t := new(roundTables)
	for i := range t {
		for x := range 256 {
			v := uint32(s[2*i][x&15]) | uint32(s[2*i+1][x>>4])<<4
			t[i][x] = bits.RotateLeft32(v<<(8*i), 11)
		}
	}
	return t
}
