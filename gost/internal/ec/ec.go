package ec

//go:generate go run gen.go gen_curve.go gen_edwards.go gen_adapters.go gen_asm.go

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"sync/atomic"
)

// Window widths of the width-w NAF recodings in mulAdd: wG for the fixed
// base point (an affine table of 2^(wG-2) odd multiples built by NewCurve),
// wQ for the public key (a Jacobian table built per verification).
const (
	wG4 = 7
	wQ4 = 5
	wG8 = 8
	wQ8 = 5
)

// Window width of the affine key tables that PublicKey.Precompute builds
// (2·2^(wP-2) points: odd multiples of Q and of 2^(n/2)·Q).
const (
	wP4 = 7
	wP8 = 7
)

// The same for the curves computed on their Edwards form (edwards.go),
// whose additions are cheaper relative to doublings.
const (
	wGE4 = 7
	wQE4 = 5
	wGE8 = 8
	wQE8 = 5
)

// edwards512 selects the Edwards form for 512-bit curves too (TC26-512-C);
// otherwise such a curve runs on its a = -3 image.
const edwards512 = true

// Curve is a short Weierstrass curve y² = x³ + ax + b over GF(p) with base
// point G of prime order q. It is safe for concurrent use.
type Curve struct {
	size int
	impl curveImpl
}

// curveImpl is one of the generated curve<N><kind> types.
type curveImpl interface {
	newPublicKey(x, y []byte) (px, py [8]uint64, err error)
	verify(pub *PublicKey, e, r, s []byte) bool
	baseOrderOK() bool
	precompute(pub *PublicKey) *keyTable // nil: not supported
}

// PublicKey is a validated point on the curve (not infinity). It is safe
// for concurrent use.
type PublicKey struct {
	c    *Curve
	x, y [8]uint64                // field representation, the first Size()/8 limbs used
	pre  atomic.Pointer[keyTable] // set once by Precompute, immutable
}

var (
	errXRange     = errors.New("ec: public key x coordinate is not less than p")
	errYRange     = errors.New("ec: public key y coordinate is not less than p")
	errNotOnCurve = errors.New("ec: public key is not on the curve")
	errSmallOrder = errors.New("ec: public key is a point of small order")
)

