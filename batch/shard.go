package batch

import (
	"fmt"
	"hash/fnv"
	"path/filepath"
	"slices"
	"strings"
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
// the first shard started and finished when the last finished. The
// merged report holds every entry in memory, those of reports kept in a
// state too.
func Merge(shards []*Report) (*Report, error) {
	if len(shards) == 0 {
		return nil, fmt.Errorf("batch: no reports to merge")
	}
	first := shards[0]
	out := &Report{SchemaVersion: first.SchemaVersion, Kind: first.Kind, Started: first.Started, Finished: first.Finished,
		Inputs: first.Inputs, Policy: first.Policy, TSL: first.TSL}
	seen := map[string]bool{}
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
		// The entries of a report kept in a state are read into memory.
		err = r.eachEntry(func(e *Entry) error {
			if seen[e.Path] {
				return fmt.Errorf("batch: %s is in two reports: were they made with different shard counts?", e.Path)
			}
			seen[e.Path] = true
			out.Entries = append(out.Entries, *e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out.Entries, func(a, b Entry) int { return strings.Compare(a.Path, b.Path) })
	if out.Entries == nil {
		out.Entries = []Entry{}
	}
	out.finish()
	return out, nil
}
