package verify

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// TestPDF verifies the signatures inside testdata/pdf's PDFs (made by
// testdata/pdf/gen.sh with OpenSSL over testdata/cms/pki, each checked by
// openssl cms -verify over its byte range).
func TestPDF(t *testing.T) {
	roots, sub := cmsTrust(t, "../testdata/cms/pki")
	v := New(Options{Roots: roots, Certificates: sub, RevocationOff: true, Policy: PolicyBasic})
	for _, c := range []struct {
		file        string
		status      Status
		sub         SubIndication
		signatures  int
		modified    []bool // per signature
		notCovered  bool   // a warning that no signature covers the whole file
		fileFailure bool
	}{
		{"signed.pdf", Valid, "", 1, []bool{false}, false, false},
		{"two.pdf", Valid, "", 2, []bool{true, false}, false, false},
		{"appended.pdf", Valid, "", 1, []bool{true}, true, false},
		{"objstm.pdf", Valid, "", 1, []bool{false}, false, false},
		{"changed.pdf", Invalid, HashFailure, 1, []bool{false}, false, false},
		{"unsigned.pdf", Indeterminate, SignedDataNotFound, 0, nil, false, true},
		{"badxref.pdf", Invalid, FormatFailure, 0, nil, false, true},
		{"bomb_depth.pdf", Invalid, FormatFailure, 0, nil, false, true},
		{"bomb_stream.pdf", Invalid, FormatFailure, 0, nil, false, true},
	} {
		t.Run(c.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("../testdata/pdf", c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			fi, _ := f.Stat()
			r, err := v.Verify(context.Background(), Input{Name: c.file, PDF: &PDFFile{R: f, Size: fi.Size()}})
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != c.status || len(r.Signatures) != c.signatures {
				t.Fatalf("%s (%s) with %d signatures: %s", r.Status, r.Reason, len(r.Signatures), r.SubIndication)
			}
			if c.fileFailure {
				var pe *PDFError
				if r.SubIndication != c.sub || r.Reason == "" || (c.sub == FormatFailure && !errors.As(r.Cause, &pe)) {
					t.Errorf("%s %q, cause %v", r.SubIndication, r.Reason, r.Cause)
				}
				return
			}
			for i, s := range r.Signatures {
				if s.PDF == nil || s.PDF.ModifiedAfter != c.modified[i] || s.PDF.ByteRange[0] != 0 || s.PDF.SubFilter == "" {
					t.Errorf("signature %d: %+v", i+1, s.PDF)
				}
				if s.Position != string(rune('1'+i)) {
					t.Errorf("position %q", s.Position)
				}
				if c.status != Valid && s.SubIndication != c.sub {
					t.Errorf("signature %d: %s", i+1, s.SubIndication)
				}
			}
			last := r.Signatures[len(r.Signatures)-1].PDF
			if last.CoversWholeFile == c.notCovered || (len(r.Warnings) > 0) != c.notCovered {
				t.Errorf("covers the whole file %v, warnings %q", last.CoversWholeFile, r.Warnings)
			}
		})
	}
}
