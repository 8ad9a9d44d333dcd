package streebog

import (
	"bytes"
	"testing"
)

// TestInterface checks the hash.Hash metadata.
func TestInterface(t *testing.T) {
	for _, c := range []struct{ bits, size int }{{256, Size256}, {512, Size512}} {
		h := newHash(c.bits)
		if h.Size() != c.size || h.BlockSize() != BlockSize {
			t.Errorf("%d bits: Size %d, BlockSize %d", c.bits, h.Size(), h.BlockSize())
		}
		if got := len(h.Sum(nil)); got != c.size {
			t.Errorf("%d bits: Sum gave %d bytes", c.bits, got)
		}
		prefix := []byte("prefix")
		if got := h.Sum(bytes.Clone(prefix)); !bytes.Equal(got[:len(prefix)], prefix) || len(got) != len(prefix)+c.size {
			t.Errorf("%d bits: Sum does not append", c.bits)
		}
	}
}

// TestSplitWrites checks that splitting a message at every position, or
// writing it a byte at a time, gives the digest of a single write.
func TestSplitWrites(t *testing.T) {
	msg := lcgMessage(7, 300)
	for _, bits := range []int{256, 512} {
		want := oneShot(bits, msg)
		h := newHash(bits)
		for i := 0; i <= len(msg); i++ {
			h.Reset()
			h.Write(msg[:i])
			h.Write(msg[i:])
			if got := h.Sum(nil); !bytes.Equal(got, want) {
				t.Fatalf("%d bits, split at %d: got %x, want %x", bits, i, got, want)
			}
		}
		for i := 0; i <= len(msg); i += 7 {
			for j := i; j <= len(msg); j += 13 {
				h.Reset()
				h.Write(msg[:i])
				h.Write(msg[i:j])
				h.Write(msg[j:])
				if got := h.Sum(nil); !bytes.Equal(got, want) {
					t.Fatalf("%d bits, split at %d and %d: got %x, want %x", bits, i, j, got, want)
				}
			}
		}
		h.Reset()
		for i := range msg {
			h.Write(msg[i : i+1])
		}
		if got := h.Sum(nil); !bytes.Equal(got, want) {
			t.Errorf("%d bits, byte at a time: got %x, want %x", bits, got, want)
		}
	}
}

// TestBoundaries checks lengths around block multiples, hashed in one call
// and in uneven chunks.
func TestBoundaries(t *testing.T) {
	msg := lcgMessage(3, 3<<20+1)
	for _, n := range []int{0, 1, 63, 64, 65, 127, 128, 129, 511, 512, 513, 4095, 4096, 4097, 1<<20 - 1, 1 << 20, 1<<20 + 1, 3<<20 + 1} {
		for _, bits := range []int{256, 512} {
			want := oneShot(bits, msg[:n])
			for _, max := range []int{1, 63, 64, 65, 1000} {
				if n > 1<<16 && max < 64 {
					continue
				}
				if got := chunked(newHash(bits), msg[:n], max); !bytes.Equal(got, want) {
					t.Errorf("length %d, %d bits, chunks up to %d: got %x, want %x", n, bits, max, got, want)
				}
			}
		}
	}
}

// TestReset checks that a used hash gives the same digests after Reset.
func TestReset(t *testing.T) {
	msg := lcgMessage(5, 200)
	for _, bits := range []int{256, 512} {
		want := oneShot(bits, msg)
		h := newHash(bits)
		h.Write(lcgMessage(6, 100))
		h.Sum(nil)
		h.Reset()
		h.Write(msg)
		if got := h.Sum(nil); !bytes.Equal(got, want) {
			t.Errorf("%d bits: after Reset got %x, want %x", bits, got, want)
		}
		h.Reset()
		if got, empty := h.Sum(nil), oneShot(bits, nil); !bytes.Equal(got, empty) {
			t.Errorf("%d bits: Reset then Sum got %x, want %x", bits, got, empty)
		}
	}
}

// TestSumKeepsState checks that Sum can be called twice with the same
// result and that writing may continue after it.
func TestSumKeepsState(t *testing.T) {
	msg := lcgMessage(9, 333)
	for _, bits := range []int{256, 512} {
		for _, cut := range []int{0, 1, 64, 100, 128, 333} {
			h := newHash(bits)
			h.Write(msg[:cut])
			first := h.Sum(nil)
			if second := h.Sum(nil); !bytes.Equal(first, second) {
				t.Errorf("%d bits, cut %d: Sum twice gave %x and %x", bits, cut, first, second)
			}
			if want := oneShot(bits, msg[:cut]); !bytes.Equal(first, want) {
				t.Errorf("%d bits, cut %d: intermediate Sum %x, want %x", bits, cut, first, want)
			}
			h.Write(msg[cut:])
			if got, want := h.Sum(nil), oneShot(bits, msg); !bytes.Equal(got, want) {
				t.Errorf("%d bits, cut %d: Sum disturbed later writes: got %x, want %x", bits, cut, got, want)
			}
		}
	}
}

// TestWriteAllocs checks that hashing does not allocate.
func TestWriteAllocs(t *testing.T) {
	msg := lcgMessage(1, 1000)
	h := New256()
	out := make([]byte, 0, Size512)
	allocs := testing.AllocsPerRun(10, func() {
		h.Reset()
		h.Write(msg[:5])
		h.Write(msg[5:])
		out = h.Sum(out[:0])
		_ = Sum512(msg)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run", allocs)
	}
}
