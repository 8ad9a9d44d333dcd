package cms

import (
	"bytes"
	"errors"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// FuzzATSHashIndex: no panic; a parsed index re-encodes to its input, with
// or without its hashIndAlgorithm, and every failure is a *ParseError.
func FuzzATSHashIndex(f *testing.F) {
	_, _, token := realArchive(f, readFile(f, realCAdESA))
	idx, err := ArchiveTimeStampV3Index(token)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(idx.Raw)
	h := bytes.Repeat([]byte{1}, 32)
	f.Add(enc.seq(enc.seq(), enc.seq(enc.oct(h)), enc.seq()))
	f.Add(enc.seq(enc.seq(enc.oid(oidSHA256), []byte{5, 0}), enc.seq(), enc.seq(), enc.seq(enc.oct(h), enc.oct(nil))))
	f.Fuzz(func(t *testing.T, in []byte) {
		idx, err := parseATSHashIndex(whereATSHashIdx3, in)
		checkParsed(t, idx != nil, err, whereATSHashIdx3)
		if idx == nil {
			return
		}
		list := func(hs [][]byte) []byte {
			var b []byte
			for _, h := range hs {
				b = append(b, enc.oct(h)...)
			}
			return enc.seq(b)
		}
		lists := enc.cat(list(idx.Certificates), list(idx.CRLs), list(idx.UnsignedAttrs))
		alg := enc.build(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(idx.Algorithm.Algorithm)
				b.AddBytes(idx.Algorithm.Parameters.FullBytes)
			})
		})
		if !bytes.Equal(in, enc.seq(lists)) && !bytes.Equal(in, enc.seq(alg, lists)) || !bytes.Equal(idx.Raw, in) {
			t.Fatalf("%x parsed as %+v", in, idx)
		}
	})
}

// FuzzArchiveInputs: no panic computing the archive timestamps' inputs of
// any signature; failures are *ParseError or *ArchiveError; the two
// archive-time-stamp-v2 variants differ by the [1] header alone, and an
// archive-time-stamp-v3 input ends with the index it was checked against.
func FuzzArchiveInputs(f *testing.F) {
	f.Add(readFile(f, realCAdESA), []byte("content"))
	f.Add(readFile(f, "../testdata/cades-real/basealt-pdf_scp/13_cam_CADES-XLT1_1sig.contents.p7s"), []byte{})
	f.Add(buildHand(nil).der, []byte("content"))
	f.Add(buildHand([]byte("attached")).der, []byte(nil))
	f.Fuzz(func(t *testing.T, data, content []byte) {
		sd, err := Parse(data)
		if err != nil {
			return
		}
		typed := func(err error) {
			var pe *ParseError
			var ae *ArchiveError
			if !errors.As(err, &pe) && !errors.As(err, &ae) {
				t.Fatalf("untyped error %v", err)
			}
		}
		for _, si := range sd.Signers {
			for _, ats := range si.LongTerm().ArchiveTimeStamps {
				switch ats.Version {
				case 2:
					with, err := sd.ArchiveTimeStampV2Input(si, ats.Index, true, content)
					if err != nil {
						typed(err)
						continue
					}
					without, err := sd.ArchiveTimeStampV2Input(si, ats.Index, false, content)
					if err != nil {
						t.Fatal(err)
					}
					// with = base ‖ [1] header ‖ attributes, without = base ‖
					// attributes, which start with 0x30 (a SEQUENCE).
					p, hdr := 0, len(with)-len(without)
					for p < len(without) && with[p] == without[p] {
						p++
					}
					if hdr < 2 || with[p] != 0xa1 || !bytes.Equal(with[p+hdr:], without[p:]) {
						t.Fatalf("the variants differ by more than a [1] header")
					}
				case 3:
					in, err := sd.ArchiveTimeStampV3Input(si, ats.Token, []byte{1})
					if err != nil {
						typed(err)
						continue
					}
					idx, err := ArchiveTimeStampV3Index(ats.Token)
					if err != nil || !bytes.HasSuffix(in, idx.Raw) {
						t.Fatalf("the input does not end with the index: %v", err)
					}
				}
			}
		}
	})
}
