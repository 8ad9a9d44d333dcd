package tsp

import (
	"testing"
)

// FuzzParse checks that Parse never panics and that what it accepts it
// can verify without panicking.
//
//	TMPDIR=/dev/shm go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 30s -fuzzminimizetime 50x ./tsp
//
// -fuzzminimizetime: minimizing an input that reaches Verify runs a GOST
// signature check at every step, and the default 60 s per new input leaves
// the workers minimizing (0 execs/sec) for most of a short run.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"good_2012_256.tsr", "good_2012_512.tsr", "good_sha256.tsr",
		"tsa_wrongeku.tsr", "sbis_tensor_token.der"} {
		f.Add(readFixture(f, name))
	}
	f.Add(tstinfo("020101", "20260102030405.5Z", "300a020101800201f4810101"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tok, err := Parse(data)
		if err != nil {
			if tok != nil {
				t.Fatal("token and error both returned")
			}
			return
		}
		if tok.Info == nil || len(tok.SignedData.Signers) != 1 {
			t.Fatal("parsed a token without TSTInfo or without exactly one signer")
		}
		tok.Verify(nil, Options{})
	})
}

// FuzzParseTSTInfo fuzzes the TSTInfo parser alone, which Parse only
// reaches past a well-formed CMS layer.
func FuzzParseTSTInfo(f *testing.F) {
	f.Add(tstinfo("020101", "20260102030405Z", ""))
	f.Add(tstinfo("020101", "20260102030405.123Z", "300a020101800201f4810101"+"0101ff"+"020500c0ffee01"+"a00a86087473612e74657374"+"a10b300906032a030404020500"))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := parseTSTInfo(data)
		if err == nil && info.Accuracy != nil {
			info.Accuracy.Duration()
		}
	})
}
