package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"D:20240315120000+03'00'", time.Date(2024, 3, 15, 12, 0, 0, 0, time.FixedZone("", 3*3600)), true},
		{"D:20240315120000+03'00", time.Date(2024, 3, 15, 12, 0, 0, 0, time.FixedZone("", 3*3600)), true},
		{"D:20240315120000-05'30'", time.Date(2024, 3, 15, 12, 0, 0, 0, time.FixedZone("", -(5*3600+30*60))), true},
		{"D:20240315120000Z", time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC), true},
		{"D:20240315120000Z00'00'", time.Date(2024, 3, 15, 12, 0, 0, 0, time.UTC), true},
		{"D:2024", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"20240315", time.Date(2024, 3, 15, 0, 0, 0, 0, time.UTC), true},
		{"D:20240230120000Z", time.Time{}, false}, // February 30th
		{"D:20241315120000Z", time.Time{}, false},
		{"D:2024031512000", time.Time{}, false},
		{"D:20240315120000+3", time.Time{}, false},
		{"D:20240315120000+03'00'junk", time.Time{}, false},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		in   []byte
		want string
	}{
		{[]byte("Moscow"), "Moscow"},
		{[]byte{0xFE, 0xFF, 0x04, 0x18, 0x04, 0x32, 0xD8, 0x3D, 0xDE, 0x00}, "Ив😀"},
		{[]byte("\xEF\xBB\xBFПривет"), "Привет"},
		{[]byte{0x80, 0x84, 0xA0, 0xE9, 0x18}, "•—€é˘"},
		{[]byte{}, ""},
	}
	for _, tt := range tests {
		if got := text(tt.in); got != tt.want {
			t.Errorf("text(%X) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTrimPadding(t *testing.T) {
	der := []byte{0x30, 0x03, 0x02, 0x01, 0x05}
	ber := []byte{0x30, 0x80, 0x02, 0x01, 0x05, 0x24, 0x80, 0x04, 0x01, 0xAA, 0x00, 0x00, 0x00, 0x00}
	long := append([]byte{0x30, 0x81, 0x80}, make([]byte, 128)...)
	tests := []struct {
		in, want []byte
	}{
		{append(der, 0, 0, 0), der},
		{der, der},
		{append(ber, 0, 0), ber},
		{append(long, 0, 0), long},
		{append(der, 0, 1), append(der, 0, 1)}, // not only padding after it
		{[]byte{0x30, 0x05, 0x02, 0x01}, []byte{0x30, 0x05, 0x02, 0x01}}, // truncated
		{[]byte{0x30, 0x80, 0x02, 0x01, 0x05, 0x00}, []byte{0x30, 0x80, 0x02, 0x01, 0x05, 0x00}},
		{[]byte{0, 0, 0}, []byte{0, 0, 0}},
	}
	for _, tt := range tests {
		if got := trimPadding(tt.in, 64); !bytes.Equal(got, tt.want) {
			t.Errorf("trimPadding(%X) = %X, want %X", tt.in, got, tt.want)
		}
	}
}

// TestOverlappingObjects: objects whose headers lie inside one comment
// line, each read to the end of that line, are stopped by the scan budget
// instead of reading the file once per object.
func TestOverlappingObjects(t *testing.T) {
	const n = 200000
	p := newBuilder()
	var refs strings.Builder
	for i := 2; i < n+2; i++ {
		fmt.Fprintf(&refs, "%d 0 R ", i)
	}
	p.obj(1, "<< /Type /Catalog /AcroForm << /Fields ["+refs.String()+"] >> >>")
	p.b.WriteString("%")
	for i := 2; i < n+2; i++ {
		p.offs[i] = int64(p.b.Len())
		fmt.Fprintf(&p.b, "%d 0 obj %%", i)
	}
	p.b.WriteString("\nnull endobj\n")
	p.table(1, "/Root 1 0 R")
	start := time.Now()
	_, err := signatures(p.b.Bytes(), Limits{})
	if reasonOf(err) != TooLarge {
		t.Errorf("err = %v, want TooLarge", err)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("took %v", d)
	}
}
