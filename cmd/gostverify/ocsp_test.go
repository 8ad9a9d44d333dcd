package main

import (
	"bytes"
	"os"
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
	dir := t.TempDir()
	for _, f := range []string{"sub.pem", "sub.key.pem"} {
		data, err := os.ReadFile(filepath.Join(pki, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	revoked, err := chain.LoadCertificates(filepath.Join(pki, "signer_2001.pem"))
	if err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(pki, "sub.index.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimRight(string(index), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if f[3] == strings.ToUpper(revoked[0].SerialNumber.Text(16)) {
			f[0], f[2] = "R", "250101000000Z,keyCompromise"
		}
		lines = append(lines, strings.Join(f, "\t"))
	}
	if err := os.WriteFile(filepath.Join(dir, "index.txt"), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url := gostengine.OCSPResponder(t, dir, "index.txt", "sub.pem", "sub.pem", "sub.key.pem")
	for _, c := range []struct {
		cert   string
		code   int
		status string
	}{
		{"signer_2012_256.pem", exitValid, "status: good"},
		{"signer_2001.pem", exitInvalid, "status: revoked"},
	} {
		var stdout, stderr bytes.Buffer
		code := run([]string{"ocsp", "--issuer", filepath.Join(pki, "sub.pem"), "--url", url, filepath.Join(pki, c.cert)}, &stdout, &stderr)
		if code != c.code || !strings.Contains(stdout.String(), c.status) ||
			!strings.Contains(stdout.String(), "signature verified") || !strings.Contains(stdout.String(), "POST, CertID sha1") {
			t.Errorf("%s: exit %d, want %d with %q\nstdout:\n%s\nstderr:\n%s", c.cert, code, c.code, c.status, &stdout, &stderr)
		}
	}
}
