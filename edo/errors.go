package edo

import (
	"fmt"
	"strconv"
)

// Reason says why a manifest was not read. String gives a stable
// snake_case code for reports and JSON.
type Reason int

const (
	// TooLarge: the manifest is larger than MaxManifestSize.
	TooLarge Reason = iota + 1
	// NotXML: not well-formed XML, empty, or text or a second element
	// after the root.
	NotXML
	// DTDRefused: a DOCTYPE or another markup declaration. No DTD is read
	// and no entity expanded.
	DTDRefused
	// BadEncoding: a declared encoding other than UTF-8 and windows-1251.
	BadEncoding
	// TooDeep: elements nest deeper than the layout's limit.
	TooDeep
	// TooManyElements: more elements than the layout's limit.
	TooManyElements
	// WrongRoot: well-formed, but not this layout's description (another
	// root element or namespace, or another format version).
	WrongRoot
	// MissingAttribute: an attribute the description requires is absent
	// or empty.
	MissingAttribute
	// UnsafePath: a file name in the manifest is absolute, has a ".."
	// element, a backslash, a drive letter or a control character.
	UnsafePath
	// BadValue: an attribute has a value the description does not allow
	// (a flag that is not a boolean, a duplicate attribute).
	BadValue
	// UnknownKind: the Candidate names no layout this package reads.
	UnknownKind
)

var reasonCodes = [...]string{
	TooLarge:         "too_large",
	NotXML:           "not_xml",
	DTDRefused:       "dtd_refused",
	BadEncoding:      "bad_encoding",
	TooDeep:          "too_deep",
	TooManyElements:  "too_many_elements",
	WrongRoot:        "wrong_root",
	MissingAttribute: "missing_attribute",
	UnsafePath:       "unsafe_path",
	BadValue:         "bad_value",
	UnknownKind:      "unknown_kind",
}

func (r Reason) String() string {
	if r > 0 && int(r) < len(reasonCodes) {
		return reasonCodes[r]
	}
	return "reason_" + strconv.Itoa(int(r))
}

// Error is a manifest that was not read: which layout, which file, why,
// and where in it (Element, "" when the whole file). Callers branch on
// Reason with errors.As; the caller then pairs the container's files by
// name and digest as if there were no manifest.
type Error struct {
	Kind     string // the layout, such as "fns-transport"
	Manifest string // the manifest's name in the container
	Reason   Reason
	Element  string // the element (path) at fault, "" for the whole file
	Err      error  // the cause, nil when Reason says it all
}

func (e *Error) Error() string {
	msg := "edo: " + e.Kind + ": " + e.Manifest + ": " + e.Reason.String()
	if e.Element != "" {
		msg += " at " + e.Element
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *Error) Unwrap() error { return e.Err }

func errorf(reason Reason, element string, format string, args ...any) *Error {
	return &Error{Reason: reason, Element: element, Err: fmt.Errorf(format, args...)}
}
