package batch

import (
	"io"
	"time"

	"github.com/gostverify/gostverify/verify"
)

// SchemaVersion is the version of the JSON schema of Report; fields are
// only ever added within a version.
const SchemaVersion = 1

// Report is the result of a batch run: one Entry per input file, in path
// order, whatever the number of workers.
type Report struct {
	SchemaVersion int       `json:"schema_version"`
	Kind          string    `json:"kind"` // always "batch"
	Started       time.Time `json:"started"`
	Finished      time.Time `json:"finished"`
	// Inputs are the paths given on the command line (EscapePath).
	Inputs []string `json:"inputs"`
	// Interrupted is set when the run was stopped (Ctrl-C) before every
	// file was checked; the files not checked have status not_checked.
	Interrupted bool `json:"interrupted,omitempty"`
	// Status is the worst verdict of the signature, unreadable and refused
	// entries (documents do not count: their signatures do; an entry not
	// checked counts as indeterminate).
	Status verify.Status `json:"status"`
	// Policy is the validation policy applied ("qualified" or "basic"),
	// as each verification's; TSL the edition of the list of accredited
	// CAs the qualified statuses were decided with, nil without one.
	Policy verify.Policy    `json:"policy,omitempty"`
	TSL    *verify.ListInfo `json:"tsl,omitempty"`
	// Shard is the part of the run this report covers ("2/4"), "" for a
	// whole run (Options.Shard, Merge).
	Shard string `json:"shard,omitempty"`
	// Warnings are about the run as a whole, such as a list of
	// accredited CAs older than the caller allows; the caller adds them.
	Warnings []string `json:"warnings,omitempty"`
	Summary  Summary  `json:"summary"`
	// Entries are the entries in memory. A report kept in a state (Run
	// with Options.State, a run past Options.SpillAfter, ReportOf, Merge)
	// has none here: its entries and its problems' paths are read from
	// the state as it is written out, and by Each.
	Entries []Entry `json:"entries"`

	// src gives the entries and problems' paths when they are not in
	// memory; kinds counts the unreadable and refused entries then.
	src   entrySource
	kinds *[2]int
	// closer is the temporary state src reads (Close).
	closer io.Closer
}

// Close releases what the report is read from when its entries are not in
// memory: the temporary state of a large run (Options.SpillAfter). The
// report cannot be written out after it. A report in memory, or kept in
// the caller's state, has nothing to release.
func (r *Report) Close() error {
	if r.closer == nil {
		return nil
	}
	err := r.closer.Close()
	r.closer, r.src = nil, closedSource{}
	return err
}

// Kinds of Entry.
const (
	KindSignature  = "signature"  // a signature file (attached or detached)
	KindDocument   = "document"   // any other file: what signatures sign
	KindUnreadable = "unreadable" // a file or archive entry that could not be read
	KindRefused    = "refused"    // an archive entry refused by a limit or an unsafe name
)

// Sub-indications of entries that are not verdicts on a signature (ETSI
// EN 319 102-1 has none for them).
const (
	// InputRefused: an archive entry refused by a limit (size, count,
	// compression ratio, nesting) or for an unsafe name.
	InputRefused verify.SubIndication = "INPUT_REFUSED"
	// InputUnreadable: a file or archive entry that could not be read.
	InputUnreadable verify.SubIndication = "INPUT_UNREADABLE"
	// SignedDataNotFound (ETSI): a detached signature whose document was
	// found neither by name nor by digest.
	SignedDataNotFound verify.SubIndication = "SIGNED_DATA_NOT_FOUND"
)

// Pairings say how a signature found its document.
const (
	PairedByName   = "name"     // doc.ext with doc.ext.sig, .sgn or .p7s
	PairedByDigest = "digest"   // its messageDigest matched a document beside it
	PairedAttached = "attached" // the signature carries its document
	PairedNone     = "none"     // detached, and no document matched
	// PairedManifest: an EDO container's description (packageDescription.xml,
	// meta.xml) names the document the signature signs; Entry.Layout says
	// which description.
	PairedManifest = "manifest"
	// PairedPDF: the signatures are inside the file, a PDF, each over the
	// bytes its /ByteRange covers.
	PairedPDF = "pdf"
)

