package batch

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
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
	if err != nil || rep.Entries[0].Verification != nil && rep.Entries[0].Kind == KindSignature {
		t.Fatal(err)
	}
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
