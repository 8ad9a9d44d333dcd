package fetch

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for the zero fields of a Client.
const (
	DefaultTimeout      = 15 * time.Second
	DefaultMaxSize      = 10 << 20
	DefaultMaxRedirects = 3
	DefaultUserAgent    = "gostverify"
)

// Client fetches small documents (certificates, CRLs, OCSP responses) over
// http and https. The zero value uses the defaults; a Client is safe for
// concurrent use as long as its fields are not changed.
type Client struct {
	Timeout      time.Duration // per request, including the body; default 15s
	MaxSize      int64         // response body cap, default 10 MiB; callers raise it for CRLs
	MaxRedirects int           // default 3; negative: follow none
	Offline      bool          // no network at all: every request fails with class Offline
	UserAgent    string        // default "gostverify"
	// Transport for tests; default: a clone of http.DefaultTransport
	// honouring HTTP_PROXY, HTTPS_PROXY and NO_PROXY (http.ProxyFromEnvironment).
	Transport http.RoundTripper
}

// Attempt records one request for reports ("which URLs were fetched with
// what HTTP result").
type Attempt struct {
	Method      string
	URL         string
	FinalURL    string // the last URL the client was sent to, after redirects
	Status      int    // of the last response; 0 when no HTTP response
	ContentType string
	// CacheControl is the Cache-Control header of the last response, as
	// received ("" when absent).
	CacheControl string
	Bytes        int64 // body bytes read
	Elapsed      time.Duration
	Class        Class  // "" on success
	Err          string // "" on success
}

// defaultTransport is shared by all Clients without a Transport so that
// they share connections.
var defaultTransport = sync.OnceValue(func() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = http.ProxyFromEnvironment
	return t
})

// Get fetches url. On success it returns the body; on failure a nil body
// and an *Error. The Attempt is filled in either way.
func (c *Client) Get(ctx context.Context, url string) ([]byte, Attempt, error) {
	return c.do(ctx, http.MethodGet, url, "", nil)
}

// Post sends body with the given Content-Type to url (for OCSP:
// "application/ocsp-request") and returns the response body as Get does.
func (c *Client) Post(ctx context.Context, url, contentType string, body []byte) ([]byte, Attempt, error) {
	return c.do(ctx, http.MethodPost, url, contentType, body)
}

func (c *Client) settings() (timeout time.Duration, maxSize int64, maxRedirects int, ua string, rt http.RoundTripper) {
	timeout, maxSize, maxRedirects, ua = DefaultTimeout, DefaultMaxSize, DefaultMaxRedirects, DefaultUserAgent
	rt = defaultTransport()
	if c == nil {
		return
	}
	if c.Timeout > 0 {
		timeout = c.Timeout
	}
	if c.MaxSize > 0 {
		maxSize = c.MaxSize
	}
	if c.MaxRedirects > 0 {
		maxRedirects = c.MaxRedirects
	} else if c.MaxRedirects < 0 {
		maxRedirects = 0
	}
	if c.UserAgent != "" {
		ua = c.UserAgent
	}
	if c.Transport != nil {
		rt = c.Transport
	}
	return
}

// do makes the request and tells the context's observer, if any.
func (c *Client) do(ctx context.Context, method, rawURL, contentType string, body []byte) ([]byte, Attempt, error) {
	data, att, err := c.request(ctx, method, rawURL, contentType, body)
	if fn := observerFrom(ctx); fn != nil {
		fn(att)
	}
	return data, att, err
}

