package chain

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/gost"
)

// signatureAlgorithm returns the outer signatureAlgorithm of a certificate
// as written: crypto/x509 does not expose GOST OIDs.
func signatureAlgorithm(cert *x509.Certificate) (pkix.AlgorithmIdentifier, error) {
	var alg pkix.AlgorithmIdentifier
	in := cryptobyte.String(cert.Raw)
	var outer, algDER cryptobyte.String
	if !in.ReadASN1(&outer, cbasn1.SEQUENCE) || !outer.SkipASN1(cbasn1.SEQUENCE) ||
		!outer.ReadASN1Element(&algDER, cbasn1.SEQUENCE) {
		return alg, errors.New("malformed certificate")
	}
	if rest, err := asn1.Unmarshal(algDER, &alg); err != nil || len(rest) != 0 {
		return alg, errors.New("malformed signature algorithm")
	}
	return alg, nil
}

// CheckSignature reports whether issuer's key signed cert: GOST R 34.10
// with package gost, RSA and ECDSA with crypto/x509. It checks nothing but
// the signature.
func CheckSignature(cert, issuer *x509.Certificate) error {
	return checkSignature(cert, issuer, nil)
}

// checkSignature is CheckSignature with a cache of parsed GOST keys (nil
// for none).
func checkSignature(cert, issuer *x509.Certificate, keys map[*x509.Certificate]*gost.PublicKey) error {
	alg, err := signatureAlgorithm(cert)
	if err != nil {
		return err
	}
	if cert.SignatureAlgorithm != x509.UnknownSignatureAlgorithm {
		return issuer.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature)
	}
	key, ok := keys[issuer]
	if !ok {
		key, err = gost.ParsePublicKey(issuer.RawSubjectPublicKeyInfo)
		if err != nil {
			return err
		}
		if keys != nil {
			keys[issuer] = key
		}
	}
	return key.Verify(alg, cert.RawTBSCertificate, cert.Signature)
}
