package batch

import (
	"archive/zip"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// Limits protect a run against hostile archives. They apply to zip
// entries; files on disk are read as they are.
type Limits struct {
	// MaxTotalSize caps the uncompressed bytes of all archive entries
	// together (nested archives count once as an entry and again through
	// their own entries).
	MaxTotalSize int64
	// MaxEntries caps the number of archive entries in all archives.
	MaxEntries int
	// MaxRatio caps an entry's uncompressed size over its compressed
	// size; entries under 1 MiB are exempt (small files compress well).
	MaxRatio int64
	// MaxDepth caps how deep zips nest inside zips: 0 opens no zip found
	// inside a zip.
	MaxDepth int
	// MaxTempSize caps the temporary disk space taken at once by the zips
	// inside zips that are too large to be read into memory (one
	// anonymous file, never visible by name). A run frees a nested zip's
	// space as soon as its entries are checked, so it needs the zips
	// being opened, one inside another, to fit; Collect keeps every
	// nested zip until Close, so all of them must. Zero means
	// DefaultMaxTempSize.
	MaxTempSize int64
	// MaxInflate caps the bytes decompressed from deflated archive
	// entries in all: nested zips as they are opened, and every read of
	// an entry (listing, pairing, verifying) while the inputs are open.
	// It bounds the work an archive of a few kilobytes can ask for. Zero
	// means DefaultMaxInflate.
	MaxInflate int64

	// memZip and memZips replace inMemoryZip and maxInMemoryZips when
	// set (tests).
	memZip, memZips int64
}

// Defaults of the limits. DefaultMaxTempSize and DefaultMaxInflate are
// sized for a laptop: 2 GiB of temporary disk space at most, and 16 GiB
// decompressed (a minute or two of inflating) per run.
const (
	DefaultMaxTempSize = 2 << 30
	DefaultMaxInflate  = 16 << 30
)

// DefaultLimits are the limits of a zero Limits.
var DefaultLimits = Limits{MaxTotalSize: 64 << 30, MaxEntries: 1_000_000, MaxRatio: 1000, MaxDepth: 3,
	MaxTempSize: DefaultMaxTempSize, MaxInflate: DefaultMaxInflate}

// withDefaults is lim with a zero Limits made DefaultLimits, and zero
// MaxTempSize, MaxInflate and test sizes made their defaults.
func (lim Limits) withDefaults() Limits {
	if lim == (Limits{memZip: lim.memZip, memZips: lim.memZips}) {
		lim.MaxTotalSize, lim.MaxEntries, lim.MaxRatio, lim.MaxDepth =
			DefaultLimits.MaxTotalSize, DefaultLimits.MaxEntries, DefaultLimits.MaxRatio, DefaultLimits.MaxDepth
	}
	lim.MaxTempSize = cmp.Or(max(lim.MaxTempSize, 0), DefaultMaxTempSize)
	lim.MaxInflate = cmp.Or(max(lim.MaxInflate, 0), DefaultMaxInflate)
	lim.memZip = cmp.Or(max(lim.memZip, 0), inMemoryZip)
	lim.memZips = cmp.Or(max(lim.memZips, 0), maxInMemoryZips)
	return lim
}

// ratioExempt is the size under which the compression ratio is not
// checked.
const ratioExempt = 1 << 20

// inMemoryZip is the size under which a zip inside a zip is read into
// memory, as long as the zips so held stay under maxInMemoryZips in all;
// the others go to an anonymous temporary file (see nested.go).
const (
	inMemoryZip     = 8 << 20
	maxInMemoryZips = 64 << 20
)

// InputError is why an input cannot be checked.
type InputError struct {
	Path string
	// Refused is set when a limit or an unsafe name refused an archive
	// entry; otherwise the input could not be read.
	Refused bool
	Err     error
}

func (e *InputError) Error() string { return e.In(i18n.English) }

// In says the error in l: batch's own words from the catalogue, and the
// errors of the file system, archive/zip and io as verify.Detail says
// them.
func (e *InputError) In(l i18n.Lang) string {
	return "batch: " + e.Path + ": " + verify.Detail(l, e.Err)
}
func (e *InputError) Unwrap() error { return e.Err }

// Input is one file found under the paths of a run: a file on disk or an
// archive entry.
type Input struct {
	// Path names it: a file system path, with "!/" entering an archive.
	Path string
	// Dir is the scope in which documents and signatures pair: the
	// directory on disk or in the archive.
	Dir string
	// Name is the last element of Path.
	Name string
	// Size is its size in bytes (declared, for an archive entry; Open
	// never yields more).
	Size int64
	// Err, when set, is an *InputError: the input is listed but cannot be
	// opened.
	Err error

	open func() (io.ReadCloser, error)
}

// Open streams the input's content. Any number of inputs may be open at
// once, from any goroutines.
func (in *Input) Open() (io.ReadCloser, error) {
	if in.Err != nil {
		return nil, in.Err
	}
	rc, err := in.open()
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) { // a limit, already saying whose
			return nil, ie
		}
		return nil, &InputError{Path: in.Path, Err: unwrapPathError(err)}
	}
	return rc, nil
}

