package serve

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/verify"
)

// metrics are the server's Prometheus metrics, in a registry of its own
// (with the Go runtime's and the process's: go_goroutines,
// process_open_fds, process_resident_memory_bytes).
type metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	verdicts  *prometheus.CounterVec
	fetches   *prometheus.CounterVec // by kind (aia, ocsp, crl) and outcome, from the reports
	outgoing  *prometheus.CounterVec // every outgoing request, by class
	cacheHits *prometheus.CounterVec
	rejected  *prometheus.CounterVec
	inflight  prometheus.Gauge
	jobs      *prometheus.GaugeVec
	handler   http.Handler // serves reg at /metrics
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gostverify_http_requests_total",
		Help: "HTTP requests served, by route and status code."}, []string{"route", "code"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "gostverify_http_request_duration_seconds",
		Help:    "Time to answer an HTTP request, by route.",
		Buckets: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}}, []string{"route"})
	m.verdicts = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gostverify_verdicts_total",
		Help: "Verdicts given, by endpoint (verify, certificate, job) and status."}, []string{"endpoint", "status"})
	m.fetches = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gostverify_fetches_total",
		Help: "Issuer downloads (aia), OCSP requests and CRL downloads the verifications made, by outcome (ok or the failure class)."}, []string{"kind", "outcome"})
	m.outgoing = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gostverify_outgoing_requests_total",
		Help: "Every outgoing HTTP request, by outcome (ok or the failure class, address_refused among them)."}, []string{"outcome"})
	m.cacheHits = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gostverify_cache_hits_total",
		Help: "Answers taken from the disk cache instead of the network, by kind (aia, ocsp, crl)."}, []string{"kind"})
	m.rejected = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "gostverify_rejected_total",
		Help: "Requests refused by a limit, by reason (busy, too_many_jobs, too_large, unauthorized)."}, []string{"reason"})
	m.inflight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "gostverify_verifications_in_flight",
		Help: "Synchronous verifications under way."})
	m.jobs = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "gostverify_jobs",
		Help: "Archive jobs kept, by state."}, []string{"state"})
	m.reg.MustRegister(m.requests, m.latency, m.verdicts, m.fetches, m.outgoing, m.cacheHits, m.rejected, m.inflight, m.jobs,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return m
}

func (m *metrics) observeRequest(route string, code int, d time.Duration) {
	m.requests.WithLabelValues(route, strconv.Itoa(code)).Inc()
	m.latency.WithLabelValues(route).Observe(d.Seconds())
}

// observeFetch is the fetch.WithObserver function of every request.
func (m *metrics) observeFetch(a fetch.Attempt) {
	m.outgoing.WithLabelValues(outcome(string(a.Class))).Inc()
}

func outcome(class string) string {
	if class == "" {
		return "ok"
	}
	return class
}

// observeReport counts a verify report's verdict and what its checks
// fetched or took from the cache.
func (m *metrics) observeReport(endpoint string, r *verify.Report) {
	if r == nil {
		return
	}
	m.verdicts.WithLabelValues(endpoint, string(r.Status)).Inc()
	for i := range r.Signatures {
		sig := &r.Signatures[i]
		for _, d := range sig.IssuerDownloads {
			if d.Method == "CACHE" {
				m.cacheHits.WithLabelValues("aia").Inc()
				continue
			}
			m.fetches.WithLabelValues("aia", outcome(d.Class)).Inc()
		}
		m.observeRevocation(sig.Revocation)
	}
}

// observeRevocation counts the OCSP and CRL requests of a revocation
// check: an attempt with a CertID hash is an OCSP request, one without a
// CRL download; method CACHE a cache hit.
func (m *metrics) observeRevocation(rev verify.Revocation) {
	for _, a := range rev.Attempts {
		kind := "crl"
		if a.Hash != "" {
			kind = "ocsp"
		}
		if a.Method == "CACHE" {
			m.cacheHits.WithLabelValues(kind).Inc()
			continue
		}
		m.fetches.WithLabelValues(kind, outcome(a.Class)).Inc()
	}
}

func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) {
	s.metrics.handler.ServeHTTP(w, r)
}
