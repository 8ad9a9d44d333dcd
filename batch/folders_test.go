package batch

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
)

// TestFolderBatches: batches of files on disk end at folder boundaries,
// never inside a folder nor inside the tree of a described EDO container.
func TestFolderBatches(t *testing.T) {
	dir := t.TempDir()
	for _, p := range []string{
		"r/a/1.sig", "r/a/1.xml", "r/a/2.sig",
		"r/b/1.sig", "r/b/1.xml",
		"r/c/meta.xml", "r/c/MainDocument/d.xml", "r/c/MainDocument/d.sig", "r/c/Warrants/w.xml",
		"r/d/1.xml",
	} {
		writeTestFile(t, filepath.Join(dir, filepath.FromSlash(p)), []byte("x"))
	}
	batches := func(n int, paths ...string) [][]string {
		t.Helper()
		got := [][]string{}
		c := newCollector(context.Background(), Limits{})
		c.batch = n
		c.flush = func(files []*Input) {
			var names []string
			for _, in := range files {
				rel, err := filepath.Rel(dir, in.Path)
				if err != nil {
					t.Fatal(err)
				}
				names = append(names, filepath.ToSlash(rel))
			}
			slices.Sort(names)
			got = append(got, names)
		}
		if err := c.walk(paths); err != nil {
			t.Fatal(err)
		}
		c.close()
		return got
	}
	got := batches(2, filepath.Join(dir, "r"))
	want := [][]string{
		{"r/a/1.sig", "r/a/1.xml", "r/a/2.sig"},
		{"r/b/1.sig", "r/b/1.xml"},
		{"r/c/MainDocument/d.sig", "r/c/MainDocument/d.xml", "r/c/Warrants/w.xml", "r/c/meta.xml"},
		{"r/d/1.xml"},
	}
	if len(got) != len(want) {
		t.Fatalf("%q", got)
	}
	for i := range want {
		if !slices.Equal(got[i], want[i]) {
			t.Errorf("batch %d: %q, want %q", i, got[i], want[i])
		}
	}
	if got := batches(1000, filepath.Join(dir, "r")); len(got) != 1 || len(got[0]) != 10 {
		t.Errorf("batches of at least 1000: %q", got)
	}
	// Paths that reach the same files list each once: a folder named
	// twice, a file and a folder inside a folder named.
	got = batches(1000, filepath.Join(dir, "r", "a", "1.sig"), filepath.Join(dir, "r"), dir+"/r/./b",
		filepath.Join(dir, "r"), filepath.Join(dir, "r", "c", "Warrants"))
	if len(got) != 1 || len(got[0]) != 10 {
		t.Errorf("overlapping paths: %q", got)
	}
}

// TestZipTwinFolder: a folder named "x.zip!" beside x.zip holds files
// whose paths read as the zip's entries': each input keeps its own path.
func TestZipTwinFolder(t *testing.T) {
	dir := t.TempDir()
	z := writeTestFile(t, filepath.Join(dir, "x.zip"), buildTestZip(t,
		entrySpec{name: "a.txt", data: []byte("in zip")}, entrySpec{name: "b.txt", data: []byte("b")}))
	writeTestFile(t, filepath.Join(dir, "x.zip!", "a.txt"), []byte("on disk"))
	ins := collectTest(t, Limits{}, dir)
	wantInputPaths(t, ins, z+"!/a.txt", z+"!/a.txt (2)", z+"!/b.txt")
	wantContent(t, inputByPath(t, ins, z+"!/a.txt"), []byte("on disk"))
	wantErrInput(t, inputByPath(t, ins, z+"!/a.txt (2)"), true, "second entry of the same path")
	wantContent(t, inputByPath(t, ins, z+"!/b.txt"), []byte("b"))
}
