package poa

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// realBasealt is a real МЧД (poa/testdata/real/PROVENANCE.md): ООО
// "БАЗАЛЬТ СПО" (ИНН 7714350892, ОГРН 1157746734837), its head ТРАНДИН
// СЕРГЕЙ ИВАНОВИЧ (ИНН 590411006514, СНИЛС 041-855-494 65), for АЛФИМОВА
// АННА СЕРГЕЕВНА (ИНН 510103032621, СНИЛС 061-963-639 83), from 2024-12-03
// to 2025-12-03.
func realBasealt(t *testing.T) *PowerOfAttorney {
	t.Helper()
	name := "ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016993.xml"
	data, err := os.ReadFile(filepath.Join("testdata/real", name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(data, name, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func resultOf(fs []Finding, name string) string {
	for _, f := range fs {
		if f.Name == name {
			return f.Result
		}
	}
	return ""
}

func TestEvaluate(t *testing.T) {
	p := realBasealt(t)
	rep := Signer{INN: "510103032621", SNILS: "06196363983", Surname: "Алфимова", GivenName: "Анна Сергеевна"}
	msk := func(s string) time.Time {
		tt, err := time.ParseInLocation("2006-01-02 15:04", s, moscow)
		if err != nil {
			t.Fatal(err)
		}
		return tt
	}
	mid := msk("2025-03-01 12:00")
	for _, c := range []struct {
		name                   string
		s                      Signer
		at                     time.Time
		period, rep, principal string
	}{
		{"the representative, personal certificate", rep, mid, Passed, Passed, NotApplicable},
		{"first minute", rep, msk("2024-12-03 00:00"), Passed, Passed, NotApplicable},
		{"a minute before", rep, msk("2024-12-02 23:59"), Failed, Passed, NotApplicable},
		{"the last day included", rep, msk("2025-12-03 23:59"), Passed, Passed, NotApplicable},
		{"the day after", rep, msk("2025-12-04 00:00"), Failed, Passed, NotApplicable},
		{"ё, spaces and case", Signer{INN: rep.INN, Surname: "АЛФИМОВА ", GivenName: "анна  сергеевна"}, mid, Passed, Passed, NotApplicable},
		{"SNILS only, written with dashes", Signer{SNILS: "061-963-639 83", Surname: "Алфимова", GivenName: "Анна Сергеевна"}, mid, Passed, Passed, NotApplicable},
		{"INN differs", Signer{INN: "500100732259", SNILS: rep.SNILS, Surname: rep.Surname, GivenName: rep.GivenName}, mid, Passed, Failed, NotApplicable},
		{"SNILS differs", Signer{INN: rep.INN, SNILS: "11223344595", Surname: rep.Surname, GivenName: rep.GivenName}, mid, Passed, Failed, NotApplicable},
		{"name differs", Signer{INN: rep.INN, Surname: "Петрова", GivenName: "Анна Сергеевна"}, mid, Passed, Failed, NotApplicable},
		{"no number to compare", Signer{Surname: rep.Surname, GivenName: rep.GivenName}, mid, Passed, Failed, NotApplicable},
		{"the principal's certificate", Signer{INN: rep.INN, SNILS: rep.SNILS, Surname: rep.Surname, GivenName: rep.GivenName, OrgINN: "7714350892", OGRN: "1157746734837"}, mid, Passed, Passed, Passed},
		{"another organisation's certificate", Signer{INN: rep.INN, SNILS: rep.SNILS, Surname: rep.Surname, GivenName: rep.GivenName, OrgINN: "5024001179"}, mid, Passed, Passed, Failed},
	} {
		t.Run(c.name, func(t *testing.T) {
			fs := p.Evaluate(c.s, c.at)
			if got := [3]string{resultOf(fs, CheckPeriod), resultOf(fs, CheckRepresentative), resultOf(fs, CheckPrincipal)}; got != [3]string{c.period, c.rep, c.principal} {
				t.Errorf("got %v, want %v: %+v", got, [3]string{c.period, c.rep, c.principal}, fs)
			}
		})
	}
}

func TestIssuedBy(t *testing.T) {
	p := realBasealt(t)
	head := Signer{INN: "590411006514", SNILS: "04185549465", Surname: "Трандин", GivenName: "Сергей Иванович", OrgINN: "7714350892", OGRN: "1157746734837"}
	for _, c := range []struct {
		name string
		s    Signer
		want string
	}{
		{"the head, organisation's certificate", head, Passed},
		{"the head, personal certificate", Signer{INN: head.INN, Surname: head.Surname, GivenName: head.GivenName}, Passed},
		{"the head's certificate of another organisation", Signer{INN: head.INN, Surname: head.Surname, GivenName: head.GivenName, OrgINN: "5024001179"}, Failed},
		{"the representative", Signer{INN: "510103032621", Surname: "Алфимова", GivenName: "Анна Сергеевна"}, Failed},
		{"a namesake", Signer{INN: "500100732259", Surname: head.Surname, GivenName: head.GivenName}, Failed},
	} {
		if got := p.IssuedBy(c.s); got.Result != c.want || got.Detail == "" {
			t.Errorf("%s: %+v, want %s", c.name, got, c.want)
		}
	}
}
