package cms

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"fmt"
	"slices"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/gost"
)

// Building the CAdES-C and CAdES-X Long attributes (ETSI TS 101 733
// sections 6.2 and 6.3) that cades_refs.go parses: what package extend
// appends to a signature. Every encoding is DER, every reference an
// OtherHash with the hash given (Streebog-256 in practice), and each one
// is read back with this package's parser before it is returned.

// MarshalAttribute is the DER Attribute { attrType, attrValues SET OF }
// with values (DER elements) in DER SET order.
func MarshalAttribute(oid asn1.ObjectIdentifier, values ...[]byte) ([]byte, error) {
	if len(values) == 0 {
		return nil, errors.New("cms: attribute without a value")
	}
	sorted := slices.Clone(values)
	slices.SortFunc(sorted, bytes.Compare)
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
			for _, v := range sorted {
				b.AddBytes(v)
			}
		})
	})
	der, err := b.Bytes()
	if err != nil {
		return nil, fmt.Errorf("cms: attribute %v: %w", oid, err)
	}
	if _, err := parseAttributeElement(der); err != nil {
		return nil, fmt.Errorf("cms: attribute %v: %w", oid, err)
	}
	return der, nil
}

// addOtherHash adds OtherHash's otherHash choice: SEQUENCE {
// AlgorithmIdentifier (parameters absent, RFC 9215), OCTET STRING }.
func addOtherHash(b *cryptobyte.Builder, h gost.Hash, der []byte) {
	d := h.New()
	d.Write(der)
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(h.OID()) })
		b.AddASN1OctetString(d.Sum(nil))
	})
}

// CertificateRefsValue is a CompleteCertificateRefs (TS 101 733 section
// 6.2.1): one OtherCertID per certificate, its hash with h and its
// IssuerSerial (the issuer as a directoryName).
func CertificateRefsValue(certs [][]byte, h gost.Hash) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for i, c := range certs {
			issuer, serial, err := issuerSerialOf(c)
			if err != nil {
				b.SetError(fmt.Errorf("certificate %d: %w", i+1, err))
				return
			}
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				addOtherHash(b, h, c)
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.Tag(4).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(issuer) })
					})
					b.AddBytes(serial)
				})
			})
		}
	})
	der, err := b.Bytes()
	if err == nil {
		_, err = ParseCertificateRefs(der)
	}
	if err != nil {
		return nil, fmt.Errorf("cms: complete-certificate-references: %w", err)
	}
	return der, nil
}

// issuerSerialOf returns the issuer Name and serialNumber INTEGER elements
// of a DER certificate.
func issuerSerialOf(cert []byte) (issuer, serial []byte, err error) {
	s := cryptobyte.String(cert)
	var c, tbs, ser, alg, iss cryptobyte.String
	if !s.ReadASN1(&c, cbasn1.SEQUENCE) || !s.Empty() || !c.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!tbs.ReadASN1Element(&ser, cbasn1.INTEGER) || !tbs.ReadASN1Element(&alg, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&iss, cbasn1.SEQUENCE) {
		return nil, nil, errors.New("not a DER certificate")
	}
	return iss, ser, nil
}

// RevocationRefSource is the revocation data of one certificate of a
// path, for a CrlOcspRef: its CRLs or its BasicOCSPResponses (DER).
type RevocationRefSource struct {
	CRLs [][]byte
	OCSP [][]byte
}

// RevocationRefsValue is a CompleteRevocationRefs (TS 101 733 section
// 6.2.2): one CrlOcspRef per certificate, in order, each naming its CRLs
// (hash, issuer, thisUpdate as crlIssuedTime when it is a UTCTime, and
// crlNumber) and OCSP responses (responderID, producedAt and hash).
func RevocationRefsValue(refs []RevocationRefSource, h gost.Hash) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for i, r := range refs {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				if len(r.CRLs) > 0 {
					b.AddASN1(cbasn1.Tag(0).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								for j, crl := range r.CRLs {
									id, err := crlIdentifier(crl)
									if err != nil {
										b.SetError(fmt.Errorf("reference %d, CRL %d: %w", i+1, j+1, err))
										return
									}
									b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
										addOtherHash(b, h, crl)
										b.AddBytes(id)
									})
								}
							})
						})
					})
				}
				if len(r.OCSP) > 0 {
					b.AddASN1(cbasn1.Tag(1).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
						b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
							b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
								for j, resp := range r.OCSP {
									rid, produced, err := ocspIdentifier(resp)
									if err != nil {
										b.SetError(fmt.Errorf("reference %d, OCSP response %d: %w", i+1, j+1, err))
										return
									}
									b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
										b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
											b.AddBytes(rid)
											b.AddBytes(produced)
										})
										addOtherHash(b, h, resp)
									})
								}
							})
						})
					})
				}
			})
		}
	})
	der, err := b.Bytes()
	if err == nil {
		_, err = ParseRevocationRefs(der)
	}
	if err != nil {
		return nil, fmt.Errorf("cms: complete-revocation-references: %w", err)
	}
	return der, nil
}

