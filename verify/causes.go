package verify

import (
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
)

// The causes of verdicts. A SignatureReport's Cause (and a Report's, for
// the file as a whole) is one of these or an error of a lower package —
// *cms.SignerError for the signature itself — so that a Go caller branches
// with errors.As; Reason is the cause in plain words.

// FormatError is a file that is not a readable CMS signature.
type FormatError struct{ Err error }

func (e *FormatError) Error() string { return "verify: not a readable CMS signature: " + e.Err.Error() }
func (e *FormatError) Unwrap() error { return e.Err }

// DocumentMismatchError is an attached signature checked against a
// document the user named that is not the content it carries.
type DocumentMismatchError struct{ Document string }

func (e *DocumentMismatchError) Error() string {
	return "verify: " + e.Document + " is not the document this signature carries"
}

// ErrNoTrustAnchors is the cause of NO_CERTIFICATE_CHAIN_FOUND when no
// trust anchors were given.
var ErrNoTrustAnchors = errors.New("verify: no trust anchors were given")

// PathError is a signer certificate whose path to a trust anchor could not
// be built (NO_CERTIFICATE_CHAIN_FOUND) or is broken
// (CHAIN_CONSTRAINTS_FAILURE). Err is the *chain.Error.
type PathError struct {
	// Issuer names the issuer that was sought.
	Issuer string
	// Rejected lists every issuer candidate tried and why it failed.
	Rejected []chain.Rejection
	// Downloads are the issuer downloads tried (AIA).
	Downloads []IssuerDownload
	Err       error
}

func (e *PathError) Error() string { return "verify: " + e.Err.Error() }
func (e *PathError) Unwrap() error { return e.Err }

// NoPath reports whether no chain of issuers was found at all, rather than
// a broken one.
func (e *PathError) NoPath() bool {
	var ce *chain.Error
	return errors.As(e.Err, &ce) && ce.Reason == chain.NoPath
}

// ValidityError is a signer certificate not valid when it matters: the
// claimed signing time outside its validity (NOT_YET_VALID, EXPIRED), or
// the validation time outside it with no proof the signature was made
// while it was valid (OUT_OF_BOUNDS_NO_POE).
type ValidityError struct {
	SubIndication       SubIndication
	SigningTime         *time.Time
	NotBefore, NotAfter time.Time
	// ValidationTime is the time the path was validated at.
	ValidationTime time.Time
}

func (e *ValidityError) Error() string {
	return fmt.Sprintf("verify: the signer's certificate is valid from %s to %s (%s)", day(e.NotBefore), day(e.NotAfter), e.SubIndication)
}

// RevocationError is a certificate of the path that is revoked, or whose
// status could not be obtained.
type RevocationError struct {
	// Certificate is the certificate concerned; CA is set for an
	// intermediate CA rather than the signer.
	Certificate *x509.Certificate
	CA          bool
	// Status is "revoked", "unknown" or "unavailable".
	Status string
	// RevokedAt and ReasonCode (an RFC 5280 CRLReason name) for revoked.
	RevokedAt  time.Time
	ReasonCode string
	// SigningTime is the claimed signing time, nil if none.
	SigningTime *time.Time
	// NoSource is set when the certificate names no responder or CRL
	// distribution point the selected methods can use; NoMethod when no
	// method was selected at all.
	NoSource, NoMethod bool
	// Failures are the failures of every source tried (OCSP and CRL
	// errors of package ocspclient).
	Failures []error
}

func (e *RevocationError) Error() string {
	msg := fmt.Sprintf("verify: certificate %X: revocation status %s", e.Certificate.SerialNumber, e.Status)
	if len(e.Failures) > 0 {
		msg += ": " + errors.Join(e.Failures...).Error()
	}
	return msg
}

func (e *RevocationError) Unwrap() []error { return e.Failures }

