package ocspclient_test

import (
	"context"
	"crypto/x509"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/extend/extendtest"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/ocspclient"
)

// TestFetchEvidence asks a real `openssl ocsp` responder and fetches
// `openssl ca -gencrl` CRLs (extend/extendtest) for the bytes a signature
// will carry, and checks those bytes again as embedded values.
func TestFetchEvidence(t *testing.T) {
	gostengine.Require(t)
	pki := filepath.Join("..", "testdata", "extend", "pki")
	srv, err := extendtest.Start(pki)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	cert := func(name string) *x509.Certificate {
		cs, err := chain.LoadCertificates(filepath.Join(pki, name+".pem"))
		if err != nil {
			t.Fatal(err)
		}
		return cs[0]
	}
	signer, ca, root, signerCRL := cert("signer"), cert("ca"), cert("root"), cert("signer_crl")
	hc := &fetch.Client{Timeout: 20 * time.Second, Transport: srv.Transport()}
	ctx := context.Background()
	now := time.Now()

	c := &ocspclient.Client{HTTP: hc}
	r, basic, err := c.FetchOCSP(ctx, signer, ca, signer.OCSPServer[0], now)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != ocspclient.Good || r.Responder == nil || !r.Delegated {
		t.Fatalf("OCSP: %+v", r)
	}
	again, err := ocspclient.CheckEmbeddedOCSP(basic, signer, ca, now, ocspclient.Embedded{})
	if err != nil || again.Status != ocspclient.Good {
		t.Fatalf("the fetched BasicOCSPResponse does not check as embedded: %v", err)
	}

	crls := &ocspclient.CRLChecker{HTTP: hc}
	for _, p := range []struct{ cert, issuer *x509.Certificate }{{signerCRL, ca}, {ca, root}} {
		r, der, err := crls.FetchCRL(ctx, p.cert, p.issuer, now)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != ocspclient.Good || r.URL == "" {
			t.Fatalf("CRL: %+v", r)
		}
		if _, err := crls.CheckCRL(der, p.cert, p.issuer, now); err != nil {
			t.Fatal(err)
		}
	}

	// A responder that is not there, and a certificate without CRL URL.
	_, _, err = c.FetchOCSP(ctx, signer, ca, "http://127.0.0.1:9/", now)
	var oe *ocspclient.Error
	if !errors.As(err, &oe) || oe.Class != ocspclient.Class(fetch.Refused) {
		t.Errorf("closed port: %v", err)
	}
	_, _, err = crls.FetchCRL(ctx, root, root, now)
	var ce *ocspclient.CRLError
	if !errors.As(err, &ce) || ce.Class != ocspclient.NoCRLURL {
		t.Errorf("no CRL URL: %v", err)
	}
}
