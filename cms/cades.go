package cms

import (
	"bytes"
	"encoding/asn1"
	"errors"

	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// CAdES long-term attributes: ETSI TS 101 733 section 6, whose ASN.1
// module has EXPLICIT TAGS ("TS 101 733 section N" below numbers sections
// as RFC 5126, its IETF copy, does). This file says which CAdES form a
// signer's attributes show and what the CAdES-C and certs-crls timestamps
// cover; cades_refs.go parses the references and values, archive.go the
// inputs of the archive timestamps. Nothing here checks a timestamp,
// reference or value (package tsp checks the tokens).

// Attribute type OIDs of CAdES (ETSI TS 101 733 annex A, EN 319 122-1
// for the archive-time-stamp-v3). All are unsigned attributes except
// content-time-stamp and signature-policy-identifier.
var (
	OIDContentTimeStamp   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 20}
	OIDCertificateRefs    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 21}
	OIDRevocationRefs     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 22}
	OIDCertificateValues  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 23}
	OIDRevocationValues   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 24}
	OIDESCTimeStamp       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 25} // CAdES-C-time-stamp, X Type 1
	OIDCertCRLTimestamp   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 26} // time-stamped-certs-crls-references, X Type 2
	OIDArchiveTimeStamp   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 27} // v1, deprecated
	OIDArchiveTimeStampV2 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 48}
	OIDArchiveTimeStampV3 = asn1.ObjectIdentifier{0, 4, 0, 1733, 2, 4}
	// OIDATSHashIndex is an unsigned attribute of an archive-time-stamp-v3
	// token itself, not of the signer (TS 101 733 v2.2.1);
	// OIDATSHashIndexV3 is its EN 319 122-1 successor, the one CryptoARM
	// with CryptoPro CSP writes (testdata/cades-real/…/25_cam_CADES-A).
	OIDATSHashIndex    = asn1.ObjectIdentifier{0, 4, 0, 1733, 2, 5}
	OIDATSHashIndexV3  = asn1.ObjectIdentifier{0, 4, 0, 19122, 1, 5}
	OIDSignaturePolicy = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 15} // signed; CAdES-EPES
)

// Attribute names of TS 101 733, the Where of their *ParseError.
const (
	whereContentTimeStamp   = "content-time-stamp"
	whereSignatureTimeStamp = "signature-time-stamp"
	whereCertificateRefs    = "complete-certificate-references"
	whereRevocationRefs     = "complete-revocation-references"
	whereCertificateValues  = "certificate-values"
	whereRevocationValues   = "revocation-values"
	whereESCTimeStamp       = "CAdES-C-time-stamp"
	whereCertCRLTimestamp   = "time-stamped-certs-crls-references"
)

var (
	tagContext2Constructed = cbasn1.Tag(2).Constructed().ContextSpecific()
	oidSHA384              = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512              = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
)

// Level is the CAdES form a signer's attributes show (TS 101 733 annex B),
// detected from the attributes present, never from a producer's flag.
type Level string

const (
	LevelBES  Level = "CAdES-BES"
	LevelEPES Level = "CAdES-EPES"          // signature-policy-identifier signed attribute, nothing above
	LevelT    Level = "CAdES-T"             // signature-time-stamp
	LevelC    Level = "CAdES-C"             // certificate and revocation refs
	LevelX1   Level = "CAdES-X Type 1"      // C + escTimeStamp, no values
	LevelX2   Level = "CAdES-X Type 2"      // C + certCRLTimestamp, no values
	LevelXL   Level = "CAdES-X Long"        // C + values, no X timestamp
	LevelXL1  Level = "CAdES-X Long Type 1" // C + values + escTimeStamp
	LevelXL2  Level = "CAdES-X Long Type 2" // C + values + certCRLTimestamp
	LevelA    Level = "CAdES-A"             // any archive-time-stamp (v1, v2, v3)
)

// LongTerm is what a signer's CAdES long-term attributes hold, parsed.
// Timestamp tokens are kept as received and not parsed here: package tsp
// parses and verifies them.
type LongTerm struct {
	Level Level
	// ContentTimeStamps are the token DER (ContentInfo) of each value of
	// each content-time-stamp signed attribute, in order.
	ContentTimeStamps [][]byte
	// SignatureTimeStamps are likewise those of the signature-time-stamp
	// unsigned attributes (1.2.840.113549.1.9.16.2.14).
	SignatureTimeStamps [][]byte
	ESCTimeStamps       [][]byte // CAdES-C-time-stamp (X Type 1)
	CertCRLTimestamps   [][]byte // time-stamped-certs-crls-references (X Type 2)
	ArchiveTimeStamps   []ArchiveTimeStamp
	// The references and values, nil when the attribute is absent or
	// cannot be parsed (Problems then says why).
	CertificateRefs   []OtherCertID
	RevocationRefs    []RevocationRef
	CertificateValues [][]byte
	RevocationValues  *RevocationValues
	// Has… report that the attribute is present, parsed or not: the level
	// is what the signer's attributes show.
	HasCertificateRefs, HasRevocationRefs, HasCertificateValues, HasRevocationValues bool
	// Problems are attributes that could not be used, each a *ParseError
	// naming the attribute: malformed ones, and a second instance of an
	// attribute that may occur once (certificate and revocation refs and
	// values: TS 101 733 allows a single instance; the first is used).
	Problems []error
}

