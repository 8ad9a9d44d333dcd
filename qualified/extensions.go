package qualified

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Extension and policy OIDs of Russian qualified certificates (RFC 9215
// section 5 and its ASN.1 module RuStrongCertsSyntax, Приказ ФСБ № 795).
var (
	OIDSubjectSignTool       = asn1.ObjectIdentifier{1, 2, 643, 100, 111}
	OIDIssuerSignTool        = asn1.ObjectIdentifier{1, 2, 643, 100, 112}
	OIDIdentificationKind    = asn1.ObjectIdentifier{1, 2, 643, 100, 114}
	OIDPrivateKeyUsagePeriod = asn1.ObjectIdentifier{2, 5, 29, 16}
	oidKeyUsage              = asn1.ObjectIdentifier{2, 5, 29, 15}
	oidCertificatePolicies   = asn1.ObjectIdentifier{2, 5, 29, 32}
	// oidClass is the arc of the classes of signature tools:
	// 1.2.643.100.113.1 КС1 ... .6 КА1.
	oidClass = asn1.ObjectIdentifier{1, 2, 643, 100, 113}
)

// ParseError says why an extension could not be read.
type ParseError struct {
	// Extension is its name, such as "issuerSignTool".
	Extension string
	Detail    string
}

func (e *ParseError) Error() string {
	return "qualified: " + e.Extension + ": " + e.Detail
}

// readUTF8String reads a DER UTF8String of 1 to max characters.
func readUTF8String(s *cryptobyte.String, what string, max int) (string, error) {
	var v cryptobyte.String
	if s.Empty() {
		return "", &ParseError{what, "missing"}
	}
	if !s.ReadASN1(&v, cbasn1.UTF8String) {
		return "", &ParseError{what, "not a UTF8String"}
	}
	if !utf8.Valid(v) {
		return "", &ParseError{what, "not valid UTF-8"}
	}
	if n := utf8.RuneCount(v); n < 1 || n > max {
		return "", &ParseError{what, fmt.Sprintf("%d characters, want 1 to %d", n, max)}
	}
	return string(v), nil
}

// ParseSubjectSignTool reads the value of a subjectSignTool extension:
// SubjectSignTool ::= UTF8String (SIZE (1..200)), the name of the
// signature tool the owner uses (RFC 9215 section 5.1).
func ParseSubjectSignTool(der []byte) (string, error) {
	s := cryptobyte.String(der)
	tool, err := readUTF8String(&s, "subjectSignTool", 200)
	if err != nil {
		return "", err
	}
	if !s.Empty() {
		return "", &ParseError{"subjectSignTool", "trailing data"}
	}
	return tool, nil
}

// IssuerSignTool is the value of an issuerSignTool extension: the tools
// the CA used and the documents that certify them (RFC 9215 section 5.2).
type IssuerSignTool struct {
	// SignTool is the signature tool that made the keys.
	SignTool string
	// CATool is the CA's own tool.
	CATool string
	// SignToolCert and CAToolCert are the certificates of conformity (or
	// FSB conclusions) of the two tools.
	SignToolCert string
	CAToolCert   string
}

// ParseIssuerSignTool reads the value of an issuerSignTool extension:
//
//	IssuerSignTool ::= SEQUENCE {
//	    signTool     UTF8String (SIZE (1..200)),
//	    cATool       UTF8String (SIZE (1..200)),
//	    signToolCert UTF8String (SIZE (1..100)),
//	    cAToolCert   UTF8String (SIZE (1..100)) }
func ParseIssuerSignTool(der []byte) (IssuerSignTool, error) {
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return IssuerSignTool{}, &ParseError{"issuerSignTool", "not a SEQUENCE"}
	}
	if !s.Empty() {
		return IssuerSignTool{}, &ParseError{"issuerSignTool", "trailing data"}
	}
	var t IssuerSignTool
	fields := []struct {
		name string
		max  int
		v    *string
	}{
		{"signTool", 200, &t.SignTool}, {"cATool", 200, &t.CATool},
		{"signToolCert", 100, &t.SignToolCert}, {"cAToolCert", 100, &t.CAToolCert},
	}
	for _, f := range fields {
		v, err := readUTF8String(&seq, "issuerSignTool "+f.name, f.max)
		if err != nil {
			return IssuerSignTool{}, err
		}
		*f.v = v
	}
	if !seq.Empty() {
		return IssuerSignTool{}, &ParseError{"issuerSignTool", "more than four fields"}
	}
	return t, nil
}

// IdentificationKind says how the CA identified the applicant (RFC 9215
// section 5.3).
type IdentificationKind int

const (
	// Personal: in person.
	Personal IdentificationKind = 0
	// RemoteCert: remotely, by a signature with a qualified certificate.
	RemoteCert IdentificationKind = 1
	// RemotePassport: remotely, by a biometric passport.
	RemotePassport IdentificationKind = 2
	// RemoteSystem: remotely, through ЕСИА and the unified biometric system.
	RemoteSystem IdentificationKind = 3
)

