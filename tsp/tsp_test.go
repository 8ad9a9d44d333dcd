package tsp

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "tsp", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readCert(t testing.TB, name string) *x509.Certificate {
	t.Helper()
	block, _ := pem.Decode(readFixture(t, name))
	if block == nil {
		t.Fatalf("%s: no PEM", name)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// flip returns a copy of b with the byte at i inverted.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	c[i] ^= 0xff
	return c
}

// sbisSignatureValue is the signature value the real Tensor token stamps.
func sbisSignatureValue(t *testing.T) []byte {
	sd, err := cms.Parse(readFixture(t, "sbis_cades_t.sgn"))
	if err != nil {
		t.Fatal(err)
	}
	return sd.Signers[0].Signature
}

func TestVerify(t *testing.T) {
	data := readFixture(t, "data.txt")
	good := readFixture(t, "good_2012_256.tsr")
	tok, err := Parse(good)
	if err != nil {
		t.Fatal(err)
	}
	// a token whose TSTInfo's hashedMessage was changed after signing
	at := bytes.Index(good, tok.Info.HashedMessage)
	if at < 0 {
		t.Fatal("hashedMessage not found in the token")
	}
	tsa := readCert(t, "tsa.pem")
	// ... and one whose genTime was moved back ten years (still well formed)
	gt := bytes.Index(good, []byte(tok.Info.GenTime.Format("20060102150405")))
	if gt < 0 {
		t.Fatal("genTime not found in the token")
	}
	backdated := bytes.Clone(good)
	backdated[gt+2]--
	if bt, err := Parse(backdated); err != nil || bt.Info.GenTime.Year() != tok.Info.GenTime.Year()-10 {
		t.Fatalf("backdated token: %v", err)
	}

	for _, tc := range []struct {
		name     string
		token    []byte
		data     []byte
		opts     Options
		want     Reason // 0: valid
		cmsWhy   cms.Reason
		wantCert *x509.Certificate
	}{
		{name: "good 2012-256", token: good, data: data, wantCert: tsa},
		{name: "good 2012-512", token: readFixture(t, "good_2012_512.tsr"), data: data, wantCert: tsa},
		{name: "good sha256", token: readFixture(t, "good_sha256.tsr"), data: data, wantCert: tsa},
		{name: "other data", token: good, data: append(bytes.Clone(data), '!'), want: ImprintMismatch, wantCert: tsa},
		{name: "tampered imprint in TSTInfo", token: flip(good, at+3), data: data, want: SignatureInvalid, cmsWhy: cms.DigestMismatch},
		{name: "tampered genTime in TSTInfo", token: backdated, data: data, want: SignatureInvalid, cmsWhy: cms.DigestMismatch},
		{name: "no certificate in the token", token: readFixture(t, "good_nocerts.tsr"), data: data, want: SignatureInvalid, cmsWhy: cms.NoSignerCertificate},
		{name: "no certificate in the token, given", token: readFixture(t, "good_nocerts.tsr"), data: data, opts: Options{ExtraCertificates: []*x509.Certificate{tsa}}, wantCert: tsa},
		{name: "wrong EKU", token: readFixture(t, "tsa_wrongeku.tsr"), data: data, want: NoTimeStampingUsage},
		{name: "EKU not critical", token: readFixture(t, "tsa_noncritical.tsr"), data: data, want: UsageNotCritical},
		{name: "real Tensor token", token: readFixture(t, "sbis_tensor_token.der"), data: sbisSignatureValue(t)},
		{name: "real Tensor token, other data", token: readFixture(t, "sbis_tensor_token.der"), data: data, want: ImprintMismatch},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := Parse(tc.token)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			cert, err := tok.Verify(tc.data, tc.opts)
			if tc.want == 0 {
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
			} else {
				var ve *VerifyError
				if !errors.As(err, &ve) || ve.Reason != tc.want {
					t.Fatalf("Verify: %v, want reason %v", err, tc.want)
				}
				if tc.cmsWhy != 0 {
					var se *cms.SignerError
					if !errors.As(err, &se) || se.Reason != tc.cmsWhy {
						t.Fatalf("Verify: %v, want cms reason %v", err, tc.cmsWhy)
					}
				}
			}
			if tc.wantCert != nil && (cert == nil || !cert.Equal(tc.wantCert)) {
				t.Errorf("Verify returned certificate %v, want %v", cert, tc.wantCert.Subject)
			}
			if tc.want == 0 && cert == nil {
				t.Error("Verify returned no certificate")
			}
		})
	}
}

func TestVerifyDigest(t *testing.T) {
	tok, err := Parse(readFixture(t, "good_2012_256.tsr"))
	if err != nil {
		t.Fatal(err)
	}
	h := gost.Streebog256.New()
	h.Write(readFixture(t, "data.txt"))
	if _, err := tok.VerifyDigest(h.Sum(nil), Options{}); err != nil {
		t.Fatal(err)
	}
	var ve *VerifyError
	if _, err := tok.VerifyDigest(make([]byte, 32), Options{}); !errors.As(err, &ve) || ve.Reason != ImprintMismatch {
		t.Fatalf("zero digest: %v, want ImprintMismatch", err)
	}
}

