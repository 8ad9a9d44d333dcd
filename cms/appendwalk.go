package cms

import (
	"fmt"
)

// The BER walk of AppendUnsignedAttributes: X.690 section 8.1 framing
// read as it is, without normalising it, to find where a signer's
// unsigned attributes end and which elements enclose that place.

// maxAppendDepth bounds the nesting the walk follows (an indefinite-length
// element is skipped by walking its contents).
const maxAppendDepth = 64

// berElement is one element's framing: where its length octets are and
// where its contents start and end (before the end-of-contents octets of
// an indefinite length).
type berElement struct {
	tag                 byte // the identifier octet; high tag numbers are refused
	start, lenStart     int  // offsets of the identifier and the length octets
	contents, end, next int  // contents start and end; next: after the element
	indefinite          bool
}

// readBER reads the element at off within b[:limit].
func readBER(b []byte, off, limit, depth int) (berElement, error) {
	e := berElement{start: off}
	if depth > maxAppendDepth {
		return e, fmt.Errorf("offset %d: nesting deeper than %d", off, maxAppendDepth)
	}
	if off+2 > limit {
		return e, fmt.Errorf("offset %d: element header cut short", off)
	}
	e.tag = b[off]
	if e.tag&0x1f == 0x1f {
		return e, fmt.Errorf("offset %d: high tag number form, not used in CMS", off)
	}
	e.lenStart = off + 1
	l := b[off+1]
	switch {
	case l < 0x80:
		e.contents = off + 2
		e.end = e.contents + int(l)
	case l == 0x80:
		if e.tag&0x20 == 0 {
			return e, fmt.Errorf("offset %d: primitive element with an indefinite length", off)
		}
		e.indefinite = true
		e.contents = off + 2
		p := e.contents
		for {
			if p+2 <= limit && b[p] == 0 && b[p+1] == 0 {
				e.end, e.next = p, p+2
				return e, nil
			}
			child, err := readBER(b, p, limit, depth+1)
			if err != nil {
				return e, err
			}
			p = child.next
		}
	case l == 0xff:
		return e, fmt.Errorf("offset %d: reserved length octet 0xff", off)
	default:
		k := int(l & 0x7f)
		if k > 4 || off+2+k > limit {
			return e, fmt.Errorf("offset %d: length of %d octets", off, k)
		}
		n := 0
		for _, c := range b[off+2 : off+2+k] {
			n = n<<8 | int(c)
		}
		if n < 0 || n > limit {
			return e, fmt.Errorf("offset %d: length %d beyond the input", off, n)
		}
		e.contents = off + 2 + k
		e.end = e.contents + n
	}
	if e.end > limit || e.end < e.contents {
		return e, fmt.Errorf("offset %d: length beyond the enclosing element", off)
	}
	e.next = e.end
	return e, nil
}

// children reads the elements of e's contents.
func children(b []byte, e berElement, depth int) ([]berElement, error) {
	var out []berElement
	for p := e.contents; p < e.end; {
		c, err := readBER(b, p, e.end, depth+1)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
		p = c.next
	}
	return out, nil
}

// named is an enclosing element with its name, for AppendResult.
type named struct {
	berElement
	name string
}

