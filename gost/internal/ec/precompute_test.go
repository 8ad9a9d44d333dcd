package ec

import (
	"bytes"
	"math/big"
	"sync"
	"testing"
)

// preCurve is implemented by the adapters of the curves with a
// precomputed path (the short Weierstrass ones).
type preCurve interface {
	bigMulAddPre(z1, z2 *big.Int, q *bigPoint) (*bigPoint, bool)
}

// edgeScalars returns scalars around q, 2^h (h = half the bit size) and
// with long runs of ones and zeros, the values where the split wNAF
// recodings carry across the halves.
func edgeScalars(c *refCurve) []*big.Int {
	n := uint(8 * c.size)
	h := n / 2
	one := big.NewInt(1)
	pow := func(k uint) *big.Int { return new(big.Int).Lsh(one, k) }
	sub := func(x *big.Int, k int64) *big.Int { return new(big.Int).Sub(x, big.NewInt(k)) }
	add := func(x *big.Int, k int64) *big.Int { return new(big.Int).Add(x, big.NewInt(k)) }
	ones := func(from, to uint) *big.Int { // bits [from, to) set
		return new(big.Int).Sub(pow(to), pow(from))
	}
	pattern := func(b byte) *big.Int { return new(big.Int).SetBytes(bytes.Repeat([]byte{b}, c.size)) }
	return []*big.Int{
		big.NewInt(0), one, big.NewInt(2), big.NewInt(3),
		sub(c.q, 1), new(big.Int).Set(c.q), sub(c.q, 2),
		sub(pow(h), 1), pow(h), add(pow(h), 1), sub(pow(h+1), 1),
		ones(h-7, h+7), ones(h, n-1), ones(1, h), ones(h-1, h+1),
		add(ones(h, n-2), 1), sub(pow(n), 1),
		pattern(0x55), pattern(0xaa), pattern(0x0f),
	}
}

// TestMulAddPre compares mulAddPre with mulAdd (and both with the
// reference on a sample) for edge scalars and keys equal to ±G, 2G,
// 2^h·G and a random point.
func TestMulAddPre(t *testing.T) {
	for _, c := range testCurves(t) {
		impl, ok := c.impl().(preCurve)
		if !ok {
			continue
		}
		plain := c.impl()
		h := uint(4 * c.size)
		keys := []*bigPoint{
			c.g, c.neg(c.g), c.add(c.g, c.g),
			c.mul(new(big.Int).Lsh(big.NewInt(1), h), c.g),
			c.neg(c.mul(new(big.Int).Lsh(big.NewInt(3), h), c.g)),
			c.mul(c.randScalar(t), c.g),
		}
		scalars := edgeScalars(c)
		if !testing.Short() {
			for i := 0; i < 4; i++ {
				scalars = append(scalars, c.randScalar(t))
			}
		}
		for ki, q := range keys {
			for i, z1 := range scalars {
				for j, z2 := range scalars {
					got, ok := impl.bigMulAddPre(z1, z2, q)
					if !ok {
						t.Fatalf("%s: no split table for key %d", c.Name, ki)
					}
					want := plain.bigMulAdd(z1, z2, q)
					if !got.equal(want) {
						t.Fatalf("%s: key %d: mulAddPre(%x, %x) = %v, mulAdd %v", c.Name, ki, z1, z2, got, want)
					}
					if (i*len(scalars)+j)%97 == ki {
						ref := c.add(c.mul(z1, c.g), c.mul(z2, q))
						if !got.equal(ref) {
							t.Fatalf("%s: key %d: mulAddPre(%x, %x) = %v, reference %v", c.Name, ki, z1, z2, got, ref)
						}
					}
				}
			}
		}
		// [q-k]G + [k]G = ∞ and [k]G + [k]G with G as the key.
		for i := 0; i < 4; i++ {
			k := c.randScalar(t)
			qk := new(big.Int).Sub(c.q, k)
			if got, _ := impl.bigMulAddPre(qk, k, c.g); !got.inf() {
				t.Errorf("%s: [q-k]G + [k]G = %v by mulAddPre", c.Name, got)
			}
			got, _ := impl.bigMulAddPre(k, k, c.g)
			if want := plain.bigMulAdd(k, k, c.g); !got.equal(want) {
				t.Errorf("%s: [k]G + [k]G = %v by mulAddPre, %v by mulAdd", c.Name, got, want)
			}
		}
	}
}

