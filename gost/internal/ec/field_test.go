package ec

import (
	"math/big"
	"testing"
)

// fieldValues returns edge values and random values in [0, p).
func fieldValues(t *testing.T, p *big.Int, random int) []*big.Int {
	one := big.NewInt(1)
	n := p.BitLen()
	var vs []*big.Int
	add := func(x *big.Int) {
		if x.Sign() >= 0 && x.Cmp(p) < 0 {
			vs = append(vs, x)
		}
	}
	add(big.NewInt(0))
	add(big.NewInt(1))
	add(big.NewInt(2))
	add(big.NewInt(3))
	add(new(big.Int).Sub(p, one))
	add(new(big.Int).Sub(p, big.NewInt(2)))
	add(new(big.Int).Rsh(p, 1))
	add(new(big.Int).Add(new(big.Int).Rsh(p, 1), one))
	for k := 64; k < 64*((n+63)/64)+64; k += 64 {
		m := new(big.Int).Sub(new(big.Int).Lsh(one, uint(k)), one) // 2^k - 1
		add(new(big.Int).Mod(m, p))
		add(new(big.Int).Mod(new(big.Int).Lsh(one, uint(k-1)), p))
		add(new(big.Int).Sub(p, new(big.Int).Mod(m, p)))
	}
	// limb patterns: 0xFFFF..., 0x8000..., 0x0000...0001 per limb
	for _, pat := range []uint64{^uint64(0), 1 << 63, 1, 0x5555555555555555, 0xAAAAAAAAAAAAAAAA} {
		words := make([]uint64, (n+63)/64)
		for i := range words {
			words[i] = pat
		}
		add(new(big.Int).Mod(limbsToBig(words), p))
	}
	rc := &refCurve{p: p}
	for i := 0; i < random; i++ {
		vs = append(vs, rc.randField(t))
	}
	return vs
}

func checkField(t *testing.T, name string, f bigField, random int) {
	p := f.modulus()
	vs := fieldValues(t, p, random)
	fail := 0
	check := func(op string, x, y, got, want *big.Int) {
		if got.Cmp(want) != 0 {
			fail++
			if fail < 5 {
				t.Errorf("%s: %s(%x, %x) = %x, want %x", name, op, x, y, got, want)
			}
		}
	}
	mod := func(x *big.Int) *big.Int { return x.Mod(x, p) }
	for i, x := range vs {
		check("sqr", x, x, f.bigOp("sqr", x, x), mod(new(big.Int).Mul(x, x)))
		check("neg", x, x, f.bigOp("neg", x, x), mod(new(big.Int).Neg(x)))
		if i < 40 || i%50 == 0 {
			want := new(big.Int).ModInverse(x, p)
			if want == nil {
				want = new(big.Int)
			}
			check("inv", x, x, f.bigOp("inv", x, x), want)
		}
		// pair with a few neighbours and with the edge values
		for _, j := range []int{i, (i + 1) % len(vs), (i * 7) % len(vs), i % 30} {
			y := vs[j]
			check("mul", x, y, f.bigOp("mul", x, y), mod(new(big.Int).Mul(x, y)))
			check("add", x, y, f.bigOp("add", x, y), mod(new(big.Int).Add(x, y)))
			check("sub", x, y, f.bigOp("sub", x, y), mod(new(big.Int).Sub(x, y)))
		}
	}
	if fail > 0 {
		t.Errorf("%s: %d failures", name, fail)
	}
}

func TestFieldArithmetic(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 300
	}
	for _, c := range testCurves(t) {
		checkField(t, c.Name+" p", c.impl().field(), n)
		checkField(t, c.Name+" q", c.impl().scalarBigField(), n/3)
	}
}

// TestFieldReductionBounds exercises the special reductions with the largest
// c they accept (c < 2^31) and with tiny c.
func TestFieldReductionBounds(t *testing.T) {
	one := big.NewInt(1)
	for _, n := range []int{256, 512} {
		top := new(big.Int).Lsh(one, uint(n))
		half := new(big.Int).Lsh(one, uint(n-1))
		var found []*big.Int
		// largest c < 2^31 with 2^n - c prime, smallest c with 2^n - c prime
		for _, dir := range []int64{-2, 2} {
			c := int64(1<<31 - 1)
			if dir > 0 {
				c = 1
			}
			for ; c > 0 && c < 1<<31; c += dir {
				p := new(big.Int).Sub(top, big.NewInt(c))
				if p.ProbablyPrime(10) {
					found = append(found, p)
					break
				}
			}
			c = int64(1<<31 - 1)
			if dir > 0 {
				c = 1
			}
			for ; c > 0 && c < 1<<31; c += dir {
				p := new(big.Int).Add(half, big.NewInt(c))
				if p.ProbablyPrime(10) {
					found = append(found, p)
					break
				}
			}
		}
		for _, p := range found {
			f := newTestField(p, n)
			checkField(t, "p="+p.Text(16), f, 500)
		}
	}
}

// newTestField builds the field implementation NewCurve would pick for p.
func newTestField(p *big.Int, n int) bigField {
	one := big.NewInt(1)
	switch kind := pickKind(p, n); {
	case kind == kindPM && n == 256:
		f := &field4pm{c: new(big.Int).Sub(new(big.Int).Lsh(one, 256), p).Uint64()}
		setLimbs(f.p[:], p)
		f.one[0] = 1
		return f
	case kind == kindPM:
		f := &field8pm{c: new(big.Int).Sub(new(big.Int).Lsh(one, 512), p).Uint64()}
		setLimbs(f.p[:], p)
		f.one[0] = 1
		return f
	case kind == kindPP && n == 256:
		f := &field4pp{c2: 2 * new(big.Int).Sub(p, new(big.Int).Lsh(one, 255)).Uint64()}
		setLimbs(f.p[:], p)
		f.one[0] = 1
		return f
	case kind == kindPP:
		f := &field8pp{c2: 2 * new(big.Int).Sub(p, new(big.Int).Lsh(one, 511)).Uint64()}
		setLimbs(f.p[:], p)
		f.one[0] = 1
		return f
	case n == 256:
		f := &field4mont{}
		setLimbs(f.p[:], p)
		f.pinv = montConsts(p, f.one[:], f.rr[:])
		return f
	default:
		f := &field8mont{}
		setLimbs(f.p[:], p)
		f.pinv = montConsts(p, f.one[:], f.rr[:])
		return f
	}
}

func TestPickKind(t *testing.T) {
	want := map[string]fieldKind{
		"2001-test": kindPP, "CryptoPro-A": kindPM, "CryptoPro-B": kindPP, "CryptoPro-C": kindMont,
		"TC26-256-A": kindPM, "TC26-512-A": kindPM, "TC26-512-B": kindPP, "TC26-512-C": kindPM,
		"512-test": kindMont,
	}
	for _, c := range testCurves(t) {
		if got := pickKind(c.p, 8*c.size); got != want[c.Name] {
			t.Errorf("%s: kind %d, want %d", c.Name, got, want[c.Name])
		}
	}
}
