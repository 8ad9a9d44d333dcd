package main

import (
	"fmt"
	"io"

	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
)

const selftestUsage = `usage: gostverify selftest

Checks the GOST algorithms against the standards' examples on this machine.

flags:
`

func runSelfTest(args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	cmd := command{name: "selftest", usage: selftestUsage, needs: i18n.NeedsNothing}
	if _, code, ok := cmd.parse(args, stderr, f.registerLang); !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	l := f.language()
	lines, err := gost.SelfTest()
	for _, line := range lines {
		fmt.Fprintln(stdout, line)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gostverify: error: %s\n", l.Sprintf(i18n.SelftestFailed))
		return exitInvalid
	}
	fmt.Fprintln(stdout, l.Sprintf(i18n.SelftestPassed, len(lines)))
	return exitValid
}
