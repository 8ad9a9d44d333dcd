package ec

import "math/big"

// edwardsForm is a complete Edwards curve birationally equivalent to a
// short Weierstrass curve y² = x³ + ax + b, in the notation of RFC 7836
// appendix A: the twisted Edwards curve e·u² + v² = 1 + d·u²v² with
//
//	s = (e − d)/4, t = (e + d)/6, a = s² − 3t², b = 2t³ − t·s²,
//	x = s(1 + v)/(1 − v) + t, y = s(1 + v)/((1 − v)·u),
//
// so (t, 0) is the Weierstrass point of order 2, s² = 3t² + a, e = 3t + 2s
// and d = 3t − 2s. It is used when e is a square (u' = √e·u turns the curve
// into u'² + v² = 1 + dn·u'²v², dn = d/e) and dn is not a square, which
// makes the Edwards addition law complete (Bernstein, Lange, ASIACRYPT
// 2007, theorem 3.3). TC26-256-A and TC26-512-C (RFC 7836 appendix A.1,
// A.2, e = 1) are such curves; curves of prime order have no point of
// order 2 and so no Edwards form.
type edwardsForm struct {
	s, t, e, d *big.Int
	se         *big.Int // √e
	dn         *big.Int // d/e
}

// findEdwards returns the Edwards form of y² = x³ + ax + b over GF(p), p
// an odd prime > 3, or nil if there is no complete one (or the cubic has
// three roots, when the 2-torsion is not cyclic). Setup only.
func findEdwards(p, a, b *big.Int) *edwardsForm {
	t := cubicRoot(p, a, b)
	if t == nil {
		return nil
	}
	mod := func(x *big.Int) *big.Int { return x.Mod(x, p) }
	s2 := new(big.Int).Mul(t, t)
	s2.Mul(s2, big.NewInt(3)).Add(s2, a)
	s := new(big.Int).ModSqrt(mod(s2), p)
	if s == nil || s.Sign() == 0 {
		return nil
	}
	for _, sign := range []int64{1, -1} {
		ss := mod(new(big.Int).Mul(s, big.NewInt(sign)))
		e := mod(new(big.Int).Add(new(big.Int).Mul(t, big.NewInt(3)), new(big.Int).Lsh(ss, 1)))
		d := mod(new(big.Int).Sub(new(big.Int).Mul(t, big.NewInt(3)), new(big.Int).Lsh(ss, 1)))
		if e.Sign() == 0 || d.Sign() == 0 || big.Jacobi(e, p) != 1 || big.Jacobi(d, p) != -1 {
			continue
		}
		dn := new(big.Int).ModInverse(e, p)
		dn = mod(dn.Mul(dn, d))
		return &edwardsForm{s: ss, t: t, e: e, d: d, se: new(big.Int).ModSqrt(e, p), dn: dn}
	}
	return nil
}

// cubicRoot returns the root of x³ + ax + b in GF(p) if there is exactly
// one, else nil: the root of gcd(x^p − x, x³ + ax + b), whose degree is
// the number of roots.
func cubicRoot(p, a, b *big.Int) *big.Int {
	mod := func(x *big.Int) *big.Int { return x.Mod(x, p) }
	// Polynomials modulo f = x³ + ax + b as c0 + c1·x + c2·x².
	mulMod := func(u, v [3]*big.Int) [3]*big.Int {
		var w [5]*big.Int
		for i := range w {
			w[i] = new(big.Int)
		}
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				w[i+j].Add(w[i+j], new(big.Int).Mul(u[i], v[j]))
			}
		}
		// x⁴ = −a·x² − b·x, x³ = −a·x − b.
		for k := 4; k >= 3; k-- {
			c := mod(w[k])
			w[k-2].Sub(w[k-2], new(big.Int).Mul(c, a))
			w[k-3].Sub(w[k-3], new(big.Int).Mul(c, b))
		}
		return [3]*big.Int{mod(w[0]), mod(w[1]), mod(w[2])}
	}
	r := [3]*big.Int{big.NewInt(1), new(big.Int), new(big.Int)}
	x := [3]*big.Int{new(big.Int), big.NewInt(1), new(big.Int)}
	for i := p.BitLen() - 1; i >= 0; i-- {
		r = mulMod(r, r)
		if p.Bit(i) == 1 {
			r = mulMod(r, x)
		}
	}
	r[1] = mod(r[1].Sub(r[1], big.NewInt(1))) // x^p − x
	f := []*big.Int{mod(new(big.Int).Set(b)), mod(new(big.Int).Set(a)), new(big.Int), big.NewInt(1)}
	g := polyGCD(p, f, r[:])
	if len(g) != 2 {
		return nil
	}
	// g = g0 + g1·x: root −g0/g1.
	root := new(big.Int).ModInverse(g[1], p)
	root.Mul(root, g[0]).Neg(root)
	return mod(root)
}

// polyGCD returns gcd(u, v) over GF(p), coefficients lowest first, without
// leading zeros (nil for the zero polynomial).
func polyGCD(p *big.Int, u, v []*big.Int) []*big.Int {
	trim := func(w []*big.Int) []*big.Int {
		for len(w) > 0 && w[len(w)-1].Sign() == 0 {
			w = w[:len(w)-1]
		}
		return w
	}
	u, v = trim(u), trim(v)
	for len(v) > 0 {
		// u = u mod v
		inv := new(big.Int).ModInverse(v[len(v)-1], p)
		for len(u) >= len(v) {
			c := new(big.Int).Mul(u[len(u)-1], inv)
			c.Mod(c, p)
			shift := len(u) - len(v)
			for i := range v {
				w := new(big.Int).Mul(c, v[i])
				u[shift+i] = new(big.Int).Mod(w.Sub(u[shift+i], w), p)
			}
			u = trim(u)
		}
		u, v = v, u
	}
	return u
}
