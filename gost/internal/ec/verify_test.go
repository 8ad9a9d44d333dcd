package ec

import (
	"bytes"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"testing"
)

// TestAppendixExamples checks the two examples of GOST R 34.10-2012
// appendix A (RFC 7091 section 7).
func TestAppendixExamples(t *testing.T) {
	data, err := os.ReadFile("../../../testdata/vectors/gost34102012_signature_examples.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Examples []map[string]string
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Examples) != 2 {
		t.Fatalf("%d examples, want 2", len(doc.Examples))
	}
	for i, ex := range doc.Examples {
		name := []string{"2001-test", "512-test"}[i]
		c := curveByName(t, name)
		if hexInt(ex["p"]).Cmp(c.p) != 0 || hexInt(ex["q"]).Cmp(c.q) != 0 || hexInt(ex["b"]).Cmp(c.b) != 0 {
			t.Fatalf("%s: example parameters differ from testdata/curves.json", name)
		}
		pub, err := c.curve.NewPublicKey(c.bytes(hexInt(ex["Qx"])), c.bytes(hexInt(ex["Qy"])))
		if err != nil {
			t.Fatal(err)
		}
		alpha := mustHex(t, ex["alpha_digest"])
		r, s := c.bytes(hexInt(ex["r"])), c.bytes(hexInt(ex["s"]))
		if !c.curve.Verify(pub, alpha, r, s) {
			t.Errorf("%s: appendix example does not verify", name)
		}
		// The reference agrees, and reproduces the signature from d and k.
		q := &bigPoint{hexInt(ex["Qx"]), hexInt(ex["Qy"])}
		if !c.mul(hexInt(ex["d"]), c.g).equal(q) {
			t.Errorf("%s: d·P != Q", name)
		}
		rr, ss := c.sign(hexInt(ex["d"]), alpha, hexInt(ex["k"]))
		if rr.Cmp(hexInt(ex["r"])) != 0 || ss.Cmp(hexInt(ex["s"])) != 0 {
			t.Errorf("%s: reference signer does not reproduce (r, s)", name)
		}
		if !c.verify(q, alpha, r, s) {
			t.Errorf("%s: reference verifier rejects the example", name)
		}
		s[len(s)-1] ^= 1
		if c.curve.Verify(pub, alpha, r, s) {
			t.Errorf("%s: modified example verifies", name)
		}
	}
}

func flipBit(b []byte, bit int) []byte {
	c := bytes.Clone(b)
	c[bit/8%len(c)] ^= 1 << (bit % 8)
	return c
}

func TestVerifyRandom(t *testing.T) {
	keys, sigs := 3, 6
	if testing.Short() {
		keys, sigs = 1, 3
	}
	for _, c := range testCurves(t) {
		one := big.NewInt(1)
		for k := 0; k < keys; k++ {
			d := c.randScalar(t)
			qp := c.mul(d, c.g)
			pub, err := c.curve.NewPublicKey(c.bytes(qp.x), c.bytes(qp.y))
			if err != nil {
				t.Fatal(err)
			}
			other := c.mul(c.randScalar(t), c.g)
			wrong, err := c.curve.NewPublicKey(c.bytes(other.x), c.bytes(other.y))
			if err != nil {
				t.Fatal(err)
			}
			for i := 0; i < sigs; i++ {
				alpha := randBytes(t, c.size)
				switch i {
				case 1:
					alpha = c.q.FillBytes(make([]byte, c.size)) // e ≡ 0 → 1
				case 2:
					alpha = randBytes(t, 3*c.size+1) // long digest integer
				}
				r, s := c.signRandom(t, d, alpha)
				if !c.curve.Verify(pub, alpha, r, s) {
					t.Fatalf("%s: valid signature rejected (d=%x alpha=%x r=%x s=%x)", c.Name, d, alpha, r, s)
				}
				bad := func(what string, pub *PublicKey, alpha, r, s []byte) {
					t.Helper()
					if c.curve.Verify(pub, alpha, r, s) {
						t.Errorf("%s: %s accepted", c.Name, what)
					}
				}
				for j := 0; j < 4; j++ {
					bit := int(randBytes(t, 2)[0]) + 256*j
					// x(C) = x(-C): (r, s) is also valid for q - e, so a flip
					// giving e' ≡ -e (e = 1, e' = q-1) is not a forgery.
					e2 := flipBit(alpha, bit)
					if sum := new(big.Int).Add(c.digest(alpha), c.digest(e2)); sum.Cmp(c.q) != 0 {
						bad("flipped e bit", pub, e2, r, s)
					}
					bad("flipped r bit", pub, alpha, flipBit(r, bit), s)
					bad("flipped s bit", pub, alpha, r, flipBit(s, bit))
				}
				zero := make([]byte, c.size)
				q := c.bytes(c.q)
				q1 := c.bytes(new(big.Int).Add(c.q, one))
				ones := bytes.Repeat([]byte{0xff}, c.size)
				for _, v := range [][]byte{zero, q, q1, ones} {
					bad("bad r", pub, alpha, v, s)
					bad("bad s", pub, alpha, r, v)
				}
				bad("short r", pub, alpha, r[1:], s)
				bad("long s", pub, alpha, r, append([]byte{0}, s...))
				bad("wrong key", wrong, alpha, r, s)
				bad("nil key", nil, alpha, r, s)
				// r + q (as an x coordinate candidate) must not pass as r.
				if rq := new(big.Int).Add(new(big.Int).SetBytes(r), c.q); rq.BitLen() <= 8*c.size {
					bad("r+q", pub, alpha, c.bytes(rq), s)
				}
			}
		}
	}
}

