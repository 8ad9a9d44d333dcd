package gost94

import (
	"math/rand/v2"
	"testing"
)

// psiSlow is ψ on sixteen 16-bit blocks, y[0] being y1.
func psiSlow(y [16]uint16) [16]uint16 {
	var r [16]uint16
	copy(r[:], y[1:])
	r[15] = y[0] ^ y[1] ^ y[2] ^ y[3] ^ y[12] ^ y[15]
	return r
}

func toBlocks(w [4]uint64) [16]uint16 {
	var y [16]uint16
	for i := range y {
		y[i] = uint16(w[i/4] >> (16 * (i % 4)))
	}
	return y
}

// TestPsi checks psi and psi4 against ψ written block by block.
func TestPsi(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 1000 {
		w := [4]uint64{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()}
		want := psiSlow(toBlocks(w))
		w0, w1, w2, w3 := psi(w[0], w[1], w[2], w[3])
		if got := toBlocks([4]uint64{w0, w1, w2, w3}); got != want {
			t.Fatalf("psi(%x) = %x, want %x", w, got, want)
		}
		for range 3 {
			want = psiSlow(want)
		}
		if got := toBlocks([4]uint64{w[1], w[2], w[3], psi4(w[0], w[1], w[3])}); got != want {
			t.Fatalf("psi4(%x) = %x, want %x", w, got, want)
		}
	}
}

// encryptSlow is GOST 28147-89 encryption (RFC 5830 section 6.1) written
// as the standard describes it: 32 rounds, each adding the key word to N1
// mod 2^32, substituting the eight 4-bit groups, rotating left by 11,
// adding to N2 mod 2, then shifting N1 into N2; the last round does not
// shift.
func encryptSlow(s *sboxes, k *[8]uint32, x uint64) uint64 {
	n1, n2 := uint32(x), uint32(x>>32)
	for r := range 32 {
		j := r % 8
		if r >= 24 {
			j = 7 - j
		}
		sum := n1 + k[j]
		var sub uint32
		for g := range 8 {
			sub |= uint32(s[g][sum>>(4*g)&15]) << (4 * g)
		}
		sub = sub<<11 | sub>>21
		if r == 31 {
			n2 ^= sub
		} else {
			n1, n2 = n2^sub, n1
		}
	}
	return uint64(n1) | uint64(n2)<<32
}

// TestCipher checks encrypt4, with the S-box tables expanded for both
// parameter sets, against encryptSlow on random keys and blocks.
func TestCipher(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, c := range []struct {
		s *sboxes
		t *roundTables
	}{{&testParamSet, testTables}, {&cryptoProParamSet, cryptoProTables}} {
		for range 200 {
			var k [4][8]uint32
			var x [4]uint64
			for i := range k {
				for j := range k[i] {
					k[i][j] = r.Uint32()
				}
				x[i] = r.Uint64()
			}
			y := x
			c.t.encrypt4(&k, &y)
			for i := range x {
				if want := encryptSlow(c.s, &k[i], x[i]); y[i] != want {
					t.Fatalf("lane %d: E(%x) = %x, want %x", i, x[i], y[i], want)
				}
			}
		}
	}
}
