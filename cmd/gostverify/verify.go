package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/pdf"
	"github.com/gostverify/gostverify/verify"
)

const verifyUsage = `usage: gostverify verify [flags] SIGNATURE [CONTENT]

Verifies a CMS signature (.sig, .sgn, .p7s, .p7m: DER, BER, PEM or base64).
For a detached signature CONTENT defaults to SIGNATURE without its .sig,
.sgn, .p7s or .p7m extension. An attached signature given a CONTENT is
checked against it: a CONTENT that is not the document the signature
carries makes the verdict invalid.

With --poa, each signature is also judged by a machine-readable power of
attorney (МЧД): its own signature, its signer (the principal's head), the
signer named as its representative, its period at the signature's time and
its status in the FNS registry (--poa-registry; never valid --offline).
The exit code is then the worse of the signature's and the power's.

Beside the verdict, under --policy qualified (the default), each
signature's qualified status (КЭП), decided with the list of accredited
CAs: --tsl FILE, else the one 'gostverify tsl update' stored in the cache
directory; without one it is unknown.

flags:
`

func runVerify(args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	cmd := command{name: "verify", usage: verifyUsage, minArgs: 1, maxArgs: 2, needs: i18n.NeedsVerify}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		f.register(fs)
		f.poa.registerFiles(fs)
		f.poa.registerRegistry(fs)
		f.registerLang(fs)
	})
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	report, err := verifyOne(&f, fs.Arg(0), fs.Arg(1), stderr)
	if err != nil {
		return cmd.fail(stderr, err)
	}
	if f.json {
		if err := writeJSON(stdout, report); err != nil {
			return cmd.errorExit(stderr, err)
		}
	} else {
		report.WriteText(stdout)
		fmt.Fprintln(stdout, f.language().Sprintf(i18n.TextJSONHint))
	}
	printHints(stderr, report, f.language())
	if len(f.poa.files) > 0 {
		if f.offline {
			fmt.Fprintf(stderr, "gostverify: hint: %s\n", f.language().Sprintf(i18n.HintPOAOffline))
		}
		return exitCode(poaExit(report))
	}
	return exitCode(report.Status)
}

// writeJSON prints v as indented JSON, with <, > and & as they are.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
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

// verifyOne reads the signature and verifies it with its document: the
// one named, else for a detached signature the file named after it.
// Errors are usage and I/O errors; verdicts are in the report.
func verifyOne(f *verifyFlags, sigPath, contentPath string, stderr io.Writer) (*verify.Report, error) {
	in, closeInput, err := openInput(sigPath, contentPath, f.language())
	if err != nil {
		return nil, err
	}
	defer closeInput()
	t, err := f.trust()
	if err != nil {
		return nil, err
	}
	if f.revocation == "none" {
		fmt.Fprintf(stderr, "gostverify: warning: %s\n", f.language().Sprintf(i18n.WarnNoRevocation))
	}
	list, _, err := f.loadList(t, stderr)
	if err != nil {
		return nil, err
	}
	if in.PDF == nil {
		switch {
		case contentPath != "":
			in.Document = fileDocument(contentPath, true, f.language())
		case verify.DocumentName(sigPath) != "":
			in.Document = fileDocument(verify.DocumentName(sigPath), false, f.language())
		}
	}
	opts := t.verifyOptions(f)
	opts.Lang = f.language()
	opts.Registry = f.poa.registryFor(f)
	if list != nil {
		opts.TSL = list.list
	}
	v := verify.New(opts)
	poas, err := f.poa.loadPOAs(context.Background(), v, f.language())
	if err != nil {
		return nil, err
	}
	in.POAs = poas
	report, err := v.Verify(context.Background(), in)
	if err == nil && qualifiedUnknown(report.Signatures) {
		qualifiedHint(stderr, f, list)
	}
	switch {
	case errors.Is(err, verify.ErrNoDocument):
		return nil, &usageError{f.language().Sprintf(i18n.ErrDetachedNoDocument, sigPath, sigPath)}
	case err != nil && contentPath == "" && in.Document != nil && errors.Is(err, fs.ErrNotExist):
		return nil, &usageError{f.language().Sprintf(i18n.ErrDetachedNotFound, sigPath, in.Document.Name, sigPath)}
	}
	return report, err
}

// fileDocument is the document at path.
func fileDocument(path string, named bool, l i18n.Lang) *verify.Document {
	return &verify.Document{Name: path, Named: named, Open: func() (io.ReadCloser, error) {
		fi, err := os.Stat(path)
		if err == nil && fi.IsDir() {
			return nil, errors.New(l.Sprintf(i18n.ErrDocumentIsDir, path))
		}
		return os.Open(path)
	}}
}

// openInput reads a signature file, or opens a PDF (which is read as it
// is verified, never whole); a CONTENT with a PDF is a usage error.
func openInput(path, content string, l i18n.Lang) (verify.Input, func(), error) {
	in := verify.Input{Name: path}
	if f, err := os.Open(path); err == nil {
		head := make([]byte, 1024)
		n, _ := io.ReadFull(f, head)
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && pdf.IsPDF(head[:n]) {
			if content != "" {
				f.Close()
				return in, nil, &usageError{l.Sprintf(i18n.ErrPDFWithContent, path)}
			}
			in.PDF = &verify.PDFFile{R: f, Size: fi.Size()}
			return in, func() { f.Close() }, nil
		}
		f.Close()
	}
	data, err := readInput(path, l)
	in.Data = data
	return in, func() {}, err
}

func readInput(path string, l i18n.Lang) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errors.New(l.Sprintf(i18n.ErrSignatureIsDir, path))
	}
	if fi.Size() > verify.MaxSignatureSize {
		return nil, errors.New(l.Sprintf(i18n.ErrSignatureTooLarge, path, fi.Size(), verify.MaxSignatureSize>>20))
	}
	return os.ReadFile(path)
}
