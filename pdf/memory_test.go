package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// countingReaderAt counts the bytes read and the largest single read.
type countingReaderAt struct {
	r       io.ReaderAt
	n, most atomic.Int64
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	if int64(len(p)) > c.most.Load() {
		c.most.Store(int64(len(p)))
	}
	return n, err
}

// TestLargeFile builds a 200 MB signed PDF on disk (a sparse 200 MB
// stream between the signature and the xref) and checks that Signatures
// reads a few kilobytes of it and that Signed streams it in small reads
// without holding it in memory.
func TestLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB sparse file")
	}
	const big = 200 << 20
	p := newBuilder()
	p.obj(1, "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>")
	p.obj(2, "<< /Type /Pages /Kids [] /Count 0 >>")
	p.obj(4, "<< /FT /Sig /T (Big) /V 5 0 R >>")
	p.obj(5, sigDict(smallCMS, 4000))
	p.offs[6] = int64(p.b.Len())
	fmt.Fprintf(&p.b, "6 0 obj\n<< /Length %d >>\nstream\n", big)
	head := p.b.Bytes()
	// The tail after the stream's data: endstream and the xref table.
	tailStart := int64(len(head)) + big
	var q bytes.Buffer
	q.WriteString("\nendstream\nendobj\n")
	x := tailStart + int64(q.Len())
	q.WriteString("xref\n0 7\n0000000000 65535 f\r\n")
	for n := 1; n <= 6; n++ {
		if off, ok := p.offs[n]; ok {
			fmt.Fprintf(&q, "%010d 00000 n\r\n", off)
		} else {
			q.WriteString("0000000000 00001 f\r\n")
		}
	}
	fmt.Fprintf(&q, "trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", x)
	tail := q.Bytes()
	total := tailStart + int64(len(tail))
	head = fixByteRangeSize(t, head, total)

	name := filepath.Join(t.TempDir(), "big.pdf")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Write(head); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(tail, tailStart); err != nil { // the stream's bytes stay a hole
		t.Fatal(err)
	}

	cr := &countingReaderAt{r: f}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	sigs, err := Signatures(cr, total, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || !sigs[0].CoversWholeFile {
		t.Fatalf("%+v", sigs)
	}
	if n := cr.n.Load(); n > 1<<20 {
		t.Errorf("Signatures read %d bytes of a %d-byte file", n, total)
	}
	cr.n.Store(0)
	rd, err := sigs[0].Signed(cr, total)
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	n, err := io.Copy(h, rd)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	br := sigs[0].ByteRange
	if n != br[1]+br[3] || cr.n.Load() != n {
		t.Errorf("Signed streamed %d bytes (read %d), want %d", n, cr.n.Load(), br[1]+br[3])
	}
	if m := cr.most.Load(); m > 1<<20 {
		t.Errorf("largest read %d bytes", m)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
		t.Errorf("Signatures and Signed allocated %d bytes for a %d-byte file", alloc, total)
	}
}

// TestStringBudgetWithinObject: the run's string budget (8 × MaxContents)
// stops a single dictionary holding many strings, each within
// MaxContents, as it is read, not after the whole of it is in memory.
func TestStringBudgetWithinObject(t *testing.T) {
	lim := Limits{MaxContents: 1 << 16}
	p := newBuilder()
	p.obj(1, "<< /Type /Catalog >>")
	var junk strings.Builder
	for i := range 40 { // 40 × 64 KiB: five times the budget
		fmt.Fprintf(&junk, "/J%d (%s) ", i, strings.Repeat("a", 1<<16-1))
	}
	p.table(1, "/Root 1 0 R "+junk.String())
	data := p.b.Bytes()
	cr := &countingReaderAt{r: bytes.NewReader(data)}
	_, err := Signatures(cr, int64(len(data)), lim)
	if reasonOf(err) != TooLarge {
		t.Fatalf("err = %v, want TooLarge", err)
	}
	if n := cr.n.Load(); n > 10<<16 {
		t.Errorf("read %d bytes of a %d-byte trailer before refusing it", n, len(data))
	}
}

// TestPredictorEmptyData: PNG predictor parameters describing huge rows
// cost nothing when the stream has no data: each xref section of a long
// /Prev chain could otherwise allocate a row of 64 MiB.
func TestPredictorEmptyData(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	at := b.Len()
	z := deflate(nil)
	fmt.Fprintf(&b, "1 0 obj\n<< /Type /XRef /Size 0 /W [1 4 2] /Filter /FlateDecode "+
		"/DecodeParms << /Predictor 12 /Columns 1048576 /Colors 32 /BitsPerComponent 16 >> /Length %d >>\nstream\n", len(z))
	b.Write(z)
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", at)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := signatures(b.Bytes(), Limits{})
	runtime.ReadMemStats(&after)
	if reasonOf(err) != BadTrailer {
		t.Errorf("err = %v, want BadTrailer (no /Root)", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("an empty predicted xref stream allocated %d bytes", alloc)
	}
}
