package verify

import (
	"context"
	"crypto/x509"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/ocspclient"
)

// TestCheckCertificate checks certificates outside any signature against
// a real `openssl ocsp` responder for the sub CA of testdata/cms/pki:
// signer_2012_256 good, signer_2001 revoked on 2025-01-01 (invalid now);
// with the responder unreachable, TRY_LATER; with revocation off, the
// path alone; a certificate with no path, NO_CERTIFICATE_CHAIN_FOUND.
func TestCheckCertificate(t *testing.T) {
	gostengine.Require(t)
	pki := "../testdata/cms/pki"
	load := func(name string) *x509.Certificate {
		certs, err := chain.LoadCertificates(filepath.Join(pki, name))
		if err != nil {
			t.Fatal(err)
		}
		return certs[0]
	}
	revoked := load("signer_2001.pem")
	dir := gostengine.CAWithRevocations(t, pki, "sub.index.txt", []string{"sub.pem", "sub.key.pem"}, map[string]string{
		strings.ToUpper(revoked.SerialNumber.Text(16)): "250101000000Z,keyCompromise",
	})
	url := gostengine.OCSPResponder(t, dir, "index.txt", "sub.pem", "sub.pem", "sub.key.pem")
	roots, sub := cmsTrust(t, pki)
	client := &ocspclient.Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}}
	at := time.Now()

	for _, c := range []struct {
		name       string
		cert       string
		opts       Options
		status     Status
		sub        SubIndication
		revocation string
	}{
		{"good", "signer_2012_256.pem", Options{OCSP: client, OCSPURL: url}, Valid, "", "good"},
		{"revoked", "signer_2001.pem", Options{OCSP: client, OCSPURL: url}, Invalid, Revoked, "revoked"},
		{"responder down", "signer_2012_256.pem", Options{OCSP: client, OCSPURL: "http://127.0.0.1:1/ocsp"}, Indeterminate, TryLater, "unavailable"},
		{"revocation off", "signer_2001.pem", Options{RevocationOff: true}, Valid, "", "not_checked"},
	} {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts
			opts.Roots, opts.Time = roots, at
			cert := load(c.cert)
			r := New(opts).CheckCertificate(context.Background(), cert, sub)
			if r.Status != c.status || r.SubIndication != c.sub || r.Revocation.Status != c.revocation {
				t.Fatalf("%s %s, revocation %s (%s); want %s %s, %s", r.Status, r.SubIndication, r.Revocation.Status, r.Reason, c.status, c.sub, c.revocation)
			}
			if len(r.Chain) != 3 {
				t.Errorf("chain of %d certificates", len(r.Chain))
			}
			var re *RevocationError
			if (c.status != Valid) != (r.Reason != "") || (c.status != Valid && !errors.As(r.Cause, &re)) {
				t.Errorf("reason %q, cause %v", r.Reason, r.Cause)
			}
		})
	}
	t.Run("no path", func(t *testing.T) {
		r := New(Options{Roots: roots, Time: at, RevocationOff: true}).CheckCertificate(context.Background(), load("signer_2012_256.pem"), nil)
		var pe *PathError
		if r.Status != Indeterminate || r.SubIndication != NoCertificateChainFound || !errors.As(r.Cause, &pe) {
			t.Fatalf("%s %s: %v", r.Status, r.SubIndication, r.Cause)
		}
	})
}