// appendBER inserts attrs (DER Attribute elements, concatenated) at the
// end of the unsignedAttrs of signer number signer of the BER ContentInfo
// b and rewrites the definite lengths around them.
func appendBER(b []byte, signer int, attrs []byte) ([]byte, *AppendResult, error) {
	fail := func(format string, args ...any) ([]byte, *AppendResult, error) {
		return nil, nil, &AppendError{Reason: fmt.Sprintf(format, args...)}
	}
	ci, err := readBER(b, 0, len(b), 0)
	if err != nil {
		return nil, nil, &AppendError{Reason: "the file cannot be walked as BER", Err: err}
	}
	if ci.tag != 0x30 || ci.next != len(b) {
		return fail("ContentInfo is not one SEQUENCE")
	}
	ciKids, err := children(b, ci, 0)
	if err != nil || len(ciKids) != 2 || ciKids[1].tag != 0xa0 {
		return fail("ContentInfo has no [0] content")
	}
	explicit := ciKids[1]
	sdKids, err := children(b, explicit, 1)
	if err != nil || len(sdKids) != 1 || sdKids[0].tag != 0x30 {
		return fail("the [0] content is not one SignedData SEQUENCE")
	}
	sd := sdKids[0]
	fields, err := children(b, sd, 2)
	if err != nil || len(fields) < 4 {
		return fail("SignedData cannot be walked: %v", err)
	}
	infos := fields[len(fields)-1]
	if infos.tag != 0x31 {
		return fail("SignedData does not end with signerInfos")
	}
	signers, err := children(b, infos, 3)
	if err != nil || signer >= len(signers) {
		return fail("signerInfos hold no signer %d", signer+1)
	}
	si := signers[signer]
	siFields, err := children(b, si, 4)
	if err != nil || len(siFields) < 5 || si.tag != 0x30 {
		return fail("SignerInfo %d cannot be walked", signer+1)
	}
	last := siFields[len(siFields)-1]
	enclosing := []named{{ci, "ContentInfo"}, {explicit, "[0] content"}, {sd, "SignedData"}, {infos, "signerInfos"},
		{si, fmt.Sprintf("SignerInfo %d", signer+1)}}
	res := &AppendResult{}
	insert, at := attrs, si.end
	if last.tag == 0xa1 {
		enclosing = append(enclosing, named{last, "unsignedAttrs"})
		at = last.end
	} else {
		res.CreatedUnsignedAttrs = true
		insert = append(append([]byte{0xa1}, appendLength(nil, len(attrs))...), attrs...)
	}

	// From the innermost element out, the new contents length of each
	// definite one and the growth its length octets add.
	newLen := make([][]byte, len(enclosing))
	grow := len(insert)
	for i := len(enclosing) - 1; i >= 0; i-- {
		e := enclosing[i]
		if e.indefinite {
			res.Indefinite = append([]string{e.name}, res.Indefinite...)
			continue
		}
		old := b[e.lenStart:e.contents]
		n := e.end - e.contents + grow
		newLen[i] = encodeLengthLike(old, n)
		res.Lengths = append([]LengthChange{{Element: e.name, Offset: e.start, Old: e.end - e.contents, New: n,
			OldOctets: len(old), NewOctets: len(newLen[i])}}, res.Lengths...)
		grow += len(newLen[i]) - len(old)
	}
	out := make([]byte, 0, len(b)+grow)
	p := 0
	for i, e := range enclosing {
		if newLen[i] == nil {
			continue
		}
		out = append(out, b[p:e.lenStart]...)
		out = append(out, newLen[i]...)
		p = e.contents
	}
	out = append(out, b[p:at]...)
	out = append(out, insert...)
	out = append(out, b[at:]...)
	res.Added, res.At = len(out)-len(b), at
	return out, res, nil
}

// encodeLengthLike encodes the length n as old was written: with as many
// octets as old when old was a long form with more octets than needed
// (BER allows that, and a producer that pads its lengths keeps them
// padded), else minimally (DER).
func encodeLengthLike(old []byte, n int) []byte {
	min := appendLength(nil, n)
	if len(old) > 1 && len(old) > len(min) && old[0]&0x7f == byte(len(old)-1) {
		k := len(old) - 1
		out := make([]byte, 1+k)
		out[0] = 0x80 | byte(k)
		for i := k; i > 0; i-- {
			out[i] = byte(n)
			n >>= 8
		}
		return out
	}
	return min
}

// appendLength appends the DER length octets of n.
func appendLength(out []byte, n int) []byte {
	if n < 0x80 {
		return append(out, byte(n))
	}
	var tmp [8]byte
	k := 0
	for v := n; v > 0; v >>= 8 {
		k++
	}
	for i := 0; i < k; i++ {
		tmp[i] = byte(n >> (8 * (k - 1 - i)))
	}
	out = append(out, 0x80|byte(k))
	return append(out, tmp[:k]...)
}
