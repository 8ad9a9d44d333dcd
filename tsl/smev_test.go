package tsl

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/internal/gostengine"
)

// Real XMLDSig signatures made by CryptoPro CSP for SMEV 3 (see
// testdata/README.md): the evidence for the byte order of SignatureValue
// and DigestValue that VerifySignature relies on.

// smevSignature reads the one ds:Signature of a sample.
func smevSignature(t *testing.T, data []byte) *sigParts {
	t.Helper()
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		t.Fatal(err)
	}
	sigs := findAll(doc.Root(), nsDSig, "Signature")
	if len(sigs) != 1 {
		t.Fatalf("%d signatures", len(sigs))
	}
	p, err := parseSignature(sigs[0])
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func wantSignatureReason(t *testing.T, err error, want SignatureReason) {
	t.Helper()
	var se *SignatureError
	if !errors.As(err, &se) {
		t.Fatalf("error %v, want a *SignatureError %v", err, want)
	}
	if se.Reason != want {
		t.Fatalf("reason %v (%v), want %v", se.Reason, err, want)
	}
}

// TestSMEVRealSignedInfo: the SignatureValue of three real SMEV messages
// verifies over the exclusive C14N of SignedInfo as stored, and a changed
// byte anywhere in SignedInfo or the value makes it fail.
func TestSMEVRealSignedInfo(t *testing.T) {
	tests := []struct {
		file, signer string
		fix          func([]byte) []byte
	}{
		// CryptoPro CSP 4.0, GOST R 34.10-2012-256, 2021-12-27.
		{"rtlabs_2021-12-27.xml", `АО "РТ Лабс"`, nil},
		// CryptoPro CSP 4.0, GOST R 34.10-2012-256, 2020-10-02.
		{"minsvyaz_2020-10-02.xml", "Министерство цифрового развития", nil},
		// GOST R 34.10-2001, in a template that was pretty-printed after
		// signing: the white space between the tags of SignedInfo must go.
		{"dripka_GetRequestRequest_2001.xml", "mtfoiv1", unprettySignedInfo},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			data := readFile(t, "testdata/smev3/"+tc.file)
			if tc.fix != nil {
				if _, err := smevSignature(t, data).verifySignedInfo(); err == nil {
					t.Fatal("the pretty-printed SignedInfo verifies")
				}
				data = tc.fix(data)
			}
			p := smevSignature(t, data)
			sig, err := p.verifySignedInfo()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(sig.Subject, tc.signer) {
				t.Errorf("signer %q, want %q in it", sig.Subject, tc.signer)
			}

			// A changed byte of the SignatureValue.
			p.value[len(p.value)/3] ^= 1
			_, err = p.verifySignedInfo()
			wantSignatureReason(t, err, BadSignature)
			p.value[len(p.value)/3] ^= 1

			// The other byte orders are not what CryptoPro writes.
			orig := bytes.Clone(p.value)
			for name, v := range map[string][]byte{
				"reversed":        reverse(orig),
				"halves swapped":  append(bytes.Clone(orig[len(orig)/2:]), orig[:len(orig)/2]...),
				"halves reversed": append(reverse(orig[:len(orig)/2]), reverse(orig[len(orig)/2:])...),
			} {
				p.value = v
				if _, err := p.verifySignedInfo(); err == nil {
					t.Errorf("SignatureValue %s verifies", name)
				}
			}
			p.value = orig

			// A changed byte of SignedInfo: one character of the
			// DigestValue.
			dv := regexp.MustCompile(`<ds:DigestValue>([A-Za-z0-9+/])`).FindSubmatchIndex(data)
			changed := bytes.Clone(data)
			changed[dv[2]] ^= 1
			if _, err := smevSignature(t, changed).verifySignedInfo(); err == nil {
				t.Error("a changed DigestValue in SignedInfo verifies")
			} else {
				wantSignatureReason(t, err, BadSignature)
			}

			// The whole-list check refuses these: their Reference is to
			// an element, with the SMEV transform.
			_, err = VerifySignature(data)
			wantSignatureReason(t, err, Unsupported)
		})
	}
}

