package chain

import (
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"

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

// CheckSignature reports whether issuer's key signed cert, with
// [VerifySignature] over its tbsCertificate as received. It checks nothing
// but the signature.
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
	return verifySignature(issuer, alg, cert.RawTBSCertificate, cert.Signature, keys)
}

// VerifySignature reports whether issuer's key made signature over signed
// with the algorithm alg: GOST R 34.10-2001 and 2012 with package gost;
// RSA (PKCS #1 v1.5 and PSS), ECDSA and Ed25519 with crypto/x509. It is
// the signature check of certificates, CRLs and OCSP responses: signed is
// the to-be-signed bytes as received, and nothing but the signature is
// checked (not the issuer's key usage, basic constraints or validity).
func VerifySignature(issuer *x509.Certificate, alg pkix.AlgorithmIdentifier, signed, signature []byte) error {
	return verifySignature(issuer, alg, signed, signature, nil)
}

// verifySignature is VerifySignature with a cache of parsed GOST keys
// (nil for none).
func verifySignature(issuer *x509.Certificate, alg pkix.AlgorithmIdentifier, signed, signature []byte, keys map[*x509.Certificate]*gost.PublicKey) error {
	if a, ok := x509Algorithm(alg); ok {
		// Not x509.Certificate.CheckSignatureFrom or
		// RevocationList.CheckSignatureFrom: they also check the
		// issuer's basic constraints and key usage, which callers judge
		// themselves.
		return issuer.CheckSignature(a, signed, signature)
	}
	key, ok := keys[issuer]
	if !ok {
		var err error
		key, err = gost.ParsePublicKey(issuer.RawSubjectPublicKeyInfo)
		if err != nil {
			return fmt.Errorf("chain: signature algorithm %v with an issuer key that is not GOST: %w", alg.Algorithm, err)
		}
		if keys != nil {
			keys[issuer] = key
		}
	}
	return key.Verify(alg, signed, signature)
}

// oidAlgorithm maps an OID to a crypto/x509 signature algorithm.
type oidAlgorithm struct {
	oid asn1.ObjectIdentifier
	alg x509.SignatureAlgorithm
}

// find returns the algorithm of oid in table.
func find(table []oidAlgorithm, oid asn1.ObjectIdentifier) (x509.SignatureAlgorithm, bool) {
	for _, e := range table {
		if oid.Equal(e.oid) {
			return e.alg, true
		}
	}
	return x509.UnknownSignatureAlgorithm, false
}

// x509Algorithms are the signature algorithms checked with crypto/x509
// (RFC 3279, RFC 4055, RFC 5758, RFC 8410). Their parameters are left to
// the verification: a signature made otherwise does not verify.
var x509Algorithms = []oidAlgorithm{
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}, x509.SHA1WithRSA},
	{asn1.ObjectIdentifier{1, 3, 14, 3, 2, 29}, x509.SHA1WithRSA}, // the OIW OID, which crypto/x509 reads too
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}, x509.SHA256WithRSA},
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}, x509.SHA384WithRSA},
	{asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}, x509.SHA512WithRSA},
	{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 1}, x509.ECDSAWithSHA1},
	{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}, x509.ECDSAWithSHA256},
	{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}, x509.ECDSAWithSHA384},
	{asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}, x509.ECDSAWithSHA512},
	{asn1.ObjectIdentifier{1, 3, 101, 112}, x509.PureEd25519},
}

// oidRSAPSS is id-RSASSA-PSS (RFC 4055 section 3.1): the hash is in the
// parameters.
var oidRSAPSS = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}

// pssHashes are the RSASSA-PSS hash algorithms crypto/x509 verifies, with
// a salt as long as the hash and MGF1 with the same hash.
var pssHashes = []oidAlgorithm{
	{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}, x509.SHA256WithRSAPSS},
	{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}, x509.SHA384WithRSAPSS},
	{asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}, x509.SHA512WithRSAPSS},
}

// x509Algorithm maps alg to a crypto/x509 signature algorithm; ok is false
// for the algorithms left to package gost. RSASSA-PSS with parameters
// crypto/x509 does not verify maps to x509.UnknownSignatureAlgorithm,
// which it refuses.
func x509Algorithm(alg pkix.AlgorithmIdentifier) (a x509.SignatureAlgorithm, ok bool) {
	if a, ok := find(x509Algorithms, alg.Algorithm); ok || !alg.Algorithm.Equal(oidRSAPSS) {
		return a, ok
	}
	// RSASSA-PSS-params ::= SEQUENCE { hashAlgorithm [0] HashAlgorithm, ... }
	params := cryptobyte.String(alg.Parameters.FullBytes)
	var seq, hashExp, hashAlg cryptobyte.String
	var hash asn1.ObjectIdentifier
	if !params.ReadASN1(&seq, cbasn1.SEQUENCE) || !params.Empty() ||
		!seq.ReadASN1(&hashExp, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!hashExp.ReadASN1(&hashAlg, cbasn1.SEQUENCE) || !hashAlg.ReadASN1ObjectIdentifier(&hash) {
		return x509.UnknownSignatureAlgorithm, true // SHA-1 by default, or malformed
	}
	a, _ = find(pssHashes, hash)
	return a, true // UnknownSignatureAlgorithm for another hash
}
