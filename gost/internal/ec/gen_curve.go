//go:build ignore

package main

// scalarTemplate is instantiated once per width: arithmetic mod q on top of
// field<N>mont (with p = q), and the width-w NAF recoding.
const scalarTemplate = `
// reduceBytes returns the big-endian integer b (any length) mod f.p, as a
// plain integer. It assumes f.p > 2^{{.Bits}}/8 (checked by NewCurve).
func (f *field{{.N}}mont) reduceBytes(b []byte) (acc fe{{.N}}) {
	var buf [{{.Bytes}}]byte
	first := len(b) % {{.Bytes}}
	if first == 0 {
		first = {{.Bytes}}
	}
	for len(b) > 0 {
		clear(buf[:])
		copy(buf[{{.Bytes}}-first:], b[:first])
		b = b[first:]
		first = {{.Bytes}}
		chunk := fe{{.N}}FromBytes(buf[:])
		for !fe{{.N}}Less(&chunk, &f.p) {
			fe{{.N}}Sub(&chunk, &chunk, &f.p)
		}
		f.mul(&acc, &acc, &f.rr) // acc·R²·R⁻¹ = acc·2^{{.Bits}}
		f.add(&acc, &acc, &chunk)
	}
	return acc
}

// invPlain sets z = a⁻¹ mod f.p for a plain integer a in [1, p), p an odd
// prime, by the binary extended Euclidean algorithm (variable time; the
// halving of the cofactors is done up to 63 bits at a time, Montgomery
// style). z is 0 if a is not invertible.
func (f *field{{.N}}mont) invPlain(z, a *fe{{.N}}) {
	u, v := *a, f.p
	var x1, x2 fe{{.N}}
	x1[0] = 1
	for {
		switch {
		case u.isOne():
			*z = x1
			return
		case v.isOne():
			*z = x2
			return
		case u.isZero() || v.isZero():
			*z = fe{{.N}}{}
			return
		case u[0]&1 == 0:
			s := shiftOut{{.N}}(&u)
			f.halve(&x1, s)
		case v[0]&1 == 0:
			s := shiftOut{{.N}}(&v)
			f.halve(&x2, s)
		case !fe{{.N}}Less(&u, &v):
			fe{{.N}}Sub(&u, &u, &v)
			f.sub(&x1, &x1, &x2)
		default:
			fe{{.N}}Sub(&v, &v, &u)
			f.sub(&x2, &x2, &x1)
		}
	}
}

// shiftOut{{.N}} divides the non-zero even x by 2^s, s = min(trailing zeros, 63), and returns s.
func shiftOut{{.N}}(x *fe{{.N}}) uint {
	s := uint(bits.TrailingZeros64(x[0]))
	if s > 63 {
		s = 63
	}
	{{range $i, $_ := .Limbs}}{{if $i}}x[{{$i}}-1] |= x[{{$i}}] << (64 - s)
	{{end}}x[{{$i}}] >>= s
	{{end}}
	return s
}

// halve sets x = x·2^-s mod p for x < p and 1 ≤ s ≤ 63.
func (f *field{{.N}}mont) halve(x *fe{{.N}}, s uint) {
	m := (x[0] * f.pinv) & (1<<s - 1) // x + m·p ≡ 0 mod 2^s
	var t [{{.N}}+1]uint64
	var carry, hi, lo, c uint64
	for i := 0; i < {{.N}}; i++ {
		hi, lo = bits.Mul64(m, f.p[i])
		lo, c = bits.Add64(lo, x[i], 0)
		hi += c
		t[i], c = bits.Add64(lo, carry, 0)
		carry = hi + c
	}
	t[{{.N}}] = carry
	for i := 0; i < {{.N}}; i++ {
		x[i] = t[i]>>s | t[i+1]<<(64-s)
	}
	if !fe{{.N}}Less(x, &f.p) {
		fe{{.N}}Sub(x, x, &f.p)
	}
}

// wnaf{{.N}} writes the width-w non-adjacent form of k: k = Σ naf[i]·2^i,
// every non-zero digit odd with |digit| < 2^(w-1), followed by at least
// w-1 zero digits. naf must be zero on entry.
func wnaf{{.N}}(naf *[{{.Bits}} + 1]int8, k *fe{{.N}}, w uint) {
	var x [{{.N}} + 2]uint64
	copy(x[:], k[:])
	width := uint64(1) << w
	mask := width - 1
	var carry uint64
	for pos := uint(0); pos <= {{.Bits}}; {
		idx, bit := pos/64, pos%64
		buf := x[idx] >> bit
		if bit != 0 {
			buf |= x[idx+1] << (64 - bit)
		}
		window := carry + buf&mask
		if window&1 == 0 {
			pos++
			continue
		}
		if window < width/2 {
			carry = 0
			naf[pos] = int8(window)
		} else {
			carry = 1
			naf[pos] = int8(int64(window) - int64(width))
		}
		pos += w
	}
}
`

