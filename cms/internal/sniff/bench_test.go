package sniff

import "testing"

func benchmarkDecode(b *testing.B, file string) {
	in := readFixture(b, file)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeBase64 decodes a CryptoPro CSP bare-base64 signature.
func BenchmarkDecodeBase64(b *testing.B) { benchmarkDecode(b, "cryptopro_doc.txt.sgn.2019-02-21") }

// BenchmarkDecodePEM decodes a PEM "CMS" signature.
func BenchmarkDecodePEM(b *testing.B) { benchmarkDecode(b, "pycms_cms.pem") }

// BenchmarkDecodeBinary recognises a binary BER signature.
func BenchmarkDecodeBinary(b *testing.B) { benchmarkDecode(b, "vipnet_attached_2012_256.p7s") }
