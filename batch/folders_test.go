package batch

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestFolderBatches: batches of files on disk end at folder boundaries,
// never inside a folder nor inside the tree of a described EDO container.
func TestFolderBatches(t *testing.T) {
	var disk []*Input
	for _, p := range []string{
		"r/a/1.sig", "r/a/1.xml", "r/a/2.sig",
		"r/b/1.sig", "r/b/1.xml",
		"r/c/meta.xml", "r/c/MainDocument/d.xml", "r/c/MainDocument/d.sig", "r/c/Warrants/w.xml",
		"r/d/1.xml",
	} {
		disk = append(disk, &Input{Path: filepath.FromSlash(p)})
	}
	got := [][]string{}
	for _, b := range folderBatches(slices.Clone(disk), 2) {
		var names []string
		for _, in := range b {
			names = append(names, filepath.ToSlash(in.Path))
		}
		got = append(got, names)
	}
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
	if n := len(folderBatches(slices.Clone(disk), 1000)); n != 1 {
		t.Errorf("%d batches of at least 1000", n)
	}
}
