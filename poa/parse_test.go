package poa

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

const (
	realDir = "testdata/real/"
	// base is the real МЧД the mutants are made from.
	base     = "ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016993.xml"
	baseGUID = "c61a40df-d38f-4800-9ba4-61a2df016993"
	// schema is the official XSD of format 003 (testdata/poa/README.md).
	schema = "../testdata/poa/ON_EMCHD_1_928_00_01_01_01.xsd"
)

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func baseDoc(t testing.TB) string { return string(readFile(t, realDir+base)) }

func mustParse(t *testing.T, data []byte, name string) *PowerOfAttorney {
	t.Helper()
	p, err := Parse(data, name, Limits{})
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return p
}

// wantError checks that err is a *FormatError with the reason, and the
// element unless element is "-".
func wantError(t *testing.T, err error, reason FormatReason, element string) *FormatError {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("got %T %v, want a *FormatError %s", err, err, reason)
	}
	if fe.Reason != reason {
		t.Fatalf("reason %s, want %s (%v)", fe.Reason, reason, err)
	}
	if element != "-" && fe.Element != element {
		t.Fatalf("element %q, want %q (%v)", fe.Element, element, err)
	}
	if !strings.HasPrefix(fe.Error(), "poa: ") {
		t.Fatalf("message %q", fe.Error())
	}
	return fe
}

// xmllintValid says whether xmllint accepts doc under the schema; ok is
// false when xmllint is not installed (an error if
// GOSTVERIFY_REQUIRE_XMLLINT is set).
func xmllintValid(t *testing.T, doc []byte) (valid, ok bool) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("GOSTVERIFY_REQUIRE_XMLLINT") != "" {
			t.Fatal("xmllint is required (GOSTVERIFY_REQUIRE_XMLLINT) but not installed")
		}
		return false, false
	}
	f := filepath.Join(t.TempDir(), "doc.xml")
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	err := exec.Command("xmllint", "--noout", "--nonet", "--schema", schema, f).Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return err == nil, true
}

// The mutations: each acts on the first element of the name (the first
// opening tag "<name" followed by a space, "/" or ">").
func tagAt(t testing.TB, doc, name string) (start, end int) {
	t.Helper()
	re := regexp.MustCompile(`<` + name + `[\s/>]`)
	loc := re.FindStringIndex(doc)
	if loc == nil {
		t.Fatalf("no element %s", name)
	}
	return loc[0], loc[0] + strings.IndexByte(doc[loc[0]:], '>') + 1
}

func dropElement(t testing.TB, doc, name string) string {
	t.Helper()
	start, end := tagAt(t, doc, name)
	if doc[end-2] != '/' {
		closing := "</" + name + ">"
		i := strings.Index(doc[end:], closing)
		if i < 0 {
			t.Fatalf("no %s", closing)
		}
		end += i + len(closing)
	}
	return doc[:start] + doc[end:]
}

func dropAll(t testing.TB, doc, name string) string {
	for strings.Contains(doc, "<"+name+" ") || strings.Contains(doc, "<"+name+">") {
		doc = dropElement(t, doc, name)
	}
	return doc
}

func attrRE(attr string) *regexp.Regexp { return regexp.MustCompile(`\s` + attr + `="[^"]*"`) }

func dropAttr(t testing.TB, doc, elem, attr string) string {
	t.Helper()
	start, end := tagAt(t, doc, elem)
	loc := attrRE(attr).FindStringIndex(doc[start:end])
	if loc == nil {
		t.Fatalf("no %s@%s", elem, attr)
	}
	return doc[:start+loc[0]] + doc[start+loc[1]:]
}

func setAttr(t testing.TB, doc, elem, attr, value string) string {
	t.Helper()
	start, end := tagAt(t, doc, elem)
	tag := doc[start:end]
	if loc := attrRE(attr).FindStringIndex(tag); loc != nil {
		tag = tag[:loc[0]] + " " + attr + `="` + value + `"` + tag[loc[1]:]
	} else {
		i := len("<" + elem)
		tag = tag[:i] + " " + attr + `="` + value + `"` + tag[i:]
	}
	return doc[:start] + tag + doc[end:]
}

// insertInto puts s right after the opening tag of the first elem.
func insertInto(t testing.TB, doc, elem, s string) string {
	t.Helper()
	_, end := tagAt(t, doc, elem)
	return doc[:end] + s + doc[end:]
}

type wantPerson struct {
	name, inn, snils, position string
}

func checkPerson(t *testing.T, what string, got *Person, want wantPerson) {
	t.Helper()
	if got.FullName() != want.name || got.INN != want.inn || got.SNILS != want.snils || got.Position != want.position {
		t.Errorf("%s: %q %s %q %q, want %+v", what, got.FullName(), got.INN, got.SNILS, got.Position, want)
	}
}

const basaltName = `ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "БАЗАЛЬТ СВОБОДНОЕ ПРОГРАММНОЕ ОБЕСПЕЧЕНИЕ"`