func (k IdentificationKind) String() string {
	switch k {
	case Personal:
		return "personal (0)"
	case RemoteCert:
		return "remote_cert (1)"
	case RemotePassport:
		return "remote_passport (2)"
	case RemoteSystem:
		return "remote_system (3)"
	}
	return fmt.Sprintf("unknown (%d)", int(k))
}

// ParseIdentificationKind reads the value of an identificationKind
// extension: IdentificationKind ::= INTEGER { personal(0), remote_cert(1),
// remote_passport(2), remote_system(3) }. Other values are an error.
func ParseIdentificationKind(der []byte) (IdentificationKind, error) {
	s := cryptobyte.String(der)
	var v int64
	if !s.ReadASN1Int64WithTag(&v, cbasn1.INTEGER) {
		return 0, &ParseError{"identificationKind", "not a DER INTEGER"}
	}
	if !s.Empty() {
		return 0, &ParseError{"identificationKind", "trailing data"}
	}
	if v < 0 || v > 3 {
		return 0, &ParseError{"identificationKind", fmt.Sprintf("value %d, want 0 to 3", v)}
	}
	return IdentificationKind(v), nil
}

// PrivateKeyUsagePeriod is the value of a privateKeyUsagePeriod extension
// (2.5.29.16, RFC 3280 section 4.2.1.4): when the private key may sign.
// A zero time means the bound is absent.
type PrivateKeyUsagePeriod struct {
	NotBefore, NotAfter time.Time
}

// ParsePrivateKeyUsagePeriod reads the value of a privateKeyUsagePeriod
// extension:
//
//	PrivateKeyUsagePeriod ::= SEQUENCE {
//	    notBefore [0] GeneralizedTime OPTIONAL,
//	    notAfter  [1] GeneralizedTime OPTIONAL }
//
// (implicit tags), strictly as DER: at least one bound, each
// YYYYMMDDHHMMSS[.fff]Z (the fraction without trailing zeros, as X.690
// section 11.7 has it; the Минцифры root of 2025 writes one), and notBefore
// not after notAfter.
func ParsePrivateKeyUsagePeriod(der []byte) (PrivateKeyUsagePeriod, error) {
	const what = "privateKeyUsagePeriod"
	s := cryptobyte.String(der)
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return PrivateKeyUsagePeriod{}, &ParseError{what, "not a SEQUENCE"}
	}
	if !s.Empty() {
		return PrivateKeyUsagePeriod{}, &ParseError{what, "trailing data"}
	}
	var p PrivateKeyUsagePeriod
	bounds := []struct {
		name string
		tag  cbasn1.Tag
		v    *time.Time
	}{
		{"notBefore", cbasn1.Tag(0).ContextSpecific(), &p.NotBefore},
		{"notAfter", cbasn1.Tag(1).ContextSpecific(), &p.NotAfter},
	}
	for _, b := range bounds {
		if !seq.PeekASN1Tag(b.tag) {
			continue
		}
		var v cryptobyte.String
		if !seq.ReadASN1(&v, b.tag) {
			return PrivateKeyUsagePeriod{}, &ParseError{what, b.name + ": malformed"}
		}
		t, err := parseGeneralizedTime(v)
		if err != nil {
			return PrivateKeyUsagePeriod{}, &ParseError{what, b.name + ": " + err.Error()}
		}
		*b.v = t
	}
	if !seq.Empty() {
		return PrivateKeyUsagePeriod{}, &ParseError{what, "unexpected or misordered field"}
	}
	if p.NotBefore.IsZero() && p.NotAfter.IsZero() {
		return PrivateKeyUsagePeriod{}, &ParseError{what, "neither notBefore nor notAfter"}
	}
	if !p.NotBefore.IsZero() && !p.NotAfter.IsZero() && p.NotAfter.Before(p.NotBefore) {
		return PrivateKeyUsagePeriod{}, &ParseError{what, "notAfter is before notBefore"}
	}
	return p, nil
}

// generalizedTimeLayout parses DER GeneralizedTime, as cryptobyte's
// ReadASN1GeneralizedTime does (which cannot read an implicitly tagged one).
const generalizedTimeLayout = "20060102150405.999999999Z0700"

// parseGeneralizedTime reads the contents of a DER GeneralizedTime: UTC
// ("Z"), seconds present, a fraction only with digits and without trailing
// zeros. It reformats the parsed time and requires the same bytes back.
func parseGeneralizedTime(v []byte) (time.Time, error) {
	if len(v) == 0 || v[len(v)-1] != 'Z' {
		return time.Time{}, fmt.Errorf("GeneralizedTime %q is not in UTC (Z)", v)
	}
	t, err := time.Parse(generalizedTimeLayout, string(v))
	if err != nil || t.Format(generalizedTimeLayout) != string(v) {
		return time.Time{}, fmt.Errorf("malformed DER GeneralizedTime %q", v)
	}
	return t, nil
}

// extension returns the value of the extension oid among exts
// (crypto/x509 refuses a certificate that repeats an extension).
func extension(exts []pkix.Extension, oid asn1.ObjectIdentifier) ([]byte, bool) {
	for _, e := range exts {
		if e.Id.Equal(oid) {
			return e.Value, true
		}
	}
	return nil, false
}
