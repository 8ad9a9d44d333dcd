package serve

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/batch"
)

// runJob posts a job and waits for it to end.
func runJob(t *testing.T, base string, fields map[string]string, files ...file) jobView {
	t.Helper()
	var v jobView
	decode(t, post(t, base+"/v1/jobs", nil, fields, files...), http.StatusAccepted, &v)
	if v.ID == "" || v.State != JobRunning {
		t.Fatalf("job %+v", v)
	}
	deadline := time.Now().Add(30 * time.Second)
	for v.State == JobRunning {
		if time.Now().After(deadline) {
			t.Fatalf("job still running: %+v", v)
		}
		time.Sleep(20 * time.Millisecond)
		decode(t, do(t, "GET", base+"/v1/jobs/"+v.ID, nil), 200, &v)
	}
	return v
}

// zipOf makes a zip of name → content, deflated.
func zipOf(t testing.TB, entries ...file) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data)
	}
	zw.Close()
	return b.Bytes()
}

func TestJobs(t *testing.T) {
	s, ts := start(t, Options{})
	good := fixture(t, "", cmsDir+"/invoice.xml.sig")
	doc := fixture(t, "", cmsDir+"/invoice.xml")
	bad := fixture(t, "", cmsDir+"/tampered.xml.sig")
	badDoc := fixture(t, "", cmsDir+"/tampered.xml")
	archive := zipOf(t, file{"", "export/" + good.name, good.data}, file{"", "export/" + doc.name, doc.data},
		file{"", "export/" + bad.name, bad.data}, file{"", "export/" + badDoc.name, badDoc.data})

	v := runJob(t, ts.URL, map[string]string{"lang": "ru"}, file{"archive", "export.zip", archive})
	if v.State != JobDone || v.Status != "invalid" || v.Summary == nil || v.Summary.Signatures != 2 ||
		v.Summary.Valid != 1 || v.Summary.Invalid != 1 || v.Done != 2 || v.Total != 2 {
		t.Fatalf("job %+v, summary %+v", v, v.Summary)
	}
	// Nothing uploaded is kept once the job ended.
	emptyDir(t, s.opts.TempDir)

	// The report in each format, named as uploaded.
	resp := do(t, "GET", ts.URL+v.Report+"?format=json", nil)
	var rep batch.Report
	decode(t, resp, 200, &rep)
	paths := []string{}
	for _, e := range rep.Entries {
		paths = append(paths, e.Path)
	}
	if strings.Join(paths, " ") != "export.zip!/export/invoice.xml export.zip!/export/invoice.xml.sig export.zip!/export/tampered.xml export.zip!/export/tampered.xml.sig" {
		t.Errorf("entries %q", paths)
	}
	resp = do(t, "GET", ts.URL+v.Report+"?format=csv", nil)
	rows, err := csv.NewReader(resp.Body).ReadAll()
	resp.Body.Close()
	if err != nil || len(rows) < 3 || rows[0][0] != "Путь" {
		t.Errorf("csv: %v %q", err, rows)
	}
	resp = do(t, "GET", ts.URL+v.Report+"?format=html&lang=en&download=1", nil)
	html, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !bytes.Contains(html, []byte("<title>Signature verification report</title>")) || !bytes.Contains(html, []byte("HASH_FAILURE")) ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || bytes.Contains(html, []byte(s.opts.TempDir)) {
		t.Errorf("html report (%s):\n%.400s", resp.Header.Get("Content-Disposition"), html)
	}
	wantProblem(t, do(t, "GET", ts.URL+v.Report+"?format=xml", nil), ProblemBadRequest)

	// DELETE forgets it.
	resp = do(t, "DELETE", ts.URL+"/v1/jobs/"+v.ID, nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Errorf("DELETE: %d", resp.StatusCode)
	}
	wantProblem(t, do(t, "GET", ts.URL+"/v1/jobs/"+v.ID, nil), ProblemNotFound)

	// Loose files: a pair and a tampered pair, paired by name.
	v = runJob(t, ts.URL, nil, good.asFile(), doc.asFile(), bad.asFile(), badDoc.asFile())
	if v.Status != "invalid" || v.Summary.Valid != 1 || v.Summary.Invalid != 1 {
		t.Errorf("loose files: %+v", v.Summary)
	}
	// keep=true keeps the files until the job is deleted.
	v = runJob(t, ts.URL, map[string]string{"keep": "true"}, good.asFile(), doc.asFile())
	if !v.Kept {
		t.Errorf("not kept: %+v", v)
	}
	if ents, _ := os.ReadDir(s.opts.TempDir); len(ents) != 1 {
		t.Errorf("kept job: %d directories", len(ents))
	}
	do(t, "DELETE", ts.URL+"/v1/jobs/"+v.ID, nil).Body.Close()
	emptyDir(t, s.opts.TempDir)

	wantProblem(t, post(t, ts.URL+"/v1/jobs", nil, nil), ProblemBadRequest)
}

// TestJobZipBomb: an archive entry compressed past the ratio limit is
// refused (INPUT_REFUSED) and the rest is checked, as batch does.
func TestJobZipBomb(t *testing.T) {
	_, ts := start(t, Options{Limits: Limits{Archive: batch.Limits{MaxTotalSize: 1 << 30, MaxEntries: 100, MaxRatio: 100, MaxDepth: 1,
		MaxTempSize: 1 << 20, MaxInflate: 64 << 20}}})
	good := fixture(t, "", cmsDir+"/contract.txt.attached_2012_256.sig")
	bomb := zipOf(t, file{"", "bomb.bin", make([]byte, 32<<20)}, good)
	v := runJob(t, ts.URL, nil, file{"archive", "bomb.zip", bomb})
	if v.State != JobDone || v.Summary == nil {
		t.Fatalf("job %+v", v)
	}
	var refused bool
	for _, p := range v.Summary.Problems {
		refused = refused || (p.SubIndication == batch.InputRefused && len(p.Paths) == 1 && p.Paths[0] == "bomb.zip!/bomb.bin")
	}
	if !refused || v.Summary.Valid != 1 {
		t.Errorf("summary %+v", v.Summary)
	}
	// The reasons name the files as the client sent them, not where the
	// server kept them.
	resp := do(t, "GET", ts.URL+"/v1/jobs/"+v.ID+"/report?format=json", nil)
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(body, []byte(`bomb.zip!/bomb.bin: compressed`)) || bytes.Contains(body, []byte(os.TempDir())) {
		t.Errorf("the report names the server's files:\n%s", body)
	}
}

func TestJobLimits(t *testing.T) {
	_, ts := start(t, Options{Limits: Limits{MaxArchive: 32 << 10}})
	wantProblem(t, post(t, ts.URL+"/v1/jobs", nil, nil, file{"archive", "big.zip", make([]byte, 64<<10)}), ProblemTooLarge)
}
