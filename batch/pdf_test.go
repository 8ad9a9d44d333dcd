package batch

import (
	"archive/zip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/verify"
)

// TestRunPDF: the PDFs of testdata/pdf, in a folder and in a zip: signed
// ones are signature entries (pairing "pdf") with a verdict per
// signature, an unsigned one an unsigned document, broken ones
// FORMAT_FAILURE.
func TestRunPDF(t *testing.T) {
	opts := batchOptions(t)
	opts.Verify.RevocationOff, opts.Verify.Policy = true, verify.PolicyBasic
	want := map[string]struct {
		kind    string
		status  Status
		signers int
	}{
		"signed.pdf":      {KindSignature, Valid, 1},
		"two.pdf":         {KindSignature, Valid, 2},
		"appended.pdf":    {KindSignature, Valid, 1},
		"changed.pdf":     {KindSignature, Invalid, 1},
		"unsigned.pdf":    {KindDocument, Unsigned, 0},
		"badxref.pdf":     {KindSignature, Invalid, 0},
		"bomb_depth.pdf":  {KindSignature, Invalid, 0},
		"bomb_stream.pdf": {KindSignature, Invalid, 0},
	}
	files := map[string][]byte{}
	for name := range want {
		data, err := os.ReadFile(filepath.Join("..", "testdata", "pdf", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	folder, zipped := folderAndZip(t, "pdfs", files)
	for _, in := range []string{folder, zipped} {
		rep, err := Run(context.Background(), []string{in}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Entries) != len(want) {
			t.Fatalf("%s: %d entries", in, len(rep.Entries))
		}
		for _, e := range rep.Entries {
			w := want[e.Path[strings.LastIndexAny(e.Path, "/")+1:]]
			signers := 0
			if e.Verification != nil {
				signers = len(e.Verification.Signatures)
			}
			if e.Kind != w.kind || e.Status != w.status || signers != w.signers {
				t.Errorf("%s: %s %s with %d signers (%s), want %s %s with %d", e.Path, e.Kind, e.Status, signers, e.Reason, w.kind, w.status, w.signers)
			}
			if w.signers > 0 && (e.Pairing != PairedPDF || e.Verification.Signatures[0].PDF == nil) {
				t.Errorf("%s: pairing %q", e.Path, e.Pairing)
			}
		}
	}
}

// TestRunPDFRefused: a PDF in a zip that a limit stops while it is read
// (here --max-inflate) is refused, as a signature file would be, not
// merely unreadable.
func TestRunPDFRefused(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "testdata", "pdf", "signed.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	z := writeTestFile(t, filepath.Join(t.TempDir(), "a.zip"), buildTestZip(t,
		entrySpec{name: "signed.pdf", data: data, method: zip.Deflate},
		entrySpec{name: "signed.pdf.sig", data: data, method: zip.Deflate}))
	opts := batchOptions(t)
	opts.Verify.RevocationOff, opts.Verify.Policy = true, verify.PolicyBasic
	opts.Limits = DefaultLimits
	opts.Limits.MaxInflate = int64(len(data)) / 2
	rep, err := Run(context.Background(), []string{z}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Entries) != 2 {
		t.Fatalf("%d entries: %+v", len(rep.Entries), rep.Entries)
	}
	for _, e := range rep.Entries {
		if e.Kind != KindRefused || e.SubIndication != InputRefused || e.Status != Indeterminate {
			t.Errorf("%s: %s %s %s (%s), want refused", e.Path, e.Kind, e.Status, e.SubIndication, e.Reason)
		}
	}
}
