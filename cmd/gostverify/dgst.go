package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
)

var hashNames = map[string]gost.Hash{
	"streebog256": gost.Streebog256,
	"streebog512": gost.Streebog512,
	"gost94":      gost.GOST94CryptoPro,
	"gost94-test": gost.GOST94Test,
}

const dgstUsage = `usage: gostverify dgst [--hash NAME] FILE...

Prints the GOST digest of each FILE as openssl dgst does: NAME(FILE)= HEX.

flags:
`

// runDgst prints "NAME(FILE)= HEX" per file, the format of openssl dgst,
// streaming each file.
func runDgst(args []string, stdout, stderr io.Writer) int {
	var name string
	var f verifyFlags
	cmd := command{name: "dgst", usage: dgstUsage, minArgs: 1, maxArgs: 1 << 20, needs: i18n.NeedsFiles}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		fs.StringVar(&name, "hash", "streebog256", "hash: streebog256, streebog512, gost94, gost94-test")
		f.registerLang(fs) // its output is openssl's format, the same in every language
	})
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	h, known := hashNames[name]
	if !known {
		return cmd.usageError(stderr, cmd.lang.Sprintf(i18n.ErrUnknownHash, name))
	}
	code = exitValid
	for _, path := range fs.Args() {
		sum, err := digestFile(h, path)
		if err != nil {
			cmd.errorExit(stderr, err)
			code = exitUsage
			continue
		}
		fmt.Fprintf(stdout, "%s(%s)= %x\n", name, path, sum)
	}
	return code
}

func digestFile(h gost.Hash, path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d := h.New()
	if _, err := io.Copy(d, f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d.Sum(nil), nil
}
