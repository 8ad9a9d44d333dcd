package sniff

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// corpus lists the fixtures in testdata (see testdata/README.md).
var corpus = []struct {
	file       string
	format     Format
	label      string
	indefinite bool
}{
	{"cryptopro_doc.txt.sgn.2019-02-21", Base64, "", true},
	{"cryptopro_doc.txt.sig.2018-01-23", Base64, "", false},
	{"cryptopro_sign.sig", Base64, "", false},
	{"cryptopro_test.txt.sig", Base64, "", true},
	{"pycms_cms.pem", PEM, "CMS", false},
	{"vipnet_attached_2012_256.p7s", BER, "", true},
	{"fns_izvpol_2015_gost2001_detached.sig", BER, "", true},
	{"tc26_signed_256.der", DER, "", false},
}

// decodedHashes reads testdata/decoded.sha256, written by testdata/gen.sh
// with coreutils base64.
func decodedHashes(t *testing.T) map[string]string {
	f, err := os.Open("testdata/decoded.sha256")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := make(map[string]string)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		hash, file, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("bad line %q in decoded.sha256", sc.Text())
		}
		m[file] = hash
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCorpus(t *testing.T) {
	hashes := decodedHashes(t)
	for _, tt := range corpus {
		t.Run(tt.file, func(t *testing.T) {
			in := readFixture(t, tt.file)
			r, err := Decode(in)
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(r.Data)
			if got, want := hex.EncodeToString(sum[:]), hashes[tt.file]; got != want {
				t.Errorf("SHA-256 of data %s, coreutils base64 gives %s", got, want)
			}
			if r.Format != tt.format || r.Label != tt.label || r.Indefinite != tt.indefinite || r.BOM {
				t.Errorf("got %v %q indefinite=%v bom=%v, want %v %q indefinite=%v",
					r.Format, r.Label, r.Indefinite, r.BOM, tt.format, tt.label, tt.indefinite)
			}
			binary := tt.format == DER || tt.format == BER
			if wantCharset := map[bool]Charset{true: Binary, false: ASCII}[binary]; r.Charset != wantCharset {
				t.Errorf("charset %v, want %v", r.Charset, wantCharset)
			}
			if binary && &r.Data[0] != &in[0] {
				t.Error("binary input was copied")
			}
		})
	}
}

// TestPrefixes decodes every prefix of the text fixtures: each must fail
// with a *FormatError or decode to data starting with 0x30.
func TestPrefixes(t *testing.T) {
	for _, tt := range corpus {
		if tt.format != Base64 && tt.format != PEM {
			continue
		}
		in := readFixture(t, tt.file)
		for i := range len(in) {
			r, err := Decode(in[:i])
			if _, ok := err.(*FormatError); err != nil && !ok {
				t.Fatalf("%s[:%d]: error %T", tt.file, i, err)
			}
			if err == nil && r.Data[0] != 0x30 {
				t.Fatalf("%s[:%d]: data %x", tt.file, i, r.Data)
			}
		}
	}
}

// wrap breaks s into lines of n characters ending in eol.
func wrap(s string, n int, eol string) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + eol)
		s = s[n:]
	}
	b.WriteString(s + eol)
	return b.String()
}

func pemBlock(label, body, eol string) string {
	return "-----BEGIN " + label + "-----" + eol + wrap(body, 64, eol) + "-----END " + label + "-----" + eol
}

func utf16le(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = []byte{0xff, 0xfe}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, u)
	}
	return b
}

func utf16be(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = []byte{0xfe, 0xff}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = binary.BigEndian.AppendUint16(b, u)
	}
	return b
}

