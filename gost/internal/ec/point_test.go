package ec

import (
	"math/big"
	"testing"
)

func TestCurveParameters(t *testing.T) {
	for _, c := range testCurves(t) {
		if !c.p.ProbablyPrime(30) || !c.q.ProbablyPrime(30) {
			t.Errorf("%s: p or q not prime", c.Name)
		}
		if !c.onCurve(c.g) {
			t.Errorf("%s: G not on the curve", c.Name)
		}
		if got := c.mul(c.q, c.g); !got.inf() {
			t.Errorf("%s: q·G = %v (math/big)", c.Name, got)
		}
		if want := 8 * len(c.P) / 2; c.size*8 != want {
			t.Errorf("%s: Size %d for a %d-bit p", c.Name, c.size, want)
		}
		if c.E != "" {
			checkEdwards(t, c)
		}
		// group order: cofactor·q must be in the Hasse interval.
		h := new(big.Int).Mul(c.q, big.NewInt(int64(c.Cofactor)))
		diff := new(big.Int).Sub(h, new(big.Int).Add(c.p, big.NewInt(1)))
		bound := new(big.Int).Sqrt(new(big.Int).Lsh(c.p, 2))
		if diff.Abs(diff).Cmp(bound) > 0 {
			t.Errorf("%s: cofactor·q outside the Hasse interval", c.Name)
		}
	}
}

// checkEdwards re-derives the Weierstrass form from the twisted Edwards
// parameters (RFC 7836 appendix A: s = (e-d)/4, t = (e+d)/6, a = s² - 3t²,
// b = 2t³ - t·s², x = s(1+v)/(1-v) + t, y = s(1+v)/((1-v)u)).
func checkEdwards(t *testing.T, c *refCurve) {
	p := c.p
	e, d, u, v := hexInt(c.E), hexInt(c.D), hexInt(c.U), hexInt(c.V)
	inv := func(x *big.Int) *big.Int { return new(big.Int).ModInverse(new(big.Int).Mod(x, p), p) }
	mul := func(xs ...*big.Int) *big.Int {
		r := big.NewInt(1)
		for _, x := range xs {
			r.Mul(r, x).Mod(r, p)
		}
		return r
	}
	sub := func(x, y *big.Int) *big.Int { r := new(big.Int).Sub(x, y); return r.Mod(r, p) }
	add := func(x, y *big.Int) *big.Int { r := new(big.Int).Add(x, y); return r.Mod(r, p) }
	s := mul(sub(e, d), inv(big.NewInt(4)))
	tt := mul(add(e, d), inv(big.NewInt(6)))
	a := sub(mul(s, s), mul(big.NewInt(3), tt, tt))
	b := sub(mul(big.NewInt(2), tt, tt, tt), mul(tt, s, s))
	one := big.NewInt(1)
	x := add(mul(s, add(one, v), inv(sub(one, v))), tt)
	y := mul(s, add(one, v), inv(mul(sub(one, v), u)))
	if a.Cmp(c.a) != 0 || b.Cmp(c.b) != 0 || x.Cmp(c.g.x) != 0 || y.Cmp(c.g.y) != 0 {
		t.Errorf("%s: Weierstrass form does not match the Edwards parameters", c.Name)
	}
	// and (u, v) is on e·u² + v² = 1 + d·u²·v²
	l := add(mul(e, u, u), mul(v, v))
	r := add(one, mul(d, u, u, v, v))
	if l.Cmp(r) != 0 {
		t.Errorf("%s: (u, v) not on the Edwards curve", c.Name)
	}
}

func TestPointOps(t *testing.T) {
	rounds := 20
	if testing.Short() {
		rounds = 4
	}
	for _, c := range testCurves(t) {
		impl := c.impl()
		inf := &bigPoint{}
		for i := 0; i < rounds; i++ {
			p1 := c.mul(c.randScalar(t), c.g)
			p2 := c.mul(c.randScalar(t), c.g)
			z := new(big.Int).Add(c.randField(t), big.NewInt(1))
			z.Mod(z, c.p)
			if z.Sign() == 0 {
				z.SetInt64(5)
			}
			check := func(what string, got, want *bigPoint) {
				t.Helper()
				if !got.equal(want) {
					t.Errorf("%s: %s = %v, want %v", c.Name, what, got, want)
				}
			}
			check("double", impl.bigDouble(p1), c.add(p1, p1))
			check("add", impl.bigAdd(p1, p2, z), c.add(p1, p2))
			check("add equal", impl.bigAdd(p1, p1, z), c.add(p1, p1))
			check("add opposite", impl.bigAdd(p1, c.neg(p1), z), inf)
			check("add inf left", impl.bigAdd(inf, p1, z), p1)
			check("add inf right", impl.bigAdd(p1, inf, nil), p1)
			check("add inf inf", impl.bigAdd(inf, inf, nil), inf)
			check("double inf", impl.bigDouble(inf), inf)
			check("addMixed", impl.bigAddMixed(p1, p2, false), c.add(p1, p2))
			check("addMixed neg", impl.bigAddMixed(p1, p2, true), c.add(p1, c.neg(p2)))
			check("addMixed equal", impl.bigAddMixed(p1, p1, false), c.add(p1, p1))
			check("addMixed opposite", impl.bigAddMixed(p1, p1, true), inf)
			check("addMixed inf", impl.bigAddMixed(inf, p2, true), c.neg(p2))

			// Points outside the subgroup (cofactor curves) and of small order.
			r := c.randPoint(t)
			check("double any", impl.bigDouble(r), c.add(r, r))
			check("add any", impl.bigAdd(r, p1, z), c.add(r, p1))
		}
	}
}

