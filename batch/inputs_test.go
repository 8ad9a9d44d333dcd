package batch

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gostverify/gostverify/i18n"
)

// entrySpec is an entry of a test zip. Without raw it is written through
// CreateHeader: method Store unless set, mode set when non-zero. With raw
// it is forged through CreateRaw: raw's sizes, CRC, flags and method as
// given, data written as is.
type entrySpec struct {
	name   string
	data   []byte
	method uint16
	mode   fs.FileMode
	raw    *zip.FileHeader
}

// buildTestZip makes a zip of entries, in order.
func buildTestZip(tb testing.TB, entries ...entrySpec) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		var w io.Writer
		var err error
		if e.raw != nil {
			w, err = zw.CreateRaw(e.raw)
		} else {
			fh := &zip.FileHeader{Name: e.name, Method: e.method}
			if e.mode != 0 {
				fh.SetMode(e.mode)
			}
			w, err = zw.CreateHeader(fh)
		}
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			tb.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// rawEntry forges an entry: stored is written as the entry's data, and
// the header declares method, size (uncompressed), crc and flags.
func rawEntry(name string, method uint16, stored []byte, size uint64, crc uint32, flags uint16) entrySpec {
	return entrySpec{data: stored, raw: &zip.FileHeader{Name: name, Method: method, Flags: flags,
		CRC32: crc, CompressedSize64: uint64(len(stored)), UncompressedSize64: size}}
}

