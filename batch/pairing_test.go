package batch

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gostverify/gostverify/verify"
)

// countOpens makes every input count its opens in opens, by path.
func countOpens(files []*Input, mu *sync.Mutex, opens map[string]int) {
	for _, in := range files {
		open := in.open
		if open == nil {
			continue
		}
		in.open = func() (io.ReadCloser, error) {
			mu.Lock()
			opens[in.Path]++
			mu.Unlock()
			return open()
		}
	}
}

// checkFiles runs the check of a Run over the inputs of dir, counting the
// opens of each input, and returns the entries by path relative to dir.
func checkFiles(t *testing.T, dir string, opts Options) (map[string]Entry, map[string]int) {
	t.Helper()
	ins := collectTest(t, Limits{}, dir)
	var mu sync.Mutex
	opens := map[string]int{}
	countOpens(ins.Files, &mu, opens)
	if opts.Jobs == 0 {
		opts.Jobs = 2
	}
	r := &run{ctx: context.Background(), opts: opts, v: verify.New(opts.Verify)}
	r.check(ins.Files)
	entries := map[string]Entry{}
	for _, e := range r.all {
		rel, _ := filepath.Rel(dir, e.Path)
		entries[filepath.ToSlash(rel)] = e
	}
	byRel := map[string]int{}
	for p, n := range opens {
		rel, _ := filepath.Rel(dir, p)
		byRel[filepath.ToSlash(rel)] = n
	}
	return entries, byRel
}

// copyFixtures writes files (name → fixture of testdata/cms) under dir.
func copyFixtures(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, fixture := range files {
		data := []byte(fixture)
		if !strings.HasPrefix(fixture, "=") {
			var err error
			if data, err = os.ReadFile(filepath.Join(cmsDir, fixture)); err != nil {
				t.Fatal(err)
			}
		} else {
			data = data[1:]
		}
		writeTestFile(t, filepath.Join(dir, filepath.FromSlash(name)), data)
	}
}

// TestPairByDigestReadsOnce: pairing by digest reads no document whose
// digest a signature by name proved, and every other document of the
// folder once, whatever the number of orphans and of their digest
// algorithms; the document found is read once more, by the orphan's own
// verification.
func TestPairByDigestReadsOnce(t *testing.T) {
	dir := t.TempDir()
	copyFixtures(t, dir, map[string]string{
		// a/invoice.xml is verified by name: its Streebog-256 digest is
		// known, and the two orphans that sign it need no reading.
		"a/invoice.xml": "invoice.xml", "a/invoice.xml.sig": "invoice.xml.sig",
		"a/копия.sgn": "invoice.xml.oneline.sgn", "a/ещё копия.p7s": "invoice.xml.sig",
		"a/notes.txt": "long.txt", "a/x.txt": "=x",
		// In d/, orphans with Streebog-256, Streebog-512 and GOST R
		// 34.11-94: each document is read once for the three.
		"d/копия.sgn": "invoice.xml.oneline.sgn", "d/письмо.p7s": "letter.txt.p7s", "d/отчёт.sgn": "report.txt.sgn",
		"d/invoice.xml": "invoice.xml", "d/notes.txt": "long.txt", "d/x.txt": "=x",
	})
	entries, opens := checkFiles(t, dir, offlineOptions(t))
	for name, want := range map[string]struct {
		status  Status
		pairing string
		doc     string
	}{
		"a/invoice.xml.sig": {Valid, PairedByName, "a/invoice.xml"},
		"a/копия.sgn":       {Valid, PairedByDigest, "a/invoice.xml"},
		"a/ещё копия.p7s":   {Valid, PairedByDigest, "a/invoice.xml"},
		"d/копия.sgn":       {Valid, PairedByDigest, "d/invoice.xml"},
		"d/письмо.p7s":      {Indeterminate, PairedNone, ""},
		"d/отчёт.sgn":       {Indeterminate, PairedNone, ""},
	} {
		e := entries[name]
		doc, _ := filepath.Rel(dir, e.Document)
		if e.Document == "" {
			doc = ""
		}
		if e.Status != want.status || e.Pairing != want.pairing || filepath.ToSlash(doc) != want.doc {
			t.Errorf("%s: %s, pairing %q, document %q (%s); want %s, %q, %q", name, e.Status, e.Pairing, doc, e.Reason,
				want.status, want.pairing, want.doc)
		}
		if strings.Contains(e.Reason, "--max-pair") {
			t.Errorf("%s: a bound cut the search: %s", name, e.Reason)
		}
	}
	for name, want := range map[string]int{
		"a/invoice.xml": 1, // by its signature; the orphans use the digest it proved
		"a/notes.txt":   1, "a/x.txt": 1,
		"d/invoice.xml": 1, // to pair; the orphan's verification uses those digests
		"d/notes.txt":   1, "d/x.txt": 1,
	} {
		if opens[name] != want {
			t.Errorf("%s read %d times, want %d", name, opens[name], want)
		}
	}
}

