package verify

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/pdf"
)

// PDFFile is a PDF whose signatures are to be verified (Input.PDF): read
// through R, never whole, so that a file of gigabytes costs a buffer.
type PDFFile struct {
	R    io.ReaderAt
	Size int64
}

// PDFSignature is where a signature sits in a PDF and what it covers.
type PDFSignature struct {
	// Field is the signature field's fully qualified name; Type the
	// dictionary's /Type ("Sig", or "DocTimeStamp" for a document
	// timestamp); SubFilter such as "ETSI.CAdES.detached" or
	// "adbe.pkcs7.detached".
	Field     string `json:"field"`
	Type      string `json:"type,omitempty"`
	SubFilter string `json:"subfilter"`
	// Revision is the 1-based revision (the original file, then each
	// incremental update) the signature's byte range ends in, 0 past the
	// last one; ByteRange is as the dictionary states it.
	Revision  int      `json:"revision"`
	ByteRange [4]int64 `json:"byte_range"`
	// CoversRevision: it covers its whole revision but for its own
	// /Contents; CoversWholeFile: the whole file; ModifiedAfter: the file
	// goes on after what it covers (a later revision or appended bytes).
	CoversRevision  bool `json:"covers_revision"`
	CoversWholeFile bool `json:"covers_whole_file"`
	ModifiedAfter   bool `json:"modified_after"`
	// What the signing program wrote in the dictionary: /Name, /Reason,
	// /Location and /M (which proves nothing: the CMS signingTime and a
	// timestamp are what count).
	Name        string     `json:"name,omitempty"`
	Reason      string     `json:"reason,omitempty"`
	Location    string     `json:"location,omitempty"`
	ClaimedTime *time.Time `json:"claimed_time,omitempty"`
}

// PDFError is a PDF that cannot be read, or a signature in it that cannot
// be verified as stored (its byte range or /Contents): a *pdf.Error.
type PDFError struct{ Err error }

func (e *PDFError) Error() string { return "verify: " + e.Err.Error() }
func (e *PDFError) Unwrap() error { return e.Err }

// In says in l what is wrong, in plain words (Error has the reader's
// technical detail).
func (e *PDFError) In(l i18n.Lang) string { return e.explain(l) }

func (e *PDFError) explain(l i18n.Lang) string {
	var pe *pdf.Error
	if errors.As(e.Err, &pe) {
		switch pe.Reason {
		case pdf.BadByteRange:
			return l.Sprintf(i18n.ReasonPDFByteRange)
		case pdf.BadContents:
			return l.Sprintf(i18n.ReasonPDFContents)
		case pdf.Encrypted:
			return l.Sprintf(i18n.ReasonPDFEncrypted)
		case pdf.NotPDF:
			// It starts like a PDF (or it would not be read as one).
			return l.Sprintf(i18n.ReasonPDFNoEnd)
		}
		return l.Sprintf(i18n.ReasonPDFMalformed, pe.Reason.String(), pe.Offset)
	}
	return l.Sprintf(i18n.ReasonPDFMalformed, "io", -1)
}

// ErrNoPDFSignature is a PDF with no signature in it.
var ErrNoPDFSignature error = noPDFSignature{}

type noPDFSignature struct{}

func (noPDFSignature) Error() string              { return "verify: the PDF holds no signature" }
func (noPDFSignature) explain(l i18n.Lang) string { return l.Sprintf(i18n.ReasonPDFNoSignature) }

// verifyPDF verifies every signature of a PDF: each one's CMS over the
// bytes its /ByteRange covers, streamed from the file, like any detached
// signature (long-term rules, powers of attorney and all), with where it
// sits and what it covers in SignatureReport.PDF. A signature the file
// was changed after is a warning on it; bytes no signature covers, a
// warning on the report. Signature i's signers are at positions "i", or
// "i.1", "i.2" ... when its CMS has several.
func (v *Verifier) verifyPDF(ctx context.Context, in Input) (*Report, error) {
	f := in.PDF
	r := &Report{SchemaVersion: SchemaVersion, File: in.Name, Content: in.Name, Policy: v.opts.Policy,
		Signatures: []SignatureReport{}, built: true}
	sigs, err := pdf.Signatures(f.R, f.Size, pdf.Limits{})
	if err != nil {
		var pe *pdf.Error
		if !errors.As(err, &pe) {
			return nil, fmt.Errorf("verify: reading %s: %w", in.Name, err)
		}
		r.Status, r.SubIndication, r.Cause, r.Error = Invalid, FormatFailure, &PDFError{Err: err}, err.Error()
		r.Localize(v.opts.Lang)
		return r, nil
	}
	if len(sigs) == 0 {
		r.Status, r.SubIndication, r.Cause = Indeterminate, SignedDataNotFound, ErrNoPDFSignature
		r.Localize(v.opts.Lang)
		return r, nil
	}
	status := Valid
	wholeCovered := false
	for i := range sigs {
		s := &sigs[i]
		info := pdfInfo(s)
		wholeCovered = wholeCovered || s.CoversWholeFile
		reports, err := v.pdfSignature(ctx, in, s, i+1)
		if err != nil {
			return nil, fmt.Errorf("verify: reading %s: %w", in.Name, err)
		}
		for j := range reports {
			sr := &reports[j]
			sr.Position = fmt.Sprint(i + 1)
			if len(reports) > 1 {
				sr.Position = fmt.Sprintf("%d.%d", i+1, j+1)
			}
			sr.PDF = info
			if s.ModifiedAfter {
				sr.warnings = append(sr.warnings, msgNote(i18n.WarnPDFModifiedAfter, s.RevisionEnd))
			}
			status = Worst(status, sr.Status)
			r.Signatures = append(r.Signatures, *sr)
		}
	}
	if !wholeCovered {
		r.warnings = append(r.warnings, msgNote(i18n.WarnPDFNotCovered))
	}
	r.Status = status
	r.Localize(v.opts.Lang)
	return r, nil
}