// precomputed returns a second, precomputed key for the point of pub.
func precomputed(t testing.TB, c *refCurve, x, y *big.Int) (plain, pre *PublicKey) {
	plain, err := c.curve.NewPublicKey(c.bytes(x), c.bytes(y))
	if err != nil {
		t.Fatal(err)
	}
	pre, err = c.curve.NewPublicKey(c.bytes(x), c.bytes(y))
	if err != nil {
		t.Fatal(err)
	}
	pre.Precompute()
	_, weier := c.impl().(preCurve)
	if (pre.pre.Load() != nil) != weier {
		t.Fatalf("%s: Precompute stored a table: %v, want %v", c.Name, pre.pre.Load() != nil, weier)
	}
	return plain, pre
}

// TestVerifyPrecomputed: Verify answers the same with and without
// Precompute, for valid and invalid signatures, keys ±G, and signatures
// with e = 1 whose z1 = s and z2 = q - r are edge scalars.
func TestVerifyPrecomputed(t *testing.T) {
	rounds := 8
	if testing.Short() {
		rounds = 2
	}
	for _, c := range testCurves(t) {
		same := func(what string, plain, pre *PublicKey, alpha, r, s []byte, want int) {
			t.Helper()
			a, b := c.curve.Verify(plain, alpha, r, s), c.curve.Verify(pre, alpha, r, s)
			if a != b {
				t.Fatalf("%s: %s: Verify = %v, with Precompute %v (alpha=%x r=%x s=%x)", c.Name, what, a, b, alpha, r, s)
			}
			if want >= 0 && a != (want == 1) {
				t.Fatalf("%s: %s: Verify = %v, want %v", c.Name, what, a, want == 1)
			}
		}
		for i := 0; i < rounds; i++ {
			d := c.randScalar(t)
			qp := c.mul(d, c.g)
			plain, pre := precomputed(t, c, qp.x, qp.y)
			alpha := randBytes(t, c.size)
			r, s := c.signRandom(t, d, alpha)
			same("valid", plain, pre, alpha, r, s, 1)
			for j := 0; j < 8; j++ {
				bit := int(randBytes(t, 2)[0]) + 256*j
				same("flipped r", plain, pre, alpha, flipBit(r, bit), s, 0)
				same("flipped s", plain, pre, alpha, r, flipBit(s, bit), 0)
				same("flipped e", plain, pre, flipBit(alpha, bit), r, s, -1)
			}
			same("e ≡ 0", plain, pre, c.q.FillBytes(make([]byte, c.size)), r, s, -1)
		}
		// Keys ±G: with d = ±1 a signature is easy to make.
		for _, sign := range []int64{1, -1} {
			d := new(big.Int).Mod(big.NewInt(sign), c.q)
			qp := c.mul(d, c.g)
			plain, pre := precomputed(t, c, qp.x, qp.y)
			alpha := randBytes(t, c.size)
			r, s := c.signRandom(t, d, alpha)
			same("key ±G", plain, pre, alpha, r, s, 1)
			same("key ±G, wrong s", plain, pre, alpha, r, flipBit(s, 3), 0)
		}
		// e = 1: z1 = s, z2 = q - r.
		qp := c.mul(c.randScalar(t), c.g)
		plain, pre := precomputed(t, c, qp.x, qp.y)
		one := []byte{1}
		var edges [][]byte
		for _, v := range edgeScalars(c) {
			if v.Sign() > 0 && v.Cmp(c.q) < 0 {
				edges = append(edges, c.bytes(v))
			}
		}
		for _, r := range edges {
			for _, s := range edges {
				same("edge z1, z2", plain, pre, one, r, s, -1)
			}
		}
		// And a valid signature with e = 1.
		d := c.randScalar(t)
		qp = c.mul(d, c.g)
		plain, pre = precomputed(t, c, qp.x, qp.y)
		r, s := c.signRandom(t, d, one)
		same("valid, e = 1", plain, pre, one, r, s, 1)
	}
}

