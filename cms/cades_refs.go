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

// The references and values of CAdES-C and CAdES-X Long (TS 101 733
// sections 6.2 and 6.3): their parsers, and the hashes they name.

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

// Digest is the hash of der with h's Algorithm, for a caller that matches
// many references against the same values and hashes each value once.
func (h OtherHash) Digest(der []byte) ([]byte, error) {
	return hashOf(h.Algorithm.Algorithm, der)
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
		if ref.CRLs, err = readEach(crls, "CRL reference", parseCrlValidatedID); err != nil {
			return ref, err
		}
	}
	if s.PeekASN1Tag(tagContext1Constructed) {
		// ocspids [1] OcspListID ::= SEQUENCE { ocspResponses SEQUENCE OF OcspResponsesID }
		resps, err := readExplicitList(&s, tagContext1Constructed)
		if err != nil {
			return ref, fmt.Errorf("ocspids: %w", err)
		}
		if ref.OCSP, err = readEach(resps, "OCSP reference", parseOcspResponsesID); err != nil {
			return ref, err
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

// readEach parses each SEQUENCE of list with parse, naming the n-th as
// "what n" in errors; an empty list is an empty, non-nil slice.
func readEach[T any](list cryptobyte.String, what string, parse func(cryptobyte.String) (T, error)) ([]T, error) {
	out := []T{}
	for n := 1; !list.Empty(); n++ {
		var e cryptobyte.String
		if !list.ReadASN1(&e, cbasn1.SEQUENCE) {
			return nil, fmt.Errorf("%s %d: not a SEQUENCE", what, n)
		}
		v, err := parse(e)
		if err != nil {
			return nil, fmt.Errorf("%s %d: %w", what, n, err)
		}
		out = append(out, v)
	}
	return out, nil
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
