// Package extend upgrades CAdES signatures while they can still be proven:
// to CAdES-T (a signature timestamp from a TSA) and to CAdES-X Long Type 1
// (ETSI TS 101 733: the certificates and revocation data that prove the
// signer's certificate was valid, referenced, embedded and timestamped).
// No private key is involved: everything is added as unsigned attributes.
//
//	x := extend.New(extend.Options{
//		Level:    extend.LevelXL1,
//		Verifier: verify.New(vopts),                    // roots, certificates, network
//		TSA:      &tsp.Client{URL: url, HTTP: httpClient}, // Streebog-256 imprints
//		OCSP:     vopts.OCSP, CRL: vopts.CRL,           // where XL1's revocation data comes from
//		Roots:    vopts.Roots, Certificates: vopts.Certificates, AIA: vopts.AIA,
//	})
//	res, err := x.Extend(ctx, extend.Input{Name: name, Data: data, Document: doc})
//	var e *extend.Error
//	if errors.As(err, &e) { ... e.Reason ... } // NotValid, TSARejected, RevocationUnavailable, ...
//	os.WriteFile(out, res.Data, 0o644)         // never over the input
//
// What Extend does, for each signer:
//   - it verifies the file first (package verify) and refuses one that is
//     not valid now (NotValid, with the verifier's report and reason), or a
//     signer already above what can be added to (AlreadyAtLevel: only
//     CAdES-BES, -EPES and -T signers are extended);
//   - it asks the TSA for a signature timestamp over the signature value
//     (package tsp: nonce, imprint, policy, the token's signature and the
//     TSA certificate's timeStamping usage checked; a rejection says its
//     status and failInfo), for T always (a second one on a signer at T),
//     for XL1 unless the signer has one; the signature with it is verified
//     again, so the TSA's path and status at the token's time are judged
//     exactly as verify judges them (TSACertificateInvalid otherwise);
//   - for XL1, it finds again the certificates of the paths the verifier
//     built (the signer's and each TSA's), fetches the status of each but
//     the anchor — OCSP where the certificate names a responder, its CRLs
//     where not or where OCSP fails — and writes
//     complete-certificate-references, complete-revocation-references,
//     certificate-values, revocation-values, then asks for the CAdES-C
//     timestamp over the bytes verify computes for it
//     (cms.SignerInfo.ESCTimeStampInput); the result must verify as CAdES-X
//     Long Type 1 with every layer valid, or nothing is returned
//     (NotVerifiedAfter).
//
// The file keeps its encoding: the attributes are appended with
// cms.AppendUnsignedAttributes, which changes only the length octets of the
// definite-length elements around them (BER indefinite lengths, attribute
// order, signed attributes and signature bytes all kept), and
// Result.Encoding says what changed. Result.Signers says what was added:
// tokens (genTime, TSA), certificates and OCSP responses and CRLs with
// their URLs.
//
// Not done here: CAdES-A (archive timestamps), X Type 2, signers above T,
// countersignatures, signatures inside PDFs.
package extend
