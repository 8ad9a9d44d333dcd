package cms

import (
	"bytes"
	"crypto"
	"crypto/sha1"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/gost"
)

// CAdES long-term attributes: ETSI TS 101 733 section 6, whose ASN.1
// module has EXPLICIT TAGS ("TS 101 733 section N" below numbers sections
// as RFC 5126, its IETF copy, does). This file parses the attributes and
// says which CAdES form a signer's attributes show; it checks no
// timestamp, reference or value (package tsp checks the tokens).

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

// OtherHash is the hash of a referenced certificate, CRL or OCSP response
// (TS 101 733 section 6.2.1): OtherHash ::= CHOICE { sha1Hash OCTET
// STRING, otherHash SEQUENCE { hashAlgorithm AlgorithmIdentifier,
// hashValue OCTET STRING } }.
type OtherHash struct {
	Algorithm pkix.AlgorithmIdentifier // SHA-1 (1.3.14.3.2.26) for the bare OCTET STRING form
	Value     []byte
}

// Matches reports whether Value is the hash of der with Algorithm: GOST R
// 34.11-94 (1.2.643.2.2.9, CryptoPro S-boxes), Streebog-256 or -512,
// SHA-1, SHA-256, SHA-384 or SHA-512. Any other algorithm is an error.
// Algorithm parameters are not looked at.
func (h OtherHash) Matches(der []byte) (bool, error) {
	sum, err := hashOf(h.Algorithm.Algorithm, der)
	if err != nil {
		return false, err
	}
	return bytes.Equal(sum, h.Value), nil
}

// hashOf is the digest of data with the hash algorithm alg: a GOST hash,
// SHA-1 or SHA-2.
func hashOf(alg asn1.ObjectIdentifier, data []byte) ([]byte, error) {
	if h, err := gost.HashByOID(alg); err == nil {
		d := h.New()
		d.Write(data)
		return d.Sum(nil), nil
	}
	var std crypto.Hash
	switch {
	case alg.Equal(oidSHA1):
		std = crypto.SHA1
	case alg.Equal(oidSHA256):
		std = crypto.SHA256
	case alg.Equal(oidSHA384):
		std = crypto.SHA384
	case alg.Equal(oidSHA512):
		std = crypto.SHA512
	default:
		return nil, fmt.Errorf("cms: hash algorithm %s is not supported", alg)
	}
	d := std.New()
	d.Write(data)
	return d.Sum(nil), nil
}

// readOtherHash reads an OtherHash.
func readOtherHash(s *cryptobyte.String) (OtherHash, error) {
	var h OtherHash
	var v cryptobyte.String
	switch {
	case s.PeekASN1Tag(cbasn1.OCTET_STRING):
		if !s.ReadASN1(&v, cbasn1.OCTET_STRING) {
			return h, errors.New("malformed sha1Hash")
		}
		if len(v) != sha1.Size {
			return h, fmt.Errorf("sha1Hash is %d bytes, not %d", len(v), sha1.Size)
		}
		h.Algorithm.Algorithm = oidSHA1
	case s.PeekASN1Tag(cbasn1.SEQUENCE):
		var body cryptobyte.String
		if !s.ReadASN1(&body, cbasn1.SEQUENCE) {
			return h, errors.New("malformed otherHash")
		}
		var err error
		if h.Algorithm, err = readAlgorithm(&body); err != nil {
			return h, fmt.Errorf("otherHash hashAlgorithm: %w", err)
		}
		if !body.ReadASN1(&v, cbasn1.OCTET_STRING) || !body.Empty() {
			return h, errors.New("malformed otherHash hashValue")
		}
	default:
		return h, errors.New("hash is neither an OCTET STRING (sha1Hash) nor a SEQUENCE (otherHash)")
	}
	h.Value = v
	return h, nil
}

// OtherCertID is a reference to a certificate (TS 101 733 section
// 6.2.1): OtherCertID ::= SEQUENCE { otherCertHash OtherHash,
// issuerSerial IssuerSerial OPTIONAL }.
type OtherCertID struct {
	Hash         OtherHash
	IssuerSerial *ESSIssuerSerial // nil when absent
}

