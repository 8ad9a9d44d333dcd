package xmlsafe

import (
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// read returns the names of the elements of doc, or the error.
func read(doc string, lim Limits) ([]string, error) {
	d := NewDecoder(strings.NewReader(doc), lim)
	var names []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return names, nil
		}
		if err != nil {
			return names, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			names = append(names, se.Name.Local)
		}
	}
}

func TestDecoder(t *testing.T) {
	cp1251, _ := charmap.Windows1251.NewEncoder().String(`<?xml version="1.0" encoding="windows-1251"?><Корень/>`)
	for _, c := range []struct {
		name, doc string
		lim       Limits
		kind      Kind // -1: no error
		first     string
	}{
		{"utf-8", `<?xml version="1.0" encoding="UTF-8"?><Корень><а/></Корень>`, Limits{}, -1, "Корень"},
		{"byte order mark", "\xef\xbb\xbf<?xml version=\"1.0\"?><a/>", Limits{}, -1, "a"},
		{"windows-1251", cp1251, Limits{}, -1, "Корень"},
		{"koi8-r refused", `<?xml version="1.0" encoding="koi8-r"?><a/>`, Limits{}, BadEncoding, ""},
		{"doctype", `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>`, Limits{}, Directive, ""},
		{"too deep", `<a><b><c/></b></a>`, Limits{MaxDepth: 2}, TooDeep, ""},
		{"deep enough", `<a><b><c/></b></a>`, Limits{MaxDepth: 3}, -1, "a"},
		{"too many", `<a><b/><b/></a>`, Limits{MaxElements: 2}, TooManyElements, ""},
		{"attribute twice", `<a x="1" x="2"/>`, Limits{}, DuplicateAttr, ""},
		{"not xml", `<a><b></a>`, Limits{}, NotXML, ""},
	} {
		names, err := read(c.doc, c.lim)
		var xe *Error
		switch {
		case c.kind == -1 && (err != nil || len(names) == 0 || names[0] != c.first):
			t.Errorf("%s: %q, %v", c.name, names, err)
		case c.kind != -1 && (!errors.As(err, &xe) || xe.Kind != c.kind):
			t.Errorf("%s: %v, want kind %d", c.name, err, c.kind)
		}
	}
}

// The decoder quotes a name it refuses: a hostile one of megabytes is cut
// in the message, and the decoder's error is still there to unwrap.
func TestNotXMLBounded(t *testing.T) {
	_, err := read("<a"+strings.Repeat("x", 1<<20)+"></b>", Limits{})
	var xe *Error
	var se *xml.SyntaxError
	if !errors.As(err, &xe) || xe.Kind != NotXML || !errors.As(err, &se) {
		t.Fatalf("%T %.200v", err, err)
	}
	if n := len(xe.Err.Error()); n > 200+len("…") {
		t.Errorf("the decoder's error in %d bytes", n)
	}
}

func TestCut(t *testing.T) {
	if got := Cut("абвгд", 5); got != "аб…" {
		t.Errorf("%q", got)
	}
	if got := Cut("ab\xffc", 10); got != "ab\uFFFDc" {
		t.Errorf("%q", got)
	}
}
