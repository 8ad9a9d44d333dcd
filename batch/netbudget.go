package batch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

// DefaultRunNetworkBudget is the time a run may spend waiting on the
// network when Options.RunNetworkBudget is zero: ten slow responders'
// worth of verify.DefaultNetworkBudget, after which an unreachable CA
// costs a run nothing more.
const DefaultRunNetworkBudget = 10 * time.Minute

// RunBudgetError is the failure of a request that the run's network
// budget (Options.RunNetworkBudget) cut short or did not let start.
type RunBudgetError struct {
	Budget time.Duration
	// Cut is set for a request under way when the budget ran out, unset
	// for one not made because it had.
	Cut bool
}

func (e *RunBudgetError) Error() string {
	if e.Cut {
		return fmt.Sprintf("batch: the run's network budget of %v (--run-network-budget) ran out while the request was under way", e.Budget)
	}
	return fmt.Sprintf("batch: the run's network budget of %v (--run-network-budget) is spent: the request was not made", e.Budget)
}

// netBudget is the run's network budget. Its clock runs while at least
// one request is under way (from RoundTrip to the body's Close), so that
// workers waiting together spend it once. A nil netBudget is no bound.
type netBudget struct {
	limit time.Duration
	// spent is done once the budget is: requests under way are cut.
	spent  context.Context
	expire context.CancelFunc

	mu       sync.Mutex
	used     time.Duration // before since
	inflight int
	since    time.Time // when inflight went from 0 to 1
	timer    *time.Timer
	cutURLs  map[string]bool // the URLs of the requests refused or cut

	transport *http.Transport // for clients with no Transport of their own
}

func newNetBudget(d time.Duration) *netBudget {
	if d == 0 {
		d = DefaultRunNetworkBudget
	}
	if d < 0 {
		return nil
	}
	b := &netBudget{limit: d, cutURLs: map[string]bool{}}
	b.spent, b.expire = context.WithCancel(context.Background())
	return b
}

// close stops the budget's timer and drops the idle connections of its
// transport.
func (b *netBudget) close() {
	if b == nil {
		return
	}
	b.mu.Lock()
	if b.timer != nil {
		b.timer.Stop()
	}
	b.mu.Unlock()
	if b.transport != nil {
		b.transport.CloseIdleConnections()
	}
}

// begin counts a request in; false when the budget is spent.
func (b *netBudget) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.spent.Err() != nil {
		return false
	}
	b.inflight++
	if b.inflight == 1 {
		b.since = time.Now()
		b.timer = time.AfterFunc(b.limit-b.used, b.expire)
	}
	return true
}

// end counts a request out.
func (b *netBudget) end() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inflight--
	if b.inflight == 0 {
		b.timer.Stop()
		b.used += time.Since(b.since)
		if b.used >= b.limit {
			b.expire()
		}
	}
}

// cut records that the request for url was refused or cut short.
func (b *netBudget) cut(url string, mark *netMark) {
	b.mu.Lock()
	b.cutURLs[url] = true
	b.mu.Unlock()
	if mark != nil {
		mark.cut.Store(true)
	}
}

// options are o with every HTTP client going through the budget; fetch
// clients shared in o stay shared. The AIA is a new one with o.AIA's
// client and cache: a chain.AIA cannot be copied.
func (b *netBudget) options(o verify.Options) verify.Options {
	if b == nil {
		return o
	}
	wrapped := map[*fetch.Client]*fetch.Client{}
	wrap := func(c *fetch.Client, def fetch.Client) *fetch.Client {
		if w, ok := wrapped[c]; ok {
			return w
		}
		w := def
		if c != nil {
			w = *c
		}
		rt := w.Transport
		if rt == nil {
			rt = b.baseTransport()
		}
		w.Transport = &budgetTransport{b: b, rt: rt}
		wrapped[c] = &w
		return &w
	}
	if o.AIA != nil {
		o.AIA = &chain.AIA{Client: wrap(o.AIA.Client, fetch.Client{}), CacheDir: o.AIA.CacheDir}
	}
	if o.OCSP != nil {
		c := *o.OCSP
		c.HTTP = wrap(c.HTTP, fetch.Client{})
		o.OCSP = &c
	}
	if o.CRL != nil {
		c := *o.CRL
		c.HTTP = wrap(c.HTTP, fetch.Client{MaxSize: ocspclient.DefaultCRLMaxSize})
		o.CRL = &c
	}
	return o
}

