package verify

import (
	"crypto/x509"
	"slices"
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
	Error string `json:"error,omitempty"`
	// Policy is the validation policy applied ("qualified" or "basic").
	Policy   Policy        `json:"policy,omitempty"`
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
	// Level is the CAdES form the signer's attributes show: "CAdES-BES",
	// "CAdES-T", "CAdES-C", "CAdES-X Long Type 1", "CAdES-X Long Type 2",
	// "CAdES-A", ... (cms.Level).
	Level string `json:"level,omitempty"`
	// Timestamps are the signer's timestamp tokens, each with its verdict.
	Timestamps []TimestampReport `json:"timestamps,omitempty"`
	// BestSignatureTime is the earliest time the signature is proven to
	// have existed: the earliest valid timestamp over it (before the
	// validation time), at which the signer's path and status are judged;
	// nil when no timestamp proves one (they are judged at the validation
	// time).
	BestSignatureTime *time.Time `json:"best_signature_time,omitempty"`
	// Layers say what each layer of a long-term signature showed.
	Layers []Layer `json:"layers,omitempty"`
	// Qualified is whether the signature is a qualified electronic
	// signature (policy "qualified"), beside the verdict, which it does
	// not change.
	Qualified *Qualification `json:"qualified,omitempty"`
	// POA is the machine-readable power of attorney applied to the
	// signature (Input.POAs): whether it entitled the signer to sign for
	// the principal, beside the verdict, which it does not change.
	POA *POAReport `json:"power_of_attorney,omitempty"`
	// PDF is, for a signature inside a PDF, where it sits and what it
	// covers.
	PDF               *PDFSignature     `json:"pdf,omitempty"`
	Countersignatures []SignatureReport `json:"countersignatures,omitempty"`

	cert *x509.Certificate // the signer's certificate, when found

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

// In returns a copy of r printed in l, leaving r as it is: what Localize
// rewrites (reasons, notes, warnings, the revocations of the chain and of
// the timestamps, the layers) is copied, the rest shared.
func (r *Report) In(l i18n.Lang) *Report {
	c := *r
	c.Signatures = cloneSignatures(r.Signatures)
	c.Localize(l)
	return &c
}

func cloneSignatures(list []SignatureReport) []SignatureReport {
	out := slices.Clone(list)
	for i := range out {
		s := &out[i]
		s.Countersignatures = cloneSignatures(s.Countersignatures)
		s.Chain = slices.Clone(s.Chain)
		for j := range s.Chain {
			s.Chain[j].Revocation = cloneRevocation(s.Chain[j].Revocation)
		}
		s.Timestamps = slices.Clone(s.Timestamps)
		for j := range s.Timestamps {
			s.Timestamps[j].Revocation = cloneRevocation(s.Timestamps[j].Revocation)
		}
		s.Layers = slices.Clone(s.Layers)
		if q := s.Qualified; q != nil {
			c := *q
			s.Qualified = &c
		}
		if p := s.POA; p != nil {
			c := *p
			s.POA = &c
		}
	}
	return out
}

func cloneRevocation(r *Revocation) *Revocation {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}

func (s *SignatureReport) localize(l i18n.Lang) {
	if s.POA != nil {
		s.POA.localize(l)
	}
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
	for i := range s.Timestamps {
		ts := &s.Timestamps[i]
		if ts.Cause != nil {
			ts.Reason = explain(l, ts.Cause)
		}
		if rev := ts.Revocation; rev != nil && rev.note.Message != "" {
			rev.Reason = rev.note.In(l)
		}
	}
	if q := s.Qualified; q != nil && q.note.Message != "" {
		q.Reason = q.note.In(l)
	}
	for i := range s.Layers {
		if ly := &s.Layers[i]; ly.note.Message != "" {
			ly.Reason = ly.note.In(l)
		}
	}
	for i := range s.Countersignatures {
		s.Countersignatures[i].localize(l)
	}
}

// TimestampReport is one RFC 3161 timestamp token of a signature and its
// verdict: valid tokens prove the time they name (proof of existence).
type TimestampReport struct {
	// Kind says what the token covers: "content" (content-time-stamp),
	// "signature" (signature-time-stamp, CAdES-T), "cades-c" (CAdES-C
	// time-stamp, X Type 1), "refs" (time-stamped-certs-crls-references,
	// X Type 2) or "archive" (archive-time-stamp).
	Kind string `json:"kind"`
	// Time is the token's genTime; GenTime is the same (its first name).
	Time    *time.Time `json:"time,omitempty"`
	GenTime *time.Time `json:"gen_time,omitempty"`
	// TSA is the subject of the certificate that signed the token.
	TSA           string `json:"tsa,omitempty"`
	Policy        string `json:"policy,omitempty"`
	HashAlgorithm string `json:"hash_algorithm,omitempty"`
	// Status is the token's verdict; only a valid token is a proof.
	Status        Status        `json:"status"`
	SubIndication SubIndication `json:"subindication,omitempty"`
	Reason        string        `json:"reason,omitempty"`
	Error         string        `json:"error,omitempty"` // the technical detail
	// Cause is the typed cause behind SubIndication (*TimestampError).
	Cause error `json:"-"`
	// Token is the check of the token itself (its signature, the TSA's
	// timeStamping usage, the imprint over what Kind covers); Chain the
	// TSA's certificate path at the token's time.
	Token CheckStatus `json:"token"`
	Chain CheckStatus `json:"chain"`
	// TSAChain lists the TSA's path, Revocation the TSA certificate's
	// status at the token's time when it was sought.
	TSAChain   []ChainCertificate `json:"tsa_chain,omitempty"`
	Revocation *Revocation        `json:"revocation,omitempty"`
}

// Layer is what one layer of a long-term signature showed: the base
// signature, its signature timestamps, the references and values of an X
// form, the archive timestamps. A signature whose base is sound may carry
// a broken layer added later (an operator's timestamp); the verdict is the
// signature's, and each layer says its own.
type Layer struct {
	// Level names the layer: "CAdES-BES", "CAdES-T", "CAdES-C",
	// "CAdES-X Long Type 1", ..., "CAdES-A".
	Level  string `json:"level"`
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"`

	note i18n.Text // Reason, to be printed in a language
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
	// Source is where the certificate came from: "signature", "embedded"
	// (CAdES certificate-values), "certs", "aia" (downloaded from URL),
	// "cache" (downloaded earlier), "anchor" (the trust anchors), or
	// "timestamp" (a timestamp token's own certificates).
	Source string `json:"source"`
	URL    string `json:"url,omitempty"`
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