func TestParseReal(t *testing.T) {
	tests := []struct {
		file                string
		number              string
		forTax              bool
		taxFileID           string
		transfer            string
		issued, until       string
		person              wantPerson
		rep                 wantPerson
		repBirth            string
		powers              int
		firstCode           string
		firstRestrictionVal string
	}{
		{
			file: base, number: baseGUID, transfer: "1", issued: "2024-12-03", until: "2025-12-03",
			person:   wantPerson{"ТРАНДИН СЕРГЕЙ ИВАНОВИЧ", "590411006514", "041-855-494 65", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"},
			rep:      wantPerson{"АЛФИМОВА АННА СЕРГЕЕВНА", "510103032621", "061-963-639 83", ""},
			repBirth: "1978-07-12", powers: 35, firstCode: "BBDOCS_DOCS_DCSALL_SRCDOC_SOURCEDOCS14",
		},
		{
			file: "ON_EMCHD_20250522_c52fc81d-c422-439f-b8e8-4d99a602f4d1.xml", number: "c52fc81d-c422-439f-b8e8-4d99a602f4d1",
			forTax: true, taxFileID: "ON_DOVEL_7714_7714_7714350892771401001_20250522_c52fc81d-c422-439f-b8e8-4d99a602f4d1",
			transfer: "1", issued: "2025-05-22", until: "2026-05-22",
			person:   wantPerson{"ПРАВДИН СЕРБЕК ИВАНОВИЧ", "590411005641", "041-855-494 65", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"},
			rep:      wantPerson{"ПМОВСКИ ПАВЕЛ СЕРГЕЕВИЧ", "402905659334", "145-371-033 53", ""},
			repBirth: "1983-07-13", powers: 33, firstCode: "2_FNS28",
		},
		{
			file: "ON_EMCHD_20250523_323e64bf-0958-4c4f-a8ea-c026ee742cb4.xml", number: "323e64bf-0958-4c4f-a8ea-c026ee742cb4",
			forTax: true, taxFileID: "ON_DOVEL_7714_7714_7714350892771401001_20250523_323e64bf-0958-4c4f-a8ea-c026ee742cb4",
			transfer: "3", issued: "2025-05-23", until: "2030-05-23",
			person:   wantPerson{"ТРАНДИН СЕРГЕЙ ИВАНОВИЧ", "590411006514", "041-855-494 65", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"},
			rep:      wantPerson{"БЫЧЕНКОВ ПАВЕЛ СЕРГЕЕВИЧ", "402905648441", "126-472-076 53", ""},
			repBirth: "1983-07-13", powers: 33, firstCode: "2_FNS28",
		},
		{
			file: "ON_EMCHD_20250523_46b84724-c65b-488e-a640-ec0498da68d8.xml", number: "46b84724-c65b-488e-a640-ec0498da68d8",
			transfer: "3", issued: "2025-05-23", until: "2030-05-23",
			person:   wantPerson{"ПРАВДИН СЕРБЕК ИВАНОВИЧ", "590411005641", "041-855-494 65", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"},
			rep:      wantPerson{"ПМОВСКИ ПАВЕЛ СЕРГЕЕВИЧ", "402905659334", "145-371-033 53", ""},
			repBirth: "1983-07-13", powers: 12, firstCode: "KLASS_2.0_SIGN", firstRestrictionVal: "LIM_01_04",
		},
		{
			file: "ON_EMCHD_20250523_c59126b9-04c4-4df5-8497-c5ddb5309b87.xml", number: "c59126b9-04c4-4df5-8497-c5ddb5309b87",
			transfer: "3", issued: "2025-05-23", until: "2030-05-23",
			person:   wantPerson{"ПРАВДИН СЕРБЕК ИВАНОВИЧ", "590411005641", "041-855-494 65", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"},
			rep:      wantPerson{"ПМОВСКИ ПАВЕЛ СЕРГЕЕВИЧ", "402905659334", "145-371-033 53", ""},
			repBirth: "1983-07-13", powers: 30, firstCode: "FGISLK_FGISLK011",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data := readFile(t, realDir+tt.file)
			p := mustParse(t, data, tt.file)
			if p.Format != "EMCHD_1" || p.FileID != strings.TrimSuffix(tt.file, ".xml") || p.Number != tt.number {
				t.Errorf("format %q, file %q, number %q", p.Format, p.FileID, p.Number)
			}
			if p.ForTax != tt.forTax || p.TaxFileID != tt.taxFileID {
				t.Errorf("for tax %v %q", p.ForTax, p.TaxFileID)
			}
			if p.Kind != "1" || p.Transfer != tt.transfer || p.InternalNumber == "" || p.Redelegation || p.Notarised || p.Irrevocable {
				t.Errorf("kind %q transfer %q internal %q %v %v %v", p.Kind, p.Transfer, p.InternalNumber, p.Redelegation, p.Notarised, p.Irrevocable)
			}
			if p.IssuedOn.String() != tt.issued || p.ValidUntil.String() != tt.until {
				t.Errorf("dates %s %s", p.IssuedOn, p.ValidUntil)
			}
			if p.Registry != "https://m4d.nalog.gov.ru/emchd/check-status?guid="+tt.number {
				t.Errorf("registry %q", p.Registry)
			}
			if len(p.Principals) != 1 {
				t.Fatalf("%d principals", len(p.Principals))
			}
			pr := p.Principals[0]
			if pr.Kind != KindOrganisation || pr.Name != basaltName || pr.INN != "7714350892" || pr.KPP != "771401001" || pr.OGRN != "1157746734837" {
				t.Errorf("principal %+v", pr)
			}
			if len(pr.Persons) != 1 {
				t.Fatalf("%d persons", len(pr.Persons))
			}
			checkPerson(t, "principal's person", &pr.Persons[0], tt.person)
			if pr.Persons[0].Authority != "1" || pr.Persons[0].Company != nil {
				t.Errorf("authority %q company %v", pr.Persons[0].Authority, pr.Persons[0].Company)
			}
			if len(p.Representatives) != 1 {
				t.Fatalf("%d representatives", len(p.Representatives))
			}
			r := p.Representatives[0]
			if r.Kind != KindPerson || r.Person == nil || r.Name != tt.rep.name || r.INN != tt.rep.inn || r.Branch {
				t.Fatalf("representative %+v", r)
			}
			checkPerson(t, "representative", r.Person, tt.rep)
			if r.Person.BirthDate.String() != tt.repBirth {
				t.Errorf("birth date %s", r.Person.BirthDate)
			}
			if p.PowersKind != "1" || p.JointPowers != "1" || p.PowersText != "" {
				t.Errorf("powers %q %q %q", p.PowersKind, p.JointPowers, p.PowersText)
			}
			if len(p.Powers) != tt.powers || p.Powers[0].Code != tt.firstCode || p.Powers[0].Name == "" {
				t.Errorf("%d powers, the first %+v", len(p.Powers), p.Powers[0])
			}
			if tt.firstRestrictionVal != "" {
				rs := p.Powers[0].Restrictions
				if len(rs) != 1 || rs[0].ID != "1" || rs[0].Code != "LIM_01" || rs[0].Name != "Тип документа" ||
					rs[0].ValueCode != tt.firstRestrictionVal || rs[0].ValueName != "Товарная накладная по форме ТОРГ-12" {
					t.Errorf("restrictions %+v", rs)
				}
			}
		})
	}
}

// TestParseRestrictions: KLASS_2.0_TRANSMIT of the 46b84724 МЧД has two.
func TestParseRestrictions(t *testing.T) {
	p := mustParse(t, readFile(t, realDir+"ON_EMCHD_20250523_46b84724-c65b-488e-a640-ec0498da68d8.xml"), "")
	for _, pw := range p.Powers {
		if pw.Code != "KLASS_2.0_TRANSMIT" {
			continue
		}
		want := []PowerRestriction{
			{ID: "1", Code: "LIM_02", Name: "Вид обязательств", ValueCode: "LIM_02_09", ValueName: "Возмездное оказание услуг"},
			{ID: "2", Code: "LIM_01", Name: "Тип документа", ValueCode: "LIM_01_13", ValueName: "Договор фрахтования"},
		}
		if len(pw.Restrictions) != 2 || pw.Restrictions[0] != want[0] || pw.Restrictions[1] != want[1] {
			t.Errorf("%+v", pw.Restrictions)
		}
		return
	}
	t.Fatal("no KLASS_2.0_TRANSMIT")
}

// TestRealFilesSchema checks what PROVENANCE.md says of xmllint.
func TestRealFilesSchema(t *testing.T) {
	files, _ := filepath.Glob(realDir + "*.xml")
	synthetic, _ := filepath.Glob(realDir + "synthetic/*.xml")
	for _, f := range append(files, synthetic...) {
		valid, ok := xmllintValid(t, readFile(t, f))
		if !ok {
			t.Skip("xmllint not installed")
		}
		want := !strings.Contains(f, "ON_DOVBB") && !strings.Contains(f, "egrn_many_person") && !strings.Contains(f, "repr3")
		if valid != want {
			t.Errorf("%s: xmllint valid %v, want %v", f, valid, want)
		}
	}
}

// TestParseSynthetic: the other kinds of principal.
func TestParseSynthetic(t *testing.T) {
	const suffix = "_ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016993.xml"
	pravdin := wantPerson{"ПРАВДИН СЕРБЕК ИВАНОВИЧ", "590411005641", "041-855-494 65", "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР"}
	read := func(t *testing.T, name string) *PowerOfAttorney {
		p := mustParse(t, readFile(t, realDir+"synthetic/"+name+suffix), "")
		if len(p.Principals) != 1 || len(p.Representatives) != 1 || len(p.Powers) != 35 {
			t.Fatalf("%d principals, %d representatives, %d powers", len(p.Principals), len(p.Representatives), len(p.Powers))
		}
		return p
	}
	t.Run("executive_company", func(t *testing.T) {
		pr := read(t, "executive_company").Principals[0]
		if pr.Kind != KindOrganisation || pr.INN != "7714350892" || len(pr.Persons) != 1 {
			t.Fatalf("%+v", pr)
		}
		p := pr.Persons[0]
		checkPerson(t, "person", &p, pravdin)
		if c := p.Company; c == nil || c.Kind != KindOrganisation || c.Name != basaltName || c.INN != "7714350892" || c.KPP != "771401001" || c.OGRN != "1157746734837" {
			t.Errorf("company %+v", p.Company)
		}
	})
	t.Run("exec_ip", func(t *testing.T) {
		pr := read(t, "exec_ip").Principals[0]
		if pr.Kind != KindOrganisation || len(pr.Persons) != 1 {
			t.Fatalf("%+v", pr)
		}
		p := pr.Persons[0]
		checkPerson(t, "person", &p, wantPerson{pravdin.name, pravdin.inn, pravdin.snils, ""})
		if p.OGRNIP != "115711746734837" || p.Company != nil {
			t.Errorf("OGRNIP %q", p.OGRNIP)
		}
	})
	t.Run("foreign_comp", func(t *testing.T) {
		pr := read(t, "foreign_comp").Principals[0]
		if pr.Kind != KindForeignOrganisation || pr.Name != "НаимИО" || pr.INN != "7714350892" || pr.KPP != "771401001" || pr.OGRN != "" || len(pr.Persons) != 1 {
			t.Fatalf("%+v", pr)
		}
		checkPerson(t, "head", &pr.Persons[0], pravdin)
	})
	t.Run("grantorPerson", func(t *testing.T) {
		pr := read(t, "grantorPerson").Principals[0]
		if pr.Kind != KindPerson || pr.Name != "ПРАВДИН СЕРБЕК ИВАНОВИЧ" || pr.INN != "510103034646" || len(pr.Persons) != 1 {
			t.Fatalf("%+v", pr)
		}
		checkPerson(t, "person", &pr.Persons[0], wantPerson{"ПРАВДИН СЕРБЕК ИВАНОВИЧ", "510103034646", "052-951-639 83", ""})
	})
	t.Run("two_entities", func(t *testing.T) {
		pr := read(t, "two_entities").Principals[0]
		if len(pr.Persons) != 2 {
			t.Fatalf("%d persons", len(pr.Persons))
		}
		for i := range pr.Persons {
			checkPerson(t, "person", &pr.Persons[i], pravdin)
		}
	})
	// Two СвФЛ in one ЛицоБезДов, two СведФизЛ in one Пред: the schema
	// allows one (and xmllint refuses both files).
	for _, tt := range []struct{ name, element string }{
		{"egrn_many_person", "Документ/Довер/СвДоверит[1]/Доверит/РосОргДовер/ЛицоБезДов[1]/СвФЛ"},
		{"repr3", "Документ/Довер/СвУпПред[1]/Пред/СведФизЛ"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(readFile(t, realDir+"synthetic/"+tt.name+suffix), "", Limits{})
			wantError(t, err, Duplicate, tt.element)
		})
	}
	t.Run("own name", func(t *testing.T) {
		_, err := Parse(readFile(t, realDir+"synthetic/exec_ip"+suffix), "exec_ip"+suffix, Limits{})
		fe := wantError(t, err, FileNameMismatch, "Доверенность@ИдФайл")
		if fe.Value != "exec_ip"+suffix {
			t.Errorf("value %q", fe.Value)
		}
	})
}

const (
	pLBD  = "Документ/Довер/СвДоверит[1]/Доверит/РосОргДовер/ЛицоБезДов[1]"
	pOrg  = "Документ/Довер/СвДоверит[1]/Доверит/РосОргДовер"
	pPred = "Документ/Довер/СвУпПред[1]/Пред"
)

// TestParseMissing removes from the real МЧД each required element and
// attribute Parse reads; the error names it.
func TestParseMissing(t *testing.T) {
	elements := []struct {
		name, path string
		all        bool // remove every one
		schemaOK   bool // the XSD accepts the mutant; Parse is stricter
	}{
		{name: "Документ", path: "Документ"},
		{name: "Довер", path: "Документ/Довер"},
		{name: "СвДов", path: "Документ/Довер/СвДов"},
		{name: "СведСист", path: "Документ/Довер/СвДов/СведСист"},
		{name: "СвДоверит", path: "Документ/Довер/СвДоверит"},
		{name: "Доверит", path: "Документ/Довер/СвДоверит[1]/Доверит"},
		{name: "РосОргДовер", path: pOrg, schemaOK: true},
		{name: "СвРосОрг", path: pOrg + "/СвРосОрг"},
		{name: "ЛицоБезДов", path: pOrg + "/ЛицоБезДов"},
		{name: "СвФЛ", path: pLBD + "/СвФЛ", schemaOK: true},
		{name: "СведФЛ", path: pLBD + "/СвФЛ/СведФЛ"},
		{name: "ФИО", path: pLBD + "/СвФЛ/СведФЛ/ФИО"},
		{name: "СвУпПред", path: "Документ/Довер/СвУпПред"},
		{name: "Пред", path: pPred},
		{name: "СведФизЛ", path: pPred + "/СведФизЛ", schemaOK: true},
		{name: "СвПолн", path: "Документ/Довер/СвПолн"},
		{name: "МашПолн", path: "Документ/Довер/СвПолн/МашПолн", all: true, schemaOK: true},
	}
	doc := baseDoc(t)
	for _, tt := range elements {
		t.Run(tt.name, func(t *testing.T) {
			mutant := dropElement(t, doc, tt.name)
			if tt.all {
				mutant = dropAll(t, doc, tt.name)
			}
			_, err := Parse([]byte(mutant), base, Limits{})
			wantError(t, err, MissingElement, tt.path)
			if valid, ok := xmllintValid(t, []byte(mutant)); ok && valid != tt.schemaOK {
				t.Errorf("xmllint valid %v", valid)
			}
		})
	}
	attributes := []struct{ elem, attr, path string }{
		{"Доверенность", "ВерсФорм", "Доверенность@ВерсФорм"},
		{"Доверенность", "ПрЭлФорм", "Доверенность@ПрЭлФорм"},
		{"Доверенность", "ИдФайл", "Доверенность@ИдФайл"},
		{"СвДов", "ВидДовер", "Документ/Довер/СвДов@ВидДовер"},
		{"СвДов", "ПрПередов", "Документ/Довер/СвДов@ПрПередов"},
		{"СвДов", "ВнНомДовер", "Документ/Довер/СвДов@ВнНомДовер"},
		{"СвДов", "НомДовер", "Документ/Довер/СвДов@НомДовер"},
		{"СвДов", "ДатаВыдДовер", "Документ/Довер/СвДов@ДатаВыдДовер"},
		{"СвДов", "СрокДейст", "Документ/Довер/СвДов@СрокДейст"},
		{"СвДоверит", "ТипДоверит", "Документ/Довер/СвДоверит[1]@ТипДоверит"},
		{"РосОргДовер", "ЕИОУК", pOrg + "@ЕИОУК"},
		{"РосОргДовер", "ЕИОФЛ", pOrg + "@ЕИОФЛ"},
		{"РосОргДовер", "ЕИОИП", pOrg + "@ЕИОИП"},
		{"СвРосОрг", "НаимОрг", pOrg + "/СвРосОрг@НаимОрг"},
		{"СвРосОрг", "КПП", pOrg + "/СвРосОрг@КПП"},
		{"АдрРег", "Регион", pOrg + "/СвРосОрг/АдрРег@Регион"},
		{"ЛицоБезДов", "ПолнЮЛ", pLBD + "@ПолнЮЛ"},
		{"ФИО", "Фамилия", pLBD + "/СвФЛ/СведФЛ/ФИО@Фамилия"},
		{"ФИО", "Имя", pLBD + "/СвФЛ/СведФЛ/ФИО@Имя"},
		{"СвУпПред", "ТипПред", "Документ/Довер/СвУпПред[1]@ТипПред"},
		{"УдЛичнФЛ", "КодВидДок", ""}, // not read: Parse accepts, the XSD does not
		{"СвПолн", "ТипПолн", "Документ/Довер/СвПолн@ТипПолн"},
		{"СвПолн", "ПрСовмПолн", "Документ/Довер/СвПолн@ПрСовмПолн"},
		{"МашПолн", "КодПолн", "Документ/Довер/СвПолн/МашПолн[1]@КодПолн"},
		{"МашПолн", "НаимПолн", "Документ/Довер/СвПолн/МашПолн[1]@НаимПолн"},
	}
	for _, tt := range attributes {
		t.Run(tt.elem+"@"+tt.attr, func(t *testing.T) {
			mutant := dropAttr(t, doc, tt.elem, tt.attr)
			_, err := Parse([]byte(mutant), base, Limits{})
			if tt.path == "" {
				if err != nil {
					t.Fatal(err)
				}
			} else {
				wantError(t, err, MissingAttribute, tt.path)
			}
			if valid, ok := xmllintValid(t, []byte(mutant)); ok && valid {
				t.Error("xmllint accepts it")
			}
		})
	}
}

// TestParseGeneratedFixtures: the schema-invalid and the incomplete copies
// of testdata/poa (see its README).
func TestParseGeneratedFixtures(t *testing.T) {
	const dir = "../testdata/poa/"
	malformed := map[string]struct {
		reason FormatReason
		path   string
	}{
		"missing_ВерсФорм":                      {MissingAttribute, "Доверенность@ВерсФорм"},
		"missing_ПрЭлФорм":                      {MissingAttribute, "Доверенность@ПрЭлФорм"},
		"missing_ИдФайл":                        {MissingAttribute, "Доверенность@ИдФайл"},
		"missing_Документ":                      {MissingElement, "Документ"},
		"missing_Довер":                         {MissingElement, "Документ/Довер"},
		"missing_СвДов":                         {MissingElement, "Документ/Довер/СвДов"},
		"missing_ВидДовер":                      {MissingAttribute, "Документ/Довер/СвДов@ВидДовер"},
		"missing_ПрПередов":                     {MissingAttribute, "Документ/Довер/СвДов@ПрПередов"},
		"missing_ВнНомДовер":                    {MissingAttribute, "Документ/Довер/СвДов@ВнНомДовер"},
		"missing_НомДовер":                      {MissingAttribute, "Документ/Довер/СвДов@НомДовер"},
		"missing_ДатаВыдДовер":                  {MissingAttribute, "Документ/Довер/СвДов@ДатаВыдДовер"},
		"missing_СрокДейст":                     {MissingAttribute, "Документ/Довер/СвДов@СрокДейст"},
		"missing_СведСист":                      {MissingElement, "Документ/Довер/СвДов/СведСист"},
		"missing_СвДоверит":                     {MissingElement, "Документ/Довер/СвДоверит"},
		"missing_ТипДоверит":                    {MissingAttribute, "Документ/Довер/СвДоверит[1]@ТипДоверит"},
		"missing_Доверит":                       {MissingElement, "Документ/Довер/СвДоверит[1]/Доверит"},
		"missing_ЕИОУК":                         {MissingAttribute, pOrg + "@ЕИОУК"},
		"missing_ЕИОФЛ":                         {MissingAttribute, pOrg + "@ЕИОФЛ"},
		"missing_ЕИОИП":                         {MissingAttribute, pOrg + "@ЕИОИП"},
		"missing_СвРосОрг":                      {MissingElement, pOrg + "/СвРосОрг"},
		"missing_НаимОрг":                       {MissingAttribute, pOrg + "/СвРосОрг@НаимОрг"},
		"missing_КПП":                           {MissingAttribute, pOrg + "/СвРосОрг@КПП"},
		"missing_Регион":                        {MissingAttribute, pOrg + "/СвРосОрг/АдрРег@Регион"},
		"missing_ЛицоБезДов":                    {MissingElement, pOrg + "/ЛицоБезДов"},
		"missing_ПолнЮЛ":                        {MissingAttribute, pLBD + "@ПолнЮЛ"},
		"missing_СведФЛ_in_ЛицоБезДов":          {MissingElement, pLBD + "/СвФЛ/СведФЛ"},
		"missing_ФИО_in_ЛицоБезДов":             {MissingElement, pLBD + "/СвФЛ/СведФЛ/ФИО"},
		"missing_Фамилия_in_ЛицоБезДов":         {MissingAttribute, pLBD + "/СвФЛ/СведФЛ/ФИО@Фамилия"},
		"missing_Имя_in_ЛицоБезДов":             {MissingAttribute, pLBD + "/СвФЛ/СведФЛ/ФИО@Имя"},
		"missing_СвУпПред":                      {MissingElement, "Документ/Довер/СвУпПред"},
		"missing_ТипПред":                       {MissingAttribute, "Документ/Довер/СвУпПред[1]@ТипПред"},
		"missing_Пред":                          {MissingElement, pPred},
		"missing_СведФЛ_in_Пред":                {MissingElement, pPred + "/СведФизЛ/СведФЛ"},
		"missing_ФИО_in_Пред":                   {MissingElement, pPred + "/СведФизЛ/СведФЛ/ФИО"},
		"missing_Фамилия_in_Пред":               {MissingAttribute, pPred + "/СведФизЛ/СведФЛ/ФИО@Фамилия"},
		"missing_Имя_in_Пред":                   {MissingAttribute, pPred + "/СведФизЛ/СведФЛ/ФИО@Имя"},
		"missing_СвПолн":                        {MissingElement, "Документ/Довер/СвПолн"},
		"missing_ТипПолн":                       {MissingAttribute, "Документ/Довер/СвПолн@ТипПолн"},
		"missing_ПрСовмПолн":                    {MissingAttribute, "Документ/Довер/СвПолн@ПрСовмПолн"},
		"missing_КодПолн":                       {MissingAttribute, "Документ/Довер/СвПолн/МашПолн[1]@КодПолн"},
		"missing_НаимПолн":                      {MissingAttribute, "Документ/Довер/СвПолн/МашПолн[1]@НаимПолн"},
		"old_format":                            {OldFormat, "Доверенность@ВерсФорм"},
		"incomplete/missing_РосОргДовер":        {MissingElement, pOrg},
		"incomplete/missing_СвФЛ_in_ЛицоБезДов": {MissingElement, pLBD + "/СвФЛ"},
		"incomplete/missing_СведФизЛ":           {MissingElement, pPred + "/СведФизЛ"},
		"incomplete/missing_МашПолн":            {MissingElement, "Документ/Довер/СвПолн/МашПолн"},
	}
	files, _ := filepath.Glob(dir + "malformed/*.xml")
	if len(files) == 0 {
		t.Skip("no testdata/poa/malformed")
	}
	incomplete, _ := filepath.Glob(dir + "incomplete/*.xml")
	seen := 0
	for _, f := range append(files, incomplete...) {
		key := strings.TrimSuffix(filepath.Base(f), ".xml")
		if strings.Contains(f, "/incomplete/") {
			key = "incomplete/" + key
		}
		t.Run(key, func(t *testing.T) {
			_, err := Parse(readFile(t, f), "", Limits{})
			want, ok := malformed[key]
			if !ok {
				// Accepted, the optional item absent.
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			seen++
			wantError(t, err, want.reason, want.path)
		})
	}
	if seen != len(malformed) {
		t.Errorf("%d of the %d files expected", seen, len(malformed))
	}
}

// TestParseIncompleteFields: an optional item absent is an empty field.
func TestParseIncompleteFields(t *testing.T) {
	doc := baseDoc(t)
	tests := []struct {
		elem, attr string
		empty      func(p *PowerOfAttorney) string
	}{
		{"СвРосОрг", "ИННЮЛ", func(p *PowerOfAttorney) string { return p.Principals[0].INN }},
		{"СвРосОрг", "ОГРН", func(p *PowerOfAttorney) string { return p.Principals[0].OGRN }},
		{"СвФЛ", "ИННФЛ", func(p *PowerOfAttorney) string { return p.Principals[0].Persons[0].INN }},
		{"СвФЛ", "Должность", func(p *PowerOfAttorney) string { return p.Principals[0].Persons[0].Position }},
		{"СведФизЛ", "СНИЛС", func(p *PowerOfAttorney) string { return p.Representatives[0].Person.SNILS }},
		{"СведФизЛ", "ИННФЛ", func(p *PowerOfAttorney) string { return p.Representatives[0].INN }},
	}
	for _, tt := range tests {
		p := mustParse(t, []byte(dropAttr(t, doc, tt.elem, tt.attr)), base)
		if v := tt.empty(p); v != "" {
			t.Errorf("%s@%s: %q", tt.elem, tt.attr, v)
		}
	}
	// Отчество is "при наличии".
	p := mustParse(t, []byte(dropAttr(t, doc, "ФИО", "Отчество")), base)
	if got := p.Principals[0].Persons[0].FullName(); got != "ТРАНДИН СЕРГЕЙ" {
		t.Errorf("full name %q", got)
	}
}

func TestParseBadValues(t *testing.T) {
	doc := baseDoc(t)
	const dov = "Документ/Довер/СвДов@"
	tests := []struct {
		name   string
		doc    string
		reason FormatReason
		path   string
	}{
		{"GUID short", setAttr(t, doc, "СвДов", "НомДовер", baseGUID[:35]), BadValue, dov + "НомДовер"},
		{"GUID not hex", setAttr(t, doc, "СвДов", "НомДовер", "g"+baseGUID[1:]), BadValue, dov + "НомДовер"},
		{"GUID no dashes", setAttr(t, doc, "СвДов", "НомДовер", strings.ReplaceAll(baseGUID, "-", "0")), BadValue, dov + "НомДовер"},
		{"date 30 Feb", setAttr(t, doc, "СвДов", "ДатаВыдДовер", "2024-02-30"), BadValue, dov + "ДатаВыдДовер"},
		{"date Russian", setAttr(t, doc, "СвДов", "ДатаВыдДовер", "03.12.2024"), BadValue, dov + "ДатаВыдДовер"},
		{"date month 13", setAttr(t, doc, "СвДов", "СрокДейст", "2025-13-01"), BadValue, dov + "СрокДейст"},
		{"date time", setAttr(t, doc, "СвДов", "СрокДейст", "2025-12-03T00:00:00"), BadValue, dov + "СрокДейст"},
		{"ВидДовер", setAttr(t, doc, "СвДов", "ВидДовер", "3"), BadValue, dov + "ВидДовер"},
		{"ПрПередов", setAttr(t, doc, "СвДов", "ПрПередов", "0"), BadValue, dov + "ПрПередов"},
		{"ВнНомДовер empty", setAttr(t, doc, "СвДов", "ВнНомДовер", ""), BadValue, dov + "ВнНомДовер"},
		{"ВнНомДовер long", setAttr(t, doc, "СвДов", "ВнНомДовер", strings.Repeat("Н", 51)), BadValue, dov + "ВнНомДовер"},
		{"ИННЮЛ 9 digits", setAttr(t, doc, "СвРосОрг", "ИННЮЛ", "771435089"), BadValue, pOrg + "/СвРосОрг@ИННЮЛ"},
		{"ИННЮЛ 00", setAttr(t, doc, "СвРосОрг", "ИННЮЛ", "0014350892"), BadValue, pOrg + "/СвРосОрг@ИННЮЛ"},
		{"ИННЮЛ of 12", setAttr(t, doc, "СвРосОрг", "ИННЮЛ", "590411006514"), BadValue, pOrg + "/СвРосОрг@ИННЮЛ"},
		{"ОГРН 12 digits", setAttr(t, doc, "СвРосОрг", "ОГРН", "115774673483"), BadValue, pOrg + "/СвРосОрг@ОГРН"},
		{"КПП short", setAttr(t, doc, "СвРосОрг", "КПП", "77140100"), BadValue, pOrg + "/СвРосОрг@КПП"},
		{"КПП lower case", setAttr(t, doc, "СвРосОрг", "КПП", "7714ab001"), BadValue, pOrg + "/СвРосОрг@КПП"},
		{"ИННФЛ 11 digits", setAttr(t, doc, "СвФЛ", "ИННФЛ", "59041100651"), BadValue, pLBD + "/СвФЛ@ИННФЛ"},
		{"ИННФЛ of 10", setAttr(t, doc, "СвФЛ", "ИННФЛ", "7714350892"), BadValue, pLBD + "/СвФЛ@ИННФЛ"},
		{"СНИЛС digits only", setAttr(t, doc, "СвФЛ", "СНИЛС", "04185549465"), BadValue, pLBD + "/СвФЛ@СНИЛС"},
		{"СНИЛС of the representative", setAttr(t, doc, "СведФизЛ", "СНИЛС", "061 963 639 83"), BadValue, pPred + "/СведФизЛ@СНИЛС"},
		{"Фамилия empty", setAttr(t, doc, "ФИО", "Фамилия", ""), BadValue, pLBD + "/СвФЛ/СведФЛ/ФИО@Фамилия"},
		{"ДатаРожд", setAttr(t, doc, "СведФЛ", "ДатаРожд", "1978-7-12"), BadValue, pLBD + "/СвФЛ/СведФЛ@ДатаРожд"},
		{"ПолнЮЛ", setAttr(t, doc, "ЛицоБезДов", "ПолнЮЛ", "3"), BadValue, pLBD + "@ПолнЮЛ"},
		{"ТипДоверит 5", setAttr(t, doc, "СвДоверит", "ТипДоверит", "5"), BadValue, "Документ/Довер/СвДоверит[1]@ТипДоверит"},
		{"ТипДоверит 2 with РосОргДовер", setAttr(t, doc, "СвДоверит", "ТипДоверит", "2"), BadValue, "Документ/Довер/СвДоверит[1]@ТипДоверит"},
		{"ТипПред 1 with СведФизЛ", setAttr(t, doc, "СвУпПред", "ТипПред", "1"), BadValue, "Документ/Довер/СвУпПред[1]@ТипПред"},
		{"ПрЭлФорм short", setAttr(t, doc, "Доверенность", "ПрЭлФорм", "0000000"), BadValue, "Доверенность@ПрЭлФорм"},
		{"ПрЭлФорм letter", setAttr(t, doc, "Доверенность", "ПрЭлФорм", "0000000a"), BadValue, "Доверенность@ПрЭлФорм"},
		{"for tax without ИдФайлНО", setAttr(t, doc, "Доверенность", "ПрЭлФорм", "00010000"), MissingAttribute, "Доверенность@ИдФайлНО"},
		{"ИдФайлНО not ON_DOVEL", setAttr(t, setAttr(t, doc, "Доверенность", "ПрЭлФорм", "00010000"), "Доверенность", "ИдФайлНО", "ON_EMCHD_X"), BadValue, "Доверенность@ИдФайлНО"},
		{"ТипПолн", setAttr(t, doc, "СвПолн", "ТипПолн", "2"), BadValue, "Документ/Довер/СвПолн@ТипПолн"},
		{"КодПолн short", setAttr(t, doc, "МашПолн", "КодПолн", "ABCDE"), BadValue, "Документ/Довер/СвПолн/МашПолн[1]@КодПолн"},
		{"СведСист empty", strings.Replace(doc, "<СведСист>https://m4d.nalog.gov.ru/emchd/check-status?guid="+baseGUID+"</СведСист>", "<СведСист></СведСист>", 1),
			BadValue, "Документ/Довер/СвДов/СведСист"},
		{"СведСист element", strings.Replace(doc, "<СведСист>https", "<СведСист><a/>https", 1), BadValue, "Документ/Довер/СвДов/СведСист"},
		{"text between elements", insertInto(t, doc, "Довер", "текст"), BadValue, "Документ/Довер"},
		{"second СвДов", strings.Replace(doc, "</СвДов>", "</СвДов><СвДов/>", 1), Duplicate, "Документ/Довер/СвДов"},
		{"second Довер", strings.Replace(doc, "</Довер>", "</Довер><Довер/>", 1), Duplicate, "Документ/Довер"},
		{"Довер and Передов", strings.Replace(doc, "</Довер>", "</Довер><Передов/>", 1), Duplicate, "Документ/Передов"},
		{"ИдФайл not ending with НомДовер", setAttr(t, doc, "Доверенность", "ИдФайл", "ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016994"),
			FileNameMismatch, "Доверенность@ИдФайл"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), "", Limits{})
			wantError(t, err, tt.reason, tt.path)
		})
	}
}

func TestParseOldFormat(t *testing.T) {
	// The real МЧД of the previous format, in windows-1251.
	_, err := Parse(readFile(t, realDir+"ON_DOVBB_20240828_cfeae40d-e613-48ff-989f-f6b45590e338.xml"), "", Limits{})
	if fe := wantError(t, err, OldFormat, "Доверенность@ВерсФорм"); fe.Value != "002" {
		t.Errorf("value %q", fe.Value)
	}
	// A later version in the right namespace.
	_, err = Parse([]byte(setAttr(t, baseDoc(t), "Доверенность", "ВерсФорм", "EMCHD_2")), "", Limits{})
	if fe := wantError(t, err, OldFormat, "Доверенность@ВерсФорм"); fe.Value != "EMCHD_2" {
		t.Errorf("value %q", fe.Value)
	}
}

func TestParseNotPOA(t *testing.T) {
	doc := baseDoc(t)
	tests := map[string]string{
		"other root":      `<?xml version="1.0"?><Счет xmlns="urn://x-artefacts/EMCHD_1"/>`,
		"no namespace":    strings.Replace(doc, ` xmlns="urn://x-artefacts/EMCHD_1"`, "", 1),
		"other namespace": strings.Replace(doc, `xmlns="urn://x-artefacts/EMCHD_1"`, `xmlns="urn://x-artefacts/EMCHD_2"`, 1),
	}
	for name, d := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(d), "", Limits{})
			wantError(t, err, NotPOA, "-")
		})
	}
}

