package ocspclient

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"golang.org/x/crypto/ocsp"
)

// issueCert makes a certificate from tmpl for key's public half, signed by
// parent with parentKey (self-signed when parent is nil).
func issueCert(t testing.TB, tmpl, parent *x509.Certificate, key, parentKey crypto.Signer) *x509.Certificate {
	t.Helper()
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert
}

// resign replaces the signature of an OCSP response (and drops its
// certificates): sign signs tbsResponseData as received with algorithm
// alg. It makes responses x/crypto/ocsp cannot sign, such as Ed25519.
func resign(t *testing.T, der []byte, alg asn1.ObjectIdentifier, sign func(tbs []byte) []byte) []byte {
	t.Helper()
	r, err := parseResponse(der)
	if err != nil {
		t.Fatal(err)
	}
	return basicResponse(r.rawTBS, alg, sign(r.rawTBS), nil)
}

// TestNonGOSTResponses: responses signed with ECDSA and Ed25519 keys, by
// the issuer or a delegated responder, are verified over
// tbsResponseData as received, with the same check as certificates and
// CRLs (chain.VerifySignature).
func TestNonGOSTResponses(t *testing.T) {
	start := time.Now().Add(-time.Hour)
	caTmpl := func(cn string) *x509.Certificate {
		return &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: cn},
			NotBefore: start, NotAfter: start.AddDate(1, 0, 0),
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
			BasicConstraintsValid: true, IsCA: true,
		}
	}
	ecKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	_, edKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	respKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	ecCA := issueCert(t, caTmpl("ECDSA CA"), nil, ecKey, nil)
	edCA := issueCert(t, caTmpl("Ed25519 CA"), nil, edKey, nil)
	leafTmpl := &x509.Certificate{
		SerialNumber: big.NewInt(0x4242), Subject: pkix.Name{CommonName: "leaf"},
		NotBefore: start, NotAfter: start.AddDate(1, 0, 0),
	}
	ecLeaf := issueCert(t, leafTmpl, ecCA, ecKey, ecKey)
	edLeaf := issueCert(t, leafTmpl, edCA, ecKey, edKey)
	delegated := issueCert(t, &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "ECDSA OCSP responder"},
		NotBefore: start, NotAfter: start.AddDate(0, 0, 2),
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning},
	}, ecCA, respKey, ecKey)
	// x/crypto/ocsp sets producedAt to now: after this one expired.
	expired := issueCert(t, &x509.Certificate{
		SerialNumber: big.NewInt(8), Subject: pkix.Name{CommonName: "expired ECDSA OCSP responder"},
		NotBefore: start.AddDate(0, 0, -2), NotAfter: start,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageOCSPSigning},
	}, ecCA, respKey, ecKey)

	answer := ocsp.Response{Status: ocsp.Good, SerialNumber: leafTmpl.SerialNumber,
		ThisUpdate: start, NextUpdate: start.Add(24 * time.Hour)}
	create := func(issuer, responder *x509.Certificate, key crypto.Signer) []byte {
		tmpl := answer
		if responder != issuer {
			tmpl.Certificate = responder
		}
		der, err := ocsp.CreateResponse(issuer, responder, tmpl, key)
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	byIssuer := create(ecCA, ecCA, ecKey)
	altered := append([]byte(nil), byIssuer...)
	parsed, err := parseResponse(altered)
	if err != nil {
		t.Fatal(err)
	}
	parsed.signature[len(parsed.signature)-1] ^= 1 // the slice points into altered
	// x/crypto/ocsp signs with ECDSA or RSA only: make the tbsResponseData
	// with any key, then sign it with Ed25519 (RFC 8410).
	byEd25519 := resign(t, create(edCA, edCA, ecKey), asn1.ObjectIdentifier{1, 3, 101, 112}, func(tbs []byte) []byte {
		return ed25519.Sign(edKey, tbs)
	})

	tests := []struct {
		name      string
		der       []byte
		cert, ca  *x509.Certificate
		class     Class
		delegated bool
	}{
		{"ECDSA, signed by the issuer", byIssuer, ecLeaf, ecCA, "", false},
		{"ECDSA, delegated responder", create(ecCA, delegated, respKey), ecLeaf, ecCA, "", true},
		{"ECDSA, delegated responder expired at producedAt", create(ecCA, expired, respKey), ecLeaf, ecCA, UnauthorizedResponder, false},
		{"ECDSA, altered", altered, ecLeaf, ecCA, BadSignature, false},
		{"Ed25519, signed by the issuer", byEd25519, edLeaf, edCA, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/ocsp-response")
				w.Write(tt.der)
			}))
			defer srv.Close()
			res, err := newClient().Check(context.Background(), tt.cert, tt.ca, srv.URL, time.Time{})
			if tt.class != "" {
				wantClass(t, err, tt.class)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != Good || res.Delegated != tt.delegated {
				t.Errorf("status %s, delegated %v; want good, %v", res.Status, res.Delegated, tt.delegated)
			}
		})
	}
}
