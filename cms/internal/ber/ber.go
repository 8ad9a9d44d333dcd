package ber

import "fmt"

// Default limits, used for zero fields of Limits.
const (
	DefaultMaxDepth    = 64
	DefaultMaxElements = 4 << 20
	DefaultMaxSize     = 256 << 20
)

// Limits bounds the work ToDER does on one input. A zero field means the
// default.
type Limits struct {
	// MaxDepth is the deepest nesting allowed; the outermost element is at
	// depth 1, its children at depth 2.
	MaxDepth int
	// MaxElements is the most elements (tag-length-value triplets, chunks
	// of constructed strings included, end-of-contents markers not) that
	// one input may hold.
	MaxElements int
	// MaxSize is the largest input, and output, in bytes.
	MaxSize int
}

func (l Limits) withDefaults() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	if l.MaxElements <= 0 {
		l.MaxElements = DefaultMaxElements
	}
	if l.MaxSize <= 0 {
		l.MaxSize = DefaultMaxSize
	}
	return l
}

// ToDER converts one BER element to DER framing with the default Limits.
// See the package documentation for what is and is not changed.
func ToDER(in []byte) ([]byte, error) {
	return Limits{}.ToDER(in)
}

// ToDER converts one BER element to DER framing within l. It returns in
// itself when in is already DER-shaped.
func (l Limits) ToDER(in []byte) ([]byte, error) {
	l = l.withDefaults()
	if len(in) == 0 {
		return nil, &SyntaxError{Kind: Empty}
	}
	if len(in) > l.MaxSize {
		return nil, &SyntaxError{Kind: TooLarge,
			Detail: fmt.Sprintf("input is %d bytes, limit %d", len(in), l.MaxSize)}
	}
	c := converter{in: in, lim: l, ops: make([]op, 0, 64)}
	end, size, changed, err := c.element(0, len(in), 1)
	if err != nil {
		return nil, err
	}
	if end != len(in) {
		return nil, &SyntaxError{Offset: end, Kind: TrailingData,
			Detail: fmt.Sprintf("%d bytes after the outermost element", len(in)-end)}
	}
	if !changed {
		return in, nil
	}
	if size > l.MaxSize {
		return nil, &SyntaxError{Kind: TooLarge,
			Detail: fmt.Sprintf("output would be %d bytes, limit %d", size, l.MaxSize)}
	}
	return c.write(size), nil
}

// The conversion runs in two passes. The first (element) validates the whole
// input and records, in ops, how to write the output: copies of input ranges,
// single bytes and minimal length encodings. Lengths of rewritten elements are
// only known after their children are scanned, so their opLen is filled in
// afterwards. The second pass (write) runs the ops into a buffer of the exact
// size.

type opKind uint8

const (
	opCopy opKind = iota // copy in[a:b]
	opByte               // write the byte a
	opLen                // write the minimal DER length octets of a
)

type op struct {
	kind opKind
	a, b int
}

type converter struct {
	in       []byte
	lim      Limits
	elements int
	ops      []op
}

// A mark records the op list so that the ops of an element that turns out to
// need no rewriting can be dropped again.
type mark struct{ n, lastB int }

func (c *converter) mark() mark {
	m := mark{n: len(c.ops)}
	if m.n > 0 {
		m.lastB = c.ops[m.n-1].b
	}
	return m
}

func (c *converter) reset(m mark) {
	c.ops = c.ops[:m.n]
	if m.n > 0 {
		c.ops[m.n-1].b = m.lastB // undo a merge by copy
	}
}

// copy appends a copy of in[a:b], merging it with a preceding adjacent copy.
func (c *converter) copy(a, b int) {
	if a == b {
		return
	}
	if n := len(c.ops); n > 0 && c.ops[n-1].kind == opCopy && c.ops[n-1].b == a {
		c.ops[n-1].b = b
		return
	}
	c.ops = append(c.ops, op{kind: opCopy, a: a, b: b})
}

func (c *converter) push(k opKind, a int) int {
	c.ops = append(c.ops, op{kind: k, a: a})
	return len(c.ops) - 1
}

// element scans the element at off, which must lie before limit, at the
// given depth. It returns the offset after the element and the element's
// size in the output. If the element needs rewriting (changed), its ops
// have been appended; otherwise nothing was appended and the caller copies
// in[off:end].
func (c *converter) element(off, limit, depth int) (end, size int, changed bool, err error) {
	if depth > c.lim.MaxDepth {
		return 0, 0, false, &SyntaxError{Offset: off, Kind: TooDeep,
			Detail: fmt.Sprintf("limit %d", c.lim.MaxDepth)}
	}
	h, err := c.header(off, limit)
	if err != nil {
		return 0, 0, false, err
	}
	if err := h.checkForm(); err != nil {
		return 0, 0, false, err
	}
	if !h.constructed {
		end = h.hdrEnd + h.length
		if h.minimal {
			return end, end - off, false, nil
		}
		c.copy(off, h.tagEnd)
		c.push(opLen, h.length)
		c.copy(h.hdrEnd, end)
		return end, h.tagEnd - off + lenLen(h.length) + h.length, true, nil
	}
	if h.universal && (h.number == tagBitString || h.number == tagOctetString) {
		return c.flatten(&h, depth)
	}

	m := c.mark()
	c.copy(off, h.tagEnd)
	lenAt := c.push(opLen, 0)
	n := 0 // contents size in the output
	changed = h.indefinite || !h.minimal
	for p := h.hdrEnd; ; {
		done, next, err := c.endOfContents(&h, p)
		if err != nil {
			return 0, 0, false, err
		}
		if done {
			end = next
			break
		}
		cend, csize, cchanged, err := c.element(p, h.limit, depth+1)
		if err != nil {
			return 0, 0, false, err
		}
		if !cchanged {
			c.copy(p, cend)
		}
		changed = changed || cchanged
		n += csize
		p = cend
	}
	if !changed {
		c.reset(m)
		return end, end - off, false, nil
	}
	c.ops[lenAt].a = n
	return end, h.tagEnd - off + lenLen(n) + n, true, nil
}

