package cms

import (
	"bytes"
	"testing"

	"github.com/gostverify/gostverify/gost"
)

// BenchmarkVerify is the signer check of a batch run: the signature parsed
// through the run's CertificateCache (so the signer's key is precomputed
// from its second use), then verified against its document, read from
// memory ("content") or with its digest already computed by pairing
// ("digests", GOST only: an RSA or ECDSA signer's SHA-2 digest is always
// computed from the content). Bytes are the document's.
func BenchmarkVerify(b *testing.B) {
	for _, c := range []struct {
		name, sig, doc string
		read           func(testing.TB, string) []byte
	}{
		{"2012_256", "invoice.xml.sig", "invoice.xml", readFixture},
		{"2012_512", "letter.txt.p7s", "letter.txt", readFixture},
		{"2001", "report.txt.sgn", "report.txt", readFixture},
		{"rsa2048_sha256", "rsa_sha256.p7s", "doc.txt", readForeign},
		{"p256_sha256", "p256_sha256.p7s", "doc.txt", readForeign},
	} {
		data, doc := c.read(b, c.sig), c.read(b, c.doc)
		cache := &CertificateCache{}
		sd, err := ParseShared(data, cache)
		if err != nil {
			b.Fatal(err)
		}
		// twice: the second use precomputes a GOST signer's key
		sd.Verify(bytes.NewReader(doc), Options{})
		rs, err := sd.Verify(bytes.NewReader(doc), Options{})
		if err != nil || rs[0].Err != nil {
			b.Fatalf("%s: %v %v", c.sig, err, rs[0].Err)
		}
		h := rs[0].Hash
		digest := rs[0].ContentDigest
		b.Run(c.name+"/content", func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				rs, err := sd.Verify(bytes.NewReader(doc), Options{})
				if err != nil || rs[0].Err != nil {
					b.Fatal(err, rs[0].Err)
				}
			}
		})
		if h == 0 {
			continue
		}
		b.Run(c.name+"/digests", func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			opts := Options{Digests: map[gost.Hash][]byte{h: digest}}
			for b.Loop() {
				rs, err := sd.Verify(nil, opts)
				if err != nil || rs[0].Err != nil {
					b.Fatal(err, rs[0].Err)
				}
			}
		})
	}
}