func TestParseFields(t *testing.T) {
	tok, err := Parse(readFixture(t, "good_2012_256.tsr"))
	if err != nil {
		t.Fatal(err)
	}
	i := tok.Info
	if i.Version != 1 || i.Policy.String() != "1.2.643.100.999.1" ||
		!i.HashAlgorithm.Algorithm.Equal(gost.Streebog256.OID()) || len(i.HashedMessage) != 32 ||
		i.SerialNumber.Sign() <= 0 || i.Nonce == nil || i.RawTSA == nil || i.Ordering {
		t.Errorf("unexpected TSTInfo %+v", i)
	}
	if i.Accuracy == nil || i.Accuracy.Duration() != 1500*time.Millisecond {
		t.Errorf("accuracy %+v, want 1.5s", i.Accuracy)
	}
	if i.GenTime.Location() != time.UTC || i.GenTime.Year() < 2026 {
		t.Errorf("genTime %v", i.GenTime)
	}

	real, err := Parse(readFixture(t, "sbis_tensor_token.der"))
	if err != nil {
		t.Fatal(err)
	}
	if got := real.Info.Policy.String(); got != "1.2.643.3.58.3.1" {
		t.Errorf("Tensor policy %s", got)
	}
	if want := time.Date(2023, 9, 29, 15, 20, 58, 0, time.UTC); !real.Info.GenTime.Equal(want) {
		t.Errorf("Tensor genTime %v, want %v", real.Info.GenTime, want)
	}
}

func TestParseMalformed(t *testing.T) {
	good := readFixture(t, "good_2012_256.tsr")
	tok, err := Parse(good)
	if err != nil {
		t.Fatal(err)
	}
	// every truncation fails
	for n := 0; n < len(good); n++ {
		if _, err := Parse(good[:n]); err == nil {
			t.Fatalf("truncated to %d bytes: no error", n)
		}
	}
	var pe *ParseError
	for _, tc := range []struct {
		name string
		in   []byte
	}{
		{"trailing data", append(bytes.Clone(good), 0)},
		{"trailing SEQUENCE", append(bytes.Clone(good), 0x30, 0)},
		{"a plain CMS signature", readFixture(t, "sbis_cades_t.sgn")},
	} {
		if _, err := Parse(tc.in); !errors.As(err, &pe) {
			t.Errorf("%s: %v, want a *ParseError", tc.name, err)
		}
	}
	// TSTInfo-level: the signed content with trailing data
	if _, err := parseTSTInfo(append(bytes.Clone(tok.RawTSTInfo), 0)); !errors.As(err, &pe) {
		t.Errorf("TSTInfo with trailing data: %v", err)
	}
}

func TestParseTSTInfo(t *testing.T) {
	// hand-made TSTInfos: version, genTime and the optional fields vary
	for _, tc := range []struct {
		name string
		der  []byte
		ok   bool
		time time.Time
	}{
		{"minimal", tstinfo("020101", "20260102030405Z", ""), true, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"fraction", tstinfo("020101", "20260102030405.123Z", ""), true, time.Date(2026, 1, 2, 3, 4, 5, 123e6, time.UTC)},
		{"fraction, 9 digits", tstinfo("020101", "20260102030405.000000001Z", ""), true, time.Date(2026, 1, 2, 3, 4, 5, 1, time.UTC)},
		{"fraction trailing zero", tstinfo("020101", "20260102030405.120Z", ""), false, time.Time{}},
		{"fraction empty", tstinfo("020101", "20260102030405.Z", ""), false, time.Time{}},
		{"fraction 10 digits", tstinfo("020101", "20260102030405.1234567891Z", ""), false, time.Time{}},
		{"no Z", tstinfo("020101", "20260102030405", ""), false, time.Time{}},
		{"offset", tstinfo("020101", "20260102030405+0300", ""), false, time.Time{}},
		{"month 13", tstinfo("020101", "20261302030405Z", ""), false, time.Time{}},
		{"version 2", tstinfo("020102", "20260102030405Z", ""), false, time.Time{}},
		{"accuracy", tstinfo("020101", "20260102030405Z", "300a020101800201f4810101"), true, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"accuracy millis 0", tstinfo("020101", "20260102030405Z", "3003800100"), false, time.Time{}},
		{"accuracy millis 1000", tstinfo("020101", "20260102030405Z", "3004800203e8"), false, time.Time{}},
		{"ordering true", tstinfo("020101", "20260102030405Z", "0101ff"), true, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"ordering false encoded", tstinfo("020101", "20260102030405Z", "010100"), false, time.Time{}},
		{"nonce", tstinfo("020101", "20260102030405Z", "020500c0ffee01"), true, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"tsa", tstinfo("020101", "20260102030405Z", "a00a86087473612e74657374"), true, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"extensions", tstinfo("020101", "20260102030405Z", "a10b300906032a030404020500"), true, time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
		{"extensions empty", tstinfo("020101", "20260102030405Z", "a100"), false, time.Time{}},
		{"unknown trailing field", tstinfo("020101", "20260102030405Z", "0500"), false, time.Time{}},
		{"fields out of order", tstinfo("020101", "20260102030405Z", "020101300302010a"), false, time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info, err := parseTSTInfo(tc.der)
			if !tc.ok {
				var pe *ParseError
				if !errors.As(err, &pe) {
					t.Fatalf("got %v, want a *ParseError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !info.GenTime.Equal(tc.time) {
				t.Errorf("genTime %v, want %v", info.GenTime, tc.time)
			}
		})
	}
}

// tstinfo builds a TSTInfo with the given version (hex DER INTEGER), genTime
// string and optional fields (hex DER), with a fixed policy, a Streebog-256
// imprint of zeros and serial 1.
func tstinfo(version, genTime, tail string) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddBytes(unhex(version))
		b.AddASN1ObjectIdentifier([]int{1, 2, 643, 100, 999, 1})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(gost.Streebog256.OID())
			})
			b.AddASN1OctetString(make([]byte, 32))
		})
		b.AddASN1Int64(1)
		b.AddASN1(cbasn1.GeneralizedTime, func(b *cryptobyte.Builder) { b.AddBytes([]byte(genTime)) })
		b.AddBytes(unhex(tail))
	})
	return b.BytesOrPanic()
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}