func (c *Client) request(ctx context.Context, method, rawURL, contentType string, body []byte) ([]byte, Attempt, error) {
	start := time.Now()
	att := Attempt{Method: method, URL: rawURL}
	fail := func(class Class, status int, err error) ([]byte, Attempt, error) {
		fe := &Error{Class: class, URL: rawURL, Status: status, Err: err}
		att.Elapsed = time.Since(start)
		att.Class = class
		att.Err = fe.Error()
		return nil, att, fe
	}

	if c != nil && c.Offline {
		return fail(Offline, 0, errOffline)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // ue repeats the URL
		}
		return fail(BadURL, 0, err)
	}
	if err := checkURL(u); err != nil {
		return fail(err.Class, 0, err.Err)
	}
	att.FinalURL = u.String()

	timeout, maxSize, maxRedirects, ua, rt := c.settings()
	guard := GuardFrom(ctx)
	if guard != nil {
		if e := guard.checkHost(u.Hostname()); e != nil {
			return fail(AddressRefused, 0, e)
		}
		if c == nil || c.Transport == nil {
			rt = guard.transport()
		}
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, &timeoutError{timeout})
	defer cancel()
	// A connection the guard refuses ends the request before it is
	// written (checkConn).
	ctx, refuse := context.WithCancelCause(ctx)
	defer refuse(nil)
	var refused atomic.Pointer[AddressError]

	// The handshake error, if any: some failed handshakes surface as a bare
	// io.EOF or a reset, which alone would not say "TLS".
	var (
		tlsMu  sync.Mutex
		tlsErr error
	)
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(info httptrace.GotConnInfo) {
			if guard == nil {
				return
			}
			if e := guard.checkConn(info.Conn); e != nil {
				refused.Store(e)
				refuse(e)
			}
		},
		TLSHandshakeDone: func(_ tls.ConnectionState, err error) {
			if err != nil {
				tlsMu.Lock()
				tlsErr = err
				tlsMu.Unlock()
			}
		},
	})
	var reqBody io.Reader
	if body != nil {
		reqBody = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), reqBody)
	if err != nil {
		return fail(BadURL, 0, err)
	}
	req.Header.Set("User-Agent", ua)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}

	hc := &http.Client{
		Transport: rt,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			att.FinalURL = req.URL.String()
			if err := checkURL(req.URL); err != nil {
				err.Err = fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), err.Err)
				return err
			}
			if guard != nil {
				if e := guard.checkHost(req.URL.Hostname()); e != nil {
					return &Error{Class: AddressRefused, Err: fmt.Errorf("redirect to %s: %w", req.URL.Redacted(), e)}
				}
			}
			for _, v := range via {
				if v.URL.String() == req.URL.String() {
					return &Error{Class: TooManyRedirects, Err: fmt.Errorf("%w: back to %s", errRedirectLoop, req.URL.Redacted())}
				}
			}
			if len(via) > maxRedirects {
				if maxRedirects == 0 {
					return &Error{Class: TooManyRedirects, Err: errors.New("redirects are not followed")}
				}
				return &Error{Class: TooManyRedirects, Err: fmt.Errorf("redirect %d refused: the limit is %d", len(via), maxRedirects)}
			}
			return nil
		},
	}

	resp, err := hc.Do(req)
	if e := refused.Load(); e != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return fail(AddressRefused, 0, e)
	}
	if resp != nil {
		// Set even on a redirect error: the status of the refused redirect.
		att.Status = resp.StatusCode
		att.ContentType = resp.Header.Get("Content-Type")
		att.CacheControl = resp.Header.Get("Cache-Control")
		if err == nil {
			// On a refused redirect, CheckRedirect has set FinalURL.
			att.FinalURL = resp.Request.URL.String()
		}
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // ue repeats the method and URL
		}
		tlsMu.Lock()
		te := tlsErr
		tlsMu.Unlock()
		class := classify(ctx, err, te)
		var fe *Error
		if errors.As(err, &fe) {
			err = fe.Err
		}
		if te != nil && class == TLS && !errors.Is(err, te) {
			err = fmt.Errorf("%w (handshake: %w)", err, te)
		}
		if class == Network && resp == nil && errors.Is(err, io.EOF) {
			err = fmt.Errorf("the server closed the connection without answering: %w", err)
		}
		return fail(class, att.Status, explainTimeout(ctx, class, start, err))
	}
	defer resp.Body.Close()

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		// Read a little so that the connection can be reused; the body of
		// an error page is not a document.
		n, _ := io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		att.Bytes = n
		return fail(HTTPStatus, resp.StatusCode, nil)
	}
	if resp.ContentLength > maxSize {
		return fail(TooLarge, resp.StatusCode,
			fmt.Errorf("content length %d is over the limit of %d bytes", resp.ContentLength, maxSize))
	}

	data, n, err := readBody(resp.Body, maxSize+1, resp.ContentLength)
	att.Bytes = n
	if err != nil {
		class := classify(ctx, err, nil)
		if class == Truncated && resp.ContentLength >= 0 {
			err = fmt.Errorf("got %d of %d bytes: %w", n, resp.ContentLength, err)
		} else if class == Truncated {
			err = fmt.Errorf("got %d bytes: %w", n, err)
		}
		return fail(class, resp.StatusCode, explainTimeout(ctx, class, start, err))
	}
	if n > maxSize {
		return fail(TooLarge, resp.StatusCode, fmt.Errorf("more than %d bytes", maxSize))
	}
	if len(data) == 0 {
		return fail(Empty, resp.StatusCode, nil)
	}
	if isHTML(att.ContentType, data) {
		detail := "content type " + att.ContentType
		if att.ContentType == "" {
			detail = "no content type"
		}
		if t := htmlTitle(data); t != "" {
			detail += fmt.Sprintf(", page title %q", t)
		}
		return fail(HTML, resp.StatusCode, errors.New(detail))
	}
	att.Elapsed = time.Since(start)
	return data, att, nil
}

// Pieces of a body of unknown length: the first is firstPiece bytes, each
// next one twice the last, up to maxPiece.
const (
	firstPiece = 16 << 10
	maxPiece   = 1 << 20
)