// TestVariants encodes one DER signature in every accepted way and checks
// that each decodes to the same bytes.
func TestVariants(t *testing.T) {
	der := readFixture(t, "tc26_signed_256.der") // 265 bytes: base64 ends in "=="
	std := base64.StdEncoding.EncodeToString(der)
	url := base64.URLEncoding.EncodeToString(der)
	if !strings.ContainsAny(std, "+/") || !strings.HasSuffix(std, "==") {
		t.Fatal("sample does not exercise the alphabets and padding")
	}
	cert := string(readFixture(t, "pycms_cert1.pem"))
	spaced := strings.Join(strings.SplitAfter(std, "AAA"), " \t")

	type variant struct {
		name    string
		in      []byte
		format  Format
		label   string
		charset Charset
		bom     bool
	}
	b64 := func(name, s string) variant { return variant{name, []byte(s), Base64, "", ASCII, false} }
	pem := func(name, label, s string) variant { return variant{name, []byte(s), PEM, label, ASCII, false} }
	variants := []variant{
		{"der", der, DER, "", Binary, false},
		b64("base64 one line", std),
		b64("base64 no padding", strings.TrimRight(std, "=")),
		b64("base64 64 columns", wrap(std, 64, "\n")),
		b64("base64 76 columns crlf", wrap(std, 76, "\r\n")),
		b64("base64 spaces and tabs", spaced),
		b64("base64 padding split", strings.TrimSuffix(std, "==")+"=\n="),
		b64("base64 leading whitespace", "\r\n  \t"+std),
		b64("base64 trailing nul", wrap(std, 64, "\r\n")+"\x00"),
		b64("base64 trailing nuls and spaces", std+"\n\x00\x00 \n"),
		b64("base64 url-safe", url),
		b64("base64 url-safe no padding", strings.TrimRight(url, "=")),
		b64("base64 url-safe wrapped", wrap(url, 64, "\n")),
		pem("pem pkcs7", "PKCS7", pemBlock("PKCS7", std, "\n")),
		pem("pem cms", "CMS", pemBlock("CMS", std, "\n")),
		pem("pem signed message", "SIGNED MESSAGE", pemBlock("SIGNED MESSAGE", std, "\n")),
		pem("pem pkcs #7 signed data", "PKCS #7 SIGNED DATA", pemBlock("PKCS #7 SIGNED DATA", std, "\n")),
		pem("pem crlf", "PKCS7", pemBlock("PKCS7", std, "\r\n")),
		pem("pem no final newline", "PKCS7", strings.TrimSuffix(pemBlock("PKCS7", std, "\n"), "\n")),
		pem("pem junk around", "CMS", "Signature of contract.pdf\nmade 2024-01-01\n\n"+pemBlock("CMS", std, "\n")+"\nthank you\n"),
		pem("pem headers", "PKCS7", "-----BEGIN PKCS7-----\nProc-Type: 4,CRYPTO\nComment: a long\n comment\n\n"+
			wrap(std, 64, "\n")+"-----END PKCS7-----\n"),
		pem("pem headers no blank line", "PKCS7", "-----BEGIN PKCS7-----\r\nContent-Domain: RFC822\r\n"+
			wrap(std, 64, "\r\n")+"-----END PKCS7-----\r\n"),
		pem("pem one line", "CMS", "-----BEGIN CMS-----"+std+"-----END CMS-----"),
		pem("pem url-safe unpadded", "CMS", pemBlock("CMS", strings.TrimRight(url, "="), "\n")),
		pem("pem after certificate", "CMS", cert+pemBlock("CMS", std, "\n")),
		pem("pem after key and crl", "PKCS7", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"+
			"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n"+pemBlock("PKCS7", std, "\n")+cert),
		pem("pem nul and spaces after", "CMS", pemBlock("CMS", std, "\n")+"\x00\x00"),
		{"utf-8 bom base64", append([]byte("\xef\xbb\xbf"), wrap(std, 64, "\r\n")...), Base64, "", ASCII, true},
		{"utf-8 bom pem", []byte("\xef\xbb\xbf" + pemBlock("CMS", std, "\n")), PEM, "CMS", ASCII, true},
		{"utf-16le bom base64", utf16le(wrap(std, 64, "\r\n"), true), Base64, "", UTF16LE, true},
		{"utf-16le base64", utf16le(wrap(std, 64, "\r\n")+"\x00", false), Base64, "", UTF16LE, false},
		{"utf-16le bom pem", utf16le("Подпись\r\n"+pemBlock("PKCS7", std, "\r\n"), true), PEM, "PKCS7", UTF16LE, true},
		{"utf-16le pem", utf16le(pemBlock("PKCS7", std, "\r\n"), false), PEM, "PKCS7", UTF16LE, false},
		{"utf-16be bom base64", utf16be(wrap(std, 64, "\n"), true), Base64, "", UTF16BE, true},
		{"utf-16be base64", utf16be(std, false), Base64, "", UTF16BE, false},
		{"utf-16be bom pem", utf16be(pemBlock("CMS", std, "\n"), true), PEM, "CMS", UTF16BE, true},
	}
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			r, err := Decode(v.in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(r.Data, der) {
				t.Fatalf("decoded to %x", r.Data)
			}
			if r.Format != v.format || r.Label != v.label || r.Charset != v.charset || r.BOM != v.bom || r.Indefinite {
				t.Errorf("got %v %q %v bom=%v indefinite=%v, want %v %q %v bom=%v",
					r.Format, r.Label, r.Charset, r.BOM, r.Indefinite, v.format, v.label, v.charset, v.bom)
			}
		})
	}
}

