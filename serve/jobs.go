package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gostverify/gostverify/batch"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
)

// Job states.
const (
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"
	JobCancelled = "cancelled"
)

// job is one archive (or set of files) checked by package batch, on a
// temporary copy of the upload.
type job struct {
	id      string
	lang    i18n.Lang
	keep    bool
	names   []string // the files uploaded
	created time.Time
	cancel  context.CancelFunc
	upload  *upload
	done    chan struct{}

	mu       sync.Mutex // guards the rest, and the report while rendered
	state    string
	finished time.Time
	expires  time.Time
	progress [2]int // done, total
	report   *batch.Report
	err      string
}

// jobView is what GET /v1/jobs/{id} answers.
type jobView struct {
	ID       string         `json:"id"`
	State    string         `json:"state"`
	Files    []string       `json:"files"`
	Created  time.Time      `json:"created"`
	Finished *time.Time     `json:"finished,omitempty"`
	Expires  *time.Time     `json:"expires,omitempty"`
	Done     int            `json:"done"`
	Total    int            `json:"total"`
	Kept     bool           `json:"kept"`
	Status   string         `json:"status,omitempty"`
	Summary  *batch.Summary `json:"summary,omitempty"`
	Error    string         `json:"error,omitempty"`
	Report   string         `json:"report,omitempty"` // the URL of the report, once done
}

type jobs struct {
	s       *Server
	mu      sync.Mutex
	m       map[string]*job
	running int
	wg      sync.WaitGroup
}

func newJobs(s *Server) *jobs { return &jobs{s: s, m: map[string]*job{}} }

func (js *jobs) get(id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.m[id]
}

// remove forgets a job, cancels it if it runs and deletes its files.
func (js *jobs) remove(j *job) {
	js.mu.Lock()
	delete(js.m, j.id)
	js.mu.Unlock()
	j.cancel()
	<-j.done
	j.upload.Close()
	js.gauge()
}

func (js *jobs) gauge() {
	js.mu.Lock()
	counts := map[string]int{JobRunning: 0, JobDone: 0, JobFailed: 0, JobCancelled: 0}
	for _, j := range js.m {
		j.mu.Lock()
		counts[j.state]++
		j.mu.Unlock()
	}
	js.mu.Unlock()
	for st, n := range counts {
		js.s.metrics.jobs.WithLabelValues(st).Set(float64(n))
	}
}

// close cancels every job and removes every file kept.
func (js *jobs) close() error {
	js.mu.Lock()
	all := make([]*job, 0, len(js.m))
	for _, j := range js.m {
		all = append(all, j)
	}
	js.mu.Unlock()
	for _, j := range all {
		js.remove(j)
	}
	js.wg.Wait()
	return nil
}

func (s *Server) handleJobCreate(w http.ResponseWriter, r *http.Request) {
	js := s.jobs
	js.mu.Lock()
	full := js.running >= s.lim.MaxJobs
	if !full {
		js.running++ // taken now, so that uploads under way count
	}
	js.mu.Unlock()
	if full {
		s.metrics.rejected.WithLabelValues("too_many_jobs").Inc()
		problem(w, r, ProblemTooManyJobs, fmt.Sprintf("%d jobs are running", s.lim.MaxJobs), 5*time.Second)
		return
	}
	started := false
	defer func() {
		if !started {
			js.mu.Lock()
			js.running--
			js.mu.Unlock()
		}
	}()
	u, err := s.readUploadLimit(w, r, map[string]int64{"archive": s.lim.MaxArchive, "file": s.lim.MaxArchive}, s.lim.MaxArchive)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.params(r, u)
	if err == nil && len(u.Files) == 0 {
		err = badRequest("send a zip archive in the field \"archive\", or files (documents and signatures) in fields \"file\"")
	}
	if err != nil {
		u.Close()
		s.fail(w, r, err)
		return
	}
	var idb [16]byte
	rand.Read(idb[:])
	j := &job{id: hex.EncodeToString(idb[:]), lang: p.Lang, keep: u.Values["keep"] == "true", created: s.now(),
		upload: u, done: make(chan struct{}), state: JobRunning}
	for _, f := range u.Files {
		j.names = append(j.names, f.Name)
	}
	ctx := fetch.WithObserver(fetch.WithGuard(context.Background(), s.opts.Guard), s.metrics.observeFetch)
	ctx, j.cancel = context.WithCancel(ctx)

	// The entries stay in memory (SpillAfter -1), bounded by the job's
	// archive limits: the report's names are rewritten there (relative)
	// and the job keeps the report until it is forgotten.
	opts := batch.Options{Verify: s.verifyOptions(p), Jobs: s.lim.JobWorkers, Limits: s.lim.Archive, SpillAfter: -1,
		Progress: func(done, total int) {
			j.mu.Lock()
			j.progress = [2]int{done, total}
			j.mu.Unlock()
		}}
	js.mu.Lock()
	js.m[j.id] = j
	js.mu.Unlock()
	js.wg.Add(1)
	started = true
	go js.run(ctx, j, opts)
	js.gauge()
	w.Header().Set("Location", "/v1/jobs/"+j.id)
	writeJSON(w, http.StatusAccepted, j.view())
}

