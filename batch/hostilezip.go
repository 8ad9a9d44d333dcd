//go:build ignore

// Hostilezip writes to stdout a zip of the shape that filled disks: zips
// nested four levels deep (the zip itself, then depth 1, 2 and 3, within
// the default --max-depth), -w1 × -w2 × -w3 zips at depth 3, each holding
// invoice.xml and invoice.xml.sig of testdata/cms and -pad bytes that
// deflate just under the default --max-ratio of 1000:1, stored. The zips
// are deflated in the zips above them, and each level is compressed once and copied raw, so it takes
// seconds. The defaults are the issue's: 16 × 16 × 16 = 4 096 zips of 16
// MiB (64 GiB) in a zip of a few hundred KiB.
//
//	go run batch/hostilezip.go [-w1 16 -w2 16 -w3 16 -pad 16M] > hostile.zip
package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("hostilezip: ")
	w1 := flag.Int("w1", 16, "zips at depth 1")
	w2 := flag.Int("w2", 16, "zips at depth 2 in each")
	w3 := flag.Int("w3", 16, "zips at depth 3 in each")
	padFlag := flag.String("pad", "16M", "pad bytes of each zip at depth 3 (K, M suffixes)")
	flag.Parse()
	pad, err := size(*padFlag)
	if err != nil {
		log.Fatal(err)
	}
	_, self, _, _ := runtime.Caller(0)
	cms := filepath.Join(filepath.Dir(self), "..", "testdata", "cms")
	var files []entry
	for _, name := range []string{"invoice.xml", "invoice.xml.sig"} {
		data, err := os.ReadFile(filepath.Join(cms, name))
		if err != nil {
			log.Fatal(err)
		}
		files = append(files, entry{name, data})
	}
	// 4 KiB of noise, then zeros: about 730:1 deflated for 16 MiB.
	padding := make([]byte, pad)
	rand.NewChaCha8([32]byte{}).Read(padding[:min(4096, pad)])
	l3 := archive(append(files, entry{"pad.bin", padding}), zip.Store)
	l2 := archive(copies("c", *w3, l3), zip.Deflate)
	l1 := archive(copies("b", *w2, l2), zip.Deflate)
	top := archive(copies("a", *w1, l1), zip.Deflate)
	if _, err := os.Stdout.Write(top); err != nil {
		log.Fatal(err)
	}
	fmt.Fprintf(os.Stderr, "hostilezip: %d bytes; %d zips of %d bytes at depth 3 (%d bytes in all)\n",
		len(top), *w1**w2**w3, len(l3), int64(*w1**w2**w3)*int64(len(l3)))
}

type entry struct {
	name string
	data []byte
}

func copies(prefix string, n int, data []byte) []entry {
	var es []entry
	for i := range n {
		es = append(es, entry{fmt.Sprintf("%s%d.zip", prefix, i), data})
	}
	return es
}

// archive is a zip of entries, stored or deflated; equal data is
// compressed once.
func archive(entries []entry, method uint16) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	var last []byte
	var compressed []byte
	for _, e := range entries {
		if last == nil || !bytes.Equal(last, e.data) {
			last, compressed = e.data, e.data
			if method == zip.Deflate {
				compressed = deflate(e.data)
			}
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: method, CRC32: crc32.ChecksumIEEE(e.data),
			CompressedSize64: uint64(len(compressed)), UncompressedSize64: uint64(len(e.data))})
		if err != nil {
			log.Fatal(err)
		}
		if _, err := w.Write(compressed); err != nil {
			log.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

func deflate(data []byte) []byte {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := io.Copy(w, bytes.NewReader(data)); err != nil {
		log.Fatal(err)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

func size(s string) (int, error) {
	shift := 0
	switch {
	case strings.HasSuffix(s, "K"):
		shift = 10
	case strings.HasSuffix(s, "M"):
		shift = 20
	}
	n, err := strconv.Atoi(strings.TrimRight(s, "KM"))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("-pad %q: want a size such as 16M", s)
	}
	return n << shift, nil
}
