package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/internal/gostengine"
)

// TestOCSPCommand runs gostverify ocsp against a real `openssl ocsp`
// responder for testdata/cms/pki's sub CA: signer_2012_256 good,
// signer_2001 revoked.
func TestOCSPCommand(t *testing.T) {
	gostengine.Require(t)
	pki := "../../testdata/cms/pki"
	revoked, err := chain.LoadCertificates(filepath.Join(pki, "signer_2001.pem"))
	if err != nil {
		t.Fatal(err)
	}
	dir := gostengine.CAWithRevocations(t, pki, "sub.index.txt", []string{"sub.pem", "sub.key.pem"}, map[string]string{
		strings.ToUpper(revoked[0].SerialNumber.Text(16)): "250101000000Z,keyCompromise",
	})
	url := gostengine.OCSPResponder(t, dir, "index.txt", "sub.pem", "sub.pem", "sub.key.pem")
	for _, c := range []struct {
		cert, lang       string
		code             int
		status, verified string
	}{
		{"signer_2012_256.pem", "en", exitValid, "status: good", "signature verified"},
		{"signer_2001.pem", "en", exitInvalid, "status: revoked", "signature verified"},
		{"signer_2012_256.pem", "ru", exitValid, "статус: good", "подпись ответа проверена"},
		{"signer_2001.pem", "ru", exitInvalid, "статус: revoked", "подпись ответа проверена"},
	} {
		var stdout, stderr bytes.Buffer
		// A cache of its own: each run asks the responder.
		code := run([]string{"ocsp", "--lang", c.lang, "--cache-dir", t.TempDir(), "--issuer", filepath.Join(pki, "sub.pem"), "--url", url, filepath.Join(pki, c.cert)}, &stdout, &stderr)
		if code != c.code || !strings.Contains(stdout.String(), c.status) ||
			!strings.Contains(stdout.String(), c.verified) || !strings.Contains(stdout.String(), "POST, CertID sha1") {
			t.Errorf("%s, --lang %s: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", c.cert, c.lang, code, c.code, c.status, &stdout, &stderr)
		}
		if c.code == exitInvalid && c.lang == "ru" && !strings.Contains(stdout.String(), "отозван ") {
			t.Errorf("%s: no word on the revocation in Russian:\n%s", c.cert, &stdout)
		}
	}
}
