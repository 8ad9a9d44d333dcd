package verify

import (
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
)

// AttributeDescription is a signed or unsigned attribute with its name
// and what it holds, read and not verified. Value says it in a line of
// English; WriteText says it in the reader's language.
//
// The other fields are set for the CAdES and ESS attributes whose
// contents are read; their counts are set (0 included) when the
// attribute was read, and Error says why it could not be.
type AttributeDescription struct {
	Type  string `json:"type"`
	Name  string `json:"name,omitempty"`
	Value string `json:"value"`
	// Timestamps are the tokens of a timestamp attribute, one per value.
	Timestamps []TimestampDescription `json:"timestamps,omitempty"`
	// CertificateIDs are the ESSCertIDs of signingCertificate(V2), with
	// the hash algorithm of the first.
	CertificateIDs *int `json:"certificate_ids,omitempty"`
	// CertificateReferences are the OtherCertIDs of
	// complete-certificate-references.
	CertificateReferences *int `json:"certificate_references,omitempty"`
	// RevocationReferences are the CrlOcspRefs of
	// complete-revocation-references (one per certificate of a path), and
	// CRL-, OCSP- and OtherReferences what they hold.
	RevocationReferences *int `json:"revocation_references,omitempty"`
	CRLReferences        *int `json:"crl_references,omitempty"`
	OCSPReferences       *int `json:"ocsp_references,omitempty"`
	OtherReferences      *int `json:"other_references,omitempty"`
	// Certificates are those of certificate-values; CRLs, OCSPResponses
	// and OtherRevocationValues those of revocation-values.
	Certificates          *int   `json:"certificates,omitempty"`
	CRLs                  *int   `json:"crls,omitempty"`
	OCSPResponses         *int   `json:"ocsp_responses,omitempty"`
	OtherRevocationValues *int   `json:"other_revocation_values,omitempty"`
	HashAlgorithm         string `json:"hash_algorithm,omitempty"`
	// Policy is the sigPolicyId of signature-policy-identifier;
	// PolicyImplied is its signaturePolicyImplied choice.
	Policy        string `json:"policy,omitempty"`
	PolicyImplied bool   `json:"policy_implied,omitempty"`
	MIMEType      string `json:"mime_type,omitempty"`
	// Repeats is the position (from 1) of the first unsigned attribute of
	// the same type, when the standard allows a single one.
	Repeats int `json:"repeats,omitempty"`
	// Error says why the attribute could not be read.
	Error string `json:"error,omitempty"`

	kind attributeKind
	err  error // Error, said in another language by Detail
	// values and size are the counter-signature's values and bytes, or
	// size the bytes of the first value of an attribute only sized.
	values, size int
}

// attributeKind is what an attribute's text says.
type attributeKind int

const (
	kindDecoded               attributeKind = iota // Value as it is
	kindSized                                      // the size of its value
	kindCounterSignature                           // values and bytes
	kindTimestamps                                 // the tokens
	kindCertificateReferences                      // the rest are read by readSingle
	kindRevocationReferences
	kindCertificateValues
	kindRevocationValues
	kindSigningCertificate
	kindPolicy
	kindMIMEType
)

