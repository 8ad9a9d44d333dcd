//go:build ignore

package main

// edwardsTemplate is instantiated for the pseudo-Mersenne fields (the
// only kind with an Edwards curve among the GOST parameter sets): a short
// Weierstrass curve y² = x³ + ax + b that is birationally equivalent to a
// complete Edwards curve, computed on that curve.
//
// RFC 7836 appendix A relates the twisted Edwards curve
// e·u² + v² = 1 + d·u²v² and the Weierstrass curve by
// s = (e − d)/4, t = (e + d)/6, a = s² − 3t², b = 2t³ − t·s² and
//
//	x = s(1 + v)/(1 − v) + t,   y = s(1 + v)/((1 − v)·u);
//	u = (x − t)/y,              v = (x − t − s)/(x − t + s).
//
// With e a square the substitution u → u·√e gives the Edwards curve
// u² + v² = 1 + (d/e)·u²v², and with d/e a non-square in GF(p) its
// addition law is complete (Bernstein, Lange, "Faster addition and doubling
// on elliptic curves", ASIACRYPT 2007, theorem 3.3): no special cases,
// no point at infinity (the neutral element is (0, 1), the Weierstrass ∞;
// (0, −1) is the point (t, 0) of order 2).
const edwardsTemplate = `
// ext{{.N}} is a point (X : Y : Z : T) in extended coordinates on the
// Edwards curve u² + v² = 1 + d·u²v² (Hisil, Wong, Carter, Dawson,
// "Twisted Edwards curves revisited", ASIACRYPT 2008, section 3):
// u = X/Z, v = Y/Z, T = XY/Z, Z ≠ 0. The neutral element is (0 : 1 : 1 : 0).
type ext{{.N}} struct{ x, y, z, t {{.E}} }

// cached{{.N}} is an addend (X, Y, Z, d·T).
type cached{{.N}} struct{ x, y, z, dt {{.E}} }

// edAff{{.N}} is an affine addend (u, v, d·u·v).
type edAff{{.N}} struct{ u, v, duv {{.E}} }

// {{.C}} is a short Weierstrass curve y² = x³ + ax + b over {{.F}}
// computed on a birationally equivalent complete Edwards curve
// u² + v² = 1 + d·u²v² (see edwardsForm).
type {{.C}} struct {
	f    {{.F}}
	a, b {{.E}} // Weierstrass coefficients (public keys are checked on that curve)
	d    {{.E}} // Edwards d, non-square
	s, t {{.E}} // RFC 7836 s = (e − d)/4, t = (e + d)/6
	se   {{.E}} // √e: u = √e·(x − t)/y
	p, q {{.E}} // plain integers
	sf   field{{.N}}mont // arithmetic mod q
	g    aff{{.N}}       // base point, Weierstrass, field representation
	gTab [1 << (wGE{{.N}} - 2)]edAff{{.N}} // G, 3G, 5G, ... (odd multiples, affine Edwards)
}

func new{{.C}}(p, a, b, q, gx, gy *big.Int, ed *edwardsForm) *{{.C}} {
	c := new({{.C}})
	setLimbs(c.f.p[:], p)
	c.f.c = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), {{.Bits}}), p).Uint64()
	c.f.one[0] = 1
	setLimbs(c.sf.p[:], q)
	c.sf.pinv = montConsts(q, c.sf.one[:], c.sf.rr[:])
	setLimbs(c.p[:], p)
	setLimbs(c.q[:], q)
	for _, v := range []struct {
		z *{{.E}}
		x *big.Int
	}{{"{{"}}&c.a, a}, {&c.b, b}, {&c.d, ed.dn}, {&c.s, ed.s}, {&c.t, ed.t}, {&c.se, ed.se}, {&c.g.x, gx}, {&c.g.y, gy}} {
		var t {{.E}}
		setLimbs(t[:], v.x)
		c.f.fromInt(v.z, &t)
	}

	var tab [len(c.gTab)]ext{{.N}}
	c.fromWeierstrass(&tab[0], &c.g)
	var g2 ext{{.N}}
	var g2c cached{{.N}}
	c.double(&g2, &tab[0], true)
	c.cache(&g2c, &g2)
	for i := 1; i < len(tab); i++ {
		c.add(&tab[i], &tab[i-1], &g2c, true)
	}
	c.toAffine(c.gTab[:], tab[:])
	return c
}

// onCurve reports whether y² = x³ + ax + b (field representation).
func (c *{{.C}}) onCurve(x, y *{{.E}}) bool {
	f := &c.f
	var l, r {{.E}}
	f.sqr(&l, y)
	f.sqr(&r, x)
	f.add(&r, &r, &c.a)
	f.mul(&r, &r, x)
	f.add(&r, &r, &c.b)
	return l.equal(&r)
}

// fromWeierstrass sets r to the Edwards image of the affine Weierstrass
// point w (RFC 7836 appendix A, with u scaled by √e), projectively and
// without an inversion: for x' = x − t,
// (X : Y : Z : T) = (√e·x'(x' + s) : (x' − s)·y : (x' + s)·y : √e·x'(x' − s)).
// The point (t, 0) of order 2 maps to (0, −1). It reports false if Z = 0,
// which cannot happen for a point on the curve since d is not a square.
func (c *{{.C}}) fromWeierstrass(r *ext{{.N}}, w *aff{{.N}}) bool {
	f := &c.f
	if w.y.isZero() {
		*r = ext{{.N}}{}
		f.neg(&r.y, &f.one)
		r.z = f.one
		return true
	}
	var xt, xp, xm, sx {{.E}}
	f.sub(&xt, &w.x, &c.t)
	f.add(&xp, &xt, &c.s)
	f.sub(&xm, &xt, &c.s)
	f.mul(&sx, &xt, &c.se)
	f.mul(&r.x, &sx, &xp)
	f.mul(&r.y, &xm, &w.y)
	f.mul(&r.z, &xp, &w.y)
	f.mul(&r.t, &sx, &xm)
	return !r.z.isZero()
}

// double sets r = 2p (dbl-2008-hwcd with a = 1, Hisil et al. section 3.3:
// 3M + 4S, plus 1M for T if wantT; p.t is not read). r may alias p.
func (c *{{.C}}) double(r, p *ext{{.N}}, wantT bool) {
	f := &c.f
	var a, b, cc, e, g, h, ff {{.E}}
	f.sqr(&a, &p.x)       // A = X²
	f.sqr(&b, &p.y)       // B = Y²
	f.sqr(&cc, &p.z)
	f.add(&cc, &cc, &cc)  // C = 2Z²
	f.add(&e, &p.x, &p.y)
	f.sqr(&e, &e)
	f.sub(&e, &e, &a)
	f.sub(&e, &e, &b)     // E = (X + Y)² − A − B = 2XY
	f.add(&g, &a, &b)     // G = a·A + B
	f.sub(&h, &a, &b)     // H = a·A − B
	f.sub(&ff, &g, &cc)   // F = G − C
	if wantT {
		f.mul(&r.t, &e, &h) // T3 = E·H
	}
	f.mul(&r.x, &e, &ff)  // X3 = E·F
	f.mul(&r.y, &g, &h)   // Y3 = G·H
	f.mul(&r.z, &ff, &g)  // Z3 = F·G
}

// cache sets r = (X, Y, Z, d·T) for p.
func (c *{{.C}}) cache(r *cached{{.N}}, p *ext{{.N}}) {
	r.x, r.y, r.z = p.x, p.y, p.z
	c.f.mul(&r.dt, &p.t, &c.d)
}

// add sets r = p + q (add-2008-hwcd with a = 1, Hisil et al. section 3.1:
// 9M with d·T2 cached, 1M less without T3). Complete: no special cases.
// r may alias p.
func (c *{{.C}}) add(r, p *ext{{.N}}, q *cached{{.N}}, wantT bool) {
	f := &c.f
	var a, b, cc, d, e, ff, g, h, t {{.E}}
	f.mul(&a, &p.x, &q.x)   // A = X1·X2
	f.mul(&b, &p.y, &q.y)   // B = Y1·Y2
	f.mul(&cc, &p.t, &q.dt) // C = d·T1·T2
	f.mul(&d, &p.z, &q.z)   // D = Z1·Z2
	f.add(&e, &p.x, &p.y)
	f.add(&t, &q.x, &q.y)
	f.mul(&e, &e, &t)
	f.sub(&e, &e, &a)
	f.sub(&e, &e, &b)       // E = (X1 + Y1)(X2 + Y2) − A − B
	f.sub(&ff, &d, &cc)     // F = D − C
	f.add(&g, &d, &cc)      // G = D + C
	f.sub(&h, &b, &a)       // H = B − a·A
	if wantT {
		f.mul(&r.t, &e, &h) // T3 = E·H
	}
	f.mul(&r.x, &e, &ff)    // X3 = E·F
	f.mul(&r.y, &g, &h)     // Y3 = G·H
	f.mul(&r.z, &ff, &g)    // Z3 = F·G
}

// addAff sets r = p ± q for affine q (madd-2008-hwcd with a = 1: 8M, 1M
// less without T3; minus if neg). Complete. r may alias p.
func (c *{{.C}}) addAff(r, p *ext{{.N}}, q *edAff{{.N}}, neg, wantT bool) {
	f := &c.f
	var a, b, cc, e, ff, g, h, t {{.E}}
	qu, qduv := q.u, q.duv
	if neg {
		f.neg(&qu, &q.u)
		f.neg(&qduv, &q.duv)
	}
	f.mul(&a, &p.x, &qu)    // A = X1·u2
	f.mul(&b, &p.y, &q.v)   // B = Y1·v2
	f.mul(&cc, &p.t, &qduv) // C = T1·d·u2·v2; D = Z1
	f.add(&e, &p.x, &p.y)
	f.add(&t, &qu, &q.v)
	f.mul(&e, &e, &t)
	f.sub(&e, &e, &a)
	f.sub(&e, &e, &b)       // E = (X1 + Y1)(u2 + v2) − A − B
	f.sub(&ff, &p.z, &cc)   // F = D − C
	f.add(&g, &p.z, &cc)    // G = D + C
	f.sub(&h, &b, &a)       // H = B − a·A
	if wantT {
		f.mul(&r.t, &e, &h)
	}
	f.mul(&r.x, &e, &ff)
	f.mul(&r.y, &g, &h)
	f.mul(&r.z, &ff, &g)
}

// toAffine converts in to affine addends with one inversion (Montgomery's
// trick). Setup only.
func (c *{{.C}}) toAffine(out []edAff{{.N}}, in []ext{{.N}}) {
	f := &c.f
	prod := make([]{{.E}}, len(in))
	prod[0] = in[0].z
	for i := 1; i < len(in); i++ {
		f.mul(&prod[i], &prod[i-1], &in[i].z)
	}
	var inv, zi {{.E}}
	f.inv(&inv, &prod[len(in)-1])
	for i := len(in) - 1; i >= 0; i-- {
		if i > 0 {
			f.mul(&zi, &inv, &prod[i-1])
			f.mul(&inv, &inv, &in[i].z)
		} else {
			zi = inv
		}
		f.mul(&out[i].u, &in[i].x, &zi)
		f.mul(&out[i].v, &in[i].y, &zi)
		f.mul(&out[i].duv, &out[i].u, &out[i].v)
		f.mul(&out[i].duv, &out[i].duv, &c.d)
	}
}

// mulAdd sets acc = z1·G + z2·Q for integers z1, z2 < 2^{{.Bits}}: one
// doubling chain (Shamir/Straus interleaving), width-wGE{{.N}} NAF over the
// precomputed affine table of G and width-wQE{{.N}} NAF over a projective
// table of Q built here. T is computed only where an addition reads it.
func (c *{{.C}}) mulAdd(acc *ext{{.N}}, z1, z2 *{{.E}}, q *ext{{.N}}) {
	f := &c.f
	var qTab [1 << (wQE{{.N}} - 2)]cached{{.N}}
	c.cache(&qTab[0], q)
	var q2, t ext{{.N}}
	var q2c cached{{.N}}
	c.double(&q2, q, true)
	c.cache(&q2c, &q2)
	t = *q
	for i := 1; i < len(qTab); i++ {
		c.add(&t, &t, &q2c, true)
		c.cache(&qTab[i], &t)
	}
	var n1, n2 [{{.Bits}} + 1]int8
	wnaf{{.N}}(&n1, z1, wGE{{.N}})
	wnaf{{.N}}(&n2, z2, wQE{{.N}})
	top := {{.Bits}}
	for top >= 0 && n1[top] == 0 && n2[top] == 0 {
		top--
	}
	*acc = ext{{.N}}{y: f.one, z: f.one}
	var neg cached{{.N}}
	for i := top; i >= 0; i-- {
		d1, d2 := n1[i], n2[i]
		if i != top {
			c.double(acc, acc, d1 != 0 || d2 != 0)
		}
		if d1 > 0 {
			c.addAff(acc, acc, &c.gTab[d1>>1], false, d2 != 0)
		} else if d1 < 0 {
			c.addAff(acc, acc, &c.gTab[(-d1)>>1], true, d2 != 0)
		}
		if d2 > 0 {
			c.add(acc, acc, &qTab[d2>>1], false)
		} else if d2 < 0 {
			// −(X : Y : Z : T) = (−X : Y : Z : −T)
			neg = qTab[(-d2)>>1]
			f.neg(&neg.x, &neg.x)
			f.neg(&neg.dt, &neg.dt)
			c.add(acc, acc, &neg, false)
		}
	}
	// acc.t is stale if the last step was a doubling without wantT; the
	// callers read X, Y and Z only.
}

// isNeutral reports whether p is (0, 1), the image of the Weierstrass ∞.
func (c *{{.C}}) isNeutral(p *ext{{.N}}) bool {
	return p.x.isZero() && p.y.equal(&p.z)
}

// baseOrderOK reports whether q·G is the neutral element.
func (c *{{.C}}) baseOrderOK() bool {
	var acc, g ext{{.N}}
	var zero {{.E}}
	if !c.fromWeierstrass(&g, &c.g) {
		return false
	}
	c.mulAdd(&acc, &c.q, &zero, &g)
	return c.isNeutral(&acc)
}

func (c *{{.C}}) newPublicKey(x, y []byte) (px, py [8]uint64, err error) {
	xv := {{.E}}FromBytes(x)
	yv := {{.E}}FromBytes(y)
	if !{{.E}}Less(&xv, &c.p) {
		return px, py, errXRange
	}
	if !{{.E}}Less(&yv, &c.p) {
		return px, py, errYRange
	}
	var xi, yi {{.E}}
	c.f.fromInt(&xi, &xv)
	c.f.fromInt(&yi, &yv)
	if !c.onCurve(&xi, &yi) {
		return px, py, errNotOnCurve
	}
	// The points of order 1, 2 and 4 (the whole 4-torsion, cyclic since d
	// is not a square): (t, 0) ↔ (0, −1) and (t + s, ±s·√e) ↔ (±1, 0). A
	// GOST key Q = d·P has order q (GOST R 34.10-2012 section 6.1); with
	// one of these any (e, r, s) with z2 ≡ 0 mod 4 and z1·P of the right
	// x would verify.
	var ts {{.E}}
	c.f.add(&ts, &c.t, &c.s)
	if yi.isZero() || xi.equal(&ts) {
		return px, py, errSmallOrder
	}
	copy(px[:], xi[:])
	copy(py[:], yi[:])
	return px, py, nil
}

// checkX reports whether acc ≠ ∞ and its Weierstrass x coordinate is
// r + k·q for some k ≥ 0 with r + k·q < p (GOST R 34.10-2012 section 6.2
// steps 6-7 for r < q). By RFC 7836 appendix A, x = s(1 + v)/(1 − v) + t
// with v = Y/Z, i.e. (x − t)·(Z − Y) = s·(Z + Y); no inversion. Z − Y = 0
// only for the neutral element (v = 1 forces u = 0), which is rejected.
func (c *{{.C}}) checkX(acc *ext{{.N}}, rv *{{.E}}) bool {
	f := &c.f
	var zmy, rhs, xi, lhs {{.E}}
	f.sub(&zmy, &acc.z, &acc.y)
	if zmy.isZero() {
		return false
	}
	f.add(&rhs, &acc.z, &acc.y)
	f.mul(&rhs, &rhs, &c.s)
	cand := *rv
	for {{.E}}Less(&cand, &c.p) {
		f.fromInt(&xi, &cand)
		f.sub(&xi, &xi, &c.t)
		f.mul(&lhs, &xi, &zmy)
		if lhs.equal(&rhs) {
			return true
		}
		if {{.E}}Add(&cand, &cand, &c.q) != 0 {
			break
		}
	}
	return false
}

// verify is GOST R 34.10-2012 section 6.2 (RFC 7091 section 6.2).
func (c *{{.C}}) verify(pub *PublicKey, e, r, s []byte) bool {
	if len(r) != {{.Bytes}} || len(s) != {{.Bytes}} {
		return false
	}
	// Step 1: 0 < r < q, 0 < s < q.
	rv := {{.E}}FromBytes(r)
	sv := {{.E}}FromBytes(s)
	if rv.isZero() || sv.isZero() || !{{.E}}Less(&rv, &c.q) || !{{.E}}Less(&sv, &c.q) {
		return false
	}
	// Steps 2-3: e = alpha mod q, 1 if zero.
	sf := &c.sf
	ev := sf.reduceBytes(e)
	if ev.isZero() {
		ev[0] = 1
	}
	// Steps 4-5: v = e⁻¹, z1 = s·v, z2 = -r·v (mod q).
	var v, vm, z1, z2, t {{.E}}
	sf.invPlain(&v, &ev)
	sf.mul(&vm, &v, &sf.rr) // v·R: Montgomery products with it are plain
	sf.mul(&z1, &sv, &vm)
	{{.E}}Sub(&t, &c.q, &rv)
	sf.mul(&z2, &t, &vm)
	// Step 6: C = z1·P + z2·Q, on the Edwards curve.
	var qw aff{{.N}}
	copy(qw.x[:], pub.x[:{{.N}}])
	copy(qw.y[:], pub.y[:{{.N}}])
	var qe, acc ext{{.N}}
	if !c.fromWeierstrass(&qe, &qw) {
		return false
	}
	c.mulAdd(&acc, &z1, &z2, &qe)
	// Steps 6-7: R = x_C mod q == r.
	return c.checkX(&acc, &rv)
}
`