// ArchiveTimeStamp is one value of an archive-time-stamp attribute.
type ArchiveTimeStamp struct {
	Version int    // 1, 2 or 3
	Token   []byte // the token DER
	Index   int    // position of its attribute in UnsignedAttrs, from 0
}

// LongTerm parses si's long-term attributes. It never fails as a whole:
// what cannot be parsed goes to Problems.
func (si *SignerInfo) LongTerm() *LongTerm {
	lt := &LongTerm{}
	policy := false
	for _, a := range si.SignedAttrs {
		switch {
		case a.Type.Equal(OIDContentTimeStamp):
			lt.ContentTimeStamps = append(lt.ContentTimeStamps, a.Values...)
		case a.Type.Equal(OIDSignaturePolicy):
			policy = true
		}
	}
	first := map[string]int{} // attribute name → index of its first instance
	once := func(where string, i int, a *Attribute) ([]byte, bool) {
		if j, ok := first[where]; ok {
			lt.Problems = append(lt.Problems, parseErr(where,
				"unsigned attribute %d repeats unsigned attribute %d; TS 101 733 allows a single instance, the first is used", i+1, j+1))
			return nil, false
		}
		first[where] = i
		v, err := a.single()
		if err != nil {
			lt.Problems = append(lt.Problems, parseErrCause(where, err))
			return nil, false
		}
		return v, true
	}
	for i := range si.UnsignedAttrs {
		a := &si.UnsignedAttrs[i]
		switch {
		case a.Type.Equal(OIDTimeStampToken):
			lt.SignatureTimeStamps = append(lt.SignatureTimeStamps, a.Values...)
		case a.Type.Equal(OIDESCTimeStamp):
			lt.ESCTimeStamps = append(lt.ESCTimeStamps, a.Values...)
		case a.Type.Equal(OIDCertCRLTimestamp):
			lt.CertCRLTimestamps = append(lt.CertCRLTimestamps, a.Values...)
		case a.Type.Equal(OIDArchiveTimeStamp), a.Type.Equal(OIDArchiveTimeStampV2), a.Type.Equal(OIDArchiveTimeStampV3):
			version := 1
			if a.Type.Equal(OIDArchiveTimeStampV2) {
				version = 2
			} else if a.Type.Equal(OIDArchiveTimeStampV3) {
				version = 3
			}
			for _, v := range a.Values {
				lt.ArchiveTimeStamps = append(lt.ArchiveTimeStamps, ArchiveTimeStamp{Version: version, Token: v, Index: i})
			}
		case a.Type.Equal(OIDCertificateRefs):
			lt.HasCertificateRefs = true
			if v, ok := once(whereCertificateRefs, i, a); ok {
				var err error
				lt.CertificateRefs, err = ParseCertificateRefs(v)
				lt.note(err)
			}
		case a.Type.Equal(OIDRevocationRefs):
			lt.HasRevocationRefs = true
			if v, ok := once(whereRevocationRefs, i, a); ok {
				var err error
				lt.RevocationRefs, err = ParseRevocationRefs(v)
				lt.note(err)
			}
		case a.Type.Equal(OIDCertificateValues):
			lt.HasCertificateValues = true
			if v, ok := once(whereCertificateValues, i, a); ok {
				var err error
				lt.CertificateValues, err = ParseCertificateValues(v)
				lt.note(err)
			}
		case a.Type.Equal(OIDRevocationValues):
			lt.HasRevocationValues = true
			if v, ok := once(whereRevocationValues, i, a); ok {
				var err error
				lt.RevocationValues, err = ParseRevocationValues(v)
				lt.note(err)
			}
		}
	}
	lt.Level = lt.level(policy)
	return lt
}

// note adds err, if any, to the problems.
func (lt *LongTerm) note(err error) {
	if err != nil {
		lt.Problems = append(lt.Problems, err)
	}
}