// pdfSignature verifies one signature of a PDF and returns its signers'
// reports: the CMS's own, or one saying why it could not be verified.
func (v *Verifier) pdfSignature(ctx context.Context, in Input, s *pdf.Signature, n int) ([]SignatureReport, error) {
	if s.Invalid != nil {
		cause := &PDFError{Err: s.Invalid}
		return []SignatureReport{{Status: Invalid, SubIndication: FormatFailure, Cause: cause, Error: cause.Error(),
			Chain: []ChainCertificate{}, Revocation: Revocation{Status: "not_checked"}, built: true}}, nil
	}
	doc := &Document{Name: in.Name, Named: true, Open: func() (io.ReadCloser, error) {
		rd, err := s.Signed(in.PDF.R, in.PDF.Size)
		if err != nil {
			return nil, err
		}
		return io.NopCloser(rd), nil
	}}
	name := fmt.Sprintf("%s [signature %d, %s]", in.Name, n, s.FullField)
	sub, err := v.Verify(ctx, Input{Name: name, Data: s.Contents, Document: doc, POAs: in.POAs, POAMatchOnly: in.POAMatchOnly})
	if err != nil {
		return nil, err // the file could not be read: no verdict, as for any document
	}
	if len(sub.Signatures) == 0 {
		// The CMS could not be read: the report's own verdict and cause,
		// for this signature.
		return []SignatureReport{{Status: sub.Status, SubIndication: sub.SubIndication, Cause: sub.Cause, Error: sub.Error,
			Chain: []ChainCertificate{}, Revocation: Revocation{Status: "not_checked"}, built: true}}, nil
	}
	return sub.Signatures, nil
}

func pdfInfo(s *pdf.Signature) *PDFSignature {
	info := &PDFSignature{Field: s.FullField, Type: s.Type, SubFilter: s.SubFilter, Revision: s.Revision,
		ByteRange: s.ByteRange, CoversRevision: s.CoversRevision, CoversWholeFile: s.CoversWholeFile,
		ModifiedAfter: s.ModifiedAfter, Name: s.Name, Reason: s.Reason, Location: s.Location}
	if info.Field == "" {
		info.Field = s.Field
	}
	if !s.SigningTime.IsZero() {
		t := s.SigningTime.UTC()
		info.ClaimedTime = &t
	}
	return info
}

// PDFDescription is what the signatures inside a PDF hold (show), without
// verifying anything.
type PDFDescription struct {
	File       string                    `json:"file"`
	Signatures []PDFSignatureDescription `json:"signatures"`
}

// PDFSignatureDescription is one signature of a PDF: its dictionary and
// what its CMS holds, or why the CMS could not be read.
type PDFSignatureDescription struct {
	PDF   *PDFSignature `json:"pdf"`
	CMS   *Description  `json:"cms,omitempty"`
	Error string        `json:"error,omitempty"`
}

// DescribePDF describes the signatures of a PDF; an unreadable PDF is a
// *PDFError.
func DescribePDF(name string, f *PDFFile, parse func([]byte) (*cms.SignedData, error)) (*PDFDescription, error) {
	sigs, err := pdf.Signatures(f.R, f.Size, pdf.Limits{})
	if err != nil {
		return nil, &PDFError{Err: err}
	}
	d := &PDFDescription{File: name, Signatures: []PDFSignatureDescription{}}
	for i := range sigs {
		s := &sigs[i]
		sd := PDFSignatureDescription{PDF: pdfInfo(s)}
		switch {
		case s.Invalid != nil:
			sd.Error = s.Invalid.Error()
		default:
			if signed, err := parse(s.Contents); err != nil {
				sd.Error = err.Error()
			} else {
				sd.CMS = Describe(fmt.Sprintf("%s [signature %d]", name, i+1), signed)
			}
		}
		d.Signatures = append(d.Signatures, sd)
	}
	return d, nil
}
