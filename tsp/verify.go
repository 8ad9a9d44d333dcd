package tsp

import (
	"bytes"
	"crypto"
	_ "crypto/sha256" // SHA-256 imprints, and SHA-256 ESS certificate IDs in cms
	_ "crypto/sha512"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"hash"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
)

// Reason classifies why a token failed Verify.
type Reason int

const (
	// SignatureInvalid: the token's CMS signature does not check; Err is
	// the *cms.SignerError saying why (a tampered TSTInfo shows as its
	// DigestMismatch; a token without the TSA certificate, its
	// NoSignerCertificate until Options.ExtraCertificates has it).
	SignatureInvalid Reason = iota + 1
	// NoTimeStampingUsage: the signer certificate lacks the
	// id-kp-timeStamping extended key usage, or has others besides it
	// (RFC 3161 section 2.3).
	NoTimeStampingUsage
	// UsageNotCritical: the extended key usage extension is not critical
	// (RFC 3161 section 2.3).
	UsageNotCritical
	// NoESSCertID: neither signingCertificate nor signingCertificateV2 is
	// among the signed attributes (RFC 3161 section 2.4.1, RFC 5816).
	NoESSCertID
	// UnsupportedHash: the messageImprint's hash algorithm is not one this
	// package computes.
	UnsupportedHash
	// ImprintMismatch: the messageImprint is not the hash of the data —
	// the token is about other data.
	ImprintMismatch
)

var reasonText = map[Reason]string{
	SignatureInvalid:    "token signature does not verify",
	NoTimeStampingUsage: "signer certificate is not for timestamping only",
	UsageNotCritical:    "signer certificate's extended key usage is not critical",
	NoESSCertID:         "no signingCertificate attribute",
	UnsupportedHash:     "unsupported messageImprint hash algorithm",
	ImprintMismatch:     "messageImprint does not match the data",
}

func (r Reason) String() string {
	if s, ok := reasonText[r]; ok {
		return s
	}
	return "unknown reason"
}

// VerifyError is a token that does not verify. Callers branch on Reason.
type VerifyError struct {
	Reason Reason
	Err    error // detail, may be nil
}

func (e *VerifyError) Error() string {
	msg := "tsp: " + e.Reason.String()
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *VerifyError) Unwrap() error { return e.Err }

// Options for Verify.
type Options struct {
	// ExtraCertificates are searched for the TSA certificate after the ones
	// inside the token (a token made with certReq false carries none).
	ExtraCertificates []*x509.Certificate
}

var (
	oidExtKeyUsage      = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidSigningCert      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
	oidSigningCertV2    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidSHA256           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	foreignImprintHashs = map[string]crypto.Hash{
		oidSHA256.String(): crypto.SHA256,
		oidSHA384.String(): crypto.SHA384,
		oidSHA512.String(): crypto.SHA512,
	}
)

// Verify checks that t is a valid token for data: its signature, the TSA
// certificate's extended key usage, the ESS signingCertificate binding and
// that the messageImprint is the hash of data. It returns the TSA
// certificate once the signature has checked (also with an imprint
// mismatch), for the caller to build its path and check its validity at
// Info.GenTime; Verify does neither. A failed check is a *VerifyError.
func (t *Token) Verify(data []byte, opts Options) (*x509.Certificate, error) {
	cert, err := t.verifySignature(opts)
	if err != nil {
		return cert, err
	}
	h, err := t.imprintHash()
	if err != nil {
		return cert, err
	}
	h.Write(data)
	return cert, t.checkImprint(h.Sum(nil))
}

// VerifyDigest is Verify for a caller that has hashed the data already with
// Info.HashAlgorithm.
func (t *Token) VerifyDigest(digest []byte, opts Options) (*x509.Certificate, error) {
	cert, err := t.verifySignature(opts)
	if err != nil {
		return cert, err
	}
	return cert, t.checkImprint(digest)
}

func (t *Token) checkImprint(digest []byte) error {
	if !bytes.Equal(digest, t.Info.HashedMessage) {
		return &VerifyError{Reason: ImprintMismatch}
	}
	return nil
}

func (t *Token) imprintHash() (hash.Hash, error) {
	oid := t.Info.HashAlgorithm.Algorithm
	if g, err := gost.HashByOID(oid); err == nil {
		return g.New(), nil
	}
	if c, ok := foreignImprintHashs[oid.String()]; ok {
		return c.New(), nil
	}
	return nil, &VerifyError{Reason: UnsupportedHash, Err: fmt.Errorf("%v", oid)}
}

func (t *Token) verifySignature(opts Options) (*x509.Certificate, error) {
	results, err := t.SignedData.Verify(nil, cms.Options{ExtraCertificates: opts.ExtraCertificates})
	if err != nil {
		return nil, &VerifyError{Reason: SignatureInvalid, Err: err}
	}
	r := results[0]
	if r.Err != nil {
		return r.Certificate, &VerifyError{Reason: SignatureInvalid, Err: r.Err}
	}
	cert := r.Certificate
	if err := checkTimeStampingUsage(cert); err != nil {
		return cert, err
	}
	// RFC 3161 section 2.4.1 (RFC 5816 for V2): the TSA names its
	// certificate in a signed ESS attribute; cms checks it when present.
	found := false
	for _, a := range r.Signer.SignedAttrs {
		if a.Type.Equal(oidSigningCert) || a.Type.Equal(oidSigningCertV2) {
			found = true
		}
	}
	if !found {
		return cert, &VerifyError{Reason: NoESSCertID}
	}
	return cert, nil
}

// checkTimeStampingUsage applies RFC 3161 section 2.3: the certificate has
// one extended key usage, id-kp-timeStamping, in a critical extension.
func checkTimeStampingUsage(cert *x509.Certificate) error {
	if len(cert.ExtKeyUsage) != 1 || cert.ExtKeyUsage[0] != x509.ExtKeyUsageTimeStamping ||
		len(cert.UnknownExtKeyUsage) != 0 {
		return &VerifyError{Reason: NoTimeStampingUsage}
	}
	for _, e := range cert.Extensions {
		if e.Id.Equal(oidExtKeyUsage) && !e.Critical {
			return &VerifyError{Reason: UsageNotCritical}
		}
	}
	return nil
}
