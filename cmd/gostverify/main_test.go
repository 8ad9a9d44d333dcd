package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the test binary act as the gostverify command, so scripts
// run the real program as a separate process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"gostverify": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs testdata/script/*.txtar: each runs gostverify end to end
// and checks its stdout, stderr and exit code. $TESTDATA is the repository's
// testdata directory and $CORPUS its cms-corpus.
func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("TESTDATA", testdata)
			env.Setenv("CORPUS", filepath.Join(testdata, "cms-corpus"))
			// Scripts pass --offline; should one not, downloads go to a
			// closed port on this machine instead of out to a real CA.
			env.Setenv("HTTP_PROXY", "http://127.0.0.1:9")
			env.Setenv("HTTPS_PROXY", "http://127.0.0.1:9")
			env.Setenv("NO_PROXY", "")
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".config"))
			return nil
		},
	})
}
