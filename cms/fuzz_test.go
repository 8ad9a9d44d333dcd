package cms

import (
	"bytes"
	"encoding/asn1"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// FuzzParse feeds arbitrary signature files to Parse and, when they parse,
// to Verify: no panic, and a parsed signature always has a signer.
func FuzzParse(f *testing.F) {
	for _, c := range corpusCases {
		f.Add(readTestFile(f, c.signature))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sd, err := Parse(data)
		if err != nil {
			if sd != nil {
				t.Fatal("SignedData and error both returned")
			}
			return
		}
		if len(sd.Signers) == 0 {
			t.Fatal("parsed a SignedData without signers")
		}
		results, err := sd.Verify(bytes.NewReader([]byte("content")), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(results) != len(sd.Signers) {
			t.Fatalf("%d results for %d signers", len(results), len(sd.Signers))
		}
	})
}

// signedAttrValue returns the first value of the attribute typ among the
// signed attributes of the first signer of a file, found by parsing it.
func signedAttrValue(t testing.TB, data []byte, typ asn1.ObjectIdentifier, unsigned bool) []byte {
	t.Helper()
	sd, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	attrs := sd.Signers[0].SignedAttrs
	if unsigned {
		attrs = sd.Signers[0].UnsignedAttrs
	}
	for _, a := range attrs {
		if a.Type.Equal(typ) {
			return a.Values[0]
		}
	}
	t.Fatalf("no attribute %s", typ)
	return nil
}

// FuzzSigningCertificate feeds ESS signingCertificate (v1, RFC 2634) and
// signingCertificateV2 (RFC 5035) values to their decoder and the decoded
// references to the check against a certificate: no panic, at least one
// reference with a hash on success, SHA-1 for every v1 reference.
func FuzzSigningCertificate(f *testing.F) {
	f.Add(signedAttrValue(f, pkiFile(f, "invoice.xml.sig"), OIDSigningCertificateV2, false), true)
	f.Add(signedAttrValue(f, pkiFile(f, "invoice.xml.countersigned.sig"), OIDSigningCertificateV2, false), true)
	f.Add(signedAttrValue(f, readTestFile(f, "doc.txt.sgn.2019-10-07"), OIDSigningCertificateV2, false), true)
	tst := readTestFile(f, "sbis_extsdk2_upd_cades_t_2012_256.timestamp_token.der")
	f.Add(signedAttrValue(f, tst, OIDSigningCertificate, false), false)
	f.Add(signedAttrValue(f, tst, OIDSigningCertificateV2, false), true)
	_, sd := parseFixture(f, "invoice.xml.sig")
	cert := sd.ParsedCertificates()[0]
	f.Fuzz(func(t *testing.T, v []byte, v2 bool) {
		ids, err := decodeSigningCertificate(v, v2)
		if err != nil {
			if ids != nil {
				t.Fatal("references and an error both returned")
			}
			return
		}
		if len(ids) == 0 {
			t.Fatal("no reference and no error")
		}
		for _, id := range ids {
			if id.Hash == nil || id.HashAlgorithm.Algorithm == nil {
				t.Fatalf("reference without a hash: %+v", id)
			}
			if !v2 && !id.HashAlgorithm.Algorithm.Equal(oidSHA1) {
				t.Fatalf("v1 reference with hash %s", id.HashAlgorithm.Algorithm)
			}
			if id.IssuerSerial != nil && id.IssuerSerial.Serial == nil {
				t.Fatal("issuerSerial without a serial")
			}
			matchESSCertID(id, cert, nil)
		}
	})
}

// FuzzSigningTime feeds signingTime values to their decoder: no panic;
// a UTCTime is read in 1950–2049 (RFC 5280 section 4.1.2.5.1).
func FuzzSigningTime(f *testing.F) {
	f.Add(signedAttrValue(f, pkiFile(f, "invoice.xml.sig"), OIDSigningTime, false))
	f.Add(signedAttrValue(f, readTestFile(f, "doc.txt.sgn.2019-10-07"), OIDSigningTime, false))
	f.Add([]byte("\x18\x0f20250701120000Z"))
	f.Add([]byte("\x17\x0d491231235959Z"))
	f.Add([]byte("\x17\x11250701120000+0300"))
	f.Fuzz(func(t *testing.T, v []byte) {
		tm, err := decodeTime(v)
		if err != nil {
			return
		}
		if len(v) > 0 && v[0] == 0x17 && (tm.Year() < 1950 || tm.Year() > 2049) {
			t.Fatalf("UTCTime %q read as %v", v, tm)
		}
	})
}

// FuzzCountersignature puts arbitrary bytes in the countersignature
// attribute of a real countersigned signature and checks the
// countersigners: no panic, exactly one countersigner result, a Malformed
// one when the bytes are not a SignerInfo, and a passing one only with the
// original signed attributes, signature value and signer.
func FuzzCountersignature(f *testing.F) {
	// Parsed once, through a cache that keeps the countersigner's key
	// ready: an execution is one parse and at most a few signature checks.
	cache := &CertificateCache{}
	sd, err := ParseShared(pkiFile(f, "invoice.xml.countersigned.sig"), cache)
	if err != nil {
		f.Fatal(err)
	}
	outer := sd.Signers[0]
	pool := sd.ParsedCertificates()
	var original []byte
	for _, a := range outer.UnsignedAttrs {
		if a.Type.Equal(OIDCounterSignature) {
			original = a.Values[0]
		}
	}
	want, err := parseSignerInfoElement(original)
	if err != nil {
		f.Fatal(err)
	}
	wantCert := findSignerCertificate(want, pool)
	f.Add(original)
	// Other SignerInfos as countersignatures: they parse, and fail.
	for _, name := range []string{"invoice.xml.keyid.sig", "invoice.xml.noattr.sig", "contract.txt.attached_2001.sig"} {
		f.Add(signerInfoElement(f, pkiFile(f, name)))
	}
	f.Fuzz(func(t *testing.T, cs []byte) {
		si := *outer
		si.UnsignedAttrs = []Attribute{{Type: OIDCounterSignature, Values: [][]byte{cs}}}
		r := &SignerResult{Position: "1", Signer: &si, cache: cache}
		r.verifyCountersigners(pool)
		if len(r.Countersigners) != 1 {
			t.Fatalf("%d countersigner results for one value", len(r.Countersigners))
		}
		c := r.Countersigners[0]
		if c.Position != "1.1" {
			t.Fatalf("position %q", c.Position)
		}
		if _, perr := parseSignerInfoElement(cs); perr != nil && reasonOf(c.Err) != Malformed {
			t.Fatalf("unparseable countersignature gave %v", c.Err)
		}
		// Only what the signature covers must be as signed: the
		// algorithm identifiers and unsigned attributes are not covered.
		if c.Err == nil && (!bytes.Equal(c.Signer.RawSignedAttrs, want.RawSignedAttrs) ||
			!bytes.Equal(c.Signer.Signature, want.Signature) || !c.Certificate.Equal(wantCert)) {
			t.Fatalf("a countersignature with other signed attributes, signature or signer passes: %x", cs)
		}
	})
}

// signerInfoElement returns the whole first SignerInfo element of a DER
// signature file.
func signerInfoElement(t testing.TB, der []byte) []byte {
	t.Helper()
	in := cryptobyte.String(der)
	var ci, content, body, set, si cryptobyte.String
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.SkipASN1(cbasn1.OBJECT_IDENTIFIER) ||
		!ci.ReadASN1(&content, tagContext0Constructed) || !content.ReadASN1(&body, cbasn1.SEQUENCE) ||
		!body.SkipASN1(cbasn1.INTEGER) || !body.SkipASN1(cbasn1.SET) || !body.SkipASN1(cbasn1.SEQUENCE) ||
		!body.SkipOptionalASN1(tagContext0Constructed) || !body.SkipOptionalASN1(tagContext1Constructed) ||
		!body.ReadASN1(&set, cbasn1.SET) || !set.ReadASN1Element(&si, cbasn1.SEQUENCE) {
		t.Fatal("not a DER SignedData")
	}
	return si
}

// FuzzSignedAttributes replaces the signed attributes of a real signer
// with arbitrary bytes (the contents of the SET) and checks the signer:
// every attribute decoder runs on them. No panic, and only the original
// attributes pass.
func FuzzSignedAttributes(f *testing.F) {
	data, sd := parseFixture(f, "invoice.xml.sig")
	doc := pkiFile(f, "invoice.xml")
	orig := sd.Signers[0].RawSignedAttrs
	var contents cryptobyte.String
	in := cryptobyte.String(orig)
	if !in.ReadASN1(&contents, tagContext0Constructed) {
		f.Fatal("malformed signed attributes")
	}
	f.Add([]byte(contents))
	for _, name := range []string{"invoice.xml.countersigned.sig", "letter.txt.p7s", "report.txt.sgn"} {
		_, sd := parseFixture(f, name)
		raw := cryptobyte.String(sd.Signers[0].RawSignedAttrs)
		var c cryptobyte.String
		raw.ReadASN1(&c, tagContext0Constructed)
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, attrs []byte) {
		sd, err := Parse(data)
		if err != nil {
			t.Fatal(err)
		}
		si := sd.Signers[0]
		var b cryptobyte.Builder
		b.AddASN1(tagContext0Constructed, func(b *cryptobyte.Builder) { b.AddBytes(attrs) })
		raw, err := b.Bytes()
		if err != nil {
			return // too long to encode
		}
		si.RawSignedAttrs = raw
		if si.SignedAttrs, err = parseAttributes(attrs); err != nil {
			return
		}
		results, err := sd.Verify(bytes.NewReader(doc), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if results[0].Err == nil && !bytes.Equal(attrs, contents) {
			t.Fatalf("changed signed attributes pass: %x", attrs)
		}
	})
}
