package extend

import (
	"errors"
	"fmt"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/tsp"
	"github.com/gostverify/gostverify/verify"
)

// Reason says why a signature was not extended.
type Reason int

const (
	// NotValid: the signature is not valid now (Report says why), and
	// extending it would prove nothing.
	NotValid Reason = iota + 1
	// AlreadyAtLevel: the signer is at the level asked for, or above it.
	AlreadyAtLevel
	// TSAUnavailable: the TSA could not be reached, or answered an HTTP
	// error (the cause is a *tsp.StampError over a *fetch.Error).
	TSAUnavailable
	// TSARejected: the TSA refused the request (status and failInfo in
	// the *tsp.StampError).
	TSARejected
	// TSANonceMismatch: the token's nonce is not the request's.
	TSANonceMismatch
	// TSAImprintMismatch: the token is over other bytes than asked for.
	TSAImprintMismatch
	// TSAMalformed: the TSA's answer or token cannot be read, or is under
	// another policy than asked for.
	TSAMalformed
	// TSACertificateInvalid: the token does not verify (its signature, or
	// a TSA certificate without id-kp-timeStamping as its only extended
	// key usage), or the signature with it does not: the TSA's path or
	// status at the token's time (the verifier's TimestampError).
	TSACertificateInvalid
	// PathIncomplete: a certificate of the signer's or the TSA's path
	// the verifier used cannot be found again to be embedded.
	PathIncomplete
	// RevocationUnavailable: no OCSP response or CRL could be had for a
	// certificate of the path (the *ocspclient.Error or *CRLError of
	// each source tried).
	RevocationUnavailable
	// NotVerifiedAfter: the extended signature does not verify as the
	// level asked for (a bug, or a peer whose answers verify alone and
	// not together); nothing is written.
	NotVerifiedAfter
	// Encoding: the attributes cannot be appended to the file (a
	// *cms.AppendError).
	Encoding
)

var reasonText = map[Reason]string{
	NotValid:              "the signature is not valid now",
	AlreadyAtLevel:        "the signature is already at this level or above",
	TSAUnavailable:        "the TSA is unavailable",
	TSARejected:           "the TSA rejected the request",
	TSANonceMismatch:      "the TSA's token does not carry the request's nonce",
	TSAImprintMismatch:    "the TSA's token is over other bytes than asked for",
	TSAMalformed:          "the TSA's answer cannot be used",
	TSACertificateInvalid: "the TSA's token or certificate is not valid",
	PathIncomplete:        "a certificate of the path cannot be found to embed",
	RevocationUnavailable: "no revocation data can be had",
	NotVerifiedAfter:      "the extended signature does not verify",
	Encoding:              "the attributes cannot be appended",
}

var reasonCode = map[Reason]string{
	NotValid: "not_valid", AlreadyAtLevel: "already_at_level", TSAUnavailable: "tsa_unavailable",
	TSARejected: "tsa_rejected", TSANonceMismatch: "tsa_nonce_mismatch", TSAImprintMismatch: "tsa_imprint_mismatch",
	TSAMalformed: "tsa_malformed", TSACertificateInvalid: "tsa_certificate_invalid", PathIncomplete: "path_incomplete",
	RevocationUnavailable: "revocation_unavailable", NotVerifiedAfter: "not_verified_after", Encoding: "encoding",
}

// Code is the reason as reports name it for programs: "not_valid",
// "tsa_rejected", ...
func (r Reason) Code() string {
	if s, ok := reasonCode[r]; ok {
		return s
	}
	return "unknown"
}

func (r Reason) String() string {
	if s, ok := reasonText[r]; ok {
		return s
	}
	return "unknown reason"
}

// Error is a signature that was not extended. Signer is its position
// ("1", "2", ...) when the reason is one signer's.
type Error struct {
	Reason Reason
	Signer string
	// Report is the verifier's report on the input (NotValid) or on the
	// extended signature (NotVerifiedAfter, TSACertificateInvalid).
	Report *verify.Report
	Err    error
}

