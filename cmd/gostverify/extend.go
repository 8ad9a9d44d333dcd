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

type extendFlags struct {
	verifyFlags
	level, tsa, out string
	force           bool
}

func runExtend(args []string, stdout, stderr io.Writer) int {
	var f extendFlags
	cmd := command{name: "extend", minArgs: 1, maxArgs: 2, needs: i18n.NeedsVerify}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		// The usage in the language of --lang (when it comes before
		// --help) or of the environment.
		fs.Usage = func() { fmt.Fprint(stderr, flagLang(fs).Sprintf(i18n.ExtendUsage)+fs.FlagUsages()) }
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
	l := cmd.lang
	level, err := extend.ParseLevel(f.level)
	switch {
	case f.level == "":
		return cmd.usageError(stderr, l.Sprintf(i18n.ErrExtendNeedsLevel))
	case err != nil:
		return cmd.usageError(stderr, l.Sprintf(i18n.ErrExtendLevelValue, "--level", f.level))
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
		fmt.Fprintf(stderr, "gostverify: error: %s\n", l.Sprintf(i18n.ErrExtendNotExtended, sigPath, verify.Detail(l, err)))
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
	writeExtendText(stdout, res, sigPath, out, f.language())
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
		return nil, errors.New(l.Sprintf(i18n.ErrExtendPDF, sigPath))
	}
	if err := checkOutput(sigPath, out, f.force, l); err != nil {
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
	l := f.language()
	switch {
	case tsa == "":
		return &usageError{l.Sprintf(i18n.ErrExtendNeedsTSA)}
	case f.offline:
		return &usageError{l.Sprintf(i18n.ErrExtendOffline)}
	case f.at != "":
		return &usageError{l.Sprintf(i18n.ErrExtendAt)}
	case f.revocation == "none" && level == extend.LevelXL1:
		return &usageError{l.Sprintf(i18n.ErrExtendNoRevocation)}
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
// --force; its mistakes are said in l.
func checkOutput(sig, out string, force bool, l i18n.Lang) error {
	si, err := os.Stat(sig)
	if err != nil {
		return err
	}
	oi, err := os.Stat(out)
	switch {
	case err == nil && os.SameFile(si, oi):
		return &usageError{l.Sprintf(i18n.ErrExtendOutIsInput, out)}
	case err == nil && !force:
		return &usageError{l.Sprintf(i18n.ErrExtendOutExists, out)}
	case err == nil && oi.IsDir():
		return &usageError{l.Sprintf(i18n.ErrExtendOutIsDir, out)}
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

// writeExtendText says in l what was added to the signature: the codes
// of --json (roles, methods, statuses) in the words of l.
func writeExtendText(w io.Writer, res *extend.Result, sig, out string, l i18n.Lang) {
	const when = "2006-01-02 15:04:05 UTC"
	fmt.Fprintln(w, l.Sprintf(i18n.ExtendTextExtended, sig, out))
	for _, s := range res.Signers {
		fmt.Fprintln(w, l.Sprintf(i18n.ExtendTextSigner, s.Position, s.Before, s.After))
		for _, ts := range s.Timestamps {
			at := ts.GenTime.UTC().Format(when)
			switch ts.Kind {
			case verify.KindSignature:
				fmt.Fprintln(w, l.Sprintf(i18n.ExtendTextSigTimestamp, at, ts.TSA, ts.Serial))
			case verify.KindCAdESC:
				fmt.Fprintln(w, l.Sprintf(i18n.ExtendTextCAdESCTimestamp, at, ts.TSA, ts.Serial))
			default:
				fmt.Fprintln(w, l.Sprintf(i18n.ExtendTextTimestamp, ts.Kind, at, ts.TSA, ts.Serial))
			}
		}
		for _, c := range s.Certificates {
			m := i18n.ExtendTextCertificate
			if c.Referenced {
				m = i18n.ExtendTextCertificateRef
			}
			fmt.Fprintln(w, l.Sprintf(m, codeWords(l, c.Role), c.Subject, c.Serial))
		}
		for _, r := range s.Revocation {
			m := i18n.ExtendTextRevocation
			if r.Referenced {
				m = i18n.ExtendTextRevocationRef
			}
			fmt.Fprintln(w, l.Sprintf(m, codeWords(l, r.Method), codeWords(l, r.Status), r.For, r.URL, r.Time.UTC().Format(when)))
		}
	}
	for _, e := range res.Encoding {
		fmt.Fprintln(w, l.Sprintf(i18n.ExtendTextEncoding, e))
	}
}

// extendCodes are the codes of extend.Result that the text output says in
// words; in English the words are the codes.
var extendCodes = map[string]i18n.Message{
	"signer": i18n.ExtendRoleSigner, "ca": i18n.ExtendRoleCA, "anchor": i18n.ExtendRoleAnchor,
	"ocsp responder": i18n.ExtendRoleOCSP, "tsa": i18n.ExtendRoleTSA, "tsa ca": i18n.ExtendRoleTSACA,
	"ocsp": i18n.ExtendMethodOCSP, "crl": i18n.ExtendMethodCRL, "good": i18n.ExtendStatusGood,
}

// codeWords is code in the words of l, or the code itself when the
// catalogue has no words for it.
func codeWords(l i18n.Lang, code string) string {
	if m, ok := extendCodes[code]; ok {
		return l.Sprintf(m)
	}
	return code
}
