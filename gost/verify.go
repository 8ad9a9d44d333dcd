package gost

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
)

// Signature algorithm OIDs (RFC 4491 section 2.2.2, RFC 9215 section 3.2).
var (
	oidSigGOST2001    = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 3}
	oidSigGOST2012256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	oidSigGOST2012512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 3}
)

// asn1NULL is the DER encoding of NULL.
var asn1NULL = []byte{0x05, 0x00}

// hash returns the hash function that goes with the key: GOST R 34.11-94
// for GOST R 34.10-2001 keys (S-boxes from digestParamSet), Streebog of the
// key's size for GOST R 34.10-2012 keys.
func (k *PublicKey) hash() (Hash, error) {
	switch k.Algorithm {
	case GOST2001:
		switch {
		case k.DigestParamSet == nil, k.DigestParamSet.Equal(oidGOST94CProParams):
			return GOST94CryptoPro, nil
		case k.DigestParamSet.Equal(oidGOST94TestParams):
			return GOST94Test, nil
		}
		return 0, &UnsupportedError{What: "GOST R 34.11-94 digestParamSet", OID: k.DigestParamSet}
	case GOST2012_256, GOST2012_512:
		h := Streebog256
		if k.Algorithm == GOST2012_512 {
			h = Streebog512
		}
		if k.DigestParamSet != nil && !k.DigestParamSet.Equal(h.OID()) {
			return 0, &KeyError{Reason: fmt.Sprintf("digestParamSet %s does not fit a %s key", k.DigestParamSet, k.Algorithm)}
		}
		return h, nil
	}
	return 0, &KeyError{Reason: "unknown key algorithm"}
}

// Hash returns the hash function that goes with the key.
func (k *PublicKey) Hash() Hash {
	h, _ := k.hash() // checked by ParsePublicKey
	return h
}

// SignatureHash returns the hash that alg prescribes for a signature made
// with k. alg may be a GOST signature algorithm (1.2.643.2.2.3,
// 1.2.643.7.1.1.3.2, 1.2.643.7.1.1.3.3) or, as CryptoPro CSP and ViPNet
// write in SignerInfo, the public-key algorithm OID itself. Parameters must
// be absent or NULL, and the algorithm must fit the key.
func (k *PublicKey) SignatureHash(alg pkix.AlgorithmIdentifier) (Hash, error) {
	if len(alg.Parameters.FullBytes) != 0 && !bytes.Equal(alg.Parameters.FullBytes, asn1NULL) {
		return 0, fmt.Errorf("gost: signature algorithm %s has unexpected parameters", alg.Algorithm)
	}
	var want KeyAlgorithm
	switch oid := alg.Algorithm; {
	case oid.Equal(oidSigGOST2001):
		want = GOST2001
	case oid.Equal(oidSigGOST2012256):
		want = GOST2012_256
	case oid.Equal(oidSigGOST2012512):
		want = GOST2012_512
	default:
		var ok bool
		if want, ok = keyAlgorithmByOID(oid); !ok {
			return 0, &UnsupportedError{What: "signature algorithm", OID: oid}
		}
	}
	if want != k.Algorithm {
		return 0, fmt.Errorf("gost: signature algorithm %s needs a %s key, have %s", alg.Algorithm, want, k.Algorithm)
	}
	return k.Hash(), nil
}

// VerifyDigest checks a GOST R 34.10 signature over a digest (RFC 7091
// section 6.2). digest is the hash output as CMS stores it; it is read as
// a little-endian integer. sig is BE(s) || BE(r), as in X.509 and CMS
// (RFC 4491 section 2.2.2). A signature that does not verify gives an error
// wrapping ErrSignatureInvalid.
func (k *PublicKey) VerifyDigest(digest, sig []byte) error {
	n := k.ParamSet.Curve.Size
	if len(digest) != n {
		return fmt.Errorf("gost: digest is %d bytes, want %d for %s", len(digest), n, k.Algorithm)
	}
	if len(sig) != 2*n {
		return fmt.Errorf("gost: signature is %d bytes, want %d for %s: %w", len(sig), 2*n, k.Algorithm, ErrSignatureInvalid)
	}
	curve, err := k.ParamSet.Curve.ec()
	if err != nil {
		return err
	}
	var e [64]byte // the digest as a big-endian integer
	for i, b := range digest {
		e[n-1-i] = b
	}
	if !curve.Verify(k.point, e[:n], sig[n:], sig[:n]) {
		return fmt.Errorf("gost: %w", ErrSignatureInvalid)
	}
	return nil
}

// Verify checks sig over signed, hashing it with the hash that alg
// prescribes. It is what X.509, CRL, OCSP and CMS verification call with the
// bytes exactly as received.
func (k *PublicKey) Verify(alg pkix.AlgorithmIdentifier, signed, sig []byte) error {
	h, err := k.SignatureHash(alg)
	if err != nil {
		return err
	}
	d := h.New()
	d.Write(signed)
	return k.VerifyDigest(d.Sum(nil), sig)
}
