package main

import (
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
	data, err := readInput(path, f.language())
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
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
