package ocspclient

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
)

// DefaultSkewAllowance is the clock skew tolerated on thisUpdate and
// nextUpdate when Client.SkewAllowance is zero.
const DefaultSkewAllowance = 5 * time.Minute

// Client checks certificates over OCSP. The zero value is ready to use.
type Client struct {
	HTTP          *fetch.Client // transport (timeouts, size caps, failure classes); nil: defaults
	RequireNonce  bool          // fail with NonceMissing when the response does not echo the nonce
	SkewAllowance time.Duration // for thisUpdate and nextUpdate; default 5 minutes
	// Now is the real clock, for the check that thisUpdate is not in the
	// future and for the cache; not the validation time, which is Check's
	// at. Default time.Now.
	Now func() time.Time
	// CacheDir, when set, keeps good and revoked answers that carry a
	// nextUpdate under CacheDir/ocsp until then, or until the response's
	// Cache-Control max-age runs out if sooner (no-store and no-cache:
	// not kept); a cached answer is verified again when used, and never
	// used with RequireNonce.
	CacheDir string
	// Memo, when set, shares answers between the checks of one run: the
	// Result and error returned are then shared and must not be modified.
	Memo *Memo
}

// Status is the certificate status given by the responder.
type Status string

// The certificate statuses of RFC 6960 section 2.2.
const (
	Good    Status = "good"
	Revoked Status = "revoked"
	Unknown Status = "unknown"
)

// Result is a verified answer of an OCSP responder.
type Result struct {
	Status                 Status
	ThisUpdate, NextUpdate time.Time // NextUpdate is zero when the responder gave none
	RevokedAt              time.Time
	RevocationReason       int // RFC 5280 CRLReason, -1 if none given

	ProducedAt  time.Time         // the response's producedAt
	Responder   *x509.Certificate // the certificate that signed the response
	Delegated   bool              // Responder is a delegated OCSP signer, not the issuer
	NoCheck     bool              // Responder carries id-pkix-ocsp-nocheck
	NonceEchoed bool

	Attempts []Attempt // every request made, in order
}

// Attempt records one request.
type Attempt struct {
	Method      string // POST or GET
	URL         string
	Status      int // HTTP status; 0 when there was no response
	ContentType string
	// CacheControl is the response's Cache-Control header: its max-age
	// limits how long the answer is cached (RFC 5019 section 6.2).
	CacheControl string
	Elapsed      time.Duration
	Hash         HashAlg // of the CertID; "" for a CRL
	// Class is the failure's class, "" on success: a Class value for an
	// OCSP request, a CRLClass value for a CRL fetch or cache lookup (a
	// transport failure's is its fetch.Class value either way).
	Class string
	Err   string // "" on success
}

// hashOrder is the order of CertID hash algorithms: SHA-1 is what every
// responder must support (RFC 5019); some answer "unknown" or
// "unauthorized" to it and only know SHA-256 or Streebog-256.
var hashOrder = []HashAlg{SHA1, SHA256, Streebog256}

// Check asks the OCSP responder at url about cert, issued by issuer, and
// verifies the answer for the validation time at (zero: the real clock's
// now). It returns a Result for a verified good, revoked or unknown
// answer, and an *Error otherwise. The Attempts of a failed check are in
// the Result returned alongside the error, which is never nil.
//
// The answer speaks for at when it was produced after at (thisUpdate not
// before at, allowing SkewAllowance), or else when it was still current at
// at (nextUpdate not before at); its thisUpdate must not be in the future
// of the real clock (Now).
func (c *Client) Check(ctx context.Context, cert, issuer *x509.Certificate, url string, at time.Time) (*Result, error) {
	if c.Memo == nil || cert == nil || issuer == nil {
		return c.check0(ctx, cert, issuer, url, at)
	}
	type outcome struct{ r *Result }
	v, err := c.Memo.do(memoKey("ocsp", issuer, url, string(cert.RawIssuer), cert.SerialNumber.String(), atKey(at)), func() (any, error) {
		r, err := c.check0(ctx, cert, issuer, url, at)
		return outcome{r}, err
	})
	return v.(outcome).r, err
}

// check0 is Check without the Memo.
func (c *Client) check0(ctx context.Context, cert, issuer *x509.Certificate, url string, at time.Time) (*Result, error) {
	if r := c.cached(url, cert, issuer, at); r != nil {
		return r, nil
	}
	res := &Result{}
	var (
		prev    []error
		unknown *Result // a verified "unknown" answer to an earlier CertID
	)
	for i, h := range hashOrder {
		r, err := c.check(ctx, cert, issuer, url, h, at, res)
		last := i == len(hashOrder)-1
		if err != nil {
			if unknown != nil {
				// The retry failed: the earlier verified answer stands.
				unknown.Attempts = res.Attempts
				return unknown, nil
			}
			var oe *Error
			if errors.As(err, &oe) && oe.Class == Unauthorized && !last {
				prev = append(prev, err)
				continue
			}
			if oe != nil && len(prev) > 0 {
				oe.Previous = append(oe.Previous, prev...)
			}
			return res, err
		}
		r.Attempts = res.Attempts
		if r.Status == Unknown && !last {
			unknown = r
			continue
		}
		return r, nil
	}
	panic("unreachable")
}

