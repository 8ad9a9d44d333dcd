package ec

import (
	"math/big"
	"testing"
)

// TestEdwardsForm: findEdwards recovers the RFC 7836 (e, d) of TC26-256-A
// and TC26-512-C from their Weierstrass (a, b), finds none for the curves
// of prime order, and NewCurve computes exactly those two on Edwards.
func TestEdwardsForm(t *testing.T) {
	for _, c := range testCurves(t) {
		ed := findEdwards(c.p, c.a, c.b)
		var onEdwards bool
		switch c.curve.impl.(type) {
		case *edwards4pm, *edwards8pm:
			onEdwards = true
		}
		if c.E == "" {
			if ed != nil || onEdwards {
				t.Errorf("%s: Edwards form found for a curve without one", c.Name)
			}
			continue
		}
		if ed == nil || !onEdwards {
			t.Fatalf("%s: no Edwards form (found %v, used %v)", c.Name, ed != nil, onEdwards)
		}
		if ed.e.Cmp(hexInt(c.E)) != 0 || ed.d.Cmp(hexInt(c.D)) != 0 {
			t.Errorf("%s: (e, d) = (%x, %x), RFC 7836 (%s, %s)", c.Name, ed.e, ed.d, c.E, c.D)
		}
		se2 := new(big.Int).Mul(ed.se, ed.se)
		dn := new(big.Int).Mul(ed.dn, ed.e)
		if se2.Mod(se2, c.p).Cmp(ed.e) != 0 || dn.Mod(dn, c.p).Cmp(ed.d) != 0 {
			t.Errorf("%s: √e or d/e wrong", c.Name)
		}
		if big.Jacobi(ed.dn, c.p) != -1 {
			t.Errorf("%s: d/e is a square: not complete", c.Name)
		}
	}
	// A curve with three points of order 2, y² = x³ - x, has no (complete)
	// Edwards form.
	p := curveByName(t, "CryptoPro-A").p
	if findEdwards(p, new(big.Int).Sub(p, big.NewInt(1)), new(big.Int)) != nil {
		t.Error("Edwards form for y² = x³ - x")
	}
}

// edwardsRef is the math/big twisted Edwards curve e·u² + v² = 1 + d·u²v²
// of RFC 7836 and its map to and from the Weierstrass curve.
type edwardsRef struct {
	c          *refCurve
	e, d, s, t *big.Int
}

func newEdwardsRef(c *refCurve) *edwardsRef {
	p := c.p
	e, d := hexInt(c.E), hexInt(c.D)
	s := new(big.Int).Sub(e, d)
	s.Mul(s, new(big.Int).ModInverse(big.NewInt(4), p)).Mod(s, p)
	tt := new(big.Int).Add(e, d)
	tt.Mul(tt, new(big.Int).ModInverse(big.NewInt(6), p)).Mod(tt, p)
	return &edwardsRef{c, e, d, s, tt}
}

func (r *edwardsRef) inv(x *big.Int) *big.Int {
	return new(big.Int).ModInverse(new(big.Int).Mod(x, r.c.p), r.c.p)
}

func (r *edwardsRef) mod(x *big.Int) *big.Int { return x.Mod(x, r.c.p) }

// toEdwards: u = (x - t)/y, v = (x - t - s)/(x - t + s); ∞ → (0, 1),
// (t, 0) → (0, -1).
func (r *edwardsRef) toEdwards(w *bigPoint) (u, v *big.Int) {
	if w.inf() {
		return new(big.Int), big.NewInt(1)
	}
	if w.y.Sign() == 0 {
		return new(big.Int), new(big.Int).Sub(r.c.p, big.NewInt(1))
	}
	xt := new(big.Int).Sub(w.x, r.t)
	u = r.mod(new(big.Int).Mul(xt, r.inv(w.y)))
	v = new(big.Int).Sub(xt, r.s)
	v = r.mod(v.Mul(v, r.inv(new(big.Int).Add(xt, r.s))))
	return u, v
}

// toWeierstrass: x = s(1 + v)/(1 - v) + t, y = s(1 + v)/((1 - v)u).
func (r *edwardsRef) toWeierstrass(u, v *big.Int) *bigPoint {
	if u.Sign() == 0 {
		if v.Cmp(big.NewInt(1)) == 0 {
			return &bigPoint{}
		}
		return &bigPoint{new(big.Int).Set(r.t), new(big.Int)}
	}
	w := new(big.Int).Add(big.NewInt(1), v)
	w.Mul(w, r.s).Mul(w, r.inv(new(big.Int).Sub(big.NewInt(1), v)))
	r.mod(w)
	y := r.mod(new(big.Int).Mul(w, r.inv(u)))
	return &bigPoint{r.mod(w.Add(w, r.t)), y}
}

