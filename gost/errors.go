package gost

import (
	"encoding/asn1"
	"errors"
	"fmt"
)

// ErrSignatureInvalid is returned (wrapped) when a signature is well formed
// enough to check and does not verify: the mathematical check failed, r or s
// is outside [1, q-1], or the signature has the wrong length for the key.
var ErrSignatureInvalid = errors.New("signature does not verify")

// UnsupportedError reports an algorithm or parameter-set OID that this
// package does not implement.
type UnsupportedError struct {
	What string // "public key algorithm", "signature algorithm", ...
	OID  asn1.ObjectIdentifier
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("gost: unsupported %s %s", e.What, e.OID)
}

// KeyError reports a public key that cannot be used: malformed encoding,
// a point not on the curve, a coordinate out of range.
type KeyError struct {
	Reason string
	Err    error // the underlying cause, if any
}

func (e *KeyError) Error() string {
	if e.Err != nil {
		return "gost: public key: " + e.Reason + ": " + e.Err.Error()
	}
	return "gost: public key: " + e.Reason
}

func (e *KeyError) Unwrap() error { return e.Err }
