package gost94

import "testing"

func BenchmarkGOST94(b *testing.B) {
	buf := lcgMessage(1, 8<<10)
	h := NewCryptoPro()
	out := make([]byte, 0, Size)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		h.Reset()
		h.Write(buf)
		out = h.Sum(out[:0])
	}
}
