package chain

import (
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"os"
	"path/filepath"
	"sync"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/diskcache"
	"github.com/gostverify/gostverify/internal/once"
)

// AIA downloads issuer candidates from the "CA Issuers" URLs of a
// certificate's Authority Information Access extension (RFC 5280 section
// 4.2.2.1). Use For(ctx) as Options.FetchIssuers.
type AIA struct {
	Client *fetch.Client
	// CacheDir, when set, keeps downloaded bodies, so that the next run
	// (or another process) needs no network: aia/<SHA-256 of the URL>
	// names the SHA-256 of the body, kept in blobs/<that hash>. Files are
	// written through a temporary file and a rename, so processes sharing
	// the cache never see a partial entry, and a body whose hash does not
	// match its name is ignored.
	CacheDir string
	// Attempts records every download tried, for reports; read it when
	// no Issuers call is running.
	Attempts []fetch.Attempt
	mu       sync.Mutex                 // guards Attempts
	fetched  once.Map[string, aiaFetch] // by URL
}

// Issuers returns the certificates found at cert's CA Issuers URLs, tried
// in order until one gives at least one certificate. What it returns is a
// candidate for path building, never trusted by itself. A cached entry is
// used only when one of its certificates signed cert; otherwise it is
// downloaded again and replaced. Each URL is fetched (or read from the
// cache) once in the AIA's lifetime, however many certificates and
// goroutines ask: the outcome, a failure included, is remembered. ctx
// bounds the downloads.
func (a *AIA) Issuers(ctx context.Context, cert *x509.Certificate) []Candidate {
	cands, _ := a.Lookup(ctx, cert)
	return cands
}

// Lookup is Issuers that also returns the attempt behind each URL it
// asked, in order: a URL asked before in the AIA's lifetime gives the
// attempt remembered from then, so every signature can say what was tried
// for it.
func (a *AIA) Lookup(ctx context.Context, cert *x509.Certificate) ([]Candidate, []fetch.Attempt) {
	var tried []fetch.Attempt
	for _, url := range cert.IssuingCertificateURL {
		f := a.once(ctx, url, cert)
		tried = append(tried, f.attempt)
		if f.certs != nil {
			return candidates(f.certs, f.source), tried
		}
	}
	return nil, tried
}

// For returns Issuers bound to ctx, to be used as Options.FetchIssuers.
func (a *AIA) For(ctx context.Context) func(*x509.Certificate) []Candidate {
	return func(cert *x509.Certificate) []Candidate { return a.Issuers(ctx, cert) }
}

// aiaFetch is the outcome of one URL: certs is nil when it gave none.
type aiaFetch struct {
	certs   []*x509.Certificate
	source  string
	attempt fetch.Attempt
}

// once returns the outcome of url, fetching it if no goroutine has.
func (a *AIA) once(ctx context.Context, url string, cert *x509.Certificate) aiaFetch {
	return a.fetched.Do(url, func() aiaFetch {
		certs, source, att := a.fetch(ctx, url, cert)
		a.mu.Lock()
		a.Attempts = append(a.Attempts, att)
		a.mu.Unlock()
		return aiaFetch{certs, source, att}
	})
}

// fetch reads url's certificates from the cache or downloads them, and
// says how.
func (a *AIA) fetch(ctx context.Context, url string, cert *x509.Certificate) ([]*x509.Certificate, string, fetch.Attempt) {
	if certs := a.cachedIssuers(url, cert); certs != nil {
		return certs, "cache", fetch.Attempt{Method: "CACHE", URL: url, FinalURL: url}
	}
	data, att, err := a.Client.Get(ctx, url)
	if err != nil {
		return nil, "", att
	}
	certs, err := ParseCertificates(data, url)
	if err != nil || len(certs) == 0 {
		att.Err = "not a certificate, PEM or .p7b bundle"
		if err != nil {
			att.Err = err.Error()
		}
		return nil, "", att
	}
	a.store(url, data)
	return certs, url, att
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
