package ocspclient

import (
	"context"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
)

func TestCheckTimes(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	const skew = 5 * time.Minute
	day := 24 * time.Hour
	tests := []struct {
		name                       string
		thisUpdate, nextUpdate, at time.Time
		want                       timeFault
	}{
		{"current now", now.Add(-time.Hour), now.Add(day), now, timesOK},
		{"issued after a past at", now.Add(-time.Hour), now.Add(day), now.Add(-30 * day), timesOK},
		{"issued after a past at, out of date now", now.Add(-3 * day), now.Add(-2 * day), now.Add(-4 * day), timesOK},
		{"current at a past at, out of date now", now.Add(-3 * day), now.Add(-2 * day), now.Add(-2*day - time.Hour), timesOK},
		{"out of date at now", now.Add(-3 * day), now.Add(-2 * day), now, stale},
		{"out of date at a future at", now.Add(-time.Hour), now.Add(day), now.Add(2 * day), stale},
		{"nextUpdate within the skew", now.Add(-day), now.Add(-4 * time.Minute), now, timesOK},
		{"nextUpdate just beyond the skew", now.Add(-day), now.Add(-6 * time.Minute), now, stale},
		{"thisUpdate within the skew of at", now.Add(-day), now.Add(-day + time.Minute), now.Add(-day + 4*time.Minute), timesOK},
		{"no nextUpdate", now.Add(-30 * day), time.Time{}, now, timesOK},
		{"thisUpdate in the future", now.Add(time.Hour), now.Add(day), now, notYetValid},
		{"thisUpdate in the future, past at", now.Add(time.Hour), now.Add(day), now.Add(-day), notYetValid},
		{"thisUpdate in the future, future at", now.Add(time.Hour), now.Add(day), now.Add(2 * time.Hour), notYetValid},
		{"thisUpdate within the skew of now", now.Add(4 * time.Minute), now.Add(day), now, timesOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkTimes(tt.thisUpdate, tt.nextUpdate, tt.at, now, skew)
			if got != tt.want || (err == nil) != (tt.want == timesOK) {
				t.Errorf("got %v (%v), want %v", got, err, tt.want)
			}
		})
	}
}

// TestOCSPValidationTime: the answers of a real responder are judged for
// the validation time given to Check, while the real clock (Client.Now)
// only checks that thisUpdate is not in the future.
func TestOCSPValidationTime(t *testing.T) {
	p := newPKI(t)
	caURL := p.responder(t, "sub.pem", "sub.key.pem")
	ekuURL := p.responder(t, "resp_eku.pem", "resp_eku.key.pem")
	// An answer without a nonce can be replayed: it is judged on its
	// times alone. thisUpdate is about now, nextUpdate a day later.
	issued := time.Now()
	der := query(t, caURL, p.good, p.issuer, false)
	replay := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/ocsp-response")
		w.Write(der)
	}
	relay := func(url string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			req, err := io.ReadAll(r.Body)
			if err != nil {
				t.Error(err)
			}
			w.Header().Set("Content-Type", "application/ocsp-response")
			w.Write(forward(t, url, req))
		}
	}
	day := 24 * time.Hour
	tests := []struct {
		name    string
		handler http.HandlerFunc
		now     time.Duration // the real clock, from issued
		at      time.Time     // the validation time; zero: now
		class   Class         // "" for a good answer
	}{
		{"fresh answer, at now", replay, 0, time.Time{}, ""},
		{"fresh answer, past at", replay, 0, issued.Add(-30 * day), ""},
		{"fresh answer, at after its nextUpdate", replay, 0, issued.Add(2 * day), Stale},
		{"out of date by the real clock, at now", replay, 2 * day, time.Time{}, Stale},
		{"out of date by the real clock, at before its thisUpdate", replay, 2 * day, issued.Add(-time.Hour), ""},
		{"out of date by the real clock, at before its nextUpdate", replay, 2 * day, issued.Add(12 * time.Hour), ""},
		{"thisUpdate in the future, at now", replay, -time.Hour, time.Time{}, NotYetValid},
		{"thisUpdate in the future, past at", replay, -time.Hour, issued.Add(-2 * time.Hour), NotYetValid},
		{"thisUpdate in the future, future at", replay, -time.Hour, issued.Add(time.Hour), NotYetValid},
		// The delegated responder's certificate is valid for 2 days: it is
		// judged at producedAt, not by the real clock.
		{"delegated responder expired by the real clock, valid at producedAt", relay(ekuURL), 3 * day, issued, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(tt.handler)
			defer srv.Close()
			c := newClient()
			c.Now = func() time.Time { return issued.Add(tt.now) }
			res, err := c.Check(context.Background(), p.good, p.issuer, srv.URL+"/ocsp", tt.at)
			if tt.class != "" {
				wantClass(t, err, tt.class)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != Good {
				t.Errorf("status %s, want good", res.Status)
			}
		})
	}
}

