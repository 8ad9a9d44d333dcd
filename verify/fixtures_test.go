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
	rows := 0
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 8 {
			t.Fatalf("short manifest line %q", sc.Text())
		}
		sig, content, signers, want := cols[0], cols[1], cols[4], cols[5]
		rows++
		t.Run(sig, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, sig))
			if err != nil {
				t.Fatal(err)
			}
			var r *Report
			if content == "-" {
				r, err = File(sig, data, "", nil, Options{Certificates: certs})
			} else {
				doc, err := os.Open(filepath.Join(dir, content))
				if err != nil {
					t.Fatal(err)
				}
				defer doc.Close()
				r, err = File(sig, data, content, doc, Options{Certificates: certs})
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
