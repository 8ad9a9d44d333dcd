package cms

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/cms/internal/sniff"
	"github.com/gostverify/gostverify/internal/gostengine"
)

// testAttr is a DER Attribute of a private OID with one OCTET STRING.
func testAttr(t testing.TB, n int) []byte {
	t.Helper()
	der, err := asn1.Marshal(struct {
		Type   asn1.ObjectIdentifier
		Values []asn1.RawValue `asn1:"set"`
	}{asn1.ObjectIdentifier{1, 2, 643, 100, 999, 77}, []asn1.RawValue{{Tag: asn1.TagOctetString, Bytes: bytes.Repeat([]byte{0x5a}, n)}}})
	if err != nil {
		t.Fatal(err)
	}
	return der
}

// checkAppend appends attrs to every signer of data in turn and checks
// the invariants: the result parses, every signer's signed attributes,
// signature and former unsigned attributes are the same bytes, the new
// ones follow; the binary encodings differ only by the inserted bytes
// and rewritten lengths (their sizes add up).
func checkAppend(t *testing.T, name string, data []byte, attrs ...[]byte) [][]byte {
	t.Helper()
	sd, err := Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var outs [][]byte
	for i := range sd.Signers {
		out, res, err := AppendUnsignedAttributes(data, i, attrs...)
		if err != nil {
			t.Fatalf("%s signer %d: %v", name, i+1, err)
		}
		after, err := Parse(out)
		if err != nil {
			t.Fatalf("%s: the result does not parse: %v", name, err)
		}
		si, before := after.Signers[i], sd.Signers[i]
		n := len(before.UnsignedAttrs)
		for j, a := range attrs {
			if !bytes.Equal(si.UnsignedAttrs[n+j].Raw, a) {
				t.Fatalf("%s: new attribute %d is not what was appended", name, j+1)
			}
		}
		if after.Encoding != sd.Encoding {
			t.Errorf("%s: encoding %+v, was %+v", name, after.Encoding, sd.Encoding)
		}
		inBin, _ := sniff.Decode(data)
		outBin, _ := sniff.Decode(out)
		added := 0
		for _, a := range attrs {
			added += len(a)
		}
		lengths := 0
		for _, l := range res.Lengths {
			lengths += l.NewOctets - l.OldOctets
		}
		if res.CreatedUnsignedAttrs {
			added += 1 + len(appendLength(nil, added))
		}
		if len(outBin.Data) != len(inBin.Data)+added+lengths || res.Added != added+lengths {
			t.Fatalf("%s: %d bytes -> %d, added %d and %d length octets (res %+v)", name, len(inBin.Data), len(outBin.Data), added, lengths, res)
		}
		// The signed attributes and the signature value are found in the
		// new file as they were in the old one.
		if !bytes.Contains(outBin.Data, before.RawSignedAttrs) || !bytes.Contains(outBin.Data, before.Signature) {
			t.Fatalf("%s: signed parts not found as they were", name)
		}
		// The bytes before the first rewritten length octets and after
		// the new bytes are the same.
		first := res.At
		for _, l := range res.Lengths {
			first = min(first, l.Offset+1)
		}
		tail := len(inBin.Data) - res.At
		if !bytes.Equal(outBin.Data[:first], inBin.Data[:first]) || !bytes.Equal(outBin.Data[len(outBin.Data)-tail:], inBin.Data[res.At:]) {
			t.Fatalf("%s: bytes changed before offset %d or after the new attributes", name, first)
		}
		outs = append(outs, out)
	}
	return outs
}

// TestAppendCorpus appends to every real-world signature of
// testdata/cms-corpus (CryptoPro and ViPNet BER, base64, PEM) and checks
// the signature checks as it did.
func TestAppendCorpus(t *testing.T) {
	for _, c := range corpusCases {
		t.Run(c.signature+"+"+c.content+c.certs, func(t *testing.T) {
			data := readTestFile(t, c.signature)
			outs := checkAppend(t, c.signature, data, testAttr(t, 10), testAttr(t, 300))
			var opts Options
			if c.certs != "" {
				cert, err := x509.ParseCertificate(readTestFile(t, c.certs))
				if err != nil {
					t.Fatal(err)
				}
				opts.ExtraCertificates = []*x509.Certificate{cert}
			}
			for _, out := range outs {
				sd, _ := Parse(out)
				var content *bytes.Reader
				if c.content != "" {
					content = bytes.NewReader(readTestFile(t, c.content))
				}
				results, err := verifyWith(sd, content, opts)
				if err != nil {
					t.Fatal(err)
				}
				if got := reasonOf(results[0].Err); got != c.want {
					t.Fatalf("after append: reason %v (%v), want %v", got, results[0].Err, c.want)
				}
				// Twice: the second append finds the unsignedAttrs the first made.
				checkAppend(t, c.signature+" again", out, testAttr(t, 200))
			}
		})
	}
}

// TestAppendSharedCorpus appends to every signature of ../shared/corpus
// that parses (CryptoPro, ViPNet, SBIS, TC26 examples).
func TestAppendSharedCorpus(t *testing.T) {
	root := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/corpus is not here")
	}
	n := 0
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil || len(data) > 4<<20 {
			return nil
		}
		sd, err := Parse(data)
		if err != nil || len(sd.Signers) == 0 {
			return nil
		}
		n++
		checkAppend(t, path, data, testAttr(t, 40))
		return nil
	})
	if n < 15 {
		t.Fatalf("only %d signatures found in %s", n, root)
	}
	t.Logf("%d signatures", n)
}

