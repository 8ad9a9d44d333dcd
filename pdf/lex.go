package pdf

import (
	"errors"
	"fmt"
	"io"
	"strconv"
)

// The objects of ISO 32000-2 §7.3 as this package holds them: nil (null),
// bool, int64 (integer), float64 (real), name, *str, []object (array),
// dict, ref. A stream is an indirect object's dictionary followed by data;
// see stream.
type (
	object = any
	name   string
	dict   map[name]object
	ref    struct{ num, gen int }
	// str is a string object with where it lies in the file (off..end,
	// delimiters included) when it was read from the file itself; off is
	// -1 for a string read from a decompressed object stream.
	str struct {
		b        []byte
		hex      bool
		off, end int64
	}
)

// cursor reads bytes from r through a small window. It never reads at or
// past limit: an object running into limit while the file goes on is
// TooLarge, one running into the end of the file is BadObject.
type cursor struct {
	r      io.ReaderAt
	size   int64 // bytes of r
	limit  int64 // reads stop here (<= size)
	pos    int64
	buf    []byte
	bufOff int64
	inFile bool   // offsets are file offsets (false inside an object stream)
	budget *int64 // bytes left to read for the run, or nil
}

const windowSize = 16 << 10

func newCursor(r io.ReaderAt, size, pos, limit int64, inFile bool) *cursor {
	if limit > size || limit < 0 {
		limit = size
	}
	return &cursor{r: r, size: size, limit: limit, pos: pos, inFile: inFile}
}

// errEnd is the end of the readable bytes; callers turn it into the
// right *Error with the offset.
var errEnd = errors.New("unexpected end")

func (c *cursor) fill() error {
	if c.pos >= c.limit || c.pos < 0 {
		return errEnd
	}
	n := int64(windowSize)
	if c.limit-c.pos < n {
		n = c.limit - c.pos
	}
	if c.budget != nil {
		*c.budget -= n
		if *c.budget < 0 {
			return errorf(TooLarge, c.off(), "more bytes parsed than the limit")
		}
	}
	if cap(c.buf) < int(n) {
		c.buf = make([]byte, windowSize)
	}
	c.buf = c.buf[:n]
	got, err := c.r.ReadAt(c.buf, c.pos)
	if got < int(n) {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		c.buf = c.buf[:0]
		return fmt.Errorf("pdf: read at offset %d: %w", c.pos, err)
	}
	c.bufOff = c.pos
	return nil
}

// peek returns the byte at pos without consuming it.
func (c *cursor) peek() (byte, error) {
	if c.pos < c.bufOff || c.pos >= c.bufOff+int64(len(c.buf)) {
		if err := c.fill(); err != nil {
			return 0, err
		}
	}
	return c.buf[c.pos-c.bufOff], nil
}

func (c *cursor) next() (byte, error) {
	b, err := c.peek()
	if err == nil {
		c.pos++
	}
	return b, err
}

// off is the position for error messages: the file offset, or -1 inside
// an object stream.
func (c *cursor) off() int64 {
	if c.inFile {
		return c.pos
	}
	return -1
}

// endError turns errEnd into a *Error at the cursor: TooLarge when the
// cursor's limit cut a longer file, BadObject at the real end.
func (c *cursor) endError(err error, what string) error {
	if err != errEnd {
		return err
	}
	if c.pos >= c.limit && c.limit < c.size {
		return errorf(TooLarge, c.off(), "%s longer than the limit", what)
	}
	return errorf(BadObject, c.off(), "%s cut by the end of the data", what)
}

func isSpace(b byte) bool {
	return b == 0 || b == '\t' || b == '\n' || b == '\f' || b == '\r' || b == ' '
}

