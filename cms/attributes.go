package cms

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Attribute type OIDs (RFC 5652 section 11, RFC 2634, RFC 5035, RFC 3161).
var (
	OIDContentType          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	OIDMessageDigest        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	OIDSigningTime          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	OIDCounterSignature     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 6}
	OIDSigningCertificate   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	OIDSigningCertificateV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	OIDTimeStampToken       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
)

// oidSHA256 is the default hash of ESSCertIDv2 (RFC 5035 section 4).
var oidSHA256 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}

// single returns the only value of an attribute.
func (a *Attribute) single() ([]byte, error) {
	if len(a.Values) != 1 {
		return nil, fmt.Errorf("attribute %s has %d values, want 1", a.Type, len(a.Values))
	}
	return a.Values[0], nil
}

func decodeContentType(v []byte) (asn1.ObjectIdentifier, error) {
	var oid asn1.ObjectIdentifier
	s := cryptobyte.String(v)
	if !s.ReadASN1ObjectIdentifier(&oid) || !s.Empty() {
		return nil, fmt.Errorf("malformed contentType attribute")
	}
	return oid, nil
}

// MessageDigest returns the value of si's messageDigest signed attribute
// (the digest of the content it signs, with si.DigestAlgorithm); ok is
// false when the attribute is missing, repeated or malformed.
func (si *SignerInfo) MessageDigest() (digest []byte, ok bool) {
	for i := range si.SignedAttrs {
		a := &si.SignedAttrs[i]
		if !a.Type.Equal(OIDMessageDigest) {
			continue
		}
		if digest != nil {
			return nil, false
		}
		v, err := a.single()
		if err != nil {
			return nil, false
		}
		if digest, err = decodeMessageDigest(v); err != nil {
			return nil, false
		}
	}
	return digest, digest != nil
}

func decodeMessageDigest(v []byte) ([]byte, error) {
	var d cryptobyte.String
	s := cryptobyte.String(v)
	if !s.ReadASN1(&d, cbasn1.OCTET_STRING) || !s.Empty() {
		return nil, fmt.Errorf("malformed messageDigest attribute")
	}
	return d, nil
}

// decodeTime reads a signingTime value: UTCTime or GeneralizedTime.
func decodeTime(v []byte) (time.Time, error) {
	var t time.Time
	s := cryptobyte.String(v)
	switch {
	case s.PeekASN1Tag(cbasn1.UTCTime):
		if !s.ReadASN1UTCTime(&t) {
			return t, fmt.Errorf("malformed UTCTime")
		}
	case s.PeekASN1Tag(cbasn1.GeneralizedTime):
		if !s.ReadASN1GeneralizedTime(&t) {
			return t, fmt.Errorf("malformed GeneralizedTime")
		}
	default:
		return t, fmt.Errorf("signingTime is neither UTCTime nor GeneralizedTime")
	}
	if !s.Empty() {
		return t, fmt.Errorf("trailing data in signingTime")
	}
	return t, nil
}

// ESSCertID is one certificate reference of an ESS signingCertificate
// (RFC 2634 section 5.4, v1, SHA-1) or signingCertificateV2 (RFC 5035,
// any hash).
type ESSCertID struct {
	HashAlgorithm pkix.AlgorithmIdentifier // SHA-1 for v1
	Hash          []byte
	// IssuerSerial is nil when the reference omits it.
	IssuerSerial *ESSIssuerSerial
}

// ESSIssuerSerial is the optional IssuerSerial of an ESSCertID: the
// issuer's GeneralNames (raw DER) and the serial number.
type ESSIssuerSerial struct {
	RawIssuer []byte // the GeneralNames SEQUENCE
	Serial    *big.Int
}

var oidSHA1 = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}

// decodeSigningCertificate decodes SigningCertificate (v2 = false) or
// SigningCertificateV2 (v2 = true): SEQUENCE { certs SEQUENCE OF
// ESSCertID[v2], policies SEQUENCE OF PolicyInformation OPTIONAL }.
func decodeSigningCertificate(v []byte, v2 bool) ([]ESSCertID, error) {
	s := cryptobyte.String(v)
	var body, certs cryptobyte.String
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) || !s.Empty() || !body.ReadASN1(&certs, cbasn1.SEQUENCE) {
		return nil, fmt.Errorf("malformed signing certificate attribute")
	}
	var ids []ESSCertID
	for !certs.Empty() {
		var c cryptobyte.String
		if !certs.ReadASN1(&c, cbasn1.SEQUENCE) {
			return nil, fmt.Errorf("malformed ESSCertID")
		}
		id := ESSCertID{HashAlgorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA1}}
		if v2 {
			id.HashAlgorithm.Algorithm = oidSHA256
			if c.PeekASN1Tag(cbasn1.SEQUENCE) {
				alg, err := readAlgorithm(&c)
				if err != nil {
					return nil, fmt.Errorf("ESSCertIDv2 hashAlgorithm: %w", err)
				}
				id.HashAlgorithm = alg
			}
		}
		var hash cryptobyte.String
		if !c.ReadASN1(&hash, cbasn1.OCTET_STRING) {
			return nil, fmt.Errorf("malformed ESSCertID certHash")
		}
		id.Hash = hash
		if !c.Empty() {
			var is, names cryptobyte.String
			serial := new(big.Int)
			if !c.ReadASN1(&is, cbasn1.SEQUENCE) || !is.ReadASN1Element(&names, cbasn1.SEQUENCE) ||
				!is.ReadASN1Integer(serial) || !is.Empty() || !c.Empty() {
				return nil, fmt.Errorf("malformed ESSCertID issuerSerial")
			}
			id.IssuerSerial = &ESSIssuerSerial{RawIssuer: names, Serial: serial}
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("signing certificate attribute lists no certificate")
	}
	return ids, nil
}
