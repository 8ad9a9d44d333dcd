package batch

import (
	"context"
	"path/filepath"
	"testing"
)

// TestShards: 4 shards, run one by one and merged, give the report of one
// run, apart from timings; every input is in exactly one shard; a merge
// of a wrong set of shards is refused.
func TestShards(t *testing.T) {
	dir := batchFixture(t)
	paths := []string{filepath.Join(dir, "in"), filepath.Join(dir, "in.zip"), filepath.Join(dir, "outer.zip")}
	opts := batchOptions(t)
	whole, err := Run(context.Background(), paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	var shards []*Report
	nonEmpty := 0
	for k := 1; k <= 4; k++ {
		o := opts
		o.Shard = Shard{K: k, N: 4}
		rep, err := Run(context.Background(), paths, o)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Shard != o.Shard.String() {
			t.Fatalf("shard %q", rep.Shard)
		}
		if len(rep.Entries) > 0 {
			nonEmpty++
		}
		shards = append(shards, rep)
	}
	if nonEmpty < 2 {
		t.Fatalf("the inputs fell in %d shard(s): the test splits nothing", nonEmpty)
	}
	// In another order, as shards finish.
	merged, err := Merge([]*Report{shards[2], shards[0], shards[3], shards[1]})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := reportJSON(t, merged), reportJSON(t, whole); got != want {
		t.Errorf("the merged report differs from one run's:\n%s\nwant\n%s", got, want)
	}
	for _, bad := range [][]*Report{shards[:3], {shards[0], shards[0], shards[1], shards[2]}, {whole}} {
		if _, err := Merge(bad); err == nil {
			t.Errorf("merged %d reports that are not the 4 shards", len(bad))
		}
	}
	for _, v := range []string{"0/4", "5/4", "1/0", "x", "1/4/2", "01/4"} {
		if _, err := ParseShard(v); err == nil {
			t.Errorf("shard %q accepted", v)
		}
	}
}