// Inputs are the files of a run, sorted by Path.
type Inputs struct {
	Files   []*Input
	closers []io.Closer
}

// Close releases the archives the inputs are read from.
func (ins *Inputs) Close() error {
	var errs []error
	for _, c := range ins.closers {
		errs = append(errs, c.Close())
	}
	ins.closers = nil
	return errors.Join(errs...)
}

// collector is the state of one listing: a Collect, or the walk of a Run.
type collector struct {
	ctx     context.Context // once done, no more nested zips are opened
	lim     Limits          // withDefaults
	batch   int             // files on disk flushed at once: flushBatch, or a test's
	closers []io.Closer
	entries int   // archive entries so far
	total   int64 // declared uncompressed bytes of archive entries so far
	inflate *inflation

	inMemory int64    // bytes of the nested zips held in memory
	spill    *os.File // the anonymous temporary file of the other nested zips
	spillTop int64    // bytes of spill in use: a stack, see nested.go

	// flush, when set (a Run), is called with the inputs listed so far,
	// whole folders and archives at a time, as soon as a nested zip in
	// the temporary file is listed, or memory is needed; their archives
	// are released when it returns. Unset (Collect), every input is kept
	// in files, and every archive until Close.
	flush func([]*Input)
	files []*Input  // listed whole, not yet flushed
	held  []*region // the archives files are read from
}

func newCollector(ctx context.Context, lim Limits) *collector {
	lim = lim.withDefaults()
	return &collector{ctx: ctx, lim: lim, inflate: &inflation{limit: lim.MaxInflate}}
}

// Collect lists the files under paths: directories are walked (symbolic
// links to directories found in them are not followed; a path that is one
// is), .zip files are opened and their entries listed, zips inside them
// too, down to lim.MaxDepth. Nothing is extracted to disk; nested zips
// are held in memory or in one anonymous temporary file until Close
// (lim.MaxTempSize bounds it). It fails only when a path itself cannot be
// read; a problem below it becomes an Input with Err set. A zero lim is
// DefaultLimits.
func Collect(paths []string, lim Limits) (*Inputs, error) {
	c := newCollector(context.Background(), lim)
	if err := c.walk(paths); err != nil {
		c.close()
		return nil, err
	}
	slices.SortFunc(c.files, func(a, b *Input) int { return strings.Compare(a.Path, b.Path) })
	return &Inputs{Files: c.files, closers: c.closers}, nil
}

// close releases every archive still open.
func (c *collector) close() {
	for _, r := range c.held {
		if r.file != nil {
			c.closers = append(c.closers, r.file)
		}
	}
	c.held = nil
	(&Inputs{closers: c.closers}).Close()
	c.closers = nil
}

// walk lists paths and hands what it finds to flush as it goes: every
// command-line path is first checked to be readable (so that one that is
// not fails the walk before anything is checked), then each is walked
// folder by folder in name order. A zip is listed and flushed (checked, its
// memory freed) as soon as it is found; the files on disk are flushed in
// batches of about flushBatch files that end at a folder boundary — never
// splitting a folder, nor a folder holding an EDO container's description
// from the folders below it — so that a run holds one batch of inputs at
// a time, whatever the number of files.
func (c *collector) walk(paths []string) error {
	roots, err := commandLine(paths)
	if err != nil {
		return err
	}
	w := &diskWalk{c: c, batch: c.batch}
	if w.batch <= 0 {
		w.batch = flushBatch
	}
	for _, rt := range roots {
		if !rt.fi.IsDir() {
			w.files(rt.path, []string{rt.path}, []statResult{{fi: rt.fi}})
			continue
		}
		dir := rt.path
		if li, err := os.Lstat(dir); err == nil && li.Mode()&fs.ModeSymlink != 0 {
			// A link named on the command line is followed, to a
			// directory too; the paths below it are still "link/x".
			dir += string(filepath.Separator)
		}
		w.dir(rt.path, dir)
	}
	w.flush()
	return nil
}

