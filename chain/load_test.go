package chain

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseCertificates: whatever a certificate file holds, no panic, and
// certificates only without an error.
func FuzzParseCertificates(f *testing.F) {
	for _, name := range []string{
		"../testdata/gost/chains/2012-512-TC26-A--2012-256-TC26-A.chain.pem",
		"../testdata/gost-corpus/" + fnsSigner,
		"../testdata/cms/pki/root.cer",
	} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		certs, err := ParseCertificates(data, "fuzz")
		if err != nil && certs != nil {
			t.Fatal("certificates and an error both returned")
		}
		for _, c := range certs {
			if c == nil {
				t.Fatal("nil certificate")
			}
		}
	})
}

// TestLoadCertificates reads files, PEM bundles and directories, and names
// the file that holds no certificate.
func TestLoadCertificates(t *testing.T) {
	chainPEM, err := LoadCertificates("../testdata/gost/chains/2012-512-TC26-A--2012-256-TC26-A.chain.pem")
	if err != nil || len(chainPEM) != 2 {
		t.Fatalf("PEM bundle: %d certificates, %v", len(chainPEM), err)
	}
	der, err := LoadCertificates("../testdata/cms/pki/root.cer")
	if err != nil || len(der) != 1 {
		t.Fatalf("DER: %d certificates, %v", len(der), err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCertificates(filepath.Join(dir, "notes.txt")); err == nil {
		t.Error("a text file named directly gave no error")
	}
	if certs, err := LoadCertificates(dir); err != nil || len(certs) != 0 {
		t.Errorf("a directory with only a text file: %d certificates, %v", len(certs), err)
	}
	if _, err := LoadCertificates(filepath.Join(dir, "missing.pem")); err == nil {
		t.Error("a missing file gave no error")
	}
}
