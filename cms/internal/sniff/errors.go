package sniff

import (
	"fmt"
	"strconv"
)

// Reason classifies a *FormatError.
type Reason int

// Reasons for a *FormatError.
const (
	// Empty: no bytes, only whitespace and NULs, or an empty PEM block.
	Empty Reason = iota + 1
	// TooLarge: the input is larger than MaxInput.
	TooLarge
	// Unrecognized: neither DER, PEM nor base64; Looks may say what it is.
	Unrecognized
	// BadText: malformed UTF-16 text.
	BadText
	// BadPEM: malformed PEM armour.
	BadPEM
	// BadBase64: an illegal character, misplaced or wrong padding, mixed
	// alphabets, or a truncated final group.
	BadBase64
	// NotSignature: PEM blocks that hold only certificates, keys and the
	// like; Looks says which.
	NotSignature
	// NotSequence: the decoded bytes do not start with a SEQUENCE tag.
	NotSequence
)

var reasonText = [...]string{
	Empty:        "empty",
	TooLarge:     "too large",
	Unrecognized: "unrecognized format",
	BadText:      "malformed text",
	BadPEM:       "malformed PEM",
	BadBase64:    "malformed base64",
	NotSignature: "not a signature",
	NotSequence:  "not a SEQUENCE",
}

func (r Reason) String() string {
	if r > 0 && int(r) < len(reasonText) {
		return reasonText[r]
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// FormatError reports input that Decode cannot turn into BER. Callers
// branch on Reason and Looks; the message is for people.
type FormatError struct {
	Reason Reason
	// Offset is the byte offset in the input where the problem was found.
	Offset int
	// Looks names what the input seems to be instead, for Unrecognized,
	// NotSignature and NotSequence: "PDF", "ZIP archive", "XML", "HTML",
	// "certificate", "certificate request", "CRL", "key", "parameters",
	// "hex"; empty when unknown.
	Looks string

	msg string
}

func (e *FormatError) Error() string { return "sniff: " + e.msg }

func errorf(reason Reason, offset int, looks, format string, args ...any) *FormatError {
	return &FormatError{Reason: reason, Offset: offset, Looks: looks, msg: fmt.Sprintf(format, args...)}
}