// NewCurve validates the parameters and returns a curve using the fastest
// implementation for p. p must be a prime with 2^254 ≤ p < 2^256 or
// 2^510 ≤ p < 2^512 (the 512-bit test curve of GOST R 34.10-2012 has
// p < 2^511); 0 ≤ a, b < p with 4a³ + 27b² ≠ 0; q a prime with
// 2^(n-3) ≤ q < 2^n for n = 256 or 512 (GOST R 34.10-2012 section 5.2 asks
// for 2^(n-2) < q); G = (gx, gy) on the curve with q·G = ∞. The base point
// table is computed here.
func NewCurve(p, a, b, q, gx, gy *big.Int) (*Curve, error) {
	if p == nil || a == nil || b == nil || q == nil || gx == nil || gy == nil {
		return nil, errors.New("ec: nil curve parameter")
	}
	var size int
	switch p.BitLen() {
	case 255, 256:
		size = 32
	case 511, 512:
		size = 64
	default:
		return nil, fmt.Errorf("ec: p has %d bits, want 255-256 or 511-512", p.BitLen())
	}
	n := 8 * size
	// Baillie-PSW (ProbablyPrime(0)) has no known pseudoprime; extra
	// Miller-Rabin rounds would cost milliseconds per curve at start-up.
	if !p.ProbablyPrime(0) {
		return nil, errors.New("ec: p is not prime")
	}
	for _, v := range []struct {
		name string
		x    *big.Int
	}{{"a", a}, {"b", b}, {"base point x", gx}, {"base point y", gy}} {
		if v.x.Sign() < 0 || v.x.Cmp(p) >= 0 {
			return nil, fmt.Errorf("ec: %s is not in [0, p)", v.name)
		}
	}
	// 4a³ + 27b² ≠ 0 (mod p): the curve is not singular.
	d := new(big.Int).Exp(a, big.NewInt(3), p)
	d.Mul(d, big.NewInt(4))
	d.Add(d, new(big.Int).Mul(big.NewInt(27), new(big.Int).Mul(b, b)))
	if d.Mod(d, p).Sign() == 0 {
		return nil, errors.New("ec: singular curve (4a³ + 27b² = 0 mod p)")
	}
	if q.Cmp(big.NewInt(1)) <= 0 || q.BitLen() > n || q.BitLen() < n-2 {
		return nil, fmt.Errorf("ec: q must be in [2^%d, 2^%d)", n-3, n)
	}
	if !q.ProbablyPrime(0) {
		return nil, errors.New("ec: q is not prime")
	}
	// G on the curve (math/big; setup only).
	l := new(big.Int).Mul(gy, gy)
	r := new(big.Int).Mul(gx, gx)
	r.Add(r, a).Mul(r, gx).Add(r, b)
	if l.Sub(l, r).Mod(l, p).Sign() != 0 {
		return nil, errors.New("ec: base point is not on the curve")
	}

	c := &Curve{size: size}
	kind := pickKind(p, n)
	// Curves with a complete Edwards form (RFC 7836 appendix A) are
	// computed on it. Such a form needs a point of order 2, which exists
	// only when the cofactor h = #E/q is even; by Hasse #E ≤ p + 1 + 2√p,
	// so with 2q above that bound h = 1 and the search is skipped.
	hasse := new(big.Int).Sqrt(p)
	hasse.Lsh(hasse, 1).Add(hasse, p).Add(hasse, big.NewInt(3))
	cofactorOne := new(big.Int).Lsh(q, 1).Cmp(hasse) > 0
	if kind == kindPM && (n == 256 || edwards512) && !cofactorOne {
		if ed := findEdwards(p, a, b); ed != nil {
			if n == 256 {
				c.impl = newedwards4pm(p, a, b, q, gx, gy, ed)
			} else {
				c.impl = newedwards8pm(p, a, b, q, gx, gy, ed)
			}
			if !c.impl.baseOrderOK() {
				return nil, errors.New("ec: q·G is not the point at infinity")
			}
			return c, nil
		}
	}

	// Curves isomorphic to one with a = -3 (u⁴ = -3/a) use the faster
	// doubling formula on the image (x, y) → (u²x, u³y) (RFC 7836 appendix
	// A.2's TC26-512-C and the 512-bit test curve qualify).
	var u2, u3 *big.Int
	if u := isoToMinus3(p, a); u != nil {
		u2 = new(big.Int).Mul(u, u)
		u2.Mod(u2, p)
		u3 = new(big.Int).Mul(u2, u)
		u3.Mod(u3, p)
		a = new(big.Int).Sub(p, big.NewInt(3))
		b = new(big.Int).Mul(b, new(big.Int).Mul(u3, u3))
		b.Mod(b, p)
		gx = new(big.Int).Mul(gx, u2)
		gx.Mod(gx, p)
		gy = new(big.Int).Mul(gy, u3)
		gy.Mod(gy, p)
	}
	switch kind {
	case kindPM:
		if n == 256 {
			c.impl = newcurve4pm(p, a, b, q, gx, gy, u2, u3)
		} else {
			c.impl = newcurve8pm(p, a, b, q, gx, gy, u2, u3)
		}
	case kindPP:
		if n == 256 {
			c.impl = newcurve4pp(p, a, b, q, gx, gy, u2, u3)
		} else {
			c.impl = newcurve8pp(p, a, b, q, gx, gy, u2, u3)
		}
	default:
		if n == 256 {
			c.impl = newcurve4mont(p, a, b, q, gx, gy, u2, u3)
		} else {
			c.impl = newcurve8mont(p, a, b, q, gx, gy, u2, u3)
		}
	}
	if !c.impl.baseOrderOK() {
		return nil, errors.New("ec: q·G is not the point at infinity")
	}
	return c, nil
}

type fieldKind int

