package poa

import (
	"errors"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse: any input parses or is refused with a *FormatError, without
// panic, within the limits; what parses holds what the format requires.
func FuzzParse(f *testing.F) {
	for _, pattern := range []string{"testdata/real/*.xml", "testdata/real/synthetic/*.xml", "testdata/bad/*.xml"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			f.Add(readFile(f, file), filepath.Base(file))
		}
	}
	f.Add([]byte(redelegation), "")
	f.Add([]byte(compactPOA), "")
	f.Add([]byte(`<?xml version="1.0" encoding="windows-1251"?><a/>`), "")
	f.Add([]byte(`<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1" ПрЭлФорм="00010000" ИдФайл="a" ИдФайлНО="ON_DOVEL"><Документ/></Доверенность>`), "a.xml")
	limits := Limits{MaxBytes: 1 << 20, MaxDepth: 24, MaxElements: 2000}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		p, err := Parse(data, name, limits)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("%T %v", err, err)
			}
			if fe.Reason < NotXML || fe.Reason > DTDRefused {
				t.Fatalf("reason %d", fe.Reason)
			}
			if fe.Reason != FileNameMismatch && len(fe.Value) > 64+len("…") {
				t.Fatalf("value of %d bytes", len(fe.Value))
			}
			_ = fe.Error()
			return
		}
		if p.Format != "EMCHD_1" || len(p.ElectronicForm) != 8 || p.FileID == "" || len(p.Number) != 36 ||
			p.IssuedOn.IsZero() || p.ValidUntil.IsZero() {
			t.Fatalf("%+v", p)
		}
		if len(p.Principals) == 0 || len(p.Representatives) == 0 || len(p.Powers) == 0 && p.PowersText == "" {
			t.Fatalf("%d principals, %d representatives, %d powers", len(p.Principals), len(p.Representatives), len(p.Powers))
		}
		for _, pr := range p.Principals {
			if pr.Kind == KindUnknown || len(pr.Persons) == 0 {
				t.Fatalf("principal %+v", pr)
			}
			for i := range pr.Persons {
				if pr.Persons[i].Surname == "" || pr.Persons[i].GivenName == "" {
					t.Fatalf("person %+v", pr.Persons[i])
				}
				if s := pr.Persons[i].SNILS; s != "" && NormalizeSNILS(s) == "" {
					t.Fatalf("SNILS %q", s)
				}
			}
		}
		for _, r := range p.Representatives {
			if r.Kind == KindUnknown || (r.Person != nil) != (r.Kind == KindPerson || r.Kind == KindEntrepreneur) {
				t.Fatalf("representative %+v", r)
			}
		}
		for _, pw := range p.Powers {
			if utf8.RuneCountInString(pw.Code) < 6 || pw.Name == "" {
				t.Fatalf("power %+v", pw)
			}
		}
		if p.IssuedOn.String() == "" || len(p.IssuedOn.String()) != 10 {
			t.Fatalf("date %v", p.IssuedOn)
		}
	})
}

// compactPOA has, small, the elements Parse reads: the fuzzer minimises
// every new input it finds, and the real files (5-9 KB) take it long.
const compactPOA = `<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1" ПрЭлФорм="00000000" ИдФайл="ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016993">` +
	`<Документ><Довер><СвДов ВидДовер="1" ПрПередов="1" ВнНомДовер="56" НомДовер="c61a40df-d38f-4800-9ba4-61a2df016993" ДатаВыдДовер="2024-12-03" СрокДейст="2025-12-03">` +
	`<СведСист>u</СведСист></СвДов><СвДоверит ТипДоверит="1"><Доверит><РосОргДовер ЕИОУК="0" ЕИОФЛ="1" ЕИОИП="0">` +
	`<СвРосОрг НаимОрг="О" ИННЮЛ="7714350892" КПП="771401001" ОГРН="1157746734837"><АдрРег Регион="77"/></СвРосОрг>` +
	`<ЛицоБезДов ПолнЮЛ="1"><СвФЛ ИННФЛ="590411006514" СНИЛС="041-855-494 65"><СведФЛ ДатаРожд="1970-10-17"><ФИО Фамилия="Т" Имя="С"/></СведФЛ></СвФЛ></ЛицоБезДов>` +
	`</РосОргДовер></Доверит></СвДоверит><СвУпПред ТипПред="3"><Пред><СведФизЛ><СведФЛ><ФИО Фамилия="А" Имя="А"/></СведФЛ></СведФизЛ></Пред></СвУпПред>` +
	`<СвПолн ТипПолн="1" ПрСовмПолн="1"><МашПолн КодПолн="ABCDEF" НаимПолн="П"><ОгрСвПолн ИдОгр="1" КодОгр="L" НаимОгр="Т"><КодЗначОгр>x</КодЗначОгр></ОгрСвПолн></МашПолн>` +
	`<ТекстПолн>т</ТекстПолн></СвПолн></Довер></Документ></Доверенность>`
