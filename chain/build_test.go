package chain

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func corpusCert(t *testing.T, name string) *x509.Certificate {
	t.Helper()
	der, err := os.ReadFile(filepath.Join("../testdata/gost-corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func pemCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func reasonOf(r *Result) Reason {
	var e *Error
	if errors.As(r.Err, &e) {
		return e.Reason
	}
	return 0
}

const (
	fnsSigner   = "nicesoft-libksba__gost_test.txt.p7s.embedded1.x509.der"
	mincifry    = "schors-gost-russian-ca__Минцифры_России_2022-01-08T13-32-39Z_2040-01-08T13-32-39Z.x509.der"
	mincifry2   = "schors-gost-russian-ca__Минцифры_России_2022-01-08T15-44-20Z_2037-01-08T15-44-20Z.x509.der"
	kaznaSigner = "misc-embedded__kazna2022_issued_ee_2012_256.x509.der"
)

// fnsCAs are the FNS CA certificates of the corpus: several share a name.
func fnsCAs(t *testing.T) []Candidate {
	files, err := filepath.Glob("../testdata/gost-corpus/schors-gost-russian-ca__Федеральная_налоговая_служба_*.x509.der")
	if err != nil || len(files) < 3 {
		t.Fatalf("FNS CA certificates missing: %v", err)
	}
	var cands []Candidate
	for _, f := range files {
		cands = append(cands, Candidate{Cert: corpusCert(t, filepath.Base(f)), Source: "certs"})
	}
	return cands
}

// TestRealFNSChain: an FNS-issued signer certificate builds through the
// right one of several same-named FNS CAs to the Минцифры 2022 root (the
// corpus MANIFEST records the same path with OpenSSL).
func TestRealFNSChain(t *testing.T) {
	leaf := corpusCert(t, fnsSigner)
	roots := NewStore(&Anchor{Cert: corpusCert(t, mincifry), Source: "test"}, &Anchor{Cert: corpusCert(t, mincifry2), Source: "test"})
	at := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	r := Build(leaf, Options{Roots: roots, Intermediates: fnsCAs(t), Time: at, Leaf: LeafSigning})
	if r.Err != nil {
		t.Fatalf("no path: %v", r.Err)
	}
	if len(r.Path) != 3 || r.Path[2].Source != "roots" || r.Path[1].Source != "certs" {
		t.Fatalf("path %v", describePath(r.Path))
	}
	if r.Path[1].Cert.Subject.CommonName != "Федеральная налоговая служба" {
		t.Errorf("intermediate %s", r.Path[1].Cert.Subject)
	}

	// The same at a time after the FNS CA's... signer's issuer validity
	// would end: far in the future every CA has expired.
	r = Build(leaf, Options{Roots: roots, Intermediates: fnsCAs(t), Time: time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC)})
	if reasonOf(r) != Constraints {
		t.Errorf("in 2045: reason %v (%v), want Constraints", reasonOf(r), r.Err)
	}

	// Without the intermediates there is no path.
	r = Build(leaf, Options{Roots: roots, Time: at})
	if reasonOf(r) != NoPath {
		t.Errorf("without intermediates: reason %v (%v), want NoPath", reasonOf(r), r.Err)
	}

	// With the root as an "intermediate" but no anchors: no path.
	r = Build(leaf, Options{Roots: NewStore(), Intermediates: append(fnsCAs(t), Candidate{Cert: corpusCert(t, mincifry), Source: "certs"}), Time: at})
	if reasonOf(r) != NoPath {
		t.Errorf("without anchors: reason %v (%v), want NoPath", reasonOf(r), r.Err)
	}
}

// TestSameNameRoots: a certificate signed by one of two same-named roots
// is matched by key identifier, not by name alone.
func TestSameNameRoots(t *testing.T) {
	roots := NewStore(&Anchor{Cert: corpusCert(t, mincifry), Source: "test"}, &Anchor{Cert: corpusCert(t, mincifry2), Source: "test"})
	at := time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC)
	for _, c := range fnsCAs(t) {
		r := Build(c.Cert, Options{Roots: roots, Time: at})
		if r.Err != nil {
			// Older FNS CAs are issued by Минкомсвязь roots not given here.
			if reasonOf(r) != NoPath {
				t.Errorf("%s: reason %v, want a path or NoPath: %v", c.Cert.NotBefore, reasonOf(r), r.Err)
			}
			continue
		}
		for _, rej := range r.Rejected {
			t.Errorf("%s: candidate %s rejected although key identifiers select the issuer: %v", c.Cert.NotBefore, rej.Candidate.NotBefore, rej.Err)
		}
	}
}

// TestGeneratedChains: OpenSSL-made CA → leaf chains across algorithms
// (testdata/gost/chains).
func TestGeneratedChains(t *testing.T) {
	for _, name := range []string{"2012-512-TC26-A--2012-256-TC26-A", "2012-256-TC26-A--2001-CryptoPro-A"} {
		t.Run(name, func(t *testing.T) {
			dir := "../testdata/gost/chains/"
			ca, leaf := pemCert(t, dir+name+".ca.pem"), pemCert(t, dir+name+".leaf.pem")
			at := leaf.NotBefore.Add(time.Hour)
			r := Build(leaf, Options{Roots: NewStore(&Anchor{Cert: ca, Source: "test"}), Time: at, Leaf: LeafSigning})
			if r.Err != nil || len(r.Path) != 2 {
				t.Fatalf("path %v, err %v", describePath(r.Path), r.Err)
			}
			// A leaf that is itself the anchor: a path of one.
			r = Build(leaf, Options{Roots: NewStore(&Anchor{Cert: leaf, Source: "test"}), Time: at})
			if r.Err != nil || len(r.Path) != 1 {
				t.Fatalf("leaf as anchor: path %v, err %v", describePath(r.Path), r.Err)
			}
			// The CA's self-signed certificate as the leaf's only candidate
			// but not trusted: no path.
			r = Build(leaf, Options{Roots: NewStore(), Intermediates: []Candidate{{Cert: ca, Source: "certs"}}, Time: at})
			if reasonOf(r) != NoPath {
				t.Errorf("untrusted CA: reason %v (%v), want NoPath", reasonOf(r), r.Err)
			}
			// Validation before the CA's validity: constraints failure.
			r = Build(leaf, Options{Roots: NewStore(&Anchor{Cert: ca, Source: "test"}), Time: ca.NotBefore.Add(-time.Hour)})
			if reasonOf(r) != Constraints {
				t.Errorf("before validity: reason %v (%v), want Constraints", reasonOf(r), r.Err)
			}
		})
	}
}

