package pdf

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzSignatures: any input gives signatures or a *Error, never a panic,
// within small limits; Signed on what is found streams at most the file.
func FuzzSignatures(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(dir, "*.pdf"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Add(signedDoc(f, func(p *builder) { p.xrefStream(6, "/Root 1 0 R", true, true) }))
	p := newBuilder()
	p.objStm(7, map[int]string{
		1: "<< /Type /Catalog /AcroForm << /Fields [4 0 R] >> >>",
		4: "<< /T (P) /FT /Sig /Kids [3 0 R] >>",
		3: "<< /T (C) /V 5 0 R >>",
	}, true)
	p.obj(5, sigDict(smallCMS, 10))
	p.xrefStream(8, "/Root 1 0 R", true, true)
	f.Add(fixByteRange(f, p.b.Bytes()))

	lim := Limits{MaxObjects: 5000, MaxDepth: 32, MaxStreamSize: 1 << 20, MaxContents: 1 << 18}
	f.Fuzz(func(t *testing.T, data []byte) {
		sigs, err := Signatures(bytes.NewReader(data), int64(len(data)), lim)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("not a *Error: %v", err)
			}
			if len(e.Error()) > 400 {
				t.Fatalf("error message of %d bytes", len(e.Error()))
			}
			return
		}
		for _, s := range sigs {
			rd, err := s.Signed(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				if s.Invalid == nil {
					t.Fatalf("Signed refuses a valid signature: %v", err)
				}
				continue
			}
			n, err := io.Copy(io.Discard, rd)
			if err != nil || n > int64(len(data)) || n != s.ByteRange[1]+s.ByteRange[3] {
				t.Fatalf("Signed streamed %d bytes, %v", n, err)
			}
			if s.CoversWholeFile && s.ModifiedAfter {
				t.Fatalf("covers the whole file and modified after: %+v", s)
			}
		}
	})
}
