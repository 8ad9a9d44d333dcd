package fetch

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/iotest"
	"time"
)

// der stands for a DER document; fetch does not look inside.
var der = []byte{0x30, 0x03, 0x02, 0x01, 0x05}

// testServer is a real HTTP server on 127.0.0.1 that also misbehaves on
// request, and remembers what it saw.
type testServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	post struct {
		method, proto, host, contentType string
		body                             []byte
	}
}

func (s *testServer) total() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, h := range s.hits {
		n += h
	}
	return n
}

func (s *testServer) hitsOf(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func newTestServer(t *testing.T) *testServer {
	s := &testServer{hits: map[string]int{}}
	release := make(chan struct{})
	hang := func(r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/der", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pkix-cert")
		w.Write(der)
	})
	mux.HandleFunc("/status/{code}", func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(r.PathValue("code"))
		http.Error(w, http.StatusText(code), code)
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<html><head><title>Страница не найдена</title></head><body>404</body></html>")
	})
	mux.HandleFunc("/doctype", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		io.WriteString(w, "\r\n  <!DOCTYPE html>\n<html><title>Wi-Fi login</title></html>")
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/endless", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pkix-crl")
		buf := bytes.Repeat([]byte{0x30}, 32<<10)
		for r.Context().Err() == nil {
			if _, err := w.Write(buf); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/bigcl", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(1<<30))
		w.Write(der)
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		hang(r)
	})
	mux.HandleFunc("/slowbody", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write(make([]byte, 10))
		w.(http.Flusher).Flush()
		hang(r)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/b", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop/a", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/r/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		if n == 0 {
			w.Header().Set("Content-Type", "application/pkix-cert")
			w.Write(der)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/toftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://127.0.0.1/root.cer", http.StatusFound)
	})
	mux.HandleFunc("/post", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.post.method, s.post.proto, s.post.host = r.Method, r.Proto, r.Host
		s.post.contentType, s.post.body = r.Header.Get("Content-Type"), body
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/ocsp-response")
		w.Write(der)
	})
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	t.Cleanup(func() { close(release) }) // runs before Close
	return s
}

// rawServer serves each connection with serve, for misbehaviour net/http
// cannot produce. It returns the server's base URL.
func rawServer(t *testing.T, serve func(net.Conn)) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				if _, err := http.ReadRequest(bufio.NewReader(conn)); err != nil {
					return
				}
				serve(conn)
			}()
		}
	}()
	return "http://" + ln.Addr().String()
}

// closedPort returns an address on 127.0.0.1 where nothing listens.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

