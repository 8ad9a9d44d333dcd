package tsl

import (
	"bytes"
	"crypto/x509"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/internal/xmlsafe"
)

// The fixtures of testdata/gen.sh: signed by OpenSSL + gost-engine over
// xmllint's canonical forms, and checked by them (see testdata/README.md).

func TestVerifySignatureFixtures(t *testing.T) {
	tests := []struct {
		file string
		want SignatureReason // 0: holds
	}{
		{"list_v1.xml", 0},
		{"list_v2.xml", 0},
		{"list_changed.xml", DigestMismatch},
		{"list_badsig.xml", BadSignature},
		{"list_unsigned.xml", Unsigned},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			sig, err := VerifySignature(readFile(t, "testdata/"+tc.file))
			if tc.want != 0 {
				wantSignatureReason(t, err, tc.want)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if sig.Subject != "Минцифры России (тестовые данные), МИНИСТЕРСТВО ЦИФРОВОГО РАЗВИТИЯ (тестовые данные)" {
				t.Errorf("signer %q", sig.Subject)
			}
			if sig.Method != algGOST2012256 || sig.DigestMethod != algStreebog256 || len(sig.Others) != 0 {
				t.Errorf("method %s, digest %s, %d other certificates", sig.Method, sig.DigestMethod, len(sig.Others))
			}
		})
	}
}

// TestVerifySignatureChanges changes a signed list in memory: what XMLDSig
// leaves out of the digest (a comment, the XML declaration) keeps the
// signature; anything else breaks it, with its reason.
func TestVerifySignatureChanges(t *testing.T) {
	v1 := string(readFile(t, "testdata/list_v1.xml"))
	sigRE := regexp.MustCompile(`<Signature xmlns="[^"]*">.*</Signature>`)
	signature := sigRE.FindString(v1)
	other := readFile(t, "testdata/pki/cades_root_reissued.pem")
	otherB64 := strings.Join(strings.Split(strings.TrimSpace(string(other)), "\n")[1:len(strings.Split(strings.TrimSpace(string(other)), "\n"))-1], "")
	tests := []struct {
		name   string
		change func(string) string
		want   SignatureReason // 0: holds
	}{
		{"a comment", func(s string) string {
			return strings.Replace(s, "<Версия>", "<!-- комментарий --><Версия>", 1)
		}, 0},
		{"no XML declaration", func(s string) string {
			return strings.Replace(s, `<?xml version="1.0" encoding="utf-8"?>`+"\n", "", 1)
		}, 0},
		// An enveloped signature is left out of the digest wherever it is,
		// and Parse skips it wherever it is.
		{"the signature moved into the first CA", func(s string) string {
			s = strings.Replace(s, signature, "", 1)
			return strings.Replace(s, "<УдостоверяющийЦентр>", "<УдостоверяющийЦентр>"+signature, 1)
		}, 0},
		{"white space added", func(s string) string {
			return strings.Replace(s, "<Версия>", "<Версия> ", 1)
		}, DigestMismatch},
		{"a CA removed", func(s string) string {
			i := strings.Index(s, "  <УдостоверяющийЦентр>")
			j := strings.Index(s, "</УдостоверяющийЦентр>") + len("</УдостоверяющийЦентр>\n")
			return s[:i] + s[j:]
		}, DigestMismatch},
		{"a second signature", func(s string) string {
			return strings.Replace(s, "<Версия>", signature+"<Версия>", 1)
		}, SignatureMalformed},
		{"another certificate in KeyInfo", func(s string) string {
			return regexp.MustCompile(`<X509Certificate>[^<]*</X509Certificate>`).
				ReplaceAllString(s, "<X509Certificate>"+otherB64+"</X509Certificate>")
		}, BadSignature},
		{"no KeyInfo certificate", func(s string) string {
			return regexp.MustCompile(`<KeyInfo>.*</KeyInfo>`).ReplaceAllString(s, "<KeyInfo></KeyInfo>")
		}, SignatureMalformed},
		{"a reference to an element", func(s string) string {
			return strings.Replace(s, `<Reference URI="">`, `<Reference URI="#x">`, 1)
		}, Unsupported},
		{"inclusive C14N", func(s string) string {
			return strings.Replace(s, `<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">`,
				`<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315">`, 1)
		}, Unsupported},
		{"RSA", func(s string) string {
			return strings.Replace(s, algGOST2012256, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", 1)
		}, Unsupported},
		{"GOST 2012-512 for a 256-bit key", func(s string) string {
			return strings.Replace(s, algGOST2012256, algGOST2012512, 1)
		}, BadSignature},
		{"SHA-256 digest", func(s string) string {
			return strings.Replace(s, algStreebog256, "http://www.w3.org/2001/04/xmlenc#sha256", 1)
		}, Unsupported},
		{"only the enveloped transform", func(s string) string {
			return strings.Replace(s, `<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"></Transform>`, "", 1)
		}, Unsupported},
		{"a DOCTYPE", func(s string) string {
			return strings.Replace(s, "\n<Акк", "\n<!DOCTYPE x>\n<Акк", 1)
		}, SignatureMalformed},
		{"a processing instruction", func(s string) string {
			return strings.Replace(s, "\n<Акк", "\n<?stylesheet x?>\n<Акк", 1)
		}, Unsupported},
		{"not XML", func(s string) string { return s[:len(s)/2] }, SignatureMalformed},
		{"bad base64 SignatureValue", func(s string) string {
			return strings.Replace(s, "<SignatureValue>", "<SignatureValue>!", 1)
		}, SignatureMalformed},
		{"short DigestValue", func(s string) string {
			return regexp.MustCompile(`<DigestValue>[^<]*</DigestValue>`).ReplaceAllString(s, "<DigestValue>AAAA</DigestValue>")
		}, SignatureMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed := tc.change(v1)
			if changed == v1 {
				t.Fatal("nothing changed")
			}
			_, err := VerifySignature([]byte(changed))
			if tc.want == 0 {
				if err != nil {
					t.Fatal(err)
				}
				// What was signed is what is read.
				l, err := Parse(strings.NewReader(changed), Limits{})
				if err != nil || len(l.CAs) != 4 || l.CAs[0].ShortName != "УЦ Альфа" {
					t.Fatalf("%v", err)
				}
				return
			}
			wantSignatureReason(t, err, tc.want)
		})
	}
}

