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

// TestLoadCertificatesRecursive reads nested folders depth first in name
// order, follows links to files and directories once, and ends link loops.
func TestLoadCertificatesRecursive(t *testing.T) {
	pki := "../testdata/cms/pki/"
	read := func(name string) []byte {
		data, err := os.ReadFile(pki + name)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	top := t.TempDir()
	dir := filepath.Join(top, "certs")
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	write("a_root.pem", read("root.pem"))
	write("b/sub.cer", read("sub.cer"))
	write("b/readme.txt", []byte("not a certificate"))
	write("b/c/signer.pem", read("signer_2012_256.pem"))
	write("notes.txt", []byte("not a certificate either"))
	if err := os.WriteFile(filepath.Join(top, "outside.pem"), read("signer_2001.pem"), 0o600); err != nil {
		t.Fatal(err)
	}
	link("b", "b_link")                  // a second name for b: read once, as b
	link(".", "loop")                    // the directory itself
	link("../..", "b/c/up")              // back up to the top: a loop
	link("b/c/signer.pem", "z_file.pem") // a second name for a file
	link("../outside.pem", "z_other.pem")
	link("missing.pem", "dangling.pem")

	// Depth first in name order: a_root.pem, b/c/signer.pem, b/sub.cer,
	// z_other.pem.
	want := []string{"root.pem", "signer_2012_256.pem", "sub.pem", "signer_2001.pem"}
	for run := 0; run < 2; run++ {
		certs, err := LoadCertificates(dir)
		if err != nil {
			t.Fatal(err)
		}
		if len(certs) != len(want) {
			t.Fatalf("%d certificates, want %d (%v)", len(certs), len(want), want)
		}
		for i, name := range want {
			if w := pemCert(t, pki+name); !w.Equal(certs[i]) {
				t.Errorf("certificate %d is %s, want the one of %s", i+1, certs[i].Subject, name)
			}
		}
	}

	// Through a link to the directory, the same certificates.
	if err := os.Symlink(dir, filepath.Join(top, "dirlink")); err != nil {
		t.Fatal(err)
	}
	if certs, err := LoadCertificates(filepath.Join(top, "dirlink")); err != nil || len(certs) != len(want) {
		t.Errorf("through a link to the directory: %d certificates, %v", len(certs), err)
	}

	// A file that is not a certificate, named directly, is still an error;
	// inside a nested folder it is skipped.
	if _, err := LoadCertificates(filepath.Join(dir, "b", "readme.txt")); err == nil {
		t.Error("a text file named directly gave no error")
	}
}

// TestLoadCertificatesDepth: a tree deeper than the cap is an error that
// names the directory, not a silent stop.
func TestLoadCertificatesDepth(t *testing.T) {
	dir := t.TempDir()
	p := dir
	for i := 0; i <= maxDirectoryDepth; i++ {
		p = filepath.Join(p, "d")
	}
	if err := os.MkdirAll(p, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadCertificates(dir); err == nil {
		t.Errorf("%d nested directories: no error", maxDirectoryDepth+1)
	}
	if _, err := LoadCertificates(filepath.Join(dir, "d")); err != nil {
		t.Errorf("%d nested directories: %v", maxDirectoryDepth, err)
	}
}