func TestParseNotXML(t *testing.T) {
	doc := baseDoc(t)
	tests := map[string]string{
		"empty":                 "",
		"white space":           " \n",
		"text":                  "not xml",
		"truncated":             doc[:len(doc)/2],
		"unclosed":              strings.TrimSuffix(doc, "</Доверенность>"),
		"text after root":       doc + "x",
		"second root":           doc + "<Доверенность/>",
		"duplicate attribute":   strings.Replace(doc, `ВидДовер="1"`, `ВидДовер="1" ВидДовер="2"`, 1),
		"unknown entity":        strings.Replace(doc, "&quot;", "&nbsp;", 1),
		"invalid UTF-8":         strings.Replace(doc, "ТРАНДИН", "\xff\xfe", 1),
		"mismatched tag":        strings.Replace(doc, "</СвДов>", "</СвДоверит>", 1),
		"text before the root":  "x" + doc[strings.Index(doc, "<Доверенность"):],
		"undeclared prefix":     strings.Replace(doc, "<Довер>", "<p:Довер>", 1),
		"duplicate namespace":   strings.Replace(doc, `xmlns:xsd=`, `xmlns:xsi="a" xmlns:xsd=`, 1),
		"processing after root": doc + "<?pi x?>\n<a/>",
	}
	for name, d := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(d), "", Limits{})
			wantError(t, err, NotXML, "-")
		})
	}
	// Comments and processing instructions around the root are fine.
	mustParse(t, []byte("<!-- c -->"+doc[strings.Index(doc, "<Доверенность"):]+"\n<!-- c --><?pi x?>\n"), base)
}

