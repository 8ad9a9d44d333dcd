package ec

import (
	"math/big"
	"testing"
)

// fuzzCurves are the curves FuzzVerify and FuzzNewPublicKey pick from:
// one per field kind and width.
var fuzzCurves = []string{"2001-test", "CryptoPro-A", "CryptoPro-C", "TC26-256-A", "TC26-512-B", "512-test"}

// FuzzVerify feeds arbitrary digests, signatures and keys to Verify. It
// must never panic, and its answer must equal the math/big reference's.
// The key is either raw coordinates (2·Size bytes, usually rejected by
// NewPublicKey) or derived from the bytes as k·G.
func FuzzVerify(f *testing.F) {
	for _, name := range fuzzCurves {
		c := curveByName(f, name)
		d := c.randScalar(f)
		alpha := randBytes(f, c.size)
		r, s := c.signRandom(f, d, alpha)
		f.Add(uint8(0), d.Bytes(), alpha, r, s)
	}
	f.Add(uint8(1), []byte{1}, []byte{}, make([]byte, 32), make([]byte, 32))
	f.Add(uint8(5), make([]byte, 128), []byte{0xff}, []byte{1}, []byte{2})
	f.Fuzz(func(t *testing.T, idx uint8, key, e, r, s []byte) {
		c := curveByName(t, fuzzCurves[int(idx)%len(fuzzCurves)])
		var pt *bigPoint
		if len(key) == 2*c.size {
			pt = &bigPoint{new(big.Int).SetBytes(key[:c.size]), new(big.Int).SetBytes(key[c.size:])}
		} else {
			k := new(big.Int).SetBytes(key)
			pt = c.mul(k.Mod(k, c.q), c.g)
			if pt.inf() {
				return
			}
		}
		pub, err := c.curve.NewPublicKey(c.bytesLax(pt.x), c.bytesLax(pt.y))
		wantKey := pt.x.Cmp(c.p) < 0 && pt.y.Cmp(c.p) < 0 && c.onCurve(pt) && !c.smallOrder(pt)
		if (err == nil) != wantKey {
			t.Fatalf("NewPublicKey(%v) error %v, want valid=%v", pt, err, wantKey)
		}
		if err != nil {
			return
		}
		got := c.curve.Verify(pub, e, r, s)
		if want := c.verify(pt, e, r, s); got != want {
			t.Fatalf("%s: Verify(e=%x, r=%x, s=%x) = %v, reference %v", c.Name, e, r, s, got, want)
		}
	})
}

// bytesLax is bytes for values that may not fit (they are truncated, which
// the fuzzer is welcome to explore).
func (c *refCurve) bytesLax(x *big.Int) []byte {
	b := x.Bytes()
	if len(b) > c.size {
		return b[len(b)-c.size:]
	}
	return c.bytes(x)
}

// FuzzNewPublicKey: never panics; accepts exactly the on-curve points with
// coordinates in [0, p) and correct lengths that are not of small order.
func FuzzNewPublicKey(f *testing.F) {
	for _, name := range fuzzCurves {
		c := curveByName(f, name)
		pt := c.mul(c.randScalar(f), c.g)
		f.Add(uint8(0), c.bytes(pt.x), c.bytes(pt.y))
		f.Add(uint8(0), c.bytes(c.p), c.bytes(pt.y))
	}
	f.Add(uint8(3), []byte{}, []byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, idx uint8, x, y []byte) {
		c := curveByName(t, fuzzCurves[int(idx)%len(fuzzCurves)])
		pub, err := c.curve.NewPublicKey(x, y)
		pt := &bigPoint{new(big.Int).SetBytes(x), new(big.Int).SetBytes(y)}
		want := len(x) == c.size && len(y) == c.size && pt.x.Cmp(c.p) < 0 && pt.y.Cmp(c.p) < 0 && c.onCurve(pt) && !c.smallOrder(pt)
		if (err == nil) != want {
			t.Fatalf("%s: NewPublicKey(%x, %x) error %v, want valid=%v", c.Name, x, y, err, want)
		}
		if err == nil && pub == nil {
			t.Fatal("nil key without error")
		}
	})
}
