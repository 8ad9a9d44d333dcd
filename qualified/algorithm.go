package qualified

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// moscow is the time of the dates in Russian law: Moscow time, UTC+3.
var moscow = time.FixedZone("MSK", 3*60*60)

// Dates the rules turn on, at midnight Moscow time.
var (
	// Gost2001CertificatesEnd: from 2019-01-01 no qualified certificate is
	// made with GOST R 34.10-2001 (ФСБ России letter 149/7/6-363 of
	// 2018; reference E.6).
	Gost2001CertificatesEnd = time.Date(2019, 1, 1, 0, 0, 0, 0, moscow)
	// Gost2001SignaturesEnd: from 2020-01-01 no qualified signature is made
	// with GOST R 34.10-2001 (the same letter).
	Gost2001SignaturesEnd = time.Date(2020, 1, 1, 0, 0, 0, 0, moscow)
	// Order31 is when Приказ ФСБ № 31 of 2021-01-29, amending Приказ ФСБ
	// № 795, took effect: INN became the person's INN and INNLE the
	// organisation's (reference E.1).
	Order31 = time.Date(2021, 9, 1, 0, 0, 0, 0, moscow)
	// BothINNs: from 2022-01-01 an organisation's certificate names the
	// person acting for it, with the person's INN beside the
	// organisation's INNLE (reference E.3).
	BothINNs = time.Date(2022, 1, 1, 0, 0, 0, 0, moscow)
)

// Algorithm OIDs: GOST R 34.10-2001 signature with GOST R 34.11-94 and the
// 2001 public key (RFC 4491; CryptoPro CSP and ViPNet write the key OID as
// a CMS signature algorithm), and their 2012 counterparts (RFC 9215).
var (
	gost2001OIDs = []asn1.ObjectIdentifier{
		{1, 2, 643, 2, 2, 3}, {1, 2, 643, 2, 2, 19},
	}
	gost2012OIDs = []asn1.ObjectIdentifier{
		{1, 2, 643, 7, 1, 1, 3, 2}, {1, 2, 643, 7, 1, 1, 3, 3},
		{1, 2, 643, 7, 1, 1, 1, 1}, {1, 2, 643, 7, 1, 1, 1, 2},
	}
)

func oneOf(oid asn1.ObjectIdentifier, set []asn1.ObjectIdentifier) bool {
	for _, o := range set {
		if o.Equal(oid) {
			return true
		}
	}
	return false
}

// day prints t as a date in Moscow time; stamp as an instant in UTC.
func day(t time.Time) string   { return t.In(moscow).Format("2006-01-02") }
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// certificateAlgorithms reads the signature algorithm of cert from its
// TBSCertificate and its public key algorithm (crypto/x509 does not keep
// OIDs it does not know).
func certificateAlgorithms(cert *x509.Certificate) (sig, key asn1.ObjectIdentifier, err error) {
	tbs := cryptobyte.String(cert.RawTBSCertificate)
	var body, alg cryptobyte.String
	if !tbs.ReadASN1(&body, cbasn1.SEQUENCE) ||
		!body.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!body.SkipASN1(cbasn1.INTEGER) ||
		!body.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&sig) {
		return nil, nil, &ParseError{"TBSCertificate", "malformed signature algorithm"}
	}
	spki := cryptobyte.String(cert.RawSubjectPublicKeyInfo)
	var info cryptobyte.String
	if !spki.ReadASN1(&info, cbasn1.SEQUENCE) || !info.ReadASN1(&alg, cbasn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&key) {
		return nil, nil, &ParseError{"subjectPublicKeyInfo", "malformed algorithm"}
	}
	return sig, key, nil
}

// CertificateAlgorithm checks the algorithms cert was made with: GOST
// R 34.10-2001 or 2012 (a qualified certificate is made with certified
// Russian cryptography), and GOST R 34.10-2001, for its signature or its
// key, only before 2019-01-01 — later ones are not qualified (reference
// E.6). The time a certificate was made is its notBefore.
func CertificateAlgorithm(cert *x509.Certificate) Check {
	const name = CheckCertificateAlgorithm
	sig, key, err := certificateAlgorithms(cert)
	if err != nil {
		return fail(name, Malformed, err, "%v", err)
	}
	gost2001 := oneOf(sig, gost2001OIDs) || oneOf(key, gost2001OIDs)
	switch {
	case !(oneOf(sig, gost2001OIDs) || oneOf(sig, gost2012OIDs)) || !(oneOf(key, gost2001OIDs) || oneOf(key, gost2012OIDs)):
		return fail(name, AlgorithmNotAllowed, nil,
			"signature algorithm %s, key algorithm %s: not GOST R 34.10-2001 or 2012", sig, key)
	case gost2001 && !cert.NotBefore.Before(Gost2001CertificatesEnd):
		return fail(name, AlgorithmNotAllowed, nil,
			"made with GOST R 34.10-2001 on %s; from 2019-01-01 certificates made with it are not qualified (ФСБ России letter 149/7/6-363)",
			day(cert.NotBefore))
	case gost2001:
		return pass(name, "GOST R 34.10-2001, made on %s, before 2019-01-01", day(cert.NotBefore))
	}
	return pass(name, "GOST R 34.10-2012")
}

// SignatureAlgorithm applies the end of GOST R 34.10-2001: a
// signature made with it from 2020-01-01 is not a qualified one (ФСБ России
// letter 149/7/6-363 of 2018; reference E.6). alg is the signature
// algorithm of the SignerInfo. t is the best-signature-time when proven is
// true — the earliest time a valid timestamp or other proof of existence
// shows the signature existed —, otherwise the claimed signing time (or
// zero when there is none), which proves nothing.
//
// A GOST R 34.10-2001 signature passes only when proven to have existed
// before 2020-01-01; otherwise the check fails with reason NoPOE (ETSI EN
// 319 102-1 CRYPTO_CONSTRAINTS_FAILURE_NO_POE: without such a proof the
// signature cannot be told from one made later). GOST R 34.10-2012 passes;
// other algorithms are not_applicable (not judged here).
func SignatureAlgorithm(alg asn1.ObjectIdentifier, t time.Time, proven bool) Check {
	const name = CheckSignatureAlgorithm
	switch {
	case oneOf(alg, gost2012OIDs):
		return pass(name, "GOST R 34.10-2012 (%s)", alg)
	case !oneOf(alg, gost2001OIDs):
		return notApplicable(name, "%s is not a GOST R 34.10 algorithm", alg)
	case proven && !t.IsZero() && t.Before(Gost2001SignaturesEnd):
		return pass(name, "GOST R 34.10-2001, proven to exist at %s, before 2020-01-01", stamp(t))
	}
	const rule = "a GOST R 34.10-2001 signature is qualified only if made before 2020-01-01 (ФСБ России letter 149/7/6-363)"
	var why string
	switch {
	case proven && !t.IsZero():
		why = fmt.Sprintf("its earliest proof of existence is %s, and nothing proves it existed before", stamp(t))
	case !t.IsZero():
		why = fmt.Sprintf("nothing proves it existed before then: its claimed signing time %s is not a proof", stamp(t))
	default:
		why = "nothing proves it existed before then"
	}
	return fail(name, NoPOE, nil, "%s; %s", rule, why)
}
