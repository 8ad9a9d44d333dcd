package serve

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gostverify/gostverify/batch"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// Params are what one request may choose about its verification: the
// language of the reasons, the validation time and the policy, as verify's
// --lang, --at and --policy.
type Params struct {
	Lang   i18n.Lang
	At     time.Time // zero: now
	Policy verify.Policy
}

// Options configure a Server. Everything the server needs is passed in
// here; it reads no flags, files or environment of its own.
type Options struct {
	// Verify returns the verify.Options of one request's Verifier: the
	// trust anchors, the revocation clients, the list of accredited CAs,
	// the registry of powers of attorney, with p applied. It is called
	// once per request (a Verifier and its caches live as long as the
	// request), from many goroutines.
	Verify func(p Params) verify.Options
	// Lang is the language when a request names none; default English.
	Lang i18n.Lang
	// Limits bound what a client may ask; zero fields take the defaults.
	Limits Limits
	// Guard, when set, is put in the context of every request, so that
	// the downloads uploaded data can trigger (AIA, OCSP, CRL, the МЧД
	// registry) connect only to the addresses it allows.
	Guard *fetch.Guard
	// Token, when set, is the bearer token every /v1/ request must carry
	// (Authorization: Bearer TOKEN).
	Token string
	// Logger receives a line per request (default: discard).
	Logger *slog.Logger
	// Now is the clock (default time.Now): job expiry and metrics.
	Now func() time.Time
	// TempDir is where uploads are written while they are checked
	// (default os.TempDir()).
	TempDir string
	// TSL answers GET /v1/tsl: the stored list's description and the CAs
	// matching query, as `gostverify tsl show --json` prints them; nil
	// when the server has no list.
	TSL func(query string) (any, error)
	// POA answers POST /v1/poa: the power of attorney in data as
	// `gostverify poa show --json` prints it; err when it cannot be read.
	POA func(name string, data []byte, l i18n.Lang) (any, error)
	// Version is reported by /healthz.
	Version string
}

// Limits protect the server. Zero fields take the defaults below.
type Limits struct {
	// MaxUpload caps a request body (default 64 MiB); MaxArchive the body
	// of a job (default 1 GiB).
	MaxUpload  int64
	MaxArchive int64
	// Archive are the limits of batch for the zips of a job (default
	// batch.DefaultLimits with 1 GiB of temporary space and 4 GiB
	// inflated per job).
	Archive batch.Limits
	// RequestTimeout bounds a synchronous request (verify, show,
	// certificate, poa, tsl); default 2 minutes.
	RequestTimeout time.Duration
	// Concurrency is the number of synchronous verifications at once
	// (default 2 × the CPUs); QueueWait how long a request waits for a
	// slot before it is answered busy (503 with Retry-After; default 2s).
	Concurrency int
	QueueWait   time.Duration
	// MaxJobs is the number of archive jobs running at once (default 2);
	// more are refused (429). JobWorkers is each job's batch.Options.Jobs
	// (default the CPUs). JobTTL is how long a finished job and its
	// report are kept (default 1 hour).
	MaxJobs    int
	JobWorkers int
	JobTTL     time.Duration
}

const (
	defaultMaxUpload      = 64 << 20
	defaultMaxArchive     = 1 << 30
	defaultRequestTimeout = 2 * time.Minute
	defaultQueueWait      = 2 * time.Second
	defaultJobTTL         = time.Hour
)

func (l Limits) withDefaults(cpus int) Limits {
	if l.MaxUpload <= 0 {
		l.MaxUpload = defaultMaxUpload
	}
	if l.MaxArchive <= 0 {
		l.MaxArchive = defaultMaxArchive
	}
	if l.Archive == (batch.Limits{}) {
		l.Archive = batch.DefaultLimits
		l.Archive.MaxTempSize = 1 << 30
		l.Archive.MaxInflate = 4 << 30
	}
	if l.RequestTimeout <= 0 {
		l.RequestTimeout = defaultRequestTimeout
	}
	if l.Concurrency <= 0 {
		l.Concurrency = 2 * cpus
	}
	if l.QueueWait < 0 {
		l.QueueWait = 0
	} else if l.QueueWait == 0 {
		l.QueueWait = defaultQueueWait
	}
	if l.MaxJobs <= 0 {
		l.MaxJobs = 2
	}
	if l.JobWorkers <= 0 {
		l.JobWorkers = cpus
	}
	if l.JobTTL <= 0 {
		l.JobTTL = defaultJobTTL
	}
	return l
}

// Server is the HTTP API and the web page. Make one with New; it is an
// http.Handler. Close stops its jobs and removes what they kept.
type Server struct {
	opts    Options
	lim     Limits
	log     *slog.Logger
	now     func() time.Time
	slots   chan struct{}
	metrics *metrics
	jobs    *jobs
	mux     *http.ServeMux
	handler http.Handler

	readyMu sync.Mutex
	ready   bool
}

// route is one endpoint; the table is the API (and openapi.json lists
// every one of them).
type route struct {
	pattern string // "METHOD /path"
	api     bool   // under /v1/: token and problem details
	handler func(s *Server, w http.ResponseWriter, r *http.Request)
}

