package qualified

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"strings"
	"unicode/utf16"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Kind is the kind of a certificate's subject, as 63-ФЗ article 17 and
// Приказ ФСБ № 795 tell them apart.
type Kind int

const (
	// UnknownKind: the subject could not be read, or has both an OGRN and
	// an OGRNIP.
	UnknownKind Kind = iota
	// Person is a natural person (физическое лицо, ФЛ).
	Person
	// Entrepreneur is an individual entrepreneur (индивидуальный
	// предприниматель, ИП): the subject has an OGRNIP.
	Entrepreneur
	// Organization is a legal entity (юридическое лицо, ЮЛ): the subject has
	// an OGRN or an organisation's INN (INNLE, or the zero-padded INN older
	// certificates carry).
	Organization
)

func (k Kind) String() string {
	switch k {
	case Person:
		return "person (ФЛ)"
	case Entrepreneur:
		return "individual entrepreneur (ИП)"
	case Organization:
		return "organisation (ЮЛ)"
	}
	return "unknown"
}

// Registration number attribute OIDs (RFC 9215 section 6, Приказ ФСБ № 795
// as amended by Приказ ФСБ № 31).
var numberOIDs = []struct {
	n   Number
	oid asn1.ObjectIdentifier
}{
	{OGRN, asn1.ObjectIdentifier{1, 2, 643, 100, 1}},
	{OGRNIP, asn1.ObjectIdentifier{1, 2, 643, 100, 5}},
	{INNLE, asn1.ObjectIdentifier{1, 2, 643, 100, 4}},
	{INN, asn1.ObjectIdentifier{1, 2, 643, 3, 131, 1, 1}},
	{SNILS, asn1.ObjectIdentifier{1, 2, 643, 100, 3}},
}

var (
	oidCommonName = asn1.ObjectIdentifier{2, 5, 4, 3}
	oidSurname    = asn1.ObjectIdentifier{2, 5, 4, 4}
	oidGivenName  = asn1.ObjectIdentifier{2, 5, 4, 42}
)

// String tags cryptobyte has no names for.
const (
	tagNumericString = cbasn1.Tag(18)
	tagBMPString     = cbasn1.Tag(30)
)

// numberValue is one registration number attribute as written.
type numberValue struct {
	value string
	tag   cbasn1.Tag
}

// subject is what the checks read from a certificate's subject name.
type subject struct {
	numbers map[Number][]numberValue
	// cn, sn, gn are the common name, surname and given names (the last
	// of each when repeated, as crypto/x509 keeps them); hasCN tells an
	// empty common name from none.
	cn, sn, gn string
	hasCN      bool
	kind       Kind
	// err is set when the name could not be read.
	err error
}

// legacyINN reports whether v is an organisation's 10-digit INN written,
// zero-padded to 12 digits, in the INN attribute, as certificates did
// before Приказ ФСБ № 31 added INNLE (RFC 9215 section 6 calls INN
// legacy). No person's INN starts with 00: its first two digits are a
// region code.
func legacyINN(v string) bool {
	return len(v) == 12 && strings.HasPrefix(v, "00")
}

// readSubject reads cert's subject: the registration numbers from the raw
// DER, strictly, with their string types; the names from crypto/x509.
func readSubject(cert *x509.Certificate) *subject {
	s := &subject{numbers: map[Number][]numberValue{}}
	if err := s.parseNumbers(cert.RawSubject); err != nil {
		s.err = err
		return s
	}
	for _, atv := range cert.Subject.Names {
		v, _ := atv.Value.(string)
		switch {
		case atv.Type.Equal(oidCommonName):
			s.cn, s.hasCN = v, true
		case atv.Type.Equal(oidSurname):
			s.sn = v
		case atv.Type.Equal(oidGivenName):
			s.gn = v
		}
	}
	s.kind = s.kindOf()
	return s
}