// TestBER checks that Indefinite is reported for text forms too.
func TestBER(t *testing.T) {
	ber := readFixture(t, "vipnet_attached_2012_256.p7s")
	for _, in := range [][]byte{
		ber,
		[]byte(base64.StdEncoding.EncodeToString(ber)),
		[]byte(pemBlock("PKCS7", base64.StdEncoding.EncodeToString(ber), "\n")),
	} {
		r, err := Decode(in)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Indefinite || !bytes.Equal(r.Data, ber) {
			t.Errorf("%v: indefinite=%v", r.Format, r.Indefinite)
		}
	}
}

func TestErrors(t *testing.T) {
	cert := string(readFixture(t, "pycms_cert1.pem"))
	oid := base64.StdEncoding.EncodeToString([]byte{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02})
	tests := []struct {
		name   string
		in     []byte
		reason Reason
		offset int
		looks  string
	}{
		{"empty", nil, Empty, 0, ""},
		{"whitespace", []byte(" \r\n\t\x00\x00"), Empty, 0, ""},
		{"bom only", []byte("\xef\xbb\xbf"), Empty, 0, ""},
		{"utf-16 whitespace", utf16le("\r\n  \r\n", true), Empty, 0, ""},
		{"empty pem", []byte("junk\n-----BEGIN CMS-----\n\n-----END CMS-----\n"), Empty, 5, ""},

		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Unrecognized, 0, "PDF"},
		{"zip", []byte("PK\x03\x04\x14\x00\x06\x00"), Unrecognized, 0, "ZIP archive"},
		{"empty zip", []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), Unrecognized, 0, "ZIP archive"},
		{"xml", []byte("<?xml version=\"1.0\"?>\n<Файл/>"), Unrecognized, 0, "XML"},
		{"xml after whitespace", []byte("\r\n <root/>"), Unrecognized, 0, "XML"},
		{"xml utf-16", utf16le("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", true), Unrecognized, 0, "XML"},
		{"html", []byte("<!DOCTYPE html>\n<html><body>404</body></html>"), Unrecognized, 0, "HTML"},
		{"html tag", []byte("<HTML>"), Unrecognized, 0, "HTML"},
		{"binary", []byte{0x06, 0x09, 0x2a, 0x86}, Unrecognized, 0, ""},
		{"binary set", []byte{0x31, 0x82, 0x01, 0x00}, Unrecognized, 0, ""},
		{"binary after bom", []byte("\xef\xbb\xbf\x30\x82\x01\x00"), Unrecognized, 0, ""},

		{"pem certificate", []byte(cert), NotSignature, 0, "certificate"},
		{"pem certificates", []byte("x\n" + cert + cert), NotSignature, 2, "certificate"},
		{"pem csr", []byte(pemBlock("CERTIFICATE REQUEST", "MIIB", "\n")), NotSignature, 0, "certificate request"},
		{"pem crl", []byte(pemBlock("X509 CRL", "MIIB", "\n")), NotSignature, 0, "CRL"},
		{"pem key", []byte(pemBlock("EC PRIVATE KEY", "MIIB", "\n")), NotSignature, 0, "key"},
		{"pem parameters", []byte(pemBlock("EC PARAMETERS", "BggqhQMHAQIBAQE=", "\n") + cert), NotSignature, 0, "parameters"},
		{"pem no end", []byte("-----BEGIN CMS-----\nMIIB\n"), BadPEM, 0, ""},
		{"pem other end", []byte("-----BEGIN CMS-----\nMIIB\n-----END PKCS7-----\n"), BadPEM, 25, ""},
		{"pem bad begin", []byte("-----BEGIN CMS\nMIIB\n-----END CMS-----\n"), BadPEM, 0, ""},
		{"pem bad end", []byte("-----BEGIN CMS-----\nMIIB\n-----END CMS\n"), BadPEM, 25, ""},
		{"pem illegal character", []byte("-----BEGIN CMS-----\nMIIB\nMI!B\n-----END CMS-----\n"), BadBase64, 27, ""},
		{"pem not a sequence", []byte(pemBlock("CMS", oid, "\n")), NotSequence, 20, ""},
		{"pem certificate then bad", []byte(cert + "-----BEGIN CMS-----\n"), BadPEM, 652, ""},

		{"illegal character", []byte("MIIBtTCCAWCgAwIB!gIUEk3V"), BadBase64, 16, ""},
		{"illegal nul", []byte("MIIB\x00tTCC"), BadBase64, 4, ""},
		{"illegal byte", []byte("MIIBtTCCж"), BadBase64, 8, ""},
		{"illegal utf-16", utf16le("MIIBtTCCж", true), BadBase64, 18, ""},
		{"illegal early", []byte("MI!B"), Unrecognized, 0, ""},
		{"mixed alphabets", []byte("MIIB+tTC-CAW"), BadBase64, 8, ""},
		{"data after padding", []byte("MIIBAA==MIIB"), BadBase64, 6, ""},
		{"too much padding", []byte("MIIBA==="), BadBase64, 5, ""},
		{"padding short", []byte("MIIBAA="), BadBase64, 6, ""},
		{"only padding", []byte("=="), BadBase64, 0, ""},
		{"lone final character", []byte("MIIBA\n"), BadBase64, 4, ""},
		{"non-zero trailing bits", []byte("MIIBAB=="), BadBase64, 5, ""},
		{"not a sequence", []byte(oid), NotSequence, 0, ""},
		{"not a sequence indented", []byte("\n\n  " + oid), NotSequence, 4, ""},
		{"hex", []byte("3082010506092a864886f70d01070200"), NotSequence, 0, "hex"},
		{"hex odd", []byte("3082010506092a864886f70d01070"), BadBase64, 28, "hex"},

		{"utf-16 odd length", append(utf16le("MIIB", true), 0), BadText, 10, ""},
		{"utf-16be odd length", append(utf16be("MIIB", false), 'A'), BadText, 8, ""},
		{"too large", make([]byte, MaxInput+1), TooLarge, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decode(tt.in)
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("got %v, %v; want a *FormatError", r, err)
			}
			if fe.Reason != tt.reason || fe.Offset != tt.offset || fe.Looks != tt.looks {
				t.Errorf("got %v (reason %v, offset %d, looks %q), want reason %v, offset %d, looks %q",
					err, fe.Reason, fe.Offset, fe.Looks, tt.reason, tt.offset, tt.looks)
			}
			if !strings.HasPrefix(err.Error(), "sniff: ") {
				t.Errorf("message %q lacks the package prefix", err)
			}
		})
	}
}

