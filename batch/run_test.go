package batch

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"io"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

const cmsDir = "../testdata/cms"

// archiveFile is a file of the generated archive: its name there, the
// fixture of testdata/cms it is a copy of, and what the report must say.
type archiveFile struct {
	name, fixture string
	kind          string
	status        Status
	sub           verify.SubIndication
	pairing       string
	document      string   // the signature's document, by name in the archive
	signatures    []string // the document's signatures, by name in the archive
}

// archiveFiles mix every kind of input. The signatures are testdata/cms's:
// invoice.xml.sig (signer_2012_256), report.txt.sgn (signer_2001, revoked
// by the responder the test starts), contract.txt.attached_2012_256.sig,
// invoice.xml.oneline.sgn (the same signature as base64 on one line).
var archiveFiles = []archiveFile{
	{name: "a/invoice.xml", fixture: "invoice.xml", kind: KindDocument, status: Valid,
		signatures: []string{"a/invoice.xml.sig", "a/копия подписи.sgn"}},
	{name: "a/invoice.xml.sig", fixture: "invoice.xml.sig", kind: KindSignature, status: Valid,
		pairing: PairedByName, document: "a/invoice.xml"},
	// Named after nothing beside it: paired by the digest it signs.
	{name: "a/копия подписи.sgn", fixture: "invoice.xml.oneline.sgn", kind: KindSignature, status: Valid,
		pairing: PairedByDigest, document: "a/invoice.xml"},
	{name: "a/tampered.xml", fixture: "tampered.xml", kind: KindDocument, status: Invalid,
		signatures: []string{"a/tampered.xml.sig"}},
	{name: "a/tampered.xml.sig", fixture: "tampered.xml.sig", kind: KindSignature, status: Invalid,
		sub: verify.HashFailure, pairing: PairedByName, document: "a/tampered.xml"},
	{name: "a/report.txt", fixture: "report.txt", kind: KindDocument, status: Invalid,
		signatures: []string{"a/report.txt.sgn"}},
	{name: "a/report.txt.sgn", fixture: "report.txt.sgn", kind: KindSignature, status: Invalid,
		sub: verify.Revoked, pairing: PairedByName, document: "a/report.txt"},
	// A document named as in a/, signed by a self-signed certificate.
	{name: "b/invoice.xml", fixture: "invoice.xml", kind: KindDocument, status: Indeterminate,
		signatures: []string{"b/invoice.xml.SIG"}},
	{name: "b/invoice.xml.SIG", fixture: "invoice.xml.selfsigned.sig", kind: KindSignature, status: Indeterminate,
		sub: verify.NoCertificateChainFound, pairing: PairedByName, document: "b/invoice.xml"},
	{name: "b/bad_random.sig", fixture: "bad_random.sig", kind: KindSignature, status: Invalid,
		sub: verify.FormatFailure},
	{name: "b/contract.txt", fixture: "contract.txt", kind: KindDocument, status: Valid,
		signatures: []string{"b/contract.txt.p7m"}},
	{name: "b/contract.txt.p7m", fixture: "contract.txt.attached_2012_256.sig", kind: KindSignature, status: Valid,
		pairing: PairedAttached, document: "b/contract.txt"},
	// An orphan: its document is not in the archive.
	{name: "b/letter.txt.p7s", fixture: "letter.txt.p7s", kind: KindSignature, status: Indeterminate,
		sub: SignedDataNotFound, pairing: PairedNone},
	{name: "b/notes.txt", fixture: "long.txt", kind: KindDocument, status: Unsigned},
}