func TestFetch(t *testing.T) {
	srv := newTestServer(t)
	tlsSrv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(der)
	}))
	tlsSrv.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshake error is expected
	tlsSrv.StartTLS()
	t.Cleanup(tlsSrv.Close)
	truncated := rawServer(t, func(c net.Conn) {
		io.WriteString(c, "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-cert\r\nContent-Length: 1000\r\n\r\n0123456789")
	})
	noResponse := rawServer(t, func(net.Conn) {})
	refused := "http://" + closedPort(t) + "/root.cer"

	const shortTimeout = 300 * time.Millisecond
	type tc struct {
		name       string
		url        string
		client     Client
		post       bool
		ctx        func() (context.Context, context.CancelFunc)
		wantClass  Class
		wantStatus int
		noRequest  bool          // srv must see no request at all
		maxElapsed time.Duration // 0: 2s
		check      func(t *testing.T, data []byte, att Attempt)
	}
	tests := []tc{
		{name: "200 DER", url: srv.URL + "/der?x=1", wantStatus: 200, check: func(t *testing.T, data []byte, att Attempt) {
			if !bytes.Equal(data, der) || att.Bytes != int64(len(der)) || att.ContentType != "application/pkix-cert" {
				t.Errorf("data %x, Bytes %d, ContentType %q", data, att.Bytes, att.ContentType)
			}
			if att.FinalURL != srv.URL+"/der?x=1" {
				t.Errorf("FinalURL %q", att.FinalURL)
			}
		}},
		{name: "404", url: srv.URL + "/status/404", wantClass: HTTPStatus, wantStatus: 404},
		{name: "400", url: srv.URL + "/status/400", wantClass: HTTPStatus, wantStatus: 400},
		{name: "405", url: srv.URL + "/status/405", wantClass: HTTPStatus, wantStatus: 405},
		{name: "500", url: srv.URL + "/status/500", wantClass: HTTPStatus, wantStatus: 500},
		{name: "503", url: srv.URL + "/status/503", wantClass: HTTPStatus, wantStatus: 503},
		{name: "200 text/html", url: srv.URL + "/html", wantClass: HTML, wantStatus: 200},
		{name: "200 doctype as octet-stream", url: srv.URL + "/doctype", wantClass: HTML, wantStatus: 200},
		{name: "200 empty", url: srv.URL + "/empty", wantClass: Empty, wantStatus: 200},
		{name: "endless body", url: srv.URL + "/endless", client: Client{MaxSize: 64 << 10}, wantClass: TooLarge, wantStatus: 200,
			check: func(t *testing.T, _ []byte, att Attempt) {
				if att.Bytes != 64<<10+1 {
					t.Errorf("read %d bytes, want MaxSize+1 = %d", att.Bytes, 64<<10+1)
				}
			}},
		{name: "Content-Length over MaxSize", url: srv.URL + "/bigcl", wantClass: TooLarge, wantStatus: 200,
			check: func(t *testing.T, _ []byte, att Attempt) {
				if att.Bytes != 0 {
					t.Errorf("read %d bytes, want 0", att.Bytes)
				}
			}},
		{name: "closed before Content-Length", url: truncated + "/root.cer", wantClass: Truncated, wantStatus: 200,
			check: func(t *testing.T, _ []byte, att Attempt) {
				if att.Bytes != 10 {
					t.Errorf("Bytes %d, want 10", att.Bytes)
				}
			}},
		{name: "closed without response", url: noResponse + "/root.cer", wantClass: Network},
		{name: "hang past Timeout", url: srv.URL + "/hang", client: Client{Timeout: shortTimeout}, wantClass: Timeout,
			maxElapsed: shortTimeout + time.Second, check: func(t *testing.T, _ []byte, att Attempt) {
				if att.Elapsed < shortTimeout {
					t.Errorf("Elapsed %v, shorter than the timeout", att.Elapsed)
				}
				if !strings.Contains(att.Err, shortTimeout.String()) {
					t.Errorf("Err %q does not name the timeout", att.Err)
				}
			}},
		{name: "hang in body", url: srv.URL + "/slowbody", client: Client{Timeout: shortTimeout}, wantClass: Timeout,
			wantStatus: 200, maxElapsed: shortTimeout + time.Second},
		{name: "caller deadline", url: srv.URL + "/hang", wantClass: Timeout, maxElapsed: shortTimeout + time.Second,
			ctx: func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), shortTimeout)
			}},
		{name: "caller cancelled", url: srv.URL + "/der", wantClass: Canceled, noRequest: true,
			ctx: func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				return ctx, cancel
			}},
		{name: "redirect loop", url: srv.URL + "/loop", wantClass: TooManyRedirects, wantStatus: 302},
		{name: "redirect loop a-b", url: srv.URL + "/loop/a", wantClass: TooManyRedirects, wantStatus: 301},
		{name: "3 redirects", url: srv.URL + "/r/3", wantStatus: 200, check: func(t *testing.T, data []byte, att Attempt) {
			if att.FinalURL != srv.URL+"/r/0" || !bytes.Equal(data, der) {
				t.Errorf("FinalURL %q, data %x", att.FinalURL, data)
			}
		}},
		{name: "4 redirects", url: srv.URL + "/r/4", wantClass: TooManyRedirects, wantStatus: 302,
			check: func(t *testing.T, _ []byte, att Attempt) {
				if srv.hitsOf("/r/0") != 1 { // only from "3 redirects"
					t.Errorf("/r/0 fetched %d times, want 1", srv.hitsOf("/r/0"))
				}
			}},
		{name: "MaxRedirects 1", url: srv.URL + "/r/2", client: Client{MaxRedirects: 1}, wantClass: TooManyRedirects, wantStatus: 302},
		{name: "no redirects", url: srv.URL + "/r/1", client: Client{MaxRedirects: -1}, wantClass: TooManyRedirects, wantStatus: 302},
		{name: "redirect to ftp", url: srv.URL + "/toftp", wantClass: UnsupportedScheme, wantStatus: 302,
			check: func(t *testing.T, _ []byte, att Attempt) {
				if att.FinalURL != "ftp://127.0.0.1/root.cer" {
					t.Errorf("FinalURL %q", att.FinalURL)
				}
			}},
		{name: "refused", url: refused, wantClass: Refused},
		{name: "ldap", url: "ldap://127.0.0.1:" + srv.URL[strings.LastIndex(srv.URL, ":")+1:] + "/cn=CA?cACertificate", wantClass: UnsupportedScheme, noRequest: true},
		{name: "file", url: "file:///etc/passwd", wantClass: UnsupportedScheme, noRequest: true},
		{name: "bad URL", url: "http://[127.0.0.1/root.cer", wantClass: BadURL, noRequest: true},
		{name: "relative URL", url: "/root.cer", wantClass: BadURL, noRequest: true},
		{name: "no host", url: "http:///root.cer", wantClass: BadURL, noRequest: true},
		{name: "offline", url: srv.URL + "/der", client: Client{Offline: true}, wantClass: Offline, noRequest: true},
		// A resolver failure, simulated in the dialer: tests send no
		// traffic beyond 127.0.0.1, not even a DNS query.
		{name: "DNS", url: "http://ca.nonexistent.invalid/root.cer", client: Client{Transport: &http.Transport{
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "ca.nonexistent.invalid", IsNotFound: true}}
			}}}, wantClass: DNS},
		{name: "TLS untrusted", url: tlsSrv.URL + "/root.cer", wantClass: TLS},
		{name: "TLS to plain server", url: strings.Replace(srv.URL, "http:", "https:", 1) + "/der", wantClass: TLS},
		{name: "POST", url: srv.URL + "/post?q=1", post: true, wantStatus: 200, check: func(t *testing.T, data []byte, att Attempt) {
			srv.mu.Lock()
			p := srv.post
			srv.mu.Unlock()
			host := strings.TrimPrefix(srv.URL, "http://")
			if p.method != "POST" || p.proto != "HTTP/1.1" || p.host != host ||
				p.contentType != "application/ocsp-request" || !bytes.Equal(p.body, []byte("ocsp request")) {
				t.Errorf("server saw %+v; want POST HTTP/1.1 Host %s", p, host)
			}
			if !bytes.Equal(data, der) || att.Method != "POST" {
				t.Errorf("data %x, Method %q", data, att.Method)
			}
		}},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.Background(), context.CancelFunc(func() {})
			if tt.ctx != nil {
				ctx, cancel = tt.ctx()
			}
			defer cancel()
			c := tt.client
			before := srv.total()
			start := time.Now()
			var (
				data []byte
				att  Attempt
				err  error
			)
			if tt.post {
				data, att, err = c.Post(ctx, tt.url, "application/ocsp-request", []byte("ocsp request"))
			} else {
				data, att, err = c.Get(ctx, tt.url)
			}
			elapsed := time.Since(start)
			t.Logf("err: %v", err)

			maxElapsed := tt.maxElapsed
			if maxElapsed == 0 {
				maxElapsed = 2 * time.Second
			}
			if elapsed > maxElapsed {
				t.Errorf("took %v, want at most %v", elapsed, maxElapsed)
			}
			if tt.noRequest && srv.total() != before {
				t.Errorf("server saw %d requests, want none", srv.total()-before)
			}

			wantMethod := "GET"
			if tt.post {
				wantMethod = "POST"
			}
			if att.Method != wantMethod || att.URL != tt.url || att.Status != tt.wantStatus || att.Elapsed <= 0 {
				t.Errorf("Attempt %+v: want Method %s, URL %s, Status %d, Elapsed > 0", att, wantMethod, tt.url, tt.wantStatus)
			}

			if tt.wantClass == "" {
				if err != nil || att.Class != "" || att.Err != "" {
					t.Fatalf("err %v, Attempt.Class %q, Attempt.Err %q; want success", err, att.Class, att.Err)
				}
			} else {
				var fe *Error
				if !errors.As(err, &fe) {
					t.Fatalf("err %v (%T), want *Error", err, err)
				}
				if fe.Class != tt.wantClass {
					t.Errorf("Class %s, want %s", fe.Class, tt.wantClass)
				}
				if fe.URL != tt.url || fe.Status != tt.wantStatus {
					t.Errorf("Error URL %q Status %d, want %q %d", fe.URL, fe.Status, tt.url, tt.wantStatus)
				}
				if data != nil {
					t.Errorf("data %q on error, want nil", data)
				}
				if fe.Class == Timeout && !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("timeout %v is not a context.DeadlineExceeded", err)
				}
				if att.Class != fe.Class || att.Err != err.Error() {
					t.Errorf("Attempt Class %q Err %q, want %q %q", att.Class, att.Err, fe.Class, err.Error())
				}
			}
			if tt.check != nil {
				tt.check(t, data, att)
			}
		})
	}
}

