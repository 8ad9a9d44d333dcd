package pdf

import (
	"bytes"
	"io"
	"sort"
)

// Limits bound what a hostile file can make Signatures do. Zero fields
// take the defaults.
type Limits struct {
	// MaxObjects bounds xref entries (all sections together), objects
	// fetched, signature fields visited and the objects inside one
	// object. Default 1 << 20.
	MaxObjects int
	// MaxDepth bounds the nesting of arrays and dictionaries, chains of
	// references and the depth of the field tree. Default 64.
	MaxDepth int
	// MaxStreamSize bounds one xref or object stream, raw and decoded
	// (no other stream is read). Default 64 MiB. All streams read add up
	// to at most 4 × MaxStreamSize.
	MaxStreamSize int64
	// MaxContents bounds one string, so one signature's /Contents
	// (decoded). Default 8 MiB. All strings read add up to at most
	// 8 × MaxContents.
	MaxContents int64
}

func (l Limits) withDefaults() Limits {
	if l.MaxObjects <= 0 {
		l.MaxObjects = 1 << 20
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = 64
	}
	if l.MaxStreamSize <= 0 {
		l.MaxStreamSize = 64 << 20
	}
	if l.MaxContents <= 0 {
		l.MaxContents = 8 << 20
	}
	return l
}

// xrefEntry is one cross-reference entry (§7.5.4, §7.5.8.3): typ 0 free,
// 1 at offset off with generation gen, 2 the idx-th object of object
// stream stm.
type xrefEntry struct {
	typ byte
	gen int
	off int64
	stm int
	idx int
}

// section is one cross-reference section with its trailer: an xref
// table (with a hybrid file's /XRefStm entries after its own) or an xref
// stream.
type section struct {
	off     int64
	entries map[int]xrefEntry
	extra   map[int]xrefEntry // from /XRefStm, searched after entries
	trailer dict
	prev    int64 // -1 when none
	eofEnd  int64 // just after "%%EOF" and one end-of-line; -1 when none
	eofAt   int64 // just after "%%EOF"
}

// revision is one revision of the file: the original or one incremental
// update. first is its newest section in document.sections (the view
// that sees the file as that revision left it).
type revision struct {
	first  int
	end    int64 // eofEnd of the revision
	eofAt  int64
	number int // 1-based, in file order
}

type document struct {
	r            io.ReaderAt
	size         int64
	lim          Limits
	sections     []*section        // the trailer chain, newest first
	revisions    []revision        // in file order
	entries      int               // xref entries read, all sections
	work         int               // objects fetched and fields visited
	strBudget    int64             // string bytes left for the run
	streamBudget int64             // stream bytes left for the run
	scanBudget   int64             // bytes the parser may read, all objects together
	objStms      map[int64]*objStm // by the stream's offset
	loadingStm   map[int64]bool
	cache        map[xrefEntry]object
}

func newDocument(r io.ReaderAt, size int64, lim Limits) *document {
	lim = lim.withDefaults()
	return &document{
		r: r, size: size, lim: lim,
		strBudget:    8 * lim.MaxContents,
		streamBudget: 4 * lim.MaxStreamSize,
		// Objects may overlap (one's string or comment holding the next
		// ones' headers): without this bound, fetching each would read
		// the rest of the file again.
		scanBudget: 256<<20 + 2*size,
		objStms:    map[int64]*objStm{},
		loadingStm: map[int64]bool{},
		cache:      map[xrefEntry]object{},
	}
}

// cursor is a cursor that counts what it reads against the run's budget.
func (d *document) cursor(r io.ReaderAt, size, pos, limit int64, inFile bool) *cursor {
	c := newCursor(r, size, pos, limit, inFile)
	c.budget = &d.scanBudget
	return c
}

// parser returns a parser over c within the document's limits; the
// strings it reads are charged to the run's budget as they are read.
func (d *document) parser(c *cursor) *parser {
	return &parser{c: c, maxDepth: d.lim.MaxDepth, maxStr: d.lim.MaxContents, strLeft: &d.strBudget, budget: d.lim.MaxObjects}
}

// objectLimit is how far from its start an indirect object's text may
// run: a signature dictionary holds /Contents in hex, twice MaxContents.
func (d *document) objectLimit(off int64) int64 {
	l := off + 2*d.lim.MaxContents + 1<<20
	if l < off || l > d.size {
		return d.size
	}
	return l
}