func TestScalarMult(t *testing.T) {
	rounds := 10
	if testing.Short() {
		rounds = 2
	}
	for _, c := range testCurves(t) {
		impl := c.impl()
		one := big.NewInt(1)
		qm1 := new(big.Int).Sub(c.q, one)
		zero := new(big.Int)
		check := func(what string, got, want *bigPoint) {
			t.Helper()
			if !got.equal(want) {
				t.Errorf("%s: %s = %v, want %v", c.Name, what, got, want)
			}
		}
		check("1·G", impl.bigMulAdd(one, zero, c.g), c.g)
		check("2·G", impl.bigMulAdd(big.NewInt(2), zero, c.g), c.add(c.g, c.g))
		check("(q-1)·G", impl.bigMulAdd(qm1, zero, c.g), c.neg(c.g))
		check("q·G", impl.bigMulAdd(c.q, zero, c.g), &bigPoint{})
		check("0·G + 1·G", impl.bigMulAdd(zero, one, c.g), c.g)
		check("0·G + (q-1)·G", impl.bigMulAdd(zero, qm1, c.g), c.neg(c.g))
		for i := 0; i < rounds; i++ {
			k := c.randScalar(t)
			qk := new(big.Int).Sub(c.q, k)
			// [q-k]G + [k]G = ∞, with G also as the "public key".
			check("[q-k]G + [k]G", impl.bigMulAdd(qk, k, c.g), &bigPoint{})
			check("[k]G + [k]G", impl.bigMulAdd(k, k, c.g), c.mul(new(big.Int).Lsh(k, 1), c.g))
			pub := c.mul(c.randScalar(t), c.g)
			z1, z2 := c.randScalar(t), c.randScalar(t)
			check("z1·G + z2·Q", impl.bigMulAdd(z1, z2, pub), c.add(c.mul(z1, c.g), c.mul(z2, pub)))
			// A key of any order (cofactor curves: possibly outside <G>).
			r := c.randPoint(t)
			check("z1·G + z2·R", impl.bigMulAdd(z1, z2, r), c.add(c.mul(z1, c.g), c.mul(z2, r)))
			// small scalars hit the doubling/infinity cases of the table additions
			small := big.NewInt(int64(i + 1))
			check("z1·G + small·Q", impl.bigMulAdd(z1, small, pub), c.add(c.mul(z1, c.g), c.mul(small, pub)))
		}
	}
}

func TestWNAF(t *testing.T) {
	for _, c := range testCurves(t)[:1] {
		impl := c.impl()
		for _, w := range []uint{2, 4, 5, 7, 8} {
			for i := 0; i < 200; i++ {
				k := new(big.Int).SetBytes(randBytes(t, c.size))
				if i == 0 {
					k.Lsh(big.NewInt(1), uint(8*c.size)).Sub(k, big.NewInt(1))
				}
				d := impl.wnafDigits(k, w)
				sum := new(big.Int)
				last := -1000
				for j := len(d) - 1; j >= 0; j-- {
					sum.Lsh(sum, 1).Add(sum, big.NewInt(int64(d[j])))
					if d[j] != 0 {
						if dj := int(d[j]); dj%2 == 0 || dj >= 1<<(w-1) || dj <= -(1<<(w-1)) {
							t.Fatalf("w=%d: bad digit %d", w, d[j])
						}
						if last-j < int(w) && last != -1000 {
							t.Fatalf("w=%d: digits too close", w)
						}
						last = j
					}
				}
				if sum.Cmp(k) != 0 {
					t.Fatalf("w=%d: wNAF of %x sums to %x", w, k, sum)
				}
			}
		}
	}
}

// TestIsomorphism: curves with u⁴ = -3/a run on their a = -3 image.
func TestIsomorphism(t *testing.T) {
	want := map[string]bool{"TC26-512-C": true, "512-test": true}
	for _, c := range testCurves(t) {
		got := isoToMinus3(c.p, c.a) != nil
		if got != want[c.Name] {
			t.Errorf("%s: isomorphism to a = -3: %v, want %v", c.Name, got, want[c.Name])
		}
		if u := isoToMinus3(c.p, c.a); u != nil {
			u4 := new(big.Int).Exp(u, big.NewInt(4), c.p)
			u4.Mul(u4, c.a).Add(u4, big.NewInt(3)).Mod(u4, c.p)
			if u4.Sign() != 0 {
				t.Errorf("%s: u⁴·a != -3", c.Name)
			}
		}
	}
}
