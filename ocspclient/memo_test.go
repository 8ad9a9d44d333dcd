package ocspclient

import (
	"context"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
)

// TestMemoOCSP: many goroutines asking about two certificates through one
// Memo make one request per certificate to a real responder, and all get
// the verified answer.
func TestMemoOCSP(t *testing.T) {
	p := newPKI(t)
	url, hits := ocspProxy(t, p.responder(t, "sub.pem", "sub.key.pem"), nil)
	c := &Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}, Memo: &Memo{}}
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Go(func() {
			cert, want := p.good, Good
			if i%2 == 1 {
				cert, want = p.revoked, Revoked
			}
			r, err := c.Check(context.Background(), cert, p.issuer, url, time.Time{})
			if err != nil || r.Status != want {
				t.Errorf("goroutine %d: %+v, %v", i, r, err)
			}
		})
	}
	wg.Wait()
	if n := hits.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (one per certificate)", n)
	}
}

// TestMemoCRL: one fetch of a CRL for many goroutines and certificates,
// and a failing URL is not retried within the run.
func TestMemoCRL(t *testing.T) {
	der := subCRL(t)
	var hits atomic.Int32
	var broken atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if broken.Load() {
			http.Error(w, "down", http.StatusServiceUnavailable)
			return
		}
		w.Write(der)
	}))
	t.Cleanup(srv.Close)
	p := newPKI(t)
	c := &CRLChecker{HTTP: &fetch.Client{Transport: rewriteHost{srv.Listener.Addr().String()}}, Memo: &Memo{}}
	var wg sync.WaitGroup
	for i := range 32 {
		wg.Go(func() {
			cert, want := p.good, Good
			if i%2 == 1 {
				cert, want = p.revoked, Revoked
			}
			r, err := c.Check(context.Background(), cert, p.issuer, time.Time{})
			if err != nil || r.Status != want {
				t.Errorf("goroutine %d: %+v, %v", i, r, err)
			}
		})
	}
	wg.Wait()
	if n := hits.Load(); n != 1 {
		t.Errorf("%d fetches, want 1", n)
	}

	broken.Store(true)
	hits.Store(0)
	c = &CRLChecker{HTTP: &fetch.Client{Transport: rewriteHost{srv.Listener.Addr().String()}}, Memo: &Memo{}}
	for range 3 {
		if _, err := c.Check(context.Background(), p.good, p.issuer, time.Time{}); !isCRLClass(err, CRLClass(fetch.HTTPStatus)) {
			t.Errorf("broken server: %v, want class %s", err, fetch.HTTPStatus)
		}
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d fetches of a failing URL, want 1", n)
	}
}

// TestMemoCRLErrorNotShared: the failure of a distribution point is kept
// in the Memo, and each check gets its own list of the points that
// failed before the last one.
func TestMemoCRLErrorNotShared(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	t.Cleanup(srv.Close)
	ca := newTestCA(t)
	cert := ca.leaf(t, big.NewInt(9), false, "http://127.0.0.1:1/a.crl", "http://127.0.0.1:1/b.crl")
	c := &CRLChecker{HTTP: &fetch.Client{Transport: rewriteHost{srv.Listener.Addr().String()}}, Memo: &Memo{},
		Now: func() time.Time { return ca.now }}
	for i := range 3 {
		// Another validation time each time: the answer is not shared, the
		// failures of the URLs are.
		_, err := c.Check(context.Background(), cert, ca.cert, ca.now.Add(time.Duration(i)*time.Minute))
		ce := wantCRLClass(t, err, CRLClass(fetch.HTTPStatus))
		if ce.URL != "http://127.0.0.1:1/b.crl" || len(ce.Previous) != 1 {
			t.Errorf("check %d: %s with %d earlier failures, want b.crl with 1", i, ce.URL, len(ce.Previous))
		}
	}
}