// readChain reads the trailer chain from the last startxref back through
// /Prev (§7.5.5, §7.5.6), and groups the sections into revisions.
func (d *document) readChain() error {
	start, err := d.lastStartxref()
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for off := start; off >= 0; {
		if seen[off] {
			return errorf(BadTrailer, off, "/Prev chain loops")
		}
		seen[off] = true
		if len(d.sections) >= d.lim.MaxObjects {
			return errorf(TooManyObjects, off, "more xref sections than the limit")
		}
		s, err := d.readSection(off, true)
		if err != nil {
			return err
		}
		d.sections = append(d.sections, s)
		off = s.prev
	}
	d.groupRevisions()
	return nil
}

// groupRevisions makes the revisions. An incremental update's /Prev
// points back, to an earlier offset. A linearized file's first-page
// section (Annex F) has a /Prev that points forward, to the main section
// at the end of the same revision: the two are one revision, which ends
// at the main section's %%EOF.
func (d *document) groupRevisions() {
	var revs []revision
	for i := 0; i < len(d.sections); {
		r := revision{first: i, end: d.sections[i].eofEnd, eofAt: d.sections[i].eofAt}
		j := i
		for j+1 < len(d.sections) && d.sections[j].prev > d.sections[j].off {
			j++
			if d.sections[j].eofEnd > r.end {
				r.end, r.eofAt = d.sections[j].eofEnd, d.sections[j].eofAt
			}
		}
		revs = append(revs, r)
		i = j + 1
	}
	sort.SliceStable(revs, func(a, b int) bool { return revs[a].end < revs[b].end })
	for i := range revs {
		revs[i].number = i + 1
	}
	d.revisions = revs
}

// lastStartxref finds the last "startxref N %%EOF" in the final 64 KiB of
// the file. Acrobat looks in the last 1024 bytes; we look further so that
// bytes appended after a signed file are reported as such rather than
// making the file unreadable.
func (d *document) lastStartxref() (int64, error) {
	const tail = 64 << 10
	from := max(d.size-tail, 0)
	buf := make([]byte, d.size-from)
	if _, err := d.r.ReadAt(buf, from); err != nil && !(err == io.EOF && len(buf) == int(d.size-from)) {
		return 0, err
	}
	i := bytes.LastIndex(buf, []byte("startxref"))
	if i < 0 {
		return 0, errorf(NotPDF, -1, "no startxref in the last %d bytes", tail)
	}
	c := d.cursor(d.r, d.size, from+int64(i)+9, d.size, true)
	off, err := c.readInt("startxref")
	if err != nil {
		return 0, retag(err, BadTrailer)
	}
	if err := d.expectEOF(c); err != nil {
		return 0, err
	}
	if off >= d.size {
		return 0, errorf(BadTrailer, from+int64(i), "startxref %d is past the end of the file", off)
	}
	return off, nil
}

// retag gives a parse error of the structure layer its own reason.
func retag(err error, r Reason) error {
	if e, ok := err.(*Error); ok && e.Reason == BadObject {
		e2 := *e
		e2.Reason = r
		return &e2
	}
	return err
}

// expectEOF reads white space and "%%EOF" (§7.5.5) and one end-of-line
// after it, and returns where the marker ends.
func (d *document) expectEOF(c *cursor) error {
	for {
		b, err := c.peek()
		if err != nil {
			return errorf(BadTrailer, c.off(), "no %%%%EOF after startxref")
		}
		if !isSpace(b) {
			break
		}
		c.pos++
	}
	at := c.pos
	for _, want := range []byte("%%EOF") {
		if b, err := c.next(); err != nil || b != want {
			return errorf(BadTrailer, at, "no %%%%EOF after startxref")
		}
	}
	return nil
}

// eofEnd is the end of a %%EOF marker at c (just read) with one
// end-of-line (CRLF, LF or CR) if there is one.
func eofEnd(c *cursor) int64 {
	if b, err := c.peek(); err == nil {
		switch b {
		case '\r':
			c.pos++
			if b, err := c.peek(); err == nil && b == '\n' {
				c.pos++
			}
		case '\n':
			c.pos++
		}
	}
	return c.pos
}

