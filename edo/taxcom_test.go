package edo

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Hand-made meta.xml and warrant.xml in the structure of the classes
// generated from Taxcom's schemas (testdata/README.md, LAYOUTS.md).
var taxcomFiles = names(
	"meta.xml", "warrant.xml",
	"MainDocument/ON_NSCHFDOPPR_1.xml", "MainDocument/ON_NSCHFDOPPR_1.xml.sig", "MainDocument/card.xml",
	"BuyerTitle/ON_NSCHFDOPPOK_1.xml", "BuyerTitle/ON_NSCHFDOPPOK_1.xml.sig",
	"Warrants/ON_EMCHD_20240101_c4e1b2a0-1111-4222-8333-944445555666.xml",
	"Warrants/ON_EMCHD_20240101_c4e1b2a0-1111-4222-8333-944445555666.xml.sig",
	"print.pdf",
)

func TestReadTaxcom(t *testing.T) {
	c := Detect(taxcomFiles)
	if c == nil || c.Kind != KindTaxcom || c.Warrants != "warrant.xml" {
		t.Fatalf("Detect = %+v", c)
	}
	l, err := Read(c, readFile(t, "testdata/taxcom/meta.xml"), taxcomFiles)
	if err != nil {
		t.Fatal(err)
	}
	want := &Layout{
		Kind: KindTaxcom, Manifest: "meta.xml",
		Documents: []Document{
			{File: "MainDocument/ON_NSCHFDOPPR_1.xml", Title: "УПД № 15 от 15.01.2024", Type: "MainDocument",
				Signatures: []string{"MainDocument/ON_NSCHFDOPPR_1.xml.sig", "MainDocument/ON_NSCHFDOPPR_1.xml.buyer.sig"},
				Roles:      []string{"", ""}, Other: []string{"MainDocument/card.xml"}},
			{File: "BuyerTitle/ON_NSCHFDOPPOK_1.xml", Type: "BuyerTitle",
				Signatures: []string{"BuyerTitle/ON_NSCHFDOPPOK_1.xml.sig"}, Roles: []string{""}},
		},
		Missing: []string{"MainDocument/ON_NSCHFDOPPR_1.xml.buyer.sig"},
		Unlisted: []string{
			"Warrants/ON_EMCHD_20240101_c4e1b2a0-1111-4222-8333-944445555666.xml",
			"Warrants/ON_EMCHD_20240101_c4e1b2a0-1111-4222-8333-944445555666.xml.sig",
			"print.pdf",
		},
	}
	if !reflect.DeepEqual(l, want) {
		t.Fatalf("got  %+v\nwant %+v", l, want)
	}

	if err := l.AddWarrants(c, readFile(t, "testdata/taxcom/warrant.xml"), taxcomFiles); err != nil {
		t.Fatal(err)
	}
	want.Documents[1].POAs = []POA{{
		File:      "Warrants/ON_EMCHD_20240101_c4e1b2a0-1111-4222-8333-944445555666.xml",
		Signature: "Warrants/ON_EMCHD_20240101_c4e1b2a0-1111-4222-8333-944445555666.xml.sig",
	}}
	want.POAs = []POA{{Number: "c4e1b2a0-7777-4888-9999-000011112222"}}
	want.Unlisted = []string{"print.pdf"}
	if !reflect.DeepEqual(l, want) {
		t.Fatalf("with warrants\ngot  %+v\nwant %+v", l, want)
	}
}

