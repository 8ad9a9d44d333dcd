package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func signatures(data []byte, lim Limits) ([]Signature, error) {
	return Signatures(bytes.NewReader(data), int64(len(data)), lim)
}

func reasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return 0
}

// TestStructures reads files in the forms gen.sh cannot write: compressed
// xref and object streams, PNG predictors, updates over xref streams,
// nested fields.
func TestStructures(t *testing.T) {
	tests := []struct {
		name  string
		data  func(t *testing.T) []byte
		field string
	}{
		{"xref table", func(t *testing.T) []byte {
			return signedDoc(t, func(p *builder) { p.table(1, "/Root 1 0 R") })
		}, "Sig"},
		{"xref stream", func(t *testing.T) []byte {
			return signedDoc(t, func(p *builder) { p.xrefStream(6, "/Root 1 0 R", false, false) })
		}, "Sig"},
		{"flate xref stream", func(t *testing.T) []byte {
			return signedDoc(t, func(p *builder) { p.xrefStream(6, "/Root 1 0 R", true, false) })
		}, "Sig"},
		{"flate xref stream with PNG predictor", func(t *testing.T) []byte {
			return signedDoc(t, func(p *builder) { p.xrefStream(6, "/Root 1 0 R", true, true) })
		}, "Sig"},
		{"flate object stream", func(t *testing.T) []byte {
			p := newBuilder()
			p.objStm(7, map[int]string{
				1: "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] >> >>",
				2: "<< /Type /Pages /Kids [] /Count 0 >>",
				4: "<< /T (Parent) /FT /Sig /Kids [3 0 R] >>",
				3: "<< /T (Child) /Parent 4 0 R /V 5 0 R /Kids [4 0 R] >>", // /Kids loops back: visited once
			}, true)
			p.obj(5, sigDict(smallCMS, 10))
			p.xrefStream(8, "/Root 1 0 R", true, true)
			return fixByteRange(t, p.b.Bytes())
		}, "Child"},
		{"hybrid /XRefStm", func(t *testing.T) []byte {
			p := newBuilder()
			p.objStm(7, map[int]string{3: "<< /FT /Sig /T (Sig) /V 5 0 R >>"}, true)
			p.obj(1, "<< /Type /Catalog /AcroForm << /Fields [3 0 R] >> >>")
			p.obj(5, sigDict(smallCMS, 10))
			// The xref stream lists object 3; the table the rest.
			stmAt := p.b.Len()
			p.offs[8] = int64(stmAt)
			rows := []byte{0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 7, 0, 0}
			p.stream(8, "/Type /XRef /Size 4 /W [1 4 2]", rows)
			delete(p.inStm, 3)
			delete(p.offs, 8)
			p.table(1, fmt.Sprintf("/Root 1 0 R /XRefStm %d", stmAt))
			return fixByteRange(t, p.b.Bytes())
		}, "Sig"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.data(t)
			sigs, err := signatures(data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(sigs) != 1 {
				t.Fatalf("%d signatures", len(sigs))
			}
			s := sigs[0]
			if s.Field != tt.field || s.Invalid != nil || !s.CoversWholeFile || !s.CoversRevision || s.ModifiedAfter || s.Revision != 1 {
				t.Errorf("%+v", s)
			}
			if !bytes.Equal(s.Contents, smallCMS) || s.SubFilter != "adbe.pkcs7.detached" || s.SigningTime.IsZero() {
				t.Errorf("Contents %X, SubFilter %q, /M %v", s.Contents, s.SubFilter, s.SigningTime)
			}
			if tt.field == "Child" && s.FullField != "Parent.Child" {
				t.Errorf("FullField %q", s.FullField)
			}
		})
	}
}

