// Package cms reads and checks CMS SignedData (RFC 5652) with GOST
// algorithms (RFC 4490, RFC 9215) as CryptoPro CSP, ViPNet, SBIS and
// OpenSSL write it.
//
// Parse accepts a signature file as users hand it over — DER, BER with
// indefinite lengths, PEM with any label, bare base64 (CryptoPro's .sig and
// .sgn), with a BOM or as UTF-16 text — and returns the SignedData: content
// (attached) or none (detached), signers, certificates, CRLs and attributes.
// ParseCertificates reads certs-only bundles (.p7b, .p7c).
//
// SignedData.Verify checks every signer against the content, read once
// from an io.Reader however large:
//
//	sd, err := cms.Parse(data)          // a *ParseError or an encoding error
//	results, err := sd.Verify(doc, cms.Options{ExtraCertificates: certs})
//	for _, r := range results {
//		var se *cms.SignerError
//		if errors.As(r.Err, &se) { ... se.Reason ... } // DigestMismatch, SignatureInvalid, ...
//	}
//
// Signers whose certificate holds an RSA or ECDSA key (a foreign TSA's
// timestamp token, a signature made abroad) are checked too, with
// crypto/rsa and crypto/ecdsa: SHA-256, SHA-384 or SHA-512 as the digest
// algorithm (RFC 5754), and rsaEncryption, sha*WithRSAEncryption,
// RSASSA-PSS (RFC 4056) or ecdsa-with-SHA* on P-256, P-384 or P-521 as the
// signature algorithm. Their signed attributes are checked as for GOST
// signers; SignerResult.ForeignHash returns their hash, and their key is the
// certificate's. A signature algorithm that does not fit the digest
// algorithm is UnsupportedAlgorithm, and so is SHA-1, refused.
//
// Guarantees: signatures are verified over the signed attributes exactly as
// received (never re-encoded); every parse failure is an error, never a
// panic; SignedData and SignerInfo versions are those RFC 5652 prescribes
// (a *VersionError otherwise); a signer is reported as passing only when its content digest,
// attributes and signature all check. Not covered here: whether the signer
// certificate is trusted, valid at the signing time or revoked — that is
// the chain and revocation checking of packages chain and ocspclient,
// which package verify combines into a verdict. Timestamp tokens are
// counted, not verified.
//
// For CAdES long-term signatures, SignerInfo.LongTerm parses the
// references, values and timestamps and names the form (CAdES-T … -A);
// ESCTimeStampInput, CertCRLTimestampInput, and SignedData's
// ArchiveTimeStampV2Input and ArchiveTimeStampV3Input return the bytes
// each timestamp's messageImprint is the hash of, for package tsp to
// check. ArchiveTimeStampV3Input also checks the token's ats-hash-index
// against the signature (an *ArchiveError when an entry matches nothing).
//
// Adding to a signature without touching what is signed:
// AppendUnsignedAttributes appends DER attributes to a signer's
// unsignedAttrs, keeping every byte but the length octets of the
// definite-length elements around them (BER indefinite lengths, attribute
// order, signed attributes, signature), and reads the result back to prove
// it; the builders of the CAdES-X attributes (references and values) make
// what package extend appends.
//
// go.mozilla.org/pkcs7 is not used: it re-encodes what must be verified as
// received and refuses the BER that CryptoPro and ViPNet write.
package cms
