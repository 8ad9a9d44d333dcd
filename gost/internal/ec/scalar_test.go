package ec

import (
	"math/big"
	"testing"
)

func TestScalarArithmetic(t *testing.T) {
	for _, c := range testCurves(t) {
		impl := c.impl()
		one := big.NewInt(1)
		vals := []*big.Int{one, big.NewInt(2), new(big.Int).Sub(c.q, one), new(big.Int).Sub(c.q, big.NewInt(2)), new(big.Int).Rsh(c.q, 1)}
		for i := 0; i < 300; i++ {
			vals = append(vals, c.randScalar(t))
		}
		for i, x := range vals {
			want := new(big.Int).ModInverse(x, c.q)
			if got := impl.bigScalar("inv", x, new(big.Int)); got.Cmp(want) != 0 {
				t.Fatalf("%s: inv(%x) = %x, want %x", c.Name, x, got, want)
			}
			y := vals[(i*13+1)%len(vals)]
			want = new(big.Int).Mul(x, y)
			want.Mod(want, c.q)
			if got := impl.bigScalar("mul", x, y); got.Cmp(want) != 0 {
				t.Fatalf("%s: mul(%x, %x) = %x, want %x", c.Name, x, y, got, want)
			}
		}
		// e mod q for digests of many lengths, including 0 and > 2 words.
		for _, n := range []int{0, 1, 7, c.size - 1, c.size, c.size + 1, 2 * c.size, 3*c.size + 5} {
			for i := 0; i < 20; i++ {
				b := randBytes(t, n)
				if i == 0 {
					for j := range b {
						b[j] = 0xff
					}
				}
				x := new(big.Int).SetBytes(b)
				want := new(big.Int).Mod(x, c.q)
				if got := impl.bigScalar("reduce", x, new(big.Int)); got.Cmp(want) != 0 {
					t.Fatalf("%s: %d-byte %x mod q = %x, want %x", c.Name, n, x, got, want)
				}
			}
		}
		// q itself and multiples reduce to 0
		for _, m := range []int64{1, 2, 3} {
			x := new(big.Int).Mul(c.q, big.NewInt(m))
			if got := impl.bigScalar("reduce", x, new(big.Int)); got.Sign() != 0 {
				t.Errorf("%s: %d·q mod q = %x", c.Name, m, got)
			}
		}
	}
}