// deflateBytes compresses data as zip's Deflate method stores it.
func deflateBytes(tb testing.TB, data []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		tb.Fatal(err)
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// writeTestFile writes data to p, making its directories.
func writeTestFile(t *testing.T, p string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// collectTest is Collect that must succeed; the inputs are closed when
// the test ends.
func collectTest(t *testing.T, lim Limits, paths ...string) *Inputs {
	t.Helper()
	ins, err := Collect(paths, lim)
	if err != nil {
		t.Fatalf("Collect(%q): %v", paths, err)
	}
	t.Cleanup(func() { ins.Close() })
	return ins
}

// inputPaths lists the inputs' paths, in their order.
func inputPaths(ins *Inputs) []string {
	var ps []string
	for _, in := range ins.Files {
		ps = append(ps, in.Path)
	}
	return ps
}

// wantInputPaths checks that the inputs are exactly want, in this order.
func wantInputPaths(t *testing.T, ins *Inputs, want ...string) {
	t.Helper()
	if got := inputPaths(ins); !slices.Equal(got, want) {
		t.Fatalf("inputs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// inputByPath returns the input of path p.
func inputByPath(t *testing.T, ins *Inputs, p string) *Input {
	t.Helper()
	for _, in := range ins.Files {
		if in.Path == p {
			return in
		}
	}
	t.Fatalf("no input %q among:\n%s", p, strings.Join(inputPaths(ins), "\n"))
	return nil
}

// readInputAll reads an input whole.
func readInputAll(in *Input) ([]byte, error) {
	rc, err := in.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// wantContent checks that in reads as want and ends cleanly.
func wantContent(t *testing.T, in *Input, want []byte) {
	t.Helper()
	if in.Err != nil {
		t.Fatalf("%s: Err %v", in.Path, in.Err)
	}
	got, err := readInputAll(in)
	if err != nil {
		t.Fatalf("%s: %v", in.Path, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: read %d bytes %.40q, want %d bytes %.40q", in.Path, len(got), got, len(want), want)
	}
	if in.Size != int64(len(want)) {
		t.Errorf("%s: Size %d, want %d", in.Path, in.Size, len(want))
	}
}

// wantInputError checks that err is an *InputError for in's path, refused
// or not, whose message names the path and holds each of words.
func wantInputError(t *testing.T, in *Input, err error, refused bool, words ...string) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("%s: error %v (%T), want an *InputError", in.Path, err, err)
	}
	if ie.Path != in.Path {
		t.Errorf("%s: InputError.Path %q", in.Path, ie.Path)
	}
	if ie.Refused != refused {
		t.Errorf("%s: Refused %v, want %v (%v)", in.Path, ie.Refused, refused, err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "batch: "+in.Path+": ") {
		t.Errorf("%s: message %q does not start with the path", in.Path, msg)
	}
	for _, w := range words {
		if !strings.Contains(msg, w) {
			t.Errorf("%s: message %q does not say %q", in.Path, msg, w)
		}
	}
}

// wantErrInput checks that in is listed with Err (refused or not) and
// that Open returns that error.
func wantErrInput(t *testing.T, in *Input, refused bool, words ...string) {
	t.Helper()
	if in.Err == nil {
		t.Fatalf("%s: no Err, want one saying %q", in.Path, words)
	}
	wantInputError(t, in, in.Err, refused, words...)
	rc, err := in.Open()
	if rc != nil || err != in.Err {
		t.Errorf("%s: Open = %v, %v; want nil, its Err", in.Path, rc, err)
	}
}

// onlyFiles checks that dir holds exactly names (relative, slashed), so
// that nothing was extracted.
func onlyFiles(t *testing.T, dir string, names ...string) {
	t.Helper()
	var got []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir {
			rel, _ := filepath.Rel(dir, p)
			got = append(got, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

// noiseBytes are n incompressible bytes, the same for a given seed.
func noiseBytes(n int, seed uint64) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{byte(seed), byte(seed >> 8)})
	r.Read(b)
	return b
}

func TestCollectWalk(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"b.txt":          "bee",
		"a/x.xml":        "<x/>",
		"a/y/z.xml.sig":  "signature",
		"c/empty.txt":    "",
		"c/d/e/deep.txt": "deep",
	}
	for name, data := range files {
		writeTestFile(t, filepath.Join(dir, filepath.FromSlash(name)), []byte(data))
	}
	if err := os.MkdirAll(filepath.Join(dir, "empty"), 0o755); err != nil {
		t.Fatal(err)
	}
	ins := collectTest(t, Limits{}, dir)
	j := func(elem ...string) string { return filepath.Join(append([]string{dir}, elem...)...) }
	wantInputPaths(t, ins, j("a", "x.xml"), j("a", "y", "z.xml.sig"), j("b.txt"), j("c", "d", "e", "deep.txt"), j("c", "empty.txt"))
	for _, in := range ins.Files {
		rel, _ := filepath.Rel(dir, in.Path)
		if in.Name != filepath.Base(rel) || in.Dir != filepath.Dir(in.Path) {
			t.Errorf("%s: Name %q, Dir %q", in.Path, in.Name, in.Dir)
		}
		wantContent(t, in, []byte(files[filepath.ToSlash(rel)]))
	}
	if in := inputByPath(t, ins, j("a", "y", "z.xml.sig")); in.Name != "z.xml.sig" || in.Dir != j("a", "y") {
		t.Errorf("Name %q, Dir %q", in.Name, in.Dir)
	}

	// Open streams the file as it is when opened, not as Collect saw it.
	writeTestFile(t, j("b.txt"), []byte("changed"))
	if got, err := readInputAll(inputByPath(t, ins, j("b.txt"))); err != nil || string(got) != "changed" {
		t.Errorf("after a change: %q, %v", got, err)
	}
}

func TestCollectOnce(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "d")
	writeTestFile(t, filepath.Join(d, "a", "x.xml"), []byte("x"))
	writeTestFile(t, filepath.Join(d, "b.txt"), []byte("b"))
	z := writeTestFile(t, filepath.Join(d, "z.zip"), buildTestZip(t, entrySpec{name: "e.txt", data: []byte("e")}))
	x, b := filepath.Join(d, "a", "x.xml"), filepath.Join(d, "b.txt")
	all := []string{x, b, z + "!/e.txt"}
	for _, tc := range []struct {
		name  string
		paths []string
		want  []string
	}{
		{"dir twice", []string{d, d}, all},
		{"file then its dir", []string{x, d}, all},
		{"dir then a file in it", []string{d, b}, all},
		{"unclean paths", []string{d + "/", d + "/./a/x.xml", d + "/a/../b.txt", d + "//z.zip"}, all},
		{"zip twice", []string{z, z}, []string{z + "!/e.txt"}},
		{"zip then its dir", []string{z, d}, all},
		{"file twice", []string{b, b}, []string{b}},
		{"no paths", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantInputPaths(t, collectTest(t, Limits{}, tc.paths...), tc.want...)
		})
	}
}

func TestCollectRelativePaths(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "d", "x.xml"), []byte("x"))
	t.Chdir(dir)
	ins := collectTest(t, Limits{}, ".", "./d/x.xml", "d")
	wantInputPaths(t, ins, filepath.Join("d", "x.xml"))
	if in := ins.Files[0]; in.Dir != "d" || in.Name != "x.xml" {
		t.Errorf("Dir %q, Name %q", in.Dir, in.Name)
	}
	wantContent(t, ins.Files[0], []byte("x"))
}

func TestCollectMissingPath(t *testing.T) {
	dir := t.TempDir()
	writeTestFile(t, filepath.Join(dir, "ok.txt"), []byte("ok"))
	z := writeTestFile(t, filepath.Join(dir, "ok.zip"), buildTestZip(t, entrySpec{name: "e", data: []byte("e")}))
	missing := filepath.Join(dir, "missing")
	for _, tc := range []struct {
		name  string
		paths []string
		bad   string
	}{
		{"alone", []string{missing}, missing},
		{"after others", []string{dir, z, missing}, missing},
		{"before others", []string{missing, dir}, missing},
		{"below a file", []string{filepath.Join(dir, "ok.txt", "x")}, filepath.Join(dir, "ok.txt", "x")},
		{"empty", []string{dir, ""}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins, err := Collect(tc.paths, Limits{})
			if ins != nil || err == nil {
				t.Fatalf("Collect = %v, %v; want nil and an error", ins, err)
			}
			if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) {
				t.Errorf("error %v is not ErrNotExist", err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "batch: ") || !strings.Contains(msg, tc.bad) {
				t.Errorf("error %q does not name %q", msg, tc.bad)
			}
		})
	}
}

func TestCollectNamedPipe(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "d")
	writeTestFile(t, filepath.Join(d, "ok.txt"), []byte("ok"))
	pipes := []string{filepath.Join(d, "pipe.xml"), filepath.Join(d, "pipe.zip"), filepath.Join(dir, "alone.sig")}
	for _, p := range pipes {
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	// And a link to one, which is followed to it.
	link := filepath.Join(d, "link.xml")
	if err := os.Symlink("pipe.xml", link); err != nil {
		t.Fatal(err)
	}
	type result struct {
		ins *Inputs
		err error
	}
	done := make(chan result, 1)
	go func() {
		ins, err := Collect([]string{d, pipes[2]}, Limits{})
		done <- result{ins, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("Collect blocks on a named pipe")
	}
	if r.err != nil {
		t.Fatal(r.err)
	}
	defer r.ins.Close()
	wantInputPaths(t, r.ins, pipes[2], link, filepath.Join(d, "ok.txt"), pipes[0], pipes[1])
	for _, p := range []string{pipes[2], link, pipes[0], pipes[1]} {
		in := inputByPath(t, r.ins, p)
		wantErrInput(t, in, false, "not a regular file", "named pipe")
		if in.Name != filepath.Base(p) || in.Dir != filepath.Dir(p) {
			t.Errorf("%s: Name %q, Dir %q", p, in.Name, in.Dir)
		}
	}
	wantContent(t, inputByPath(t, r.ins, filepath.Join(d, "ok.txt")), []byte("ok"))
}

func TestCollectSymlinks(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "d")
	writeTestFile(t, filepath.Join(d, "real", "r.txt"), []byte("real"))
	writeTestFile(t, filepath.Join(dir, "outside", "o.txt"), []byte("outside"))
	writeTestFile(t, filepath.Join(dir, "z.zip"), buildTestZip(t, entrySpec{name: "e.txt", data: []byte("e")}))
	links := map[string]string{
		"linkdir":      "real",
		"outsidedir":   "../outside",
		"linkfile.txt": "real/r.txt",
		"linkzip.zip":  "../z.zip",
		"broken.txt":   "nowhere",
		"loop.txt":     "loop.txt",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(d, name)); err != nil {
			t.Fatal(err)
		}
	}
	j := func(name string) string { return filepath.Join(d, filepath.FromSlash(name)) }
	ins := collectTest(t, Limits{}, d)
	wantInputPaths(t, ins, j("broken.txt"), j("linkdir"), j("linkfile.txt"), j("linkzip.zip")+"!/e.txt",
		j("loop.txt"), j("outsidedir"), j("real/r.txt"))
	wantErrInput(t, inputByPath(t, ins, j("linkdir")), true, "symbolic link to a directory", "not followed")
	wantErrInput(t, inputByPath(t, ins, j("outsidedir")), true, "symbolic link to a directory", "not followed")
	wantErrInput(t, inputByPath(t, ins, j("broken.txt")), false, "no such file")
	wantErrInput(t, inputByPath(t, ins, j("loop.txt")), false, "too many levels of symbolic links")
	wantContent(t, inputByPath(t, ins, j("linkfile.txt")), []byte("real"))
	wantContent(t, inputByPath(t, ins, j("linkzip.zip")+"!/e.txt"), []byte("e"))
	wantContent(t, inputByPath(t, ins, j("real/r.txt")), []byte("real"))
	if in := inputByPath(t, ins, j("linkdir")); in.Name != "linkdir" || in.Dir != d {
		t.Errorf("Name %q, Dir %q", in.Name, in.Dir)
	}

	// A link named on the command line is followed, to a directory too;
	// its files keep the link's name.
	ins = collectTest(t, Limits{}, j("linkdir"), j("linkfile.txt"))
	wantInputPaths(t, ins, j("linkdir/r.txt"), j("linkfile.txt"))
	wantContent(t, ins.Files[0], []byte("real"))
	if in := ins.Files[0]; in.Dir != j("linkdir") || in.Name != "r.txt" {
		t.Errorf("Dir %q, Name %q", in.Dir, in.Name)
	}
	wantContent(t, ins.Files[1], []byte("real"))
	// A link to a directory with links to directories in it: those are
	// still not followed.
	if err := os.Symlink("d", filepath.Join(dir, "linktod")); err != nil {
		t.Fatal(err)
	}
	ins = collectTest(t, Limits{}, filepath.Join(dir, "linktod"))
	wantErrInput(t, inputByPath(t, ins, filepath.Join(dir, "linktod", "linkdir")), true, "not followed")
	wantContent(t, inputByPath(t, ins, filepath.Join(dir, "linktod", "real", "r.txt")), []byte("real"))
	if len(ins.Files) != 7 {
		t.Errorf("%d inputs, want 7:\n%s", len(ins.Files), strings.Join(inputPaths(ins), "\n"))
	}
}

func TestCollectUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads files whatever their mode")
	}
	dir := t.TempDir()
	file := writeTestFile(t, filepath.Join(dir, "secret.xml"), []byte("secret"))
	z := writeTestFile(t, filepath.Join(dir, "secret.zip"), buildTestZip(t, entrySpec{name: "e", data: []byte("e")}))
	sub := filepath.Join(dir, "sub")
	writeTestFile(t, filepath.Join(sub, "x.txt"), []byte("x"))
	for _, p := range []string{file, z, sub} {
		if err := os.Chmod(p, 0); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { os.Chmod(sub, 0o755) }) // for TempDir's RemoveAll
	ins := collectTest(t, Limits{}, dir)
	wantInputPaths(t, ins, file, z, sub)

	// A file is listed: reading it fails when it is opened.
	in := inputByPath(t, ins, file)
	if in.Err != nil || in.Size != 6 {
		t.Fatalf("Err %v, Size %d", in.Err, in.Size)
	}
	_, err := in.Open()
	wantInputError(t, in, err, false, "permission denied")
	if !errors.Is(err, fs.ErrPermission) {
		t.Errorf("%v is not ErrPermission", err)
	}
	if strings.Count(err.Error(), file) != 1 {
		t.Errorf("%q repeats the path", err)
	}
	// A zip is opened by Collect to list its entries.
	wantErrInput(t, inputByPath(t, ins, z), false, "permission denied")
	// A directory below the path is listed; the path itself fails.
	wantErrInput(t, inputByPath(t, ins, sub), false, "permission denied")
	if ins, err := Collect([]string{sub}, Limits{}); ins != nil || !errors.Is(err, fs.ErrPermission) {
		t.Errorf("Collect(unreadable dir) = %v, %v", ins, err)
	}
}

