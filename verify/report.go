package verify

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/ocspclient"
)

// SchemaVersion is the version of the JSON schema of Report. Fields are
// only ever added within a version.
const SchemaVersion = 1

// Report is the result of verifying one signature file.
type Report struct {
	SchemaVersion int    `json:"schema_version"`
	Status        Status `json:"status"`
	// SubIndication and Reason are set when the file itself could not be
	// read as a signature (FORMAT_FAILURE); each signature has its own.
	SubIndication SubIndication `json:"subindication,omitempty"`
	Reason        string        `json:"reason,omitempty"`
	File          string        `json:"file"`
	Content       string        `json:"content,omitempty"` // the detached document checked
	Encoding      *cms.Encoding `json:"encoding,omitempty"`
	// Warnings are about the file as a whole, such as certificates inside
	// it that could not be read.
	Warnings   []string          `json:"warnings,omitempty"`
	Signatures []SignatureReport `json:"signatures"`
}

// SignatureReport is the verdict on one signer.
type SignatureReport struct {
	// Position is "1", "2", … and "1.1" for a countersignature of signer 1.
	Position      string        `json:"position"`
	Status        Status        `json:"status"`
	SubIndication SubIndication `json:"subindication,omitempty"`
	// Reason says in plain words why the signature is not valid.
	Reason             string     `json:"reason,omitempty"`
	Error              string     `json:"error,omitempty"` // the technical detail
	Signer             *Signer    `json:"signer"`
	SigningTime        *time.Time `json:"signing_time"`
	DigestAlgorithm    string     `json:"digest_algorithm"`
	SignatureAlgorithm string     `json:"signature_algorithm"`
	Checks             Checks     `json:"checks"`
	// Chain lists the certificates from the signer's to the trust anchor.
	Chain             []ChainCertificate `json:"chain"`
	Revocation        Revocation         `json:"revocation"`
	Warnings          []string           `json:"warnings"`
	UnknownAttributes []string           `json:"unknown_signed_attributes,omitempty"`
	TimestampTokens   int                `json:"timestamp_tokens,omitempty"`
	Countersignatures []SignatureReport  `json:"countersignatures,omitempty"`
}

// Checks are the outcomes of the three checks a valid verdict needs.
type Checks struct {
	Signature  CheckStatus `json:"signature"`
	Chain      CheckStatus `json:"chain"`
	Revocation CheckStatus `json:"revocation"`
}

