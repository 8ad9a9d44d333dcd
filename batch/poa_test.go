package batch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/poa"
	"github.com/gostverify/gostverify/verify"
)

// TestRunPOA: an EDO export (testdata/poa/edo, as a folder and as a zip)
// holds the document, the employee's signature and the МЧД with its
// signature; batch finds the МЧД and judges the employee's signature by
// it, and not the director's signature of the МЧД itself.
func TestRunPOA(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(r.URL.Path, "/")
		number := parts[len(parts)-2]
		w.Write([]byte(`{"poaNumber":"` + number + `","status":"ACTIVE","statusDate":"2026-01-01"}`))
	}))
	defer srv.Close()
	dir := "../testdata/poa"
	for _, input := range []string{filepath.Join(dir, "edo"), filepath.Join(dir, "edo.zip")} {
		for _, registry := range []*poa.Registry{{URL: srv.URL, Client: &fetch.Client{Timeout: 5 * time.Second}}, nil} {
			opts := poaBatchOptions(t, registry)
			rep, err := Run(context.Background(), []string{input}, opts)
			if err != nil {
				t.Fatal(err)
			}
			want := "valid"
			if registry == nil {
				want = "indeterminate"
			}
			seen := 0
			for _, e := range rep.Entries {
				switch {
				case strings.HasSuffix(e.Path, "doc.xml.sig"):
					seen++
					s := e.Verification.Signatures[0]
					if e.Status != Valid || e.POA != want || s.POA == nil || s.POA.Status != want || s.POA.Number != "5a1f0c3e-7b2d-4e8a-9c41-202600000001" {
						t.Errorf("%s: %s, power of attorney %q %+v", e.Path, e.Status, e.POA, s.POA)
					}
				case strings.HasSuffix(e.Path, ".xml.sig"):
					seen++
					if e.Status != Valid || e.POA != "" || e.Verification.Signatures[0].POA != nil {
						t.Errorf("%s: %s, power of attorney %q: the МЧД's own signature judged by it", e.Path, e.Status, e.POA)
					}
				}
			}
			if seen != 2 {
				t.Errorf("%s: %d signatures", input, seen)
			}
			if s := rep.Summary; (want == "valid" && s.POAValid != 1) || (want != "valid" && s.POAIndeterminate != 1) {
				t.Errorf("%s: summary %+v", input, s)
			}
		}
	}
}

// poaBatchOptions verify testdata/poa's signatures on 2026-12-01, by its
// PKI, revocation off, asking registry (nil: none).
func poaBatchOptions(t *testing.T, registry *poa.Registry) Options {
	t.Helper()
	dir := filepath.Join("..", "testdata", "poa")
	roots, err := chain.LoadStore([]string{filepath.Join(dir, "pki/root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	ca, err := chain.LoadCertificates(filepath.Join(dir, "pki/ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return Options{Jobs: 2, Verify: verify.Options{Roots: roots, Certificates: ca, RevocationOff: true,
		Policy: verify.PolicyBasic, Registry: registry, Time: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}}
}

// TestRunPOAScope: a power of attorney judges the signatures of its own
// folder, not those of a folder beside or below it (folders are checked
// in batches that never split one).
func TestRunPOAScope(t *testing.T) {
	src := filepath.Join("..", "testdata", "poa", "edo")
	dir := t.TempDir()
	copyFile := func(name, to string) {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Join(dir, to), 0o755)
		os.WriteFile(filepath.Join(dir, to, name), data, 0o644)
	}
	mchd := "ON_EMCHD_20260101_5a1f0c3e-7b2d-4e8a-9c41-202600000001.xml"
	copyFile(mchd, "a")
	copyFile(mchd+".sig", "a")
	copyFile("doc.xml", "b")
	copyFile("doc.xml.sig", "b")
	copyFile("doc.xml", "a/sub")
	copyFile("doc.xml.sig", "a/sub")
	copyFile("doc.xml", "a")
	copyFile("doc.xml.sig", "a")
	rep, err := Run(context.Background(), []string{dir}, poaBatchOptions(t, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Entries {
		switch {
		case strings.HasSuffix(e.Path, string(filepath.Separator)+filepath.Join("b", "doc.xml.sig")) && e.POA != "":
			t.Errorf("%s: judged by a power of attorney of another folder", e.Path)
		case strings.HasSuffix(e.Path, filepath.Join("sub", "doc.xml.sig")) && e.POA != "":
			t.Errorf("%s: judged by the power of attorney of the folder above", e.Path)
		case strings.HasSuffix(e.Path, filepath.Join("a", "doc.xml.sig")) && e.POA == "":
			t.Errorf("%s: not judged by the power of attorney beside it", e.Path)
		}
	}
}
