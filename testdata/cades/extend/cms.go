package main

import (
	"bytes"
	encoding_asn1 "encoding/asn1"
	"errors"
	"fmt"
	"sort"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// Unsigned attribute types (RFC 5126 / ETSI TS 101 733).
var (
	oidSignatureTimeStamp = encoding_asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidCertificateRefs    = encoding_asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 21}
	oidRevocationRefs     = encoding_asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 22}
	oidArchiveTimeStampV2 = encoding_asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 48}
	oidArchiveTimeStampV3 = encoding_asn1.ObjectIdentifier{0, 4, 0, 1733, 2, 4}
	oidSignedData         = encoding_asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
)

// signedData is a DER ContentInfo holding a SignedData with exactly one
// SignerInfo, split into the TLVs that are copied unchanged: fields are the
// SignedData's elements without signerInfos, si the SignerInfo's elements.
type signedData struct {
	fields [][]byte
	si     [][]byte
}

// elements splits DER contents into their TLVs (definite lengths only:
// cryptobyte refuses BER).
func elements(b []byte) ([][]byte, error) {
	s := cryptobyte.String(b)
	var out [][]byte
	for !s.Empty() {
		var e cryptobyte.String
		var tag asn1.Tag
		if !s.ReadAnyASN1Element(&e, &tag) {
			return nil, errors.New("malformed DER element")
		}
		out = append(out, e)
	}
	return out, nil
}

// contents returns the contents octets of one DER TLV with the given tag.
func contents(tlv []byte, tag asn1.Tag) ([]byte, error) {
	s := cryptobyte.String(tlv)
	var c cryptobyte.String
	if !s.ReadASN1(&c, tag) || !s.Empty() {
		return nil, fmt.Errorf("not a single DER element with tag %#x", uint8(tag))
	}
	return c, nil
}

func tagOf(tlv []byte) asn1.Tag { return asn1.Tag(tlv[0]) }

func parseSignedData(der []byte) (*signedData, error) {
	ci, err := contents(der, asn1.SEQUENCE)
	if err != nil {
		return nil, fmt.Errorf("ContentInfo: %w", err)
	}
	s := cryptobyte.String(ci)
	var oid encoding_asn1.ObjectIdentifier
	var explicit, sdBody cryptobyte.String
	if !s.ReadASN1ObjectIdentifier(&oid) || !oid.Equal(oidSignedData) {
		return nil, errors.New("ContentInfo: not id-signedData")
	}
	if !s.ReadASN1(&explicit, asn1.Tag(0).Constructed().ContextSpecific()) || !s.Empty() {
		return nil, errors.New("ContentInfo: bad [0] content")
	}
	if !explicit.ReadASN1(&sdBody, asn1.SEQUENCE) || !explicit.Empty() {
		return nil, errors.New("SignedData: not a SEQUENCE")
	}
	fields, err := elements(sdBody)
	if err != nil {
		return nil, fmt.Errorf("SignedData: %w", err)
	}
	if len(fields) < 4 || tagOf(fields[len(fields)-1]) != asn1.SET {
		return nil, errors.New("SignedData: no signerInfos")
	}
	sis, err := contents(fields[len(fields)-1], asn1.SET)
	if err != nil {
		return nil, err
	}
	list, err := elements(sis)
	if err != nil {
		return nil, fmt.Errorf("signerInfos: %w", err)
	}
	if len(list) != 1 {
		return nil, fmt.Errorf("signerInfos: %d SignerInfos, want exactly 1", len(list))
	}
	siBody, err := contents(list[0], asn1.SEQUENCE)
	if err != nil {
		return nil, fmt.Errorf("SignerInfo: %w", err)
	}
	si, err := elements(siBody)
	if err != nil {
		return nil, fmt.Errorf("SignerInfo: %w", err)
	}
	sd := &signedData{fields: fields[:len(fields)-1], si: si}
	if _, err := sd.signatureIndex(); err != nil {
		return nil, err
	}
	return sd, nil
}

