package verify

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/tsp"
)

// realXL1 is a real CAdES-X Long Type 1 signature (CryptoARM with
// CryptoPro CSP, 2024, CryptoPro's test CA, OCSP and TSP), cut out of a
// signed PDF (testdata/cades-real/README.md).
const realXL1 = "../testdata/cades-real/basealt-pdf_scp/13_cam_CADES-XLT1_1sig.contents.p7s"

// realXL1Trust returns the self-signed certificates the signature and its
// timestamp tokens carry in their certificate-values: CryptoPro's test
// roots, which the test trusts as a user of that test PKI would.
func realXL1Trust(t *testing.T, sd *cms.SignedData) *chain.Store {
	t.Helper()
	var anchors []*chain.Anchor
	seen := map[string]bool{}
	add := func(ders [][]byte) {
		for _, der := range ders {
			c, err := x509.ParseCertificate(der)
			if err == nil && !seen[string(der)] && selfIssued(c) {
				seen[string(der)] = true
				anchors = append(anchors, &chain.Anchor{Cert: c})
			}
		}
	}
	si := sd.Signers[0]
	lt := si.LongTerm()
	add(lt.CertificateValues)
	for _, der := range append(append([][]byte(nil), lt.SignatureTimeStamps...), lt.ESCTimeStamps...) {
		tok, err := tsp.Parse(der)
		if err != nil {
			t.Fatal(err)
		}
		add(tok.SignedData.Signers[0].LongTerm().CertificateValues)
	}
	if len(anchors) == 0 {
		t.Fatal("no self-signed certificate among the certificate-values")
	}
	return chain.NewStore(anchors...)
}

func selfIssued(c *x509.Certificate) bool { return string(c.RawIssuer) == string(c.RawSubject) }

// TestRealXLongType1 verifies the real X Long Type 1 signature two years
// after its signer's certificate expired, offline: the signature value and
// attributes are checked against the digest of the PDF's signed byte
// ranges (the PDF itself is not committed), both timestamps and their TSA
// paths at 2024-07-16, and the signer's status comes from the OCSP
// response the signature carries.
func TestRealXLongType1(t *testing.T) {
	checkRealLongTerm(t, realXL1, "CAdES-X Long Type 1", 2)
}

// TestRealCAdESA is TestRealXLongType1 for a real CAdES-A (the same
// producer, 2024): its archive-time-stamp-v3, whose hash index names every
// certificate and unsigned attribute it covers, is valid too.
func TestRealCAdESA(t *testing.T) {
	checkRealLongTerm(t, "../testdata/cades-real/basealt-pdf_scp/25_cam_CADES-A.contents.p7s", "CAdES-A", 3)
}

func checkRealLongTerm(t *testing.T, file, level string, stamps int) {
	data := mustRead(t, file)
	sd, err := cms.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	digest, ok := sd.Signers[0].MessageDigest()
	if !ok {
		t.Fatal("no messageDigest")
	}
	v := New(Options{Roots: realXL1Trust(t, sd), Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), OCSP: offlineOCSP()})
	r, err := v.Verify(context.Background(), Input{Name: filepath.Base(file), Data: data,
		Document: &Document{Name: "the PDF's byte ranges", Open: refuseOpen},
		Digests:  map[gost.Hash][]byte{gost.Streebog256: digest}})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Signatures[0]
	if s.Level != level {
		t.Errorf("level %q, want %q", s.Level, level)
	}
	for i, ts := range s.Timestamps {
		if ts.Status != Valid || ts.Time == nil || ts.Time.Format(time.DateOnly) != "2024-07-16" {
			t.Errorf("timestamp %d (%s): %s %s %s", i+1, ts.Kind, ts.Status, ts.SubIndication, ts.Reason)
		}
		// The TSA's status comes from the revocation values one of the
		// tokens carries.
		if ts.Revocation == nil || ts.Revocation.Status != "good" || ts.Revocation.Source != SourceEmbedded {
			t.Errorf("timestamp %d (%s): TSA status %+v, want good from embedded data", i+1, ts.Kind, ts.Revocation)
		}
	}
	if len(s.Timestamps) != stamps {
		t.Errorf("%d timestamps, want %d", len(s.Timestamps), stamps)
	}
	if s.Status != Valid || s.Revocation.Source != SourceEmbedded || s.Revocation.Status != "good" {
		t.Errorf("%s %s (%s), revocation %s from %q; want valid from the embedded OCSP response", s.Status, s.SubIndication, s.Reason, s.Revocation.Status, s.Revocation.Source)
	}
	if s.BestSignatureTime == nil || s.BestSignatureTime.Format(time.DateOnly) != "2024-07-16" {
		t.Errorf("best-signature-time %v", s.BestSignatureTime)
	}
	for _, ly := range s.Layers {
		if ly.Status != Valid {
			t.Errorf("layer %s: %s %s", ly.Level, ly.Status, ly.Reason)
		}
	}
	var text strings.Builder
	r.WriteText(&text)
	t.Log(text.String())
}

// offlineOCSP is an OCSP client that may not use the network, as with
// --offline.
func offlineOCSP() *ocspclient.Client {
	return &ocspclient.Client{HTTP: &fetch.Client{Offline: true}}
}

// refuseOpen is the Open of a document that must not be read: its digests
// were given.
func refuseOpen() (io.ReadCloser, error) {
	return nil, errors.New("the document was opened although its digest was given")
}