func TestErrorMessage(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Class: HTTPStatus, URL: "http://ca.example/ocsp", Status: 404},
			"fetch: http://ca.example/ocsp: HTTP 404 Not Found: no document or service at this path"},
		{&Error{Class: Offline, URL: "http://ca.example/root.cer", Err: errOffline},
			"fetch: http://ca.example/root.cer: network use is off: offline mode: no request made"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q\nwant      %q", got, tt.want)
		}
	}
}

func TestExplain(t *testing.T) {
	classes := []Class{Offline, BadURL, UnsupportedScheme, DNS, Refused, Unreachable, Timeout, Canceled,
		TLS, HTTPStatus, TooLarge, Truncated, TooManyRedirects, HTML, Empty, Network, AddressRefused}
	seen := map[string]Class{}
	for _, c := range classes {
		e := c.Explain()
		if e == "" || e == string(c) || e != strings.ToLower(e[:1])+e[1:] {
			t.Errorf("%s: Explain() = %q", c, e)
		}
		if prev, ok := seen[e]; ok {
			t.Errorf("%s and %s have the same explanation", c, prev)
		}
		seen[e] = c
	}
	statuses := map[string]int{}
	for _, code := range []int{400, 401, 403, 404, 405, 410, 429, 500, 503} {
		e := (&Error{Class: HTTPStatus, Status: code}).Explain()
		if prev, ok := statuses[e]; ok && !(prev >= 500 && code >= 500) {
			t.Errorf("HTTP %d and %d have the same explanation", code, prev)
		}
		statuses[e] = code
	}
}

