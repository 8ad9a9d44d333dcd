package batch_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gostverify/gostverify/batch"
	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/verify"
)

// A Go program verifying a folder: every signature in it paired with its
// document, at a fixed validation time, offline, with one summary.
func Example() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for _, name := range []string{"invoice.xml", "invoice.xml.sig", "tampered.xml", "tampered.xml.sig"} {
		data, err := os.ReadFile(filepath.Join("../testdata/cms", name))
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	roots, err := chain.LoadStore([]string{"../testdata/cms/pki/root.pem"})
	if err != nil {
		log.Fatal(err)
	}
	sub, err := chain.LoadCertificates("../testdata/cms/pki/sub.pem")
	if err != nil {
		log.Fatal(err)
	}
	rep, err := batch.Run(context.Background(), []string{dir}, batch.Options{
		Verify: verify.Options{Roots: roots, Certificates: sub, Time: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), RevocationOff: true},
	})
	if err != nil {
		log.Fatal(err) // a path that cannot be read at all
	}
	defer rep.Close() // a large run keeps its entries in a temporary state
	err = rep.Each(func(e *batch.Entry) error {
		fmt.Println(strings.TrimSpace(fmt.Sprint(filepath.Base(e.Path), " ", e.Kind, " ", e.Status, " ", e.SubIndication)))
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("overall:", rep.Status)
	// Output:
	// invoice.xml document valid
	// invoice.xml.sig signature valid
	// tampered.xml document invalid
	// tampered.xml.sig signature invalid HASH_FAILURE
	// overall: invalid
}