// curveTemplate is instantiated once per width and field kind.
const curveTemplate = `
// {{.C}} is a short Weierstrass curve over {{.F}}.
type {{.C}} struct {
	f     {{.F}}
	a, b  {{.E}} // field representation
	aIsM3 bool   // a = -3: use dbl-2001-b
	p, q  {{.E}} // plain integers
	sf    field{{.N}}mont // arithmetic mod q
	g     aff{{.N}}       // base point, field representation
	// iso: the curve is handled as its isomorphic image with a = -3,
	// (x, y) → (u²x, u³y); u2, u3 = u², u³ (field representation).
	iso    bool
	u2, u3 {{.E}}
	gTab  [1 << (wG{{.N}} - 2)]aff{{.N}} // G, 3G, 5G, ... (odd multiples, affine)
	// hTab: the odd multiples of 2^{{.Half}}·G (affine), for mulAddPre;
	// built on first use (gSplit), nil if that failed.
	hOnce sync.Once
	hTab  *[1 << (wG{{.N}} - 2)]aff{{.N}}
}

func new{{.C}}(p, a, b, q, gx, gy, u2, u3 *big.Int) *{{.C}} {
	c := new({{.C}})
	setLimbs(c.f.p[:], p)
	{{- if eq .K "pm"}}
	c.f.c = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), {{.Bits}}), p).Uint64()
	c.f.one[0] = 1
	{{- else if eq .K "pp"}}
	c.f.c2 = 2 * new(big.Int).Sub(p, new(big.Int).Lsh(big.NewInt(1), {{.Bits}}-1)).Uint64()
	c.f.one[0] = 1
	{{- else}}
	c.f.pinv = montConsts(p, c.f.one[:], c.f.rr[:])
	{{- end}}
	setLimbs(c.sf.p[:], q)
	c.sf.pinv = montConsts(q, c.sf.one[:], c.sf.rr[:])
	setLimbs(c.p[:], p)
	setLimbs(c.q[:], q)
	var t {{.E}}
	setLimbs(t[:], a)
	c.f.fromInt(&c.a, &t)
	c.aIsM3 = new(big.Int).Sub(p, a).Cmp(big.NewInt(3)) == 0
	setLimbs(t[:], b)
	c.f.fromInt(&c.b, &t)
	setLimbs(t[:], gx)
	c.f.fromInt(&c.g.x, &t)
	setLimbs(t[:], gy)
	c.f.fromInt(&c.g.y, &t)
	if u2 != nil {
		c.iso = true
		setLimbs(t[:], u2)
		c.f.fromInt(&c.u2, &t)
		setLimbs(t[:], u3)
		c.f.fromInt(&c.u3, &t)
	}

	var tab [len(c.gTab)]jac{{.N}}
	tab[0] = jac{{.N}}{x: c.g.x, y: c.g.y, z: c.f.one}
	var g2 jac{{.N}}
	c.double(&g2, &tab[0])
	for i := 1; i < len(tab); i++ {
		c.add(&tab[i], &tab[i-1], &g2)
	}
	c.toAffine(c.gTab[:], tab[:])
	return c
}

// onCurve reports whether y² = x³ + ax + b (field representation).
func (c *{{.C}}) onCurve(x, y *{{.E}}) bool {
	f := &c.f
	var l, r, t {{.E}}
	f.sqr(&l, y)
	f.sqr(&r, x)
	f.add(&r, &r, &c.a)
	f.mul(&r, &r, x)
	f.add(&r, &r, &c.b)
	_ = t
	return l.equal(&r)
}

// double sets r = 2p. r may alias p.
func (c *{{.C}}) double(r, p *jac{{.N}}) {
	f := &c.f
	var t0, t1, t2, t3, t4, t5 {{.E}}
	if c.aIsM3 {
		// dbl-2001-b (Bernstein–Lange EFD), a = -3: 3M + 5S.
		f.sqr(&t0, &p.z)      // delta = Z²
		f.sqr(&t1, &p.y)      // gamma = Y²
		f.mul(&t2, &p.x, &t1) // beta = X·gamma
		f.sub(&t3, &p.x, &t0)
		f.add(&t4, &p.x, &t0)
		f.mul(&t3, &t3, &t4)
		f.add(&t4, &t3, &t3)
		f.add(&t3, &t4, &t3)  // alpha = 3(X-delta)(X+delta)
		f.add(&t4, &p.y, &p.z)
		f.sqr(&t4, &t4)
		f.sub(&t4, &t4, &t1)
		f.sub(&t4, &t4, &t0)  // Z3 = (Y+Z)² - gamma - delta
		f.sqr(&t0, &t3)       // alpha²
		f.add(&t2, &t2, &t2)
		f.add(&t2, &t2, &t2)  // 4·beta
		f.add(&t5, &t2, &t2)  // 8·beta
		f.sub(&t0, &t0, &t5)  // X3 = alpha² - 8·beta
		f.sub(&t2, &t2, &t0)
		f.mul(&t2, &t3, &t2)  // alpha·(4·beta - X3)
		f.sqr(&t1, &t1)
		f.add(&t1, &t1, &t1)
		f.add(&t1, &t1, &t1)
		f.add(&t1, &t1, &t1)  // 8·gamma²
		f.sub(&r.y, &t2, &t1) // Y3
		r.x = t0
		r.z = t4
		return
	}
	// dbl-2007-bl (EFD), any a: 1M + 8S + 1·a.
	var t6 {{.E}}
	f.sqr(&t0, &p.x)     // XX
	f.sqr(&t1, &p.y)     // YY
	f.sqr(&t2, &t1)      // YYYY
	f.sqr(&t3, &p.z)     // ZZ
	f.add(&t4, &p.x, &t1)
	f.sqr(&t4, &t4)
	f.sub(&t4, &t4, &t0)
	f.sub(&t4, &t4, &t2)
	f.add(&t4, &t4, &t4) // S = 2((X+YY)² - XX - YYYY)
	f.sqr(&t5, &t3)
	f.mul(&t5, &t5, &c.a)
	f.add(&t6, &t0, &t0)
	f.add(&t6, &t6, &t0)
	f.add(&t5, &t5, &t6) // M = 3XX + a·ZZ²
	f.sqr(&t6, &t5)
	f.sub(&t6, &t6, &t4)
	f.sub(&t6, &t6, &t4) // X3 = M² - 2S
	f.add(&t0, &p.y, &p.z)
	f.sqr(&t0, &t0)
	f.sub(&t0, &t0, &t1)
	f.sub(&t0, &t0, &t3) // Z3 = (Y+Z)² - YY - ZZ
	f.sub(&t4, &t4, &t6)
	f.mul(&t4, &t5, &t4)
	f.add(&t2, &t2, &t2)
	f.add(&t2, &t2, &t2)
	f.add(&t2, &t2, &t2)
	f.sub(&r.y, &t4, &t2) // Y3 = M(S - X3) - 8·YYYY
	r.x = t6
	r.z = t0
}

// add sets r = p + q for Jacobian p, q (add-2007-bl, 11M + 5S), handling
// infinity, p = q and p = -q. r may alias p or q.
func (c *{{.C}}) add(r, p, q *jac{{.N}}) {
	if p.z.isZero() {
		*r = *q
		return
	}
	if q.z.isZero() {
		*r = *p
		return
	}
	f := &c.f
	var z1z1, z2z2, u1, u2, s1, s2, h, i, j, rr, v, t, x3, y3 {{.E}}
	f.sqr(&z1z1, &p.z)
	f.sqr(&z2z2, &q.z)
	f.mul(&u1, &p.x, &z2z2)
	f.mul(&u2, &q.x, &z1z1)
	f.mul(&s1, &p.y, &q.z)
	f.mul(&s1, &s1, &z2z2)
	f.mul(&s2, &q.y, &p.z)
	f.mul(&s2, &s2, &z1z1)
	f.sub(&h, &u2, &u1)
	f.sub(&rr, &s2, &s1)
	if h.isZero() {
		if rr.isZero() {
			c.double(r, p)
			return
		}
		*r = jac{{.N}}{}
		return
	}
	f.add(&i, &h, &h)
	f.sqr(&i, &i)         // I = (2H)²
	f.mul(&j, &h, &i)     // J = H·I
	f.add(&rr, &rr, &rr)  // r = 2(S2 - S1)
	f.mul(&v, &u1, &i)    // V = U1·I
	f.sqr(&t, &rr)
	f.sub(&t, &t, &j)
	f.sub(&t, &t, &v)
	f.sub(&x3, &t, &v)    // X3 = r² - J - 2V
	f.sub(&v, &v, &x3)
	f.mul(&v, &rr, &v)
	f.mul(&s1, &s1, &j)
	f.add(&s1, &s1, &s1)
	f.sub(&y3, &v, &s1)   // Y3 = r(V - X3) - 2·S1·J
	f.add(&t, &p.z, &q.z)
	f.sqr(&t, &t)
	f.sub(&t, &t, &z1z1)
	f.sub(&t, &t, &z2z2)
	f.mul(&r.z, &t, &h)   // Z3 = ((Z1+Z2)² - Z1Z1 - Z2Z2)·H
	r.x = x3
	r.y = y3
}

// addMixed sets r = p ± q for Jacobian p and affine q (madd-2007-bl,
// 7M + 4S; minus if neg), handling infinity, p = ±q. r may alias p.
func (c *{{.C}}) addMixed(r, p *jac{{.N}}, q *aff{{.N}}, neg bool) {
	f := &c.f
	qy := q.y
	if neg {
		f.neg(&qy, &q.y)
	}
	if p.z.isZero() {
		r.x = q.x
		r.y = qy
		r.z = f.one
		return
	}
	var z1z1, u2, s2, h, hh, i, j, rr, v, t, x3, y3 {{.E}}
	f.sqr(&z1z1, &p.z)
	f.mul(&u2, &q.x, &z1z1)
	f.mul(&s2, &qy, &p.z)
	f.mul(&s2, &s2, &z1z1)
	f.sub(&h, &u2, &p.x)
	f.sub(&rr, &s2, &p.y)
	if h.isZero() {
		if rr.isZero() {
			c.double(r, p)
			return
		}
		*r = jac{{.N}}{}
		return
	}
	f.sqr(&hh, &h)
	f.add(&i, &hh, &hh)
	f.add(&i, &i, &i)     // I = 4·HH
	f.mul(&j, &h, &i)     // J = H·I
	f.add(&rr, &rr, &rr)  // r = 2(S2 - Y1)
	f.mul(&v, &p.x, &i)   // V = X1·I
	f.sqr(&t, &rr)
	f.sub(&t, &t, &j)
	f.sub(&t, &t, &v)
	f.sub(&x3, &t, &v)    // X3 = r² - J - 2V
	f.sub(&v, &v, &x3)
	f.mul(&v, &rr, &v)
	f.mul(&t, &p.y, &j)
	f.add(&t, &t, &t)
	f.sub(&y3, &v, &t)    // Y3 = r(V - X3) - 2·Y1·J
	f.add(&t, &p.z, &h)
	f.sqr(&t, &t)
	f.sub(&t, &t, &z1z1)
	f.sub(&r.z, &t, &hh)  // Z3 = (Z1+H)² - Z1Z1 - HH
	r.x = x3
	r.y = y3
}

// toAffine converts the finite points in to affine with one inversion
// (Montgomery's trick). Setup only.
func (c *{{.C}}) toAffine(out []aff{{.N}}, in []jac{{.N}}) {
	f := &c.f
	prod := make([]{{.E}}, len(in))
	prod[0] = in[0].z
	for i := 1; i < len(in); i++ {
		f.mul(&prod[i], &prod[i-1], &in[i].z)
	}
	var inv, zi, zi2 {{.E}}
	f.inv(&inv, &prod[len(in)-1])
	for i := len(in) - 1; i >= 0; i-- {
		if i > 0 {
			f.mul(&zi, &inv, &prod[i-1])
			f.mul(&inv, &inv, &in[i].z)
		} else {
			zi = inv
		}
		f.sqr(&zi2, &zi)
		f.mul(&out[i].x, &in[i].x, &zi2)
		f.mul(&zi2, &zi2, &zi)
		f.mul(&out[i].y, &in[i].y, &zi2)
	}
}

// mulAdd sets acc = z1·G + z2·Q for integers z1, z2 < 2^{{.Bits}}: one
// doubling chain (Shamir/Straus interleaving), width-wG{{.N}} NAF over the
// precomputed affine table of G and width-wQ{{.N}} NAF over a Jacobian
// table of Q built here.
func (c *{{.C}}) mulAdd(acc *jac{{.N}}, z1, z2 *{{.E}}, q *aff{{.N}}) {
	var qTab [1 << (wQ{{.N}} - 2)]jac{{.N}}
	qTab[0] = jac{{.N}}{x: q.x, y: q.y, z: c.f.one}
	var q2 jac{{.N}}
	c.double(&q2, &qTab[0])
	for i := 1; i < len(qTab); i++ {
		c.add(&qTab[i], &qTab[i-1], &q2)
	}
	var n1, n2 [{{.Bits}} + 1]int8
	wnaf{{.N}}(&n1, z1, wG{{.N}})
	wnaf{{.N}}(&n2, z2, wQ{{.N}})
	top := {{.Bits}}
	for top >= 0 && n1[top] == 0 && n2[top] == 0 {
		top--
	}
	*acc = jac{{.N}}{}
	var t jac{{.N}}
	for i := top; i >= 0; i-- {
		if !acc.z.isZero() {
			c.double(acc, acc)
		}
		if d := n1[i]; d > 0 {
			c.addMixed(acc, acc, &c.gTab[d>>1], false)
		} else if d < 0 {
			c.addMixed(acc, acc, &c.gTab[(-d)>>1], true)
		}
		if d := n2[i]; d > 0 {
			c.add(acc, acc, &qTab[d>>1])
		} else if d < 0 {
			t = qTab[(-d)>>1]
			c.f.neg(&t.y, &t.y)
			c.add(acc, acc, &t)
		}
	}
}

// oddMultiples sets tab[i] = (2i+1)·p.
func (c *{{.C}}) oddMultiples(tab []jac{{.N}}, p *jac{{.N}}) {
	tab[0] = *p
	var p2 jac{{.N}}
	c.double(&p2, p)
	for i := 1; i < len(tab); i++ {
		c.add(&tab[i], &tab[i-1], &p2)
	}
}

// splitTable returns the affine odd multiples (2i+1)·p for i < n followed
// by those of 2^{{.Half}}·p, or nil if one of them is the point at infinity
// (the order of p divides 2^{{.Half}}·k for some odd k < 2n: not so for a
// point that NewPublicKey accepts). Setup only.
func (c *{{.C}}) splitTable(p *aff{{.N}}, n int) []aff{{.N}} {
	jt := make([]jac{{.N}}, 2*n)
	q := jac{{.N}}{x: p.x, y: p.y, z: c.f.one}
	c.oddMultiples(jt[:n], &q)
	for i := 0; i < {{.Half}}; i++ {
		c.double(&q, &q)
	}
	c.oddMultiples(jt[n:], &q)
	for i := range jt {
		if jt[i].z.isZero() {
			return nil
		}
	}
	out := make([]aff{{.N}}, 2*n)
	c.toAffine(out, jt)
	return out
}

// gSplit returns the odd multiples of 2^{{.Half}}·G, building them on the
// first call; nil if that is impossible.
func (c *{{.C}}) gSplit() *[1 << (wG{{.N}} - 2)]aff{{.N}} {
	c.hOnce.Do(func() {
		n := len(c.gTab)
		if t := c.splitTable(&c.g, n); t != nil {
			c.hTab = (*[1 << (wG{{.N}} - 2)]aff{{.N}})(t[n:])
		}
	})
	return c.hTab
}

// precompute returns the key table of pub for mulAddPre (splitTable with
// window wP{{.N}}), or nil if there can be none.
func (c *{{.C}}) precompute(pub *PublicKey) *keyTable {
	if c.gSplit() == nil {
		return nil
	}
	var qp aff{{.N}}
	copy(qp.x[:], pub.x[:{{.N}}])
	copy(qp.y[:], pub.y[:{{.N}}])
	t := c.splitTable(&qp, 1<<(wP{{.N}}-2))
	if t == nil {
		return nil
	}
	return &keyTable{t{{.N}}: t}
}

// mulAddPre sets acc = z1·G + z2·Q like mulAdd, for integers z1, z2 <
// 2^{{.Bits}} and qt = splitTable(Q, 2^(wP{{.N}}-2)): with z = a + 2^{{.Half}}·b it
// computes a1·G + b1·(2^{{.Half}}·G) + a2·Q + b2·(2^{{.Half}}·Q) over one chain
// of {{.Half}} doublings, every addition a mixed one with an affine table
// entry. c.gSplit() must have succeeded.
func (c *{{.C}}) mulAddPre(acc *jac{{.N}}, z1, z2 *{{.E}}, qt []aff{{.N}}) {
	hTab := c.gSplit()
	const half = {{.N}} / 2
	var a1, b1, a2, b2 {{.E}}
	copy(a1[:half], z1[:half])
	copy(b1[:half], z1[half:])
	copy(a2[:half], z2[:half])
	copy(b2[:half], z2[half:])
	var n1, m1, n2, m2 [{{.Bits}} + 1]int8
	wnaf{{.N}}(&n1, &a1, wG{{.N}})
	wnaf{{.N}}(&m1, &b1, wG{{.N}})
	wnaf{{.N}}(&n2, &a2, wP{{.N}})
	wnaf{{.N}}(&m2, &b2, wP{{.N}})
	n := len(qt) / 2
	qTab, qhTab := qt[:n:n], qt[n:]
	top := {{.Half}} // a NAF of an integer < 2^h has at most h+1 digits
	for top >= 0 && n1[top]|m1[top]|n2[top]|m2[top] == 0 {
		top--
	}
	*acc = jac{{.N}}{}
	for i := top; i >= 0; i-- {
		if !acc.z.isZero() {
			c.double(acc, acc)
		}
		c.addDigit(acc, n1[i], c.gTab[:])
		c.addDigit(acc, m1[i], hTab[:])
		c.addDigit(acc, n2[i], qTab)
		c.addDigit(acc, m2[i], qhTab)
	}
}

// addDigit adds d·P to acc for a wNAF digit d and tab the odd multiples of P.
func (c *{{.C}}) addDigit(acc *jac{{.N}}, d int8, tab []aff{{.N}}) {
	if d > 0 {
		c.addMixed(acc, acc, &tab[d>>1], false)
	} else if d < 0 {
		c.addMixed(acc, acc, &tab[(-d)>>1], true)
	}
}

// baseOrderOK reports whether q·G is the point at infinity.
func (c *{{.C}}) baseOrderOK() bool {
	var acc jac{{.N}}
	var zero {{.E}}
	c.mulAdd(&acc, &c.q, &zero, &c.g)
	return acc.z.isZero()
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
	if c.iso {
		c.f.mul(&xi, &xi, &c.u2)
		c.f.mul(&yi, &yi, &c.u3)
	}
	if !c.onCurve(&xi, &yi) {
		return px, py, errNotOnCurve
	}
	copy(px[:], xi[:])
	copy(py[:], yi[:])
	return px, py, nil
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
	// Step 6: C = z1·P + z2·Q.
	var acc jac{{.N}}
	if kt := pub.pre.Load(); kt != nil {
		c.mulAddPre(&acc, &z1, &z2, kt.t{{.N}})
	} else {
		var qp aff{{.N}}
		copy(qp.x[:], pub.x[:{{.N}}])
		copy(qp.y[:], pub.y[:{{.N}}])
		c.mulAdd(&acc, &z1, &z2, &qp)
	}
	// Steps 6-7: R = x_C mod q == r.
	return c.checkX(&acc, &rv)
}

// checkX reports whether acc ≠ ∞ and its x coordinate is r + k·q for
// some k ≥ 0 with r + k·q < p (GOST R 34.10-2012 section 6.2 steps 6-7
// for r < q), checked projectively as (r + k·q)·Z² = X, without an
// inversion.
func (c *{{.C}}) checkX(acc *jac{{.N}}, rv *{{.E}}) bool {
	if acc.z.isZero() {
		return false
	}
	var zz, xi, cand {{.E}}
	c.f.sqr(&zz, &acc.z)
	if c.iso {
		c.f.mul(&zz, &zz, &c.u2) // X/Z² = u²·x_C
	}
	cand = *rv
	for {{.E}}Less(&cand, &c.p) {
		c.f.fromInt(&xi, &cand)
		c.f.mul(&xi, &xi, &zz)
		if xi.equal(&acc.x) {
			return true
		}
		if {{.E}}Add(&cand, &cand, &c.q) != 0 {
			break
		}
	}
	return false
}
`