// signatureIndex returns the index in si of the signature OCTET STRING:
// version, sid, digestAlgorithm, [signedAttrs], signatureAlgorithm, signature.
func (sd *signedData) signatureIndex() (int, error) {
	i := 3
	if len(sd.si) > i && tagOf(sd.si[i]) == asn1.Tag(0).Constructed().ContextSpecific() {
		i++
	}
	i++ // signatureAlgorithm
	if len(sd.si) <= i || tagOf(sd.si[i]) != asn1.OCTET_STRING {
		return 0, errors.New("SignerInfo: no signature OCTET STRING where expected")
	}
	switch len(sd.si) - i - 1 {
	case 0:
	case 1:
		if tagOf(sd.si[i+1]) != asn1.Tag(1).Constructed().ContextSpecific() {
			return 0, errors.New("SignerInfo: unexpected element after the signature")
		}
	default:
		return 0, errors.New("SignerInfo: too many elements")
	}
	return i, nil
}

// signatureValue returns the contents of SignerInfo.signature.
func (sd *signedData) signatureValue() []byte {
	i, _ := sd.signatureIndex()
	v, _ := contents(sd.si[i], asn1.OCTET_STRING)
	return v
}

// unsignedAttrs returns the unsigned attributes (full TLVs) in file order.
func (sd *signedData) unsignedAttrs() ([][]byte, error) {
	i, _ := sd.signatureIndex()
	if i == len(sd.si)-1 {
		return nil, nil
	}
	body, err := contents(sd.si[i+1], asn1.Tag(1).Constructed().ContextSpecific())
	if err != nil {
		return nil, err
	}
	attrs, err := elements(body)
	if err != nil {
		return nil, fmt.Errorf("unsignedAttrs: %w", err)
	}
	for n, a := range attrs {
		if _, _, err := splitAttr(a); err != nil {
			return nil, fmt.Errorf("unsigned attribute %d: %w", n, err)
		}
	}
	return attrs, nil
}

// splitAttr returns an Attribute's type and its contents (DER(attrType) ‖
// DER(attrValues), the Attribute without its own SEQUENCE tag and length).
func splitAttr(attr []byte) (encoding_asn1.ObjectIdentifier, []byte, error) {
	body, err := contents(attr, asn1.SEQUENCE)
	if err != nil {
		return nil, nil, err
	}
	s := cryptobyte.String(body)
	var oid encoding_asn1.ObjectIdentifier
	var values cryptobyte.String
	if !s.ReadASN1ObjectIdentifier(&oid) || !s.ReadASN1(&values, asn1.SET) || !s.Empty() {
		return nil, nil, errors.New("not an Attribute { OID, SET }")
	}
	return oid, body, nil
}

// withUnsignedAttrs returns the DER ContentInfo with the SignerInfo's
// unsignedAttrs replaced by attrs (in that order; no [1] when attrs is empty).
// Every other element is copied byte for byte; only the lengths around the
// SignerInfo change.
func (sd *signedData) withUnsignedAttrs(attrs [][]byte) ([]byte, error) {
	i, _ := sd.signatureIndex()
	si := append([][]byte{}, sd.si[:i+1]...)
	if len(attrs) > 0 {
		si = append(si, tlv(asn1.Tag(1).Constructed().ContextSpecific(), attrs...))
	}
	signerInfo := tlv(asn1.SEQUENCE, si...)
	signedData := tlv(asn1.SEQUENCE, append(append([][]byte{}, sd.fields...), tlv(asn1.SET, signerInfo))...)
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSignedData)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddBytes(signedData)
		})
	})
	return b.Bytes()
}

// tlv encodes one DER element whose contents are the concatenation of parts.
func tlv(tag asn1.Tag, parts ...[]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(tag, func(b *cryptobyte.Builder) {
		for _, p := range parts {
			b.AddBytes(p)
		}
	})
	return b.BytesOrPanic()
}

// derSet re-encodes a SET OF (or an IMPLICIT [n] SET OF) as DER: its elements
// sorted by their encodings (X.690 11.6).
func derSet(setTLV []byte) ([]byte, error) {
	s := cryptobyte.String(setTLV)
	var body cryptobyte.String
	var tag asn1.Tag
	if !s.ReadAnyASN1(&body, &tag) || !s.Empty() {
		return nil, errors.New("malformed SET")
	}
	elems, err := elements(body)
	if err != nil {
		return nil, err
	}
	sort.Slice(elems, func(i, j int) bool { return bytes.Compare(elems[i], elems[j]) < 0 })
	return tlv(tag, elems...), nil
}
