package gost94

import (
	"bytes"
	"testing"
)

// TestInterface checks the hash.Hash metadata.
func TestInterface(t *testing.T) {
	for _, ps := range paramSets {
		h := ps.new()
		if h.Size() != Size || h.BlockSize() != BlockSize {
			t.Errorf("%s: Size %d, BlockSize %d", ps.name, h.Size(), h.BlockSize())
		}
		prefix := []byte("prefix")
		if got := h.Sum(bytes.Clone(prefix)); !bytes.Equal(got[:len(prefix)], prefix) || len(got) != len(prefix)+Size {
			t.Errorf("%s: Sum does not append", ps.name)
		}
	}
}

// TestSplitWrites checks that splitting a message at every position, or
// writing it a byte at a time, gives the digest of a single write.
func TestSplitWrites(t *testing.T) {
	msg := lcgMessage(7, 300)
	for _, ps := range paramSets {
		want := sum(ps.new, msg)
		h := ps.new()
		for i := 0; i <= len(msg); i++ {
			h.Reset()
			h.Write(msg[:i])
			h.Write(msg[i:])
			if got := h.Sum(nil); !bytes.Equal(got, want) {
				t.Fatalf("%s, split at %d: got %x, want %x", ps.name, i, got, want)
			}
		}
		for i := 0; i <= len(msg); i += 7 {
			for j := i; j <= len(msg); j += 13 {
				h.Reset()
				h.Write(msg[:i])
				h.Write(msg[i:j])
				h.Write(msg[j:])
				if got := h.Sum(nil); !bytes.Equal(got, want) {
					t.Fatalf("%s, split at %d and %d: got %x, want %x", ps.name, i, j, got, want)
				}
			}
		}
		h.Reset()
		for i := range msg {
			h.Write(msg[i : i+1])
		}
		if got := h.Sum(nil); !bytes.Equal(got, want) {
			t.Errorf("%s, byte at a time: got %x, want %x", ps.name, got, want)
		}
	}
}

// TestBoundaries checks lengths around block multiples, hashed in one call
// and in uneven chunks.
func TestBoundaries(t *testing.T) {
	msg := lcgMessage(3, 3<<20+1)
	for _, n := range []int{0, 1, 31, 32, 33, 63, 64, 65, 255, 256, 257, 511, 512, 513, 1<<20 - 1, 1 << 20, 1<<20 + 1, 3<<20 + 1} {
		for _, ps := range paramSets {
			want := sum(ps.new, msg[:n])
			for _, max := range []int{1, 31, 32, 33, 1000} {
				if n > 1<<16 && max < 32 {
					continue
				}
				if got := chunked(ps.new(), msg[:n], max); !bytes.Equal(got, want) {
					t.Errorf("%s, length %d, chunks up to %d: got %x, want %x", ps.name, n, max, got, want)
				}
			}
		}
	}
}

// TestReset checks that a used hash gives the same digests after Reset.
func TestReset(t *testing.T) {
	msg := lcgMessage(5, 200)
	for _, ps := range paramSets {
		want := sum(ps.new, msg)
		h := ps.new()
		h.Write(lcgMessage(6, 100))
		h.Sum(nil)
		h.Reset()
		h.Write(msg)
		if got := h.Sum(nil); !bytes.Equal(got, want) {
			t.Errorf("%s: after Reset got %x, want %x", ps.name, got, want)
		}
		h.Reset()
		if got, empty := h.Sum(nil), sum(ps.new, nil); !bytes.Equal(got, empty) {
			t.Errorf("%s: Reset then Sum got %x, want %x", ps.name, got, empty)
		}
	}
}

// TestSumKeepsState checks that Sum can be called twice with the same
// result and that writing may continue after it.
func TestSumKeepsState(t *testing.T) {
	msg := lcgMessage(9, 333)
	for _, ps := range paramSets {
		for _, cut := range []int{0, 1, 32, 100, 128, 333} {
			h := ps.new()
			h.Write(msg[:cut])
			first := h.Sum(nil)
			if second := h.Sum(nil); !bytes.Equal(first, second) {
				t.Errorf("%s, cut %d: Sum twice gave %x and %x", ps.name, cut, first, second)
			}
			if want := sum(ps.new, msg[:cut]); !bytes.Equal(first, want) {
				t.Errorf("%s, cut %d: intermediate Sum %x, want %x", ps.name, cut, first, want)
			}
			h.Write(msg[cut:])
			if got, want := h.Sum(nil), sum(ps.new, msg); !bytes.Equal(got, want) {
				t.Errorf("%s, cut %d: Sum disturbed later writes: got %x, want %x", ps.name, cut, got, want)
			}
		}
	}
}

// TestWriteAllocs checks that hashing does not allocate.
func TestWriteAllocs(t *testing.T) {
	msg := lcgMessage(1, 1000)
	h := NewCryptoPro()
	out := make([]byte, 0, Size)
	allocs := testing.AllocsPerRun(10, func() {
		h.Reset()
		h.Write(msg[:5])
		h.Write(msg[5:])
		out = h.Sum(out[:0])
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run", allocs)
	}
}
