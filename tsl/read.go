package tsl

import (
	"bytes"
	"crypto/x509"
	"fmt"
)

// Options are the choices of Read.
type Options struct {
	// AcceptUnsignedList accepts a list whose signature is missing or
	// does not hold. It weakens the check to nothing: the list could say
	// anything. The result says so in List.SignatureErr, and a command
	// must warn when it is set.
	AcceptUnsignedList bool
	// VerifySigner, when set, is asked about the signer's certificate of
	// a signature that holds, with the other certificates KeyInfo carries;
	// an error refuses the list (SignerRejected). A command builds the
	// signer's path to the Минцифры roots here (chain.Build). Without it
	// any certificate that verifies the signature is accepted and only
	// named in List.Signature.
	VerifySigner func(signer *x509.Certificate, others []*x509.Certificate) error
	// Limits bound the parse.
	Limits Limits
}

// Read checks the signature of a list and parses it: the way to take a
// list from the network or from a cache. A list whose signature does not
// hold is refused with a *SignatureError unless opts.AcceptUnsignedList;
// one that does not parse is a *ParseError.
func Read(data []byte, opts Options) (*List, error) {
	if max := opts.Limits.withDefaults().MaxBytes; int64(len(data)) > max {
		return nil, &ParseError{Reason: TooLarge, Err: fmt.Errorf("the list is larger than %d bytes", max)}
	}
	sig, sigErr := verifySignature(data)
	return checkSignerAndParse(data, sig, sigErr, opts)
}

// verifySignature is VerifySignature; tests count its calls.
var verifySignature = VerifySignature

// parseList is Parse of bytes; tests count its calls.
var parseList = func(data []byte, limits Limits) (*List, error) {
	return Parse(bytes.NewReader(data), limits)
}

// checkSignerAndParse asks opts.VerifySigner about a signature that holds,
// then parses the list, unless the signature does not hold and
// opts.AcceptUnsignedList is not set.
func checkSignerAndParse(data []byte, sig *Signature, sigErr error, opts Options) (*List, error) {
	if sigErr == nil && opts.VerifySigner != nil {
		if err := opts.VerifySigner(sig.Certificate, sig.Others); err != nil {
			sig, sigErr = nil, &SignatureError{Reason: SignerRejected, Detail: sig.Subject, Err: err}
		}
	}
	if sigErr != nil && !opts.AcceptUnsignedList {
		return nil, sigErr
	}
	l, err := parseList(data, opts.Limits)
	if err != nil {
		return nil, err
	}
	l.Signature = sig
	l.SignatureErr = sigErr
	return l, nil
}

// ReadMarked reads a list kept in a cache directory, with the Mark of its
// verification (LoadMark). When m is a mark of exactly these bytes
// (their SHA-256) verified against exactly these anchors (AnchorsDigest),
// the XMLDSig signature, whose check holds the document as a tree (about
// seven times its size), is not checked again: List.Signature is the
// mark's. opts.VerifySigner is still asked about the mark's signer, now,
// as Read would ask it. Otherwise (no mark, other bytes, other anchors)
// it is Read. The bool reports whether the mark was taken.
func ReadMarked(data []byte, m *Mark, anchors [32]byte, opts Options) (*List, bool, error) {
	if !m.matches(data, anchors) {
		l, err := Read(data, opts)
		return l, false, err
	}
	if max := opts.Limits.withDefaults().MaxBytes; int64(len(data)) > max {
		return nil, false, &ParseError{Reason: TooLarge, Err: fmt.Errorf("the list is larger than %d bytes", max)}
	}
	l, err := checkSignerAndParse(data, m.signature(), nil, opts)
	return l, true, err
}
