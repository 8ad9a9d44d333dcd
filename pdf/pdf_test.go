package pdf

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
)

const dir = "../testdata/pdf"

func open(t testing.TB, name string) (*os.File, int64) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return f, st.Size()
}

// hashRow is a line of HASHES.tsv: what gen.sh had OpenSSL sign.
type hashRow struct {
	byteRange         [4]int64
	streebog, sha2562 string
}

func readHashes(t *testing.T) map[string]hashRow {
	t.Helper()
	f, _ := open(t, "HASHES.tsv")
	rows := map[string]hashRow{}
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		col := strings.Split(sc.Text(), "\t")
		if len(col) != 5 {
			t.Fatalf("HASHES.tsv: bad line %q", sc.Text())
		}
		var r hashRow
		for i, s := range strings.Fields(col[2]) {
			r.byteRange[i], _ = strconv.ParseInt(s, 10, 64)
		}
		r.streebog, r.sha2562 = col[3], col[4]
		rows[col[0]+" "+col[1]] = r
	}
	return rows
}

var moscow = time.FixedZone("", 3*3600)

func TestFixtures(t *testing.T) {
	hashes := readHashes(t)
	type want struct {
		field, name, reason             string
		revision                        int
		revisionEnd                     int64 // -1: the file's size
		coversRevision, modified, whole bool
	}
	ivanov := want{field: "Signature1", name: "Иванов Иван", reason: "Approved (test)", revision: 1, revisionEnd: -1, coversRevision: true, whole: true}
	tests := []struct {
		file   string
		err    Reason
		sigs   []want
		verify bool // the CMS verifies over Signed (false: digest mismatch)
	}{
		{file: "signed.pdf", sigs: []want{ivanov}, verify: true},
		{file: "changed.pdf", sigs: []want{ivanov}, verify: false},
		{file: "appended.pdf", sigs: []want{{field: "Signature1", name: "Иванов Иван", reason: "Approved (test)",
			revision: 1, revisionEnd: 17552, coversRevision: true, modified: true}}, verify: true},
		{file: "two.pdf", sigs: []want{
			{field: "Signature1", name: "Иванов Иван", reason: "Approved (test)", revision: 1, revisionEnd: 17552, coversRevision: true, modified: true},
			{field: "Signature2", name: "Петров Пётр", reason: "Agreed", revision: 2, revisionEnd: -1, coversRevision: true, whole: true},
		}, verify: true},
		{file: "objstm.pdf", sigs: []want{{field: "Signature1", name: "Иванов Иван", reason: "Approved", revision: 1, revisionEnd: -1, coversRevision: true, whole: true}}, verify: true},
		{file: "unsigned.pdf"},
		{file: "badxref.pdf", err: BadXref},
		{file: "bomb_depth.pdf", err: TooDeep},
		{file: "bomb_stream.pdf", err: TooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, size := open(t, tt.file)
			sigs, err := Signatures(f, size, Limits{})
			if tt.err != 0 {
				var e *Error
				if !errors.As(err, &e) || e.Reason != tt.err {
					t.Fatalf("err = %v, want reason %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(sigs) != len(tt.sigs) {
				t.Fatalf("%d signatures, want %d", len(sigs), len(tt.sigs))
			}
			for i, w := range tt.sigs {
				s := sigs[i]
				if w.revisionEnd == -1 {
					w.revisionEnd = size
				}
				if s.Field != w.field || s.FullField != w.field || s.Name != w.name || s.Reason != w.reason ||
					s.Location != "Moscow" || s.ContactInfo != "signer@example.ru" ||
					s.Filter != "Adobe.PPKLite" || s.SubFilter != "ETSI.CAdES.detached" || s.Type != "Sig" {
					t.Errorf("signature %d: %+v", i+1, s)
				}
				if !s.SigningTime.Equal(time.Date(2024, 3, 15, 12, 0, 0, 0, moscow)) || s.RawM != "D:20240315120000+03'00'" {
					t.Errorf("signature %d: /M %q = %v", i+1, s.RawM, s.SigningTime)
				}
				if s.Revision != w.revision || s.RevisionEnd != w.revisionEnd || s.CoversRevision != w.coversRevision ||
					s.ModifiedAfter != w.modified || s.CoversWholeFile != w.whole || s.Invalid != nil {
					t.Errorf("signature %d: revision %d end %d covers %v modified %v whole %v invalid %v, want %+v",
						i+1, s.Revision, s.RevisionEnd, s.CoversRevision, s.ModifiedAfter, s.CoversWholeFile, s.Invalid, w)
				}
				h, ok := hashes[tt.file+" "+strconv.Itoa(i+1)]
				if !ok {
					t.Fatalf("signature %d not in HASHES.tsv", i+1)
				}
				if s.ByteRange != h.byteRange {
					t.Errorf("ByteRange %v, HASHES.tsv %v", s.ByteRange, h.byteRange)
				}
				checkSigned(t, &s, f, size, h, tt.verify)
			}
		})
	}
}

// checkSigned hashes what Signed streams and compares it with what
// OpenSSL signed (unless the file was changed after), then verifies the
// CMS over it with package cms.
func checkSigned(t *testing.T, s *Signature, f io.ReaderAt, size int64, h hashRow, same bool) {
	t.Helper()
	rd, err := s.Signed(f, size)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(rd)
	if err != nil {
		t.Fatal(err)
	}
	st := gost.Streebog256.New()
	st.Write(data)
	sh := sha256.Sum256(data)
	gotSame := hex.EncodeToString(st.Sum(nil)) == h.streebog
	if gotSame != same || (hex.EncodeToString(sh[:]) == h.sha2562) != same {
		t.Errorf("Signed streams bytes whose hashes equal what OpenSSL signed: %v, want %v", gotSame, same)
	}
	if int64(len(data)) != s.ByteRange[1]+s.ByteRange[3] {
		t.Errorf("Signed streamed %d bytes, want %d", len(data), s.ByteRange[1]+s.ByteRange[3])
	}
	sd, err := cms.Parse(s.Contents)
	if err != nil {
		t.Fatalf("cms.Parse(Contents): %v", err)
	}
	results, err := sd.Verify(bytes.NewReader(data), cms.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 1 || (results[0].Err == nil) != same {
		t.Errorf("cms verify: %d results, err %v; want success %v", len(results), results[0].Err, same)
	}
}

// TestContentsPadding: the 8192-byte placeholder's zeros are cut after
// the DER, the DER is kept whole.
func TestContentsPadding(t *testing.T) {
	f, size := open(t, "signed.pdf")
	sigs, err := Signatures(f, size, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	c := sigs[0].Contents
	n, ok := berLen(c, 0, 64)
	if !ok || n != len(c) || c[0] != 0x30 || len(c) >= 8192 {
		t.Errorf("Contents of %d bytes, DER length %d %v", len(c), n, ok)
	}
}

func TestIsPDF(t *testing.T) {
	for _, tt := range []struct {
		head string
		want bool
	}{
		{"%PDF-1.7\n", true},
		{strings.Repeat(" ", 1000) + "%PDF-1.4", true},
		{strings.Repeat(" ", 1020) + "%PDF-1.4", false},
		{"%!PS-Adobe", false},
		{"", false},
	} {
		if got := IsPDF([]byte(tt.head)); got != tt.want {
			t.Errorf("IsPDF(%.20q…) = %v", tt.head, got)
		}
	}
}
