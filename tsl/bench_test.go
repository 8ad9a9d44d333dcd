package tsl

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"io"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// genList streams a list of n CAs in the real schema: the first CA of
// testdata/list_unsigned.xml again and again, each with its own name, INN
// and certificate bytes (four bytes of the signature changed, so that
// every listed certificate is distinct; the DER stays well-formed). The
// list never exists whole in memory.
type genList struct {
	n, i       int
	head, tail string
	ca         []string // the CA block cut at the places that vary
	der        []byte
	buf        bytes.Buffer
	size       int64
}

func newGenList(tb testing.TB, n int) *genList {
	tb.Helper()
	s := string(readFile(tb, "testdata/list_unsigned.xml"))
	i := strings.Index(s, "  <УдостоверяющийЦентр>")
	j := strings.Index(s, "</УдостоверяющийЦентр>") + len("</УдостоверяющийЦентр>\n")
	block := s[i:j]
	d1 := strings.Index(block, "<Данные>") + len("<Данные>")
	d2 := strings.Index(block, "</Данные>")
	der, err := base64.StdEncoding.DecodeString(block[d1:d2])
	if err != nil {
		tb.Fatal(err)
	}
	const name = `ООО "УЦ Альфа" (тестовые данные)`
	const inn = "<ИНН>7700000016</ИНН>"
	n1 := strings.Index(block, name)
	i1 := strings.Index(block, inn)
	if n1 < 0 || i1 < 0 || !(n1 < d1 && d2 < i1) {
		tb.Fatal("unexpected fixture layout")
	}
	g := &genList{n: n, head: s[:i], tail: "</АккредитованныеУдостоверяющиеЦентры>\n", der: der,
		ca: []string{block[:n1], block[n1+len(name) : d1], block[d2:i1], block[i1+len(inn):]}}
	// The size, for b.SetBytes.
	for g.i < g.n {
		g.fill()
		g.size += int64(g.buf.Len())
		g.buf.Reset()
	}
	g.size += int64(len(g.head) + len(g.tail))
	g.i = 0
	g.buf.WriteString(g.head)
	return g
}

func (g *genList) reset() *genList {
	g.i = 0
	g.buf.Reset()
	g.buf.WriteString(g.head)
	return g
}

func (g *genList) fill() {
	der := g.der
	binary.BigEndian.PutUint32(der[len(der)-4:], uint32(g.i))
	g.buf.WriteString(g.ca[0])
	fmt.Fprintf(&g.buf, "Удостоверяющий центр № %d", g.i)
	g.buf.WriteString(g.ca[1])
	g.buf.WriteString(base64.StdEncoding.EncodeToString(der))
	g.buf.WriteString(g.ca[2])
	fmt.Fprintf(&g.buf, "<ИНН>%010d</ИНН>", 7700000000+g.i)
	g.buf.WriteString(g.ca[3])
	g.i++
}

func (g *genList) Read(p []byte) (int, error) {
	for g.buf.Len() < len(p) && g.i <= g.n {
		if g.i == g.n {
			g.buf.WriteString(g.tail)
			g.i++
			break
		}
		g.fill()
	}
	if g.buf.Len() == 0 {
		return 0, io.EOF
	}
	return g.buf.Read(p)
}

// peakHeap samples the live heap every 10 ms until stop is called, which
// returns the highest value seen, in MB.
func peakHeap() (stop func() float64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		return float64(peak.Load()) / (1 << 20)
	}
}

var bigLimits = Limits{MaxBytes: 1 << 30}

// BenchmarkScan50k streams a list of 50 000 CAs (about 250 MB) through
// Scan, keeping nothing: memory stays that of one CA.
func BenchmarkScan50k(b *testing.B) {
	g := newGenList(b, 50_000)
	b.SetBytes(g.size)
	b.ReportAllocs()
	runtime.GC()
	stop := peakHeap()
	for b.Loop() {
		n := 0
		if _, err := Scan(g.reset(), bigLimits, func(*CA) error { n++; return nil }); err != nil || n != 50_000 {
			b.Fatal(n, err)
		}
	}
	b.ReportMetric(stop(), "peak-heap-MB")
}

// BenchmarkParse50k parses the same list into a List, keeping every CA:
// memory is what the list holds, not a document tree.
func BenchmarkParse50k(b *testing.B) {
	g := newGenList(b, 50_000)
	b.SetBytes(g.size)
	b.ReportAllocs()
	runtime.GC()
	stop := peakHeap()
	for b.Loop() {
		l, err := Parse(g.reset(), bigLimits)
		if err != nil || len(l.CAs) != 50_000 {
			b.Fatal(err)
		}
	}
	b.ReportMetric(stop(), "peak-heap-MB")
}

// BenchmarkCheck50k looks a CA certificate up in the list of 50 000.
func BenchmarkCheck50k(b *testing.B) {
	l, err := Parse(newGenList(b, 50_000), bigLimits)
	if err != nil {
		b.Fatal(err)
	}
	ca := loadCert(b, "testdata/pki/cades_root_reissued.pem") // by key identifier: not in the generated list
	sub := loadCert(b, "../testdata/cms/pki/sub.pem")
	l.CAs = append(l.CAs, readList(b, "list_v1.xml").CAs...)
	l.Check(sub, Query{}) // the index
	q := Query{At: date("2026-12-01T00:00:00Z"), Issued: date("2026-11-23T00:00:00Z")}
	b.ReportAllocs()
	for b.Loop() {
		if !l.Check(sub, q).Accredited() || l.Check(ca, q).Reason == NotInList {
			b.Fatal("wrong verdict")
		}
	}
}