// TestClassify covers causes that a test on 127.0.0.1 cannot produce.
func TestClassify(t *testing.T) {
	opErr := func(errno syscall.Errno) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", errno)}
	}
	tests := []struct {
		name string
		err  error
		want Class
	}{
		{"ENETUNREACH", opErr(syscall.ENETUNREACH), Unreachable},
		{"EHOSTUNREACH", opErr(syscall.EHOSTUNREACH), Unreachable},
		{"ECONNREFUSED", opErr(syscall.ECONNREFUSED), Refused},
		{"ECONNRESET", opErr(syscall.ECONNRESET), Network},
		{"DNS not found", &net.DNSError{Err: "no such host", Name: "ca.example", IsNotFound: true}, DNS},
		{"DNS timeout", &net.DNSError{Err: "i/o timeout", Name: "ca.example", IsTimeout: true}, Timeout},
		{"deadline", fmt.Errorf("read: %w", context.DeadlineExceeded), Timeout},
		{"unexpected EOF", io.ErrUnexpectedEOF, Truncated},
		{"EOF", io.EOF, Network},
	}
	for _, tt := range tests {
		if got := classify(context.Background(), tt.err, nil); got != tt.want {
			t.Errorf("%s: classify = %s, want %s", tt.name, got, tt.want)
		}
	}
	if got := classify(context.Background(), io.EOF, errors.New("tls: handshake failure")); got != TLS {
		t.Errorf("EOF after a failed handshake: classify = %s, want TLS", got)
	}
}

func TestDefaultTransportUsesProxyFromEnvironment(t *testing.T) {
	tr := defaultTransport()
	if tr.Proxy == nil || reflect.ValueOf(tr.Proxy).Pointer() != reflect.ValueOf(http.ProxyFromEnvironment).Pointer() {
		t.Error("default transport does not use http.ProxyFromEnvironment")
	}
	if _, _, _, _, rt := (&Client{}).settings(); rt != http.RoundTripper(tr) {
		t.Error("Client with nil Transport does not use the default transport")
	}
}

// TestProxyFromEnvironment runs the test binary again with HTTP_PROXY set,
// because http.ProxyFromEnvironment reads the environment once per process.
// The child fetches http://ca.test/… (RFC 2606: never resolves), which only
// works through the proxy on 127.0.0.1.
func TestProxyFromEnvironment(t *testing.T) {
	const target = "http://ca.test/root.cer?x=1"
	if os.Getenv("FETCH_TEST_PROXY_CHILD") == "1" {
		data, att, err := (&Client{Timeout: 5 * time.Second}).Get(context.Background(), target)
		if err != nil || string(data) != "via proxy" || att.FinalURL != target {
			t.Fatalf("through proxy: data %q, FinalURL %q, err %v", data, att.FinalURL, err)
		}
		return
	}

	var (
		mu   sync.Mutex
		seen []string
	)
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.RequestURI+" Host "+r.Host)
		mu.Unlock()
		io.WriteString(w, "via proxy")
	}))
	defer proxy.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyFromEnvironment$", "-test.count=1", "-test.v")
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		switch strings.ToUpper(name) {
		case "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "REQUEST_METHOD":
			continue
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, "FETCH_TEST_PROXY_CHILD=1", "HTTP_PROXY="+proxy.URL)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	mu.Lock()
	defer mu.Unlock()
	want := "GET " + target + " Host ca.test"
	if len(seen) != 1 || seen[0] != want {
		t.Errorf("proxy saw %q, want [%q]", seen, want)
	}
}