func TestParseDTDRefused(t *testing.T) {
	doc := baseDoc(t)
	body := doc[strings.Index(doc, "<Доверенность"):]
	tests := map[string]string{
		"billion laughs": string(readFile(t, "testdata/bad/xml_bomb.xml")),
		"external entity": `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
			`<!DOCTYPE Доверенность [<!ENTITY x SYSTEM "file:///etc/passwd">]>` + "\n" +
			strings.Replace(body, "ТРАНДИН", "&x;", 1),
		"plain DOCTYPE": `<!DOCTYPE Доверенность>` + body,
		"after root":    doc + `<!DOCTYPE x>`,
	}
	for name, d := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(d), "", Limits{})
			wantError(t, err, DTDRefused, "-")
		})
	}
}

func TestParseLimits(t *testing.T) {
	doc := baseDoc(t)
	_, err := Parse([]byte(doc), base, Limits{MaxBytes: 1000})
	wantError(t, err, TooLarge, "")
	_, err = Parse([]byte(doc+strings.Repeat(" ", 4<<20)), base, Limits{})
	wantError(t, err, TooLarge, "")
	mustParse(t, []byte(doc+strings.Repeat(" ", 4<<20-len(doc))), base) // exactly 4 MiB

	_, err = Parse([]byte(doc), base, Limits{MaxElements: 10})
	wantError(t, err, TooManyElements, "-")
	_, err = Parse([]byte(doc), base, Limits{MaxDepth: 5})
	wantError(t, err, TooDeep, "-")
	mustParse(t, []byte(doc), base) // defaults

	// Unknown elements are skipped, but within the limits.
	deep := strings.Repeat("<x>", 40) + strings.Repeat("</x>", 40)
	_, err = Parse([]byte(insertInto(t, doc, "Довер", deep)), base, Limits{})
	wantError(t, err, TooDeep, "Документ/Довер")
	many := strings.Repeat("<x/>", 20_000)
	_, err = Parse([]byte(insertInto(t, doc, "Довер", many)), base, Limits{})
	wantError(t, err, TooManyElements, "Документ/Довер")
	shallow := strings.Repeat("<x>", 10) + strings.Repeat("</x>", 10)
	mustParse(t, []byte(insertInto(t, doc, "Довер", shallow+"<Неизвестный><a/>т</Неизвестный>"+`<o:x xmlns:o="urn:other">т</o:x>`)), base)
}

func TestParseEncoding(t *testing.T) {
	doc := baseDoc(t)
	want := mustParse(t, []byte(doc), base)
	t.Run("windows-1251", func(t *testing.T) {
		cp, err := charmap.Windows1251.NewEncoder().String(strings.Replace(doc, `encoding="UTF-8"`, `encoding="windows-1251"`, 1))
		if err != nil {
			t.Fatal(err)
		}
		p := mustParse(t, []byte(cp), base)
		if p.Principals[0].Name != want.Principals[0].Name || p.Representatives[0].Name != want.Representatives[0].Name || len(p.Powers) != len(want.Powers) {
			t.Errorf("%+v", p.Principals[0])
		}
	})
	t.Run("BOM", func(t *testing.T) {
		mustParse(t, append([]byte("\xef\xbb\xbf"), doc...), base)
	})
	t.Run("KOI8-R", func(t *testing.T) {
		_, err := Parse([]byte(strings.Replace(doc, `encoding="UTF-8"`, `encoding="KOI8-R"`, 1)), base, Limits{})
		if fe := wantError(t, err, BadEncoding, ""); fe.Value != "KOI8-R" {
			t.Errorf("value %q", fe.Value)
		}
	})
}

func TestParseFileName(t *testing.T) {
	doc := []byte(baseDoc(t))
	for _, name := range []string{
		base,
		"ON_EMCHD_20241203_C61A40DF-D38F-4800-9BA4-61A2DF016993.XML",
		"/var/tmp/" + base,
		`C:\МЧД\` + base,
		"ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016993",
		"",
	} {
		if _, err := Parse(doc, name, Limits{}); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	for _, name := range []string{
		"ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016994.xml",
		"doc.xml",
		base + ".sig",
		"ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016993/x.xml",
	} {
		_, err := Parse(doc, name, Limits{})
		wantError(t, err, FileNameMismatch, "Доверенность@ИдФайл")
	}
	// A tax authority's МЧД may be named by ИдФайлНО.
	const tax = "ON_EMCHD_20250522_c52fc81d-c422-439f-b8e8-4d99a602f4d1.xml"
	taxDoc := readFile(t, realDir+tax)
	mustParse(t, taxDoc, "ON_DOVEL_7714_7714_7714350892771401001_20250522_c52fc81d-c422-439f-b8e8-4d99a602f4d1.xml")
	// Not a non-tax one.
	noTax := setAttr(t, string(doc), "Доверенность", "ИдФайлНО", "ON_DOVEL_1")
	mustParse(t, []byte(noTax), base)
	_, err := Parse([]byte(noTax), "ON_DOVEL_1.xml", Limits{})
	if err != nil {
		// ИдФайлНО is given, so the name is accepted: the rule is
		// "ИдФайл or ИдФайлНО".
		t.Errorf("ИдФайлНО as name: %v", err)
	}
}

func TestParseTextPowers(t *testing.T) {
	doc := dropAll(t, baseDoc(t), "МашПолн")
	doc = insertInto(t, doc, "СвПолн", "<ТекстПолн>Подписывать счета-фактуры\nи УПД</ТекстПолн>")
	doc = setAttr(t, doc, "СвПолн", "ТипПолн", "0")
	if valid, ok := xmllintValid(t, []byte(doc)); ok && !valid {
		t.Fatal("xmllint refuses the text-power МЧД")
	}
	p := mustParse(t, []byte(doc), base)
	if p.PowersText != "Подписывать счета-фактуры\nи УПД" || len(p.Powers) != 0 || p.PowersKind != "0" {
		t.Errorf("%q %d %q", p.PowersText, len(p.Powers), p.PowersKind)
	}
	_, err := Parse([]byte(insertInto(t, doc, "СвПолн", "<ТекстПолн>x</ТекстПолн>")), base, Limits{})
	wantError(t, err, Duplicate, "Документ/Довер/СвПолн/ТекстПолн")
	long := insertInto(t, dropElement(t, doc, "ТекстПолн"), "СвПолн", "<ТекстПолн>"+strings.Repeat("я", 10001)+"</ТекстПолн>")
	_, err = Parse([]byte(long), base, Limits{})
	wantError(t, err, BadValue, "Документ/Довер/СвПолн/ТекстПолн")
}

// redelegation is a МЧД issued by re-delegation (Передов) of the 2024-12-03
// one, made for this test; TestParseRedelegation checks it against the XSD.
const redelegation = `<?xml version="1.0" encoding="UTF-8"?>
<Доверенность xmlns="urn://x-artefacts/EMCHD_1" ВерсФорм="EMCHD_1" ПрЭлФорм="00000000" ИдФайл="ON_EMCHD_20250601_0b9d4b8e-2f4c-4d7a-9e1f-3a5b6c7d8e9f">
  <Документ>
    <Передов ПрНалПередов="1">
      <СвПервДовер ПрДовер="1" ФормДовер="1" ДатаВыдДовер="2024-12-03" СрокДейст="2025-12-03" НомДоверПерв="c61a40df-d38f-4800-9ba4-61a2df016993"/>
      <СвПереДовер ВидДовер="1" ПрПередов="2" ВнНомДовер="56/1" НомДовер="0b9d4b8e-2f4c-4d7a-9e1f-3a5b6c7d8e9f" ДатаВыдДовер="2025-06-01" СрокДейст="2025-12-03">
        <СведСист>https://m4d.nalog.gov.ru/emchd/check-status?guid=0b9d4b8e-2f4c-4d7a-9e1f-3a5b6c7d8e9f</СведСист>
      </СвПереДовер>
      <СвПередПолн ТипПерПолн="3">
        <ПередПолн>
          <ФЛПерПолн ИННФЛ="510103032621" СНИЛС="061-963-639 83">
            <СведФЛ ДатаРожд="1978-07-12">
              <ФИО Фамилия="АЛФИМОВА" Имя="АННА" Отчество="СЕРГЕЕВНА"/>
            </СведФЛ>
          </ФЛПерПолн>
        </ПередПолн>
      </СвПередПолн>
      <СвПолучПолн ТипПред="3">
        <Пред>
          <СведФизЛ ИННФЛ="402905648441" СНИЛС="126-472-076 53">
            <СведФЛ>
              <ФИО Фамилия="БЫЧЕНКОВ" Имя="ПАВЕЛ" Отчество="СЕРГЕЕВИЧ"/>
            </СведФЛ>
          </СведФизЛ>
        </Пред>
      </СвПолучПолн>
      <СвПолн ТипПолн="1" ПрСовмПолн="1">
        <МашПолн КодПолн="BBDOCS_DOCS_DCSALL_SRCDOC_SOURCEDOCS8" НаимПолн="Подписывать транспортные накладные"/>
      </СвПолн>
    </Передов>
  </Документ>
</Доверенность>
`

func TestParseRedelegation(t *testing.T) {
	if valid, ok := xmllintValid(t, []byte(redelegation)); ok && !valid {
		t.Fatal("xmllint refuses the re-delegation")
	}
	p := mustParse(t, []byte(redelegation), "ON_EMCHD_20250601_0b9d4b8e-2f4c-4d7a-9e1f-3a5b6c7d8e9f.xml")
	if !p.Redelegation || p.Number != "0b9d4b8e-2f4c-4d7a-9e1f-3a5b6c7d8e9f" || p.OriginalNumber != baseGUID || p.ParentNumber != "" ||
		p.Transfer != "2" || p.IssuedOn.String() != "2025-06-01" || p.ValidUntil.String() != "2025-12-03" {
		t.Errorf("%+v", p)
	}
	if len(p.Principals) != 1 || p.Principals[0].Kind != KindPerson || p.Principals[0].Name != "АЛФИМОВА АННА СЕРГЕЕВНА" ||
		p.Principals[0].INN != "510103032621" || len(p.Principals[0].Persons) != 1 {
		t.Fatalf("principals %+v", p.Principals)
	}
	checkPerson(t, "transferor", &p.Principals[0].Persons[0], wantPerson{"АЛФИМОВА АННА СЕРГЕЕВНА", "510103032621", "061-963-639 83", ""})
	if len(p.Representatives) != 1 || p.Representatives[0].Person == nil {
		t.Fatalf("representatives %+v", p.Representatives)
	}
	checkPerson(t, "representative", p.Representatives[0].Person, wantPerson{"БЫЧЕНКОВ ПАВЕЛ СЕРГЕЕВИЧ", "402905648441", "126-472-076 53", ""})
	if len(p.Powers) != 1 || p.Powers[0].Code != "BBDOCS_DOCS_DCSALL_SRCDOC_SOURCEDOCS8" {
		t.Errorf("powers %+v", p.Powers)
	}

	const pass = "Документ/Передов/СвПередПолн[1]"
	tests := []struct {
		name, doc string
		reason    FormatReason
		path      string
	}{
		{"no СвПервДовер", dropElement(t, redelegation, "СвПервДовер"), MissingElement, "Документ/Передов/СвПервДовер"},
		{"no СвПереДовер", dropElement(t, redelegation, "СвПереДовер"), MissingElement, "Документ/Передов/СвПереДовер"},
		{"no СвПередПолн", dropElement(t, redelegation, "СвПередПолн"), MissingElement, "Документ/Передов/СвПередПолн"},
		{"no СвПолучПолн", dropElement(t, redelegation, "СвПолучПолн"), MissingElement, "Документ/Передов/СвПолучПолн"},
		{"no ФЛПерПолн", dropElement(t, redelegation, "ФЛПерПолн"), MissingElement, pass + "/ПередПолн/ФЛПерПолн"},
		{"no СНИЛС", dropAttr(t, redelegation, "ФЛПерПолн", "СНИЛС"), MissingAttribute, pass + "/ПередПолн/ФЛПерПолн@СНИЛС"},
		{"no ПрНалПередов", dropAttr(t, redelegation, "Передов", "ПрНалПередов"), MissingAttribute, "Документ/Передов@ПрНалПередов"},
		{"ТипПерПолн 1", setAttr(t, redelegation, "СвПередПолн", "ТипПерПолн", "1"), BadValue, pass + "@ТипПерПолн"},
		{"НомДоверПерв", setAttr(t, redelegation, "СвПервДовер", "НомДоверПерв", "1"), BadValue, "Документ/Передов/СвПервДовер@НомДоверПерв"},
		{"first dates", dropAttr(t, redelegation, "СвПервДовер", "СрокДейст"), MissingAttribute, "Документ/Передов/СвПервДовер@СрокДейст"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.doc), "", Limits{})
			wantError(t, err, tt.reason, tt.path)
		})
	}
	// The one re-delegated, named in СвПередов.
	const parent = "11111111-2222-3333-4444-555555555555"
	via := strings.Replace(redelegation, "<СвПереДовер ", `<СвПередов ПрДовер="1" ФормДовер="1" ДатаВыдДовер="2025-01-01" СрокДейст="2025-12-03" НомДоверN="`+parent+`"/>`+"\n      <СвПереДовер ", 1)
	if valid, ok := xmllintValid(t, []byte(via)); ok && !valid {
		t.Fatal("xmllint refuses the re-delegation with СвПередов")
	}
	if p := mustParse(t, []byte(via), ""); p.ParentNumber != parent || p.OriginalNumber != baseGUID {
		t.Errorf("parent %q original %q", p.ParentNumber, p.OriginalNumber)
	}
}

// TestParseRepresentativeKinds: an organisation, an entrepreneur, a branch.
func TestParseRepresentativeKinds(t *testing.T) {
	doc := baseDoc(t)
	pred := doc[strings.Index(doc, "<СведФизЛ"):strings.Index(doc, "</Пред>")]
	tests := []struct {
		typ, elem string
		check     func(r Party) bool
	}{
		{"1", `<СведОрг НаимОрг="ООО Тест" ИННЮЛ="7714350892" КПП="7714AB001" ОГРН="1157746734837"/>`, func(r Party) bool {
			return r.Kind == KindOrganisation && !r.Branch && r.Person == nil && r.Name == "ООО Тест" && r.KPP == "7714AB001" && r.OGRN == "1157746734837"
		}},
		{"2", `<СведИП ОГРНИП="304500116000157" ИННФЛ="510103032621" СНИЛС="061-963-639 83"><СведФЛ><ФИО Фамилия="Иванов" Имя="Иван"/></СведФЛ></СведИП>`, func(r Party) bool {
			return r.Kind == KindEntrepreneur && r.Person != nil && r.Name == "Иванов Иван" && r.INN == "510103032621" && r.OGRN == "304500116000157" && r.Person.OGRNIP == r.OGRN
		}},
		{"4", `<СведФилиал НаимОрг="Филиал" КПП="771401001"/>`, func(r Party) bool {
			return r.Kind == KindOrganisation && r.Branch && r.Name == "Филиал" && r.INN == ""
		}},
		{"5", `<СведИО НаимИО="Представительство" КПП="771451001"/>`, func(r Party) bool {
			return r.Kind == KindForeignOrganisation && r.Branch && r.Name == "Представительство"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			d := setAttr(t, strings.Replace(doc, pred, tt.elem, 1), "СвУпПред", "ТипПред", tt.typ)
			if valid, ok := xmllintValid(t, []byte(d)); ok && !valid {
				t.Fatal("xmllint refuses it")
			}
			r := mustParse(t, []byte(d), base).Representatives[0]
			if !tt.check(r) {
				t.Errorf("%+v", r)
			}
		})
	}
	// Two representatives.
	two := strings.Replace(doc, "</СвУпПред>", "</СвУпПред>\n"+doc[strings.Index(doc, "<СвУпПред"):strings.Index(doc, "</СвУпПред>")]+"</СвУпПред>", 1)
	if n := len(mustParse(t, []byte(two), base).Representatives); n != 2 {
		t.Errorf("%d representatives", n)
	}
	_, err := Parse([]byte(setAttr(t, two, "СвУпПред", "ТипПред", "6")), base, Limits{})
	wantError(t, err, BadValue, "Документ/Довер/СвУпПред[1]@ТипПред")
}

func TestFormatReason(t *testing.T) {
	seen := map[string]bool{}
	for r := NotXML; r <= DTDRefused; r++ {
		s := r.String()
		if !regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`).MatchString(s) || seen[s] {
			t.Errorf("%d: %q", r, s)
		}
		seen[s] = true
		e := &FormatError{Reason: r, Element: "Доверенность", Value: "v", Err: errors.New("why")}
		if !strings.HasPrefix(e.Error(), "poa: Доверенность: ") || !errors.Is(e, e.Err) {
			t.Errorf("%q", e.Error())
		}
	}
	if s := FormatReason(99).String(); s != "FormatReason(99)" {
		t.Errorf("%q", s)
	}
}

