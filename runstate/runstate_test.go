package runstate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func wantReason(t *testing.T, err error, r Reason) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Reason != r {
		t.Fatalf("%v, want reason %v", err, r)
	}
}

func TestOpenRecordResume(t *testing.T) {
	name := filepath.Join(t.TempDir(), "run.state")
	meta := Meta{Inputs: []string{"a", "b.zip"}, Options: "x"}
	s, resumed, err := Open(name, meta)
	if err != nil || resumed {
		t.Fatalf("%v, resumed %v", err, resumed)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 1000 {
				if err := s.Record(fmt.Sprintf("f%d-%04d", w, i), []byte{byte(w), byte(i)}); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if v, ok := s.Result("f3-0999"); !ok || v[0] != 3 {
		t.Fatalf("pending result: %v %v", v, ok)
	}
	if _, err := s.Report(); err == nil {
		t.Fatal("a report before Finish")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// The same run continues; every result is there.
	s, resumed, err = Open(name, meta)
	if err != nil || !resumed {
		t.Fatalf("%v, resumed %v", err, resumed)
	}
	n := 0
	prev := ""
	if err := s.Results(func(k string, v []byte) error {
		if k <= prev {
			t.Errorf("%q after %q", k, prev)
		}
		prev = k
		n++
		return nil
	}); err != nil || n != 4000 {
		t.Fatalf("%d results, %v", n, err)
	}
	if err := s.Finish([]byte("the report")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	r, err := OpenReport(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if rep, err := r.Report(); err != nil || string(rep) != "the report" || r.Meta().Inputs[1] != "b.zip" {
		t.Fatalf("%q %v", rep, err)
	}
}

// TestCommittedWithoutClose: results are on disk within FlushInterval,
// without Close (what kill -9 leaves).
func TestCommittedWithoutClose(t *testing.T) {
	name := filepath.Join(t.TempDir(), "run.state")
	s, _, err := Open(name, Meta{Inputs: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Record("doc.sig", []byte("done"))
	time.Sleep(3 * FlushInterval)
	// Read the file as another process would (a copy: the lock is ours).
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	copyName := filepath.Join(t.TempDir(), "copy.state")
	os.WriteFile(copyName, data, 0o600)
	c, _, err := Open(copyName, Meta{Inputs: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if v, ok := c.Result("doc.sig"); !ok || string(v) != "done" {
		t.Fatalf("%q %v", v, ok)
	}
	s.Close()
}

func TestRefused(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "run.state")
	s, _, err := Open(name, Meta{Inputs: []string{"a"}, Options: "x"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, _, err = Open(name, Meta{Inputs: []string{"b"}, Options: "x"})
	wantReason(t, err, Mismatch)
	_, _, err = Open(name, Meta{Inputs: []string{"a"}, Options: "y"})
	wantReason(t, err, Mismatch)

	// Another format version.
	db, err := bolt.Open(name, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyMeta, []byte(`{"format":99,"inputs":["a"],"options":"x"}`))
	})
	db.Close()
	_, _, err = Open(name, Meta{Inputs: []string{"a"}, Options: "x"})
	wantReason(t, err, Format)
	_, err = OpenReport(name)
	wantReason(t, err, Format)

	// Damaged: not bbolt, truncated, garbage meta, no buckets.
	garbage := filepath.Join(dir, "garbage.state")
	os.WriteFile(garbage, []byte("this is not a database, just some text that is long enough to look like a page"), 0o600)
	_, _, err = Open(garbage, Meta{Inputs: []string{"a"}})
	wantReason(t, err, Damaged)

	good := filepath.Join(dir, "good.state")
	s, _, err = Open(good, Meta{Inputs: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3000 {
		s.Record(fmt.Sprintf("k%05d", i), make([]byte, 100))
	}
	s.Close()
	data, _ := os.ReadFile(good)
	for _, cut := range []int{0, 100, 4096, len(data) / 2} {
		bad := filepath.Join(dir, fmt.Sprintf("cut%d.state", cut))
		os.WriteFile(bad, data[:cut], 0o600)
		if s, _, err := Open(bad, Meta{Inputs: []string{"a"}}); err == nil {
			// bbolt may open a file cut after its meta pages; reading
			// every result must then not panic, and fail or succeed.
			s.Results(func(string, []byte) error { return nil })
			s.Close()
		} else {
			wantReason(t, err, Damaged)
		}
	}
	emptyDB := filepath.Join(dir, "empty.state")
	db, _ = bolt.Open(emptyDB, 0o600, nil)
	db.Close()
	_, _, err = Open(emptyDB, Meta{Inputs: []string{"a"}})
	wantReason(t, err, Damaged)

	// Held by another run.
	s, _, err = Open(good, Meta{Inputs: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, _, err = Open(good, Meta{Inputs: []string{"a"}})
	wantReason(t, err, Damaged)
}

// TestDamagedNeverCrashes cuts a state file at every page and flips bytes
// across it: Open (with bbolt's consistency check) refuses it as Damaged
// or opens a consistent file — never a crash, never another error.
func TestDamagedNeverCrashes(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.state")
	s, _, err := Open(good, Meta{Inputs: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 600 {
		s.Record(fmt.Sprintf("k%05d", i), make([]byte, 200))
		s.PutEntry(fmt.Sprintf("e%05d", i), make([]byte, 100))
		s.PutIndex(fmt.Sprintf("P\x00e%05d", i))
	}
	s.Close()
	data, _ := os.ReadFile(good)
	try := func(name string, b []byte) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o600)
		st, _, err := Open(p, Meta{Inputs: []string{"a"}})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || (e.Reason != Damaged && e.Reason != Format && e.Reason != Mismatch) {
				t.Errorf("%s: %v", name, err)
			}
			return
		}
		st.Results(func(string, []byte) error { return nil })
		st.Entries(func(string, []byte) error { return nil })
		st.Index("P", func(string) error { return nil })
		st.Close()
	}
	for cut := 0; cut < len(data); cut += 4096 {
		try(fmt.Sprintf("cut%d", cut), data[:cut])
	}
	for pos := 0; pos < len(data); pos += len(data)/200 + 1 {
		b := bytes.Clone(data)
		b[pos] ^= 0xff
		try(fmt.Sprintf("flip%d", pos), b)
	}
}

// TestEntries: entries and index keys put from many goroutines are read
// back in key order, a page at a time, with fn free to read the store
// while more is written; Reset drops them and the report, not the
// results; a damaged entry is refused at open.
func TestEntries(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "run.state")
	s, _, err := Open(name, Meta{Inputs: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	const n = 3*scanPage + 7
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < n; i += 4 {
				key := fmt.Sprintf("dir/%05d.sig", i)
				s.Record(key, []byte("result "+key))
				if err := s.PutEntry(key, []byte("entry "+key)); err != nil {
					t.Error(err)
				}
				if i%3 == 0 {
					s.PutIndex("BAD\x00" + key)
				} else {
					s.PutIndex("BA\x00" + key)
				}
			}
		})
	}
	wg.Wait()
	read := func(s *Store) (keys []string) {
		t.Helper()
		err := s.Entries(func(k string, v []byte) error {
			if string(v) != "entry "+k {
				t.Fatalf("%q: %q", k, v)
			}
			if r, ok := s.Result(k); !ok || string(r) != "result "+k {
				t.Fatalf("result of %q: %q %v", k, r, ok)
			}
			s.Record("other/"+k, []byte("written while reading"))
			keys = append(keys, k)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return keys
	}
	keys := read(s)
	if len(keys) != n || !slices.IsSorted(keys) {
		t.Fatalf("%d entries, sorted %v", len(keys), slices.IsSorted(keys))
	}
	index := func(prefix string) (keys []string) {
		t.Helper()
		if err := s.Index(prefix, func(k string) error { keys = append(keys, k); return nil }); err != nil {
			t.Fatal(err)
		}
		return keys
	}
	bad, ba := index("BAD\x00"), index("BA\x00")
	if len(bad) != (n+2)/3 || len(ba) != n-len(bad) || !slices.IsSorted(bad) || bad[1] != "BAD\x00dir/00003.sig" {
		t.Fatalf("index: %d BAD, %d BA: %q", len(bad), len(ba), bad[:2])
	}
	stop := errors.New("stop")
	if err := s.Entries(func(string, []byte) error { return stop }); err != stop {
		t.Fatalf("%v, want fn's error", err)
	}
	s.Finish([]byte("head"))
	s.Close()

	// Damaged on disk: refused at open.
	data, _ := os.ReadFile(name)
	flipped := 0
	for i := 0; ; flipped++ { // every copy: bbolt leaves old pages behind
		j := bytes.Index(data[i:], []byte("entry dir/00100.sig"))
		if j < 0 {
			break
		}
		i += j
		data[i] ^= 1
	}
	if flipped == 0 {
		t.Fatal("entry not found in the file")
	}
	damaged := filepath.Join(dir, "damaged.state")
	os.WriteFile(damaged, data, 0o600)
	_, _, err = Open(damaged, Meta{Inputs: []string{"a"}})
	wantReason(t, err, Damaged)

	s, _, err = Open(name, Meta{Inputs: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := read(s); !slices.Equal(got, keys) {
		t.Fatal("the entries differ after reopening")
	}
	s.PutEntry("pending", []byte("x"))
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if got := read(s); len(got) != 0 || len(index("")) != 0 {
		t.Fatalf("%d entries after Reset", len(got))
	}
	if _, err := s.Report(); err == nil {
		t.Fatal("a report after Reset")
	}
	if _, ok := s.Result("dir/00001.sig"); !ok {
		t.Fatal("Reset dropped a result")
	}
}
