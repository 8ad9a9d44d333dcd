package batch

import (
	"archive/zip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/verify"
)

// hostileZip is the shape of a zip that filled disks: zips four levels
// deep (the one on disk, then depth 1, 2 and 3, the default --max-depth),
// width at each level, so width³ zips at depth 3, each holding a document,
// its signature and pad bytes of zeros. Zeros deflate about 1000:1 and the
// zips above hold them deflated, so the file is small and the zips at depth
// 3 are large. It returns the zip and the paths of the zips at depth 3
// (below the zip's own path) with their size.
func hostileZip(t *testing.T, width, pad int) ([]byte, []string, int64) {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(cmsDir, "invoice.xml"))
	if err != nil {
		t.Fatal(err)
	}
	sig, err := os.ReadFile(filepath.Join(cmsDir, "invoice.xml.sig"))
	if err != nil {
		t.Fatal(err)
	}
	l3 := buildTestZip(t, entrySpec{name: "invoice.xml", data: doc}, entrySpec{name: "invoice.xml.sig", data: sig},
		entrySpec{name: "pad.bin", data: make([]byte, pad)})
	level := func(name string, inner []byte) []byte {
		var entries []entrySpec
		for i := range width {
			entries = append(entries, entrySpec{name: fmt.Sprintf("%s%d.zip", name, i), data: inner, method: zip.Deflate})
		}
		return buildTestZip(t, entries...)
	}
	top := level("a", level("b", level("c", l3)))
	var paths []string
	for a := range width {
		for b := range width {
			for c := range width {
				paths = append(paths, fmt.Sprintf("a%d.zip!/b%d.zip!/c%d.zip", a, b, c))
			}
		}
	}
	return top, paths, int64(len(l3))
}

// spillUse is the temporary space the anonymous temporary files of this
// process in tmp take: their size and the disk blocks they hold.
func spillUse(t *testing.T, tmp string) (files int, size, blocks int64) {
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, fd := range fds {
		p := filepath.Join("/proc/self/fd", fd.Name())
		target, err := os.Readlink(p)
		if err != nil || !strings.HasPrefix(target, filepath.Join(tmp, "gostverify-zip-")) {
			continue
		}
		fi, err := os.Stat(p)
		if err != nil {
			continue
		}
		files++
		size += fi.Size()
		blocks += fi.Sys().(*syscall.Stat_t).Blocks * 512
	}
	return files, size, blocks
}

