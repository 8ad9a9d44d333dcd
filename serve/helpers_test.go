package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/verify"
)

const cmsDir = "../testdata/cms"

// testAt is a validation time inside the fixtures' validity: their
// signing time (the fixtures are regenerated, so it is read from them).
func testAt(t testing.TB) time.Time {
	t.Helper()
	certs, err := chain.LoadCertificates(filepath.Join(cmsDir, "pki/signer_2012_256.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return certs[0].NotBefore.Add(48 * time.Hour)
}

// baseVerify is the verify options of the tests: testdata/cms's root as
// the anchor, its sub CA as an extra certificate, revocation off.
func baseVerify(t testing.TB) func(Params) verify.Options {
	t.Helper()
	roots, err := chain.LoadStore([]string{filepath.Join(cmsDir, "pki/root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := chain.LoadCertificates(filepath.Join(cmsDir, "pki/sub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	at := testAt(t)
	return func(Params) verify.Options {
		return verify.Options{Roots: roots, Certificates: sub, Time: at, RevocationOff: true, NetworkBudget: -1}
	}
}

// start serves a Server made with opts (Verify defaulting to baseVerify,
// TempDir to a directory of the test's) over real HTTP on 127.0.0.1.
func start(t *testing.T, opts Options) (*Server, *httptest.Server) {
	t.Helper()
	if opts.Verify == nil {
		opts.Verify = baseVerify(t)
	}
	if opts.TempDir == "" {
		opts.TempDir = t.TempDir()
	}
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		ts.Close()
		s.Close()
	})
	return s, ts
}

// file is a multipart file: the field, the name sent, and the content.
type file struct {
	field, name string
	data        []byte
}

func fixture(t testing.TB, field, path string) file {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return file{field, filepath.Base(path), data}
}

// multipartBody encodes files and fields as multipart/form-data.
func multipartBody(t testing.TB, fields map[string]string, files ...file) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for _, f := range files {
		w, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(f.data)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

// post sends a multipart request; hdr adds headers.
func post(t testing.TB, url string, hdr map[string]string, fields map[string]string, files ...file) *http.Response {
	t.Helper()
	body, ctype := multipartBody(t, fields, files...)
	req, err := http.NewRequest(http.MethodPost, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", ctype)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func do(t testing.TB, method, url string, hdr map[string]string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// decode reads a JSON answer of the status want into v.
func decode(t testing.TB, resp *http.Response, want int, v any) {
	t.Helper()
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%s", resp.Request.Method, resp.Request.URL, resp.StatusCode, want, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v\n%s", resp.Request.URL, err, body)
		}
	}
}

// wantProblem checks a problem details answer: status, content type and
// type URI.
func wantProblem(t testing.TB, resp *http.Response, typ ProblemType) Problem {
	t.Helper()
	var p Problem
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s: Content-Type %q", resp.Request.URL, ct)
	}
	decode(t, resp, typ.Status(), &p)
	if p.Type != typ || p.Status != typ.Status() || p.Title == "" || p.RequestID == "" {
		t.Errorf("%s: problem %+v, want type %s", resp.Request.URL, p, typ)
	}
	return p
}

// emptyDir fails when dir holds anything: nothing uploaded is kept.
func emptyDir(t testing.TB, dir string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if len(names) > 0 {
		t.Errorf("%s keeps %s", dir, strings.Join(names, ", "))
	}
}