func TestDate(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"2024-12-03", "2024-12-03", true},
		{" 2024-12-03\n", "2024-12-03", true},
		{"2024-12-03Z", "2024-12-03", true},
		{"2024-12-03+03:00", "2024-12-03", true},
		{"2024-02-29", "2024-02-29", true},
		{"2023-02-29", "", false},
		{"2024-04-31", "", false},
		{"0000-01-01", "", false},
		{"2024-12-3", "", false},
		{"2024-12-03+15:00", "", false},
		{"2024-12-03+03", "", false},
		{"2024/12/03", "", false},
		{"20241203", "", false},
		{"-2024-12-03", "", false},
		{"", "", false},
	} {
		d, err := mchdParseDate(tt.in)
		if (err == nil) != tt.ok || d.String() != tt.want {
			t.Errorf("%q: %v %v", tt.in, d, err)
		}
	}
	a, b := Date{2024, time.December, 3}, Date{2025, time.January, 1}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 || (Date{2024, time.December, 4}).Compare(a) != 1 {
		t.Error("Compare")
	}
	if !(Date{}).IsZero() || a.IsZero() || (Date{}).String() != "" {
		t.Error("IsZero")
	}
	msk := time.FixedZone("MSK", 3*3600)
	if got := a.Time(msk); !got.Equal(time.Date(2024, 12, 2, 21, 0, 0, 0, time.UTC)) {
		t.Errorf("Time %v", got)
	}
}