// reasonMessage names each Reason in the catalogue.
var reasonMessage = map[Reason]i18n.Message{
	NotValid: i18n.ExtendNotValid, AlreadyAtLevel: i18n.ExtendAlreadyAtLevel,
	TSAUnavailable: i18n.ExtendTSAUnavailable, TSARejected: i18n.ExtendTSARejected,
	TSANonceMismatch: i18n.ExtendTSANonceMismatch, TSAImprintMismatch: i18n.ExtendTSAImprintMismatch,
	TSAMalformed: i18n.ExtendTSAMalformed, TSACertificateInvalid: i18n.ExtendTSACertificateInvalid,
	PathIncomplete: i18n.ExtendPathIncomplete, RevocationUnavailable: i18n.ExtendRevocationUnavailable,
	NotVerifiedAfter: i18n.ExtendNotVerifiedAfter, Encoding: i18n.ExtendEncoding,
}

// In says the reason in l.
func (r Reason) In(l i18n.Lang) string {
	if m, ok := reasonMessage[r]; ok {
		return l.Sprintf(m)
	}
	return r.String()
}

// In says the error in l: the signer, the reason and its cause, each as
// the catalogue and verify.Detail say them.
func (e *Error) In(l i18n.Lang) string {
	msg := e.Reason.In(l)
	if e.Signer != "" {
		msg = l.Sprintf(i18n.DetailAt, l.Sprintf(i18n.DetailPartSigner, e.Signer), msg)
	}
	if e.Err != nil {
		msg += ": " + verify.Detail(l, e.Err)
	}
	return msg
}

func (e *Error) Error() string {
	msg := "extend: "
	if e.Signer != "" {
		msg += "signer " + e.Signer + ": "
	}
	msg += e.Reason.String()
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

// stampError maps a TSA client's failure to a Reason.
func stampError(signer string, err error) error {
	var se *tsp.StampError
	if !errors.As(err, &se) {
		return &Error{Reason: TSAMalformed, Signer: signer, Err: err}
	}
	r := map[tsp.StampReason]Reason{
		tsp.Unavailable:    TSAUnavailable,
		tsp.Malformed:      TSAMalformed,
		tsp.Rejected:       TSARejected,
		tsp.NonceMismatch:  TSANonceMismatch,
		tsp.WrongImprint:   TSAImprintMismatch,
		tsp.PolicyMismatch: TSAMalformed,
		tsp.NoCertificate:  TSACertificateInvalid,
		tsp.TokenInvalid:   TSACertificateInvalid,
	}[se.Reason]
	if r == 0 {
		r = TSAMalformed
	}
	return &Error{Reason: r, Signer: signer, Err: err}
}

// revocationError is the failure of every source tried for a
// certificate.
type revocationError struct {
	subject string
	errs    []error
}

func (e *revocationError) Error() string {
	if len(e.errs) == 0 {
		return e.subject + ": the certificate names no OCSP responder and no CRL"
	}
	msg := e.subject + ": "
	for i, err := range e.errs {
		if i > 0 {
			msg += "; "
		}
		msg += err.Error()
	}
	return msg
}

func (e *revocationError) Unwrap() []error { return e.errs }

func notValid(rep *verify.Report) error {
	if rep.Reason != "" {
		return &Error{Reason: NotValid, Report: rep, Err: fmt.Errorf("%s: %s", rep.Status, rep.Reason)}
	}
	for _, s := range rep.Signatures {
		if s.Status != verify.Valid {
			return &Error{Reason: NotValid, Signer: s.Position, Report: rep, Err: fmt.Errorf("%s: %s", s.Status, s.Reason)}
		}
	}
	return &Error{Reason: NotValid, Report: rep, Err: fmt.Errorf("%s", rep.Status)}
}
