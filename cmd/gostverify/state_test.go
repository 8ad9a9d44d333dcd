package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"
)

// TestBatchStateKilled kills a batch run with --state (SIGKILL) part-way,
// runs the same command again to completion, and compares its report
// with an uninterrupted run's: the same entries, verdicts and reasons.
// Then `gostverify report` renders the stored run again, and a state of
// another run is refused.
func TestBatchStateKilled(t *testing.T) {
	bin, err := exec.LookPath("gostverify") // the test binary, as TestMain set it up
	if err != nil {
		t.Skip(err)
	}
	testdata, in := stateInputs(t, 1500)
	work := t.TempDir()
	args := func(extra ...string) []string {
		return append([]string{"batch", "--offline", "--revocation", "none", "--roots", filepath.Join(testdata, "pki/root.pem"),
			"--certs", filepath.Join(testdata, "pki/sub.pem"), "--at", "2026-12-01T00:00:00Z", "--policy", "basic", "--jobs", "1", "--no-progress"}, extra...)
	}
	run := func(a []string) error {
		cmd := exec.Command(bin, a...)
		cmd.Dir = work
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() <= 2 {
			return nil // a verdict, not a failure
		}
		if err != nil {
			return fmt.Errorf("%v: %s", err, stderr.String())
		}
		return nil
	}
	if err := run(args("--report", "plain.json", in)); err != nil {
		t.Fatal(err)
	}

	state := filepath.Join(work, "run.state")
	cmd := exec.Command(bin, args("--state", state, "--report", "resumed.json", in)...)
	cmd.Dir = work
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill it once it has committed some results (the state grows past
	// its empty size), before it ends.
	deadline := time.Now().Add(20 * time.Second)
	for {
		if fi, err := os.Stat(state); err == nil && fi.Size() > 64<<10 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("the state never grew")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Skipf("the run ended before it was killed (%v): nothing to resume", err)
	}
	if _, err := os.Stat(filepath.Join(work, "resumed.json")); err == nil {
		t.Fatal("a killed run wrote its report")
	}
	again := exec.Command(bin, args("--state", state, "--report", "resumed.json", in)...)
	again.Dir = work
	var said bytes.Buffer
	again.Stderr = &said
	if err := again.Run(); err != nil && !isVerdict(err) {
		t.Fatalf("%v: %s", err, said.String())
	}
	if !bytes.Contains(said.Bytes(), []byte("gostverify: continuing the run kept in")) {
		t.Fatalf("not continued: %s", said.String())
	}
	plain, resumed := normalized(t, filepath.Join(work, "plain.json")), normalized(t, filepath.Join(work, "resumed.json"))
	if plain != resumed {
		t.Fatalf("the resumed run's report differs from an uninterrupted run's")
	}

	// report renders the stored run.
	out, err := exec.Command(bin, "report", "--format", "json", state).Output()
	if err != nil && !isVerdict(err) {
		t.Fatal(err)
	}
	stored := filepath.Join(work, "stored.json")
	os.WriteFile(stored, out, 0o644)
	if normalized(t, stored) != plain {
		t.Fatal("report renders another report")
	}
	// Another run's state: refused, exit 3.
	c := exec.Command(bin, args("--state", state, filepath.Join(in, "00"))...)
	var stderr bytes.Buffer
	c.Stderr = &stderr
	if err := c.Run(); err == nil || c.ProcessState.ExitCode() != 3 || !bytes.Contains(stderr.Bytes(), []byte("the state of another run")) {
		t.Fatalf("%v: %s", err, stderr.String())
	}
}

func isVerdict(err error) bool {
	ee, ok := err.(*exec.ExitError)
	return ok && ee.ExitCode() <= 2
}

// normalized is a JSON report without what differs between runs of the
// same inputs: when they ran, and how long requests took.
func normalized(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	delete(v, "started")
	delete(v, "finished")
	out, _ := json.Marshal(v)
	return regexp.MustCompile(`"elapsed_ms":\d+`).ReplaceAllString(string(out), "")
}

// stateInputs writes n copies of a valid, an invalid and an
// indeterminate signature of testdata/cms with their documents, in 40
// folders, and returns testdata/cms and the folder of the copies.
func stateInputs(t *testing.T, n int) (testdata, in string) {
	t.Helper()
	testdata, _ = filepath.Abs("../../testdata/cms")
	in = filepath.Join(t.TempDir(), "in")
	files := map[string][]byte{}
	for _, name := range []string{"invoice.xml", "invoice.xml.sig", "invoice.xml.badsig.sig", "invoice.xml.nocerts.sig"} {
		data, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	for i := range n {
		dir := filepath.Join(in, fmt.Sprintf("%02d", i%40), fmt.Sprint(i))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return testdata, in
}

// TestBatchShardsMerge runs 4 shards of one batch, each with its state,
// and merges their states: the report one run gives, apart from timings.
func TestBatchShardsMerge(t *testing.T) {
	bin, err := exec.LookPath("gostverify")
	if err != nil {
		t.Skip(err)
	}
	testdata, in := stateInputs(t, 200)
	work := t.TempDir()
	common := []string{"batch", "--offline", "--revocation", "none", "--roots", filepath.Join(testdata, "pki/root.pem"),
		"--certs", filepath.Join(testdata, "pki/sub.pem"), "--at", "2026-12-01T00:00:00Z", "--policy", "basic", "--no-progress"}
	run := func(a ...string) []byte {
		t.Helper()
		cmd := exec.Command(bin, a...)
		cmd.Dir = work
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil && !isVerdict(err) {
			t.Fatalf("%v: %s", err, stderr.String())
		}
		return out
	}
	run(append(common, "--report", "whole.json", in)...)
	states := []string{"report", "merge", "--format", "json"}
	for k := 1; k <= 4; k++ {
		state := fmt.Sprintf("shard%d.state", k)
		run(append(common, "--shard", fmt.Sprintf("%d/4", k), "--state", state, in)...)
		states = append(states, state)
	}
	os.WriteFile(filepath.Join(work, "merged.json"), run(states...), 0o644)
	if normalized(t, filepath.Join(work, "merged.json")) != normalized(t, filepath.Join(work, "whole.json")) {
		t.Fatal("the merged shards' report differs from one run's")
	}
	// Three of the four: refused.
	cmd := exec.Command(bin, states[:len(states)-1]...)
	cmd.Dir = work
	if err := cmd.Run(); err == nil || cmd.ProcessState.ExitCode() != 3 {
		t.Fatalf("a merge of 3 shards of 4: %v", err)
	}
}