// bodyServer serves size bytes on /: with a Content-Length when withLength,
// otherwise chunked; as a DER SEQUENCE whose header announces size when
// der, otherwise zeros; without end when size < 0.
func bodyServer(t testing.TB) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		size, _ := strconv.ParseInt(q.Get("size"), 10, 64)
		if q.Has("length") {
			w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		}
		buf := make([]byte, 64<<10)
		first := buf
		if q.Has("der") {
			first = bytes.Clone(buf)
			n := size - 6
			copy(first, []byte{0x30, 0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
		}
		for sent := int64(0); size < 0 || sent < size; {
			b := first
			if sent > 0 {
				b = buf
			}
			if size >= 0 {
				b = b[:min(int64(len(b)), size-sent)]
			}
			n, err := w.Write(b)
			sent += int64(n)
			if err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestBodyMemory checks what a body costs in memory while it is read: an
// endless body at most the cap, a body with a Content-Length or a DER
// header its size, another body of unknown length twice its size (its
// pieces and the joined copy).
func TestBodyMemory(t *testing.T) {
	base := bodyServer(t)
	const maxSize = 64 << 20
	const size = 16 << 20
	tests := []struct {
		name     string
		query    string
		class    Class
		bytes    int64
		maxAlloc int64 // bytes allocated by the whole process during Get
	}{
		{"endless body without a length", "size=-1", TooLarge, maxSize + 1, maxSize * 5 / 4},
		{"Content-Length", fmt.Sprintf("size=%d&length", size), "", size, size * 5 / 4},
		{"DER without a length", fmt.Sprintf("size=%d&der", size), "", size, size * 5 / 4},
		{"other body without a length", fmt.Sprintf("size=%d", size), "", size, size * 9 / 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &Client{MaxSize: maxSize, Transport: &http.Transport{DisableKeepAlives: true}}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			data, att, err := c.Get(context.Background(), base+"/?"+tt.query)
			runtime.ReadMemStats(&after)
			alloc := int64(after.TotalAlloc - before.TotalAlloc)
			t.Logf("read %d bytes, allocated %.1f MiB, err %v", att.Bytes, float64(alloc)/(1<<20), err)
			var fe *Error
			if tt.class != "" && (!errors.As(err, &fe) || fe.Class != tt.class) {
				t.Fatalf("err %v, want class %s", err, tt.class)
			}
			if tt.class == "" && (err != nil || int64(len(data)) != tt.bytes) {
				t.Fatalf("got %d bytes, err %v; want %d bytes", len(data), err, tt.bytes)
			}
			if att.Bytes != tt.bytes {
				t.Errorf("Attempt.Bytes %d, want %d", att.Bytes, tt.bytes)
			}
			if alloc > tt.maxAlloc {
				t.Errorf("allocated %d bytes, want at most %d", alloc, tt.maxAlloc)
			}
		})
	}
}

// TestReadBody reads bodies around the cap and the pieces' sizes, whole
// and a byte at a time, with and without a length or a DER header, true
// or not.
func TestReadBody(t *testing.T) {
	const limit = 100<<10 + 1 // a cap of 100 KiB
	derBody := func(size, announced int) []byte {
		b := make([]byte, size)
		n := announced - 6
		copy(b, []byte{0x30, 0x84, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
		for i := 6; i < size; i++ {
			b[i] = byte(i)
		}
		return b
	}
	plain := func(size int) []byte {
		b := make([]byte, size)
		for i := range b {
			b[i] = byte(i*7 + 1)
		}
		return b
	}
	tests := []struct {
		name   string
		body   []byte
		length bool // declared
	}{
		{"empty", nil, false},
		{"one byte", []byte{0x30}, false},
		{"short DER", []byte{0x30, 0x03, 0x02, 0x01, 0x05}, false},
		{"first piece less one", plain(firstPiece - 1), false},
		{"first piece", plain(firstPiece), false},
		{"first piece and one", plain(firstPiece + 1), false},
		{"at the cap", plain(limit - 1), false},
		{"over the cap", plain(limit), false},
		{"far over the cap", plain(3 * limit), false},
		{"at the cap with a length", plain(limit - 1), true},
		{"small with a length", plain(10), true},
		{"DER as announced", derBody(50<<10, 50<<10), false},
		{"DER at the cap", derBody(limit-1, limit-1), false},
		{"DER shorter than announced", derBody(30<<10, 90<<10), false},
		{"DER longer than announced", derBody(90<<10, 30<<10), false},
		{"DER announcing more than the cap", derBody(60<<10, 1<<30), false},
		{"DER over the cap", derBody(limit+10, limit+10), false},
		{"DER header only", derBody(6, 1<<20), false},
		{"BER indefinite length", append([]byte{0x30, 0x80}, plain(40<<10)...), false},
		{"DER with a length", derBody(50<<10, 50<<10), true},
	}
	readers := map[string]func(io.Reader) io.Reader{
		"whole":    func(r io.Reader) io.Reader { return r },
		"one byte": iotest.OneByteReader,
		"half":     iotest.HalfReader,
	}
	for _, tt := range tests {
		for rname, wrap := range readers {
			t.Run(tt.name+"/"+rname, func(t *testing.T) {
				length := int64(-1)
				if tt.length {
					length = int64(len(tt.body))
				}
				data, n, err := readBody(wrap(bytes.NewReader(tt.body)), limit, length)
				if err != nil {
					t.Fatal(err)
				}
				if len(tt.body) >= limit {
					if data != nil || n != limit {
						t.Fatalf("got %d bytes, n %d; want none and n %d", len(data), n, limit)
					}
					return
				}
				if !bytes.Equal(data, tt.body) || n != int64(len(tt.body)) {
					t.Fatalf("got %d bytes, n %d; want the body, %d", len(data), n, len(tt.body))
				}
				if cap(data) > len(data)+len(data)/8+1 {
					t.Errorf("capacity %d for %d bytes", cap(data), len(data))
				}
			})
		}
	}
	t.Run("error", func(t *testing.T) {
		r := io.MultiReader(bytes.NewReader(plain(20<<10)), iotest.ErrReader(io.ErrUnexpectedEOF))
		data, n, err := readBody(r, limit, -1)
		if data != nil || n != 20<<10 || err != io.ErrUnexpectedEOF {
			t.Errorf("got %d bytes, n %d, err %v; want none, %d, unexpected EOF", len(data), n, err, 20<<10)
		}
	})
}

// TestPeakRSS measures the peak resident set of this process (VmHWM)
// while it fetches a body without a Content-Length at the 256 MiB CRL cap
// of cmd/gostverify, for docs/benchmarks.md. GOSTVERIFY_PEAK_RSS is the
// body's size in MiB ("-1": endless), with ",der" for a DER header that
// announces it, ",length" for a Content-Length. Run it alone so that the
// peak is its own:
//
//	GOSTVERIFY_PEAK_RSS=1024 go test -count=1 -run '^TestPeakRSS$' -v ./fetch
func TestPeakRSS(t *testing.T) {
	spec := os.Getenv("GOSTVERIFY_PEAK_RSS")
	if spec == "" {
		t.Skip("set GOSTVERIFY_PEAK_RSS=MiB[,der][,length] to measure")
	}
	mib, flags, _ := strings.Cut(spec, ",")
	n, err := strconv.ParseInt(mib, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	query := "size=-1"
	if n >= 0 {
		query = fmt.Sprintf("size=%d", n<<20)
	}
	for _, f := range strings.Split(flags, ",") {
		switch f {
		case "der", "length":
			query += "&" + f
		case "":
		default:
			t.Fatalf("GOSTVERIFY_PEAK_RSS: unknown flag %q", f)
		}
	}
	url := bodyServer(t) + "/?" + query
	c := &Client{MaxSize: 256 << 20, Timeout: 5 * time.Minute}
	start := time.Now()
	data, att, err := c.Get(context.Background(), url)
	elapsed := time.Since(start)
	status, rerr := os.ReadFile("/proc/self/status")
	if rerr != nil {
		t.Fatal(rerr)
	}
	hwm := ""
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			hwm = strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	fmt.Printf("body %s: got %d bytes, read %d, class %q, %v; peak RSS (VmHWM) %s\n",
		spec, len(data), att.Bytes, att.Class, elapsed.Round(time.Millisecond), hwm)
	if err != nil && att.Class != TooLarge {
		t.Fatal(err)
	}
}