// level is the form lt shows; policy says whether the signer has a
// signature-policy-identifier signed attribute. Any of the two references
// makes a C form and any of the two values an X Long form; values without
// references (an EN 319 122 B-LT) raise nothing.
func (lt *LongTerm) level(policy bool) Level {
	refs := lt.HasCertificateRefs || lt.HasRevocationRefs
	values := lt.HasCertificateValues || lt.HasRevocationValues
	esc, certCRL := len(lt.ESCTimeStamps) > 0, len(lt.CertCRLTimestamps) > 0
	switch {
	case len(lt.ArchiveTimeStamps) > 0:
		return LevelA
	case refs && values && esc:
		return LevelXL1
	case refs && values && certCRL:
		return LevelXL2
	case refs && values:
		return LevelXL
	case refs && esc:
		return LevelX1
	case refs && certCRL:
		return LevelX2
	case refs:
		return LevelC
	case len(lt.SignatureTimeStamps) > 0:
		return LevelT
	case policy:
		return LevelEPES
	}
	return LevelBES
}

// ESCTimeStampInput is what a CAdES-C-time-stamp's messageImprint is
// computed over (TS 101 733 section 6.3.5, NOTE 2): the contents of the
// signature value, then each signature-time-stamp attribute in order, the
// complete-certificate-references attribute and the
// complete-revocation-references attribute, each as received without its
// own SEQUENCE tag and length (attrType ‖ attrValues). The first instance
// of each reference attribute is used; their absence is an error.
//
// Parse normalises a BER file to DER, so the attributes of a signature it
// returns are DER; a SignerInfo built otherwise may hold BER attributes
// (an indefinite length's end-of-contents octets are dropped with the
// header).
func (si *SignerInfo) ESCTimeStampInput() ([]byte, error) {
	out := bytes.Clone(si.Signature)
	for i := range si.UnsignedAttrs {
		if a := &si.UnsignedAttrs[i]; a.Type.Equal(OIDTimeStampToken) {
			body, err := attributeBody(a.Raw)
			if err != nil {
				return nil, parseErr(whereESCTimeStamp, "signature-time-stamp (unsigned attribute %d): %v", i+1, err)
			}
			out = append(out, body...)
		}
	}
	return si.appendRefs(out, whereESCTimeStamp)
}

// CertCRLTimestampInput is what a time-stamped-certs-crls-references
// timestamp (CAdES-X Type 2) covers (TS 101 733 section 6.3.6): the
// complete-certificate-references then the complete-revocation-references
// attribute, each as in ESCTimeStampInput.
func (si *SignerInfo) CertCRLTimestampInput() ([]byte, error) {
	return si.appendRefs(nil, whereCertCRLTimestamp)
}

// appendRefs appends the bodies of the first certificate and revocation
// references attributes to out.
func (si *SignerInfo) appendRefs(out []byte, where string) ([]byte, error) {
	for _, ref := range []struct {
		oid  asn1.ObjectIdentifier
		name string
	}{{OIDCertificateRefs, whereCertificateRefs}, {OIDRevocationRefs, whereRevocationRefs}} {
		found := false
		for i := range si.UnsignedAttrs {
			a := &si.UnsignedAttrs[i]
			if !a.Type.Equal(ref.oid) {
				continue
			}
			body, err := attributeBody(a.Raw)
			if err != nil {
				return nil, parseErr(where, "%s (unsigned attribute %d): %v", ref.name, i+1, err)
			}
			out = append(out, body...)
			found = true
			break
		}
		if !found {
			return nil, parseErr(where, "no %s attribute", ref.name)
		}
	}
	return out, nil
}

// attributeBody returns an Attribute element as received without its own
// SEQUENCE tag and length: attrType ‖ attrValues. The element may be BER:
// a long-form length of any size, or an indefinite length, whose
// end-of-contents octets are dropped with the header.
func attributeBody(raw []byte) ([]byte, error) {
	if len(raw) < 2 || raw[0] != 0x30 {
		return nil, errors.New("attribute is not a SEQUENCE")
	}
	switch l := raw[1]; {
	case l < 0x80:
		if int(l) != len(raw)-2 {
			return nil, errors.New("attribute length does not match its encoding")
		}
		return raw[2:], nil
	case l == 0x80:
		n := len(raw)
		if n < 4 || raw[n-2] != 0 || raw[n-1] != 0 {
			return nil, errors.New("indefinite-length attribute lacks its end-of-contents octets")
		}
		return raw[2 : n-2], nil
	default:
		k := int(l & 0x7f)
		if k > 4 || len(raw) < 2+k {
			return nil, errors.New("attribute length does not match its encoding")
		}
		n := 0
		for _, b := range raw[2 : 2+k] {
			n = n<<8 | int(b)
		}
		if n != len(raw)-2-k {
			return nil, errors.New("attribute length does not match its encoding")
		}
		return raw[2+k:], nil
	}
}