// unprettySignedInfo removes the white space between the tags of
// SignedInfo, as the message was before it was pretty-printed.
func unprettySignedInfo(data []byte) []byte {
	s := string(data)
	a := strings.Index(s, "<ds:SignedInfo>")
	b := strings.Index(s, "</ds:SignedInfo>") + len("</ds:SignedInfo>")
	si := regexp.MustCompile(`>\s+<`).ReplaceAllString(s[a:b], "><")
	return []byte(s[:a] + si + s[b:])
}

func reverse(b []byte) []byte {
	r := make([]byte, len(b))
	for i := range b {
		r[len(b)-1-i] = b[i]
	}
	return r
}

// TestSMEVRealDigestValue: the DigestValue of the 2021 message is the
// Streebog-256 of its referenced element after the SMEV transform, as
// stored (not reversed), by package gost and by OpenSSL.
func TestSMEVRealDigestValue(t *testing.T) {
	p := smevSignature(t, readFile(t, "testdata/smev3/rtlabs_2021-12-27.xml"))
	transformed := readFile(t, "testdata/smev3/rtlabs_2021-12-27.SIGNED_BY_SMEV.smev-transform")
	if p.ref.uri != "#SIGNED_BY_SMEV" || p.ref.hash != gost.Streebog256 {
		t.Fatalf("reference %q, hash %v", p.ref.uri, p.ref.hash)
	}
	h := gost.Streebog256.New()
	h.Write(transformed)
	got := h.Sum(nil)
	if !bytes.Equal(got, p.ref.digest) {
		t.Fatalf("Streebog-256 %s, DigestValue %s", base64.StdEncoding.EncodeToString(got),
			base64.StdEncoding.EncodeToString(p.ref.digest))
	}
	if bytes.Equal(reverse(got), p.ref.digest) {
		t.Fatal("the digest is a palindrome")
	}
	if _, err := exec.LookPath("openssl"); err == nil || os.Getenv("GOSTVERIFY_REQUIRE_OPENSSL") == "1" {
		ossl := gostengine.Digests(t, "md_gost12_256", [][]byte{transformed})[0]
		if !bytes.Equal(ossl, p.ref.digest) {
			t.Fatalf("openssl dgst %x, DigestValue %x", ossl, p.ref.digest)
		}
	}
}

// TestSignedInfoCanonicalAsXmllint: the canonical SignedInfo goxmldsig
// makes is xmllint's (libxml2) exclusive C14N of the same element.
func TestSignedInfoCanonicalAsXmllint(t *testing.T) {
	for _, file := range []string{"rtlabs_2021-12-27.xml", "minsvyaz_2020-10-02.xml"} {
		data := readFile(t, "testdata/smev3/"+file)
		ours, err := smevSignature(t, data).canonicalSignedInfo()
		if err != nil {
			t.Fatal(err)
		}
		// The element alone, with the ds prefix it uses declared on it.
		s := string(data)
		a := strings.Index(s, "<ds:SignedInfo>")
		b := strings.Index(s, "</ds:SignedInfo>") + len("</ds:SignedInfo>")
		alone := strings.Replace(s[a:b], "<ds:SignedInfo>", `<ds:SignedInfo xmlns:ds="`+nsDSig+`">`, 1)
		theirs := xmllintExcC14N(t, []byte(alone))
		if !bytes.Equal(ours, theirs) {
			t.Errorf("%s:\nours    %s\nxmllint %s", file, ours, theirs)
		}
	}
}

// xmllintExcC14N runs `xmllint --exc-c14n` on data, skipping the test when
// xmllint is missing (failing instead with GOSTVERIFY_REQUIRE_XMLLINT=1).
func xmllintExcC14N(t testing.TB, data []byte) []byte {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("GOSTVERIFY_REQUIRE_XMLLINT") == "1" {
			t.Fatal("xmllint is missing (Debian: apt-get install libxml2-utils)")
		}
		t.Skip("xmllint is missing (Debian: apt-get install libxml2-utils)")
	}
	cmd := exec.Command("xmllint", "--exc-c14n", "-")
	cmd.Stdin = bytes.NewReader(data)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("xmllint --exc-c14n: %v: %s", err, stderr.String())
	}
	return out
}
