package tsp

import (
	"context"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/gost"
)

// Client asks a TSA for timestamps over HTTP (RFC 3161 section 3.4: a POST
// of application/timestamp-query, answered with
// application/timestamp-reply).
type Client struct {
	// URL is the TSA's, http or https.
	URL string
	// HTTP is the transport: timeouts, size cap, redirect cap, offline
	// mode (nil: fetch's defaults).
	HTTP *fetch.Client
	// Hash is the messageImprint's algorithm; zero means Streebog-256.
	Hash gost.Hash
	// Policy, when set, is asked for (reqPolicy) and must be the token's.
	Policy asn1.ObjectIdentifier
	// Random is where nonces come from; nil means crypto/rand.
	Random io.Reader
	// ExtraCertificates are searched for the TSA certificate after the
	// token's own (certReq is always set, so a TSA that leaves its
	// certificate out is refused unless it is here).
	ExtraCertificates []*x509.Certificate
}

// Stamp is a timestamp the TSA granted and that checked: the token over
// the data asked for, with the request's nonce, signed by a certificate
// with id-kp-timeStamping as its only extended key usage. Whether that
// certificate is trusted, valid at GenTime and not revoked is for the
// caller to judge (package verify does it for a token inside a signature).
type Stamp struct {
	// Token is the TimeStampToken DER as received.
	Token  []byte
	Parsed *Token
	// TSA is the certificate that signed the token.
	TSA     *x509.Certificate
	Request *Request
	// Status is Granted or GrantedWithMods; StatusText what the TSA said.
	Status     PKIStatus
	StatusText []string
	Attempt    fetch.Attempt
}

// StampReason says why a TSA's answer was not used.
type StampReason int

const (
	// Unavailable: the request got no response (Err is a *fetch.Error:
	// refused, timeout, HTTP status, offline, ...).
	Unavailable StampReason = iota + 1
	// Malformed: the response is not a TimeStampResp, or its token not a
	// TimeStampToken (Err is a *ParseError).
	Malformed
	// Rejected: the TSA answered with another status than granted;
	// Status, FailInfo and Text say what it said.
	Rejected
	// NonceMismatch: the token's nonce is not the request's (or absent):
	// the answer is not to this request.
	NonceMismatch
	// WrongImprint: the token's messageImprint is not the one asked for:
	// the token is about other data.
	WrongImprint
	// PolicyMismatch: the token is under another policy than asked for.
	PolicyMismatch
	// NoCertificate: the token does not carry the TSA's certificate
	// (certReq was set) and ExtraCertificates do not have it.
	NoCertificate
	// TokenInvalid: the token does not verify (Err is the *VerifyError:
	// its signature, the certificate's extended key usage, the ESS
	// signing-certificate binding).
	TokenInvalid
)

var stampReasonText = map[StampReason]string{
	Unavailable:    "no answer from the TSA",
	Malformed:      "the TSA's answer cannot be read",
	Rejected:       "the TSA refused the request",
	NonceMismatch:  "the token's nonce is not the request's",
	WrongImprint:   "the token is over other data than asked for",
	PolicyMismatch: "the token is under another policy than asked for",
	NoCertificate:  "the token does not carry the TSA's certificate",
	TokenInvalid:   "the token does not verify",
}

func (r StampReason) String() string {
	if s, ok := stampReasonText[r]; ok {
		return s
	}
	return "unknown reason"
}

// StampError is a timestamp request that gave no usable token.
type StampError struct {
	Reason StampReason
	URL    string
	// Status, FailInfo and Text are the TSA's answer (Rejected).
	Status   PKIStatus
	FailInfo FailInfo
	Text     []string
	Err      error
}

func (e *StampError) Error() string {
	msg := "tsp: " + e.URL + ": " + e.Reason.String()
	if e.Reason == Rejected {
		msg += ": " + e.Status.String()
		if e.FailInfo != 0 {
			msg += ": " + e.FailInfo.String()
		}
		if len(e.Text) > 0 {
			msg += fmt.Sprintf(" (%q)", strings.Join(e.Text, "; "))
		}
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *StampError) Unwrap() error { return e.Err }

// Stamp asks the TSA for a timestamp over data and checks the answer:
// granted, a well-formed token, the nonce and messageImprint of the
// request, the policy asked for, the token's signature, the TSA
// certificate's extended key usage and the ESS binding (Token.Verify). A
// failure is a *StampError.
func (c *Client) Stamp(ctx context.Context, data []byte) (*Stamp, error) {
	req, err := NewRequest(data, c.Hash, c.Random)
	if err != nil {
		return nil, err
	}
	req.Policy = c.Policy
	return c.Do(ctx, req)
}

// Do sends req and checks the answer as Stamp does.
func (c *Client) Do(ctx context.Context, req *Request) (*Stamp, error) {
	fail := func(r StampReason, err error) (*Stamp, error) {
		return nil, &StampError{Reason: r, URL: c.URL, Err: err}
	}
	body, err := req.Marshal()
	if err != nil {
		return nil, err
	}
	der, att, err := c.HTTP.Post(ctx, c.URL, "application/timestamp-query", body)
	if err != nil {
		return fail(Unavailable, err)
	}
	resp, err := ParseResponse(der)
	if err != nil {
		return fail(Malformed, err)
	}
	if resp.Status != Granted && resp.Status != GrantedWithMods {
		return nil, &StampError{Reason: Rejected, URL: c.URL, Status: resp.Status, FailInfo: resp.FailInfo, Text: resp.StatusText}
	}
	tok, err := Parse(resp.Token)
	if err != nil {
		return fail(Malformed, err)
	}
	info := tok.Info
	switch {
	case req.Nonce != nil && (info.Nonce == nil || info.Nonce.Cmp(req.Nonce) != 0):
		got := "none"
		if info.Nonce != nil {
			got = info.Nonce.Text(16)
		}
		return fail(NonceMismatch, fmt.Errorf("sent %s, got %s", req.Nonce.Text(16), got))
	case !info.HashAlgorithm.Algorithm.Equal(req.Hash.OID()):
		return fail(WrongImprint, fmt.Errorf("asked for %v, got %v", req.Hash, info.HashAlgorithm.Algorithm))
	case len(req.Policy) > 0 && !info.Policy.Equal(req.Policy):
		return fail(PolicyMismatch, fmt.Errorf("asked for %v, got %v", req.Policy, info.Policy))
	}
	cert, err := tok.VerifyDigest(req.HashedMessage, Options{ExtraCertificates: c.ExtraCertificates})
	var ve *VerifyError
	var se *cms.SignerError
	switch {
	case err == nil:
	case errors.As(err, &ve) && ve.Reason == ImprintMismatch:
		return fail(WrongImprint, fmt.Errorf("asked for %X, got %X", req.HashedMessage, info.HashedMessage))
	case errors.As(err, &se) && se.Reason == cms.NoSignerCertificate:
		return fail(NoCertificate, err)
	default:
		return fail(TokenInvalid, err)
	}
	return &Stamp{Token: resp.Token, Parsed: tok, TSA: cert, Request: req, Status: resp.Status, StatusText: resp.StatusText, Attempt: att}, nil
}