// cadesAttributeNames name attributes as RFC 5652, RFC 2634 and RFC 5035, ETSI
// TS 101 733 and EN 319 122-1 name them. The signature-time-stamp
// (id-aa-signatureTimeStampToken) is the RFC 3161 timeStampToken.
var cadesAttributeNames = map[string]string{
	cms.OIDContentType.String():          "contentType",
	cms.OIDMessageDigest.String():        "messageDigest",
	cms.OIDSigningTime.String():          "signingTime",
	cms.OIDCounterSignature.String():     "countersignature",
	cms.OIDTimeStampToken.String():       "signature-time-stamp",
	cms.OIDContentTimeStamp.String():     "content-time-stamp",
	cms.OIDCertificateRefs.String():      "complete-certificate-references",
	cms.OIDRevocationRefs.String():       "complete-revocation-references",
	cms.OIDCertificateValues.String():    "certificate-values",
	cms.OIDRevocationValues.String():     "revocation-values",
	cms.OIDESCTimeStamp.String():         "CAdES-C-time-stamp",
	cms.OIDCertCRLTimestamp.String():     "time-stamped-certs-crls-references",
	cms.OIDArchiveTimeStamp.String():     "archive-time-stamp",
	cms.OIDArchiveTimeStampV2.String():   "archive-time-stamp-v2",
	cms.OIDArchiveTimeStampV3.String():   "archive-time-stamp-v3",
	cms.OIDATSHashIndex.String():         "ats-hash-index",
	cms.OIDATSHashIndexV3.String():       "ats-hash-index-v3",
	cms.OIDSignaturePolicy.String():      "signature-policy-identifier",
	oidMIMEType.String():                 "mime-type",
	"1.2.840.113549.1.9.16.2.4":          "content-hints",
	"1.2.840.113549.1.9.16.2.7":          "content-identifier",
	"1.2.840.113549.1.9.16.2.10":         "content-reference",
	"1.2.840.113549.1.9.16.2.16":         "commitment-type-indication",
	"1.2.840.113549.1.9.16.2.17":         "signer-location",
	"1.2.840.113549.1.9.16.2.18":         "signer-attributes",
	"1.2.840.113549.1.9.16.2.19":         "other-signing-certificate",
	"1.2.840.113549.1.9.16.2.44":         "attribute-certificate-references",
	"1.2.840.113549.1.9.16.2.45":         "attribute-revocation-references",
	"0.4.0.19122.1.1":                    "signer-attributes-v2",
	"0.4.0.19122.1.3":                    "signature-policy-store",
	"1.2.840.113549.1.9.52":              "cmsAlgorithmProtection",
	"1.2.840.113549.1.9.15":              "smimeCapabilities",
	cms.OIDSigningCertificate.String():   "signingCertificate",
	cms.OIDSigningCertificateV2.String(): "signingCertificateV2",
}

// oidMIMEType is id-aa-ets-mimeType (TS 101 733 section 5.11.1).
var oidMIMEType = asn1.ObjectIdentifier{0, 4, 0, 1733, 2, 1}

// singleInstance are the unsigned attributes TS 101 733 allows once.
var singleInstance = map[string]bool{
	cms.OIDCertificateRefs.String():   true,
	cms.OIDRevocationRefs.String():    true,
	cms.OIDCertificateValues.String(): true,
	cms.OIDRevocationValues.String():  true,
}

// describeAttributes describes attrs, the signed or (unsigned) unsigned
// attributes of a signer: nil when there are none, unless signed.
func describeAttributes(attrs []cms.Attribute, unsigned bool) []AttributeDescription {
	if unsigned && len(attrs) == 0 {
		return nil
	}
	first := map[string]int{}
	out := make([]AttributeDescription, len(attrs))
	for i := range attrs {
		a := &attrs[i]
		d := &out[i]
		oid := a.Type.String()
		d.Type, d.Name = oid, cadesAttributeNames[oid]
		if unsigned && singleInstance[oid] {
			if j, seen := first[oid]; seen {
				d.Repeats = j + 1
			} else {
				first[oid] = i
			}
		}
		d.read(a)
		if d.kind != kindDecoded {
			d.Value, _ = d.text(i18n.English)
		}
	}
	return out
}