// readSection reads the xref table or stream at off and its trailer. In
// the chain (inChain), a section other than a linearized file's
// first-page one must be followed by startxref and %%EOF.
func (d *document) readSection(off int64, inChain bool) (*section, error) {
	// An xref table has 20 bytes an entry, and the entries are bounded by
	// MaxObjects: no limit of its own.
	c := d.cursor(d.r, d.size, off, d.size, true)
	if err := c.skipSpace(); err != nil {
		return nil, errorf(BadXref, off, "startxref or /Prev points at nothing")
	}
	s := &section{off: off, prev: -1, eofEnd: -1, eofAt: -1}
	if b, _ := c.peek(); b == 'x' {
		if err := d.readTable(c, s); err != nil {
			return nil, err
		}
	} else if err := d.readXrefStream(c, s); err != nil {
		return nil, err
	}
	if p, ok := s.trailer["Prev"]; ok {
		n, ok := p.(int64)
		if !ok || n < 0 || n >= d.size {
			return nil, errorf(BadTrailer, off, "/Prev is not an offset in the file")
		}
		s.prev = n
	}
	if !inChain {
		return s, nil
	}
	if x, ok := s.trailer["XRefStm"]; ok {
		n, ok := x.(int64)
		if !ok || n < 0 || n >= d.size {
			return nil, errorf(BadTrailer, off, "/XRefStm is not an offset in the file")
		}
		hs, err := d.readSection(n, false)
		if err != nil {
			return nil, err
		}
		s.extra = hs.entries
	}
	// After the section: "startxref N %%EOF". A linearized file's
	// first-page section (its /Prev points forward) may be followed by
	// the first page's objects instead.
	save := c.pos
	if err := c.expectKeyword("startxref"); err != nil {
		if s.prev > off {
			c.pos = save
			return s, nil
		}
		return nil, errorf(BadTrailer, save, "no startxref after the xref section")
	}
	if _, err := c.readInt("startxref"); err != nil {
		return nil, retag(err, BadTrailer)
	}
	if err := d.expectEOF(c); err != nil {
		return nil, err
	}
	s.eofAt = c.pos
	s.eofEnd = eofEnd(c)
	return s, nil
}

// addEntry counts an entry against MaxObjects.
func (d *document) addEntry(m map[int]xrefEntry, num int64, e xrefEntry, at int64) error {
	d.entries++
	if d.entries > d.lim.MaxObjects {
		return errorf(TooManyObjects, at, "more xref entries than the limit %d", d.lim.MaxObjects)
	}
	if num < 0 || num > maxObjNum {
		return errorf(BadXref, at, "object number %d out of range", num)
	}
	if _, dup := m[int(num)]; !dup {
		m[int(num)] = e
	}
	return nil
}

// readTable reads "xref", its subsections (§7.5.4) and "trailer << >>".
func (d *document) readTable(c *cursor, s *section) error {
	if err := c.expectKeyword("xref"); err != nil {
		return retag(err, BadXref)
	}
	s.entries = map[int]xrefEntry{}
	for {
		if err := c.skipSpace(); err != nil {
			return errorf(BadXref, c.off(), "xref table not followed by a trailer")
		}
		if b, _ := c.peek(); b < '0' || b > '9' {
			break
		}
		at := c.off()
		first, err1 := c.readInt("xref subsection")
		count, err2 := c.readInt("xref subsection")
		if err1 != nil || err2 != nil {
			return errorf(BadXref, at, "bad xref subsection header")
		}
		if count > int64(d.lim.MaxObjects) || first > maxObjNum || first+count > maxObjNum {
			return errorf(TooManyObjects, at, "xref subsection of %d entries", count)
		}
		for i := range count {
			at := c.off()
			o, err1 := c.readInt("xref entry")
			g, err2 := c.readInt("xref entry")
			if err := c.skipSpace(); err1 != nil || err2 != nil || err != nil {
				return errorf(BadXref, at, "bad xref entry")
			}
			kw, err := c.keyword(1)
			if err != nil || (string(kw) != "n" && string(kw) != "f") || g > 65535 {
				return errorf(BadXref, at, "bad xref entry")
			}
			e := xrefEntry{typ: 0, gen: int(g)}
			if kw[0] == 'n' {
				if o >= d.size {
					return errorf(BadXref, at, "object %d: offset %d past the end of the file", first+i, o)
				}
				e.typ, e.off = 1, o
			}
			if err := d.addEntry(s.entries, first+i, e, at); err != nil {
				return err
			}
		}
	}
	if err := c.expectKeyword("trailer"); err != nil {
		return retag(err, BadTrailer)
	}
	p := d.parser(c)
	if err := c.skipSpace(); err != nil {
		return errorf(BadTrailer, c.off(), "no trailer dictionary")
	}
	at := c.off()
	o, err := p.object(0)
	if err != nil {
		return retag(err, BadTrailer)
	}
	t, ok := o.(dict)
	if !ok {
		return errorf(BadTrailer, at, "trailer is not a dictionary")
	}
	s.trailer = t
	return nil
}