func TestMessages(t *testing.T) {
	cert := readFixture(t, "pycms_cert1.pem")
	bad := []byte(strings.Repeat("MIIB", 30) + "MIIB!")
	tests := []struct {
		in  []byte
		msg string
	}{
		{nil, "sniff: empty input"},
		{[]byte("%PDF-1.4"), "sniff: not DER, PEM or base64: starts with bytes 25 50 44 46 (looks like a PDF)"},
		{[]byte("\x05\x00"), "sniff: not DER, PEM or base64: starts with bytes 05 00"},
		{bad, "sniff: base64: illegal character '!' at offset 124"},
		{cert, "sniff: PEM block \"CERTIFICATE\" is a certificate, not a signature"},
		{[]byte("BgkqhkiG"), "sniff: base64 decodes to bytes starting 06 09 2a 86, not a SEQUENCE (30)"},
		{[]byte("-----BEGIN CMS-----\nBgkqhkiG\n-----END CMS-----"),
			"sniff: PEM block \"CMS\" decodes to bytes starting 06 09 2a 86, not a SEQUENCE (30)"},
		{[]byte("3082"), "sniff: base64 decodes to bytes starting df 4f 36, not a SEQUENCE (30) (the text looks like hex, not base64)"},
		{utf16le("MIIBж", false), "sniff: base64: illegal character 'ж' at offset 8"},
		{[]byte("MIIB\xd0\xb6"), "sniff: base64: illegal byte 0xd0 at offset 4"},
		{[]byte("MIIB-+"), "sniff: base64: character '+' at offset 5 mixes the URL-safe alphabet (-_) and the standard one (+/)"},
	}
	for _, tt := range tests {
		if _, err := Decode(tt.in); err == nil || err.Error() != tt.msg {
			t.Errorf("Decode(%q) = %v\nwant %s", tt.in, err, tt.msg)
		}
	}
}

func TestStrings(t *testing.T) {
	for v, want := range map[interface{ String() string }]string{
		DER: "DER", BER: "BER", PEM: "PEM", Base64: "base64", Format(0): "Format(0)",
		Binary: "binary", ASCII: "ASCII", UTF16LE: "UTF-16LE", UTF16BE: "UTF-16BE", Charset(9): "Charset(9)",
		Empty: "empty", NotSequence: "not a SEQUENCE", Reason(0): "Reason(0)",
	} {
		if got := v.String(); got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
	}
}
