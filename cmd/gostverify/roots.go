package main

import (
	"crypto/sha256"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

const rootsUsage = `usage: gostverify roots [--roots PATH]...

Lists the active trust anchors: the embedded Минцифры/Минкомсвязь/ГУЦ roots
and $XDG_CONFIG_HOME/gostverify/roots, or those given with --roots.

flags:
`

func runRoots(args []string, stdout, stderr io.Writer) int {
	var f verifyFlags
	cmd := command{name: "roots", usage: rootsUsage, needs: i18n.NeedsNothing}
	register := func(fs *pflag.FlagSet) {
		fs.StringArrayVar(&f.roots, "roots", nil, "trust anchors instead of the default store (repeatable)")
		f.registerLang(fs)
	}
	if _, code, ok := cmd.parse(args, stderr, register); !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	l := f.language()
	f.offline = true
	t, err := f.trust()
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	for _, a := range t.roots.Anchors() {
		sum := sha256.Sum256(a.Cert.Raw)
		fmt.Fprintln(stdout, l.Sprintf(i18n.RootsAnchor, verify.FormatName(a.Cert.Subject), day(a.Cert.NotBefore), day(a.Cert.NotAfter), sum, a.Source))
	}
	fmt.Fprintln(stdout, l.Sprintf(i18n.RootsCount, len(t.roots.Anchors())))
	return exitValid
}