// readXrefStream reads an xref stream (§7.5.8): "N G obj << /Type /XRef
// ... >> stream ... endstream endobj".
func (d *document) readXrefStream(c *cursor, s *section) error {
	at := c.pos
	o, err := d.indirect(c, -1, -1)
	if err != nil {
		return retag(err, BadXref)
	}
	st, ok := o.(*stream)
	if !ok || st.dict["Type"] != name("XRef") {
		return errorf(BadXref, at, "startxref or /Prev points at neither an xref table nor an xref stream")
	}
	s.trailer = st.dict
	data, end, err := d.streamDataEnd(st, -1)
	if err != nil {
		return err
	}
	c.pos = end
	if err := c.expectKeyword("endobj"); err != nil {
		return errorf(BadXref, end, "xref stream not closed by endobj")
	}
	size, ok := st.dict["Size"].(int64)
	if !ok || size < 0 || size > maxObjNum {
		return errorf(BadXref, at, "xref stream without a valid /Size")
	}
	wa, ok := st.dict["W"].([]object)
	if !ok || len(wa) != 3 {
		return errorf(BadXref, at, "xref stream /W is not three integers")
	}
	var w [3]int
	row := 0
	for i, v := range wa {
		n, ok := v.(int64)
		if !ok || n < 0 || n > 8 {
			return errorf(BadXref, at, "xref stream /W is not three integers from 0 to 8")
		}
		w[i] = int(n)
		row += int(n)
	}
	if row == 0 {
		return errorf(BadXref, at, "xref stream /W is all zero")
	}
	index := []object{int64(0), size}
	if ix, ok := st.dict["Index"]; ok {
		if index, ok = ix.([]object); !ok || len(index)%2 != 0 {
			return errorf(BadXref, at, "xref stream /Index is not pairs of integers")
		}
	}
	s.entries = map[int]xrefEntry{}
	pos := 0
	for i := 0; i < len(index); i += 2 {
		first, ok1 := index[i].(int64)
		count, ok2 := index[i+1].(int64)
		if !ok1 || !ok2 || first < 0 || count < 0 || first > maxObjNum || count > maxObjNum-first {
			return errorf(BadXref, at, "xref stream /Index is not pairs of non-negative integers")
		}
		if count > int64(d.lim.MaxObjects) {
			return errorf(TooManyObjects, at, "xref stream subsection of %d entries", count)
		}
		if count*int64(row) > int64(len(data)-pos) {
			return errorf(BadXref, at, "xref stream data shorter than /Index and /W say")
		}
		for j := range count {
			f := func(k int) int64 {
				var v int64
				for range w[k] {
					v = v<<8 | int64(data[pos])
					pos++
				}
				return v
			}
			typ := int64(1) // §7.5.8.2: type 1 when W[0] is 0
			if w[0] > 0 {
				typ = f(0)
			}
			f1, f2 := f(1), f(2)
			var e xrefEntry
			switch typ {
			case 0:
				e = xrefEntry{typ: 0}
			case 1:
				if f1 < 0 || f1 >= d.size || f2 > 65535 {
					return errorf(BadXref, at, "xref stream: object %d at offset %d past the end of the file", first+j, f1)
				}
				e = xrefEntry{typ: 1, off: f1, gen: int(f2)}
			case 2:
				if f1 <= 0 || f1 > maxObjNum || f2 > int64(d.lim.MaxObjects) {
					return errorf(BadXref, at, "xref stream: bad compressed entry for object %d", first+j)
				}
				e = xrefEntry{typ: 2, stm: int(f1), idx: int(f2)}
			default:
				// §7.5.8.3: other types are references to the null object.
				e = xrefEntry{typ: 0}
			}
			if err := d.addEntry(s.entries, first+j, e, at); err != nil {
				return err
			}
		}
	}
	return nil
}

