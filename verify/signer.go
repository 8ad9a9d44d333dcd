package verify

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gostverify/gostverify/i18n"
)

// Signer describes a certificate's subject the way Russian qualified
// certificates fill it (Приказ ФСБ № 795): the person, the organisation and
// their registration numbers.
type Signer struct {
	Subject      string `json:"subject"`
	Issuer       string `json:"issuer"`
	Serial       string `json:"serial"` // hexadecimal
	CommonName   string `json:"common_name,omitempty"`
	Surname      string `json:"surname,omitempty"`
	GivenName    string `json:"given_name,omitempty"` // name and patronymic
	Title        string `json:"title,omitempty"`
	Organization string `json:"organization,omitempty"`
	Email        string `json:"email,omitempty"`
	INN          string `json:"inn"`    // ИНН of a person, 1.2.643.3.131.1.1
	INNLE        string `json:"innle"`  // ИНН ЮЛ of an organisation, 1.2.643.100.4
	OGRN         string `json:"ogrn"`   // ОГРН, 1.2.643.100.1
	OGRNIP       string `json:"ogrnip"` // ОГРНИП, 1.2.643.100.5
	SNILS        string `json:"snils"`  // СНИЛС, 1.2.643.100.3
}

// Russian and common subject attribute OIDs.
var (
	oidINN          = asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1}
	oidINNLE        = asn1.ObjectIdentifier{1, 2, 643, 100, 4}
	oidOGRN         = asn1.ObjectIdentifier{1, 2, 643, 100, 1}
	oidOGRNIP       = asn1.ObjectIdentifier{1, 2, 643, 100, 5}
	oidSNILS        = asn1.ObjectIdentifier{1, 2, 643, 100, 3}
	oidSurname      = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidGivenName    = asn1.ObjectIdentifier{2, 5, 4, 42}
	oidTitle        = asn1.ObjectIdentifier{2, 5, 4, 12}
	oidEmailAddress = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 1}
)

// attributeNames gives the short names used when printing a name.
var attributeNames = []struct {
	oid  asn1.ObjectIdentifier
	name string
}{
	{oidINN, "INN"}, {oidINNLE, "INNLE"}, {oidOGRN, "OGRN"}, {oidOGRNIP, "OGRNIP"}, {oidSNILS, "SNILS"},
	{oidSurname, "SN"}, {oidGivenName, "G"}, {oidTitle, "T"}, {oidEmailAddress, "E"},
	{asn1.ObjectIdentifier{2, 5, 4, 3}, "CN"}, {asn1.ObjectIdentifier{2, 5, 4, 6}, "C"},
	{asn1.ObjectIdentifier{2, 5, 4, 7}, "L"}, {asn1.ObjectIdentifier{2, 5, 4, 8}, "ST"},
	{asn1.ObjectIdentifier{2, 5, 4, 9}, "STREET"}, {asn1.ObjectIdentifier{2, 5, 4, 10}, "O"},
	{asn1.ObjectIdentifier{2, 5, 4, 11}, "OU"}, {asn1.ObjectIdentifier{2, 5, 4, 5}, "SERIALNUMBER"},
}

// attributeName is the short name of an attribute type, or its OID.
func attributeName(oid asn1.ObjectIdentifier) string {
	for _, a := range attributeNames {
		if a.oid.Equal(oid) {
			return a.name
		}
	}
	return oid.String()
}

// signerFields are the subject attributes DescribeCertificate copies.
var signerFields = []struct {
	oid   asn1.ObjectIdentifier
	field func(*Signer) *string
}{
	{oidINN, func(s *Signer) *string { return &s.INN }},
	{oidINNLE, func(s *Signer) *string { return &s.INNLE }},
	{oidOGRN, func(s *Signer) *string { return &s.OGRN }},
	{oidOGRNIP, func(s *Signer) *string { return &s.OGRNIP }},
	{oidSNILS, func(s *Signer) *string { return &s.SNILS }},
	{oidSurname, func(s *Signer) *string { return &s.Surname }},
	{oidGivenName, func(s *Signer) *string { return &s.GivenName }},
	{oidTitle, func(s *Signer) *string { return &s.Title }},
	{oidEmailAddress, func(s *Signer) *string { return &s.Email }},
}

// DescribeCertificate returns the signer details of cert.
func DescribeCertificate(cert *x509.Certificate) *Signer {
	s := &Signer{
		Subject:    FormatName(cert.Subject),
		Issuer:     FormatName(cert.Issuer),
		Serial:     fmt.Sprintf("%X", cert.SerialNumber),
		CommonName: printable(cert.Subject.CommonName),
	}
	if len(cert.Subject.Organization) > 0 {
		s.Organization = printable(cert.Subject.Organization[0])
	}
	for _, atv := range cert.Subject.Names {
		for _, f := range signerFields {
			if p := f.field(s); f.oid.Equal(atv.Type) && *p == "" {
				*p = attributeValue(atv.Value)
			}
		}
	}
	return s
}

// FormatName prints a name in RFC 4514 order of appearance (most specific
// last, as certificates store it), with short names for the Russian
// attributes and values unescaped for reading.
func FormatName(name pkix.Name) string {
	var b strings.Builder
	for i, atv := range name.Names {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(attributeName(atv.Type))
		b.WriteByte('=')
		b.WriteString(attributeValue(atv.Value))
	}
	return b.String()
}

// attributeValue prints an attribute value: strings as they are.
func attributeValue(v any) string {
	if s, ok := v.(string); ok {
		return printable(s)
	}
	return printable(fmt.Sprint(v))
}

// printable returns s with what a terminal or a report would not show as
// text escaped — control characters (a newline, an ANSI escape), other
// unprintable runes as \uXXXX, bytes that are not UTF-8 as \xHH — so a
// name from an untrusted certificate stays one line of plain text.
func printable(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, unprintable) < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, "\\x%02X", s[i])
		case unprintable(r):
			fmt.Fprintf(&b, "\\u%04X", r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

func unprintable(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }

// displayName is how a person reads the signer: "Surname Given Names" or
// the common name, then the organisation and the INN, in l.
func (s *Signer) displayName(l i18n.Lang) string {
	name := s.CommonName
	if s.Surname != "" && s.GivenName != "" {
		name = s.Surname + " " + s.GivenName
	}
	parts := []string{name}
	if s.Organization != "" && s.Organization != name {
		parts = append(parts, s.Organization)
	}
	switch {
	case s.INNLE != "":
		parts = append(parts, l.Sprintf(i18n.TextINN, s.INNLE))
	case s.INN != "":
		parts = append(parts, l.Sprintf(i18n.TextINN, s.INN))
	}
	return strings.Join(parts, ", ")
}
