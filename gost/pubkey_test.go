package gost

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"testing"
)

// corpusSPKI returns the SubjectPublicKeyInfo of a corpus certificate.
func corpusSPKI(t *testing.T, name string) []byte {
	t.Helper()
	o, err := parseSignedObject(readFile(t, "../testdata/gost-corpus/"+name), "x509")
	if err != nil {
		t.Fatal(err)
	}
	return o.publicKey
}

func TestParsePublicKeyErrors(t *testing.T) {
	good := corpusSPKI(t, "vectors__rfc9215__256_test_paramset__cert.x509.der")
	key, err := ParsePublicKey(good)
	if err != nil {
		t.Fatalf("good key: %v", err)
	}
	x, y := key.X, key.Y
	oid2001Test := asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 0}
	offCurve := bytes.Clone(y)
	offCurve[len(offCurve)-1] ^= 1

	type check func(error) bool
	isKeyError := func(err error) bool { var k *KeyError; return errors.As(err, &k) }
	isUnsupported := func(err error) bool { var u *UnsupportedError; return errors.As(err, &u) }
	cases := []struct {
		name string
		spki []byte
		want check
	}{
		{"empty", nil, isKeyError},
		{"trailing data", append(bytes.Clone(good), 0), isKeyError},
		{"truncated", good[:len(good)-1], isKeyError},
		{"RSA algorithm", mutate(good, []byte{0x06, 0x08, 0x2a, 0x85, 0x03, 0x07, 0x01, 0x01, 0x01, 0x01}, []byte{0x06, 0x08, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01}), isUnsupported},
		{"unknown parameter set", buildSPKI(t, GOST2012_256, asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 9}, x, y), isUnsupported},
		{"512-bit parameter set on a 256-bit key", buildSPKI(t, GOST2012_256, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 1}, x, y), isKeyError},
		{"point not on curve", buildSPKI(t, GOST2012_256, oid2001Test, x, offCurve), isKeyError},
		{"short point", buildSPKI(t, GOST2012_256, oid2001Test, x[1:], y), isKeyError},
		{"x not below p", buildSPKI(t, GOST2012_256, oid2001Test, bytes.Repeat([]byte{0xff}, 32), y), isKeyError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k, err := ParsePublicKey(c.spki)
			if err == nil || k != nil {
				t.Fatalf("got key %v, err %v; want an error", k, err)
			}
			if !c.want(err) {
				t.Errorf("error %q (%T) is not of the expected type", err, err)
			}
		})
	}
}

// mutate replaces the first occurrence of old in b by new.
func mutate(b, old, new []byte) []byte {
	i := bytes.Index(b, old)
	if i < 0 {
		panic("mutate: pattern not found")
	}
	return append(append(append([]byte(nil), b[:i]...), new...), b[i+len(old):]...)
}

func TestSignatureHash(t *testing.T) {
	key, err := ParsePublicKey(corpusSPKI(t, "vectors__rfc9215__256_test_paramset__cert.x509.der"))
	if err != nil {
		t.Fatal(err)
	}
	null := asn1.RawValue{FullBytes: []byte{5, 0}}
	cases := []struct {
		alg     pkix.AlgorithmIdentifier
		wantErr bool
	}{
		{pkix.AlgorithmIdentifier{Algorithm: oidSigGOST2012256}, false},
		{pkix.AlgorithmIdentifier{Algorithm: oidSigGOST2012256, Parameters: null}, false},
		{pkix.AlgorithmIdentifier{Algorithm: oidKeyGOST2012256, Parameters: null}, false}, // CryptoPro CSP writes the key OID
		{pkix.AlgorithmIdentifier{Algorithm: oidSigGOST2012512}, true},
		{pkix.AlgorithmIdentifier{Algorithm: oidSigGOST2001}, true},
		{pkix.AlgorithmIdentifier{Algorithm: oidSigGOST2012256, Parameters: asn1.RawValue{FullBytes: []byte{2, 1, 0}}}, true},
		{pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}}, true},
	}
	for _, c := range cases {
		h, err := key.SignatureHash(c.alg)
		if (err != nil) != c.wantErr {
			t.Errorf("%v: hash %v, err %v; want error %v", c.alg.Algorithm, h, err, c.wantErr)
		}
		if err == nil && h != Streebog256 {
			t.Errorf("%v: hash %v, want Streebog256", c.alg.Algorithm, h)
		}
	}
}

func FuzzParsePublicKey(f *testing.F) {
	for _, name := range []string{
		"vectors__rfc9215__256_test_paramset__cert.x509.der",
		"vectors__rfc9215__512_test_paramset__cert.x509.der",
		"vectors__rfc9215__256a_paramset__cert.x509.der",
	} {
		o, err := parseSignedObject(readFile(f, "../testdata/gost-corpus/"+name), "x509")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(o.publicKey)
	}
	f.Fuzz(func(t *testing.T, spki []byte) {
		k, err := ParsePublicKey(spki)
		if (k == nil) == (err == nil) {
			t.Fatalf("key %v and error %v", k, err)
		}
	})
}

// FuzzVerify feeds arbitrary digests and signatures to real keys: no panic,
// and an error that is not ErrSignatureInvalid only for wrong lengths.
func FuzzVerify(f *testing.F) {
	var keys []*PublicKey
	for _, name := range []string{
		"vectors__rfc9215__256_test_paramset__cert.x509.der",
		"vectors__rfc9215__512_test_paramset__cert.x509.der",
		"vectors__rfc9215__256a_paramset__cert.x509.der",
	} {
		o, err := parseSignedObject(readFile(f, "../testdata/gost-corpus/"+name), "x509")
		if err != nil {
			f.Fatal(err)
		}
		k, err := ParsePublicKey(o.publicKey)
		if err != nil {
			f.Fatal(err)
		}
		keys = append(keys, k)
		h := k.Hash().New()
		h.Write(o.tbs)
		f.Add(uint8(len(keys)-1), h.Sum(nil), o.sig) // a valid signature
		f.Add(uint8(len(keys)-1), h.Sum(nil), make([]byte, len(o.sig)))
	}
	f.Fuzz(func(t *testing.T, which uint8, digest, sig []byte) {
		k := keys[int(which)%len(keys)]
		err := k.VerifyDigest(digest, sig)
		if err == nil {
			return // possible only for a real signature
		}
		if len(digest) == k.ParamSet.Curve.Size && len(sig) == 2*k.ParamSet.Curve.Size && !errors.Is(err, ErrSignatureInvalid) {
			t.Fatalf("well-sized input gave %v, want ErrSignatureInvalid", err)
		}
	})
}
