package verify

import (
	"archive/zip"
	"compress/flate"
	"crypto/x509"
	"crypto/x509/pkix"
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
	"time"

	"github.com/gostverify/gostverify/chain"
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
	signerCert := &x509.Certificate{Subject: pkix.Name{CommonName: "Иванов"}}
	caCert := &x509.Certificate{Subject: pkix.Name{CommonName: "УЦ"}}
	at := time.Date(2041, 11, 24, 3, 0, 0, 0, time.FixedZone("MSK", 3*3600))
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
		{"chain: expired issuer", &PathError{Err: &chain.Error{Reason: chain.Constraints, Cert: signerCert, Errs: []error{
			&chain.Rejection{Subject: signerCert, Candidate: caCert, Source: "certs", Err: &chain.LinkError{Reason: chain.Expired, Time: at}}}}},
			"нет действительной цепочки до доверенного корневого сертификата для Иванов: кандидат в издатели УЦ (из --certs): срок действия истёк 2041-11-24 00:00 UTC"},
		{"chain: two candidates", &chain.Error{Reason: chain.NoPath, Cert: signerCert, Errs: []error{
			&chain.Rejection{Candidate: caCert, Source: "signature", Err: &chain.LinkError{Reason: chain.BadSignature, Err: errors.New("gost: signature does not verify")}},
			&chain.Rejection{Candidate: caCert, Source: "http://ca.example/ca.crt", Err: &chain.LinkError{Reason: chain.NotCA}}}},
			"нет цепочки до доверенного корневого сертификата для Иванов: кандидат в издатели УЦ (из подписи): его ключом этот сертификат не подписан; " +
				"кандидат в издатели УЦ (загружен с http://ca.example/ca.crt): по расширению basicConstraints это не сертификат УЦ"},
		{"chain: no chain, no candidate", &chain.Error{Reason: chain.NoPath, Cert: signerCert}, "нет цепочки до доверенного корневого сертификата для Иванов"},
		{"chain: signer's key usage", &chain.Error{Reason: chain.Constraints, Cert: signerCert, Errs: []error{&chain.LinkError{Reason: chain.LeafKeyUsage}}},
			"для Иванов: назначение ключа сертификата подписанта не допускает ни digitalSignature, ни nonRepudiation"},
		{"link: not yet valid", &chain.LinkError{Reason: chain.NotYetValid, Time: at}, "ещё не действует (действует с 2041-11-24 00:00 UTC)"},
		{"link: unknown critical", &chain.LinkError{Reason: chain.UnknownCritical, Extension: "1.2.643.100.999"}, "в нём неизвестное критическое расширение 1.2.643.100.999"},
		{"link: no basicConstraints", &chain.LinkError{Reason: chain.NoBasicConstraints}, "(такой принимается только как явно заданный доверенный корневой)"},
		{"link: keyCertSign", &chain.LinkError{Reason: chain.NoCertSign}, "назначение его ключа не включает подпись сертификатов (keyCertSign)"},
		{"link: pathLen", &chain.LinkError{Reason: chain.PathLenExceeded, MaxPathLen: 0, Depth: 1}, "(pathLenConstraint) 0 допускает меньше УЦ ниже него, чем в этой цепочке (1)"},
		{"link: too many checks", &chain.LinkError{Reason: chain.TooManyChecks}, "слишком много проверок подписей: поиск остановлен"},
		{"certificate file: not one", certFileErr(t, []byte("not a certificate")), "junk.pem: это не сертификат и не набор сертификатов .p7b"},
		{"certificate file: a bad one", certFileErr(t, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")), "junk.pem: не читается сертификат 1"},
		{"certificate file: none in a folder", emptyRoots(t), ": сертификаты не найдены"},
		{"certificate file: too large", &chain.FileError{Path: "big.pem", Reason: chain.FileTooLarge, Size: 40 << 20, Limit: 32 << 20},
			"big.pem: 41943040 байт — слишком большой файл сертификата (не больше 32 МиБ)"},
		{"certificate folders: too deep", &chain.FileError{Path: "deep", Reason: chain.TooDeep, Limit: 32}, "deep: вложенность папок больше 32 уровней"},
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

// certFileErr is the error of chain.LoadCertificates on a file junk.pem
// holding data.
func certFileErr(t *testing.T, data []byte) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), "junk.pem")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := chain.LoadCertificates(path)
	if err == nil {
		t.Fatalf("%q loads", data)
	}
	return err
}

// emptyRoots is the error of chain.LoadStore on a folder with no
// certificate.
func emptyRoots(t *testing.T) error {
	t.Helper()
	_, err := chain.LoadStore([]string{t.TempDir()})
	if err == nil {
		t.Fatal("an empty folder loads as trust anchors")
	}
	return err
}