// explain says a cause in plain words, for people: the Reason of a report.
// It names no command-line flag (the command line adds its own hints).
func explain(cause error) string {
	var (
		fe  *FormatError
		dm  *DocumentMismatchError
		se  *cms.SignerError
		pe  *PathError
		ve  *ValidityError
		re  *RevocationError
		uns *gost.UnsupportedError
	)
	switch {
	case cause == nil:
		return ""
	case errors.As(cause, &fe):
		return "the file is not a readable CMS signature: " + fe.Err.Error()
	case errors.As(cause, &dm):
		return dm.Document + " is not the document this signature carries: the signature signs the content inside it, not this file"
	case errors.Is(cause, ErrNoTrustAnchors):
		return "the signature itself is intact, but the signer's certificate chain was not checked: no trust anchors were given"
	case errors.As(cause, &se):
		switch se.Reason {
		case cms.DigestMismatch:
			return "the document was changed after signing, or this is not the document that was signed"
		case cms.SignatureInvalid:
			return "the signature value does not match the signed data: the signature or its signed attributes were altered, or it was made with another key"
		case cms.SigningCertificateMismatch:
			return "the signature names another certificate than the one it was verified with: the signer certificate was swapped"
		case cms.NoSignerCertificate:
			return "the signer's certificate is not inside the signature and was not among the certificates given"
		case cms.ContentTypeMismatch:
			return "the signed content type differs from the content"
		case cms.UnsupportedAlgorithm:
			if errors.As(cause, &uns) {
				return "the signature uses an algorithm this version does not support"
			}
			return "the signature's algorithms do not fit the signer's key"
		case cms.BadSignerKey:
			return "the signer certificate's public key is malformed"
		}
		return "the signature is malformed"
	case errors.As(cause, &pe):
		if pe.NoPath() {
			return "the signer's certificate does not chain to a trusted root: " + missingIssuer(pe)
		}
		return "the certificate chain is broken: " + rejections(pe.Rejected)
	case errors.As(cause, &ve):
		switch ve.SubIndication {
		case NotYetValid:
			return fmt.Sprintf("the signature claims to be made on %s, before the signer's certificate became valid (%s)", day(*ve.SigningTime), day(ve.NotBefore))
		case Expired:
			return fmt.Sprintf("the signature claims to be made on %s, after the signer's certificate expired (%s)", day(*ve.SigningTime), day(ve.NotAfter))
		}
		return fmt.Sprintf("the signer's certificate is valid from %s to %s, not at the validation time %s, and nothing proves the signature was made while it was valid (no timestamp)",
			day(ve.NotBefore), day(ve.NotAfter), day(ve.ValidationTime))
	case errors.As(cause, &re):
		return explainRevocation(re)
	}
	return cause.Error()
}

func explainRevocation(re *RevocationError) string {
	who := "the signer's certificate"
	if re.CA {
		who = "intermediate CA " + re.Certificate.Subject.CommonName
	}
	switch {
	case re.Status == "revoked" && re.CA:
		return fmt.Sprintf("%s was revoked on %s (%s)", who, day(re.RevokedAt), reasonOr(re.ReasonCode))
	case re.Status == "revoked" && re.SigningTime != nil && re.RevokedAt.Before(*re.SigningTime):
		return fmt.Sprintf("%s was revoked on %s (%s), before the claimed signing time %s", who, day(re.RevokedAt), reasonOr(re.ReasonCode), day(*re.SigningTime))
	case re.Status == "revoked":
		return fmt.Sprintf("%s was revoked on %s (%s); nothing proves the signature was made before that (no timestamp)", who, day(re.RevokedAt), reasonOr(re.ReasonCode))
	case re.NoMethod:
		return "the revocation status of " + who + " was not checked: no method was selected"
	}
	msg := "no revocation status could be obtained"
	if re.CA {
		msg = fmt.Sprintf("the revocation status of %s could not be obtained", who)
	}
	if re.NoSource {
		msg += ": the certificate names no OCSP responder or CRL distribution point"
	}
	for _, err := range re.Failures {
		msg += "; " + err.Error()
	}
	return msg
}

// missingIssuer names the issuer that could not be found.
func missingIssuer(pe *PathError) string {
	msg := "its issuer " + pe.Issuer + " was not found"
	if len(pe.Rejected) > 0 {
		msg = "no issuer candidate worked (" + rejections(pe.Rejected) + ")"
	}
	for _, d := range pe.Downloads {
		switch {
		case d.Error == "":
			msg += fmt.Sprintf("; downloaded %s", d.URL)
		case d.Class != "":
			msg += fmt.Sprintf("; tried %s: %s: %s", d.URL, d.Class, d.Error)
		default:
			msg += fmt.Sprintf("; tried %s: %s", d.URL, d.Error)
		}
	}
	return msg
}

func rejections(rejected []chain.Rejection) string {
	if len(rejected) == 0 {
		return "no detail"
	}
	var parts []string
	for _, rej := range rejected {
		parts = append(parts, fmt.Sprintf("%s (%s): %v", rej.Candidate.Subject.CommonName, rej.Source, rej.Err))
	}
	return strings.Join(parts, "; ")
}

func reasonOr(r string) string {
	if r == "" {
		return "no reason given"
	}
	return r
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