// flushBatch is about how many files on disk are checked at once: enough
// that the workers are never starved by small folders, few enough that a
// run holds little.
const flushBatch = 4096

// root is a command-line path, cleaned, and what it is.
type root struct {
	path string
	fi   fs.FileInfo // os.Stat's: a link is followed
}

// commandLine checks that every command-line path can be read (a folder
// opened), and returns them cleaned, without those another one's walk
// reaches ("d" and "./d/x", or "d" twice), so that each input is listed
// once, by the same path, whatever the number of paths that reach it.
func commandLine(paths []string) ([]root, error) {
	var all []root
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err == nil && fi.IsDir() {
			var f *os.File
			if f, err = os.Open(p); err == nil {
				f.Close()
			}
		}
		if err != nil {
			return nil, fmt.Errorf("batch: %w", err)
		}
		all = append(all, root{filepath.Clean(p), fi})
	}
	dirs := map[string]bool{}
	for _, r := range all {
		if r.fi.IsDir() {
			dirs[r.path] = true
		}
	}
	var out []root
	named := map[string]bool{}
	for _, r := range all {
		if !named[r.path] && !reached(r.path, dirs) {
			out = append(out, r)
		}
		named[r.path] = true
	}
	return out, nil
}

// reached reports whether the walk of one of dirs lists p or the files
// below it: p is below one of them through real directories only (a walk
// does not follow the links to directories it finds), and is not itself
// a link to a directory (which such a walk lists as refused, and the
// command line follows).
func reached(p string, dirs map[string]bool) bool {
	if li, err := os.Lstat(p); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			return false
		}
	}
	for cur := p; ; {
		parent := filepath.Dir(cur)
		if parent == cur {
			return false
		}
		if dirs[parent] {
			return true
		}
		if li, err := os.Lstat(parent); err != nil || li.Mode()&fs.ModeSymlink != 0 {
			return false
		}
		cur = parent
	}
}

// diskWalk is the walk of the files on disk: the batch being filled.
type diskWalk struct {
	c       *collector
	batch   int      // flushBatch, or a test's
	pending []*Input // whole folders, not yet flushed
	// container is how deep the walk is inside folders that hold an EDO
	// container's description: the batch is not cut there.
	container int
}

// dir lists the folder dir (p as the report names it) and the folders
// below it, each folder's files at once, then its folders in name order.
// Once the run is interrupted the rest is still listed (and reported as
// not checked): every input is in the report.
func (w *diskWalk) dir(p, dir string) {
	list, err := os.ReadDir(dir)
	if err != nil {
		w.pending = append(w.pending, &Input{Path: p, Name: filepath.Base(p), Dir: filepath.Dir(p),
			Err: &InputError{Path: p, Err: unwrapPathError(err)}})
		w.cut()
		return
	}
	var names []string
	var subdirs []string
	described := false
	for _, d := range list {
		if d.IsDir() {
			subdirs = append(subdirs, d.Name())
			continue
		}
		names = append(names, filepath.Join(p, d.Name()))
		if n := d.Name(); n == "packageDescription.xml" || n == "meta.xml" {
			described = true
		}
	}
	if described {
		w.container++
		defer func() { w.container--; w.cut() }()
	}
	w.files(p, names, statAll(names))
	for _, s := range subdirs {
		w.dir(filepath.Join(p, s), filepath.Join(dir, s))
	}
}

