package verify_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/verify"
)

// A Go program verifying a detached signature against its document, at a
// fixed validation time, trusting one root and offline (no revocation).
func Example() {
	roots, err := chain.LoadStore([]string{"../testdata/cms/pki/root.pem"})
	if err != nil {
		log.Fatal(err)
	}
	intermediates, err := chain.LoadCertificates("../testdata/cms/pki/sub.pem")
	if err != nil {
		log.Fatal(err)
	}
	v := verify.New(verify.Options{
		Roots: roots, Certificates: intermediates,
		Time:          time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC),
		RevocationOff: true, // or OCSP: &ocspclient.Client{...}, CRL: &ocspclient.CRLChecker{...}
	})
	for _, doc := range []string{"invoice.xml", "tampered.xml"} {
		sig, err := os.ReadFile("../testdata/cms/" + doc + ".sig")
		if err != nil {
			log.Fatal(err)
		}
		report, err := v.Verify(context.Background(), verify.Input{
			Name: doc + ".sig", Data: sig,
			Document: &verify.Document{Name: doc, Open: func() (io.ReadCloser, error) { return os.Open("../testdata/cms/" + doc) }},
		})
		if err != nil {
			log.Fatal(err) // no verdict: the document could not be read
		}
		s := report.Signatures[0]
		fmt.Println(doc+":", report.Status, s.SubIndication, s.Signer.CommonName)
		// The cause is typed: the signature's own failure is a *cms.SignerError.
		var se *cms.SignerError
		if errors.As(s.Cause, &se) {
			fmt.Println("  cause:", se.Reason, "—", s.Reason)
		}
	}
	// Output:
	// invoice.xml: valid  Иванов Иван Иванович
	// tampered.xml: invalid HASH_FAILURE Иванов Иван Иванович
	//   cause: message digest mismatch — the document was changed after signing, or this is not the document that was signed
}
