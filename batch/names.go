package batch

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/gostverify/gostverify/verify"
)

// File names are bytes: on Unix and in zip archives (CP866 names written
// by old Windows archivers) they need not be UTF-8, and every report must
// still name each input uniquely, in a form that gives the name back.
// JSON would turn each byte that is not UTF-8 into U+FFFD, so that
// "\xff\xfe.txt.sig" and "\xfe\xff.txt.sig" became the same path.
//
// A name is therefore reported as it is when it is valid UTF-8 and holds
// nothing that reads as an escape; otherwise it is escaped: each byte that
// is not part of valid UTF-8 becomes \xHH (two capital hex digits) and
// each backslash \\. A reported name is escaped exactly when it contains
// a backslash, "x" and two capital hex digits, which is how UnescapePath
// tells the two apart. Windows paths ("C:\docs\act.xml") stay as they are.

// needsEscape reports whether a name is reported escaped: it is not valid
// UTF-8, or it holds `\xHH`, which would read as an escape.
func needsEscape(name string) bool {
	return !utf8.ValidString(name) || hasEscape(name)
}

// hasEscape reports whether s holds a backslash, "x" and two capital hex
// digits.
func hasEscape(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if s[i] == '\\' && s[i+1] == 'x' && isUpperHex(s[i+2]) && isUpperHex(s[i+3]) {
			return true
		}
	}
	return false
}

func isUpperHex(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' }

// EscapePath is how reports name a file: name itself when it is valid
// UTF-8 and holds no `\xHH`, else name with each byte that is not part of
// valid UTF-8 written \xHH (capital hex digits) and each backslash \\.
// The result is valid UTF-8, and UnescapePath gives name back.
func EscapePath(name string) string {
	if !needsEscape(name) {
		return name
	}
	return escape(name)
}

// escape writes s with each byte that is not part of valid UTF-8 as \xHH
// and each backslash as \\, one character at a time, so that the escape of
// a name inside a longer text is the name's own escape.
func escape(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xF])
		case r == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// errBadEscape is returned by UnescapePath for a string EscapePath cannot
// have written.
var errBadEscape = errors.New("batch: not a path as reports write it (EscapePath)")

// UnescapePath gives back the file name a report names as p (an Entry's
// Path, Document or Signatures, a Problem's Paths, the Inputs): p itself
// when it holds no `\xHH` (backslash, "x", two capital hex digits), else p
// with \\ and \xHH decoded. It fails on any string EscapePath does not
// write.
func UnescapePath(p string) (string, error) {
	name := p
	if hasEscape(p) {
		b := make([]byte, 0, len(p))
		for i := 0; i < len(p); i++ {
			if p[i] != '\\' {
				b = append(b, p[i])
				continue
			}
			switch {
			case i+1 < len(p) && p[i+1] == '\\':
				b = append(b, '\\')
				i++
			case i+3 < len(p) && p[i+1] == 'x' && isUpperHex(p[i+2]) && isUpperHex(p[i+3]):
				b = append(b, unhex(p[i+2])<<4|unhex(p[i+3]))
				i += 3
			default:
				return "", errBadEscape
			}
		}
		name = string(b)
	}
	// Only EscapePath's own writing: not "\x41" for "A", nor bytes
	// that are not UTF-8 left as they are.
	if EscapePath(name) != p {
		return "", errBadEscape
	}
	return name, nil
}

func unhex(c byte) byte {
	if c <= '9' {
		return c - '0'
	}
	return c - 'A' + 10
}

// escapeNames puts the names of a report in the form reports give them
// (EscapePath), keeping each escaped entry's raw name in PathBytes, and
// makes the texts that quote a name valid UTF-8 the same way. It sorts the
// entries by the reported path when an escape changed their order.
func (rep *Report) escapeNames() {
	for i, p := range rep.Inputs {
		if needsEscape(p) {
			rep.Inputs = slices.Clone(rep.Inputs)
			for j := i; j < len(rep.Inputs); j++ {
				rep.Inputs[j] = EscapePath(rep.Inputs[j])
			}
			break
		}
	}
	escaped := false
	for i := range rep.Entries {
		if escapeEntry(&rep.Entries[i]) {
			escaped = true
		}
	}
	if escaped {
		slices.SortStableFunc(rep.Entries, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
	}
}

// escapeEntry puts the names of e in the form reports give them, as
// escapeNames says, and reports whether its path was escaped.
func escapeEntry(e *Entry) (escaped bool) {
	if needsEscape(e.Path) {
		escaped = true
		e.PathBytes = []byte(e.Path)
		e.Path = escape(e.Path)
	}
	e.Document = EscapePath(e.Document)
	for j, s := range e.Signatures {
		e.Signatures[j] = EscapePath(s)
	}
	e.Reason = validText(e.Reason)
	escapeVerification(e.Verification)
	return escaped
}

// escapeVerification puts the names and texts of a verify report kept
// with an entry in the form reports give them.
func escapeVerification(v *verify.Report) {
	if v == nil {
		return
	}
	v.File, v.Content = EscapePath(v.File), EscapePath(v.Content)
	v.Reason = validText(v.Reason)
	for j, w := range v.Warnings {
		v.Warnings[j] = validText(w)
	}
}

// validText is a text that may quote file names (a reason, a warning) as
// valid UTF-8: as it is when it is, else escaped as EscapePath escapes, so
// that a name in it reads as the report names the file.
func validText(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return escape(s)
}
