package ocspclient

import "github.com/gostverify/gostverify/fetch"

// CRLClass says why a CRL check ([CRLChecker.Check], [CRLChecker.CheckCRL])
// failed. Transport failures keep the class of the [fetch.Error] they wrap
// (an ldap:// URL is fetch's "unsupported_scheme"). Some values are those
// of OCSP classes ("bad_signature", "stale", "not_yet_valid",
// "bad_input") with their own explanations. Values are stable strings for
// JSON reports.
type CRLClass string

// The CRL classes of failure.
const (
	NotCRL            CRLClass = "not_crl"
	CRLWrongIssuer    CRLClass = "crl_wrong_issuer"
	CRLSignNotAllowed CRLClass = "crl_sign_not_allowed"
	NoCRLURL          CRLClass = "no_crl_url"
	CRLUnsupported    CRLClass = "crl_unsupported"
	CRLOutOfScope     CRLClass = "crl_out_of_scope"
	CRLBadSignature   CRLClass = "bad_signature"
	CRLStale          CRLClass = "stale"
	CRLNotYetValid    CRLClass = "not_yet_valid"
	CRLBadInput       CRLClass = "bad_input"
)

// Explain returns a plain-language explanation of the class. Transport
// classes are explained by the fetch package.
func (c CRLClass) Explain() string {
	switch c {
	case NotCRL:
		return "the document is not a CRL (an HTML page, an error text, or a truncated or corrupted file)"
	case CRLWrongIssuer:
		return "the CRL is issued by another CA than the certificate's issuer (another name or key identifier)"
	case CRLSignNotAllowed:
		return "the issuer's key usage does not allow it to sign CRLs (no cRLSign)"
	case NoCRLURL:
		return "the certificate has no CRL distribution point with an http or https URL"
	case CRLUnsupported:
		return "the CRL is a delta or indirect CRL, covers only some reasons, or has a critical extension gostverify does not handle, so it cannot give a complete status"
	case CRLOutOfScope:
		return "the CRL covers only CA certificates or only end-entity certificates, not this kind of certificate"
	case CRLBadSignature:
		return "the signature on the CRL does not verify: the CRL was altered or signed with another key"
	case CRLStale:
		return "the CRL is out of date: it was issued before the validation time and its nextUpdate had passed by then"
	case CRLNotYetValid:
		return "the CRL's thisUpdate is in the future: check the clocks"
	case CRLBadInput:
		return "the certificate or issuer is missing, or the certificate has no serial number to look up"
	}
	return fetch.Class(c).Explain()
}

// CRLError is the error returned by [CRLChecker.Check] and
// [CRLChecker.CheckCRL].
type CRLError struct {
	Class CRLClass
	URL   string // the distribution point; "" for a CRL given directly
	Err   error  // the cause: a *fetch.Error for transport classes; may be nil

	// Previous holds the failures of the distribution points tried before.
	Previous []error
}

func (e *CRLError) Error() string { return message(e.URL, e.Err, e.Class.Explain()) }

// Explain returns a plain-language explanation of the failure.
func (e *CRLError) Explain() string { return explanation(e.Err, e.Class.Explain()) }

// Unwrap returns the cause and the failures of earlier distribution points.
func (e *CRLError) Unwrap() []error { return causes(e.Err, e.Previous) }
