package ocspclient

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/fetch"
)

// Evidence: revocation answers kept as bytes, for a signature to carry
// them (CAdES revocation-values, which package extend writes). They are
// fetched and verified exactly as Check and CRLChecker.Check do, without
// the disk cache and the Memo, whose answers have no bytes.

// FetchOCSP asks the responder at url about cert, issued by issuer, and
// verifies the answer for the validation time at, as Check does (POST,
// GET on 405, SHA-1 then SHA-256 and Streebog-256 CertIDs on "unknown"
// or "unauthorized"). It returns the Result and the BasicOCSPResponse
// DER the OCSPResponse carried; on failure an *Error.
func (c *Client) FetchOCSP(ctx context.Context, cert, issuer *x509.Certificate, url string, at time.Time) (*Result, []byte, error) {
	res := &Result{}
	var prev []error
	for i, h := range hashOrder {
		last := i == len(hashOrder)-1
		r, der, err := c.exchange(ctx, cert, issuer, url, h, at, res)
		if err != nil {
			var oe *Error
			if errors.As(err, &oe) && oe.Class == Unauthorized && !last {
				prev = append(prev, err)
				continue
			}
			if oe != nil && len(prev) > 0 {
				oe.Previous = append(oe.Previous, prev...)
			}
			return res, nil, err
		}
		r.Attempts = res.Attempts
		if r.Status == Unknown && !last {
			continue
		}
		basic, err := BasicResponseOf(der)
		if err != nil {
			return res, nil, &Error{Class: NotOCSP, URL: url, Err: err}
		}
		return r, basic, nil
	}
	panic("unreachable")
}

// BasicResponseOf returns the BasicOCSPResponse DER inside a successful
// OCSPResponse (the contents of responseBytes.response).
func BasicResponseOf(resp []byte) ([]byte, error) {
	s := cryptobyte.String(resp)
	var r, rb, rbSeq cryptobyte.String
	var status int
	var typ asn1.ObjectIdentifier
	var basic []byte
	if !s.ReadASN1(&r, cbasn1.SEQUENCE) || !s.Empty() || !r.ReadASN1Enum(&status) || status != statusSuccessful ||
		!r.ReadASN1(&rb, tagExplicit0) || !r.Empty() || !rb.ReadASN1(&rbSeq, cbasn1.SEQUENCE) || !rb.Empty() ||
		!rbSeq.ReadASN1ObjectIdentifier(&typ) || !typ.Equal(oidBasic) ||
		!rbSeq.ReadASN1Bytes(&basic, cbasn1.OCTET_STRING) || !rbSeq.Empty() {
		return nil, errors.New("not a successful OCSPResponse with a BasicOCSPResponse")
	}
	return bytes.Clone(basic), nil
}

// FetchCRL fetches the CRLs of cert's distribution points (http and
// https) in order until one verifies for issuer and speaks for the
// validation time at, as CRLChecker.Check does, and returns its verdict
// and DER. On failure the last *CRLError, with the earlier ones in its
// Previous.
func (c *CRLChecker) FetchCRL(ctx context.Context, cert, issuer *x509.Certificate, at time.Time) (*CRLResult, []byte, error) {
	hc := c.HTTP
	if hc == nil {
		hc = &fetch.Client{MaxSize: DefaultCRLMaxSize}
	}
	var errs []error
	res := &CRLResult{RevocationReason: -1}
	for _, u := range cert.CRLDistributionPoints {
		der, att, err := hc.Get(ctx, u)
		res.Attempts = append(res.Attempts, attempt(att, ""))
		if err != nil {
			var fe *fetch.Error
			if errors.As(err, &fe) {
				errs = append(errs, &CRLError{Class: CRLClass(fe.Class), URL: u, Err: fe})
			} else {
				errs = append(errs, &CRLError{Class: NotCRL, URL: u, Err: err})
			}
			continue
		}
		if bytes.HasPrefix(bytes.TrimLeft(der, " \t\r\n"), []byte("-----BEGIN")) {
			if b, _ := pem.Decode(der); b != nil {
				der = b.Bytes
			}
		}
		r, err := c.CheckCRL(der, cert, issuer, at)
		if err != nil {
			var ce *CRLError
			if errors.As(err, &ce) {
				cp := *ce
				cp.URL = u
				err = &cp
			}
			errs = append(errs, err)
			continue
		}
		r.URL, r.Attempts = u, res.Attempts
		return r, der, nil
	}
	if len(errs) == 0 {
		return res, nil, &CRLError{Class: NoCRLURL, Err: errors.New("the certificate names no CRL distribution point")}
	}
	last := errs[len(errs)-1]
	var ce *CRLError
	if errors.As(last, &ce) {
		cp := *ce
		cp.Previous = append(cp.Previous, errs[:len(errs)-1]...)
		return res, nil, &cp
	}
	return res, nil, last
}