// BenchmarkVerifySignature5k checks the signature of a list of 5 000 CAs
// (about 25 MB, the size of the real list), signed as testdata/gen.sh
// signs, by xmllint and OpenSSL.
func BenchmarkVerifySignature5k(b *testing.B) {
	unsigned, err := io.ReadAll(newGenList(b, 5_000))
	if err != nil {
		b.Fatal(err)
	}
	data := signWithOpenSSL(b, unsigned)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	runtime.GC()
	stop := peakHeap()
	for b.Loop() {
		if _, err := VerifySignature(data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(stop(), "peak-heap-MB")
}

// signWithOpenSSL signs a list as testdata/gen.sh does: xmllint
// canonicalises, openssl digests and signs with testdata/pki/signer.key.pem.
func signWithOpenSSL(tb testing.TB, unsigned []byte) []byte {
	tb.Helper()
	for _, tool := range []string{"xmllint", "openssl"} {
		if _, err := exec.LookPath(tool); err != nil {
			tb.Skipf("%s is missing", tool)
		}
	}
	run := func(stdin []byte, name string, args ...string) []byte {
		cmd := exec.Command(name, args...)
		cmd.Stdin = bytes.NewReader(stdin)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			tb.Fatalf("%s %v: %v: %s", name, args, err, stderr.String())
		}
		return out
	}
	c14n := run(unsigned, "xmllint", "--exc-c14n", "-")
	digest := run(c14n, "openssl", "dgst", "-engine", "gost", "-md_gost12_256", "-binary")
	signedInfo := `<SignedInfo><CanonicalizationMethod Algorithm="` + algExcC14N + `"></CanonicalizationMethod>` +
		`<SignatureMethod Algorithm="` + algGOST2012256 + `"></SignatureMethod><Reference URI=""><Transforms>` +
		`<Transform Algorithm="` + algEnveloped + `"></Transform><Transform Algorithm="` + algExcC14N + `"></Transform>` +
		`</Transforms><DigestMethod Algorithm="` + algStreebog256 + `"></DigestMethod><DigestValue>` +
		base64.StdEncoding.EncodeToString(digest) + `</DigestValue></Reference></SignedInfo>`
	siC14N := run([]byte(strings.Replace(signedInfo, "<SignedInfo>", `<SignedInfo xmlns="`+nsDSig+`">`, 1)), "xmllint", "--exc-c14n", "-")
	key, err := filepath.Abs("testdata/pki/signer.key.pem")
	if err != nil {
		tb.Fatal(err)
	}
	sig := run(siC14N, "openssl", "dgst", "-engine", "gost", "-md_gost12_256", "-sign", key, "-binary")
	cert := base64.StdEncoding.EncodeToString(loadCert(tb, "testdata/pki/signer.pem").Raw)
	const end = "</АккредитованныеУдостоверяющиеЦентры>"
	body := strings.TrimSuffix(strings.TrimRight(string(unsigned), "\n"), end)
	return []byte(body + `<Signature xmlns="` + nsDSig + `">` + signedInfo +
		`<SignatureValue>` + base64.StdEncoding.EncodeToString(sig) + `</SignatureValue><KeyInfo><X509Data><X509Certificate>` +
		cert + `</X509Certificate></X509Data></KeyInfo></Signature>` + end + "\n")
}

// BenchmarkReadStored5k reads a stored list of 5 000 CAs (about 25 MB,
// the size of the real list) the way a run takes it: "checked" checks
// the XMLDSig and parses (--tsl FILE), "marked" parses on the mark of
// tsl update's check, "indexed" reads the index kept beside the list.
func BenchmarkReadStored5k(b *testing.B) {
	unsigned, err := io.ReadAll(newGenList(b, 5_000))
	if err != nil {
		b.Fatal(err)
	}
	data := signWithOpenSSL(b, unsigned)
	l, err := Read(data, Options{})
	if err != nil {
		b.Fatal(err)
	}
	anchors := AnchorsDigest(nil)
	dir := b.TempDir()
	if _, err := StoreVerified(dir, data, l, anchors, time.Now()); err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		read func() (*List, error)
	}{
		{"checked", func() (*List, error) { return Read(data, Options{}) }},
		{"marked", func() (*List, error) {
			m, err := LoadMark(dir)
			if err != nil {
				return nil, err
			}
			c, err := Load(dir)
			if err != nil {
				return nil, err
			}
			l, _, err := ReadMarked(c.Data, m, anchors, Options{})
			return l, err
		}},
		{"indexed", func() (*List, error) {
			l, how, err := ReadStored(dir, anchors, Options{})
			if err == nil && how != ReadIndexed {
				b.Fatalf("read %v", how)
			}
			return l, err
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			runtime.GC()
			stop := peakHeap()
			for b.Loop() {
				got, err := tc.read()
				if err != nil || len(got.CAs) != 5_000 {
					b.Fatal(err)
				}
			}
			b.ReportMetric(stop(), "peak-heap-MB")
		})
	}
}
