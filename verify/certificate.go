package verify

import (
	"context"
	"crypto/x509"

	"github.com/gostverify/gostverify/cms"
)

// CertificateReport is the check of one certificate outside a signature
// (the signer of the list of accredited CAs, say): its path to the trust
// anchors and its revocation status, with its CAs', at the run's
// validation time.
type CertificateReport struct {
	Status        Status        `json:"status"`
	SubIndication SubIndication `json:"subindication,omitempty"`
	// Cause is the typed cause of a status other than valid: a
	// *PathError, *ValidityError or *RevocationError.
	Cause error `json:"-"`
	// Reason says Cause in words, in Options.Lang.
	Reason     string             `json:"reason,omitempty"`
	Chain      []ChainCertificate `json:"chain"`
	Revocation Revocation         `json:"revocation"`
}

// CheckCertificate checks cert as a signer's certificate is checked, with
// no signature around it: its path to the trust anchors at the validation
// time (Options.Time), others and Options.Certificates as candidate
// intermediates and issuer downloads as the run allows; then, unless
// revocation is off, the status of cert and of each CA of the path, from
// the run's OCSP and CRL sources. A revoked certificate is invalid; a
// status no source could give is indeterminate (TRY_LATER), which a
// caller may choose to accept with a warning.
func (v *Verifier) CheckCertificate(ctx context.Context, cert *x509.Certificate, others []*x509.Certificate) *CertificateReport {
	j := &job{v: v, ctx: ctx, inside: others, at: v.opts.Time}
	var s SignatureReport
	s.Revocation.Status = "not_checked"
	r := &CertificateReport{}
	path, sub, cause := j.checkChain(&s, &cms.SignerResult{Certificate: cert})
	if sub == "" && !v.opts.RevocationOff {
		if len(path) < 2 {
			// A trust anchor itself: nothing above it to ask.
			s.Revocation.Status = "not_checked"
		} else {
			// Revoked before the time it is judged at: invalid.
			sub, cause = j.checkRevocation(&s, path, &j.at)
		}
	}
	r.Chain, r.Revocation = s.Chain, s.Revocation
	r.Status, r.SubIndication, r.Cause = Valid, sub, cause
	if sub != "" {
		r.Status = sub.Status()
		r.Reason = explain(v.opts.Lang, cause)
	}
	return r
}
