package ber

import (
	"encoding/asn1"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// unhex decodes hex with spaces, for readable test tables.
func unhex(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

// checkDER asserts that der is one DER-framed element, walking it end to end
// with encoding/asn1 (which rejects indefinite and non-minimal lengths and
// non-minimal tags) and, when it has no high tag numbers, which cryptobyte
// cannot read, with cryptobyte as well. Neither shares code with ToDER.
func checkDER(t testing.TB, der []byte) {
	t.Helper()
	highTags, err := walkASN1(der, 1, true)
	if err != nil {
		t.Fatalf("output is not DER (encoding/asn1): %v\n%x", err, der)
	}
	if highTags {
		return
	}
	s := cryptobyte.String(der)
	var el cryptobyte.String
	if !s.ReadASN1Element(&el, peekTag(der)) || !s.Empty() {
		t.Fatalf("output is not one element (cryptobyte)\n%x", der)
	}
	if err := walkCryptobyte(der); err != nil {
		t.Fatalf("output is not DER (cryptobyte): %v\n%x", err, der)
	}
}

func peekTag(der []byte) cbasn1.Tag {
	if len(der) == 0 {
		return 0
	}
	return cbasn1.Tag(der[0])
}

// walkASN1 walks a sequence of elements (one if top) and reports whether any
// tag uses the high-tag-number form.
func walkASN1(b []byte, depth int, top bool) (highTags bool, err error) {
	for n := 0; len(b) > 0; n++ {
		if top && n > 0 {
			return false, fmt.Errorf("trailing data: %x", b)
		}
		var rv asn1.RawValue
		rest, err := asn1.Unmarshal(b, &rv)
		if err != nil {
			return false, err
		}
		if rv.Tag >= 31 {
			highTags = true
		}
		if rv.Class == asn1.ClassUniversal && (rv.Tag == 3 || rv.Tag == 4) && rv.IsCompound {
			return false, fmt.Errorf("constructed string at depth %d", depth)
		}
		if rv.IsCompound {
			h, err := walkASN1(rv.Bytes, depth+1, false)
			if err != nil {
				return false, err
			}
			highTags = highTags || h
		}
		b = rest
	}
	return highTags, nil
}

func walkCryptobyte(b []byte) error {
	s := cryptobyte.String(b)
	for !s.Empty() {
		var el cryptobyte.String
		var tag cbasn1.Tag
		if !s.ReadAnyASN1(&el, &tag) {
			return fmt.Errorf("cannot read element at %x", []byte(s))
		}
		if tag&0x20 != 0 {
			if err := walkCryptobyte(el); err != nil {
				return err
			}
		}
	}
	return nil
}
