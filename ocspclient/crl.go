package ocspclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/diskcache"
)

// DefaultCRLMaxSize is the size cap on a fetched CRL when CRLChecker.HTTP
// is nil.
const DefaultCRLMaxSize = 64 << 20

// CRLChecker checks a certificate against CRLs (RFC 5280 section 5). The
// zero value is ready to use.
//
// It verifies a CRL fully before using it: it parses as DER, with each
// extension at most once; its issuer
// name is the issuer certificate's subject (and the certificate's issuer,
// byte for byte); its authorityKeyIdentifier, when both it and the issuer's
// subjectKeyIdentifier are present, matches; the issuer's keyUsage, when
// present, includes cRLSign; the signature verifies over tbsCertList as
// received ([chain.VerifySignature]: GOST R 34.10 with package gost; RSA,
// ECDSA and Ed25519 with crypto/x509); thisUpdate is not in the future of
// the real clock (Now). The CRL speaks for the validation time given to
// Check or CheckCRL when it was issued after it (thisUpdate not before
// it), or else when it was still current then (nextUpdate, when present,
// not before it); 5 minutes of clock skew are allowed on each comparison.
//
// A CRL is parsed in place and its entries are walked once without being
// decoded, so a CRL of tens of megabytes costs its DER and little more.
// CRLs that cannot give a complete status are refused with
// CRLUnsupported (delta CRLs, indirect CRLs, CRLs for some reasons only,
// unknown critical CRL or entry extensions) or CRLOutOfScope (an
// issuingDistributionPoint limited to CA, end-entity or attribute
// certificates that excludes this one, or naming a distribution point
// whose URLs are none of the certificate's). It does
// not check that the issuer chains to an anchor (do that first).
type CRLChecker struct {
	HTTP *fetch.Client // transport; callers raise MaxSize for CRLs (nil: defaults with a 64 MiB cap)
	// CacheDir, when not "", holds verified CRLs as CacheDir/crl/<hex
	// SHA-256 of the URL>; an entry is used while Now() is before its
	// nextUpdate, and verified again on every load.
	CacheDir string
	// Now is the real clock, for the cache and the check that thisUpdate
	// is not in the future; not the validation time. Default time.Now.
	Now func() time.Time
	// Memo, when set, shares CRLs and answers between the checks of one
	// run: the Result and error returned are then shared and must not be
	// modified.
	Memo *Memo
}

// CRLResult is the verdict of a verified CRL about one certificate.
type CRLResult struct {
	Status                 Status    // Good or Revoked
	URL                    string    // the distribution point used; "" for a CRL given directly
	ThisUpdate, NextUpdate time.Time // NextUpdate is zero when the CRL gives none
	RevokedAt              time.Time
	RevocationReason       int // RFC 5280 CRLReason, -1 if none given
	FromCache              bool
	Attempts               []Attempt // every fetch and cache lookup, in order (Method "GET" or "CACHE")
}

// Check fetches the CRLs of cert's CRL distribution points in order until
// one verifies and speaks for the validation time at (zero: the real
// clock's now), and looks up cert's serial number in it. Only http and
// https URLs are fetched: an ldap:// URL fails with fetch's
// unsupported_scheme class and the next one is tried. When every URL
// fails, the error is the last *CRLError, with the earlier failures in its
// Previous; the Result returned alongside it holds the Attempts.
func (c *CRLChecker) Check(ctx context.Context, cert, issuer *x509.Certificate, at time.Time) (*CRLResult, error) {
	if c.Memo == nil || cert == nil || issuer == nil {
		return c.check0(ctx, cert, issuer, at)
	}
	type outcome struct{ r *CRLResult }
	parts := append([]string{string(cert.RawIssuer), cert.SerialNumber.String(), atKey(at)}, cert.CRLDistributionPoints...)
	v, err := c.Memo.do(memoKey("crl", issuer, parts...), func() (any, error) {
		r, err := c.check0(ctx, cert, issuer, at)
		return outcome{r}, err
	})
	return v.(outcome).r, err
}

