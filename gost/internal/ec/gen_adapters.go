//go:build ignore

package main

// adapterTemplate gives the tests a math/big view of every field and curve.
const adapterTemplate = `
func (f *{{.F}}) in(x *big.Int) (z {{.E}}) {
	var t {{.E}}
	setLimbs(t[:], x)
	f.fromInt(&z, &t)
	return
}

func (f *{{.F}}) out(x *{{.E}}) *big.Int {
	var t {{.E}}
	f.toInt(&t, x)
	return limbsToBig(t[:])
}

func (f *{{.F}}) bigOp(op string, x, y *big.Int) *big.Int {
	a, b := f.in(x), f.in(y)
	var z {{.E}}
	switch op {
	case "mul":
		f.mul(&z, &a, &b)
	case "sqr":
		f.sqr(&z, &a)
	case "add":
		f.add(&z, &a, &b)
	case "sub":
		f.sub(&z, &a, &b)
	case "neg":
		f.neg(&z, &a)
	case "inv":
		f.inv(&z, &a)
	default:
		panic(op)
	}
	// The representation must be fully reduced.
	if !{{.E}}Less(&z, &f.p) {
		return big.NewInt(-1)
	}
	return f.out(&z)
}

func (f *{{.F}}) modulus() *big.Int { return limbsToBig(f.p[:]) }

func (c *{{.C}}) field() bigField { return &c.f }

func (c *{{.C}}) scalarBigField() bigField { return &c.sf }

// affIn maps a point of the caller's curve into the internal one.
func (c *{{.C}}) affIn(p *bigPoint) (r aff{{.N}}) {
	r.x, r.y = c.f.in(p.x), c.f.in(p.y)
	if c.iso {
		c.f.mul(&r.x, &r.x, &c.u2)
		c.f.mul(&r.y, &r.y, &c.u3)
	}
	return
}

func (c *{{.C}}) jacIn(p *bigPoint) (r jac{{.N}}) {
	if p.inf() {
		return
	}
	a := c.affIn(p)
	r.x, r.y, r.z = a.x, a.y, c.f.one
	return
}

func (c *{{.C}}) jacOut(p *jac{{.N}}) *bigPoint {
	if p.z.isZero() {
		return &bigPoint{}
	}
	var zi, zi2, x, y {{.E}}
	c.f.inv(&zi, &p.z)
	c.f.sqr(&zi2, &zi)
	c.f.mul(&x, &p.x, &zi2)
	c.f.mul(&zi2, &zi2, &zi)
	c.f.mul(&y, &p.y, &zi2)
	if c.iso {
		var t {{.E}}
		c.f.inv(&t, &c.u2)
		c.f.mul(&x, &x, &t)
		c.f.inv(&t, &c.u3)
		c.f.mul(&y, &y, &t)
	}
	return &bigPoint{c.f.out(&x), c.f.out(&y)}
}

func (c *{{.C}}) bigDouble(p *bigPoint) *bigPoint {
	j := c.jacIn(p)
	c.double(&j, &j)
	return c.jacOut(&j)
}

func (c *{{.C}}) bigAdd(p, q *bigPoint, zScale *big.Int) *bigPoint {
	a, b := c.jacIn(p), c.jacIn(q)
	if !q.inf() && zScale != nil {
		// Rescale q to a random Z to exercise the full formula.
		z := c.f.in(zScale)
		var z2, z3 {{.E}}
		c.f.sqr(&z2, &z)
		c.f.mul(&z3, &z2, &z)
		c.f.mul(&b.x, &b.x, &z2)
		c.f.mul(&b.y, &b.y, &z3)
		b.z = z
	}
	c.add(&a, &a, &b)
	return c.jacOut(&a)
}

func (c *{{.C}}) bigAddMixed(p, q *bigPoint, neg bool) *bigPoint {
	a := c.jacIn(p)
	b := c.affIn(q)
	c.addMixed(&a, &a, &b, neg)
	return c.jacOut(&a)
}

func (c *{{.C}}) bigMulAdd(z1, z2 *big.Int, q *bigPoint) *bigPoint {
	var a, b {{.E}}
	setLimbs(a[:], z1)
	setLimbs(b[:], z2)
	qa := c.affIn(q)
	var acc jac{{.N}}
	c.mulAdd(&acc, &a, &b, &qa)
	return c.jacOut(&acc)
}

// bigMulAddPre is bigMulAdd by mulAddPre; ok is false if there is no
// split table for q.
func (c *{{.C}}) bigMulAddPre(z1, z2 *big.Int, q *bigPoint) (_ *bigPoint, ok bool) {
	var a, b {{.E}}
	setLimbs(a[:], z1)
	setLimbs(b[:], z2)
	qa := c.affIn(q)
	qt := c.splitTable(&qa, 1<<(wP{{.N}}-2))
	if qt == nil || c.gSplit() == nil {
		return nil, false
	}
	var acc jac{{.N}}
	c.mulAddPre(&acc, &a, &b, qt)
	return c.jacOut(&acc), true
}

func (c *{{.C}}) bigScalar(op string, x, y *big.Int) *big.Int {
	sf := &c.sf
	var a, b, z {{.E}}
	if op == "reduce" {
		z = sf.reduceBytes(x.Bytes())
		return limbsToBig(z[:])
	}
	setLimbs(a[:], x)
	setLimbs(b[:], y)
	switch op {
	case "inv":
		sf.invPlain(&z, &a)
	case "mul": // plain product via a·(b·R)·R⁻¹
		var bm {{.E}}
		sf.mul(&bm, &b, &sf.rr)
		sf.mul(&z, &a, &bm)
	default:
		panic(op)
	}
	return limbsToBig(z[:])
}

func (c *{{.C}}) bigCheckX(p *bigPoint, zScale, r *big.Int) bool {
	a := c.jacIn(p)
	if !p.inf() && zScale != nil {
		z := c.f.in(zScale)
		var z2, z3 {{.E}}
		c.f.sqr(&z2, &z)
		c.f.mul(&z3, &z2, &z)
		c.f.mul(&a.x, &a.x, &z2)
		c.f.mul(&a.y, &a.y, &z3)
		a.z = z
	}
	var rv {{.E}}
	setLimbs(rv[:], r)
	return c.checkX(&a, &rv)
}

func (c *{{.C}}) wnafDigits(k *big.Int, w uint) []int8 {
	var a {{.E}}
	setLimbs(a[:], k)
	var naf [{{.N}}*64 + 1]int8
	wnaf{{.N}}(&naf, &a, w)
	return naf[:]
}
`

