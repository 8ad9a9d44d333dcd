package verify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/internal/fetch"
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

	roots, err := chain.LoadStore([]string{filepath.Join(pki, "root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := chain.LoadCertificates(filepath.Join(pki, "sub.pem"))
	if err != nil {
		t.Fatal(err)
	}
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
		})
	}
}
