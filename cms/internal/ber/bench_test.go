package ber

import "testing"

func benchmarkToDER(b *testing.B, file string) {
	in := readFixture(b, file)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ToDER(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkToDER converts a BER signature (CryptoPro CSP, attached, with a
// constructed OCTET STRING).
func BenchmarkToDER(b *testing.B) { benchmarkToDER(b, "libksba_gost_test.txt.p7s") }

// BenchmarkToDERUnchanged checks a DER signature, which is returned as is.
func BenchmarkToDERUnchanged(b *testing.B) { benchmarkToDER(b, "cryptopro_sign.sig.der") }
