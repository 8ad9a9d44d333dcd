package verify

import (
	"context"
	"crypto/x509"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/ocspclient"
)

// TestRevocation checks the verdicts that revocation gives, with a real
// `openssl ocsp` responder for the sub CA of testdata/cms/pki: signer_2012_256
// good, signer_2001 revoked on 2025-01-01 (before its signatures were made),
// signer_2012_512 revoked now (after its signatures were made).
func TestRevocation(t *testing.T) {
	gostengine.Require(t)
	pki := "../testdata/cms/pki"
	serial := func(name string) string {
		certs, err := chain.LoadCertificates(filepath.Join(pki, name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.ToUpper(certs[0].SerialNumber.Text(16))
	}
	dir := gostengine.CAWithRevocations(t, pki, "sub.index.txt", []string{"sub.pem", "sub.key.pem"}, map[string]string{
		serial("signer_2001.pem"):     "250101000000Z,keyCompromise",
		serial("signer_2012_512.pem"): time.Now().UTC().Format("060102150405Z") + ",superseded",
	})
	url := gostengine.OCSPResponder(t, dir, "index.txt", "sub.pem", "sub.pem", "sub.key.pem")

	roots, sub := cmsTrust(t, pki)
	client := &ocspclient.Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}}
	cases := []struct {
		signature, content, ocspURL string
		status                      Status
		sub                         SubIndication
		revocation                  string
		attemptClass                string
	}{
		{"invoice.xml.sig", "invoice.xml", url, Valid, "", "good", ""},
		{"report.txt.sgn", "report.txt", url, Invalid, Revoked, "revoked", ""},
		{"letter.txt.p7s", "letter.txt", url, Indeterminate, RevokedNoPOE, "revoked", ""},
		// The fixtures' own OCSP URL is a closed port on this machine.
		{"invoice.xml.sig", "invoice.xml", "", Indeterminate, TryLater, "unavailable", string(fetch.Refused)},
	}
	cache := t.TempDir()
	client.CacheDir = cache
	for _, c := range cases {
		t.Run(c.signature+" "+c.revocation, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("../testdata/cms", c.signature))
			if err != nil {
				t.Fatal(err)
			}
			doc, err := os.Open(filepath.Join("../testdata/cms", c.content))
			if err != nil {
				t.Fatal(err)
			}
			defer doc.Close()
			r, err := File(c.signature, data, c.content, doc, Options{Roots: roots, Certificates: sub, OCSP: client, OCSPURL: c.ocspURL})
			if err != nil {
				t.Fatal(err)
			}
			s := r.Signatures[0]
			if s.Status != c.status || s.SubIndication != c.sub || s.Revocation.Status != c.revocation {
				t.Fatalf("%s/%s, revocation %s (%s); want %s/%s, %s", s.Status, s.SubIndication, s.Revocation.Status, s.Reason, c.status, c.sub, c.revocation)
			}
			if c.revocation == "revoked" && (s.Revocation.RevocationTime == nil || s.Revocation.Source != "ocsp") {
				t.Errorf("revoked without a time or source: %+v", s.Revocation)
			}
			if c.attemptClass != "" && (len(s.Revocation.Attempts) == 0 || s.Revocation.Attempts[0].Class != c.attemptClass) {
				t.Errorf("attempts %+v, want the first of class %s", s.Revocation.Attempts, c.attemptClass)
			}
			if c.attemptClass != "" {
				return
			}
			// Offline with the cache the first run left: the same verdict.
			doc.Seek(0, 0)
			offline := &ocspclient.Client{HTTP: &fetch.Client{Offline: true}, CacheDir: cache}
			again, err := File(c.signature, data, c.content, doc, Options{Roots: roots, Certificates: sub, OCSP: offline, OCSPURL: c.ocspURL})
			if err != nil {
				t.Fatal(err)
			}
			if a := again.Signatures[0]; a.Status != s.Status || a.SubIndication != s.SubIndication || a.Revocation.Attempts[0].Method != "CACHE" {
				t.Errorf("offline with a warm cache: %s/%s, attempts %+v; want %s/%s from the cache", a.Status, a.SubIndication, a.Revocation.Attempts, s.Status, s.SubIndication)
			}
		})
	}
}