// Entry is one input file.
type Entry struct {
	// Path names the file: a file system path, with "!/" entering an
	// archive: "export.zip!/docs/act.xml", "a.zip!/inner.zip!/act.xml.sig".
	// A name that is not valid UTF-8 (or that holds `\xHH`) is escaped
	// as EscapePath says, and PathBytes then holds the name's own bytes
	// (base64 in JSON); Document and Signatures name files the same way.
	Path      string `json:"path"`
	PathBytes []byte `json:"path_bytes,omitempty"`
	Kind      string `json:"kind"`
	Size      int64  `json:"size"`
	Status    Status `json:"status"`
	// SubIndication and Reason explain a status other than valid,
	// unsigned or not_checked for the entry as a whole; each signer of a
	// signature has its own in Verification.
	SubIndication verify.SubIndication `json:"subindication,omitempty"`
	Reason        string               `json:"reason,omitempty"`

	// Signature entries: the document checked (a Path, "" when attached or
	// not found), how it was found, and the verify report (the schema of
	// `gostverify verify --json`).
	Document string `json:"document,omitempty"`
	Pairing  string `json:"pairing,omitempty"`
	// Layout is the EDO container description that paired the signature
	// (Pairing "manifest"): "fns-transport", "taxcom".
	Layout       string         `json:"layout,omitempty"`
	Verification *verify.Report `json:"verification,omitempty"`

	// Extension, in a run that extends signatures (Options.Extend), says
	// what came of this signature file.
	Extension *Extension `json:"extension,omitempty"`

	// Document entries: the signature entries that sign it (Paths).
	Signatures []string `json:"signatures,omitempty"`

	// POA is, for a signature entry whose signers were judged by a power
	// of attorney, the worst of those powers' statuses ("valid",
	// "invalid", "indeterminate", "not_checked"); each signer's is in
	// Verification.
	POA string `json:"power_of_attorney,omitempty"`

	// qualified counts the entry's signers (countersigners too) by
	// qualified status, for the summary: qualified, not qualified,
	// unknown.
	qualified [3]int
	// stateReport is the verify report Options.State keeps for the entry,
	// until it is recorded.
	stateReport *verify.Report
	// named is set on a document entry read from a state when a signature
	// names it as its document (WriteCSV).
	named bool
	// namedBy, on a document entry read from a state, are the signature
	// entries that name it as their document but are not among its
	// Signatures (its content could not be read for them): the HTML
	// report lists them under it.
	namedBy []string
	// details, on a signature entry read from a state, are its signers'
	// technical details in the run's language: the JSON of a verify report
	// keeps them in English only.
	details *signerDetails
}

// signerDetails are the technical details of a verify report's signers
// (signersOf order; "" for one in English or with none) in lang.
type signerDetails struct {
	Lang Lang     `json:"lang"`
	Text []string `json:"text"`
}

// Summary counts the entries.
type Summary struct {
	Files      int `json:"files"` // entries of every kind
	Signatures int `json:"signatures"`
	Documents  int `json:"documents"`
	// Valid, Invalid and Indeterminate count signature, unreadable and
	// refused entries by status.
	Valid         int `json:"valid"`
	Invalid       int `json:"invalid"`
	Indeterminate int `json:"indeterminate"`
	Unsigned      int `json:"unsigned"`    // documents no signature refers to
	NotChecked    int `json:"not_checked"` // inputs left when the run was interrupted
	// Qualified, NotQualified and QualifiedUnknown count the signers
	// (countersigners too) by qualified status (policy "qualified").
	Qualified        int `json:"qualified,omitempty"`
	NotQualified     int `json:"not_qualified,omitempty"`
	QualifiedUnknown int `json:"qualified_unknown,omitempty"`
	// POAValid, POAInvalid and POAIndeterminate count the signature
	// entries judged by a power of attorney by its status (not_checked
	// counts as indeterminate).
	POAValid         int `json:"poa_valid,omitempty"`
	POAInvalid       int `json:"poa_invalid,omitempty"`
	POAIndeterminate int `json:"poa_indeterminate,omitempty"`
	// Extended, NotExtended and ExtendFailed count the signature entries
	// by Extension status (a run that extends signatures).
	Extended     int `json:"extended,omitempty"`
	NotExtended  int `json:"not_extended,omitempty"`
	ExtendFailed int `json:"extend_failed,omitempty"`
	// Problems groups the entries that are not valid by sub-indication,
	// most frequent first.
	Problems []Problem `json:"problems"`
}

// Problem is one sub-indication and the entries that have it.
type Problem struct {
	SubIndication verify.SubIndication `json:"subindication"`
	Status        Status               `json:"status"`
	Count         int                  `json:"count"`
	Paths         []string             `json:"paths"`
}
