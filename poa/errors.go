package poa

import (
	"fmt"
	"strconv"
)

// FormatReason says why a file is not a power of attorney this package
// reads. String gives a stable snake_case code for catalogues and JSON.
type FormatReason int

const (
	// NotXML: not well-formed XML (or empty, or text outside the root).
	NotXML FormatReason = iota + 1
	// NotPOA: well-formed, but the root is not Доверенность in the
	// namespace urn://x-artefacts/EMCHD_1.
	NotPOA
	// OldFormat: ВерсФорм is not EMCHD_1 (format 003); Value holds the
	// version found, such as "002".
	OldFormat
	// MissingElement: an element the schema requires is absent; Element
	// names where it belongs.
	MissingElement
	// MissingAttribute: an attribute the schema requires is absent.
	MissingAttribute
	// BadValue: a value of the wrong length, pattern or enumeration (a
	// date, a GUID, an INN, an OGRN, a SNILS, a flag); Value holds it.
	BadValue
	// Duplicate: an element the schema allows once appears again.
	Duplicate
	// FileNameMismatch: the file's name is not ИдФайл (or, for a tax
	// authority's МЧД, ИдФайлНО), or ИдФайл does not end with НомДовер.
	FileNameMismatch
	// BadEncoding: a declared encoding other than UTF-8 and windows-1251.
	BadEncoding
	// TooLarge: the file is larger than Limits.MaxBytes.
	TooLarge
	// TooDeep: elements nest deeper than Limits.MaxDepth.
	TooDeep
	// TooManyElements: more than Limits.MaxElements elements.
	TooManyElements
	// DTDRefused: the file has a DOCTYPE or another markup declaration.
	// No DTD is ever read and no entity is ever expanded.
	DTDRefused
)

var formatReasonCodes = [...]string{
	NotXML:           "not_xml",
	NotPOA:           "not_poa",
	OldFormat:        "old_format",
	MissingElement:   "missing_element",
	MissingAttribute: "missing_attribute",
	BadValue:         "bad_value",
	Duplicate:        "duplicate",
	FileNameMismatch: "file_name_mismatch",
	BadEncoding:      "bad_encoding",
	TooLarge:         "too_large",
	TooDeep:          "too_deep",
	TooManyElements:  "too_many_elements",
	DTDRefused:       "dtd_refused",
}

func (r FormatReason) String() string {
	if r > 0 && int(r) < len(formatReasonCodes) {
		return formatReasonCodes[r]
	}
	return "FormatReason(" + strconv.Itoa(int(r)) + ")"
}

// FormatError says why and where a file is not a power of attorney of
// format 003. Element is the path below the root, with the attribute
// after "@": "Документ/Довер/СвДов@НомДовер"; a repeated element carries
// its position from 1: "Документ/Довер/СвДоверит[1]/Доверит". The root's
// own attributes are "Доверенность@ВерсФорм".
type FormatError struct {
	Reason  FormatReason
	Element string
	Value   string // the offending value, cut to 64 bytes
	Err     error  // the cause or a detail, if any
}

func (e *FormatError) Error() string {
	msg := "poa: "
	if e.Element != "" {
		msg += e.Element + ": "
	}
	switch e.Reason {
	case NotXML:
		msg += "not well-formed XML"
	case NotPOA:
		msg += "not a machine-readable power of attorney (root Доверенность in urn://x-artefacts/EMCHD_1)"
	case OldFormat:
		msg += fmt.Sprintf("format 003 (EMCHD_1) is required, the file is version %q", e.Value)
	case MissingElement:
		msg += "required element missing"
	case MissingAttribute:
		msg += "required attribute missing"
	case BadValue:
		msg += fmt.Sprintf("bad value %q", e.Value)
	case Duplicate:
		msg += "appears more than once"
	case FileNameMismatch:
		msg += "file name mismatch"
		if e.Value != "" {
			msg += fmt.Sprintf(" %q", e.Value)
		}
	case BadEncoding:
		msg += fmt.Sprintf("unsupported encoding %q (UTF-8 is required, windows-1251 is accepted)", e.Value)
	case TooLarge:
		msg += "file too large"
	case TooDeep:
		msg += "elements nested too deep"
	case TooManyElements:
		msg += "too many elements"
	case DTDRefused:
		msg += "a DOCTYPE or entity declaration is refused"
	default:
		msg += e.Reason.String()
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *FormatError) Unwrap() error { return e.Err }
