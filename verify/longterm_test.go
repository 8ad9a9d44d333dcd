package verify

import (
	"bytes"
	"context"
	"crypto/x509"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/ocspclient"
)

// The long-term fixtures of testdata/cades (made by its gen.sh with
// OpenSSL as TSA, OCSP responder and CA): validated a year after the
// signer's certificate expired, with only pki/root.pem trusted.
const cadesDir = "../testdata/cades"

type cadesPKI struct {
	roots  *chain.Store
	ca     []*x509.Certificate
	signer *x509.Certificate
	at     time.Time // the validation time: the signer's notAfter + 1 year
}

func loadCAdESPKI(t testing.TB) *cadesPKI {
	t.Helper()
	roots, err := chain.LoadStore([]string{filepath.Join(cadesDir, "pki/root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	ca, err := chain.LoadCertificates(filepath.Join(cadesDir, "pki/ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := chain.LoadCertificates(filepath.Join(cadesDir, "pki/signer.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return &cadesPKI{roots: roots, ca: ca, signer: signer[0], at: signer[0].NotAfter.AddDate(1, 0, 0)}
}

// verifyCAdES verifies testdata/cades/name against doc with opts (Roots,
// Certificates and Time filled in from p when unset).
func verifyCAdES(t *testing.T, p *cadesPKI, name, doc string, opts Options) SignatureReport {
	t.Helper()
	if opts.Roots == nil {
		opts.Roots = p.roots
	}
	if opts.Certificates == nil {
		opts.Certificates = p.ca
	}
	if opts.Time.IsZero() {
		opts.Time = p.at
	}
	data := mustRead(t, filepath.Join(cadesDir, name))
	content := mustRead(t, filepath.Join(cadesDir, doc))
	r, err := New(opts).Verify(context.Background(), Input{Name: name, Data: data, Document: bytesDocument(doc, content)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Signatures) != 1 {
		t.Fatalf("%d signatures", len(r.Signatures))
	}
	return r.Signatures[0]
}

// offlineRevocation is OCSP and CRLs as --offline leaves them: only what
// the signature carries can answer.
func offlineRevocation() Options {
	return Options{OCSP: offlineOCSP(), CRL: &ocspclient.CRLChecker{HTTP: &fetch.Client{Offline: true}}}
}

func layerStatus(s SignatureReport, level string) Status {
	for _, ly := range s.Layers {
		if ly.Level == level {
			return ly.Status
		}
	}
	return ""
}

// TestLongTermOffline: each fixture, offline, a year after the signer's
// certificate expired.
func TestLongTermOffline(t *testing.T) {
	p := loadCAdESPKI(t)
	type stampWant struct {
		kind   string
		status Status
		sub    SubIndication
	}
	cases := []struct {
		file, doc  string
		status     Status
		sub        SubIndication
		level      string
		stamps     []stampWant
		proven     bool   // the best-signature-time is a timestamp's
		embedded   bool   // the signer's status came from the signature
		brokenX    bool   // the X layer is invalid
		warningHas string // a warning says this
	}{
		{file: "bes.sig", status: Indeterminate, sub: OutOfBoundsNoPOE, level: "CAdES-BES"},
		{file: "t.sig", status: Indeterminate, sub: TryLater, level: "CAdES-T",
			stamps: []stampWant{{KindSignature, Valid, ""}}, proven: true},
		{file: "t_tampered_imprint.sig", status: Indeterminate, sub: OutOfBoundsNoPOE, level: "CAdES-T",
			stamps: []stampWant{{KindSignature, Invalid, HashFailure}}, warningHas: "imprint"},
		{file: "t_noeku.sig", status: Indeterminate, sub: OutOfBoundsNoPOE, level: "CAdES-T",
			stamps: []stampWant{{KindSignature, Invalid, SigConstraintsFailure}}, warningHas: "timeStamping"},
		{file: "t_untrusted.sig", status: Indeterminate, sub: OutOfBoundsNoPOE, level: "CAdES-T",
			stamps: []stampWant{{KindSignature, Indeterminate, NoCertificateChainFound}}, warningHas: "trusted root"},
		{file: "t_two_onebad.sig", status: Indeterminate, sub: TryLater, level: "CAdES-T",
			stamps: []stampWant{{KindSignature, Invalid, HashFailure}, {KindSignature, Valid, ""}}, proven: true},
		{file: "xl1.sig", status: Valid, level: "CAdES-X Long Type 1",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindCAdESC, Valid, ""}}, proven: true, embedded: true},
		{file: "xl1_bykey.sig", status: Valid, level: "CAdES-X Long Type 1",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindCAdESC, Valid, ""}}, proven: true, embedded: true},
		// The embedded OCSP response does not verify: not used, and
		// nothing else can answer offline.
		{file: "xl1_ocsp_tampered.sig", status: Indeterminate, sub: TryLater, level: "CAdES-X Long Type 1",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindCAdESC, Valid, ""}}, proven: true, brokenX: true},
		{file: "xl1_missing_value.sig", status: Valid, level: "CAdES-X Long Type 1",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindCAdESC, Valid, ""}}, proven: true, embedded: true,
			brokenX: true, warningHas: "certificate reference 1"},
		// The escTimeStamp covers other bytes: the X layer is broken, the
		// signature timestamp still proves the signature's time.
		{file: "xl1_esc_wrong.sig", status: Valid, level: "CAdES-X Long Type 1",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindCAdESC, Invalid, HashFailure}}, proven: true, embedded: true,
			brokenX: true},
		{file: "xl2.sig", status: Valid, level: "CAdES-X Long Type 2",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindRefs, Valid, ""}}, proven: true, embedded: true},
		// An operator's broken signature timestamp added over a sound X
		// Long Type 1: the escTimeStamp, made before it, still holds.
		{file: "xl1_operator_bad_t.sig", status: Valid, level: "CAdES-X Long Type 1",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindSignature, Invalid, HashFailure}, {KindCAdESC, Valid, ""}},
			proven: true, embedded: true},
		// A content timestamp (signed) before the signature timestamp;
		// then one after it, which cannot be.
		{file: "ct.sig", status: Indeterminate, sub: TryLater, level: "CAdES-T",
			stamps: []stampWant{{KindContent, Valid, ""}, {KindSignature, Valid, ""}}, proven: true},
		{file: "ct_order.sig", status: Indeterminate, sub: TimestampOrderFailure, level: "CAdES-T",
			stamps: []stampWant{{KindContent, Valid, ""}, {KindSignature, Valid, ""}}, proven: true,
			warningHas: "later than the signature timestamp"},
		// CAdES-A: the archive-time-stamp-v2 hashes the detached document
		// itself, with everything else of the signature.
		{file: "a.sig", status: Valid, level: "CAdES-A",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindCAdESC, Valid, ""}, {KindArchive, Valid, ""}}, proven: true, embedded: true},
		{file: "xl1.sig", doc: "doc_changed.txt", status: Invalid, sub: HashFailure, level: "CAdES-X Long Type 1",
			stamps: []stampWant{{KindSignature, Valid, ""}, {KindCAdESC, Valid, ""}}, proven: true},
	}
	for _, c := range cases {
		if c.doc == "" {
			c.doc = "doc.txt"
		}
		t.Run(c.file+" "+c.doc, func(t *testing.T) {
			s := verifyCAdES(t, p, c.file, c.doc, offlineRevocation())
			if s.Status != c.status || s.SubIndication != c.sub {
				t.Errorf("%s %s (%s), want %s %s", s.Status, s.SubIndication, s.Reason, c.status, c.sub)
			}
			if s.Level != c.level {
				t.Errorf("level %q, want %q", s.Level, c.level)
			}
			if len(s.Timestamps) != len(c.stamps) {
				t.Fatalf("%d timestamps, want %d: %+v", len(s.Timestamps), len(c.stamps), s.Timestamps)
			}
			for i, w := range c.stamps {
				ts := s.Timestamps[i]
				if ts.Kind != w.kind || ts.Status != w.status || ts.SubIndication != w.sub {
					t.Errorf("timestamp %d: %s %s %s (%s), want %s %s %s", i+1, ts.Kind, ts.Status, ts.SubIndication, ts.Reason, w.kind, w.status, w.sub)
				}
				if ts.Time == nil || ts.TSA == "" || ts.Policy != "1.2.643.100.999.1" || ts.HashAlgorithm != "GOST R 34.11-2012 (256)" {
					t.Errorf("timestamp %d: time %v, TSA %q, policy %q, hash %q", i+1, ts.Time, ts.TSA, ts.Policy, ts.HashAlgorithm)
				}
				if ts.Status != Valid && ts.Reason == "" {
					t.Errorf("timestamp %d: no reason", i+1)
				}
			}
			bst := s.BestSignatureTime
			switch {
			case !c.proven && bst != nil:
				t.Errorf("best-signature-time %s, want none: no timestamp proves one", bst)
			case c.proven && (bst == nil || !bst.Before(p.signer.NotAfter)):
				t.Errorf("best-signature-time %v, want a timestamp's, before the signer's expiry", bst)
			}
			if got := s.Revocation.Source == SourceEmbedded; got != c.embedded {
				t.Errorf("revocation %s from %q", s.Revocation.Status, s.Revocation.Source)
			}
			if x := layerStatus(s, c.level); strings.Contains(c.level, "X Long") && (x == Invalid) != c.brokenX {
				t.Errorf("X layer %s, broken %v wanted: %+v", x, c.brokenX, s.Layers)
			}
			if c.warningHas != "" && !strings.Contains(strings.Join(s.Warnings, "\n"), c.warningHas) {
				t.Errorf("warnings %q, want one saying %q", s.Warnings, c.warningHas)
			}
			if c.level == "CAdES-BES" && (len(s.Layers) != 0 || len(s.Timestamps) != 0) {
				t.Errorf("a BES signature with layers %+v", s.Layers)
			}
		})
	}
}

