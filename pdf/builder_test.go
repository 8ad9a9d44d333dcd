package pdf

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// builder writes PDFs in tests: the cases gen.sh cannot make without
// zlib (compressed xref and object streams, PNG predictors) and hostile
// files. Offsets are counted as the objects are written.
type builder struct {
	b     bytes.Buffer
	offs  map[int]int64  // object number -> offset
	inStm map[int][2]int // object number -> object stream number, index
	// update: an incremental update's xref stream lists only the objects
	// this builder wrote (with /Index).
	update bool
}

func newBuilder() *builder {
	b := &builder{offs: map[int]int64{}, inStm: map[int][2]int{}}
	b.b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return b
}

func (p *builder) obj(num int, body string) {
	p.offs[num] = int64(p.b.Len())
	fmt.Fprintf(&p.b, "%d 0 obj\n%s\nendobj\n", num, body)
}

func (p *builder) stream(num int, dict string, data []byte) {
	p.offs[num] = int64(p.b.Len())
	fmt.Fprintf(&p.b, "%d 0 obj\n<< %s /Length %d >>\nstream\n", num, dict, len(data))
	p.b.Write(data)
	p.b.WriteString("\nendstream\nendobj\n")
}

func deflate(data []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(data)
	w.Close()
	return z.Bytes()
}

// objStm writes objects (number -> text) into object stream num.
func (p *builder) objStm(num int, objs map[int]string, flate bool) {
	nums := make([]int, 0, len(objs))
	for n := range objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var hdr, body strings.Builder
	for i, n := range nums {
		fmt.Fprintf(&hdr, "%d %d ", n, body.Len())
		body.WriteString(objs[n] + "\n")
		p.inStm[n] = [2]int{num, i}
	}
	hdr.WriteString("\n")
	data := []byte(hdr.String() + body.String())
	dict := fmt.Sprintf("/Type /ObjStm /N %d /First %d", len(nums), hdr.Len())
	if flate {
		data = deflate(data)
		dict += " /Filter /FlateDecode"
	}
	p.stream(num, dict, data)
}

func (p *builder) maxNum() int {
	m := 0
	for n := range p.offs {
		m = max(m, n)
	}
	for n := range p.inStm {
		m = max(m, n)
	}
	return m
}

// table ends the revision with an xref table and trailer (extra goes into
// the trailer dictionary), listing objects first..last.
func (p *builder) table(first int, extra string) {
	x := p.b.Len()
	last := p.maxNum()
	fmt.Fprintf(&p.b, "xref\n0 1\n0000000000 65535 f\r\n%d %d\n", first, last-first+1)
	for n := first; n <= last; n++ {
		if off, ok := p.offs[n]; ok {
			fmt.Fprintf(&p.b, "%010d 00000 n\r\n", off)
		} else {
			p.b.WriteString("0000000000 00001 f\r\n")
		}
	}
	fmt.Fprintf(&p.b, "trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n", last+1, extra, x)
}

// xrefStream ends the revision with xref stream num (W [1 4 2]).
func (p *builder) xrefStream(num int, extra string, flate, png bool) {
	p.offs[num] = int64(p.b.Len())
	size := p.maxNum() + 1
	var rows []byte
	nums := []int{}
	for n := 0; n < size; n++ {
		_, ok1 := p.offs[n]
		_, ok2 := p.inStm[n]
		if p.update && !ok1 && !ok2 {
			continue
		}
		nums = append(nums, n)
	}
	index := ""
	if p.update {
		index = "/Index ["
		for _, n := range nums {
			index += fmt.Sprintf("%d 1 ", n)
		}
		index += "]"
	}
	for _, n := range nums {
		var row [7]byte
		if off, ok := p.offs[n]; ok {
			row = [7]byte{1, byte(off >> 24), byte(off >> 16), byte(off >> 8), byte(off), 0, 0}
		} else if s, ok := p.inStm[n]; ok {
			row = [7]byte{2, byte(s[0] >> 24), byte(s[0] >> 16), byte(s[0] >> 8), byte(s[0]), byte(s[1] >> 8), byte(s[1])}
		} else {
			row = [7]byte{0, 0, 0, 0, 0, 0xff, 0xff}
		}
		rows = append(rows, row[:]...)
	}
	dict := fmt.Sprintf("/Type /XRef /Size %d /W [1 4 2] %s %s", size, index, extra)
	if png { // PNG "Up" on every row
		var pred []byte
		prev := make([]byte, 7)
		for i := 0; i < len(rows); i += 7 {
			pred = append(pred, 2)
			for j := 0; j < 7; j++ {
				pred = append(pred, rows[i+j]-prev[j])
			}
			copy(prev, rows[i:i+7])
		}
		rows = pred
		dict += " /DecodeParms << /Predictor 12 /Columns 7 >>"
	}
	if flate {
		rows = deflate(rows)
		dict += " /Filter /FlateDecode"
	}
	x := p.offs[num]
	p.stream(num, dict, rows)
	fmt.Fprintf(&p.b, "startxref\n%d\n%%%%EOF\n", x)
}

const brPlaceholder = "/ByteRange [0 XXXXXXXXXX YYYYYYYYYY ZZZZZZZZZZ]"

// sigDict is a signature dictionary with a ByteRange placeholder and
// contents as /Contents (a hex string of cms followed by pad zero bytes).
func sigDict(cms []byte, pad int) string {
	return fmt.Sprintf("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached %s /Contents <%X%s> /M (D:20240102030405Z) >>",
		brPlaceholder, cms, strings.Repeat("00", pad))
}

// fixByteRange fills the placeholder: the whole file but for the
// /Contents string after it.
func fixByteRange(t testing.TB, data []byte) []byte {
	return fixByteRangeSize(t, data, int64(len(data)))
}

// fixByteRangeSize is fixByteRange for a file of total bytes of which data
// is the start.
func fixByteRangeSize(t testing.TB, data []byte, total int64) []byte {
	t.Helper()
	i := bytes.LastIndex(data, []byte(brPlaceholder))
	if i < 0 {
		t.Fatal("no ByteRange placeholder")
	}
	j := bytes.Index(data[i:], []byte("/Contents <"))
	k := bytes.IndexByte(data[i+j:], '>')
	b := int64(i + j + len("/Contents "))
	c := int64(i+j+k) + 1
	br := fmt.Sprintf("/ByteRange [0 %-10d %-10d %-10d]", b, c, total-c)
	copy(data[i:], br)
	return data
}

// smallCMS is a DER SEQUENCE standing in for a CMS.
var smallCMS = []byte{0x30, 0x06, 0x06, 0x01, 0x2a, 0x04, 0x01, 0xff}

// signedDoc is a one-signature document with its catalog, fields and
// signature dictionary; how its xref is written is up to end.
func signedDoc(t testing.TB, end func(p *builder)) []byte {
	p := newBuilder()
	p.obj(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm 3 0 R >>")
	p.obj(2, "<< /Type /Pages /Kids [] /Count 0 >>")
	p.obj(3, "<< /Fields [4 0 R] /SigFlags 3 >>")
	p.obj(4, "<< /FT /Sig /T (Sig) /V 5 0 R >>")
	p.obj(5, sigDict(smallCMS, 100))
	end(p)
	return fixByteRange(t, p.b.Bytes())
}
