package edo

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func names(ns ...string) []File {
	fs := make([]File, len(ns))
	for i, n := range ns {
		fs[i] = File{Name: n, Size: 1}
	}
	return fs
}

func wantReason(t *testing.T, err error, reason Reason) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T), want *Error %v", err, err, reason)
	}
	if e.Reason != reason {
		t.Fatalf("reason %v (%v), want %v", e.Reason, err, reason)
	}
	if !strings.HasPrefix(e.Error(), "edo: ") {
		t.Fatalf("message %q", e.Error())
	}
	return e
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name  string
		files []File
		want  *Candidate
	}{
		{"none", names("a.pdf", "a.pdf.sig"), nil},
		{"empty", nil, nil},
		{"fns", names("x.bin", "packageDescription.xml"), &Candidate{Kind: KindFNSTransport, Manifest: "packageDescription.xml"}},
		{"fns upper case", names("PACKAGEDESCRIPTION.XML"), &Candidate{Kind: KindFNSTransport, Manifest: "PACKAGEDESCRIPTION.XML"}},
		{"fns not at root", names("sub/packageDescription.xml"), nil},
		{"taxcom", names("meta.xml", "MainDocument/card.xml"), &Candidate{Kind: KindTaxcom, Manifest: "meta.xml"}},
		{"taxcom with warrants", names("warrant.xml", "meta.xml"), &Candidate{Kind: KindTaxcom, Manifest: "meta.xml", Warrants: "warrant.xml"}},
		{"warrants alone", names("warrant.xml"), nil},
		{"fns wins", names("meta.xml", "packageDescription.xml"), &Candidate{Kind: KindFNSTransport, Manifest: "packageDescription.xml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Detect(tt.files); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Detect = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCleanPath(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"a.xml", "a.xml", true},
		{"./a.xml", "a.xml", true},
		{"dir//sub/./a.xml", "dir/sub/a.xml", true},
		{"dir/", "dir", true},
		{"Документ.xml", "Документ.xml", true},
		{"", "", false},
		{".", "", false},
		{"/etc/passwd", "", false},
		{"../a.xml", "", false},
		{"dir/../a.xml", "", false},
		{"dir/..", "", false},
		{`dir\a.xml`, "", false},
		{`C:a.xml`, "", false},
		{"a\x00.xml", "", false},
		{"a\n.xml", "", false},
		{"\xff.xml", "", false},
	}
	for _, tt := range tests {
		got, ok := cleanPath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("cleanPath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// TestReadRefuses: what any layout refuses, with the Reason it gives.
func TestReadRefuses(t *testing.T) {
	fns := &Candidate{Kind: KindFNSTransport, Manifest: "packageDescription.xml"}
	taxcom := &Candidate{Kind: KindTaxcom, Manifest: "meta.xml"}
	deep := strings.Repeat("<a>", 40) + strings.Repeat("</a>", 40)
	many := `<ТрансИнф версияФормата="ФНС:1.0">` + strings.Repeat(`<x/>`, 100_001) + `</ТрансИнф>`
	tests := []struct {
		name   string
		c      *Candidate
		data   string
		reason Reason
	}{
		{"empty", fns, "", NotXML},
		{"text", fns, "hello", NotXML},
		{"unclosed", fns, `<ТрансИнф версияФормата="ФНС:1.0">`, NotXML},
		{"two roots", fns, `<ТрансИнф версияФормата="ФНС:1.0"/><ТрансИнф/>`, NotXML},
		{"text after root", taxcom, `<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta"/>x`, NotXML},
		{"duplicate attribute", fns, `<ТрансИнф версияФормата="ФНС:1.0" версияФормата="ФНС:1.0"/>`, NotXML},
		{"doctype", fns, `<!DOCTYPE ТрансИнф [<!ENTITY x "y">]><ТрансИнф версияФормата="ФНС:1.0"/>`, DTDRefused},
		{"encoding", fns, `<?xml version="1.0" encoding="koi8-r"?><ТрансИнф/>`, BadEncoding},
		{"deep", fns, deep, TooDeep},
		{"many", fns, many, TooManyElements},
		{"too large", fns, strings.Repeat(" ", MaxManifestSize+1), TooLarge},
		{"fns wrong root", fns, `<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta"/>`, WrongRoot},
		{"fns namespace", fns, `<ТрансИнф xmlns="urn:x" версияФормата="ФНС:1.0"/>`, WrongRoot},
		{"fns version", fns, `<ТрансИнф версияФормата="ФНС:2.0"/>`, WrongRoot},
		{"fns no version", fns, `<ТрансИнф/>`, MissingAttribute},
		{"taxcom wrong root", taxcom, `<ТрансИнф версияФормата="ФНС:1.0"/>`, WrongRoot},
		{"taxcom no namespace", taxcom, `<ContainerDescription/>`, WrongRoot},
		{"unknown kind", &Candidate{Kind: "diadoc", Manifest: "x.xml"}, `<a/>`, UnknownKind},
		{"nil candidate", nil, `<a/>`, UnknownKind},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Read(tt.c, []byte(tt.data), nil)
			if l != nil {
				t.Errorf("layout %+v with an error", l)
			}
			e := wantReason(t, err, tt.reason)
			if tt.c != nil && (e.Kind != tt.c.Kind || e.Manifest != tt.c.Manifest) {
				t.Errorf("error names %q %q", e.Kind, e.Manifest)
			}
		})
	}
}

// TestWindows1251: the FNS format's declared encoding; the same manifest
// in UTF-8 and in windows-1251 reads the same.
func TestWindows1251(t *testing.T) {
	utf := `<?xml version="1.0" encoding="UTF-8"?>` +
		`<ТрансИнф версияФормата="ФНС:1.0"><документ типДокумента="письмо" сжат="false" зашифрован="false">` +
		`<содержимое имяФайла="Письмо.txt"/><подпись имяФайла="Письмо.txt.sgn" роль="абонент"/></документ></ТрансИнф>`
	cp, err := charmap.Windows1251.NewEncoder().String(strings.Replace(utf, "UTF-8", "windows-1251", 1))
	if err != nil {
		t.Fatal(err)
	}
	c := &Candidate{Kind: KindFNSTransport, Manifest: "packageDescription.xml"}
	files := names("packageDescription.xml", "Письмо.txt", "Письмо.txt.sgn")
	a, err := Read(c, []byte(utf), files)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Read(c, []byte(cp), files)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("UTF-8 %+v\nwindows-1251 %+v", a, b)
	}
	if len(a.Documents) != 1 || a.Documents[0].Type != "письмо" || a.Documents[0].File != "Письмо.txt" {
		t.Errorf("%+v", a)
	}
	// A byte order mark before the declaration is allowed.
	bom, err := Read(c, append([]byte("\xef\xbb\xbf"), utf...), files)
	if err != nil || !reflect.DeepEqual(a, bom) {
		t.Errorf("with BOM: %+v, %v", bom, err)
	}
}

// TestMessagesBounded: a hostile manifest cannot make an error message
// large; the decoder's own error stays the cause.
func TestMessagesBounded(t *testing.T) {
	long := strings.Repeat("Я", 100_000)
	c := &Candidate{Kind: KindFNSTransport, Manifest: "packageDescription.xml"}
	for _, data := range []string{
		"<a" + long + "\xb9>",
		`<` + long + `/>`,
		`<a><` + long + ` x="1" x="2"/></a>`,
		`<ТрансИнф версияФормата="` + long + `"/>`,
		`<a/><` + long + `/>`,
	} {
		_, err := Read(c, []byte(data), nil)
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%v", err)
		}
		if msg := e.Error(); len(msg) > 1024 || !utf8.ValidString(msg) {
			t.Errorf("message of %d bytes: %.100q", len(msg), msg)
		}
	}
}
