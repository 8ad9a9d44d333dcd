// Package gost implements the GOST algorithms needed to verify Russian
// electronic signatures: the hashes GOST R 34.11-2012 "Streebog" (RFC 6986)
// and GOST R 34.11-94 (RFC 5831), and verification of GOST R 34.10-2001 and
// GOST R 34.10-2012 signatures (RFC 7091) on every parameter set met in
// real certificates (RFC 4357, RFC 7836).
//
// To verify a signature in a certificate, CRL, OCSP response or CMS
// SignerInfo, parse the signer's SubjectPublicKeyInfo with ParsePublicKey
// and call PublicKey.Verify with the signature algorithm, the signed bytes
// exactly as received and the signature value:
//
//	key, err := gost.ParsePublicKey(cert.RawSubjectPublicKeyInfo)
//	...
//	err = key.Verify(sigAlg, tbs, sigValue) // errors.Is(err, gost.ErrSignatureInvalid) when it does not verify
//
// PublicKey.VerifyDigest checks a signature over a digest computed
// elsewhere, for example a CMS messageDigest streamed from a large file.
// Hash.New returns the hashes as hash.Hash.
//
// Byte orders follow X.509 and CMS: digests are the hash output bytes (what
// `openssl dgst` prints), read as little-endian integers for signing; the
// public key is LE(X) || LE(Y); the signature value is BE(s) || BE(r).
//
// Guarantees: public points are checked to lie on the curve, r and s are
// range-checked to [1, q-1], and no input makes the package panic. The
// package only verifies: it does not sign. Its inputs are public, so the
// code does not run in constant time.
package gost