// run checks the job's files with batch.Run, then deletes them unless
// the client asked to keep them, and forgets the job after JobTTL.
func (js *jobs) run(ctx context.Context, j *job, opts batch.Options) {
	defer js.wg.Done()
	rep, err := batch.Run(ctx, []string{j.upload.Dir}, opts)
	js.mu.Lock()
	js.running--
	js.mu.Unlock()
	if rep != nil {
		relative(rep, j.upload.Dir, j.names)
		for i := range rep.Entries {
			if e := &rep.Entries[i]; e.Kind == batch.KindSignature {
				js.s.metrics.observeReport("job", e.Verification)
			}
		}
	}
	if !j.keep {
		j.upload.Close()
	}
	j.mu.Lock()
	j.finished = js.s.now()
	j.expires = j.finished.Add(js.s.lim.JobTTL)
	switch {
	case err != nil:
		j.state, j.err = JobFailed, withoutDir(err.Error(), j.upload.Dir)
	case rep.Interrupted:
		j.state, j.report = JobCancelled, rep
	default:
		j.state, j.report = JobDone, rep
	}
	j.mu.Unlock()
	close(j.done)
	js.gauge()
	time.AfterFunc(js.s.lim.JobTTL, func() {
		if js.get(j.id) == j {
			js.remove(j)
		}
	})
}

// withoutDir is a text (an error, a reason) that names the job's files as
// the client sent them: without the temporary directory they are in.
func withoutDir(s, dir string) string { return strings.ReplaceAll(s, dir+"/", "") }

// relative names the report's files as the client sent them: without the
// temporary directory they were checked in.
func relative(rep *batch.Report, dir string, names []string) {
	prefix := dir + "/"
	cut := func(s string) string { return strings.TrimPrefix(s, prefix) }
	// A reason that quotes a file names it as the client does too.
	text := func(s string) string { return withoutDir(s, dir) }
	rep.Inputs = append([]string{}, names...)
	for i := range rep.Warnings {
		rep.Warnings[i] = text(rep.Warnings[i])
	}
	for i := range rep.Entries {
		e := &rep.Entries[i]
		e.Path, e.Document, e.Reason = cut(e.Path), cut(e.Document), text(e.Reason)
		for k := range e.Signatures {
			e.Signatures[k] = cut(e.Signatures[k])
		}
		if e.PathBytes != nil {
			e.PathBytes = []byte(cut(string(e.PathBytes)))
		}
		if v := e.Verification; v != nil {
			v.File, v.Content, v.Reason = cut(v.File), cut(v.Content), text(v.Reason)
			for k := range v.Warnings {
				v.Warnings[k] = text(v.Warnings[k])
			}
			for k := range v.Signatures {
				v.Signatures[k].Reason = text(v.Signatures[k].Reason)
			}
		}
	}
	for i := range rep.Summary.Problems {
		pr := &rep.Summary.Problems[i]
		for k := range pr.Paths {
			pr.Paths[k] = cut(pr.Paths[k])
		}
	}
}

func (j *job) view() jobView {
	j.mu.Lock()
	defer j.mu.Unlock()
	v := jobView{ID: j.id, State: j.state, Files: j.names, Created: j.created, Done: j.progress[0], Total: j.progress[1],
		Kept: j.keep, Error: j.err}
	if !j.finished.IsZero() {
		f, e := j.finished, j.expires
		v.Finished, v.Expires = &f, &e
	}
	if j.report != nil {
		v.Status = string(j.report.Status)
		sum := j.report.Summary
		v.Summary = &sum
		v.Report = "/v1/jobs/" + j.id + "/report"
	}
	return v
}

func (s *Server) jobOf(w http.ResponseWriter, r *http.Request) *job {
	j := s.jobs.get(r.PathValue("id"))
	if j == nil {
		problem(w, r, ProblemNotFound, "no job "+r.PathValue("id")+" (finished jobs are kept for a while, then forgotten)", 0)
	}
	return j
}

func (s *Server) handleJobGet(w http.ResponseWriter, r *http.Request) {
	if j := s.jobOf(w, r); j != nil {
		writeJSON(w, http.StatusOK, j.view())
	}
}

func (s *Server) handleJobDelete(w http.ResponseWriter, r *http.Request) {
	if j := s.jobOf(w, r); j != nil {
		s.jobs.remove(j)
		w.WriteHeader(http.StatusNoContent)
	}
}

// handleJobReport writes the report in the format asked: json (the
// schema of `gostverify batch --json`), csv or html (the протокол
// проверки), in lang (default the job's).
func (s *Server) handleJobReport(w http.ResponseWriter, r *http.Request) {
	j := s.jobOf(w, r)
	if j == nil {
		return
	}
	p, err := s.params(r, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := j.lang
	if r.URL.Query().Get("lang") != "" {
		lang = p.Lang
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	ctype := map[string]string{"json": "application/json; charset=utf-8", "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}[format]
	if ctype == "" {
		problem(w, r, ProblemBadRequest, fmt.Sprintf("format %q: json, csv or html", format), 0)
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.report == nil {
		problem(w, r, ProblemJobNotFinished, fmt.Sprintf("job %s is %s", j.id, j.state), time.Second)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Cache-Control", "no-store")
	if r.URL.Query().Get("download") != "" {
		h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=\"gostverify-%s.%s\"", j.id[:8], format))
	}
	if format == "html" {
		// The report is self-contained: no scripts, nothing to fetch.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
	}
	switch format {
	case "json":
		err = j.report.WriteJSON(w)
	case "csv":
		err = j.report.WriteCSV(w, lang)
	case "html":
		err = j.report.WriteHTML(w, lang)
	}
	if err != nil {
		s.log.ErrorContext(r.Context(), "writing a report", "request_id", requestIDOf(r.Context()), "error", err)
	}
}
