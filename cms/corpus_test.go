package cms

import (
	"bytes"
	"crypto/x509"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// readFile returns the file at path, failing t if it cannot be read.
func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readTestFile reads a real signature or document of testdata/cms-corpus.
func readTestFile(t testing.TB, name string) []byte {
	return readFile(t, filepath.Join("../testdata/cms-corpus", name))
}

// pkiFile reads an OpenSSL-made fixture of testdata/cms.
func pkiFile(t testing.TB, name string) []byte {
	return readFile(t, filepath.Join("../testdata/cms", name))
}

// parseFixture reads and parses a signature of testdata/cms.
func parseFixture(t testing.TB, name string) ([]byte, *SignedData) {
	t.Helper()
	data := pkiFile(t, name)
	sd, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return data, sd
}

// corpusCases are the real-world signatures of testdata/cms-corpus (see its
// README): what each one is and what the signature check must say.
var corpusCases = []struct {
	signature, content string // content "" for attached signatures
	certs              string // extra certificate, "" if none
	format             string
	ber                bool
	want               Reason // 0: every check passes
	unknownAttributes  int
}{
	{"doc.txt.sgn.2018-01-24", "doc.txt", "", "base64", true, 0, 0},
	{"doc.txt.sgn.2019-10-07", "doc.txt", "", "base64", true, 0, 0},
	{"doc.txt.sig.2018-01-23", "doc.txt", "", "base64", false, 0, 2},
	{"doc.txt.sig.2021-11-04", "test_content.bin", "", "base64", false, 0, 0},
	{"test.txt.sig", "test.txt", "", "base64", true, 0, 0},
	{"sign.sig", "", "", "base64", false, 0, 0},
	{"vipnet_attached_2012_256.p7s", "", "", "BER", true, 0, 0},
	{"vipnet_detached_2012_256.p7s", "vipnet_content.txt", "", "BER", true, 0, 0},
	{"libksba_gost_test.txt.p7s", "", "", "BER", true, 0, 0},
	{"pycms_cms.pem", "", "", "PEM", false, 0, 0},
	{"pycms_cms_2001.pem", "", "", "PEM", false, 0, 0},
	{"signed_a111.pem", "", "", "PEM", false, 0, 1},
	{"signed_a121.pem", "", "", "PEM", false, 0, 0},
	{"signed_256.der", "", "gost2012_256_example.cer", "DER", false, 0, 0},
	{"signed_512.der", "", "gost2012_512_example.cer", "DER", false, 0, 0},
	{"signed_256.der", "", "", "DER", false, NoSignerCertificate, 0},
	{"sbis_extsdk2_upd_cades_t_2012_256.timestamp_token.der", "", "", "DER", false, 0, 0},
	// The documents of these two are not available: any other content
	// must give a digest mismatch.
	{"sbis_extsdk2_upd_cades_t_2012_256.sgn", "doc.txt", "", "DER", false, DigestMismatch, 0},
	{"fns_izvpol_2015_gost2001_detached.sig", "doc.txt", "", "BER", true, DigestMismatch, 0},
	// A real signature over another document.
	{"doc.txt.sig.2018-01-23", "test.txt", "", "base64", false, DigestMismatch, 0},
}

func TestCorpus(t *testing.T) {
	for _, c := range corpusCases {
		t.Run(c.signature+"+"+c.content+c.certs, func(t *testing.T) {
			sd, err := Parse(readTestFile(t, c.signature))
			if err != nil {
				t.Fatal(err)
			}
			if sd.Encoding.Format != c.format || sd.Encoding.BER != c.ber {
				t.Errorf("encoding %+v, want format %s, BER %v", sd.Encoding, c.format, c.ber)
			}
			if (c.content == "") != (sd.Content != nil) {
				t.Errorf("attached content %d bytes, test expects attached = %v", len(sd.Content), c.content == "")
			}
			var opts Options
			if c.certs != "" {
				cert, err := x509.ParseCertificate(readTestFile(t, c.certs))
				if err != nil {
					t.Fatal(err)
				}
				opts.ExtraCertificates = []*x509.Certificate{cert}
			}
			var content *bytes.Reader
			if c.content != "" {
				content = bytes.NewReader(readTestFile(t, c.content))
			}
			results, err := verifyWith(sd, content, opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(results) != 1 {
				t.Fatalf("%d signers, want 1", len(results))
			}
			r := results[0]
			if got := reasonOf(r.Err); got != c.want {
				t.Fatalf("reason %v (%v), want %v", got, r.Err, c.want)
			}
			if c.want == 0 && len(r.UnknownAttributes) != c.unknownAttributes {
				t.Errorf("unknown attributes %v, want %d", r.UnknownAttributes, c.unknownAttributes)
			}
			if c.want == 0 && r.Signer.RawSignedAttrs != nil && r.SigningTime == nil && c.signature != "signed_a121.pem" &&
				c.signature != "sbis_extsdk2_upd_cades_t_2012_256.timestamp_token.der" {
				t.Errorf("no signing time")
			}
		})
	}
}

// verifyWith calls Verify with a nil interface for attached content.
func verifyWith(sd *SignedData, content *bytes.Reader, opts Options) ([]*SignerResult, error) {
	if content == nil {
		return sd.Verify(nil, opts)
	}
	return sd.Verify(content, opts)
}

func reasonOf(err error) Reason {
	var se *SignerError
	if errors.As(err, &se) {
		return se.Reason
	}
	if err != nil {
		return -1
	}
	return 0
}

// TestCorpusTampered changes one byte of real signatures in the content,
// the signed attributes and the signature value: each must fail with its
// own reason.
func TestCorpusTampered(t *testing.T) {
	doc := readTestFile(t, "doc.txt")
	sd, err := Parse(readTestFile(t, "doc.txt.sgn.2019-10-07"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, sd *SignedData, content []byte, want Reason) {
		t.Helper()
		results, err := sd.Verify(bytes.NewReader(content), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := reasonOf(results[0].Err); got != want {
			t.Errorf("%s: reason %v (%v), want %v", name, got, results[0].Err, want)
		}
	}
	check("original", sd, doc, 0)

	changed := bytes.Clone(doc)
	changed[0] ^= 1
	check("content changed", sd, changed, DigestMismatch)
	check("content extended", sd, append(bytes.Clone(doc), '\n'), DigestMismatch)

	si := sd.Signers[0]
	orig := si.Signature
	si.Signature = bytes.Clone(orig)
	si.Signature[5] ^= 0x40
	check("signature value flipped", sd, doc, SignatureInvalid)
	si.Signature = orig

	// Flip a byte inside the signingTime value: the attributes still
	// parse, the signature over them no longer verifies.
	rawAttrs := si.RawSignedAttrs
	for i := range si.SignedAttrs {
		if si.SignedAttrs[i].Type.Equal(OIDSigningTime) {
			v := si.SignedAttrs[i].Values[0]
			j := bytes.Index(rawAttrs, v) + len(v) - 2 // a digit of the seconds
			si.RawSignedAttrs = bytes.Clone(rawAttrs)
			si.RawSignedAttrs[j] ^= 1
		}
	}
	check("signed attributes changed", sd, doc, SignatureInvalid)
}

// TestDEROrder: signed attributes out of DER order are detected (and then
// verified as received, with a warning).
func TestDEROrder(t *testing.T) {
	a := Attribute{Raw: []byte{0x30, 0x03, 0x06, 0x01, 0x01}}
	b := Attribute{Raw: []byte{0x30, 0x03, 0x06, 0x01, 0x02}}
	long := Attribute{Raw: []byte{0x30, 0x04, 0x06, 0x02, 0x01, 0x01}}
	for _, c := range []struct {
		attrs []Attribute
		want  bool
	}{
		{[]Attribute{a, b}, true},
		{[]Attribute{b, a}, false},
		{[]Attribute{a, long}, true}, // shorter length byte sorts first
		{[]Attribute{long, a}, false},
		{nil, true},
	} {
		if got := isDERSetOrder(c.attrs); got != c.want {
			t.Errorf("isDERSetOrder(%x) = %v, want %v", c.attrs, got, c.want)
		}
	}
}
