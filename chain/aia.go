package chain

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"os"
	"path/filepath"

	"github.com/gostverify/gostverify/internal/diskcache"
	"github.com/gostverify/gostverify/internal/fetch"
)

// AIA downloads issuer candidates from the "CA Issuers" URLs of a
// certificate's Authority Information Access extension (RFC 5280 section
// 4.2.2.1). Use its Issuers method as Options.FetchIssuers.
type AIA struct {
	Client *fetch.Client
	// CacheDir, when set, keeps downloaded bodies, so that the next run
	// (or another process) needs no network: aia/<SHA-256 of the URL>
	// names the SHA-256 of the body, kept in blobs/<that hash>. Files are
	// written through a temporary file and a rename, so processes sharing
	// the cache never see a partial entry, and a body whose hash does not
	// match its name is ignored.
	CacheDir string
	// Attempts records every download tried, for reports.
	Attempts []fetch.Attempt
	// Context bounds all downloads; nil means context.Background().
	Context context.Context
}

// Issuers returns the certificates found at cert's CA Issuers URLs, tried
// in order until one gives at least one certificate. What it returns is a
// candidate for path building, never trusted by itself. A cached entry is
// used only when one of its certificates signed cert; otherwise it is
// downloaded again and replaced.
func (a *AIA) Issuers(cert *x509.Certificate) []Candidate {
	ctx := a.Context
	if ctx == nil {
		ctx = context.Background()
	}
	for _, url := range cert.IssuingCertificateURL {
		if certs := a.cachedIssuers(url, cert); certs != nil {
			a.Attempts = append(a.Attempts, fetch.Attempt{Method: "CACHE", URL: url, FinalURL: url})
			return candidates(certs, "cache")
		}
		data, att, err := a.Client.Get(ctx, url)
		if err != nil {
			a.Attempts = append(a.Attempts, att)
			continue
		}
		certs, err := ParseCertificates(data, url)
		if err != nil || len(certs) == 0 {
			att.Err = "not a certificate, PEM or .p7b bundle"
			if err != nil {
				att.Err = err.Error()
			}
			a.Attempts = append(a.Attempts, att)
			continue
		}
		a.Attempts = append(a.Attempts, att)
		a.store(url, data)
		return candidates(certs, url)
	}
	return nil
}

func candidates(certs []*x509.Certificate, source string) []Candidate {
	out := make([]Candidate, len(certs))
	for i, c := range certs {
		out[i] = Candidate{Cert: c, Source: source}
	}
	return out
}

func (a *AIA) cachePath(url string) string {
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(a.CacheDir, "aia", hex.EncodeToString(sum[:]))
}

func (a *AIA) blobPath(hash string) string {
	return filepath.Join(a.CacheDir, "blobs", hash)
}

// cachedIssuers returns the cached certificates for url when one of them
// signed cert, else nil.
func (a *AIA) cachedIssuers(url string, cert *x509.Certificate) []*x509.Certificate {
	if a.CacheDir == "" {
		return nil
	}
	hash, err := os.ReadFile(a.cachePath(url))
	if err != nil {
		return nil
	}
	data, err := os.ReadFile(a.blobPath(string(hash)))
	if err != nil {
		return nil
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != string(hash) {
		return nil // damaged: download again
	}
	certs, err := ParseCertificates(data, url)
	if err != nil {
		return nil
	}
	for _, c := range certs {
		if CheckSignature(cert, c) == nil {
			return certs
		}
	}
	return nil
}

// store keeps the body in the cache. A cache that cannot be written is not
// an error: the next run downloads again.
func (a *AIA) store(url string, data []byte) {
	if a.CacheDir == "" {
		return
	}
	sum := sha256.Sum256(data)
	hash := hex.EncodeToString(sum[:])
	if diskcache.WriteFile(a.blobPath(hash), data) == nil {
		diskcache.WriteFile(a.cachePath(url), []byte(hash))
	}
}
