// Package tsp reads and checks RFC 3161 timestamp tokens with GOST
// algorithms, as Russian TSAs (CryptoPro TSP Server, Tensor/SBIS, SKB
// Kontur) and `openssl ts` with gost-engine make them, and the RSA and
// ECDSA tokens of foreign TSAs.
//
// A timestamp token is a CMS SignedData whose content is a TSTInfo: the
// TSA's statement that a hash (the messageImprint) existed at genTime. In a
// CAdES-T signature it is the value of the signature-time-stamp unsigned
// attribute (1.2.840.113549.1.9.16.2.14), and its imprint is the hash of
// the signer's signature value.
//
//	tok, err := tsp.Parse(der)           // a *ParseError
//	tsa, err := tok.Verify(data, tsp.Options{})
//	var ve *tsp.VerifyError
//	if errors.As(err, &ve) { ... ve.Reason ... } // ImprintMismatch, SignatureInvalid, ...
//	// tok.Info.GenTime is the time vouched for; build tsa's path with
//	// package chain at that time.
//
// Parse reads the TSTInfo strictly as DER (RFC 3161 section 2.4.2): every
// field checked, genTime with its fractional seconds, nothing left over.
// Verify checks the token's CMS signature with package cms (GOST, or RSA
// and ECDSA with SHA-2 for a foreign TSA), that the TSA certificate has
// id-kp-timeStamping as its only extended key usage in a critical
// extension (section 2.3), that a signed ESS signingCertificate (or V2)
// attribute names it, and that the messageImprint is the hash of the data
// (GOST R 34.11-2012, GOST R 34.11-94, SHA-2). A failed check is a
// *VerifyError with a Reason.
//
// Asking a TSA: Client.Stamp sends a TimeStampReq over HTTP (RFC 3161
// section 3.4) for a hash (Streebog-256 by default) with a random nonce and
// certReq, reads the TimeStampResp (a rejection is a *StampError with its
// status and failInfo bits named) and returns the token only once its
// nonce, imprint, policy (when asked for) and signature check out.
//
// Not covered here: whether the TSA certificate is trusted, valid at
// genTime or revoked (packages chain and ocspclient).
package tsp