// TestLongTermChainSources: the chain of an X Long signature says where
// each certificate came from.
func TestLongTermChainSources(t *testing.T) {
	p := loadCAdESPKI(t)
	opts := offlineRevocation()
	opts.Certificates = []*x509.Certificate{} // nothing from --certs
	s := verifyCAdES(t, p, "xl1.sig", "doc.txt", opts)
	var got []string
	for _, c := range s.Chain {
		got = append(got, c.Source)
	}
	if len(got) != 3 || got[0] != SourceSignature || got[1] != SourceEmbedded && got[1] != SourceTimestamp || got[2] != SourceAnchor {
		t.Errorf("sources %q, want the signer from the signature, the CA from the values, the root from the anchors", got)
	}
	if s.Status != Valid {
		t.Errorf("%s %s (%s)", s.Status, s.SubIndication, s.Reason)
	}
	for _, ts := range s.Timestamps {
		if len(ts.TSAChain) == 0 || ts.TSAChain[0].Source != SourceTimestamp || ts.TSAChain[len(ts.TSAChain)-1].Source != SourceAnchor {
			t.Errorf("%s timestamp's TSA chain %+v, want the TSA's certificate from its token and an anchor", ts.Kind, ts.TSAChain)
		}
	}
}

// TestLongTermRevocation: the CAdES-T signature with a real `openssl ocsp`
// responder for its CA: good; revoked after the timestamp (valid: the
// timestamp proves the signature is older); revoked before the claimed
// signing time (invalid). A BES signature is not saved by a good answer a
// year after its certificate expired.
func TestLongTermRevocation(t *testing.T) {
	gostengine.Require(t)
	p := loadCAdESPKI(t)
	serial := strings.ToUpper(p.signer.SerialNumber.Text(16))
	stamp := func(t time.Time) string { return t.UTC().Format("060102150405Z") }
	cases := []struct {
		name, file string
		revoked    string // index revocation field, "" for good
		status     Status
		sub        SubIndication
		revocation string
	}{
		{"good", "t.sig", "", Valid, "", "good"},
		{"revoked after the timestamp", "t.sig", stamp(p.signer.NotBefore.AddDate(0, 0, 10)) + ",keyCompromise", Valid, "", "revoked"},
		{"revoked before signing", "t.sig", stamp(p.signer.NotBefore.Add(time.Minute)) + ",keyCompromise", Invalid, Revoked, "revoked"},
		{"BES, good", "bes.sig", "", Indeterminate, OutOfBoundsNoPOE, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			revoked := map[string]string{}
			if c.revoked != "" {
				revoked[serial] = c.revoked
			}
			dir := gostengine.CAWithRevocations(t, filepath.Join(cadesDir, "pki"), "ca.index.txt", []string{"ca.pem", "ca.key.pem"}, revoked)
			url := gostengine.OCSPResponder(t, dir, "index.txt", "ca.pem", "ca.pem", "ca.key.pem")
			// The CA's status: root's CRL (made by gen.sh with openssl ca),
			// served at the CA's distribution point.
			crls := &ocspclient.CRLChecker{HTTP: &fetch.Client{Transport: serveFiles(t, map[string]string{
				"http://127.0.0.1:1/root.crl": filepath.Join(cadesDir, "pki/root.crl")})}}
			s := verifyCAdES(t, p, c.file, "doc.txt", Options{OCSP: &ocspclient.Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}}, OCSPURL: url,
				CRL: crls})
			if s.Status != c.status || s.SubIndication != c.sub {
				t.Errorf("%s %s (%s), want %s %s", s.Status, s.SubIndication, s.Reason, c.status, c.sub)
			}
			if c.revocation != "" && (s.Revocation.Status != c.revocation || s.Revocation.Source != "ocsp") {
				t.Errorf("revocation %s from %q, want %s from ocsp", s.Revocation.Status, s.Revocation.Source, c.revocation)
			}
			if c.name == "revoked after the timestamp" && !strings.Contains(strings.Join(s.Notes, "\n"), "after the signature was proven") {
				t.Errorf("notes %q, want one saying the revocation came after the proof", s.Notes)
			}
		})
	}
}

