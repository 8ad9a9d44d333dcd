package ec

import (
	"math/big"
	"sync"
	"testing"
)

func BenchmarkVerify(b *testing.B) {
	for _, c := range testCurves(b) {
		in := newSignedInput(b, c)
		pub, alpha, r, s := in.pub, in.alpha, in.r, in.s
		b.Run(c.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if !c.curve.Verify(pub, alpha, r, s) {
					b.Fatal("rejected")
				}
			}
		})
	}
}

func BenchmarkNewCurve(b *testing.B) {
	for _, name := range []string{"CryptoPro-A", "512-test"} {
		c := curveByName(b, name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := NewCurve(c.p, c.a, c.b, c.q, c.g.x, c.g.y); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkField measures one multiplication / squaring per field kind.
func BenchmarkField(b *testing.B) {
	for _, name := range []string{"CryptoPro-A", "CryptoPro-B", "CryptoPro-C", "TC26-512-A", "TC26-512-B", "512-test"} {
		c := curveByName(b, name)
		x, y := c.randField(b), c.randField(b)
		switch impl := c.curve.impl.(type) {
		case *curve4pm:
			benchField4(b, name, &impl.f, x, y)
		case *curve4pp:
			benchField4(b, name, &impl.f, x, y)
		case *curve4mont:
			benchField4(b, name, &impl.f, x, y)
		case *curve8pm:
			benchField8(b, name, &impl.f, x, y)
		case *curve8pp:
			benchField8(b, name, &impl.f, x, y)
		case *curve8mont:
			benchField8(b, name, &impl.f, x, y)
		}
	}
}

type field4 interface {
	mul(z, x, y *fe4)
	sqr(z, x *fe4)
}

type field8 interface {
	mul(z, x, y *fe8)
	sqr(z, x *fe8)
}

// The interface call adds a few ns; the generated code calls the concrete
// methods directly.
func benchField4[F field4](b *testing.B, name string, f F, xb, yb *big.Int) {
	var x, y fe4
	setLimbs(x[:], xb)
	setLimbs(y[:], yb)
	b.Run("mul/"+name, func(b *testing.B) {
		for b.Loop() {
			f.mul(&x, &x, &y)
		}
	})
	b.Run("sqr/"+name, func(b *testing.B) {
		for b.Loop() {
			f.sqr(&x, &x)
		}
	})
}

func benchField8[F field8](b *testing.B, name string, f F, xb, yb *big.Int) {
	var x, y fe8
	setLimbs(x[:], xb)
	setLimbs(y[:], yb)
	b.Run("mul/"+name, func(b *testing.B) {
		for b.Loop() {
			f.mul(&x, &x, &y)
		}
	})
	b.Run("sqr/"+name, func(b *testing.B) {
		for b.Loop() {
			f.sqr(&x, &x)
		}
	})
}

func BenchmarkScalarInverse(b *testing.B) {
	for _, name := range []string{"CryptoPro-A", "TC26-512-A"} {
		c := curveByName(b, name)
		x := c.randScalar(b)
		impl := c.impl()
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				impl.bigScalar("inv", x, x)
			}
		})
		b.Run(name+"/math-big", func(b *testing.B) {
			z := new(big.Int)
			for b.Loop() {
				z.ModInverse(x, c.q)
			}
		})
	}
}

// variedN is the number of distinct (key, digest, signature) triples that
// BenchmarkVerifyVaried cycles through: with one fixed input the branch
// predictor learns the data-dependent branches and the figure flatters.
const variedN = 64

type variedInput struct {
	pub         *PublicKey
	alpha, r, s []byte
}

// newSignedInput makes a random key and a valid signature of a random
// digest with it.
func newSignedInput(b *testing.B, c *refCurve) variedInput {
	d := c.randScalar(b)
	qp := c.mul(d, c.g)
	pub, err := c.curve.NewPublicKey(c.bytes(qp.x), c.bytes(qp.y))
	if err != nil {
		b.Fatal(err)
	}
	alpha := randBytes(b, c.size)
	r, s := c.signRandom(b, d, alpha)
	return variedInput{pub, alpha, r, s}
}

var (
	variedMu    sync.Mutex
	variedCache = map[string][]variedInput{}
)

// variedInputs returns variedN valid signatures under distinct keys on c,
// made once per process by the math/big reference signer.
func variedInputs(b *testing.B, c *refCurve) []variedInput {
	variedMu.Lock()
	defer variedMu.Unlock()
	if in, ok := variedCache[c.Name]; ok {
		return in
	}
	in := make([]variedInput, variedN)
	for i := range in {
		in[i] = newSignedInput(b, c)
	}
	variedCache[c.Name] = in
	return in
}

// BenchmarkVerifyVaried verifies variedN distinct valid signatures in turn.
func BenchmarkVerifyVaried(b *testing.B) { benchVerifyVaried(b, false) }

// BenchmarkVerifyPrecomputed is BenchmarkVerifyVaried with every key
// precomputed (PublicKey.Precompute).
func BenchmarkVerifyPrecomputed(b *testing.B) { benchVerifyVaried(b, true) }

func benchVerifyVaried(b *testing.B, precompute bool) {
	for _, c := range testCurves(b) {
		in := variedInputs(b, c)
		keys := make([]*PublicKey, len(in))
		for i, v := range in {
			keys[i] = v.pub
			if precompute { // a copy: the shared inputs stay as they are
				keys[i] = &PublicKey{c: v.pub.c, x: v.pub.x, y: v.pub.y}
				keys[i].Precompute()
			}
		}
		b.Run(c.Name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				v := &in[i%variedN]
				if !c.curve.Verify(keys[i%variedN], v.alpha, v.r, v.s) {
					b.Fatal("rejected")
				}
				i++
			}
		})
	}
}

// BenchmarkPrecompute measures PublicKey.Precompute on a fresh key (the
// per-curve table of 2^(n/2)·G is already built).
func BenchmarkPrecompute(b *testing.B) {
	for _, c := range testCurves(b) {
		in := variedInputs(b, c)
		b.Run(c.Name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				v := in[i%variedN].pub
				k := &PublicKey{c: v.c, x: v.x, y: v.y}
				k.Precompute()
				i++
			}
		})
	}
}
