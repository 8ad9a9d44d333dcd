package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/extend"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/pdf"
	"github.com/gostverify/gostverify/tsp"
	"github.com/gostverify/gostverify/verify"
)

const extendUsage = `usage: gostverify extend --level T|XL1 --tsa URL [-o OUT] [flags] SIGNATURE [CONTENT]

Upgrades a CAdES signature while it can still be proven, adding unsigned
attributes only (no private key is needed):
  T    a signature timestamp from the TSA (a second one on a CAdES-T signature)
  XL1  CAdES-X Long Type 1: the timestamp (unless the signature is at T), the
       certificates of the signer's and the TSA's paths and their OCSP
       responses (CRLs where a certificate names no responder), referenced,
       embedded and covered by a CAdES-C timestamp

The signature is verified first, as gostverify verify does it now, and one
that is not valid is not extended. Every timestamp token is checked (nonce,
imprint, TSA certificate) and the result verified again before it is written.

The result goes to OUT, by default SIGNATURE with .t or .xl1 before its
extension (doc.txt.sig -> doc.txt.xl1.sig; give CONTENT to verify it then). An
existing OUT is not overwritten without --force, and SIGNATURE never is. Its
encoding is SIGNATURE's: only the lengths around the new attributes change.

Exit codes: 0 extended; 1 or 2 the signature is not valid now (invalid or
indeterminate), so it was not extended; 3 anything else (TSA, revocation,
usage, I/O).

flags:
`

type extendFlags struct {
	verifyFlags
	level, tsa, out string
	force           bool
}

func runExtend(args []string, stdout, stderr io.Writer) int {
	var f extendFlags
	cmd := command{name: "extend", usage: extendUsage, minArgs: 1, maxArgs: 2, needs: i18n.NeedsVerify}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		fs.StringVar(&f.level, "level", "", "level to extend to: T or XL1 (required)")
		fs.StringVar(&f.tsa, "tsa", "", "URL of the RFC 3161 timestamping service (required)")
		fs.StringVarP(&f.out, "output", "o", "", "where to write the extended signature (default: SIGNATURE with .t or .xl1 before its extension)")
		fs.BoolVar(&f.force, "force", false, "overwrite OUT if it exists (never SIGNATURE itself)")
		f.registerTrust(fs)
		f.registerNetwork(fs)
		f.registerRevocation(fs)
		f.registerJSON(fs)
		f.registerLang(fs)
	})
	if !ok {
		return code
	}
	level, err := extend.ParseLevel(f.level)
	switch {
	case f.level == "":
		return cmd.usageError(stderr, "extend needs --level T or --level XL1")
	case err != nil:
		return cmd.usageError(stderr, fmt.Sprintf("--level %q: want T or XL1", f.level))
	}
	if err := checkExtendFlags(&f.verifyFlags, level, f.tsa); err != nil {
		return cmd.fail(stderr, err)
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	sigPath, contentPath := fs.Arg(0), fs.Arg(1)
	out := f.out
	if out == "" {
		out = extendedName(sigPath, level)
	}
	res, err := extendOne(&f, level, sigPath, contentPath, out)
	var ee *extend.Error
	if errors.As(err, &ee) && ee.Reason == extend.NotValid && ee.Report != nil {
		fmt.Fprintf(stderr, "gostverify: error: %s is not extended: %s\n", sigPath, err)
		return exitCode(ee.Report.Status)
	}
	if err != nil {
		return cmd.fail(stderr, err)
	}
	if f.json {
		if err := writeJSON(stdout, struct {
			*extend.Result
			Output string `json:"output"`
		}{res, out}); err != nil {
			return cmd.errorExit(stderr, err)
		}
		return exitValid
	}
	writeExtendText(stdout, res, sigPath, out)
	return exitValid
}

// extendOne reads, extends and writes one signature file.
func extendOne(f *extendFlags, level extend.Level, sigPath, contentPath, out string) (*extend.Result, error) {
	l := f.language()
	data, err := readInput(sigPath, l)
	if err != nil {
		return nil, err
	}
	if pdf.IsPDF(data[:min(len(data), 1024)]) {
		return nil, fmt.Errorf("%s is a PDF: the signatures inside PDFs are not extended", sigPath)
	}
	if err := checkOutput(sigPath, out, f.force); err != nil {
		return nil, err
	}
	t, err := f.trust()
	if err != nil {
		return nil, err
	}
	in := extend.Input{Name: sigPath, Data: data}
	switch {
	case contentPath != "":
		in.Document = fileDocument(contentPath, true, l)
	case verify.DocumentName(sigPath) != "":
		in.Document = fileDocument(verify.DocumentName(sigPath), false, l)
	}
	x := newExtender(t, &f.verifyFlags, level, f.tsa, l)
	res, err := x.Extend(context.Background(), in)
	if err != nil {
		if errors.Is(err, verify.ErrNoDocument) {
			return nil, &usageError{l.Sprintf(i18n.ErrDetachedNoDocument, sigPath, sigPath)}
		}
		return nil, err
	}
	return res, writeOutput(out, res.Data, f.force)
}

