package chain

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/gostverify/gostverify/cms"
)

// maxCertificateFile caps the size of one certificate or bundle file.
const maxCertificateFile = 32 << 20

// LoadCertificates reads the certificates at path: a PEM file (any number of
// CERTIFICATE blocks), a DER certificate, a PKCS#7 certs-only bundle
// (.p7b/.p7c, DER, PEM or base64), or a directory of such files (not
// recursive; files that hold no certificate are skipped in a directory and
// are an error when named directly).
func LoadCertificates(path string) ([]*x509.Certificate, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	if !info.IsDir() {
		return loadFile(path)
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		if e.Type().IsRegular() {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var certs []*x509.Certificate
	for _, name := range names {
		c, err := loadFile(filepath.Join(path, name))
		if err != nil {
			var none *noCertificatesError
			if errors.As(err, &none) {
				continue
			}
			return nil, err
		}
		certs = append(certs, c...)
	}
	return certs, nil
}

// noCertificatesError reports a file that is neither a certificate nor a
// bundle, with why each reading failed.
type noCertificatesError struct {
	path             string
	asCert, asBundle error
}

func (e *noCertificatesError) Error() string {
	return fmt.Sprintf("chain: %s: no certificate found: not a certificate (%v), not a .p7b bundle (%v)", e.path, e.asCert, e.asBundle)
}

func loadFile(path string) ([]*x509.Certificate, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("chain: %w", err)
	}
	if info.Size() > maxCertificateFile {
		return nil, fmt.Errorf("chain: %s: %d bytes is too large for a certificate file", path, info.Size())
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
				return nil, fmt.Errorf("chain: %s: certificate %d: %w", path, len(certs)+1, err)
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
		return nil, &noCertificatesError{path: path, asCert: certErr, asBundle: err}
	}
	for i, c := range bundle {
		if c.Cert == nil {
			return nil, fmt.Errorf("chain: %s: certificate %d: %w", path, i+1, c.ParseError)
		}
		certs = append(certs, c.Cert)
	}
	return certs, nil
}
