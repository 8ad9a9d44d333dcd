package cms

import (
	"bytes"
	"testing"
)

// FuzzParse feeds arbitrary signature files to Parse and, when they parse,
// to Verify: no panic, and a parsed signature always has a signer.
func FuzzParse(f *testing.F) {
	for _, c := range corpusCases {
		f.Add(readTestFile(f, c.signature))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sd, err := Parse(data)
		if err != nil {
			if sd != nil {
				t.Fatal("SignedData and error both returned")
			}
			return
		}
		if len(sd.Signers) == 0 {
			t.Fatal("parsed a SignedData without signers")
		}
		results, err := sd.Verify(bytes.NewReader([]byte("content")), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(results) != len(sd.Signers) {
			t.Fatalf("%d results for %d signers", len(results), len(sd.Signers))
		}
	})
}
