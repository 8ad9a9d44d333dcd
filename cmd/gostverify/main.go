// Command gostverify verifies Russian GOST / CryptoPro electronic signatures.
//
// Usage:
//
//	gostverify verify [flags] SIGNATURE [CONTENT]
//	gostverify batch [flags] PATH...
//	gostverify show [--json] SIGNATURE
//	gostverify extend --level T|XL1 --tsa URL [-o OUT] SIGNATURE [CONTENT]
//	gostverify chain [flags] CERT
//	gostverify roots [--roots PATH]
//	gostverify ocsp [--issuer ISSUER] [--url URL] CERT
//	gostverify tsl update [--url URL] [--tsl FILE]
//	gostverify tsl show [--json] [QUERY]
//	gostverify version
//	gostverify selftest
//	gostverify dgst [--hash NAME] FILE...
//
// Results go to stdout, diagnostics to stderr. Exit codes are documented in
// exitcodes.go.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/gostverify/gostverify/i18n"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: gostverify COMMAND [ARGS]

commands:
  verify [flags] SIGNATURE [CONTENT]
                             verify a CMS signature (see gostverify verify --help)
  batch [flags] PATH...      verify every signature in directories and zip archives,
                             with a report (see gostverify batch --help)
  show [--json] SIGNATURE    print what a signature contains, without verifying
  extend --level T|XL1 --tsa URL [-o OUT] SIGNATURE [CONTENT]
                             add a timestamp (CAdES-T) or the X Long Type 1 proofs
  chain [flags] CERT         build and validate a certificate's path, step by step
  roots [--roots PATH]       list the active trust anchors
  ocsp [flags] CERT          ask CERT's OCSP responder, step by step (--issuer, --url)
  tsl update [flags]         download, check and store the list of accredited CAs
  tsl show [flags] [QUERY]   print the CAs of the stored list, their statuses and history
  poa show [--json] FILE     print a machine-readable power of attorney (МЧД)
  report [--format F] STATE  render again the report of a batch run kept with --state
  serve [--listen ADDR]      serve the HTTP API and the web page (see gostverify serve --help)
  version                    print the version
  selftest                   check the GOST algorithms against the standards' examples
  dgst [--hash NAME] FILE... print GOST digests of files, as openssl dgst does
                             (NAME: streebog256 (default), streebog512, gost94, gost94-test)

exit codes: 0 valid/success, 1 invalid, 2 indeterminate, 3 usage or I/O error
`

// run executes one command line and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "version", "--version":
		fmt.Fprintln(stdout, "gostverify", version())
		return exitValid
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return exitValid
	case "selftest":
		return runSelfTest(args[1:], stdout, stderr)
	case "dgst":
		return runDgst(args[1:], stdout, stderr)
	case "verify":
		return runVerify(args[1:], stdout, stderr)
	case "batch":
		return runBatch(args[1:], stdout, stderr)
	case "show":
		return runShow(args[1:], stdout, stderr)
	case "extend":
		return runExtend(args[1:], stdout, stderr)
	case "chain":
		return runChain(args[1:], stdout, stderr)
	case "roots":
		return runRoots(args[1:], stdout, stderr)
	case "ocsp":
		return runOCSP(args[1:], stdout, stderr)
	case "tsl":
		return runTSL(args[1:], stdout, stderr)
	case "poa":
		return runPOA(args[1:], stdout, stderr)
	case "report":
		return runReport(args[1:], stdout, stderr)
	case "serve":
		return runServe(args[1:], stdout, stderr)
	default:
		fmt.Fprintf(stderr, "gostverify: error: %s\n%s", i18n.FromEnv().Sprintf(i18n.ErrUnknownCommand, args[0]), usage)
		return exitUsage
	}
}
