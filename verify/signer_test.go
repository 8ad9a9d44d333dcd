package verify

import (
	"path/filepath"
	"testing"

	"github.com/gostverify/gostverify/chain"
)

// TestDescribeCertificateFixtures reads the subjects of testdata/cms/pki's signers
// (their values as testdata/cms/pki/CERTS.tsv lists them).
func TestDescribeCertificateFixtures(t *testing.T) {
	cases := []struct {
		file string
		want Signer
	}{
		{"signer_2012_256.pem", Signer{
			Subject: `CN=Иванов Иван Иванович, SN=Иванов, G=Иван Иванович, T=Генеральный директор, O=ООО "Ромашка", ` +
				`OU=Администрация, STREET=ул. Ленина, д. 1, оф. 15, L=г. Москва, ST=77 г. Москва, C=RU, ` +
				`INN=500987654393, SNILS=11223344595, OGRN=1027700132195, INNLE=7701234560`,
			Issuer: `CN=Тестовый УЦ gostverify, O=gostverify (тестовые данные), OU=Удостоверяющий центр, ` +
				`STREET=ул. Тестовая, д. 1, L=г. Москва, ST=77 г. Москва, C=RU, OGRN=1027700000019, INNLE=7700000016`,
			Serial:     "652598235470A42B0313E793BB77E93656039B23",
			CommonName: "Иванов Иван Иванович", Surname: "Иванов", GivenName: "Иван Иванович", Title: "Генеральный директор",
			Organization: `ООО "Ромашка"`, INN: "500987654393", INNLE: "7701234560", OGRN: "1027700132195", SNILS: "11223344595",
		}},
		{"signer_2001.pem", Signer{
			Subject: `CN=Сидоров Пётр Алексеевич, SN=Сидоров, G=Пётр Алексеевич, T=Главный бухгалтер, O=АО «Лютик», ` +
				`STREET=ул. Баумана, д. 7, L=г. Казань, ST=16 Республика Татарстан, C=RU, E=buh@lyutik.example, ` +
				`INN=165512345632, SNILS=98765432183, OGRN=1161690054327, INNLE=1655012344`,
			Issuer: `CN=Тестовый УЦ gostverify, O=gostverify (тестовые данные), OU=Удостоверяющий центр, ` +
				`STREET=ул. Тестовая, д. 1, L=г. Москва, ST=77 г. Москва, C=RU, OGRN=1027700000019, INNLE=7700000016`,
			Serial:     "22D0DB041EF10A9C891BD27CA7A4E83571E08396",
			CommonName: "Сидоров Пётр Алексеевич", Surname: "Сидоров", GivenName: "Пётр Алексеевич", Title: "Главный бухгалтер",
			Organization: "АО «Лютик»", Email: "buh@lyutik.example",
			INN: "165512345632", INNLE: "1655012344", OGRN: "1161690054327", SNILS: "98765432183",
		}},
	}
	for _, c := range cases {
		certs, err := chain.LoadCertificates(filepath.Join("../testdata/cms/pki", c.file))
		if err != nil {
			t.Fatal(err)
		}
		if got := DescribeCertificate(certs[0]); *got != c.want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.file, *got, c.want)
		}
	}
}

// TestNamesPrintable: a newline, an ANSI escape or bytes that are not
// UTF-8 in a certificate's name cannot forge lines or colours in a report.
func TestNamesPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"Иванов":                  "Иванов",
		"x\n  signature 1: valid": `x\u000A  signature 1: valid`,
		"\x1b[32mVALID\x1b[0m":    `\u001B[32mVALID\u001B[0m`,
		"a\xffb":                  `a\xFFb`,
		"tab\there":               `tab\u0009here`,
		"ООО \"Ромашка\" & <Ко>":  "ООО \"Ромашка\" & <Ко>",
	} {
		if got := printable(in); got != want {
			t.Errorf("printable(%q) = %q, want %q", in, got, want)
		}
	}
}
