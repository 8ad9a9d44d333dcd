package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
)

// stream is an indirect object's stream (§7.3.8): its dictionary and
// where its data starts in the file.
type stream struct {
	dict    dict
	dataOff int64
}

// streamData reads and decodes the data of an xref or object stream, the
// only streams this package reads. /Length must be an integer (for an
// xref stream §7.5.8.2 requires it direct; for an object stream a
// reference is resolved in view). The data must be followed by
// "endstream". Filters: none, or FlateDecode with no predictor or a PNG
// predictor (§7.4.4.4), which is what producers use for these streams.
func (d *document) streamData(s *stream, view int) ([]byte, error) {
	data, _, err := d.streamDataEnd(s, view)
	return data, err
}

// streamDataEnd is streamData, also returning the offset just after
// "endstream".
func (d *document) streamDataEnd(s *stream, view int) ([]byte, int64, error) {
	lo, ok := s.dict["Length"]
	if !ok {
		return nil, 0, errorf(BadStream, s.dataOff, "stream without /Length")
	}
	if _, isRef := lo.(ref); isRef && view >= 0 {
		var err error
		if lo, err = d.resolve(view, lo, 0); err != nil {
			return nil, 0, err
		}
	}
	n, ok := lo.(int64)
	if !ok || n < 0 {
		return nil, 0, errorf(BadStream, s.dataOff, "stream /Length is not a non-negative integer")
	}
	if n > d.lim.MaxStreamSize {
		return nil, 0, errorf(TooLarge, s.dataOff, "stream /Length %d over the limit %d", n, d.lim.MaxStreamSize)
	}
	if n > d.size-s.dataOff {
		return nil, 0, errorf(BadStream, s.dataOff, "stream /Length %d runs past the end of the file", n)
	}
	if err := d.spend(n); err != nil {
		return nil, 0, err
	}
	raw := make([]byte, n)
	if _, err := d.r.ReadAt(raw, s.dataOff); err != nil && !(err == io.EOF && len(raw) == int(n)) {
		return nil, 0, err
	}
	c := d.cursor(d.r, d.size, s.dataOff+n, s.dataOff+n+1024, true)
	if err := c.expectKeyword("endstream"); err != nil {
		return nil, 0, errorf(BadStream, s.dataOff+n, "stream data not followed by endstream (wrong /Length)")
	}
	data, err := d.decode(s, raw)
	return data, c.pos, err
}

// spend counts bytes read or decoded for streams against the run's
// budget, so that many streams within the limit each cannot add up.
func (d *document) spend(n int64) error {
	d.streamBudget -= n
	if d.streamBudget < 0 {
		return errorf(TooLarge, -1, "streams read add up to more than the limit")
	}
	return nil
}

func (d *document) decode(s *stream, raw []byte) ([]byte, error) {
	filter, parms := s.dict["Filter"], s.dict["DecodeParms"]
	if a, ok := filter.([]object); ok {
		if len(a) > 1 {
			return nil, errorf(BadStream, s.dataOff, "more than one filter")
		}
		filter = nil
		if len(a) == 1 {
			filter = a[0]
		}
		if pa, ok := parms.([]object); ok && len(pa) == 1 {
			parms = pa[0]
		}
	}
	switch filter {
	case nil:
		if parms != nil {
			return nil, errorf(BadStream, s.dataOff, "/DecodeParms without a filter")
		}
		return raw, nil
	case name("FlateDecode"):
	default:
		return nil, errorf(BadStream, s.dataOff, "unsupported filter %v", filter)
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, &Error{Reason: BadStream, Offset: s.dataOff, Detail: "FlateDecode", Err: err}
	}
	var out bytes.Buffer
	m, err := io.Copy(&out, io.LimitReader(zr, d.lim.MaxStreamSize+1))
	if err != nil {
		return nil, &Error{Reason: BadStream, Offset: s.dataOff, Detail: "FlateDecode", Err: err}
	}
	if m > d.lim.MaxStreamSize {
		return nil, errorf(TooLarge, s.dataOff, "decoded stream over the limit %d", d.lim.MaxStreamSize)
	}
	if err := d.spend(m); err != nil {
		return nil, err
	}
	data := out.Bytes()
	if parms == nil {
		return data, nil
	}
	p, ok := parms.(dict)
	if !ok {
		return nil, errorf(BadStream, s.dataOff, "/DecodeParms is not a dictionary")
	}
	return unpredict(p, data, s.dataOff)
}