// CRLRef is a reference to a CRL (TS 101 733 section 6.2.2):
// CrlValidatedID ::= SEQUENCE { crlHash OtherHash, crlIdentifier SEQUENCE {
// crlissuer Name, crlIssuedTime UTCTime, crlNumber INTEGER OPTIONAL }
// OPTIONAL }.
type CRLRef struct {
	Hash       OtherHash
	RawIssuer  []byte // DER Name; nil when crlIdentifier is absent
	IssuedTime time.Time
	Number     *big.Int // nil when absent
}

// OCSPRef is a reference to an OCSP response (TS 101 733 section
// 6.2.2): OcspResponsesID ::= SEQUENCE { ocspIdentifier SEQUENCE {
// ocspResponderID ResponderID, producedAt GeneralizedTime }, ocspRepHash
// OtherHash OPTIONAL }, with ResponderID ::= CHOICE { byName [1] EXPLICIT
// Name, byKey [2] EXPLICIT OCTET STRING } (RFC 6960). Exactly one of
// ResponderName and ResponderKeyHash is set.
type OCSPRef struct {
	ResponderName    []byte // DER Name when byName
	ResponderKeyHash []byte // when byKey
	ProducedAt       time.Time
	Hash             *OtherHash // nil when absent
}

// RevocationRef is the revocation data used for one certificate (TS 101
// 733 section 6.2.2): CrlOcspRef ::= SEQUENCE { crlids [0] CRLListID
// OPTIONAL, ocspids [1] OcspListID OPTIONAL, otherRev [2] OtherRevRefs
// OPTIONAL }.
type RevocationRef struct {
	CRLs  []CRLRef
	OCSP  []OCSPRef
	Other bool // otherRev present (not understood)
}

// RevocationValues is the revocation-values attribute (TS 101 733 section
// 6.3.4): RevocationValues ::= SEQUENCE { crlVals [0] SEQUENCE OF
// CertificateList OPTIONAL, ocspVals [1] SEQUENCE OF BasicOCSPResponse
// OPTIONAL, otherRevVals [2] OtherRevVals OPTIONAL }.
type RevocationValues struct {
	CRLs  [][]byte // each CertificateList element, bytes as received
	OCSP  [][]byte // each BasicOCSPResponse element (NOT OCSPResponse), bytes as received
	Other int      // count of otherRevVals (not understood)
}

// readSequenceOf reads the single SEQUENCE OF that an attribute value is
// and calls f with the contents of each element, a SEQUENCE.
func readSequenceOf(where string, value []byte, f func(elem cryptobyte.String) error) error {
	in := cryptobyte.String(value)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return parseErr(where, "not a DER SEQUENCE")
	}
	if !in.Empty() {
		return parseErr(where, "%d bytes of trailing data", len(in))
	}
	for i := 1; !seq.Empty(); i++ {
		var elem cryptobyte.String
		if !seq.ReadASN1(&elem, cbasn1.SEQUENCE) {
			return parseErr(where, "element %d: not a DER SEQUENCE", i)
		}
		if err := f(elem); err != nil {
			return &ParseError{Where: where, Reason: fmt.Sprintf("element %d: %v", i, err), Err: err}
		}
	}
	return nil
}

