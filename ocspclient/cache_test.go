package ocspclient

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gostverify/gostverify/internal/fetch"
)

// TestOCSPCache: an answer from a real responder is kept, verified again
// and used offline until its nextUpdate; never with RequireNonce.
func TestOCSPCache(t *testing.T) {
	p := newPKI(t)
	url := p.responder(t, "sub.pem", "sub.key.pem")
	cache := t.TempDir()
	online := &Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}, CacheDir: cache}
	first, err := online.Check(context.Background(), p.revoked, p.issuer, url)
	if err != nil || first.Status != Revoked {
		t.Fatalf("online: %+v, %v", first, err)
	}

	offline := &Client{HTTP: &fetch.Client{Offline: true}, CacheDir: cache}
	r, err := offline.Check(context.Background(), p.revoked, p.issuer, url)
	if err != nil {
		t.Fatalf("offline with a warm cache: %v", err)
	}
	if r.Status != Revoked || !r.RevokedAt.Equal(first.RevokedAt) || len(r.Attempts) != 1 || r.Attempts[0].Method != "CACHE" {
		t.Errorf("from the cache: %+v", r)
	}

	// Another certificate is not in the cache.
	if _, err := offline.Check(context.Background(), p.good, p.issuer, url); !isClass(err, Class(fetch.Offline)) {
		t.Errorf("uncached certificate offline: %v, want class offline", err)
	}
	// A cached answer cannot prove a fresh nonce.
	strict := &Client{HTTP: &fetch.Client{Offline: true}, CacheDir: cache, RequireNonce: true}
	if _, err := strict.Check(context.Background(), p.revoked, p.issuer, url); !isClass(err, Class(fetch.Offline)) {
		t.Errorf("RequireNonce with a cached answer: %v, want class offline (cache not used)", err)
	}
	// After nextUpdate the cached answer is not used.
	later := &Client{HTTP: &fetch.Client{Offline: true}, CacheDir: cache, Now: func() time.Time { return first.NextUpdate.Add(time.Minute) }}
	if _, err := later.Check(context.Background(), p.revoked, p.issuer, url); !isClass(err, Class(fetch.Offline)) {
		t.Errorf("after nextUpdate: %v, want class offline (cache not used)", err)
	}
}

func isClass(err error, c Class) bool {
	var oe *Error
	return errors.As(err, &oe) && oe.Class == c
}
