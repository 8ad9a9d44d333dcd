package pdf

import (
	"bytes"
	"io"
	"sort"
	"strconv"
	"time"
)

// Signature is one signature dictionary of a PDF (ISO 32000-2 §12.8.1)
// with the field that holds it and where it lies among the file's
// revisions.
type Signature struct {
	Field     string // the field's partial name, its /T
	FullField string // the fully qualified field name (§12.7.4.2): the ancestors' /T and its own, joined by "."
	Type      string // the dictionary's /Type: "Sig", "DocTimeStamp" (PAdES document timestamp), or "" when absent

	Filter, SubFilter string // such as "Adobe.PPKLite" and "ETSI.CAdES.detached" or "adbe.pkcs7.detached"

	ByteRange [4]int64
	// Contents is the CMS as stored in /Contents, with the zero padding
	// after it removed when the bytes start with one complete DER or BER
	// object (definite or indefinite lengths) followed by zeros only;
	// otherwise exactly as stored.
	Contents []byte
	// ContentsOffset and ContentsEnd are where the /Contents string lies in
	// the file, from its "<" to just after its ">"; -1 when it is not in
	// the file's bytes (an object stream).
	ContentsOffset, ContentsEnd int64

	Name, Reason, Location, ContactInfo string // text strings, decoded to UTF-8
	// SigningTime is /M, zero when absent or unparsable; RawM is the
	// string as written. /M is what the signing program says: the CMS
	// signingTime and a timestamp token are what count.
	SigningTime time.Time
	RawM        string

	// Revision is the 1-based revision (the original file, then each
	// incremental update) in which the ByteRange ends; 0 when it ends
	// past the last %%EOF. RevisionEnd is the offset just after that
	// revision's %%EOF and its end-of-line.
	Revision    int
	RevisionEnd int64
	// CoversRevision: the ByteRange covers [0, RevisionEnd) exactly, but
	// for the /Contents string (an end just before the %%EOF's
	// end-of-line counts too).
	CoversRevision bool
	// ModifiedAfter: the file goes on after what the signature covers (a
	// later incremental update, or appended bytes). Whether a later
	// update is an allowed one (a further signature, form filling) is not
	// judged here.
	ModifiedAfter   bool
	CoversWholeFile bool // the ByteRange covers the whole file but for the /Contents string

	// Invalid says why this signature cannot be verified as stored (a
	// *Error, BadByteRange or BadContents), nil otherwise. Signed returns
	// it.
	Invalid error
}

// IsPDF reports whether data starts like a PDF: "%PDF-" within the first
// 1024 bytes.
func IsPDF(head []byte) bool {
	if len(head) > 1024 {
		head = head[:1024]
	}
	return bytes.Contains(head, []byte("%PDF-"))
}

// Signatures finds every signature of the PDF (size bytes at r) in file
// order: the signature fields of each revision's AcroForm whose value is
// a signature dictionary. A signature that a later revision no longer
// lists is found too. A malformed PDF is a *Error naming what is wrong and
// where; a malformed signature dictionary is reported in that
// Signature's Invalid.
func Signatures(r io.ReaderAt, size int64, limits Limits) ([]Signature, error) {
	head := make([]byte, min(size, 1024))
	if _, err := r.ReadAt(head, 0); err != nil && !(err == io.EOF && int64(len(head)) == size) {
		return nil, err
	}
	if !IsPDF(head) {
		return nil, errorf(NotPDF, 0, "no %%PDF- header in the first 1024 bytes")
	}
	d := newDocument(r, size, limits)
	if err := d.readChain(); err != nil {
		return nil, err
	}
	var sigs []Signature
	seen := map[string]bool{}
	// Newest revision first: a field's name is the one the newest
	// revision gives it.
	for i := len(d.revisions) - 1; i >= 0; i-- {
		found, err := d.revisionSignatures(d.revisions[i].first)
		if err != nil {
			return nil, err
		}
		for _, s := range found {
			if !seen[s.key] {
				seen[s.key] = true
				sigs = append(sigs, s.Signature)
			}
		}
	}
	sort.SliceStable(sigs, func(i, j int) bool { return sigs[i].ContentsOffset < sigs[j].ContentsOffset })
	for i := range sigs {
		d.place(&sigs[i])
	}
	return sigs, nil
}

type foundSig struct {
	Signature
	key string // what makes two fields' values the same signature
}

