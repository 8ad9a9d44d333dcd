package streebog

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

func toBig(a *[8]uint64) *big.Int {
	z := new(big.Int)
	for i := 7; i >= 0; i-- {
		z.Lsh(z, 64)
		z.Or(z, new(big.Int).SetUint64(a[i]))
	}
	return z
}

var mod512 = new(big.Int).Lsh(big.NewInt(1), 512)

// TestAdd checks the 512-bit additions used for N and Σ against math/big,
// including carries through every limb and the wrap modulo 2^512.
func TestAdd(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	limb := func() uint64 {
		switch r.IntN(4) {
		case 0:
			return 0
		case 1:
			return ^uint64(0)
		}
		return r.Uint64()
	}
	for range 10000 {
		var a, b [8]uint64
		for i := range a {
			a[i], b[i] = limb(), limb()
		}
		want := new(big.Int).Add(toBig(&a), toBig(&b))
		want.Mod(want, mod512)
		s := a
		add512(&s, &b)
		if toBig(&s).Cmp(want) != 0 {
			t.Fatalf("add512(%x, %x) = %x", a, b, s)
		}

		x := b[0]
		want = new(big.Int).Add(toBig(&a), new(big.Int).SetUint64(x))
		want.Mod(want, mod512)
		s = a
		addSmall(&s, x)
		if toBig(&s).Cmp(want) != 0 {
			t.Fatalf("addSmall(%x, %x) = %x", a, x, s)
		}
	}
}

// TestCounterCarry hashes a block with the length counter N just below
// 2^128 and checks that N = N + 512 carries through two limbs.
func TestCounterCarry(t *testing.T) {
	d := digest{size: Size512}
	d.Reset()
	d.n = [8]uint64{^uint64(0) - 511, ^uint64(0), 0, 0, 0, 0, 0, 0}
	var block [BlockSize]byte
	d.block(&block)
	if d.n != [8]uint64{0, 0, 1, 0, 0, 0, 0, 0} {
		t.Fatalf("N = %x after carry", d.n)
	}
}