// ChainCertificate is one certificate of the chain.
type ChainCertificate struct {
	Subject   string    `json:"subject"`
	Serial    string    `json:"serial"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	SHA1      string    `json:"sha1"`
	SHA256    string    `json:"sha256"`
	// Source is where the certificate came from: "roots" for the trust
	// anchor, "signature", "certs", "cache", or the URL it was downloaded from.
	Source string `json:"source"`
	// Revocation is an intermediate CA's status, when it was checked.
	Revocation *Revocation `json:"revocation,omitempty"`
}

// Options for File.
type Options struct {
	// Certificates are extra certificates to find signers and
	// intermediates in, as --certs gives them.
	Certificates []*x509.Certificate
	// Roots are the trust anchors. Without them the chain is not checked
	// and no verdict can be valid.
	Roots *chain.Store
	// Time is the validation time (--at); zero means now.
	Time time.Time
	// FetchIssuers, when set, downloads issuer candidates (AIA).
	FetchIssuers func(*x509.Certificate) []chain.Candidate
	// RevocationOff reports that revocation checking was turned off
	// (--revocation none).
	RevocationOff bool
	// OCSP checks the signer certificate's status when revocation is on;
	// nil means OCSP is not to be used.
	OCSP *ocspclient.Client
	// OCSPURL, when set, replaces the certificate's OCSP URLs.
	OCSPURL string
	// CRL checks the signer certificate against CRLs (after OCSP, when
	// both are set); nil means CRLs are not to be used.
	CRL *ocspclient.CRLChecker
	// Cache, when set, shares work between the signatures of a run.
	Cache *Cache
	// Context bounds the network requests of revocation checks; nil means
	// context.Background(). (Issuer downloads are bounded by the
	// FetchIssuers function's own context.)
	Context context.Context
}

// File verifies the signature file data, named name. content is the
// detached document (nil for an attached signature) and contentName its
// name. A file that is not a signature gives a Report with FORMAT_FAILURE;
// the error is only for content that cannot be read.
func File(name string, data []byte, contentName string, content io.Reader, opts Options) (*Report, error) {
	sd, err := cms.Parse(data)
	if err != nil {
		return NotASignature(name, err), nil
	}
	return Signed(name, sd, contentName, content, opts)
}

// NotASignature is the report on a file that cannot be read as a CMS
// signature: invalid, FORMAT_FAILURE, with the parse error as the reason.
func NotASignature(name string, err error) *Report {
	return &Report{
		SchemaVersion: SchemaVersion, File: name, Signatures: []SignatureReport{},
		Status: Invalid, SubIndication: FormatFailure,
		Reason: "the file is not a readable CMS signature: " + err.Error(),
	}
}

// Signed verifies a parsed signature; content is the detached document
// (nil when the signature carries it) and contentName its name.
func Signed(name string, sd *cms.SignedData, contentName string, content io.Reader, opts Options) (*Report, error) {
	r := &Report{SchemaVersion: SchemaVersion, File: name, Content: contentName, Signatures: []SignatureReport{}}
	enc := sd.Encoding // a copy: a report must not keep the parsed signature alive
	r.Encoding = &enc
	for i, c := range sd.Certificates {
		if c.ParseError != nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("certificate %d inside the signature could not be read and was ignored: %v", i+1, c.ParseError))
		}
	}
	if sd.OtherCertificates > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d attribute or other non-X.509 certificate(s) inside the signature were ignored", sd.OtherCertificates))
	}
	if content == nil && sd.Content == nil {
		return nil, errors.New("verify: detached signature and no content given")
	}
	// The signer certificate may come with --certs or, self-signed, as a
	// trust anchor.
	extra := append([]*x509.Certificate{}, opts.Certificates...)
	if opts.Roots != nil {
		for _, a := range opts.Roots.Anchors() {
			extra = append(extra, a.Cert)
		}
	}
	results, err := sd.Verify(content, cms.Options{ExtraCertificates: extra})
	if err != nil {
		return nil, err
	}
	if opts.Time.IsZero() {
		opts.Time = time.Now()
	}
	inside := sd.ParsedCertificates()
	r.Status = Valid
	for _, res := range results {
		s := signatureReport(res, inside, sd.CRLs, opts)
		r.Signatures = append(r.Signatures, s)
		r.Status = Worst(r.Status, s.Status)
	}
	return r, nil
}

func signatureReport(res *cms.SignerResult, inside []*x509.Certificate, crls [][]byte, opts Options) SignatureReport {
	s := SignatureReport{
		Position:    res.Position,
		SigningTime: res.SigningTime,
		Warnings:    append([]string{}, res.Warnings...),
		Chain:       []ChainCertificate{},
		Checks:      Checks{Signature: Passed, Chain: NotChecked, Revocation: NotChecked},
		Revocation:  Revocation{Status: "not_checked"},
	}
	if res.Signer != nil {
		s.DigestAlgorithm = algorithmName(res.Signer.DigestAlgorithm.Algorithm.String())
		s.SignatureAlgorithm = algorithmName(res.Signer.SignatureAlgorithm.Algorithm.String())
	}
	if res.Certificate != nil {
		s.Signer = opts.Cache.describeSigner(res.Certificate)
	}
	for _, oid := range res.UnknownAttributes {
		s.UnknownAttributes = append(s.UnknownAttributes, oid.String())
	}
	s.TimestampTokens = res.TimeStampTokens
	if s.TimestampTokens > 0 {
		s.Warnings = append(s.Warnings, fmt.Sprintf("%d timestamp token(s) present but not verified by this version", s.TimestampTokens))
	}
	if res.Err != nil {
		s.Checks.Signature = Failed
		s.SubIndication, s.Reason = classify(res.Err)
		s.Error = res.Err.Error()
		if s.SubIndication == NoSigningCertificateFound || s.SubIndication == Generic {
			s.Checks.Signature = NotChecked
		}
	} else if opts.Roots == nil {
		s.SubIndication = NoCertificateChainFound
		s.Reason = "the signature itself is intact, but the signer's certificate chain was not checked: no trust anchors were given"
	} else if path, sub, reason := checkChain(&s, res, inside, opts); sub != "" {
		s.SubIndication, s.Reason = sub, reason
	} else {
		// Revocation is checked only on a chain that reaches an anchor.
		switch {
		case opts.RevocationOff:
			s.Revocation.Reason = "revocation checking was turned off (--revocation none)"
		case len(path) == 1:
			s.Revocation.Reason = "the signer certificate is itself a trust anchor"
		default:
			s.SubIndication, s.Reason = checkRevocation(&s, res.Certificate, path[1].Cert, res.SigningTime, crls, opts)
			if s.SubIndication == "" {
				s.SubIndication, s.Reason = checkCARevocation(&s, path, crls, opts)
			}
		}
	}
	s.Status = s.SubIndication.Status()
	for _, c := range res.Countersigners {
		cs := signatureReport(c, inside, crls, opts)
		s.Countersignatures = append(s.Countersignatures, cs)
		if cs.Status == Invalid {
			s.Warnings = append(s.Warnings, "countersignature "+cs.Position+" is invalid: "+cs.Reason)
		}
	}
	return s
}

// classify maps a signer's failure to its sub-indication and a reason a
// person can act on.
func classify(err error) (SubIndication, string) {
	var se *cms.SignerError
	if !errors.As(err, &se) {
		return FormatFailure, "the signer could not be checked"
	}
	switch se.Reason {
	case cms.DigestMismatch:
		return HashFailure, "the document was changed after signing, or this is not the document that was signed"
	case cms.SignatureInvalid:
		return SigCryptoFailure, "the signature value does not match the signed data: the signature or its signed attributes were altered, or it was made with another key"
	case cms.SigningCertificateMismatch:
		return SigConstraintsFailure, "the signature names another certificate than the one it was verified with: the signer certificate was swapped"
	case cms.NoSignerCertificate:
		return NoSigningCertificateFound, "the signer's certificate is not inside the signature; give it with --certs"
	case cms.ContentTypeMismatch:
		return FormatFailure, "the signed content type differs from the content"
	case cms.UnsupportedAlgorithm:
		var unsupported *gost.UnsupportedError
		if errors.As(err, &unsupported) {
			return Generic, "the signature uses an algorithm this version does not support"
		}
		return FormatFailure, "the signature's algorithms do not fit the signer's key"
	case cms.BadSignerKey:
		return FormatFailure, "the signer certificate's public key is malformed"
	}
	return FormatFailure, "the signature is malformed"
}

// algorithmName names the GOST algorithm OIDs.
func algorithmName(oid string) string {
	if n, ok := algorithmNames[oid]; ok {
		return n
	}
	return oid
}

var algorithmNames = map[string]string{
	"1.2.643.7.1.1.2.2": "GOST R 34.11-2012 (256)",
	"1.2.643.7.1.1.2.3": "GOST R 34.11-2012 (512)",
	"1.2.643.2.2.9":     "GOST R 34.11-94",
	"1.2.643.2.2.3":     "GOST R 34.10-2001",
	"1.2.643.2.2.19":    "GOST R 34.10-2001",
	"1.2.643.7.1.1.3.2": "GOST R 34.10-2012 (256)",
	"1.2.643.7.1.1.1.1": "GOST R 34.10-2012 (256)",
	"1.2.643.7.1.1.3.3": "GOST R 34.10-2012 (512)",
	"1.2.643.7.1.1.1.2": "GOST R 34.10-2012 (512)",
}
