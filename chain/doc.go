// Package chain finds and validates the certificate path of a signer with
// GOST algorithms: "unable to get local issuer certificate", solved.
//
// Trust comes from anchors alone. DefaultStore holds the Минцифры,
// Минкомсвязь and ГУЦ root certificates embedded in the binary (see
// roots/README.md for each one's origin and fingerprints) plus the user's
// $XDG_CONFIG_HOME/gostverify/roots; LoadStore builds a store from --roots
// paths instead. A certificate in the store is trusted itself, whatever its
// position: a self-signed signer given as a root makes a path of one.
//
// Build finds a path from a certificate to an anchor at a given time:
//
//	r := chain.Build(cert, chain.Options{
//		Roots: store, Intermediates: candidates, Time: at,
//		FetchIssuers: aia.For(ctx), // optional: downloads from AIA "CA Issuers" URLs
//		Leaf: chain.LeafSigning,
//	})
//	var e *chain.Error
//	if errors.As(r.Err, &e) { ... e.Reason: NoPath or Constraints ... }
//
// Candidates are matched by authority/subject key identifiers first, then
// by name (several real roots share one name); every candidate that fails
// is tried after the next and reported in Result.Rejected with the reason.
// Each link is checked: the GOST signature (RSA and ECDSA links through the
// standard library), validity at the validation time, basicConstraints cA
// and pathLenConstraint, keyCertSign, unknown critical extensions, name
// chaining, and the signer's key usage. A root without basicConstraints is
// accepted only as an explicit trust anchor, with a warning. Loops, path
// depth and the number of signature checks are capped. Build itself does no
// I/O: downloaded certificates (AIA, with a disk cache written atomically)
// are only candidates, never trusted.
//
// Not done here: the signer certificate's own validity against the signing
// time (package verify judges it) and revocation (package ocspclient).
//
// LoadCertificates and ParseCertificates read PEM, DER and PKCS#7
// certs-only bundles (.p7b, .p7c), from files or directories.
//
// Errors are typed, their text English: a candidate's *Rejection holds a
// *LinkError whose LinkReason says why (Expired, NotCA, BadSignature, ...),
// and a file that gives no certificate is a *FileError with a FileReason,
// so that a caller can say each in the reader's language.
package chain
