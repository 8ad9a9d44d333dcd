package cms

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/gost"
)

// Foreign signers: a SignerInfo whose certificate holds an RSA or ECDSA
// key, as the timestamp tokens of foreign TSAs and signatures made abroad
// are. The digest algorithm is SHA-256, SHA-384 or SHA-512 and the
// signature is checked with crypto/rsa (PKCS #1 v1.5 or RSASSA-PSS) or
// crypto/ecdsa; the signed attributes are checked as for GOST signers.
// SHA-1 and SHA-224 are refused.

// Algorithm OIDs: SHA-2 (RFC 5754 section 2), RSA (RFC 8017 appendix C,
// RFC 4055 section 3), ECDSA (RFC 5758 section 3.2). oidSHA256, oidSHA384
// and oidSHA512 are in attributes.go and cades.go.
var (
	oidSHA224              = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 4}
	oidRSAEncryption       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA1WithRSA         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	oidMGF1                = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 8}
	oidRSASSAPSS           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 10}
	oidSHA256WithRSA       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidSHA224WithRSA       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 14}
	oidECDSAWithSHA1       = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 1}
	oidECDSAWithSHA224     = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 1}
	oidECDSAWithSHA256     = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSAWithSHA384     = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512     = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
	oidCurveP224           = asn1.ObjectIdentifier{1, 3, 132, 0, 33}
	tagContext3Constructed = cbasn1.Tag(3).Constructed().ContextSpecific()
)

// foreignDigests are the digest algorithms of foreign signers.
var foreignDigests = []struct {
	oid  asn1.ObjectIdentifier
	hash crypto.Hash
}{
	{oidSHA256, crypto.SHA256},
	{oidSHA384, crypto.SHA384},
	{oidSHA512, crypto.SHA512},
}

// signatureHashes are the hashes each foreign signature algorithm
// prescribes; rsaEncryption and RSASSA-PSS are not here (the first takes
// the SignerInfo's digest algorithm, the second names its hash in its
// parameters).
var signatureHashes = []struct {
	oid  asn1.ObjectIdentifier
	rsa  bool // for an RSA key, else for an ECDSA key
	hash crypto.Hash
}{
	{oidSHA256WithRSA, true, crypto.SHA256},
	{oidSHA384WithRSA, true, crypto.SHA384},
	{oidSHA512WithRSA, true, crypto.SHA512},
	{oidECDSAWithSHA256, false, crypto.SHA256},
	{oidECDSAWithSHA384, false, crypto.SHA384},
	{oidECDSAWithSHA512, false, crypto.SHA512},
}

// errSHA1 is why SHA-1 is refused: chosen-prefix collisions make a
// signature over one content stand for another.
var errSHA1 = errors.New("SHA-1 is refused for signatures (collisions can be made)")

// unsupported is the error of an algorithm this package does not verify:
// a *gost.UnsupportedError, the type that marks an algorithm not
// implemented (rather than a malformed or mismatched one) to callers.
func unsupported(what string, oid asn1.ObjectIdentifier, why error) error {
	err := &gost.UnsupportedError{What: what, OID: oid}
	if why != nil {
		return fmt.Errorf("%w: %w", err, why)
	}
	return err
}

// foreignDigest returns the hash of a foreign signer's digest algorithm
// (RFC 5754 section 2: parameters absent or NULL).
func foreignDigest(alg pkix.AlgorithmIdentifier) (crypto.Hash, Reason, error) {
	if p := alg.Parameters.FullBytes; len(p) != 0 && !bytes.Equal(p, asn1NULL) {
		return 0, Malformed, fmt.Errorf("digest algorithm %s has unexpected parameters", alg.Algorithm)
	}
	for _, d := range foreignDigests {
		if alg.Algorithm.Equal(d.oid) {
			return d.hash, 0, nil
		}
	}
	var why error
	if alg.Algorithm.Equal(oidSHA1) {
		why = errSHA1
	}
	return 0, UnsupportedAlgorithm, unsupported("digest algorithm", alg.Algorithm, why)
}

// asn1NULL is the DER encoding of NULL.
var asn1NULL = []byte{5, 0}