// TestVerifyKeyFromOtherCurve: a key made by one Curve is refused by another.
func TestVerifyKeyFromOtherCurve(t *testing.T) {
	a := curveByName(t, "CryptoPro-A")
	b := curveByName(t, "TC26-256-A")
	d := a.randScalar(t)
	qp := a.mul(d, a.g)
	pub, err := a.curve.NewPublicKey(a.bytes(qp.x), a.bytes(qp.y))
	if err != nil {
		t.Fatal(err)
	}
	alpha := randBytes(t, 32)
	r, s := a.signRandom(t, d, alpha)
	if !a.curve.Verify(pub, alpha, r, s) || b.curve.Verify(pub, alpha, r, s) {
		t.Error("key/curve binding broken")
	}
}

// TestVerifySmallOrderKeys: on the cofactor-4 curves NewPublicKey refuses
// the points of order 2 and 4, under which the GOST verification equation
// is satisfiable without a private key (shown with the reference); keys
// outside the subgroup but not of small order (d·G + T) are accepted and
// Verify agrees with the reference.
func TestVerifySmallOrderKeys(t *testing.T) {
	for _, c := range testCurves(t) {
		if c.Cofactor == 1 {
			continue
		}
		torsion := smallOrderPoints(t, c)
		if len(torsion) != 3 {
			t.Fatalf("%s: %d points of order 2 or 4, want 3", c.Name, len(torsion))
		}
		for _, pt := range torsion {
			if _, err := c.curve.NewPublicKey(c.bytes(pt.x), c.bytes(pt.y)); err == nil || !strings.Contains(err.Error(), "small order") {
				t.Errorf("%s: key %v of small order: err = %v", c.Name, pt, err)
			}
			// A "signature" anyone can make for such a key: r = x(k·G) mod
			// q, and a digest with z2 = -r/e mod q ≡ 0 mod 4, s = k·e.
			k := c.randScalar(t)
			r := new(big.Int).Mod(c.mul(k, c.g).x, c.q)
			for {
				alpha := randBytes(t, c.size)
				e := c.digest(alpha)
				z2 := new(big.Int).ModInverse(e, c.q)
				z2.Mul(z2, r).Neg(z2).Mod(z2, c.q)
				if z2.Bit(0) != 0 || z2.Bit(1) != 0 {
					continue
				}
				s := new(big.Int).Mul(k, e)
				s.Mod(s, c.q)
				if !c.verify(pt, alpha, c.bytes(r), c.bytes(s)) {
					t.Errorf("%s: crafted signature for the key %v does not pass the reference", c.Name, pt)
				}
				break
			}
		}
		// d·G + T: a signature made with d verifies iff z2·T = ∞.
		accepted, rejected := 0, 0
		for i := 0; accepted == 0 || rejected == 0; i++ {
			if i == 64 {
				t.Fatalf("%s: mixed-order keys: %d accepted, %d rejected", c.Name, accepted, rejected)
			}
			d := c.randScalar(t)
			pt := c.add(c.mul(d, c.g), torsion[i%len(torsion)])
			pub, err := c.curve.NewPublicKey(c.bytes(pt.x), c.bytes(pt.y))
			if err != nil {
				t.Fatal(err)
			}
			alpha := randBytes(t, c.size)
			r, s := c.signRandom(t, d, alpha)
			got, want := c.curve.Verify(pub, alpha, r, s), c.verify(pt, alpha, r, s)
			if got != want {
				t.Fatalf("%s: key d·G + %v: Verify = %v, reference %v", c.Name, torsion[i%len(torsion)], got, want)
			}
			if got {
				accepted++
			} else {
				rejected++
			}
		}
	}
}

