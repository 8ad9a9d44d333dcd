package streebog

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gostverify/gostverify/internal/gostengine"
)

// TestOpenSSL compares digests of random messages of random length with
// those of OpenSSL and gost-engine.
func TestOpenSSL(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 0))
	msgs := make([][]byte, 300)
	for i := range msgs {
		msgs[i] = make([]byte, 1+r.IntN(5000))
		for j := range msgs[i] {
			msgs[i][j] = byte(r.Uint32())
		}
	}
	// M1 of RFC 6986 first, to confirm that the engine is the right one.
	m1 := []byte("012345678901234567890123456789012345678901234567890123456789012")
	msgs = append([][]byte{m1}, msgs...)
	for _, c := range []struct {
		bits int
		md   string
	}{{256, "md_gost12_256"}, {512, "md_gost12_512"}} {
		want := gostengine.Digests(t, c.md, msgs)
		if got := hex.EncodeToString(want[0]); got != hex.EncodeToString(oneShot(c.bits, m1)) {
			t.Fatalf("openssl -%s gives %s for RFC 6986 M1", c.md, got)
		}
		for i, m := range msgs {
			if got := oneShot(c.bits, m); !bytes.Equal(got, want[i]) {
				t.Errorf("%d bits, seed %d, message %d (%d bytes): got %x, openssl %x", c.bits, seed, i, len(m), got, want[i])
			}
		}
	}
}