// prepareForeign prepares a signer whose certificate key is RSA or ECDSA:
// the hash of its digest algorithm, which the signature algorithm must
// fit. A nil error with a zero Reason means it is ready for check.
func (r *SignerResult) prepareForeign(si *SignerInfo) (Reason, error) {
	h, reason, err := foreignDigest(si.DigestAlgorithm)
	if err != nil {
		return reason, err
	}
	sigAlg := si.SignatureAlgorithm
	var sigHash crypto.Hash // zero: the digest algorithm's
	switch pub := r.Certificate.PublicKey.(type) {
	case *rsa.PublicKey:
		// crypto/rsa refuses smaller keys; say so before it does.
		if n := pub.N.BitLen(); n < 1024 {
			return BadSignerKey, fmt.Errorf("RSA key of %d bits: fewer than 1024", n)
		}
		switch {
		case sigAlg.Algorithm.Equal(oidRSAEncryption):
			// RFC 5754 section 3.2: rsaEncryption signs with the
			// SignerInfo's digest algorithm.
		case sigAlg.Algorithm.Equal(oidRSASSAPSS):
			// RFC 4056 section 2: the parameters name the hash.
			salt, pssHash, reason, err := pssParameters(sigAlg.Parameters.FullBytes)
			if err != nil {
				return reason, err
			}
			r.pss, r.pssSalt, sigHash = true, salt, pssHash
		default:
			if sigHash = signatureHash(sigAlg.Algorithm, true); sigHash == 0 {
				return UnsupportedAlgorithm, unsupportedSignature(sigAlg.Algorithm, "an RSA key")
			}
		}
		// RFC 5754 section 3.2: NULL parameters, and absent accepted.
		if !r.pss && len(sigAlg.Parameters.FullBytes) != 0 && !bytes.Equal(sigAlg.Parameters.FullBytes, asn1NULL) {
			return Malformed, fmt.Errorf("signature algorithm %s has unexpected parameters", sigAlg.Algorithm)
		}
	case *ecdsa.PublicKey:
		switch pub.Curve {
		case elliptic.P256(), elliptic.P384(), elliptic.P521():
		default: // crypto/x509 also reads P-224 keys
			return UnsupportedAlgorithm, unsupported("ECDSA curve", oidCurveP224, nil)
		}
		if sigHash = signatureHash(sigAlg.Algorithm, false); sigHash == 0 {
			return UnsupportedAlgorithm, unsupportedSignature(sigAlg.Algorithm, "an ECDSA key")
		}
		// RFC 5754 section 3.3: the parameters are absent.
		if len(sigAlg.Parameters.FullBytes) != 0 {
			return Malformed, fmt.Errorf("signature algorithm %s has parameters", sigAlg.Algorithm)
		}
	default:
		return UnsupportedAlgorithm, fmt.Errorf("signer key of type %T", pub)
	}
	if sigHash != 0 && sigHash != h {
		return UnsupportedAlgorithm, fmt.Errorf("digest algorithm %v does not fit signature algorithm %s (%v)",
			h, sigAlg.Algorithm, sigHash)
	}
	r.foreignHash = uint8(h)
	return 0, nil
}

// signatureHash returns the hash that the signature algorithm oid
// prescribes for an RSA (isRSA) or ECDSA key, zero if it is not one of
// signatureHashes.
func signatureHash(oid asn1.ObjectIdentifier, isRSA bool) crypto.Hash {
	for _, s := range signatureHashes {
		if s.rsa == isRSA && oid.Equal(s.oid) {
			return s.hash
		}
	}
	return 0
}

// unsupportedSignature is the error of a signature algorithm oid that
// cannot go with the key (described by key): SHA-1 and SHA-224 ones,
// another key's, unknown ones.
func unsupportedSignature(oid asn1.ObjectIdentifier, key string) error {
	switch {
	case oid.Equal(oidSHA1WithRSA), oid.Equal(oidECDSAWithSHA1):
		return unsupported("signature algorithm", oid, errSHA1)
	case oid.Equal(oidSHA224WithRSA), oid.Equal(oidECDSAWithSHA224):
		return unsupported("signature algorithm", oid, errors.New("SHA-224 is not supported"))
	case signatureHash(oid, true) != 0, signatureHash(oid, false) != 0, oid.Equal(oidRSAEncryption), oid.Equal(oidRSASSAPSS):
		return fmt.Errorf("signature algorithm %s does not fit %s", oid, key)
	}
	return unsupported("signature algorithm", oid, fmt.Errorf("with %s", key))
}

