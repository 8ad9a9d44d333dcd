package sniff

import (
	"bytes"
	"fmt"
	"strconv"
)

// MaxInput is the largest input Decode accepts, in bytes.
const MaxInput = 256 << 20

// Format is how the signature bytes were wrapped.
type Format int

// Formats.
const (
	DER    Format = iota + 1 // binary, outer SEQUENCE with a definite length
	BER                      // binary, outer SEQUENCE with an indefinite length
	PEM                      // PEM armour around base64
	Base64                   // bare base64 text
)

func (f Format) String() string {
	switch f {
	case DER:
		return "DER"
	case BER:
		return "BER"
	case PEM:
		return "PEM"
	case Base64:
		return "base64"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// Charset is the character encoding of a text input.
type Charset int

// Charsets.
const (
	Binary  Charset = iota // not text: Format is DER or BER
	ASCII                  // one byte per character (ASCII, or UTF-8 with a BOM)
	UTF16LE                // UTF-16, little endian
	UTF16BE                // UTF-16, big endian
)

func (c Charset) String() string {
	switch c {
	case Binary:
		return "binary"
	case ASCII:
		return "ASCII"
	case UTF16LE:
		return "UTF-16LE"
	case UTF16BE:
		return "UTF-16BE"
	}
	return "Charset(" + strconv.Itoa(int(c)) + ")"
}

// Result is a decoded signature file.
type Result struct {
	// Data is the BER or DER encoding; it starts with 0x30. For binary
	// input it is the input itself, not a copy.
	Data []byte
	// Format is how Data was wrapped in the input.
	Format Format
	// Indefinite reports that Data's outer SEQUENCE has an indefinite
	// length, so Data is BER and not DER. For binary input this is
	// Format == BER.
	Indefinite bool
	// Label is the PEM type label ("PKCS7", "CMS", "SIGNED MESSAGE", ...)
	// when Format is PEM.
	Label string
	// Charset is the text encoding of PEM and base64 input, Binary for
	// binary input.
	Charset Charset
	// BOM reports that the text started with a byte-order mark.
	BOM bool
}

// Decode returns the BER or DER signature that data holds, as binary. See
// the package documentation for the accepted forms. Errors are *FormatError.
func Decode(data []byte) (*Result, error) {
	switch {
	case len(data) > MaxInput:
		return nil, errorf(TooLarge, 0, "", "input is %d bytes, more than the limit of %d", len(data), MaxInput)
	case len(data) == 0:
		return nil, errorf(Empty, 0, "", "empty input")
	case data[0] == 0x30:
		r := &Result{Data: data, Format: DER, Charset: Binary}
		if len(data) > 1 && data[1] == 0x80 {
			r.Format, r.Indefinite = BER, true
		}
		return r, nil
	}
	if looks := binaryMagic(data); looks != "" {
		return nil, unrecognized(data, looks)
	}
	t, err := newText(data)
	if err != nil {
		return nil, err
	}
	return t.decode()
}

// binaryMagic names a few kinds of file that people pick by mistake.
func binaryMagic(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("%PDF")):
		return "PDF"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")), bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return "ZIP archive"
	}
	return ""
}

var lookPhrases = map[string]string{
	"PDF":                 "a PDF",
	"ZIP archive":         "a ZIP archive (DOCX, XLSX, ODT, ...)",
	"XML":                 "XML",
	"HTML":                "HTML",
	"certificate":         "a certificate",
	"certificate request": "a certificate request",
	"CRL":                 "a CRL",
	"key":                 "a key",
	"parameters":          "parameters",
	"hex":                 "hex, not base64",
}

func unrecognized(data []byte, looks string) *FormatError {
	head := data[:min(len(data), 4)]
	msg := fmt.Sprintf("not DER, PEM or base64: starts with bytes % x", head)
	if looks != "" {
		msg += " (looks like " + lookPhrases[looks] + ")"
	}
	return errorf(Unrecognized, 0, looks, "%s", msg)
}

func (t *text) decode() (*Result, error) {
	r := &Result{Charset: t.charset, BOM: t.bom}
	var data []byte
	var err *FormatError
	what := "base64"
	if i := bytes.Index(t.b, beginMarker); i >= 0 {
		r.Format = PEM
		if data, r.Label, err = t.pem(i); err != nil {
			return nil, err
		}
		what = fmt.Sprintf("PEM block %q", r.Label)
	} else {
		start := 0
		for start < len(t.b) && isSpaceOrNUL(t.b[start]) {
			start++
		}
		switch {
		case start == len(t.b):
			return nil, errorf(Empty, 0, "", "input is only whitespace")
		case t.b[start] == '<':
			return nil, unrecognized(t.src, markup(t.b[start:]))
		}
		r.Format = Base64
		if data, err = t.base64(start, len(t.b), true); err != nil {
			return nil, err
		}
	}
	if data[0] != 0x30 {
		looks, hint := "", ""
		if t.hexOnly {
			looks, hint = "hex", " (the text looks like hex, not base64)"
		}
		return nil, errorf(NotSequence, t.offset(t.dataStart), looks,
			"%s decodes to bytes starting % x, not a SEQUENCE (30)%s", what, data[:min(len(data), 4)], hint)
	}
	r.Data = data
	r.Indefinite = len(data) > 1 && data[1] == 0x80
	return r, nil
}

// markup tells XML from HTML by the start of the text.
func markup(b []byte) string {
	head := bytes.ToLower(b[:min(len(b), 14)])
	if bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) {
		return "HTML"
	}
	return "XML"
}
