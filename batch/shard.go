package batch

import (
	"errors"
	"fmt"
	"hash/fnv"
	"iter"
	"path/filepath"
	"slices"
	"strings"

	"github.com/gostverify/gostverify/verify"
)

// Shard is one part of a run split across processes or machines: the
// K-th of N (1 ≤ K ≤ N). Each input belongs to one shard, decided by its
// name alone, so shards run anywhere, in any order, and Merge joins their
// reports into the report one run would have given. The zero Shard is the
// whole run.
//
// What goes together stays together: every entry of an archive is in the
// shard of the archive's file, and every file of a folder in the shard of
// the folder, so documents, their signatures and the EDO descriptions
// beside them are paired as in one run. (A container unpacked into a
// folder with subfolders is split by those subfolders: keep containers
// zipped, or in one folder, when sharding.)
type Shard struct{ K, N int }

func (s Shard) String() string {
	if s.N <= 1 {
		return ""
	}
	return fmt.Sprintf("%d/%d", s.K, s.N)
}

// ParseShard reads "K/N".
func ParseShard(v string) (Shard, error) {
	var s Shard
	if _, err := fmt.Sscanf(v, "%d/%d", &s.K, &s.N); err != nil || s.N < 1 || s.K < 1 || s.K > s.N || fmt.Sprintf("%d/%d", s.K, s.N) != v {
		return Shard{}, fmt.Errorf("batch: shard %q: want K/N with 1 ≤ K ≤ N", v)
	}
	return s, nil
}

