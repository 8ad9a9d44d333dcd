package batch

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gostverify/gostverify/verify"
)

// FuzzRender writes reports whose names, reasons and signer details are
// any text through the CSV and HTML renderers, in both languages: the CSV
// reads back as the same number of rows, each cell what was written (a
// formula cell with its ' prefix), and the HTML never lets markup or a
// script through.
func FuzzRender(f *testing.F) {
	for _, seed := range [][3]string{
		{"act.xml.sig", "the document was changed", "Иванов Иван"},
		{"=HYPERLINK(\"http://x\")", "+1-2", "@SUM(A1)"},
		{"<script>alert(1)</script>.sig", "</td><td>", "\"quoted\", comma"},
		{"\xff\xfe.sig", "line\nbreak\r\n", "tab\tend"},
		{"'=already", "-", "\x00"},
	} {
		f.Add(seed[0], seed[1], seed[2])
	}
	f.Fuzz(func(t *testing.T, path, reason, signer string) {
		// Marked, so the HTML check finds each value where it is printed.
		path, reason, signer = "☃"+path+"☄", "☃"+reason+"☄", "☃"+signer+"☄"
		rep := &Report{
			SchemaVersion: SchemaVersion, Kind: "batch", Started: time.Unix(0, 0).UTC(), Finished: time.Unix(1, 0).UTC(),
			Inputs: []string{path}, Status: verify.Invalid,
			Entries: []Entry{{
				Path: path, Kind: KindSignature, Status: Invalid, SubIndication: verify.HashFailure, Reason: reason,
				Verification: &verify.Report{SchemaVersion: verify.SchemaVersion, File: path, Status: verify.Invalid,
					Signatures: []verify.SignatureReport{{
						Position: "1", Status: verify.Invalid, SubIndication: verify.HashFailure, Reason: reason,
						Signer: &verify.Signer{Subject: signer, CommonName: signer, Organization: signer, INN: signer},
						Chain:  []verify.ChainCertificate{}, Warnings: []string{reason},
						Checks:     verify.Checks{Signature: verify.Failed, Chain: verify.NotChecked, Revocation: verify.NotChecked},
						Revocation: verify.Revocation{Status: "not_checked"},
					}}},
			}},
		}
		rep.finish()
		for _, lang := range []Lang{English, Russian} {
			var c bytes.Buffer
			if err := rep.WriteCSV(&c, lang); err != nil {
				t.Fatal(err)
			}
			records, err := csv.NewReader(&c).ReadAll()
			if err != nil {
				t.Fatalf("the CSV does not read back: %v\n%s", err, c.String())
			}
			if len(records) != 2 {
				t.Fatalf("%d CSV records, want a header and one row", len(records))
			}
			for _, cell := range records[1] {
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Errorf("CSV cell %q can run as a formula", cell)
				}
			}
			var h bytes.Buffer
			if err := rep.WriteHTML(&h, lang); err != nil {
				t.Fatal(err)
			}
			out := h.String()
			if !utf8.ValidString(out) {
				t.Error("the HTML is not UTF-8")
			}
			for rest := out; ; {
				i := strings.Index(rest, "☃")
				if i < 0 {
					break
				}
				j := strings.Index(rest[i:], "☄")
				if j < 0 {
					break
				}
				if v := rest[i : i+j]; strings.ContainsAny(v, "<>") {
					t.Errorf("the HTML holds a value with markup unescaped: %q", v)
				}
				rest = rest[i+j:]
			}
			if n := strings.Count(strings.ToLower(out), "<script"); n != 0 {
				t.Errorf("the HTML has %d <script> elements", n)
			}
		}
	})
}

// TestValidUTF8: a rune split between writes passes whole; bytes that are
// not UTF-8 become U+FFFD.
func TestValidUTF8(t *testing.T) {
	var b bytes.Buffer
	v := &validUTF8{w: &b}
	for _, p := range [][]byte{{0xd0}, {0x96, 'a', 0xff}, {0xe2, 0x98}, {0x83}, {0xd0}} {
		if _, err := v.Write(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.flush(); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "Жa\uFFFD☃\uFFFD"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