var routes = []route{
	{"POST /v1/verify", true, (*Server).handleVerify},
	{"POST /v1/show", true, (*Server).handleShow},
	{"POST /v1/certificate", true, (*Server).handleCertificate},
	{"POST /v1/poa", true, (*Server).handlePOA},
	{"GET /v1/tsl", true, (*Server).handleTSL},
	{"POST /v1/jobs", true, (*Server).handleJobCreate},
	{"GET /v1/jobs/{id}", true, (*Server).handleJobGet},
	{"GET /v1/jobs/{id}/report", true, (*Server).handleJobReport},
	{"DELETE /v1/jobs/{id}", true, (*Server).handleJobDelete},
	{"GET /v1/openapi.json", false, (*Server).handleOpenAPI},
	{"GET /healthz", false, (*Server).handleHealth},
	{"GET /readyz", false, (*Server).handleReady},
	{"GET /metrics", false, (*Server).handleMetrics},
	{"GET /{$}", false, (*Server).handlePage},
	{"GET /static/{file}", false, (*Server).handleStatic},
}

// New makes a Server. opts.Verify is required.
func New(opts Options) (*Server, error) {
	cpus := runtime.NumCPU()
	if opts.Verify == nil {
		return nil, fmt.Errorf("serve: Options.Verify is required")
	}
	if opts.Lang == "" {
		opts.Lang = i18n.English
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Guard != nil {
		// batch clones http.DefaultTransport for its network budget:
		// the clones must dial through the guard's check too.
		fetch.GuardDefaultTransport()
	}
	s := &Server{opts: opts, lim: opts.Limits.withDefaults(cpus), log: opts.Logger, now: opts.Now, ready: true}
	s.slots = make(chan struct{}, s.lim.Concurrency)
	s.metrics = newMetrics()
	s.jobs = newJobs(s)
	s.mux = http.NewServeMux()
	for _, rt := range routes {
		rt := rt
		var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { rt.handler(s, w, r) })
		if rt.api {
			h = s.authorize(h)
		}
		s.mux.Handle(rt.pattern, s.instrument(rt.pattern, h))
	}
	s.mux.Handle("/", s.instrument("other", http.HandlerFunc(s.handleUnknown)))
	s.handler = s.requestID(s.mux)
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// SetReady makes /readyz answer 200 (true) or 503 (false, while shutting
// down).
func (s *Server) SetReady(ready bool) {
	s.readyMu.Lock()
	s.ready = ready
	s.readyMu.Unlock()
}

// Close cancels the running jobs and removes every file they kept.
func (s *Server) Close() error {
	s.SetReady(false)
	return s.jobs.close()
}

// handleUnknown answers a path no route serves, or a method a route's
// path does not take, with problem details.
func (s *Server) handleUnknown(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pat := s.mux.Handler(probe); pat != "/" && pat != "" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		problem(w, r, ProblemMethodNotAllowed, fmt.Sprintf("%s %s: allowed: %s", r.Method, r.URL.Path, strings.Join(allow, ", ")), 0)
		return
	}
	problem(w, r, ProblemNotFound, r.URL.Path, 0)
}

// requestID honours the client's X-Request-ID when it is short and
// printable, else makes one, and puts it in the answer and the logs.
func (s *Server) requestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !validRequestID(id) {
			var b [12]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		ctx := context.WithValue(r.Context(), requestIDKey{}, id)
		if s.opts.Guard != nil {
			ctx = fetch.WithGuard(ctx, s.opts.Guard)
		}
		ctx = fetch.WithObserver(ctx, s.metrics.observeFetch)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

type requestIDKey struct{}

func requestIDOf(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func validRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		if c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

// authorize requires the bearer token, when the server has one.
func (s *Server) authorize(next http.Handler) http.Handler {
	if s.opts.Token == "" {
		return next
	}
	want := []byte("Bearer " + s.opts.Token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			s.metrics.rejected.WithLabelValues("unauthorized").Inc()
			problem(w, r, ProblemUnauthorized, "send Authorization: Bearer <token>", 0)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and size of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument logs and counts each request of a route.
func (s *Server) instrument(route string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		elapsed := time.Since(start)
		s.metrics.observeRequest(route, sw.status, elapsed)
		level := slog.LevelInfo
		if sw.status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("request_id", requestIDOf(r.Context())),
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("route", route),
			slog.Int("status", sw.status), slog.Int64("bytes", sw.bytes),
			slog.Duration("elapsed", elapsed), slog.String("remote", r.RemoteAddr))
	})
}

// acquire takes a verification slot, waiting up to QueueWait; false when
// none freed (the answer is then sent).
func (s *Server) acquire(w http.ResponseWriter, r *http.Request) bool {
	select {
	case s.slots <- struct{}{}:
		s.metrics.inflight.Inc()
		return true
	default:
	}
	t := time.NewTimer(s.lim.QueueWait)
	defer t.Stop()
	select {
	case s.slots <- struct{}{}:
		s.metrics.inflight.Inc()
		return true
	case <-t.C:
	case <-r.Context().Done():
	}
	s.metrics.rejected.WithLabelValues("busy").Inc()
	problem(w, r, ProblemBusy, fmt.Sprintf("%d verifications are under way", cap(s.slots)), time.Second)
	return false
}

func (s *Server) release() {
	<-s.slots
	s.metrics.inflight.Dec()
}

// fail answers an error of a handler: a reqError as its problem, anything
// else as internal (logged, never shown).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if re, ok := err.(*reqError); ok {
		if re.t == ProblemTooLarge {
			s.metrics.rejected.WithLabelValues("too_large").Inc()
		}
		problem(w, r, re.t, re.detail, 0)
		return
	}
	s.log.ErrorContext(r.Context(), "internal error", slog.String("request_id", requestIDOf(r.Context())), slog.Any("error", err))
	problem(w, r, ProblemInternal, "see the server log, request "+requestIDOf(r.Context()), 0)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.opts.Version})
}

func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	s.readyMu.Lock()
	ready := s.ready
	s.readyMu.Unlock()
	if !ready {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting_down"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"status": "ready", "free_slots": cap(s.slots) - len(s.slots)})
}
