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

// realTrust returns, from the certificate-values of the real X Long Type 1
// signature and of its timestamp tokens, the self-signed certificates —
// CryptoPro's test roots, which the tests trust as a user of that test PKI
// would — and the others, given as --certs would give them: every real
// signature of that producer here is under the same PKI.
func realTrust(t *testing.T) (*chain.Store, []*x509.Certificate) {
	t.Helper()
	sd, err := cms.Parse(mustRead(t, realXL1))
	if err != nil {
		t.Fatal(err)
	}
	var anchors []*chain.Anchor
	var others []*x509.Certificate
	seen := map[string]bool{}
	add := func(ders [][]byte) {
		for _, der := range ders {
			c, err := x509.ParseCertificate(der)
			if err != nil || seen[string(der)] {
				continue
			}
			seen[string(der)] = true
			if selfIssued(c) {
				anchors = append(anchors, &chain.Anchor{Cert: c})
			} else {
				others = append(others, c)
			}
		}
	}
	lt := sd.Signers[0].LongTerm()
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
	return chain.NewStore(anchors...), others
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

// TestRealCAdEST and TestRealXLongType1FreeSpace: two more of that
// producer's signatures (testdata/cades-real/README.md).
func TestRealCAdEST(t *testing.T) {
	checkRealLongTerm(t, "../testdata/cades-real/basealt-pdf_scp/09_cam_CADEST.contents.p7s", "CAdES-T", 1)
}

func TestRealXLongType1FreeSpace(t *testing.T) {
	checkRealLongTerm(t, "../testdata/cades-real/basealt-pdf_scp/24_cam_XLT1_free_space.contents.p7s", "CAdES-X Long Type 1", 2)
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
	roots, certs := realTrust(t)
	if level != "CAdES-T" {
		certs = nil // the X forms carry their own
	}
	v := New(Options{Roots: roots, Certificates: certs, Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), OCSP: offlineOCSP()})
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
		if level == "CAdES-T" {
			// Its token carries no revocation data: offline, the TSA's
			// status is unknown, which is a note, not a failure.
			if ts.Revocation == nil || ts.Revocation.Status != "unavailable" || ts.Revocation.Reason == "" {
				t.Errorf("timestamp %d: TSA status %+v, want unavailable with a note", i+1, ts.Revocation)
			}
		} else if ts.Revocation == nil || ts.Revocation.Status != "good" || ts.Revocation.Source != SourceEmbedded {
			t.Errorf("timestamp %d (%s): TSA status %+v, want good from embedded data", i+1, ts.Kind, ts.Revocation)
		}
	}
	if len(s.Timestamps) != stamps {
		t.Errorf("%d timestamps, want %d", len(s.Timestamps), stamps)
	}
	if level == "CAdES-T" {
		// No revocation data inside, and no network: the path holds at
		// the timestamp's time, the signer's status cannot be had.
		if s.Status != Indeterminate || s.SubIndication != TryLater || s.Checks.Chain != Passed {
			t.Errorf("%s %s (%s), chain %s; want TRY_LATER on a sound path", s.Status, s.SubIndication, s.Reason, s.Checks.Chain)
		}
	} else if s.Status != Valid || s.Revocation.Source != SourceEmbedded || s.Revocation.Status != "good" {
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

// TestRealSBISTimestampPath: the real SBIS CAdES-T's timestamp, by the
// Tensor TSA in 2023, is valid with the embedded Минцифры roots and the
// accredited CAs' certificates of testdata/gost-corpus: its TSA path holds
// at its time, though the document is not at hand.
func TestRealSBISTimestampPath(t *testing.T) {
	cas, err := chain.LoadCertificates("../testdata/gost-corpus")
	if err != nil {
		t.Fatal(err)
	}
	r, err := File("sbis_cades_t.sgn", mustRead(t, "../testdata/tsp/sbis_cades_t.sgn"), "other.txt", strings.NewReader("not the document"),
		Options{Roots: chain.NewStore(chain.EmbeddedRoots()...), Certificates: cas, RevocationOff: true, Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Signatures[0]
	if len(s.Timestamps) != 1 {
		t.Fatalf("%d timestamps", len(s.Timestamps))
	}
	ts := s.Timestamps[0]
	if ts.Status != Valid || ts.Chain != Passed || len(ts.TSAChain) < 3 || ts.TSAChain[len(ts.TSAChain)-1].Source != SourceAnchor {
		t.Errorf("timestamp %s %s (%s), TSA chain %d long; want valid to an embedded root", ts.Status, ts.SubIndication, ts.Reason, len(ts.TSAChain))
	}
	if s.SubIndication != HashFailure || s.BestSignatureTime == nil || s.BestSignatureTime.Year() != 2023 {
		t.Errorf("%s, best-signature-time %v; want HASH_FAILURE (not the document) proven in 2023", s.SubIndication, s.BestSignatureTime)
	}
}