// parseNumbers reads the registration numbers of a DER Name:
//
//	Name ::= SEQUENCE OF RelativeDistinguishedName
//	RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
//	AttributeTypeAndValue ::= SEQUENCE { type OBJECT IDENTIFIER, value ANY }
func (s *subject) parseNumbers(raw []byte) error {
	in := cryptobyte.String(raw)
	var rdns cryptobyte.String
	if !in.ReadASN1(&rdns, cbasn1.SEQUENCE) || !in.Empty() {
		return &ParseError{"subject", "not a DER Name"}
	}
	for !rdns.Empty() {
		var set cryptobyte.String
		if !rdns.ReadASN1(&set, cbasn1.SET) || set.Empty() {
			return &ParseError{"subject", "malformed relative distinguished name"}
		}
		for !set.Empty() {
			var atv, value cryptobyte.String
			var oid asn1.ObjectIdentifier
			var tag cbasn1.Tag
			if !set.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1ObjectIdentifier(&oid) ||
				!atv.ReadAnyASN1(&value, &tag) || !atv.Empty() {
				return &ParseError{"subject", "malformed attribute"}
			}
			for _, no := range numberOIDs {
				if no.oid.Equal(oid) {
					s.numbers[no.n] = append(s.numbers[no.n], numberValue{decodeString(value, tag), tag})
				}
			}
		}
	}
	return nil
}

// decodeString returns the characters of a string value: BMPString as
// UTF-16, the others as their bytes (Number.Validate then refuses anything
// but digits).
func decodeString(v []byte, tag cbasn1.Tag) string {
	if tag == tagBMPString && len(v)%2 == 0 {
		u := make([]uint16, len(v)/2)
		for i := range u {
			u[i] = uint16(v[2*i])<<8 | uint16(v[2*i+1])
		}
		return string(utf16.Decode(u))
	}
	return string(v)
}

// tagName names the universal string tags a number might be written in.
func tagName(tag cbasn1.Tag) string {
	switch tag {
	case tagNumericString:
		return "NumericString"
	case cbasn1.PrintableString:
		return "PrintableString"
	case cbasn1.UTF8String:
		return "UTF8String"
	case cbasn1.IA5String:
		return "IA5String"
	case cbasn1.T61String:
		return "TeletexString"
	case tagBMPString:
		return "BMPString"
	}
	return fmt.Sprintf("ASN.1 tag 0x%02x", uint8(tag))
}

// has reports whether the subject carries the number n.
func (s *subject) has(n Number) bool { return len(s.numbers[n]) > 0 }

// first is the first value of n, or "".
func (s *subject) first(n Number) string {
	if v := s.numbers[n]; len(v) > 0 {
		return v[0].value
	}
	return ""
}

func (s *subject) kindOf() Kind {
	switch {
	case s.has(OGRNIP) && s.has(OGRN):
		return UnknownKind
	case s.has(OGRNIP):
		return Entrepreneur
	case s.has(OGRN), s.has(INNLE), legacyINN(s.first(INN)):
		return Organization
	}
	return Person
}

// KindOf returns the kind of cert's subject: Entrepreneur with an OGRNIP,
// Organization with an OGRN or an organisation's INN, Person otherwise;
// UnknownKind when the subject cannot be read or has both an OGRN and an
// OGRNIP.
func KindOf(cert *x509.Certificate) Kind {
	s := readSubject(cert)
	if s.err != nil {
		return UnknownKind
	}
	return s.kind
}

// namesPerson reports whether the subject names a person: a SNILS, a
// surname or given names.
func (s *subject) namesPerson() bool {
	return s.has(SNILS) || s.sn != "" || s.gn != ""
}

// isPersonName reports whether cn is the surname followed by the given
// names, ignoring case and runs of spaces.
func isPersonName(cn, sn, gn string) bool {
	if sn == "" && gn == "" {
		return false
	}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	return norm(cn) == norm(sn+" "+gn)
}
