package gost

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"testing"
)

// buildSPKI encodes a GOST SubjectPublicKeyInfo (RFC 9215 section 3) for
// the big-endian coordinates x and y.
func buildSPKI(t testing.TB, alg KeyAlgorithm, paramSet asn1.ObjectIdentifier, x, y []byte) []byte {
	t.Helper()
	point := append(reversed(x), reversed(y)...)
	octets, err := asn1.Marshal(point)
	if err != nil {
		t.Fatal(err)
	}
	params, err := asn1.Marshal(struct{ PS asn1.ObjectIdentifier }{paramSet})
	if err != nil {
		t.Fatal(err)
	}
	spki, err := asn1.Marshal(struct {
		Alg struct {
			OID    asn1.ObjectIdentifier
			Params asn1.RawValue
		}
		Key asn1.BitString
	}{
		Alg: struct {
			OID    asn1.ObjectIdentifier
			Params asn1.RawValue
		}{alg.OID(), asn1.RawValue{FullBytes: params}},
		Key: asn1.BitString{Bytes: octets, BitLength: 8 * len(octets)},
	})
	if err != nil {
		t.Fatal(err)
	}
	return spki
}

func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// leftPad returns b as an n-byte big-endian integer.
func leftPad(b []byte, n int) []byte {
	return new(big.Int).SetBytes(b).FillBytes(make([]byte, n))
}

// TestStandardSignatureExamples verifies the two examples of GOST R
// 34.10-2012 appendix A (RFC 7091 section 7) through the public API, and
// checks that params.go holds the same test-curve constants.
func TestStandardSignatureExamples(t *testing.T) {
	var file struct {
		Examples []map[string]string
	}
	data, err := os.ReadFile("../testdata/vectors/gost34102012_signature_examples.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Examples) != 2 {
		t.Fatalf("want 2 examples, have %d", len(file.Examples))
	}
	cases := []struct {
		alg   KeyAlgorithm
		oid   asn1.ObjectIdentifier
		curve *Curve
	}{
		{GOST2012_256, asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 0}, curve2001Test},
		{GOST2012_512, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 0}, curve512Test},
	}
	for i, c := range cases {
		ex := file.Examples[i]
		t.Run(c.curve.Name, func(t *testing.T) {
			for field, have := range map[string]string{"p": c.curve.p, "a": c.curve.a, "b": c.curve.b, "q": c.curve.q, "Px": c.curve.x, "Py": c.curve.y} {
				want, _ := new(big.Int).SetString(ex[field], 16)
				got, _ := new(big.Int).SetString(have, 16)
				if want.Cmp(got) != 0 {
					t.Errorf("params.go %s.%s = %s, standard says %s", c.curve.Name, field, have, ex[field])
				}
			}
			n := c.curve.Size
			key, err := ParsePublicKey(buildSPKI(t, c.alg, c.oid, leftPad(unhex(t, ex["Qx"]), n), leftPad(unhex(t, ex["Qy"]), n)))
			if err != nil {
				t.Fatal(err)
			}
			digest := reversed(leftPad(unhex(t, ex["alpha_digest"]), n))
			sig := append(leftPad(unhex(t, ex["s"]), n), leftPad(unhex(t, ex["r"]), n)...)
			if err := key.VerifyDigest(digest, sig); err != nil {
				t.Fatalf("standard example does not verify: %v", err)
			}
			for _, bit := range []int{0, 7, 8*n - 1, 8 * n, 16*n - 1} {
				bad := bytes.Clone(sig)
				bad[bit/8] ^= 1 << (bit % 8)
				if err := key.VerifyDigest(digest, bad); !errors.Is(err, ErrSignatureInvalid) {
					t.Errorf("signature bit %d flipped: got %v, want ErrSignatureInvalid", bit, err)
				}
			}
			badDigest := bytes.Clone(digest)
			badDigest[0] ^= 1
			if err := key.VerifyDigest(badDigest, sig); !errors.Is(err, ErrSignatureInvalid) {
				t.Errorf("digest changed: got %v, want ErrSignatureInvalid", err)
			}
		})
	}
}
