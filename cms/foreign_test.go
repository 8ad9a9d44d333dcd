package cms

import (
	"bytes"
	"crypto"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gostverify/gostverify/gost"
)

// readForeign reads a fixture of cms/testdata (gen.sh there).
func readForeign(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// signerReason is the Reason of err, 0 for nil; it fails t on an error
// that is not a *SignerError.
func signerReason(t *testing.T, err error) Reason {
	t.Helper()
	if err == nil {
		return 0
	}
	var se *SignerError
	if !errors.As(err, &se) {
		t.Fatalf("%v is not a *SignerError", err)
	}
	return se.Reason
}

// TestForeignSigners: RSA and ECDSA signatures made by openssl cms -sign
// verify, and tampered ones fail with the reason that says why.
func TestForeignSigners(t *testing.T) {
	cases := []struct {
		sig, doc string // doc "" for attached content
		want     Reason
		hash     crypto.Hash // when want is 0
	}{
		{"rsa_sha256.p7s", "doc.txt", 0, crypto.SHA256},
		{"rsa_sha512_noattr.p7s", "doc.txt", 0, crypto.SHA512},
		{"rsa_pss_sha384.p7s", "doc.txt", 0, crypto.SHA384},
		{"p256_sha256.p7s", "doc.txt", 0, crypto.SHA256},
		{"p256_sha512.p7s", "doc.txt", 0, crypto.SHA512},
		{"p384_sha384_attached.p7s", "", 0, crypto.SHA384},
		{"rsa_sha256.p7s", "tampered.txt", DigestMismatch, 0},
		{"p256_sha256.p7s", "tampered.txt", DigestMismatch, 0},
		{"rsa_sha256_badsig.p7s", "doc.txt", SignatureInvalid, 0},
		{"p256_sha256_badsig.p7s", "doc.txt", SignatureInvalid, 0},
		{"rsa_sha1.p7s", "doc.txt", UnsupportedAlgorithm, 0},
	}
	for _, c := range cases {
		t.Run(c.sig+"/"+c.doc, func(t *testing.T) {
			sd, err := Parse(readForeign(t, c.sig))
			if err != nil {
				t.Fatal(err)
			}
			var res []*SignerResult
			if c.doc == "" {
				res, err = sd.Verify(nil, Options{})
			} else {
				res, err = sd.Verify(bytes.NewReader(readForeign(t, c.doc)), Options{})
			}
			if err != nil {
				t.Fatal(err)
			}
			r := res[0]
			if got := signerReason(t, r.Err); got != c.want {
				t.Fatalf("reason %v (%v), want %v", got, r.Err, c.want)
			}
			if c.want == 0 && (r.ForeignHash() != c.hash || r.Hash != 0 || r.Key != nil || r.Certificate == nil) {
				t.Errorf("ForeignHash %v, Hash %v, Key %v, want %v, 0, nil", r.ForeignHash(), r.Hash, r.Key, c.hash)
			}
			if c.want == 0 && c.hash != crypto.SHA512 && len(r.UnknownAttributes) > 1 {
				t.Errorf("unknown attributes %v", r.UnknownAttributes) // smimeCapabilities only
			}
		})
	}
}

// TestForeignSHA1Refused: SHA-1 is refused as an algorithm not
// implemented (a *gost.UnsupportedError, what package verify reads as
// such), not as a malformed signer.
func TestForeignSHA1Refused(t *testing.T) {
	sd, err := Parse(readForeign(t, "rsa_sha1.p7s"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sd.Verify(bytes.NewReader(readForeign(t, "doc.txt")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var unsupported *gost.UnsupportedError
	if !errors.As(res[0].Err, &unsupported) || !errors.Is(res[0].Err, errSHA1) {
		t.Errorf("%v, want a *gost.UnsupportedError saying SHA-1 is refused", res[0].Err)
	}
}

// TestForeignDetachedNeedsContent: a caller's GOST digests do not stand
// for an RSA signer's SHA-2 digest.
func TestForeignDetachedNeedsContent(t *testing.T) {
	sd, err := Parse(readForeign(t, "rsa_sha256.p7s"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sd.Verify(nil, Options{Digests: map[gost.Hash][]byte{gost.Streebog256: make([]byte, 32)}}); err == nil {
		t.Error("no error without the content")
	}
}

var (
	null          = asn1.RawValue{FullBytes: []byte{5, 0}}
	integerParams = asn1.RawValue{FullBytes: []byte{2, 1, 0}}
)

func alg(oid asn1.ObjectIdentifier, params asn1.RawValue) pkix.AlgorithmIdentifier {
	return pkix.AlgorithmIdentifier{Algorithm: oid, Parameters: params}
}

// pss is RSASSA-PSS-params with the given fields, nil ones left out.
func pss(hash, mgf, salt, trailer []byte) asn1.RawValue {
	var fields [][]byte
	for i, f := range [][]byte{hash, mgf, salt, trailer} {
		if f != nil {
			fields = append(fields, enc.ctx(uint8(i), f))
		}
	}
	return asn1.RawValue{FullBytes: enc.seq(fields...)}
}

func hashAlg(oid asn1.ObjectIdentifier) []byte { return enc.seq(enc.oid(oid), null.FullBytes) }
func mgf1(oid asn1.ObjectIdentifier) []byte    { return enc.seq(enc.oid(oidMGF1), hashAlg(oid)) }

// TestForeignAlgorithms: the digest and signature algorithms RFC 5754
// pairs are accepted, mismatches and the others refused. The SignerInfo's
// algorithms are not signed, so each case rewrites them in a good
// signature: a right pairing still verifies.
func TestForeignAlgorithms(t *testing.T) {
	oidGOST2012256 := asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	oidStreebog256 := asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	oidECPublicKey := asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	pss384 := pss(hashAlg(oidSHA384), mgf1(oidSHA384), enc.int(48), nil)
	cases := []struct {
		name   string
		sig    string
		digest *pkix.AlgorithmIdentifier // nil: as signed
		sigAlg *pkix.AlgorithmIdentifier
		want   Reason
		// notImplemented: the error is a *gost.UnsupportedError
		notImplemented bool
	}{
		{"rsaEncryption as signed", "rsa_sha256.p7s", nil, nil, 0, false},
		{"sha256WithRSAEncryption, NULL", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidSHA256WithRSA, Parameters: null}, 0, false},
		{"sha256WithRSAEncryption, absent parameters", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidSHA256WithRSA}, 0, false},
		{"rsaEncryption, absent parameters", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSAEncryption}, 0, false},
		{"digest sha256 with NULL", "rsa_sha256.p7s", &pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: null}, nil, 0, false},
		{"sha384WithRSAEncryption over sha256", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidSHA384WithRSA, Parameters: null}, UnsupportedAlgorithm, false},
		{"ecdsa-with-SHA256 with an RSA key", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA256}, UnsupportedAlgorithm, false},
		{"sha1WithRSAEncryption", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidSHA1WithRSA, Parameters: null}, UnsupportedAlgorithm, true},
		{"sha224WithRSAEncryption", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidSHA224WithRSA, Parameters: null}, UnsupportedAlgorithm, true},
		{"a GOST signature algorithm with an RSA key", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidGOST2012256}, UnsupportedAlgorithm, true},
		{"rsaEncryption with INTEGER parameters", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSAEncryption, Parameters: integerParams}, Malformed, false},
		{"digest sha1", "rsa_sha256.p7s", &pkix.AlgorithmIdentifier{Algorithm: oidSHA1}, nil, UnsupportedAlgorithm, true},
		{"digest sha224", "rsa_sha256.p7s", &pkix.AlgorithmIdentifier{Algorithm: oidSHA224}, nil, UnsupportedAlgorithm, true},
		{"digest Streebog-256", "rsa_sha256.p7s", &pkix.AlgorithmIdentifier{Algorithm: oidStreebog256}, nil, UnsupportedAlgorithm, true},
		{"digest sha256 with INTEGER parameters", "rsa_sha256.p7s", &pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: integerParams}, nil, Malformed, false},
		// rsaEncryption takes the digest algorithm: SHA-384 of the
		// content is not the signed SHA-256 messageDigest.
		{"digest sha384 with rsaEncryption", "rsa_sha256.p7s", &pkix.AlgorithmIdentifier{Algorithm: oidSHA384}, nil, DigestMismatch, false},
		{"a PKCS #1 v1.5 signature read as PSS", "rsa_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA256), mgf1(oidSHA256), enc.int(32), nil)}, SignatureInvalid, false},
		{"no signed attributes: sha512WithRSAEncryption", "rsa_sha512_noattr.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidSHA512WithRSA, Parameters: null}, 0, false},

		{"PSS as signed", "rsa_pss_sha384.p7s", nil, nil, 0, false},
		{"PSS params rebuilt, salt 48, trailer 1", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), mgf1(oidSHA384), enc.int(48), enc.int(1))}, 0, false},
		{"PSS hash without NULL", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(enc.seq(enc.oid(oidSHA384)), mgf1(oidSHA384), enc.int(48), nil)}, 0, false},
		{"PSS salt 32, signed with 48", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), mgf1(oidSHA384), enc.int(32), nil)}, SignatureInvalid, false},
		{"PSS hash sha256 over digest sha384", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA256), mgf1(oidSHA256), enc.int(48), nil)}, UnsupportedAlgorithm, false},
		{"PSS MGF1 with another hash", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), mgf1(oidSHA256), enc.int(48), nil)}, UnsupportedAlgorithm, true},
		{"PSS defaults (SHA-1)", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(nil, nil, nil, nil)}, UnsupportedAlgorithm, true},
		{"PSS default MGF (MGF1 with SHA-1)", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), nil, enc.int(48), nil)}, UnsupportedAlgorithm, true},
		{"PSS salt 0", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), mgf1(oidSHA384), enc.int(0), nil)}, UnsupportedAlgorithm, true},
		{"PSS salt 65537", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), mgf1(oidSHA384), enc.int(1<<16+1), nil)}, Malformed, false},
		{"PSS negative salt", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), mgf1(oidSHA384), enc.int(-1), nil)}, Malformed, false},
		{"PSS trailer 2", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), mgf1(oidSHA384), enc.int(48), enc.int(2))}, Malformed, false},
		{"PSS trailing data", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: asn1.RawValue{FullBytes: append(bytes.Clone(pss384.FullBytes), 5, 0)}}, Malformed, false},
		{"PSS without parameters", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS}, Malformed, false},
		{"PSS another mask generation function", "rsa_pss_sha384.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSASSAPSS,
			Parameters: pss(hashAlg(oidSHA384), enc.seq(enc.oid(oidRSAEncryption), hashAlg(oidSHA384)), enc.int(48), nil)}, UnsupportedAlgorithm, true},

		{"ecdsa-with-SHA256 as signed", "p256_sha256.p7s", nil, nil, 0, false},
		{"ecdsa-with-SHA256 with NULL", "p256_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA256, Parameters: null}, Malformed, false},
		{"ecdsa-with-SHA384 over sha256", "p256_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA384}, UnsupportedAlgorithm, false},
		{"ecdsa-with-SHA1", "p256_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA1}, UnsupportedAlgorithm, true},
		{"ecdsa-with-SHA224", "p256_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA224}, UnsupportedAlgorithm, true},
		{"rsaEncryption with an ECDSA key", "p256_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidRSAEncryption, Parameters: null}, UnsupportedAlgorithm, false},
		{"id-ecPublicKey as signature algorithm", "p256_sha256.p7s", nil, &pkix.AlgorithmIdentifier{Algorithm: oidECPublicKey}, UnsupportedAlgorithm, true},
		{"digest sha512 with ecdsa-with-SHA256", "p256_sha256.p7s", &pkix.AlgorithmIdentifier{Algorithm: oidSHA512}, nil, UnsupportedAlgorithm, false},
	}
	doc := readForeign(t, "doc.txt")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sd, err := Parse(readForeign(t, c.sig))
			if err != nil {
				t.Fatal(err)
			}
			if c.digest != nil {
				sd.Signers[0].DigestAlgorithm = *c.digest
			}
			if c.sigAlg != nil {
				sd.Signers[0].SignatureAlgorithm = *c.sigAlg
			}
			res, err := sd.Verify(bytes.NewReader(doc), Options{})
			if err != nil {
				t.Fatal(err)
			}
			err = res[0].Err
			if got := signerReason(t, err); got != c.want {
				t.Fatalf("reason %v (%v), want %v", got, err, c.want)
			}
			var unsupported *gost.UnsupportedError
			if c.want != 0 && errors.As(err, &unsupported) != c.notImplemented {
				t.Errorf("%v: a *gost.UnsupportedError: %v, want %v", err, !c.notImplemented, c.notImplemented)
			}
		})
	}
}