// TestWrongIssuerKey: a candidate with the right name and no key
// identifiers whose key did not sign: rejected with the reason.
func TestWrongIssuerKey(t *testing.T) {
	dir := "../testdata/gost/chains/"
	leaf := pemCert(t, dir+"2012-512-TC26-A--2012-256-TC26-A.leaf.pem")
	other := pemCert(t, dir+"2012-256-TC26-A--2001-CryptoPro-A.ca.pem")
	r := Build(leaf, Options{Roots: NewStore(&Anchor{Cert: other, Source: "test"}), Time: leaf.NotBefore.Add(time.Hour)})
	if r.Err == nil {
		t.Fatal("built a path through a CA that did not sign the leaf")
	}
}

func describePath(p []Link) []string {
	var s []string
	for _, l := range p {
		s = append(s, l.Cert.Subject.CommonName+" ("+l.Source+")")
	}
	return s
}

// corpusPool is every certificate of testdata/gost-corpus as a candidate.
func corpusPool(t *testing.T) []Candidate {
	certs, err := LoadCertificates("../testdata/gost-corpus")
	if err != nil {
		t.Fatal(err)
	}
	var pool []Candidate
	for _, c := range certs {
		pool = append(pool, Candidate{Cert: c, Source: "certs"})
	}
	return pool
}

// TestRealChainsToEmbeddedRoots: real certificates of the corpus build,
// offline, to the roots embedded in the binary, through the right one of
// the same-named CAs, at a time inside their validity (the corpus MANIFEST
// records the same paths with OpenSSL).
func TestRealChainsToEmbeddedRoots(t *testing.T) {
	roots := NewStore(EmbeddedRoots()...)
	pool := corpusPool(t)
	cases := []struct {
		leaf, at  string
		length    int
		anchorCN  string
		wantError Reason
	}{
		{fnsSigner, "2025-01-15T00:00:00Z", 3, "Минцифры России", 0},
		{kaznaSigner, "2023-06-01T00:00:00Z", 3, "Минцифры России", 0},
		{"keyintegrity-pycryptoprosdk__certs__kazna.x509.der", "2023-06-01T00:00:00Z", 2, "Минкомсвязь России", 0},
		// A CryptoPro test certificate: its test CA is nowhere.
		{"keyintegrity-pycryptoprosdk__signatures__doc.txt.sgn.2019-10-07.embedded1.x509.der", "2019-09-01T00:00:00Z", 0, "", NoPath},
	}
	for _, c := range cases {
		t.Run(c.leaf, func(t *testing.T) {
			at, err := time.Parse(time.RFC3339, c.at)
			if err != nil {
				t.Fatal(err)
			}
			r := Build(corpusCert(t, c.leaf), Options{Roots: roots, Intermediates: pool, Time: at, Leaf: LeafSigning})
			if got := reasonOf(r); got != c.wantError {
				t.Fatalf("reason %v (%v), want %v", got, r.Err, c.wantError)
			}
			if c.wantError != 0 {
				return
			}
			if len(r.Path) != c.length || r.Path[len(r.Path)-1].Cert.Subject.CommonName != c.anchorCN || r.Path[len(r.Path)-1].Source != "roots" {
				t.Fatalf("path %v, want %d certificates ending at %s", describePath(r.Path), c.length, c.anchorCN)
			}
		})
	}
}

// TestAnchorWithoutBasicConstraints: the TC26 example root has no
// basicConstraints. Given as a trust anchor it may issue, with a warning;
// as an untrusted intermediate it may not.
func TestAnchorWithoutBasicConstraints(t *testing.T) {
	root := corpusCert(t, "gost-engine__tc26_cms__root256_cert.x509.der")
	leaf := corpusCert(t, "gost-engine__tc26_cms__sender256_cert.x509.der")
	if root.BasicConstraintsValid {
		t.Fatal("the TC26 example root now has basicConstraints; the test needs one without")
	}
	at := leaf.NotBefore.Add(time.Hour)
	r := Build(leaf, Options{Roots: NewStore(&Anchor{Cert: root, Source: "test"}), Time: at})
	if r.Err != nil || len(r.Path) != 2 {
		t.Fatalf("path %v, err %v", describePath(r.Path), r.Err)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "no basicConstraints") {
		t.Errorf("warnings %q, want one about the missing basicConstraints", r.Warnings)
	}

	// The same root as an intermediate under another anchor is refused.
	other := corpusCert(t, mincifry)
	r = Build(leaf, Options{Roots: NewStore(&Anchor{Cert: other, Source: "test"}), Intermediates: []Candidate{{Cert: root, Source: "certs"}}, Time: at})
	if reasonOf(r) != Constraints || len(r.Rejected) != 1 || linkReason(r.Rejected[0].Err) != NoBasicConstraints {
		t.Fatalf("reason %v, rejected %v: want Constraints for the missing basicConstraints", reasonOf(r), r.Rejected)
	}
}
