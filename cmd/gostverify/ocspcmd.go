package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

const ocspUsage = `usage: gostverify ocsp [flags] CERT

Asks CERT's OCSP responder whether it is revoked and prints every step: the
issuer found and where, the URL, each request (method, CertID hash, HTTP
status, content type, time), the responder and its authorisation, the
signature check, the status and its times. Exit code 0 good, 1 revoked,
2 no answer or unknown, 3 usage or I/O error.

flags:
`

func runOCSP(args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	var issuerPath, url string
	cmd := command{name: "ocsp", usage: ocspUsage, minArgs: 1, maxArgs: 1, args: "one CERT"}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		f.registerTrust(fs)
		f.registerNetwork(fs)
		f.registerNonce(fs)
		fs.StringVar(&issuerPath, "issuer", "", "the issuer's certificate (default: found in --certs, the cache or AIA)")
		fs.StringVar(&url, "url", "", "the responder URL (default: the certificate's OCSP URLs)")
	})
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	certs, err := loadCertArg(fs.Arg(0))
	if err != nil {
		return errorExit(stderr, err)
	}
	f.revocation = "ocsp"
	t, err := f.trust()
	if err != nil {
		return errorExit(stderr, err)
	}
	cert := certs[0]
	fmt.Fprintf(stdout, "certificate: %s\n  serial %X\n", verify.FormatName(cert.Subject), cert.SerialNumber)

	var candidates []chain.Candidate
	if issuerPath != "" {
		issuers, err := chain.LoadCertificates(issuerPath)
		if err != nil {
			return errorExit(stderr, err)
		}
		for _, c := range issuers {
			candidates = append(candidates, chain.Candidate{Cert: c, Source: issuerPath})
		}
	} else {
		for _, c := range append(certs[1:], t.certs...) {
			candidates = append(candidates, chain.Candidate{Cert: c, Source: "certs"})
		}
		for _, a := range t.roots.Anchors() {
			candidates = append(candidates, chain.Candidate{Cert: a.Cert, Source: "roots"})
		}
	}
	issuer, source := findIssuer(cert, candidates)
	if issuer == nil && issuerPath == "" {
		issuer, source = findIssuer(cert, t.aia.Issuers(context.Background(), cert))
		for _, a := range t.aia.Attempts {
			fmt.Fprintf(stdout, "issuer download %s %s: HTTP %d, %s %s\n", a.Method, a.URL, a.Status, a.Class, a.Err)
		}
	}
	if issuer == nil {
		fmt.Fprintf(stdout, "issuer: not found; give it with --issuer or --certs\n")
		return exitIndeterminate
	}
	fmt.Fprintf(stdout, "issuer: %s (from %s; its key signed the certificate)\n", verify.FormatName(issuer.Subject), source)

	urls := cert.OCSPServer
	if url != "" {
		urls = []string{url}
	}
	if len(urls) == 0 {
		fmt.Fprintf(stdout, "OCSP URL: none in the certificate; give one with --url\n")
		return exitIndeterminate
	}
	for _, u := range urls {
		fmt.Fprintf(stdout, "OCSP URL: %s\n", u)
		res, err := t.ocsp.Check(context.Background(), cert, issuer, u, t.at)
		if res != nil {
			for _, a := range res.Attempts {
				result := "ok"
				if a.Err != "" {
					result = string(a.Class) + ": " + a.Err
				}
				fmt.Fprintf(stdout, "  %s, CertID %s, serial %X, nonce sent: HTTP %d %s, %s: %s\n",
					a.Method, a.Hash, cert.SerialNumber, a.Status, a.ContentType, a.Elapsed.Round(time.Millisecond), result)
			}
		}
		if err != nil {
			var oe *ocspclient.Error
			if errors.As(err, &oe) {
				fmt.Fprintf(stdout, "  failed (%s): %s\n", oe.Class, oe.Explain())
			} else {
				fmt.Fprintf(stdout, "  failed: %v\n", err)
			}
			continue
		}
		who := "the issuer itself"
		if res.Delegated {
			who = "a delegated responder with id-kp-OCSPSigning"
			if res.NoCheck {
				who += " and id-pkix-ocsp-nocheck"
			}
		}
		fmt.Fprintf(stdout, "  responder: %s, %s; signature verified\n", verify.FormatName(res.Responder.Subject), who)
		fmt.Fprintf(stdout, "  nonce echoed: %v\n  this update: %s\n", res.NonceEchoed, day(res.ThisUpdate))
		if !res.NextUpdate.IsZero() {
			fmt.Fprintf(stdout, "  next update: %s\n", day(res.NextUpdate))
		}
		fmt.Fprintf(stdout, "status: %s\n", res.Status)
		switch res.Status {
		case ocspclient.Good:
			return exitValid
		case ocspclient.Revoked:
			fmt.Fprintf(stdout, "  revoked on %s, reason code %d\n", day(res.RevokedAt), res.RevocationReason)
			return exitInvalid
		}
	}
	return exitIndeterminate
}

// findIssuer returns the first candidate whose key signed cert.
func findIssuer(cert *x509.Certificate, cands []chain.Candidate) (*x509.Certificate, string) {
	for _, c := range cands {
		if chain.CheckSignature(cert, c.Cert) == nil {
			return c.Cert, c.Source
		}
	}
	return nil, ""
}
