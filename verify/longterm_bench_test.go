package verify

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/ocspclient"
)

// BenchmarkLongTerm compares two verifications of the same 1.7 KB
// document, each complete and offline:
//   - BES: bes.sig while its signer's certificate is valid — the signature,
//     the path, the signer's status from an OCSP answer and the CA's from
//     root's CRL (OpenSSL's, fetched once and served from memory, as a warm
//     disk cache would);
//   - XLong1: xl1.sig a year after the signer's certificate expired —
//     the signature, both timestamps with their TSA paths and status, the
//     references, the embedded OCSP response and CRL, the path at the
//     signature timestamp's time.
//
// cold: a new Verifier per signature (nothing cached); warm: one Verifier
// for the run, the same file again.
func BenchmarkLongTerm(b *testing.B) {
	p := loadCAdESPKI(b)
	doc := mustRead(b, filepath.Join(cadesDir, "doc.txt"))
	besOCSP, besCRL := besRevocation(b, p)
	xl1 := offlineRevocation()
	xl1.Roots, xl1.Certificates, xl1.Time = p.roots, p.ca, p.at
	for _, c := range []struct {
		name, file string
		opts       Options
	}{
		{"BES", "bes.sig", Options{Roots: p.roots, Certificates: p.ca, Time: p.signer.NotBefore.AddDate(0, 0, 2), OCSP: besOCSP, CRL: besCRL}},
		{"XLong1", "xl1.sig", xl1},
	} {
		data := mustRead(b, filepath.Join(cadesDir, c.file))
		run := func(b *testing.B, v func() *Verifier) {
			for i := 0; i < b.N; i++ {
				r, err := v().Verify(context.Background(), Input{Name: c.file, Data: data, Document: bytesDocument("doc.txt", doc)})
				if err != nil || r.Status != Valid {
					b.Fatalf("%v %+v", err, r)
				}
			}
		}
		b.Run(c.name+"/cold", func(b *testing.B) { run(b, func() *Verifier { return New(c.opts) }) })
		b.Run(c.name+"/warm", func(b *testing.B) {
			v := New(c.opts)
			run(b, func() *Verifier { return v })
		})
	}
}

// besRevocation answers for bes.sig's signer and CA without the network:
// an OCSP answer from a real `openssl ocsp` responder for the CA, taken
// once (no nonce), and root's CRL, each served from memory at the URLs the
// certificates name.
func besRevocation(b *testing.B, p *cadesPKI) (*ocspclient.Client, *ocspclient.CRLChecker) {
	gostengine.Require(b)
	pki := filepath.Join(cadesDir, "pki")
	dir := gostengine.CAWithRevocations(b, pki, "ca.index.txt", []string{"ca.pem", "ca.key.pem"}, nil)
	url := gostengine.OCSPResponder(b, dir, "index.txt", "ca.pem", "ca.pem", "ca.key.pem")
	signer, _ := filepath.Abs(filepath.Join(pki, "signer.pem"))
	resp := filepath.Join(dir, "resp.der")
	cmd := exec.Command("openssl", "ocsp", "-issuer", "ca.pem", "-cert", signer, "-url", url, "-no_nonce", "-noverify", "-respout", resp)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+filepath.Join(dir, "ocsp-engine.cnf"))
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("openssl ocsp: %v\n%s", err, out)
	}
	serve := serveFiles(b, map[string]string{
		"http://127.0.0.1:1/ocsp":     resp,
		"http://127.0.0.1:1/root.crl": filepath.Join(pki, "root.crl"),
	})
	return &ocspclient.Client{HTTP: &fetch.Client{Transport: serve}}, &ocspclient.CRLChecker{HTTP: &fetch.Client{Transport: serve}}
}