// pssParameters reads RSASSA-PSS-params (RFC 4055 section 3.1):
//
//	RSASSA-PSS-params ::= SEQUENCE {
//	    hashAlgorithm     [0] HashAlgorithm DEFAULT sha1Identifier,
//	    maskGenAlgorithm  [1] MaskGenAlgorithm DEFAULT mgf1SHA1Identifier,
//	    saltLength        [2] INTEGER DEFAULT 20,
//	    trailerField      [3] INTEGER DEFAULT 1 }
//
// crypto/rsa verifies MGF1 with the signature's own hash and the trailer
// field 1 (0xBC), which are all RFC 4056 section 3 lets a signer use with
// SHA-2 ("the same hash for both"); the defaults mean SHA-1, refused. It
// returns the salt length and the hash.
func pssParameters(params []byte) (int32, crypto.Hash, Reason, error) {
	malformed := func(what string) (int32, crypto.Hash, Reason, error) {
		return 0, 0, Malformed, fmt.Errorf("RSASSA-PSS parameters: malformed %s", what)
	}
	in := cryptobyte.String(params)
	var seq, field cryptobyte.String
	var present bool
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return malformed("SEQUENCE")
	}
	if !seq.ReadOptionalASN1(&field, &present, tagContext0Constructed) {
		return malformed("hashAlgorithm")
	}
	if !present {
		return 0, 0, UnsupportedAlgorithm, unsupported("RSASSA-PSS hash algorithm", oidSHA1, errSHA1)
	}
	hashAlg, ok := readAlgorithmIdentifier(&field)
	if !ok || !field.Empty() {
		return malformed("hashAlgorithm")
	}
	h, reason, err := foreignDigest(hashAlg)
	if err != nil {
		return 0, 0, reason, fmt.Errorf("RSASSA-PSS hash algorithm: %w", err)
	}
	if !seq.ReadOptionalASN1(&field, &present, tagContext1Constructed) {
		return malformed("maskGenAlgorithm")
	}
	if !present {
		return 0, 0, UnsupportedAlgorithm, unsupported("RSASSA-PSS mask generation hash", oidSHA1, errSHA1)
	}
	var mgf cryptobyte.String
	var mgfOID asn1.ObjectIdentifier
	if !field.ReadASN1(&mgf, cbasn1.SEQUENCE) || !field.Empty() || !mgf.ReadASN1ObjectIdentifier(&mgfOID) {
		return malformed("maskGenAlgorithm")
	}
	if !mgfOID.Equal(oidMGF1) {
		return 0, 0, UnsupportedAlgorithm, unsupported("RSASSA-PSS mask generation function", mgfOID, nil)
	}
	mgfHash, ok := readAlgorithmIdentifier(&mgf)
	if !ok || !mgf.Empty() {
		return malformed("MGF1 hash algorithm")
	}
	if mh, _, err := foreignDigest(mgfHash); err != nil || mh != h {
		return 0, 0, UnsupportedAlgorithm, unsupported("RSASSA-PSS MGF1 hash", mgfHash.Algorithm,
			fmt.Errorf("not the signature's %v", h))
	}
	salt := 20
	// A salt is shorter than the modulus: 2048 bytes for crypto/rsa's
	// largest keys.
	if !seq.ReadOptionalASN1Integer(&salt, tagContext2Constructed, 20) || salt < 0 || salt > 1<<16 {
		return malformed("saltLength")
	}
	// crypto/rsa reads a salt length of 0 as "any length".
	if salt == 0 {
		return 0, 0, UnsupportedAlgorithm, unsupported("RSASSA-PSS salt length", oidRSASSAPSS, errors.New("salt length 0"))
	}
	trailer := 1
	if !seq.ReadOptionalASN1(&field, &present, tagContext3Constructed) {
		return malformed("trailerField")
	}
	if present && (!field.ReadASN1Integer(&trailer) || !field.Empty()) {
		return malformed("trailerField")
	}
	if trailer != 1 {
		return malformed("trailerField (not 1)")
	}
	if !seq.Empty() {
		return malformed("SEQUENCE (trailing data)")
	}
	return int32(salt), h, 0, nil
}

// readAlgorithmIdentifier reads an AlgorithmIdentifier whose parameters,
// if any, are one element.
func readAlgorithmIdentifier(s *cryptobyte.String) (pkix.AlgorithmIdentifier, bool) {
	var alg pkix.AlgorithmIdentifier
	var seq cryptobyte.String
	if !s.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&alg.Algorithm) {
		return alg, false
	}
	if !seq.Empty() {
		var params cryptobyte.String
		var tag cbasn1.Tag
		if !seq.ReadAnyASN1Element(&params, &tag) || !seq.Empty() {
			return alg, false
		}
		alg.Parameters.FullBytes = params
	}
	return alg, true
}

// checkForeign verifies an RSA or ECDSA signer's signature over digest,
// the content digest or that of the signed attributes.
func (r *SignerResult) checkForeign(digest []byte) error {
	sig := r.Signer.Signature
	var err error
	switch pub := r.Certificate.PublicKey.(type) {
	case *rsa.PublicKey:
		if r.pss {
			err = rsa.VerifyPSS(pub, r.ForeignHash(), digest, sig, &rsa.PSSOptions{SaltLength: int(r.pssSalt), Hash: r.ForeignHash()})
		} else {
			err = rsa.VerifyPKCS1v15(pub, r.ForeignHash(), digest, sig)
		}
	case *ecdsa.PublicKey:
		// An Ecdsa-Sig-Value (RFC 5753 section 7.2), read strictly;
		// crypto/ecdsa checks that r and s are in [1, n-1].
		if !ecdsa.VerifyASN1(pub, digest, sig) {
			err = errors.New("crypto/ecdsa: verification error")
		}
	default: // prepareForeign admits no other
		err = fmt.Errorf("signer key of type %T", pub)
	}
	if err != nil {
		return &SignerError{Signer: r.Position, Reason: SignatureInvalid, Err: err}
	}
	return nil
}
