package ocspclient

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
)

// TestOCSPCache: an answer from a real responder is kept, verified again
// and used offline until its nextUpdate; never with RequireNonce.
func TestOCSPCache(t *testing.T) {
	p := newPKI(t)
	url := p.responder(t, "sub.pem", "sub.key.pem")
	cache := t.TempDir()
	online := &Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}, CacheDir: cache}
	first, err := online.Check(context.Background(), p.revoked, p.issuer, url, time.Time{})
	if err != nil || first.Status != Revoked {
		t.Fatalf("online: %+v, %v", first, err)
	}

	offline := &Client{HTTP: &fetch.Client{Offline: true}, CacheDir: cache}
	r, err := offline.Check(context.Background(), p.revoked, p.issuer, url, time.Time{})
	if err != nil {
		t.Fatalf("offline with a warm cache: %v", err)
	}
	if r.Status != Revoked || !r.RevokedAt.Equal(first.RevokedAt) || len(r.Attempts) != 1 || r.Attempts[0].Method != "CACHE" {
		t.Errorf("from the cache: %+v", r)
	}

	// Another certificate is not in the cache.
	if _, err := offline.Check(context.Background(), p.good, p.issuer, url, time.Time{}); !isClass(err, Class(fetch.Offline)) {
		t.Errorf("uncached certificate offline: %v, want class offline", err)
	}
	// A cached answer cannot prove a fresh nonce.
	strict := &Client{HTTP: &fetch.Client{Offline: true}, CacheDir: cache, RequireNonce: true}
	if _, err := strict.Check(context.Background(), p.revoked, p.issuer, url, time.Time{}); !isClass(err, Class(fetch.Offline)) {
		t.Errorf("RequireNonce with a cached answer: %v, want class offline (cache not used)", err)
	}
	// After nextUpdate the cached answer is not used.
	later := &Client{HTTP: &fetch.Client{Offline: true}, CacheDir: cache, Now: func() time.Time { return first.NextUpdate.Add(time.Minute) }}
	if _, err := later.Check(context.Background(), p.revoked, p.issuer, url, time.Time{}); !isClass(err, Class(fetch.Offline)) {
		t.Errorf("after nextUpdate: %v, want class offline (cache not used)", err)
	}
}

func isClass(err error, c Class) bool {
	var oe *Error
	return errors.As(err, &oe) && oe.Class == c
}

func isCRLClass(err error, c CRLClass) bool {
	var ce *CRLError
	return errors.As(err, &ce) && ce.Class == c
}

// TestOCSPCacheControl: a response's Cache-Control max-age bounds how long
// it is cached, and no-store or no-cache keeps it out of the cache. The
// real responder sits behind a proxy that adds the header.
func TestOCSPCacheControl(t *testing.T) {
	p := newPKI(t)
	upstream := p.responder(t, "sub.pem", "sub.key.pem")
	var header atomic.Value
	url, _ := ocspProxy(t, upstream, func(h http.Header) { h.Set("Cache-Control", header.Load().(string)) })

	now := time.Now()
	tests := []struct {
		header string
		after  time.Duration // when the cache is read
		cached bool
	}{
		{"max-age=600, public", 5 * time.Minute, true},
		{"max-age=600, public", 11 * time.Minute, false},
		{`max-age="60"`, 30 * time.Second, true},
		{"public, no-store", 0, false},
		{"no-cache", 0, false},
		{"max-age=soon", 0, false},
		{"", 30 * time.Minute, true}, // until nextUpdate
	}
	for _, tt := range tests {
		t.Run(tt.header+" after "+tt.after.String(), func(t *testing.T) {
			header.Store(tt.header)
			cache := t.TempDir()
			online := &Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}, CacheDir: cache, Now: func() time.Time { return now }}
			first, err := online.Check(context.Background(), p.good, p.issuer, url, time.Time{})
			if err != nil || first.Status != Good {
				t.Fatalf("online: %+v, %v", first, err)
			}
			if got := first.Attempts[len(first.Attempts)-1].CacheControl; got != tt.header {
				t.Errorf("attempt's Cache-Control %q, want %q", got, tt.header)
			}
			if tt.after > 0 && !first.NextUpdate.After(now.Add(tt.after)) {
				t.Fatalf("the responder's nextUpdate %v is too close for this test", first.NextUpdate)
			}
			offline := &Client{HTTP: &fetch.Client{Offline: true}, CacheDir: cache, Now: func() time.Time { return now.Add(tt.after) }}
			_, err = offline.Check(context.Background(), p.good, p.issuer, url, time.Time{})
			if tt.cached && err != nil {
				t.Errorf("want the cached answer: %v", err)
			}
			if !tt.cached && !isClass(err, Class(fetch.Offline)) {
				t.Errorf("want no cached answer (class offline), got %v", err)
			}
		})
	}
}

// ocspProxy forwards OCSP requests to upstream (a real responder), lets
// edit change the response headers, and counts the requests.
func ocspProxy(t *testing.T, upstream string, edit func(http.Header)) (string, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		body, err := io.ReadAll(r.Body) // openssl ocsp wants a Content-Length, not chunks
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		req, err := http.NewRequestWithContext(r.Context(), r.Method, upstream, bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		req.Header.Set("Content-Type", r.Header.Get("Content-Type"))
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
		if edit != nil {
			edit(w.Header())
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	}))
	t.Cleanup(proxy.Close)
	return proxy.URL + "/ocsp", &hits
}