// crlIdentifier is the CrlIdentifier of a DER CRL: SEQUENCE { crlissuer
// Name, crlIssuedTime UTCTime, crlNumber INTEGER OPTIONAL }; nil (the
// field is optional) when thisUpdate is a GeneralizedTime, which
// crlIssuedTime cannot hold.
func crlIdentifier(crl []byte) ([]byte, error) {
	s := cryptobyte.String(crl)
	var c, tbs, alg, issuer, thisUpdate cryptobyte.String
	if !s.ReadASN1(&c, cbasn1.SEQUENCE) || !s.Empty() || !c.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!tbs.SkipOptionalASN1(cbasn1.INTEGER) || !tbs.ReadASN1Element(&alg, cbasn1.SEQUENCE) ||
		!tbs.ReadASN1Element(&issuer, cbasn1.SEQUENCE) {
		return nil, errors.New("not a DER CertificateList")
	}
	if !tbs.PeekASN1Tag(cbasn1.UTCTime) {
		return nil, nil
	}
	tbs.ReadASN1Element(&thisUpdate, cbasn1.UTCTime)
	if tbs.PeekASN1Tag(cbasn1.UTCTime) || tbs.PeekASN1Tag(cbasn1.GeneralizedTime) {
		var next cryptobyte.String
		var tag cbasn1.Tag
		tbs.ReadAnyASN1Element(&next, &tag)
	}
	var number cryptobyte.String
	if !tbs.SkipOptionalASN1(cbasn1.SEQUENCE) {
		return nil, errors.New("malformed revokedCertificates")
	}
	var exts cryptobyte.String
	var hasExts bool
	if !tbs.ReadOptionalASN1(&exts, &hasExts, cbasn1.Tag(0).Constructed().ContextSpecific()) || !tbs.Empty() {
		return nil, errors.New("malformed crlExtensions")
	}
	if hasExts {
		var list cryptobyte.String
		if !exts.ReadASN1(&list, cbasn1.SEQUENCE) {
			return nil, errors.New("malformed crlExtensions")
		}
		for !list.Empty() {
			var ext, value cryptobyte.String
			var oid asn1.ObjectIdentifier
			if !list.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1ObjectIdentifier(&oid) ||
				!ext.SkipOptionalASN1(cbasn1.BOOLEAN) || !ext.ReadASN1(&value, cbasn1.OCTET_STRING) {
				return nil, errors.New("malformed CRL extension")
			}
			if oid.Equal(asn1.ObjectIdentifier{2, 5, 29, 20}) && (!value.ReadASN1Element(&number, cbasn1.INTEGER) || !value.Empty()) {
				return nil, errors.New("malformed cRLNumber")
			}
		}
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(issuer)
		b.AddBytes(thisUpdate)
		if number != nil {
			b.AddBytes(number)
		}
	})
	return b.Bytes()
}

// ocspIdentifier returns the responderID and producedAt elements of a DER
// BasicOCSPResponse.
func ocspIdentifier(basic []byte) (rid, produced []byte, err error) {
	s := cryptobyte.String(basic)
	var body, tbs cryptobyte.String
	var r, p cryptobyte.String
	var tag cbasn1.Tag
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) || !s.Empty() || !body.ReadASN1(&tbs, cbasn1.SEQUENCE) ||
		!tbs.SkipOptionalASN1(cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!tbs.ReadAnyASN1Element(&r, &tag) || !tbs.ReadASN1Element(&p, cbasn1.GeneralizedTime) {
		return nil, nil, errors.New("not a DER BasicOCSPResponse")
	}
	if tag != cbasn1.Tag(1).Constructed().ContextSpecific() && tag != cbasn1.Tag(2).Constructed().ContextSpecific() {
		return nil, nil, errors.New("malformed responderID")
	}
	return r, p, nil
}

// CertificateValuesValue is a CertificateValues (TS 101 733 section
// 6.3.3): SEQUENCE OF Certificate.
func CertificateValuesValue(certs [][]byte) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for _, c := range certs {
			b.AddBytes(c)
		}
	})
	der, err := b.Bytes()
	if err == nil {
		_, err = ParseCertificateValues(der)
	}
	if err != nil {
		return nil, fmt.Errorf("cms: certificate-values: %w", err)
	}
	return der, nil
}

// RevocationValuesValue is a RevocationValues (TS 101 733 section 6.3.4):
// crlVals [0] and ocspVals [1] (BasicOCSPResponses), each present when
// not empty.
func RevocationValuesValue(crls, ocsp [][]byte) ([]byte, error) {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		for i, list := range [][][]byte{crls, ocsp} {
			if len(list) == 0 {
				continue
			}
			b.AddASN1(cbasn1.Tag(i).Constructed().ContextSpecific(), func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					for _, v := range list {
						b.AddBytes(v)
					}
				})
			})
		}
	})
	der, err := b.Bytes()
	if err == nil {
		_, err = ParseRevocationValues(der)
	}
	if err != nil {
		return nil, fmt.Errorf("cms: revocation-values: %w", err)
	}
	return der, nil
}