// smallOrderPoints returns the finite points of order dividing 4 (math/big).
func smallOrderPoints(t *testing.T, c *refCurve) []*bigPoint {
	var pts []*bigPoint
	for len(pts) < 3 {
		pt := c.mul(c.q, c.randPoint(t))
		if pt.inf() {
			continue
		}
		for _, p2 := range []*bigPoint{pt, c.add(pt, pt), c.neg(pt)} {
			if p2.inf() {
				continue
			}
			dup := false
			for _, o := range pts {
				dup = dup || o.equal(p2)
			}
			if !dup {
				pts = append(pts, p2)
			}
		}
		if len(pts) > 3 {
			t.Fatalf("%s: more than 3 points of small order", c.Name)
		}
	}
	return pts
}

func TestNewPublicKey(t *testing.T) {
	for _, c := range testCurves(t) {
		qp := c.mul(c.randScalar(t), c.g)
		x, y := c.bytes(qp.x), c.bytes(qp.y)
		if _, err := c.curve.NewPublicKey(x, y); err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		expect := func(what string, x, y []byte, msg string) {
			t.Helper()
			_, err := c.curve.NewPublicKey(x, y)
			if err == nil || !strings.Contains(err.Error(), msg) {
				t.Errorf("%s: %s: err = %v, want %q", c.Name, what, err, msg)
			}
		}
		yy := new(big.Int).Add(qp.y, big.NewInt(1))
		expect("off curve", x, c.bytes(yy.Mod(yy, c.p)), "not on the curve")
		expect("zero point", make([]byte, c.size), make([]byte, c.size), "not on the curve")
		expect("x = p", c.bytes(c.p), y, "x coordinate is not less than p")
		expect("y = p", x, c.bytes(c.p), "y coordinate is not less than p")
		// x + p, y + p represent the same point mod p but are out of range.
		if xp := new(big.Int).Add(qp.x, c.p); xp.BitLen() <= 8*c.size {
			expect("x + p", c.bytes(xp), y, "x coordinate is not less than p")
		}
		if yp := new(big.Int).Add(qp.y, c.p); yp.BitLen() <= 8*c.size {
			expect("y + p", x, c.bytes(yp), "y coordinate is not less than p")
		}
		ones := bytes.Repeat([]byte{0xff}, c.size)
		expect("x all ones", ones, y, "x coordinate is not less than p")
		expect("short x", x[1:], y, "bytes")
		expect("long y", x, append([]byte{0}, y...), "bytes")
		expect("empty", nil, nil, "bytes")
		// the negated point is on the curve too
		ny := new(big.Int).Sub(c.p, qp.y)
		if _, err := c.curve.NewPublicKey(x, c.bytes(ny)); err != nil {
			t.Errorf("%s: -Q rejected: %v", c.Name, err)
		}
	}
}

func TestNewCurveRejects(t *testing.T) {
	c := curveByName(t, "CryptoPro-A")
	one := big.NewInt(1)
	cases := []struct {
		name             string
		p, a, b, q, x, y *big.Int
	}{
		{"p not prime", new(big.Int).Add(c.p, big.NewInt(2)), c.a, c.b, c.q, c.g.x, c.g.y},
		{"p too small", big.NewInt(1000003), big.NewInt(1), big.NewInt(1), c.q, c.g.x, c.g.y},
		{"a = p", c.p, c.p, c.b, c.q, c.g.x, c.g.y},
		{"b negative", c.p, c.a, big.NewInt(-1), c.q, c.g.x, c.g.y},
		{"G off curve", c.p, c.a, c.b, c.q, c.g.x, new(big.Int).Add(c.g.y, one)},
		{"q not prime", c.p, c.a, c.b, new(big.Int).Add(c.q, big.NewInt(2)), c.g.x, c.g.y},
		{"q = 1", c.p, c.a, c.b, one, c.g.x, c.g.y},
		{"wrong order", c.p, c.a, c.b, curveByName(t, "CryptoPro-B").q, c.g.x, c.g.y},
		{"nil", c.p, nil, c.b, c.q, c.g.x, c.g.y},
	}
	for _, tc := range cases {
		if _, err := NewCurve(tc.p, tc.a, tc.b, tc.q, tc.x, tc.y); err == nil {
			t.Errorf("%s: accepted", tc.name)
		}
	}
}