// TestRejectionIn: a rejected issuer candidate as the reasons list it —
// in English the words the reasons always had, in Russian with where it
// came from and why in Russian.
func TestRejectionIn(t *testing.T) {
	rej := chain.Rejection{
		Subject:   &x509.Certificate{Subject: pkix.Name{CommonName: "Иванов"}},
		Candidate: &x509.Certificate{Subject: pkix.Name{CommonName: "Тестовый УЦ"}},
		Source:    "certs",
		Err:       &chain.LinkError{Reason: chain.Expired, Time: time.Date(2041, 11, 24, 0, 0, 0, 0, time.UTC)},
	}
	if got, want := RejectionIn(i18n.English, rej), "Тестовый УЦ (certs): expired on 2041-11-24T00:00:00Z"; got != want {
		t.Errorf("English %q, want %q", got, want)
	}
	if got, want := RejectionIn(i18n.Russian, rej), "кандидат в издатели Тестовый УЦ (из --certs): срок действия истёк 2041-11-24 00:00 UTC"; got != want {
		t.Errorf("Russian %q, want %q", got, want)
	}
	for source, want := range map[string]string{
		SourceSignature: "из подписи", SourceEmbedded: "из certificate-values подписи", SourceTimestamp: "из штампа времени",
		SourceCerts: "из --certs", SourceCache: "из кэша загрузок", "roots": "доверенный корневой",
		"http://ca.example/ca.crt": "загружен с http://ca.example/ca.crt",
	} {
		rej.Source = source
		if got := RejectionIn(i18n.Russian, rej); !strings.Contains(got, "("+want+")") {
			t.Errorf("source %s: %q, want (%s)", source, got, want)
		}
	}
}

// TestTextDetail: the "detail" line of the text report is in the
// report's language — a broken chain says its candidates in Russian, a
// detail that only English words say (a signature that does not verify)
// is left out in Russian, and so is a file that is not a signature, whose
// reason says what is wrong; English prints the error as it was.
func TestTextDetail(t *testing.T) {
	read := func(name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join("../testdata/cms", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	roots, err := chain.LoadStore([]string{"../testdata/cms/pki/root.pem"})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := chain.LoadCertificates("../testdata/cms/pki/sub.pem")
	if err != nil {
		t.Fatal(err)
	}
	// The intermediate CA expires on 2041-11-24: the chain is broken after.
	opts := Options{Roots: roots, Certificates: sub, RevocationOff: true, Time: time.Date(2042, 1, 1, 0, 0, 0, 0, time.UTC)}
	for _, tc := range []struct {
		name, sig string
		ru, en    string // the detail line, "" for none
	}{
		{"broken chain", "invoice.xml.sig",
			"подробности: нет действительной цепочки до доверенного корневого сертификата для Иванов Иван Иванович: " +
				"кандидат в издатели Тестовый УЦ gostverify (из --certs): срок действия истёк 2041-11-24 00:00 UTC",
			"detail: chain: no valid chain to a trust anchor for Иванов Иван Иванович: candidate Тестовый УЦ gostverify (certs): expired on 2041-11-24T00:00:00Z"},
		{"bad signature", "invoice.xml.badsig.sig", "", "detail: cms: signer 1: "},
		{"not a signature", "bad_random.sig", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, l := range []i18n.Lang{i18n.Russian, i18n.English} {
				opts.Lang = l
				r, err := New(opts).Verify(t.Context(), Input{Name: tc.sig, Data: read(tc.sig), Document: bytesDocument("invoice.xml", read("invoice.xml"))})
				if err != nil {
					t.Fatal(err)
				}
				var b strings.Builder
				if err := r.WriteText(&b); err != nil {
					t.Fatal(err)
				}
				want, label := tc.ru, "подробности: "
				if l == i18n.English {
					want, label = tc.en, "detail: "
				}
				var got string
				for _, line := range strings.Split(b.String(), "\n") {
					if strings.HasPrefix(strings.TrimSpace(line), label) {
						got = strings.TrimSpace(line)
					}
				}
				if want == "" && got != "" || !strings.HasPrefix(got, want) {
					t.Errorf("%s: detail line %q, want %q in\n%s", l, got, want, b.String())
				}
				if l == i18n.Russian {
					for _, line := range strings.Split(b.String(), "\n") {
						if m := latinSentence.FindString(line); m != "" && !strings.Contains(line, "(--json") {
							t.Errorf("Russian line %q has English %q", line, m)
						}
					}
				}
			}
		})
	}
}

// TestUnreadableCertificateInRussian: the warning on a certificate inside
// the signature that crypto/x509 refuses says so in Russian, without Go's
// English words, which the English warning keeps.
func TestUnreadableCertificateInRussian(t *testing.T) {
	const certVersionAt = 71 // the certificate's version INTEGER (v3: 2)
	data := withByte(t, "invoice.xml.sig", certVersionAt, 2, 5)
	doc, err := os.ReadFile("../testdata/cms/invoice.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		l    i18n.Lang
		want string
	}{
		{i18n.Russian, "сертификат 1 внутри подписи не удалось прочитать, он пропущен: сертификат повреждён или его формат не поддерживается"},
		{i18n.English, "certificate 1 inside the signature could not be read and was ignored: x509: "},
	} {
		r, err := New(Options{Lang: tc.l}).Verify(t.Context(), Input{Name: "v.sig", Data: data, Document: bytesDocument("invoice.xml", doc)})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Warnings) != 1 || !strings.HasPrefix(r.Warnings[0], tc.want) {
			t.Errorf("%s: warnings %q, want %q", tc.l, r.Warnings, tc.want)
		}
	}
}
