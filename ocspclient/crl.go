package ocspclient

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/internal/diskcache"
	"github.com/gostverify/gostverify/internal/fetch"
)

// The CRL classes of failure. A CRL's bad signature, staleness and
// thisUpdate in the future reuse BadSignature, Stale and NotYetValid;
// transport failures keep the class of the [fetch.Error] (an ldap:// URL
// is fetch's "unsupported_scheme"); Class.Explain explains them too.
const (
	NotCRL            Class = "not_crl"
	CRLWrongIssuer    Class = "crl_wrong_issuer"
	CRLSignNotAllowed Class = "crl_sign_not_allowed"
	NoCRLURL          Class = "no_crl_url"
)

var crlExplanations = map[Class]string{
	NotCRL:            "the document is not a CRL (an HTML page, an error text, or a truncated or corrupted file)",
	CRLWrongIssuer:    "the CRL is issued by another CA than the certificate's issuer (another name or key identifier)",
	CRLSignNotAllowed: "the issuer's key usage does not allow it to sign CRLs (no cRLSign)",
	NoCRLURL:          "the certificate has no CRL distribution point with an http or https URL",
	BadSignature:      "the signature on the CRL does not verify: the CRL was altered or signed with another key",
	Stale:             "the CRL is out of date: its nextUpdate has passed",
	NotYetValid:       "the CRL's thisUpdate is in the future: check the clocks",
}

// DefaultCRLMaxSize is the size cap on a fetched CRL when CRLChecker.HTTP
// is nil.
const DefaultCRLMaxSize = 64 << 20