// endOfContents reports whether the contents of the constructed element h
// end at p and, if so, the offset after the element.
func (c *converter) endOfContents(h *header, p int) (done bool, next int, err error) {
	if !h.indefinite {
		return p == h.limit, p, nil
	}
	switch {
	case p == h.limit:
		return false, 0, &SyntaxError{Offset: h.off, Kind: MissingEOC,
			Detail: fmt.Sprintf("indefinite-length element not closed before offset %d", p)}
	case c.in[p] != 0:
		return false, 0, nil
	case p+1 == h.limit:
		return false, 0, &SyntaxError{Offset: p, Kind: Truncated, Detail: "end-of-contents cut short"}
	case c.in[p+1] != 0:
		return false, 0, &SyntaxError{Offset: p, Kind: BadEOC,
			Detail: fmt.Sprintf("end-of-contents with length octet 0x%02x", c.in[p+1])}
	}
	return true, p + 2, nil
}

// stringState accumulates the chunks of a constructed string.
type stringState struct {
	bit    bool // BIT STRING rather than OCTET STRING
	n      int  // contents size in the output
	unused int  // unused bits of the last BIT STRING chunk so far
}

// flatten appends the ops that write the constructed OCTET or BIT STRING h
// as a primitive one.
func (c *converter) flatten(h *header, depth int) (end, size int, changed bool, err error) {
	s := stringState{bit: h.number == tagBitString}
	c.push(opByte, h.number) // the primitive tag: 0x03 or 0x04
	lenAt := c.push(opLen, 0)
	unusedAt := -1
	if s.bit {
		unusedAt = c.push(opByte, 0)
		s.n = 1
	}
	end, err = c.chunks(*h, depth, &s)
	if err != nil {
		return 0, 0, false, err
	}
	c.ops[lenAt].a = s.n
	if s.bit {
		c.ops[unusedAt].a = s.unused
	}
	return end, 1 + lenLen(s.n) + s.n, true, nil
}

// chunks appends copies of the contents of the chunks of the constructed
// string h, recursing into constructed chunks (X.690 8.6.4, 8.7.3).
func (c *converter) chunks(h header, depth int, s *stringState) (end int, err error) {
	for p := h.hdrEnd; ; {
		done, next, err := c.endOfContents(&h, p)
		if err != nil {
			return 0, err
		}
		if done {
			return next, nil
		}
		if depth+1 > c.lim.MaxDepth {
			return 0, &SyntaxError{Offset: p, Kind: TooDeep, Detail: fmt.Sprintf("limit %d", c.lim.MaxDepth)}
		}
		ch, err := c.header(p, h.limit)
		if err != nil {
			return 0, err
		}
		if c.in[p]&^constructedBit != byte(h.number) {
			return 0, &SyntaxError{Offset: p, Kind: BadSegment,
				Detail: fmt.Sprintf("chunk of a constructed %s has tag 0x%02x", universalName(h.number), c.in[p])}
		}
		if ch.constructed {
			if p, err = c.chunks(ch, depth+1, s); err != nil {
				return 0, err
			}
			continue
		}
		from, to := ch.hdrEnd, ch.hdrEnd+ch.length
		if s.bit {
			if err := s.bitChunk(c.in[from:to], p); err != nil {
				return 0, err
			}
			from++
		}
		c.copy(from, to)
		s.n += to - from
		p = to
	}
}

// bitChunk checks one primitive chunk of a constructed BIT STRING
// (X.690 8.6.4): only the last chunk may have unused bits.
func (s *stringState) bitChunk(contents []byte, off int) error {
	bad := func(format string, args ...any) error {
		return &SyntaxError{Offset: off, Kind: BadSegment, Detail: fmt.Sprintf(format, args...)}
	}
	switch {
	case len(contents) == 0:
		return bad("BIT STRING chunk without the unused-bits octet")
	case s.unused != 0:
		return bad("BIT STRING chunk follows a chunk with %d unused bits", s.unused)
	case contents[0] > 7:
		return bad("BIT STRING chunk claims %d unused bits", contents[0])
	case contents[0] != 0 && len(contents) == 1:
		return bad("empty BIT STRING chunk claims %d unused bits", contents[0])
	}
	s.unused = int(contents[0])
	return nil
}

// write runs the ops into a new buffer of the given size.
func (c *converter) write(size int) []byte {
	out := make([]byte, 0, size)
	for _, o := range c.ops {
		switch o.kind {
		case opCopy:
			out = append(out, c.in[o.a:o.b]...)
		case opByte:
			out = append(out, byte(o.a))
		case opLen:
			out = appendLen(out, o.a)
		}
	}
	return out
}

// lenLen is the size of the minimal DER length octets for n.
func lenLen(n int) int {
	if n < 0x80 {
		return 1
	}
	k := 1
	for ; n > 0; n >>= 8 {
		k++
	}
	return k
}

func appendLen(out []byte, n int) []byte {
	if n < 0x80 {
		return append(out, byte(n))
	}
	k := lenLen(n) - 1
	out = append(out, 0x80|byte(k))
	for i := k - 1; i >= 0; i-- {
		out = append(out, byte(n>>(8*i)))
	}
	return out
}
