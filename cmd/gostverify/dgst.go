package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/gostverify/gostverify/gost"
)

var hashNames = map[string]gost.Hash{
	"streebog256": gost.Streebog256,
	"streebog512": gost.Streebog512,
	"gost94":      gost.GOST94CryptoPro,
	"gost94-test": gost.GOST94Test,
}

// runDgst prints "NAME(FILE)= HEX" per file, the format of openssl dgst,
// streaming each file.
func runDgst(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dgst", flag.ContinueOnError)
	fs.SetOutput(stderr)
	name := fs.String("hash", "streebog256", "hash: streebog256, streebog512, gost94, gost94-test")
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	h, ok := hashNames[*name]
	if !ok {
		fmt.Fprintf(stderr, "gostverify: error: unknown hash %q (streebog256, streebog512, gost94, gost94-test)\n", *name)
		return exitUsage
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "gostverify: error: dgst needs at least one FILE\n")
		return exitUsage
	}
	code := exitValid
	for _, path := range fs.Args() {
		sum, err := digestFile(h, path)
		if err != nil {
			fmt.Fprintf(stderr, "gostverify: error: %v\n", err)
			code = exitUsage
			continue
		}
		fmt.Fprintf(stdout, "%s(%s)= %x\n", *name, path, sum)
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