// TestUpdateOverXrefStream: an incremental update with an xref stream
// whose /Prev is an xref stream; the first signature's field is dropped
// from the second revision's form and is found all the same.
func TestUpdateOverXrefStream(t *testing.T) {
	data := signedDoc(t, func(p *builder) { p.xrefStream(6, "/Root 1 0 R", true, false) })
	first := len(data)
	prev := bytes.LastIndex(data, []byte("6 0 obj"))
	p := &builder{offs: map[int]int64{}, inStm: map[int][2]int{}, update: true}
	p.b.Write(data)
	p.obj(3, "<< /Fields [7 0 R] >>")
	p.obj(7, "<< /FT /Sig /T (Second) /V 8 0 R >>")
	p.obj(8, sigDict(smallCMS, 10))
	p.xrefStream(9, fmt.Sprintf("/Root 1 0 R /Prev %d", prev), true, true)
	data = fixByteRange(t, p.b.Bytes())
	sigs, err := signatures(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 2 || sigs[0].Field != "Sig" || sigs[1].Field != "Second" {
		t.Fatalf("%+v", sigs)
	}
	if s := sigs[0]; s.Revision != 1 || s.RevisionEnd != int64(first) || !s.CoversRevision || !s.ModifiedAfter || s.CoversWholeFile {
		t.Errorf("first: %+v", s)
	}
	if s := sigs[1]; s.Revision != 2 || !s.CoversWholeFile || s.ModifiedAfter {
		t.Errorf("second: %+v", s)
	}
}

func TestHostile(t *testing.T) {
	small := Limits{MaxObjects: 1000, MaxDepth: 16, MaxStreamSize: 1 << 20, MaxContents: 1 << 16}
	tests := []struct {
		name string
		data func(t *testing.T) []byte
		lim  Limits
		want Reason
	}{
		{"empty", func(t *testing.T) []byte { return nil }, Limits{}, NotPDF},
		{"not a PDF", func(t *testing.T) []byte { return []byte("hello world") }, Limits{}, NotPDF},
		{"no startxref", func(t *testing.T) []byte { return []byte("%PDF-1.7\n1 0 obj null endobj\n") }, Limits{}, NotPDF},
		{"startxref past the end", func(t *testing.T) []byte { return []byte("%PDF-1.7\nstartxref\n999\n%%EOF\n") }, Limits{}, BadTrailer},
		{"startxref at junk", func(t *testing.T) []byte { return []byte("%PDF-1.7\njunk\nstartxref\n9\n%%EOF\n") }, Limits{}, BadXref},
		{"no %%EOF", func(t *testing.T) []byte { return []byte("%PDF-1.7\nxref\n0 0\ntrailer\n<<>>\nstartxref\n9\n") }, Limits{}, BadTrailer},
		{"/Prev loop", func(t *testing.T) []byte {
			p := newBuilder()
			p.obj(1, "<< /Type /Catalog >>")
			p.table(1, fmt.Sprintf("/Root 1 0 R /Prev %d", p.b.Len()))
			return p.b.Bytes()
		}, Limits{}, BadTrailer},
		{"no /Root", func(t *testing.T) []byte {
			p := newBuilder()
			p.obj(1, "<< /Type /Catalog >>")
			p.table(1, "")
			return p.b.Bytes()
		}, Limits{}, BadTrailer},
		{"encrypted", func(t *testing.T) []byte {
			p := newBuilder()
			p.obj(1, "<< /Type /Catalog >>")
			p.table(1, "/Root 1 0 R /Encrypt << /Filter /Standard >>")
			return p.b.Bytes()
		}, Limits{}, Encrypted},
		{"xref names another object", func(t *testing.T) []byte {
			p := newBuilder()
			p.obj(1, "<< /Type /Catalog >>")
			p.offs[2] = p.offs[1]
			p.table(1, "/Root 2 0 R")
			return p.b.Bytes()
		}, Limits{}, BadXref},
		{"huge xref subsection", func(t *testing.T) []byte {
			return []byte("%PDF-1.7\nxref\n0 99999999\n0000000000 65535 f\r\ntrailer\n<<>>\nstartxref\n9\n%%EOF\n")
		}, Limits{}, TooManyObjects},
		{"more entries than MaxObjects", func(t *testing.T) []byte {
			p := newBuilder()
			for i := 1; i <= 50; i++ {
				p.obj(i, "null")
			}
			p.table(1, "/Root 1 0 R")
			return p.b.Bytes()
		}, Limits{MaxObjects: 20}, TooManyObjects},
		{"reference chain", func(t *testing.T) []byte {
			p := newBuilder()
			for i := 1; i < 40; i++ {
				p.obj(i, fmt.Sprintf("%d 0 R", i+1))
			}
			p.obj(40, "<< /Type /Catalog >>")
			p.table(1, "/Root 1 0 R")
			return p.b.Bytes()
		}, small, TooDeep},
		{"field tree too deep", func(t *testing.T) []byte {
			p := newBuilder()
			p.obj(1, "<< /Type /Catalog /AcroForm << /Fields [2 0 R] >> >>")
			for i := 2; i < 40; i++ {
				p.obj(i, fmt.Sprintf("<< /T (f%d) /Kids [%d 0 R] >>", i, i+1))
			}
			p.obj(40, "<< /T (leaf) >>")
			p.table(1, "/Root 1 0 R")
			return p.b.Bytes()
		}, small, TooDeep},
		{"deep dictionaries", func(t *testing.T) []byte {
			p := newBuilder()
			p.obj(1, "<< /Type /Catalog /X "+strings.Repeat("<< /A ", 100)+strings.Repeat(">> ", 100)+">>")
			p.table(1, "/Root 1 0 R")
			return p.b.Bytes()
		}, Limits{}, TooDeep},
		{"wide array", func(t *testing.T) []byte {
			p := newBuilder()
			p.obj(1, "<< /Type /Catalog /X ["+strings.Repeat("0 ", 5000)+"] >>")
			p.table(1, "/Root 1 0 R")
			return p.b.Bytes()
		}, small, TooManyObjects},
		{"Contents over MaxContents", func(t *testing.T) []byte {
			p := newBuilder()
			p.obj(1, "<< /Type /Catalog /AcroForm << /Fields [2 0 R] >> >>")
			p.obj(2, "<< /FT /Sig /T (Sig) /V 3 0 R >>")
			p.obj(3, sigDict(smallCMS, 1<<17))
			p.table(1, "/Root 1 0 R")
			return fixByteRange(t, p.b.Bytes())
		}, small, TooLarge},
		{"flate bomb in an object stream", func(t *testing.T) []byte {
			p := newBuilder()
			p.stream(7, "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", deflate(make([]byte, 50<<20)))
			p.inStm[1] = [2]int{7, 0}
			p.xrefStream(8, "/Root 1 0 R", true, false)
			return p.b.Bytes()
		}, small, TooLarge},
		{"wrong /Length", func(t *testing.T) []byte {
			p := newBuilder()
			p.stream(7, "/Type /ObjStm /N 1 /First 4", []byte("1 0 null"))
			p.inStm[1] = [2]int{7, 0}
			p.xrefStream(8, "/Root 1 0 R", false, false)
			return bytes.Replace(p.b.Bytes(), []byte("/Length 8"), []byte("/Length 5"), 1)
		}, Limits{}, BadStream},
		{"object stream holds itself", func(t *testing.T) []byte {
			p := newBuilder()
			p.stream(7, "/Type /ObjStm /N 1 /First 4 /Length2 1 0 R", []byte("1 0 null"))
			p.inStm[1] = [2]int{7, 0}
			p.xrefStream(8, "/Root 1 0 R", false, false)
			return bytes.Replace(p.b.Bytes(), []byte("/Length 8"), []byte("/Length 1 0 R"), 1)
		}, Limits{}, BadXref},
		{"bad flate", func(t *testing.T) []byte {
			p := newBuilder()
			p.stream(7, "/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode", []byte("not zlib at all"))
			p.inStm[1] = [2]int{7, 0}
			p.xrefStream(8, "/Root 1 0 R", false, false)
			return p.b.Bytes()
		}, Limits{}, BadStream},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := signatures(tt.data(t), tt.lim)
			if got := reasonOf(err); got != tt.want {
				t.Errorf("err = %v, want reason %v", err, tt.want)
			}
		})
	}
}

