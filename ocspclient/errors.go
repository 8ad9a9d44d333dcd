package ocspclient

import (
	"errors"
	"strings"

	"github.com/gostverify/gostverify/fetch"
)

// Class says why an OCSP check ([Client.Check]) failed. Transport failures
// keep the class of the [fetch.Error] they wrap ("timeout",
// "http_status", ...); the classes below are OCSP's own. CRL checks have
// their own [CRLClass]. Values are stable strings for JSON reports.
type Class string

// The OCSP classes of failure.
const (
	NotOCSP               Class = "not_ocsp"
	MalformedRequest      Class = "malformed_request"
	InternalError         Class = "internal_error"
	TryLater              Class = "try_later"
	SigRequired           Class = "sig_required"
	Unauthorized          Class = "unauthorized"
	BadSignature          Class = "bad_signature"
	UnauthorizedResponder Class = "unauthorized_responder"
	WrongCertificate      Class = "wrong_certificate"
	ConflictingAnswers    Class = "conflicting_answers"
	Stale                 Class = "stale"
	NotYetValid           Class = "not_yet_valid"
	NonceMismatch         Class = "nonce_mismatch"
	NonceMissing          Class = "nonce_missing"
	BadInput              Class = "bad_input"
)

// Explain returns a plain-language explanation of the class. Transport
// classes are explained by the fetch package.
func (c Class) Explain() string {
	switch c {
	case NotOCSP:
		return "the answer is not an OCSP response (an HTML page, an error text, or a truncated or corrupted body)"
	case MalformedRequest:
		return "the responder says the request is malformed"
	case InternalError:
		return "the responder reports an internal error"
	case TryLater:
		return "the responder is busy, try later"
	case SigRequired:
		return "the responder accepts only signed requests"
	case Unauthorized:
		return "the responder does not answer for this certificate's issuer (or not for this CertID hash algorithm)"
	case BadSignature:
		return "the signature on the response does not verify: the response was altered or signed with another key"
	case UnauthorizedResponder:
		return "the response is signed by a certificate that may not sign OCSP responses for this issuer (not the issuer, not issued by it, or without the OCSPSigning extended key usage)"
	case WrongCertificate:
		return "the response does not answer for the certificate asked about"
	case ConflictingAnswers:
		return "the response answers for the certificate more than once, with different statuses (good and revoked, for example)"
	case Stale:
		return "the response is out of date: it was produced before the validation time and its nextUpdate had passed by then"
	case NotYetValid:
		return "the response's thisUpdate is in the future: check the clocks"
	case NonceMismatch:
		return "the response echoes another nonce than the one sent: it may be a replay"
	case NonceMissing:
		return "the response does not echo the request's nonce, and a nonce is required"
	case BadInput:
		return "the certificate or issuer cannot be used to build a request"
	}
	return fetch.Class(c).Explain()
}

// Error is the error returned by [Client.Check]. A CRL check returns a
// [CRLError] instead.
type Error struct {
	Class Class
	URL   string
	Err   error // the cause: a *fetch.Error for transport classes; may be nil

	// Previous holds the failures of earlier attempts (other CertID hash
	// algorithms) when the check was retried.
	Previous []error
}

func (e *Error) Error() string { return message(e.URL, e.Err, e.Class.Explain()) }

// Explain returns a plain-language explanation of the failure.
func (e *Error) Explain() string { return explanation(e.Err, e.Class.Explain()) }

// Unwrap returns the cause and the failures of earlier attempts.
func (e *Error) Unwrap() []error { return causes(e.Err, e.Previous) }

// message is the text of an *Error or a *CRLError: the transport error's
// own when err wraps a *fetch.Error (it names the URL and explains
// itself), else the URL, the cause and explain, the class's explanation.
func message(url string, err error, explain string) string {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return "ocspclient: " + strings.TrimPrefix(fe.Error(), "fetch: ")
	}
	msg := "ocspclient: "
	if url != "" {
		msg += url + ": "
	}
	if err != nil {
		msg += err.Error() + ": "
	}
	return msg + explain
}

// explanation explains a failure with cause err and class explanation
// explain: a transport failure as the fetch package does, by its status.
func explanation(err error, explain string) string {
	var fe *fetch.Error
	if errors.As(err, &fe) {
		return fe.Explain()
	}
	return explain
}

// causes is the Unwrap of an *Error or a *CRLError.
func causes(err error, previous []error) []error {
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	return append(errs, previous...)
}
