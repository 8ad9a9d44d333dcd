package serve

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

// hangingOCSP is a responder on 127.0.0.1 that answers nothing until
// released: it keeps verifications (and jobs) under way.
func hangingOCSP(t *testing.T) (url string, release func()) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-stop:
		case <-r.Context().Done():
		}
		http.Error(w, "gone", http.StatusServiceUnavailable)
	}))
	var once sync.Once
	release = func() { once.Do(func() { close(stop) }) }
	t.Cleanup(func() { release(); srv.Close() })
	return srv.URL, release
}

func slowVerify(t *testing.T, url string) func(Params) verify.Options {
	base := baseVerify(t)
	return func(p Params) verify.Options {
		o := base(p)
		o.RevocationOff = false
		o.OCSP = &ocspclient.Client{HTTP: &fetch.Client{Timeout: 20 * time.Second}}
		o.OCSPURL = url
		return o
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// TestBusy: with every verification slot taken, a request waits
// QueueWait and gets 503 with Retry-After; a job beyond MaxJobs gets 429;
// the report of a job under way is 409.
func TestBusy(t *testing.T) {
	url, release := hangingOCSP(t)
	s, ts := start(t, Options{Verify: slowVerify(t, url), Guard: &fetch.Guard{Allow: loopback},
		Limits: Limits{Concurrency: 1, QueueWait: 50 * time.Millisecond, MaxJobs: 1}})
	pair := []file{fixture(t, "signature", cmsDir+"/invoice.xml.sig"), fixture(t, "document", cmsDir+"/invoice.xml")}

	first := make(chan int, 1)
	go func() {
		resp := post(t, ts.URL+"/v1/verify", nil, nil, pair...)
		resp.Body.Close()
		first <- resp.StatusCode
	}()
	waitFor(t, "the first verification", func() bool { return len(s.slots) == 1 })
	resp := post(t, ts.URL+"/v1/verify", nil, nil, pair...)
	if resp.Header.Get("Retry-After") != "1" {
		t.Errorf("503 without Retry-After: %v", resp.Header)
	}
	wantProblem(t, resp, ProblemBusy)

	var v jobView
	decode(t, post(t, ts.URL+"/v1/jobs", nil, nil, pair[0].asFile(), pair[1].asFile()), http.StatusAccepted, &v)
	resp = post(t, ts.URL+"/v1/jobs", nil, nil, pair[0].asFile(), pair[1].asFile())
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	wantProblem(t, resp, ProblemTooManyJobs)
	wantProblem(t, do(t, "GET", ts.URL+"/v1/jobs/"+v.ID+"/report", nil), ProblemJobNotFinished)

	release()
	if code := <-first; code != http.StatusOK {
		t.Errorf("first verification: %d", code)
	}
	waitFor(t, "the job", func() bool {
		var got jobView
		decode(t, do(t, "GET", ts.URL+"/v1/jobs/"+v.ID, nil), 200, &got)
		return got.State == JobDone
	})
	// The slot and the job are free again.
	decode(t, post(t, ts.URL+"/v1/verify", nil, nil, fixture(t, "signature", cmsDir+"/bad_random.sig")), 200, nil)
}

// TestSlowClient: a client that sends its headers too slowly is cut off
// at ReadHeaderTimeout, and one that sends its body too slowly at
// ReadTimeout, without holding a verification slot.
func TestSlowClient(t *testing.T) {
	s, err := New(Options{Verify: baseVerify(t), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ln, s, HTTPOptions{ReadHeaderTimeout: 200 * time.Millisecond, ReadTimeout: 500 * time.Millisecond})
	}()
	addr := ln.Addr().String()

	for _, tc := range []struct {
		name string
		send string
	}{
		{"headers", "POST /v1/verify HTTP/1.1\r\nHost: x\r\n"},
		{"body", "POST /v1/verify HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n--b\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			start := time.Now()
			c.Write([]byte(tc.send))
			c.SetReadDeadline(time.Now().Add(5 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			// Cut off: the connection is closed (or answered with an
			// error), well before our own 5 s deadline.
			if elapsed := time.Since(start); elapsed > 3*time.Second {
				t.Errorf("the server waited %v for a slow client", elapsed)
			}
			if strings.Contains(line, " 200 ") {
				t.Errorf("answered %q", line)
			}
		})
	}
	// Graceful shutdown: Serve returns, /readyz said no first.
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return after its context ended")
	}
	s.readyMu.Lock()
	ready := s.ready
	s.readyMu.Unlock()
	if ready {
		t.Error("still ready after shutdown")
	}
}

// TestTLS: with a certificate and key the server speaks HTTPS only.
func TestTLS(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)

	s, err := New(Options{Verify: baseVerify(t), TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, s, HTTPOptions{TLSCert: certFile, TLSKey: keyFile}) }()
	defer func() { cancel(); <-done }()

	cert, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	resp, err := client.Get("https://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.TLS == nil {
		t.Errorf("https: %d, TLS %v", resp.StatusCode, resp.TLS != nil)
	}
	if resp, err := http.Get("http://" + ln.Addr().String() + "/healthz"); err == nil {
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Error("plain HTTP answered 200 on the TLS port")
		}
	}
}

// TestRequestTimeout: a verification that outlasts RequestTimeout (its
// OCSP responder hangs) is answered 504, and frees its slot.
func TestRequestTimeout(t *testing.T) {
	url, _ := hangingOCSP(t)
	s, ts := start(t, Options{Verify: slowVerify(t, url), Guard: &fetch.Guard{Allow: loopback},
		Limits: Limits{RequestTimeout: 300 * time.Millisecond}})
	pair := []file{fixture(t, "signature", cmsDir+"/invoice.xml.sig"), fixture(t, "document", cmsDir+"/invoice.xml")}
	start := time.Now()
	wantProblem(t, post(t, ts.URL+"/v1/verify", nil, nil, pair...), ProblemTimeout)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("answered after %v", d)
	}
	if len(s.slots) != 0 {
		t.Errorf("%d slots still taken", len(s.slots))
	}
	emptyDir(t, s.opts.TempDir)
}
