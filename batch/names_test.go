package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gostverify/gostverify/verify"
)

var escapeTests = []struct{ name, reported string }{
	{"act.xml", "act.xml"},
	{"акт №5.xml", "акт №5.xml"},
	{`C:\docs\act.xml`, `C:\docs\act.xml`}, // Windows paths as they are
	{`\xff.txt`, `\xff.txt`},               // lower case reads as no escape
	{`\x4G.txt`, `\x4G.txt`},
	{"\uFFFD.txt", "\uFFFD.txt"}, // a real U+FFFD is UTF-8
	{"\xff\xfe.txt.sig", `\xFF\xFE.txt.sig`},
	{"\xfe\xff.txt.sig", `\xFE\xFF.txt.sig`},
	{`\xFF\xFE.txt.sig`, `\\xFF\\xFE.txt.sig`}, // a name that reads as an escape
	{"dir\\\xff", `dir\\\xFF`},
	{"акт\xd0.xml", `акт\xD0.xml`}, // CP1251 or cut UTF-8
	{"\x8e\xa0\xaa\xe2.xml", `\x8E\xA0\xAA\xE2.xml`},
}

func TestEscapePath(t *testing.T) {
	seen := map[string]string{}
	for _, tt := range escapeTests {
		got := EscapePath(tt.name)
		if got != tt.reported {
			t.Errorf("EscapePath(%q) = %q, want %q", tt.name, got, tt.reported)
		}
		if back, err := UnescapePath(got); err != nil || back != tt.name {
			t.Errorf("UnescapePath(%q) = %q, %v; want %q", got, back, err, tt.name)
		}
		if other, ok := seen[got]; ok {
			t.Errorf("%q and %q are both reported as %q", other, tt.name, got)
		}
		seen[got] = tt.name
	}
	for _, bad := range []string{`\x41.txt`, "\xff.txt", `\xFF\q`, `\xFF\`, `\xFF\x4`, `a\b\xFF`} {
		if got, err := UnescapePath(bad); err == nil {
			t.Errorf("UnescapePath(%q) = %q, want an error", bad, got)
		}
	}
}

// FuzzEscapePath: every name is reported as valid UTF-8 that gives it
// back, and UnescapePath accepts only what EscapePath writes.
func FuzzEscapePath(f *testing.F) {
	for _, tt := range escapeTests {
		f.Add(tt.name)
		f.Add(tt.reported)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := EscapePath(s)
		if !utf8.ValidString(e) {
			t.Fatalf("EscapePath(%q) = %q, not UTF-8", s, e)
		}
		if back, err := UnescapePath(e); err != nil || back != s {
			t.Fatalf("UnescapePath(EscapePath(%q)) = %q, %v", s, back, err)
		}
		if (e == s) != (utf8.ValidString(s) && !hasEscape(s)) {
			t.Fatalf("EscapePath(%q) = %q: changed a name it should keep, or kept one it should change", s, e)
		}
		if name, err := UnescapePath(s); err == nil && EscapePath(name) != s {
			t.Fatalf("UnescapePath(%q) = %q, which is reported as %q", s, name, EscapePath(name))
		}
	})
}

// TestRunNamesNotUTF8: names that are not UTF-8 (and a UTF-8 name that
// looks like their escape) are named apart, and reversibly, in the JSON,
// CSV, HTML and text reports.
func TestRunNamesNotUTF8(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("file names are UTF-16 or normalised UTF-8 here")
	}
	dir := t.TempDir()
	files := map[string]string{
		"\xff\xfe.txt.sig":   "bad_random.sig",
		"\xfe\xff.txt.sig":   "bad_random.sig",
		`\xFF\xFE.txt.sig`:   "bad_random.sig",
		"\xff.xml":           "invoice.xml",
		"\xff.xml.sig":       "invoice.xml.sig",
		`back\slash.txt`:     "long.txt",
		"\xd0\xb0\xd0.p7s":   "bad_random.sig",
		"=cmd\xff|' .p7s":    "bad_random.sig",
		"plain-document.txt": "long.txt",
	}
	raw := map[string]bool{dir: true} // full names
	for name, fixture := range files {
		data, err := os.ReadFile(filepath.Join(cmsDir, fixture))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Skipf("this file system refuses the name %q: %v", name, err)
		}
		raw[filepath.Join(dir, name)] = true
	}
	rep, err := Run(context.Background(), []string{dir}, Options{Verify: verify.Options{RevocationOff: true}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Entries) != len(files) {
		t.Fatalf("%d entries, want %d", len(rep.Entries), len(files))
	}
	rawName := func(t *testing.T, reported string) string {
		t.Helper()
		name, err := UnescapePath(reported)
		if err != nil {
			t.Fatalf("%q: %v", reported, err)
		}
		if !raw[name] {
			t.Fatalf("%q names %q, which is not an input", reported, name)
		}
		return name
	}
	// want: each input once, by its own name.
	checkAll := func(t *testing.T, got map[string]bool) {
		t.Helper()
		for name := range raw {
			if name != dir && !got[name] {
				t.Errorf("%q is not named", name)
			}
		}
	}

	// render writes a report and checks that it is UTF-8.
	render := func(t *testing.T, write func(io.Writer) error) []byte {
		t.Helper()
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		if !utf8.Valid(b.Bytes()) {
			t.Error("the report is not UTF-8")
		}
		return b.Bytes()
	}

	t.Run("json", func(t *testing.T) {
		out := render(t, rep.WriteJSON)
		var doc struct {
			Inputs  []string `json:"inputs"`
			Entries []struct {
				Path       string   `json:"path"`
				PathBytes  []byte   `json:"path_bytes"`
				Document   string   `json:"document"`
				Signatures []string `json:"signatures"`
				Reason     string   `json:"reason"`
			} `json:"entries"`
			Summary struct {
				Problems []struct{ Paths []string } `json:"problems"`
			} `json:"summary"`
		}
		if err := json.Unmarshal(out, &doc); err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, e := range doc.Entries {
			name := rawName(t, e.Path)
			if got[name] {
				t.Errorf("%q is named twice", name)
			}
			got[name] = true
			if escaped := e.Path != name; escaped != (e.PathBytes != nil) || escaped && string(e.PathBytes) != name {
				t.Errorf("%q: path_bytes %q, want the name's bytes exactly when the path is escaped", e.Path, e.PathBytes)
			}
			if e.Document != "" {
				rawName(t, e.Document)
			}
			for _, s := range e.Signatures {
				rawName(t, s)
			}
			if strings.Contains(e.Reason, "\uFFFD") {
				t.Errorf("%q: reason %q lost bytes", e.Path, e.Reason)
			}
		}
		checkAll(t, got)
		for _, p := range doc.Summary.Problems {
			for _, path := range p.Paths {
				rawName(t, path)
			}
		}
		for _, in := range doc.Inputs {
			rawName(t, in)
		}
		// Names that are UTF-8 and read as no escape are as they were.
		for _, e := range doc.Entries {
			if name := rawName(t, e.Path); utf8.ValidString(name) && !hasEscape(name) && e.Path != name {
				t.Errorf("%q is reported as %q", name, e.Path)
			}
		}
		var sig, xml string
		for _, e := range doc.Entries {
			switch rawName(t, e.Path) {
			case filepath.Join(dir, "\xff.xml.sig"):
				sig = e.Document
			case filepath.Join(dir, "\xff.xml"):
				xml = strings.Join(e.Signatures, ",")
			}
		}
		if sig != EscapePath(filepath.Join(dir, "\xff.xml")) || xml != EscapePath(filepath.Join(dir, "\xff.xml.sig")) {
			t.Errorf("the signature names its document %q, the document its signatures %q", sig, xml)
		}
	})

	t.Run("csv", func(t *testing.T) {
		out := render(t, func(w io.Writer) error { return rep.WriteCSV(w, English) })
		rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		seen := map[string]bool{}
		for _, row := range rows[1:] {
			for _, cell := range row[:2] {
				if cell == "" {
					continue
				}
				got[rawName(t, strings.TrimPrefix(cell, "'"))] = true
			}
			if seen[row[0]] && row[3] == "" {
				t.Errorf("two rows for %q", row[0])
			}
			seen[row[0]] = true
		}
		checkAll(t, got)
	})

	t.Run("html", func(t *testing.T) {
		out := render(t, func(w io.Writer) error { return rep.WriteHTML(w, English) })
		got := map[string]bool{}
		for _, m := range regexp.MustCompile(`class="path">([^<]*)<`).FindAllSubmatch(out, -1) {
			got[rawName(t, undisplay(t, html.UnescapeString(string(m[1]))))] = true
		}
		checkAll(t, got)
	})

	t.Run("summary", func(t *testing.T) {
		out := render(t, func(w io.Writer) error { return rep.WriteSummary(w, English) })
		var got []string
		for line := range strings.Lines(string(out)) {
			if p, ok := strings.CutPrefix(strings.TrimSuffix(line, "\n"), "    "); ok {
				got = append(got, rawName(t, undisplay(t, p)))
			}
		}
		// The signatures that are not valid: all but none.
		want := []string{"\xff\xfe.txt.sig", "\xfe\xff.txt.sig", `\xFF\xFE.txt.sig`, "\xff.xml.sig", "\xd0\xb0\xd0.p7s", "=cmd\xff|' .p7s"}
		for _, name := range want {
			if !slices.Contains(got, filepath.Join(dir, name)) {
				t.Errorf("%q is not listed", name)
			}
		}
		if len(got) != len(want) {
			t.Errorf("listed %q, want %q", got, want)
		}
	})
}

// undisplay reverses displayPath.
func undisplay(t *testing.T, s string) string {
	t.Helper()
	if !strings.HasPrefix(s, `"`) {
		return s
	}
	u, err := strconv.Unquote(s)
	if err != nil {
		t.Fatalf("%s: %v", s, err)
	}
	return u
}

// TestDisplayPath: the summary and the HTML name files apart and
// reversibly too: a quoted path is never also a name shown as it is.
func TestDisplayPath(t *testing.T) {
	names := []string{"a\nb", `"a\nb"`, `"a`, "a\u202Egis.exe", `\xFF.sig`, "акт.xml"}
	seen := map[string]string{}
	for _, name := range names {
		d := displayPath(name)
		if other, ok := seen[d]; ok {
			t.Errorf("%q and %q are both shown as %s", other, name, d)
		}
		seen[d] = name
		if back := undisplay(t, d); back != name {
			t.Errorf("%q is shown as %s, which reads back as %q", name, d, back)
		}
	}
}