// TestMemoValidationTime: two validation times never share an answer in
// a Memo.
func TestMemoValidationTime(t *testing.T) {
	p := newPKI(t)
	url, hits := ocspProxy(t, p.responder(t, "sub.pem", "sub.key.pem"), nil)
	c := &Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}, Memo: &Memo{}}
	now := time.Now()
	for range 2 {
		if r, err := c.Check(context.Background(), p.good, p.issuer, url, now); err != nil || r.Status != Good {
			t.Fatalf("at now: %+v, %v", r, err)
		}
	}
	_, err := c.Check(context.Background(), p.good, p.issuer, url, now.Add(3*24*time.Hour))
	wantClass(t, err, Stale)
	if n := hits.Load(); n != 2 {
		t.Errorf("%d requests, want 2 (one per validation time)", n)
	}
}

// TestCRLValidationTime: a CRL is judged for the validation time given to
// CheckCRL and Check, while the real clock (CRLChecker.Now) checks that
// thisUpdate is not in the future and decides the cache.
func TestCRLValidationTime(t *testing.T) {
	ca := newTestCA(t)
	cert := ca.leaf(t, big.NewInt(42), false, "http://127.0.0.1:1/test.crl")
	der := ca.crl(t, nil) // thisUpdate ca.now, nextUpdate 7 days later
	issued, day := ca.now, 24*time.Hour
	tests := []struct {
		name  string
		now   time.Duration // the real clock, from thisUpdate
		at    time.Time     // the validation time; zero: now
		class CRLClass      // "" for good
	}{
		{"fresh CRL, at now", time.Hour, time.Time{}, ""},
		{"fresh CRL, past at", time.Hour, issued.Add(-30 * day), ""},
		{"fresh CRL, at after its nextUpdate", time.Hour, issued.Add(10 * day), CRLStale},
		{"out of date by the real clock, at now", 10 * day, time.Time{}, CRLStale},
		{"out of date by the real clock, at before its thisUpdate", 10 * day, issued.Add(-time.Hour), ""},
		{"out of date by the real clock, at before its nextUpdate", 10 * day, issued.Add(3 * day), ""},
		{"thisUpdate in the future, at now", -time.Hour, time.Time{}, CRLNotYetValid},
		{"thisUpdate in the future, past at", -time.Hour, issued.Add(-2 * time.Hour), CRLNotYetValid},
		{"thisUpdate in the future, future at", -time.Hour, issued.Add(time.Hour), CRLNotYetValid},
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(der) }))
	defer srv.Close()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := func() time.Time { return issued.Add(tt.now) }
			direct := &CRLChecker{Now: now}
			fetched := &CRLChecker{HTTP: &fetch.Client{Transport: rewriteHost{srv.Listener.Addr().String()}}, Now: now}
			for name, check := range map[string]func() (*CRLResult, error){
				"CheckCRL": func() (*CRLResult, error) { return direct.CheckCRL(der, cert, ca.cert, tt.at) },
				"Check":    func() (*CRLResult, error) { return fetched.Check(context.Background(), cert, ca.cert, tt.at) },
			} {
				res, err := check()
				if tt.class != "" {
					wantCRLClass(t, err, tt.class)
					continue
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				if res.Status != Good {
					t.Errorf("%s: status %s, want good", name, res.Status)
				}
			}
		})
	}

	t.Run("memo", func(t *testing.T) {
		c := &CRLChecker{HTTP: &fetch.Client{Transport: rewriteHost{srv.Listener.Addr().String()}},
			Now: func() time.Time { return issued.Add(time.Hour) }, Memo: &Memo{}}
		if _, err := c.Check(context.Background(), cert, ca.cert, time.Time{}); err != nil {
			t.Fatal(err)
		}
		_, err := c.Check(context.Background(), cert, ca.cert, issued.Add(10*day))
		wantCRLClass(t, err, CRLStale)
		if _, err := c.CheckCRL(der, cert, ca.cert, time.Time{}); err != nil {
			t.Fatal(err)
		}
		_, err = c.CheckCRL(der, cert, ca.cert, issued.Add(10*day))
		wantCRLClass(t, err, CRLStale)
	})

	t.Run("cache by the real clock", func(t *testing.T) {
		cache := t.TempDir()
		online := &CRLChecker{HTTP: &fetch.Client{Transport: rewriteHost{srv.Listener.Addr().String()}}, CacheDir: cache,
			Now: func() time.Time { return issued.Add(time.Hour) }}
		if _, err := online.Check(context.Background(), cert, ca.cert, time.Time{}); err != nil {
			t.Fatal(err)
		}
		offline := func(now time.Time) *CRLChecker {
			return &CRLChecker{HTTP: &fetch.Client{Offline: true}, CacheDir: cache, Now: func() time.Time { return now }}
		}
		// Before nextUpdate by the real clock, the cached CRL serves a past at.
		res, err := offline(issued.Add(2*day)).Check(context.Background(), cert, ca.cert, issued.Add(-day))
		if err != nil || !res.FromCache {
			t.Errorf("past at, cache current: %+v, %v", res, err)
		}
		// After it, the cache is not used, whatever at.
		_, err = offline(issued.Add(10*day)).Check(context.Background(), cert, ca.cert, issued.Add(-day))
		wantCRLClass(t, err, CRLClass(fetch.Offline))
	})
}