func (r *edwardsRef) onCurve(u, v *big.Int) bool {
	u2, v2 := new(big.Int).Mul(u, u), new(big.Int).Mul(v, v)
	l := new(big.Int).Mul(r.e, u2)
	l.Add(l, v2)
	rr := new(big.Int).Mul(r.d, u2)
	rr.Mul(rr, v2).Add(rr, big.NewInt(1))
	return r.mod(l.Sub(l, rr)).Sign() == 0
}

// add is the twisted Edwards addition law (Bernstein, Birkner, Joye,
// Lange, Peters 2008): u3 = (u1v2 + v1u2)/(1 + d·u1u2v1v2),
// v3 = (v1v2 - e·u1u2)/(1 - d·u1u2v1v2).
func (r *edwardsRef) add(u1, v1, u2, v2 *big.Int) (u3, v3 *big.Int) {
	k := new(big.Int).Mul(u1, u2)
	k.Mul(k, v1).Mul(k, v2).Mul(k, r.d)
	u3 = new(big.Int).Add(new(big.Int).Mul(u1, v2), new(big.Int).Mul(v1, u2))
	u3.Mul(u3, r.inv(new(big.Int).Add(big.NewInt(1), k)))
	v3 = new(big.Int).Sub(new(big.Int).Mul(v1, v2), new(big.Int).Mul(r.e, new(big.Int).Mul(u1, u2)))
	v3.Mul(v3, r.inv(new(big.Int).Sub(big.NewInt(1), k)))
	return r.mod(u3), r.mod(v3)
}

// TestEdwardsMap checks the RFC 7836 birational map with math/big alone:
// points of any order land on the Edwards curve, map back, and the map
// turns Weierstrass addition into Edwards addition.
func TestEdwardsMap(t *testing.T) {
	for _, c := range testCurves(t) {
		if c.E == "" {
			continue
		}
		r := newEdwardsRef(c)
		pts := append([]*bigPoint{{}, c.g}, smallOrderPoints(t, c)...)
		for i := 0; i < 20; i++ {
			pts = append(pts, c.randPoint(t))
		}
		for i, p1 := range pts {
			u1, v1 := r.toEdwards(p1)
			if !r.onCurve(u1, v1) {
				t.Fatalf("%s: image of %v not on the Edwards curve", c.Name, p1)
			}
			if back := r.toWeierstrass(u1, v1); !back.equal(p1) {
				t.Fatalf("%s: %v maps back to %v", c.Name, p1, back)
			}
			p2 := pts[(i*7+3)%len(pts)]
			for _, q := range []*bigPoint{p2, p1, c.neg(p1)} {
				u2, v2 := r.toEdwards(q)
				u3, v3 := r.add(u1, v1, u2, v2)
				if got, want := r.toWeierstrass(u3, v3), c.add(p1, q); !got.equal(want) {
					t.Fatalf("%s: %v + %v: Edwards %v, Weierstrass %v", c.Name, p1, q, got, want)
				}
			}
		}
		// G's image is the RFC's (u, v).
		if u, v := r.toEdwards(c.g); u.Cmp(hexInt(c.U)) != 0 || v.Cmp(hexInt(c.V)) != 0 {
			t.Errorf("%s: G maps to (%x, %x), RFC 7836 (%s, %s)", c.Name, u, v, c.U, c.V)
		}
	}
}

// TestCheckX: the final comparison x_C ≡ r (mod q) on every curve, for
// points of any order in random projective representations, including on
// the Edwards curves the neutral element (Z = Y), (t, 0) (v = -1) and the
// points of order 4 (v = 0).
func TestCheckX(t *testing.T) {
	for _, c := range testCurves(t) {
		impl := c.impl()
		pts := []*bigPoint{c.g, c.neg(c.g)}
		for i := 0; i < 10; i++ {
			pts = append(pts, c.mul(c.randScalar(t), c.g), c.randPoint(t))
		}
		if c.Cofactor > 1 {
			pts = append(pts, smallOrderPoints(t, c)...)
		}
		for _, pt := range pts {
			z := new(big.Int).Add(c.randField(t), big.NewInt(1))
			z.Mod(z, c.p)
			if z.Sign() == 0 {
				z.SetInt64(7)
			}
			r := new(big.Int).Mod(pt.x, c.q)
			for _, k := range []int64{0, 1, -1} {
				rk := new(big.Int).Add(r, big.NewInt(k))
				if rk.Sign() <= 0 || rk.Cmp(c.q) >= 0 {
					continue
				}
				if got, want := impl.bigCheckX(pt, z, rk), k == 0; got != want {
					t.Errorf("%s: checkX(%v, r = x mod q %+d) = %v", c.Name, pt, k, got)
				}
			}
		}
		// ∞ (the Edwards neutral element) never matches.
		for _, r := range []*big.Int{big.NewInt(1), new(big.Int).Mod(c.g.x, c.q), c.randScalar(t)} {
			if impl.bigCheckX(&bigPoint{}, big.NewInt(5), r) {
				t.Errorf("%s: checkX(∞, %x) = true", c.Name, r)
			}
		}
	}
}
