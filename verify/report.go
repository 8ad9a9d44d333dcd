package verify

import (
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
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
	// Cause is the typed cause behind SubIndication (a *FormatError or a
	// *DocumentMismatchError); Reason says it in words.
	Cause error `json:"-"`
	// Error is the technical detail of Cause, as the parser said it.
	Error    string        `json:"error,omitempty"`
	File     string        `json:"file"`
	Content  string        `json:"content,omitempty"` // the detached document checked
	Encoding *cms.Encoding `json:"encoding,omitempty"`
	// Warnings are about the file as a whole, such as certificates inside
	// it that could not be read.
	Warnings   []string          `json:"warnings,omitempty"`
	Signatures []SignatureReport `json:"signatures"`

	lang     i18n.Lang // of Reason and Warnings (Localize)
	warnings []note    // Warnings, to be printed in lang
	built    bool      // by this package: warnings holds what Warnings says
}

// SignatureReport is the verdict on one signer.
type SignatureReport struct {
	// Position is "1", "2", … and "1.1" for a countersignature of signer 1.
	Position      string        `json:"position"`
	Status        Status        `json:"status"`
	SubIndication SubIndication `json:"subindication,omitempty"`
	// Reason says in plain words why the signature is not valid.
	Reason string `json:"reason,omitempty"`
	Error  string `json:"error,omitempty"` // the technical detail
	// Cause is the typed cause behind SubIndication: a *cms.SignerError,
	// *PathError, *ValidityError, *RevocationError or ErrNoTrustAnchors.
	// Reason and Error are it in words.
	Cause              error      `json:"-"`
	Signer             *Signer    `json:"signer"`
	SigningTime        *time.Time `json:"signing_time"`
	DigestAlgorithm    string     `json:"digest_algorithm"`
	SignatureAlgorithm string     `json:"signature_algorithm"`
	Checks             Checks     `json:"checks"`
	// IssuerDownloads are the issuer certificates sought at the "CA
	// Issuers" URLs (AIA) of the path's certificates, with their outcome.
	IssuerDownloads []IssuerDownload `json:"issuer_downloads,omitempty"`
	// Chain lists the certificates from the signer's to the trust anchor.
	Chain      []ChainCertificate `json:"chain"`
	Revocation Revocation         `json:"revocation"`
	Warnings   []string           `json:"warnings"`
	// Notes are about what is normal but worth knowing, such as a
	// producer's usual departure from the standard; nothing to act on.
	Notes             []string `json:"notes,omitempty"`
	UnknownAttributes []string `json:"unknown_signed_attributes,omitempty"`
	TimestampTokens   int      `json:"timestamp_tokens,omitempty"`
	// Timestamps are the signature-time-stamp tokens of the signer, each
	// checked against its signature value. This version does not yet use
	// them as proof of existence: the verdict does not depend on them.
	Timestamps        []TimestampReport `json:"timestamps,omitempty"`
	Countersignatures []SignatureReport `json:"countersignatures,omitempty"`

	warnings []note // Warnings, to be printed in a language
	notes    []note // Notes, likewise
	built    bool   // by this package: warnings and notes hold what Warnings and Notes say
}

// note is a warning or a note to print in the reader's language: a
// message of the catalogue, or a text a lower package wrote.
type note struct {
	text i18n.Text
	raw  string
}

func msgNote(m i18n.Message, args ...any) note { return note{text: i18n.T(m, args...)} }

func (n note) In(l i18n.Lang) string {
	if n.text.Message == "" {
		return n.raw
	}
	return n.text.In(l)
}

// render prints notes in l: never nil, so JSON says [] for none.
func render(notes []note, l i18n.Lang) []string {
	out := make([]string, 0, len(notes))
	for _, n := range notes {
		out = append(out, n.In(l))
	}
	return out
}

// Warn adds a warning about the file as a whole, from the catalogue: it is
// printed in the report's language now and again on every Localize.
func (r *Report) Warn(m i18n.Message, args ...any) {
	n := msgNote(m, args...)
	r.warnings = append(r.warnings, n)
	r.Warnings = append(r.Warnings, n.In(r.lang))
}

// Localize prints the report's reasons, notes and warnings in l (they are
// English until then), and makes WriteText print in l. Codes — statuses,
// sub-indications, classes, JSON keys — never change. A report this
// package did not make (one decoded from JSON) keeps its texts.
func (r *Report) Localize(l i18n.Lang) {
	r.lang = l
	if r.Cause != nil {
		r.Reason = explain(l, r.Cause)
	}
	if r.built {
		if r.Warnings = render(r.warnings, l); len(r.Warnings) == 0 {
			r.Warnings = nil // omitted from JSON, as before
		}
	}
	for i := range r.Signatures {
		r.Signatures[i].localize(l)
	}
}

func (s *SignatureReport) localize(l i18n.Lang) {
	if s.Cause != nil {
		s.Reason = explain(l, s.Cause)
	}
	if s.built {
		s.Warnings = render(s.warnings, l)
		if s.Notes = render(s.notes, l); len(s.Notes) == 0 {
			s.Notes = nil
		}
	}
	if s.Revocation.note.Message != "" {
		s.Revocation.Reason = s.Revocation.note.In(l)
	}
	for i := range s.Chain {
		if rev := s.Chain[i].Revocation; rev != nil && rev.note.Message != "" {
			rev.Reason = rev.note.In(l)
		}
	}
	for i := range s.Countersignatures {
		s.Countersignatures[i].localize(l)
	}
}

// TimestampReport is one RFC 3161 timestamp token of a signature.
type TimestampReport struct {
	// Kind is "signature" for a signature-time-stamp (CAdES-T).
	Kind    string     `json:"kind"`
	GenTime *time.Time `json:"gen_time,omitempty"`
	// TSA is the subject of the certificate that signed the token.
	TSA string `json:"tsa,omitempty"`
	// Token is the check of the token itself: its signature, the TSA's
	// timeStamping usage and the imprint of the signature value. Chain is
	// the TSA's certificate path: not checked by this version.
	Token  CheckStatus `json:"token"`
	Chain  CheckStatus `json:"chain"`
	Reason string      `json:"reason,omitempty"` // why Token failed
}

// IssuerDownload is one issuer download (or cache read: method CACHE).
type IssuerDownload struct {
	Method     string `json:"method"`
	URL        string `json:"url"`
	HTTPStatus int    `json:"http_status"`
	ElapsedMS  int64  `json:"elapsed_ms"`
	Class      string `json:"error_class,omitempty"`
	Error      string `json:"error,omitempty"`
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