// check makes one request with CertID hash h (POST, then GET on HTTP 405)
// and verifies the response for the validation time at (exchange), and
// caches a definite answer. Attempts are appended to res.
func (c *Client) check(ctx context.Context, cert, issuer *x509.Certificate, rawURL string, h HashAlg, at time.Time, res *Result) (*Result, error) {
	n0 := len(res.Attempts)
	r, der, err := c.exchange(ctx, cert, issuer, rawURL, h, at, res)
	if err != nil {
		var e *Error
		var fe *fetch.Error
		if errors.As(err, &e) && !errors.As(e.Err, &fe) {
			// A fetch failure is its attempt's already; what the
			// response was is said on the attempt that brought it.
			if n := len(res.Attempts); n > n0 {
				res.Attempts[n-1].Class = string(e.Class)
				res.Attempts[n-1].Err = e.Error()
			}
		}
		return nil, err
	}
	if r.Status != Unknown {
		c.store(rawURL, cert, issuer, h, der, r, res.Attempts[len(res.Attempts)-1].CacheControl)
	}
	return r, nil
}

// exchange makes one request with CertID hash h (POST, then GET on HTTP
// 405) and verifies the response for the validation time at: the result
// and the response as received, or an *Error. Attempts are appended to
// res.
func (c *Client) exchange(ctx context.Context, cert, issuer *x509.Certificate, rawURL string, h HashAlg, at time.Time, res *Result) (*Result, []byte, error) {
	fail := func(class Class, err error) (*Result, []byte, error) {
		return nil, nil, &Error{Class: class, URL: rawURL, Err: err}
	}
	id, err := newCertID(h, cert, issuer)
	if err != nil {
		return fail(BadInput, err)
	}
	nonce, err := newNonce()
	if err != nil {
		return fail(BadInput, err)
	}
	req, err := marshalRequest(id, nonce)
	if err != nil {
		return fail(BadInput, err)
	}
	der, err := c.post(ctx, rawURL, req, h, res)
	var fe *fetch.Error
	if errors.As(err, &fe) && fe.Class == fetch.HTTPStatus && fe.Status == http.StatusMethodNotAllowed {
		// RFC 6960 appendix A.1: GET with the base64 DER request, URL-escaped, as the last path segment.
		getURL := strings.TrimSuffix(rawURL, "/") + "/" + url.QueryEscape(base64.StdEncoding.EncodeToString(req))
		der, err = c.get(ctx, getURL, h, res)
	}
	if err != nil {
		if errors.As(err, &fe) {
			return fail(Class(fe.Class), fe)
		}
		return fail(NotOCSP, err)
	}
	r, class, err := c.evaluate(der, id, nonce, cert, issuer, h, at)
	if err != nil {
		return fail(class, err)
	}
	return r, der, nil
}

// evaluate checks a DER response to the request for id: its status, the
// responder and its signature, the answer for id, its times for the
// validation time at (zero: now) and, when nonce is not nil, the nonce
// echo (nil: a cached answer).
func (c *Client) evaluate(der []byte, id *certID, nonce []byte, cert, issuer *x509.Certificate, h HashAlg, at time.Time) (*Result, Class, error) {
	resp, err := parseResponse(der)
	if err != nil {
		return nil, NotOCSP, err
	}
	switch resp.status {
	case statusSuccessful:
	case statusMalformedRequest:
		return nil, MalformedRequest, errors.New("responder returned malformedRequest")
	case statusInternalError:
		return nil, InternalError, errors.New("responder returned internalError")
	case statusTryLater:
		return nil, TryLater, errors.New("responder returned tryLater")
	case statusSigRequired:
		return nil, SigRequired, errors.New("responder returned sigRequired")
	case statusUnauthorized:
		return nil, Unauthorized, fmt.Errorf("responder returned unauthorized for a %s CertID", h)
	default:
		return nil, NotOCSP, fmt.Errorf("unknown responseStatus %d", resp.status)
	}

	r := &Result{}
	if class, err := c.verifyResponder(resp, issuer, r); err != nil {
		return nil, class, err
	}

	var single *singleResponse
	for i := range resp.singles {
		s := &resp.singles[i]
		switch {
		case !s.id.equal(id):
		case single == nil:
			single = s
		case s.status != single.status:
			// Which would hold? Not the first by luck of the order.
			return nil, ConflictingAnswers, fmt.Errorf("the response answers both %s and %s for serial %X", single.status, s.status, cert.SerialNumber)
		}
	}
	if single == nil {
		return nil, WrongCertificate, fmt.Errorf("no answer for serial %X among %d in the response", cert.SerialNumber, len(resp.singles))
	}

	skew := c.SkewAllowance
	if skew <= 0 {
		skew = DefaultSkewAllowance
	}
	now := c.now()
	switch fault, err := checkTimes(single.thisUpdate, single.nextUpdate, orNow(at, now), now, skew); fault {
	case notYetValid:
		return nil, NotYetValid, err
	case stale:
		return nil, Stale, err
	}

	if nonce != nil {
		switch {
		case resp.nonce == nil && c.RequireNonce:
			return nil, NonceMissing, errors.New("no nonce in the response")
		case resp.nonce != nil && !bytes.Equal(resp.nonce, nonce):
			return nil, NonceMismatch, fmt.Errorf("sent nonce %X, got %X", nonce, resp.nonce)
		}
		r.NonceEchoed = resp.nonce != nil
	}

	r.Status, r.ProducedAt = single.status, resp.producedAt
	r.ThisUpdate, r.NextUpdate = single.thisUpdate, single.nextUpdate
	r.RevokedAt, r.RevocationReason = single.revokedAt, single.reason
	return r, "", nil
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) post(ctx context.Context, u string, req []byte, h HashAlg, res *Result) ([]byte, error) {
	der, att, err := c.HTTP.Post(ctx, u, "application/ocsp-request", req)
	res.Attempts = append(res.Attempts, attempt(att, h))
	return der, err
}

