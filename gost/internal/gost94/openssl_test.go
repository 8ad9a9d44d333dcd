package gost94

import (
	"bytes"
	"encoding/hex"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/gostverify/gostverify/internal/gostengine"
)

// TestOpenSSL compares CryptoPro-set digests of random messages of random
// length with those of OpenSSL and gost-engine. The messages are never
// empty: gost-engine's digest of the empty message is not the published
// one (see the package documentation).
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
	// "abc" first, to confirm that the engine uses the CryptoPro S-boxes.
	abc := []byte("abc")
	msgs = append([][]byte{abc}, msgs...)
	want := gostengine.Digests(t, "md_gost94", msgs)
	if got := hex.EncodeToString(want[0]); got != "b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c" {
		t.Fatalf("openssl -md_gost94 gives %s for \"abc\"", got)
	}
	for i, m := range msgs {
		if got := sum(NewCryptoPro, m); !bytes.Equal(got, want[i]) {
			t.Errorf("seed %d, message %d (%d bytes): got %x, openssl %x", seed, i, len(m), got, want[i])
		}
	}
}
