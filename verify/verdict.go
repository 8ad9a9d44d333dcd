// Package verify turns the checks of a signature — its cryptography (package
// cms), its certificate chain (package chain) and the revocation status of
// the chain's certificates (package ocspclient: OCSP, then CRLs) — into one
// verdict per signature in the terms of ETSI EN 319 102-1: valid, invalid or
// indeterminate, with a sub-indication and its typed cause.
//
// One entry point: make a Verifier for a run with New — trust anchors,
// extra certificates, the validation time, the revocation methods and
// issuer downloads — and call its Verify with each signature file and, for
// a detached signature, its document:
//
//	v := verify.New(verify.Options{Roots: roots, Time: at, OCSP: &ocspclient.Client{}, CRL: &ocspclient.CRLChecker{}})
//	report, err := v.Verify(ctx, verify.Input{Name: "act.xml.sig", Data: sig,
//		Document: &verify.Document{Name: "act.xml", Open: open}})
//
// The Verifier owns every cache the signatures of a run share (parsed
// certificates and keys, link checks, certificate descriptions, OCSP and
// CRL answers), keyed by content; it is safe for concurrent use, so a batch
// of thousands of signatures by a few signers checks each certificate once.
//
// Time: Options.Time (the command line's --at, default the moment New is
// called) is the validation time. Certificate paths are validated at it;
// revocation data must speak for it — issued after it (an OCSP answer
// produced today shows a certificate was not revoked at a past --at) or
// still current at it; the disk caches expire by the real clock.
//
// Long-term signatures (CAdES-T, -C, -X Long, -A): every timestamp token
// is verified like a signature — token, TSA path and status at the token's
// time — and the earliest valid one over the signature value is the
// best-signature-time (SignatureReport.BestSignatureTime): the signer's
// path and status are judged at it instead of the validation time, so a
// certificate that expired or was revoked after it does not spoil the
// verdict. The certificates and revocation data a CAdES-X Long signature
// carries are sources, tried before any server; each layer's outcome is in
// SignatureReport.Layers.
//
// The Report separates the decision from its rendering: per signature a
// Status, a SubIndication and a Cause — a *cms.SignerError, *PathError,
// *ValidityError, *RevocationError or ErrNoTrustAnchors, for errors.As —
// and Reason, the cause in plain words (naming no command-line flag). The
// Report is the JSON schema of `gostverify verify --json` (SchemaVersion);
// WriteText prints it for people.
//
// A verdict is valid only when the signature, the chain to a trust anchor
// and the revocation status all passed, or revocation was explicitly turned
// off (Options.RevocationOff), which the report states. Without trust
// anchors no verdict is valid; a document named by the user that is not
// the content an attached signature carries makes the verdict invalid.
package verify

// Status is the overall verdict of a signature.
type Status string

// The three verdicts of ETSI EN 319 102-1.
const (
	Valid         Status = "valid"
	Invalid       Status = "invalid"
	Indeterminate Status = "indeterminate"
)

// rank orders statuses from best to worst: valid, indeterminate, a status
// this version does not know (it is not valid, and not a definite
// failure either), invalid.
func (s Status) rank() int {
	switch s {
	case Valid:
		return 0
	case Indeterminate:
		return 1
	case Invalid:
		return 3
	}
	return 2
}

// Worst returns the worse of two statuses: invalid, then indeterminate,
// then valid; a status this version does not know ranks between
// indeterminate and invalid, and of two such the greater string is
// worse. The order is total, so Worst is commutative and associative:
// the worst of many statuses does not depend on their order.
func Worst(a, b Status) Status {
	if ra, rb := a.rank(), b.rank(); ra != rb {
		if rb > ra {
			return b
		}
		return a
	}
	return max(a, b)
}

// SubIndication refines an invalid or indeterminate verdict (ETSI EN 319
// 102-1 section 5.1.3).
type SubIndication string

// Sub-indications that make a signature invalid.
const (
	FormatFailure         SubIndication = "FORMAT_FAILURE"
	HashFailure           SubIndication = "HASH_FAILURE"
	SigCryptoFailure      SubIndication = "SIG_CRYPTO_FAILURE"
	SigConstraintsFailure SubIndication = "SIG_CONSTRAINTS_FAILURE"
	Revoked               SubIndication = "REVOKED"
	Expired               SubIndication = "EXPIRED"
	NotYetValid           SubIndication = "NOT_YET_VALID"
)

// Sub-indications that make a signature indeterminate.
const (
	NoSigningCertificateFound SubIndication = "NO_SIGNING_CERTIFICATE_FOUND"
	NoCertificateChainFound   SubIndication = "NO_CERTIFICATE_CHAIN_FOUND"
	ChainConstraintsFailure   SubIndication = "CHAIN_CONSTRAINTS_FAILURE"
	OutOfBoundsNoPOE          SubIndication = "OUT_OF_BOUNDS_NO_POE"
	RevokedNoPOE              SubIndication = "REVOKED_NO_POE"
	RevokedCANoPOE            SubIndication = "REVOKED_CA_NO_POE"
	TryLater                  SubIndication = "TRY_LATER"
	// SignedDataNotFound: no signed data where signatures were sought
	// (a PDF with no signature).
	SignedDataNotFound SubIndication = "SIGNED_DATA_NOT_FOUND"
	Generic            SubIndication = "GENERIC"
	// CryptoConstraintsFailureNoPOE: the signature's algorithm is no
	// longer allowed at the best-signature-time and nothing proves the
	// signature existed while it was (GOST R 34.10-2001 after 2019).
	CryptoConstraintsFailureNoPOE SubIndication = "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
	// TimestampOrderFailure: a content timestamp is later than the
	// signature timestamp (ETSI EN 319 102-1 section 5.6.2.4).
	TimestampOrderFailure SubIndication = "TIMESTAMP_ORDER_FAILURE"
)

// Status returns the verdict a sub-indication belongs to.
func (s SubIndication) Status() Status {
	switch s {
	case "":
		return Valid
	case FormatFailure, HashFailure, SigCryptoFailure, SigConstraintsFailure, Revoked, Expired, NotYetValid:
		return Invalid
	}
	return Indeterminate
}

// CheckStatus is the outcome of one check: tri-state where the truth is.
type CheckStatus string

// Outcomes of a check.
const (
	Passed     CheckStatus = "passed"
	Failed     CheckStatus = "failed"
	NotChecked CheckStatus = "not_checked"
)
