package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gostverify/gostverify/batch"
)

// TestBatchInterrupt: Ctrl-C while a large document is being hashed stops
// the run at once, and the report is still written, with the document's
// signature not_checked; the exit code is indeterminate's.
func TestBatchInterrupt(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	// 3 GiB of zeros, sparse: a minute of hashing were it not interrupted.
	big := filepath.Join(in, "big.bin")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(3 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	sig, err := os.ReadFile("../../testdata/cms/invoice.xml.sig")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(big+".sig", sig, 0o644); err != nil {
		t.Fatal(err)
	}

	// The test's own subscription keeps an early SIGINT from killing it.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	defer signal.Stop(sigs)

	report := filepath.Join(dir, "report.json")
	var stdout, stderr bytes.Buffer
	done := make(chan int)
	start := time.Now()
	go func() {
		done <- run([]string{"batch", "--offline", "--revocation", "none", "--roots", "../../testdata/cms/pki/root.pem",
			"--jobs", "1", "--report", report, in}, &stdout, &stderr)
	}()
	time.Sleep(500 * time.Millisecond)
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	var code int
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("the run did not stop within 20 s of Ctrl-C")
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("the run took %v after Ctrl-C: it finished hashing instead of stopping", elapsed)
	}
	if code != exitIndeterminate {
		t.Errorf("exit code %d, want %d\nstderr: %s", code, exitIndeterminate, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr does not say the run was interrupted: %s", stderr.String())
	}
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatalf("no report after Ctrl-C: %v", err)
	}
	var rep batch.Report
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	if !rep.Interrupted || rep.Summary.NotChecked != 1 || len(rep.Entries) != 2 {
		t.Errorf("report: interrupted %v, summary %+v, %d entries; want interrupted, 1 not checked, 2 entries", rep.Interrupted, rep.Summary, len(rep.Entries))
	}
	for _, e := range rep.Entries {
		if e.Kind == batch.KindSignature && (e.Status != batch.NotChecked || !strings.Contains(e.Reason, "interrupted")) {
			t.Errorf("%s: %s (%s), want not_checked because of the interruption", e.Path, e.Status, e.Reason)
		}
	}
}
