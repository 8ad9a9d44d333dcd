package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// fuzzTimeout bounds every fuzzed request; fuzzMaxSize is small so that
// fuzzed bodies reach it.
const (
	fuzzTimeout = 2 * time.Second
	fuzzMaxSize = 256
)

// loopbackOnly is a Transport that connects only to addr, a test server on
// 127.0.0.1: whatever a fuzzed redirect names, nothing leaves the machine.
func loopbackOnly(addr string) *http.Transport {
	return &http.Transport{
		DialContext: func(ctx context.Context, network, to string) (net.Conn, error) {
			if to != addr {
				return nil, &net.OpError{Op: "dial", Net: network, Err: syscall.ECONNREFUSED}
			}
			var d net.Dialer
			return d.DialContext(ctx, network, to)
		},
		MaxIdleConnsPerHost: 4,
	}
}

// fuzzResponse is what the fuzzed server answers on one path.
type fuzzResponse struct {
	status                int
	contentType, location string
	contentLength         int64 // < 0: none declared
	body                  []byte
}

// fuzzRoutes gives each fuzzed response a path of its own on the test
// server, so that a late request of one input never meets another's.
type fuzzRoutes[V any] struct {
	mu   sync.Mutex
	m    map[string]V
	next atomic.Int64
}

// add serves v on a new path until remove is called.
func (r *fuzzRoutes[V]) add(v V) (path string, remove func()) {
	path = fmt.Sprintf("/f/%d", r.next.Add(1))
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.m == nil {
		r.m = map[string]V{}
	}
	r.m[path] = v
	return path, func() {
		r.mu.Lock()
		delete(r.m, path)
		r.mu.Unlock()
	}
}

func (r *fuzzRoutes[V]) get(path string) (V, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	v, ok := r.m[path]
	return v, ok
}

// fuzzServer starts an httptest server on 127.0.0.1 with handler and
// returns it with a Client that reaches nothing else.
func fuzzServer(f *testing.F, handler http.HandlerFunc) (*httptest.Server, *Client) {
	srv := httptest.NewServer(handler)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // lying lengths and hijacks are expected
	f.Cleanup(srv.Close)
	return srv, &Client{Timeout: fuzzTimeout, MaxSize: fuzzMaxSize, Transport: loopbackOnly(srv.Listener.Addr().String())}
}

// checkedGet gets url with client and asserts what Client.Get promises
// whatever the server sent: an answer within the timeout; a body only on
// success, within the limits, never from an HTML page; otherwise an *Error
// whose Class the Attempt repeats.
func checkedGet(t *testing.T, client *Client, url string) ([]byte, Attempt, error) {
	t.Helper()
	start := time.Now()
	data, att, err := client.Get(context.Background(), url)
	if elapsed := time.Since(start); elapsed > fuzzTimeout+time.Second {
		t.Fatalf("took %v with a timeout of %v", elapsed, fuzzTimeout)
	}
	if att.URL != url || att.Method != http.MethodGet {
		t.Fatalf("attempt %+v for GET %s", att, url)
	}
	if err != nil {
		var fe *Error
		if !errors.As(err, &fe) || fe.Class == "" || fe.URL != url {
			t.Fatalf("error %v (%T) is not an *Error with a class for %s", err, err, url)
		}
		if data != nil || att.Class != fe.Class || att.Err == "" {
			t.Fatalf("failure with %d bytes, attempt class %q error %q, error class %q", len(data), att.Class, att.Err, fe.Class)
		}
		if fe.Error() == "" || fe.Explain() == "" {
			t.Fatal("an error without a message or explanation")
		}
		return data, att, err
	}
	if att.Class != "" || att.Err != "" {
		t.Fatalf("success with attempt class %q, error %q", att.Class, att.Err)
	}
	if att.Status < 200 || att.Status > 299 {
		t.Fatalf("success with status %d", att.Status)
	}
	if len(data) == 0 || len(data) > fuzzMaxSize || att.Bytes != int64(len(data)) {
		t.Fatalf("success with %d bytes (attempt says %d), limit %d", len(data), att.Bytes, fuzzMaxSize)
	}
	if mt, _, err := mime.ParseMediaType(att.ContentType); err == nil && mt == "text/html" {
		t.Fatalf("success with content type %q", att.ContentType)
	}
	return data, att, err
}

