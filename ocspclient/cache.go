package ocspclient

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gostverify/gostverify/internal/diskcache"
)

// The cache keeps one answer per responder URL and certificate: a header
// line, "<CertID hash algorithm answered> <expiry, Unix seconds, 0 for
// none>", then the DER response. An answer is used until its nextUpdate,
// or until the expiry set by the response's Cache-Control max-age when
// that comes first (RFC 5019 section 6.2).

func (c *Client) cachePath(url string, cert, issuer *x509.Certificate) string {
	h := sha256.New()
	h.Write([]byte(url))
	h.Write([]byte{0})
	h.Write(issuer.RawSubjectPublicKeyInfo)
	h.Write([]byte{0})
	h.Write(cert.SerialNumber.Bytes())
	return filepath.Join(c.CacheDir, "ocsp", hex.EncodeToString(h.Sum(nil)))
}

// cached returns a cached answer that still verifies for the validation
// time at and is, by the real clock, before its nextUpdate, or nil.
func (c *Client) cached(url string, cert, issuer *x509.Certificate, at time.Time) *Result {
	if c.CacheDir == "" || c.RequireNonce {
		return nil
	}
	data, err := os.ReadFile(c.cachePath(url, cert, issuer))
	if err != nil {
		return nil
	}
	header, der, ok := bytes.Cut(data, []byte{'\n'})
	if !ok {
		return nil
	}
	alg, expiry, ok := strings.Cut(string(header), " ")
	if !ok {
		return nil
	}
	until, err := strconv.ParseInt(expiry, 10, 64)
	if err != nil || (until != 0 && !c.now().Before(time.Unix(until, 0))) {
		return nil
	}
	h := HashAlg(alg)
	id, err := newCertID(h, cert, issuer)
	if err != nil {
		return nil
	}
	r, _, err := c.evaluate(der, id, nil, cert, issuer, h, at)
	if err != nil || r.NextUpdate.IsZero() || !c.now().Before(r.NextUpdate) {
		return nil
	}
	r.Attempts = []Attempt{{Method: "CACHE", URL: url, Hash: h}}
	return r
}

// store keeps an answer with a nextUpdate, through a temporary file and a
// rename, unless cacheControl (the response's Cache-Control header) says
// no-store or no-cache; a cache that cannot be written is not an error.
func (c *Client) store(url string, cert, issuer *x509.Certificate, h HashAlg, der []byte, r *Result, cacheControl string) {
	if c.CacheDir == "" || r.NextUpdate.IsZero() {
		return
	}
	maxAge, cacheable := parseCacheControl(cacheControl)
	if !cacheable {
		return
	}
	var until int64
	if maxAge >= 0 {
		until = c.now().Add(maxAge).Unix()
	}
	header := fmt.Sprintf("%s %d\n", h, until)
	diskcache.WriteFile(c.cachePath(url, cert, issuer), append([]byte(header), der...))
}

// parseCacheControl returns the max-age of a Cache-Control header (-1
// when none) and whether the response may be stored at all (RFC 9111
// section 5.2.2: no-store and no-cache forbid reuse without asking again).
func parseCacheControl(header string) (maxAge time.Duration, cacheable bool) {
	maxAge = -1
	for _, d := range strings.Split(header, ",") {
		name, value, _ := strings.Cut(strings.TrimSpace(d), "=")
		switch strings.ToLower(name) {
		case "no-store", "no-cache":
			return 0, false
		case "max-age":
			n, err := strconv.ParseInt(strings.Trim(value, `"`), 10, 64)
			if err != nil || n < 0 {
				return 0, false // unreadable: do not keep what cannot be bounded
			}
			if n > 1<<31 {
				n = 1 << 31
			}
			maxAge = time.Duration(n) * time.Second
		}
	}
	return maxAge, true
}
