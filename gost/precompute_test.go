package gost

import (
	"bytes"
	"encoding/json"
	"errors"
	"sync"
	"testing"
)

// TestPrecompute verifies the OpenSSL fixtures of every parameter set with
// one shared key per fixture that goroutines precompute while others
// verify with it (run with -race); the answers, good and bad, must not
// change.
func TestPrecompute(t *testing.T) {
	for _, name := range opensslCombinations {
		var fx opensslFixture
		if err := json.Unmarshal(readFile(t, "../testdata/gost/"+name+".json"), &fx); err != nil {
			t.Fatal(err)
		}
		key, err := ParsePublicKey(unhex(t, fx.SPKIDERHex))
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for g := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i, s := range fx.Signatures {
					if i == g {
						key.Precompute()
					}
					digest, sig := unhex(t, s.DigestHex), unhex(t, s.SignatureHex)
					if err := key.VerifyDigest(digest, sig); err != nil {
						t.Errorf("%s: signature %d: %v", name, i, err)
					}
					bad := bytes.Clone(sig)
					bad[(i*7)%len(bad)] ^= 1
					if err := key.VerifyDigest(digest, bad); !errors.Is(err, ErrSignatureInvalid) {
						t.Errorf("%s: signature %d with a flipped bit: %v", name, i, err)
					}
				}
			}()
		}
		wg.Wait()
		key.Precompute() // idempotent
	}
	var nilKey *PublicKey
	nilKey.Precompute()
}