// TestRevocationCRLFallback: the certificates' OCSP URL is a closed port,
// so the status comes from the CRL at their distribution point (served by
// a test server on 127.0.0.1); with the CRL server failing too, TRY_LATER.
func TestRevocationCRLFallback(t *testing.T) {
	gostengine.Require(t)
	pki := "../testdata/cms/pki"
	revoked, err := chain.LoadCertificates(filepath.Join(pki, "signer_2001.pem"))
	if err != nil {
		t.Fatal(err)
	}
	dir := gostengine.CAWithRevocations(t, pki, "sub.index.txt", []string{"sub.pem", "sub.key.pem"}, map[string]string{
		strings.ToUpper(revoked[0].SerialNumber.Text(16)): "250101000000Z,keyCompromise",
	})
	subCRL := gostengine.CRL(t, dir, "sub.pem", "sub.key.pem", "md_gost12_256")
	// The root's CRLs for the sub CA: one with nothing revoked, one with
	// the sub CA itself revoked.
	rootFiles := []string{"root.pem", "root.key.pem"}
	rootCRL := gostengine.CRL(t, gostengine.CAWithRevocations(t, pki, "root.index.txt", rootFiles, nil), "root.pem", "root.key.pem", "md_gost12_512")
	subCert, err := chain.LoadCertificates(filepath.Join(pki, "sub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	rootCRLSubRevoked := gostengine.CRL(t, gostengine.CAWithRevocations(t, pki, "root.index.txt", rootFiles, map[string]string{
		strings.ToUpper(subCert[0].SerialNumber.Text(16)): "250101000000Z,cACompromise",
	}), "root.pem", "root.key.pem", "md_gost12_512")
	var broken, subRevoked atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case broken.Load():
			http.Error(w, "down", http.StatusInternalServerError)
		case r.URL.Path == "/sub.crl":
			w.Write(subCRL)
		case r.URL.Path == "/root.crl" && subRevoked.Load():
			w.Write(rootCRLSubRevoked)
		case r.URL.Path == "/root.crl":
			w.Write(rootCRL)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	// The distribution point is the placeholder http://127.0.0.1:1/sub.crl:
	// every connection goes to the test server instead.
	toServer := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}}
	roots, sub := cmsTrust(t, pki)
	opts := Options{Roots: roots, Certificates: sub,
		OCSP: &ocspclient.Client{HTTP: &fetch.Client{Timeout: 2 * time.Second}},
		CRL:  &ocspclient.CRLChecker{HTTP: &fetch.Client{Timeout: 2 * time.Second, Transport: toServer}},
	}
	cases := []struct {
		signature, content string
		broken, subRevoked bool
		status             Status
		sub                SubIndication
		revocation         string
	}{
		{"invoice.xml.sig", "invoice.xml", false, false, Valid, "", "good"},
		{"report.txt.sgn", "report.txt", false, false, Invalid, Revoked, "revoked"},
		{"invoice.xml.sig", "invoice.xml", true, false, Indeterminate, TryLater, "unavailable"},
		// The signer is fine, its CA is revoked by the root.
		{"invoice.xml.sig", "invoice.xml", false, true, Indeterminate, RevokedCANoPOE, "good"},
	}
	for _, c := range cases {
		broken.Store(c.broken)
		subRevoked.Store(c.subRevoked)
		data, err := os.ReadFile(filepath.Join("../testdata/cms", c.signature))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := os.Open(filepath.Join("../testdata/cms", c.content))
		if err != nil {
			t.Fatal(err)
		}
		r, err := File(c.signature, data, c.content, doc, opts)
		doc.Close()
		if err != nil {
			t.Fatal(err)
		}
		s := r.Signatures[0]
		if s.Status != c.status || s.SubIndication != c.sub || s.Revocation.Status != c.revocation {
			t.Errorf("%s (CRL server broken %v): %s/%s, revocation %s (%s); want %s/%s, %s", c.signature, c.broken,
				s.Status, s.SubIndication, s.Revocation.Status, s.Reason, c.status, c.sub, c.revocation)
			continue
		}
		if !c.broken && s.Revocation.Source != "crl" {
			t.Errorf("%s: source %q, want crl", c.signature, s.Revocation.Source)
		}
		// The sub CA's own status is in the chain.
		if !c.broken && c.sub != Revoked {
			want := "good"
			if c.subRevoked {
				want = "revoked"
			}
			if len(s.Chain) != 3 || s.Chain[1].Revocation == nil || s.Chain[1].Revocation.Status != want {
				t.Errorf("%s: sub CA revocation in the chain %+v, want %s", c.signature, s.Chain, want)
			}
		}
		// Every attempt is listed: OCSP refused first.
		if len(s.Revocation.Attempts) == 0 || s.Revocation.Attempts[0].Class != string(fetch.Refused) {
			t.Errorf("%s: attempts %+v, want the refused OCSP request first", c.signature, s.Revocation.Attempts)
		}
	}
}

// cmsTrust returns testdata/cms/pki's root as the only trust anchor and its
// sub CA as an extra certificate.
func cmsTrust(t *testing.T, pki string) (*chain.Store, []*x509.Certificate) {
	t.Helper()
	roots, err := chain.LoadStore([]string{filepath.Join(pki, "root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := chain.LoadCertificates(filepath.Join(pki, "sub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return roots, sub
}