// TestPrecomputeConcurrent runs Precompute and Verify on one key from
// several goroutines (for the race detector) and checks idempotence.
func TestPrecomputeConcurrent(t *testing.T) {
	for _, name := range []string{"CryptoPro-A", "TC26-512-B", "TC26-256-A"} {
		c := curveByName(t, name)
		d := c.randScalar(t)
		qp := c.mul(d, c.g)
		pub, err := c.curve.NewPublicKey(c.bytes(qp.x), c.bytes(qp.y))
		if err != nil {
			t.Fatal(err)
		}
		alpha := randBytes(t, c.size)
		r, s := c.signRandom(t, d, alpha)
		var wg sync.WaitGroup
		for g := 0; g < 4; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 20; i++ {
					if i == g {
						pub.Precompute()
					}
					if !c.curve.Verify(pub, alpha, r, s) {
						t.Errorf("%s: rejected", name)
						return
					}
				}
			}()
		}
		wg.Wait()
		tab := pub.pre.Load()
		pub.Precompute()
		if pub.pre.Load() != tab {
			t.Errorf("%s: second Precompute replaced the table", name)
		}
	}
	var nilKey *PublicKey
	nilKey.Precompute() // no panic
}

// TestWithPrecomputedKeys runs the Verify tests again with every key
// precomputed by NewPublicKey.
func TestWithPrecomputedKeys(t *testing.T) {
	precomputeKeys = true
	defer func() { precomputeKeys = false }()
	t.Run("AppendixExamples", TestAppendixExamples)
	t.Run("VerifyRandom", TestVerifyRandom)
	t.Run("VerifyKeyFromOtherCurve", TestVerifyKeyFromOtherCurve)
	t.Run("VerifySmallOrderKeys", TestVerifySmallOrderKeys)
	t.Run("NewPublicKey", TestNewPublicKey)
}

// FuzzVerifyPrecomputed: Verify gives the same answer with and without
// Precompute on arbitrary digests and signatures under keys k·G.
func FuzzVerifyPrecomputed(f *testing.F) {
	for _, name := range fuzzCurves {
		c := curveByName(f, name)
		d := c.randScalar(f)
		alpha := randBytes(f, c.size)
		r, s := c.signRandom(f, d, alpha)
		f.Add(uint8(0), d.Bytes(), alpha, r, s)
	}
	f.Add(uint8(1), []byte{1}, []byte{1}, make([]byte, 32), make([]byte, 32))
	f.Add(uint8(4), []byte{0xff, 0xff}, []byte{}, bytes.Repeat([]byte{0xff}, 64), bytes.Repeat([]byte{0x80}, 64))
	f.Fuzz(func(t *testing.T, idx uint8, key, e, r, s []byte) {
		c := curveByName(t, fuzzCurves[int(idx)%len(fuzzCurves)])
		k := new(big.Int).SetBytes(key)
		pt := c.mul(k.Mod(k, c.q), c.g)
		if pt.inf() {
			return
		}
		plain, pre := precomputed(t, c, pt.x, pt.y)
		if a, b := c.curve.Verify(plain, e, r, s), c.curve.Verify(pre, e, r, s); a != b {
			t.Fatalf("%s: Verify(e=%x, r=%x, s=%x) = %v, with Precompute %v", c.Name, e, r, s, a, b)
		}
	})
}
