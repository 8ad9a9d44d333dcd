package verify

import (
	"bufio"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/chain"
)

// TestOpenSSLSignatures checks every signature that testdata/cms/gen.sh
// made with OpenSSL + gost-engine against its MANIFEST.tsv: the
// expected_signature_check column is "ok" when the cryptographic checks
// must pass, else the sub-indication the signature (or file) must get.
// The signers' certificates are found inside the signatures or, for the
// sub CA and nocerts, with --certs.
func TestOpenSSLSignatures(t *testing.T) {
	checkManifest(t, false)
}

// TestOpenSSLVerdicts checks the full verdicts of the manifest's
// expected_subindication column: with pki/root.pem as the only trust
// anchor, pki/sub.pem as an extra certificate, revocation off, now.
func TestOpenSSLVerdicts(t *testing.T) {
	checkManifest(t, true)
}

func checkManifest(t *testing.T, withChain bool) {
	dir := "../testdata/cms"
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var certs []*x509.Certificate
	for _, name := range []string{"pki/sub.pem"} {
		c, err := chain.LoadCertificates(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		certs = append(certs, c...)
	}
	var roots *chain.Store
	if withChain {
		var err error
		if roots, err = chain.LoadStore([]string{filepath.Join(dir, "pki/root.pem")}); err != nil {
			t.Fatal(err)
		}
	}
	rows := 0
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 8 {
			t.Fatalf("short manifest line %q", sc.Text())
		}
		sig, content, signers, want := cols[0], cols[1], cols[4], cols[5]
		if withChain {
			want = cols[6]
		}
		rows++
		t.Run(sig, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, sig))
			if err != nil {
				t.Fatal(err)
			}
			var r *Report
			// The basic policy: these are OpenSSL's cryptographic verdicts,
			// GOST R 34.10-2001 included (TestGOST2001Policy has the rule).
			opts := Options{Certificates: certs, Roots: roots, RevocationOff: withChain, Policy: PolicyBasic}
			if content == "-" {
				r, err = File(sig, data, "", nil, opts)
			} else {
				doc, openErr := os.Open(filepath.Join(dir, content))
				if openErr != nil {
					t.Fatal(openErr)
				}
				defer doc.Close()
				r, err = File(sig, data, content, doc, opts)
			}
			if err != nil {
				t.Fatal(err)
			}
			if want == string(FormatFailure) && r.SubIndication == FormatFailure {
				return
			}
			if r.SubIndication != "" {
				t.Fatalf("file-level %s: %s", r.SubIndication, r.Reason)
			}
			if n := len(strings.Split(signers, ",")); len(r.Signatures) != n {
				t.Fatalf("%d signatures, manifest lists %d signers", len(r.Signatures), n)
			}
			for _, s := range r.Signatures {
				switch {
				case withChain:
					if s.SubIndication != SubIndication(want) {
						t.Errorf("signature %s: %s/%s (%s: %s), want %q", s.Position, s.Status, s.SubIndication, s.Reason, s.Error, want)
					}
					if want == "" && (s.Checks.Chain != Passed || len(s.Chain) != 3) {
						t.Errorf("signature %s: valid with chain check %s and %d certificates", s.Position, s.Checks.Chain, len(s.Chain))
					}
				case want == "ok":
					if s.Checks.Signature != Passed && s.SubIndication != NoSigningCertificateFound {
						t.Errorf("signature %s: %s/%s (%s), want the signature check to pass", s.Position, s.Status, s.SubIndication, s.Error)
					}
					if s.Status == Valid {
						t.Errorf("signature %s is valid although the chain is not checked", s.Position)
					}
				case s.SubIndication != SubIndication(want):
					t.Errorf("signature %s: %s (%s), want %s", s.Position, s.SubIndication, s.Error, want)
				}
				for _, cs := range s.Countersignatures {
					if cs.Checks.Signature != Passed {
						t.Errorf("countersignature %s: %s (%s)", cs.Position, cs.SubIndication, cs.Error)
					}
				}
			}
		})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if rows < 30 {
		t.Errorf("only %d manifest rows", rows)
	}
}
