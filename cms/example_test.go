package cms_test

import (
	"errors"
	"fmt"
	"log"
	"os"

	"github.com/gostverify/gostverify/cms"
)

// ExampleSignedData_Verify parses a detached signature that OpenSSL made
// (testdata/cms) and checks its signer against the document, then the
// same signature against a document changed after signing. The signer's
// certificate is inside the signature; whether it is trusted is the
// business of packages chain and verify.
func ExampleSignedData_Verify() {
	check := func(signature, document string) {
		data, err := os.ReadFile(signature)
		if err != nil {
			log.Fatal(err)
		}
		sd, err := cms.Parse(data) // DER, BER, PEM or base64
		if err != nil {
			log.Fatal(err)
		}
		doc, err := os.Open(document)
		if err != nil {
			log.Fatal(err)
		}
		defer doc.Close()
		results, err := sd.Verify(doc, cms.Options{})
		if err != nil {
			log.Fatal(err) // the document could not be read
		}
		for _, r := range results {
			var se *cms.SignerError
			if errors.As(r.Err, &se) {
				fmt.Printf("signer %s: %v\n", r.Position, se.Reason)
				continue
			}
			fmt.Printf("signer %s: intact, %v, by %s\n", r.Position, r.Hash, r.Certificate.Subject.CommonName)
		}
	}
	check("../testdata/cms/invoice.xml.sig", "../testdata/cms/invoice.xml")
	check("../testdata/cms/tampered.xml.sig", "../testdata/cms/tampered.xml")
	// Output:
	// signer 1: intact, GOST R 34.11-2012 (256), by Иванов Иван Иванович
	// signer 1: message digest mismatch
}
