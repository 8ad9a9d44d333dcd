package tsl

import (
	"bytes"
	"crypto/sha1"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

func loadCert(t testing.TB, name string) *x509.Certificate {
	t.Helper()
	b, _ := pem.Decode(readFile(t, name))
	if b == nil {
		t.Fatalf("%s: no PEM", name)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseFixture(t *testing.T) {
	l, err := Parse(bytes.NewReader(readFile(t, "testdata/list_v1.xml")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Version != 1001 || !l.Date.Equal(date("2026-12-01T10:00:00+03:00")) || len(l.CAs) != 4 {
		t.Fatalf("version %d, date %v, %d CAs", l.Version, l.Date, len(l.CAs))
	}
	alpha := l.CAs[0]
	if alpha.Name != `ООО "УЦ Альфа" (тестовые данные)` || alpha.ShortName != "УЦ Альфа" ||
		alpha.INN != "7700000016" || alpha.OGRN != "1027700000019" || alpha.RegistryNumber != "1001" {
		t.Errorf("Альфа: %+v", alpha)
	}
	wantActive := StatusEntry{Status: StatusActive, Text: "Действует", From: date("2021-08-02T00:00:00+03:00")}
	if !reflect.DeepEqual(alpha.Status, wantActive) || len(alpha.History) != 1 || !reflect.DeepEqual(alpha.History[0], wantActive) {
		t.Errorf("Альфа status %+v, history %+v", alpha.Status, alpha.History)
	}
	if len(alpha.Complexes) != 1 || len(alpha.Complexes[0].Keys) != 1 {
		t.Fatalf("Альфа complexes %+v", alpha.Complexes)
	}
	c := alpha.Complexes[0]
	if c.Alias != "УЦ Альфа ПАК 1" || c.Class != "КС1, КС2" || c.Address != "г. Москва, ул. Тестовая, д. 1" ||
		c.CATools != `"КриптоПро УЦ" версии 2.0 (тестовые данные)` {
		t.Errorf("complex %+v", c)
	}
	sub := loadCert(t, "../testdata/cms/pki/sub.pem")
	k := c.Keys[0]
	if !bytes.Equal(k.KeyID, sub.SubjectKeyId) || !reflect.DeepEqual(k.CRLs, []string{"http://127.0.0.1:1/7700000016.crl"}) ||
		len(k.Certificates) != 1 {
		t.Fatalf("key %+v", k)
	}
	kc := k.Certificates[0]
	thumb := sha1.Sum(sub.Raw)
	if !bytes.Equal(kc.Raw, sub.Raw) || !bytes.Equal(kc.Thumbprint, thumb[:]) ||
		!kc.NotBefore.Equal(sub.NotBefore) || !kc.NotAfter.Equal(sub.NotAfter) ||
		kc.IssuedBy != "Тестовый головной УЦ gostverify" || kc.IssuedTo != "Тестовый УЦ gostverify" ||
		kc.Serial != "690F3315B0C678EF6AC413DF1CAD316AFB2DBF2E" {
		t.Errorf("certificate %+v", kc)
	}
	beta := l.CAs[1]
	if beta.SuccessorOGRN != "1027700000019" || beta.Status.Status != StatusTerminated || len(beta.Timeline()) != 2 {
		t.Errorf("Бета: successor %q, status %+v, timeline %+v", beta.SuccessorOGRN, beta.Status, beta.Timeline())
	}
	gamma := l.CAs[2]
	if tl := gamma.Timeline(); len(tl) != 3 || tl[1].Status != StatusSuspended || tl[2].Status != StatusActive {
		t.Errorf("Гамма timeline %+v", tl)
	}

	// The unsigned list and the signed one are the same list.
	u, err := Parse(bytes.NewReader(readFile(t, "testdata/list_unsigned.xml")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	l.index, u.index = nil, nil
	if !reflect.DeepEqual(l.Header, u.Header) || !reflect.DeepEqual(l.CAs, u.CAs) {
		t.Error("list_unsigned.xml parses to another list")
	}
}

// TestParseTolerates: what the list may hold beyond what this package
// reads, and the forms it accepts.
func TestParseTolerates(t *testing.T) {
	base := string(readFile(t, "testdata/list_unsigned.xml"))
	want, err := Parse(strings.NewReader(base), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		change func(string) string
		check  func(*List) bool
	}{
		{"unknown elements", func(s string) string {
			s = strings.Replace(s, "<ИНН>", "<Новое><Вложенное атрибут=\"1\">x<Ещё/></Вложенное></Новое><ИНН>", -1)
			s = strings.Replace(s, "<Сертификаты>", "<Другое>y</Другое><Сертификаты>", -1)
			return strings.Replace(s, "<Дата>", "<НоваяШапка>z</НоваяШапка><Дата>", 1)
		}, nil},
		{"namespaced elements are skipped", func(s string) string {
			return strings.Replace(s, "<ИНН>", `<x:УдостоверяющийЦентр xmlns:x="urn:x"><Название>Чужой</Название></x:УдостоверяющийЦентр><ИНН>`, 1)
		}, nil},
		{"comments", func(s string) string {
			return strings.Replace(s, "<ИНН>", "<!-- к --><ИНН><!-- к -->", -1)
		}, nil},
		{"CDATA and references", func(s string) string {
			return strings.Replace(s, "<ИНН>7700000016</ИНН>", "<ИНН><![CDATA[77000]]>&#x30;0016</ИНН>", 1)
		}, nil},
		{"base64 with line breaks", func(s string) string {
			i := strings.Index(s, "<Данные>") + len("<Данные>")
			return s[:i] + "\n  " + s[i:i+64] + "\r\n  " + s[i+64:]
		}, nil},
		{"lower case hex", func(s string) string {
			return strings.Replace(s, "204CF98735DF08B9AB81539EC18DCB2AD3C2A563", "204cf98735df08b9ab81539ec18dcb2ad3c2a563", 1)
		}, nil},
		{"header after the CAs", func(s string) string {
			s = strings.Replace(s, "  <Версия>1001</Версия>\n  <Дата>2026-12-01T10:00:00+03:00</Дата>\n", "", 1)
			return strings.Replace(s, "</АккредитованныеУдостоверяющиеЦентры>",
				"<Версия>1001</Версия><Дата>2026-12-01T10:00:00+03:00</Дата></АккредитованныеУдостоверяющиеЦентры>", 1)
		}, nil},
		{"fractional seconds", func(s string) string {
			return strings.Replace(s, "<Дата>2026-12-01T10:00:00+03:00</Дата>", "<Дата>2026-12-01T07:00:00.000Z</Дата>", 1)
		}, nil},
		{"a date without a zone is Moscow time", func(s string) string {
			return strings.Replace(s, "<Дата>2026-12-01T10:00:00+03:00</Дата>", "<Дата>2026-12-01T10:00:00</Дата>", 1)
		}, nil},
		{"an unknown status", func(s string) string {
			return strings.Replace(s, "<Статус>Прекращена</Статус>", "<Статус>Новый статус</Статус>", -1)
		}, func(l *List) bool {
			return l.CAs[1].Status.Status == StatusUnknown && l.CAs[1].Status.Text == "Новый статус"
		}},
		{"keys outside a complex", func(s string) string {
			i := strings.Index(s, "<КлючиУполномоченныхЛиц>")
			j := strings.Index(s, "</КлючиУполномоченныхЛиц>") + len("</КлючиУполномоченныхЛиц>")
			return strings.Replace(s, "<ИНН>7700000016", s[i:j]+"<ИНН>7700000016", 1)
		}, func(l *List) bool {
			cs := l.CAs[0].Complexes
			return len(cs) == 2 && cs[1].Alias == "" && reflect.DeepEqual(cs[1].Keys, cs[0].Keys)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed := tc.change(base)
			if changed == base {
				t.Fatal("nothing changed")
			}
			l, err := Parse(strings.NewReader(changed), Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				if !tc.check(l) {
					t.Error("not as expected")
				}
				return
			}
			if !reflect.DeepEqual(l.Header.Version, want.Version) || !l.Date.Equal(want.Date) || !reflect.DeepEqual(l.CAs, want.CAs) {
				t.Errorf("another list: %v %v, %d CAs", l.Version, l.Date, len(l.CAs))
			}
		})
	}
}

func TestParseWindows1251(t *testing.T) {
	base := readFile(t, "testdata/list_unsigned.xml")
	want, err := Parse(bytes.NewReader(base), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	cp, err := charmap.Windows1251.NewEncoder().Bytes(bytes.Replace(base, []byte(`encoding="utf-8"`), []byte(`encoding="windows-1251"`), 1))
	if err != nil {
		t.Fatal(err)
	}
	l, err := Parse(bytes.NewReader(cp), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(l.CAs, want.CAs) {
		t.Error("another list")
	}
}

// TestParseErrors: each problem is a *ParseError with its reason, the CA
// and the element.
func TestParseErrors(t *testing.T) {
	base := string(readFile(t, "testdata/list_unsigned.xml"))
	alpha := `ООО "УЦ Альфа" (тестовые данные)`
	beta := `АО "УЦ Бета" (тестовые данные)`
	const cert = "УдостоверяющийЦентр/ПрограммноАппаратныеКомплексы/ПрограммноАппаратныйКомплекс/КлючиУполномоченныхЛиц/Ключ/Сертификаты/ДанныеСертификата/"
	tests := []struct {
		name    string
		change  func(string) string
		limits  Limits
		reason  ParseReason
		ca      int // -1: any
		caName  string
		element string
	}{
		{"bad date", repl("<ДействуетС>2021-07-20T00:00:00+03:00</ДействуетС>", "<ДействуетС>2021-13-20T00:00:00+03:00</ДействуетС>", 1),
			Limits{}, BadValue, 2, beta, "УдостоверяющийЦентр/ИсторияСтатусовАккредитации/СтатусАккредитации/ДействуетС"},
		{"an element in a date", repl("<ПериодДействияДо>", "<ПериодДействияДо>2041-11-24<x/>", 1),
			Limits{}, Malformed, 1, alpha, cert + "ПериодДействияДо"},
		{"bad base64", func(s string) string {
			i := strings.Index(s, "<Данные>") + len("<Данные>") + 10
			return s[:i] + "*" + s[i+1:]
		}, Limits{}, BadValue, 1, alpha, cert + "Данные"},
		{"not DER", func(s string) string {
			i := strings.Index(s, "<Данные>") + len("<Данные>")
			return s[:i] + "AAAA" + s[i:]
		}, Limits{}, BadValue, 1, alpha, cert + "Данные"},
		{"bad key identifier", repl("204CF98735DF08B9AB81539EC18DCB2AD3C2A563", "20 4C F9", 1),
			Limits{}, BadValue, 1, alpha, "УдостоверяющийЦентр/ПрограммноАппаратныеКомплексы/ПрограммноАппаратныйКомплекс/КлючиУполномоченныхЛиц/Ключ/ИдентификаторКлюча"},
		{"bad thumbprint", repl("<Отпечаток>", "<Отпечаток>X", 1),
			Limits{}, BadValue, 1, alpha, cert + "Отпечаток"},
		{"bad INN", repl("<ИНН>7700000023</ИНН>", "<ИНН>77000000230</ИНН>", 1),
			Limits{}, BadValue, 2, beta, "УдостоверяющийЦентр/ИНН"},
		{"bad OGRN", repl("<ОГРН>1027700000019</ОГРН>", "<ОГРН>10277000000O9</ОГРН>", 1),
			Limits{}, BadValue, 1, alpha, "УдостоверяющийЦентр/ОГРН"},
		{"bad version", repl("<Версия>1001</Версия>", "<Версия>v1001</Версия>", 1),
			Limits{}, BadValue, 0, "", "Версия"},
		{"duplicate name", repl("<КраткоеНазвание>УЦ Бета</КраткоеНазвание>", "<Название>Другое</Название>", 1),
			Limits{}, Duplicate, 2, beta, "УдостоверяющийЦентр/Название"},
		{"duplicate status", repl("</СтатусАккредитации>\n    <ИсторияСтатусовАккредитации>",
			"</СтатусАккредитации><СтатусАккредитации></СтатусАккредитации><ИсторияСтатусовАккредитации>", 1),
			Limits{}, Duplicate, 1, alpha, "УдостоверяющийЦентр/СтатусАккредитации"},
		{"duplicate date", repl("<Дата>", "<Дата>2026-12-01T10:00:00+03:00</Дата><Дата>", 1),
			Limits{}, Duplicate, 0, "", "Дата"},
		{"missing status", func(s string) string {
			i := strings.Index(s, "    <СтатусАккредитации>")
			j := strings.Index(s, "</СтатусАккредитации>") + len("</СтатусАккредитации>")
			return s[:i] + s[j:]
		}, Limits{}, Missing, 1, alpha, "УдостоверяющийЦентр/СтатусАккредитации"},
		{"missing status date", repl("<ДействуетС>2021-08-02T00:00:00+03:00</ДействуетС>", "", 1),
			Limits{}, Missing, 1, alpha, "УдостоверяющийЦентр/СтатусАккредитации/ДействуетС"},
		{"missing certificate period", func(s string) string {
			i := strings.Index(s, "<ПериодДействияДо>")
			j := strings.Index(s, "</ПериодДействияДо>") + len("</ПериодДействияДо>")
			return s[:i] + s[j:]
		}, Limits{}, Missing, 1, alpha, cert + "ПериодДействияДо"},
		{"missing name", func(s string) string {
			return strings.Replace(s, "<Название>"+beta+"</Название>", "", 1)
		}, Limits{}, Missing, 2, "", "УдостоверяющийЦентр/Название"},
		{"missing version", repl("<Версия>1001</Версия>", "", 1), Limits{}, Missing, 0, "", "Версия"},
		{"missing date", repl("<Дата>2026-12-01T10:00:00+03:00</Дата>", "", 1), Limits{}, Missing, 0, "", "Дата"},
		{"another root", func(s string) string {
			return strings.ReplaceAll(s, "АккредитованныеУдостоверяющиеЦентры", "Другое")
		}, Limits{}, Malformed, 0, "", ""},
		{"a DOCTYPE", repl("\n<Акк", "\n<!DOCTYPE x [<!ENTITY e \"e\">]>\n<Акк", 1), Limits{}, Malformed, 0, "", ""},
		{"text in a container", repl("<ИНН>7700000023", "текст<ИНН>7700000023", 1), Limits{}, Malformed, 2, beta, "УдостоверяющийЦентр"},
		{"an element in text", repl("<ИНН>7700000023", "<ИНН><b/>7700000023", 1), Limits{}, Malformed, 2, beta, "УдостоверяющийЦентр/ИНН"},
		{"not well-formed", repl("</ИНН>", "</ИНН2>", 1), Limits{}, Malformed, 1, alpha, "УдостоверяющийЦентр/ИНН"},
		{"truncated", func(s string) string { return s[:len(s)/2] }, Limits{}, Malformed, -1, "", ""},
		{"two roots", func(s string) string {
			return s + "<АккредитованныеУдостоверяющиеЦентры/>"
		}, Limits{}, Malformed, 0, "", ""},
		{"an undefined entity", repl("<ИНН>7700000023", "<ИНН>&nbsp;7700000023", 1), Limits{}, Malformed, 2, beta, "УдостоверяющийЦентр/ИНН"},
		{"too many CAs", nil, Limits{MaxCAs: 2}, TooLarge, 3, "", "УдостоверяющийЦентр"},
		{"too large", nil, Limits{MaxBytes: 10000}, TooLarge, -1, "", ""},
		{"too long a text", nil, Limits{MaxText: 1000}, TooLarge, 1, alpha, cert + "Данные"},
		{"too deep", repl("<ИНН>", strings.Repeat("<a>", 40)+strings.Repeat("</a>", 40)+"<ИНН>", 1), Limits{}, TooLarge, 1, alpha, ""},
		{"too many history entries", nil, Limits{MaxItems: 1}, TooLarge, 2, beta, "УдостоверяющийЦентр/ИсторияСтатусовАккредитации/СтатусАккредитации"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc := base
			if tc.change != nil {
				doc = tc.change(base)
				if doc == base {
					t.Fatal("nothing changed")
				}
			}
			_, err := Parse(strings.NewReader(doc), tc.limits)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *ParseError", err)
			}
			if pe.Reason != tc.reason || (tc.ca >= 0 && (pe.CA != tc.ca || pe.CAName != tc.caName)) ||
				(tc.element != "" && pe.Element != tc.element) {
				t.Errorf("got %v / %d %q %q, want %v / %d %q %q (%v)", pe.Reason, pe.CA, pe.CAName, pe.Element,
					tc.reason, tc.ca, tc.caName, tc.element, err)
			}
		})
	}
}

func repl(old, new string, n int) func(string) string {
	return func(s string) string { return strings.Replace(s, old, new, n) }
}

// TestScanStops: an error of the callback stops the scan and comes back as
// is.
func TestScanStops(t *testing.T) {
	stop := errors.New("stop")
	var n int
	_, err := Scan(bytes.NewReader(readFile(t, "testdata/list_v1.xml")), Limits{}, func(*CA) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	})
	if err != stop || n != 2 {
		t.Fatalf("error %v after %d CAs", err, n)
	}
}

func TestParseCompact(t *testing.T) {
	l, err := Parse(strings.NewReader(compactList), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.CAs) != 1 || len(l.CAs[0].Timeline()) != 2 || l.CAs[0].Complexes[0].Keys[0].Certificates[0].NotAfter.Nanosecond() == 0 {
		t.Fatalf("%+v", l.CAs)
	}
}

func TestParseErrorValueCut(t *testing.T) {
	long := strings.Repeat("Ж", 40) // 80 bytes
	_, err := Parse(strings.NewReader(strings.Replace(compactList, "<ИНН>7700000016</ИНН>", "<ИНН>"+long+"</ИНН>", 1)), Limits{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Reason != BadValue || pe.Value != strings.Repeat("Ж", 32)+"…" {
		t.Fatalf("%v", err)
	}
}

// An unknown element of a megabyte-long name, not closed: the message
// names the element and quotes the decoder, both cut.
func TestParseErrorElementCut(t *testing.T) {
	name := strings.Repeat("x", 1<<20)
	_, err := Parse(strings.NewReader(strings.Replace(compactList, "<ИНН>7700000016</ИНН>", "<"+name+"></ИНН>", 1)), Limits{})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Reason != Malformed || !strings.HasSuffix(pe.Element, "/"+name[:64]+"…") {
		t.Fatalf("%.300v", err)
	}
	if n := len(err.Error()); n > 1000 {
		t.Fatalf("a message of %d bytes", n)
	}
}

func TestReadTooLarge(t *testing.T) {
	_, err := Read(readFile(t, "testdata/list_v1.xml"), Options{Limits: Limits{MaxBytes: 1000}})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Reason != TooLarge {
		t.Fatalf("%v", err)
	}
}
