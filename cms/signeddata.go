package cms

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers of RFC 5652.
var (
	OIDData       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	OIDSignedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
)

// SignedData is a parsed CMS SignedData (RFC 5652 section 5.1). One that
// Parse returns also keeps the encodings of its fields and of its signers'
// fields, which the archive timestamps' inputs are made of (archive.go);
// a SignedData built otherwise has none.
type SignedData struct {
	// Version is the one RFC 5652 section 5.1 prescribes for the rest of
	// the SignedData; Parse refuses any other with a *VersionError.
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier
	// ContentType is the eContentType, id-data for a signed document.
	ContentType asn1.ObjectIdentifier
	// Content is the attached content, nil for a detached signature.
	Content []byte
	// Certificates are the certificates carried in the signature, in order.
	Certificates []*Certificate
	// CRLs are the DER CertificateLists carried in the signature.
	CRLs [][]byte
	// OtherCertificates counts certificate choices other than X.509
	// certificates (attribute certificates and the like), which are skipped.
	OtherCertificates int
	Signers           []*SignerInfo
	// Encoding says how the file was written.
	Encoding Encoding

	cache *CertificateCache // from ParseShared, nil otherwise
	raw   rawSignedData     // encodings the archive timestamps cover
}

// rawSignedData holds encodings of a parsed SignedData's fields, for the
// inputs of the archive timestamps (archive.go). Parse normalises BER to
// DER framing first (package cms/internal/ber: definite minimal lengths,
// constructed strings flattened, nothing reordered), so these are the DER
// encodings, which is what TS 101 733 and EN 319 122-1 hash. Each slice
// points into the DER that Parse read.
type rawSignedData struct {
	encapContentInfo []byte   // the EncapsulatedContentInfo SEQUENCE element
	eContentType     []byte   // its eContentType OBJECT IDENTIFIER element
	certificates     []byte   // the certificates [0] element, nil when absent
	crls             []byte   // the crls [1] element, nil when absent
	certChoices      [][]byte // each CertificateChoices element, whatever its CHOICE
	crlChoices       [][]byte // each RevocationInfoChoice element, whatever its CHOICE
}

// Certificate is a certificate carried inside a signature. Cert is nil when
// Go's crypto/x509 refuses it; ParseError then says why, and Raw is kept so
// that the rest of the signature stays readable.
type Certificate struct {
	Raw        []byte
	Cert       *x509.Certificate
	ParseError error
}

// SignerInfo is one signer (RFC 5652 section 5.3). Raw byte slices point
// into the parsed input and are what signatures are verified over.
type SignerInfo struct {
	// Version is 1 with IssuerAndSerial, 3 with SubjectKeyID (RFC 5652
	// section 5.3); any other is a *VersionError.
	Version int
	// Exactly one of the two signer identifiers is set.
	IssuerAndSerial *IssuerAndSerial
	SubjectKeyID    []byte

	DigestAlgorithm pkix.AlgorithmIdentifier
	// RawSignedAttrs is the signedAttrs element exactly as received,
	// including its [0] IMPLICIT tag and length; nil when absent.
	RawSignedAttrs     []byte
	SignedAttrs        []Attribute
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      []Attribute

	raw rawSignerInfo // encodings the archive timestamps cover
}

// rawSignerInfo holds encodings of a parsed SignerInfo's fields, DER as in
// rawSignedData. The fields from version to signature are contiguous in a
// SignerInfo: fields is all of them, head the part before signedAttrs
// (version, sid, digestAlgorithm) and tail the part after (signatureAlgorithm,
// signature).
type rawSignerInfo struct {
	fields, head, tail []byte
}

// IssuerAndSerial identifies a certificate by issuer name and serial number.
type IssuerAndSerial struct {
	RawIssuer []byte // DER Name
	Serial    *big.Int
}

// Attribute is a CMS attribute: a type and its values as raw DER elements.
type Attribute struct {
	Type   asn1.ObjectIdentifier
	Values [][]byte
	Raw    []byte // the whole Attribute element
}

// ParseError reports a structural problem in a signature.
type ParseError struct {
	Where  string // "SignedData", "signer 2", "certificate 1", ...
	Reason string
	// Err is the cause, when there is one: a *VersionError for a version
	// number RFC 5652 does not allow, else an untyped error.
	Err error
}