// read works out what a holds: contentType, messageDigest and
// signingTime are decoded, the CAdES and ESS attributes read, and the
// others sized.
func (d *AttributeDescription) read(a *cms.Attribute) {
	t := a.Type
	switch {
	case t.Equal(cms.OIDTimeStampToken), t.Equal(cms.OIDContentTimeStamp), t.Equal(cms.OIDESCTimeStamp),
		t.Equal(cms.OIDCertCRLTimestamp), t.Equal(cms.OIDArchiveTimeStamp), t.Equal(cms.OIDArchiveTimeStampV2):
		d.readTimestamps(a.Values, false)
	case t.Equal(cms.OIDArchiveTimeStampV3):
		d.readTimestamps(a.Values, true)
	case t.Equal(cms.OIDCertificateRefs):
		d.readSingle(a, kindCertificateReferences, func(v []byte) error {
			refs, err := cms.ParseCertificateRefs(v)
			if err == nil {
				d.CertificateReferences = count(len(refs))
			}
			return err
		})
	case t.Equal(cms.OIDRevocationRefs):
		d.readSingle(a, kindRevocationReferences, func(v []byte) error {
			refs, err := cms.ParseRevocationRefs(v)
			if err != nil {
				return err
			}
			crls, ocsp, other := 0, 0, 0
			for _, r := range refs {
				crls, ocsp = crls+len(r.CRLs), ocsp+len(r.OCSP)
				if r.Other {
					other++
				}
			}
			d.RevocationReferences, d.CRLReferences, d.OCSPReferences = count(len(refs)), count(crls), count(ocsp)
			if other > 0 {
				d.OtherReferences = count(other)
			}
			return nil
		})
	case t.Equal(cms.OIDCertificateValues):
		d.readSingle(a, kindCertificateValues, func(v []byte) error {
			certs, err := cms.ParseCertificateValues(v)
			if err == nil {
				d.Certificates = count(len(certs))
			}
			return err
		})
	case t.Equal(cms.OIDRevocationValues):
		d.readSingle(a, kindRevocationValues, func(v []byte) error {
			vals, err := cms.ParseRevocationValues(v)
			if err != nil {
				return err
			}
			d.CRLs, d.OCSPResponses = count(len(vals.CRLs)), count(len(vals.OCSP))
			if vals.Other > 0 {
				d.OtherRevocationValues = count(vals.Other)
			}
			return nil
		})
	case t.Equal(cms.OIDSigningCertificate), t.Equal(cms.OIDSigningCertificateV2):
		v2 := t.Equal(cms.OIDSigningCertificateV2)
		d.readSingle(a, kindSigningCertificate, func(v []byte) error {
			n, alg, err := readSigningCertificate(v, v2)
			if err == nil {
				d.CertificateIDs, d.HashAlgorithm = count(n), hashName(alg)
			}
			return err
		})
	case t.Equal(cms.OIDSignaturePolicy):
		d.readSingle(a, kindPolicy, func(v []byte) error {
			policy, err := readPolicy(v)
			d.Policy, d.PolicyImplied = policy, err == nil && policy == ""
			return err
		})
	case t.Equal(oidMIMEType):
		d.readSingle(a, kindMIMEType, func(v []byte) error {
			var s string
			rest, err := asn1.UnmarshalWithParams(v, &s, "utf8")
			if err == nil && len(rest) > 0 {
				err = errors.New("trailing data after the MimeType")
			}
			d.MIMEType = s
			return err
		})
	case t.Equal(cms.OIDCounterSignature):
		d.kind, d.values, d.size = kindCounterSignature, len(a.Values), len(a.Raw)
	default:
		if len(a.Values) == 0 {
			break // cms.Parse has none such
		}
		if d.Value = decodeValue(t, a.Values[0]); d.Value == "" {
			d.kind, d.size = kindSized, len(a.Values[0])
		}
	}
}