// check0 is Check without the Memo.
func (c *CRLChecker) check0(ctx context.Context, cert, issuer *x509.Certificate, at time.Time) (*CRLResult, error) {
	res := &CRLResult{RevocationReason: -1}
	if cert == nil || issuer == nil {
		return res, &CRLError{Class: CRLBadInput, Err: errors.New("certificate or issuer missing")}
	}
	if len(cert.CRLDistributionPoints) == 0 {
		return res, &CRLError{Class: NoCRLURL, Err: fmt.Errorf("certificate %X has no CRL distribution point", cert.SerialNumber)}
	}
	var errs []error
	for _, u := range cert.CRLDistributionPoints {
		r, err := c.checkURL(ctx, u, cert, issuer, at, res)
		if err == nil {
			r.Attempts = res.Attempts
			return r, nil
		}
		errs = append(errs, err)
	}
	last := errs[len(errs)-1]
	if ce, ok := last.(*CRLError); ok && len(errs) > 1 {
		// A copy: the error of a URL may be shared through the Memo.
		cp := *ce
		cp.Previous = append(slices.Clip(ce.Previous), errs[:len(errs)-1]...)
		last = &cp
	}
	return res, last
}

// CheckCRL checks cert against der, a CRL given directly (for example
// carried in a signature), for the validation time at (zero: the real
// clock's now).
func (c *CRLChecker) CheckCRL(der []byte, cert, issuer *x509.Certificate, at time.Time) (*CRLResult, error) {
	if cert == nil || issuer == nil {
		return nil, &CRLError{Class: CRLBadInput, Err: errors.New("certificate or issuer missing")}
	}
	sum := sha256.Sum256(der)
	v, err := c.Memo.do(memoKey("crl-der", issuer, string(sum[:])), func() (any, error) {
		rl, class, err := verifyCRLIssuer(der, issuer, c.now())
		if err != nil {
			return (*crl)(nil), &CRLError{Class: class, Err: err}
		}
		return rl, nil
	})
	if err != nil {
		return nil, err
	}
	r, class, err := checkCert(v.(*crl), cert, "", at, c.now())
	if err != nil {
		return nil, &CRLError{Class: class, Err: err}
	}
	return r, nil
}

func (c *CRLChecker) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// checkURL looks cert up in the CRL at url, loaded once per Memo, if it
// speaks for the validation time at. Attempts are appended to res.
func (c *CRLChecker) checkURL(ctx context.Context, url string, cert, issuer *x509.Certificate, at time.Time, res *CRLResult) (*CRLResult, error) {
	v, err := c.Memo.do(memoKey("crl-url", issuer, url), func() (any, error) {
		return c.load(ctx, url, issuer)
	})
	l := v.(*loadedCRL)
	res.Attempts = append(res.Attempts, l.attempts...)
	if err != nil {
		return nil, err
	}
	r, class, err := checkCert(l.rl, cert, url, at, c.now())
	if err != nil {
		return nil, failed(&res.Attempts, class, url, err)
	}
	r.FromCache = l.fromCache
	return r, nil
}

// loadedCRL is the CRL of one URL, verified for its issuer; attempts
// records the cache lookup and fetch. It is shared through a Memo and
// never modified after load returns.
type loadedCRL struct {
	rl        *crl
	fromCache bool
	attempts  []Attempt
}

// load uses the cached CRL of url if, by the real clock, it is before its
// nextUpdate, and fetches it otherwise, and verifies it for issuer. The
// validation time plays no part: checkCert checks the CRL speaks for it.
// It never returns a nil *loadedCRL.
func (c *CRLChecker) load(ctx context.Context, url string, issuer *x509.Certificate) (*loadedCRL, error) {
	l := &loadedCRL{}
	now := c.now()
	if path := c.cachePath(url); path != "" {
		if der, err := os.ReadFile(path); err == nil {
			start := time.Now()
			att := Attempt{Method: "CACHE", URL: url}
			rl, class, err := verifyCRLIssuer(der, issuer, now)
			if err == nil && !rl.nextUpdate.IsZero() && now.Before(rl.nextUpdate) {
				att.Elapsed = time.Since(start)
				l.attempts = append(l.attempts, att)
				l.rl, l.fromCache = rl, true
				return l, nil
			}
			if err == nil {
				class, err = CRLStale, fmt.Errorf("cached CRL's nextUpdate %v is not after now %v", rl.nextUpdate.UTC(), now.UTC())
			}
			att.Elapsed = time.Since(start)
			att.Class = string(class)
			att.Err = (&CRLError{Class: class, URL: url, Err: err}).Error()
			l.attempts = append(l.attempts, att)
		}
	}

	hc := c.HTTP
	if hc == nil {
		hc = &fetch.Client{MaxSize: DefaultCRLMaxSize}
	}
	der, fa, err := hc.Get(ctx, url)
	l.attempts = append(l.attempts, attempt(fa, ""))
	if err != nil {
		var fe *fetch.Error
		if errors.As(err, &fe) {
			return l, &CRLError{Class: CRLClass(fe.Class), URL: url, Err: fe}
		}
		return l, failed(&l.attempts, NotCRL, url, err)
	}
	rl, class, err := verifyCRLIssuer(der, issuer, now)
	if err != nil {
		return l, failed(&l.attempts, class, url, err)
	}
	if !rl.nextUpdate.IsZero() && now.Before(rl.nextUpdate) {
		c.store(url, der) // a cache that cannot be written only costs a fetch
	}
	l.rl = rl
	return l, nil
}

