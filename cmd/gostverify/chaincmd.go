package main

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/verify"
)

const chainUsage = `usage: gostverify chain [flags] CERT

Builds and validates the certificate path of CERT (PEM, DER or .p7b; the
first certificate is the one checked) and prints every step: the issuer
candidates and where they came from, the URLs fetched with their HTTP
result, each rejected candidate and why, and the final path.

flags:
`

func runChain(args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	cmd := command{name: "chain", usage: chainUsage, minArgs: 1, maxArgs: 1, args: "one CERT"}
	fs, code, ok := cmd.parse(args, stderr, f.register)
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return errorExit(stderr, err)
	}
	certs, err := loadCertArg(fs.Arg(0))
	if err != nil {
		return errorExit(stderr, err)
	}
	t, err := f.trust()
	if err != nil {
		return errorExit(stderr, err)
	}
	leaf := certs[0]
	var cands []chain.Candidate
	for _, c := range append(certs[1:], t.certs...) {
		cands = append(cands, chain.Candidate{Cert: c, Source: "certs"})
	}
	fmt.Fprintf(stdout, "certificate: %s\n  issuer: %s\n  serial %X, valid %s to %s\n", verify.FormatName(leaf.Subject),
		verify.FormatName(leaf.Issuer), leaf.SerialNumber, day(leaf.NotBefore), day(leaf.NotAfter))
	for _, u := range leaf.IssuingCertificateURL {
		fmt.Fprintf(stdout, "  CA issuers URL: %s\n", u)
	}
	fmt.Fprintf(stdout, "trust anchors: %d; extra certificates: %d; validation time %s\n", len(t.roots.Anchors()), len(cands), day(t.at))
	r := chain.Build(leaf, chain.Options{Roots: t.roots, Intermediates: cands, Time: t.at, FetchIssuers: t.aia.Issuers})
	for _, a := range t.aia.Attempts {
		result := "ok"
		if a.Err != "" {
			result = string(a.Class) + ": " + a.Err
		}
		fmt.Fprintf(stdout, "fetched %s %s: HTTP %d %s, %d bytes, %s: %s\n", a.Method, a.URL, a.Status, a.ContentType, a.Bytes, a.Elapsed.Round(time.Millisecond), result)
	}
	if len(t.aia.Attempts) == 0 {
		fmt.Fprintln(stdout, "no downloads needed")
	}
	for _, rej := range r.Rejected {
		fmt.Fprintf(stdout, "rejected issuer candidate %s (from %s, serial %X): %v\n", verify.FormatName(rej.Candidate.Subject), rej.Source, rej.Candidate.SerialNumber, rej.Err)
	}
	for _, w := range r.Warnings {
		fmt.Fprintf(stdout, "warning: %s\n", w)
	}
	if r.Err != nil {
		fmt.Fprintf(stdout, "no valid path: %v\n", r.Err)
		var ce *chain.Error
		if errors.As(r.Err, &ce) && ce.Reason == chain.Constraints {
			return exitInvalid
		}
		return exitIndeterminate
	}
	fmt.Fprintln(stdout, "path:")
	for i, l := range r.Path {
		fmt.Fprintf(stdout, "  %d. %s (%s)\n", i, verify.FormatName(l.Cert.Subject), l.Source)
	}
	if t.at.Before(leaf.NotBefore) || t.at.After(leaf.NotAfter) {
		fmt.Fprintf(stdout, "note: the certificate itself is not valid at %s\n", day(t.at))
		return exitInvalid
	}
	return exitValid
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