// edwardsAdapterTemplate gives the tests the same math/big view of the
// Edwards implementations, in Weierstrass coordinates through the
// birational map.
const edwardsAdapterTemplate = `
func (c *{{.C}}) field() bigField { return &c.f }

func (c *{{.C}}) scalarBigField() bigField { return &c.sf }

// extIn maps a Weierstrass point to the Edwards curve (∞ → (0, 1)).
func (c *{{.C}}) extIn(p *bigPoint) (r ext{{.N}}) {
	if p.inf() {
		r.y, r.z = c.f.one, c.f.one
		return
	}
	w := aff{{.N}}{x: c.f.in(p.x), y: c.f.in(p.y)}
	if !c.fromWeierstrass(&r, &w) {
		panic("fromWeierstrass failed")
	}
	return
}

// scale multiplies all coordinates of p by z (the same point).
func (c *{{.C}}) scale(p *ext{{.N}}, zScale *big.Int) {
	if zScale == nil {
		return
	}
	z := c.f.in(zScale)
	c.f.mul(&p.x, &p.x, &z)
	c.f.mul(&p.y, &p.y, &z)
	c.f.mul(&p.z, &p.z, &z)
	c.f.mul(&p.t, &p.t, &z)
}

// extOut maps back with the RFC 7836 formulas x = s(1 + v)/(1 − v) + t,
// y = (x − t)/u (u unscaled by √e).
func (c *{{.C}}) extOut(p *ext{{.N}}) *bigPoint {
	f := &c.f
	if p.z.isZero() {
		panic("Z = 0")
	}
	var zi, u, v, x, y, t {{.E}}
	f.inv(&zi, &p.z)
	f.mul(&u, &p.x, &zi)
	f.mul(&v, &p.y, &zi)
	if u.isZero() {
		if v.equal(&f.one) {
			return &bigPoint{}
		}
		return &bigPoint{f.out(&c.t), new(big.Int)}
	}
	f.add(&x, &f.one, &v)
	f.sub(&t, &f.one, &v)
	f.inv(&t, &t)
	f.mul(&x, &x, &t)
	f.mul(&x, &x, &c.s) // x − t
	f.inv(&t, &u)
	f.mul(&y, &x, &t)
	f.mul(&y, &y, &c.se)
	f.add(&x, &x, &c.t)
	return &bigPoint{f.out(&x), f.out(&y)}
}

// extValid reports whether p is on the Edwards curve,
// (X² + Y²)·Z² = Z⁴ + d·X²Y², with Z ≠ 0 and (if checkT) X·Y = Z·T.
func (c *{{.C}}) extValid(p *ext{{.N}}, checkT bool) bool {
	f := &c.f
	if p.z.isZero() {
		return false
	}
	var x2, y2, z2, l, r, t {{.E}}
	f.sqr(&x2, &p.x)
	f.sqr(&y2, &p.y)
	f.sqr(&z2, &p.z)
	f.add(&l, &x2, &y2)
	f.mul(&l, &l, &z2)
	f.mul(&r, &x2, &y2)
	f.mul(&r, &r, &c.d)
	f.sqr(&t, &z2)
	f.add(&r, &r, &t)
	if !l.equal(&r) {
		return false
	}
	if checkT {
		f.mul(&l, &p.x, &p.y)
		f.mul(&r, &p.z, &p.t)
		return l.equal(&r)
	}
	return true
}

func (c *{{.C}}) bigDouble(p *bigPoint) *bigPoint {
	j := c.extIn(p)
	c.double(&j, &j, true)
	if !c.extValid(&j, true) {
		return &bigPoint{big.NewInt(-1), nil}
	}
	return c.extOut(&j)
}

func (c *{{.C}}) bigAdd(p, q *bigPoint, zScale *big.Int) *bigPoint {
	a, b := c.extIn(p), c.extIn(q)
	c.scale(&b, zScale)
	var bc cached{{.N}}
	c.cache(&bc, &b)
	c.add(&a, &a, &bc, true)
	if !c.extValid(&a, true) {
		return &bigPoint{big.NewInt(-1), nil}
	}
	return c.extOut(&a)
}

func (c *{{.C}}) bigAddMixed(p, q *bigPoint, neg bool) *bigPoint {
	a, b := c.extIn(p), c.extIn(q)
	var ba [1]edAff{{.N}}
	c.toAffine(ba[:], []ext{{.N}}{b})
	c.addAff(&a, &a, &ba[0], neg, true)
	if !c.extValid(&a, true) {
		return &bigPoint{big.NewInt(-1), nil}
	}
	return c.extOut(&a)
}

func (c *{{.C}}) bigMulAdd(z1, z2 *big.Int, q *bigPoint) *bigPoint {
	var a, b {{.E}}
	setLimbs(a[:], z1)
	setLimbs(b[:], z2)
	qe := c.extIn(q)
	var acc ext{{.N}}
	c.mulAdd(&acc, &a, &b, &qe)
	if !c.extValid(&acc, false) {
		return &bigPoint{big.NewInt(-1), nil}
	}
	return c.extOut(&acc)
}

func (c *{{.C}}) bigCheckX(p *bigPoint, zScale, r *big.Int) bool {
	a := c.extIn(p)
	c.scale(&a, zScale)
	var rv {{.E}}
	setLimbs(rv[:], r)
	return c.checkX(&a, &rv)
}

func (c *{{.C}}) bigScalar(op string, x, y *big.Int) *big.Int {
	sf := &c.sf
	var a, b, z {{.E}}
	if op == "reduce" {
		z = sf.reduceBytes(x.Bytes())
		return limbsToBig(z[:])
	}
	setLimbs(a[:], x)
	setLimbs(b[:], y)
	switch op {
	case "inv":
		sf.invPlain(&z, &a)
	case "mul": // plain product via a·(b·R)·R⁻¹
		var bm {{.E}}
		sf.mul(&bm, &b, &sf.rr)
		sf.mul(&z, &a, &bm)
	default:
		panic(op)
	}
	return limbsToBig(z[:])
}

func (c *{{.C}}) wnafDigits(k *big.Int, w uint) []int8 {
	var a {{.E}}
	setLimbs(a[:], k)
	var naf [{{.N}}*64 + 1]int8
	wnaf{{.N}}(&naf, &a, w)
	return naf[:]
}
`
