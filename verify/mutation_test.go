package verify

import (
	"bytes"
	"context"
	"crypto/x509"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
)

// verdict verifies one signature file with v, against doc when the
// signature is detached (nil when it carries its content): the one place
// this test calls package verify's entry point. A file that cannot be
// parsed is reported invalid (FORMAT_FAILURE) by Verify itself.
func verdict(t *testing.T, v *Verifier, data, doc []byte) Status {
	var d *Document
	if doc != nil {
		d = &Document{Name: "document", Named: true, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(doc)), nil }}
	}
	r, err := v.Verify(context.Background(), Input{Name: "signature", Data: data, Document: d})
	if err != nil {
		t.Errorf("no verdict: %v", err)
		return ""
	}
	return r.Status
}

// mutationCase is a signature that is valid offline with its options.
type mutationCase struct {
	signature, document string // document "" for attached signatures
	opts                Options
}

// region is a byte range that a change must make the verdict not valid:
// in the signature file, or in the detached document.
type region struct {
	what       string
	inDocument bool
	off, n     int
}

// TestSingleByteMutations: every single-byte change (XOR 0x01 and XOR
// 0xFF) of a valid signature's content, signed attributes, signature value
// or signer certificate gives a verdict other than valid: OpenSSL-made
// signatures of every GOST algorithm and shape (testdata/cms, valid with
// pki/root.pem, pki/sub.pem, revocation off, at 2026-12-01) and a real FNS
// one (libksba, valid with the embedded roots and the corpus certificates
// at 2025-07-01). With -short a few hundred positions per signature are
// sampled; without, every position is changed.
func TestSingleByteMutations(t *testing.T) {
	root := &chain.Anchor{Cert: loadCerts(t, "../testdata/cms/pki/root.pem")[0], Source: "root.pem"}
	pki := Options{
		Roots: chain.NewStore(root), Certificates: loadCerts(t, "../testdata/cms/pki/sub.pem"),
		RevocationOff: true, Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		Policy: PolicyBasic, // the 2001 fixtures are valid cryptographically
	}

	cases := []mutationCase{
		{"invoice.xml.sig", "invoice.xml", pki},                     // 2012-256, CAdES-BES, detached
		{"invoice.xml.keyid.sig", "invoice.xml", pki},               // subjectKeyIdentifier
		{"invoice.xml.noattr.sig", "invoice.xml", pki},              // no signed attributes
		{"invoice.xml.two_signers.sig", "invoice.xml", pki},         // 2001 + 2012-256
		{"contract.txt.attached_2001.sig", "", pki},                 // 2001, attached
		{"contract.txt.attached_2012_512.sig", "", pki},             // 2012-512, attached, sub CA inside
		{"long.txt.ber_detached.sig", "long.txt", pki},              // BER
		{"../cms-corpus/libksba_gost_test.txt.p7s", "", realFNS(t)}, // real, BER, attached
	}
	var total atomic.Int64
	start := time.Now()
	for _, c := range cases {
		t.Run(filepath.Base(c.signature), func(t *testing.T) {
			total.Add(int64(sweep(t, c)))
		})
	}
	t.Logf("%d mutants in %v", total.Load(), time.Since(start).Round(time.Millisecond))
}

// realFNS are the options under which the real libksba signature (an FNS
// certificate) is valid offline: the embedded roots, the corpus
// certificates as intermediates, at a time inside the signer's validity.
// The signer's own certificate is left out of the candidates: otherwise a
// change that makes the embedded copy unrecognisable would rightly let the
// untouched copy verify the signature.
func realFNS(t *testing.T) Options {
	sd, err := cms.Parse(corpusFile(t, "libksba_gost_test.txt.p7s"))
	if err != nil {
		t.Fatal(err)
	}
	var others []*x509.Certificate
	for _, c := range loadCerts(t, "../testdata/gost-corpus") {
		inside := false
		for _, s := range sd.ParsedCertificates() {
			inside = inside || c.Equal(s)
		}
		if !inside {
			others = append(others, c)
		}
	}
	return Options{
		Roots: chain.NewStore(chain.EmbeddedRoots()...), Certificates: others, RevocationOff: true,
		Time: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
	}
}

