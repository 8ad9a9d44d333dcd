package verify

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
)

// Description is what a signature contains, read without verifying it:
// what `gostverify show` prints.
type Description struct {
	File             string                   `json:"file"`
	Encoding         cms.Encoding             `json:"encoding"`
	ContentType      string                   `json:"content_type"`
	Attached         bool                     `json:"attached"`
	ContentSize      int                      `json:"content_size,omitempty"`
	DigestAlgorithms []string                 `json:"digest_algorithms"`
	Signers          []SignerDescription      `json:"signers"`
	Certificates     []CertificateDescription `json:"certificates"`
	CRLs             int                      `json:"crls"`
}

// SignerDescription is one SignerInfo as written.
type SignerDescription struct {
	Position           string                 `json:"position"`
	SignerIdentifier   string                 `json:"signer_identifier"`
	DigestAlgorithm    string                 `json:"digest_algorithm"`
	SignatureAlgorithm string                 `json:"signature_algorithm"`
	SignedAttributes   []AttributeDescription `json:"signed_attributes"`
	UnsignedAttributes []AttributeDescription `json:"unsigned_attributes,omitempty"`
}

// AttributeDescription is an attribute with its value decoded where known.
type AttributeDescription struct {
	Type  string `json:"type"`
	Name  string `json:"name,omitempty"`
	Value string `json:"value"`
}

// CertificateDescription is a certificate carried in the signature.
type CertificateDescription struct {
	Subject         string    `json:"subject"`
	Issuer          string    `json:"issuer"`
	Serial          string    `json:"serial"`
	NotBefore       time.Time `json:"not_before"`
	NotAfter        time.Time `json:"not_after"`
	PublicKey       string    `json:"public_key"`
	SHA1            string    `json:"sha1"`
	SHA256          string    `json:"sha256"`
	SubjectSignTool string    `json:"subject_sign_tool,omitempty"`
	IssuerSignTool  []string  `json:"issuer_sign_tool,omitempty"`
	Signer          *Signer   `json:"signer,omitempty"`
	// ParseError is set when Go's crypto/x509 could not read the
	// certificate; the other fields are then empty.
	ParseError string `json:"parse_error,omitempty"`
}

// Extensions of Russian qualified certificates (Приказ ФСБ № 795).
var (
	oidSubjectSignTool = asn1.ObjectIdentifier{1, 2, 643, 100, 111}
	oidIssuerSignTool  = asn1.ObjectIdentifier{1, 2, 643, 100, 112}
)

var attributeTypeNames = map[string]string{
	cms.OIDContentType.String():          "contentType",
	cms.OIDMessageDigest.String():        "messageDigest",
	cms.OIDSigningTime.String():          "signingTime",
	cms.OIDCounterSignature.String():     "countersignature",
	cms.OIDSigningCertificate.String():   "signingCertificate",
	cms.OIDSigningCertificateV2.String(): "signingCertificateV2",
	cms.OIDTimeStampToken.String():       "timeStampToken",
}

// Describe lists what sd contains.
func Describe(name string, sd *cms.SignedData) *Description {
	d := &Description{
		File: name, Encoding: sd.Encoding, ContentType: sd.ContentType.String(),
		Attached: sd.Content != nil, ContentSize: len(sd.Content), CRLs: len(sd.CRLs),
		Signers: []SignerDescription{}, Certificates: []CertificateDescription{},
	}
	for _, a := range sd.DigestAlgorithms {
		d.DigestAlgorithms = append(d.DigestAlgorithms, algorithmName(a.Algorithm.String()))
	}
	for i, si := range sd.Signers {
		d.Signers = append(d.Signers, describeSigner(fmt.Sprint(i+1), si))
	}
	for _, c := range sd.Certificates {
		d.Certificates = append(d.Certificates, describeCertificate(c))
	}
	return d
}

func describeSigner(pos string, si *cms.SignerInfo) SignerDescription {
	s := SignerDescription{
		Position:           pos,
		DigestAlgorithm:    algorithmName(si.DigestAlgorithm.Algorithm.String()),
		SignatureAlgorithm: algorithmName(si.SignatureAlgorithm.Algorithm.String()),
		SignedAttributes:   []AttributeDescription{},
	}
	if si.IssuerAndSerial != nil {
		var seq pkix.RDNSequence
		issuer := "(unreadable)"
		if _, err := asn1.Unmarshal(si.IssuerAndSerial.RawIssuer, &seq); err == nil {
			var name pkix.Name
			name.FillFromRDNSequence(&seq)
			issuer = FormatName(name)
		}
		s.SignerIdentifier = fmt.Sprintf("serial %X, issuer %s", si.IssuerAndSerial.Serial, issuer)
	} else {
		s.SignerIdentifier = fmt.Sprintf("subject key identifier %X", si.SubjectKeyID)
	}
	for _, a := range si.SignedAttrs {
		s.SignedAttributes = append(s.SignedAttributes, describeAttribute(a))
	}
	for _, a := range si.UnsignedAttrs {
		s.UnsignedAttributes = append(s.UnsignedAttributes, describeAttribute(a))
	}
	return s
}

