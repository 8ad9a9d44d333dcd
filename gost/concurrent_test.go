package gost

import (
	"encoding/json"
	"sync"
	"testing"
)

// TestConcurrentVerify makes keys and verifies from many goroutines at once
// on fresh curves, so that the lazy curve set-up runs concurrently (run
// with -race).
func TestConcurrentVerify(t *testing.T) {
	type job struct {
		alg         KeyAlgorithm
		ps          *ParamSet
		x, y        []byte
		digest, sig []byte
	}
	var jobs []job
	for _, name := range []string{"2012-256-TC26-A", "2012-512-TC26-C", "2001-CryptoPro-A"} {
		var fx opensslFixture
		if err := json.Unmarshal(readFile(t, "../testdata/gost/"+name+".json"), &fx); err != nil {
			t.Fatal(err)
		}
		key, err := ParsePublicKey(unhex(t, fx.SPKIDERHex))
		if err != nil {
			t.Fatal(err)
		}
		c := key.ParamSet.Curve
		fresh := &Curve{Name: c.Name, Size: c.Size, p: c.p, a: c.a, b: c.b, q: c.q, x: c.x, y: c.y}
		ps := &ParamSet{Name: key.ParamSet.Name, OID: key.ParamSet.OID, Curve: fresh}
		for _, s := range fx.Signatures[:4] {
			jobs = append(jobs, job{key.Algorithm, ps, key.X, key.Y, unhex(t, s.DigestHex), unhex(t, s.SignatureHex)})
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(jobs))
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, j := range jobs {
				// The first NewPublicKey on each fresh curve runs its set-up,
				// concurrently with the other goroutines.
				k, err := NewPublicKey(j.alg, j.ps, j.x, j.y)
				if err == nil {
					err = k.VerifyDigest(j.digest, j.sig)
				}
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}
