package poa

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
)

const testNumber = "c61a40df-d38f-4800-9ba4-61a2df016993"

// TestRegistryStatus: the registry's answers as a server on 127.0.0.1
// gives them — statuses, 404, errors, wrong JSON — and the cache.
func TestRegistryStatus(t *testing.T) {
	var body atomic.Value
	var code, asked atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		if want := "/api/v0/poar-portal/public/poa/" + testNumber + "/public"; r.URL.Path != want {
			t.Errorf("asked %s, want %s", r.URL.Path, want)
		}
		if c := code.Load(); c != 0 {
			http.Error(w, "no", int(c))
			return
		}
		w.Write([]byte(body.Load().(string)))
	}))
	defer srv.Close()
	answer := func(status, date string) string {
		return `{"poaNumber":"` + testNumber + `","startDate":"2024-12-03","endDate":"2025-12-03","status":"` + status + `","statusDate":"` + date + `","issuerPublicKey":"MIIB"}`
	}
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		body  string
		code  int32
		state RegistryState
		err   bool
	}{
		{answer("ACTIVE", "2024-12-03"), 0, RegistryActive, false},
		{answer("Действующая", "2024-12-03"), 0, RegistryActive, false},
		{answer("REVOKED", "2025-02-10"), 0, RegistryRevoked, false},
		{answer("Отменена", "2025-02-10T10:00:00"), 0, RegistryRevoked, false},
		{answer("INVALID", ""), 0, RegistryRevoked, false},
		{answer("EXPIRED", "2025-12-04"), 0, RegistryExpired, false},
		{answer("SUSPENDED", ""), 0, RegistrySuspended, false},
		{answer("DRAFT", ""), 0, RegistryUnknown, false},
		{"", 404, RegistryNotFound, false},
		{"", 503, "", true},
		{"<html>maintenance</html>", 0, "", true},
		{`{"poaNumber":"` + testNumber + `"}`, 0, "", true},
		{`{"poaNumber":"00000000-0000-0000-0000-000000000000","status":"ACTIVE"}`, 0, "", true},
	} {
		body.Store(c.body)
		code.Store(c.code)
		r := &Registry{URL: srv.URL, Client: &fetch.Client{Timeout: 5 * time.Second}, Now: func() time.Time { return now }}
		st, err := r.Status(context.Background(), strings.ToUpper(testNumber))
		var re *RegistryError
		switch {
		case c.err && !errors.As(err, &re):
			t.Errorf("%q %d: %v, want a *RegistryError", c.body, c.code, err)
		case !c.err && err != nil:
			t.Errorf("%q %d: %v", c.body, c.code, err)
		case !c.err && (st.State != c.state || !st.CheckedAt.Equal(now) || st.Number != testNumber):
			t.Errorf("%q %d: %+v, want %s", c.body, c.code, st, c.state)
		}
	}
	t.Run("cache", func(t *testing.T) {
		dir := t.TempDir()
		code.Store(0)
		body.Store(answer("ACTIVE", "2024-12-03"))
		at := now
		r := &Registry{URL: srv.URL + "/", CacheDir: dir, MaxAge: time.Hour, Now: func() time.Time { return at }}
		before := asked.Load()
		for i := 0; i < 3; i++ {
			st, err := r.Status(context.Background(), testNumber)
			if err != nil || st.State != RegistryActive || st.FromCache != (i > 0) {
				t.Fatalf("%d: %+v %v", i, st, err)
			}
		}
		if n := asked.Load() - before; n != 1 {
			t.Fatalf("asked %d times, want 1", n)
		}
		// An hour later the answer is asked again; now revoked, and a
		// revocation is kept for good.
		at = at.Add(61 * time.Minute)
		body.Store(answer("REVOKED", "2025-03-01"))
		if st, err := r.Status(context.Background(), testNumber); err != nil || st.State != RegistryRevoked || st.FromCache {
			t.Fatalf("%+v %v", st, err)
		}
		at = at.AddDate(1, 0, 0)
		if st, err := r.Status(context.Background(), testNumber); err != nil || st.State != RegistryRevoked || !st.FromCache {
			t.Fatalf("%+v %v", st, err)
		}
	})
	t.Run("offline", func(t *testing.T) {
		r := &Registry{URL: srv.URL, Client: &fetch.Client{Offline: true}}
		var fe *fetch.Error
		if _, err := r.Status(context.Background(), testNumber); !errors.As(err, &fe) || fe.Class != fetch.Offline {
			t.Fatalf("%v", err)
		}
	})
	t.Run("not a number", func(t *testing.T) {
		if _, err := (&Registry{URL: srv.URL}).Status(context.Background(), "../../etc/passwd"); err == nil {
			t.Fatal("accepted")
		}
	})
	t.Run("template", func(t *testing.T) {
		r := &Registry{URL: "http://127.0.0.1:1/check?guid={number}"}
		if got := r.requestURL(testNumber); got != "http://127.0.0.1:1/check?guid="+testNumber {
			t.Fatal(got)
		}
		if got := (&Registry{}).requestURL(testNumber); got != DefaultRegistryURL+"/api/v0/poar-portal/public/poa/"+testNumber+"/public" {
			t.Fatal(got)
		}
	})
}
