package main

import (
	encoding_asn1 "encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

var (
	// GOST R 34.11-2012 256-bit (Streebog-256), parameters absent.
	oidStreebog256 = encoding_asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	oidCRLNumber   = encoding_asn1.ObjectIdentifier{2, 5, 29, 20}
	oidOCSPBasic   = encoding_asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}
)

// otherHash is OtherHash's otherHash choice with Streebog-256:
// SEQUENCE { SEQUENCE { id-tc26-gost3411-12-256 }, OCTET STRING }. The hash
// itself is computed by `openssl dgst -md_gost12_256` and passed in as hex.
func otherHash(hexHash string) ([]byte, error) {
	h, err := hex.DecodeString(hexHash)
	if err != nil || len(h) != 32 {
		return nil, fmt.Errorf("%q is not a 32-byte Streebog-256 hash in hex", hexHash)
	}
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidStreebog256)
		})
		b.AddASN1OctetString(h)
	})
	return b.Bytes()
}

// certIssuerSerial returns the issuer Name and serialNumber INTEGER TLVs of a
// DER certificate.
func certIssuerSerial(cert []byte) (issuer, serial []byte, err error) {
	s := cryptobyte.String(cert)
	var c, tbs cryptobyte.String
	if !s.ReadASN1(&c, asn1.SEQUENCE) || !s.Empty() || !c.ReadASN1(&tbs, asn1.SEQUENCE) {
		return nil, nil, errors.New("not a certificate")
	}
	var ser, alg, iss cryptobyte.String
	if !tbs.SkipOptionalASN1(asn1.Tag(0).Constructed().ContextSpecific()) ||
		!tbs.ReadASN1Element(&ser, asn1.INTEGER) ||
		!tbs.ReadASN1Element(&alg, asn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&iss, asn1.SEQUENCE) {
		return nil, nil, errors.New("certificate: malformed TBSCertificate")
	}
	return iss, ser, nil
}

// otherCertID is SEQUENCE { otherCertHash OtherHash, issuerSerial IssuerSerial }
// with IssuerSerial ::= SEQUENCE { issuer GeneralNames ({[4] Name}), serialNumber }.
func otherCertID(hexHash string, cert []byte) ([]byte, error) {
	h, err := otherHash(hexHash)
	if err != nil {
		return nil, err
	}
	issuer, serial, err := certIssuerSerial(cert)
	if err != nil {
		return nil, err
	}
	generalNames := tlv(asn1.SEQUENCE, tlv(asn1.Tag(4).Constructed().ContextSpecific(), issuer))
	return tlv(asn1.SEQUENCE, h, tlv(asn1.SEQUENCE, generalNames, serial)), nil
}

// basicOCSP returns the BasicOCSPResponse inside a successful OCSPResponse:
// the contents of responseBytes.response.
func basicOCSP(resp []byte) ([]byte, error) {
	s := cryptobyte.String(resp)
	var r, rb, rbSeq cryptobyte.String
	var status int
	var typ encoding_asn1.ObjectIdentifier
	var basic []byte
	if !s.ReadASN1(&r, asn1.SEQUENCE) || !s.Empty() ||
		!r.ReadASN1Enum(&status) ||
		!r.ReadASN1(&rb, asn1.Tag(0).Constructed().ContextSpecific()) || !r.Empty() ||
		!rb.ReadASN1(&rbSeq, asn1.SEQUENCE) || !rb.Empty() ||
		!rbSeq.ReadASN1ObjectIdentifier(&typ) ||
		!rbSeq.ReadASN1Bytes(&basic, asn1.OCTET_STRING) || !rbSeq.Empty() {
		return nil, errors.New("not an OCSPResponse with responseBytes")
	}
	if status != 0 || !typ.Equal(oidOCSPBasic) {
		return nil, fmt.Errorf("OCSPResponse: status %d, type %v; want successful id-pkix-ocsp-basic", status, typ)
	}
	return basic, nil
}

// ocspResponse wraps a BasicOCSPResponse into a successful OCSPResponse.
func ocspResponse(basic []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Enum(0)
		b.AddASN1(asn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(oidOCSPBasic)
				b.AddASN1OctetString(basic)
			})
		})
	})
	return b.BytesOrPanic()
}