// readBody reads r to its end, or to limit bytes (the size cap plus one,
// so that a longer body shows), and returns the body and its length n.
// When r stops at limit, or on an error, data is nil and n is what was
// read.
//
// The body is held in memory once while it is read, so that the cap
// bounds memory as well: in one buffer of length+1 bytes when the
// Content-Length is known (length >= 0, within the cap), or of the size
// announced by a DER SEQUENCE header at its start, within the cap;
// otherwise in pieces that are joined at the end (the only time the body
// is held twice). No buffer grows past limit by doubling, as io.ReadAll's
// does.
func readBody(r io.Reader, limit, length int64) (data []byte, n int64, err error) {
	size, sized := int64(firstPiece), length >= 0
	if sized {
		size = length + 1 // the extra byte to see the end
	}
	var (
		full [][]byte // the pieces before buf
		done int64    // their bytes
	)
	buf := make([]byte, 0, min(size, limit))
	for {
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		n = done + int64(len(buf))
		if err == io.EOF {
			return join(full, buf), n, nil
		}
		if err != nil {
			return nil, n, err
		}
		if len(buf) < cap(buf) {
			continue
		}
		if n >= limit {
			return nil, n, nil
		}
		if !sized {
			sized = true
			if want := derSize(buf); want > n {
				b := make([]byte, len(buf), min(want+1, limit))
				copy(b, buf)
				buf = b
				continue
			}
		}
		full, done = append(full, buf), n
		buf = make([]byte, 0, min(2*int64(cap(buf)), maxPiece, limit-n))
	}
}

// join returns the pieces full and then last as one slice, which is last
// itself when it is the only piece and not much larger than its contents.
func join(full [][]byte, last []byte) []byte {
	if len(full) == 0 && cap(last)-len(last) <= len(last)/8+1 {
		return last
	}
	n := len(last)
	for _, p := range full {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range full {
		out = append(out, p...)
	}
	return append(out, last...)
}

// derSize returns the size of the DER SEQUENCE that b starts with, header
// included, as its definite length announces it, or -1 when b does not
// start with one (PEM, BER's indefinite length, anything else). It is
// only a hint for the buffer's size: the body is not checked to be DER.
func derSize(b []byte) int64 {
	if len(b) < 2 || b[0] != 0x30 {
		return -1
	}
	if b[1] < 0x80 {
		return 2 + int64(b[1])
	}
	k := int(b[1] & 0x7f)
	if k == 0 || k > 4 || len(b) < 2+k {
		return -1
	}
	var l int64
	for _, c := range b[2 : 2+k] {
		l = l<<8 | int64(c)
	}
	return 2 + int64(k) + l
}

// checkURL accepts absolute http and https URLs with a host.
func checkURL(u *url.URL) *Error {
	switch {
	case u.Scheme == "http" || u.Scheme == "https":
	case u.Scheme == "":
		return &Error{Class: BadURL, Err: errNotAbsolute}
	default:
		return &Error{Class: UnsupportedScheme, Err: fmt.Errorf("scheme %q", u.Scheme)}
	}
	if u.Host == "" {
		return &Error{Class: BadURL, Err: errNoHost}
	}
	return nil
}

// explainTimeout names the limit that ran out.
func explainTimeout(ctx context.Context, class Class, start time.Time, err error) error {
	if class != Timeout {
		return err
	}
	var ours *timeoutError
	if errors.As(context.Cause(ctx), &ours) {
		if errors.As(err, new(*timeoutError)) {
			return err
		}
		return fmt.Errorf("%v: %w", ours, err)
	}
	return fmt.Errorf("gave up at the caller's deadline after %v: %w",
		time.Since(start).Round(time.Millisecond), err)
}

// isHTML reports whether a 2xx response is an HTML page rather than one of
// our documents (DER or PEM certificates, CRLs, OCSP responses).
func isHTML(contentType string, body []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil &&
		(mt == "text/html" || mt == "application/xhtml+xml") {
		return true
	}
	b := bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")) // UTF-8 BOM
	b = bytes.TrimLeft(b, " \t\r\n\f")
	if len(b) > 16 {
		b = b[:16]
	}
	s := strings.ToLower(string(b))
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html")
}

// htmlTitle returns the page's <title>, shortened, for the error message.
func htmlTitle(body []byte) string {
	if len(body) > 8<<10 {
		body = body[:8<<10]
	}
	lower := bytes.ToLower(body)
	i := bytes.Index(lower, []byte("<title"))
	if i < 0 {
		return ""
	}
	j := bytes.IndexByte(lower[i:], '>')
	if j < 0 {
		return ""
	}
	i += j + 1
	k := bytes.Index(lower[i:], []byte("</title"))
	if k < 0 {
		return ""
	}
	t := strings.Join(strings.Fields(string(body[i:i+k])), " ")
	if r := []rune(t); len(r) > 80 {
		t = string(r[:80]) + "…"
	}
	return t
}
