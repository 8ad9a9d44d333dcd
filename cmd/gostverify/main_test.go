package main

import (
	"net/http"
	"net/http/httptest"
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
// testdata directory, $CORPUS its cms-corpus and $TSLDATA tsl/testdata (the
// test editions of the list of accredited CAs). The command serve DIR
// serves DIR over HTTP on 127.0.0.1 for the rest of the script, at $SERVER.
func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs("../../testdata")
	if err != nil {
		t.Fatal(err)
	}
	tsldata, err := filepath.Abs("../../tsl/testdata")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  "testdata/script",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){"serve": serve},
		Setup: func(env *testscript.Env) error {
			env.Setenv("TESTDATA", testdata)
			env.Setenv("TSLDATA", tsldata)
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

// serve DIR serves the files of DIR over HTTP on 127.0.0.1 until the
// script ends, and sets $SERVER to its URL (http://127.0.0.1:PORT); a
// missing file is an HTTP 404. Loopback addresses bypass the proxies the
// scripts set.
func serve(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: serve DIR")
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(ts.MkAbs(args[0]))))
	ts.Defer(srv.Close)
	ts.Setenv("SERVER", srv.URL)
}