// TestLongTermFixturesInTree: the fixtures' regenerating script and its
// record of times are committed with them.
func TestLongTermFixturesInTree(t *testing.T) {
	for _, f := range []string{"gen.sh", "TIMES.tsv", "README.md"} {
		if _, err := os.Stat(filepath.Join(cadesDir, f)); err != nil {
			t.Error(err)
		}
	}
}

// serveFiles is an HTTP transport that answers each URL of files with the
// file it names, and anything else with 404.
func serveFiles(t testing.TB, files map[string]string) http.RoundTripper {
	return roundTripFunc(func(req *http.Request) (*http.Response, error) {
		path, ok := files[req.URL.String()]
		if !ok {
			return &http.Response{StatusCode: http.StatusNotFound, Body: io.NopCloser(strings.NewReader("")), Request: req}, nil
		}
		data := mustRead(t, path)
		return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/pkix-crl"}},
			Body: io.NopCloser(bytes.NewReader(data)), ContentLength: int64(len(data)), Request: req}, nil
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// TestArchiveTimestampV2Content: the archive-time-stamp-v2 of a.sig covers
// the detached document itself: over another document it fails with the
// signature; with only the document's digest given (not read), it cannot
// be checked and proves nothing, while the rest still holds.
func TestArchiveTimestampV2Content(t *testing.T) {
	p := loadCAdESPKI(t)
	s := verifyCAdES(t, p, "a.sig", "doc_changed.txt", offlineRevocation())
	if ats := s.Timestamps[len(s.Timestamps)-1]; ats.Kind != KindArchive || ats.Status != Invalid || ats.SubIndication != HashFailure {
		t.Errorf("archive timestamp over another document: %s %s %s", ats.Kind, ats.Status, ats.SubIndication)
	}

	data := mustRead(t, filepath.Join(cadesDir, "a.sig"))
	sd, err := cms.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	digest, _ := sd.Signers[0].MessageDigest()
	opts := offlineRevocation()
	opts.Roots, opts.Certificates, opts.Time = p.roots, p.ca, p.at
	r, err := New(opts).Verify(context.Background(), Input{Name: "a.sig", Data: data,
		Document: &Document{Name: "doc.txt", Open: refuseOpen}, Digests: map[gost.Hash][]byte{gost.Streebog256: digest}})
	if err != nil {
		t.Fatal(err)
	}
	s = r.Signatures[0]
	ats := s.Timestamps[len(s.Timestamps)-1]
	if s.Status != Valid || ats.Status != Indeterminate || ats.Token != NotChecked || !strings.Contains(ats.Reason, "document itself") {
		t.Errorf("%s %s; archive timestamp %s %s (%s), want valid with the archive timestamp unchecked", s.Status, s.SubIndication, ats.Status, ats.SubIndication, ats.Reason)
	}
}
