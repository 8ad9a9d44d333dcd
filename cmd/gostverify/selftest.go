package main

import (
	"fmt"
	"io"

	"github.com/gostverify/gostverify/gost"
)

func runSelfTest(args []string, stdout, stderr io.Writer) int {
	if len(args) != 0 {
		fmt.Fprintf(stderr, "gostverify: error: selftest takes no arguments\n")
		return exitUsage
	}
	lines, err := gost.SelfTest()
	for _, l := range lines {
		fmt.Fprintln(stdout, l)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gostverify: error: self-test failed: the GOST implementation on this machine gives wrong answers\n")
		return exitInvalid
	}
	fmt.Fprintf(stdout, "all %d checks passed\n", len(lines))
	return exitValid
}
