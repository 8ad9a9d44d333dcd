package qualified

import (
	"crypto/x509"
	"fmt"
	"strings"
)

// SignerProfile checks the signer's certificate against the form of a
// qualified certificate (63-ФЗ article 17, Приказ ФСБ № 795 as amended by
// Приказ ФСБ № 31) for its subject kind, in this order: CheckSubjectKind,
// CheckOGRN, CheckOGRNIP, CheckINNLE, CheckINN, CheckSNILS,
// CheckCommonName, CheckSubjectSignTool, CheckIssuerSignTool,
// CheckSignToolClass, CheckKeyUsage (digitalSignature),
// CheckIdentificationKind, CheckCertificateAlgorithm. The package
// documentation says what each requires and on what authority.
func SignerProfile(cert *x509.Certificate) Checks {
	s := readSubject(cert)
	cs := Checks{subjectKind(s, false)}
	cs = append(cs, s.identity(cert)...)
	cs = append(cs, commonName(s),
		subjectSignTool(cert), issuerSignTool(cert), signToolClass(cert),
		keyUsage(cert, x509.KeyUsageDigitalSignature, "digitalSignature"),
		identificationKind(cert), CertificateAlgorithm(cert))
	return cs
}

// CAProfile checks a CA certificate (an accredited CA's, or the Минцифры
// root's) against what the qualified certificates of CAs carry, in this
// order: CheckSubjectKind (an organisation), CheckBasicConstraints,
// CheckKeyUsage (keyCertSign), CheckOGRN, CheckINNLE,
// CheckSubjectSignTool, CheckIssuerSignTool, CheckSignToolClass,
// CheckIdentificationKind, CheckCertificateAlgorithm. It does not require
// digitalSignature: the Минцифры roots of 2018-2026 do not assert it.
func CAProfile(cert *x509.Certificate) Checks {
	s := readSubject(cert)
	cs := Checks{subjectKind(s, true), basicConstraints(cert),
		keyUsage(cert, x509.KeyUsageCertSign, "keyCertSign")}
	if s.err != nil {
		cs = append(cs, unreadable(CheckOGRN), unreadable(CheckINNLE))
	} else {
		cs = append(cs, s.ogrn(), s.innle(cert))
	}
	return append(cs, subjectSignTool(cert), issuerSignTool(cert), signToolClass(cert),
		identificationKind(cert), CertificateAlgorithm(cert))
}

func subjectKind(s *subject, ca bool) Check {
	const name = CheckSubjectKind
	switch {
	case s.err != nil:
		return fail(name, Malformed, s.err, "the subject name cannot be read: %v", s.err)
	case s.kind == UnknownKind:
		return fail(name, KindConflict, nil, "the subject has both an OGRN (%q) and an OGRNIP (%q)", s.first(OGRN), s.first(OGRNIP))
	case ca && s.kind != Organization:
		return fail(name, Missing, nil, "a CA is an organisation, but the subject has no OGRN or INNLE")
	}
	return pass(name, "%s", s.kind)
}

func unreadable(name string) Check {
	return notApplicable(name, "the subject name cannot be read")
}

// identity runs the five registration number checks.
func (s *subject) identity(cert *x509.Certificate) Checks {
	names := []string{CheckOGRN, CheckOGRNIP, CheckINNLE, CheckINN, CheckSNILS}
	if s.err != nil {
		cs := make(Checks, len(names))
		for i, n := range names {
			cs[i] = unreadable(n)
		}
		return cs
	}
	return Checks{s.ogrn(), s.ogrnip(), s.innle(cert), s.inn(cert), s.snils()}
}

// value checks the only value of the number n: one value, a valid number,
// a NumericString (RFC 9215; another string type is a warning). It
// returns the check and whether the number is valid.
func (s *subject) value(name string, n Number) (Check, bool) {
	vs := s.numbers[n]
	if len(vs) > 1 {
		return fail(name, Malformed, nil, "the subject has %d %s attributes", len(vs), n), false
	}
	v := vs[0]
	if err := n.Validate(v.value); err != nil {
		ne := err.(*NumberError)
		return fail(name, ne.Reason, err, "%s %q: %s", n, v.value, ne.Detail), false
	}
	if v.tag != tagNumericString {
		return warn(name, StringType, nil, "%s %s is a %s; RFC 9215 writes it as a NumericString", n, v.value, tagName(v.tag)), true
	}
	return pass(name, "%s %s", n, v.value), true
}

func (s *subject) ogrn() Check {
	const name = CheckOGRN
	if !s.has(OGRN) {
		if s.kind == Organization {
			return fail(name, Missing, nil, "an organisation's certificate gives its OGRN (63-ФЗ article 17 part 2)")
		}
		return notApplicable(name, "no OGRN: the subject is not an organisation")
	}
	c, ok := s.value(name, OGRN)
	if ok && c.Result == Passed && !strings.ContainsAny(s.first(OGRN)[:1], "15") {
		// ФНС: the first digit of a state registration number says its
		// kind, 1 or 5 for an OGRN (inferred: recalled, not read).
		return warn(name, Malformed, nil,
			"OGRN %s starts with %s; an OGRN starts with 1 or 5 (inferred from ФНС's numbering)",
			s.first(OGRN), s.first(OGRN)[:1])
	}
	return c
}

