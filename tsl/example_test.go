package tsl_test

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/gostverify/gostverify/tsl"
)

func certificate(name string) *x509.Certificate {
	data, err := os.ReadFile(name)
	if err != nil {
		log.Fatal(err)
	}
	b, _ := pem.Decode(data)
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		log.Fatal(err)
	}
	return c
}

// ExampleList_Check reads a signed test edition of the list (made by
// testdata/gen.sh) and asks whether the CAs that issued two signers'
// certificates were accredited when they signed.
func ExampleList_Check() {
	data, err := os.ReadFile("testdata/list_v1.xml")
	if err != nil {
		log.Fatal(err)
	}
	list, err := tsl.Read(data, tsl.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("version %d of %s, signed by %s\n", list.Version, list.Date.Format(time.DateOnly), list.Signature.Subject)

	signedAt := time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC)
	for _, pair := range [][2]string{
		{"../testdata/cms/pki/signer_2012_256.pem", "../testdata/cms/pki/sub.pem"},
		{"../testdata/cades/pki/signer.pem", "../testdata/cades/pki/ca.pem"},
	} {
		signer, issuer := certificate(pair[0]), certificate(pair[1])
		v := list.Check(issuer, tsl.Query{At: signedAt, Issued: signer.NotBefore})
		fmt.Printf("%s: %s\n", v.Reason, v)
	}
	// Output:
	// version 1001 of 2026-12-01, signed by Минцифры России (тестовые данные), МИНИСТЕРСТВО ЦИФРОВОГО РАЗВИТИЯ (тестовые данные)
	// accredited: ООО "УЦ Альфа" (тестовые данные): accredited
	// accreditation_ended: АО "УЦ Бета" (тестовые данные): the CA's accreditation had ended (Прекращена since 2026-10-01)
}
