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
	"github.com/gostverify/gostverify/i18n"
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
	cmd := command{name: "ocsp", usage: ocspUsage, minArgs: 1, maxArgs: 1, needs: i18n.NeedsCert}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		f.registerTrust(fs)
		f.registerNetwork(fs)
		f.registerNonce(fs)
		f.registerLang(fs)
		fs.StringVar(&issuerPath, "issuer", "", "the issuer's certificate (default: found in --certs, the cache or AIA)")
		fs.StringVar(&url, "url", "", "the responder URL (default: the certificate's OCSP URLs)")
	})
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	certs, err := loadCertArg(fs.Arg(0), f.language())
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	f.revocation = "ocsp"
	t, err := f.trust()
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	cert := certs[0]
	l := f.language()
	say := func(m i18n.Message, args ...any) { fmt.Fprintln(stdout, l.Sprintf(m, args...)) }
	say(i18n.OCSPCertificate, verify.FormatName(cert.Subject), cert.SerialNumber)

	var candidates []chain.Candidate
	if issuerPath != "" {
		issuers, err := chain.LoadCertificates(issuerPath)
		if err != nil {
			return cmd.errorExit(stderr, err)
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
			say(i18n.OCSPIssuerDownload, a.Method, a.URL, a.Status, a.Class, a.Err)
		}
	}
	if issuer == nil {
		say(i18n.OCSPIssuerNotFound)
		return exitIndeterminate
	}
	say(i18n.OCSPIssuer, verify.FormatName(issuer.Subject), source)

	urls := cert.OCSPServer
	if url != "" {
		urls = []string{url}
	}
	if len(urls) == 0 {
		say(i18n.OCSPNoURL)
		return exitIndeterminate
	}
	for _, u := range urls {
		say(i18n.OCSPURL, u)
		res, err := t.ocsp.Check(context.Background(), cert, issuer, u, t.at)
		if res != nil {
			for _, a := range res.Attempts {
				result := l.Sprintf(i18n.ChainOK)
				if a.Err != "" {
					result = string(a.Class) + ": " + a.Err
				}
				say(i18n.OCSPAttempt, a.Method, a.Hash, cert.SerialNumber, a.Status, a.ContentType, a.Elapsed.Round(time.Millisecond), result)
			}
		}
		if err != nil {
			var oe *ocspclient.Error
			if errors.As(err, &oe) {
				say(i18n.OCSPFailedClass, oe.Class, explainOCSP(l, oe))
			} else {
				say(i18n.OCSPFailed, err)
			}
			continue
		}
		who := i18n.OCSPByIssuer
		switch {
		case res.Delegated && res.NoCheck:
			who = i18n.OCSPByDelegateNoChk
		case res.Delegated:
			who = i18n.OCSPByDelegate
		}
		say(i18n.OCSPResponder, verify.FormatName(res.Responder.Subject), l.Sprintf(who))
		say(i18n.OCSPNonceAndUpdate, res.NonceEchoed, day(res.ThisUpdate))
		if !res.NextUpdate.IsZero() {
			say(i18n.OCSPNextUpdate, day(res.NextUpdate))
		}
		say(i18n.OCSPStatus, res.Status)
		switch res.Status {
		case ocspclient.Good:
			return exitValid
		case ocspclient.Revoked:
			say(i18n.OCSPRevokedOn, day(res.RevokedAt), res.RevocationReason)
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

// explainOCSP is oe's explanation in l: in English the package's own, with
// its detail; otherwise its class from the catalogue, OCSP's or the
// transport's.
func explainOCSP(l i18n.Lang, oe *ocspclient.Error) string {
	if l != i18n.English {
		if m, ok := i18n.OCSPClass(string(oe.Class)); ok {
			return l.Sprintf(m)
		}
		if m, ok := i18n.FetchClass(string(oe.Class)); ok {
			return l.Sprintf(m)
		}
	}
	return oe.Explain()
}
