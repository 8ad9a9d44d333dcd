package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/gostverify/gostverify/extend/extendtest"
	"github.com/gostverify/gostverify/internal/gostengine"
)

// TestExtendScripts runs testdata/extend*.txtar: gostverify extend end to
// end against a TSA answering with `openssl ts -reply`, a real `openssl
// ocsp` responder and `openssl ca -gencrl` CRLs, all on 127.0.0.1 and
// started for each script (package extendtest). A script sees
// $EXTENDDATA (testdata/extend), $TSA (the TSA's base URL: $TSA/tsa is a
// good one, $TSA/reject, /nonce, /imprint, /noeku and /not-found
// misbehave), HTTP_PROXY set to the proxy that reaches the test PKI's
// OCSP and CRL hosts, and OPENSSL_CONF loading gost-engine; the command
// stop-servers stops them all.
func TestExtendScripts(t *testing.T) {
	gostengine.Require(t)
	data, err := filepath.Abs("../../testdata/extend")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata",
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"stop-servers": func(ts *testscript.TestScript, neg bool, args []string) {
				ts.Value("servers").(*extendtest.Servers).Close()
			},
			// mkzip ZIP FILE...: a zip of the files, by their base names.
			"mkzip": func(ts *testscript.TestScript, neg bool, args []string) {
				var buf bytes.Buffer
				zw := zip.NewWriter(&buf)
				for _, name := range args[1:] {
					w, err := zw.Create(filepath.Base(name))
					ts.Check(err)
					_, err = w.Write([]byte(ts.ReadFile(name)))
					ts.Check(err)
				}
				ts.Check(zw.Close())
				ts.Check(os.WriteFile(ts.MkAbs(args[0]), buf.Bytes(), 0o644))
			},
		},
		Setup: func(env *testscript.Env) error {
			srv, err := extendtest.Start(filepath.Join(data, "pki"))
			if err != nil {
				return err
			}
			env.Defer(srv.Close)
			env.Values["servers"] = srv
			env.Setenv("EXTENDDATA", data)
			env.Setenv("TSA", srv.TSA(""))
			env.Setenv("HTTP_PROXY", srv.Proxy)
			env.Setenv("HTTPS_PROXY", srv.Proxy)
			env.Setenv("NO_PROXY", "")
			env.Setenv("OPENSSL_CONF", filepath.Join(srv.Dir, "openssl.cnf"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			env.Setenv("XDG_CONFIG_HOME", filepath.Join(env.WorkDir, ".config"))
			return nil
		},
	})
}
