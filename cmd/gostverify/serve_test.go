package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/chain"
	serveapi "github.com/gostverify/gostverify/serve"
)

// startServe makes the server `gostverify serve ARGS` would run, on an
// httptest server, from the same flags.
func startServe(t *testing.T, args ...string) *httptest.Server {
	t.Helper()
	var f serveFlags
	fs := pflag.NewFlagSet("serve", pflag.ContinueOnError)
	f.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	if err := f.check(); err != nil {
		t.Fatal(err)
	}
	lim, _, token, err := f.config()
	if err != nil {
		t.Fatal(err)
	}
	opts, err := f.serveOptions(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	opts.Limits, opts.Token, opts.TempDir = lim, token, t.TempDir()
	s, err := serveapi.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() { ts.Close(); s.Close() })
	return ts
}

// postFiles posts files (field=path) as multipart and returns the body.
func postFiles(t *testing.T, url string, files ...[2]string) (int, []byte) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range files {
		w, _ := mw.CreateFormFile(f[0], filepath.Base(f[1]))
		data, err := os.ReadFile(f[1])
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	mw.Close()
	resp, err := http.Post(url, mw.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// TestServeSameAsCommands: what serve answers is byte for byte what
// `gostverify verify --json` and `gostverify poa show --json` print, with
// the same flags.
func TestServeSameAsCommands(t *testing.T) {
	t.Chdir("../../testdata/cms")
	certs, err := chain.LoadCertificates("pki/signer_2012_256.pem")
	if err != nil {
		t.Fatal(err)
	}
	at := certs[0].NotBefore.AddDate(0, 0, 2).UTC().Format("2006-01-02T15:04:05Z")
	flags := []string{"--roots", "pki/root.pem", "--certs", "pki/sub.pem", "--offline", "--revocation", "none", "--at", at, "--cache-dir", t.TempDir()}
	ts := startServe(t, append(flags, "--lang", "ru")...)
	for _, c := range []struct{ sig, doc string }{
		{"invoice.xml.sig", "invoice.xml"},
		{"tampered.xml.sig", "tampered.xml"},
		{"contract.txt.attached_2012_256.sig", ""},
		{"bad_random.sig", ""},
		{"../pdf/two.pdf", ""},
	} {
		args := append([]string{"verify", "--json", "--lang", "ru"}, flags...)
		files := [][2]string{{"signature", c.sig}}
		args = append(args, c.sig)
		if c.doc != "" {
			args = append(args, c.doc)
			files = append(files, [2]string{"document", c.doc})
		}
		var stdout, stderr bytes.Buffer
		run(args, &stdout, &stderr)
		code, body := postFiles(t, ts.URL+"/v1/verify", files...)
		want := stdout.Bytes()
		if strings.HasPrefix(c.sig, "../") {
			// The command names the file as given, the server as uploaded.
			want = bytes.ReplaceAll(want, []byte(`"`+c.sig+`"`), []byte(`"`+filepath.Base(c.sig)+`"`))
		}
		if code != 200 || !bytes.Equal(body, want) {
			t.Errorf("%s: serve answered %d:\n%.800s\nverify --json printed:\n%.800s", c.sig, code, body, want)
		}
	}

	poaFile := "../poa/ON_EMCHD_20260101_5a1f0c3e-7b2d-4e8a-9c41-202600000001.xml"
	var stdout, stderr bytes.Buffer
	run([]string{"poa", "show", "--json", poaFile}, &stdout, &stderr)
	code, body := postFiles(t, ts.URL+"/v1/poa", [2]string{"poa", poaFile})
	want := bytes.ReplaceAll(stdout.Bytes(), []byte(`"`+poaFile+`"`), []byte(`"`+filepath.Base(poaFile)+`"`))
	if code != 200 || !bytes.Equal(body, want) {
		t.Errorf("poa: serve answered %d:\n%.600s\npoa show --json printed:\n%.600s", code, body, want)
	}
}

func TestServeUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--fetch-allow", "localhost"}, "--fetch-allow"},
		{[]string{"serve", "--tls-cert", "a.pem"}, "--tls-key"},
		{[]string{"serve", "--max-upload", "lots"}, "--max-upload"},
		{[]string{"serve", "--log-format", "xml"}, "--log-format"},
		{[]string{"serve", "extra"}, "takes no arguments"},
		{[]string{"serve", "--token-file", "/nonexistent/token"}, "/nonexistent/token"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != exitUsage || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%q: exit %d, stderr %q; want %d with %q", c.args, code, stderr.String(), exitUsage, c.want)
		}
	}
}

// TestServeTSL: GET /v1/tsl?q= answers what `gostverify tsl show --json
// QUERY` prints for the same list.
func TestServeTSL(t *testing.T) {
	flags := []string{"--roots", "../../testdata/cms/pki/root.pem", "--tsl", "../../tsl/testdata/list_v1.xml", "--tsl-max-age=876000h",
		"--offline", "--cache-dir", t.TempDir()}
	ts := startServe(t, flags...)
	for _, q := range []string{"", "Альфа", "7700000016", "nothing like it"} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"tsl", "show", "--json"}, flags...)
		if q != "" {
			args = append(args, q)
		}
		if code := run(args, &stdout, &stderr); code != exitValid {
			t.Fatalf("tsl show: exit %d\n%s", code, &stderr)
		}
		resp, err := http.Get(ts.URL + "/v1/tsl?q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(body, stdout.Bytes()) {
			t.Errorf("q=%q: serve answered %d:\n%.600s\ntsl show --json printed:\n%.600s", q, resp.StatusCode, body, stdout.Bytes())
		}
	}
}

// TestServePOA: a signature judged by a power of attorney (poa and
// poa_signature fields) answers what `gostverify verify --json --poa`
// prints, offline (no registry: the power is not valid).
func TestServePOA(t *testing.T) {
	t.Chdir("../../testdata/poa")
	flags := []string{"--revocation", "none", "--roots", "pki/root.pem", "--certs", "pki/ca.pem", "--at", "2026-12-01T12:00:00Z",
		"--policy", "basic", "--offline", "--cache-dir", t.TempDir()}
	ts := startServe(t, flags...)
	poa := "ON_EMCHD_20260101_5a1f0c3e-7b2d-4e8a-9c41-202600000001.xml"
	var stdout, stderr bytes.Buffer
	run(append(append([]string{"verify", "--json"}, flags...), "--poa", poa, "doc.xml.sig"), &stdout, &stderr)
	code, body := postFiles(t, ts.URL+"/v1/verify", [2]string{"signature", "doc.xml.sig"}, [2]string{"document", "doc.xml"},
		[2]string{"poa", poa}, [2]string{"poa_signature", poa + ".sig"})
	// The command found the document beside the signature (not named);
	// the API was sent it: the same check, named.
	if code != 200 || !bytes.Contains(body, []byte(`"power_of_attorney"`)) {
		t.Fatalf("serve answered %d:\n%.800s", code, body)
	}
	var got, want map[string]any
	json.Unmarshal(body, &got)
	json.Unmarshal(stdout.Bytes(), &want)
	g, _ := json.Marshal(got["signatures"])
	w, _ := json.Marshal(want["signatures"])
	if !bytes.Equal(g, w) || got["status"] != want["status"] {
		t.Errorf("signatures differ:\nserve: %.1200s\nverify --json: %.1200s", g, w)
	}
}