func TestReadTaxcomShapes(t *testing.T) {
	c := &Candidate{Kind: KindTaxcom, Manifest: "meta.xml"}
	wrap := func(files string) string {
		return `<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta"><DocFlow Id="1"><Documents><Document TransactionCode="T">` +
			`<Files>` + files + `</Files></Document></Documents></DocFlow></ContainerDescription>`
	}
	tests := []struct {
		name, data string
		want       *Layout
	}{
		{"data image is a document of its own",
			wrap(`<MainImage Path="a.pdf"/><DataImage Path="a.xml"/><DataImageSignature Path="a.xml.sig"/>`),
			&Layout{Documents: []Document{
				{File: "a.pdf", Type: "T"},
				{File: "a.xml", Type: "DataImage", Signatures: []string{"a.xml.sig"}, Roles: []string{""}},
			}}},
		{"signatures without an image",
			wrap(`<MainImageSignature Path="x.sig"/>`),
			&Layout{Unpaired: []string{"x.sig"}}},
		{"card namespace on file elements",
			`<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta" xmlns:c="http://api-invoice.taxcom.ru/card"><DocFlow><Description Title="flow"/><Documents><Document>` +
				`<c:Files><c:MainImage Path="a"/></c:Files></Document></Documents></DocFlow></ContainerDescription>`,
			&Layout{Documents: []Document{{File: "a", Title: "flow"}}}},
		{"no files", wrap(``), &Layout{}},
		{"foreign namespace ignored",
			`<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta"><DocFlow><Documents><Document><Files xmlns="urn:other"><MainImage Path="a"/></Files></Document></Documents></DocFlow></ContainerDescription>`,
			&Layout{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(c, []byte(tt.data), nil)
			if err != nil {
				t.Fatal(err)
			}
			tt.want.Kind, tt.want.Manifest = KindTaxcom, "meta.xml"
			tt.want.Missing = got.Missing // checked elsewhere
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReadTaxcomRefuses(t *testing.T) {
	c := &Candidate{Kind: KindTaxcom, Manifest: "meta.xml", Warrants: "warrant.xml"}
	wrap := func(files string) string {
		return `<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta"><DocFlow><Documents><Document>` +
			`<Files>` + files + `</Files></Document></Documents></DocFlow></ContainerDescription>`
	}
	tests := []struct {
		name, data string
		reason     Reason
	}{
		{"two main images", wrap(`<MainImage Path="a"/><MainImage Path="b"/>`), BadValue},
		{"no path", wrap(`<MainImage Name="a"/>`), MissingAttribute},
		{"unsafe", wrap(`<MainImageSignature Path="../../x"/>`), UnsafePath},
		{"unsafe card", wrap(`<ExternalCard Path="/card.xml"/>`), UnsafePath},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(c, []byte(tt.data), nil)
			wantReason(t, err, tt.reason)
		})
	}

	l, err := Read(c, readFile(t, "testdata/taxcom/meta.xml"), taxcomFiles)
	if err != nil {
		t.Fatal(err)
	}
	before := *l
	warrants := []struct {
		name, data string
		reason     Reason
	}{
		{"wrong root", `<Warrants xmlns="http://api-invoice.taxcom.ru/warrant"/>`, WrongRoot},
		{"foreign namespace", `<Warrant xmlns="urn:x"/>`, WrongRoot},
		{"unsafe image", `<Warrant><WarrantCard><Description><Files><WarrantImage Path="..\x"/></Files></Description></WarrantCard></Warrant>`, UnsafePath},
		{"unsafe cover", `<Warrant><WarrantCard><Description><Files><WarrantImage Path="x"/></Files></Description><ToSign><DocSign file="/x"/></ToSign></WarrantCard></Warrant>`, UnsafePath},
		{"doctype", `<!DOCTYPE Warrant><Warrant/>`, DTDRefused},
	}
	for _, tt := range warrants {
		t.Run(tt.name, func(t *testing.T) {
			err := l.AddWarrants(c, []byte(tt.data), taxcomFiles)
			e := wantReason(t, err, tt.reason)
			if e.Manifest != "warrant.xml" || e.Kind != KindTaxcom {
				t.Errorf("error names %q %q", e.Kind, e.Manifest)
			}
			if !reflect.DeepEqual(*l, before) {
				t.Errorf("layout changed by a refused warrant.xml")
			}
		})
	}
	wantReason(t, l.AddWarrants(&Candidate{Kind: KindTaxcom, Manifest: "meta.xml"}, []byte(`<Warrant/>`), nil), UnknownKind)
	wantReason(t, l.AddWarrants(nil, []byte(`<Warrant/>`), nil), UnknownKind)
}

// TestAddWarrantsLinear: many documents and many powers covering them
// attach in linear time (a quadratic match took minutes).
func TestAddWarrantsLinear(t *testing.T) {
	const n = 15_000
	var meta, warrant strings.Builder
	meta.WriteString(`<ContainerDescription xmlns="http://api-invoice.taxcom.ru/meta"><DocFlow><Documents>`)
	warrant.WriteString(`<Warrant>`)
	for i := range n {
		fmt.Fprintf(&meta, `<Document><Files><MainImage Path="d%d"/><MainImageSignature Path="d%d.sig"/></Files></Document>`, i, i)
		fmt.Fprintf(&warrant, `<WarrantCard><Description><Meta ID="%d"/></Description><ToSign><DocSign file="d%d.sig"/></ToSign></WarrantCard>`, i, n-1-i)
	}
	meta.WriteString(`</Documents></DocFlow></ContainerDescription>`)
	warrant.WriteString(`</Warrant>`)
	c := &Candidate{Kind: KindTaxcom, Manifest: "meta.xml", Warrants: "warrant.xml"}
	l, err := Read(c, []byte(meta.String()), nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := l.AddWarrants(c, []byte(warrant.String()), nil); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("AddWarrants took %v", d)
	}
	if len(l.POAs) != 0 || len(l.Documents[0].POAs) != 1 || l.Documents[0].POAs[0].Number != fmt.Sprint(n-1) {
		t.Errorf("first document's POAs %+v, unattached %d", l.Documents[0].POAs, len(l.POAs))
	}
}
