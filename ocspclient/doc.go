// Package ocspclient checks whether a certificate is revoked by asking its
// OCSP responder (RFC 6960), verifies GOST-signed answers, and says in
// plain words why a check failed.
//
// Call [Client.Check] with the certificate, its issuer, the responder's
// URL (usually the certificate's OCSPServer) and the validation time, the
// time the status must speak for (zero: now):
//
//	c := &ocspclient.Client{HTTP: &fetch.Client{Timeout: 10 * time.Second}}
//	res, err := c.Check(ctx, cert, issuer, cert.OCSPServer[0], at)
//	var oe *ocspclient.Error
//	if errors.As(err, &oe) {
//		// oe.Class says what went wrong (ocspclient.TryLater, ocspclient.Stale,
//		// or a transport class from the fetch package); oe.Explain() in words.
//	}
//	// res.Status is Good, Revoked or Unknown; res.Attempts lists every request.
//
// What Check does:
//   - it sends an unsigned request for one CertID with a 16-byte nonce, as
//     an HTTP/1.1 POST (application/ocsp-request) to the URL, and once more
//     as a GET (RFC 6960 appendix A.1) when the server answers 405;
//   - the CertID hashes the issuer's DER subject and the contents of its
//     subjectPublicKey BIT STRING (for GOST keys the DER OCTET STRING that
//     wraps the point), like OpenSSL; SHA-1 first, then SHA-256 and
//     Streebog-256 when a responder answers "unknown" or "unauthorized";
//   - it parses the response strictly, and verifies the signature over the
//     tbsResponseData bytes as received with [chain.VerifySignature], the
//     check of certificates and CRLs too (GOST R 34.10 with package gost;
//     RSA, ECDSA and Ed25519 with crypto/x509);
//   - the signer must be the issuer itself, or a delegated responder: a
//     certificate signed by the issuer with the id-kp-OCSPSigning extended
//     key usage, valid when it produced the response (producedAt)
//     (id-pkix-ocsp-nocheck is reported, not required);
//   - the answer must be about this CertID (when the response answers for
//     it more than once, with one status) and speak for the validation
//     time: produced after it (thisUpdate not before it), or else still
//     current then (nextUpdate not before it); independently, thisUpdate
//     must not be in the future of the real clock (Client.Now). Each
//     comparison allows Client.SkewAllowance;
//   - an echoed nonce must be the one sent (its absence fails only with
//     Client.RequireNonce).
//
// [CRLChecker] checks a certificate against CRLs instead: those of its
// distribution points (http and https; LDAP is reported as unsupported),
// or one given as DER, such as a CRL carried in a signature, for a
// validation time too. It verifies the issuer, its cRLSign usage, the
// signature (as above) and the update times (by the same rule), and keeps
// downloaded CRLs on disk until their nextUpdate by the real clock. Its
// failures are a [CRLError] with a [CRLClass] (NotCRL, CRLStale, ...),
// explained as CRL failures; a transport failure is wrapped in either
// error, so errors.As finds the *fetch.Error. Delta and indirect CRLs are
// not handled.
//
// What the package does not do: choose between OCSP and CRLs (package
// verify does), fetch the issuer, check that the issuer chains to a trust
// anchor (do that first: revocation only means something for a chain that
// reaches an anchor), check the delegated responder's own revocation, sign
// requests. Client.CacheDir keeps good and revoked OCSP answers until
// their nextUpdate by the real clock, verified again when used (not with
// RequireNonce).
// Its inputs are public; nothing here needs constant time.
package ocspclient