func TestCollectZipEntries(t *testing.T) {
	dir := t.TempDir()
	docx := buildTestZip(t, entrySpec{name: "word/document.xml", data: []byte("<w/>"), method: zip.Deflate})
	long := bytes.Repeat([]byte("a long line of a document\n"), 1000)
	entries := map[string][]byte{
		"dir/x.xml":         []byte("<x/>"),
		"dir/sub/y.xml.sig": []byte("signature"),
		"top.txt":           []byte("top"),
		"long.txt":          long,
		"empty.txt":         nil,
		"doc.docx":          docx,
		"Акт №5.xml":        []byte("акт"),
	}
	a := writeTestFile(t, filepath.Join(dir, "a.zip"), buildTestZip(t,
		entrySpec{name: "dir/"},
		entrySpec{name: "dir/x.xml", data: entries["dir/x.xml"], method: zip.Deflate},
		entrySpec{name: "dir/sub/", mode: fs.ModeDir | 0o755},
		entrySpec{name: "dir/sub/y.xml.sig", data: entries["dir/sub/y.xml.sig"]},
		entrySpec{name: "top.txt", data: entries["top.txt"], method: zip.Deflate},
		entrySpec{name: "long.txt", data: long, method: zip.Deflate},
		entrySpec{name: "empty.txt"},
		entrySpec{name: "doc.docx", data: docx},
		entrySpec{name: "Акт №5.xml", data: entries["Акт №5.xml"], method: zip.Deflate},
		entrySpec{name: "empty-dir/"},
	))
	// A .docx beside it is a document, not an archive; .ZIP is one.
	dx := writeTestFile(t, filepath.Join(dir, "report.docx"), docx)
	up := writeTestFile(t, filepath.Join(dir, "UP.ZIP"), buildTestZip(t, entrySpec{name: "u.txt", data: []byte("u")}))

	ins := collectTest(t, Limits{}, dir)
	wantInputPaths(t, ins, up+"!/u.txt", a+"!/dir/sub/y.xml.sig", a+"!/dir/x.xml", a+"!/doc.docx", a+"!/empty.txt",
		a+"!/long.txt", a+"!/top.txt", a+"!/Акт №5.xml", dx)
	for name, data := range entries {
		in := inputByPath(t, ins, a+"!/"+name)
		wantContent(t, in, data)
		dirName := a + "!/" + strings.TrimSuffix(name[:strings.LastIndex(name, "/")+1], "/")
		if !strings.Contains(name, "/") {
			dirName = a + "!/."
		}
		if in.Dir != dirName || in.Name != name[strings.LastIndex(name, "/")+1:] {
			t.Errorf("%s: Dir %q, Name %q", in.Path, in.Dir, in.Name)
		}
	}
	if in := inputByPath(t, ins, a+"!/dir/sub/y.xml.sig"); in.Dir != a+"!/dir/sub" || in.Name != "y.xml.sig" {
		t.Errorf("Dir %q, Name %q", in.Dir, in.Name)
	}
	in := inputByPath(t, ins, dx)
	wantContent(t, in, docx)
	if in.Dir != dir || in.Name != "report.docx" {
		t.Errorf("Dir %q, Name %q", in.Dir, in.Name)
	}
	wantContent(t, inputByPath(t, ins, up+"!/u.txt"), []byte("u"))

	// Entries may be read again, and after Close not at all.
	wantContent(t, inputByPath(t, ins, a+"!/long.txt"), long)
	if err := ins.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := readInputAll(inputByPath(t, ins, a+"!/long.txt")); err == nil {
		t.Error("an entry read after Close")
	}
	if err := ins.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestCollectEntryNames(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ raw, path, dir, name string }{
		{"./dot.txt", "dot.txt", ".", "dot.txt"},
		{"a//b.txt", "a/b.txt", "a", "b.txt"},
		{"a/./b/c.txt", "a/b/c.txt", "a/b", "c.txt"},
		{`win\sub\c.txt`, "win/sub/c.txt", "win/sub", "c.txt"},
		{"Важно!/акт.xml", "Важно!/акт.xml", "Важно!", "акт.xml"},
		{"x.zip!", "x.zip!", ".", "x.zip!"},
		{"x.zip!x/y", "x.zip!x/y", "x.zip!x", "y"},
		{"a..b/..c", "a..b/..c", "a..b", "..c"},
		{`a\`, "a", ".", "a"},
	} {
		t.Run(tc.raw, func(t *testing.T) {
			z := writeTestFile(t, filepath.Join(dir, "n.zip"), buildTestZip(t, entrySpec{name: tc.raw, data: []byte(tc.raw)}))
			ins := collectTest(t, Limits{}, z)
			wantInputPaths(t, ins, z+"!/"+tc.path)
			in := ins.Files[0]
			if in.Dir != z+"!/"+tc.dir || in.Name != tc.name {
				t.Errorf("Dir %q, Name %q; want %q, %q", in.Dir, in.Name, z+"!/"+tc.dir, tc.name)
			}
			wantContent(t, in, []byte(tc.raw))
		})
	}
}

func TestCollectBrokenZip(t *testing.T) {
	valid := buildTestZip(t, entrySpec{name: "a.txt", data: []byte("some content here"), method: zip.Deflate},
		entrySpec{name: "b.txt", data: []byte("more")})
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"truncated.zip", valid[:len(valid)/2]},
		{"no-end.zip", valid[:len(valid)-10]},
		{"text.zip", []byte("this is not a zip archive, only named like one")},
		{"empty.zip", nil},
		{"cut-header.zip", valid[:4]},
		{"random.zip", noiseBytes(5000, 1)},
		{"UPPER.ZIP", []byte("PK\x05\x06 but not an end record")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := writeTestFile(t, filepath.Join(t.TempDir(), tc.name), tc.data)
			ins := collectTest(t, Limits{}, p)
			wantInputPaths(t, ins, p)
			in := ins.Files[0]
			wantErrInput(t, in, false, "not a readable zip archive", "zip: ")
			if in.Size != int64(len(tc.data)) || in.Name != tc.name || in.Dir != filepath.Dir(p) {
				t.Errorf("Size %d, Name %q, Dir %q", in.Size, in.Name, in.Dir)
			}
		})
	}
}

func TestCollectNestedZips(t *testing.T) {
	deep := buildTestZip(t, entrySpec{name: "x.txt", data: []byte("deep"), method: zip.Deflate})
	inner := buildTestZip(t, entrySpec{name: "deep.zip", data: deep, method: zip.Deflate},
		entrySpec{name: "y.txt", data: []byte("inner")})
	outer := buildTestZip(t, entrySpec{name: "sub/inner.zip", data: inner},
		entrySpec{name: "bad.zip", data: []byte("not a zip")},
		entrySpec{name: "z.txt", data: []byte("outer")})
	dir := t.TempDir()
	a := writeTestFile(t, filepath.Join(dir, "a.zip"), outer)
	in1 := a + "!/sub/inner.zip"
	x, y, z := in1+"!/deep.zip!/x.txt", in1+"!/y.txt", a+"!/z.txt"
	for _, tc := range []struct {
		depth   int
		want    []string
		refused string // the nested zip refused, its Dir and Size
		dir     string
		size    int
	}{
		{3, []string{a + "!/bad.zip", x, y, z}, "", "", 0},
		{2, []string{a + "!/bad.zip", x, y, z}, "", "", 0},
		{1, []string{a + "!/bad.zip", in1 + "!/deep.zip", y, z}, in1 + "!/deep.zip", in1 + "!/.", len(deep)},
		{0, []string{a + "!/bad.zip", in1, z}, in1, a + "!/sub", len(inner)},
	} {
		t.Run(fmt.Sprint("max depth ", tc.depth), func(t *testing.T) {
			lim := DefaultLimits
			lim.MaxDepth = tc.depth
			ins := collectTest(t, lim, a)
			wantInputPaths(t, ins, tc.want...)
			if tc.depth > 0 {
				wantErrInput(t, inputByPath(t, ins, a+"!/bad.zip"), false, "not a readable zip archive")
			} else { // refused before it is read
				wantErrInput(t, inputByPath(t, ins, a+"!/bad.zip"), true, "--max-depth")
			}
			wantContent(t, inputByPath(t, ins, z), []byte("outer"))
			if tc.refused == "" {
				in := inputByPath(t, ins, x)
				wantContent(t, in, []byte("deep"))
				if in.Dir != in1+"!/deep.zip!/." || in.Name != "x.txt" {
					t.Errorf("Dir %q, Name %q", in.Dir, in.Name)
				}
			} else {
				in := inputByPath(t, ins, tc.refused)
				wantErrInput(t, in, true, fmt.Sprintf("more than %d levels deep", tc.depth), "--max-depth")
				if in.Dir != tc.dir || in.Size != int64(tc.size) || in.Name != filepath.Base(tc.refused) {
					t.Errorf("Dir %q, Size %d, Name %q", in.Dir, in.Size, in.Name)
				}
			}
			if tc.depth > 0 {
				in := inputByPath(t, ins, y)
				wantContent(t, in, []byte("inner"))
				if in.Dir != in1+"!/." {
					t.Errorf("Dir %q", in.Dir)
				}
			}
		})
	}
}

func TestCollectZeroLimits(t *testing.T) {
	// Five zips in one another: a zero Limits is DefaultLimits, which
	// opens three levels of zips inside the outer one.
	data := buildTestZip(t, entrySpec{name: "x.txt", data: []byte("x")})
	for i := 4; i >= 1; i-- {
		data = buildTestZip(t, entrySpec{name: fmt.Sprintf("l%d.zip", i), data: data})
	}
	a := writeTestFile(t, filepath.Join(t.TempDir(), "a.zip"), data)
	ins := collectTest(t, Limits{}, a)
	p := a + "!/l1.zip!/l2.zip!/l3.zip!/l4.zip"
	wantInputPaths(t, ins, p)
	wantErrInput(t, ins.Files[0], true, "more than 3 levels deep (--max-depth)")
}

// tmpDirFiles points TMPDIR at a new directory and returns it, and a
// function counting the open files of this process that are anonymous
// temporary files there.
func tmpDirFiles(t *testing.T) (string, func() int) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	return tmp, func() int {
		fds, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Skipf("no /proc: %v", err)
		}
		n := 0
		for _, fd := range fds {
			target, err := os.Readlink(filepath.Join("/proc/self/fd", fd.Name()))
			if err == nil && strings.HasPrefix(target, filepath.Join(tmp, "gostverify-zip-")) {
				if !strings.HasSuffix(target, " (deleted)") {
					t.Errorf("%s is visible by name", target)
				}
				n++
			}
		}
		return n
	}
}

func TestCollectLargeNestedZip(t *testing.T) {
	tmp, spills := tmpDirFiles(t)
	big := noiseBytes(inMemoryZip+1<<20, 2)
	inner := buildTestZip(t, entrySpec{name: "big.bin", data: big}, entrySpec{name: "s.txt", data: []byte("s"), method: zip.Deflate})
	if len(inner) < inMemoryZip {
		t.Fatalf("the inner zip is %d bytes", len(inner))
	}
	small := buildTestZip(t, entrySpec{name: "m.txt", data: []byte("in memory")})
	dir := t.TempDir()
	a := writeTestFile(t, filepath.Join(dir, "a.zip"), buildTestZip(t,
		entrySpec{name: "inner.zip", data: inner}, entrySpec{name: "small.zip", data: small}))
	ins := collectTest(t, Limits{}, a)
	bigPath := a + "!/inner.zip!/big.bin"
	wantInputPaths(t, ins, bigPath, a+"!/inner.zip!/s.txt", a+"!/small.zip!/m.txt")
	onlyFiles(t, tmp) // removed at once
	if n := spills(); n != 1 {
		t.Errorf("%d temporary files open, want 1", n)
	}

	// Read after Collect returned, from several goroutines at once.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			rc, err := inputByPath(t, ins, bigPath).Open()
			if err != nil {
				t.Error(err)
				return
			}
			defer rc.Close()
			got, err := io.ReadAll(rc)
			if err != nil || !bytes.Equal(got, big) {
				t.Errorf("big.bin: %d bytes, %v", len(got), err)
			}
		})
		wg.Go(func() {
			if got, err := readInputAll(inputByPath(t, ins, a+"!/inner.zip!/s.txt")); err != nil || string(got) != "s" {
				t.Errorf("s.txt: %q, %v", got, err)
			}
		})
	}
	wg.Wait()
	if in := inputByPath(t, ins, bigPath); in.Size != int64(len(big)) || in.Dir != a+"!/inner.zip!/." {
		t.Errorf("Size %d, Dir %q", in.Size, in.Dir)
	}

	// The temporary file lasts until Close; the small zip, read into
	// memory, outlives it.
	if err := ins.Close(); err != nil {
		t.Fatal(err)
	}
	if n := spills(); n != 0 {
		t.Errorf("%d temporary files open after Close", n)
	}
	if _, err := readInputAll(inputByPath(t, ins, bigPath)); err == nil {
		t.Error("big.bin read after Close: it was not in the temporary file")
	}
	wantContent(t, inputByPath(t, ins, a+"!/small.zip!/m.txt"), []byte("in memory"))
	onlyFiles(t, tmp)
}

func TestCollectNestedZipsMemory(t *testing.T) {
	// Nested zips just under 1 MiB (exempt from the ratio), of zeros
	// deflated: more of them than may be in memory at once.
	tmp, spills := tmpDirFiles(t)
	const each = 1000 << 10
	n := maxInMemoryZips/each + 3
	zeros := make([]byte, each)
	var entries []entrySpec
	var names []string
	for i := range n {
		name := fmt.Sprintf("n%03d.zip", i)
		names = append(names, name)
		inner := buildTestZip(t, entrySpec{name: "z.bin", data: zeros}, entrySpec{name: "i.txt", data: []byte(name)})
		entries = append(entries, entrySpec{name: name, data: inner})
	}
	a := writeTestFile(t, filepath.Join(t.TempDir(), "a.zip"), buildTestZip(t, entries...))
	ins := collectTest(t, Limits{}, a)
	if len(ins.Files) != 2*n {
		t.Fatalf("%d inputs, want %d", len(ins.Files), 2*n)
	}
	if got := spills(); got != 1 {
		t.Errorf("%d temporary files open, want 1 for all", got)
	}
	onlyFiles(t, tmp)
	for _, name := range names {
		wantContent(t, inputByPath(t, ins, a+"!/"+name+"!/i.txt"), []byte(name))
	}
	zb := inputByPath(t, ins, a+"!/"+names[n-1]+"!/z.bin")
	wantContent(t, zb, zeros)

	// After Close, the zips in memory are still readable: the first ones,
	// up to maxInMemoryZips in all.
	if err := ins.Close(); err != nil {
		t.Fatal(err)
	}
	var inMemory int64
	kept := 0
	for i, name := range names {
		_, err := readInputAll(inputByPath(t, ins, a+"!/"+name+"!/i.txt"))
		if err == nil && kept == i {
			kept++
			inMemory += int64(len(entries[i].data))
		} else if err == nil {
			t.Errorf("%s in memory after one in the temporary file", name)
		}
	}
	if kept == 0 || kept == n || inMemory > maxInMemoryZips || inMemory+int64(len(entries[kept].data)) <= maxInMemoryZips {
		t.Errorf("%d zips of %d bytes in all in memory, limit %d", kept, inMemory, maxInMemoryZips)
	}
}

func TestCollectUnsafeNames(t *testing.T) {
	for _, name := range []string{
		"../evil.txt",
		"a/../../evil.txt",
		"a/..",
		"..",
		"/etc/passwd",
		`\evil.txt`,
		`C:\evil.txt`,
		"C:/evil.txt",
		"c:evil.txt",
		"evil\x00.txt",
		`..\evil.txt`,
		`a\..\..\evil.txt`,
		"inner.zip!/x.txt",
		`sub\INNER.Zip!\x.txt`,
		"",
	} {
		t.Run(strconv.Quote(name), func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			dir := t.TempDir()
			z := writeTestFile(t, filepath.Join(dir, "u.zip"), buildTestZip(t,
				entrySpec{name: name, data: []byte("evil"), method: zip.Deflate},
				entrySpec{name: "ok.txt", data: []byte("ok")}))
			ins := collectTest(t, Limits{}, z)
			bad := z + "!/" + strconv.Quote(name)
			want := []string{bad, z + "!/ok.txt"}
			slices.Sort(want)
			wantInputPaths(t, ins, want...)
			in := inputByPath(t, ins, bad)
			wantErrInput(t, in, true, "unsafe entry name", "not read")
			if in.Size != 4 {
				t.Errorf("Size %d", in.Size)
			}
			wantContent(t, inputByPath(t, ins, z+"!/ok.txt"), []byte("ok"))
			onlyFiles(t, dir, "u.zip")
			onlyFiles(t, tmp)
			if _, err := os.Lstat(filepath.Join(filepath.Dir(dir), "evil.txt")); err == nil {
				t.Error("evil.txt written beside the test directory")
			}
		})
	}
}

func TestCollectInsecurePathGODEBUG(t *testing.T) {
	// With zipinsecurepath=0, archive/zip fails the whole archive with a
	// usable reader; Collect still refuses only the unsafe entry.
	t.Setenv("GODEBUG", "zipinsecurepath=0")
	z := writeTestFile(t, filepath.Join(t.TempDir(), "u.zip"), buildTestZip(t,
		entrySpec{name: "../evil.txt", data: []byte("evil")}, entrySpec{name: "ok.txt", data: []byte("ok")}))
	ins := collectTest(t, Limits{}, z)
	wantInputPaths(t, ins, z+`!/"../evil.txt"`, z+"!/ok.txt")
	wantErrInput(t, ins.Files[0], true, "unsafe entry name")
	wantContent(t, ins.Files[1], []byte("ok"))
}

func TestCollectDuplicateNames(t *testing.T) {
	type want struct {
		path    string
		content string // when readable
		words   string // when refused
	}
	const second = "second entry of the same"
	for _, tc := range []struct {
		name  string
		names []string
		want  []want
	}{
		{"exact", []string{"a.xml", "a.xml"}, []want{{"a.xml", "0", ""}, {"a.xml (2)", "", second + " name"}}},
		{"three", []string{"a.xml", "a.xml", "a.xml"},
			[]want{{"a.xml", "0", ""}, {"a.xml (2)", "", second + " name"}, {"a.xml (3)", "", second + " name"}}},
		{"letter case", []string{"Act.XML", "act.xml"}, []want{{"Act.XML", "0", ""}, {"act.xml", "", "letter case aside"}}},
		{"cyrillic case", []string{"d/Акт.xml", "d/акт.xml"}, []want{{"d/Акт.xml", "0", ""}, {"d/акт.xml", "", second + " name"}}},
		{"unclean", []string{"d/x.txt", "d//x.txt"}, []want{{"d/x.txt", "0", ""}, {"d/x.txt (2)", "", second + " name"}}},
		{"dot", []string{"x.txt", "./x.txt"}, []want{{"x.txt", "0", ""}, {"x.txt (2)", "", second + " name"}}},
		{"backslash", []string{"d/x.txt", `d\x.txt`}, []want{{"d/x.txt", "0", ""}, {"d/x.txt (2)", "", second + " name"}}},
		{"folder case", []string{"D/x.txt", "d/X.txt"}, []want{{"D/x.txt", "0", ""}, {"d/X.txt", "", second + " name"}}},
		{"taken suffix", []string{"a.xml", "a.xml (2)", "a.xml"},
			[]want{{"a.xml", "0", ""}, {"a.xml (2)", "1", ""}, {"a.xml (3)", "", second + " name"}}},
		{"unsafe twice", []string{"../x", "../x"},
			[]want{{`"../x"`, "", "unsafe entry name"}, {`"../x" (2)`, "", "unsafe entry name"}}},
		{"quoted like an unsafe one", []string{"../x", `"../x"`},
			[]want{{`"../x"`, "", "unsafe entry name"}, {`"../x" (2)`, "", second + " path"}}},
		{"unsafe like a quoted one", []string{`"../x"`, "../x"},
			[]want{{`"../x"`, "0", ""}, {`"../x" (2)`, "", "unsafe entry name"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var entries []entrySpec
			for i, name := range tc.names {
				entries = append(entries, entrySpec{name: name, data: []byte(strconv.Itoa(i))})
			}
			z := writeTestFile(t, filepath.Join(t.TempDir(), "d.zip"), buildTestZip(t, entries...))
			ins := collectTest(t, Limits{}, z)
			var paths []string
			for _, w := range tc.want {
				paths = append(paths, z+"!/"+w.path)
			}
			slices.Sort(paths)
			wantInputPaths(t, ins, paths...)
			for _, w := range tc.want {
				in := inputByPath(t, ins, z+"!/"+w.path)
				if w.words == "" {
					wantContent(t, in, []byte(w.content))
					continue
				}
				wantErrInput(t, in, true, w.words)
				if name := w.path[strings.LastIndex(w.path, "/")+1:]; in.Name != name || in.Size != 1 {
					t.Errorf("%s: Name %q, Size %d", in.Path, in.Name, in.Size)
				}
			}
		})
	}
}

// zerosDeflated is n MiB of zeros deflated, about 1010:1, made quickly: a
// block of 1 MiB compressed after zeros refers only to zeros, so it is
// repeated rather than compressed again.
func zerosDeflated(tb testing.TB, n int) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		tb.Fatal(err)
	}
	mib := make([]byte, 1<<20)
	var blocks [2][]byte
	for i := range blocks {
		w.Write(mib)
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		blocks[i] = bytes.Clone(buf.Bytes())
		buf.Reset()
	}
	if err := w.Close(); err != nil {
		tb.Fatal(err)
	}
	out := append(blocks[0], bytes.Repeat(blocks[1], n-1)...)
	return append(out, buf.Bytes()...)
}

// zeroWriter counts the bytes written to it, and fails on any but zero.
type zeroWriter struct{ n int64 }

func (w *zeroWriter) Write(p []byte) (int, error) {
	if i := bytes.IndexFunc(p, func(r rune) bool { return r != 0 }); i >= 0 {
		return i, fmt.Errorf("a byte not zero at %d", w.n+int64(i))
	}
	w.n += int64(len(p))
	return len(p), nil
}

func TestCollectCompressionRatio(t *testing.T) {
	deflated := func(n int, comp []byte) (entrySpec, float64) {
		crc := uint32(0)
		for left := n; left > 0; left -= min(left, 1<<20) {
			crc = crc32.Update(crc, crc32.IEEETable, make([]byte, min(left, 1<<20)))
		}
		return rawEntry(fmt.Sprintf("zeros-%d.bin", n), zip.Deflate, comp, uint64(n), crc, 0),
			float64(n) / float64(len(comp))
	}
	const bombBytes = 100 << 20
	bomb, bombRatio := deflated(bombBytes, zerosDeflated(t, bombBytes>>20))
	exempt, exemptRatio := deflated(ratioExempt-1, deflateBytes(t, make([]byte, ratioExempt-1)))
	edge, edgeRatio := deflated(ratioExempt, deflateBytes(t, make([]byte, ratioExempt)))
	for _, r := range []float64{bombRatio, exemptRatio, edgeRatio} {
		if r <= 1001 {
			t.Fatalf("zeros compress only %.0f:1", r)
		}
	}
	empty := rawEntry("forged.bin", zip.Store, nil, 2<<20, 0, 0) // 2 MiB from nothing
	z := writeTestFile(t, filepath.Join(t.TempDir(), "b.zip"), buildTestZip(t, bomb, exempt, edge, empty,
		entrySpec{name: "ok.txt", data: []byte("ok")}))
	pz := func(e entrySpec) string { return z + "!/" + e.raw.Name }

	ins := collectTest(t, Limits{}, z)
	wantInputPaths(t, ins, pz(empty), z+"!/ok.txt", pz(exempt), pz(edge), pz(bomb))
	for _, e := range []entrySpec{bomb, edge, empty} {
		in := inputByPath(t, ins, pz(e))
		wantErrInput(t, in, true, "beyond the limit of 1000:1 (--max-ratio)", "zip bomb")
		if in.Size != int64(e.raw.UncompressedSize64) {
			t.Errorf("%s: Size %d", in.Path, in.Size)
		}
	}
	wantContent(t, inputByPath(t, ins, pz(exempt)), make([]byte, ratioExempt-1))
	wantContent(t, inputByPath(t, ins, z+"!/ok.txt"), []byte("ok"))

	// A higher limit lets the bomb through; a lower one refuses more.
	lim := DefaultLimits
	lim.MaxRatio = 2000
	ins = collectTest(t, lim, z)
	for _, e := range []entrySpec{bomb, edge} {
		if in := inputByPath(t, ins, pz(e)); in.Err != nil {
			t.Errorf("%s: %v", in.Path, in.Err)
		}
	}
	wantContent(t, inputByPath(t, ins, pz(edge)), make([]byte, ratioExempt))
	rc, err := inputByPath(t, ins, pz(bomb)).Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	var zw zeroWriter
	if _, err := io.Copy(&zw, rc); err != nil || zw.n != bombBytes {
		t.Fatalf("the bomb reads as %d zeros, %v", zw.n, err)
	}
	lim.MaxRatio = 1
	ins = collectTest(t, lim, z)
	wantErrInput(t, inputByPath(t, ins, pz(edge)), true, "beyond the limit of 1:1 (--max-ratio)")
	wantContent(t, inputByPath(t, ins, pz(exempt)), make([]byte, ratioExempt-1))
}

func TestCollectMaxTotalSize(t *testing.T) {
	dir := t.TempDir()
	bytesOf := func(n int) []byte { return bytes.Repeat([]byte("x"), n) }
	z1 := writeTestFile(t, filepath.Join(dir, "1.zip"), buildTestZip(t,
		entrySpec{name: "a.txt", data: bytesOf(60)},
		entrySpec{name: "b.txt", data: bytesOf(40), method: zip.Deflate},
		entrySpec{name: "c.txt", data: bytesOf(1)},
		entrySpec{name: "d.txt"},
	))
	z2 := writeTestFile(t, filepath.Join(dir, "2.zip"), buildTestZip(t, entrySpec{name: "e.txt", data: bytesOf(1)}))
	lim := DefaultLimits
	lim.MaxTotalSize = 100
	ins := collectTest(t, lim, z1, z2)
	wantInputPaths(t, ins, z1+"!/a.txt", z1+"!/b.txt", z1+"!/c.txt", z1+"!/d.txt", z2+"!/e.txt")
	wantContent(t, ins.Files[0], bytesOf(60))
	wantContent(t, ins.Files[1], bytesOf(40))
	wantErrInput(t, ins.Files[2], true, "1 bytes uncompressed", "limit of 100 bytes in all (--max-total-size)")
	wantContent(t, ins.Files[3], nil)
	wantErrInput(t, ins.Files[4], true, "--max-total-size") // the limit is for all archives

	// A nested zip counts once as an entry and again through its entries.
	inner := buildTestZip(t, entrySpec{name: "x.txt", data: bytesOf(10)})
	n := writeTestFile(t, filepath.Join(dir, "n.zip"), buildTestZip(t, entrySpec{name: "inner.zip", data: inner}))
	x := n + "!/inner.zip!/x.txt"
	lim.MaxTotalSize = int64(len(inner)) + 10
	wantContent(t, inputByPath(t, collectTest(t, lim, n), x), bytesOf(10))
	lim.MaxTotalSize--
	wantErrInput(t, inputByPath(t, collectTest(t, lim, n), x), true, "--max-total-size")
	lim.MaxTotalSize = int64(len(inner)) - 1
	ins = collectTest(t, lim, n)
	wantInputPaths(t, ins, n+"!/inner.zip")
	wantErrInput(t, ins.Files[0], true, "--max-total-size")
}

func TestCollectMaxEntries(t *testing.T) {
	dir := t.TempDir()
	entry := func(name string) entrySpec { return entrySpec{name: name, data: []byte(name)} }
	z1 := writeTestFile(t, filepath.Join(dir, "1.zip"), buildTestZip(t, entrySpec{name: "d/"}, entry("d/a"), entry("b")))
	z2 := writeTestFile(t, filepath.Join(dir, "2.zip"), buildTestZip(t, entry("c"), entry("d")))
	z3 := writeTestFile(t, filepath.Join(dir, "3.zip"), buildTestZip(t, entry("e")))
	lim := DefaultLimits
	lim.MaxEntries = 3
	ins := collectTest(t, lim, dir)
	wantInputPaths(t, ins, z1+"!/b", z1+"!/d/a", z2, z3+"!/e") // directories are not counted
	wantErrInput(t, ins.Files[2], true, "the archive has 2 entries, more than the 1 left of the limit of 3", "(--max-entries)")
	if ins.Files[2].Size != sizeOnDisk(t, z2) || ins.Files[2].Dir != dir || ins.Files[2].Name != "2.zip" {
		t.Errorf("Size %d, Dir %q, Name %q", ins.Files[2].Size, ins.Files[2].Dir, ins.Files[2].Name)
	}
	wantContent(t, ins.Files[3], []byte("e"))

	// A nested zip with too many entries stands as one input.
	inner := buildTestZip(t, entry("x"), entry("y"), entry("z"))
	n := writeTestFile(t, filepath.Join(t.TempDir(), "n.zip"), buildTestZip(t, entrySpec{name: "inner.zip", data: inner}, entry("o")))
	ins = collectTest(t, lim, n)
	wantInputPaths(t, ins, n+"!/inner.zip", n+"!/o")
	wantErrInput(t, ins.Files[0], true, "the archive has 3 entries, more than the 1 left of the limit of 3", "(--max-entries)")
	wantContent(t, ins.Files[1], []byte("o"))
}

func sizeOnDisk(t *testing.T, p string) int64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

func TestCollectEntryKinds(t *testing.T) {
	data := []byte("entry data")
	crc := crc32.ChecksumIEEE(data)
	inner := buildTestZip(t, entrySpec{name: "x", data: data})
	z := writeTestFile(t, filepath.Join(t.TempDir(), "k.zip"), buildTestZip(t,
		entrySpec{name: "link.xml", data: []byte("/etc/passwd"), mode: fs.ModeSymlink | 0o777},
		rawEntry("encrypted.xml", zip.Store, data, uint64(len(data)), crc, 0x1),
		rawEntry("encrypted.zip", zip.Store, inner, uint64(len(inner)), crc32.ChecksumIEEE(inner), 0x1),
		rawEntry("bzip2.xml", 12, data, uint64(len(data)), crc, 0),
		rawEntry("aes.xml", 99, data, uint64(len(data)), crc, 0),
		rawEntry("stored.xml", zip.Store, data, uint64(len(data)), crc, 0),
		entrySpec{name: "fifo", data: data, mode: fs.ModeNamedPipe | 0o644},
	))
	ins := collectTest(t, Limits{}, z)
	p := func(name string) string { return z + "!/" + name }
	wantInputPaths(t, ins, p("aes.xml"), p("bzip2.xml"), p("encrypted.xml"), p("encrypted.zip"), p("fifo"), p("link.xml"), p("stored.xml"))
	wantErrInput(t, ins.Files[0], false, "compressed with method 99", "not supported")
	wantErrInput(t, ins.Files[1], false, "compressed with method 12", "not supported")
	wantErrInput(t, ins.Files[2], false, "encrypted archive entry")
	wantErrInput(t, ins.Files[3], false, "encrypted archive entry")
	wantContent(t, ins.Files[4], data) // nothing is extracted: a pipe is its content
	wantErrInput(t, ins.Files[5], true, "symbolic link inside an archive", "not followed")
	wantContent(t, ins.Files[6], data)
	for _, in := range ins.Files {
		if in.Size != int64(len(data)) && in.Path != p("encrypted.zip") && in.Path != p("link.xml") {
			t.Errorf("%s: Size %d", in.Path, in.Size)
		}
	}
}

// readChunks reads rc n bytes at a time and returns what it read and the
// error that ended it.
func readChunks(rc io.Reader, n int) ([]byte, error) {
	var out []byte
	buf := make([]byte, n)
	for {
		k, err := rc.Read(buf)
		out = append(out, buf[:k]...)
		if err != nil {
			return out, err
		}
		if len(out) > 1<<30 {
			return out, errors.New("endless")
		}
	}
}

func TestCollectLyingSizes(t *testing.T) {
	data := []byte(strings.Repeat("the content of a document that lies about its size; ", 40))
	if len(data) < 2000 {
		t.Fatal(len(data))
	}
	comp := deflateBytes(t, data)
	crcOf := func(b []byte) uint32 { return crc32.ChecksumIEEE(b) }
	const fewer = 600
	more := uint64(len(data)) + 500
	for _, tc := range []struct {
		entry   entrySpec
		want    []byte // what is read before the error: all of it, or a prefix when !exact
		exact   bool
		refused bool
		words   string
	}{
		{rawEntry("stored-fewer.txt", zip.Store, data, fewer, crcOf(data[:fewer]), 0),
			data[:fewer], true, true, "holds more than the 600 bytes it declares"},
		{rawEntry("deflated-fewer.txt", zip.Deflate, comp, fewer, crcOf(data[:fewer]), 0),
			data[:fewer], true, true, "holds more than the 600 bytes it declares"},
		{rawEntry("deflated-fewer-whole-crc.txt", zip.Deflate, comp, fewer, crcOf(data), 0),
			data[:fewer], true, true, "holds more than the 600 bytes it declares"},
		{rawEntry("deflated-fewer-no-crc.txt", zip.Deflate, comp, fewer, 0, 0),
			data[:fewer], true, true, "holds more than the 600 bytes it declares"},
		{rawEntry("deflated-zero.txt", zip.Deflate, comp, 0, 0, 0),
			nil, true, true, "holds more than the 0 bytes it declares"},
		{rawEntry("stored-more.txt", zip.Store, data, more, crcOf(data), 0),
			data, true, false, fmt.Sprintf("ends before the %d bytes it declares: unexpected EOF", more)},
		{rawEntry("deflated-more.txt", zip.Deflate, comp, more, crcOf(data), 0),
			data, false, false, fmt.Sprintf("ends before the %d bytes it declares: unexpected EOF", more)},
		{rawEntry("deflated-cut.txt", zip.Deflate, comp[:len(comp)/2], uint64(len(data)), crcOf(data), 0),
			data, false, false, "unexpected EOF"},
		{rawEntry("stored-bad-crc.txt", zip.Store, data, uint64(len(data)), crcOf(data)^1, 0),
			data, true, false, "zip: checksum error"},
		{rawEntry("deflated-bad-crc.txt", zip.Deflate, comp, uint64(len(data)), crcOf(data)+1, 0),
			data, true, false, "zip: checksum error"},
		{rawEntry("deflated-garbage.txt", zip.Deflate, noiseBytes(3000, 3), uint64(len(data)), crcOf(data), 0),
			nil, true, false, "flate: corrupt input"},
	} {
		t.Run(tc.entry.raw.Name, func(t *testing.T) {
			z := writeTestFile(t, filepath.Join(t.TempDir(), "l.zip"), buildTestZip(t, tc.entry))
			ins := collectTest(t, Limits{}, z)
			wantInputPaths(t, ins, z+"!/"+tc.entry.raw.Name)
			in := ins.Files[0]
			if in.Err != nil || in.Size != int64(tc.entry.raw.UncompressedSize64) {
				t.Fatalf("Err %v, Size %d", in.Err, in.Size)
			}
			for _, chunk := range []int{1, 7, 512, 1 << 16} {
				rc, err := in.Open()
				if err != nil {
					t.Fatal(err)
				}
				got, err := readChunks(rc, chunk)
				rc.Close()
				if int64(len(got)) > in.Size {
					t.Fatalf("chunks of %d: read %d bytes, more than the %d declared", chunk, len(got), in.Size)
				}
				if err == io.EOF {
					t.Fatalf("chunks of %d: %d bytes then a clean EOF", chunk, len(got))
				}
				wantInputError(t, in, err, tc.refused, tc.words)
				if tc.exact && !bytes.Equal(got, tc.want) || !bytes.HasPrefix(tc.want, got) {
					t.Errorf("chunks of %d: read %d bytes %.30q, want %d", chunk, len(got), got, len(tc.want))
				}
			}
		})
	}

	// The truth read in small chunks still ends cleanly.
	z := writeTestFile(t, filepath.Join(t.TempDir(), "ok.zip"), buildTestZip(t,
		rawEntry("true.txt", zip.Deflate, comp, uint64(len(data)), crcOf(data), 0)))
	in := collectTest(t, Limits{}, z).Files[0]
	for _, chunk := range []int{1, 3, len(data), len(data) + 1} {
		rc, err := in.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := readChunks(rc, chunk)
		rc.Close()
		if err != io.EOF || !bytes.Equal(got, data) {
			t.Errorf("chunks of %d: %d bytes, %v", chunk, len(got), err)
		}
	}
}

func TestCollectCorruptLocalHeader(t *testing.T) {
	good := buildTestZip(t, entrySpec{name: "a.txt", data: []byte("aaaa")}, entrySpec{name: "b.txt", data: []byte("bbbb")})
	bad := bytes.Clone(good)
	copy(bad, "XXXX") // a.txt's local header signature
	z := writeTestFile(t, filepath.Join(t.TempDir(), "c.zip"), bad)
	ins := collectTest(t, Limits{}, z)
	wantInputPaths(t, ins, z+"!/a.txt", z+"!/b.txt")
	_, err := ins.Files[0].Open()
	wantInputError(t, ins.Files[0], err, false, "zip: not a valid zip file")
	wantContent(t, ins.Files[1], []byte("bbbb"))
}

func TestInputsConcurrentOpen(t *testing.T) {
	var entries []entrySpec
	want := map[string][]byte{}
	for i := range 40 {
		name := fmt.Sprintf("d%d/f%02d.txt", i%4, i)
		data := bytes.Repeat([]byte(name+" "), 500+i*37)
		want[name] = data
		entries = append(entries, entrySpec{name: name, data: data, method: uint16(i%2) * zip.Deflate})
	}
	inner := buildTestZip(t, entries[:10]...)
	for _, e := range entries[:10] {
		want["inner.zip!/"+e.name] = e.data
	}
	entries = append(entries, entrySpec{name: "inner.zip", data: inner, method: zip.Deflate})
	z := writeTestFile(t, filepath.Join(t.TempDir(), "c.zip"), buildTestZip(t, entries...))
	ins := collectTest(t, Limits{}, z)
	if len(ins.Files) != 50 {
		t.Fatalf("%d inputs", len(ins.Files))
	}
	// Open every input four times, then read them all at once.
	type reader struct {
		in *Input
		rc io.ReadCloser
	}
	var rs []reader
	for range 4 {
		for _, in := range ins.Files {
			rc, err := in.Open()
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, reader{in, rc})
		}
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, r := range rs {
		wg.Go(func() {
			defer r.rc.Close()
			<-start
			got, err := readChunks(r.rc, 1+i%100)
			name := strings.TrimPrefix(r.in.Path, z+"!/")
			if err != io.EOF || !bytes.Equal(got, want[name]) {
				t.Errorf("%s: %d bytes, %v", r.in.Path, len(got), err)
			}
		})
	}
	close(start)
	wg.Wait()
}

func TestInputError(t *testing.T) {
	cause := fs.ErrPermission
	err := error(&InputError{Path: "a.zip!/x.xml", Refused: true, Err: fmt.Errorf("open: %w", cause)})
	if got := err.Error(); got != "batch: a.zip!/x.xml: open: permission denied" {
		t.Errorf("Error() = %q", got)
	}
	if !errors.Is(err, cause) {
		t.Error("the cause is not wrapped")
	}
	// In Russian the file system's words are Russian too; batch's own
	// are the catalogue's, and the errors they quote as well.
	for in, want := range map[*InputError]string{
		err.(*InputError): "batch: a.zip!/x.xml: отказано в доступе",
		{Path: "b.zip", Err: inErr(zip.ErrFormat, i18n.InputNotZip, detailOf{zip.ErrFormat})}: "batch: b.zip: не читается как zip-архив: архив повреждён, обрезан или это не zip",
		{Path: "b.zip!/c", Err: errors.New("something else")}:                                 "batch: b.zip!/c: something else",
	} {
		if got := in.In(i18n.Russian); got != want {
			t.Errorf("In(ru) = %q, want %q", got, want)
		}
	}
	tooLarge := &Input{Path: "big.sig", Size: MaxSignatureSize + 1}
	if _, err := readSignature(tooLarge); errorIn(err, i18n.Russian) != "big.sig: 268435457 байт — больше допустимого размера файла подписи (256 МиБ)" ||
		err.Error() != "big.sig: 268435457 bytes is larger than a signature file may be (256 MiB)" {
		t.Errorf("a signature too large: %q, %q", errorIn(err, i18n.Russian), err)
	}
}

// fuzzSeeds are small zips of every kind Collect handles.
func fuzzSeeds(tb testing.TB) [][]byte {
	data := []byte("some document content, some document content")
	comp := deflateBytes(tb, data)
	crc := crc32.ChecksumIEEE(data)
	inner := buildTestZip(tb, entrySpec{name: "x.xml", data: data, method: zip.Deflate},
		entrySpec{name: "deep.zip", data: buildTestZip(tb, entrySpec{name: "y", data: []byte("y")})})
	return [][]byte{
		buildTestZip(tb, entrySpec{name: "a/b.xml", data: data, method: zip.Deflate}, entrySpec{name: "a/"},
			entrySpec{name: "c.sig", data: data}),
		buildTestZip(tb, entrySpec{name: "inner.zip", data: inner, method: zip.Deflate}, entrySpec{name: "z", data: data}),
		buildTestZip(tb, entrySpec{name: "../evil", data: data}, entrySpec{name: "/abs", data: data},
			entrySpec{name: `C:\x`, data: data}, entrySpec{name: "n\x00", data: data}, entrySpec{name: "dup", data: data},
			entrySpec{name: "DUP", data: data}, entrySpec{name: "l", data: data, mode: fs.ModeSymlink | 0o777}),
		buildTestZip(tb, rawEntry("fewer", zip.Deflate, comp, 10, crc, 0), rawEntry("more", zip.Store, data, 100, crc, 0),
			rawEntry("enc", zip.Store, data, uint64(len(data)), crc, 1), rawEntry("m", 99, data, uint64(len(data)), crc, 0),
			rawEntry("bomb", zip.Deflate, deflateBytes(tb, make([]byte, 2<<20)), 2<<20, 0, 0)),
		{},
	}
}

func FuzzCollectZip(f *testing.F) {
	for _, seed := range fuzzSeeds(f) {
		f.Add(seed)
	}
	lim := Limits{MaxTotalSize: 256 << 10, MaxEntries: 64, MaxRatio: 100, MaxDepth: 2}
	dir := f.TempDir() // one for all: a worker runs its inputs one by one
	p := filepath.Join(dir, "f.zip")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ins, err := Collect([]string{p}, lim)
		if err != nil {
			t.Fatalf("Collect of an existing file: %v", err)
		}
		defer ins.Close()
		var total int64
		for i, in := range ins.Files {
			if in.Path != p && !strings.HasPrefix(in.Path, p+"!/") {
				t.Fatalf("input %q outside %q", in.Path, p)
			}
			if i > 0 && ins.Files[i-1].Path >= in.Path {
				t.Fatalf("%q listed after %q", in.Path, ins.Files[i-1].Path)
			}
			if !strings.HasSuffix(in.Path, "/"+in.Name) || !strings.HasPrefix(in.Dir, p+"!/") && in.Dir != dir || in.Size < 0 {
				t.Fatalf("%q: Name %q, Dir %q, Size %d", in.Path, in.Name, in.Dir, in.Size)
			}
			if in.Err != nil {
				var ie *InputError
				if !errors.As(in.Err, &ie) || ie.Path != in.Path {
					t.Fatalf("%q: Err %v", in.Path, in.Err)
				}
				continue
			}
			total += in.Size
			rc, err := in.Open()
			if err != nil {
				var ie *InputError
				if !errors.As(err, &ie) || ie.Path != in.Path {
					t.Fatalf("%q: Open: %v", in.Path, err)
				}
				continue
			}
			n, err := io.Copy(io.Discard, rc)
			rc.Close()
			if n > in.Size {
				t.Fatalf("%q: read %d bytes, declared %d", in.Path, n, in.Size)
			}
			var ie *InputError
			if err == nil && n != in.Size || err != nil && (!errors.As(err, &ie) || ie.Path != in.Path) {
				t.Fatalf("%q: read %d bytes, declared %d: %v", in.Path, n, in.Size, err)
			}
		}
		if total > lim.MaxTotalSize {
			t.Fatalf("%d bytes in all, limit %d", total, lim.MaxTotalSize)
		}
		if fis, err := os.ReadDir(dir); err != nil || len(fis) != 1 {
			t.Fatalf("the directory holds %d files, %v", len(fis), err)
		}
	})
}

// TestOpenSwappedForPipe: a file replaced by a named pipe after it was
// listed fails to open instead of blocking the run.
func TestOpenSwappedForPipe(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "act.xml")
	writeTestFile(t, p, []byte("<act/>"))
	ins, err := Collect([]string{dir}, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer ins.Close()
	if err := os.Remove(p); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		rc, err := ins.Files[0].Open()
		if err == nil {
			rc.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		var ie *InputError
		if !errors.As(err, &ie) || ie.Refused || !strings.Contains(err.Error(), "no longer a regular file (a named pipe)") {
			t.Errorf("Open: %v, want an unreadable input that is no longer a regular file", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Open blocks on a named pipe")
	}
}
