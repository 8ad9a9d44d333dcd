package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

const showUsage = `usage: gostverify show [--json] SIGNATURE

Prints what a signature contains — signers with the CAdES form their
attributes show, signed and unsigned attributes with what they hold
(timestamps with their time, TSA and policy; the counts of certificate and
revocation references and values), certificates with their sign tools —
without verifying anything. Exit code 0 when the file was read, 3 when it
is not a readable signature.

flags:
`

func runShow(args []string, stdout, stderr io.Writer) int {
	var asJSON bool
	var f verifyFlags
	cmd := command{name: "show", usage: showUsage, minArgs: 1, maxArgs: 1, needs: i18n.NeedsShow}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print as JSON")
		f.registerLang(fs)
	})
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	path := fs.Arg(0)
	in, closeInput, err := openInput(path, "", f.language())
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	defer closeInput()
	if in.PDF != nil {
		return showPDF(cmd, path, in.PDF, asJSON, f.language(), stdout, stderr)
	}
	data := in.Data
	sd, err := cms.Parse(data)
	if err != nil {
		// show verifies nothing, so this is no verdict: an input error.
		return cmd.errorExit(stderr, &notSignature{path, err})
	}
	d := verify.Describe(path, sd)
	if asJSON {
		if err := writeJSON(stdout, d); err != nil {
			return cmd.errorExit(stderr, err)
		}
		return exitValid
	}
	if err := d.WriteText(stdout, f.language()); err != nil {
		return cmd.errorExit(stderr, err)
	}
	return exitValid
}

// notSignature is a file show cannot read as a signature: the parser's
// words in English, verify.ParseDetail's in another language.
type notSignature struct {
	path string
	err  error
}

func (e *notSignature) Error() string         { return e.path + ": " + e.err.Error() }
func (e *notSignature) In(l i18n.Lang) string { return e.path + ": " + verify.ParseDetail(l, e.err) }
func (e *notSignature) Unwrap() error         { return e.err }

// showPDF prints the signatures inside a PDF: each one's dictionary, then
// what its CMS holds.
func showPDF(cmd command, path string, f *verify.PDFFile, asJSON bool, l i18n.Lang, stdout, stderr io.Writer) int {
	d, err := verify.DescribePDF(path, f, cms.Parse)
	var pe *verify.PDFError
	if errors.As(err, &pe) {
		return cmd.errorExit(stderr, fmt.Errorf("%s: %s", path, pe.In(l)))
	}
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	if asJSON {
		if err := writeJSON(stdout, d); err != nil {
			return cmd.errorExit(stderr, err)
		}
		return exitValid
	}
	if len(d.Signatures) == 0 {
		fmt.Fprintln(stdout, l.Sprintf(i18n.ShowPDFNone, path))
	}
	for i, s := range d.Signatures {
		p := s.PDF
		fmt.Fprintln(stdout, l.Sprintf(i18n.ShowPDFSignature, i+1, p.Field, p.SubFilter, p.Revision, p.ByteRange[0], p.ByteRange[1], p.ByteRange[2], p.ByteRange[3]))
		for _, kv := range [][2]string{{"Name", p.Name}, {"Reason", p.Reason}, {"Location", p.Location}} {
			if kv[1] != "" {
				fmt.Fprintf(stdout, "  /%s: %s\n", kv[0], kv[1])
			}
		}
		if p.ClaimedTime != nil {
			fmt.Fprintf(stdout, "  /M: %s\n", p.ClaimedTime.Format("2006-01-02 15:04:05 UTC"))
		}
		fmt.Fprintln(stdout, l.Sprintf(i18n.ShowPDFCovers, p.CoversWholeFile, p.CoversRevision, p.ModifiedAfter))
		if s.Error != "" {
			fmt.Fprintf(stdout, "  %s\n", s.Error)
			continue
		}
		if err := s.CMS.WriteText(stdout, l); err != nil {
			return cmd.errorExit(stderr, err)
		}
	}
	return exitValid
}
