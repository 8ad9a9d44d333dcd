package ber

import "strconv"

// Kind classifies a *SyntaxError.
type Kind int

// Kinds of *SyntaxError.
const (
	// Empty: the input has no bytes.
	Empty Kind = iota + 1
	// TooLarge: the input or the output exceeds Limits.MaxSize.
	TooLarge
	// Truncated: an element runs past the end of the input or of its parent.
	Truncated
	// BadTag: a high-tag-number form that is not minimal or too long.
	BadTag
	// BadLength: the reserved length octet 0xff.
	BadLength
	// IndefinitePrimitive: a primitive element with an indefinite length.
	IndefinitePrimitive
	// MissingEOC: an indefinite-length element without end-of-contents.
	MissingEOC
	// BadEOC: end-of-contents outside an indefinite-length element, with a
	// non-zero length, or constructed.
	BadEOC
	// BadForm: a universal type in the wrong primitive/constructed form.
	BadForm
	// BadSegment: a chunk of a constructed string with the wrong tag, or
	// a constructed BIT STRING that cannot be joined.
	BadSegment
	// TrailingData: bytes after the outermost element.
	TrailingData
	// TooDeep: nesting deeper than Limits.MaxDepth.
	TooDeep
	// TooManyElements: more elements than Limits.MaxElements.
	TooManyElements
)

var kindText = [...]string{
	Empty:               "empty input",
	TooLarge:            "too large",
	Truncated:           "truncated element",
	BadTag:              "malformed tag",
	BadLength:           "malformed length",
	IndefinitePrimitive: "indefinite length on a primitive element",
	MissingEOC:          "missing end-of-contents",
	BadEOC:              "misplaced or malformed end-of-contents",
	BadForm:             "wrong encoding form",
	BadSegment:          "malformed constructed string",
	TrailingData:        "trailing data",
	TooDeep:             "nesting too deep",
	TooManyElements:     "too many elements",
}

func (k Kind) String() string {
	if k > 0 && int(k) < len(kindText) {
		return kindText[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// SyntaxError reports input that ToDER rejects. Callers branch on Kind.
type SyntaxError struct {
	Offset int    // offset in the input of the offending element or octet
	Kind   Kind   // what is wrong
	Detail string // specifics for people, may be empty
}

func (e *SyntaxError) Error() string {
	s := "ber: offset " + strconv.Itoa(e.Offset) + ": " + e.Kind.String()
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}
