package tsp

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/gostverify/gostverify/cms"
)

// readForeign reads a fixture of tsp/testdata (gen.sh there): tokens of
// RSA and ECDSA TSAs made by openssl ts -reply.
func readForeign(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readForeignCert(t testing.TB, name string) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(readForeign(t, name))
	if block == nil {
		t.Fatalf("%s: no PEM", name)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestForeignTSA: the token of a foreign TSA is a CMS SignedData verified
// like any signature: RSA (signingCertificateV2, SHA-256) and ECDSA P-256
// with SHA-384 (signingCertificate v1) tokens verify; a tampered signature
// value or TSTInfo does not.
func TestForeignTSA(t *testing.T) {
	data := readForeign(t, "data.txt")
	rsaTSA, ecTSA := readForeignCert(t, "tsa_rsa.pem"), readForeignCert(t, "tsa_ec.pem")
	ec := readForeign(t, "ec_sha384.tsr")
	tok, err := Parse(ec)
	if err != nil {
		t.Fatal(err)
	}
	at := bytes.Index(ec, tok.Info.HashedMessage)
	if at < 0 {
		t.Fatal("hashedMessage not found in the token")
	}
	for _, tc := range []struct {
		name     string
		token    []byte
		data     []byte
		want     Reason // 0: valid
		cmsWhy   cms.Reason
		wantCert *x509.Certificate
		hash     crypto.Hash // of the token's signer, when valid
	}{
		{name: "RSA", token: readForeign(t, "rsa_sha256.tsr"), data: data, wantCert: rsaTSA, hash: crypto.SHA256},
		{name: "ECDSA", token: ec, data: data, wantCert: ecTSA, hash: crypto.SHA384},
		{name: "RSA, other data", token: readForeign(t, "rsa_sha256.tsr"), data: append(bytes.Clone(data), '!'), want: ImprintMismatch, wantCert: rsaTSA},
		{name: "RSA, signature value tampered", token: readForeign(t, "rsa_sha256_badsig.tsr"), data: data, want: SignatureInvalid, cmsWhy: cms.SignatureInvalid, wantCert: rsaTSA},
		{name: "ECDSA, imprint tampered in TSTInfo", token: flip(ec, at+3), data: data, want: SignatureInvalid, cmsWhy: cms.DigestMismatch, wantCert: ecTSA},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Parse(tc.token)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			cert, err := tok.Verify(tc.data, Options{})
			var ve *VerifyError
			switch {
			case tc.want == 0 && err != nil:
				t.Fatalf("Verify: %v", err)
			case tc.want != 0 && (!errors.As(err, &ve) || ve.Reason != tc.want):
				t.Fatalf("Verify: %v, want reason %v", err, tc.want)
			}
			var se *cms.SignerError
			if tc.cmsWhy != 0 && (!errors.As(err, &se) || se.Reason != tc.cmsWhy) {
				t.Fatalf("Verify: %v, want cms reason %v", err, tc.cmsWhy)
			}
			if cert == nil || !cert.Equal(tc.wantCert) {
				t.Errorf("Verify returned certificate %v, want %v", cert, tc.wantCert.Subject)
			}
			if tc.want == 0 {
				rs, err := tok.SignedData.Verify(nil, cms.Options{})
				if err != nil || rs[0].ForeignHash() != tc.hash {
					t.Errorf("the token's signer hash %v (%v), want %v", rs[0].ForeignHash(), err, tc.hash)
				}
			}
		})
	}
}
