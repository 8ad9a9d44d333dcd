package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/runstate"
)

// TestRunState: a run with a state verifies everything once and stores
// the report; the same run again verifies nothing (each result comes from
// the state: without trust anchors now, it gives the same report); a run stopped half-way and
// continued gives the report an uninterrupted run gives.
func TestRunState(t *testing.T) {
	dir := batchFixture(t)
	paths := []string{filepath.Join(dir, "in"), filepath.Join(dir, "in.zip"), filepath.Join(dir, "outer.zip")}
	meta := runstate.Meta{Inputs: paths, Options: "test"}
	opts := batchOptions(t)

	plain, err := Run(context.Background(), paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	want := reportJSON(t, plain)

	// A whole run, then the same again.
	name := filepath.Join(dir, "run.state")
	for round := range 2 {
		st, resumed, err := runstate.Open(name, meta)
		if err != nil || resumed != (round == 1) {
			t.Fatalf("round %d: %v, resumed %v", round, err, resumed)
		}
		o := opts
		o.State = st
		if round == 1 {
			// Were anything verified again, without trust anchors its
			// verdict would differ.
			o.Verify.Roots = nil
		}
		rep, err := Run(context.Background(), paths, o)
		if err != nil {
			t.Fatal(err)
		}
		if got := reportJSON(t, rep); got != want {
			t.Errorf("round %d: the report differs:\n%s\nwant\n%s", round, got, want)
		}
		stored, err := ReportOf(st)
		if err != nil {
			t.Fatal(err)
		}
		if got := reportJSON(t, stored); got != want {
			t.Errorf("round %d: the stored report differs", round)
		}
		st.Close()
	}

	// A run that keeps only the summary in memory (SummaryOnly) keeps
	// every verify report in its state all the same.
	st, _, err := runstate.Open(filepath.Join(dir, "summary.state"), meta)
	if err != nil {
		t.Fatal(err)
	}
	o := opts
	o.State, o.SummaryOnly = st, true
	rep, err := Run(context.Background(), paths, o)
	if err != nil {
		t.Fatal(err)
	}
	rep.eachEntry(func(e *Entry) error {
		if e.Verification != nil {
			t.Fatalf("%s: a verify report in a summary-only report", e.Path)
		}
		return nil
	})
	stored, err := ReportOf(st)
	if err != nil {
		t.Fatal(err)
	}
	if got := reportJSON(t, stored); got != want {
		t.Errorf("summary only: the stored report differs")
	}
	st.Close()

	// Interrupted after a few signatures, then continued.
	name = filepath.Join(dir, "interrupted.state")
	st, _, err = runstate.Open(name, meta)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	o = opts
	o.State, o.Jobs = st, 1
	o.Progress = func(done, total int) {
		if done == 3 {
			cancel()
		}
	}
	rep, err = Run(ctx, paths, o)
	if err != nil || !rep.Interrupted {
		t.Fatalf("%v, interrupted %v", err, rep.Interrupted)
	}
	if _, err := ReportOf(st); err == nil {
		t.Fatal("an interrupted run stored as finished")
	}
	st.Close()
	st, resumed, err := runstate.Open(name, meta)
	if err != nil || !resumed {
		t.Fatal(err)
	}
	defer st.Close()
	o = opts
	o.State = st
	rep, err = Run(context.Background(), paths, o)
	if err != nil {
		t.Fatal(err)
	}
	if got := reportJSON(t, rep); got != want {
		t.Errorf("continued: the report differs:\n%s\nwant\n%s", got, want)
	}
}

// reportJSON is a report as JSON without its timings (when it ran,
// how long each request took, when the live responder answered).
func reportJSON(t *testing.T, rep *Report) string {
	t.Helper()
	c := *rep
	c.Started, c.Finished = time.Time{}, time.Time{}
	data, err := json.MarshalIndent(&c, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	out := elapsed.ReplaceAllString(string(data), `"elapsed_ms": 0`)
	return answered.ReplaceAllString(out, `"$1": "(the responder's clock)"`)
}

// answered matches the times the test's OCSP responder gives its
// answers: a run half an hour later is answered half an hour later.
var answered = regexp.MustCompile(`"(this_update|next_update|produced_at)": "[^"]*"`)

// TestStateReports: a run with a state keeps no entry in memory, and every
// report rendered from the state (JSON, CSV, HTML, summary; the run's own
// and ReportOf's) is, byte for byte, the report a run without a state
// gives, apart from timings; a report kept in a state renders as the same
// report with its entries in memory does. The reports are rendered in the
// run's language, as the command does: a verify report read from a state
// is no longer translated.
func TestStateReports(t *testing.T) {
	dir := batchFixture(t)
	paths := []string{filepath.Join(dir, "in"), filepath.Join(dir, "in.zip"), filepath.Join(dir, "outer.zip")}
	opts := batchOptions(t)
	opts.Verify.Lang = Russian
	for _, summaryOnly := range []bool{false, true} {
		o := opts
		o.SummaryOnly = summaryOnly
		plain, err := Run(context.Background(), paths, o)
		if err != nil {
			t.Fatal(err)
		}
		st, _, err := runstate.Open(filepath.Join(dir, fmt.Sprintf("%v.state", summaryOnly)), runstate.Meta{Inputs: paths})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		o.State = st
		kept, err := Run(context.Background(), paths, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(kept.Entries) != 0 || kept.src == nil || len(plain.Entries) == 0 {
			t.Fatalf("%d entries in memory with a state", len(kept.Entries))
		}
		stored, err := ReportOf(st)
		if err != nil {
			t.Fatal(err)
		}
		full := plain
		if summaryOnly {
			// ReportOf has every verify report.
			o.SummaryOnly = false
			if full, err = Run(context.Background(), paths, o); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			name      string
			got, want *Report
		}{{"run", kept, plain}, {"ReportOf", stored, full}} {
			for format, write := range renderers {
				got, want := render(t, c.got, write), render(t, c.want, write)
				if got != want {
					t.Errorf("summary only %v, %s, %s: the report kept in the state differs:\n%s\nwant\n%s", summaryOnly, c.name, format, got, want)
				}
			}
			// The same report with its entries in memory.
			mem := *c.got
			mem.src, mem.Entries = nil, []Entry{}
			mem.Summary.Problems = slices.Clone(mem.Summary.Problems)
			for i := range mem.Summary.Problems {
				mem.Summary.Problems[i].Paths, _ = c.got.problemPaths(&mem.Summary.Problems[i], -1)
			}
			c.got.eachEntry(func(e *Entry) error { mem.Entries = append(mem.Entries, *e); return nil })
			for format, write := range renderers {
				var a, b bytes.Buffer
				if err := write(c.got, &a); err != nil {
					t.Fatal(err)
				}
				write(&mem, &b)
				if a.String() != b.String() {
					t.Errorf("summary only %v, %s, %s: the report kept in the state renders otherwise in memory", summaryOnly, c.name, format)
				}
			}
		}
	}
}

// renderers write a report in each format.
var renderers = map[string]func(*Report, io.Writer) error{
	"json":    func(r *Report, w io.Writer) error { return r.WriteJSON(w) },
	"csv":     func(r *Report, w io.Writer) error { return r.WriteCSV(w, Russian) },
	"html":    func(r *Report, w io.Writer) error { return r.WriteHTML(w, Russian) },
	"summary": func(r *Report, w io.Writer) error { return r.WriteSummary(w, Russian) },
}

// render is a report written by write, without its timings.
func render(t *testing.T, rep *Report, write func(*Report, io.Writer) error) string {
	t.Helper()
	c := *rep
	c.Started, c.Finished = time.Time{}, time.Time{}
	var b bytes.Buffer
	if err := write(&c, &b); err != nil {
		t.Fatal(err)
	}
	out := elapsed.ReplaceAllString(b.String(), `"elapsed_ms": 0`)
	return answered.ReplaceAllString(out, `"$1": "(the responder's clock)"`)
}

// TestSpill: a run without a state whose entries pass SpillAfter keeps
// them in a temporary state, and its reports are those of a run that
// keeps them in memory, in every format and language; Close releases it.
func TestSpill(t *testing.T) {
	dir := batchFixture(t)
	paths := []string{filepath.Join(dir, "in"), filepath.Join(dir, "in.zip"), filepath.Join(dir, "outer.zip")}
	for _, lang := range []Lang{English, Russian} {
		for _, summaryOnly := range []bool{false, true} {
			opts := batchOptions(t)
			opts.Verify.Lang, opts.SummaryOnly = lang, summaryOnly
			opts.SpillAfter = -1
			plain, err := Run(context.Background(), paths, opts)
			if err != nil {
				t.Fatal(err)
			}
			opts.SpillAfter, opts.TempDir = 1, t.TempDir()
			spilled, err := Run(context.Background(), paths, opts)
			if err != nil {
				t.Fatal(err)
			}
			if plain.closer != nil || spilled.closer == nil || len(spilled.Entries) != 0 || len(plain.Entries) < 10 {
				t.Fatalf("spilled: %d entries in memory, plain %d", len(spilled.Entries), len(plain.Entries))
			}
			if left, _ := os.ReadDir(opts.TempDir); len(left) != 0 {
				t.Errorf("the temporary state is left in %s: %v", opts.TempDir, left)
			}
			// Rendered in the run's language, as the command does (a
			// report read back keeps its technical details in that one).
			for format, write := range map[string]func(*Report, io.Writer) error{
				"json":    func(r *Report, w io.Writer) error { return r.WriteJSON(w) },
				"csv":     func(r *Report, w io.Writer) error { return r.WriteCSV(w, lang) },
				"html":    func(r *Report, w io.Writer) error { return r.WriteHTML(w, lang) },
				"summary": func(r *Report, w io.Writer) error { return r.WriteSummary(w, lang) },
			} {
				if got, want := render(t, spilled, write), render(t, plain, write); got != want {
					t.Errorf("%s, summary only %v, %s: the spilled report differs:\n%s\nwant\n%s", lang, summaryOnly, format, got, want)
				}
			}
			if err := spilled.Close(); err != nil {
				t.Fatal(err)
			}
			if err := spilled.WriteJSON(io.Discard); err == nil {
				t.Error("a closed report was written")
			}
		}
	}
}

// TestSpillUnreadableDocument: a signature whose document cannot be read
// names it without signing it; the HTML report kept in a state lists it
// under that document, as the report in memory does.
func TestSpillUnreadableDocument(t *testing.T) {
	read := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(cmsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	doc := read("invoice.xml")
	z := writeTestFile(t, filepath.Join(t.TempDir(), "crcdoc.zip"), buildTestZip(t,
		entrySpec{name: "invoice.xml.sig", data: read("invoice.xml.sig")},
		rawEntry("invoice.xml", zip.Store, doc, uint64(len(doc)), crc32.ChecksumIEEE(doc)^1, 0)))
	opts := batchOptions(t)
	opts.SpillAfter = -1
	plain, err := Run(context.Background(), []string{z}, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.SpillAfter = 1
	spilled, err := Run(context.Background(), []string{z}, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer spilled.Close()
	html := func(r *Report, w io.Writer) error { return r.WriteHTML(w, English) }
	got, want := render(t, spilled, html), render(t, plain, html)
	if got != want {
		t.Errorf("the spilled report differs:\n%s\nwant\n%s", got, want)
	}
	if !strings.Contains(got, "crcdoc.zip!/invoice.xml.sig") {
		t.Errorf("the signature is not in the report:\n%s", got)
	}
}

// TestSpillFails: when no temporary state can be made, the run keeps its
// entries in memory and says so; nothing is lost.
func TestSpillFails(t *testing.T) {
	dir := batchFixture(t)
	opts := batchOptions(t)
	opts.SpillAfter, opts.TempDir = 1, filepath.Join(dir, "no such folder")
	rep, err := Run(context.Background(), []string{filepath.Join(dir, "in")}, opts)
	if err != nil {
		t.Fatal(err)
	}
	if rep.closer != nil || len(rep.Entries) < 10 {
		t.Fatalf("%d entries in memory, closer %v", len(rep.Entries), rep.closer)
	}
	if !slices.ContainsFunc(rep.Warnings, func(w string) bool { return strings.Contains(w, "no temporary state could be made") }) {
		t.Errorf("warnings %q", rep.Warnings)
	}
}