// FuzzClientResponse serves fuzzed statuses, content types, redirect
// locations, declared lengths and bodies from an httptest server on
// 127.0.0.1 to Client.Get: no panic, no hang, and the result keeps the
// promises of the package doc (see checkedGet). A successful body is what
// the server sent, up to a declared length that cut it short.
func FuzzClientResponse(f *testing.F) {
	f.Add(uint16(200), "application/pkix-cert", "", int64(-1), der)
	f.Add(uint16(200), "text/html; charset=utf-8", "", int64(-1), []byte("<html><title>404</title></html>"))
	f.Add(uint16(200), "application/octet-stream", "", int64(-1), []byte("\xef\xbb\xbf \r\n<!DOCTYPE html><html>"))
	f.Add(uint16(200), "", "", int64(-1), []byte{})
	f.Add(uint16(200), "application/pkix-crl", "", int64(-1), bytes.Repeat([]byte{0x30}, fuzzMaxSize+1))
	f.Add(uint16(200), "application/pkix-crl", "", int64(1000), der)
	f.Add(uint16(200), "application/pkix-crl", "", int64(2), der)
	f.Add(uint16(302), "", "/elsewhere", int64(-1), der)
	f.Add(uint16(301), "", "ftp://127.0.0.1/root.cer", int64(-1), der)
	f.Add(uint16(307), "", "https://ca.example/root.cer", int64(-1), der)
	f.Add(uint16(404), "text/plain", "", int64(-1), []byte("not found"))
	f.Add(uint16(503), "", "", int64(-1), der)

	var routes fuzzRoutes[fuzzResponse]
	srv, client := fuzzServer(f, func(w http.ResponseWriter, r *http.Request) {
		resp, ok := routes.get(r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if resp.contentType != "" {
			w.Header().Set("Content-Type", resp.contentType)
		}
		if resp.location != "" {
			w.Header().Set("Location", resp.location)
		}
		if resp.contentLength >= 0 {
			w.Header().Set("Content-Length", strconv.FormatInt(resp.contentLength, 10))
		}
		w.WriteHeader(resp.status)
		w.Write(resp.body)
	})

	f.Fuzz(func(t *testing.T, status uint16, contentType, location string, contentLength int64, body []byte) {
		resp := fuzzResponse{
			status:      200 + int(status)%400, // 2xx to 5xx: 1xx are the raw target's
			contentType: contentType, location: location, contentLength: contentLength, body: body,
		}
		path, remove := routes.add(resp)
		defer remove()

		url := srv.URL + path
		data, att, err := checkedGet(t, client, url)
		if err != nil || att.FinalURL != url {
			return
		}
		if att.Status != resp.status {
			t.Fatalf("attempt says status %d, served %d", att.Status, resp.status)
		}
		if !bytes.HasPrefix(body, data) {
			t.Fatalf("got %x, served %x", data, body)
		}
	})
}

// FuzzClientRawResponse writes fuzzed bytes as the whole HTTP response on
// a connection taken over from the test server on 127.0.0.1, and closes
// it: malformed status lines, headers, chunked encodings and 1xx responses
// that net/http's server would not send. No panic, no hang, and the
// promises of checkedGet.
func FuzzClientRawResponse(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: 5\r\n\r\n\x30\x03\x02\x01\x05"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n0123456789"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n\x30\x03\x02\x01\x05\r\n0\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"))
	f.Add([]byte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n\x30\x00"))
	f.Add([]byte("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html></html>"))
	f.Add([]byte("HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n"))
	f.Add([]byte("HTTP/1.1 999 Odd\r\n\r\nx"))
	f.Add([]byte("garbage"))
	f.Add([]byte{})

	var routes fuzzRoutes[[]byte]
	srv, client := fuzzServer(f, func(w http.ResponseWriter, r *http.Request) {
		raw, ok := routes.get(r.URL.Path)
		if !ok {
			http.NotFound(w, r)
			return
		}
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		conn.Write(raw)
	})

	f.Fuzz(func(t *testing.T, raw []byte) {
		path, remove := routes.add(raw)
		defer remove()
		checkedGet(t, client, srv.URL+path)
	})
}