// TestAppendOpenSSL checks that `openssl cms -verify` still passes on the
// base signature of CryptoPro, ViPNet and OpenSSL BER/DER signatures with
// attributes appended (unsigned attributes play no part in that check).
func TestAppendOpenSSL(t *testing.T) {
	gostengine.Require(t)
	dir := t.TempDir()
	conf := filepath.Join(dir, "engine.cnf")
	os.WriteFile(conf, []byte("openssl_conf = openssl_init\n[openssl_init]\nengines = engines\n[engines]\ngost = gost\n[gost]\nengine_id = gost\ndefault_algorithms = ALL\n"), 0o600)
	for _, c := range []struct{ sig, content string }{
		{"cms-corpus/test.txt.sig", "cms-corpus/test.txt"},
		{"cms-corpus/doc.txt.sgn.2019-10-07", "cms-corpus/doc.txt"},
		{"cms-corpus/vipnet_detached_2012_256.p7s", "cms-corpus/vipnet_content.txt"},
		{"cms-corpus/vipnet_attached_2012_256.p7s", ""},
		{"cms-corpus/libksba_gost_test.txt.p7s", ""},
		{"extend/bes.sig", "extend/doc.txt"},
		{"cades/t.sig", "cades/doc.txt"},
	} {
		t.Run(c.sig, func(t *testing.T) {
			data := readFile(t, filepath.Join("..", "testdata", c.sig))
			out, _, err := AppendUnsignedAttributes(data, 0, testAttr(t, 100))
			if err != nil {
				t.Fatal(err)
			}
			bin, _ := sniff.Decode(out)
			in := filepath.Join(dir, "out.sig")
			os.WriteFile(in, bin.Data, 0o600)
			args := []string{"cms", "-verify", "-noverify", "-binary", "-inform", "DER", "-in", in, "-out", os.DevNull}
			if c.content != "" {
				args = append(args, "-content", filepath.Join("..", "testdata", c.content))
			}
			cmd := exec.Command("openssl", args...)
			cmd.Env = append(os.Environ(), "OPENSSL_CONF="+conf)
			outText, err := cmd.CombinedOutput()
			if err != nil || !strings.Contains(string(outText), "Verification successful") {
				t.Fatalf("openssl cms -verify: %v\n%s", err, outText)
			}
		})
	}
}

func TestAppendLengths(t *testing.T) {
	for _, c := range []struct {
		old  []byte
		n    int
		want []byte
	}{
		{[]byte{0x05}, 0x7f, []byte{0x7f}},
		{[]byte{0x05}, 0x80, []byte{0x81, 0x80}},
		{[]byte{0x81, 0x90}, 0x100, []byte{0x82, 0x01, 0x00}},
		{[]byte{0x82, 0x00, 0x90}, 0x95, []byte{0x82, 0x00, 0x95}}, // padded stays padded
		{[]byte{0x84, 0, 0, 0x01, 0x00}, 0x1234, []byte{0x84, 0, 0, 0x12, 0x34}},
		{[]byte{0x82, 0x01, 0x00}, 0x10000, []byte{0x83, 0x01, 0x00, 0x00}},
	} {
		if got := encodeLengthLike(c.old, c.n); !bytes.Equal(got, c.want) {
			t.Errorf("encodeLengthLike(%x, %#x) = %x, want %x", c.old, c.n, got, c.want)
		}
	}
}

func TestAppendErrors(t *testing.T) {
	data := readFile(t, filepath.Join("..", "testdata", "extend", "bes.sig"))
	var ae *AppendError
	for name, f := range map[string]func() error{
		"no signer 2": func() error { _, _, err := AppendUnsignedAttributes(data, 1, testAttr(t, 1)); return err },
		"not an attribute": func() error {
			_, _, err := AppendUnsignedAttributes(data, 0, []byte{0x04, 0x00})
			return err
		},
		"not a signature": func() error { _, _, err := AppendUnsignedAttributes([]byte("hello"), 0, testAttr(t, 1)); return err },
		"cut short": func() error {
			_, _, err := AppendUnsignedAttributes(data[:len(data)-3], 0, testAttr(t, 1))
			return err
		},
	} {
		if err := f(); !errors.As(err, &ae) {
			t.Errorf("%s: %v, want an *AppendError", name, err)
		}
	}
}

// FuzzAppendBER walks arbitrary bytes as a signature: an error or a
// result whose signed parts are unchanged (AppendUnsignedAttributes checks
// that itself), never a panic.
func FuzzAppendBER(f *testing.F) {
	for _, p := range []string{"extend/bes.sig", "cades/t.sig", "cms-corpus/vipnet_attached_2012_256.p7s", "cms-corpus/test.txt.sig"} {
		if data, err := os.ReadFile(filepath.Join("..", "testdata", p)); err == nil {
			if bin, err := sniff.Decode(data); err == nil {
				f.Add(bin.Data)
			}
		}
	}
	attr := testAttr(f, 5)
	f.Fuzz(func(t *testing.T, data []byte) {
		appendBER(data, 0, attr)
		AppendUnsignedAttributes(data, 0, attr)
	})
}
