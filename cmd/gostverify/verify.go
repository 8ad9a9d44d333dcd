package main

import (
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/verify"
)

// verifyFlags are the flags of verify (and later batch): a contract that
// scripts rely on.
type verifyFlags struct {
	roots      []string
	certs      []string
	offline    bool
	revocation string
	at         string
	cacheDir   string
	timeout    time.Duration
	json       bool
	// requireNonce makes a missing OCSP nonce echo an error.
	requireNonce bool
}

func (f *verifyFlags) register(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.roots, "roots", nil, "trust anchors: PEM/DER certificate, .p7b/.p7c bundle or directory (repeatable; replaces the default store)")
	fs.StringArrayVar(&f.certs, "certs", nil, "extra certificates: signers and intermediates, same forms as --roots (repeatable)")
	fs.BoolVar(&f.offline, "offline", false, "use no network at all")
	fs.StringVar(&f.revocation, "revocation", "ocsp,crl", "revocation check: ocsp,crl | ocsp | crl | none")
	fs.StringVar(&f.at, "at", "", "validation time, RFC 3339 (default now)")
	fs.StringVar(&f.cacheDir, "cache-dir", "", "cache of downloaded certificates, OCSP responses and CRLs")
	fs.DurationVar(&f.timeout, "timeout", 15*time.Second, "timeout of each network request")
	fs.BoolVar(&f.json, "json", false, "print the result as JSON")
	fs.BoolVar(&f.requireNonce, "require-nonce", false, "reject OCSP responses that do not echo the request's nonce")
}

// usageError is a command-line mistake: exit code 3 with the message.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func (f *verifyFlags) check() error {
	switch f.revocation {
	case "ocsp,crl", "ocsp", "crl", "none":
	default:
		return &usageError{fmt.Sprintf("--revocation %q: want ocsp,crl, ocsp, crl or none", f.revocation)}
	}
	if f.at != "" {
		if _, err := time.Parse(time.RFC3339, f.at); err != nil {
			return &usageError{fmt.Sprintf("--at %q: want an RFC 3339 time such as 2024-05-01T12:00:00Z", f.at)}
		}
	}
	return nil
}

func loadAll(paths []string) ([]*x509.Certificate, error) {
	var all []*x509.Certificate
	for _, p := range paths {
		certs, err := chain.LoadCertificates(p)
		if err != nil {
			return nil, err
		}
		all = append(all, certs...)
	}
	return all, nil
}

const verifyUsage = `usage: gostverify verify [flags] SIGNATURE [CONTENT]

Verifies a CMS signature (.sig, .sgn, .p7s: DER, BER, PEM or base64). For a
detached signature CONTENT defaults to SIGNATURE without its .sig, .sgn or
.p7s extension.

flags:
`

func runVerify(args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	cmd := command{name: "verify", usage: verifyUsage, minArgs: 1, maxArgs: 2, args: "SIGNATURE and optionally CONTENT"}
	fs, code, ok := cmd.parse(args, stderr, f.register)
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return errorExit(stderr, err)
	}
	report, err := verifyOne(&f, fs.Arg(0), fs.Arg(1), stderr)
	if err != nil {
		return errorExit(stderr, err)
	}
	if f.json {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			return errorExit(stderr, err)
		}
	} else {
		report.WriteText(stdout)
		fmt.Fprintln(stdout, "(--json prints this result as JSON)")
	}
	return exitCode(report.Status)
}

func errorExit(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "gostverify: error: %v\n", err)
	return exitUsage
}

func exitCode(s verify.Status) int {
	switch s {
	case verify.Valid:
		return exitValid
	case verify.Invalid:
		return exitInvalid
	}
	return exitIndeterminate
}

// verifyOne reads the signature and its content and verifies them. Errors
// are usage and I/O errors; verdicts are in the report.
func verifyOne(f *verifyFlags, sigPath, contentPath string, stderr io.Writer) (*verify.Report, error) {
	data, err := readInput(sigPath)
	if err != nil {
		return nil, err
	}
	t, err := f.trust()
	if err != nil {
		return nil, err
	}
	if f.revocation == "none" {
		fmt.Fprintf(stderr, "gostverify: warning: --revocation none: revoked certificates are not detected\n")
	}
	opts := t.verifyOptions(f)
	sd, err := cms.Parse(data)
	if err != nil {
		return verify.NotASignature(sigPath, err), nil
	}
	if sd.Content != nil {
		if contentPath != "" {
			fmt.Fprintf(stderr, "gostverify: warning: %s carries its content; %s is not used\n", sigPath, contentPath)
		}
		return verify.Signed(sigPath, sd, "", nil, opts)
	}
	if contentPath == "" {
		contentPath = defaultContent(sigPath)
		if contentPath == "" {
			return nil, &usageError{fmt.Sprintf("%s is a detached signature: name the signed document: gostverify verify %s DOCUMENT", sigPath, sigPath)}
		}
		if _, err := os.Stat(contentPath); err != nil {
			return nil, &usageError{fmt.Sprintf("%s is a detached signature and its document %s was not found; name it: gostverify verify %s DOCUMENT", sigPath, contentPath, sigPath)}
		}
	}
	content, err := os.Open(contentPath)
	if err != nil {
		return nil, err
	}
	defer content.Close()
	return verify.Signed(sigPath, sd, contentPath, content, opts)
}

// defaultContent is the document a detached signature SIGNATURE.sig (.sgn,
// .p7s) belongs to, "" if the name has no such extension.
func defaultContent(sigPath string) string {
	lower := strings.ToLower(sigPath)
	for _, ext := range []string{".sig", ".sgn", ".p7s"} {
		if strings.HasSuffix(lower, ext) && len(sigPath) > len(ext) {
			return sigPath[:len(sigPath)-len(ext)]
		}
	}
	return ""
}

// maxSignatureFile caps a signature file's size (attached content included).
const maxSignatureFile = 256 << 20

func readInput(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a signature file", path)
	}
	if fi.Size() > maxSignatureFile {
		return nil, fmt.Errorf("%s: %d bytes is larger than a signature file may be (%d MiB)", path, fi.Size(), maxSignatureFile>>20)
	}
	return os.ReadFile(path)
}
