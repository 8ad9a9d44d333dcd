package batch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/gostverify/gostverify/extend"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// Extension is what a run with Options.Extend did with a signature file:
// extended (the file with the new attributes written under
// Options.ExtendOut), not_extended (nothing to add, or nothing that may
// be: the signature is not valid, a PDF, already at the level) or failed
// (the TSA, the revocation data or the output failed it).
type Extension struct {
	Status string `json:"status"`
	// Level is the level reached (extended).
	Level string `json:"level,omitempty"`
	// Output is the extended signature file (extended).
	Output string `json:"output,omitempty"`
	// Code says why it was not extended, for programs: an extend.Reason's
	// Code ("not_valid", "tsa_rejected", ...), "pdf", "not_checked" or
	// "output".
	Code string `json:"reason_code,omitempty"`
	// Reason says it in the run's language.
	Reason string `json:"reason,omitempty"`
}

// Extension statuses.
const (
	Extended     = "extended"
	NotExtended  = "not_extended"
	ExtendFailed = "failed"
)

// extendSignature extends signature file i, verified valid with doc as
// its document (nil for an attached signature), when the run extends:
// the file is read again, given to Options.Extend, and the result written
// under Options.ExtendOut; the entry says what came of it.
func (r *run) extendSignature(i int, doc *Input, attached bool) {
	x := r.opts.Extend
	if x == nil {
		return
	}
	sig, e, l := r.files[i], &r.entries[i], r.lang()
	if e.Status != Valid {
		return // noted by extensions, with every signature not extended
	}
	data, err := readSignature(sig)
	if err != nil {
		e.Extension = &Extension{Status: ExtendFailed, Code: "input", Reason: errorIn(err, l)}
		return
	}
	in := extend.Input{Name: sig.Path, Data: data}
	if doc != nil && (!attached || doc.Err == nil) {
		in.Document = &verify.Document{Name: doc.Path, Open: doc.Open}
	}
	res, err := x.Extend(r.ctx, in)
	if err != nil {
		ext := &Extension{Status: ExtendFailed, Code: "error", Reason: verify.Detail(l, err)}
		var ee *extend.Error
		if errors.As(err, &ee) {
			ext.Code = ee.Reason.Code()
			ext.Reason = ee.Reason.In(l)
			if ee.Err != nil {
				ext.Reason += ": " + verify.Detail(l, ee.Err)
			}
			if ee.Reason == extend.NotValid || ee.Reason == extend.AlreadyAtLevel {
				ext.Status = NotExtended
			}
		}
		e.Extension = ext
		return
	}
	out := ExtendedPath(r.opts.ExtendOut, sig.Path)
	if err := writeNew(out, res.Data); err != nil {
		e.Extension = &Extension{Status: ExtendFailed, Code: "output", Reason: l.Sprintf(i18n.BatchExtendWrite, out, verify.Detail(l, err))}
		return
	}
	e.Extension = &Extension{Status: Extended, Level: string(res.Level), Output: out}
}

// extensions says why every signature entry of the group that was not
// extended was not (a run with Options.Extend).
func (r *run) extensions() {
	if r.opts.Extend == nil {
		return
	}
	l := r.lang()
	for i := range r.entries {
		e := &r.entries[i]
		if e.Kind != KindSignature || e.Extension != nil {
			continue
		}
		ext := &Extension{Status: NotExtended}
		switch {
		case e.Status == NotChecked:
			ext.Code, ext.Reason = "not_checked", l.Sprintf(i18n.BatchExtendNotChecked)
		case isPDFName(e.Path) || e.Pairing == PairedPDF:
			ext.Code, ext.Reason = "pdf", l.Sprintf(i18n.BatchExtendPDF)
		default:
			why := e.Reason
			if why == "" {
				why = statusLabel(e.Status, l)
			}
			ext.Code, ext.Reason = extend.NotValid.Code(), l.Sprintf(i18n.BatchExtendNotValid, why)
		}
		e.Extension = ext
	}
}

// ExtendedPath is where a run extending into dir writes the extended
// signature at path: dir, then path made absolute (without its leading
// separator), an archive's entries in a folder named after the archive
// ("a.zip!/x/y.sig" is dir/…/a.zip/x/y.sig).
func ExtendedPath(dir, path string) string {
	disk, inner, _ := strings.Cut(path, "!/")
	if abs, err := filepath.Abs(disk); err == nil {
		disk = abs
	}
	disk = strings.TrimPrefix(filepath.ToSlash(disk), "/")
	rel := disk
	if inner != "" {
		rel += "/" + strings.ReplaceAll(inner, "!/", "/")
	}
	return filepath.Join(dir, filepath.FromSlash(rel))
}

// writeNew writes data to a file that must not exist yet, making its
// folders.
func writeNew(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(path)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