func (s *subject) ogrnip() Check {
	const name = CheckOGRNIP
	if !s.has(OGRNIP) {
		return notApplicable(name, "no OGRNIP: the subject is not an individual entrepreneur")
	}
	c, ok := s.value(name, OGRNIP)
	if ok && c.Result == Passed && s.first(OGRNIP)[0] != '3' {
		return warn(name, Malformed, nil,
			"OGRNIP %s starts with %c; an OGRNIP starts with 3 (inferred from ФНС's numbering)",
			s.first(OGRNIP), s.first(OGRNIP)[0])
	}
	return c
}

// innle checks an organisation's INN: INNLE, or before Приказ ФСБ № 31 the
// INN attribute holding the organisation's 10 digits after 00.
func (s *subject) innle(cert *x509.Certificate) Check {
	const name = CheckINNLE
	switch {
	case s.has(INNLE):
		c, _ := s.value(name, INNLE)
		return c
	case s.kind != Organization:
		return notApplicable(name, "no INNLE: the subject is not an organisation")
	case legacyINN(s.first(INN)) && len(s.numbers[INN]) == 1:
		v := s.first(INN)
		if err := INNLE.Validate(v[2:]); err != nil {
			ne := err.(*NumberError)
			return fail(name, ne.Reason, err, "the organisation's INN %q (in the INN attribute as %s): %s", v[2:], v, ne.Detail)
		}
		if cert.NotBefore.Before(Order31) {
			return pass(name,
				"the organisation's INN %s, in the INN attribute as %s, as certificates wrote it before Приказ ФСБ № 31 (in force 2021-09-01)",
				v[2:], v)
		}
		return warn(name, LegacyINN, nil,
			"the organisation's INN %s is in the INN attribute as %s, as before Приказ ФСБ № 31; this certificate, issued %s, should carry it as INNLE (1.2.643.100.4)",
			v[2:], v, day(cert.NotBefore))
	}
	return fail(name, Missing, nil, "an organisation's certificate gives its INN (INNLE, 1.2.643.100.4; 63-ФЗ article 17 part 2)")
}

// inn checks the INN of the person: the subject's own (a person or an
// entrepreneur) or the person's acting for an organisation.
func (s *subject) inn(cert *x509.Certificate) Check {
	const name = CheckINN
	v := s.first(INN)
	switch {
	case s.has(INN) && s.kind == Organization && legacyINN(v) && len(s.numbers[INN]) == 1:
		// The organisation's own INN, checked by innle; no person's INN.
	case s.has(INN):
		if len(v) == 10 && len(s.numbers[INN]) == 1 {
			return fail(name, Malformed, nil, "INN %q has 10 digits; the INN attribute holds a person's 12 (RFC 9215; an organisation's INN goes in INNLE)", v)
		}
		c, _ := s.value(name, INN)
		return c
	case s.kind == Person || s.kind == Entrepreneur:
		return warn(name, Missing, nil,
			"no INN of the %s; 63-ФЗ article 17 part 2 as amended in 2019 lists it beside the SNILS (inferred: recalled, not read in the law's text)",
			s.kind)
	}
	if s.kind != Organization {
		return notApplicable(name, "no INN")
	}
	if cert.NotBefore.Before(BothINNs) {
		return notApplicable(name, "no person's INN; not required of an organisation's certificate issued before 2022-01-01")
	}
	if s.namesPerson() {
		return fail(name, Missing, nil,
			"an organisation's certificate issued from 2022-01-01 (this one %s) that names a person acting for it carries the person's INN beside the organisation's INNLE",
			day(cert.NotBefore))
	}
	return warn(name, NoPerson, nil,
		"the certificate, issued %s, names no person acting for the organisation; from 2022-01-01 only a certificate for signing automatically may do so (inferred)",
		day(cert.NotBefore))
}

func (s *subject) snils() Check {
	const name = CheckSNILS
	if !s.has(SNILS) {
		if s.kind == Person || s.kind == Entrepreneur {
			return fail(name, Missing, nil, "a %s's certificate gives the SNILS (63-ФЗ article 17 part 2)", s.kind)
		}
		return notApplicable(name, "no SNILS; not required of an organisation's certificate")
	}
	c, ok := s.value(name, SNILS)
	if ok && !snilsHasRule(s.first(SNILS)) {
		c.Detail += " (a SNILS up to 001-001-998 has no check digits)"
	}
	return c
}

func commonName(s *subject) Check {
	const name = CheckCommonName
	switch {
	case s.err != nil:
		return unreadable(name)
	case !s.hasCN || strings.TrimSpace(s.cn) == "":
		return fail(name, Missing, nil, "the subject has no common name")
	case s.kind == Organization && isPersonName(s.cn, s.sn, s.gn):
		return fail(name, PersonName, nil, "the common name %q is the person's name; an organisation's certificate names the organisation there", s.cn)
	}
	return pass(name, "CN %q", s.cn)
}