// TestInvalidSignatures: a malformed signature dictionary does not stop
// the others; it is reported in Invalid and Signed refuses it.
func TestInvalidSignatures(t *testing.T) {
	tests := []struct {
		name string
		edit func(data []byte) []byte
		want Reason
	}{
		{"hole one byte short", func(d []byte) []byte { return setByteRange(d, func(br *[4]int64) { br[1]-- }) }, BadByteRange},
		{"hole one byte long", func(d []byte) []byte { return setByteRange(d, func(br *[4]int64) { br[2]++; br[3]-- }) }, BadByteRange},
		{"past the end", func(d []byte) []byte { return setByteRange(d, func(br *[4]int64) { br[3] += 10 }) }, BadByteRange},
		{"overlapping", func(d []byte) []byte {
			return setByteRange(d, func(br *[4]int64) { br[1], br[2] = br[2], br[1] })
		}, BadByteRange},
		{"not from 0", func(d []byte) []byte { return setByteRange(d, func(br *[4]int64) { br[0] = 1 }) }, BadByteRange},
		{"three numbers", func(d []byte) []byte {
			return bytes.Replace(d, []byte("/ByteRange [0 "), []byte("/ByteRange [  "), 1)
		}, BadByteRange},
		{"literal Contents", func(d []byte) []byte {
			i := bytes.Index(d, []byte("/Contents <"))
			j := bytes.IndexByte(d[i:], '>')
			copy(d[i:], "/Contents ("+strings.Repeat("a", j-len("/Contents ("))+")")
			return d
		}, BadContents},
		{"all zeros", func(d []byte) []byte {
			i := bytes.Index(d, []byte("/Contents <")) + len("/Contents <")
			copy(d[i:], strings.Repeat("0", 2*len(smallCMS)))
			return d
		}, BadContents},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.edit(signedDoc(t, func(p *builder) { p.table(1, "/Root 1 0 R") }))
			sigs, err := signatures(data, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if len(sigs) != 1 || reasonOf(sigs[0].Invalid) != tt.want {
				t.Fatalf("%+v, want Invalid %v", sigs, tt.want)
			}
			s := sigs[0]
			if s.CoversWholeFile || s.CoversRevision || s.Revision != 0 {
				t.Errorf("an invalid signature claims coverage: %+v", s)
			}
			if _, err := s.Signed(bytes.NewReader(data), int64(len(data))); reasonOf(err) != tt.want {
				t.Errorf("Signed: %v", err)
			}
		})
	}
	// Signed checks the ByteRange against the file it is given.
	data := signedDoc(t, func(p *builder) { p.table(1, "/Root 1 0 R") })
	sigs, err := signatures(data, Limits{})
	if err != nil || len(sigs) != 1 {
		t.Fatal(sigs, err)
	}
	if _, err := sigs[0].Signed(bytes.NewReader(data), int64(len(data))-1); reasonOf(err) != BadByteRange {
		t.Errorf("Signed on a shorter file: %v", err)
	}
	rd, err := sigs[0].Signed(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	// A Signature its caller filled in is checked too: a negative length
	// would stream the first range alone.
	forged := sigs[0]
	forged.ByteRange[3] = -1
	if _, err := forged.Signed(bytes.NewReader(data), int64(len(data))); reasonOf(err) != BadByteRange {
		t.Errorf("Signed with a negative length: %v", err)
	}
	got, _ := io.ReadAll(rd)
	br := sigs[0].ByteRange
	want := append(append([]byte{}, data[:br[1]]...), data[br[2]:]...)
	if !bytes.Equal(got, want) {
		t.Error("Signed does not stream the two ranges")
	}
}

// setByteRange rewrites the (space-padded) ByteRange in place.
func setByteRange(d []byte, edit func(*[4]int64)) []byte {
	i := bytes.Index(d, []byte("/ByteRange ["))
	j := bytes.IndexByte(d[i:], ']')
	var br [4]int64
	fmt.Sscan(string(d[i+len("/ByteRange ["):i+j]), &br[0], &br[1], &br[2], &br[3])
	edit(&br)
	s := fmt.Sprintf("/ByteRange [%d %d %d %d", br[0], br[1], br[2], br[3])
	s += strings.Repeat(" ", j-len(s))
	copy(d[i:], s)
	return d
}