// files adds the files of one folder (their paths and os.Stat's), a
// folder at a time, and flushes the batch when it is full.
func (w *diskWalk) files(p string, names []string, stats []statResult) {
	for i, st := range stats {
		q := names[i]
		in := &Input{Path: q, Name: filepath.Base(q), Dir: filepath.Dir(q)}
		switch {
		case st.err != nil:
			in.Err = &InputError{Path: q, Err: unwrapPathError(st.err)}
		case st.fi.IsDir():
			in.Err = &InputError{Path: q, Refused: true, Err: inErr(nil, i18n.InputSymlinkDir)}
		case !st.fi.Mode().IsRegular():
			in.Size = st.fi.Size()
			in.Err = &InputError{Path: q, Err: inErr(nil, i18n.InputNotRegular, fileType(st.fi.Mode()))}
		case isZipName(q):
			// Listed and checked at once; a zip that cannot be opened or
			// is refused stands in the batch as one input.
			w.c.diskZip(diskFile{q, st.fi}, &w.pending)
			w.c.flushListed()
			continue
		default:
			in.Size = st.fi.Size()
			in.open = func() (io.ReadCloser, error) { return openRegular(q) }
		}
		w.pending = append(w.pending, in)
	}
	w.cut()
}

// cut flushes the batch when it is full and ends at a folder boundary
// outside any EDO container.
func (w *diskWalk) cut() {
	if len(w.pending) >= w.batch && w.container == 0 {
		w.flush()
	}
}

// flush hands the batch to the collector.
func (w *diskWalk) flush() {
	if len(w.pending) > 0 {
		w.c.listed(w.pending, nil)
		w.pending = nil
	}
	w.c.flushListed()
}

// diskFile is a file found on disk.
type diskFile struct {
	path string
	fi   fs.FileInfo
}

// statResult is the outcome of one os.Stat.
type statResult struct {
	fi  fs.FileInfo
	err error
}

// statParallel is how many files a folder has before statAll stats them
// on several goroutines.
const statParallel = 64

// statAll stats the paths (following symbolic links) on several
// goroutines: the system calls of a folder of thousands of files overlap.
func statAll(paths []string) []statResult {
	out := make([]statResult, len(paths))
	if len(paths) < statParallel {
		// A small folder: waking goroutines would cost more than the
		// system calls they overlap.
		for i, p := range paths {
			out[i].fi, out[i].err = os.Stat(p)
		}
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(4*runtime.NumCPU(), len(paths)) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(paths); i = int(next.Add(1)) - 1 {
				out[i].fi, out[i].err = os.Stat(paths[i])
			}
		})
	}
	wg.Wait()
	return out
}

// unwrapPathError drops the path an *fs.PathError repeats.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// add lists an input of an archive in the group of its archive.
func add(in *Input, group *[]*Input, seen map[string]bool) {
	seen[in.Path] = true
	if in.Name == "" {
		in.Name = filepath.Base(in.Path)
	}
	if in.Dir == "" {
		in.Dir = filepath.Dir(in.Path)
	}
	*group = append(*group, in)
}

// diskZip lists the entries of a zip on disk; when it cannot be opened or
// is refused, it stands in disk as one input.
func (c *collector) diskZip(z diskFile, disk *[]*Input) {
	in := &Input{Path: z.path, Size: z.fi.Size(), Name: filepath.Base(z.path), Dir: filepath.Dir(z.path)}
	f, err := openRegular(z.path)
	if err != nil {
		in.Err = &InputError{Path: z.path, Err: unwrapPathError(err)}
		*disk = append(*disk, in)
		return
	}
	group, err := c.archive(z.path, f, z.fi.Size(), 0)
	if err != nil {
		f.Close()
		in.Err = err
		*disk = append(*disk, in)
		return
	}
	c.listed(group, &region{file: f})
}

// openRegular opens a file that was a regular file when listed, without
// blocking should it have been replaced by a named pipe since.
func openRegular(p string) (*os.File, error) {
	f, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = inErr(nil, i18n.InputNoLongerRegular, fileType(fi.Mode()))
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// fileType names a file mode that is not a regular file.
func fileType(m fs.FileMode) any {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return i18n.T(i18n.InputNamedPipe)
	case m&fs.ModeSocket != 0:
		return i18n.T(i18n.InputSocket)
	case m&fs.ModeDevice != 0:
		return i18n.T(i18n.InputDevice)
	}
	return m.Type().String()
}

// textError is an input's problem from the catalogue: English as an
// error, in any language as an i18n.Localizer; cause, when set, is what
// it wraps.
type textError struct {
	text  i18n.Text
	cause error
}

func inErr(cause error, m i18n.Message, args ...any) error {
	return &textError{i18n.T(m, args...), cause}
}

func (e *textError) Error() string         { return e.text.String() }
func (e *textError) In(l i18n.Lang) string { return e.text.In(l) }
func (e *textError) Unwrap() error         { return e.cause }

