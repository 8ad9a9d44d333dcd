package diskcache

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestWriteFile: concurrent writers of one path leave one whole file and
// no temporary files behind.
func TestWriteFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a", "b", "entry")
	contents := [][]byte{bytes.Repeat([]byte("x"), 1<<16), bytes.Repeat([]byte("y"), 1<<15)}
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := WriteFile(path, contents[i%2]); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, contents[0]) && !bytes.Equal(got, contents[1]) {
		t.Fatalf("file holds %d bytes of mixed content", len(got))
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil || len(entries) != 1 {
		t.Fatalf("directory holds %d entries, want 1 (%v)", len(entries), err)
	}
}
