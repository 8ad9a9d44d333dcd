package ber

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzToDER checks that ToDER never panics, that it fails only with a
// *SyntaxError, and that its output is DER (checked with encoding/asn1 and
// cryptobyte) and a fixpoint: converting it again returns it unchanged.
func FuzzToDER(f *testing.F) {
	for _, tt := range corpus {
		f.Add(readFixture(f, tt.file))
	}
	for _, s := range []string{
		"30 80 02 01 05 00 00",
		"24 80 24 80 04 01 aa 00 00 24 08 04 01 bb 04 01 cc 04 00 00 00",
		"23 80 03 02 00 aa 03 02 04 b0 00 00",
		"bf 1f 80 02 01 01 00 00",
		"30 81 03 02 01 01",
		"a0 80 24 80 04 02 68 69 00 00 00 00",
	} {
		f.Add(unhex(f, s))
	}
	lim := Limits{MaxDepth: 16, MaxElements: 1 << 12, MaxSize: 1 << 16}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := lim.ToDER(in)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || se.Kind < Empty || se.Kind > TooManyElements {
				t.Fatalf("unexpected error %T %v", err, err)
			}
			if out != nil {
				t.Fatal("output with an error")
			}
			return
		}
		checkDER(t, out)
		again, err := lim.ToDER(out)
		if err != nil {
			t.Fatalf("output rejected: %v", err)
		}
		if !bytes.Equal(again, out) || &again[0] != &out[0] {
			t.Fatalf("output is not a fixpoint:\n%x\n%x", out, again)
		}
		if bytes.Equal(out, in) != (&out[0] == &in[0]) {
			t.Fatal("unchanged input was copied, or the input was returned changed")
		}
	})
}
