package batch

import (
	"bytes"
	"os"
	"strings"

	"github.com/gostverify/gostverify/verify"
)

// isPDFName reports whether name ends in .pdf (any case): a file whose
// signatures, if it has any, are inside it.
func isPDFName(name string) bool {
	return len(name) > 4 && strings.EqualFold(name[len(name)-4:], ".pdf")
}

// checkPDF verifies the signatures inside PDF file i (verify's Input.PDF):
// a PDF with signatures is a signature entry (pairing "pdf"), one without
// is an unsigned document, one that cannot be read is FORMAT_FAILURE. A
// PDF on disk is read where it lies; one inside an archive is read into
// memory, up to MaxSignatureSize.
func (r *run) checkPDF(i int) {
	defer r.progress()
	in, e := r.files[i], &r.entries[i]
	f, closeFile, err := pdfFile(in)
	if err != nil {
		e.unreadable(err, r.lang()) // refused when a limit stopped it, as parse says of a signature file
		r.record(i)
		return
	}
	defer closeFile()
	rep, err := r.v.Verify(r.ctx, verify.Input{Name: in.Path, PDF: f, POAs: r.poasFor(in.Path), POAMatchOnly: true})
	if err != nil {
		e.Kind, e.Status, e.SubIndication, e.Reason = KindUnreadable, Indeterminate, InputUnreadable, errorIn(err, r.lang())
		r.record(i)
		return
	}
	if rep.SubIndication == verify.SignedDataNotFound {
		e.Kind, e.Status = KindDocument, Unsigned // a PDF nobody signed
		return
	}
	e.Pairing = PairedPDF
	r.setVerification(e, rep)
	r.record(i)
}

// pdfFile opens input in for random access.
func pdfFile(in *Input) (*verify.PDFFile, func(), error) {
	if in.Err != nil {
		return nil, nil, in.Err
	}
	if !strings.Contains(in.Path, "!/") {
		f, err := os.Open(in.Path)
		if err != nil {
			return nil, nil, &InputError{Path: in.Path, Err: unwrapPathError(err)}
		}
		fi, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, nil, &InputError{Path: in.Path, Err: err}
		}
		return &verify.PDFFile{R: f, Size: fi.Size()}, func() { f.Close() }, nil
	}
	data, err := readSignature(in) // bounded by MaxSignatureSize
	if err != nil {
		return nil, nil, err
	}
	return &verify.PDFFile{R: bytes.NewReader(data), Size: int64(len(data))}, func() {}, nil
}
