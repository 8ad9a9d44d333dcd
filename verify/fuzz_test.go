package verify

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"math/big"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/i18n"
)

// namesEscaped says that FormatName and DescribeCertificate escape what is
// not printable in a name (a newline, an ANSI escape from a certificate
// inside an untrusted signature must not reach a terminal or a report as
// is): the fuzz targets below require printable, one-line names.
const namesEscaped = true

// certificateWithName returns a self-signed certificate whose subject and
// issuer are the DER Name rawName, made with a fixed Ed25519 key (so every
// fuzzing process makes the same bytes), or nil when crypto/x509 cannot
// make or read it.
func certificateWithName(rawName []byte) *x509.Certificate {
	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{5}, ed25519.SeedSize))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), RawSubject: rawName,
		NotBefore: start, NotAfter: start.AddDate(1, 0, 0),
	}
	der, err := x509.CreateCertificate(nil, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil
	}
	return cert
}

// checkDescription describes cert and checks what holds whatever its
// names: no panic, the Signer's registration numbers are the first values
// of their attributes, and (once names are escaped) every printed name is
// one line of printable UTF-8.
func checkDescription(t *testing.T, cert *x509.Certificate) {
	s := DescribeCertificate(cert)
	subject, issuer := FormatName(cert.Subject), FormatName(cert.Issuer)
	if s.Subject != subject || s.Issuer != issuer {
		t.Fatalf("DescribeCertificate subject %q issuer %q, FormatName %q %q", s.Subject, s.Issuer, subject, issuer)
	}
	for _, f := range signerFields {
		for _, atv := range cert.Subject.Names {
			if atv.Type.Equal(f.oid) {
				if want := attributeValue(atv.Value); *f.field(s) != want {
					t.Fatalf("%s is %q, its first value %q", attributeName(f.oid), *f.field(s), want)
				}
				break
			}
		}
	}
	display := s.displayName(i18n.English)
	if !namesEscaped {
		return
	}
	for _, out := range []string{subject, issuer, display, s.INN, s.INNLE, s.OGRN, s.OGRNIP, s.SNILS, s.CommonName, s.Organization} {
		if !utf8.ValidString(out) || strings.IndexFunc(out, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) >= 0 {
			t.Fatalf("unprintable name %q", out)
		}
	}
}

// The attribute types whose values a Signer copies, and the string types
// crypto/x509 reads in names.
var (
	fuzzAttributeTypes = []asn1.ObjectIdentifier{oidINN, oidOGRN, oidSNILS, oidINNLE, oidOGRNIP, oidSurname, oidGivenName, oidTitle, oidEmailAddress, {2, 5, 4, 3}, {2, 5, 4, 10}}
	fuzzStringTags     = []cbasn1.Tag{cbasn1.UTF8String, cbasn1.PrintableString, cbasn1.IA5String, cbasn1.T61String, cbasn1.Tag(18) /* NumericString */, cbasn1.Tag(30) /* BMPString */, cbasn1.Tag(28) /* UniversalString */, cbasn1.OCTET_STRING, cbasn1.INTEGER}
)

// FuzzDescribeAttribute puts one attribute of a Russian qualified
// certificate's subject (INN, OGRN, SNILS, INNLE, OGRNIP, names, e-mail)
// with any string type and any bytes next to a common name, and describes
// the certificates crypto/x509 accepts: see checkDescription.
func FuzzDescribeAttribute(f *testing.F) {
	f.Add(uint8(0), uint8(4), []byte("500987654393"))                        // INN as NumericString
	f.Add(uint8(0), uint8(0), []byte("500987654393"))                        // INN as UTF8String
	f.Add(uint8(1), uint8(1), []byte("1027700132195"))                       // OGRN as PrintableString
	f.Add(uint8(2), uint8(2), []byte("112-233-445 95"))                      // SNILS as IA5String
	f.Add(uint8(2), uint8(5), []byte{0, '1', 0, '1', 0x04, 0x10})            // SNILS as BMPString
	f.Add(uint8(0), uint8(3), []byte("\xe9\xff12"))                          // INN as T61String
	f.Add(uint8(9), uint8(0), []byte("Иванов\n  signature 1: valid\x1b[0m")) // a common name with control characters
	f.Fuzz(func(t *testing.T, typ, tag uint8, value []byte) {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(fuzzAttributeTypes[int(typ)%len(fuzzAttributeTypes)])
					b.AddASN1(fuzzStringTags[int(tag)%len(fuzzStringTags)], func(b *cryptobyte.Builder) { b.AddBytes(value) })
				})
			})
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{2, 5, 4, 3})
					b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte("fuzz")) })
				})
			})
		})
		name, err := b.Bytes()
		if err != nil {
			return
		}
		if cert := certificateWithName(name); cert != nil {
			checkDescription(t, cert)
		}
	})
}

// FuzzDescribeName mutates whole subject Names, seeded with those of the
// OpenSSL-made test PKI and of real certificates (FNS, Минцифры,
// Казначейство), and describes the certificates crypto/x509 accepts: see
// checkDescription.
func FuzzDescribeName(f *testing.F) {
	for _, path := range []string{
		"../testdata/cms/pki/signer_2012_256.pem", "../testdata/cms/pki/signer_2001.pem",
		"../testdata/cms/pki/signer_2012_512.pem", "../testdata/cms/pki/signer_selfsigned.pem",
		"../testdata/gost-corpus/nicesoft-libksba__gost_test.txt.p7s.embedded1.x509.der",
		"../testdata/gost-corpus/misc-embedded__kazna2022_issued_ee_2012_256.x509.der",
	} {
		certs, err := chain.LoadCertificates(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(certs[0].RawSubject)
		f.Add(certs[0].RawIssuer)
	}
	var multi pkix.RDNSequence // a multi-valued RDN, as some CAs write INN and OGRN
	multi = append(multi, pkix.RelativeDistinguishedNameSET{
		{Type: oidINN, Value: "500987654393"}, {Type: oidOGRN, Value: "1027700132195"},
	})
	der, err := asn1.Marshal(multi)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(der)
	f.Fuzz(func(t *testing.T, name []byte) {
		if cert := certificateWithName(name); cert != nil {
			checkDescription(t, cert)
		}
	})
}