// offlineOptions trust testdata/cms/pki's root and know its sub CA,
// offline, revocation off.
func offlineOptions(t *testing.T) Options {
	t.Helper()
	roots, err := chain.LoadStore([]string{filepath.Join(cmsDir, "pki", "root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	sub, err := chain.LoadCertificates(filepath.Join(cmsDir, "pki", "sub.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return Options{Verify: verify.Options{Roots: roots, Certificates: sub, RevocationOff: true}, Jobs: 2}
}

// hostileOptions are offlineOptions with nested zips over 64 KiB in the
// temporary file: the sizes of the issue, scaled down.
func hostileOptions(t *testing.T) Options {
	opts := offlineOptions(t)
	opts.Limits = Limits{MaxTotalSize: 64 << 30, MaxEntries: 1_000_000, MaxRatio: 1000, MaxDepth: 3,
		memZip: 64 << 10, memZips: 1 << 20}
	return opts
}

// TestRunHostileNestedZips: a run over zips four levels deep holding
// many large zips needs the temporary space of one of them at a time,
// freed as each is checked, and lists every file once; the limits on
// temporary space and on bytes inflated refuse what is beyond them,
// naming their flag.
func TestRunHostileNestedZips(t *testing.T) {
	const width, pad = 4, 256 << 10
	data, l3s, l3size := hostileZip(t, width, pad)
	t.Logf("a zip of %d bytes holding %d zips of %d bytes at depth 3", len(data), len(l3s), l3size)
	z := writeTestFile(t, filepath.Join(t.TempDir(), "hostile.zip"), data)

	// run returns the report and the peak size and disk blocks of the
	// temporary file, seen after each signature.
	run := func(t *testing.T, opts Options) (*Report, int64, int64) {
		tmp := t.TempDir()
		t.Setenv("TMPDIR", tmp)
		var mu sync.Mutex
		var peak, peakBlocks int64
		opts.Progress = func(done, total int) {
			_, size, blocks := spillUse(t, tmp)
			mu.Lock()
			peak, peakBlocks = max(peak, size), max(peakBlocks, blocks)
			mu.Unlock()
		}
		rep, err := Run(context.Background(), []string{z}, opts)
		if err != nil {
			t.Fatal(err)
		}
		if n, _, _ := spillUse(t, tmp); n != 0 {
			t.Errorf("%d temporary files open after the run", n)
		}
		onlyFiles(t, tmp)
		var paths []string
		for _, e := range rep.Entries {
			paths = append(paths, e.Path)
		}
		if !slices.IsSorted(paths) || len(slices.Compact(slices.Clone(paths))) != len(paths) {
			t.Errorf("entries not in path order or listed twice")
		}
		return rep, peak, peakBlocks
	}
	// byL3 checks that each zip at depth 3 is listed once: its three
	// files, valid, valid and unsigned, or itself refused for words.
	byL3 := func(t *testing.T, rep *Report, words string) (listed, refused int) {
		entries := map[string]Entry{}
		for _, e := range rep.Entries {
			entries[e.Path] = e
		}
		for _, p := range l3s {
			p = z + "!/" + p
			if e, ok := entries[p]; ok {
				if e.Kind != KindRefused || e.SubIndication != InputRefused || !strings.Contains(e.Reason, words) {
					t.Errorf("%s: %s %s %s (%s), want refused for %s", p, e.Kind, e.Status, e.SubIndication, e.Reason, words)
				}
				refused++
				delete(entries, p)
				continue
			}
			for name, want := range map[string]Status{"invoice.xml": Valid, "invoice.xml.sig": Valid, "pad.bin": Unsigned} {
				e, ok := entries[p+"!/"+name]
				if !ok || e.Status != want {
					t.Errorf("%s!/%s: %v %s (%s), want %s", p, name, ok, e.Status, e.Reason, want)
				}
				delete(entries, p+"!/"+name)
			}
			listed++
		}
		for p := range entries {
			t.Errorf("unexpected entry %s", p)
		}
		return listed, refused
	}

	t.Run("temporary space freed", func(t *testing.T) {
		rep, peak, blocks := run(t, hostileOptions(t))
		if listed, _ := byL3(t, rep, ""); listed != len(l3s) {
			t.Errorf("%d zips at depth 3 listed, want %d", listed, len(l3s))
		}
		// One zip at depth 3 at a time, where keeping them would take
		// all of them; the disk blocks are given back too (a file system
		// may allocate some ahead).
		if peak != l3size || blocks > 16*l3size {
			t.Errorf("peak temporary space %d bytes (%d on disk), want one zip at depth 3 (%d), not %d",
				peak, blocks, l3size, int64(len(l3s))*l3size)
		}
		t.Logf("peak temporary space %d bytes, %d on disk", peak, blocks)
		if rep.Summary.Valid != len(l3s) || rep.Summary.Files != 3*len(l3s) {
			t.Errorf("summary %+v", rep.Summary)
		}
	})
	t.Run("max temp size", func(t *testing.T) {
		opts := hostileOptions(t)
		opts.Limits.MaxTempSize = l3size - 1
		rep, peak, _ := run(t, opts)
		if _, refused := byL3(t, rep, "(--max-temp-size)"); refused != len(l3s) {
			t.Errorf("%d zips at depth 3 refused, want all %d", refused, len(l3s))
		}
		if peak != 0 {
			t.Errorf("peak temporary space %d bytes, want none", peak)
		}
	})
	t.Run("max inflate", func(t *testing.T) {
		opts := hostileOptions(t)
		opts.Limits.MaxInflate = 10 * l3size
		rep, _, _ := run(t, opts)
		listed, refused := byL3(t, rep, "(--max-inflate)")
		// The zips above take some of the budget too.
		if listed < 8 || listed > 10 || listed+refused != len(l3s) {
			t.Errorf("%d zips at depth 3 listed and %d refused, want 8 to 10 listed", listed, refused)
		}
	})
	t.Run("interrupted", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		rep, err := Run(ctx, []string{z}, hostileOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Entries) != width {
			t.Fatalf("%d entries, want the %d zips inside, not opened", len(rep.Entries), width)
		}
		for _, e := range rep.Entries {
			if e.Status != NotChecked || !strings.Contains(e.Reason, "interrupted before this archive was opened") {
				t.Errorf("%s: %s (%s), want not_checked", e.Path, e.Status, e.Reason)
			}
		}
	})
}

// TestCollectMaxTempSize: Collect keeps every nested zip until Close, so
// --max-temp-size bounds them all together; the ones beyond it are
// refused, and the temporary file never grows past it.
func TestCollectMaxTempSize(t *testing.T) {
	tmp, spills := tmpDirFiles(t)
	big := noiseBytes(inMemoryZip+1<<20, 3)
	inner := buildTestZip(t, entrySpec{name: "big.bin", data: big})
	var entries []entrySpec
	for i := range 3 {
		entries = append(entries, entrySpec{name: fmt.Sprintf("n%d.zip", i), data: inner})
	}
	a := writeTestFile(t, filepath.Join(t.TempDir(), "a.zip"), buildTestZip(t, entries...))
	lim := DefaultLimits
	lim.MaxTempSize = 2*int64(len(inner)) + 1
	ins := collectTest(t, lim, a)
	wantInputPaths(t, ins, a+"!/n0.zip!/big.bin", a+"!/n1.zip!/big.bin", a+"!/n2.zip")
	wantContent(t, ins.Files[0], big)
	wantContent(t, ins.Files[1], big)
	wantErrInput(t, ins.Files[2], true, fmt.Sprintf("a nested zip of %d bytes", len(inner)),
		fmt.Sprintf("limit of %d bytes (--max-temp-size)", lim.MaxTempSize))
	if n := spills(); n != 1 {
		t.Errorf("%d temporary files, want 1", n)
	}
	if _, size, _ := spillUse(t, tmp); size != 2*int64(len(inner)) {
		t.Errorf("the temporary file holds %d bytes, want %d", size, 2*len(inner))
	}
}

// TestCollectMaxInflate: every read of a deflated entry counts against
// --max-inflate; what a read leaves unread is given back when it is
// closed, and an entry stored as is costs nothing.
func TestCollectMaxInflate(t *testing.T) {
	data := noiseBytes(1000, 4)
	a := writeTestFile(t, filepath.Join(t.TempDir(), "a.zip"), buildTestZip(t,
		entrySpec{name: "d.bin", data: data, method: zip.Deflate}, entrySpec{name: "s.bin", data: data}))
	lim := DefaultLimits
	lim.MaxInflate = 2500
	ins := collectTest(t, lim, a)
	d, s := ins.Files[0], ins.Files[1]
	wantContent(t, d, data)
	wantContent(t, d, data)
	rc, err := d.Open() // 2000 inflated: 1000 more would pass the limit
	if err == nil {
		rc.Close()
		t.Fatal("a third read of 1000 bytes within a limit of 2500")
	}
	wantInputError(t, d, err, true, "inflating its 1000 bytes", "limit of 2500 (--max-inflate)")
	for range 5 {
		wantContent(t, s, data)
	}

	ins = collectTest(t, lim, a)
	d = ins.Files[0]
	for range 10 { // closed after 10 bytes: only those count
		rc, err := d.Open()
		if err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 10)
		rc.Read(buf)
		rc.Close()
	}
	wantContent(t, d, data)
}
