package qualified

import (
	"crypto/x509"
	"encoding/asn1"
	"time"
)

// PrivateKeyUsage compares the time of a signature with the private key
// usage period of the signer's certificate (2.5.29.16), which CryptoPro
// CSP enforces when signing (by default up to 1 year 3 months from the
// key's creation; reference E.7). t and proven are as for
// SignatureAlgorithm: the best-signature-time when proven, otherwise the
// claimed signing time.
//
// A signature claimed outside the period, or proven only after it ended
// (so nothing shows it was made in time), is a Warning naming the dates;
// the law does not make it fail on its own. Without the extension, or
// without a time, the check is not_applicable; a malformed extension
// fails.
func PrivateKeyUsage(cert *x509.Certificate, t time.Time, proven bool) Check {
	const name = CheckPrivateKeyUsagePeriod
	v, ok := extension(cert.Extensions, OIDPrivateKeyUsagePeriod)
	if !ok {
		return notApplicable(name, "the certificate states no private key usage period")
	}
	p, err := ParsePrivateKeyUsagePeriod(v)
	if err != nil {
		return fail(name, Malformed, err, "%v", err)
	}
	period := formatPeriod(p)
	if t.IsZero() {
		return notApplicable(name, "no signing time is known; the private key usage period is %s", period)
	}
	what := "claimed signing time " + stamp(t)
	if proven {
		what = "proven existence at " + stamp(t)
	}
	switch {
	case !p.NotBefore.IsZero() && t.Before(p.NotBefore):
		return warn(name, OutsideKeyUsagePeriod, nil, "%s is before the private key usage period (%s) began", what, period)
	case !p.NotAfter.IsZero() && t.After(p.NotAfter) && proven:
		return warn(name, OutsideKeyUsagePeriod, nil,
			"%s is after the private key usage period (%s) ended: nothing shows the signature was made before it ended",
			what, period)
	case !p.NotAfter.IsZero() && t.After(p.NotAfter):
		return warn(name, OutsideKeyUsagePeriod, nil, "%s is after the private key usage period (%s) ended", what, period)
	}
	return pass(name, "%s is within the private key usage period (%s)", what, period)
}

// Signature is what the checks need to know of the signature itself.
type Signature struct {
	// Algorithm is the signatureAlgorithm of the SignerInfo.
	Algorithm asn1.ObjectIdentifier
	// Time is the best-signature-time when Proven is true (the earliest
	// time a valid timestamp or other proof of existence shows the
	// signature existed), otherwise the claimed signing time, or zero
	// when there is none.
	Time   time.Time
	Proven bool
}

// Evaluate runs every check this package makes on a signature and its
// signer's certificate: SignerProfile, then SignatureAlgorithm and
// PrivateKeyUsage. The certificate's path, its revocation and its CA's
// accreditation at the signature's time are checked elsewhere (packages
// chain, ocspclient and tsl).
func Evaluate(cert *x509.Certificate, sig Signature) Checks {
	cs := SignerProfile(cert)
	return append(cs, SignatureAlgorithm(sig.Algorithm, sig.Time, sig.Proven),
		PrivateKeyUsage(cert, sig.Time, sig.Proven))
}