func (e *ParseError) Error() string {
	if e.Where == "" {
		return "cms: " + e.Reason
	}
	return "cms: " + e.Where + ": " + e.Reason
}

func (e *ParseError) Unwrap() error { return e.Err }

func parseErr(where, format string, args ...any) error {
	return &ParseError{Where: where, Reason: fmt.Sprintf(format, args...)}
}

// parseErrCause is a ParseError whose reason is err.
func parseErrCause(where string, err error) error {
	return &ParseError{Where: where, Reason: err.Error(), Err: err}
}

var (
	tagContext0            = cbasn1.Tag(0).ContextSpecific()
	tagContext0Constructed = cbasn1.Tag(0).Constructed().ContextSpecific()
	tagContext1Constructed = cbasn1.Tag(1).Constructed().ContextSpecific()
)

// parseContentInfo parses a DER ContentInfo holding SignedData.
func parseContentInfo(der []byte, certs *CertificateCache) (*SignedData, error) {
	sd, err := readContentInfo(der)
	if err != nil {
		return nil, err
	}
	return parseSignedData(sd, certs)
}

// readContentInfo returns the SignedData SEQUENCE contents of a ContentInfo.
func readContentInfo(der []byte) (cryptobyte.String, error) {
	in := cryptobyte.String(der)
	var ci, content cryptobyte.String
	var ct asn1.ObjectIdentifier
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) {
		return nil, parseErr("ContentInfo", "not a DER SEQUENCE")
	}
	if !in.Empty() {
		return nil, parseErr("ContentInfo", "%d bytes of trailing data", len(in))
	}
	if !ci.ReadASN1ObjectIdentifier(&ct) {
		return nil, parseErr("ContentInfo", "malformed content type")
	}
	if !ct.Equal(OIDSignedData) {
		return nil, parseErr("ContentInfo", "content type is %s, not signedData (%s)", ct, OIDSignedData)
	}
	if !ci.ReadASN1(&content, tagContext0Constructed) || !ci.Empty() {
		return nil, parseErr("ContentInfo", "malformed [0] content")
	}
	var sd cryptobyte.String
	if !content.ReadASN1(&sd, cbasn1.SEQUENCE) || !content.Empty() {
		return nil, parseErr("SignedData", "not a SEQUENCE")
	}
	return sd, nil
}

func parseSignedData(in cryptobyte.String, certs *CertificateCache) (*SignedData, error) {
	s, err := parseSignedDataBody(in, certs)
	if err != nil {
		return nil, err
	}
	if len(s.Signers) == 0 {
		return nil, parseErr("SignedData", "no signers (a certificate bundle, not a signature)")
	}
	return s, nil
}

