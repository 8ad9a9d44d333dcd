package poa_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/gostverify/gostverify/poa"
)

func ExampleParse() {
	path := "testdata/real/ON_EMCHD_20241203_c61a40df-d38f-4800-9ba4-61a2df016993.xml"
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := poa.Parse(data, filepath.Base(path), poa.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("number:", p.Number)
	fmt.Println("in force:", p.IssuedOn, "to", p.ValidUntil)
	for _, pr := range p.Principals {
		fmt.Println("principal:", pr.Kind, pr.INN, pr.OGRN)
		for _, person := range pr.Persons {
			fmt.Println("  signed by:", person.FullName(), person.INN, poa.NormalizeSNILS(person.SNILS))
		}
	}
	for _, r := range p.Representatives {
		fmt.Println("representative:", r.Kind, r.Name, r.INN, poa.NormalizeSNILS(r.Person.SNILS))
	}
	fmt.Println("powers:", len(p.Powers), "the first", p.Powers[0].Code)
	// Output:
	// number: c61a40df-d38f-4800-9ba4-61a2df016993
	// in force: 2024-12-03 to 2025-12-03
	// principal: organisation 7714350892 1157746734837
	//   signed by: ТРАНДИН СЕРГЕЙ ИВАНОВИЧ 590411006514 04185549465
	// representative: person АЛФИМОВА АННА СЕРГЕЕВНА 510103032621 06196363983
	// powers: 35 the first BBDOCS_DOCS_DCSALL_SRCDOC_SOURCEDOCS14
}

func ExampleFormatError() {
	data, err := os.ReadFile("testdata/real/ON_DOVBB_20240828_cfeae40d-e613-48ff-989f-f6b45590e338.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = poa.Parse(data, "", poa.Limits{})
	var fe *poa.FormatError
	if errors.As(err, &fe) {
		fmt.Println(fe.Reason, fe.Element, fe.Value)
		fmt.Println(err)
	}
	// Output:
	// old_format Доверенность@ВерсФорм 002
	// poa: Доверенность@ВерсФорм: format 003 (EMCHD_1) is required, the file is version "002"
}
