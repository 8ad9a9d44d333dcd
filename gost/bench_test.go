package gost

import (
	"encoding/json"
	"testing"
)

// BenchmarkVerify measures PublicKey.VerifyDigest, the whole public path
// (digest byte order, range checks, double-scalar multiplication), on the
// OpenSSL-made key of every parameter-set combination, and on the 512-bit
// test curve with the standard's example.
func BenchmarkVerify(b *testing.B) {
	for _, name := range opensslCombinations {
		var fx opensslFixture
		if err := json.Unmarshal(readFile(b, "../testdata/gost/"+name+".json"), &fx); err != nil {
			b.Fatal(err)
		}
		key, err := ParsePublicKey(unhex(b, fx.SPKIDERHex))
		if err != nil {
			b.Fatal(err)
		}
		s := fx.Signatures[0]
		benchmarkVerify(b, name, key, unhex(b, s.DigestHex), unhex(b, s.SignatureHex))
	}
	v := signatureAnswers[1]
	ps, _ := ParamSetByOID(v.paramSet)
	key, err := NewPublicKey(v.alg, ps, unhex(b, v.x), unhex(b, v.y))
	if err != nil {
		b.Fatal(err)
	}
	benchmarkVerify(b, "2012-512-test", key, reversed(unhex(b, v.alpha)), append(unhex(b, v.s), unhex(b, v.r)...))
}

func benchmarkVerify(b *testing.B, name string, key *PublicKey, digest, sig []byte) {
	b.Run(name, func(b *testing.B) {
		if err := key.VerifyDigest(digest, sig); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			key.VerifyDigest(digest, sig)
		}
	})
}

// BenchmarkHash measures the hashes through the public Hash.New, 8 KiB at
// a time.
func BenchmarkHash(b *testing.B) {
	buf := make([]byte, 8<<10)
	for _, h := range []Hash{Streebog256, Streebog512, GOST94CryptoPro} {
		b.Run(h.String(), func(b *testing.B) {
			d := h.New()
			b.SetBytes(int64(len(buf)))
			b.ReportAllocs()
			for b.Loop() {
				d.Write(buf)
			}
		})
	}
}

// BenchmarkCurveSetup measures what the first verification on a curve
// pays once per process: parameter validation and precomputed tables.
func BenchmarkCurveSetup(b *testing.B) {
	for _, c := range []*Curve{curveCryptoProA, curveCryptoProC, curveTC26256A, curveTC26512A, curveTC26512C} {
		b.Run(c.Name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				fresh := &Curve{Name: c.Name, Size: c.Size, p: c.p, a: c.a, b: c.b, q: c.q, x: c.x, y: c.y}
				if _, err := fresh.ec(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
