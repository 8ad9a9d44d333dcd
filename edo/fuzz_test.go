package edo

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// checkLayout: what Read guarantees of any layout it returns.
func checkLayout(t *testing.T, l *Layout, files []File) {
	t.Helper()
	have := map[string]bool{}
	for _, f := range files {
		have[f.Name] = true
	}
	missing := map[string]bool{}
	for _, m := range l.Missing {
		if have[m] || missing[m] {
			t.Fatalf("Missing %q: in the list, or twice", m)
		}
		missing[m] = true
	}
	path := func(p string) {
		if p == "" {
			return
		}
		if c, ok := cleanPath(p); !ok || c != p {
			t.Fatalf("path %q not clean", p)
		}
		if !have[p] && !missing[p] {
			t.Fatalf("path %q neither in the list nor Missing", p)
		}
	}
	for _, d := range l.Documents {
		if d.File == "" {
			t.Fatal("document without a file")
		}
		if len(d.Roles) != len(d.Signatures) {
			t.Fatalf("%d roles for %d signatures", len(d.Roles), len(d.Signatures))
		}
		path(d.File)
		for _, s := range d.Signatures {
			path(s)
		}
		for _, o := range d.Other {
			path(o)
		}
		for _, p := range d.POAs {
			path(p.File)
			path(p.Signature)
		}
	}
	for _, s := range l.Unpaired {
		path(s)
	}
	for _, p := range l.POAs {
		path(p.File)
		path(p.Signature)
	}
	for _, u := range l.Unlisted {
		if !have[u] {
			t.Fatalf("Unlisted %q not in the list", u)
		}
	}
}

func checkError(t *testing.T, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%T %v", err, err)
	}
	if e.Reason < TooLarge || e.Reason > UnknownKind {
		t.Fatalf("reason %d", e.Reason)
	}
	if msg := e.Error(); !strings.HasPrefix(msg, "edo: ") || len(msg) > 4096 {
		t.Fatalf("message of %d bytes: %.200q", len(msg), msg)
	}
}

func fuzzSeeds(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, file := range files {
		f.Add(readFile(f, file))
	}
}

var fuzzFiles = names("packageDescription.xml", "meta.xml", "warrant.xml", "a", "a.sig", "a.bin",
	"0a1b2c3d4e5f60718293a4b5c6d7e8f9.bin", "MainDocument/card.xml", "BuyerTitle/ON_NSCHFDOPPOK_1.xml")

// FuzzReadFNSTransport: any manifest reads or is refused with an *Error,
// without panic; what reads names clean paths, each in the list or in
// Missing.
func FuzzReadFNSTransport(f *testing.F) {
	fuzzSeeds(f, "testdata/fns-transport/*.xml")
	f.Add([]byte(`<ТрансИнф версияФормата="ФНС:1.0"><документ типДокумента="x" сжат="0" зашифрован="1"><содержимое имяФайла="a"/><подпись имяФайла="a.sig" роль="r"/></документ></ТрансИнф>`))
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1251"?><ТрансИнф/>`))
	c := &Candidate{Kind: KindFNSTransport, Manifest: "packageDescription.xml"}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read(c, data, fuzzFiles)
		if err != nil {
			checkError(t, err)
			return
		}
		checkLayout(t, l, fuzzFiles)
	})
}

// FuzzReadTaxcom: as FuzzReadFNSTransport, for meta.xml, then warrant.xml
// against the layout read (the same bytes when meta.xml is refused, so
// that the warrant reader is fuzzed too).
func FuzzReadTaxcom(f *testing.F) {
	fuzzSeeds(f, "testdata/taxcom/*.xml")
	f.Add([]byte(`<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta"><DocFlow><Documents><Document><Files><MainImage Path="a"/><MainImageSignature Path="a.sig"/></Files></Document></Documents></DocFlow></ContainerDescription>`))
	f.Add([]byte(`<Warrant><WarrantCard><Description><Files><WarrantImage Path="a"/><WarrantSignature Path="a.sig"/></Files></Description><ToSign><DocSign file="a.sig"/></ToSign></WarrantCard></Warrant>`))
	c := &Candidate{Kind: KindTaxcom, Manifest: "meta.xml", Warrants: "warrant.xml"}
	base := `<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta"><DocFlow><Documents><Document><Files><MainImage Path="a"/><MainImageSignature Path="a.sig"/></Files></Document></Documents></DocFlow></ContainerDescription>`
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read(c, data, fuzzFiles)
		if err != nil {
			checkError(t, err)
			if l, err = Read(c, []byte(base), fuzzFiles); err != nil {
				t.Fatal(err)
			}
		} else {
			checkLayout(t, l, fuzzFiles)
		}
		if err := l.AddWarrants(c, data, fuzzFiles); err != nil {
			checkError(t, err)
			return
		}
		checkLayout(t, l, fuzzFiles)
	})
}
