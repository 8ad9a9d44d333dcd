package ec

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"math/big"
	"os"
	"strings"
	"sync"
	"testing"
)

// bigField and testCurve are implemented by the generated adapters
// (adapters*_gen_test.go): a math/big view of the fixed-width code.
type bigField interface {
	bigOp(op string, x, y *big.Int) *big.Int
	modulus() *big.Int
}

type testCurve interface {
	field() bigField
	scalarBigField() bigField
	bigDouble(p *bigPoint) *bigPoint
	bigAdd(p, q *bigPoint, zScale *big.Int) *bigPoint
	bigAddMixed(p, q *bigPoint, neg bool) *bigPoint
	bigMulAdd(z1, z2 *big.Int, q *bigPoint) *bigPoint
	bigScalar(op string, x, y *big.Int) *big.Int
	bigCheckX(p *bigPoint, zScale, r *big.Int) bool
	wnafDigits(k *big.Int, w uint) []int8
}

// bigPoint is an affine point; x == nil is the point at infinity.
type bigPoint struct{ x, y *big.Int }

func (p *bigPoint) inf() bool { return p.x == nil }

func (p *bigPoint) equal(q *bigPoint) bool {
	if p.inf() || q.inf() {
		return p.inf() == q.inf()
	}
	return p.x.Cmp(q.x) == 0 && p.y.Cmp(q.y) == 0
}

func (p *bigPoint) String() string {
	if p.inf() {
		return "∞"
	}
	return "(" + p.x.Text(16) + ", " + p.y.Text(16) + ")"
}

func limbsToBig(z []uint64) *big.Int {
	b := make([]byte, 8*len(z))
	for i, w := range z {
		for j := 0; j < 8; j++ {
			b[len(b)-1-8*i-j] = byte(w >> (8 * j))
		}
	}
	return new(big.Int).SetBytes(b)
}

// refCurve is the math/big affine reference implementation.
type refCurve struct {
	Name, Source     string
	P, A, B, Q, X, Y string
	E, D, U, V       string
	Cofactor         int
	p, a, b, q       *big.Int
	g                *bigPoint
	size             int
	curve            *Curve
}

func hexInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("bad hex " + s)
	}
	return v
}

var (
	curvesOnce sync.Once
	curves     []*refCurve
	curvesErr  error
)

// testCurves loads testdata/curves.json and builds every curve.
func testCurves(t testing.TB) []*refCurve {
	curvesOnce.Do(func() {
		data, err := os.ReadFile("testdata/curves.json")
		if err != nil {
			curvesErr = err
			return
		}
		var doc struct{ Curves []*refCurve }
		if curvesErr = json.Unmarshal(data, &doc); curvesErr != nil {
			return
		}
		for _, c := range doc.Curves {
			c.p, c.a, c.b, c.q = hexInt(c.P), hexInt(c.A), hexInt(c.B), hexInt(c.Q)
			c.g = &bigPoint{hexInt(c.X), hexInt(c.Y)}
			c.curve, curvesErr = NewCurve(c.p, c.a, c.b, c.q, c.g.x, c.g.y)
			if curvesErr != nil {
				curvesErr = &curveErr{c.Name, curvesErr}
				return
			}
			c.size = c.curve.Size()
		}
		curves = doc.Curves
	})
	if curvesErr != nil {
		t.Fatal(curvesErr)
	}
	return curves
}

type curveErr struct {
	name string
	err  error
}

func (e *curveErr) Error() string { return e.name + ": " + e.err.Error() }

func curveByName(t testing.TB, name string) *refCurve {
	for _, c := range testCurves(t) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no curve %q", name)
	return nil
}

func (c *refCurve) impl() testCurve { return c.curve.impl.(testCurve) }

func (c *refCurve) mod(x *big.Int) *big.Int { return x.Mod(x, c.p) }

func (c *refCurve) onCurve(pt *bigPoint) bool {
	if pt.inf() {
		return true
	}
	l := new(big.Int).Mul(pt.y, pt.y)
	r := new(big.Int).Mul(pt.x, pt.x)
	r.Add(r, c.a).Mul(r, pt.x).Add(r, c.b)
	return c.mod(l.Sub(l, r)).Sign() == 0
}

func (c *refCurve) neg(pt *bigPoint) *bigPoint {
	if pt.inf() {
		return pt
	}
	return &bigPoint{new(big.Int).Set(pt.x), c.mod(new(big.Int).Neg(pt.y))}
}

