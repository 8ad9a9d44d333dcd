package streebog

import (
	"hash"
	"testing"
)

func benchmark(b *testing.B, h hash.Hash) {
	buf := lcgMessage(1, 8<<10)
	out := make([]byte, 0, Size512)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		h.Reset()
		h.Write(buf)
		out = h.Sum(out[:0])
	}
}

func BenchmarkStreebog256(b *testing.B) { benchmark(b, New256()) }

func BenchmarkStreebog512(b *testing.B) { benchmark(b, New512()) }
