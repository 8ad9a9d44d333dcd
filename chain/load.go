package chain

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/gostverify/gostverify/cms"
)

// maxCertificateFile caps the size of one certificate or bundle file.
const maxCertificateFile = 32 << 20

// LoadCertificates reads the certificates at path: a PEM file (any number of
// CERTIFICATE blocks), a DER certificate, a PKCS#7 certs-only bundle
// (.p7b/.p7c, DER, PEM or base64), or a directory of such files.
//
// A directory is read recursively, depth first, each directory's entries in
// name order, so the result is the same on every run. Symbolic links to
// files and directories are followed, but each file and directory is read
// once, by the first name it is met under: a link back up the tree (a loop)
// or a second link to one file adds nothing. Dangling links, other special
// files and files that hold no certificate are skipped in a directory; a
// file named directly that holds no certificate is an error.
func LoadCertificates(path string) ([]*x509.Certificate, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	if !info.IsDir() {
		return loadFile(path)
	}
	files, err := certificateFiles(path)
	if err != nil {
		return nil, err
	}
	var certs []*x509.Certificate
	for _, f := range files {
		c, err := loadFile(f)
		if err != nil {
			if notCertificateFile(err) {
				continue
			}
			return nil, err
		}
		certs = append(certs, c...)
	}
	return certs, nil
}

// maxDirectoryDepth caps how deep certificateFiles descends: a guard
// against loops that real paths do not reveal (bind mounts).
const maxDirectoryDepth = 32

// certificateFiles lists the files under the directory dir as
// LoadCertificates reads them: recursively, in name order, following
// symbolic links, each file and directory once by its real path.
func certificateFiles(dir string) ([]string, error) {
	seen := map[string]bool{}
	// once reports whether p is met for the first time, by its real path.
	once := func(p string) (bool, error) {
		abs, err := filepath.Abs(p)
		if err != nil {
			return false, fmt.Errorf("chain: %w", err)
		}
		resolved, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return false, fmt.Errorf("chain: %w", err)
		}
		if seen[resolved] {
			return false, nil
		}
		seen[resolved] = true
		return true, nil
	}
	var files []string
	var walk func(dir string, depth int) error
	walk = func(dir string, depth int) error {
		if depth > maxDirectoryDepth {
			return &FileError{Path: dir, Reason: TooDeep, Limit: maxDirectoryDepth}
		}
		if first, err := once(dir); err != nil || !first {
			return err
		}
		entries, err := os.ReadDir(dir) // sorted by name
		if err != nil {
			return fmt.Errorf("chain: %w", err)
		}
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			mode := e.Type()
			if mode&fs.ModeSymlink != 0 {
				info, err := os.Stat(p)
				if err != nil {
					continue // a dangling link holds no certificate
				}
				mode = info.Mode().Type()
			}
			switch {
			case mode.IsDir():
				if err := walk(p, depth+1); err != nil {
					return err
				}
			case mode.IsRegular():
				first, err := once(p)
				if err != nil {
					return err
				}
				if first {
					files = append(files, p)
				}
			}
		}
		return nil
	}
	if err := walk(dir, 0); err != nil {
		return nil, err
	}
	return files, nil
}

func loadFile(path string) ([]*x509.Certificate, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	if info.Size() > maxCertificateFile {
		return nil, &FileError{Path: path, Reason: FileTooLarge, Size: info.Size(), Limit: maxCertificateFile}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	return ParseCertificates(data, path)
}

// ParseCertificates reads certificates from data: PEM (any number of
// CERTIFICATE blocks), one DER certificate, or a PKCS#7 certs-only bundle.
// name (a path or URL) is used in errors.
func ParseCertificates(data []byte, name string) ([]*x509.Certificate, error) {
	path := name
	var certs []*x509.Certificate
	if bytes.Contains(data, []byte("-----BEGIN CERTIFICATE-----")) || bytes.Contains(data, []byte("-----BEGIN X509 CERTIFICATE-----")) {
		for rest := data; ; {
			var block *pem.Block
			block, rest = pem.Decode(rest)
			if block == nil {
				break
			}
			if block.Type != "CERTIFICATE" && block.Type != "X509 CERTIFICATE" {
				continue
			}
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, &FileError{Path: path, Reason: BadCertificate, Index: len(certs) + 1, Err: err}
			}
			certs = append(certs, c)
		}
		return certs, nil
	}
	c, certErr := x509.ParseCertificate(data)
	if certErr == nil {
		return []*x509.Certificate{c}, nil
	}
	bundle, err := cms.ParseCertificates(data)
	if err == nil && len(bundle) == 0 {
		err = errors.New("it holds no certificate")
	}
	if err != nil {
		return nil, &FileError{Path: path, Reason: NotCertificateFile, asCert: certErr, asBundle: err}
	}
	for i, c := range bundle {
		if c.Cert == nil {
			return nil, &FileError{Path: path, Reason: BadCertificate, Index: i + 1, Err: c.ParseError}
		}
		certs = append(certs, c.Cert)
	}
	return certs, nil
}