func describeAttribute(a cms.Attribute) AttributeDescription {
	d := AttributeDescription{Type: a.Type.String(), Name: attributeTypeNames[a.Type.String()]}
	v := a.Values[0]
	switch d.Name {
	case "contentType":
		var oid asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(v, &oid); err == nil {
			d.Value = oid.String()
		}
	case "messageDigest":
		var b []byte
		if _, err := asn1.Unmarshal(v, &b); err == nil {
			d.Value = hex.EncodeToString(b)
		}
	case "signingTime":
		var t time.Time
		if _, err := asn1.Unmarshal(v, &t); err == nil {
			d.Value = t.UTC().Format(time.RFC3339)
		}
	case "countersignature", "timeStampToken":
		d.Value = fmt.Sprintf("%d value(s), %d bytes", len(a.Values), len(a.Raw))
	}
	if d.Value == "" {
		d.Value = fmt.Sprintf("%d bytes", len(v))
	}
	return d
}

func describeCertificate(c *cms.Certificate) CertificateDescription {
	sha1sum, sha256sum := sha1.Sum(c.Raw), sha256.Sum256(c.Raw)
	d := CertificateDescription{SHA1: hex.EncodeToString(sha1sum[:]), SHA256: hex.EncodeToString(sha256sum[:])}
	if c.Cert == nil {
		d.ParseError = c.ParseError.Error()
		return d
	}
	cert := c.Cert
	d.Subject, d.Issuer = FormatName(cert.Subject), FormatName(cert.Issuer)
	d.Serial = fmt.Sprintf("%X", cert.SerialNumber)
	d.NotBefore, d.NotAfter = cert.NotBefore, cert.NotAfter
	d.PublicKey = describeKey(cert)
	d.Signer = DescribeCertificate(cert)
	for _, ext := range cert.Extensions {
		switch {
		case ext.Id.Equal(oidSubjectSignTool):
			var tool string
			if _, err := asn1.UnmarshalWithParams(ext.Value, &tool, "utf8"); err == nil {
				d.SubjectSignTool = tool
			}
		case ext.Id.Equal(oidIssuerSignTool):
			var tools []string
			if _, err := asn1.UnmarshalWithParams(ext.Value, &tools, "utf8"); err == nil {
				d.IssuerSignTool = tools
			}
		}
	}
	return d
}

func describeKey(cert *x509.Certificate) string {
	k, err := gost.ParsePublicKey(cert.RawSubjectPublicKeyInfo)
	if err != nil {
		return "not a usable GOST key: " + err.Error()
	}
	return fmt.Sprintf("%s, %s", k.Algorithm, k.ParamSet.Name)
}

// WriteText prints the description for people, in l.
func (d *Description) WriteText(w io.Writer, l i18n.Lang) error {
	var b strings.Builder
	header := l.Sprintf(i18n.ShowHeader, d.File, d.Encoding.Format)
	if d.Encoding.BER && d.Encoding.Format != "BER" {
		header = l.Sprintf(i18n.ShowHeaderBER, d.File, d.Encoding.Format)
	}
	if d.Attached {
		b.WriteString(l.Sprintf(i18n.ShowAttached, header, d.ContentSize, d.ContentType))
	} else {
		b.WriteString(l.Sprintf(i18n.ShowDetached, header, d.ContentType))
	}
	b.WriteString("\n")
	line := func(m i18n.Message, args ...any) {
		b.WriteString(l.Sprintf(m, args...))
		b.WriteString("\n")
	}
	for _, s := range d.Signers {
		line(i18n.ShowSigner, s.Position, s.SignerIdentifier, s.DigestAlgorithm, s.SignatureAlgorithm)
		for _, a := range s.SignedAttributes {
			line(i18n.ShowSigned, nameOr(a), a.Value)
		}
		for _, a := range s.UnsignedAttributes {
			line(i18n.ShowUnsigned, nameOr(a), a.Value)
		}
	}
	for i, c := range d.Certificates {
		if c.ParseError != "" {
			line(i18n.ShowUnreadableCert, i+1, c.ParseError, c.SHA256)
			continue
		}
		line(i18n.ShowCertificate, i+1, c.Subject, c.Issuer, c.Serial, c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339), c.PublicKey, c.SHA1)
		if c.SubjectSignTool != "" {
			line(i18n.ShowSubjectSignTool, c.SubjectSignTool)
		}
		for _, t := range c.IssuerSignTool {
			line(i18n.ShowIssuerSignTool, t)
		}
	}
	if d.CRLs > 0 {
		line(i18n.ShowCRLs, d.CRLs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func nameOr(a AttributeDescription) string {
	if a.Name != "" {
		return a.Name
	}
	return a.Type
}
