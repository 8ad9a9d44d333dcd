package pdf

import (
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// text decodes a text string (§7.9.2.2): UTF-16BE after the BOM FE FF,
// UTF-8 after EF BB BF (PDF 2.0), PDFDocEncoding otherwise (Annex D).
func text(b []byte) string {
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		b = b[2:]
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	case len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF:
		return strings.ToValidUTF8(string(b[3:]), "\uFFFD")
	}
	var sb strings.Builder
	for _, c := range b {
		switch {
		case c >= 0x18 && c <= 0x1F:
			sb.WriteRune(pdfDoc18[c-0x18])
		case c >= 0x80 && c <= 0xA0:
			sb.WriteRune(pdfDoc80[c-0x80])
		case c == 0xAD:
			sb.WriteRune(utf8.RuneError) // undefined in PDFDocEncoding
		default:
			sb.WriteRune(rune(c)) // ASCII and Latin-1
		}
	}
	return sb.String()
}

// PDFDocEncoding where it is not Latin-1 (ISO 32000-2 Annex D.2).
var (
	pdfDoc18 = [8]rune{'˘', 'ˇ', 'ˆ', '˙', '˝', '˛', '˚', '˜'}
	pdfDoc80 = [33]rune{
		'•', '†', '‡', '…', '—', '–', 'ƒ', '⁄', '‹', '›', '−', '‰', '„', '“', '”', '‘',
		'’', '‚', '™', 'ﬁ', 'ﬂ', 'Ł', 'Œ', 'Š', 'Ÿ', 'Ž', 'ı', 'ł', 'œ', 'š', 'ž', utf8.RuneError,
		'€',
	}
)

// parseDate parses a date (§7.9.4): D:YYYYMMDDHHmmSSOHH'mm, every part
// after the year optional, O one of + - Z. Without a zone the time is
// taken as UTC (the standard leaves it unknown). The apostrophe after the
// zone's minutes that PDF 1.x writers add is accepted.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimPrefix(s, "D:")
	num := func(n, lo, hi int) (int, bool) {
		if len(s) < n {
			return 0, false
		}
		v := 0
		for _, c := range []byte(s[:n]) {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		if v < lo || v > hi {
			return 0, false
		}
		s = s[n:]
		return v, true
	}
	year, ok := num(4, 0, 9999)
	if !ok {
		return time.Time{}, false
	}
	f := [5]int{1, 1, 0, 0, 0} // month, day, hour, minute, second
	bounds := [5][2]int{{1, 12}, {1, 31}, {0, 23}, {0, 59}, {0, 59}}
	for i := range f {
		if len(s) == 0 || s[0] < '0' || s[0] > '9' {
			break
		}
		if f[i], ok = num(2, bounds[i][0], bounds[i][1]); !ok {
			return time.Time{}, false
		}
	}
	loc := time.UTC
	if len(s) > 0 {
		sign := s[0]
		s = s[1:]
		switch sign {
		case 'Z':
			s = strings.TrimPrefix(strings.TrimPrefix(s, "00'00"), "'")
		case '+', '-':
			hh, ok := num(2, 0, 23)
			if !ok {
				return time.Time{}, false
			}
			mm := 0
			s = strings.TrimPrefix(s, "'")
			if len(s) > 0 {
				if mm, ok = num(2, 0, 59); !ok {
					return time.Time{}, false
				}
				s = strings.TrimPrefix(s, "'")
			}
			off := (hh*60 + mm) * 60
			if sign == '-' {
				off = -off
			}
			loc = time.FixedZone("", off)
		default:
			return time.Time{}, false
		}
		if s != "" {
			return time.Time{}, false
		}
	}
	t := time.Date(year, time.Month(f[0]), f[1], f[2], f[3], f[4], 0, loc)
	if t.Day() != f[1] { // February 30th and the like
		return time.Time{}, false
	}
	return t, true
}

// trimPadding removes the zeros after the CMS in /Contents: when b starts
// with one complete BER object (DER, or indefinite lengths nested at
// most maxDepth deep) followed by zeros only, that object; otherwise b.
func trimPadding(b []byte, maxDepth int) []byte {
	if len(b) == 0 || b[0] == 0 {
		return b
	}
	n, ok := berLen(b, 0, maxDepth)
	if !ok || n == len(b) || !allZero(b[n:]) {
		return b
	}
	return b[:n]
}

// berLen returns the length of the BER object at the start of b (X.690
// §8.1): identifier octets, length octets, contents (for an indefinite
// length, the objects up to the end-of-contents octets).
func berLen(b []byte, depth, maxDepth int) (int, bool) {
	if depth > maxDepth || len(b) < 2 {
		return 0, false
	}
	i := 1
	if b[0]&0x1F == 0x1F { // high tag number
		for {
			if i >= len(b) || i > 5 {
				return 0, false
			}
			i++
			if b[i-1]&0x80 == 0 {
				break
			}
		}
	}
	if i >= len(b) {
		return 0, false
	}
	l := b[i]
	i++
	switch {
	case l < 0x80:
		n := i + int(l)
		return n, n <= len(b)
	case l == 0x80: // indefinite: constructed only
		if b[0]&0x20 == 0 {
			return 0, false
		}
		for {
			if i+2 <= len(b) && b[i] == 0 && b[i+1] == 0 {
				return i + 2, true
			}
			n, ok := berLen(b[i:], depth+1, maxDepth)
			if !ok {
				return 0, false
			}
			i += n
		}
	case l == 0xFF:
		return 0, false
	}
	k := int(l & 0x7F)
	if k > 4 || i+k > len(b) {
		return 0, false
	}
	n := 0
	for _, c := range b[i : i+k] {
		n = n<<8 | int(c)
	}
	n += i + k
	return n, n <= len(b)
}
