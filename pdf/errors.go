package pdf

import (
	"fmt"
	"strconv"
)

// Reason says what is wrong with a PDF or with one of its signatures.
// String gives a stable snake_case code for reports and JSON.
type Reason int

const (
	// NotPDF: no "%PDF-" header within the first 1024 bytes, or no
	// "startxref" near the end of the file.
	NotPDF Reason = iota + 1
	// BadXref: a cross-reference table or stream is malformed, or an
	// offset it gives does not point at the object it names.
	BadXref
	// BadTrailer: the trailer (dictionary, startxref, %%EOF, /Prev chain)
	// is malformed.
	BadTrailer
	// BadObject: an object the signatures are found through is malformed
	// or of the wrong type.
	BadObject
	// BadStream: an xref or object stream's data cannot be read (wrong
	// /Length, unsupported filter or predictor, corrupt compressed data).
	BadStream
	// TooDeep: arrays and dictionaries nest deeper than Limits.MaxDepth,
	// or references chain deeper than it.
	TooDeep
	// TooLarge: a stream, string or object is larger than the limits allow.
	TooLarge
	// TooManyObjects: more objects, xref entries or fields than
	// Limits.MaxObjects.
	TooManyObjects
	// BadByteRange: a signature's /ByteRange is not four non-negative
	// integers starting at 0 whose hole is exactly the /Contents string and
	// whose ranges lie inside the file.
	BadByteRange
	// BadContents: a signature's /Contents is missing, not a hexadecimal
	// string, or not where the ByteRange hole can be checked (inside an
	// object stream).
	BadContents
	// Encrypted: the document is encrypted (/Encrypt in the trailer). Its
	// strings and streams cannot be read without the key, and reading them
	// is not supported.
	Encrypted
)

var reasonCodes = [...]string{
	NotPDF:         "not_pdf",
	BadXref:        "bad_xref",
	BadTrailer:     "bad_trailer",
	BadObject:      "bad_object",
	BadStream:      "bad_stream",
	TooDeep:        "too_deep",
	TooLarge:       "too_large",
	TooManyObjects: "too_many_objects",
	BadByteRange:   "bad_byte_range",
	BadContents:    "bad_contents",
	Encrypted:      "encrypted",
}

func (r Reason) String() string {
	if r > 0 && int(r) < len(reasonCodes) && reasonCodes[r] != "" {
		return reasonCodes[r]
	}
	return "reason_" + strconv.Itoa(int(r))
}

// Error is a PDF that could not be read, or a signature that cannot be
// verified as stored: why (Reason), where (Offset in the file, -1 when the
// place is not a file offset, such as inside a compressed object stream),
// and what was found (Detail). Callers branch on Reason with errors.As.
type Error struct {
	Reason Reason
	Offset int64
	Detail string
	Err    error // the cause (a decompression error), or nil
}

func (e *Error) Error() string {
	msg := "pdf: " + e.Reason.String()
	if e.Offset >= 0 {
		msg += " at offset " + strconv.FormatInt(e.Offset, 10)
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(reason Reason, off int64, format string, args ...any) *Error {
	return &Error{Reason: reason, Offset: off, Detail: fmt.Sprintf(format, args...)}
}

// quote cuts what the file says to a short, printable form for an error
// message: hostile files must not make messages large.
func quote(b []byte) string {
	const max = 32
	cut := len(b) > max
	if cut {
		b = b[:max]
	}
	s := strconv.QuoteToASCII(string(b))
	if cut {
		s += "…"
	}
	return s
}