func (c *refCurve) add(p1, p2 *bigPoint) *bigPoint {
	if p1.inf() {
		return p2
	}
	if p2.inf() {
		return p1
	}
	var l *big.Int
	if p1.x.Cmp(p2.x) == 0 {
		if new(big.Int).Add(p1.y, p2.y).Mod(new(big.Int).Add(p1.y, p2.y), c.p).Sign() == 0 {
			return &bigPoint{}
		}
		// tangent: (3x² + a) / 2y
		num := new(big.Int).Mul(p1.x, p1.x)
		num.Mul(num, big.NewInt(3)).Add(num, c.a)
		den := new(big.Int).Lsh(p1.y, 1)
		l = num.Mul(num, den.ModInverse(den.Mod(den, c.p), c.p))
	} else {
		num := new(big.Int).Sub(p2.y, p1.y)
		den := new(big.Int).Sub(p2.x, p1.x)
		l = num.Mul(num, den.ModInverse(den.Mod(den, c.p), c.p))
	}
	c.mod(l)
	x := new(big.Int).Mul(l, l)
	x.Sub(x, p1.x).Sub(x, p2.x)
	c.mod(x)
	y := new(big.Int).Sub(p1.x, x)
	y.Mul(y, l).Sub(y, p1.y)
	c.mod(y)
	return &bigPoint{x, y}
}

func (c *refCurve) mul(k *big.Int, pt *bigPoint) *bigPoint {
	r := &bigPoint{}
	for i := k.BitLen() - 1; i >= 0; i-- {
		r = c.add(r, r)
		if k.Bit(i) == 1 {
			r = c.add(r, pt)
		}
	}
	return r
}

func (c *refCurve) randScalar(t testing.TB) *big.Int {
	for {
		k, err := rand.Int(rand.Reader, c.q)
		if err != nil {
			t.Fatal(err)
		}
		if k.Sign() > 0 {
			return k
		}
	}
}

func (c *refCurve) randField(t testing.TB) *big.Int {
	k, err := rand.Int(rand.Reader, c.p)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func (c *refCurve) bytes(x *big.Int) []byte { return x.FillBytes(make([]byte, c.size)) }

// digest returns e = α mod q, 1 if 0 (RFC 7091 section 6.1 step 2).
func (c *refCurve) digest(alpha []byte) *big.Int {
	e := new(big.Int).SetBytes(alpha)
	e.Mod(e, c.q)
	if e.Sign() == 0 {
		e.SetInt64(1)
	}
	return e
}

// sign is GOST R 34.10 signing (RFC 7091 section 6.1) with nonce k.
func (c *refCurve) sign(d *big.Int, alpha []byte, k *big.Int) (r, s *big.Int) {
	e := c.digest(alpha)
	pt := c.mul(k, c.g)
	r = new(big.Int).Mod(pt.x, c.q)
	s = new(big.Int).Mul(r, d)
	s.Add(s, new(big.Int).Mul(k, e)).Mod(s, c.q)
	return r, s
}

// signRandom signs with random nonces until r, s ≠ 0.
func (c *refCurve) signRandom(t testing.TB, d *big.Int, alpha []byte) (r, s []byte) {
	for {
		rv, sv := c.sign(d, alpha, c.randScalar(t))
		if rv.Sign() != 0 && sv.Sign() != 0 {
			return c.bytes(rv), c.bytes(sv)
		}
	}
}

// verify is the reference GOST R 34.10 verification (RFC 7091 section 6.2).
func (c *refCurve) verify(pub *bigPoint, alpha, rb, sb []byte) bool {
	r, s := new(big.Int).SetBytes(rb), new(big.Int).SetBytes(sb)
	if len(rb) != c.size || len(sb) != c.size || r.Sign() <= 0 || s.Sign() <= 0 || r.Cmp(c.q) >= 0 || s.Cmp(c.q) >= 0 {
		return false
	}
	e := c.digest(alpha)
	v := new(big.Int).ModInverse(e, c.q)
	z1 := new(big.Int).Mul(s, v)
	z1.Mod(z1, c.q)
	z2 := new(big.Int).Mul(r, v)
	z2.Neg(z2).Mod(z2, c.q)
	pt := c.add(c.mul(z1, c.g), c.mul(z2, pub))
	if pt.inf() {
		return false
	}
	return new(big.Int).Mod(pt.x, c.q).Cmp(r) == 0
}

// smallOrder reports whether the finite point pt has an order dividing
// the cofactor (such keys are refused by NewPublicKey).
func (c *refCurve) smallOrder(pt *bigPoint) bool {
	return c.Cofactor > 1 && c.mul(big.NewInt(int64(c.Cofactor)), pt).inf()
}

// randPoint returns a random point of the whole curve group (any order).
func (c *refCurve) randPoint(t testing.TB) *bigPoint {
	for {
		x := c.randField(t)
		rhs := new(big.Int).Mul(x, x)
		rhs.Add(rhs, c.a).Mul(rhs, x).Add(rhs, c.b).Mod(rhs, c.p)
		y := new(big.Int).ModSqrt(rhs, c.p)
		if y != nil {
			return &bigPoint{x, y}
		}
	}
}

func mustHex(t testing.TB, s string) []byte {
	b, err := hex.DecodeString(strings.TrimPrefix(s, "0x"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func randBytes(t testing.TB, n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return b
}