// TestPairByDigestBounds: documents larger than --max-pair-size are not
// read to pair, nor more than --max-pair-candidates per folder, and an
// orphan left unpaired says which bound stopped the search.
func TestPairByDigestBounds(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		// In b/, the document of the orphan comes after 5 others: found
		// with 6 candidates, not with 5.
		"b/orphan.sgn": "invoice.xml.oneline.sgn", "b/z.xml": "invoice.xml",
		// In c/, the document is larger than the bound.
		"c/orphan.sgn": "invoice.xml.oneline.sgn", "c/invoice.xml": "invoice.xml", "c/small.txt": "=s",
	}
	for i := range 5 {
		files[fmt.Sprintf("b/%d.txt", i)] = fmt.Sprintf("=%d", i)
	}
	copyFixtures(t, dir, files)
	const small = 1 // the size of the documents of 1 byte; invoice.xml is larger

	for _, tc := range []struct {
		name     string
		lang     Lang
		maxSize  int64
		maxCands int
		b, c     string // the reasons' words; "" for paired
		reads    map[string]int
	}{
		{"defaults", English, 0, 0, "", "", map[string]int{"b/4.txt": 1, "c/small.txt": 1, "c/invoice.xml": 1, "b/z.xml": 1}},
		{"no bound", English, -1, -1, "", "", map[string]int{"b/4.txt": 1, "c/invoice.xml": 1}},
		{"candidates", English, 0, 5, "the search stopped after reading 5 documents (--max-pair-candidates): 1 more were not compared", "",
			map[string]int{"b/4.txt": 1, "b/z.xml": 0, "c/invoice.xml": 1}},
		{"candidates 6", English, 0, 6, "", "", map[string]int{"b/z.xml": 1}},
		{"size", English, small, 0, "1 document(s) larger than 1 bytes (--max-pair-size) were not compared",
			"1 document(s) larger than 1 bytes (--max-pair-size) were not compared",
			map[string]int{"b/4.txt": 1, "c/small.txt": 1, "c/invoice.xml": 0, "b/z.xml": 0}},
		{"both", English, small, 2, "larger than 1 bytes (--max-pair-size) were not compared; the search stopped after reading 2 documents (--max-pair-candidates): 3 more",
			"--max-pair-size", map[string]int{"b/1.txt": 1, "b/2.txt": 0, "b/z.xml": 0, "c/invoice.xml": 0}},
		{"both in Russian", Russian, small, 2,
			"не сравнивались документы больше предела --max-pair-size (их 1, предел 1 байт); поиск остановлен на пределе --max-pair-candidates (прочитано документов: 2), не сравнивались ещё: 3",
			"--max-pair-size", map[string]int{"b/1.txt": 1, "b/2.txt": 0, "b/z.xml": 0, "c/invoice.xml": 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := offlineOptions(t)
			opts.MaxPairSize, opts.MaxPairCandidates = tc.maxSize, tc.maxCands
			opts.Verify.Lang = tc.lang
			entries, opens := checkFiles(t, dir, opts)
			for name, words := range map[string]string{"b/orphan.sgn": tc.b, "c/orphan.sgn": tc.c} {
				e := entries[name]
				switch {
				case words == "" && (e.Pairing != PairedByDigest || e.Status != Valid):
					t.Errorf("%s: %s, pairing %q (%s); want paired by digest, valid", name, e.Status, e.Pairing, e.Reason)
				case words != "" && (e.Pairing != PairedNone || e.SubIndication != SignedDataNotFound || !strings.Contains(e.Reason, words)):
					t.Errorf("%s: %s %s, pairing %q (%s); want SIGNED_DATA_NOT_FOUND saying %q", name, e.Status, e.SubIndication, e.Pairing, e.Reason, words)
				case words == "" && strings.Contains(e.Reason, "--max-pair"):
					t.Errorf("%s: %s", name, e.Reason)
				}
			}
			for name, want := range tc.reads {
				if opens[name] != want {
					t.Errorf("%s read %d times, want %d", name, opens[name], want)
				}
			}
		})
	}
}