func TestNormalizeSNILS(t *testing.T) {
	for in, want := range map[string]string{
		"041-855-494 65":  "04185549465",
		"041-855-494-65":  "04185549465",
		"04185549465":     "04185549465",
		"041-855-494 6":   "",
		"041-855-494 655": "",
		"":                "",
	} {
		if got := NormalizeSNILS(in); got != want {
			t.Errorf("%q: %q", in, got)
		}
	}
}

func TestFullNameAndKind(t *testing.T) {
	for _, tt := range []struct {
		p    Person
		want string
	}{
		{Person{Surname: "Иванов", GivenName: "Иван", Patronymic: "Иванович"}, "Иванов Иван Иванович"},
		{Person{Surname: "Иванов", GivenName: "Иван"}, "Иванов Иван"},
		{Person{Surname: " Иванов ", GivenName: "", Patronymic: "Иванович"}, "Иванов Иванович"},
		{Person{}, ""},
	} {
		if got := tt.p.FullName(); got != tt.want {
			t.Errorf("%q, want %q", got, tt.want)
		}
	}
	for k, want := range map[PartyKind]string{KindUnknown: "unknown", KindOrganisation: "organisation",
		KindForeignOrganisation: "foreign_organisation", KindEntrepreneur: "entrepreneur", KindPerson: "person", 9: "unknown"} {
		if k.String() != want {
			t.Errorf("%d: %q", k, k.String())
		}
	}
}