// TestHashContentForeign: GOST and foreign hashes share the content read
// once; without foreign hashes there are no foreign digests.
func TestHashContentForeign(t *testing.T) {
	doc := readForeign(t, "doc.txt")
	g, f, err := hashContent(bytes.NewReader(doc), map[gost.Hash]bool{gost.Streebog256: true},
		map[crypto.Hash]bool{crypto.SHA256: true, crypto.SHA512: true})
	if err != nil {
		t.Fatal(err)
	}
	for h, d := range f {
		w := h.New()
		w.Write(doc)
		if !bytes.Equal(w.Sum(nil), d) {
			t.Errorf("%v digest differs", h)
		}
	}
	s := gost.Streebog256.New()
	s.Write(doc)
	if len(f) != 2 || len(g) != 1 || !bytes.Equal(g[gost.Streebog256], s.Sum(nil)) {
		t.Errorf("digests %v %v", g, f)
	}
	if _, f, _ := hashContent(bytes.NewReader(doc), map[gost.Hash]bool{gost.Streebog256: true}, nil); f != nil {
		t.Errorf("foreign digests %v without foreign hashes", f)
	}
}

// FuzzPSSParameters: RSASSA-PSS parameters never panic, and what is
// accepted is SHA-2 with a positive salt.
func FuzzPSSParameters(f *testing.F) {
	f.Add(pss(hashAlg(oidSHA384), mgf1(oidSHA384), enc.int(48), nil).FullBytes)
	f.Add(pss(hashAlg(oidSHA256), mgf1(oidSHA256), enc.int(32), enc.int(1)).FullBytes)
	f.Add(pss(nil, nil, nil, nil).FullBytes)
	f.Fuzz(func(t *testing.T, params []byte) {
		salt, h, reason, err := pssParameters(params)
		if err != nil {
			if reason != Malformed && reason != UnsupportedAlgorithm {
				t.Fatalf("reason %v for %v", reason, err)
			}
			return
		}
		if salt < 1 || salt > 1<<16 || (h != crypto.SHA256 && h != crypto.SHA384 && h != crypto.SHA512) {
			t.Fatalf("accepted salt %d, %v", salt, h)
		}
	})
}
