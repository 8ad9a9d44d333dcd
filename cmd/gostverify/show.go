package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/verify"
)

const showUsage = `usage: gostverify show [--json] SIGNATURE

Prints what a signature contains — signers, signed and unsigned attributes,
certificates with their sign tools — without verifying anything.

flags:
`

func runShow(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("show", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, showUsage+fs.FlagUsages()) }
	asJSON := fs.Bool("json", false, "print as JSON")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitValid
		}
		return exitUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprintf(stderr, "gostverify: error: show needs one SIGNATURE\n")
		fs.Usage()
		return exitUsage
	}
	path := fs.Arg(0)
	data, err := readInput(path)
	if err != nil {
		return errorExit(stderr, err)
	}
	sd, err := cms.Parse(data)
	if err != nil {
		fmt.Fprintf(stderr, "gostverify: error: %s: %v\n", path, err)
		return exitInvalid
	}
	d := verify.Describe(path, sd)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(d); err != nil {
			return errorExit(stderr, err)
		}
		return exitValid
	}
	d.WriteText(stdout)
	return exitValid
}
