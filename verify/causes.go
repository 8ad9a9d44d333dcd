package verify

import (
	"cmp"
	"crypto/x509"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/ocspclient"
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
	// ValidationTime is the validation time.
	ValidationTime time.Time
	// ProvenTime is the best-signature-time when a timestamp proves it:
	// the path was validated at it, and it too is outside the validity.
	ProvenTime *time.Time
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

// explain says a cause in plain words in l, for people: the Reason of a
// report. It names no command-line flag (the command line adds its own
// hints).
// explainer is a cause that says itself in words.
type explainer interface{ explain(i18n.Lang) string }

func explain(l i18n.Lang, cause error) string {
	var (
		fe  *FormatError
		dm  *DocumentMismatchError
		se  *cms.SignerError
		pe  *PathError
		ve  *ValidityError
		re  *RevocationError
		uns *gost.UnsupportedError
	)
	var own explainer
	switch {
	case cause == nil:
		return ""
	case errors.As(cause, &own):
		return own.explain(l)
	case errors.As(cause, &fe):
		// The parser's words in English; in another language what its
		// error's type says (the part, a version), or "wrong format".
		return l.Sprintf(i18n.ReasonNotSignature, ParseDetail(l, fe.Err))
	case errors.As(cause, &dm):
		return l.Sprintf(i18n.ReasonDocumentMismatch, dm.Document)
	case errors.Is(cause, ErrNoTrustAnchors):
		return l.Sprintf(i18n.ReasonNoTrustAnchors)
	case errors.As(cause, &se):
		switch se.Reason {
		case cms.DigestMismatch:
			return l.Sprintf(i18n.ReasonDigestMismatch)
		case cms.SignatureInvalid:
			return l.Sprintf(i18n.ReasonSignatureInvalid)
		case cms.SigningCertificateMismatch:
			return l.Sprintf(i18n.ReasonCertificateSwapped)
		case cms.NoSignerCertificate:
			return l.Sprintf(i18n.ReasonNoSignerCertificate)
		case cms.ContentTypeMismatch:
			return l.Sprintf(i18n.ReasonContentTypeMismatch)
		case cms.UnsupportedAlgorithm:
			if errors.As(cause, &uns) {
				return l.Sprintf(i18n.ReasonUnsupportedAlgorithm)
			}
			return l.Sprintf(i18n.ReasonAlgorithmMismatch)
		case cms.BadSignerKey:
			return l.Sprintf(i18n.ReasonBadSignerKey)
		}
		return l.Sprintf(i18n.ReasonMalformed)
	case errors.As(cause, &pe):
		if pe.NoPath() {
			return l.Sprintf(i18n.ReasonNoChain, missingIssuer(l, pe))
		}
		return l.Sprintf(i18n.ReasonBrokenChain, rejections(l, pe.Rejected))
	case errors.As(cause, &ve):
		switch ve.SubIndication {
		case NotYetValid:
			return l.Sprintf(i18n.ReasonNotYetValid, day(*ve.SigningTime), day(ve.NotBefore))
		case Expired:
			return l.Sprintf(i18n.ReasonExpired, day(*ve.SigningTime), day(ve.NotAfter))
		}
		if ve.ProvenTime != nil {
			return l.Sprintf(i18n.ReasonOutOfBoundsProven, day(ve.NotBefore), day(ve.NotAfter), instant(*ve.ProvenTime))
		}
		return l.Sprintf(i18n.ReasonOutOfBounds, day(ve.NotBefore), day(ve.NotAfter), day(ve.ValidationTime))
	case errors.As(cause, &re):
		return explainRevocation(l, re)
	}
	return cause.Error()
}

func explainRevocation(l i18n.Lang, re *RevocationError) string {
	reason := re.ReasonCode
	if reason == "" {
		reason = l.Sprintf(i18n.ReasonNoReasonGiven)
	}
	switch {
	case re.Status == "revoked" && re.CA:
		return l.Sprintf(i18n.ReasonCARevoked, re.Certificate.Subject.CommonName, day(re.RevokedAt), reason)
	case re.Status == "revoked" && re.SigningTime != nil && re.RevokedAt.Before(*re.SigningTime):
		return l.Sprintf(i18n.ReasonRevokedBefore, day(re.RevokedAt), reason, day(*re.SigningTime))
	case re.Status == "revoked":
		return l.Sprintf(i18n.ReasonRevokedNoPOE, day(re.RevokedAt), reason)
	case re.NoMethod && re.CA:
		return l.Sprintf(i18n.ReasonCANoMethod, re.Certificate.Subject.CommonName)
	case re.NoMethod:
		return l.Sprintf(i18n.ReasonRevocationNoMethod)
	}
	msg := l.Sprintf(i18n.ReasonNoRevocationStatus)
	if re.CA {
		msg = l.Sprintf(i18n.ReasonCANoStatus, re.Certificate.Subject.CommonName)
	}
	if re.NoSource {
		msg = l.Sprintf(i18n.ReasonNoRevocationSource, msg)
	}
	for _, err := range re.Failures {
		msg = l.Sprintf(i18n.ReasonAndFailure, msg, failure(l, err))
	}
	return msg
}

// unknownStatusError is an OCSP responder's "unknown" answer: no status.
type unknownStatusError struct{ url string }

func (e *unknownStatusError) Error() string {
	return "ocspclient: " + e.url + ": the responder does not know this certificate (status unknown)"
}

// failure says one failure to obtain a revocation status in l: where it
// happened and its class in plain words ("http://ca.example/ocsp: no
// answer within the timeout"). The technical detail (the cause's own
// words) stays in the revocation attempts. An error of a type it does not
// know is its Error text.
func failure(l i18n.Lang, err error) string {
	var (
		url, class string
		cause      error
		own        func(string) (i18n.Message, bool) // the lookup of the package's own classes
	)
	switch e := err.(type) {
	case *unknownStatusError:
		return l.Sprintf(i18n.FailureUnknownStatus, e.url)
	case *ocspclient.Error:
		url, class, cause, own = e.URL, string(e.Class), e.Err, i18n.OCSPClass
	case *ocspclient.CRLError:
		url, class, cause, own = e.URL, string(e.Class), e.Err, i18n.CRLClass
	case *fetch.Error:
		cause = e
	default:
		return err.Error()
	}
	status := 0
	var fe *fetch.Error
	if errors.As(cause, &fe) {
		// A transport failure: explained by the fetch error, as
		// ocspclient does.
		url, class, status, own = cmp.Or(url, fe.URL), string(fe.Class), fe.Status, nil
	}
	explained, ok := classText(l, own, class, status)
	switch {
	case !ok:
		return err.Error()
	case url == "":
		return explained
	}
	return l.Sprintf(i18n.FailureAt, url, explained)
}

// classText explains a failure's class in l: by own, the lookup of its
// package's own classes (nil for fetch), else as a transport (fetch)
// class, with status the HTTP status for "http_status".
func classText(l i18n.Lang, own func(string) (i18n.Message, bool), class string, status int) (string, bool) {
	if own != nil {
		if m, ok := own(class); ok {
			return l.Sprintf(m), true
		}
	}
	if fetch.Class(class) == fetch.HTTPStatus {
		return l.Sprintf(i18n.FailureHTTPStatus, status, l.Sprintf(i18n.HTTPStatus(status))), true
	}
	m, ok := i18n.FetchClass(class)
	if !ok {
		return "", false
	}
	return l.Sprintf(m), true
}

// reasonOf is a cause as an argument of a message: explained in the
// message's language.
type reasonOf struct{ cause error }

func (r reasonOf) In(l i18n.Lang) string { return explain(l, r.cause) }

// missingIssuer names the issuer that could not be found, and what was
// tried for it.
func missingIssuer(l i18n.Lang, pe *PathError) string {
	msg := l.Sprintf(i18n.ReasonIssuerNotFound, pe.Issuer)
	if len(pe.Rejected) > 0 {
		msg = l.Sprintf(i18n.ReasonNoIssuerWorked, rejections(l, pe.Rejected))
	}
	for _, d := range pe.Downloads {
		switch {
		case d.Error == "":
			msg = l.Sprintf(i18n.ReasonIssuerDownloaded, msg, d.URL)
		case d.Class != "":
			explained, ok := classText(l, nil, d.Class, d.HTTPStatus)
			if !ok {
				explained = d.Error
			}
			msg = l.Sprintf(i18n.ReasonIssuerTriedClass, msg, d.URL, d.Class, explained)
		default:
			msg = l.Sprintf(i18n.ReasonIssuerTried, msg, d.URL, d.Error)
		}
	}
	return msg
}

func rejections(l i18n.Lang, rejected []chain.Rejection) string {
	if len(rejected) == 0 {
		return l.Sprintf(i18n.ReasonNoDetail)
	}
	var parts []string
	for _, rej := range rejected {
		parts = append(parts, RejectionIn(l, rej))
	}
	return strings.Join(parts, "; ")
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