// revisionSignatures walks the AcroForm's field tree of the revision
// whose newest section is view.
func (d *document) revisionSignatures(view int) ([]foundSig, error) {
	t := d.sections[view].trailer
	if _, enc := t["Encrypt"]; enc {
		return nil, errorf(Encrypted, d.sections[view].off, "the trailer has /Encrypt")
	}
	rootRef, ok := t["Root"]
	if !ok {
		return nil, errorf(BadTrailer, d.sections[view].off, "trailer without /Root")
	}
	root, err := d.resolve(view, rootRef, 0)
	if err != nil {
		return nil, err
	}
	cat, ok := root.(dict)
	if !ok {
		return nil, errorf(BadObject, -1, "/Root is not a dictionary")
	}
	af, err := d.resolve(view, cat["AcroForm"], 0)
	if err != nil {
		return nil, err
	}
	form, ok := af.(dict)
	if !ok {
		return nil, nil // no AcroForm (or null): no signature fields
	}
	fo, err := d.resolve(view, form["Fields"], 0)
	if err != nil {
		return nil, err
	}
	fields, ok := fo.([]object)
	if !ok {
		return nil, nil
	}
	w := &walker{d: d, view: view, visited: map[ref]bool{}}
	for _, f := range fields {
		if err := w.field(f, "", "", 1); err != nil {
			return nil, err
		}
	}
	return w.found, nil
}

type walker struct {
	d       *document
	view    int
	visited map[ref]bool
	found   []foundSig
}