// indirect reads "N G obj object endobj" or "N G obj dict stream" at c.
// num and gen, when not -1, must be what the header says.
func (d *document) indirect(c *cursor, num, gen int) (object, error) {
	at := c.off()
	n, err1 := c.readInt("object header")
	g, err2 := c.readInt("object header")
	err3 := c.expectKeyword("obj")
	if err1 != nil || err2 != nil || err3 != nil {
		if num >= 0 {
			return nil, errorf(BadXref, at, "xref points object %d %d here, where there is no \"N G obj\"", num, gen)
		}
		return nil, errorf(BadObject, at, "no \"N G obj\" here")
	}
	if num >= 0 && (n != int64(num) || g != int64(gen)) {
		return nil, errorf(BadXref, at, "xref points object %d %d at \"%d %d obj\"", num, gen, n, g)
	}
	p := d.parser(c)
	o, err := p.object(0)
	if err != nil {
		return nil, err
	}
	if err := c.skipSpace(); err != nil {
		return nil, errorf(BadObject, c.off(), "object %d not closed by endobj", n)
	}
	kwAt := c.pos
	kw, err := c.keyword(9)
	if err != nil {
		return nil, c.endError(err, "endobj")
	}
	switch string(kw) {
	case "endobj":
		return o, nil
	case "stream":
		sd, ok := o.(dict)
		if !ok {
			return nil, errorf(BadObject, kwAt, "stream after a non-dictionary")
		}
		// §7.3.8.1: "stream" is followed by CRLF or LF.
		b, err := c.next()
		if err == nil && b == '\r' {
			b, err = c.next()
		}
		if err != nil || b != '\n' {
			return nil, errorf(BadObject, kwAt, "stream keyword not followed by an end-of-line")
		}
		return &stream{dict: sd, dataOff: c.pos}, nil
	}
	return nil, errorf(BadObject, kwAt, "object %d not closed by endobj", n)
}

// objectAt reads the indirect object num gen at off.
func (d *document) objectAt(off int64, num, gen int) (object, error) {
	c := d.cursor(d.r, d.size, off, d.objectLimit(off), true)
	return d.indirect(c, num, gen)
}

// lookup finds object num as the revision seen from view (an index in
// d.sections) has it: the newest section at or after view that lists it.
// It also returns the index of that section.
func (d *document) lookup(view, num int) (xrefEntry, int, bool) {
	for i, s := range d.sections[view:] {
		if e, ok := s.entries[num]; ok && (e.typ != 0 || s.extra == nil) {
			return e, view + i, e.typ != 0
		}
		// §7.5.8.4: a hybrid file's table lists the objects of its
		// /XRefStm as free, or not at all.
		if e, ok := s.extra[num]; ok {
			return e, view + i, e.typ != 0
		}
		if _, ok := s.entries[num]; ok {
			return xrefEntry{}, -1, false
		}
	}
	return xrefEntry{}, -1, false
}

// fetch returns the object r refers to as view sees it; a free or
// missing object is null (§7.3.10).
func (d *document) fetch(view int, r ref) (object, error) {
	e, at, ok := d.lookup(view, r.num)
	if !ok {
		return nil, nil
	}
	if e.typ == 1 && e.gen != r.gen {
		return nil, nil // another generation: the reference is to a deleted object
	}
	if e.typ == 2 && r.gen != 0 {
		return nil, nil
	}
	var os *objStm
	key := e // the cache key: offset and generation, or the object stream's offset and index
	if e.typ == 2 {
		var err error
		if os, err = d.loadObjStm(at, e.stm); err != nil {
			return nil, err
		}
		key = xrefEntry{typ: 2, off: os.off, idx: e.idx}
	}
	if o, ok := d.cache[key]; ok {
		return o, nil
	}
	d.work++
	if d.work > d.lim.MaxObjects {
		return nil, errorf(TooManyObjects, -1, "more objects fetched than the limit %d", d.lim.MaxObjects)
	}
	var o object
	var err error
	if e.typ == 1 {
		o, err = d.objectAt(e.off, r.num, r.gen)
	} else {
		if e.idx >= len(os.nums) || os.nums[e.idx] != r.num {
			return nil, errorf(BadXref, -1, "object %d is not at index %d of object stream %d", r.num, e.idx, e.stm)
		}
		c := d.cursor(bytes.NewReader(os.data), int64(len(os.data)), os.offs[e.idx], int64(len(os.data)), false)
		o, err = d.parser(c).object(0)
	}
	if err != nil {
		return nil, err
	}
	d.cache[key] = o
	return o, nil
}

// resolve follows references from o (at most MaxDepth of them).
func (d *document) resolve(view int, o object, depth int) (object, error) {
	for {
		r, ok := o.(ref)
		if !ok {
			return o, nil
		}
		depth++
		if depth > d.lim.MaxDepth {
			return nil, errorf(TooDeep, -1, "references chained deeper than %d", d.lim.MaxDepth)
		}
		var err error
		if o, err = d.fetch(view, r); err != nil {
			return nil, err
		}
	}
}
