package verify

import (
	"archive/zip"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
)

// withByte is the fixture testdata/cms/name with the byte at offset off,
// which must be was, set to b: a version number of SignedData or of a
// SignerInfo that RFC 5652 does not allow.
func withByte(t *testing.T, name string, off int, was, b byte) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../testdata/cms", name))
	if err != nil {
		t.Fatal(err)
	}
	if data[off] != was {
		t.Fatalf("%s: byte %d is %#x, not %#x: the fixture changed", name, off, data[off], was)
	}
	data[off] = b
	return data
}

// The version INTEGERs of the DER fixtures (openssl asn1parse -i):
// SignedData's, the SignerInfo's of invoice.xml.sig, and the
// countersignature's in invoice.xml.countersigned.sig.
const (
	signedDataVersionAt    = 25
	signerInfoVersionAt    = 1731
	counterSignerVersionAt = 4704
)

// latinSentence is two Latin words in a row: English left in Russian.
// Names of ASN.1 structures, encodings and RFC numbers stand alone.
var latinSentence = regexp.MustCompile(`[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}`)

// TestDetail: each kind of lower-level error said in Russian, naming the
// file or the part of the signature; English is the error's own text, and
// an error of another kind keeps its text in every language.
func TestDetail(t *testing.T) {
	parseErr := func(name string, data []byte) error {
		t.Helper()
		_, err := cms.Parse(data)
		if err == nil {
			t.Fatalf("%s parses", name)
		}
		return err
	}
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("../testdata/cms", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	_, missing := os.Open(filepath.Join(t.TempDir(), "report.pdf"))
	_, isDir := os.ReadFile(t.TempDir())
	for _, tc := range []struct {
		name string
		err  error
		ru   string
	}{
		{"missing file", missing, "report.pdf: нет такого файла или папки"},
		{"a folder", isDir, ": это папка, а не файл"},
		{"wrapped", fmt.Errorf("chain: %w", missing), "report.pdf: нет такого файла или папки"},
		{"bare errno", fmt.Errorf("lstat: %w", syscall.EACCES), "отказано в доступе"},
		{"rename", &os.LinkError{Op: "rename", Old: "a.tmp", New: "out.html", Err: syscall.ENOSPC}, "out.html: на диске не осталось места"},
		{"zip format", zip.ErrFormat, "архив повреждён, обрезан или это не zip"},
		{"zip algorithm", zip.ErrAlgorithm, "сжат неподдерживаемым методом"},
		{"zip checksum", zip.ErrChecksum, "не совпадает контрольная сумма: файл в архиве повреждён"},
		{"flate", flate.CorruptInputError(1234), "сжатые данные повреждены (байт 1234)"},
		{"short read", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), "данные обрываются: файл обрезан или повреждён"},
		{"SignedData version", parseErr("sd", withByte(t, "invoice.xml.sig", signedDataVersionAt, 1, 3)),
			"структура SignedData: версия SignedData — 3, а по RFC 5652 (раздел 5.1) должна быть 1"},
		{"SignerInfo version", parseErr("si", withByte(t, "invoice.xml.sig", signerInfoVersionAt, 1, 2)),
			"подпись 1: версия SignerInfo — 2, а по RFC 5652 (раздел 5.3) должна быть 1"},
		{"damaged certificate", &cms.ParseError{Where: "certificate 2", Reason: "malformed element"}, "не читается сертификат 2"},
		{"damaged SignedData", &cms.ParseError{Where: "SignedData", Reason: "malformed crls"}, "не читается структура SignedData"},
		{"countersignature version", &cms.SignerError{Signer: "1.1", Reason: cms.Malformed,
			Err: &cms.VersionError{Structure: "SignerInfo", Version: 3, Want: 1, Rule: "the signer identifier is issuerAndSerialNumber"}},
			"подпись 1.1: версия SignerInfo — 3, а по RFC 5652 (раздел 5.3) должна быть 1"},
		{"not a signature", &FormatError{Err: parseErr("random", read("bad_random.sig"))},
			"Файл не является подписью CMS или повреждён: неверный формат файла подписи: это не подпись ни в DER, ни в PEM, ни в base64, либо файл обрезан"},
		{"says itself", fmt.Errorf("x: %w", localized{}), "по-русски"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detail(i18n.English, tc.err); got != tc.err.Error() {
				t.Errorf("English %q, want the error's own %q", got, tc.err.Error())
			}
			got := Detail(i18n.Russian, tc.err)
			if !strings.HasSuffix(got, tc.ru) {
				t.Errorf("Russian %q, want it to end in %q", got, tc.ru)
			}
			if m := latinSentence.FindString(got); m != "" {
				t.Errorf("Russian %q has English %q", got, m)
			}
		})
	}
	// Unknown errors keep their text in every language.
	for _, err := range []error{errors.New("x509: malformed certificate"), &fs.PathError{Op: "open", Path: "x", Err: syscall.EXDEV}} {
		if got := Detail(i18n.Russian, err); got != err.Error() {
			t.Errorf("%v: Russian %q", err, got)
		}
	}
	if Detail(i18n.Russian, nil) != "" {
		t.Error("a nil error has a detail")
	}
}

