package ber

import "fmt"

const constructedBit = 0x20

// Universal tag numbers (X.680 8.4) that need special treatment.
const (
	tagBitString    = 3
	tagOctetString  = 4
	tagExternal     = 8
	tagEmbeddedPDV  = 11
	tagSequence     = 16
	tagSet          = 17
	tagCharacterStr = 29
)

// header is a parsed identifier and length (X.690 8.1.2, 8.1.3).
type header struct {
	off         int  // offset of the identifier octets
	tagEnd      int  // offset after the identifier octets
	hdrEnd      int  // offset of the contents
	length      int  // contents length; 0 when indefinite
	limit       int  // end of the contents if definite, else the end of the enclosing region
	constructed bool // the constructed bit of the identifier is set
	indefinite  bool // the length octet is 0x80
	minimal     bool // the length octets are minimal DER (or indefinite)
	universal   bool // class universal
	number      int  // tag number
}

// header parses the identifier and length octets at off, which must be
// before limit, and checks that a definite length fits before limit.
func (c *converter) header(off, limit int) (h header, err error) {
	c.elements++
	if c.elements > c.lim.MaxElements {
		return h, &SyntaxError{Offset: off, Kind: TooManyElements, Detail: fmt.Sprintf("limit %d", c.lim.MaxElements)}
	}
	in := c.in[:limit]
	b := in[off]
	h = header{
		off:         off,
		constructed: b&constructedBit != 0,
		universal:   b&0xc0 == 0,
		number:      int(b & 0x1f),
	}
	p := off + 1
	if h.number == 0x1f {
		// High-tag-number form (X.690 8.1.2.4): base 128, most significant
		// group first, no leading zero group, at most four groups here.
		h.number = 0
		for i := 0; ; i++ {
			if p == len(in) {
				return h, &SyntaxError{Offset: off, Kind: Truncated, Detail: "tag cut short"}
			}
			t := in[p]
			p++
			switch {
			case i == 0 && t == 0x80:
				return h, &SyntaxError{Offset: off, Kind: BadTag, Detail: "tag number has a leading zero group"}
			case i == 4:
				return h, &SyntaxError{Offset: off, Kind: BadTag, Detail: "tag number longer than four octets"}
			}
			h.number = h.number<<7 | int(t&0x7f)
			if t&0x80 == 0 {
				break
			}
		}
		if h.number < 0x1f {
			return h, &SyntaxError{Offset: off, Kind: BadTag,
				Detail: fmt.Sprintf("tag number %d in the high-tag-number form", h.number)}
		}
	}
	if h.universal && h.number == 0 {
		return h, &SyntaxError{Offset: off, Kind: BadEOC,
			Detail: "end-of-contents (tag 0) outside the end of an indefinite-length element"}
	}
	h.tagEnd = p
	if p == len(in) {
		return h, &SyntaxError{Offset: off, Kind: Truncated, Detail: "length octets missing"}
	}
	l := in[p]
	p++
	var v uint64 // the contents length
	switch {
	case l < 0x80:
		v = uint64(l)
		h.minimal = true
	case l == 0x80:
		if !h.constructed {
			return h, &SyntaxError{Offset: off, Kind: IndefinitePrimitive}
		}
		h.indefinite = true
		h.minimal = true
	case l == 0xff:
		return h, &SyntaxError{Offset: off, Kind: BadLength, Detail: "length octet 0xff is reserved"}
	default:
		n := int(l & 0x7f)
		if n > len(in)-p {
			return h, &SyntaxError{Offset: off, Kind: Truncated, Detail: "length octets cut short"}
		}
		for _, d := range in[p : p+n] {
			if v>>56 != 0 {
				return h, &SyntaxError{Offset: off, Kind: Truncated, Detail: "length exceeds the input"}
			}
			v = v<<8 | uint64(d)
		}
		h.minimal = v >= 0x80 && in[p] != 0
		p += n
	}
	if v > uint64(len(in)-p) {
		return h, &SyntaxError{Offset: off, Kind: Truncated,
			Detail: fmt.Sprintf("length %d exceeds the %d bytes available", v, len(in)-p)}
	}
	h.length = int(v)
	h.hdrEnd = p
	h.limit = limit
	if !h.indefinite {
		h.limit = p + h.length
	}
	return h, nil
}

// checkForm enforces the primitive or constructed form that DER requires
// of universal types (X.690 8.9.1, 8.10.1, 10.2). Constructed OCTET and BIT
// STRINGs are allowed; ToDER flattens them.
func (h *header) checkForm() error {
	if !h.universal || h.number >= 0x1f {
		return nil
	}
	switch h.number {
	case tagBitString, tagOctetString:
		return nil
	case tagExternal, tagEmbeddedPDV, tagSequence, tagSet, tagCharacterStr:
		if !h.constructed {
			return &SyntaxError{Offset: h.off, Kind: BadForm,
				Detail: "primitive encoding of " + universalName(h.number)}
		}
	default:
		if h.constructed {
			return &SyntaxError{Offset: h.off, Kind: BadForm,
				Detail: "constructed encoding of " + universalName(h.number) + " is not supported"}
		}
	}
	return nil
}

var universalNames = [...]string{
	1: "BOOLEAN", 2: "INTEGER", 3: "BIT STRING", 4: "OCTET STRING", 5: "NULL",
	6: "OBJECT IDENTIFIER", 7: "ObjectDescriptor", 8: "EXTERNAL", 9: "REAL",
	10: "ENUMERATED", 11: "EMBEDDED PDV", 12: "UTF8String", 13: "RELATIVE-OID",
	14: "TIME", 16: "SEQUENCE", 17: "SET", 18: "NumericString",
	19: "PrintableString", 20: "TeletexString", 21: "VideotexString",
	22: "IA5String", 23: "UTCTime", 24: "GeneralizedTime", 25: "GraphicString",
	26: "VisibleString", 27: "GeneralString", 28: "UniversalString",
	29: "CHARACTER STRING", 30: "BMPString",
}

func universalName(n int) string {
	if n < len(universalNames) && universalNames[n] != "" {
		return universalNames[n]
	}
	return fmt.Sprintf("universal type %d", n)
}
