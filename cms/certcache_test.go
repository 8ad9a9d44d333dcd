package cms

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../testdata/cms", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestParseShared: signatures parsed through one CertificateCache share
// their certificates, and every check gives what it gives without one,
// whatever was checked before.
func TestParseShared(t *testing.T) {
	cases := []struct {
		sig, doc string
		want     Reason // 0: every check passes
	}{
		{"invoice.xml.sig", "invoice.xml", 0},
		{"invoice.xml.oneline.sgn", "invoice.xml", 0},
		// The same certificate again, with its ESS reference digested
		// above: another certificate in the signature must still fail.
		{"invoice.xml.swapped_twin.sig", "invoice.xml", SigningCertificateMismatch},
		{"invoice.xml.sig", "invoice.xml", 0},
		{"invoice.xml.two_signers.sig", "invoice.xml", 0},
		{"tampered.xml.sig", "tampered.xml", DigestMismatch},
	}
	cache := &CertificateCache{}
	for _, c := range cases {
		data, doc := readFixture(t, c.sig), readFixture(t, c.doc)
		shared, err := ParseShared(bytes.Clone(data), cache)
		if err != nil {
			t.Fatal(err)
		}
		alone, err := Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		for i, sc := range shared.Certificates {
			if !bytes.Equal(sc.Raw, alone.Certificates[i].Raw) || sc.Cert == nil || !bytes.Equal(sc.Cert.Raw, sc.Raw) {
				t.Errorf("%s: certificate %d differs from Parse's", c.sig, i+1)
			}
		}
		got, err := shared.Verify(bytes.NewReader(doc), Options{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := alone.Verify(bytes.NewReader(doc), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range got {
			var ge, we *SignerError
			errors.As(got[i].Err, &ge)
			errors.As(want[i].Err, &we)
			switch {
			case (ge == nil) != (we == nil), ge != nil && ge.Reason != we.Reason:
				t.Errorf("%s signer %d: shared %v, alone %v", c.sig, i+1, got[i].Err, want[i].Err)
			case c.want == 0 && ge != nil, c.want != 0 && (ge == nil || ge.Reason != c.want):
				t.Errorf("%s signer %d: %v, want reason %v", c.sig, i+1, got[i].Err, c.want)
			}
		}
	}

	// The same certificate from two signatures is one *x509.Certificate,
	// holding a copy of its bytes, not the signature's.
	data := readFixture(t, "invoice.xml.sig")
	a, err := ParseShared(data, cache)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ParseShared(readFixture(t, "invoice.xml.sig"), cache)
	if err != nil {
		t.Fatal(err)
	}
	if a.Certificates[0].Cert != b.Certificates[0].Cert {
		t.Error("the certificate met twice was parsed twice")
	}
	ra, err := a.Verify(bytes.NewReader(readFixture(t, "invoice.xml")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rb, err := b.Verify(bytes.NewReader(readFixture(t, "invoice.xml")), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ra[0].Key == nil || ra[0].Key != rb[0].Key || ra[0].Err != nil || rb[0].Err != nil {
		t.Errorf("the signer's key met twice: %p and %p (%v, %v), want one key, verified", ra[0].Key, rb[0].Key, ra[0].Err, rb[0].Err)
	}
	raw := bytes.Clone(a.Certificates[0].Cert.Raw)
	clear(data)
	if !bytes.Equal(a.Certificates[0].Cert.Raw, raw) {
		t.Error("the cached certificate points into the signature's bytes")
	}
}

// TestCertificateCacheConcurrent: many workers share one cache (run with
// -race).
func TestCertificateCacheConcurrent(t *testing.T) {
	doc := readFixture(t, "invoice.xml")
	sigs := [][]byte{readFixture(t, "invoice.xml.sig"), readFixture(t, "invoice.xml.two_signers.sig"), readFixture(t, "invoice.xml.swapped_twin.sig")}
	cache := &CertificateCache{}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			data := sigs[i%len(sigs)]
			sd, err := ParseShared(data, cache)
			if err != nil {
				t.Error(err)
				return
			}
			rs, err := sd.Verify(bytes.NewReader(doc), Options{})
			if err != nil {
				t.Error(err)
				return
			}
			if failed := rs[0].Err != nil; failed != (i%len(sigs) == 2) {
				t.Errorf("%d: %v", i, rs[0].Err)
			}
		})
	}
	wg.Wait()
}
