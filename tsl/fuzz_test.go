package tsl

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse: any input parses or is refused with a *ParseError, without
// panic, within the limits.
//
// The seeds are small: the fuzzer minimises every new input it finds, and
// a fixture of 20 KB takes it minutes.
func FuzzParse(f *testing.F) {
	f.Add([]byte(compactList))
	f.Add([]byte(`<АккредитованныеУдостоверяющиеЦентры><Версия>1</Версия><Дата>2026-01-01T00:00:00Z</Дата>` +
		`<УдостоверяющийЦентр><Название>x</Название><СтатусАккредитации><Статус>Действует</Статус>` +
		`<ДействуетС>2021-07-01T00:00:00</ДействуетС></СтатусАккредитации></УдостоверяющийЦентр>` +
		`</АккредитованныеУдостоверяющиеЦентры>`))
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1251"?><a/>`))
	limits := Limits{MaxBytes: 1 << 20, MaxText: 4096, MaxCAs: 100, MaxItems: 100, MaxDepth: 16}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(bytes.NewReader(data), limits)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%T %v", err, err)
			}
			_ = pe.Error()
			return
		}
		if len(l.CAs) > limits.MaxCAs {
			t.Fatalf("%d CAs", len(l.CAs))
		}
		for _, ca := range l.CAs {
			if ca.Name == "" || ca.Status.From.IsZero() {
				t.Fatalf("%+v", ca)
			}
			ca.StatusAt(l.Date)
		}
	})
}

// FuzzVerifySignature: any input is refused with a *SignatureError or its
// signature holds, without panic.
func FuzzVerifySignature(f *testing.F) {
	f.Add(readFile(f, "testdata/smev3/dripka_GetRequestRequest_2001.xml"))
	f.Add([]byte(`<r><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo/></Signature></r>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		sig, err := VerifySignature(data)
		if err != nil {
			var se *SignatureError
			if !errors.As(err, &se) {
				t.Fatalf("%T %v", err, err)
			}
			_ = se.Error()
			return
		}
		if sig.Certificate == nil {
			t.Fatal("a signature without a signer")
		}
	})
}

// compactList has every element the parser reads, once.
const compactList = `<?xml version="1.0" encoding="utf-8"?>
<АккредитованныеУдостоверяющиеЦентры><Версия>7</Версия><Дата>2026-01-01T00:00:00Z</Дата>
<УдостоверяющийЦентр><Название>Н</Название><КраткоеНазвание>К</КраткоеНазвание><ИНН>7700000016</ИНН>
<ОГРН>1027700000019</ОГРН><РеестровыйНомер>1</РеестровыйНомер><ПолномочияПереданыУЦсОГРН>1027700000019</ПолномочияПереданыУЦсОГРН>
<СтатусАккредитации><Статус>Действует</Статус><ДействуетС>2021-08-02T00:00:00+03:00</ДействуетС></СтатусАккредитации>
<ИсторияСтатусовАккредитации><СтатусАккредитации><Статус>Приостановлена</Статус><ДействуетС>2021-07-02T00:00:00</ДействуетС></СтатусАккредитации></ИсторияСтатусовАккредитации>
<ПрограммноАппаратныеКомплексы><ПрограммноАппаратныйКомплекс><Псевдоним>П</Псевдоним><КлассСредствЭП>КС1</КлассСредствЭП><Адрес>А</Адрес><СредстваУЦ>С</СредстваУЦ>
<КлючиУполномоченныхЛиц><Ключ><ИдентификаторКлюча>0a</ИдентификаторКлюча><АдресаСписковОтзыва><Адрес>http://x/</Адрес></АдресаСписковОтзыва>
<Сертификаты><ДанныеСертификата><Отпечаток>0B</Отпечаток><КемВыдан>И</КемВыдан><КомуВыдан>К</КомуВыдан><СерийныйНомер>01</СерийныйНомер>
<ПериодДействияС>2021-01-01T00:00:00Z</ПериодДействияС><ПериодДействияДо>2031-01-01T00:00:00.5Z</ПериодДействияДо><Данные>MAMCAQA=</Данные>
</ДанныеСертификата></Сертификаты></Ключ></КлючиУполномоченныхЛиц></ПрограммноАппаратныйКомплекс></ПрограммноАппаратныеКомплексы>
</УдостоверяющийЦентр></АккредитованныеУдостоверяющиеЦентры>`