// newExtender is the Extender of extend and batch --extend: the trust
// and network of the command's flags, at the present time (what is
// extended must be valid now), asking tsa for the timestamps.
func newExtender(t *trust, f *verifyFlags, level extend.Level, tsa string, l i18n.Lang) *extend.Extender {
	opts := t.verifyOptions(f)
	opts.Time = time.Time{}
	opts.Policy, opts.Lang = verify.PolicyBasic, l
	return extend.New(extend.Options{
		Level: level, Verifier: verify.New(opts),
		TSA:  &tsp.Client{URL: tsa, HTTP: &fetch.Client{Timeout: f.timeout}},
		OCSP: t.ocsp, CRL: t.crl, Roots: t.roots, Certificates: t.certs, AIA: t.aia,
	})
}

// checkExtendFlags refuses the flags extending cannot work with.
func checkExtendFlags(f *verifyFlags, level extend.Level, tsa string) error {
	switch {
	case tsa == "":
		return &usageError{"extending needs --tsa URL, the timestamping service to ask"}
	case f.offline:
		return &usageError{"extending needs the network (the TSA, OCSP responders, CRLs): --offline is not for it"}
	case f.at != "":
		return &usageError{"extending works at the present time: --at is not for it"}
	case f.revocation == "none" && level == extend.LevelXL1:
		return &usageError{"--level XL1 embeds revocation data: --revocation none is not for it"}
	}
	return nil
}

// extendedName is SIGNATURE with .t or .xl1 before its extension, or
// after it when it has none.
func extendedName(sig string, level extend.Level) string {
	tag := "." + strings.ToLower(string(level))
	ext := filepath.Ext(sig)
	if ext == "" || strings.Contains(ext, string(filepath.Separator)) {
		return sig + tag + ".sig"
	}
	return strings.TrimSuffix(sig, ext) + tag + ext
}

// checkOutput refuses an OUT that is the input, or that exists without
// --force.
func checkOutput(sig, out string, force bool) error {
	si, err := os.Stat(sig)
	if err != nil {
		return err
	}
	oi, err := os.Stat(out)
	switch {
	case err == nil && os.SameFile(si, oi):
		return &usageError{fmt.Sprintf("%s is the signature itself: extend never writes over its input", out)}
	case err == nil && !force:
		return &usageError{fmt.Sprintf("%s exists: give another -o OUT, or --force to overwrite it", out)}
	case err == nil && oi.IsDir():
		return &usageError{fmt.Sprintf("%s is a directory", out)}
	}
	return nil
}

// writeOutput writes data to out through a temporary file and a rename,
// so that an existing OUT (--force) is replaced whole or not at all.
func writeOutput(out string, data []byte, force bool) error {
	if !force {
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(out)
			return err
		}
		return f.Close()
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".gostverify-extend-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	os.Chmod(tmp.Name(), 0o644)
	return os.Rename(tmp.Name(), out)
}

func writeExtendText(w io.Writer, res *extend.Result, sig, out string) {
	fmt.Fprintf(w, "extended: %s -> %s\n", sig, out)
	for _, s := range res.Signers {
		fmt.Fprintf(w, "signer %s: %s -> %s\n", s.Position, s.Before, s.After)
		for _, ts := range s.Timestamps {
			fmt.Fprintf(w, "  %s timestamp: %s, TSA %s, serial %s\n", ts.Kind, ts.GenTime.UTC().Format("2006-01-02 15:04:05 UTC"), ts.TSA, ts.Serial)
		}
		for _, c := range s.Certificates {
			ref := ""
			if c.Referenced {
				ref = ", referenced"
			}
			fmt.Fprintf(w, "  certificate (%s%s): %s, serial %s\n", c.Role, ref, c.Subject, c.Serial)
		}
		for _, r := range s.Revocation {
			ref := ""
			if r.Referenced {
				ref = ", referenced"
			}
			fmt.Fprintf(w, "  revocation (%s%s): %s for %s from %s, %s\n", r.Method, ref, r.Status, r.For, r.URL, r.Time.UTC().Format("2006-01-02 15:04:05 UTC"))
		}
	}
	for _, e := range res.Encoding {
		fmt.Fprintf(w, "encoding: %s\n", e)
	}
}
