package fetch

import (
	"bufio"
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

// checkResult asserts what Client.do promises whatever the server sent:
// a body only on success, within the limits, never from an HTML page;
// otherwise an *Error whose Class the Attempt repeats.
func checkResult(t *testing.T, url string, data []byte, att Attempt, err error, elapsed time.Duration) {
	t.Helper()
	if elapsed > fuzzTimeout+time.Second {
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
		return
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
}

// FuzzClientResponse serves fuzzed statuses, content types, redirect
// locations, declared lengths and bodies from an httptest server on
// 127.0.0.1 to Client.Get: no panic, no hang, and the result keeps the
// promises of the package doc (see checkResult). A successful body is what
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

	var (
		mu        sync.Mutex
		responses = map[string]fuzzResponse{}
		next      atomic.Int64
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		resp, ok := responses[r.URL.Path]
		mu.Unlock()
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
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // lying lengths are expected
	f.Cleanup(srv.Close)
	client := &Client{Timeout: fuzzTimeout, MaxSize: fuzzMaxSize, Transport: loopbackOnly(srv.Listener.Addr().String())}

	f.Fuzz(func(t *testing.T, status uint16, contentType, location string, contentLength int64, body []byte) {
		path := fmt.Sprintf("/f/%d", next.Add(1))
		resp := fuzzResponse{
			status:      200 + int(status)%400, // 2xx to 5xx: 1xx are the raw target's
			contentType: contentType, location: location, contentLength: contentLength, body: body,
		}
		mu.Lock()
		responses[path] = resp
		mu.Unlock()
		defer func() {
			mu.Lock()
			delete(responses, path)
			mu.Unlock()
		}()

		url := srv.URL + path
		start := time.Now()
		data, att, err := client.Get(context.Background(), url)
		checkResult(t, url, data, att, err, time.Since(start))
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
// a raw connection on 127.0.0.1 and closes it: malformed status lines,
// headers, chunked encodings and 1xx responses that net/http's server
// would not send. No panic, no hang, and the promises of checkResult.
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

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { ln.Close() })
	var (
		mu        sync.Mutex
		responses = map[string][]byte{}
		next      atomic.Int64
	)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				conn.SetDeadline(time.Now().Add(fuzzTimeout))
				req, err := http.ReadRequest(bufio.NewReader(conn))
				if err != nil {
					return
				}
				mu.Lock()
				resp, ok := responses[req.URL.Path]
				mu.Unlock()
				if !ok {
					io.WriteString(conn, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
					return
				}
				conn.Write(resp)
			}()
		}
	}()
	base := "http://" + ln.Addr().String()
	client := &Client{Timeout: fuzzTimeout, MaxSize: fuzzMaxSize, Transport: loopbackOnly(ln.Addr().String())}

	f.Fuzz(func(t *testing.T, raw []byte) {
		path := fmt.Sprintf("/r/%d", next.Add(1))
		mu.Lock()
		responses[path] = raw
		mu.Unlock()
		defer func() {
			mu.Lock()
			delete(responses, path)
			mu.Unlock()
		}()
		url := base + path
		start := time.Now()
		data, att, err := client.Get(context.Background(), url)
		checkResult(t, url, data, att, err, time.Since(start))
	})
}
