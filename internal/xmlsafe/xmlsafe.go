// Package xmlsafe reads untrusted XML the way every XML reader of this
// module must: encoding/xml in strict mode, UTF-8 (a byte order mark
// skipped) or a declared windows-1251 (the older Russian formats'), no
// DOCTYPE or other markup declaration (so no DTD is read and no entity
// expanded: a billion-laughs file costs nothing), nesting and element
// count bounded, an element with an attribute given twice refused (XML
// 1.0 section 3.1, which encoding/xml does not check). Each violation is
// an *Error with a Kind, which the reader turns into its own typed
// reason with its own notion of where it is.
package xmlsafe

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Kind is what was refused.
type Kind int

const (
	// NotXML: not well-formed (Err unwraps to the decoder's error).
	NotXML Kind = iota
	// BadEncoding: a declared encoding other than UTF-8 or windows-1251
	// (Detail names it).
	BadEncoding
	// Directive: a DOCTYPE or another markup declaration.
	Directive
	// TooDeep: elements nested deeper than the limit.
	TooDeep
	// TooManyElements: more elements than the limit.
	TooManyElements
	// DuplicateAttr: an element with an attribute given twice (Detail
	// names it).
	DuplicateAttr
)

// Error is a refused document. Its message is bounded: the decoder's
// error (Err, for NotXML) quotes the offending name or text, which in a
// hostile file can be megabytes, so Err says at most 200 bytes of it and
// unwraps to the decoder's own.
type Error struct {
	Kind   Kind
	Detail string
	Err    error
}

func (e *Error) Error() string {
	var s string
	switch e.Kind {
	case NotXML:
		s = "not well-formed XML"
	case BadEncoding:
		s = fmt.Sprintf("unsupported encoding %q", e.Detail)
	case Directive:
		s = "a DOCTYPE or other markup declaration is refused: no DTD is read and no entity expanded"
	case TooDeep:
		s = "elements nested too deep: " + e.Detail
	case TooManyElements:
		s = "too many elements: " + e.Detail
	case DuplicateAttr:
		s = "an attribute given twice: " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Limits bound a document; zero is no bound.
type Limits struct {
	MaxDepth    int
	MaxElements int
}

// Decoder hands out the tokens of a document, refusing what the package
// doc says. Depth is the nesting of the current element (0 outside the
// root) and Elements the count so far.
type Decoder struct {
	dec      *xml.Decoder
	lim      Limits
	encoding string // a declared encoding refused
	Depth    int
	Elements int
}

// NewDecoder reads r.
func NewDecoder(r io.Reader, lim Limits) *Decoder {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3) // encoding/xml does not skip a byte order mark
	}
	d := &Decoder{lim: lim}
	d.dec = xml.NewDecoder(br)
	d.dec.Strict = true
	d.dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		r, err := Charset(label, in)
		if err != nil {
			d.encoding = label
		}
		return r, err
	}
	return d
}

// Charset decodes the encodings a document may declare: UTF-8 as it is,
// windows-1251 into UTF-8; any other is an error. It is the
// CharsetReader of readers built on other XML parsers (etree).
func Charset(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8":
		return in, nil
	case "windows-1251", "cp1251":
		return charmap.Windows1251.NewDecoder().Reader(in), nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", Cut(label, 64))
}

// Token returns the next token: io.EOF at the end, an *Error for what is
// refused, and otherwise the decoder's error (wrapped as NotXML).
func (d *Decoder) Token() (xml.Token, error) {
	tok, err := d.dec.Token()
	if err != nil {
		switch {
		case d.encoding != "":
			return nil, &Error{Kind: BadEncoding, Detail: Cut(d.encoding, 64)}
		case err == io.EOF:
			return nil, io.EOF
		}
		return nil, &Error{Kind: NotXML, Err: cutError{err}}
	}
	switch t := tok.(type) {
	case xml.StartElement:
		d.Depth++
		d.Elements++
		if d.lim.MaxDepth > 0 && d.Depth > d.lim.MaxDepth {
			return nil, &Error{Kind: TooDeep, Detail: fmt.Sprintf("more than %d levels", d.lim.MaxDepth)}
		}
		if d.lim.MaxElements > 0 && d.Elements > d.lim.MaxElements {
			return nil, &Error{Kind: TooManyElements, Detail: fmt.Sprintf("more than %d", d.lim.MaxElements)}
		}
		if dup := duplicateAttr(t.Attr); dup != "" {
			return nil, &Error{Kind: DuplicateAttr, Detail: fmt.Sprintf("element %s has attribute %s twice", Cut(t.Name.Local, 64), Cut(dup, 64))}
		}
	case xml.EndElement:
		d.Depth--
	case xml.Directive:
		return nil, &Error{Kind: Directive}
	}
	return tok, nil
}

// cutError is the decoder's error with its message bounded.
type cutError struct{ err error }

func (e cutError) Unwrap() error { return e.err }

func (e cutError) Error() string { return Cut(e.err.Error(), 200) }

// duplicateAttr returns the name of an attribute given twice, or "".
func duplicateAttr(attrs []xml.Attr) string {
	if len(attrs) <= 16 {
		for i := range attrs {
			for j := i + 1; j < len(attrs); j++ {
				if attrs[i].Name == attrs[j].Name {
					return attrs[i].Name.Local
				}
			}
		}
		return ""
	}
	seen := make(map[xml.Name]bool, len(attrs))
	for _, a := range attrs {
		if seen[a.Name] {
			return a.Name.Local
		}
		seen[a.Name] = true
	}
	return ""
}

// Cut bounds s to n bytes of valid UTF-8, marking a cut with "…": a value
// quoted in an error message from a hostile file can be megabytes.
func Cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}