// failed records class on the last of attempts and returns the *CRLError.
func failed(attempts *[]Attempt, class CRLClass, url string, err error) error {
	e := &CRLError{Class: class, URL: url, Err: err}
	if n := len(*attempts); n > 0 {
		(*attempts)[n-1].Class = string(class)
		(*attempts)[n-1].Err = e.Error()
	}
	return e
}

func (c *CRLChecker) cachePath(url string) string {
	if c.CacheDir == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(url))
	return filepath.Join(c.CacheDir, "crl", hex.EncodeToString(sum[:]))
}

// store writes der to the cache through a temporary file and a rename, so
// that a reader never sees a partial CRL.
func (c *CRLChecker) store(url string, der []byte) error {
	path := c.cachePath(url)
	if path == "" {
		return nil
	}
	return diskcache.WriteFile(path, der)
}

// verifyCRLIssuer parses der (DER, or PEM with an X509 CRL label) and
// checks it was issued by issuer and not in the future of the real clock's
// now. On failure it returns the class and the cause.
func verifyCRLIssuer(der []byte, issuer *x509.Certificate, now time.Time) (*crl, CRLClass, error) {
	if bytes.HasPrefix(bytes.TrimLeft(der, " \t\r\n"), []byte("-----BEGIN")) {
		if b, _ := pem.Decode(der); b != nil {
			der = b.Bytes
		}
	}
	rl, err := parseCRL(der)
	if err != nil {
		return nil, NotCRL, err
	}
	if !bytes.Equal(rl.rawIssuer, issuer.RawSubject) {
		return nil, CRLWrongIssuer, fmt.Errorf("CRL issuer %q is not the issuer certificate's subject %q", rl.issuerName(), issuer.Subject)
	}
	if len(rl.authorityKeyID) > 0 && len(issuer.SubjectKeyId) > 0 && !bytes.Equal(rl.authorityKeyID, issuer.SubjectKeyId) {
		return nil, CRLWrongIssuer, fmt.Errorf("CRL authority key identifier %X is not the issuer's subject key identifier %X", rl.authorityKeyID, issuer.SubjectKeyId)
	}
	if issuer.KeyUsage != 0 && issuer.KeyUsage&x509.KeyUsageCRLSign == 0 {
		return nil, CRLSignNotAllowed, fmt.Errorf("issuer %q has no cRLSign key usage", issuer.Subject)
	}
	// Not RevocationList.CheckSignatureFrom: it also checks the issuer's
	// basic constraints and key usage, which have their own classes here.
	if err := chain.VerifySignature(issuer, rl.sigAlg, rl.tbs, rl.signature); err != nil {
		return nil, CRLBadSignature, err
	}
	// The clock check of RFC 5280 section 5.1.2.4; whether the CRL speaks
	// for the validation time is checkCert's.
	if fault, err := checkTimes(rl.thisUpdate, time.Time{}, now, now, DefaultSkewAllowance); fault != timesOK {
		return nil, CRLNotYetValid, err
	}
	return rl, "", nil
}

// checkCert checks that a CRL verified for cert's issuer covers cert and
// speaks for the validation time at (zero: now, the real clock), and looks
// cert's serial number up in it.
func checkCert(rl *crl, cert *x509.Certificate, url string, at, now time.Time) (*CRLResult, CRLClass, error) {
	if !bytes.Equal(cert.RawIssuer, rl.rawIssuer) {
		return nil, CRLWrongIssuer, fmt.Errorf("CRL issuer %q is not the certificate's issuer %q", rl.issuerName(), cert.Issuer)
	}
	// RFC 5280 sections 5.1.2.4 and 5.1.2.5, for the validation time.
	switch fault, err := checkTimes(rl.thisUpdate, rl.nextUpdate, orNow(at, now), now, DefaultSkewAllowance); fault {
	case notYetValid:
		return nil, CRLNotYetValid, err
	case stale:
		return nil, CRLStale, err
	}
	if class, err := checkScope(rl, cert); err != nil {
		return nil, class, err
	}
	return lookup(rl, cert, url)
}

