package chain

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
)

// aiaServer serves the files written by testdata/aia/gen.sh at the paths
// its certificates' caIssuers URLs name, and misbehaves at the others the
// way real CA web servers do: a 404, an HTML page with status 200, a hang,
// an endless body, a redirect loop. When broken is set it answers 500 to
// everything. hits counts requests.
type aiaServer struct {
	dir    string
	broken atomic.Bool
	hits   atomic.Int64
}

func (s *aiaServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	if s.broken.Load() {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	files := map[string]string{
		"/root.der":        "application/pkix-cert",
		"/sub.der":         "application/pkix-cert",
		"/sub.pem":         "application/x-pem-file",
		"/sub.p7b":         "application/pkcs7-mime",
		"/other.der":       "application/pkix-cert",
		"/other_noski.der": "application/pkix-cert",
	}
	if ct, ok := files[r.URL.Path]; ok {
		data, err := os.ReadFile(filepath.Join(s.dir, r.URL.Path[1:]))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", ct)
		w.Write(data)
		return
	}
	switch r.URL.Path {
	case "/html":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html>\n<html><head><title>Вход в систему</title></head><body>Please log in</body></html>\n"))
	case "/slow":
		// Longer than the client's timeout, but give up as soon as the
		// client does, so that Close does not wait.
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
	case "/big":
		// No Content-Length: the client must stop reading by itself.
		w.Header().Set("Content-Type", "application/pkix-cert")
		chunk := bytes.Repeat([]byte{0x30}, 32<<10)
		for range 64 { // 2 MiB, far over the client's 64 KiB
			if _, err := w.Write(chunk); err != nil || r.Context().Err() != nil {
				return
			}
		}
	case "/loop":
		http.Redirect(w, r, "/loop", http.StatusFound)
	default: // including /missing.der
		http.NotFound(w, r)
	}
}

// aiaPEMCert reads the first certificate of a PEM file.
func aiaPEMCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// aiaAttempt is the part of a fetch.Attempt a case asserts.
type aiaAttempt struct {
	path   string // URL path under the server
	method string // "" means GET
	class  fetch.Class
	status int
}

// TestAIAServer builds paths for certificates whose issuer is only
// reachable through their AIA "CA Issuers" URLs, served by a local HTTP
// server, with a PKI made by OpenSSL + gost-engine at test time
// (testdata/aia/gen.sh; see testdata/aia/README.md).
func TestAIAServer(t *testing.T) {
	gostengine.Require(t)
	dir := t.TempDir()
	srv := &aiaServer{dir: dir}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	if !strings.HasPrefix(ts.URL, "http://127.0.0.1:") {
		t.Fatalf("test server at %s, want 127.0.0.1", ts.URL)
	}

	// gen.sh also checks the PKI with `openssl verify -CAfile root.pem
	// -untrusted sub.pem leaf_*.pem`: it fails unless every leaf verifies.
	out, err := exec.Command("bash", "../testdata/aia/gen.sh", dir, ts.URL).CombinedOutput()
	if err != nil {
		t.Fatalf("testdata/aia/gen.sh: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("all checks passed")) {
		t.Fatalf("testdata/aia/gen.sh did not report success:\n%s", out)
	}

	root := aiaPEMCert(t, filepath.Join(dir, "root.pem"))
	sub := aiaPEMCert(t, filepath.Join(dir, "sub.pem"))
	otherNoSKI := aiaPEMCert(t, filepath.Join(dir, "other_noski.pem"))
	roots := NewStore(&Anchor{Cert: root})
	now := time.Now()
	url := func(path string) string { return ts.URL + path }

	newAIA := func(cacheDir string, offline bool) *AIA {
		return &AIA{
			Client:   &fetch.Client{Timeout: 500 * time.Millisecond, MaxSize: 64 << 10, Offline: offline},
			CacheDir: cacheDir,
		}
	}
	build := func(leaf *x509.Certificate, a *AIA) *Result {
		return Build(leaf, Options{Roots: roots, Time: now, FetchIssuers: a.For(context.Background()), Leaf: LeafSigning})
	}
	checkAttempts := func(t *testing.T, a *AIA, want []aiaAttempt) {
		t.Helper()
		if len(a.Attempts) != len(want) {
			t.Fatalf("%d attempts %+v, want %d", len(a.Attempts), a.Attempts, len(want))
		}
		for i, w := range want {
			got := a.Attempts[i]
			method := w.method
			if method == "" {
				method = http.MethodGet
			}
			if got.Method != method || got.URL != url(w.path) || got.Class != w.class || got.Status != w.status {
				t.Errorf("attempt %d = %s %s class %q status %d (%s), want %s %s class %q status %d",
					i, got.Method, got.URL, got.Class, got.Status, got.Err, method, url(w.path), w.class, w.status)
			}
			if w.class == "" && got.Err != "" {
				t.Errorf("attempt %d: successful attempt with error %q", i, got.Err)
			}
			if w.class != "" && got.Err == "" {
				t.Errorf("attempt %d: failed attempt without an error message", i)
			}
		}
	}
	// checkPath asserts leaf -> sub CA (from source) -> root (anchor).
	checkPath := func(t *testing.T, r *Result, leaf *x509.Certificate, source string) {
		t.Helper()
		if r.Err != nil {
			t.Fatalf("Build: %v", r.Err)
		}
		if len(r.Path) != 3 {
			t.Fatalf("path of %d certificates, want 3", len(r.Path))
		}
		for i, w := range []Link{{leaf, "certificate"}, {sub, source}, {root, "roots"}} {
			if !r.Path[i].Cert.Equal(w.Cert) || r.Path[i].Source != w.Source {
				t.Errorf("path[%d] = %s from %q, want %s from %q",
					i, displayName(r.Path[i].Cert), r.Path[i].Source, displayName(w.Cert), w.Source)
			}
		}
		if len(r.Rejected) != 0 {
			t.Errorf("rejected %d candidates on a straight path: %+v", len(r.Rejected), r.Rejected)
		}
	}
	checkNoPath := func(t *testing.T, r *Result, leaf *x509.Certificate, nRejected int) *Error {
		t.Helper()
		if len(r.Path) != 0 {
			t.Fatalf("got a path of %d certificates, want none", len(r.Path))
		}
		var e *Error
		if !errors.As(r.Err, &e) {
			t.Fatalf("Err = %v, want a *chain.Error", r.Err)
		}
		if e.Reason != NoPath {
			t.Errorf("Reason = %d, want NoPath (%d): %v", e.Reason, NoPath, e)
		}
		if e.Cert != leaf {
			t.Errorf("Error.Cert = %s, want the leaf", displayName(e.Cert))
		}
		if len(r.Rejected) != nRejected || len(e.Errs) != nRejected {
			t.Errorf("%d rejected, %d errors, want %d: %v", len(r.Rejected), len(e.Errs), nRejected, e)
		}
		return e
	}

	tests := []struct {
		leaf     string
		attempts []aiaAttempt
		// source of the sub CA in the path; "" means no path is expected
		source    string
		nRejected int
	}{
		{"leaf_der", []aiaAttempt{{path: "/sub.der", status: http.StatusOK}}, url("/sub.der"), 0},
		{"leaf_pem", []aiaAttempt{{path: "/sub.pem", status: http.StatusOK}}, url("/sub.pem"), 0},
		{"leaf_p7b", []aiaAttempt{{path: "/sub.p7b", status: http.StatusOK}}, url("/sub.p7b"), 0},
		{"leaf_fallback", []aiaAttempt{
			{path: "/missing.der", class: fetch.HTTPStatus, status: http.StatusNotFound},
			{path: "/sub.der", status: http.StatusOK},
		}, url("/sub.der"), 0},
		{"leaf_html", []aiaAttempt{{path: "/html", class: fetch.HTML, status: http.StatusOK}}, "", 0},
		{"leaf_slow", []aiaAttempt{{path: "/slow", class: fetch.Timeout}}, "", 0},
		{"leaf_big", []aiaAttempt{{path: "/big", class: fetch.TooLarge, status: http.StatusOK}}, "", 0},
		{"leaf_loop", []aiaAttempt{{path: "/loop", class: fetch.TooManyRedirects, status: http.StatusFound}}, "", 0},
		// other.der downloads fine and has the sub CA's name, but its
		// subject key identifier differs from the leaf's authority key
		// identifier, so candidates() drops it before any signature check:
		// both identifiers are present and disagree, which says it is
		// another key, and trying it would only spend a signature check.
		// Hence NoPath with nothing in Rejected (and not Constraints, which
		// is for an issuer matched by key identifier that then fails). The
		// download shows only in AIA.Attempts.
		{"leaf_wrong", []aiaAttempt{{path: "/other.der", status: http.StatusOK}}, "", 0},
		// The same CA without a subject key identifier is matched by name
		// only, so it is tried: its signature check fails, it is reported
		// in Rejected, and the reason is still NoPath, since nothing tied
		// it to the leaf's authority key identifier.
		{"leaf_wrong_noski", []aiaAttempt{{path: "/other_noski.der", status: http.StatusOK}}, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.leaf, func(t *testing.T) {
			leaf := aiaPEMCert(t, filepath.Join(dir, tt.leaf+".pem"))
			a := newAIA(t.TempDir(), false)
			start := time.Now()
			r := build(leaf, a)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("Build took %v", d)
			}
			// The sub CA's own caIssuers URL (root.der) is never needed:
			// its issuer is an anchor. checkAttempts fails on any extra
			// attempt.
			checkAttempts(t, a, tt.attempts)
			if tt.source != "" {
				checkPath(t, r, leaf, tt.source)
				return
			}
			e := checkNoPath(t, r, leaf, tt.nRejected)
			if tt.nRejected > 0 {
				rej := r.Rejected[0]
				if !rej.Candidate.Equal(otherNoSKI) || rej.Subject != leaf || rej.Source != url("/other_noski.der") {
					t.Errorf("rejected %s from %q for %s, want other_noski.pem from %s",
						displayName(rej.Candidate), rej.Source, displayName(rej.Subject), url("/other_noski.der"))
				}
				if linkReason(rej.Err) != BadSignature {
					t.Errorf("rejected for %v, want BadSignature", rej.Err)
				}
				t.Logf("%v", e)
			}
		})
	}

	leafDER := aiaPEMCert(t, filepath.Join(dir, "leaf_der.pem"))
	t.Run("cache", func(t *testing.T) {
		cache := t.TempDir()
		a := newAIA(cache, false)
		checkPath(t, build(leafDER, a), leafDER, url("/sub.der"))
		checkAttempts(t, a, []aiaAttempt{{path: "/sub.der", status: http.StatusOK}})

		srv.broken.Store(true)
		defer srv.broken.Store(false)
		before := srv.hits.Load()
		a = newAIA(cache, false)
		checkPath(t, build(leafDER, a), leafDER, "cache")
		checkAttempts(t, a, []aiaAttempt{{path: "/sub.der", method: "CACHE"}})
		if n := srv.hits.Load() - before; n != 0 {
			t.Errorf("%d requests with a cached issuer, want 0", n)
		}

		// The same cache also serves an offline client.
		a = newAIA(cache, true)
		checkPath(t, build(leafDER, a), leafDER, "cache")
		checkAttempts(t, a, []aiaAttempt{{path: "/sub.der", method: "CACHE"}})

		// Without the cache the broken server is really broken.
		a = newAIA(t.TempDir(), false)
		checkNoPath(t, build(leafDER, a), leafDER, 0)
		checkAttempts(t, a, []aiaAttempt{{path: "/sub.der", class: fetch.HTTPStatus, status: http.StatusInternalServerError}})
	})

	t.Run("offline", func(t *testing.T) {
		before := srv.hits.Load()
		a := newAIA(t.TempDir(), true)
		checkNoPath(t, build(leafDER, a), leafDER, 0)
		checkAttempts(t, a, []aiaAttempt{{path: "/sub.der", class: fetch.Offline}})
		if n := srv.hits.Load() - before; n != 0 {
			t.Errorf("%d requests while offline, want 0", n)
		}
	})

	// A same-named certificate with another key among the known
	// intermediates (a stale copy in the signature or --certs) does not
	// stop the download of the real issuer.
	t.Run("stale intermediate", func(t *testing.T) {
		a := newAIA(t.TempDir(), false)
		r := Build(leafDER, Options{Roots: roots, Time: now, FetchIssuers: a.For(context.Background()), Leaf: LeafSigning,
			Intermediates: []Candidate{{Cert: otherNoSKI, Source: "certs"}}})
		if r.Err != nil || len(r.Path) != 3 || r.Path[1].Source != url("/sub.der") {
			t.Fatalf("path %v, err %v; want the downloaded sub CA", describePath(r.Path), r.Err)
		}
		if len(r.Rejected) != 1 || r.Rejected[0].Candidate != otherNoSKI {
			t.Errorf("rejected %+v, want the stale intermediate", r.Rejected)
		}
	})

	// A cache entry that holds the wrong CA is not used: the issuer is
	// downloaded again and the entry replaced.
	t.Run("wrong cache entry", func(t *testing.T) {
		cache := t.TempDir()
		a := newAIA(cache, false)
		wrong, err := os.ReadFile(filepath.Join(dir, "other.der"))
		if err != nil {
			t.Fatal(err)
		}
		a.store(url("/sub.der"), wrong)
		checkPath(t, build(leafDER, a), leafDER, url("/sub.der"))
		checkAttempts(t, a, []aiaAttempt{{path: "/sub.der", status: http.StatusOK}})
		a = newAIA(cache, true)
		checkPath(t, build(leafDER, a), leafDER, "cache")

		// A damaged body (its hash no longer matches its name) is not used.
		hash, err := os.ReadFile(a.cachePath(url("/sub.der")))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(a.blobPath(string(hash)), wrong, 0o644); err != nil {
			t.Fatal(err)
		}
		a = newAIA(cache, true)
		checkNoPath(t, build(leafDER, a), leafDER, 0)
	})
	t.Run("one download for many builds", func(t *testing.T) {
		a := newAIA("", false)
		sigs := &SignatureCache{}
		before := srv.hits.Load()
		var wg sync.WaitGroup
		for range 16 {
			wg.Go(func() {
				r := Build(leafDER, Options{Roots: roots, Time: now, FetchIssuers: a.For(context.Background()), Leaf: LeafSigning, Signatures: sigs})
				checkPath(t, r, leafDER, url("/sub.der"))
			})
		}
		wg.Wait()
		if n := srv.hits.Load() - before; n != 1 {
			t.Errorf("%d downloads, want 1", n)
		}
		if len(sigs.results) != 2 {
			t.Errorf("%d links remembered, want 2 (leaf-sub, sub-root)", len(sigs.results))
		}
	})
}
