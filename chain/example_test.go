package chain_test

import (
	"fmt"
	"log"
	"path/filepath"
	"time"

	"github.com/gostverify/gostverify/chain"
)

// ExampleBuild loads a trust anchor and candidate intermediates from files
// and builds the path of a real signer certificate issued by the Russian
// tax service's CA (FNS) up to the Минцифры России root, at a fixed
// validation time, offline.
func ExampleBuild() {
	corpus := "../testdata/gost-corpus"
	// The roots: exactly the files given, as with --roots.
	roots, err := chain.LoadStore([]string{
		filepath.Join(corpus, "schors-gost-russian-ca__Минцифры_России_2022-01-08T13-32-39Z_2040-01-08T13-32-39Z.x509.der"),
	})
	if err != nil {
		log.Fatal(err)
	}
	// Candidate intermediates: every certificate in the folder, as with
	// --certs. They are only candidates; trust comes from the roots.
	certs, err := chain.LoadCertificates(corpus)
	if err != nil {
		log.Fatal(err)
	}
	var candidates []chain.Candidate
	for _, c := range certs {
		candidates = append(candidates, chain.Candidate{Cert: c, Source: "certs"})
	}
	signer, err := chain.LoadCertificates(filepath.Join(corpus, "nicesoft-libksba__gost_test.txt.p7s.embedded1.x509.der"))
	if err != nil {
		log.Fatal(err)
	}

	r := chain.Build(signer[0], chain.Options{
		Roots:         roots,
		Intermediates: candidates,
		Time:          time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC),
		Leaf:          chain.LeafSigning,
	})
	if r.Err != nil {
		log.Fatal(r.Err)
	}
	for i, l := range r.Path {
		fmt.Printf("%d. %s (%s)\n", i, l.Cert.Subject.CommonName, l.Source)
	}
	// Output:
	// 0. ООО "НАЙС СОФТ" (certificate)
	// 1. Федеральная налоговая служба (certs)
	// 2. Минцифры России (roots)
}