func TestParseTrailingBytes(t *testing.T) {
	// Parse keeps nothing of the input: a caller may reuse the buffer.
	data := []byte(baseDoc(t))
	p := mustParse(t, data, base)
	for i := range data {
		data[i] = 'x'
	}
	if p.Principals[0].INN != "7714350892" || !bytes.Equal([]byte(p.Number), []byte(baseGUID)) {
		t.Error("the result shares the input")
	}
}

// TestParsePrincipalKinds: an entrepreneur, and a person with a legal
// representative, as principal; in a re-delegation, each kind of
// transferor.
func TestParsePrincipalKinds(t *testing.T) {
	doc := baseDoc(t)
	inner := doc[strings.Index(doc, "<РосОргДовер"):strings.Index(doc, "</Доверит>")]
	const ip = `<ИПДовер НаимИП="ИП Иванов" ОГРНИП="304500116000157" ИННФЛ="510103032621" СНИЛС="061-963-639 83"><СведФЛ><ФИО Фамилия="Иванов" Имя="Иван" Отчество="Иванович"/></СведФЛ></ИПДовер>`
	const person = `<ФЛДовер ПрДеесп="0" СНИЛС="061-963-639 83"><СведФЛ><ФИО Фамилия="Иванов" Имя="Иван"/></СведФЛ>` +
		`<СвЗакПредРук ПолнЮЛ="1"><СвФЛ ИННФЛ="590411006514"><СведФЛ><ФИО Фамилия="Петров" Имя="Пётр"/></СведФЛ></СвФЛ></СвЗакПредРук></ФЛДовер>`
	tests := []struct {
		typ, elem string
		check     func(pr Principal) bool
	}{
		{"3", ip, func(pr Principal) bool {
			return pr.Kind == KindEntrepreneur && pr.Name == "Иванов Иван Иванович" && pr.INN == "510103032621" && pr.OGRN == "304500116000157" &&
				len(pr.Persons) == 1 && pr.Persons[0].OGRNIP == pr.OGRN && pr.Persons[0].SNILS == "061-963-639 83"
		}},
		{"4", person, func(pr Principal) bool {
			return pr.Kind == KindPerson && pr.Name == "Иванов Иван" && pr.INN == "" && len(pr.Persons) == 2 &&
				pr.Persons[0].Authority == "" && pr.Persons[1].FullName() == "Петров Пётр" && pr.Persons[1].Authority == "1"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			d := setAttr(t, strings.Replace(doc, inner, tt.elem, 1), "СвДоверит", "ТипДоверит", tt.typ)
			if valid, ok := xmllintValid(t, []byte(d)); ok && !valid {
				t.Fatal("xmllint refuses it")
			}
			if pr := mustParse(t, []byte(d), base).Principals[0]; !tt.check(pr) {
				t.Errorf("%+v", pr)
			}
		})
	}
	// A person principal without the required СНИЛС.
	d := setAttr(t, strings.Replace(doc, inner, person, 1), "СвДоверит", "ТипДоверит", "4")
	_, err := Parse([]byte(dropAttr(t, d, "ФЛДовер", "СНИЛС")), base, Limits{})
	wantError(t, err, MissingAttribute, "Документ/Довер/СвДоверит[1]/Доверит/ФЛДовер@СНИЛС")

	transferor := redelegation[strings.Index(redelegation, "<ФЛПерПолн"):strings.Index(redelegation, "</ПередПолн>")]
	org := doc[strings.Index(doc, "<СвРосОрг"):strings.Index(doc, "</СвРосОрг>")] + "</СвРосОрг>"
	head := `<СвФЛ ИННФЛ="590411006514" СНИЛС="041-855-494 65" Должность="Директор филиала"><СведФЛ><ФИО Фамилия="Т" Имя="С"/></СведФЛ></СвФЛ>`
	passers := []struct {
		typ, elem string
		check     func(pr Principal) bool
	}{
		{"1", `<РосОргПерПолн ЕИОУК="0" ЕИОФЛ="1" ЕИОИП="0">` + org + `<ЛицоБезДов ПолнЮЛ="1">` + head + `</ЛицоБезДов></РосОргПерПолн>`, func(pr Principal) bool {
			return pr.Kind == KindOrganisation && !pr.Branch && pr.INN == "7714350892" && len(pr.Persons) == 1
		}},
		{"2", strings.NewReplacer("ИПДовер", "ИППерПолн").Replace(ip), func(pr Principal) bool {
			return pr.Kind == KindEntrepreneur && pr.OGRN == "304500116000157"
		}},
		{"4", `<ФилПерПолн>` + strings.NewReplacer("СвРосОрг", "СвФил").Replace(org) + strings.NewReplacer("СвФЛ", "СвРукФил").Replace(head) + `</ФилПерПолн>`, func(pr Principal) bool {
			return pr.Kind == KindOrganisation && pr.Branch && pr.KPP == "771401001" && len(pr.Persons) == 1 && pr.Persons[0].Position == "Директор филиала"
		}},
		{"5", `<ИнПерПолн><СвИнОрг НаимИО="Представительство" КПП="771451001"/>` + strings.NewReplacer("СвФЛ", "СвРукОП").Replace(head) + `</ИнПерПолн>`, func(pr Principal) bool {
			return pr.Kind == KindForeignOrganisation && pr.Branch && pr.Name == "Представительство" && len(pr.Persons) == 1
		}},
		{"3", strings.Replace(transferor, "<СведФЛ", `<СведРукоп><СведФЛ><ФИО Фамилия="Рукоприкладчик" Имя="Р"/></СведФЛ></СведРукоп><СведФЛ`, 1), func(pr Principal) bool {
			return pr.Kind == KindPerson && len(pr.Persons) == 2 && pr.Persons[1].Surname == "Рукоприкладчик"
		}},
	}
	for _, tt := range passers {
		t.Run("transferor "+tt.typ, func(t *testing.T) {
			d := setAttr(t, strings.Replace(redelegation, transferor, tt.elem, 1), "СвПередПолн", "ТипПерПолн", tt.typ)
			if valid, ok := xmllintValid(t, []byte(d)); ok && !valid {
				t.Fatal("xmllint refuses it")
			}
			if pr := mustParse(t, []byte(d), "").Principals[0]; !tt.check(pr) {
				t.Errorf("%+v", pr)
			}
		})
	}
	// The re-delegated one named in СвПервДовер.
	const parent = "11111111-2222-3333-4444-555555555555"
	p := mustParse(t, []byte(setAttr(t, redelegation, "СвПервДовер", "НомДоверN", parent)), "")
	if p.ParentNumber != parent {
		t.Errorf("parent %q", p.ParentNumber)
	}
}

