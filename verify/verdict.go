// Package verify turns the checks of a signature — its cryptography (package
// cms), its certificate chain and the signer's revocation status — into one
// verdict per signature in the terms of ETSI EN 319 102-1: valid, invalid or
// indeterminate, with a sub-indication and a reason in plain words.
//
// Call File with the signature file and, for a detached signature, the
// document; the Report it returns is what `gostverify verify` prints as JSON
// (Report is that JSON schema) or as text (Report.WriteText).
//
// A verdict is valid only when the signature, the chain to a trust anchor
// (package chain) and the signer's revocation status (package ocspclient:
// OCSP, then CRLs) all passed, or revocation was explicitly turned off,
// which the report states. Without trust anchors no verdict is valid.
package verify

// Status is the overall verdict of a signature.
type Status string

// The three verdicts of ETSI EN 319 102-1.
const (
	Valid         Status = "valid"
	Invalid       Status = "invalid"
	Indeterminate Status = "indeterminate"
)

// rank orders statuses from best to worst.
func (s Status) rank() int {
	switch s {
	case Valid:
		return 0
	case Indeterminate:
		return 1
	}
	return 2
}

// Worst returns the worse of two statuses: invalid, then indeterminate.
func Worst(a, b Status) Status {
	if b.rank() > a.rank() {
		return b
	}
	return a
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
	Generic                   SubIndication = "GENERIC"
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
