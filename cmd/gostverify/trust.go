package main

import (
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

// trust is what verify and chain need to build paths, from the flags.
type trust struct {
	roots *chain.Store
	certs []*x509.Certificate
	at    time.Time
	// aia downloads issuers; with --offline it only reads the cache.
	aia *chain.AIA
	// ocsp and crl check revocation; each nil unless --revocation names it.
	ocsp *ocspclient.Client
	crl  *ocspclient.CRLChecker
}

// verifyOptions are the verify.Options of the flags, sharing link checks
// between the signatures of the run.
func (t *trust) verifyOptions(f *verifyFlags) verify.Options {
	return verify.Options{
		Certificates: t.certs, Roots: t.roots, Time: t.at,
		FetchIssuers: t.aia.Issuers, RevocationOff: f.revocation == "none", OCSP: t.ocsp, CRL: t.crl,
		Cache: &verify.Cache{},
	}
}

func (f *verifyFlags) trust() (*trust, error) {
	t := &trust{at: time.Now()}
	if f.at != "" {
		t.at, _ = time.Parse(time.RFC3339, f.at) // checked by f.check
	}
	var err error
	if len(f.roots) > 0 {
		t.roots, err = chain.LoadStore(f.roots)
	} else {
		t.roots, err = chain.DefaultStore()
	}
	if err != nil {
		return nil, err
	}
	if t.certs, err = loadAll(f.certs); err != nil {
		return nil, err
	}
	client := &fetch.Client{Timeout: f.timeout, Offline: f.offline}
	t.aia = &chain.AIA{Client: client, CacheDir: cacheDir(f.cacheDir)}
	// One process is one run: each certificate's status is asked once.
	memo := &ocspclient.Memo{}
	if f.revocation == "ocsp" || f.revocation == "ocsp,crl" {
		t.ocsp = &ocspclient.Client{HTTP: client, RequireNonce: f.requireNonce, CacheDir: cacheDir(f.cacheDir), Memo: memo}
	}
	if f.revocation == "crl" || f.revocation == "ocsp,crl" {
		// Real CAs publish CRLs of tens of megabytes.
		crlClient := &fetch.Client{Timeout: f.timeout, Offline: f.offline, MaxSize: 256 << 20}
		t.crl = &ocspclient.CRLChecker{HTTP: crlClient, CacheDir: cacheDir(f.cacheDir), Memo: memo}
	}
	return t, nil
}

// cacheDir is --cache-dir, else $XDG_CACHE_HOME/gostverify (~/.cache/gostverify).
func cacheDir(flag string) string {
	if flag != "" {
		return flag
	}
	if dir, err := os.UserCacheDir(); err == nil {
		return filepath.Join(dir, "gostverify")
	}
	return ""
}

// loadCertArg reads the certificates of a CERT argument; the first is the
// one the command is about.
func loadCertArg(path string) ([]*x509.Certificate, error) {
	certs, err := chain.LoadCertificates(path)
	if err == nil && len(certs) == 0 {
		err = fmt.Errorf("%s holds no certificate", path)
	}
	return certs, err
}
