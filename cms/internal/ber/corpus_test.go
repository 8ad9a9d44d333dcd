package ber

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// corpus lists the fixtures in testdata (see testdata/README.md).
var corpus = []struct {
	file    string
	ber     bool   // uses BER; false: DER, returned unchanged
	content string // attached content; "" for a detached signature
}{
	{"cryptopro_doc.txt.sgn.2019-02-21.ber", true, ""},
	{"cryptopro_test.txt.sig.ber", true, ""},
	{"cryptopro_doc.txt.sig.2018-01-23.der", false, ""},
	{"cryptopro_sign.sig.der", false, "qwerty"},
	{"vipnet_attached_2012_256.p7s", true, "unsigned file content"},
	{"vipnet_detached_2012_256.p7s", true, ""},
	{"fns_izvpol_2015_gost2001_detached.sig", true, ""},
	{"libksba_gost_test.txt.p7s", true, "Тест ГОСТ."},
	{"tc26_signed_256.der", false, "Test message"},
	{"pycms_cms.der", false, "test string\n"},
}

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// opensslHashes reads testdata/openssl.sha256: the SHA-256 of OpenSSL's DER
// re-encoding of each fixture, written by testdata/gen.sh.
func opensslHashes(t *testing.T) map[string]string {
	f, err := os.Open("testdata/openssl.sha256")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := make(map[string]string)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		hash, file, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			t.Fatalf("bad line %q in openssl.sha256", sc.Text())
		}
		m[file] = hash
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCorpus(t *testing.T) {
	hashes := opensslHashes(t)
	for _, tt := range corpus {
		t.Run(tt.file, func(t *testing.T) {
			in := readFixture(t, tt.file)
			out, err := ToDER(in)
			if err != nil {
				t.Fatal(err)
			}
			if unchanged := &out[0] == &in[0]; unchanged == tt.ber {
				t.Errorf("returned input unchanged = %v, want %v", unchanged, !tt.ber)
			}
			sum := sha256.Sum256(out)
			if got, want := hex.EncodeToString(sum[:]), hashes[tt.file]; got != want {
				t.Errorf("SHA-256 of output %s, OpenSSL's DER has %s", got, want)
			}
			checkDER(t, out)
			if again, err := ToDER(out); err != nil || &again[0] != &out[0] {
				t.Errorf("output is not a fixpoint: %v", err)
			}
			checkSignedData(t, in, out, tt.content)
		})
	}
}

// checkSignedData parses the output as a CMS SignedData with cryptobyte
// (RFC 5652 5.1), checks the attached content, and checks that every
// certificate and SignerInfo is byte-identical to a slice of the input.
func checkSignedData(t *testing.T, in, out []byte, content string) {
	t.Helper()
	s := cryptobyte.String(out)
	var ci, sd, encap, certs, signers cryptobyte.String
	var version int
	if !s.ReadASN1(&ci, cbasn1.SEQUENCE) ||
		!ci.SkipASN1(cbasn1.OBJECT_IDENTIFIER) ||
		!ci.ReadASN1(&sd, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!sd.ReadASN1(&sd, cbasn1.SEQUENCE) ||
		!sd.ReadASN1Integer(&version) ||
		!sd.SkipASN1(cbasn1.SET) ||
		!sd.ReadASN1(&encap, cbasn1.SEQUENCE) ||
		!encap.SkipASN1(cbasn1.OBJECT_IDENTIFIER) {
		t.Fatal("cannot parse SignedData")
	}
	var econtent cryptobyte.String
	var hasContent bool
	if !encap.ReadOptionalASN1(&econtent, &hasContent, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		(hasContent && !econtent.ReadASN1(&econtent, cbasn1.OCTET_STRING)) {
		t.Fatal("cannot parse eContent")
	}
	if string(econtent) != content {
		t.Errorf("eContent %q, want %q", econtent, content)
	}
	if !sd.ReadOptionalASN1(&certs, nil, cbasn1.Tag(0).Constructed().ContextSpecific()) ||
		!sd.SkipOptionalASN1(cbasn1.Tag(1).Constructed().ContextSpecific()) ||
		!sd.ReadASN1(&signers, cbasn1.SET) || !sd.Empty() {
		t.Fatal("cannot parse SignedData certificates and signerInfos")
	}
	var counts [2]int
	for i, list := range []cryptobyte.String{certs, signers} {
		for !list.Empty() {
			var el cryptobyte.String
			if !list.ReadASN1Element(&el, cbasn1.SEQUENCE) {
				t.Fatal("cannot read certificate or SignerInfo")
			}
			if !bytes.Contains(in, el) {
				t.Errorf("element %d of list %d (%d bytes) is not byte-identical to the input", counts[i], i, len(el))
			}
			counts[i]++
		}
	}
	if counts[1] == 0 {
		t.Error("no SignerInfo")
	}
}

// TestCorpusTruncated checks that every proper prefix of every fixture is
// rejected with a *SyntaxError, and that no single-byte corruption panics.
func TestCorpusTruncated(t *testing.T) {
	for _, tt := range corpus {
		in := readFixture(t, tt.file)
		for i := range len(in) {
			out, err := ToDER(in[:i])
			if err == nil {
				t.Fatalf("%s: prefix of %d bytes accepted: %x", tt.file, i, out)
			}
			if _, ok := err.(*SyntaxError); !ok {
				t.Fatalf("%s: prefix of %d bytes: error %T", tt.file, i, err)
			}
		}
		mut := bytes.Clone(in)
		for i := range mut {
			for _, x := range []byte{0x00, 0x80, 0xff, mut[i] ^ 0x20} {
				old := mut[i]
				mut[i] = x
				if out, err := ToDER(mut); err == nil {
					checkDER(t, out)
				}
				mut[i] = old
			}
		}
	}
}

// TestOpenSSLShape compares, when openssl is installed, the asn1parse
// listing of ToDER's output with that of OpenSSL's own DER re-encoding.
func TestOpenSSLShape(t *testing.T) {
	if testing.Short() {
		t.Skip("runs openssl")
	}
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	dir := t.TempDir()
	for _, tt := range corpus {
		if !tt.ber {
			continue
		}
		t.Run(tt.file, func(t *testing.T) {
			out, err := ToDER(readFixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			mine := filepath.Join(dir, "mine.der")
			if err := os.WriteFile(mine, out, 0o600); err != nil {
				t.Fatal(err)
			}
			theirs, err := exec.Command("openssl", "cms", "-cmsout", "-inform", "DER",
				"-in", filepath.Join("testdata", tt.file), "-outform", "DER").Output()
			if err != nil {
				t.Fatalf("openssl cms: %v", err)
			}
			ossl := filepath.Join(dir, "openssl.der")
			if err := os.WriteFile(ossl, theirs, 0o600); err != nil {
				t.Fatal(err)
			}
			a, errA := exec.Command("openssl", "asn1parse", "-inform", "DER", "-i", "-in", mine).Output()
			b, errB := exec.Command("openssl", "asn1parse", "-inform", "DER", "-i", "-in", ossl).Output()
			if errA != nil || errB != nil {
				t.Fatalf("openssl asn1parse: %v, %v", errA, errB)
			}
			if !bytes.Equal(a, b) {
				t.Errorf("asn1parse listings differ:\nmine:\n%s\nopenssl:\n%s", a, b)
			}
		})
	}
}
