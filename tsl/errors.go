package tsl

import (
	"fmt"
	"strconv"
)

// Errors are typed, with a reason, so that a caller can say each in its
// own words; Error is English.

// ParseReason says what is wrong with a list that does not parse.
type ParseReason int

const (
	// Malformed: not well-formed XML, or not the list (another root
	// element, a DOCTYPE, an element where text belongs).
	Malformed ParseReason = iota + 1
	// BadValue: a value of the wrong form (a date, a number, hex, base64,
	// a certificate that is not one DER SEQUENCE); Value holds it.
	BadValue
	// Missing: a required element is absent.
	Missing
	// Duplicate: an element that may appear once appears again.
	Duplicate
	// TooLarge: a limit of Limits was exceeded.
	TooLarge
)

func (r ParseReason) String() string {
	switch r {
	case Malformed:
		return "malformed"
	case BadValue:
		return "bad value"
	case Missing:
		return "missing"
	case Duplicate:
		return "duplicate"
	case TooLarge:
		return "too large"
	}
	return "ParseReason(" + strconv.Itoa(int(r)) + ")"
}

// ParseError says where and why a list does not parse: the CA (its
// position, from 1, and its Название when read by then) and the element
// path below the root.
type ParseError struct {
	Reason  ParseReason
	CA      int    // 1 for the first УдостоверяющийЦентр; 0 outside any CA
	CAName  string // the CA's Название, "" when not yet read
	Element string // e.g. "УдостоверяющийЦентр/СтатусАккредитации/ДействуетС"
	Value   string // the offending value for BadValue, cut to 64 bytes
	Err     error  // the cause, if any
}

func (e *ParseError) Error() string {
	msg := "tsl: "
	if e.CA > 0 {
		msg += "CA " + strconv.Itoa(e.CA)
		if e.CAName != "" {
			msg += " (" + e.CAName + ")"
		}
		msg += ": "
	}
	if e.Element != "" {
		msg += e.Element + ": "
	}
	switch e.Reason {
	case BadValue:
		msg += fmt.Sprintf("bad value %q", e.Value)
	case Missing:
		msg += "missing"
	case Duplicate:
		msg += "appears more than once"
	case TooLarge:
		msg += "too large"
	default:
		msg += "malformed"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *ParseError) Unwrap() error { return e.Err }

// SignatureReason says why a list's signature does not hold.
type SignatureReason int

const (
	// Unsigned: the list carries no XMLDSig Signature element.
	Unsigned SignatureReason = iota + 1
	// SignatureMalformed: the Signature element is not of the form
	// XMLDSig prescribes (an element missing or repeated, bad base64, a
	// certificate that does not parse), or the document is not XML.
	SignatureMalformed
	// Unsupported: an algorithm, transform or reference this package
	// does not implement; Algorithm names it.
	Unsupported
	// DigestMismatch: the list was changed after it was signed.
	DigestMismatch
	// BadSignature: the SignatureValue does not verify with the
	// certificate in KeyInfo.
	BadSignature
	// SignerRejected: the signature holds but Options.VerifySigner
	// refused the signer.
	SignerRejected
)

func (r SignatureReason) String() string {
	switch r {
	case Unsigned:
		return "unsigned"
	case SignatureMalformed:
		return "malformed"
	case Unsupported:
		return "unsupported"
	case DigestMismatch:
		return "digest mismatch"
	case BadSignature:
		return "bad signature"
	case SignerRejected:
		return "signer rejected"
	}
	return "SignatureReason(" + strconv.Itoa(int(r)) + ")"
}

// SignatureError says why a list's XMLDSig signature does not hold.
type SignatureError struct {
	Reason    SignatureReason
	Algorithm string // for Unsupported: the URI
	Detail    string // what exactly, in words
	Err       error  // the cause, if any
}

func (e *SignatureError) Error() string {
	msg := "tsl: list signature: "
	switch e.Reason {
	case Unsigned:
		msg += "the list is not signed"
	case SignatureMalformed:
		msg += "malformed"
	case Unsupported:
		msg += "unsupported"
	case DigestMismatch:
		msg += "the list was changed after it was signed (digest mismatch)"
	case BadSignature:
		msg += "the signature does not verify"
	case SignerRejected:
		msg += "the signer is not trusted"
	}
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	if e.Algorithm != "" {
		msg += ": " + e.Algorithm
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *SignatureError) Unwrap() error { return e.Err }
