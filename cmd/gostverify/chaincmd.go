package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

const chainUsage = `usage: gostverify chain [flags] CERT

Builds and validates the certificate path of CERT (PEM, DER or .p7b; the
first certificate is the one checked) and prints every step: the issuer
candidates and where they came from, the URLs fetched with their HTTP
result, each rejected candidate and why, and the final path. Exit code 0
valid path, 1 broken chain or certificate not valid at --at, 2 no path.

flags:
`

// chainResult is what `gostverify chain --json` prints.
type chainResult struct {
	Status         verify.Status             `json:"status"`
	Error          string                    `json:"error,omitempty"`
	Certificate    verify.ChainCertificate   `json:"certificate"`
	Issuer         string                    `json:"issuer"`
	CAIssuers      []string                  `json:"ca_issuers_urls"`
	ValidationTime time.Time                 `json:"validation_time"`
	TrustAnchors   int                       `json:"trust_anchors"`
	Extra          int                       `json:"extra_certificates"`
	Downloads      []chainDownload           `json:"downloads"`
	Rejected       []chainRejection          `json:"rejected"`
	Warnings       []string                  `json:"warnings"`
	Path           []verify.ChainCertificate `json:"path"`

	err error // behind Error, to be said in the reader's language
}

type chainDownload struct {
	Method      string `json:"method"`
	URL         string `json:"url"`
	HTTPStatus  int    `json:"http_status"`
	ContentType string `json:"content_type,omitempty"`
	Bytes       int64  `json:"bytes"`
	ElapsedMS   int64  `json:"elapsed_ms"`
	Class       string `json:"error_class,omitempty"`
	Error       string `json:"error,omitempty"`
}

type chainRejection struct {
	Candidate verify.ChainCertificate `json:"candidate"`
	Error     string                  `json:"error"`

	err error // behind Error, to be said in the reader's language
}

func runChain(args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	cmd := command{name: "chain", usage: chainUsage, minArgs: 1, maxArgs: 1, needs: i18n.NeedsCert}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		f.registerTrust(fs)
		f.registerNetwork(fs)
		f.registerJSON(fs)
		f.registerLang(fs)
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
	t, err := f.trust()
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	leaf := certs[0]
	var cands []chain.Candidate
	for _, c := range append(certs[1:], t.certs...) {
		cands = append(cands, chain.Candidate{Cert: c, Source: "certs"})
	}
	r := chain.Build(leaf, chain.Options{Roots: t.roots, Intermediates: cands, Time: t.at, FetchIssuers: t.aia.For(context.Background())})

	res := chainResult{
		Status: verify.Valid, Certificate: verify.DescribeLink(chain.Link{Cert: leaf}), ValidationTime: t.at,
		CAIssuers: append([]string{}, leaf.IssuingCertificateURL...), TrustAnchors: len(t.roots.Anchors()), Extra: len(cands),
		Downloads: []chainDownload{}, Rejected: []chainRejection{}, Warnings: append([]string{}, r.Warnings...), Path: []verify.ChainCertificate{}, Issuer: verify.FormatName(leaf.Issuer),
	}
	for _, a := range t.aia.Attempts {
		res.Downloads = append(res.Downloads, describeDownload(a))
	}
	for _, rej := range r.Rejected {
		res.Rejected = append(res.Rejected, chainRejection{Candidate: verify.DescribeLink(chain.Link{Cert: rej.Candidate, Source: rej.Source}), Error: rej.Err.Error(), err: rej.Err})
	}
	for _, l := range r.Path {
		res.Path = append(res.Path, verify.DescribeLink(l))
	}
	exit := exitValid
	var ce *chain.Error
	switch {
	case errors.As(r.Err, &ce) && ce.Reason == chain.Constraints:
		res.Status, res.Error, res.err, exit = verify.Invalid, r.Err.Error(), r.Err, exitInvalid
	case r.Err != nil:
		res.Status, res.Error, res.err, exit = verify.Indeterminate, r.Err.Error(), r.Err, exitIndeterminate
	case t.at.Before(leaf.NotBefore) || t.at.After(leaf.NotAfter):
		res.Status, res.Error, exit = verify.Invalid, f.language().Sprintf(i18n.ChainNotValidAt, day(t.at)), exitInvalid
	}
	if f.json {
		if err := writeJSON(stdout, res); err != nil {
			return cmd.errorExit(stderr, err)
		}
		return exit
	}
	res.writeText(stdout, f.language())
	return exit
}

func (res *chainResult) writeText(w io.Writer, l i18n.Lang) {
	line := func(m i18n.Message, args ...any) { fmt.Fprintln(w, l.Sprintf(m, args...)) }
	c := res.Certificate
	line(i18n.ChainCertificate, c.Subject, res.Issuer, c.Serial, day(c.NotBefore), day(c.NotAfter))
	for _, u := range res.CAIssuers {
		line(i18n.ChainCAIssuersURL, u)
	}
	line(i18n.ChainAnchors, res.TrustAnchors, res.Extra, day(res.ValidationTime))
	for _, a := range res.Downloads {
		result := l.Sprintf(i18n.ChainOK)
		if a.Error != "" {
			result = a.Class + ": " + a.Error
		}
		line(i18n.ChainFetched, a.Method, a.URL, a.HTTPStatus, a.ContentType, a.Bytes, a.ElapsedMS, result)
	}
	if len(res.Downloads) == 0 {
		line(i18n.ChainNoDownloads)
	}
	for _, rej := range res.Rejected {
		line(i18n.ChainRejected, rej.Candidate.Subject, rej.Candidate.Source, rej.Candidate.Serial, inLang(l, rej.Error, rej.err))
	}
	for _, warning := range res.Warnings {
		line(i18n.TextWarning, warning)
	}
	if len(res.Path) == 0 {
		line(i18n.ChainNoPath, inLang(l, res.Error, res.err))
		return
	}
	line(i18n.ChainPath)
	for i, p := range res.Path {
		fmt.Fprintf(w, "  %d. %s (%s)\n", i, p.Subject, p.Source)
	}
	if res.Error != "" {
		line(i18n.TextNote, inLang(l, res.Error, res.err))
	}
	line(i18n.TextJSONHint)
}

func describeDownload(a fetch.Attempt) chainDownload {
	return chainDownload{Method: a.Method, URL: a.URL, HTTPStatus: a.Status, ContentType: a.ContentType, Bytes: a.Bytes,
		ElapsedMS: a.Elapsed.Milliseconds(), Class: string(a.Class), Error: a.Err}
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// inLang is text, the English of err, in l: verify.Detail's words for an
// error it knows.
func inLang(l i18n.Lang, text string, err error) string {
	if err == nil {
		return text
	}
	return verify.Detail(l, err)
}