// unpredict undoes a PNG predictor (§7.4.4.4, Predictor 10–15: each row
// starts with its own PNG filter type byte). Predictor 1 is none; the
// TIFF predictor (2) is not used for xref and object streams and is
// refused.
func unpredict(p dict, data []byte, off int64) ([]byte, error) {
	get := func(k name, def int64) (int64, error) {
		v, ok := p[k]
		if !ok {
			return def, nil
		}
		n, ok := v.(int64)
		if !ok {
			return 0, errorf(BadStream, off, "/DecodeParms /%s is not an integer", k)
		}
		return n, nil
	}
	pred, err := get("Predictor", 1)
	if err != nil {
		return nil, err
	}
	if pred == 1 {
		return data, nil
	}
	if pred < 10 || pred > 15 {
		return nil, errorf(BadStream, off, "unsupported predictor %d", pred)
	}
	colors, err1 := get("Colors", 1)
	bpc, err2 := get("BitsPerComponent", 8)
	cols, err3 := get("Columns", 1)
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, err
	}
	if colors < 1 || colors > 32 || (bpc != 1 && bpc != 2 && bpc != 4 && bpc != 8 && bpc != 16) || cols < 1 || cols > 1<<20 {
		return nil, errorf(BadStream, off, "bad predictor parameters")
	}
	bpp := int((colors*bpc + 7) / 8)
	rowLen := int((colors*bpc*cols + 7) / 8)
	if len(data)%(rowLen+1) != 0 {
		return nil, errorf(BadStream, off, "predicted data is not whole rows of %d bytes", rowLen+1)
	}
	if len(data) == 0 {
		return data, nil // no rows; a row of the parameters' size could be 64 MiB
	}
	out := make([]byte, 0, len(data)/(rowLen+1)*rowLen)
	prev := make([]byte, rowLen)
	for i := 0; i < len(data); i += rowLen + 1 {
		typ, row := data[i], data[i+1:i+1+rowLen]
		cur := make([]byte, rowLen)
		for j := range row {
			var left, upLeft byte
			if j >= bpp {
				left, upLeft = cur[j-bpp], prev[j-bpp]
			}
			up := prev[j]
			switch typ {
			case 0:
				cur[j] = row[j]
			case 1:
				cur[j] = row[j] + left
			case 2:
				cur[j] = row[j] + up
			case 3:
				cur[j] = row[j] + byte((int(left)+int(up))/2)
			case 4:
				cur[j] = row[j] + paeth(left, up, upLeft)
			default:
				return nil, errorf(BadStream, off, "bad PNG filter type %d", typ)
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// objStm is a decoded object stream (§7.5.7): the objects' numbers and
// their offsets in data.
type objStm struct {
	off  int64 // the stream object's offset in the file
	data []byte
	nums []int
	offs []int64
}

// loadObjStm reads object stream num as the section at index view has
// it (the section whose entry pointed into it).
func (d *document) loadObjStm(view, num int) (*objStm, error) {
	// §7.5.7: an object stream is never itself in an object stream.
	e, _, ok := d.lookup(view, num)
	if !ok || e.typ != 1 {
		return nil, errorf(BadXref, -1, "object stream %d is not an object in the file", num)
	}
	if s, ok := d.objStms[e.off]; ok {
		return s, nil
	}
	if d.loadingStm[e.off] {
		return nil, errorf(BadXref, e.off, "object stream %d contains itself", num)
	}
	d.loadingStm[e.off] = true
	defer delete(d.loadingStm, e.off)
	o, err := d.objectAt(e.off, num, e.gen)
	if err != nil {
		return nil, err
	}
	s, ok := o.(*stream)
	if !ok || s.dict["Type"] != name("ObjStm") {
		return nil, errorf(BadXref, e.off, "object %d is not an object stream", num)
	}
	n, ok1 := s.dict["N"].(int64)
	first, ok2 := s.dict["First"].(int64)
	if !ok1 || !ok2 || n < 0 || first < 0 {
		return nil, errorf(BadStream, e.off, "object stream %d: bad /N or /First", num)
	}
	if n > int64(d.lim.MaxObjects) {
		return nil, errorf(TooManyObjects, e.off, "object stream %d holds %d objects", num, n)
	}
	data, err := d.streamData(s, view)
	if err != nil {
		return nil, err
	}
	if first > int64(len(data)) {
		return nil, errorf(BadStream, e.off, "object stream %d: /First past the data", num)
	}
	os := &objStm{off: e.off, data: data, nums: make([]int, n), offs: make([]int64, n)}
	c := d.cursor(bytes.NewReader(data), int64(len(data)), 0, first, false)
	for i := range n {
		on, err1 := c.readInt("object stream header")
		oo, err2 := c.readInt("object stream header")
		if err := errors.Join(err1, err2); err != nil || on > maxObjNum || oo > int64(len(data))-first {
			return nil, errorf(BadStream, e.off, "object stream %d: bad header", num)
		}
		os.nums[i], os.offs[i] = int(on), first+oo
	}
	// Keep a few decoded streams; objects read from them are cached anyway.
	if len(d.objStms) >= 8 {
		clear(d.objStms)
	}
	d.objStms[e.off] = os
	return os, nil
}
