package ber

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestToDER(t *testing.T) {
	tests := []struct {
		name    string
		in, out string // hex; out "" means unchanged
	}{
		// Already DER: returned as is.
		{"der sequence", "30 03 02 01 05", ""},
		{"der null", "05 00", ""},
		{"der long form", "04 81 80" + strings.Repeat("aa", 128), ""},
		{"der context constructed", "a0 03 02 01 05", ""},
		{"der high tag primitive", "9f 81 00 01 ff", ""},
		{"der high tag universal", "1f 1f 00", ""},

		// Indefinite lengths.
		{"indefinite", "30 80 02 01 05 00 00", "30 03 02 01 05"},
		{"indefinite empty", "30 80 00 00", "30 00"},
		{"nested indefinite", "30 80 30 80 02 01 01 00 00 00 00", "30 05 30 03 02 01 01"},
		{"indefinite deep", "30 80 a0 80 30 80 31 80 00 00 00 00 00 00 00 00", "30 06 a0 04 30 02 31 00"},
		{"indefinite siblings", "30 80 30 80 00 00 02 01 01 30 80 05 00 00 00 00 00",
			"30 09 30 00 02 01 01 30 02 05 00"},
		{"indefinite inside definite", "30 06 30 80 05 00 00 00", "30 04 30 02 05 00"},
		{"indefinite high tag", "bf 1f 80 02 01 01 00 00", "bf 1f 03 02 01 01"},
		{"indefinite high tag 3 octets", "7f 81 80 00 80 05 00 00 00", "7f 81 80 00 02 05 00"},
		{"cms detached encap", "30 80 06 09 2a 86 48 86 f7 0d 01 07 01 00 00",
			"30 0b 06 09 2a 86 48 86 f7 0d 01 07 01"},
		{"indefinite to long form", "30 80 04 81 80" + strings.Repeat("bb", 128) + "00 00",
			"30 81 83 04 81 80" + strings.Repeat("bb", 128)},

		// Non-minimal long-form lengths.
		{"long form short value", "30 81 03 02 01 01", "30 03 02 01 01"},
		{"primitive long form", "02 82 00 01 05", "02 01 05"},
		{"primitive four octets", "04 84 00 00 00 02 aa bb", "04 02 aa bb"},
		{"leading zero octet", "04 82 00 80" + strings.Repeat("cc", 128), "04 81 80" + strings.Repeat("cc", 128)},
		{"eight length octets", "04 88 00 00 00 00 00 00 00 01 ee", "04 01 ee"},
		{"non-minimal child", "30 05 02 82 00 01 07", "30 03 02 01 07"},
		{"long form zero", "30 81 00", "30 00"},

		// Constructed OCTET STRINGs.
		{"octets indefinite", "24 80 04 02 aa bb 04 01 cc 00 00", "04 03 aa bb cc"},
		{"octets definite", "24 07 04 01 aa 04 02 bb cc", "04 03 aa bb cc"},
		{"octets nested", "24 80 24 80 04 01 aa 00 00 24 08 04 01 bb 04 01 cc 04 00 00 00", "04 03 aa bb cc"},
		{"octets empty indefinite", "24 80 00 00", "04 00"},
		{"octets empty definite", "24 00", "04 00"},
		{"octets empty chunks", "24 80 04 00 04 00 00 00", "04 00"},
		{"econtent", "a0 80 24 80 04 02 68 69 00 00 00 00", "a0 04 04 02 68 69"},
		{"octets chunk long form", "24 80 04 81 02 aa bb 00 00", "04 02 aa bb"},

		// Constructed BIT STRINGs.
		{"bits", "23 80 03 02 00 aa 03 02 04 b0 00 00", "03 03 04 aa b0"},
		{"bits definite", "23 08 03 02 00 aa 03 02 00 bb", "03 03 00 aa bb"},
		{"bits nested", "23 80 23 80 03 02 00 aa 00 00 03 01 00 00 00", "03 02 00 aa"},
		{"bits empty", "23 80 00 00", "03 01 00"},
		{"bits only empty chunk", "23 03 03 01 00", "03 01 00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := unhex(t, tt.in)
			got, err := ToDER(in)
			if err != nil {
				t.Fatalf("ToDER(%s): %v", tt.in, err)
			}
			if tt.out == "" {
				if len(got) != len(in) || &got[0] != &in[0] {
					t.Fatalf("DER input was copied or changed: %x", got)
				}
			} else if want := unhex(t, tt.out); !bytes.Equal(got, want) {
				t.Fatalf("ToDER(%s)\n got %x\nwant %x", tt.in, got, want)
			}
			checkDER(t, got)
			again, err := ToDER(got)
			if err != nil || &again[0] != &got[0] {
				t.Fatalf("output is not a fixpoint: %x, %v", again, err)
			}
		})
	}
}