// parseSignedDataBody parses SignedData allowing zero signers, as in
// certs-only bundles (.p7b, .p7c), taking certificates parsed before from
// cache (nil: parse every one).
func parseSignedDataBody(in cryptobyte.String, cache *CertificateCache) (*SignedData, error) {
	const where = "SignedData"
	s := &SignedData{}
	var facts versionFacts
	var algs, eContentType cryptobyte.String
	if !in.ReadASN1Integer(&s.Version) {
		return nil, parseErr(where, "malformed version")
	}
	if !in.ReadASN1(&algs, cbasn1.SET) {
		return nil, parseErr(where, "malformed digestAlgorithms")
	}
	for !algs.Empty() {
		alg, err := readAlgorithm(&algs)
		if err != nil {
			return nil, parseErr(where, "digestAlgorithms: %v", err)
		}
		s.DigestAlgorithms = append(s.DigestAlgorithms, alg)
	}
	eciElem, eci, ok := readElement(&in, cbasn1.SEQUENCE)
	if !ok {
		return nil, parseErr(where, "malformed encapContentInfo")
	}
	if oid := eci; !oid.ReadASN1Element(&eContentType, cbasn1.OBJECT_IDENTIFIER) ||
		!eci.ReadASN1ObjectIdentifier(&s.ContentType) {
		return nil, parseErr(where, "malformed encapContentInfo")
	}
	s.raw.encapContentInfo, s.raw.eContentType = eciElem, eContentType
	if !eci.Empty() {
		var explicit, octets cryptobyte.String
		if !eci.ReadASN1(&explicit, tagContext0Constructed) || !eci.Empty() ||
			!explicit.ReadASN1(&octets, cbasn1.OCTET_STRING) || !explicit.Empty() {
			return nil, parseErr(where, "malformed eContent")
		}
		s.Content = append([]byte{}, octets...)
	}
	if in.PeekASN1Tag(tagContext0Constructed) {
		elem, certs, ok := readElement(&in, tagContext0Constructed)
		if !ok {
			return nil, parseErr(where, "malformed certificates")
		}
		s.raw.certificates = elem
		for i := 1; !certs.Empty(); i++ {
			var elem cryptobyte.String
			var tag cbasn1.Tag
			if !certs.ReadAnyASN1Element(&elem, &tag) {
				return nil, parseErr(fmt.Sprintf("certificate %d", i), "malformed element")
			}
			s.raw.certChoices = append(s.raw.certChoices, elem)
			if tag != cbasn1.SEQUENCE {
				facts.noteCertificate(tag)
				s.OtherCertificates++
				continue
			}
			s.Certificates = append(s.Certificates, cache.parse(elem))
		}
	}
	if in.PeekASN1Tag(tagContext1Constructed) {
		elem, crls, ok := readElement(&in, tagContext1Constructed)
		if !ok {
			return nil, parseErr(where, "malformed crls")
		}
		s.raw.crls = elem
		for i := 1; !crls.Empty(); i++ {
			var elem cryptobyte.String
			var tag cbasn1.Tag
			if !crls.ReadAnyASN1Element(&elem, &tag) {
				return nil, parseErr(fmt.Sprintf("crl %d", i), "malformed element")
			}
			s.raw.crlChoices = append(s.raw.crlChoices, elem)
			if tag == cbasn1.SEQUENCE {
				s.CRLs = append(s.CRLs, elem)
			} else if tag == tagOtherRevocationInfo {
				facts.otherCRLs = true
			}
		}
	}
	var signers cryptobyte.String
	if !in.ReadASN1(&signers, cbasn1.SET) {
		return nil, parseErr(where, "malformed signerInfos")
	}
	if !in.Empty() {
		return nil, parseErr(where, "trailing data after signerInfos")
	}
	for i := 1; !signers.Empty(); i++ {
		var si cryptobyte.String
		if !signers.ReadASN1(&si, cbasn1.SEQUENCE) {
			return nil, parseErr(fmt.Sprintf("signer %d", i), "not a SEQUENCE")
		}
		signer, err := parseSignerInfo(si)
		if err != nil {
			return nil, parseErrCause(fmt.Sprintf("signer %d", i), err)
		}
		s.Signers = append(s.Signers, signer)
	}
	if err := checkSignedDataVersion(s, facts); err != nil {
		return nil, parseErrCause(where, err)
	}
	return s, nil
}