func TestParseRestrictionValues(t *testing.T) {
	doc := readFile(t, realDir+"ON_EMCHD_20250523_46b84724-c65b-488e-a640-ec0498da68d8.xml")
	const code = "<КодЗначОгр>LIM_01_04</КодЗначОгр>"
	const first = "Документ/Довер/СвПолн/МашПолн[1]/ОгрСвПолн[1]"
	text := strings.Replace(string(doc), code, "<ТексЗначОгр>накладные</ТексЗначОгр>", 1)
	if valid, ok := xmllintValid(t, []byte(text)); ok && !valid {
		t.Fatal("xmllint refuses it")
	}
	r := mustParse(t, []byte(text), "").Powers[0].Restrictions[0]
	if r.ValueText != "накладные" || r.ValueCode != "" {
		t.Errorf("%+v", r)
	}
	_, err := Parse([]byte(strings.Replace(string(doc), code, "", 1)), "", Limits{})
	wantError(t, err, MissingElement, first+"/КодЗначОгр")
	_, err = Parse([]byte(strings.Replace(string(doc), code, code+"<ТексЗначОгр>т</ТексЗначОгр>", 1)), "", Limits{})
	wantError(t, err, Duplicate, first+"/ТексЗначОгр")
	for id, ok := range map[string]bool{"1": true, "999": true, "007": true, " 7 ": true, "+7": true, "0": false, "1000": false, "x": false, "": false, "-1": false} {
		_, err := Parse([]byte(strings.Replace(string(doc), `ИдОгр="1"`, `ИдОгр="`+id+`"`, 1)), "", Limits{})
		if ok && err != nil {
			t.Errorf("ИдОгр %q: %v", id, err)
		}
		if !ok {
			wantError(t, err, BadValue, first+"@ИдОгр")
		}
	}
}

func TestParseManyAttributes(t *testing.T) {
	doc := baseDoc(t)
	var attrs strings.Builder
	for i := range 40 {
		attrs.WriteString(` a` + strings.Repeat("x", i) + `="1"`)
	}
	mustParse(t, []byte(strings.Replace(doc, "<Довер>", "<Довер"+attrs.String()+">", 1)), base)
	_, err := Parse([]byte(strings.Replace(doc, "<Довер>", "<Довер"+attrs.String()+` ax="2">`, 1)), base, Limits{})
	wantError(t, err, NotXML, "-")
}

func BenchmarkParse(b *testing.B) {
	data := readFile(b, realDir+base)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(data, base, Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