// field visits a field and its kids (§12.7.4.1): /FT is inherited, /T
// is the partial name, /V the value.
func (w *walker) field(o object, parent string, ft name, depth int) error {
	d := w.d
	if depth > d.lim.MaxDepth {
		return errorf(TooDeep, -1, "fields nested deeper than %d", d.lim.MaxDepth)
	}
	d.work++
	if d.work > d.lim.MaxObjects {
		return errorf(TooManyObjects, -1, "more objects fetched than the limit %d", d.lim.MaxObjects)
	}
	if r, ok := o.(ref); ok {
		if w.visited[r] {
			return nil // a field reached twice (a cycle through /Kids): once is enough
		}
		w.visited[r] = true
	}
	fo, err := d.resolve(w.view, o, 0)
	if err != nil {
		return err
	}
	f, ok := fo.(dict)
	if !ok {
		return nil // null or junk in /Fields or /Kids: not a field
	}
	if v, ok := f["FT"].(name); ok {
		ft = v
	}
	full := parent
	partial := ""
	if t, ok := f["T"].(*str); ok {
		partial = text(t.b)
		if full != "" {
			full += "."
		}
		full += partial
	}
	if ft == "Sig" {
		if v, ok := f["V"]; ok {
			if err := w.value(v, partial, full); err != nil {
				return err
			}
		}
	}
	kids, err := d.resolve(w.view, f["Kids"], 0)
	if err != nil {
		return err
	}
	ka, _ := kids.([]object)
	for _, k := range ka {
		if err := w.field(k, full, ft, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// value reads a signature field's /V, the signature dictionary.
func (w *walker) value(v object, partial, full string) error {
	d := w.d
	vo, err := d.resolve(w.view, v, 0)
	if err != nil {
		return err
	}
	sd, ok := vo.(dict)
	if !ok {
		return nil // a signature field not signed yet has no /V or a null one
	}
	s := Signature{Field: partial, FullField: full, ContentsOffset: -1, ContentsEnd: -1}
	if t, ok := sd["Type"].(name); ok {
		s.Type = string(t)
	}
	if f, ok := sd["Filter"].(name); ok {
		s.Filter = string(f)
	}
	if f, ok := sd["SubFilter"].(name); ok {
		s.SubFilter = string(f)
	}
	s.Name = d.textEntry(w.view, sd, "Name")
	s.Reason = d.textEntry(w.view, sd, "Reason")
	s.Location = d.textEntry(w.view, sd, "Location")
	s.ContactInfo = d.textEntry(w.view, sd, "ContactInfo")
	s.RawM = d.textEntry(w.view, sd, "M")
	s.SigningTime, _ = parseDate(s.RawM)

	key := ""
	if r, ok := v.(ref); ok {
		key = "ref " + strconv.Itoa(r.num) + " " + strconv.Itoa(r.gen)
	}
	co, err := d.resolve(w.view, sd["Contents"], 0)
	if err != nil {
		return err
	}
	switch c := co.(type) {
	case *str:
		s.Contents = c.b
		s.ContentsOffset, s.ContentsEnd = c.off, c.end
		if c.off >= 0 {
			key = "at " + strconv.FormatInt(c.off, 10)
		}
		switch {
		case !c.hex:
			s.Invalid = errorf(BadContents, c.off, "/Contents is not a hexadecimal string")
		case c.off < 0:
			s.Invalid = errorf(BadContents, -1, "/Contents is in an object stream, where no ByteRange can leave it out")
		case allZero(c.b):
			s.Invalid = errorf(BadContents, c.off, "/Contents is all zeros: the signature was never written")
		default:
			s.Contents = trimPadding(c.b, d.lim.MaxDepth)
		}
	default:
		s.Invalid = errorf(BadContents, -1, "no /Contents string")
	}
	if key == "" {
		return nil // a direct dictionary not in the file's bytes: nothing to tell it apart, nothing to verify
	}
	br, err := d.resolve(w.view, sd["ByteRange"], 0)
	if err != nil {
		return err
	}
	a, ok := br.([]object)
	if !ok || len(a) != 4 {
		s.Invalid = firstErr(s.Invalid, errorf(BadByteRange, s.ContentsOffset, "/ByteRange is not an array of four integers"))
	} else {
		for i, e := range a {
			n, ok := e.(int64)
			if !ok || n < 0 {
				s.Invalid = firstErr(s.Invalid, errorf(BadByteRange, s.ContentsOffset, "/ByteRange is not four non-negative integers"))
				break
			}
			s.ByteRange[i] = n
		}
	}
	if s.Invalid == nil {
		s.Invalid = checkByteRange(s.ByteRange, s.ContentsOffset, s.ContentsEnd, d.size)
	}
	w.found = append(w.found, foundSig{Signature: s, key: key})
	return nil
}

func firstErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// textEntry returns a text string entry (§7.9.2.2) decoded to UTF-8, ""
// when absent or not a string.
func (d *document) textEntry(view int, sd dict, k name) string {
	o, err := d.resolve(view, sd[k], 0)
	if err != nil {
		return ""
	}
	if s, ok := o.(*str); ok {
		return text(s.b)
	}
	return ""
}

// checkByteRange checks a ByteRange against the file: it starts at 0,
// no number is negative, its hole is exactly the /Contents string, and
// the second range ends inside the file. Signed relies on it alone for a
// Signature its caller made.
func checkByteRange(br [4]int64, cOff, cEnd, size int64) error {
	a, b, c, n := br[0], br[1], br[2], br[3]
	switch {
	case a != 0:
		return errorf(BadByteRange, cOff, "/ByteRange %v does not start at 0", br)
	case b < 0 || c < 0 || n < 0:
		return errorf(BadByteRange, cOff, "/ByteRange %v has a negative number", br)
	case b > size || c > size || n > size || b > c:
		return errorf(BadByteRange, cOff, "/ByteRange %v overlaps or lies outside the file of %d bytes", br, size)
	case c+n > size:
		return errorf(BadByteRange, cOff, "/ByteRange %v runs past the end of the file of %d bytes", br, size)
	case cOff < 0 || b != cOff || c != cEnd:
		return errorf(BadByteRange, cOff, "/ByteRange %v: the hole is not exactly the /Contents string at %d..%d", br, cOff, cEnd)
	}
	return nil
}

// place fills in the revision fields of s.
func (d *document) place(s *Signature) {
	if s.Invalid != nil {
		return
	}
	end := s.ByteRange[2] + s.ByteRange[3]
	last := d.revisions[len(d.revisions)-1]
	for _, r := range d.revisions {
		if end <= r.end {
			s.Revision, s.RevisionEnd = r.number, r.end
			s.CoversRevision = end == r.end || end == r.eofAt
			s.ModifiedAfter = end < d.size && !(r.number == last.number && end == r.eofAt && r.end == d.size)
			break
		}
	}
	if s.Revision == 0 {
		s.ModifiedAfter = end < d.size
	}
	s.CoversWholeFile = end == d.size
}

// Signed streams the bytes the signature covers, the two ranges of its
// ByteRange, from r (size bytes, the file Signatures read): for hashing
// without reading the file into memory. An invalid ByteRange
// (overlapping, outside the file, a hole that is not exactly the
// /Contents string) is a *Error.
func (s *Signature) Signed(r io.ReaderAt, size int64) (io.Reader, error) {
	if s.Invalid != nil {
		return nil, s.Invalid
	}
	if err := checkByteRange(s.ByteRange, s.ContentsOffset, s.ContentsEnd, size); err != nil {
		return nil, err
	}
	br := s.ByteRange
	return io.MultiReader(io.NewSectionReader(r, br[0], br[1]), io.NewSectionReader(r, br[2], br[3])), nil
}