// writeArchiveDir writes archiveFiles under dir.
func writeArchiveDir(t *testing.T, dir string) {
	t.Helper()
	for _, f := range archiveFiles {
		data, err := os.ReadFile(filepath.Join(cmsDir, f.fixture))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// zipBytes makes a zip of the named contents, deflated.
func zipBytes(t *testing.T, files map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestCompression)
	})
	for _, name := range slices.Sorted(maps.Keys(files)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(files[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// archiveZip is archiveFiles as a zip.
func archiveZip(t *testing.T) []byte {
	files := map[string][]byte{}
	for _, f := range archiveFiles {
		data, err := os.ReadFile(filepath.Join(cmsDir, f.fixture))
		if err != nil {
			t.Fatal(err)
		}
		files[f.name] = data
	}
	return zipBytes(t, files)
}

// bombSize is the size of the zip bomb entry: zeros, compressed about
// 1030:1, beyond the default limit of 1000:1.
const bombSize = 64 << 20

// batchFixture writes, in a new directory: in/ (archiveFiles), in.zip
// (the same), and outer.zip holding in.zip as x/inner.zip, an entry named
// ../escape.txt and a zip bomb. It returns the directory.
func batchFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeArchiveDir(t, filepath.Join(dir, "in"))
	inner := archiveZip(t)
	if err := os.WriteFile(filepath.Join(dir, "in.zip"), inner, 0o644); err != nil {
		t.Fatal(err)
	}
	outer := zipBytes(t, map[string][]byte{
		"x/inner.zip":   inner,
		"../escape.txt": []byte("outside"),
		"bomb.bin":      make([]byte, bombSize),
	})
	if err := os.WriteFile(filepath.Join(dir, "outer.zip"), outer, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// batchOptions trusts testdata/cms/pki's root, knows its sub CA, and asks
// a real `openssl ocsp` responder for the sub CA, which has signer_2001
// revoked on 2025-01-01.
func batchOptions(t *testing.T) Options {
	t.Helper()
	gostengine.Require(t)
	pki := filepath.Join(cmsDir, "pki")
	revoked, err := chain.LoadCertificates(filepath.Join(pki, "signer_2001.pem"))
	if err != nil {
		t.Fatal(err)
	}
	caDir := gostengine.CAWithRevocations(t, pki, "sub.index.txt", []string{"sub.pem", "sub.key.pem"}, map[string]string{
		strings.ToUpper(revoked[0].SerialNumber.Text(16)): "250101000000Z,keyCompromise",
	})
	url := gostengine.OCSPResponder(t, caDir, "index.txt", "sub.pem", "sub.pem", "sub.key.pem")
	roots, err := chain.LoadStore([]string{filepath.Join(pki, "root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := chain.LoadCertificates(filepath.Join(pki, "sub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return Options{Verify: verify.Options{
		Roots: roots, Certificates: sub, Time: time.Now(),
		OCSP:    &ocspclient.Client{HTTP: &fetch.Client{Timeout: 10 * time.Second}},
		OCSPURL: url,
	}}
}

// TestRun checks a run over a directory, a zip and a nested zip holding
// valid, tampered, revoked, untrusted, malformed and orphan signatures,
// signatures paired by name, by digest and attached, unsigned documents,
// an unsafe name and a zip bomb: each file appears once, with its verdict.
func TestRun(t *testing.T) {
	dir := batchFixture(t)
	opts := batchOptions(t)
	paths := []string{filepath.Join(dir, "in"), filepath.Join(dir, "in.zip"), filepath.Join(dir, "outer.zip")}
	rep, err := Run(context.Background(), paths, opts)
	if err != nil {
		t.Fatal(err)
	}

	want := map[string]archiveFile{}
	for _, prefix := range []string{
		filepath.Join(dir, "in") + "/", filepath.Join(dir, "in.zip") + "!/", filepath.Join(dir, "outer.zip") + "!/x/inner.zip!/",
	} {
		for _, f := range archiveFiles {
			f.name = prefix + f.name
			if f.document != "" {
				f.document = prefix + f.document
			}
			f.signatures = slices.Clone(f.signatures)
			for i := range f.signatures {
				f.signatures[i] = prefix + f.signatures[i]
			}
			slices.Sort(f.signatures)
			want[f.name] = f
		}
	}
	outer := filepath.Join(dir, "outer.zip") + "!/"
	want[outer+`"../escape.txt"`] = archiveFile{kind: KindRefused, status: Indeterminate, sub: InputRefused}
	want[outer+"bomb.bin"] = archiveFile{kind: KindRefused, status: Indeterminate, sub: InputRefused}

	var got []string
	for _, e := range rep.Entries {
		got = append(got, e.Path)
		w, ok := want[e.Path]
		if !ok {
			t.Errorf("unexpected entry %s", e.Path)
			continue
		}
		if e.Kind != w.kind || e.Status != w.status || e.SubIndication != w.sub || e.Pairing != w.pairing ||
			e.Document != w.document || !slices.Equal(e.Signatures, w.signatures) {
			t.Errorf("%s:\n got %s %s %s pairing %q document %q signatures %q (%s)\nwant %s %s %s pairing %q document %q signatures %q",
				e.Path, e.Kind, e.Status, e.SubIndication, e.Pairing, e.Document, e.Signatures, e.Reason,
				w.kind, w.status, w.sub, w.pairing, w.document, w.signatures)
		}
		if e.Kind == KindSignature && w.pairing != PairedNone && w.sub != verify.FormatFailure &&
			(e.Verification == nil || len(e.Verification.Signatures) == 0) {
			t.Errorf("%s: no verification report", e.Path)
		}
	}
	if !slices.IsSorted(got) || len(got) != len(slices.Compact(slices.Clone(got))) {
		t.Errorf("entries not in path order or listed twice: %q", got)
	}
	if len(got) != len(want) {
		t.Errorf("%d entries, want %d", len(got), len(want))
	}
	for _, e := range rep.Entries {
		switch {
		case strings.HasSuffix(e.Path, "escape.txt") && !strings.Contains(e.Reason, "unsafe entry name"),
			strings.HasSuffix(e.Path, "bomb.bin") && !strings.Contains(e.Reason, "--max-ratio"):
			t.Errorf("%s refused for the wrong reason: %s", e.Path, e.Reason)
		}
	}

	s := rep.Summary
	wantSummary := Summary{Files: len(want), Signatures: 24, Documents: 18, Valid: 9, Invalid: 9, Indeterminate: 8, Unsigned: 3}
	s.Problems = nil
	// The qualified statuses are package verify's to decide: the summary
	// counts what the reports say.
	var quals [3]int
	for i := range rep.Entries {
		for _, sr := range signersOf(rep.Entries[i].Verification) {
			if q := sr.Qualified; q != nil {
				quals[slices.Index([]string{verify.StatusQualified, verify.StatusNotQualified, verify.StatusUnknown}, q.Status)]++
			}
		}
	}
	if got := [3]int{s.Qualified, s.NotQualified, s.QualifiedUnknown}; got != quals || quals == [3]int{} {
		t.Errorf("qualified, not qualified, unknown: %v; the reports say %v", got, quals)
	}
	if rep.Policy != verify.PolicyQualified || rep.TSL != nil {
		t.Errorf("policy %q, list %v; want qualified and none", rep.Policy, rep.TSL)
	}
	s.Qualified, s.NotQualified, s.QualifiedUnknown = 0, 0, 0
	if !reflect.DeepEqual(s, wantSummary) {
		t.Errorf("summary %+v\nwant %+v", s, wantSummary)
	}
	if rep.Status != verify.Invalid || rep.Interrupted {
		t.Errorf("status %s, interrupted %v; want invalid, not interrupted", rep.Status, rep.Interrupted)
	}
	var problems []string
	for _, p := range rep.Summary.Problems {
		problems = append(problems, string(p.SubIndication)+"="+string(rune('0'+p.Count)))
	}
	wantProblems := []string{"FORMAT_FAILURE=3", "HASH_FAILURE=3", "NO_CERTIFICATE_CHAIN_FOUND=3", "REVOKED=3", "SIGNED_DATA_NOT_FOUND=3", "INPUT_REFUSED=2"}
	if !slices.Equal(problems, wantProblems) {
		t.Errorf("problems %q, want %q", problems, wantProblems)
	}
	// Nothing was extracted: the directory holds what the test wrote.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Errorf("the run wrote beside its inputs: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(dir, "..", "escape.txt")); err == nil {
		t.Error("../escape.txt was extracted")
	}
}

// elapsed matches the timings of a report, which differ between runs.
var elapsed = regexp.MustCompile(`"elapsed_ms": \d+`)

// TestRunJobsIdentical: 2 workers and 8 give the same report.
func TestRunJobsIdentical(t *testing.T) {
	dir := batchFixture(t)
	opts := batchOptions(t)
	paths := []string{filepath.Join(dir, "in"), filepath.Join(dir, "outer.zip")}
	var reports [][]byte
	for _, jobs := range []int{2, 8} {
		opts.Jobs = jobs
		// Each run has a Verifier of its own, with fresh caches: the
		// second run must not lean on the first.
		rep, err := Run(context.Background(), paths, opts)
		if err != nil {
			t.Fatal(err)
		}
		rep.Started, rep.Finished = time.Time{}, time.Time{}
		data, err := json.MarshalIndent(rep, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		reports = append(reports, elapsed.ReplaceAll(data, []byte(`"elapsed_ms": 0`)))
	}
	if !bytes.Equal(reports[0], reports[1]) {
		t.Errorf("2 jobs and 8 jobs differ:\n%s\n---\n%s", reports[0], reports[1])
	}
}

// TestRunInterrupted: a run cancelled (Ctrl-C) reports what it checked
// and marks the rest not_checked.
func TestRunInterrupted(t *testing.T) {
	dir := batchFixture(t)
	opts := batchOptions(t)
	opts.Verify.OCSP, opts.Verify.RevocationOff = nil, true
	paths := []string{filepath.Join(dir, "in")}

	t.Run("before the start", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rep, err := Run(ctx, paths, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Interrupted || rep.Status != verify.Indeterminate || rep.Summary.NotChecked != 8 || rep.Summary.Valid != 0 {
			t.Errorf("interrupted %v, status %s, summary %+v; want interrupted, indeterminate, 8 not checked", rep.Interrupted, rep.Status, rep.Summary)
		}
		for _, e := range rep.Entries {
			if e.Kind == KindSignature && e.Status != NotChecked {
				t.Errorf("%s: %s, want not_checked", e.Path, e.Status)
			}
		}
	})
	t.Run("after the first signature", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		opts.Jobs = 1
		opts.Progress = func(done, total int) {
			if total != 8 {
				t.Errorf("progress total %d, want 8", total)
			}
			cancel()
		}
		rep, err := Run(ctx, paths, opts)
		if err != nil {
			t.Fatal(err)
		}
		checked := rep.Summary.Valid + rep.Summary.Invalid + rep.Summary.Indeterminate
		if !rep.Interrupted || checked < 1 || checked > 2 || rep.Summary.NotChecked != 8-checked {
			t.Errorf("interrupted %v, summary %+v; want 1 or 2 checked and the rest not checked", rep.Interrupted, rep.Summary)
		}
	})
}

// TestRunSummaryOnly: without the verify reports, every entry keeps its
// verdict, reason and pairing, and the summary is the same.
func TestRunSummaryOnly(t *testing.T) {
	dir := batchFixture(t)
	opts := batchOptions(t)
	paths := []string{filepath.Join(dir, "in"), filepath.Join(dir, "outer.zip")}
	full, err := Run(context.Background(), paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.SummaryOnly = true
	brief, err := Run(context.Background(), paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(brief.Summary, full.Summary) || brief.Status != full.Status || len(brief.Entries) != len(full.Entries) {
		t.Fatalf("summary-only: %s %+v, want %s %+v", brief.Status, brief.Summary, full.Status, full.Summary)
	}
	for i, e := range brief.Entries {
		if e.Verification != nil {
			t.Errorf("%s: a verify report was kept", e.Path)
		}
		f := full.Entries[i]
		f.Verification = nil
		if !reflect.DeepEqual(e, f) {
			t.Errorf("summary-only entry\n%+v\nwant\n%+v", e, f)
		}
	}
}

// TestPairByDigestFirst: a signature named after no document goes with the
// first document, in path order, of the content it signs, in its folder
// only; a document of other content is never taken.
func TestPairByDigestFirst(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a/2.xml": "invoice.xml", "a/1.xml": "invoice.xml", "a/0.xml": "tampered.xml",
		"a/orphan.sgn": "invoice.xml.oneline.sgn",
		"b/orphan.sgn": "invoice.xml.oneline.sgn", "b/other.xml": "report.txt",
	}
	for name, fixture := range files {
		data, err := os.ReadFile(filepath.Join(cmsDir, fixture))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := Run(context.Background(), []string{dir}, offlineOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		status   Status
		pairing  string
		document string
	}{
		"a/orphan.sgn": {Valid, PairedByDigest, "a/1.xml"},
		"b/orphan.sgn": {Indeterminate, PairedNone, ""},
		"a/1.xml":      {Valid, "", ""},
		"a/2.xml":      {Unsigned, "", ""},
		"a/0.xml":      {Unsigned, "", ""},
		"b/other.xml":  {Unsigned, "", ""},
	}
	for _, e := range rep.Entries {
		rel, _ := filepath.Rel(dir, e.Path)
		w := want[filepath.ToSlash(rel)]
		doc := ""
		if e.Document != "" {
			d, _ := filepath.Rel(dir, e.Document)
			doc = filepath.ToSlash(d)
		}
		if e.Status != w.status || e.Pairing != w.pairing || doc != w.document {
			t.Errorf("%s: %s, pairing %q, document %q (%s); want %s, %q, %q", rel, e.Status, e.Pairing, doc, e.Reason, w.status, w.pairing, w.document)
		}
	}
	if len(rep.Entries) != len(want) {
		t.Errorf("%d entries, want %d", len(rep.Entries), len(want))
	}
}
