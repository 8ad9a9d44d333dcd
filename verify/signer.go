package verify

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"strings"
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
var attributeNames = map[string]string{
	oidINN.String():          "INN",
	oidINNLE.String():        "INNLE",
	oidOGRN.String():         "OGRN",
	oidOGRNIP.String():       "OGRNIP",
	oidSNILS.String():        "SNILS",
	oidSurname.String():      "SN",
	oidGivenName.String():    "G",
	oidTitle.String():        "T",
	oidEmailAddress.String(): "E",
	"2.5.4.3":                "CN",
	"2.5.4.6":                "C",
	"2.5.4.7":                "L",
	"2.5.4.8":                "ST",
	"2.5.4.9":                "STREET",
	"2.5.4.10":               "O",
	"2.5.4.11":               "OU",
	"2.5.4.5":                "SERIALNUMBER",
}

// DescribeCertificate returns the signer details of cert.
func DescribeCertificate(cert *x509.Certificate) *Signer {
	s := &Signer{
		Subject:    FormatName(cert.Subject),
		Issuer:     FormatName(cert.Issuer),
		Serial:     fmt.Sprintf("%X", cert.SerialNumber),
		CommonName: cert.Subject.CommonName,
	}
	if len(cert.Subject.Organization) > 0 {
		s.Organization = cert.Subject.Organization[0]
	}
	fields := map[string]*string{
		oidINN.String(): &s.INN, oidINNLE.String(): &s.INNLE, oidOGRN.String(): &s.OGRN,
		oidOGRNIP.String(): &s.OGRNIP, oidSNILS.String(): &s.SNILS, oidSurname.String(): &s.Surname,
		oidGivenName.String(): &s.GivenName, oidTitle.String(): &s.Title, oidEmailAddress.String(): &s.Email,
	}
	for _, atv := range cert.Subject.Names {
		if p, ok := fields[atv.Type.String()]; ok && *p == "" {
			*p = fmt.Sprint(atv.Value)
		}
	}
	return s
}

// FormatName prints a name in RFC 4514 order of appearance (most specific
// last, as certificates store it), with short names for the Russian
// attributes and values unescaped for reading.
func FormatName(name pkix.Name) string {
	var parts []string
	for _, atv := range name.Names {
		key, ok := attributeNames[atv.Type.String()]
		if !ok {
			key = atv.Type.String()
		}
		parts = append(parts, key+"="+fmt.Sprint(atv.Value))
	}
	return strings.Join(parts, ", ")
}

// displayName is how a person reads the signer: "Surname Given Names" or
// the common name, then the organisation and the INN.
func (s *Signer) displayName() string {
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
		parts = append(parts, "INN "+s.INNLE)
	case s.INN != "":
		parts = append(parts, "INN "+s.INN)
	}
	return strings.Join(parts, ", ")
}