// basicParts splits a BasicOCSPResponse: the responderID and producedAt TLVs
// of its tbsResponseData, and its elements (tbsResponseData,
// signatureAlgorithm, signature, [certs]).
func basicParts(basic []byte) (responderID, producedAt []byte, elems [][]byte, err error) {
	body, err := contents(basic, asn1.SEQUENCE)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("BasicOCSPResponse: %w", err)
	}
	elems, err = elements(body)
	if err != nil || len(elems) < 3 || len(elems) > 4 || tagOf(elems[2]) != asn1.BIT_STRING {
		return nil, nil, nil, errors.New("BasicOCSPResponse: malformed")
	}
	tbs := cryptobyte.String(elems[0])
	var t cryptobyte.String
	var rid, pat cryptobyte.String
	var ridTag asn1.Tag
	if !tbs.ReadASN1(&t, asn1.SEQUENCE) ||
		!t.SkipOptionalASN1(asn1.Tag(0).Constructed().ContextSpecific()) ||
		!t.ReadAnyASN1Element(&rid, &ridTag) ||
		!t.ReadASN1Element(&pat, asn1.GeneralizedTime) {
		return nil, nil, nil, errors.New("ResponseData: malformed")
	}
	if ridTag != asn1.Tag(1).Constructed().ContextSpecific() && ridTag != asn1.Tag(2).Constructed().ContextSpecific() {
		return nil, nil, nil, fmt.Errorf("ResponseData: responderID tag %#x", uint8(ridTag))
	}
	return rid, pat, elems, nil
}

// ocspRef is a CrlOcspRef with ocspids [1] EXPLICIT OcspListID holding one
// OcspResponsesID { ocspIdentifier { responderID, producedAt }, ocspRepHash }.
func ocspRef(hexHash string, basic []byte) ([]byte, error) {
	rid, pat, _, err := basicParts(basic)
	if err != nil {
		return nil, err
	}
	h, err := otherHash(hexHash)
	if err != nil {
		return nil, err
	}
	id := tlv(asn1.SEQUENCE, tlv(asn1.SEQUENCE, rid, pat), h)
	ocspListID := tlv(asn1.SEQUENCE, tlv(asn1.SEQUENCE, id))
	return tlv(asn1.SEQUENCE, tlv(asn1.Tag(1).Constructed().ContextSpecific(), ocspListID)), nil
}

// crlRef is a CrlOcspRef with crlids [0] EXPLICIT CRLListID holding one
// CrlValidatedID { crlHash, crlIdentifier { crlissuer, crlIssuedTime, crlNumber } }.
// crlIssuedTime is the CRL's thisUpdate, which must be a UTCTime.
func crlRef(hexHash string, crl []byte) ([]byte, error) {
	s := cryptobyte.String(crl)
	var c, tbs cryptobyte.String
	if !s.ReadASN1(&c, asn1.SEQUENCE) || !s.Empty() || !c.ReadASN1(&tbs, asn1.SEQUENCE) {
		return nil, errors.New("not a CertificateList")
	}
	var alg, issuer, thisUpdate cryptobyte.String
	if !tbs.SkipOptionalASN1(asn1.INTEGER) ||
		!tbs.ReadASN1Element(&alg, asn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&issuer, asn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&thisUpdate, asn1.UTCTime) {
		return nil, errors.New("CertificateList: malformed TBSCertList (thisUpdate must be a UTCTime)")
	}
	if tbs.PeekASN1Tag(asn1.UTCTime) || tbs.PeekASN1Tag(asn1.GeneralizedTime) {
		var next cryptobyte.String
		var tag asn1.Tag
		tbs.ReadAnyASN1Element(&next, &tag)
	}
	if !tbs.SkipOptionalASN1(asn1.SEQUENCE) { // revokedCertificates
		return nil, errors.New("CertificateList: malformed revokedCertificates")
	}
	var crlNumber []byte
	var exts cryptobyte.String
	var hasExts bool
	if !tbs.ReadOptionalASN1(&exts, &hasExts, asn1.Tag(0).Constructed().ContextSpecific()) || !tbs.Empty() {
		return nil, errors.New("CertificateList: malformed crlExtensions")
	}
	if hasExts {
		var list cryptobyte.String
		if !exts.ReadASN1(&list, asn1.SEQUENCE) {
			return nil, errors.New("CertificateList: malformed crlExtensions")
		}
		for !list.Empty() {
			var ext cryptobyte.String
			var oid encoding_asn1.ObjectIdentifier
			var value cryptobyte.String
			if !list.ReadASN1(&ext, asn1.SEQUENCE) || !ext.ReadASN1ObjectIdentifier(&oid) ||
				!ext.SkipOptionalASN1(asn1.BOOLEAN) || !ext.ReadASN1(&value, asn1.OCTET_STRING) {
				return nil, errors.New("CertificateList: malformed extension")
			}
			if oid.Equal(oidCRLNumber) {
				var n cryptobyte.String
				if !value.ReadASN1Element(&n, asn1.INTEGER) || !value.Empty() {
					return nil, errors.New("CertificateList: malformed cRLNumber")
				}
				crlNumber = n
			}
		}
	}
	h, err := otherHash(hexHash)
	if err != nil {
		return nil, err
	}
	identifier := tlv(asn1.SEQUENCE, issuer, thisUpdate, crlNumber)
	crlListID := tlv(asn1.SEQUENCE, tlv(asn1.SEQUENCE, tlv(asn1.SEQUENCE, h, identifier)))
	return tlv(asn1.SEQUENCE, tlv(asn1.Tag(0).Constructed().ContextSpecific(), crlListID)), nil
}