// TestCanonicalAsXmllint: the exclusive C14N of a whole document that
// VerifySignature hashes is xmllint's (libxml2), on the fixtures and on
// documents that exercise the rules (namespaces declared far above, unused
// or redeclared; attribute order; escapes; CDATA; empty elements; CRLF;
// character references). Not compared, because they differ (see the
// package documentation): comments, which `xmllint --exc-c14n` keeps and
// XMLDSig's exclusive C14N drops; a literal tab or line break in an
// attribute value, which encoding/xml does not normalise to a space; an
// xmlns="" undeclaration, which goxmldsig writes where no default
// namespace was rendered above.
func TestCanonicalAsXmllint(t *testing.T) {
	docs := map[string]string{
		"list_unsigned.xml": string(readFile(t, "testdata/list_unsigned.xml")),
		"namespaces": `<?xml version="1.0"?>
<a:r xmlns:a="urn:a" xmlns:b="urn:b" xmlns="urn:d" xmlns:unused="urn:u">
  <b:x b:k="1" a:k="2" z="3" y="4"><inner xmlns="urn:e"/><a:y xmlns:a="urn:a2"/></b:x>
</a:r>`,
		"escapes": "<r a=\"&lt;&amp;&gt;&quot;'&#9;&#10;&#13;x\" b='\"'>&lt;&amp;&gt;\"' <![CDATA[<cdata>&]]> &#13;&#x41;&#1046;<e/></r>",
		"crlf":    "<r>\r\n<x>1</x>\r\n</r>\r\n",
		"russian": "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Корень Атрибут=\"значение\"><Элемент>Текст «кавычки» — тире</Элемент></Корень>",
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			d := etree.NewDocument()
			d.ReadSettings.CharsetReader = xmlsafe.Charset
			if err := d.ReadFromString(doc); err != nil {
				t.Fatal(err)
			}
			var ours bytes.Buffer
			if err := canonicalizeInto(&ours, d.Root(), ""); err != nil {
				t.Fatal(err)
			}
			theirs := xmllintExcC14N(t, []byte(doc))
			if !bytes.Equal(ours.Bytes(), theirs) {
				t.Errorf("ours:\n%s\nxmllint:\n%s", ours.Bytes(), theirs)
			}
		})
	}
}

// TestReadOverride: Read refuses a list whose signature does not hold,
// unless told loudly to accept it, and then says why in SignatureErr.
func TestReadOverride(t *testing.T) {
	for _, tc := range []struct {
		file string
		want SignatureReason
	}{
		{"list_changed.xml", DigestMismatch},
		{"list_badsig.xml", BadSignature},
		{"list_unsigned.xml", Unsigned},
	} {
		data := readFile(t, "testdata/"+tc.file)
		l, err := Read(data, Options{})
		if l != nil {
			t.Errorf("%s: a list without override", tc.file)
		}
		wantSignatureReason(t, err, tc.want)
		l, err = Read(data, Options{AcceptUnsignedList: true})
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if l.Signature != nil || len(l.CAs) != 4 {
			t.Errorf("%s: signature %v, %d CAs", tc.file, l.Signature, len(l.CAs))
		}
		wantSignatureReason(t, l.SignatureErr, tc.want)
	}
	l, err := Read(readFile(t, "testdata/list_v1.xml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Signature == nil || l.SignatureErr != nil || l.Version != 1001 {
		t.Errorf("signature %v, error %v, version %d", l.Signature, l.SignatureErr, l.Version)
	}
}

// TestReadVerifySigner: the signer's path checked with package chain, as a
// command would: to the root that issued it, accepted; to another root,
// refused.
func TestReadVerifySigner(t *testing.T) {
	data := readFile(t, "testdata/list_v1.xml")
	at := loadCert(t, "testdata/pki/signer.pem").NotBefore.Add(time.Hour)
	pathTo := func(root string) func(*x509.Certificate, []*x509.Certificate) error {
		return func(signer *x509.Certificate, others []*x509.Certificate) error {
			store, err := chain.LoadStore([]string{root})
			if err != nil {
				return err
			}
			var cands []chain.Candidate
			for _, c := range others {
				cands = append(cands, chain.Candidate{Cert: c, Source: "list signature"})
			}
			return chain.Build(signer, chain.Options{Roots: store, Intermediates: cands, Time: at}).Err
		}
	}
	if _, err := Read(data, Options{VerifySigner: pathTo("../testdata/cms/pki/root.pem")}); err != nil {
		t.Fatal(err)
	}
	_, err := Read(data, Options{VerifySigner: pathTo("../testdata/cades/pki/root.pem")})
	wantSignatureReason(t, err, SignerRejected)
	var ce *chain.Error
	if !errors.As(err, &ce) {
		t.Errorf("the cause is lost: %v", err)
	}
}