func (c *Client) get(ctx context.Context, u string, h HashAlg, res *Result) ([]byte, error) {
	der, att, err := c.HTTP.Get(ctx, u)
	res.Attempts = append(res.Attempts, attempt(att, h))
	return der, err
}

func attempt(a fetch.Attempt, h HashAlg) Attempt {
	return Attempt{
		Method: a.Method, URL: a.URL, Status: a.Status, ContentType: a.ContentType,
		CacheControl: a.CacheControl, Elapsed: a.Elapsed, Hash: h, Class: string(a.Class), Err: a.Err,
	}
}

// verifyResponder finds the certificate that signed resp, checks that it
// may sign for issuer (RFC 6960 section 4.2.2.2) and verifies the signature
// over tbsResponseData as received. It fills r.Responder, r.Delegated and
// r.NoCheck.
func (c *Client) verifyResponder(resp *response, issuer *x509.Certificate, r *Result) (Class, error) {
	var responder *x509.Certificate
	if resp.identifies(issuer) {
		responder = issuer
	} else {
		for i, raw := range resp.certs {
			cand, err := x509.ParseCertificate(raw)
			if err != nil {
				return NotOCSP, fmt.Errorf("certificate %d in the response: %w", i, err)
			}
			if resp.identifies(cand) {
				responder = cand
				break
			}
		}
	}
	if responder == nil {
		return UnauthorizedResponder, errors.New("the responder's certificate is neither the issuer nor included in the response")
	}
	r.Responder = responder
	if responder != issuer && !bytes.Equal(responder.Raw, issuer.Raw) {
		// A delegated responder (RFC 6960 section 4.2.2.2): issued by the
		// issuer, with id-kp-OCSPSigning, valid when it signed the
		// response (producedAt).
		r.Delegated = true
		if err := checkDelegated(responder, issuer, resp.producedAt, nil); err != nil {
			return UnauthorizedResponder, err
		}
		r.NoCheck = hasNoCheck(responder)
	}

	if err := chain.VerifySignature(responder, resp.sigAlg, resp.rawTBS, resp.signature); err != nil {
		return BadSignature, err
	}
	return "", nil
}

// identifies reports whether cand is the certificate resp's responderID
// names: by its DER subject, or by the SHA-1 of its public key bits.
func (resp *response) identifies(cand *x509.Certificate) bool {
	if resp.byName != nil {
		return bytes.Equal(cand.RawSubject, resp.byName)
	}
	bits, err := subjectPublicKeyBits(cand.RawSubjectPublicKeyInfo)
	if err != nil {
		return false
	}
	sum := sha1.Sum(bits)
	return bytes.Equal(sum[:], resp.byKey)
}

// checkDelegated checks that responder may sign OCSP responses for the
// certificates of issuer (RFC 6960 section 4.2.2.2): it is issued and
// signed by issuer, has id-kp-OCSPSigning, and was valid when it signed
// the response (producedAt).
func checkDelegated(responder, issuer *x509.Certificate, producedAt time.Time, links *chain.SignatureCache) error {
	if !bytes.Equal(responder.RawIssuer, issuer.RawSubject) {
		return fmt.Errorf("responder %q is not issued by %q", responder.Subject, issuer.Subject)
	}
	if err := links.CheckSignature(responder, issuer); err != nil {
		return fmt.Errorf("responder certificate %q is not signed by the issuer: %w", responder.Subject, err)
	}
	if !slices.Contains(responder.ExtKeyUsage, x509.ExtKeyUsageOCSPSigning) {
		return fmt.Errorf("responder certificate %q has no OCSPSigning extended key usage", responder.Subject)
	}
	if producedAt.Before(responder.NotBefore) || producedAt.After(responder.NotAfter) {
		return fmt.Errorf("responder certificate %q is not valid at producedAt %v", responder.Subject, producedAt.UTC())
	}
	return nil
}

// hasNoCheck reports whether responder carries id-pkix-ocsp-nocheck.
func hasNoCheck(responder *x509.Certificate) bool {
	for _, e := range responder.Extensions {
		if e.Id.Equal(oidOCSPNoCheck) {
			return true
		}
	}
	return false
}
