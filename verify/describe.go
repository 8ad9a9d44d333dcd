package verify

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
)

// Description is what a signature contains, read without verifying it:
// what `gostverify show` prints. Each signer has the CAdES form its
// attributes show (cms.LongTerm), and each attribute its name and what
// it holds (see AttributeDescription). Nothing is verified: a timestamp
// token is parsed (package tsp), not checked.
//
// Signers comes last in the JSON, after crls, as show has always
// printed it.
type Description struct {
	File             string                   `json:"file"`
	Encoding         cms.Encoding             `json:"encoding"`
	ContentType      string                   `json:"content_type"`
	Attached         bool                     `json:"attached"`
	ContentSize      int                      `json:"content_size,omitempty"`
	DigestAlgorithms []string                 `json:"digest_algorithms"`
	Certificates     []CertificateDescription `json:"certificates"`
	CRLs             int                      `json:"crls"`
	Signers          []SignerDescription      `json:"signers"`
}

// SignerDescription is one SignerInfo as written.
type SignerDescription struct {
	Position           string `json:"position"`
	SignerIdentifier   string `json:"signer_identifier"`
	DigestAlgorithm    string `json:"digest_algorithm"`
	SignatureAlgorithm string `json:"signature_algorithm"`
	// Level is the CAdES form the signer's attributes show (cms.Level).
	Level              string                 `json:"level"`
	SignedAttributes   []AttributeDescription `json:"signed_attributes"`
	UnsignedAttributes []AttributeDescription `json:"unsigned_attributes,omitempty"`
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

// Describe lists what sd contains, naming the file name.
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
		d.Signers = append(d.Signers, describeSigner(fmt.Sprint(i+1), sd, si))
	}
	for _, c := range sd.Certificates {
		d.Certificates = append(d.Certificates, describeCertificate(c))
	}
	return d
}

// describeSigner describes si, a signer of sd: sd's certificates may name
// the TSAs of its timestamps.
func describeSigner(pos string, sd *cms.SignedData, si *cms.SignerInfo) SignerDescription {
	s := SignerDescription{
		Position:           pos,
		DigestAlgorithm:    algorithmName(si.DigestAlgorithm.Algorithm.String()),
		SignatureAlgorithm: algorithmName(si.SignatureAlgorithm.Algorithm.String()),
		Level:              string(si.LongTerm().Level),
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
	s.SignedAttributes = describeAttributes(si.SignedAttrs, false)
	s.UnsignedAttributes = describeAttributes(si.UnsignedAttrs, true)
	// A TSA named from elsewhere changes what its attribute says.
	if nameTSAs(sd, s.SignedAttributes, s.UnsignedAttributes) {
		for _, list := range [][]AttributeDescription{s.SignedAttributes, s.UnsignedAttributes} {
			for i := range list {
				if d := &list[i]; len(d.Timestamps) > 0 && d.kind != kindDecoded {
					d.Value, _ = d.text(i18n.English)
				}
			}
		}
	}
	return s
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