// baseTransport is what fetch uses by default: http.DefaultTransport's
// settings, proxies from the environment.
func (b *netBudget) baseTransport() http.RoundTripper {
	if b.transport == nil {
		b.transport = http.DefaultTransport.(*http.Transport).Clone()
		b.transport.Proxy = http.ProxyFromEnvironment
	}
	return b.transport
}

// netMark is put in the context of one signature's verification: the
// requests made for it mark it when the budget cut one.
type netMark struct{ cut atomic.Bool }

type netMarkKey struct{}

func withNetMark(ctx context.Context, m *netMark) context.Context {
	return context.WithValue(ctx, netMarkKey{}, m)
}

func netMarkOf(ctx context.Context) *netMark {
	m, _ := ctx.Value(netMarkKey{}).(*netMark)
	return m
}

// budgetTransport makes requests through rt while the budget lasts.
type budgetTransport struct {
	b  *netBudget
	rt http.RoundTripper
}

func (t *budgetTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	b, url, mark := t.b, req.URL.String(), netMarkOf(req.Context())
	if !b.begin() {
		if req.Body != nil {
			req.Body.Close()
		}
		b.cut(url, mark)
		return nil, &RunBudgetError{Budget: b.limit}
	}
	ctx, cancel := context.WithCancel(req.Context())
	stop := context.AfterFunc(b.spent, cancel)
	var once sync.Once
	done := func() {
		once.Do(func() {
			stop()
			cancel()
			b.end()
		})
	}
	resp, err := t.rt.RoundTrip(req.WithContext(ctx))
	if err != nil {
		cutHere := b.spent.Err() != nil && req.Context().Err() == nil
		done()
		if cutHere {
			b.cut(url, mark)
			return nil, &RunBudgetError{Budget: b.limit, Cut: true}
		}
		return nil, err
	}
	resp.Body = &budgetBody{rc: resp.Body, t: t, req: req, url: url, mark: mark, done: done}
	return resp, nil
}

// budgetBody is a response body read while the budget lasts; the request
// is under way until it is closed.
type budgetBody struct {
	rc   io.ReadCloser
	t    *budgetTransport
	req  *http.Request
	url  string
	mark *netMark
	done func()
}

func (r *budgetBody) Read(p []byte) (int, error) {
	n, err := r.rc.Read(p)
	if err != nil && err != io.EOF && r.t.b.spent.Err() != nil && r.req.Context().Err() == nil {
		r.t.b.cut(r.url, r.mark)
		return n, &RunBudgetError{Budget: r.t.b.limit, Cut: true}
	}
	return n, err
}

func (r *budgetBody) Close() error {
	err := r.rc.Close()
	r.done()
	return err
}

// note is what a signature whose network checks the budget cut says, in l.
func (b *netBudget) note(l i18n.Lang) string {
	return l.Sprintf(i18n.BatchRunBudget, b.limit)
}

// affected reports whether the budget cut rep's network checks: a request
// made for it was cut or refused, a failure it reports (shared by another
// signature's request) is the budget's, or an issuer download it lists
// failed at a URL the budget cut.
func (b *netBudget) affected(rep *verify.Report, mark *netMark) bool {
	if b == nil || b.spent.Err() == nil && !mark.cut.Load() {
		return false
	}
	if mark.cut.Load() {
		return true
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var walk func(ss []verify.SignatureReport) bool
	walk = func(ss []verify.SignatureReport) bool {
		for _, s := range ss {
			var be *RunBudgetError
			if errors.As(s.Cause, &be) {
				return true
			}
			for _, d := range s.IssuerDownloads {
				if d.Error != "" && b.cutURLs[d.URL] {
					return true
				}
			}
			if walk(s.Countersignatures) {
				return true
			}
		}
		return false
	}
	return walk(rep.Signatures)
}
