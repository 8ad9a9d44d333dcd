package sniff

import (
	"bytes"
	"encoding/base64"
	"fmt"
)

// text is the input as one byte per character, after removing a BOM and
// narrowing UTF-16. Character b[i] is at input offset base+step*i.
type text struct {
	src     []byte
	b       []byte
	charset Charset
	bom     bool
	base    int
	step    int

	// Set by base64, for messages about its result.
	dataStart int  // index in b of the first base64 character
	hexOnly   bool // every base64 character was a hex digit
}

func newText(data []byte) (*text, *FormatError) {
	t := &text{src: data, charset: ASCII, step: 1}
	switch {
	case bytes.HasPrefix(data, []byte{0xef, 0xbb, 0xbf}):
		t.bom, t.base = true, 3
	case bytes.HasPrefix(data, []byte{0xff, 0xfe}):
		t.bom, t.base, t.charset = true, 2, UTF16LE
	case bytes.HasPrefix(data, []byte{0xfe, 0xff}):
		t.bom, t.base, t.charset = true, 2, UTF16BE
	case looksUTF16(data, 1):
		t.charset = UTF16LE
	case looksUTF16(data, 0):
		t.charset = UTF16BE
	}
	if t.charset == ASCII {
		t.b = data[t.base:]
		return t, nil
	}
	d := data[t.base:]
	if len(d)%2 != 0 {
		return nil, errorf(BadText, len(data)-1, "", "%v text has an odd number of bytes", t.charset)
	}
	t.step = 2
	t.b = make([]byte, len(d)/2)
	for i := range t.b {
		if u := t.unit(i); u < 0x80 {
			t.b[i] = byte(u)
		} else {
			t.b[i] = 0xff // not ASCII: never valid in PEM or base64
		}
	}
	return t, nil
}

// looksUTF16 reports whether data starts with at least two, and up to
// four, UTF-16 code units of ASCII characters other than NUL; zero is the
// index in each pair of the zero high byte (1 for little endian).
func looksUTF16(data []byte, zero int) bool {
	n := min(len(data)/2, 4)
	if n < 2 {
		return false
	}
	for i := range n {
		if data[2*i+zero] != 0 || data[2*i+1-zero] == 0 || data[2*i+1-zero] >= 0x80 {
			return false
		}
	}
	return true
}

// unit returns the UTF-16 code unit of character i.
func (t *text) unit(i int) uint16 {
	o := t.base + 2*i
	if t.charset == UTF16LE {
		return uint16(t.src[o]) | uint16(t.src[o+1])<<8
	}
	return uint16(t.src[o])<<8 | uint16(t.src[o+1])
}

// offset is the input offset of character i.
func (t *text) offset(i int) int { return t.base + t.step*i }

// describe names character i for a message.
func (t *text) describe(i int) string {
	if t.step == 2 {
		return fmt.Sprintf("character %q", rune(t.unit(i)))
	}
	if c := t.b[i]; c >= 0x80 {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return fmt.Sprintf("character %q", rune(t.b[i]))
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

func isSpaceOrNUL(c byte) bool { return c == 0 || isSpace(c) }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// base64 decodes b[from:to]: whitespace anywhere, whitespace and NULs at the
// end, standard or URL-safe alphabet, optional padding. With bare set, an
// illegal character among the first four means the input is not base64 at
// all.
func (t *text) base64(from, to int, bare bool) ([]byte, *FormatError) {
	for to > from && isSpaceOrNUL(t.b[to-1]) {
		to--
	}
	chars := make([]byte, 0, to-from)
	t.dataStart, t.hexOnly = -1, true
	last := -1  // index of the last base64 character
	padAt := -1 // index of the first '='
	pad := 0    // number of '='
	std, url := -1, -1
	for i := from; i < to; i++ {
		c := t.b[i]
		switch {
		case isSpace(c):
			continue
		case c == '=':
			if padAt < 0 {
				padAt = i
			}
			pad++
			continue
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case c == '+' || c == '/':
			if std < 0 {
				std = i
			}
		case c == '-' || c == '_':
			if url < 0 {
				url = i
			}
		default:
			if bare && len(chars) < 4 {
				return nil, unrecognized(t.src, "")
			}
			return nil, errorf(BadBase64, t.offset(i), "", "base64: illegal %s at offset %d", t.describe(i), t.offset(i))
		}
		if padAt >= 0 {
			return nil, errorf(BadBase64, t.offset(padAt), "", "base64: padding at offset %d is followed by more data", t.offset(padAt))
		}
		if std >= 0 && url >= 0 {
			return nil, errorf(BadBase64, t.offset(i), "",
				"base64: %s at offset %d mixes the URL-safe alphabet (-_) and the standard one (+/)", t.describe(i), t.offset(i))
		}
		if t.dataStart < 0 {
			t.dataStart = i
		}
		t.hexOnly = t.hexOnly && isHex(c)
		last = i
		chars = append(chars, c)
	}
	if len(chars) == 0 && pad == 0 {
		return nil, nil
	}
	bad := func(at int, format string, args ...any) ([]byte, *FormatError) {
		e := errorf(BadBase64, t.offset(at), "", "base64: "+format, args...)
		if t.hexOnly && len(chars) > 0 {
			e.Looks = "hex"
			e.msg += " (the text looks like hex, not base64)"
		}
		return nil, e
	}
	switch {
	case pad > 2:
		return bad(padAt, "%d padding characters at offset %d", pad, t.offset(padAt))
	case pad > 0 && (len(chars)+pad)%4 != 0:
		return bad(padAt, "padding at offset %d does not complete a group of four", t.offset(padAt))
	case len(chars)%4 == 1:
		return bad(last, "truncated: a single character in the last group at offset %d", t.offset(last))
	}
	enc := base64.RawStdEncoding
	if url >= 0 {
		enc = base64.RawURLEncoding
	}
	out := make([]byte, enc.DecodedLen(len(chars)))
	// The characters are checked above; what Strict can still reject is
	// non-zero bits left over after the last byte (RFC 4648 3.5).
	n, err := enc.Strict().Decode(out, chars)
	if err != nil {
		return bad(last, "non-zero bits after the last byte in the character at offset %d", t.offset(last))
	}
	return out[:n], nil
}