// TestToDERLarge covers chunked contents and outputs longer than the input.
func TestToDERLarge(t *testing.T) {
	t.Run("many chunks", func(t *testing.T) {
		var in, content []byte
		in = append(in, 0x30, 0x80, 0x24, 0x80)
		for i := range 1000 {
			in = append(in, 0x04, 0x01, byte(i))
			content = append(content, byte(i))
		}
		in = append(in, 0x24, 0x80, 0x24, 0x80) // nested, chunked again
		for i := range 1000 {
			in = append(in, 0x04, 0x02, byte(i), byte(i>>8))
			content = append(content, byte(i), byte(i>>8))
		}
		in = append(in, 0, 0, 0, 0, 0, 0, 0, 0)
		want := append([]byte{0x30, 0x82, 0x0b, 0xbc, 0x04, 0x82, 0x0b, 0xb8}, content...)
		got, err := ToDER(in)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("got %x...", got[:16])
		}
		checkDER(t, got)
	})
	t.Run("output grows", func(t *testing.T) {
		// 30 80 + 00 00 is 4 bytes; 30 83 01 00 05 for 65541 bytes of
		// contents is 5: the one case where DER is longer than BER.
		content := append([]byte{0x04, 0x83, 0x01, 0x00, 0x00}, make([]byte, 1<<16)...)
		in := append(append([]byte{0x30, 0x80}, content...), 0, 0)
		want := append([]byte{0x30, 0x83, 0x01, 0x00, 0x05}, content...)
		got, err := ToDER(in)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("got %x...", got[:8])
		}
		checkDER(t, got)
		_, err = Limits{MaxSize: len(in)}.ToDER(in)
		wantKind(t, err, TooLarge, 0)
	})
}

func wantKind(t *testing.T, err error, kind Kind, offset int) {
	t.Helper()
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("got error %v, want a *SyntaxError of kind %v", err, kind)
	}
	if se.Kind != kind || se.Offset != offset {
		t.Fatalf("got %v (kind %d, offset %d), want kind %v at offset %d", err, se.Kind, se.Offset, kind, offset)
	}
	if !strings.HasPrefix(err.Error(), "ber: offset ") {
		t.Fatalf("message %q lacks the package prefix", err)
	}
}

