package cms

import (
	"bytes"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/cryptobyte"

	"github.com/gostverify/gostverify/cms/internal/sniff"
)

// Appending unsigned attributes to a signer of a signature file, keeping
// every other byte as it is: what CAdES-T and CAdES-X Long need (ETSI TS
// 101 733 section 6: they are unsigned attributes, so no private key is
// involved). The file is walked as BER (appendwalk.go) — the indefinite
// lengths, long-form lengths and constructed strings CryptoPro CSP and
// ViPNet write stay as they are — and only the length octets of the
// definite-length elements that enclose the new attributes change.

// AppendResult says what AppendUnsignedAttributes changed in the encoding.
type AppendResult struct {
	// Lengths are the definite-length elements around the new attributes
	// whose length octets were rewritten, outermost first.
	Lengths []LengthChange
	// Indefinite names the enclosing elements with an indefinite length,
	// left unchanged (their end-of-contents octets follow the new bytes).
	Indefinite []string
	// CreatedUnsignedAttrs is set when the signer had no unsignedAttrs
	// field and one was added after its signature.
	CreatedUnsignedAttrs bool
	// Added is the number of bytes the binary encoding grew by; At is
	// the offset in the input's binary encoding where the new bytes went.
	Added, At int
	// Text says how a text input (PEM, base64) was written again, "" for
	// a binary one.
	Text string
}

// LengthChange is one element whose length octets were rewritten.
type LengthChange struct {
	Element string
	// Offset is the element's in the input's binary encoding.
	Offset               int
	Old, New             int // contents lengths
	OldOctets, NewOctets int // length octets, the first one included
}

// Summary says the changes in one line, for a report.
func (r *AppendResult) Summary() string {
	var parts []string
	if r.CreatedUnsignedAttrs {
		parts = append(parts, "unsignedAttrs [1] added to the SignerInfo")
	}
	for _, l := range r.Lengths {
		s := fmt.Sprintf("%s length %d -> %d", l.Element, l.Old, l.New)
		if l.OldOctets != l.NewOctets {
			s += fmt.Sprintf(" (%d -> %d length octets)", l.OldOctets, l.NewOctets)
		}
		parts = append(parts, s)
	}
	if len(r.Indefinite) > 0 {
		parts = append(parts, "indefinite lengths kept: "+strings.Join(r.Indefinite, ", "))
	}
	if r.Text != "" {
		parts = append(parts, r.Text)
	}
	parts = append(parts, "every other byte unchanged")
	return strings.Join(parts, "; ")
}

// AppendError is a signature file that unsigned attributes cannot be
// appended to: it cannot be walked as BER, it is not a SignedData, the
// signer is not there, or the result would not read back with the
// signer's signed parts unchanged.
type AppendError struct {
	Reason string
	Err    error
}

func (e *AppendError) Error() string {
	msg := "cms: append: " + e.Reason
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *AppendError) Unwrap() error { return e.Err }

// AppendUnsignedAttributes appends attrs, each a DER Attribute element,
// to the unsignedAttrs of signer number signer (from 0, in the order of
// signerInfos) of the signature file data (DER, BER, PEM or base64, as
// Parse reads it). The result is written as data was: binary as binary,
// PEM with the same label, base64 as base64 (in ASCII, 64 characters a
// line); every byte outside the new attributes and the length octets of
// the definite-length elements that enclose them is kept. The result is
// parsed back and must hold every signer's signed attributes, signature
// and unsigned attributes as before, with attrs after the signer's own.
func AppendUnsignedAttributes(data []byte, signer int, attrs ...[]byte) ([]byte, *AppendResult, error) {
	for i, a := range attrs {
		if _, err := parseAttributeElement(a); err != nil {
			return nil, nil, &AppendError{Reason: fmt.Sprintf("attribute %d", i+1), Err: err}
		}
	}
	decoded, err := sniff.Decode(data)
	if err != nil {
		return nil, nil, &AppendError{Reason: "the file is not a signature", Err: err}
	}
	before, err := Parse(data)
	if err != nil {
		return nil, nil, &AppendError{Reason: "the file does not parse", Err: err}
	}
	if signer < 0 || signer >= len(before.Signers) {
		return nil, nil, &AppendError{Reason: fmt.Sprintf("no signer %d: the signature has %d", signer+1, len(before.Signers))}
	}
	bin, res, err := appendBER(decoded.Data, signer, bytes.Join(attrs, nil))
	if err != nil {
		return nil, nil, err
	}
	out := bin
	switch decoded.Format {
	case sniff.PEM:
		out = pem.EncodeToMemory(&pem.Block{Type: decoded.Label, Bytes: bin})
		res.Text = "PEM written again with label " + decoded.Label
	case sniff.Base64:
		out = wrapBase64(bin)
		res.Text = "base64 written again, 64 characters a line"
	}
	if decoded.Charset != sniff.Binary && decoded.Charset != sniff.ASCII {
		res.Text += ", in ASCII (the input was " + decoded.Charset.String() + ")"
	}
	after, err := Parse(out)
	if err != nil {
		return nil, nil, &AppendError{Reason: "the result does not parse", Err: err}
	}
	if err := sameExceptAppended(before, after, signer, len(attrs)); err != nil {
		return nil, nil, &AppendError{Reason: "the result differs from the input beyond the new attributes", Err: err}
	}
	return out, res, nil
}

// sameExceptAppended checks that after is before with n unsigned
// attributes appended to signer.
func sameExceptAppended(before, after *SignedData, signer, n int) error {
	if len(before.Signers) != len(after.Signers) || !bytes.Equal(before.Content, after.Content) ||
		len(before.Certificates) != len(after.Certificates) || len(before.CRLs) != len(after.CRLs) {
		return errors.New("the content, certificates, CRLs or signers changed")
	}
	for i, b := range before.Signers {
		a := after.Signers[i]
		if !bytes.Equal(a.RawSignedAttrs, b.RawSignedAttrs) || !bytes.Equal(a.Signature, b.Signature) ||
			!bytes.Equal(a.raw.fields, b.raw.fields) {
			return fmt.Errorf("signer %d: its signed attributes or signature changed", i+1)
		}
		want := len(b.UnsignedAttrs)
		if i == signer {
			want += n
		}
		if len(a.UnsignedAttrs) != want {
			return fmt.Errorf("signer %d: %d unsigned attributes, want %d", i+1, len(a.UnsignedAttrs), want)
		}
		for j := range b.UnsignedAttrs {
			if !bytes.Equal(a.UnsignedAttrs[j].Raw, b.UnsignedAttrs[j].Raw) {
				return fmt.Errorf("signer %d: unsigned attribute %d changed", i+1, j+1)
			}
		}
	}
	return nil
}

// wrapBase64 is b in base64, 64 characters a line, CRLF as CryptoPro
// writes it.
func wrapBase64(b []byte) []byte {
	s := base64.StdEncoding.EncodeToString(b)
	var out bytes.Buffer
	for len(s) > 64 {
		out.WriteString(s[:64])
		out.WriteString("\r\n")
		s = s[64:]
	}
	out.WriteString(s)
	out.WriteString("\r\n")
	return out.Bytes()
}

// parseAttributeElement checks that der is one DER Attribute element.
func parseAttributeElement(der []byte) (*Attribute, error) {
	attrs, err := parseAttributes(cryptobyte.String(der))
	if err != nil {
		return nil, err
	}
	if len(attrs) != 1 {
		return nil, errors.New("not one attribute")
	}
	return &attrs[0], nil
}
