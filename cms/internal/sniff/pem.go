package sniff

import (
	"bytes"
	"strings"
)

var (
	beginMarker = []byte("-----BEGIN ")
	endMarker   = []byte("-----END ")
	dashes      = []byte("-----")
)

// pem decodes the first PEM block at or after b[at] that may hold a
// signature (RFC 7468, with RFC 1421 headers skipped).
func (t *text) pem(at int) (data []byte, label string, err *FormatError) {
	var skipped, skippedLooks string // the first block skipped
	skippedAt := 0
	for {
		label, from, to, next, err := t.pemBlock(at)
		if err != nil {
			return nil, "", err
		}
		looks := nonSignature(label)
		if looks == "" {
			data, err := t.base64(t.skipHeaders(from, to), to, false)
			if err != nil {
				return nil, "", err
			}
			if data == nil {
				return nil, "", errorf(Empty, t.offset(at), "", "PEM block %q at offset %d is empty", label, t.offset(at))
			}
			return data, label, nil
		}
		if skippedLooks == "" {
			skipped, skippedLooks, skippedAt = label, looks, at
		}
		i := bytes.Index(t.b[next:], beginMarker)
		if i < 0 {
			return nil, "", errorf(NotSignature, t.offset(skippedAt), skippedLooks,
				"PEM block %q is %s, not a signature", skipped, lookPhrases[skippedLooks])
		}
		at = next + i
	}
}

// pemBlock parses the block whose BEGIN line starts at b[at]. The body is
// b[from:to]; next is the index after the END line's closing dashes.
func (t *text) pemBlock(at int) (label string, from, to, next int, err *FormatError) {
	label, from, ok := t.pemLabel(at + len(beginMarker))
	if !ok {
		return "", 0, 0, 0, errorf(BadPEM, t.offset(at), "", "malformed PEM BEGIN line at offset %d", t.offset(at))
	}
	i := bytes.Index(t.b[from:], endMarker)
	if i < 0 {
		return "", 0, 0, 0, errorf(BadPEM, t.offset(at), "", "PEM block %q at offset %d has no END line", label, t.offset(at))
	}
	to = from + i
	endLabel, next, ok := t.pemLabel(to + len(endMarker))
	switch {
	case !ok:
		return "", 0, 0, 0, errorf(BadPEM, t.offset(to), "", "malformed PEM END line at offset %d", t.offset(to))
	case endLabel != label:
		return "", 0, 0, 0, errorf(BadPEM, t.offset(to), "",
			"PEM block %q ends with END %q at offset %d", label, endLabel, t.offset(to))
	}
	return label, from, to, next, nil
}

// pemLabel reads a label closed by five dashes on the same line, starting
// at b[at], and returns the index after the dashes.
func (t *text) pemLabel(at int) (label string, next int, ok bool) {
	i := bytes.Index(t.b[at:], dashes)
	if i < 0 || bytes.ContainsAny(t.b[at:at+i], "\r\n") {
		return "", 0, false
	}
	return string(t.b[at : at+i]), at + i + len(dashes), true
}

// skipHeaders skips the rest of the BEGIN line and any RFC 1421 headers
// ("Proc-Type: 4,ENCRYPTED", continuation lines, the blank line after them)
// at the start of the body b[from:to]. Base64 lines never hold a ':'.
func (t *text) skipHeaders(from, to int) int {
	inHeaders := false
	for p := from; p < to; {
		end := to
		if i := bytes.IndexByte(t.b[p:to], '\n'); i >= 0 {
			end = p + i + 1
		}
		line := t.b[p:end]
		switch {
		case blank(line):
			if inHeaders {
				return end
			}
		case bytes.IndexByte(line, ':') >= 0:
			inHeaders = true
		case inHeaders && (line[0] == ' ' || line[0] == '\t'):
		default:
			return p
		}
		p = end
	}
	return to
}

// nonSignature says what a PEM block holds if its label names something
// other than a signature, and "" otherwise.
func nonSignature(label string) string {
	u := strings.ToUpper(label)
	switch {
	case strings.Contains(u, "CERTIFICATE REQUEST"):
		return "certificate request"
	case strings.Contains(u, "CERTIFICATE"):
		return "certificate"
	case strings.Contains(u, "CRL"):
		return "CRL"
	case strings.Contains(u, "KEY"):
		return "key"
	case strings.Contains(u, "PARAMETERS"):
		return "parameters"
	}
	return ""
}

func blank(line []byte) bool {
	for _, c := range line {
		if !isSpace(c) {
			return false
		}
	}
	return true
}