// detailOf is an error quoted in a message of the catalogue: its own
// words in English, verify.Detail's in another language.
type detailOf struct{ err error }

func (d detailOf) In(l i18n.Lang) string { return verify.Detail(l, d.err) }

// isZipName reports whether a file is to be opened as an archive: .zip
// only, since .docx, .xlsx and .odt are zips that are signed as documents.
func isZipName(name string) bool {
	return strings.EqualFold(path.Ext(name), ".zip")
}

// archive lists the entries of the zip at p (read through ra) at nesting
// depth depth and returns them: first every entry of its own, then the
// zips inside it are opened one at a time, depth first. It fails when the
// archive as a whole cannot be read or is refused: it then stands as one
// input.
func (c *collector) archive(p string, ra io.ReaderAt, size int64, depth int) ([]*Input, error) {
	zr, err := zip.NewReader(ra, size)
	// With GODEBUG=zipinsecurepath=0 an unsafe name fails the whole
	// archive; entryName refuses such entries one by one instead.
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return nil, &InputError{Path: p, Err: inErr(err, i18n.InputNotZip, detailOf{err})}
	}
	var files []*zip.File
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "/") { // directories are not inputs
			files = append(files, f)
		}
	}
	if c.entries+len(files) > c.lim.MaxEntries {
		return nil, &InputError{Path: p, Refused: true, Err: inErr(nil, i18n.InputMaxEntries,
			len(files), max(c.lim.MaxEntries-c.entries, 0), c.lim.MaxEntries)}
	}
	c.entries += len(files)
	var group []*Input
	type zipEntry struct {
		in *Input
		f  *zip.File
	}
	var zips []zipEntry
	names := map[string]bool{}
	seen := map[string]bool{} // the paths listed from this archive
	// A folder on disk named "x.zip!" beside x.zip holds files whose paths
	// read as its entries': those entries are listed apart.
	twin := depth == 0 && exists(p+"!")
	taken := func(path string) bool { return seen[path] || twin && exists(path) }
	for _, f := range files {
		name, unsafe := entryName(f.Name)
		in := &Input{Path: p + "!/" + name, Dir: p + "!/" + path.Dir(name), Name: path.Base(name),
			Size: int64(min(f.UncompressedSize64, 1<<62))}
		err := c.refuse(f, name, unsafe, names)
		if taken(in.Path) {
			// A repeated name, or a literal name that reads as an unsafe
			// one quoted: listed apart, since inputs have distinct paths.
			base := in.Path
			for i := 2; taken(in.Path); i++ {
				in.Path = fmt.Sprintf("%s (%d)", base, i)
			}
			in.Name = path.Base(in.Path)
			if err == nil {
				err = inErr(nil, i18n.InputDuplicatePath)
			}
		}
		if err != nil {
			in.Err = &InputError{Path: in.Path, Refused: true, Err: err}
			add(in, &group, seen)
			continue
		}
		names[strings.ToLower(name)] = true
		c.total += in.Size
		if err := readable(f); err != nil {
			in.Err = &InputError{Path: in.Path, Err: err}
			add(in, &group, seen)
			continue
		}
		if isZipName(name) {
			if depth >= c.lim.MaxDepth {
				in.Err = &InputError{Path: in.Path, Refused: true, Err: inErr(nil, i18n.InputMaxDepth, c.lim.MaxDepth)}
				add(in, &group, seen)
				continue
			}
			seen[in.Path] = true // its entries are listed in its place
			zips = append(zips, zipEntry{in, f})
			continue
		}
		in.open = func() (io.ReadCloser, error) { return openEntry(in, f, c.inflate) }
		add(in, &group, seen)
	}
	for _, z := range zips {
		if err := c.nested(z.in, z.f, depth+1); err != nil {
			z.in.Err = err
			group = append(group, z.in)
		}
	}
	return group, nil
}

