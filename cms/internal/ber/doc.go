// Package ber normalises BER-encoded ASN.1 (ITU-T X.690) to DER framing, once,
// at the edge, so that everything after it can parse with cryptobyte.
//
// CryptoPro CSP and ViPNet CSP write CMS signatures in BER: the outer
// ContentInfo, SignedData and EncapsulatedContentInfo use indefinite lengths
// (30 80 ... 00 00), and attached content is a constructed, chunked OCTET
// STRING (24 80 04 xx ... 00 00). Certificates, SignerInfos and signed
// attributes inside are definite-length DER.
//
// # Usage
//
//	der, err := ber.ToDER(in)                      // default Limits
//	der, err := ber.Limits{MaxDepth: 16}.ToDER(in) // tighter limits
//
// # What ToDER does
//
//   - Indefinite lengths become definite; long-form lengths become minimal.
//   - A constructed OCTET STRING (tag 0x24), nested and chunked to any depth
//     within the limits, becomes one primitive OCTET STRING holding the
//     concatenated chunks. A constructed BIT STRING (0x23) becomes a primitive
//     one if only its last chunk has unused bits; otherwise it is an error.
//   - Everything else is kept byte for byte: tags, contents of primitive
//     elements, and the order of SET members (nothing is sorted or re-encoded).
//
// An element whose encoding is already DER-shaped — definite minimal lengths
// and no indefinite lengths or constructed strings anywhere inside — is copied
// unchanged, so its bytes in the output are identical to its bytes in the
// input. In CryptoPro and ViPNet files that is every certificate, every
// SignerInfo and the signed attributes; a caller may check that a slice it
// verifies a signature over occurs in the original input.
//
// When the whole input is already DER-shaped, ToDER returns in itself,
// without copying.
//
// # What ToDER checks
//
// The input must be exactly one element: trailing data after it, even zero
// bytes, is an error (stripping text padding is package sniff's job). Tags may
// use the high-tag-number form (up to four subsequent octets); tag numbers
// must be minimally encoded. End-of-contents octets may appear only where an
// indefinite-length element ends; a primitive element may not have an
// indefinite length; no element may run past its parent or the input.
// Universal types that DER requires to be primitive (INTEGER, OBJECT
// IDENTIFIER, the character strings, the time types, ...) must not be
// constructed, except OCTET STRING and BIT STRING which are flattened, and
// SEQUENCE, SET, EXTERNAL, EMBEDDED PDV and CHARACTER STRING must be
// constructed. Errors are *SyntaxError values carrying the offset into the
// input and a Kind.
//
// ToDER normalises framing only. It does not check the contents of primitive
// elements (minimal INTEGERs, BOOLEAN values, SET OF order, string alphabets),
// and it cannot flatten an implicitly tagged constructed string such as
// [0] IMPLICIT OCTET STRING, which is indistinguishable from a SEQUENCE
// without the schema: such an element stays constructed, with a definite
// length.
//
// ToDER is for parsing structure. Verify signatures over bytes taken from the
// original input (see above); signed attributes are hashed exactly as
// received.
//
// # Limits
//
// Limits bounds nesting depth, the number of elements, and the input and
// output sizes; zero fields take the defaults DefaultMaxDepth (64),
// DefaultMaxElements (4 Mi) and DefaultMaxSize (256 MiB). Memory use is the
// output plus at most about 24 bytes per element. The output is longer than
// the input only by a byte or two for each indefinite-length element with
// 64 KiB or more of contents (and for each empty, definite-length constructed
// BIT STRING), which can lengthen the length octets of its ancestors; it is
// checked against MaxSize. Time is linear in the input size. Inputs are
// public; nothing here is constant time.
package ber