const (
	kindMont fieldKind = iota // any odd p
	kindPM                    // p = 2^n - c, 0 < c < 2^31
	kindPP                    // p = 2^(n-1) + c, 0 < c < 2^31
)

func pickKind(p *big.Int, n int) fieldKind {
	c := new(big.Int).Lsh(big.NewInt(1), uint(n))
	if c.Sub(c, p); c.Sign() > 0 && c.BitLen() <= 31 {
		return kindPM
	}
	c.Lsh(big.NewInt(1), uint(n-1))
	if c.Sub(p, c); c.Sign() > 0 && c.BitLen() <= 31 {
		return kindPP
	}
	return kindMont
}

// isoToMinus3 returns u with u⁴·a = -3 (mod p), or nil if there is none or
// a is already -3 or 0.
func isoToMinus3(p, a *big.Int) *big.Int {
	if a.Sign() == 0 || new(big.Int).Sub(p, a).Cmp(big.NewInt(3)) == 0 {
		return nil
	}
	t := new(big.Int).ModInverse(a, p)
	t.Mul(t, big.NewInt(-3)).Mod(t, p)
	s := new(big.Int).ModSqrt(t, p)
	if s == nil {
		return nil
	}
	for _, cand := range []*big.Int{s, new(big.Int).Sub(p, s)} {
		if u := new(big.Int).ModSqrt(cand, p); u != nil {
			return u
		}
	}
	return nil
}

// Size is the byte length of a coordinate or scalar: 32 or 64.
func (c *Curve) Size() int { return c.size }

// NewPublicKey checks that 0 ≤ x, y < p and that (x, y) is on the curve.
// x and y are big-endian, each exactly Size() bytes.
func (c *Curve) NewPublicKey(x, y []byte) (*PublicKey, error) {
	if len(x) != c.size || len(y) != c.size {
		return nil, fmt.Errorf("ec: public key coordinates must be %d bytes each, have %d and %d", c.size, len(x), len(y))
	}
	px, py, err := c.impl.newPublicKey(x, y)
	if err != nil {
		return nil, err
	}
	k := &PublicKey{c: c, x: px, y: py}
	if precomputeKeys {
		k.Precompute()
	}
	return k, nil
}

// Verify reports whether (r, s) is a valid GOST R 34.10 signature of the
// digest integer e under pub (RFC 7091 section 6.2). e is a big-endian
// integer of any length; it is reduced mod q and replaced by 1 if that is
// 0. r and s are big-endian, exactly Size() bytes each, and must be in
// [1, q-1]. pub must come from c.NewPublicKey. Verify never panics.
func (c *Curve) Verify(pub *PublicKey, e, r, s []byte) bool {
	if c == nil || pub == nil || pub.c != c {
		return false
	}
	return c.impl.verify(pub, e, r, s)
}

// setLimbs writes x (0 ≤ x < 2^(64·len(z))) as little-endian 64-bit limbs.
func setLimbs(z []uint64, x *big.Int) {
	buf := make([]byte, 8*len(z))
	x.FillBytes(buf)
	for i := range z {
		z[i] = binary.BigEndian.Uint64(buf[len(buf)-8*(i+1):])
	}
}

// montConsts returns -m⁻¹ mod 2^64 and writes R mod m and R² mod m for
// R = 2^(64·len(one)).
func montConsts(m *big.Int, one, rr []uint64) uint64 {
	r := new(big.Int).Lsh(big.NewInt(1), uint(64*len(one)))
	setLimbs(one, new(big.Int).Mod(r, m))
	setLimbs(rr, new(big.Int).Mod(new(big.Int).Mul(r, r), m))
	// Newton iteration for m⁻¹ mod 2^64.
	var low [1]uint64
	setLimbs(low[:], new(big.Int).And(m, new(big.Int).SetUint64(^uint64(0))))
	m0 := low[0]
	inv := m0 // correct to 3 bits for odd m0
	for i := 0; i < 5; i++ {
		inv *= 2 - m0*inv
	}
	return -inv
}
