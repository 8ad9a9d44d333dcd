package batch

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

// hangingServer answers nothing on 127.0.0.1 until the client gives up or
// the test ends; it counts the requests it got.
func hangingServer(t *testing.T) (string, *atomic.Int32) {
	t.Helper()
	var requests atomic.Int32
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	return srv.URL, &requests
}

// TestRunNetworkBudget: with an OCSP responder that never answers, the
// run's network budget ends the requests under way when it runs out and
// lets no new one start: the run takes the budget, not a timeout per
// signature, and the signatures whose revocation check it cut say so.
func TestRunNetworkBudget(t *testing.T) {
	url, requests := hangingServer(t)
	dir := t.TempDir()
	writeArchiveDir(t, dir)
	opts := offlineOptions(t)
	opts.Verify.RevocationOff = false
	opts.Verify.OCSP = &ocspclient.Client{HTTP: &fetch.Client{Timeout: time.Minute}}
	opts.Verify.OCSPURL = url
	opts.Verify.NetworkBudget = time.Minute
	opts.RunNetworkBudget = 300 * time.Millisecond
	start := time.Now()
	rep, err := Run(context.Background(), []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("the run took %v: the budget of 300ms did not cut the requests", elapsed)
	}
	// Two signers (signer_2012_256 and signer_2001): two questions at
	// most, both cut; none asked after.
	if n := requests.Load(); n < 1 || n > 2 {
		t.Errorf("the responder got %d requests, want 1 or 2", n)
	}
	cut := map[string]bool{"a/invoice.xml.sig": true, "a/копия подписи.sgn": true, "a/report.txt.sgn": true, "b/contract.txt.p7m": true}
	for _, e := range rep.Entries {
		rel, _ := filepath.Rel(dir, e.Path)
		rel = filepath.ToSlash(rel)
		says := strings.Contains(e.Reason, "network budget of 300ms (--run-network-budget) ran out")
		warned := e.Verification != nil && strings.Contains(strings.Join(e.Verification.Warnings, "\n"), "--run-network-budget")
		switch {
		case cut[rel] && (e.Status != Indeterminate || e.SubIndication != verify.TryLater || !says || !warned):
			t.Errorf("%s: %s %s (%s), warned %v; want TRY_LATER saying the run's budget cut it", rel, e.Status, e.SubIndication, e.Reason, warned)
		case !cut[rel] && (says || warned):
			t.Errorf("%s: %s (%s): no network check of its was cut", rel, e.Status, e.Reason)
		}
		if cut[rel] {
			var be *RunBudgetError
			if rs := e.Verification.Signatures; len(rs) == 0 || !errors.As(rs[0].Cause, &be) || be.Budget != opts.RunNetworkBudget {
				t.Errorf("%s: the cause is not a *RunBudgetError", rel)
			}
		}
	}
}

// TestNetBudget: the budget runs while at least one request is under way,
// once for requests under way together, and a request asked for once it
// is spent is refused.
func TestNetBudget(t *testing.T) {
	b := newNetBudget(time.Hour)
	defer b.close()
	start := time.Now()
	for range 3 {
		if !b.begin() {
			t.Fatal("refused with an hour left")
		}
	}
	time.Sleep(50 * time.Millisecond)
	for range 3 {
		b.end()
	}
	wall := time.Since(start)
	used := b.used
	// Three requests together: the wall time they took, not three times it.
	if used < 50*time.Millisecond || used > wall {
		t.Errorf("used %v for three requests under way together for %v", used, wall)
	}
	time.Sleep(50 * time.Millisecond) // idle: not counted
	start = time.Now()
	b.begin()
	b.end()
	if wall := time.Since(start); b.used-used > wall {
		t.Errorf("used %v then %v for a request of %v: the idle time counted", used, b.used, wall)
	}

	b = newNetBudget(30 * time.Millisecond)
	defer b.close()
	if !b.begin() {
		t.Fatal("refused before any request")
	}
	select {
	case <-b.spent.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("a request under way for 10 s did not spend a budget of 30ms")
	}
	b.end()
	if b.begin() {
		t.Error("a request started once the budget is spent")
	}
	if newNetBudget(-1) != nil {
		t.Error("a negative budget is a bound")
	}
	if d := newNetBudget(0).limit; d != DefaultRunNetworkBudget {
		t.Errorf("a zero budget is %v", d)
	}
}