// checkScope refuses CRLs that cannot give cert a complete status: delta
// CRLs, indirect CRLs, CRLs for some reasons only, CRLs with an unknown
// critical extension (RFC 5280 section 5.2), and CRLs whose
// issuingDistributionPoint excludes cert's kind.
func checkScope(rl *crl, cert *x509.Certificate) (CRLClass, error) {
	switch {
	case rl.delta:
		return CRLUnsupported, errors.New("the CRL is a delta CRL (deltaCRLIndicator); only complete CRLs are used")
	case rl.unknownCritical != "":
		return CRLUnsupported, fmt.Errorf("the CRL has a critical extension %v that gostverify does not handle", rl.unknownCritical)
	case rl.idp == nil:
		return "", nil
	case rl.idp.indirectCRL:
		return CRLUnsupported, errors.New("the CRL is an indirect CRL (issuingDistributionPoint indirectCRL)")
	case rl.idp.onlySomeReasons:
		return CRLUnsupported, errors.New("the CRL covers only some revocation reasons (issuingDistributionPoint onlySomeReasons)")
	}
	isCA := cert.BasicConstraintsValid && cert.IsCA
	switch {
	case rl.idp.onlyAttributeCerts:
		return CRLOutOfScope, errors.New("the CRL covers only attribute certificates")
	case rl.idp.onlyCACerts && !isCA:
		return CRLOutOfScope, errors.New("the CRL covers only CA certificates and this is an end-entity certificate")
	case rl.idp.onlyUserCerts && isCA:
		return CRLOutOfScope, errors.New("the CRL covers only end-entity certificates and this is a CA certificate")
	}
	return checkDistributionPoint(rl.idp, cert)
}

// checkDistributionPoint refuses a CRL for one distribution point (a
// partitioned CRL) that is not one of cert's (RFC 5280 section 6.3.3
// (b)(2)(i)): it may not list cert at all, and "not listed" would be a
// false good. Names are compared as URIs, byte for byte.
func checkDistributionPoint(idp *issuingDistributionPoint, cert *x509.Certificate) (CRLClass, error) {
	if !idp.named {
		return "", nil
	}
	for _, u := range idp.uris {
		if slices.Contains(cert.CRLDistributionPoints, u) {
			return "", nil
		}
	}
	if len(idp.uris) == 0 {
		return CRLUnsupported, errors.New("the CRL is for a distribution point named other than by URL, which gostverify does not match against the certificate's")
	}
	if len(cert.CRLDistributionPoints) == 0 {
		return CRLOutOfScope, fmt.Errorf("the CRL covers only the certificates of distribution point %s, and this certificate names none", strings.Join(idp.uris, ", "))
	}
	return CRLOutOfScope, fmt.Errorf("the CRL covers only the certificates of distribution point %s, not this certificate's (%s)",
		strings.Join(idp.uris, ", "), strings.Join(cert.CRLDistributionPoints, ", "))
}

// lookup looks cert's serial number up in a verified CRL.
func lookup(rl *crl, cert *x509.Certificate, url string) (*CRLResult, CRLClass, error) {
	if cert.SerialNumber == nil {
		return nil, CRLBadInput, errors.New("certificate without a serial number")
	}
	serial, err := serialContents(cert.SerialNumber)
	if err != nil {
		return nil, CRLBadInput, err
	}
	e, err := rl.find(serial)
	if err != nil {
		var ue *unsupportedCRLError
		if errors.As(err, &ue) {
			return nil, CRLUnsupported, err
		}
		return nil, NotCRL, err
	}
	r := &CRLResult{
		Status: Good, URL: url, ThisUpdate: rl.thisUpdate, NextUpdate: rl.nextUpdate,
		RevocationReason: -1,
	}
	if e != nil {
		r.Status, r.RevokedAt, r.RevocationReason = Revoked, e.revokedAt, e.reason
	}
	return r, "", nil
}