// CRLChecker checks a certificate against CRLs (RFC 5280 section 5). The
// zero value is ready to use.
//
// It verifies a CRL fully before using it: it parses as DER; its issuer
// name is the issuer certificate's subject (and the certificate's issuer,
// byte for byte); its authorityKeyIdentifier, when both it and the issuer's
// subjectKeyIdentifier are present, matches; the issuer's keyUsage, when
// present, includes cRLSign; the signature verifies over tbsCertList as
// received (GOST R 34.10 with package gost, RSA and ECDSA with
// crypto/x509); thisUpdate is not in the future and nextUpdate, when
// present, not in the past (5 minutes of clock skew allowed).
//
// It does not handle delta CRLs, indirect CRLs (certificateIssuer entry
// extensions), issuingDistributionPoint scopes, or reject unknown critical
// extensions; it does not check that the issuer chains to an anchor (do
// that first).
type CRLChecker struct {
	HTTP *fetch.Client // transport; callers raise MaxSize for CRLs (nil: defaults with a 64 MiB cap)
	// CacheDir, when not "", holds verified CRLs as CacheDir/crl/<hex
	// SHA-256 of the URL>; an entry is used while Now() is before its
	// nextUpdate, and verified again on every load.
	CacheDir string
	Now      func() time.Time // default time.Now
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
// one verifies, and looks up cert's serial number in it. Only http and
// https URLs are fetched: an ldap:// URL fails with fetch's
// unsupported_scheme class and the next one is tried. When every URL
// fails, the error is the last *Error, with the earlier failures in its
// Previous; the Result returned alongside it holds the Attempts.
func (c *CRLChecker) Check(ctx context.Context, cert, issuer *x509.Certificate) (*CRLResult, error) {
	res := &CRLResult{RevocationReason: -1}
	if cert == nil || issuer == nil {
		return res, &Error{Class: BadInput, Err: errors.New("certificate or issuer missing")}
	}
	if len(cert.CRLDistributionPoints) == 0 {
		return res, &Error{Class: NoCRLURL, Err: fmt.Errorf("certificate %X has no CRL distribution point", cert.SerialNumber)}
	}
	var errs []error
	for _, u := range cert.CRLDistributionPoints {
		r, err := c.checkURL(ctx, u, cert, issuer, res)
		if err == nil {
			r.Attempts = res.Attempts
			return r, nil
		}
		errs = append(errs, err)
	}
	last := errs[len(errs)-1]
	var oe *Error
	if errors.As(last, &oe) {
		oe.Previous = append(oe.Previous, errs[:len(errs)-1]...)
	}
	return res, last
}

// CheckCRL checks cert against der, a CRL given directly (for example
// carried in a signature).
func (c *CRLChecker) CheckCRL(der []byte, cert, issuer *x509.Certificate) (*CRLResult, error) {
	if cert == nil || issuer == nil {
		return nil, &Error{Class: BadInput, Err: errors.New("certificate or issuer missing")}
	}
	rl, class, err := verifyCRL(der, cert, issuer, c.now())
	if err != nil {
		return nil, &Error{Class: class, Err: err}
	}
	return lookup(rl, cert, ""), nil
}

func (c *CRLChecker) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// checkURL uses the cached CRL of url if it is still valid, and fetches it
// otherwise. Attempts are appended to res.
func (c *CRLChecker) checkURL(ctx context.Context, url string, cert, issuer *x509.Certificate, res *CRLResult) (*CRLResult, error) {
	now := c.now()
	if path := c.cachePath(url); path != "" {
		if der, err := os.ReadFile(path); err == nil {
			start := time.Now()
			att := Attempt{Method: "CACHE", URL: url}
			rl, class, err := verifyCRL(der, cert, issuer, now)
			if err == nil && !rl.NextUpdate.IsZero() && now.Before(rl.NextUpdate) {
				att.Elapsed = time.Since(start)
				res.Attempts = append(res.Attempts, att)
				r := lookup(rl, cert, url)
				r.FromCache = true
				return r, nil
			}
			if err == nil {
				class, err = Stale, fmt.Errorf("cached CRL's nextUpdate %v is not after now %v", rl.NextUpdate.UTC(), now.UTC())
			}
			att.Elapsed = time.Since(start)
			att.Class = class
			att.Err = (&Error{Class: class, URL: url, Err: err}).Error()
			res.Attempts = append(res.Attempts, att)
		}
	}

	hc := c.HTTP
	if hc == nil {
		hc = &fetch.Client{MaxSize: DefaultCRLMaxSize}
	}
	der, fa, err := hc.Get(ctx, url)
	res.Attempts = append(res.Attempts, attempt(fa, ""))
	if err != nil {
		var fe *fetch.Error
		if errors.As(err, &fe) {
			return nil, &Error{Class: Class(fe.Class), URL: url, Err: fe}
		}
		return nil, c.fail(res, NotCRL, url, err)
	}
	rl, class, err := verifyCRL(der, cert, issuer, now)
	if err != nil {
		return nil, c.fail(res, class, url, err)
	}
	c.store(url, der) // a cache that cannot be written only costs a fetch
	return lookup(rl, cert, url), nil
}

// fail records class on the last attempt and returns the *Error.
func (c *CRLChecker) fail(res *CRLResult, class Class, url string, err error) error {
	e := &Error{Class: class, URL: url, Err: err}
	if n := len(res.Attempts); n > 0 {
		res.Attempts[n-1].Class = class
		res.Attempts[n-1].Err = e.Error()
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

// verifyCRL parses der and checks it was issued, for cert, by issuer and
// is current at now. On failure it returns the class and the cause.
func verifyCRL(der []byte, cert, issuer *x509.Certificate, now time.Time) (*x509.RevocationList, Class, error) {
	rl, err := x509.ParseRevocationList(der)
	if err != nil {
		return nil, NotCRL, err
	}
	if !bytes.Equal(rl.RawIssuer, issuer.RawSubject) {
		return nil, CRLWrongIssuer, fmt.Errorf("CRL issuer %q is not the issuer certificate's subject %q", rl.Issuer, issuer.Subject)
	}
	if !bytes.Equal(cert.RawIssuer, rl.RawIssuer) {
		return nil, CRLWrongIssuer, fmt.Errorf("CRL issuer %q is not the certificate's issuer %q", rl.Issuer, cert.Issuer)
	}
	if len(rl.AuthorityKeyId) > 0 && len(issuer.SubjectKeyId) > 0 && !bytes.Equal(rl.AuthorityKeyId, issuer.SubjectKeyId) {
		return nil, CRLWrongIssuer, fmt.Errorf("CRL authority key identifier %X is not the issuer's subject key identifier %X", rl.AuthorityKeyId, issuer.SubjectKeyId)
	}
	if issuer.KeyUsage != 0 && issuer.KeyUsage&x509.KeyUsageCRLSign == 0 {
		return nil, CRLSignNotAllowed, fmt.Errorf("issuer %q has no cRLSign key usage", issuer.Subject)
	}
	if err := checkCRLSignature(rl, issuer); err != nil {
		return nil, BadSignature, err
	}
	// RFC 5280 section 5.1.2.4 and 5.1.2.5.
	if rl.ThisUpdate.After(now.Add(DefaultSkewAllowance)) {
		return nil, NotYetValid, fmt.Errorf("thisUpdate %v is after now %v", rl.ThisUpdate.UTC(), now.UTC())
	}
	if !rl.NextUpdate.IsZero() && rl.NextUpdate.Before(now.Add(-DefaultSkewAllowance)) {
		return nil, Stale, fmt.Errorf("nextUpdate %v is before now %v", rl.NextUpdate.UTC(), now.UTC())
	}
	return rl, "", nil
}

// checkCRLSignature verifies the signature over tbsCertList as received
// with the outer signatureAlgorithm.
func checkCRLSignature(rl *x509.RevocationList, issuer *x509.Certificate) error {
	if rl.SignatureAlgorithm != x509.UnknownSignatureAlgorithm {
		// Not rl.CheckSignatureFrom: it also checks the issuer's basic
		// constraints and key usage, which have their own classes here.
		return issuer.CheckSignature(rl.SignatureAlgorithm, rl.RawTBSRevocationList, rl.Signature)
	}
	alg, err := crlSignatureAlgorithm(rl.Raw)
	if err != nil {
		return err
	}
	key, err := gost.ParsePublicKey(issuer.RawSubjectPublicKeyInfo)
	if err != nil {
		return fmt.Errorf("signature algorithm %v with an issuer key that is not GOST: %w", alg.Algorithm, err)
	}
	return key.Verify(alg, rl.RawTBSRevocationList, rl.Signature)
}

// crlSignatureAlgorithm returns the outer signatureAlgorithm of a CRL as
// written (RFC 5280 section 5.1: CertificateList ::= SEQUENCE {
// tbsCertList, signatureAlgorithm, signatureValue }): crypto/x509 does not
// expose GOST OIDs.
func crlSignatureAlgorithm(raw []byte) (pkix.AlgorithmIdentifier, error) {
	var alg pkix.AlgorithmIdentifier
	in := cryptobyte.String(raw)
	var outer, algDER cryptobyte.String
	if !in.ReadASN1(&outer, cbasn1.SEQUENCE) || !outer.SkipASN1(cbasn1.SEQUENCE) ||
		!outer.ReadASN1Element(&algDER, cbasn1.SEQUENCE) {
		return alg, errors.New("malformed CRL")
	}
	if rest, err := asn1.Unmarshal(algDER, &alg); err != nil || len(rest) != 0 {
		return alg, errors.New("malformed CRL signature algorithm")
	}
	return alg, nil
}

var oidCRLReason = asn1.ObjectIdentifier{2, 5, 29, 21}

// lookup looks cert's serial number up in a verified CRL.
func lookup(rl *x509.RevocationList, cert *x509.Certificate, url string) *CRLResult {
	r := &CRLResult{
		Status: Good, URL: url, ThisUpdate: rl.ThisUpdate, NextUpdate: rl.NextUpdate,
		RevocationReason: -1,
	}
	for i := range rl.RevokedCertificateEntries {
		e := &rl.RevokedCertificateEntries[i]
		if e.SerialNumber.Cmp(cert.SerialNumber) != 0 {
			continue
		}
		r.Status, r.RevokedAt = Revoked, e.RevocationTime
		// ReasonCode is 0 both for "unspecified" and for no reasonCode
		// extension: tell them apart.
		for _, ext := range e.Extensions {
			if ext.Id.Equal(oidCRLReason) {
				r.RevocationReason = e.ReasonCode
			}
		}
		break
	}
	return r
}