// exists reports whether a file is at path on disk.
func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// entryName is an archive entry's name with Windows separators made
// slashes, and whether it is unsafe: absolute, with a drive letter, with
// a ".." element or a NUL, or inside a folder named "x.zip!", where its
// path would pass for an entry of a nested zip x.zip. An unsafe name is
// returned quoted, for the report.
func entryName(raw string) (string, bool) {
	name := strings.ReplaceAll(raw, `\`, "/")
	unsafe := strings.HasPrefix(name, "/") || strings.ContainsRune(name, 0) ||
		len(name) >= 2 && name[1] == ':' || name == ""
	elems := strings.Split(name, "/")
	for i, elem := range elems {
		if elem == ".." || i < len(elems)-1 && strings.HasSuffix(elem, "!") && isZipName(strings.TrimSuffix(elem, "!")) {
			unsafe = true
		}
	}
	if unsafe {
		return fmt.Sprintf("%q", raw), true
	}
	return path.Clean(name), false
}

// refuse says why an entry is refused, or nil.
func (c *collector) refuse(f *zip.File, name string, unsafe bool, names map[string]bool) error {
	switch {
	case unsafe:
		return inErr(nil, i18n.InputUnsafeName)
	case f.Mode()&fs.ModeSymlink != 0:
		return inErr(nil, i18n.InputSymlinkEntry)
	case names[strings.ToLower(name)]:
		return inErr(nil, i18n.InputDuplicateName)
	case f.UncompressedSize64 > uint64(c.lim.MaxTotalSize-c.total) || c.total > c.lim.MaxTotalSize:
		return inErr(nil, i18n.InputMaxTotal,
			f.UncompressedSize64, c.lim.MaxTotalSize)
	case f.UncompressedSize64 >= ratioExempt && f.UncompressedSize64/max(f.CompressedSize64, 1) > uint64(c.lim.MaxRatio):
		return inErr(nil, i18n.InputMaxRatio,
			f.UncompressedSize64/max(f.CompressedSize64, 1), f.UncompressedSize64, f.CompressedSize64, c.lim.MaxRatio)
	}
	return nil
}

// readable says why an entry cannot be read, or nil.
func readable(f *zip.File) error {
	switch {
	case f.Flags&0x1 != 0:
		return inErr(nil, i18n.InputEncrypted)
	case f.Method != zip.Store && f.Method != zip.Deflate:
		return inErr(nil, i18n.InputMethod, f.Method)
	}
	return nil
}

// openEntry opens an archive entry, never yielding more than its declared
// size. A deflated entry takes its declared size from inf first (what is
// not read is given back on Close); an entry that would take inf past its
// limit is refused.
func openEntry(in *Input, f *zip.File, inf *inflation) (io.ReadCloser, error) {
	var reserved int64
	if f.Method == zip.Deflate {
		if err := inf.reserve(in.Size); err != nil {
			return nil, &InputError{Path: in.Path, Refused: true, Err: err}
		}
		reserved = in.Size
	}
	rc, err := f.Open()
	if err != nil {
		inf.release(reserved)
		return nil, err
	}
	return &sizedReader{rc: rc, in: in, left: in.Size, inf: inf, reserved: reserved}, nil
}

// sizedReader fails when an entry holds more or less than it declares
// (archive/zip checks this too; the errors here say what they mean).
type sizedReader struct {
	rc   io.ReadCloser
	in   *Input
	left int64
	// inf had reserved bytes for this entry; Close gives back what was
	// not read.
	inf      *inflation
	reserved int64
	closed   bool
}

func (r *sizedReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		// Once the declared size is read, archive/zip fails with
		// ErrFormat on any byte more; the probe reads one.
		n, err := r.rc.Read(p[:min(len(p), 1)])
		if n > 0 || errors.Is(err, zip.ErrFormat) {
			return 0, &InputError{Path: r.in.Path, Refused: true,
				Err: inErr(nil, i18n.InputLonger, r.in.Size)}
		}
		return 0, r.readErr(err)
	}
	if int64(len(p)) > r.left {
		p = p[:r.left]
	}
	n, err := r.rc.Read(p)
	r.left -= int64(n)
	return n, r.readErr(err)
}

func (r *sizedReader) readErr(err error) error {
	switch {
	case err == nil || err == io.EOF:
		return err
	case errors.Is(err, io.ErrUnexpectedEOF) && r.left > 0:
		err = inErr(err, i18n.InputShorter, r.in.Size, detailOf{err})
	}
	return &InputError{Path: r.in.Path, Err: err}
}

func (r *sizedReader) Close() error {
	if !r.closed {
		r.closed = true
		r.inf.release(min(r.left, r.reserved))
	}
	return r.rc.Close()
}

// asInputError keeps an *InputError, wrapping any other error in one.
func asInputError(p string, err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie
	}
	return &InputError{Path: p, Err: err}
}