func subjectSignTool(cert *x509.Certificate) Check {
	const name = CheckSubjectSignTool
	v, ok := extension(cert.Extensions, OIDSubjectSignTool)
	if !ok {
		return fail(name, Missing, nil, "no subjectSignTool (1.2.643.100.111): the owner's signature tool is not named (63-ФЗ article 17 part 2)")
	}
	tool, err := ParseSubjectSignTool(v)
	if err != nil {
		return fail(name, Malformed, err, "%v", err)
	}
	return pass(name, "%q", tool)
}

func issuerSignTool(cert *x509.Certificate) Check {
	const name = CheckIssuerSignTool
	v, ok := extension(cert.Extensions, OIDIssuerSignTool)
	if !ok {
		return fail(name, Missing, nil, "no issuerSignTool (1.2.643.100.112): the CA's tools and their certification are not named (63-ФЗ article 17 part 2)")
	}
	t, err := ParseIssuerSignTool(v)
	if err != nil {
		return fail(name, Malformed, err, "%v", err)
	}
	return pass(name, "%q, %q; %q, %q", t.SignTool, t.CATool, t.SignToolCert, t.CAToolCert)
}

// classNames names the classes of signature tools, 1.2.643.100.113.1-6
// (Приказ ФСБ № 796).
var classNames = []string{"КС1", "КС2", "КС3", "КВ1", "КВ2", "КА1"}

func signToolClass(cert *x509.Certificate) Check {
	const name = CheckSignToolClass
	if _, ok := extension(cert.Extensions, oidCertificatePolicies); !ok {
		return fail(name, Missing, nil, "no certificatePolicies: the class of the signature tool (КС1 ... КА1, 1.2.643.100.113.x) is not given")
	}
	var classes, others []string
	for _, p := range cert.PolicyIdentifiers {
		if len(p) == len(oidClass)+1 && p[:len(oidClass)].Equal(oidClass) && p[len(oidClass)] >= 1 && p[len(oidClass)] <= len(classNames) {
			classes = append(classes, classNames[p[len(oidClass)]-1])
		} else {
			others = append(others, p.String())
		}
	}
	if len(classes) == 0 {
		return fail(name, NoClass, nil,
			"certificatePolicies (%s) names no class of signature tool (КС1 ... КА1, 1.2.643.100.113.x)",
			strings.Join(others, ", "))
	}
	return pass(name, "%s", strings.Join(classes, ", "))
}

var keyUsageNames = []string{"digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment",
	"keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"}

func keyUsage(cert *x509.Certificate, need x509.KeyUsage, needName string) Check {
	const name = CheckKeyUsage
	if _, ok := extension(cert.Extensions, oidKeyUsage); !ok {
		return fail(name, KeyUsageBit, nil, "no keyUsage extension; %s is needed", needName)
	}
	var bits []string
	for i, n := range keyUsageNames {
		if cert.KeyUsage&(1<<i) != 0 {
			bits = append(bits, n)
		}
	}
	if cert.KeyUsage&need == 0 {
		return fail(name, KeyUsageBit, nil, "keyUsage (%s) lacks %s", strings.Join(bits, ", "), needName)
	}
	return pass(name, "%s", strings.Join(bits, ", "))
}

func identificationKind(cert *x509.Certificate) Check {
	const name = CheckIdentificationKind
	v, ok := extension(cert.Extensions, OIDIdentificationKind)
	if !ok {
		if cert.NotBefore.Before(Order31) {
			return notApplicable(name, "no identificationKind; the certificate was issued before Приказ ФСБ № 31 (in force 2021-09-01)")
		}
		return warn(name, Missing, nil,
			"no identificationKind (1.2.643.100.114) on a certificate issued %s, after Приказ ФСБ № 31 took effect (inferred: every real one issued since carries it)",
			day(cert.NotBefore))
	}
	k, err := ParseIdentificationKind(v)
	if err != nil {
		return fail(name, Malformed, err, "%v", err)
	}
	return pass(name, "%s", k)
}

func basicConstraints(cert *x509.Certificate) Check {
	const name = CheckBasicConstraints
	if !cert.BasicConstraintsValid || !cert.IsCA {
		return fail(name, NotCA, nil, "basicConstraints does not say the certificate is a CA's")
	}
	if cert.MaxPathLen >= 0 && (cert.MaxPathLen > 0 || cert.MaxPathLenZero) {
		return pass(name, "CA, path length at most %d", cert.MaxPathLen)
	}
	return pass(name, "CA")
}

// formatPeriod prints a private key usage period.
func formatPeriod(p PrivateKeyUsagePeriod) string {
	from, to := "(open)", "(open)"
	if !p.NotBefore.IsZero() {
		from = stamp(p.NotBefore)
	}
	if !p.NotAfter.IsZero() {
		to = stamp(p.NotAfter)
	}
	return fmt.Sprintf("%s to %s", from, to)
}