type localized struct{}

func (localized) Error() string { return "in English" }
func (localized) In(l i18n.Lang) string {
	return map[i18n.Lang]string{i18n.Russian: "по-русски"}[l]
}

// TestNotASignatureInRussian: a file cms cannot read is FORMAT_FAILURE
// with a reason in Russian that says what is wrong with it — the encoding,
// a part of the signature, a version — and no English sentence; the
// report's error keeps the parser's English words, and the English reason
// quotes them.
func TestNotASignatureInRussian(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("../testdata/cms", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	for _, tc := range []struct {
		name string
		data []byte
		ru   string
	}{
		{"bad_random.sig", read("bad_random.sig"), "неверный формат файла подписи"},
		{"bad_truncated.sig", read("bad_truncated.sig"), "неверный формат файла подписи"},
		{"bad_empty.sig", read("bad_empty.sig"), "неверный формат файла подписи"},
		{"bad_pdf.sig", read("bad_pdf.sig"), "неверный формат файла подписи"},
		{"version.sig", withByte(t, "invoice.xml.sig", signedDataVersionAt, 1, 2), "версия SignedData — 2"},
		{"signer-version.sig", withByte(t, "invoice.xml.sig", signerInfoVersionAt, 1, 3), "подпись 1: версия SignerInfo — 3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := File(tc.name, tc.data, "", nil, Options{Lang: i18n.Russian})
			if err != nil {
				t.Fatal(err)
			}
			if r.SubIndication != FormatFailure {
				t.Fatalf("%s, want FORMAT_FAILURE", r.SubIndication)
			}
			if !strings.HasPrefix(r.Reason, "Файл не является подписью CMS или повреждён: ") || !strings.Contains(r.Reason, tc.ru) {
				t.Errorf("reason %q, want %q in it", r.Reason, tc.ru)
			}
			if m := latinSentence.FindString(r.Reason); m != "" {
				t.Errorf("reason %q has English %q", r.Reason, m)
			}
			var fe *FormatError
			if !errors.As(r.Cause, &fe) || r.Error != fe.Err.Error() || !strings.HasPrefix(r.Error, "cms: ") {
				t.Errorf("error %q, want the parser's", r.Error)
			}
			r.Localize(i18n.English)
			if r.Reason != "the file is not a readable CMS signature: "+r.Error {
				t.Errorf("English reason %q", r.Reason)
			}
		})
	}
}

// TestCountersignatureVersionInRussian: a countersignature whose
// SignerInfo version RFC 5652 does not allow; its technical detail
// (ErrorIn) says so in Russian, while Error keeps cms's words.
func TestCountersignatureVersionInRussian(t *testing.T) {
	data := withByte(t, "invoice.xml.countersigned.sig", counterSignerVersionAt, 1, 3)
	doc, err := os.ReadFile("../testdata/cms/invoice.xml")
	if err != nil {
		t.Fatal(err)
	}
	r, err := New(Options{Lang: i18n.Russian}).Verify(t.Context(), Input{Name: "c.sig", Data: data, Document: bytesDocument("invoice.xml", doc)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Signatures) != 1 || len(r.Signatures[0].Countersignatures) != 1 {
		t.Fatalf("signatures %+v", r.Signatures)
	}
	cs := &r.Signatures[0].Countersignatures[0]
	want := "подпись 1.1: версия SignerInfo — 3, а по RFC 5652 (раздел 5.3) должна быть 1"
	if got := cs.ErrorIn(i18n.Russian); got != want {
		t.Errorf("ErrorIn(ru) %q, want %q", got, want)
	}
	if got := cs.ErrorIn(i18n.English); got != cs.Error || !strings.Contains(got, "version 3, want 1") {
		t.Errorf("ErrorIn(en) %q, Error %q", got, cs.Error)
	}
	// A detail Detail does not know stays as it is.
	s := SignatureReport{Error: "cms: signer 1: signature does not verify", Cause: &cms.SignerError{Signer: "1", Reason: cms.SignatureInvalid}}
	if got := s.ErrorIn(i18n.Russian); got != s.Error {
		t.Errorf("ErrorIn(ru) of an unknown kind: %q", got)
	}
}
