package ocspclient

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/gostverify/gostverify/internal/diskcache"
)

// The cache keeps one answer per responder URL and certificate: the CertID
// hash algorithm that was answered, a newline, and the DER response.

func (c *Client) cachePath(url string, cert, issuer *x509.Certificate) string {
	h := sha256.New()
	h.Write([]byte(url))
	h.Write([]byte{0})
	h.Write(issuer.RawSubjectPublicKeyInfo)
	h.Write([]byte{0})
	h.Write(cert.SerialNumber.Bytes())
	return filepath.Join(c.CacheDir, "ocsp", hex.EncodeToString(h.Sum(nil)))
}

// cached returns a cached answer that still verifies and is before its
// nextUpdate, or nil.
func (c *Client) cached(url string, cert, issuer *x509.Certificate) *Result {
	if c.CacheDir == "" || c.RequireNonce {
		return nil
	}
	data, err := os.ReadFile(c.cachePath(url, cert, issuer))
	if err != nil {
		return nil
	}
	alg, der, ok := bytes.Cut(data, []byte{'\n'})
	if !ok {
		return nil
	}
	h := HashAlg(alg)
	id, err := newCertID(h, cert, issuer)
	if err != nil {
		return nil
	}
	r, _, err := c.evaluate(der, id, nil, cert, issuer, h)
	if err != nil || r.NextUpdate.IsZero() || !c.now().Before(r.NextUpdate) {
		return nil
	}
	r.Attempts = []Attempt{{Method: "CACHE", URL: url, Hash: h}}
	return r
}

// store keeps an answer with a nextUpdate, through a temporary file and a
// rename; a cache that cannot be written is not an error.
func (c *Client) store(url string, cert, issuer *x509.Certificate, h HashAlg, der []byte, r *Result) {
	if c.CacheDir == "" || r.NextUpdate.IsZero() {
		return
	}
	diskcache.WriteFile(c.cachePath(url, cert, issuer), append([]byte(string(h)+"\n"), der...))
}