func TestToDERErrors(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		lim    Limits
		kind   Kind
		offset int
	}{
		{"empty", "", Limits{}, Empty, 0},
		{"too large", "30 03 02 01 05", Limits{MaxSize: 4}, TooLarge, 0},

		{"tag only", "30", Limits{}, Truncated, 0},
		{"high tag cut", "1f", Limits{}, Truncated, 0},
		{"high tag unterminated", "1f 81", Limits{}, Truncated, 0},
		{"high tag leading zero", "1f 80 1f 00", Limits{}, BadTag, 0},
		{"high tag small number", "1f 1e 00", Limits{}, BadTag, 0},
		{"high tag too long", "1f 81 80 80 80 00 00", Limits{}, BadTag, 0},
		{"long form cut", "30 82 01", Limits{}, Truncated, 0},
		{"length past input", "30 03 02 01", Limits{}, Truncated, 0},
		{"length past parent", "30 03 02 02 01 01", Limits{}, Truncated, 2},
		{"huge length", "30 89 01 00 00 00 00 00 00 00 00 00", Limits{}, Truncated, 0},
		{"four-octet length", "30 84 ff ff ff ff 00", Limits{}, Truncated, 0},
		{"reserved length", "30 ff", Limits{}, BadLength, 0},
		{"indefinite primitive", "04 80 01 02 00 00", Limits{}, IndefinitePrimitive, 0},
		{"indefinite primitive child", "30 80 02 80 00 00", Limits{}, IndefinitePrimitive, 2},

		{"no eoc", "30 80 02 01 01", Limits{}, MissingEOC, 0},
		{"no eoc nested", "30 80 30 80 02 01 01 00 00", Limits{}, MissingEOC, 0},
		{"no eoc in definite", "30 04 30 80 05 00", Limits{}, MissingEOC, 2},
		{"half eoc", "30 80 02 01 01 00", Limits{}, Truncated, 5},
		{"eoc with length", "30 80 02 01 01 00 01 ff", Limits{}, BadEOC, 5},
		{"eoc in definite", "30 02 00 00", Limits{}, BadEOC, 2},
		{"eoc at top", "00 00", Limits{}, BadEOC, 0},
		{"constructed eoc", "30 80 20 00 00 00", Limits{}, BadEOC, 2},

		{"constructed integer", "22 03 02 01 01", Limits{}, BadForm, 0},
		{"constructed utf8string", "2c 80 04 01 61 00 00", Limits{}, BadForm, 0},
		{"constructed utctime", "37 80 00 00", Limits{}, BadForm, 0},
		{"primitive sequence", "10 00", Limits{}, BadForm, 0},
		{"primitive set", "30 02 11 00", Limits{}, BadForm, 2},

		{"octets chunk wrong tag", "24 80 02 01 01 00 00", Limits{}, BadSegment, 2},
		{"octets chunk bit string", "24 80 03 02 00 01 00 00", Limits{}, BadSegment, 2},
		{"octets chunk high tag", "24 80 1f 84 01 00 00", Limits{}, BadSegment, 2},
		{"octets chunk context", "24 03 84 01 01", Limits{}, BadSegment, 2},
		{"octets chunk truncated", "24 80 04 05 01 00 00", Limits{}, Truncated, 2},
		{"octets chunk indefinite primitive", "24 80 04 80 00 00", Limits{}, IndefinitePrimitive, 2},
		{"octets no eoc", "24 80 04 01 01", Limits{}, MissingEOC, 0},
		{"octets nested no eoc", "24 80 24 80 04 01 01 00 00", Limits{}, MissingEOC, 0},
		{"bits chunk no unused octet", "23 80 03 00 00 00", Limits{}, BadSegment, 2},
		{"bits unused in middle", "23 80 03 02 01 aa 03 02 00 bb 00 00", Limits{}, BadSegment, 6},
		{"bits unused too big", "23 80 03 02 08 aa 00 00", Limits{}, BadSegment, 2},
		{"bits empty chunk with unused", "23 80 03 01 03 00 00", Limits{}, BadSegment, 2},
		{"bits chunk octet string", "23 80 04 01 00 00 00", Limits{}, BadSegment, 2},

		{"trailing byte", "30 03 02 01 01 ff", Limits{}, TrailingData, 5},
		{"trailing zeros", "30 80 02 01 01 00 00 00 00", Limits{}, TrailingData, 7},
		{"two elements", "05 00 05 00", Limits{}, TrailingData, 2},

		{"too deep", "30 80 30 80 30 80 00 00 00 00 00 00", Limits{MaxDepth: 2}, TooDeep, 4},
		{"too deep primitive", "30 02 05 00", Limits{MaxDepth: 1}, TooDeep, 2},
		{"too deep chunks", "24 80 24 80 04 00 00 00 00 00", Limits{MaxDepth: 2}, TooDeep, 4},
		{"too many elements", "30 06 05 00 05 00 05 00", Limits{MaxElements: 3}, TooManyElements, 6},
		{"too many chunks", "24 80 04 00 04 00 00 00", Limits{MaxElements: 2}, TooManyElements, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := tt.lim.ToDER(unhex(t, tt.in))
			if out != nil {
				t.Errorf("output %x with error", out)
			}
			wantKind(t, err, tt.kind, tt.offset)
		})
	}
}

func TestDefaultDepth(t *testing.T) {
	nest := func(n int) []byte {
		b := bytes.Repeat([]byte{0x30, 0x80}, n)
		return append(b, make([]byte, 2*n)...)
	}
	if _, err := ToDER(nest(DefaultMaxDepth)); err != nil {
		t.Fatalf("depth %d: %v", DefaultMaxDepth, err)
	}
	_, err := ToDER(nest(DefaultMaxDepth + 1))
	wantKind(t, err, TooDeep, 2*DefaultMaxDepth)
}

func TestErrorMessages(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"04 80 00 00", "ber: offset 0: indefinite length on a primitive element"},
		{"30 80 02 01 01 00 01 ff", "ber: offset 5: misplaced or malformed end-of-contents: end-of-contents with length octet 0x01"},
		{"30 82 01 00 00", "ber: offset 0: truncated element: length 256 exceeds the 1 bytes available"},
		{"2c 00", "ber: offset 0: wrong encoding form: constructed encoding of UTF8String is not supported"},
		{"2f 00", "ber: offset 0: wrong encoding form: constructed encoding of universal type 15 is not supported"},
		{"24 80 02 01 01 00 00", "ber: offset 2: malformed constructed string: chunk of a constructed OCTET STRING has tag 0x02"},
		{"30 00 00", "ber: offset 2: trailing data: 1 bytes after the outermost element"},
	}
	for _, tt := range tests {
		_, err := ToDER(unhex(t, tt.in))
		if err == nil || err.Error() != tt.msg {
			t.Errorf("ToDER(%s) = %v, want %q", tt.in, err, tt.msg)
		}
	}
	if s := Kind(99).String(); s != "Kind(99)" {
		t.Errorf("Kind(99).String() = %q", s)
	}
}