// decodeValue decodes the value v of a contentType, messageDigest or
// signingTime; "" for other types, or when v cannot be decoded.
func decodeValue(t asn1.ObjectIdentifier, v []byte) string {
	switch {
	case t.Equal(cms.OIDContentType):
		var oid asn1.ObjectIdentifier
		if _, err := asn1.Unmarshal(v, &oid); err == nil {
			return oid.String()
		}
	case t.Equal(cms.OIDMessageDigest):
		var b []byte
		if _, err := asn1.Unmarshal(v, &b); err == nil {
			return hex.EncodeToString(b)
		}
	case t.Equal(cms.OIDSigningTime):
		var at time.Time
		if _, err := asn1.Unmarshal(v, &at); err == nil {
			return at.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

// readSingle reads the single value of a with parse, as an attribute of
// kind; Error says why it could not.
func (d *AttributeDescription) readSingle(a *cms.Attribute, kind attributeKind, parse func([]byte) error) {
	d.kind = kind
	var err error
	if len(a.Values) != 1 {
		err = fmt.Errorf("attribute %s has %d values, want 1", a.Type, len(a.Values))
	} else {
		err = parse(a.Values[0])
	}
	if err != nil {
		d.err, d.Error = err, err.Error()
	}
}

// readSigningCertificate reads SigningCertificate (RFC 2634 section 5.4)
// or SigningCertificateV2 (RFC 5035): SEQUENCE { certs SEQUENCE OF
// ESSCertID[v2], policies OPTIONAL }. It returns how many certificates it
// names and the hash of the first (SHA-1 for v1; for v2 SHA-256 when the
// hashAlgorithm is left out, its DEFAULT).
func readSigningCertificate(v []byte, v2 bool) (int, asn1.ObjectIdentifier, error) {
	s := cryptobyte.String(v)
	var body, certs cryptobyte.String
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) || !s.Empty() || !body.ReadASN1(&certs, cbasn1.SEQUENCE) {
		return 0, nil, errors.New("malformed signing certificate attribute")
	}
	alg := asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	if v2 {
		alg = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	}
	n := 0
	for !certs.Empty() {
		var id cryptobyte.String
		if !certs.ReadASN1(&id, cbasn1.SEQUENCE) {
			return 0, nil, errors.New("malformed ESSCertID")
		}
		if n == 0 && v2 && id.PeekASN1Tag(cbasn1.SEQUENCE) {
			var ai cryptobyte.String
			var oid asn1.ObjectIdentifier
			if !id.ReadASN1(&ai, cbasn1.SEQUENCE) || !ai.ReadASN1ObjectIdentifier(&oid) {
				return 0, nil, errors.New("malformed ESSCertIDv2 hashAlgorithm")
			}
			alg = oid
		}
		n++
	}
	return n, alg, nil
}

// readPolicy reads SignaturePolicyIdentifier (TS 101 733 section 5.8.1):
// the sigPolicyId of a SignaturePolicyId, or "" for
// signaturePolicyImplied (NULL).
func readPolicy(v []byte) (string, error) {
	s := cryptobyte.String(v)
	if s.PeekASN1Tag(cbasn1.NULL) {
		var null cryptobyte.String
		if !s.ReadASN1(&null, cbasn1.NULL) || !null.Empty() || !s.Empty() {
			return "", errors.New("malformed signaturePolicyImplied")
		}
		return "", nil
	}
	var id cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !s.ReadASN1(&id, cbasn1.SEQUENCE) || !s.Empty() || !id.ReadASN1ObjectIdentifier(&oid) {
		return "", errors.New("malformed SignaturePolicyId")
	}
	return oid.String(), nil
}

// hashName names a hash algorithm as reports do.
func hashName(oid asn1.ObjectIdentifier) string {
	if h, err := gost.HashByOID(oid); err == nil {
		return h.String()
	}
	switch oid.String() {
	case "1.3.14.3.2.26":
		return "SHA-1"
	case "2.16.840.1.101.3.4.2.1":
		return "SHA-256"
	case "2.16.840.1.101.3.4.2.2":
		return "SHA-384"
	case "2.16.840.1.101.3.4.2.3":
		return "SHA-512"
	}
	return oid.String()
}

func count(n int) *int { return &n }