// owns reports whether the input at path is the shard's.
func (s Shard) owns(path string) bool {
	if s.N <= 1 {
		return true
	}
	key := path
	if i := strings.Index(path, "!/"); i >= 0 {
		key = path[:i] // the archive on disk
	} else {
		key = filepath.Dir(path) // the folder
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	return int(h.Sum64()%uint64(s.N)) == s.K-1
}

// Merge joins the reports of the shards of one run (each a Report of Run
// with Options.Shard K/N, all N of them, of the same inputs and policy)
// into the report one run over all inputs would have given: every entry
// once, in path order, the summary counted again; the run started when
// the first shard started and finished when the last finished. The merged
// report reads its entries from the shards' reports as it is written out
// (merging them in path order): it holds none of them, and those reports
// (and the states they are read from) must stay open until then.
func Merge(shards []*Report) (*Report, error) {
	if len(shards) == 0 {
		return nil, fmt.Errorf("batch: no reports to merge")
	}
	first := shards[0]
	out := &Report{SchemaVersion: first.SchemaVersion, Kind: first.Kind, Started: first.Started, Finished: first.Finished,
		Inputs: first.Inputs, Policy: first.Policy, TSL: first.TSL, Entries: []Entry{}}
	parts := map[int]bool{}
	for i, r := range shards {
		sh, err := ParseShard(r.Shard)
		if r.Shard == "" || err != nil || sh.N != len(shards) || parts[sh.K] {
			return nil, fmt.Errorf("batch: report %d is shard %q: want each of the %d shards K/%d once", i+1, r.Shard, len(shards), len(shards))
		}
		parts[sh.K] = true
		if !slices.Equal(r.Inputs, first.Inputs) || r.Policy != first.Policy || r.SchemaVersion != first.SchemaVersion {
			return nil, fmt.Errorf("batch: report %d is of another run (inputs, policy or schema differ)", i+1)
		}
		if r.Started.Before(out.Started) {
			out.Started = r.Started
		}
		if r.Finished.After(out.Finished) {
			out.Finished = r.Finished
		}
		out.Interrupted = out.Interrupted || r.Interrupted
		for _, w := range r.Warnings {
			if !slices.Contains(out.Warnings, w) {
				out.Warnings = append(out.Warnings, w)
			}
		}
	}
	src := newMergeSource(shards)
	// The summary, counted again in one pass; an entry in two reports
	// means they are not the shards of one run.
	t := newTally(false)
	last := ""
	err := src.each(func(e *Entry) error {
		if e.Path == last {
			return fmt.Errorf("batch: %s is in two reports: were they made with different shard counts?", e.Path)
		}
		last = e.Path
		t.add(e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	t.done(out)
	out.src = src
	return out, nil
}

// mergeSource gives the entries of the shards' reports as one report's,
// in path order.
type mergeSource struct {
	parts []*Report
	finds []func(string) (*Entry, error) // lookup of each, made when first needed
}

func newMergeSource(parts []*Report) *mergeSource {
	for _, r := range parts {
		if r.src == nil {
			annotate(r.Entries)
		}
	}
	return &mergeSource{parts: parts}
}

// annotate marks, among entries in memory, the documents that signatures
// name (Entry.named, Entry.namedBy), as a state's entries are: a merged
// report reads them so.
func annotate(entries []Entry) {
	byPath := make(map[string]*Entry, len(entries))
	for i := range entries {
		byPath[entries[i].Path] = &entries[i]
	}
	for i := range entries {
		e := &entries[i]
		if e.Kind != KindSignature || e.Document == "" {
			continue
		}
		if d := byPath[e.Document]; d != nil && d.Kind == KindDocument {
			d.named = true
			if !slices.Contains(d.Signatures, e.Path) && !slices.Contains(d.namedBy, e.Path) {
				d.namedBy = append(d.namedBy, e.Path)
			}
		}
	}
}

// seqOf is the sequence of calls each would make, and where its error
// goes.
func seqOf(each func(func(*Entry) error) error, errp *error) iter.Seq[*Entry] {
	return func(yield func(*Entry) bool) {
		err := each(func(e *Entry) error {
			if !yield(e) {
				return errEnough
			}
			return nil
		})
		if err != nil && err != errEnough {
			*errp = err
		}
	}
}

func (m *mergeSource) each(fn func(*Entry) error) error {
	errs := make([]error, len(m.parts))
	type head struct {
		next func() (*Entry, bool)
		stop func()
		e    *Entry
	}
	var heads []*head
	defer func() {
		for _, h := range heads {
			h.stop()
		}
	}()
	for i, r := range m.parts {
		next, stop := iter.Pull(seqOf(r.eachSorted, &errs[i]))
		h := &head{next: next, stop: stop}
		heads = append(heads, h)
		h.e, _ = h.next()
	}
	for {
		var min *head
		for _, h := range heads {
			if h.e != nil && (min == nil || h.e.Path < min.e.Path) {
				min = h
			}
		}
		if min == nil {
			break
		}
		e := min.e
		min.e, _ = min.next()
		if err := fn(e); err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}

func (m *mergeSource) entry(path string) (*Entry, error) {
	if m.finds == nil {
		for _, r := range m.parts {
			find, _ := r.lookup()
			m.finds = append(m.finds, find)
		}
	}
	for _, find := range m.finds {
		e, err := find(path)
		if e != nil || err != nil {
			return e, err
		}
	}
	return nil, nil
}

func (m *mergeSource) problemPaths(sub verify.SubIndication, fn func(string) error) error {
	errs := make([]error, len(m.parts))
	type head struct {
		next func() (string, bool)
		stop func()
		path string
		ok   bool
	}
	var heads []*head
	defer func() {
		for _, h := range heads {
			h.stop()
		}
	}()
	for i, r := range m.parts {
		seq := func(yield func(string) bool) {
			err := r.eachProblemPath(sub, func(p string) error {
				if !yield(p) {
					return errEnough
				}
				return nil
			})
			if err != nil && err != errEnough {
				errs[i] = err
			}
		}
		next, stop := iter.Pull(iter.Seq[string](seq))
		h := &head{next: next, stop: stop}
		heads = append(heads, h)
		h.path, h.ok = h.next()
	}
	for {
		var min *head
		for _, h := range heads {
			if h.ok && (min == nil || h.path < min.path) {
				min = h
			}
		}
		if min == nil {
			break
		}
		p := min.path
		min.path, min.ok = min.next()
		if err := fn(p); err != nil {
			return err
		}
	}
	return errors.Join(errs...)
}