// loadCerts reads the certificates at path, a file or a directory.
func loadCerts(t *testing.T, path string) []*x509.Certificate {
	certs, err := chain.LoadCertificates(path)
	if err != nil || len(certs) == 0 {
		t.Fatalf("%s: %d certificates, %v", path, len(certs), err)
	}
	return certs
}

// sweep checks one case and returns the number of mutants verified.
func sweep(t *testing.T, c mutationCase) int {
	data, err := os.ReadFile(filepath.Join("../testdata/cms", c.signature))
	if err != nil {
		t.Fatal(err)
	}
	var doc []byte
	if c.document != "" {
		if doc, err = os.ReadFile(filepath.Join("../testdata/cms", c.document)); err != nil {
			t.Fatal(err)
		}
	}
	v := New(c.opts)
	if got := verdict(t, v, data, doc); got != Valid {
		t.Fatalf("the original is %s, not valid", got)
	}
	regions := mutationRegions(t, data, doc, c.opts)

	type mutant struct {
		r   region
		pos int
	}
	var mutants []mutant
	for _, r := range regions {
		for i := 0; i < r.n; i++ {
			mutants = append(mutants, mutant{r, r.off + i})
		}
	}
	if testing.Short() {
		// Evenly spread, the ends of every region included.
		const budget = 300
		if stride := (len(mutants) + budget - 1) / budget; stride > 1 {
			var sampled []mutant
			for i, m := range mutants {
				if i%stride == 0 || m.pos == m.r.off || m.pos == m.r.off+m.r.n-1 {
					sampled = append(sampled, m)
				}
			}
			mutants = sampled
		}
	}

	work := make(chan mutant)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sig, document := bytes.Clone(data), bytes.Clone(doc)
			for m := range work {
				buf := sig
				if m.r.inDocument {
					buf = document
				}
				for _, x := range []byte{0x01, 0xFF} {
					buf[m.pos] ^= x
					if got := verdict(t, v, sig, document); got == Valid {
						t.Errorf("%s: byte %d XOR %#02x: still valid", m.r.what, m.pos-m.r.off, x)
					}
					buf[m.pos] ^= x
				}
			}
		}()
	}
	for _, m := range mutants {
		work <- m
	}
	close(work)
	wg.Wait()
	return 2 * len(mutants)
}

// mutationRegions finds, with package cms, where each signer's signed
// attributes, signature value and certificate and the content are: in the
// file, byte for byte (DER inside BER too), or in the detached document.
func mutationRegions(t *testing.T, data, doc []byte, opts Options) []region {
	sd, err := cms.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var content io.Reader
	if sd.Content == nil {
		content = bytes.NewReader(doc)
	}
	results, err := sd.Verify(content, cms.Options{ExtraCertificates: opts.Certificates})
	if err != nil {
		t.Fatal(err)
	}
	var regions []region
	locate := func(what string, part []byte) {
		t.Helper()
		i := bytes.Index(data, part)
		if i < 0 || bytes.LastIndex(data, part) != i {
			t.Fatalf("%s: %d bytes not found once in the file", what, len(part))
		}
		regions = append(regions, region{what: what, off: i, n: len(part)})
	}
	for i, r := range results {
		if r.Err != nil || r.Certificate == nil {
			t.Fatalf("signer %d: %v", i+1, r.Err)
		}
		si := r.Signer
		if si.RawSignedAttrs != nil {
			locate("signer "+r.Position+" signed attributes", si.RawSignedAttrs)
		}
		locate("signer "+r.Position+" signature value", si.Signature)
		locate("signer "+r.Position+" certificate", r.Certificate.Raw)
	}
	if sd.Content != nil {
		locate("content", sd.Content)
	} else {
		regions = append(regions, region{what: "document", inDocument: true, n: len(doc)})
	}
	return regions
}
