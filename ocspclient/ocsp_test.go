package ocspclient

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
)

const pkiDir = "../testdata/cms/pki"

func loadCert(t testing.TB, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := pem.Decode(data); b != nil {
		data = b.Bytes
	}
	c, err := x509.ParseCertificate(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// noKeepAlive: `openssl ocsp` serves one connection at a time, so clients
// must not hold idle connections to it.
func noKeepAlive() *http.Transport { return &http.Transport{DisableKeepAlives: true} }

func newClient() *Client {
	return &Client{HTTP: &fetch.Client{Timeout: 20 * time.Second, Transport: noKeepAlive()}}
}

func wantClass(t *testing.T, err error, class Class) *Error {
	t.Helper()
	var oe *Error
	if !errors.As(err, &oe) {
		t.Fatalf("got error %v (%T), want *Error with class %s", err, err, class)
	}
	if oe.Class != class {
		t.Fatalf("got class %s, want %s; error: %v", oe.Class, class, err)
	}
	if oe.Explain() == "" {
		t.Errorf("empty explanation for %s", class)
	}
	if strings.Contains(oe.Explain(), "CRL") {
		t.Errorf("an OCSP failure explained as a CRL one: %s", oe.Explain())
	}
	return oe
}

// ocspResponseStatus is an OCSPResponse without responseBytes.
func ocspResponseStatus(s byte) []byte { return []byte{0x30, 0x03, 0x0a, 0x01, s} }

// TestMisbehavingServers needs no OpenSSL: servers that never send a
// signed response.
func TestMisbehavingServers(t *testing.T) {
	cert := loadCert(t, filepath.Join(pkiDir, "signer_2012_256.pem"))
	issuer := loadCert(t, filepath.Join(pkiDir, "sub.pem"))
	bytesHandler := func(ct string, body []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.Write(body)
		}
	}
	const ctOCSP = "application/ocsp-response"
	tests := []struct {
		name     string
		handler  http.HandlerFunc
		class    Class
		attempts int
	}{
		{"404", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, Class(fetch.HTTPStatus), 1},
		{"500", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) }, Class(fetch.HTTPStatus), 1},
		{"405 on POST and GET", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", http.StatusMethodNotAllowed) }, Class(fetch.HTTPStatus), 2},
		{"html", bytesHandler("text/html", []byte("<!DOCTYPE html><html><title>Login</title></html>")), Class(fetch.HTML), 1},
		{"truncated transfer", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "100")
			w.Write([]byte{0x30, 0x62, 0x0a, 0x01, 0x00})
		}, Class(fetch.Truncated), 1},
		{"truncated DER", bytesHandler(ctOCSP, []byte{0x30, 0x62, 0x0a, 0x01, 0x00, 0xa0}), NotOCSP, 1},
		{"text", bytesHandler("text/plain", []byte("OCSP responder is down for maintenance")), NotOCSP, 1},
		{"trailing data", bytesHandler(ctOCSP, append(ocspResponseStatus(3), 0)), NotOCSP, 1},
		{"malformedRequest", bytesHandler(ctOCSP, ocspResponseStatus(1)), MalformedRequest, 1},
		{"internalError", bytesHandler(ctOCSP, ocspResponseStatus(2)), InternalError, 1},
		{"tryLater", bytesHandler(ctOCSP, ocspResponseStatus(3)), TryLater, 1},
		{"sigRequired", bytesHandler(ctOCSP, ocspResponseStatus(5)), SigRequired, 1},
		{"unauthorized for every hash", bytesHandler(ctOCSP, ocspResponseStatus(6)), Unauthorized, 3},
		{"successful without responseBytes", bytesHandler(ctOCSP, ocspResponseStatus(0)), NotOCSP, 1},
		{"hangs past the timeout", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second): // well past the 300 ms timeout
			}
		}, Class(fetch.Timeout), 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newClient()
			if tt.class == Class(fetch.Timeout) {
				c.HTTP.Timeout = 300 * time.Millisecond // the case waits for it
			}
			res, err := c.Check(context.Background(), cert, issuer, srv.URL+"/ocsp", time.Time{})
			oe := wantClass(t, err, tt.class)
			if oe.URL != srv.URL+"/ocsp" {
				t.Errorf("URL %q", oe.URL)
			}
			if res == nil || len(res.Attempts) != tt.attempts {
				t.Fatalf("attempts: %+v, want %d", res, tt.attempts)
			}
			if a := res.Attempts[len(res.Attempts)-1]; a.Class != string(tt.class) {
				t.Errorf("last attempt class %s, want %s", a.Class, tt.class)
			}
			if tt.class == Unauthorized {
				var hashes []HashAlg
				for _, a := range res.Attempts {
					hashes = append(hashes, a.Hash)
				}
				if hashes[0] != SHA1 || hashes[1] != SHA256 || hashes[2] != Streebog256 {
					t.Errorf("hashes tried: %v", hashes)
				}
				if n := len(oe.Previous); n != 2 {
					t.Errorf("%d earlier failures kept, want 2", n)
				}
			}
		})
	}
}