func isDelim(b byte) bool {
	switch b {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func isRegular(b byte) bool { return !isSpace(b) && !isDelim(b) }

// skipSpace skips white space and comments (§7.2.3, §7.2.4). At the end
// of the data it returns errEnd.
func (c *cursor) skipSpace() error {
	for {
		b, err := c.peek()
		if err != nil {
			return err
		}
		switch {
		case isSpace(b):
			c.pos++
		case b == '%':
			for {
				b, err := c.next()
				if err != nil {
					return err
				}
				if b == '\n' || b == '\r' {
					break
				}
			}
		default:
			return nil
		}
	}
}

// keyword reads a run of regular characters (at most max bytes).
func (c *cursor) keyword(max int) ([]byte, error) {
	var w []byte
	for {
		b, err := c.peek()
		if err == errEnd && len(w) > 0 {
			return w, nil
		}
		if err != nil {
			return nil, err
		}
		if !isRegular(b) {
			return w, nil
		}
		if len(w) == max {
			return nil, errorf(BadObject, c.off(), "token %s too long", quote(w))
		}
		w = append(w, b)
		c.pos++
	}
}

// expectKeyword skips white space and reads kw.
func (c *cursor) expectKeyword(kw string) error {
	if err := c.skipSpace(); err != nil {
		return c.endError(err, "expected "+kw+": data")
	}
	at := c.off()
	w, err := c.keyword(len(kw) + 1)
	if err != nil {
		return c.endError(err, kw)
	}
	if string(w) != kw {
		return errorf(BadObject, at, "expected %q, found %s", kw, quote(w))
	}
	return nil
}

// parser reads objects from a cursor within the limits: nesting depth,
// string size, string bytes for the run, and a budget of objects per
// parse.
type parser struct {
	c        *cursor
	maxDepth int
	maxStr   int64
	strLeft  *int64 // string bytes left for the run, charged as each string is read
	budget   int    // objects left for this parse
}

// addStr appends b to the string s being read (which started at start),
// within maxStr and the run's string budget.
func (p *parser) addStr(s []byte, b byte, start int64) ([]byte, error) {
	if int64(len(s)) >= p.maxStr {
		return nil, errorf(TooLarge, p.c.offAt(start), "string longer than %d bytes", p.maxStr)
	}
	if *p.strLeft <= 0 {
		return nil, errorf(TooLarge, p.c.offAt(start), "strings read add up to more than the limit")
	}
	*p.strLeft--
	return append(s, b), nil
}

const maxNameLen = 1024

// object reads one direct object, or a reference "N G R".
func (p *parser) object(depth int) (object, error) {
	c := p.c
	if err := c.skipSpace(); err != nil {
		return nil, c.endError(err, "object")
	}
	p.budget--
	if p.budget < 0 {
		return nil, errorf(TooManyObjects, c.off(), "more objects in one object than the limit")
	}
	start := c.pos
	b, _ := c.peek()
	switch {
	case b == '/':
		c.pos++
		return p.name()
	case b == '(':
		c.pos++
		return p.literal(start)
	case b == '<':
		c.pos++
		b2, err := c.peek()
		if err != nil {
			return nil, c.endError(err, "string or dictionary")
		}
		if b2 == '<' {
			c.pos++
			return p.dict(depth + 1)
		}
		return p.hexString(start)
	case b == '[':
		c.pos++
		return p.array(depth + 1)
	case b == '+' || b == '-' || b == '.' || (b >= '0' && b <= '9'):
		return p.number()
	}
	w, err := c.keyword(16)
	if err != nil {
		return nil, c.endError(err, "keyword")
	}
	switch string(w) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	case "":
		return nil, errorf(BadObject, c.off(), "unexpected %s", quote([]byte{b}))
	}
	return nil, errorf(BadObject, c.offAt(start), "unexpected keyword %s", quote(w))
}

func (c *cursor) offAt(pos int64) int64 {
	if c.inFile {
		return pos
	}
	return -1
}

func (p *parser) name() (object, error) {
	c := p.c
	var n []byte
	for {
		b, err := c.peek()
		if err == errEnd {
			break
		}
		if err != nil {
			return nil, err
		}
		if !isRegular(b) {
			break
		}
		c.pos++
		if b == '#' { // §7.3.5: #xx
			h1, err1 := c.next()
			h2, err2 := c.next()
			v1, ok1 := unhex(h1)
			v2, ok2 := unhex(h2)
			if err1 != nil || err2 != nil || !ok1 || !ok2 {
				return nil, errorf(BadObject, c.off(), "bad #xx escape in a name")
			}
			b = v1<<4 | v2
		}
		if len(n) == maxNameLen {
			return nil, errorf(TooLarge, c.off(), "name longer than %d bytes", maxNameLen)
		}
		n = append(n, b)
	}
	return name(n), nil
}

func unhex(b byte) (byte, bool) {
	switch {
	case b >= '0' && b <= '9':
		return b - '0', true
	case b >= 'a' && b <= 'f':
		return b - 'a' + 10, true
	case b >= 'A' && b <= 'F':
		return b - 'A' + 10, true
	}
	return 0, false
}

// literal reads a (string) after its "(" (§7.3.4.2).
func (p *parser) literal(start int64) (object, error) {
	c := p.c
	var s []byte
	nest := 1
	for {
		b, err := c.next()
		if err != nil {
			return nil, c.endError(err, "string")
		}
		switch b {
		case '(':
			nest++
		case ')':
			nest--
			if nest == 0 {
				return &str{b: s, off: c.offAt(start), end: c.offAt(c.pos)}, nil
			}
		case '\\':
			e, err := c.next()
			if err != nil {
				return nil, c.endError(err, "string")
			}
			switch e {
			case 'n':
				b = '\n'
			case 'r':
				b = '\r'
			case 't':
				b = '\t'
			case 'b':
				b = '\b'
			case 'f':
				b = '\f'
			case '\r': // line continuation, CR or CRLF
				if n, err := c.peek(); err == nil && n == '\n' {
					c.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for i := 0; i < 2; i++ {
						d, err := c.peek()
						if err != nil || d < '0' || d > '7' {
							break
						}
						c.pos++
						v = v*8 + int(d-'0')
					}
					b = byte(v)
				} else {
					b = e // \( \) \\ and, per §7.3.4.2, any other: the backslash is ignored
				}
			}
		}
		if s, err = p.addStr(s, b, start); err != nil {
			return nil, err
		}
	}
}

// hexString reads a <hex string> after its "<" (§7.3.4.3). An odd number
// of digits is refused: the standard pads it with 0, but no producer of
// signatures writes one, and a signature's /Contents must be exact.
func (p *parser) hexString(start int64) (object, error) {
	c := p.c
	var s []byte
	digits := 0
	var hi byte
	for {
		b, err := c.next()
		if err != nil {
			return nil, c.endError(err, "hexadecimal string")
		}
		if isSpace(b) {
			continue
		}
		if b == '>' {
			if digits%2 != 0 {
				return nil, errorf(BadObject, c.offAt(start), "hexadecimal string with an odd number of digits")
			}
			return &str{b: s, hex: true, off: c.offAt(start), end: c.offAt(c.pos)}, nil
		}
		v, ok := unhex(b)
		if !ok {
			return nil, errorf(BadObject, c.off()-1, "bad character %s in a hexadecimal string", quote([]byte{b}))
		}
		if digits%2 == 0 {
			hi = v
		} else {
			if s, err = p.addStr(s, hi<<4|v, start); err != nil {
				return nil, err
			}
		}
		digits++
	}
}

func (p *parser) array(depth int) (object, error) {
	c := p.c
	if depth > p.maxDepth {
		return nil, errorf(TooDeep, c.off(), "arrays and dictionaries nested deeper than %d", p.maxDepth)
	}
	a := []object{}
	for {
		if err := c.skipSpace(); err != nil {
			return nil, c.endError(err, "array")
		}
		if b, _ := c.peek(); b == ']' {
			c.pos++
			return a, nil
		}
		o, err := p.object(depth)
		if err != nil {
			return nil, err
		}
		a = append(a, o)
	}
}

func (p *parser) dict(depth int) (object, error) {
	c := p.c
	if depth > p.maxDepth {
		return nil, errorf(TooDeep, c.off(), "arrays and dictionaries nested deeper than %d", p.maxDepth)
	}
	d := dict{}
	for {
		if err := c.skipSpace(); err != nil {
			return nil, c.endError(err, "dictionary")
		}
		at := c.off()
		b, _ := c.peek()
		if b == '>' {
			c.pos++
			if b, err := c.next(); err != nil || b != '>' {
				return nil, errorf(BadObject, at, "dictionary not closed by >>")
			}
			return d, nil
		}
		if b != '/' {
			return nil, errorf(BadObject, at, "dictionary key is not a name")
		}
		c.pos++
		k, err := p.name()
		if err != nil {
			return nil, err
		}
		v, err := p.object(depth)
		if err != nil {
			return nil, err
		}
		// §7.3.7: a null value is as if the entry were absent. A repeated
		// key is malformed; the last one would win elsewhere, so refuse.
		if _, dup := d[k.(name)]; dup {
			return nil, errorf(BadObject, at, "key /%s repeated in a dictionary", quote([]byte(k.(name))))
		}
		if v != nil {
			d[k.(name)] = v
		}
	}
}

// number reads an integer or real, and an integer followed by "G R" as a
// reference.
func (p *parser) number() (object, error) {
	c := p.c
	start := c.pos
	w, err := c.keyword(64)
	if err != nil {
		return nil, c.endError(err, "number")
	}
	n, isInt, ok := parseNumber(w)
	if !ok {
		return nil, errorf(BadObject, c.offAt(start), "bad number %s", quote(w))
	}
	if !isInt {
		f, _ := strconv.ParseFloat(string(w), 64)
		return f, nil
	}
	// A reference: N G R with N > 0, G >= 0 (§7.3.10).
	save := c.pos
	if r, ok := p.refTail(n); ok {
		return r, nil
	}
	c.pos = save
	return n, nil
}

func (p *parser) refTail(num int64) (ref, bool) {
	c := p.c
	if num <= 0 || num > maxObjNum || c.skipSpace() != nil {
		return ref{}, false
	}
	if b, _ := c.peek(); b < '0' || b > '9' {
		return ref{}, false
	}
	w, err := c.keyword(11)
	if err != nil {
		return ref{}, false
	}
	gen, isInt, ok := parseNumber(w)
	if !ok || !isInt || gen < 0 || gen > 65535 || c.skipSpace() != nil {
		return ref{}, false
	}
	if b, _ := c.peek(); b != 'R' {
		return ref{}, false
	}
	c.pos++
	if b, err := c.peek(); err == nil && isRegular(b) {
		return ref{}, false
	}
	return ref{int(num), int(gen)}, true
}

// maxObjNum bounds object numbers (ISO 32000-2 Annex C gives 8 388 607 as
// a practical limit; we allow more but keep it in int32).
const maxObjNum = 1<<31 - 1

// parseNumber parses an integer or a real as §7.3.3 writes them.
func parseNumber(w []byte) (n int64, isInt, ok bool) {
	if len(w) == 0 {
		return 0, false, false
	}
	i := 0
	neg := false
	if w[0] == '+' || w[0] == '-' {
		neg = w[0] == '-'
		i++
	}
	digits, dot := 0, false
	for _, b := range w[i:] {
		switch {
		case b >= '0' && b <= '9':
			digits++
			if !dot {
				if n > (1<<62)/10 {
					return 0, false, false
				}
				n = n*10 + int64(b-'0')
			}
		case b == '.' && !dot:
			dot = true
		default:
			return 0, false, false
		}
	}
	if digits == 0 {
		return 0, false, false
	}
	if neg {
		n = -n
	}
	return n, !dot, true
}

// readInt reads an unsigned integer token (xref tables, startxref,
// object headers).
func (c *cursor) readInt(what string) (int64, error) {
	if err := c.skipSpace(); err != nil {
		return 0, c.endError(err, what)
	}
	at := c.off()
	w, err := c.keyword(20)
	if err != nil {
		return 0, c.endError(err, what)
	}
	n, isInt, ok := parseNumber(w)
	if !ok || !isInt || n < 0 || w[0] == '+' || w[0] == '-' {
		return 0, errorf(BadObject, at, "%s: expected an integer, found %s", what, quote(w))
	}
	return n, nil
}