// ParseCertificateRefs parses the value of a complete-certificate-references
// attribute (TS 101 733 section 6.2.1): CompleteCertificateRefs ::=
// SEQUENCE OF OtherCertID. Errors are *ParseError.
func ParseCertificateRefs(value []byte) ([]OtherCertID, error) {
	refs := []OtherCertID{}
	err := readSequenceOf(whereCertificateRefs, value, func(s cryptobyte.String) error {
		ref, err := parseOtherCertID(s)
		if err != nil {
			return err
		}
		refs = append(refs, ref)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return refs, nil
}

func parseOtherCertID(s cryptobyte.String) (OtherCertID, error) {
	var ref OtherCertID
	var err error
	if ref.Hash, err = readOtherHash(&s); err != nil {
		return ref, fmt.Errorf("otherCertHash: %w", err)
	}
	if s.Empty() {
		return ref, nil
	}
	if ref.IssuerSerial, err = readIssuerSerial(&s); err != nil {
		return ref, err
	}
	if !s.Empty() {
		return ref, errors.New("trailing data after issuerSerial")
	}
	return ref, nil
}

// readIssuerSerial reads an IssuerSerial (RFC 2634 section 5.4.1):
// SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }.
func readIssuerSerial(s *cryptobyte.String) (*ESSIssuerSerial, error) {
	var is, names cryptobyte.String
	serial := new(big.Int)
	if !s.ReadASN1(&is, cbasn1.SEQUENCE) || !is.ReadASN1Element(&names, cbasn1.SEQUENCE) ||
		!is.ReadASN1Integer(serial) || !is.Empty() {
		return nil, errors.New("malformed issuerSerial")
	}
	var inner cryptobyte.String
	if all := names; !all.ReadASN1(&inner, cbasn1.SEQUENCE) || inner.Empty() {
		return nil, errors.New("issuerSerial has no issuer name") // GeneralNames is SIZE (1..MAX)
	}
	return &ESSIssuerSerial{RawIssuer: names, Serial: serial}, nil
}

// ParseRevocationRefs parses the value of a complete-revocation-references
// attribute (TS 101 733 section 6.2.2): CompleteRevocationRefs ::=
// SEQUENCE OF CrlOcspRef. Errors are *ParseError.
func ParseRevocationRefs(value []byte) ([]RevocationRef, error) {
	refs := []RevocationRef{}
	err := readSequenceOf(whereRevocationRefs, value, func(s cryptobyte.String) error {
		ref, err := parseCrlOcspRef(s)
		if err != nil {
			return err
		}
		refs = append(refs, ref)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return refs, nil
}

func parseCrlOcspRef(s cryptobyte.String) (RevocationRef, error) {
	var ref RevocationRef
	if s.PeekASN1Tag(tagContext0Constructed) {
		// crlids [0] CRLListID ::= SEQUENCE { crls SEQUENCE OF CrlValidatedID }
		crls, err := readExplicitList(&s, tagContext0Constructed)
		if err != nil {
			return ref, fmt.Errorf("crlids: %w", err)
		}
		ref.CRLs = []CRLRef{}
		for j := 1; !crls.Empty(); j++ {
			var c cryptobyte.String
			if !crls.ReadASN1(&c, cbasn1.SEQUENCE) {
				return ref, fmt.Errorf("CRL reference %d: not a SEQUENCE", j)
			}
			crl, err := parseCrlValidatedID(c)
			if err != nil {
				return ref, fmt.Errorf("CRL reference %d: %w", j, err)
			}
			ref.CRLs = append(ref.CRLs, crl)
		}
	}
	if s.PeekASN1Tag(tagContext1Constructed) {
		// ocspids [1] OcspListID ::= SEQUENCE { ocspResponses SEQUENCE OF OcspResponsesID }
		resps, err := readExplicitList(&s, tagContext1Constructed)
		if err != nil {
			return ref, fmt.Errorf("ocspids: %w", err)
		}
		ref.OCSP = []OCSPRef{}
		for j := 1; !resps.Empty(); j++ {
			var r cryptobyte.String
			if !resps.ReadASN1(&r, cbasn1.SEQUENCE) {
				return ref, fmt.Errorf("OCSP reference %d: not a SEQUENCE", j)
			}
			ocsp, err := parseOcspResponsesID(r)
			if err != nil {
				return ref, fmt.Errorf("OCSP reference %d: %w", j, err)
			}
			ref.OCSP = append(ref.OCSP, ocsp)
		}
	}
	if s.PeekASN1Tag(tagContext2Constructed) {
		if err := skipOther(&s); err != nil {
			return ref, fmt.Errorf("otherRev: %w", err)
		}
		ref.Other = true
	}
	if !s.Empty() {
		return ref, errors.New("trailing data (fields out of order or unknown)")
	}
	return ref, nil
}

// readExplicitList reads tag [n] EXPLICIT SEQUENCE { SEQUENCE OF … } and
// returns the contents of the inner SEQUENCE OF.
func readExplicitList(s *cryptobyte.String, tag cbasn1.Tag) (cryptobyte.String, error) {
	var explicit, list, elems cryptobyte.String
	if !s.ReadASN1(&explicit, tag) || !explicit.ReadASN1(&list, cbasn1.SEQUENCE) || !explicit.Empty() ||
		!list.ReadASN1(&elems, cbasn1.SEQUENCE) || !list.Empty() {
		return nil, errors.New("malformed list")
	}
	return elems, nil
}

// skipOther reads [2] EXPLICIT SEQUENCE { type OBJECT IDENTIFIER, value
// ANY DEFINED BY type }: OtherRevRefs and OtherRevVals, not understood.
func skipOther(s *cryptobyte.String) error {
	var explicit, body, value cryptobyte.String
	var typ asn1.ObjectIdentifier
	var tag cbasn1.Tag
	if !s.ReadASN1(&explicit, tagContext2Constructed) || !explicit.ReadASN1(&body, cbasn1.SEQUENCE) ||
		!explicit.Empty() || !body.ReadASN1ObjectIdentifier(&typ) || !body.ReadAnyASN1Element(&value, &tag) ||
		!body.Empty() {
		return errors.New("malformed")
	}
	return nil
}

func parseCrlValidatedID(s cryptobyte.String) (CRLRef, error) {
	var ref CRLRef
	var err error
	if ref.Hash, err = readOtherHash(&s); err != nil {
		return ref, fmt.Errorf("crlHash: %w", err)
	}
	if s.Empty() {
		return ref, nil
	}
	var id, issuer cryptobyte.String
	if !s.ReadASN1(&id, cbasn1.SEQUENCE) || !s.Empty() {
		return ref, errors.New("malformed crlIdentifier")
	}
	if !id.ReadASN1Element(&issuer, cbasn1.SEQUENCE) {
		return ref, errors.New("malformed crlIdentifier crlissuer")
	}
	if !readUTC(&id, cbasn1.UTCTime, &ref.IssuedTime) {
		return ref, errors.New("malformed crlIdentifier crlIssuedTime (a UTCTime)")
	}
	if !id.Empty() {
		n := new(big.Int)
		if !id.ReadASN1Integer(n) || !id.Empty() {
			return ref, errors.New("malformed crlIdentifier crlNumber")
		}
		ref.Number = n
	}
	ref.RawIssuer = issuer
	return ref, nil
}

func parseOcspResponsesID(s cryptobyte.String) (OCSPRef, error) {
	var ref OCSPRef
	var id, rid, v cryptobyte.String
	if !s.ReadASN1(&id, cbasn1.SEQUENCE) {
		return ref, errors.New("malformed ocspIdentifier")
	}
	switch {
	case id.PeekASN1Tag(tagContext1Constructed):
		if !id.ReadASN1(&rid, tagContext1Constructed) || !rid.ReadASN1Element(&v, cbasn1.SEQUENCE) || !rid.Empty() {
			return ref, errors.New("malformed ocspResponderID byName")
		}
		ref.ResponderName = v
	case id.PeekASN1Tag(tagContext2Constructed):
		if !id.ReadASN1(&rid, tagContext2Constructed) || !rid.ReadASN1(&v, cbasn1.OCTET_STRING) || !rid.Empty() {
			return ref, errors.New("malformed ocspResponderID byKey")
		}
		if len(v) == 0 {
			return ref, errors.New("ocspResponderID byKey is empty")
		}
		ref.ResponderKeyHash = v
	default:
		return ref, errors.New("ocspResponderID is neither byName [1] nor byKey [2]")
	}
	if !readUTC(&id, cbasn1.GeneralizedTime, &ref.ProducedAt) {
		return ref, errors.New("malformed ocspIdentifier producedAt")
	}
	if !id.Empty() {
		return ref, errors.New("trailing data in ocspIdentifier")
	}
	if s.Empty() {
		return ref, nil
	}
	h, err := readOtherHash(&s)
	if err != nil {
		return ref, fmt.Errorf("ocspRepHash: %w", err)
	}
	if !s.Empty() {
		return ref, errors.New("trailing data after ocspRepHash")
	}
	ref.Hash = &h
	return ref, nil
}

// readUTC reads a UTCTime or GeneralizedTime (tag) as DER has it: in
// UTC, ending in "Z", a UTCTime with its seconds (X.690 sections 11.7 and
// 11.8); cryptobyte alone accepts offsets such as +0300.
func readUTC(s *cryptobyte.String, tag cbasn1.Tag, out *time.Time) bool {
	var elem, body cryptobyte.String
	if !s.ReadASN1Element(&elem, tag) {
		return false
	}
	if c := elem; !c.ReadASN1(&body, tag) || len(body) == 0 || body[len(body)-1] != 'Z' {
		return false
	}
	if tag == cbasn1.UTCTime {
		return len(body) == len("YYMMDDhhmmssZ") && elem.ReadASN1UTCTime(out)
	}
	return elem.ReadASN1GeneralizedTime(out)
}

// ParseCertificateValues parses the value of a certificate-values
// attribute (TS 101 733 section 6.3.3): CertificateValues ::= SEQUENCE OF
// Certificate. It returns each certificate element as received, only
// checked to be a SEQUENCE whose first field is a SEQUENCE (the
// TBSCertificate); crypto/x509 is the judge of the rest. Errors are
// *ParseError.
func ParseCertificateValues(value []byte) ([][]byte, error) {
	certs := [][]byte{}
	in := cryptobyte.String(value)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return nil, parseErr(whereCertificateValues, "not a DER SEQUENCE")
	}
	if !in.Empty() {
		return nil, parseErr(whereCertificateValues, "%d bytes of trailing data", len(in))
	}
	for i := 1; !seq.Empty(); i++ {
		elem, err := readSignedElement(&seq)
		if err != nil {
			return nil, &ParseError{Where: whereCertificateValues, Reason: fmt.Sprintf("certificate %d: %v", i, err), Err: err}
		}
		certs = append(certs, elem)
	}
	return certs, nil
}

// readSignedElement reads a whole SEQUENCE { tbs SEQUENCE, … }
// element: a Certificate, CertificateList or BasicOCSPResponse.
func readSignedElement(s *cryptobyte.String) ([]byte, error) {
	var elem cryptobyte.String
	if !s.ReadASN1Element(&elem, cbasn1.SEQUENCE) {
		return nil, errors.New("not a DER SEQUENCE")
	}
	var body cryptobyte.String
	if all := elem; !all.ReadASN1(&body, cbasn1.SEQUENCE) || !body.PeekASN1Tag(cbasn1.SEQUENCE) {
		if body.PeekASN1Tag(cbasn1.ENUM) {
			// OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, … }
			return nil, errors.New("an OCSPResponse, where a signed structure (BasicOCSPResponse) belongs")
		}
		return nil, errors.New("not a signed structure: its first field is not a SEQUENCE")
	}
	return elem, nil
}

// ParseRevocationValues parses the value of a revocation-values attribute
// (TS 101 733 section 6.3.4). Each CRL and BasicOCSPResponse is returned
// as received, only checked to be a SEQUENCE whose first field is a
// SEQUENCE; an OCSPResponse in place of a BasicOCSPResponse is an error.
// Errors are *ParseError.
func ParseRevocationValues(value []byte) (*RevocationValues, error) {
	const where = whereRevocationValues
	in := cryptobyte.String(value)
	var s cryptobyte.String
	if !in.ReadASN1(&s, cbasn1.SEQUENCE) {
		return nil, parseErr(where, "not a DER SEQUENCE")
	}
	if !in.Empty() {
		return nil, parseErr(where, "%d bytes of trailing data", len(in))
	}
	rv := &RevocationValues{}
	read := func(tag cbasn1.Tag, field, what string) ([][]byte, error) {
		var explicit, list cryptobyte.String
		if !s.ReadASN1(&explicit, tag) || !explicit.ReadASN1(&list, cbasn1.SEQUENCE) || !explicit.Empty() {
			return nil, parseErr(where, "malformed %s", field)
		}
		vals := [][]byte{}
		for i := 1; !list.Empty(); i++ {
			elem, err := readSignedElement(&list)
			if err != nil {
				return nil, &ParseError{Where: where, Reason: fmt.Sprintf("%s %d: %v", what, i, err), Err: err}
			}
			vals = append(vals, elem)
		}
		return vals, nil
	}
	var err error
	if s.PeekASN1Tag(tagContext0Constructed) {
		if rv.CRLs, err = read(tagContext0Constructed, "crlVals", "CRL"); err != nil {
			return nil, err
		}
	}
	if s.PeekASN1Tag(tagContext1Constructed) {
		if rv.OCSP, err = read(tagContext1Constructed, "ocspVals", "OCSP response"); err != nil {
			return nil, err
		}
	}
	if s.PeekASN1Tag(tagContext2Constructed) {
		if err := skipOther(&s); err != nil {
			return nil, parseErr(where, "malformed otherRevVals")
		}
		rv.Other = 1
	}
	if !s.Empty() {
		return nil, parseErr(where, "trailing data (fields out of order or unknown)")
	}
	return rv, nil
}

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
