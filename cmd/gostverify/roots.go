package main

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/verify"
)

func runRoots(args []string, stdout, stderr io.Writer) int {
	fs := pflag.NewFlagSet("roots", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var f verifyFlags
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return exitValid
		}
		return exitUsage
	}
	f.offline = true
	t, err := f.trust()
	if err != nil {
		return errorExit(stderr, err)
	}
	for _, a := range t.roots.Anchors() {
		sum := sha256.Sum256(a.Cert.Raw)
		fmt.Fprintf(stdout, "%s\n  valid %s to %s, SHA-256 %X\n  from %s\n", verify.FormatName(a.Cert.Subject),
			day(a.Cert.NotBefore), day(a.Cert.NotAfter), sum, a.Source)
	}
	fmt.Fprintf(stdout, "%d trust anchors\n", len(t.roots.Anchors()))
	return exitValid
}
