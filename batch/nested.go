package batch

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"sync/atomic"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/internal/ctxio"
)

// Zips inside zips cannot be read in place: a deflated entry is not
// seekable, and a zip's directory is at its end. A nested zip is inflated
// once, into memory when small (inMemoryZip, up to maxInMemoryZips held in
// all), else into one anonymous temporary file (removed at once, never
// visible by name; one file descriptor for all), and its entries are read
// from there.
//
// The temporary file is a stack: a nested zip takes the space above the
// zips it is inside, and a Run gives its space back (truncating the file)
// as soon as its entries, and the zips inside it, are checked. A zip four
// levels deep holding thousands of large zips thus needs the space of one
// chain of zips at a time, not of all of them; Limits.MaxTempSize bounds
// that chain. Collect keeps every nested zip until Close, so the bound is
// on all of them together.
//
// Limits.MaxInflate bounds the bytes inflated in all (see inflation).

// region is what a listed archive is read from, released once its
// entries are checked: a zip on disk (file), a nested zip in memory
// (size bytes of collector.inMemory), or one at offset off of the
// temporary file.
type region struct {
	file *os.File
	size int64
	temp bool
	off  int64
}

// errInterrupted stands for a nested zip that the run, interrupted, did
// not open: its entries are not listed, and it is not_checked.
var errInterrupted = inErr(nil, i18n.InputInterrupted)

// inflation counts the bytes inflated from deflated archive entries in one
// listing and the reads of its inputs, against Limits.MaxInflate.
type inflation struct {
	limit int64
	used  atomic.Int64
}

// reserve takes n bytes of the budget, or fails saying which limit.
func (inf *inflation) reserve(n int64) error {
	for {
		used := inf.used.Load()
		if n > inf.limit-used {
			return inErr(nil, i18n.InputMaxInflate, n, used, inf.limit)
		}
		if inf.used.CompareAndSwap(used, used+n) {
			return nil
		}
	}
}

// release gives back n bytes reserved and not inflated.
func (inf *inflation) release(n int64) {
	if n > 0 {
		inf.used.Add(-n)
	}
}

// nested lists the entries of a zip inside a zip, in its place: read into
// memory when small, else into the temporary file, with its declared size
// enforced. It fails when the zip is refused or cannot be read; it then
// stands as one input.
func (c *collector) nested(in *Input, f *zip.File, depth int) error {
	if c.ctx.Err() != nil {
		return &InputError{Path: in.Path, Err: errInterrupted}
	}
	if in.Size < c.lim.memZip {
		if c.inMemory+in.Size > c.lim.memZips {
			c.flushListed() // frees the memory of the zips listed whole
		}
		if c.inMemory+in.Size <= c.lim.memZips {
			return c.nestedInMemory(in, f, depth)
		}
	}
	if in.Size > c.lim.MaxTempSize-c.spillTop {
		what := i18n.InputMaxTempInside
		if c.flush == nil {
			what = i18n.InputMaxTempListed
		}
		return &InputError{Path: in.Path, Refused: true, Err: inErr(nil, what, in.Size, c.spillTop, c.lim.MaxTempSize)}
	}
	rc, err := openEntry(in, f, c.inflate)
	if err != nil {
		return asInputError(in.Path, err)
	}
	defer rc.Close()
	if c.spill == nil {
		tmp, err := os.CreateTemp("", "gostverify-zip-*")
		if err != nil {
			return &InputError{Path: in.Path, Err: inErr(err, i18n.InputTempFile, detailOf{err})}
		}
		os.Remove(tmp.Name())
		c.spill = tmp
		c.closers = append(c.closers, tmp)
	}
	off := c.spillTop
	n, err := io.Copy(io.NewOffsetWriter(c.spill, off), ctxio.Reader(c.ctx, rc))
	if err != nil {
		c.spill.Truncate(off)
		if c.ctx.Err() != nil {
			return &InputError{Path: in.Path, Err: errInterrupted}
		}
		return asInputError(in.Path, err)
	}
	c.spillTop = off + n // before archive, which may take the space above
	group, err := c.archive(in.Path, io.NewSectionReader(c.spill, off, n), n, depth)
	if err != nil {
		c.popTemp(off) // archive failed before listing anything
		return err
	}
	c.listed(group, &region{size: n, temp: true, off: off})
	return nil
}

// nestedInMemory lists a nested zip read into memory.
func (c *collector) nestedInMemory(in *Input, f *zip.File, depth int) error {
	rc, err := openEntry(in, f, c.inflate)
	if err != nil {
		return asInputError(in.Path, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(ctxio.Reader(c.ctx, rc))
	if err != nil {
		if c.ctx.Err() != nil {
			return &InputError{Path: in.Path, Err: errInterrupted}
		}
		return asInputError(in.Path, err)
	}
	size := int64(len(data))
	c.inMemory += size // before archive, which may read zips nested deeper
	group, err := c.archive(in.Path, bytes.NewReader(data), size, depth)
	if err != nil {
		c.inMemory -= size // archive failed before listing anything: data is not kept
		return err
	}
	c.listed(group, &region{size: size})
	return nil
}

// listed records an archive's (or the disk's) inputs, listed whole with
// the zips inside it, and the region they are read from. A run checks
// them at once when the region is in the temporary file, so that its
// space is free for the next zip.
func (c *collector) listed(group []*Input, r *region) {
	c.files = append(c.files, group...)
	if r == nil {
		return
	}
	if c.flush == nil {
		if r.file != nil {
			c.closers = append(c.closers, r.file)
		}
		return // memory and temporary space are kept until Close
	}
	c.held = append(c.held, r)
	if r.temp {
		c.flushListed()
	}
}

// flushListed hands the inputs listed whole to flush, then releases what
// they are read from. It does nothing for Collect.
func (c *collector) flushListed() {
	if c.flush == nil || len(c.files) == 0 && len(c.held) == 0 {
		return
	}
	files, held := c.files, c.held
	c.files, c.held = nil, nil
	c.flush(files)
	for i := len(held) - 1; i >= 0; i-- {
		switch r := held[i]; {
		case r.file != nil:
			r.file.Close()
		case r.temp:
			c.popTemp(r.off)
		default:
			c.inMemory -= r.size
		}
	}
}

// popTemp frees the temporary file from off up: the space of the zip
// there and of any zip above it, all done.
func (c *collector) popTemp(off int64) {
	if off < c.spillTop {
		c.spillTop = off
		c.spill.Truncate(off) // gives the disk blocks back
	}
}
