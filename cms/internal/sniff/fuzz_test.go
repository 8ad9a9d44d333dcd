package sniff

import (
	"bytes"
	"encoding/base64"
	"errors"
	"testing"
)

// FuzzDecode checks that Decode never panics, fails only with a
// *FormatError, and that what it returns is consistent: binary starting with
// 0x30, decoded again to itself, and the same after a base64 round trip.
func FuzzDecode(f *testing.F) {
	for _, tt := range corpus {
		f.Add(readFixture(f, tt.file))
	}
	der := readFixture(f, "tc26_signed_256.der")
	std := base64.StdEncoding.EncodeToString(der)
	for _, s := range []string{
		pemBlock("PKCS7", std, "\r\n"),
		string(readFixture(f, "pycms_cert1.pem")) + pemBlock("CMS", std, "\n"),
		"-----BEGIN PKCS7-----\nProc-Type: 4,CRYPTO\n\n" + std + "\n-----END PKCS7-----\n",
		wrap(base64.RawURLEncoding.EncodeToString(der), 64, "\n") + "\x00",
		"\xef\xbb\xbf" + std,
		string(utf16le(wrap(std, 64, "\r\n"), true)),
		string(utf16be(std, false)),
		"<?xml version=\"1.0\"?>",
		"%PDF-1.7",
		"3082010506092a864886f70d01070200",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := Decode(in)
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || fe.Reason < Empty || fe.Reason > NotSequence || fe.Offset < 0 || fe.Offset > len(in) {
				t.Fatalf("unexpected error %T %v", err, err)
			}
			if r != nil {
				t.Fatal("result with an error")
			}
			return
		}
		if len(r.Data) == 0 || r.Data[0] != 0x30 {
			t.Fatalf("data %x does not start with a SEQUENCE", r.Data)
		}
		if r.Indefinite != (len(r.Data) > 1 && r.Data[1] == 0x80) {
			t.Fatal("Indefinite is wrong")
		}
		binary := r.Format == DER || r.Format == BER
		if binary != (r.Charset == Binary) || (r.Label != "" && r.Format != PEM) || (r.BOM && binary) {
			t.Fatalf("inconsistent result %+v", r)
		}
		if binary && &r.Data[0] != &in[0] {
			t.Fatal("binary input was copied")
		}
		again, err := Decode(r.Data)
		if err != nil || !bytes.Equal(again.Data, r.Data) || again.Charset != Binary {
			t.Fatalf("decoded data does not decode to itself: %v", err)
		}
		again, err = Decode([]byte(base64.StdEncoding.EncodeToString(r.Data)))
		if err != nil || !bytes.Equal(again.Data, r.Data) || again.Format != Base64 {
			t.Fatalf("base64 of decoded data does not decode: %v", err)
		}
	})
}