// parseSignerInfo parses the contents of a SignerInfo SEQUENCE. It is also
// used for countersignatures, which have the same shape.
func parseSignerInfo(in cryptobyte.String) (*SignerInfo, error) {
	si := &SignerInfo{}
	start := in
	consumed := func() []byte { return start[:len(start)-len(in)] }
	if !in.ReadASN1Integer(&si.Version) {
		return nil, fmt.Errorf("malformed version")
	}
	switch {
	case in.PeekASN1Tag(cbasn1.SEQUENCE):
		var ias cryptobyte.String
		var issuer cryptobyte.String
		serial := new(big.Int)
		if !in.ReadASN1(&ias, cbasn1.SEQUENCE) || !ias.ReadASN1Element(&issuer, cbasn1.SEQUENCE) ||
			!ias.ReadASN1Integer(serial) || !ias.Empty() {
			return nil, fmt.Errorf("malformed issuerAndSerialNumber")
		}
		si.IssuerAndSerial = &IssuerAndSerial{RawIssuer: issuer, Serial: serial}
	case in.PeekASN1Tag(tagContext0):
		var ski cryptobyte.String
		if !in.ReadASN1(&ski, tagContext0) {
			return nil, fmt.Errorf("malformed subjectKeyIdentifier")
		}
		si.SubjectKeyID = ski
	default:
		return nil, fmt.Errorf("malformed signer identifier")
	}
	var err error
	if si.DigestAlgorithm, err = readAlgorithm(&in); err != nil {
		return nil, fmt.Errorf("digestAlgorithm: %w", err)
	}
	si.raw.head = consumed()
	if in.PeekASN1Tag(tagContext0Constructed) {
		raw, attrs, ok := readElement(&in, tagContext0Constructed)
		if !ok {
			return nil, fmt.Errorf("malformed signedAttrs")
		}
		si.RawSignedAttrs = raw
		if si.SignedAttrs, err = parseAttributes(attrs); err != nil {
			return nil, fmt.Errorf("signedAttrs: %w", err)
		}
	}
	beforeTail := len(in)
	if si.SignatureAlgorithm, err = readAlgorithm(&in); err != nil {
		return nil, fmt.Errorf("signatureAlgorithm: %w", err)
	}
	var sig cryptobyte.String
	if !in.ReadASN1(&sig, cbasn1.OCTET_STRING) {
		return nil, fmt.Errorf("malformed signature")
	}
	si.Signature = sig
	si.raw.fields = consumed()
	si.raw.tail = si.raw.fields[len(start)-beforeTail:]
	if in.PeekASN1Tag(tagContext1Constructed) {
		var attrs cryptobyte.String
		if !in.ReadASN1(&attrs, tagContext1Constructed) {
			return nil, fmt.Errorf("malformed unsignedAttrs")
		}
		if si.UnsignedAttrs, err = parseAttributes(attrs); err != nil {
			return nil, fmt.Errorf("unsignedAttrs: %w", err)
		}
	}
	if !in.Empty() {
		return nil, fmt.Errorf("trailing data")
	}
	if err := checkSignerInfoVersion(si); err != nil {
		return nil, err
	}
	return si, nil
}

func parseAttributes(in cryptobyte.String) ([]Attribute, error) {
	var attrs []Attribute
	for !in.Empty() {
		var a Attribute
		var raw, body, values cryptobyte.String
		if !in.ReadASN1Element(&raw, cbasn1.SEQUENCE) {
			return nil, fmt.Errorf("malformed attribute")
		}
		a.Raw = raw
		if !raw.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1ObjectIdentifier(&a.Type) ||
			!body.ReadASN1(&values, cbasn1.SET) || !body.Empty() {
			return nil, fmt.Errorf("malformed attribute")
		}
		for !values.Empty() {
			var v cryptobyte.String
			var tag cbasn1.Tag
			if !values.ReadAnyASN1Element(&v, &tag) {
				return nil, fmt.Errorf("attribute %s: malformed value", a.Type)
			}
			a.Values = append(a.Values, v)
		}
		if len(a.Values) == 0 {
			return nil, fmt.Errorf("attribute %s has no value", a.Type)
		}
		attrs = append(attrs, a)
	}
	return attrs, nil
}

// readAlgorithm reads an AlgorithmIdentifier, keeping raw parameters.
func readAlgorithm(in *cryptobyte.String) (pkix.AlgorithmIdentifier, error) {
	var alg pkix.AlgorithmIdentifier
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1ObjectIdentifier(&alg.Algorithm) {
		return alg, fmt.Errorf("malformed algorithm identifier")
	}
	if !body.Empty() {
		var params cryptobyte.String
		var tag cbasn1.Tag
		if !body.ReadAnyASN1Element(&params, &tag) || !body.Empty() {
			return alg, fmt.Errorf("malformed parameters of %s", alg.Algorithm)
		}
		alg.Parameters = asn1.RawValue{FullBytes: params}
	}
	return alg, nil
}

// readElement reads an element of the given tag from in and returns it
// whole and its contents.
func readElement(in *cryptobyte.String, tag cbasn1.Tag) (elem, contents cryptobyte.String, ok bool) {
	if !in.ReadASN1Element(&elem, tag) {
		return nil, nil, false
	}
	all := elem
	all.ReadASN1(&contents, tag) // cannot fail: the element was just read
	return elem, contents, true
}

// parseSignerInfoElement parses a whole SignerInfo element.
func parseSignerInfoElement(der []byte) (*SignerInfo, error) {
	in := cryptobyte.String(der)
	var si cryptobyte.String
	if !in.ReadASN1(&si, cbasn1.SEQUENCE) || !in.Empty() {
		return nil, fmt.Errorf("malformed SignerInfo")
	}
	return parseSignerInfo(si)
}
