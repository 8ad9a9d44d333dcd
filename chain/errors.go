package chain

import (
	"crypto/x509"
	"errors"
	"fmt"
	"time"
)

// The errors of a path and of loading certificates are typed, with a
// reason, so that a caller can say each one in its own words (package
// verify says them in Russian); Error is English, as every error of this
// package.

// Reason classifies why no valid path was found.
type Reason int

const (
	// NoPath: no chain of issuers reaches a trust anchor (ETSI
	// NO_CERTIFICATE_CHAIN_FOUND).
	NoPath Reason = iota + 1
	// Constraints: issuers were found but a link is broken or violates a
	// constraint (ETSI CHAIN_CONSTRAINTS_FAILURE).
	Constraints
)

// Error says why Build found no valid path, with every failure seen: a
// *Rejection for each candidate issuer, or the *LinkError of the
// certificate itself.
type Error struct {
	Reason Reason
	Cert   *x509.Certificate // the certificate the path was built for
	Errs   []error
}

func (e *Error) Error() string {
	what := "no chain to a trust anchor"
	if e.Reason == Constraints {
		what = "no valid chain to a trust anchor"
	}
	msg := "chain: " + what + " for " + displayName(e.Cert)
	if len(e.Errs) > 0 {
		msg += ": " + errors.Join(e.Errs...).Error()
	}
	return msg
}

func (e *Error) Unwrap() []error { return e.Errs }

// Rejection records a candidate issuer that did not extend the path. As
// an error it is "candidate NAME (SOURCE): why".
type Rejection struct {
	// Subject is the certificate whose issuer was sought; Candidate the
	// rejected issuer.
	Subject, Candidate *x509.Certificate
	Source             string
	// Err is why: a *LinkError.
	Err error
}

func (r *Rejection) Error() string {
	return fmt.Sprintf("candidate %s (%s): %v", displayName(r.Candidate), r.Source, r.Err)
}

func (r *Rejection) Unwrap() error { return r.Err }

// LinkReason says why a certificate may not be a link of a path.
type LinkReason int

const (
	// BadSignature: the candidate's key did not sign the certificate
	// below it; Err says how the check failed.
	BadSignature LinkReason = iota + 1
	// NotYetValid and Expired: the candidate is not valid at the
	// validation time; Time is its notBefore or notAfter.
	NotYetValid
	Expired
	// UnknownCritical: a critical extension neither crypto/x509 nor this
	// package interprets; Extension is its OID.
	UnknownCritical
	// NotCA: its basicConstraints say it is not a CA.
	NotCA
	// NoBasicConstraints: no basicConstraints, which only an explicit
	// trust anchor may lack.
	NoBasicConstraints
	// NoCertSign: its key usage does not include keyCertSign.
	NoCertSign
	// PathLenExceeded: its pathLenConstraint (MaxPathLen) allows fewer
	// CAs below it than the path has (Depth).
	PathLenExceeded
	// LeafKeyUsage: the signer certificate's key usage allows neither
	// digitalSignature nor nonRepudiation.
	LeafKeyUsage
	// TooManyChecks: the budget of signature checks ran out
	// (Options.MaxSignatureChecks) before this candidate was tried.
	TooManyChecks
)

// LinkError is why a certificate may not be a link of a path: a candidate
// issuer, or the certificate the path is built for (UnknownCritical,
// LeafKeyUsage).
type LinkError struct {
	Reason LinkReason
	// Time is the bound passed, for NotYetValid and Expired.
	Time time.Time
	// Extension is the OID of the extension, for UnknownCritical.
	Extension string
	// MaxPathLen and Depth, for PathLenExceeded.
	MaxPathLen, Depth int
	// Err is the failure of the signature check, for BadSignature.
	Err error
}

func (e *LinkError) Error() string {
	switch e.Reason {
	case BadSignature:
		return fmt.Sprintf("its key did not sign this certificate: %v", e.Err)
	case NotYetValid:
		return "not valid before " + e.Time.UTC().Format(time.RFC3339)
	case Expired:
		return "expired on " + e.Time.UTC().Format(time.RFC3339)
	case UnknownCritical:
		return "it has an unknown critical extension " + e.Extension
	case NotCA:
		return "basicConstraints says it is not a CA"
	case NoBasicConstraints:
		return "it has no basicConstraints, so it is not a CA (accepted only as an explicit trust anchor)"
	case NoCertSign:
		return "its key usage does not include keyCertSign"
	case PathLenExceeded:
		return fmt.Sprintf("pathLenConstraint %d allows fewer CAs below it than this path has (%d)", e.MaxPathLen, e.Depth)
	case LeafKeyUsage:
		return "the signer certificate's key usage allows neither digitalSignature nor nonRepudiation"
	case TooManyChecks:
		return "too many signature checks: gave up"
	}
	return fmt.Sprintf("link reason %d", int(e.Reason))
}

func (e *LinkError) Unwrap() error { return e.Err }

// FileReason says why a certificate file or folder gave no certificates.
type FileReason int

const (
	// NoCertificate: a --roots path (LoadStore) with no certificate at
	// all.
	NoCertificate FileReason = iota + 1
	// NotCertificateFile: a file that is neither a certificate nor a
	// bundle.
	NotCertificateFile
	// FileTooLarge: a file larger than a certificate file may be: Size
	// bytes, the limit Limit bytes.
	FileTooLarge
	// TooDeep: folders nested deeper than Limit levels.
	TooDeep
	// BadCertificate: certificate number Index (from 1) of the file
	// cannot be parsed; Err is crypto/x509's error.
	BadCertificate
)

// FileError is a certificate file or folder that could not be read for
// what it holds; failures of the file system are *fs.PathError, wrapped.
type FileError struct {
	Path   string
	Reason FileReason
	// Size and Limit, for FileTooLarge (bytes) and TooDeep (levels).
	Size, Limit int64
	// Index, for BadCertificate.
	Index int
	// Err is the parse error, for BadCertificate.
	Err error

	// asCert and asBundle are why a file is NotCertificateFile: the
	// errors of reading it as a certificate and as a bundle.
	asCert, asBundle error
}

func (e *FileError) Error() string {
	switch e.Reason {
	case NoCertificate:
		return fmt.Sprintf("chain: %s: no certificate found", e.Path)
	case NotCertificateFile:
		return fmt.Sprintf("chain: %s: no certificate found: not a certificate (%v), not a .p7b bundle (%v)", e.Path, e.asCert, e.asBundle)
	case FileTooLarge:
		return fmt.Sprintf("chain: %s: %d bytes is too large for a certificate file", e.Path, e.Size)
	case TooDeep:
		return fmt.Sprintf("chain: %s: more than %d directory levels", e.Path, e.Limit)
	case BadCertificate:
		return fmt.Sprintf("chain: %s: certificate %d: %v", e.Path, e.Index, e.Err)
	}
	return fmt.Sprintf("chain: %s: file reason %d", e.Path, int(e.Reason))
}

func (e *FileError) Unwrap() error { return e.Err }

// notCertificateFile reports whether err is a file that is neither a
// certificate nor a bundle, which a folder's reading skips.
func notCertificateFile(err error) bool {
	var fe *FileError
	return errors.As(err, &fe) && fe.Reason == NotCertificateFile
}
