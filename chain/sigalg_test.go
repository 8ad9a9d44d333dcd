package chain

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/gostverify/gostverify/gost"
)

// signedPair makes a CA with key caKey and a certificate it signs with
// alg, with crypto/x509.
func signedPair(t *testing.T, caKey crypto.Signer, alg x509.SignatureAlgorithm) (cert, ca *x509.Certificate) {
	t.Helper()
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: start, NotAfter: start.AddDate(1, 0, 0),
		BasicConstraintsValid: true, IsCA: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		SignatureAlgorithm: alg,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	if ca, err = x509.ParseCertificate(caDER); err != nil {
		t.Fatal(err)
	}
	leaf := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "leaf"},
		NotBefore: start, NotAfter: start.AddDate(1, 0, 0), SignatureAlgorithm: alg,
	}
	der, err := x509.CreateCertificate(rand.Reader, leaf, ca, caKey.Public(), caKey)
	if err != nil {
		t.Fatal(err)
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	return cert, ca
}

// TestVerifySignature: one check for every algorithm, as certificates,
// CRLs and OCSP responses use it.
func TestVerifySignature(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, ecCA := signedPair(t, ecKey, x509.ECDSAWithSHA256)
	tests := []struct {
		key crypto.Signer
		alg x509.SignatureAlgorithm
	}{
		{rsaKey, x509.SHA256WithRSA},
		{rsaKey, x509.SHA384WithRSA},
		{rsaKey, x509.SHA512WithRSA},
		{rsaKey, x509.SHA256WithRSAPSS},
		{rsaKey, x509.SHA384WithRSAPSS},
		{rsaKey, x509.SHA512WithRSAPSS},
		{ecKey, x509.ECDSAWithSHA256},
		{ecKey, x509.ECDSAWithSHA384},
		{ecKey, x509.ECDSAWithSHA512},
		{edKey, x509.PureEd25519},
	}
	for _, tt := range tests {
		t.Run(tt.alg.String(), func(t *testing.T) {
			cert, ca := signedPair(t, tt.key, tt.alg)
			alg, err := signatureAlgorithm(cert)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifySignature(ca, alg, cert.RawTBSCertificate, cert.Signature); err != nil {
				t.Errorf("VerifySignature: %v", err)
			}
			if err := CheckSignature(cert, ca); err != nil {
				t.Errorf("CheckSignature: %v", err)
			}
			bad := append([]byte(nil), cert.Signature...)
			bad[len(bad)/2] ^= 1
			if err := VerifySignature(ca, alg, cert.RawTBSCertificate, bad); err == nil {
				t.Errorf("altered signature verifies")
			}
			if tt.key != ecKey {
				if err := VerifySignature(ecCA, alg, cert.RawTBSCertificate, cert.Signature); err == nil {
					t.Errorf("verifies with another CA's key")
				}
			}
		})
	}
}

// TestVerifySignatureGOST checks the GOST certificates of the test PKI,
// and that the parsed issuer key is cached for the path builder.
func TestVerifySignatureGOST(t *testing.T) {
	root := pemCert(t, "../testdata/cms/pki/root.pem")
	sub := pemCert(t, "../testdata/cms/pki/sub.pem")
	leaf := pemCert(t, "../testdata/cms/pki/signer_2012_256.pem")
	for _, pair := range [][2]*x509.Certificate{{sub, root}, {leaf, sub}} {
		cert, issuer := pair[0], pair[1]
		alg, err := signatureAlgorithm(cert)
		if err != nil {
			t.Fatal(err)
		}
		if err := VerifySignature(issuer, alg, cert.RawTBSCertificate, cert.Signature); err != nil {
			t.Errorf("%s: %v", cert.Subject.CommonName, err)
		}
		bad := append([]byte(nil), cert.Signature...)
		bad[0] ^= 1
		if err := VerifySignature(issuer, alg, cert.RawTBSCertificate, bad); !errors.Is(err, gost.ErrSignatureInvalid) {
			t.Errorf("%s, altered: %v, want gost.ErrSignatureInvalid", cert.Subject.CommonName, err)
		}
		keys := map[*x509.Certificate]*gost.PublicKey{}
		if err := checkSignature(cert, issuer, keys); err != nil || keys[issuer] == nil {
			t.Errorf("%s with a key cache: %v, cached %v", cert.Subject.CommonName, err, keys[issuer])
		}
		if err := checkSignature(cert, issuer, keys); err != nil {
			t.Errorf("%s from the key cache: %v", cert.Subject.CommonName, err)
		}
	}
	// A GOST signature with a key that is not GOST.
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, ecCA := signedPair(t, ecKey, x509.ECDSAWithSHA256)
	var ue *gost.UnsupportedError
	if err := CheckSignature(sub, ecCA); !errors.As(err, &ue) {
		t.Errorf("GOST signature, ECDSA issuer: %v, want a *gost.UnsupportedError", err)
	}
}