func TestRefused(t *testing.T) {
	cert := loadCert(t, filepath.Join(pkiDir, "signer_2012_256.pem"))
	issuer := loadCert(t, filepath.Join(pkiDir, "sub.pem"))
	url := "http://127.0.0.1:" + strconv.Itoa(freePort(t)) + "/ocsp"
	_, err := newClient().Check(context.Background(), cert, issuer, url, time.Time{})
	oe := wantClass(t, err, Class(fetch.Refused))
	var fe *fetch.Error
	if !errors.As(oe, &fe) {
		t.Errorf("transport error does not wrap *fetch.Error")
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func run(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("openssl", args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// pki is a copy of the sub CA with an OCSP index and responder certificates.
type pki struct {
	dir                          string
	issuer, good, revoked, other *x509.Certificate
}

// newPKI writes into a temporary directory: the sub CA's certificate and
// key, an index where signer_2012_256 is valid, signer_2001 revoked
// (keyCompromise, 2025-01-01) and signer_2012_512 absent, and two delegated
// responder certificates issued by the sub CA: resp_eku.pem (OCSPSigning,
// ocsp-nocheck) and resp_noeku.pem (clientAuth only).
func newPKI(t *testing.T) *pki {
	t.Helper()
	gostengine.Require(t)
	dir := t.TempDir()
	for _, f := range []string{"sub.pem", "sub.key.pem"} {
		data, err := os.ReadFile(filepath.Join(pkiDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	p := &pki{
		dir:     dir,
		issuer:  loadCert(t, filepath.Join(pkiDir, "sub.pem")),
		good:    loadCert(t, filepath.Join(pkiDir, "signer_2012_256.pem")),
		revoked: loadCert(t, filepath.Join(pkiDir, "signer_2001.pem")),
		other:   loadCert(t, filepath.Join(pkiDir, "signer_2012_512.pem")),
	}
	index, err := os.ReadFile(filepath.Join(pkiDir, "sub.index.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(strings.TrimRight(string(index), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			t.Fatalf("index line %q", line)
		}
		switch f[3] {
		case strings.ToUpper(p.other.SerialNumber.Text(16)):
			continue
		case strings.ToUpper(p.revoked.SerialNumber.Text(16)):
			f[0], f[2] = "R", "250101000000Z,keyCompromise"
		}
		out = append(out, strings.Join(f, "\t"))
	}
	if err := os.WriteFile(filepath.Join(dir, "index.txt"), []byte(strings.Join(out, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	exts := "[eku]\nextendedKeyUsage=OCSPSigning\n1.3.6.1.5.5.7.48.1.5=ASN1:NULL\n" +
		"[noeku]\nextendedKeyUsage=clientAuth\n"
	if err := os.WriteFile(filepath.Join(dir, "ext.cnf"), []byte(exts), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"eku", "noeku"} {
		run(t, dir, "genpkey", "-engine", "gost", "-algorithm", "gost2012_256", "-pkeyopt", "paramset:A",
			"-out", "resp_"+name+".key.pem")
		run(t, dir, "req", "-engine", "gost", "-new", "-key", "resp_"+name+".key.pem",
			"-subj", "/CN=OCSP responder "+name, "-out", "resp_"+name+".csr")
		run(t, dir, "x509", "-engine", "gost", "-req", "-in", "resp_"+name+".csr", "-CA", "sub.pem",
			"-CAkey", "sub.key.pem", "-set_serial", strconv.Itoa(0x5150+i), "-days", "2",
			"-extfile", "ext.cnf", "-extensions", name, "-out", "resp_"+name+".pem")
	}
	return p
}

// responder starts `openssl ocsp` signing with rsigner/rkey and returns
// its URL.
func (p *pki) responder(t *testing.T, rsigner, rkey string) string {
	return gostengine.OCSPResponder(t, p.dir, "index.txt", "sub.pem", rsigner, rkey)
}

func TestRealResponder(t *testing.T) {
	p := newPKI(t)
	caURL := p.responder(t, "sub.pem", "sub.key.pem")
	ekuURL := p.responder(t, "resp_eku.pem", "resp_eku.key.pem")
	noEKUURL := p.responder(t, "resp_noeku.pem", "resp_noeku.key.pem")

	tests := []struct {
		name      string
		url       string
		cert      *x509.Certificate
		status    Status
		class     Class
		delegated bool
		attempts  int
	}{
		{"good, signed by the CA", caURL, p.good, Good, "", false, 1},
		{"revoked, signed by the CA", caURL, p.revoked, Revoked, "", false, 1},
		{"unknown, signed by the CA", caURL, p.other, Unknown, "", false, 3},
		{"good, delegated responder", ekuURL, p.good, Good, "", true, 1},
		{"revoked, delegated responder", ekuURL, p.revoked, Revoked, "", true, 1},
		{"delegated responder without OCSPSigning", noEKUURL, p.good, "", UnauthorizedResponder, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := newClient().Check(context.Background(), tt.cert, p.issuer, tt.url, time.Time{})
			if tt.class != "" {
				wantClass(t, err, tt.class)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tt.status {
				t.Fatalf("status %s, want %s", res.Status, tt.status)
			}
			if len(res.Attempts) != tt.attempts {
				t.Errorf("%d attempts, want %d: %+v", len(res.Attempts), tt.attempts, res.Attempts)
			}
			if res.Delegated != tt.delegated || res.NoCheck != tt.delegated {
				t.Errorf("delegated %v nocheck %v, want %v", res.Delegated, res.NoCheck, tt.delegated)
			}
			if !res.NonceEchoed {
				t.Errorf("nonce not echoed")
			}
			if res.Responder == nil || (!tt.delegated && !res.Responder.Equal(p.issuer)) {
				t.Errorf("responder %v", res.Responder)
			}
			if res.NextUpdate.Sub(res.ThisUpdate) != 24*time.Hour {
				t.Errorf("thisUpdate %v nextUpdate %v", res.ThisUpdate, res.NextUpdate)
			}
			wantReason, wantAt := -1, time.Time{}
			if tt.status == Revoked {
				wantReason, wantAt = 1, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			}
			if res.RevocationReason != wantReason || !res.RevokedAt.Equal(wantAt) {
				t.Errorf("revoked at %v reason %d, want %v %d", res.RevokedAt, res.RevocationReason, wantAt, wantReason)
			}
			a := res.Attempts[0]
			if a.Method != http.MethodPost || a.Status != 200 || a.Hash != SHA1 || a.Class != "" ||
				a.ContentType != "application/ocsp-response" {
				t.Errorf("attempt %+v", a)
			}
		})
	}
}

// query posts a request for cert (SHA-1 CertID, with a nonce if nonce) to
// url and returns the raw answer.
func query(t *testing.T, url string, cert, issuer *x509.Certificate, withNonce bool) []byte {
	t.Helper()
	id, err := newCertID(SHA1, cert, issuer)
	if err != nil {
		t.Fatal(err)
	}
	var nonce []byte
	if withNonce {
		if nonce, err = newNonce(); err != nil {
			t.Fatal(err)
		}
	}
	req, err := marshalRequest(id, nonce)
	if err != nil {
		t.Fatal(err)
	}
	return forward(t, url, req)
}

func forward(t *testing.T, url string, req []byte) []byte {
	hc := &http.Client{Transport: noKeepAlive(), Timeout: 20 * time.Second}
	resp, err := hc.Post(url, "application/ocsp-request", bytes.NewReader(req))
	if err != nil {
		t.Error(err)
		return nil
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Error(err)
	}
	return body
}

// TestMisbehavingWithRealResponses uses answers of the real responder,
// replayed, altered or relayed by a fake server.
func TestMisbehavingWithRealResponses(t *testing.T) {
	p := newPKI(t)
	caURL := p.responder(t, "sub.pem", "sub.key.pem")
	goodDER := query(t, caURL, p.good, p.issuer, true)
	otherDER := query(t, caURL, p.revoked, p.issuer, true)

	badSig := bytes.Clone(goodDER)
	parsed, err := parseResponse(badSig)
	if err != nil {
		t.Fatal(err)
	}
	parsed.signature[len(parsed.signature)-1] ^= 0xff // the slice points into badSig

	replay := func(der []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/ocsp-response")
			w.Write(der)
		}
	}
	relay := func(edit func([]byte) []byte) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			req, _ := io.ReadAll(r.Body)
			w.Header().Set("Content-Type", "application/ocsp-response")
			w.Write(forward(t, caURL, edit(req)))
		}
	}
	var calls atomic.Int32
	tests := []struct {
		name         string
		handler      http.HandlerFunc
		now          time.Time
		requireNonce bool
		class        Class
		check        func(t *testing.T, res *Result)
	}{
		{name: "405 on POST then GET works", handler: func(w http.ResponseWriter, r *http.Request) {
			if r.Method != http.MethodGet {
				http.Error(w, "use GET", http.StatusMethodNotAllowed)
				return
			}
			hc := &http.Client{Transport: noKeepAlive(), Timeout: 20 * time.Second}
			// OpenSSL 3.0's responder reads the whole path as the request, so
			// relay /ocsp/<request> as /<request>.
			resp, err := hc.Get(strings.TrimSuffix(caURL, "/ocsp") + strings.TrimPrefix(r.URL.EscapedPath(), "/ocsp"))
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			io.Copy(w, resp.Body)
		}, check: func(t *testing.T, res *Result) {
			if len(res.Attempts) != 2 || res.Attempts[0].Status != 405 || res.Attempts[1].Method != http.MethodGet ||
				res.Status != Good || !res.NonceEchoed {
				t.Errorf("result %+v", res)
			}
		}},
		{name: "unauthorized then SHA-256 works", handler: func(w http.ResponseWriter, r *http.Request) {
			if calls.Add(1) == 1 {
				w.Write(ocspResponseStatus(6))
				return
			}
			relay(func(b []byte) []byte { return b })(w, r)
		}, check: func(t *testing.T, res *Result) {
			if len(res.Attempts) != 2 || res.Attempts[1].Hash != SHA256 || res.Status != Good {
				t.Errorf("result %+v", res)
			}
		}},
		{name: "400 unless HTTP/1.1 with Host", handler: func(w http.ResponseWriter, r *http.Request) {
			// What responders answer to `openssl ocsp` before 1.1.0: an
			// HTTP/1.0 request without a Host header.
			if r.Proto != "HTTP/1.1" || r.Host == "" || r.Header.Get("Content-Type") != "application/ocsp-request" {
				http.Error(w, "bad request", http.StatusBadRequest)
				return
			}
			relay(func(b []byte) []byte { return b })(w, r)
		}, check: func(t *testing.T, res *Result) {
			if res.Status != Good || len(res.Attempts) != 1 || res.Attempts[0].Status != http.StatusOK {
				t.Errorf("got %+v, want good in one request", res)
			}
		}},
		{name: "response for another certificate", handler: replay(otherDER), class: WrongCertificate},
		{name: "bad signature", handler: replay(badSig), class: BadSignature},
		{name: "stale", handler: replay(goodDER), now: time.Now().Add(48 * time.Hour), class: Stale},
		{name: "not yet valid", handler: replay(goodDER), now: time.Now().Add(-time.Hour), class: NotYetValid},
		{name: "replayed response: wrong nonce", handler: replay(goodDER), class: NonceMismatch},
		{name: "wrong nonce echo", handler: relay(func(b []byte) []byte {
			b = bytes.Clone(b)
			b[len(b)-1] ^= 1 // the nonce is the last field of the request
			return b
		}), class: NonceMismatch},
		{name: "no nonce echo tolerated", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Write(query(t, caURL, p.good, p.issuer, false))
		}, check: func(t *testing.T, res *Result) {
			if res.Status != Good || res.NonceEchoed {
				t.Errorf("result %+v", res)
			}
		}},
		{name: "no nonce echo, nonce required", requireNonce: true, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Write(query(t, caURL, p.good, p.issuer, false))
		}, class: NonceMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newClient()
			c.RequireNonce = tt.requireNonce
			if !tt.now.IsZero() {
				c.Now = func() time.Time { return tt.now }
			}
			res, err := c.Check(context.Background(), p.good, p.issuer, srv.URL+"/ocsp", time.Time{})
			if tt.class != "" {
				wantClass(t, err, tt.class)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, res)
		})
	}
}

func TestRequestEncoding(t *testing.T) {
	// The request parses with x/crypto/ocsp and carries the CertID that
	// OpenSSL computes (checked against the real responder above).
	cert := loadCert(t, filepath.Join(pkiDir, "signer_2012_256.pem"))
	issuer := loadCert(t, filepath.Join(pkiDir, "sub.pem"))
	id, err := newCertID(SHA1, cert, issuer)
	if err != nil {
		t.Fatal(err)
	}
	nonce, _ := newNonce()
	der, err := marshalRequest(id, nonce)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(der, nonce) || len(nonce) != 18 || nonce[0] != 0x04 || nonce[1] != 16 {
		t.Errorf("nonce %X not at the end of %X", nonce, der)
	}
}

// TestCertIDHashes checks that OpenSSL computes the same CertID as we do
// for every hash algorithm: it answers "good" only when the issuer name and
// key hashes match its own.
func TestCertIDHashes(t *testing.T) {
	p := newPKI(t)
	caURL := p.responder(t, "sub.pem", "sub.key.pem")
	for _, h := range hashOrder {
		t.Run(string(h), func(t *testing.T) {
			res := &Result{}
			r, err := newClient().check(context.Background(), p.good, p.issuer, caURL, h, time.Time{}, res)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != Good || len(res.Attempts) != 1 || res.Attempts[0].Hash != h {
				t.Errorf("status %s, attempts %+v", r.Status, res.Attempts)
			}
		})
	}
}
