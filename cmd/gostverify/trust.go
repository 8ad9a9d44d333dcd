package main

import (
	"crypto/x509"
	"errors"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

// trust is what the commands need to build paths and check revocation,
// from the flags.
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

// verifyOptions configure the run of verify or batch: one
// verify.Verifier, which owns every cache shared between the signatures it
// checks.
func (t *trust) verifyOptions(f *verifyFlags) verify.Options {
	return verify.Options{
		Certificates: t.certs, Roots: t.roots, Time: t.at, AIA: t.aia,
		RevocationOff: f.revocation == "none", OCSP: t.ocsp, CRL: t.crl,
		NetworkBudget: budget(f.budget), Policy: f.policyOf(),
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
	t.ocsp, t.crl = f.revocationClients(f.revocation)
	return t, nil
}

// revocationClients are the OCSP and CRL clients the methods (as
// --revocation says them) select; nil for a method not selected.
func (f *verifyFlags) revocationClients(methods string) (*ocspclient.Client, *ocspclient.CRLChecker) {
	var (
		ocsp *ocspclient.Client
		crl  *ocspclient.CRLChecker
	)
	if methods == "ocsp" || methods == "ocsp,crl" {
		ocsp = &ocspclient.Client{HTTP: &fetch.Client{Timeout: f.timeout, Offline: f.offline}, RequireNonce: f.requireNonce, CacheDir: cacheDir(f.cacheDir)}
	}
	if methods == "crl" || methods == "ocsp,crl" {
		// Real CAs publish CRLs of tens of megabytes.
		crlClient := &fetch.Client{Timeout: f.timeout, Offline: f.offline, MaxSize: 256 << 20}
		crl = &ocspclient.CRLChecker{HTTP: crlClient, CacheDir: cacheDir(f.cacheDir)}
	}
	return ocsp, crl
}

// language is --lang (checked by check), else the environment's.
func (f *verifyFlags) language() i18n.Lang {
	l, _ := i18n.Parse(f.lang)
	return l
}

// budget is --network-budget as verify.Options.NetworkBudget: 0 there is
// the default, here no bound.
func budget(flag time.Duration) time.Duration {
	if flag <= 0 {
		return -1
	}
	return flag
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
func loadCertArg(path string, l i18n.Lang) ([]*x509.Certificate, error) {
	certs, err := chain.LoadCertificates(path)
	if err == nil && len(certs) == 0 {
		err = errors.New(l.Sprintf(i18n.ErrCertFileEmpty, path))
	}
	return certs, err
}

// fail reports err and returns exit code 3: a usage mistake with the
// pointer to --help, anything else as an error.
func (c *command) fail(stderr io.Writer, err error) int {
	var ue *usageError
	if errors.As(err, &ue) {
		return c.usageError(stderr, ue.msg)
	}
	return c.errorExit(stderr, err)
}
