package cms

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"math/big"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// asnb builds DER elements for the CAdES tests with cryptobyte.
type asnb struct{}

var enc asnb

func (asnb) tlv(tag cbasn1.Tag, contents ...[]byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(tag, func(b *cryptobyte.Builder) {
		for _, c := range contents {
			b.AddBytes(c)
		}
	})
	return b.BytesOrPanic()
}

func (e asnb) seq(c ...[]byte) []byte { return e.tlv(cbasn1.SEQUENCE, c...) }
func (e asnb) set(c ...[]byte) []byte { return e.tlv(cbasn1.SET, c...) }
func (e asnb) oct(v []byte) []byte    { return e.tlv(cbasn1.OCTET_STRING, v) }

// ctx is the constructed context-specific tag [n] around c: an EXPLICIT tag.
func (e asnb) ctx(n uint8, c ...[]byte) []byte {
	return e.tlv(cbasn1.Tag(n).Constructed().ContextSpecific(), c...)
}

func (asnb) build(f func(b *cryptobyte.Builder)) []byte {
	var b cryptobyte.Builder
	f(&b)
	return b.BytesOrPanic()
}

func (e asnb) oid(o asn1.ObjectIdentifier) []byte {
	return e.build(func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(o) })
}
func (e asnb) int(n int64) []byte {
	return e.build(func(b *cryptobyte.Builder) { b.AddASN1Int64(n) })
}
func (e asnb) utc(t time.Time) []byte {
	return e.build(func(b *cryptobyte.Builder) { b.AddASN1UTCTime(t) })
}
func (e asnb) gen(t time.Time) []byte {
	return e.build(func(b *cryptobyte.Builder) { b.AddASN1GeneralizedTime(t) })
}
func (e asnb) cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

var (
	oidStreebog256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2}
	oidStreebog512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 3}
	oidGOST94      = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 9}
	oidCommonName  = asn1.ObjectIdentifier{2, 5, 4, 3}

	sha1Value  = bytes.Repeat([]byte{0x11}, 20)
	gostValue  = bytes.Repeat([]byte{0x22}, 32)
	keyHash    = bytes.Repeat([]byte{0x33}, 20)
	testName   = enc.seq(enc.set(enc.seq(enc.oid(oidCommonName), enc.tlv(cbasn1.UTF8String, []byte("Test CA")))))
	testTime   = time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)
	hashSHA1   = enc.oct(sha1Value)                                            // sha1Hash
	hashGOST   = enc.seq(enc.seq(enc.oid(oidStreebog256)), enc.oct(gostValue)) // otherHash
	hashNULL   = enc.seq(enc.seq(enc.oid(oidStreebog256), []byte{5, 0}), enc.oct(gostValue))
	issuerSer  = enc.seq(enc.seq(enc.ctx(4, testName)), enc.int(0x1234)) // GeneralNames { directoryName }
	fakeSigned = enc.seq(enc.seq(enc.int(1)), enc.seq(enc.oid(oidStreebog256)), enc.tlv(cbasn1.BIT_STRING, []byte{0, 1}))
	fakeOther  = enc.seq(enc.seq(enc.int(2)), enc.seq(enc.oid(oidStreebog512)), enc.tlv(cbasn1.BIT_STRING, []byte{0, 2}))
)

var (
	wantHashSHA1 = OtherHash{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA1}, Value: sha1Value}
	wantHashGOST = OtherHash{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidStreebog256}, Value: gostValue}
	wantHashNULL = OtherHash{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidStreebog256,
		Parameters: asn1.RawValue{FullBytes: []byte{5, 0}}}, Value: gostValue}
	wantIssuerSer = &ESSIssuerSerial{RawIssuer: enc.seq(enc.ctx(4, testName)), Serial: big.NewInt(0x1234)}
)

// checkParseError fails t unless err is a *ParseError of the attribute where.
func checkParseError(t *testing.T, err error, where string) {
	t.Helper()
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v (%T) is not a *ParseError", err, err)
	}
	if pe.Where != where {
		t.Fatalf("error %v names %q, want %q", err, pe.Where, where)
	}
}

// rejectAll checks that parse rejects every malformed input, every strict
// prefix of every valid input and each valid input followed by a byte,
// with a *ParseError naming where, and returns nothing with it.
func rejectAll[T any](t *testing.T, where string, parse func([]byte) (T, error), valid [][]byte, bad map[string][]byte) {
	t.Helper()
	check := func(name string, in []byte) {
		t.Helper()
		got, err := parse(in)
		if err == nil {
			t.Fatalf("%s: %x parsed as %+v", name, in, got)
		}
		if !reflect.ValueOf(&got).Elem().IsZero() {
			t.Fatalf("%s: a result and an error both returned", name)
		}
		checkParseError(t, err, where)
	}
	for name, in := range bad {
		check(name, in)
	}
	for i, in := range valid {
		for n := range len(in) {
			check("truncated valid input", in[:n])
		}
		check("trailing data", append(bytes.Clone(valid[i]), 0))
	}
}

// validCertRefs are complete-certificate-references values and what they
// hold; the fuzz target takes them as seeds.
func validCertRefs() ([][]byte, [][]OtherCertID) {
	return [][]byte{
			enc.seq(),
			enc.seq(enc.seq(hashSHA1)),
			enc.seq(enc.seq(hashGOST, issuerSer)),
			enc.seq(enc.seq(hashNULL), enc.seq(hashSHA1, issuerSer)),
		}, [][]OtherCertID{
			{},
			{{Hash: wantHashSHA1}},
			{{Hash: wantHashGOST, IssuerSerial: wantIssuerSer}},
			{{Hash: wantHashNULL}, {Hash: wantHashSHA1, IssuerSerial: wantIssuerSer}},
		}
}

func TestParseCertificateRefs(t *testing.T) {
	ins, wants := validCertRefs()
	for i, in := range ins {
		got, err := ParseCertificateRefs(in)
		if err != nil {
			t.Fatalf("%x: %v", in, err)
		}
		if !reflect.DeepEqual(got, wants[i]) {
			t.Errorf("%x:\n got %+v\nwant %+v", in, got, wants[i])
		}
	}
	rejectAll(t, whereCertificateRefs, ParseCertificateRefs, ins, map[string][]byte{
		"empty":                         nil,
		"a SET":                         enc.set(enc.seq(hashSHA1)),
		"BER indefinite length":         {0x30, 0x80, 0x30, 0x16, 0x04, 0x14, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0, 0},
		"element not a SEQUENCE":        enc.seq(hashSHA1),
		"no hash":                       enc.seq(enc.seq()),
		"sha1Hash of 19 bytes":          enc.seq(enc.seq(enc.oct(sha1Value[:19]))),
		"sha1Hash of 32 bytes":          enc.seq(enc.seq(enc.oct(gostValue))),
		"hash an INTEGER":               enc.seq(enc.seq(enc.int(1))),
		"otherHash without value":       enc.seq(enc.seq(enc.seq(enc.seq(enc.oid(oidStreebog256))))),
		"otherHash value an INTEGER":    enc.seq(enc.seq(enc.seq(enc.seq(enc.oid(oidStreebog256)), enc.int(1)))),
		"otherHash trailing field":      enc.seq(enc.seq(enc.seq(enc.seq(enc.oid(oidStreebog256)), enc.oct(gostValue), enc.int(1)))),
		"otherHash algorithm no OID":    enc.seq(enc.seq(enc.seq(enc.seq(), enc.oct(gostValue)))),
		"otherHash algorithm two parms": enc.seq(enc.seq(enc.seq(enc.seq(enc.oid(oidStreebog256), []byte{5, 0, 5, 0}), enc.oct(gostValue)))),
		"issuerSerial without serial":   enc.seq(enc.seq(hashSHA1, enc.seq(enc.seq(enc.ctx(4, testName))))),
		"issuerSerial empty names":      enc.seq(enc.seq(hashSHA1, enc.seq(enc.seq(), enc.int(5)))),
		"issuerSerial with issuerUID":   enc.seq(enc.seq(hashSHA1, enc.seq(enc.seq(enc.ctx(4, testName)), enc.int(5), enc.tlv(cbasn1.BIT_STRING, []byte{0, 1})))),
		"issuerSerial an INTEGER":       enc.seq(enc.seq(hashSHA1, enc.int(5))),
		"field after issuerSerial":      enc.seq(enc.seq(hashSHA1, issuerSer, enc.int(5))),
		"two hashes":                    enc.seq(enc.seq(hashSHA1, hashSHA1)),
		"serial not minimal":            enc.seq(enc.seq(hashSHA1, enc.seq(enc.seq(enc.ctx(4, testName)), []byte{2, 2, 0, 5}))),
	})
}

// CRL and OCSP references for validRevRefs.
var (
	crlBare     = enc.seq(hashSHA1)
	crlIdent    = enc.seq(hashGOST, enc.seq(testName, enc.utc(testTime)))
	crlNumbered = enc.seq(hashSHA1, enc.seq(testName, enc.utc(testTime), enc.int(300)))
	ocspName    = enc.seq(enc.seq(enc.ctx(1, testName), enc.gen(testTime)), hashGOST)
	ocspKey     = enc.seq(enc.seq(enc.ctx(2, enc.oct(keyHash)), enc.gen(testTime)))
	ocspKeySHA1 = enc.seq(enc.seq(enc.ctx(2, enc.oct(keyHash)), enc.gen(testTime)), hashSHA1)
	otherRev    = enc.ctx(2, enc.seq(enc.oid(asn1.ObjectIdentifier{1, 2, 3, 4}), enc.int(7)))

	wantCRLBare     = CRLRef{Hash: wantHashSHA1}
	wantCRLIdent    = CRLRef{Hash: wantHashGOST, RawIssuer: testName, IssuedTime: testTime}
	wantCRLNumbered = CRLRef{Hash: wantHashSHA1, RawIssuer: testName, IssuedTime: testTime, Number: big.NewInt(300)}
	wantOCSPName    = OCSPRef{ResponderName: testName, ProducedAt: testTime, Hash: &wantHashGOST}
	wantOCSPKey     = OCSPRef{ResponderKeyHash: keyHash, ProducedAt: testTime}
	wantOCSPKeySHA1 = OCSPRef{ResponderKeyHash: keyHash, ProducedAt: testTime, Hash: &wantHashSHA1}
)

// crlIDs and ocspIDs wrap references as crlids [0] and ocspids [1] do.
func crlIDs(refs ...[]byte) []byte  { return enc.ctx(0, enc.seq(enc.seq(refs...))) }
func ocspIDs(refs ...[]byte) []byte { return enc.ctx(1, enc.seq(enc.seq(refs...))) }

// validRevRefs are complete-revocation-references values and what they
// hold; the fuzz target takes them as seeds.
func validRevRefs() ([][]byte, [][]RevocationRef) {
	return [][]byte{
			enc.seq(),
			enc.seq(enc.seq()),
			enc.seq(enc.seq(crlIDs(crlBare))),
			enc.seq(enc.seq(crlIDs(crlIdent, crlNumbered))),
			enc.seq(enc.seq(crlIDs())),
			enc.seq(enc.seq(ocspIDs(ocspName))),
			enc.seq(enc.seq(ocspIDs(ocspKey, ocspKeySHA1))),
			enc.seq(enc.seq(otherRev)),
			enc.seq(enc.seq(crlIDs(crlBare), ocspIDs(ocspKey), otherRev), enc.seq(ocspIDs(ocspName)), enc.seq()),
		}, [][]RevocationRef{
			{},
			{{}},
			{{CRLs: []CRLRef{wantCRLBare}}},
			{{CRLs: []CRLRef{wantCRLIdent, wantCRLNumbered}}},
			{{CRLs: []CRLRef{}}},
			{{OCSP: []OCSPRef{wantOCSPName}}},
			{{OCSP: []OCSPRef{wantOCSPKey, wantOCSPKeySHA1}}},
			{{Other: true}},
			{{CRLs: []CRLRef{wantCRLBare}, OCSP: []OCSPRef{wantOCSPKey}, Other: true}, {OCSP: []OCSPRef{wantOCSPName}}, {}},
		}
}

func TestParseRevocationRefs(t *testing.T) {
	ins, wants := validRevRefs()
	for i, in := range ins {
		got, err := ParseRevocationRefs(in)
		if err != nil {
			t.Fatalf("%x: %v", in, err)
		}
		if !reflect.DeepEqual(got, wants[i]) {
			t.Errorf("%x:\n got %+v\nwant %+v", in, got, wants[i])
		}
	}
	one := func(fields ...[]byte) []byte { return enc.seq(enc.seq(fields...)) }
	crl := func(ref []byte) []byte { return one(crlIDs(ref)) }
	ocsp := func(ref []byte) []byte { return one(ocspIDs(ref)) }
	ocspID := func(rid []byte, rest ...[]byte) []byte {
		return enc.seq(append([][]byte{enc.seq(rid, enc.gen(testTime))}, rest...)...)
	}
	rejectAll(t, whereRevocationRefs, ParseRevocationRefs, ins, map[string][]byte{
		"a SET":                       enc.set(enc.seq()),
		"element not a SEQUENCE":      enc.seq(crlIDs(crlBare)),
		"crlids IMPLICIT":             one(enc.ctx(0, enc.seq(crlBare))),
		"crlids primitive":            one(enc.tlv(cbasn1.Tag(0).ContextSpecific(), enc.seq(enc.seq(crlBare)))),
		"crlids two lists":            one(enc.ctx(0, enc.seq(enc.seq(crlBare)), enc.seq())),
		"crlids list trailing field":  one(enc.ctx(0, enc.seq(enc.seq(crlBare), enc.int(1)))),
		"CRL ref not a SEQUENCE":      crl(hashSHA1),
		"CRL ref without hash":        crl(enc.seq()),
		"CRL ref bad hash":            crl(enc.seq(enc.oct([]byte{1}))),
		"crlIdentifier empty":         crl(enc.seq(hashSHA1, enc.seq())),
		"crlIdentifier no time":       crl(enc.seq(hashSHA1, enc.seq(testName))),
		"crlIssuedTime generalized":   crl(enc.seq(hashSHA1, enc.seq(testName, enc.gen(testTime)))),
		"crlissuer an OCTET STRING":   crl(enc.seq(hashSHA1, enc.seq(enc.oct([]byte{1}), enc.utc(testTime)))),
		"crlNumber an OCTET STRING":   crl(enc.seq(hashSHA1, enc.seq(testName, enc.utc(testTime), enc.oct([]byte{1})))),
		"field after crlNumber":       crl(enc.seq(hashSHA1, enc.seq(testName, enc.utc(testTime), enc.int(1), enc.int(2)))),
		"field after crlIdentifier":   crl(enc.seq(hashSHA1, enc.seq(testName, enc.utc(testTime)), enc.int(2))),
		"crlIdentifier a Name":        crl(enc.seq(hashSHA1, testName)),
		"OCSP ref not a SEQUENCE":     ocsp(enc.int(1)),
		"OCSP ref empty":              ocsp(enc.seq()),
		"ocspIdentifier an INTEGER":   ocsp(enc.seq(enc.int(1))),
		"responderID [0]":             ocsp(ocspID(enc.ctx(0, testName))),
		"responderID [3]":             ocsp(ocspID(enc.ctx(3, enc.oct(keyHash)))),
		"responderID untagged":        ocsp(ocspID(testName)),
		"byName IMPLICIT":             ocsp(ocspID(enc.ctx(1, enc.set(enc.seq(enc.oid(oidCommonName)))))),
		"byName two names":            ocsp(ocspID(enc.ctx(1, testName, testName))),
		"byKey IMPLICIT":              ocsp(ocspID(enc.tlv(cbasn1.Tag(2).ContextSpecific(), keyHash))),
		"byKey a SEQUENCE":            ocsp(ocspID(enc.ctx(2, testName))),
		"byKey empty":                 ocsp(ocspID(enc.ctx(2, enc.oct(nil)))),
		"producedAt a UTCTime":        ocsp(enc.seq(enc.seq(enc.ctx(2, enc.oct(keyHash)), enc.utc(testTime)))),
		"producedAt missing":          ocsp(enc.seq(enc.seq(enc.ctx(2, enc.oct(keyHash))))),
		"producedAt not DER":          ocsp(enc.seq(enc.seq(enc.ctx(2, enc.oct(keyHash)), enc.tlv(cbasn1.GeneralizedTime, []byte("20240301123000+0300"))))),
		"producedAt trailing zero":    ocsp(enc.seq(enc.seq(enc.ctx(2, enc.oct(keyHash)), enc.tlv(cbasn1.GeneralizedTime, []byte("20240301123000.10Z"))))),
		"crlIssuedTime with offset":   crl(enc.seq(hashSHA1, enc.seq(testName, enc.tlv(cbasn1.UTCTime, []byte("240301123000+0300"))))),
		"crlIssuedTime no seconds":    crl(enc.seq(hashSHA1, enc.seq(testName, enc.tlv(cbasn1.UTCTime, []byte("2403011230Z"))))),
		"field after producedAt":      ocsp(enc.seq(enc.seq(enc.ctx(2, enc.oct(keyHash)), enc.gen(testTime), enc.int(1)))),
		"ocspRepHash an INTEGER":      ocsp(ocspID(enc.ctx(2, enc.oct(keyHash)), enc.int(1))),
		"field after ocspRepHash":     ocsp(ocspID(enc.ctx(2, enc.oct(keyHash)), hashSHA1, hashSHA1)),
		"ocspids before crlids":       one(ocspIDs(ocspKey), crlIDs(crlBare)),
		"crlids twice":                one(crlIDs(crlBare), crlIDs(crlBare)),
		"otherRev before ocspids":     one(otherRev, ocspIDs(ocspKey)),
		"unknown [3]":                 one(enc.ctx(3, enc.seq())),
		"untagged field":              one(enc.seq(enc.seq(crlBare))),
		"otherRev without value":      one(enc.ctx(2, enc.seq(enc.oid(asn1.ObjectIdentifier{1, 2, 3, 4})))),
		"otherRev two values":         one(enc.ctx(2, enc.seq(enc.oid(asn1.ObjectIdentifier{1, 2, 3, 4}), enc.int(1), enc.int(2)))),
		"otherRev type not an OID":    one(enc.ctx(2, enc.seq(enc.int(1), enc.int(2)))),
		"otherRev IMPLICIT":           one(enc.ctx(2, enc.oid(asn1.ObjectIdentifier{1, 2, 3, 4}), enc.int(7))),
		"ocspids list not a SEQUENCE": one(enc.ctx(1, enc.seq(enc.set(ocspKey)))),
	})
}

// validRevValues are revocation-values values and what they hold; the
// fuzz target takes them as seeds.
func validRevValues() ([][]byte, []*RevocationValues) {
	return [][]byte{
			enc.seq(),
			enc.seq(enc.ctx(0, enc.seq(fakeSigned))),
			enc.seq(enc.ctx(1, enc.seq(fakeSigned, fakeOther))),
			enc.seq(enc.ctx(0, enc.seq()), enc.ctx(1, enc.seq(fakeOther))),
			enc.seq(enc.ctx(0, enc.seq(fakeOther)), enc.ctx(1, enc.seq(fakeSigned)), otherRev),
			enc.seq(otherRev),
		}, []*RevocationValues{
			{},
			{CRLs: [][]byte{fakeSigned}},
			{OCSP: [][]byte{fakeSigned, fakeOther}},
			{CRLs: [][]byte{}, OCSP: [][]byte{fakeOther}},
			{CRLs: [][]byte{fakeOther}, OCSP: [][]byte{fakeSigned}, Other: 1},
			{Other: 1},
		}
}

func TestParseRevocationValues(t *testing.T) {
	ins, wants := validRevValues()
	for i, in := range ins {
		got, err := ParseRevocationValues(in)
		if err != nil {
			t.Fatalf("%x: %v", in, err)
		}
		if !reflect.DeepEqual(got, wants[i]) {
			t.Errorf("%x:\n got %+v\nwant %+v", in, got, wants[i])
		}
	}
	// OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT ResponseBytes }
	ocspResponse := enc.seq(enc.tlv(cbasn1.ENUM, []byte{0}), enc.ctx(0, enc.seq(enc.oid(asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 48, 1, 1}), enc.oct(fakeSigned))))
	rejectAll(t, whereRevocationValues, ParseRevocationValues, ins, map[string][]byte{
		"a SET":                         enc.set(),
		"an OCSPResponse in ocspVals":   enc.seq(enc.ctx(1, enc.seq(ocspResponse))),
		"crlVals IMPLICIT":              enc.seq(enc.ctx(0, fakeSigned)),
		"crlVals element an INTEGER":    enc.seq(enc.ctx(0, enc.seq(enc.int(1)))),
		"crlVals element empty":         enc.seq(enc.ctx(0, enc.seq(enc.seq()))),
		"crlVals element not signed":    enc.seq(enc.ctx(0, enc.seq(enc.seq(enc.int(1), enc.int(2))))),
		"ocspVals element a SET":        enc.seq(enc.ctx(1, enc.seq(enc.set(enc.seq())))),
		"ocspVals two lists":            enc.seq(enc.ctx(1, enc.seq(fakeSigned), enc.seq(fakeSigned))),
		"ocspVals before crlVals":       enc.seq(enc.ctx(1, enc.seq(fakeSigned)), enc.ctx(0, enc.seq(fakeSigned))),
		"crlVals twice":                 enc.seq(enc.ctx(0, enc.seq()), enc.ctx(0, enc.seq())),
		"unknown [3]":                   enc.seq(enc.ctx(3, enc.seq())),
		"otherRevVals without value":    enc.seq(enc.ctx(2, enc.seq(enc.oid(asn1.ObjectIdentifier{1, 2, 3})))),
		"otherRevVals not a SEQUENCE":   enc.seq(enc.ctx(2, enc.oid(asn1.ObjectIdentifier{1, 2, 3}))),
		"crlVals primitive":             enc.seq(enc.tlv(cbasn1.Tag(0).ContextSpecific(), enc.seq(fakeSigned))),
		"untagged list":                 enc.seq(enc.seq(fakeSigned)),
		"BER indefinite crlVals":        {0x30, 0x06, 0xa0, 0x80, 0x30, 0x00, 0x00, 0x00},
		"element with trailing garbage": enc.seq(enc.ctx(0, enc.seq(fakeSigned, []byte{0x05}))),
	})
}

func TestParseCertificateValues(t *testing.T) {
	root := pkiFile(t, "pki/root.cer")
	ins := [][]byte{enc.seq(), enc.seq(root), enc.seq(root, fakeSigned)}
	wants := [][][]byte{{}, {root}, {root, fakeSigned}}
	for i, in := range ins {
		got, err := ParseCertificateValues(in)
		if err != nil {
			t.Fatalf("%x: %v", in, err)
		}
		if !reflect.DeepEqual(got, wants[i]) {
			t.Errorf("%x: got %x, want %x", in, got, wants[i])
		}
	}
	rejectAll(t, whereCertificateValues, ParseCertificateValues, ins, map[string][]byte{
		"a SET":                   enc.set(root),
		"element an OCTET STRING": enc.seq(enc.oct(root)),
		"element empty":           enc.seq(enc.seq()),
		"element not signed":      enc.seq(enc.seq(enc.int(3))),
		"element an OCSPResponse": enc.seq(enc.seq(enc.tlv(cbasn1.ENUM, []byte{0}))),
		"certificate in [0]":      enc.seq(enc.ctx(0, root)),
	})
}

func TestOtherHashMatches(t *testing.T) {
	// Digests of testdata/cms/pki/root.cer by `openssl dgst` (GOST ones
	// with gost-engine: -md_gost94, -md_gost12_256, -md_gost12_512).
	root := pkiFile(t, "pki/root.cer")
	cases := []struct {
		alg asn1.ObjectIdentifier
		hex string
	}{
		{oidSHA1, "ae38216cf9d738e63df667364a57dd512cd71445"},
		{oidSHA256, "99e39b7250225c8e9ccf5b00dc4a05076ca35ccda1dfb5a3c3dccad2418442b0"},
		{oidSHA384, "b61a52b690fcd741185c366f1571694aa85141e56829f0835a43054d267e395bc719fdf104b057faf8da1f88e35efd63"},
		{oidSHA512, "4c2c96186a85e4b9bed336de806f1dbabc6fc4c4b79b085b362ec78afaf133556f3c65b14c2bd8ffba2ee0789afe6d9289ef21923816e1266298d73c8a20e9f1"},
		{oidGOST94, "7a1f8bf49176306f86cad16e2cb6fed0c7f187eda3b35d59fc5a67a6e32aaf31"},
		{oidStreebog256, "45685de9f444b9ca50b9b98c902ce4089ab9c003c297c84000c624a587218679"},
		{oidStreebog512, "f85fd50745989007f876e22a470dda779f9a054f97e23ba5db6a41ea298c544999ce55782eb6c7addfd7a8714437936a311156592e1abf690a344f0db8752c96"},
	}
	for _, c := range cases {
		v, _ := hex.DecodeString(c.hex)
		h := OtherHash{Algorithm: pkix.AlgorithmIdentifier{Algorithm: c.alg}, Value: v}
		if ok, err := h.Matches(root); !ok || err != nil {
			t.Errorf("%s: Matches(root.cer) = %v, %v", c.alg, ok, err)
		}
		if ok, err := h.Matches(root[1:]); ok || err != nil {
			t.Errorf("%s: Matches(other bytes) = %v, %v", c.alg, ok, err)
		}
		h.Value = v[:len(v)-1]
		if ok, err := h.Matches(root); ok || err != nil {
			t.Errorf("%s: a shortened hash: Matches = %v, %v", c.alg, ok, err)
		}
	}
	md5 := OtherHash{Algorithm: pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 5}}, Value: make([]byte, 16)}
	if ok, err := md5.Matches(root); ok || err == nil {
		t.Errorf("MD5: Matches = %v, %v; want an error", ok, err)
	}
	if ok, err := (OtherHash{}).Matches(root); ok || err == nil {
		t.Errorf("no algorithm: Matches = %v, %v; want an error", ok, err)
	}
}

// cadesAttr is an attribute as parseAttributes returns it, Raw included.
func cadesAttr(t testing.TB, oid asn1.ObjectIdentifier, values ...[]byte) Attribute {
	t.Helper()
	attrs, err := parseAttributes(enc.seq(enc.oid(oid), enc.set(values...)))
	if err != nil {
		t.Fatal(err)
	}
	return attrs[0]
}

// Attribute values for the LongTerm tests; tokens are stand-ins (LongTerm
// does not parse them).
var (
	tokenA       = enc.seq(enc.int(5))
	tokenB       = enc.seq(enc.int(6))
	certRefsVal  = enc.seq(enc.seq(hashSHA1))
	revRefsVal   = enc.seq(enc.seq())
	certValsVal  = enc.seq(fakeSigned)
	revValsVal   = enc.seq(enc.ctx(1, enc.seq(fakeOther)))
	policyVal    = enc.seq(enc.seq(enc.oid(asn1.ObjectIdentifier{1, 2, 643, 100, 1}), enc.seq(enc.seq(enc.oid(oidGOST94)), enc.oct(gostValue))))
	signedCTOnly = func(t testing.TB) Attribute { return cadesAttr(t, OIDContentType, enc.oid(OIDData)) }
)

func TestLongTermLevel(t *testing.T) {
	sigTS := cadesAttr(t, OIDTimeStampToken, tokenA)
	certRefs := cadesAttr(t, OIDCertificateRefs, certRefsVal)
	revRefs := cadesAttr(t, OIDRevocationRefs, revRefsVal)
	certVals := cadesAttr(t, OIDCertificateValues, certValsVal)
	revVals := cadesAttr(t, OIDRevocationValues, revValsVal)
	esc := cadesAttr(t, OIDESCTimeStamp, tokenB)
	certCRL := cadesAttr(t, OIDCertCRLTimestamp, tokenB)
	policy := cadesAttr(t, OIDSignaturePolicy, policyVal)
	cts := cadesAttr(t, OIDContentTimeStamp, tokenB)
	c := []Attribute{sigTS, certRefs, revRefs}
	xl := append(c[:3:3], certVals, revVals)
	cases := []struct {
		name     string
		signed   []Attribute
		unsigned []Attribute
		want     Level
	}{
		{"no attributes", nil, nil, LevelBES},
		{"BES", []Attribute{signedCTOnly(t)}, nil, LevelBES},
		{"BES with content-time-stamp", []Attribute{signedCTOnly(t), cts}, nil, LevelBES},
		{"EPES", []Attribute{signedCTOnly(t), policy}, nil, LevelEPES},
		{"policy as unsigned attribute", nil, []Attribute{policy}, LevelBES},
		{"T", nil, []Attribute{sigTS}, LevelT},
		{"T over EPES", []Attribute{policy}, []Attribute{sigTS}, LevelT},
		{"T with values, no refs (B-LT)", nil, []Attribute{sigTS, certVals, revVals}, LevelT},
		{"C", nil, c, LevelC},
		{"C, certificate refs only", nil, []Attribute{sigTS, certRefs}, LevelC},
		{"C, revocation refs only", nil, []Attribute{sigTS, revRefs}, LevelC},
		{"C without signature timestamp", nil, []Attribute{certRefs, revRefs}, LevelC},
		{"X Type 1", nil, append(c[:3:3], esc), LevelX1},
		{"X Type 2", nil, append(c[:3:3], certCRL), LevelX2},
		{"X Long", nil, xl, LevelXL},
		{"X Long, certificate values only", nil, append(c[:3:3], certVals), LevelXL},
		{"X Long, revocation values only", nil, append(c[:3:3], revVals), LevelXL},
		{"X Long Type 1", nil, append(xl[:5:5], esc), LevelXL1},
		{"X Long Type 1, CryptoPro order", nil, []Attribute{sigTS, revVals, certVals, esc, revRefs, certRefs}, LevelXL1},
		{"X Long Type 2", nil, append(xl[:5:5], certCRL), LevelXL2},
		{"both X timestamps", nil, append(xl[:5:5], certCRL, esc), LevelXL1},
		{"A v1", nil, append(xl[:5:5], esc, cadesAttr(t, OIDArchiveTimeStamp, tokenA)), LevelA},
		{"A v2", nil, append(xl[:5:5], esc, cadesAttr(t, OIDArchiveTimeStampV2, tokenA)), LevelA},
		{"A v3", nil, append(xl[:5:5], esc, cadesAttr(t, OIDArchiveTimeStampV3, tokenA)), LevelA},
		{"archive timestamp alone", nil, []Attribute{cadesAttr(t, OIDArchiveTimeStampV3, tokenA)}, LevelA},
		{"malformed refs still show C", nil, []Attribute{sigTS, cadesAttr(t, OIDCertificateRefs, enc.int(1))}, LevelC},
	}
	for _, c := range cases {
		si := &SignerInfo{SignedAttrs: c.signed, UnsignedAttrs: c.unsigned}
		if got := si.LongTerm().Level; got != c.want {
			t.Errorf("%s: level %q, want %q", c.name, got, c.want)
		}
	}
}

func TestLongTermContents(t *testing.T) {
	ctsA, ctsB := cadesAttr(t, OIDContentTimeStamp, tokenA), cadesAttr(t, OIDContentTimeStamp, tokenB, tokenA)
	si := &SignerInfo{
		SignedAttrs: []Attribute{signedCTOnly(t), ctsA, ctsB},
		UnsignedAttrs: []Attribute{
			cadesAttr(t, OIDTimeStampToken, tokenA),
			cadesAttr(t, OIDCertificateRefs, certRefsVal),
			cadesAttr(t, OIDRevocationRefs, revRefsVal),
			cadesAttr(t, OIDTimeStampToken, tokenB, tokenA),
			cadesAttr(t, OIDCertificateValues, certValsVal),
			cadesAttr(t, OIDRevocationValues, revValsVal),
			cadesAttr(t, OIDESCTimeStamp, tokenB),
			cadesAttr(t, OIDCertCRLTimestamp, tokenA),
			cadesAttr(t, OIDArchiveTimeStampV2, tokenA),
			cadesAttr(t, OIDCounterSignature, tokenB),
			cadesAttr(t, OIDArchiveTimeStampV3, tokenB, tokenA),
			cadesAttr(t, OIDArchiveTimeStamp, tokenB),
		},
	}
	want := &LongTerm{
		Level:                LevelA,
		ContentTimeStamps:    [][]byte{tokenA, tokenB, tokenA},
		SignatureTimeStamps:  [][]byte{tokenA, tokenB, tokenA},
		ESCTimeStamps:        [][]byte{tokenB},
		CertCRLTimestamps:    [][]byte{tokenA},
		ArchiveTimeStamps:    []ArchiveTimeStamp{{2, tokenA, 8}, {3, tokenB, 10}, {3, tokenA, 10}, {1, tokenB, 11}},
		CertificateRefs:      []OtherCertID{{Hash: wantHashSHA1}},
		RevocationRefs:       []RevocationRef{{}},
		CertificateValues:    [][]byte{fakeSigned},
		RevocationValues:     &RevocationValues{OCSP: [][]byte{fakeOther}},
		HasCertificateRefs:   true,
		HasRevocationRefs:    true,
		HasCertificateValues: true,
		HasRevocationValues:  true,
	}
	if got := si.LongTerm(); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	bes := (&SignerInfo{SignedAttrs: []Attribute{signedCTOnly(t)}}).LongTerm()
	if !reflect.DeepEqual(bes, &LongTerm{Level: LevelBES}) {
		t.Errorf("BES: %+v", bes)
	}
}

// TestLongTermProblems checks that malformed and repeated reference and
// value attributes go to Problems, each a *ParseError naming the
// attribute, with the first instance used.
func TestLongTermProblems(t *testing.T) {
	cases := []struct {
		name  string
		attrs []Attribute
		where []string // of each problem, in order
		check func(*LongTerm) bool
	}{
		{"malformed certificate refs", []Attribute{cadesAttr(t, OIDCertificateRefs, enc.seq(hashSHA1))},
			[]string{whereCertificateRefs}, func(lt *LongTerm) bool { return lt.HasCertificateRefs && lt.CertificateRefs == nil }},
		{"malformed revocation refs", []Attribute{cadesAttr(t, OIDRevocationRefs, enc.seq(enc.seq(enc.ctx(5))))},
			[]string{whereRevocationRefs}, func(lt *LongTerm) bool { return lt.HasRevocationRefs && lt.RevocationRefs == nil }},
		{"malformed certificate values", []Attribute{cadesAttr(t, OIDCertificateValues, enc.set())},
			[]string{whereCertificateValues}, func(lt *LongTerm) bool { return lt.HasCertificateValues && lt.CertificateValues == nil }},
		{"malformed revocation values", []Attribute{cadesAttr(t, OIDRevocationValues, enc.seq(enc.int(1)))},
			[]string{whereRevocationValues}, func(lt *LongTerm) bool { return lt.HasRevocationValues && lt.RevocationValues == nil }},
		{"two values in one attribute", []Attribute{cadesAttr(t, OIDCertificateRefs, certRefsVal, certRefsVal)},
			[]string{whereCertificateRefs}, func(lt *LongTerm) bool { return lt.HasCertificateRefs && lt.CertificateRefs == nil }},
		{"certificate refs twice", []Attribute{
			cadesAttr(t, OIDCertificateRefs, certRefsVal),
			cadesAttr(t, OIDCertificateRefs, enc.seq()),
		}, []string{whereCertificateRefs}, func(lt *LongTerm) bool { return len(lt.CertificateRefs) == 1 }},
		{"malformed then good revocation values", []Attribute{
			cadesAttr(t, OIDRevocationValues, enc.int(1)),
			cadesAttr(t, OIDRevocationValues, revValsVal),
		}, []string{whereRevocationValues, whereRevocationValues}, func(lt *LongTerm) bool { return lt.RevocationValues == nil }},
		{"each of the four twice", []Attribute{
			cadesAttr(t, OIDCertificateValues, certValsVal),
			cadesAttr(t, OIDRevocationRefs, revRefsVal),
			cadesAttr(t, OIDCertificateRefs, certRefsVal),
			cadesAttr(t, OIDRevocationValues, revValsVal),
			cadesAttr(t, OIDRevocationValues, revValsVal),
			cadesAttr(t, OIDCertificateRefs, certRefsVal),
			cadesAttr(t, OIDRevocationRefs, revRefsVal),
			cadesAttr(t, OIDCertificateValues, enc.seq()),
		}, []string{whereRevocationValues, whereCertificateRefs, whereRevocationRefs, whereCertificateValues},
			func(lt *LongTerm) bool { return len(lt.CertificateValues) == 1 && lt.Level == LevelXL }},
		{"timestamps may repeat", []Attribute{
			cadesAttr(t, OIDTimeStampToken, tokenA),
			cadesAttr(t, OIDTimeStampToken, tokenA),
			cadesAttr(t, OIDESCTimeStamp, tokenA),
			cadesAttr(t, OIDESCTimeStamp, tokenA),
		}, nil, func(lt *LongTerm) bool { return len(lt.SignatureTimeStamps) == 2 && len(lt.ESCTimeStamps) == 2 }},
	}
	for _, c := range cases {
		lt := (&SignerInfo{UnsignedAttrs: c.attrs}).LongTerm()
		if len(lt.Problems) != len(c.where) {
			t.Errorf("%s: problems %v, want %d", c.name, lt.Problems, len(c.where))
			continue
		}
		for i, p := range lt.Problems {
			var pe *ParseError
			if !errors.As(p, &pe) || pe.Where != c.where[i] {
				t.Errorf("%s: problem %d is %v, want a *ParseError of %s", c.name, i+1, p, c.where[i])
			}
		}
		if !c.check(lt) {
			t.Errorf("%s: %+v", c.name, lt)
		}
	}
}

// TestSBISCAdEST reads the real SBIS CAdES-T of testdata/tsp: one
// signature timestamp, the Tensor token cut from it.
func TestSBISCAdEST(t *testing.T) {
	sd, err := Parse(readFile(t, "../testdata/tsp/sbis_cades_t.sgn"))
	if err != nil {
		t.Fatal(err)
	}
	lt := sd.Signers[0].LongTerm()
	if lt.Level != LevelT || len(lt.SignatureTimeStamps) != 1 || len(lt.Problems) != 0 {
		t.Fatalf("got %+v, want CAdES-T with one signature timestamp", lt)
	}
	if token := readFile(t, "../testdata/tsp/sbis_tensor_token.der"); !bytes.Equal(lt.SignatureTimeStamps[0], token) {
		t.Error("the signature timestamp is not the token of sbis_tensor_token.der")
	}
	if lt.HasCertificateRefs || lt.HasRevocationRefs || lt.HasCertificateValues || lt.HasRevocationValues ||
		lt.ContentTimeStamps != nil || lt.ESCTimeStamps != nil || lt.ArchiveTimeStamps != nil {
		t.Errorf("attributes a CAdES-T does not have: %+v", lt)
	}
	if _, err := sd.Signers[0].ESCTimeStampInput(); err == nil {
		t.Error("ESCTimeStampInput without references succeeded")
	}
}

// hexBytes decodes hex written with spaces and line breaks.
func hexBytes(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// escSigner is a signer with two signature timestamps, the two references
// (the certificate references BER with an indefinite length, as a
// SignerInfo not made by Parse may hold them) and an unrelated attribute
// between them; the expected inputs are assembled by hand.
func escSigner(t testing.TB) *SignerInfo {
	const aa = "06 0b 2a 86 48 86 f7 0d 01 09 10 02" // OID 1.2.840.113549.1.9.16.2. prefix
	sha1 := strings.Repeat("11", 20)
	mk := func(raw string) Attribute {
		b := hexBytes(t, raw)
		body, err := attributeBody(b)
		if err != nil {
			t.Fatal(err)
		}
		attrs, err := parseAttributes(enc.seq(body))
		if err != nil {
			t.Fatal(err)
		}
		a := attrs[0]
		a.Raw = b
		return a
	}
	return &SignerInfo{
		Signature: hexBytes(t, "01 02 03 04"),
		UnsignedAttrs: []Attribute{
			mk("30 14" + aa + "0e 31 05 30 03 02 01 05"),                     // signature-time-stamp
			mk("30 80" + aa + "15 31 1a 30 18 30 16 04 14" + sha1 + "00 00"), // certificate refs, indefinite
			mk("30 81 12" + aa + "06 31 03 02 01 07"),                        // a countersignature, long-form length
			mk("30 14" + aa + "0e 31 05 30 03 02 01 06"),                     // signature-time-stamp
			mk("30 82 00 13" + aa + "16 31 04 30 02 30 00"),                  // revocation refs, non-minimal length
		},
	}
}

func TestESCTimeStampInput(t *testing.T) {
	const aa = "06 0b 2a 86 48 86 f7 0d 01 09 10 02"
	sha1 := strings.Repeat("11", 20)
	si := escSigner(t)
	want := hexBytes(t, "01 02 03 04"+
		aa+"0e 31 05 30 03 02 01 05"+
		aa+"0e 31 05 30 03 02 01 06"+
		aa+"15 31 1a 30 18 30 16 04 14"+sha1+
		aa+"16 31 04 30 02 30 00")
	got, err := si.ESCTimeStampInput()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("ESCTimeStampInput\n got %x\nwant %x", got, want)
	}
	if lt := si.LongTerm(); len(lt.Problems) != 0 || len(lt.SignatureTimeStamps) != 2 || len(lt.CertificateRefs) != 1 {
		t.Errorf("LongTerm of the same signer: %+v", lt)
	}
	want = hexBytes(t, aa+"15 31 1a 30 18 30 16 04 14"+sha1+aa+"16 31 04 30 02 30 00")
	if got, err = si.CertCRLTimestampInput(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("CertCRLTimestampInput\n got %x\nwant %x", got, want)
	}
	if !bytes.Equal(si.Signature, hexBytes(t, "01 02 03 04")) {
		t.Error("ESCTimeStampInput changed the signature value")
	}
}

func TestESCTimeStampInputErrors(t *testing.T) {
	drop := func(i int) func(si *SignerInfo) {
		return func(si *SignerInfo) { si.UnsignedAttrs = append(si.UnsignedAttrs[:i:i], si.UnsignedAttrs[i+1:]...) }
	}
	raw := func(i int, b []byte) func(si *SignerInfo) {
		return func(si *SignerInfo) { si.UnsignedAttrs[i].Raw = b }
	}
	cases := []struct {
		name   string
		change func(*SignerInfo)
		x2     bool // CertCRLTimestampInput fails as well
	}{
		{"no certificate refs", drop(1), true},
		{"no revocation refs", drop(4), true},
		{"no unsigned attributes", func(si *SignerInfo) { si.UnsignedAttrs = nil }, true},
		{"certificate refs without Raw", raw(1, nil), true},
		{"indefinite length without end-of-contents", raw(1, hexBytes(t, "30 80 06 01 01 31 00")), true},
		{"indefinite length too short", raw(1, hexBytes(t, "30 80 00")), true},
		{"length too long", raw(4, hexBytes(t, "30 06 06 01 01 31 00")), true},
		{"length too short", raw(4, hexBytes(t, "30 04 06 01 01 31 00")), true},
		{"long-form length too short", raw(4, hexBytes(t, "30 81 04 06 01 01 31 00")), true},
		{"long-form length cut", raw(4, hexBytes(t, "30 82 00")), true},
		{"length of length 5", raw(4, hexBytes(t, "30 85 00 00 00 00 05 06 01 01 31 00")), true},
		{"a SET", raw(4, hexBytes(t, "31 05 06 01 01 31 00")), true},
		{"one byte", raw(4, hexBytes(t, "30")), true},
		{"signature-time-stamp malformed", raw(0, hexBytes(t, "30 ff")), false},
	}
	for _, c := range cases {
		si := escSigner(t)
		c.change(si)
		_, err := si.ESCTimeStampInput()
		if err == nil {
			t.Errorf("%s: ESCTimeStampInput succeeded", c.name)
		} else {
			checkParseError(t, err, whereESCTimeStamp)
		}
		_, err = si.CertCRLTimestampInput()
		if c.x2 && err == nil {
			t.Errorf("%s: CertCRLTimestampInput succeeded", c.name)
		} else if c.x2 {
			checkParseError(t, err, whereCertCRLTimestamp)
		} else if err != nil {
			t.Errorf("%s: CertCRLTimestampInput: %v", c.name, err)
		}
	}
}

// tstImprint returns the messageImprint of a timestamp token: its hash
// algorithm and value (RFC 3161 section 2.4.2).
func tstImprint(t testing.TB, token []byte) (OtherHash, error) {
	t.Helper()
	sd, err := parseContentInfo(token, nil)
	if err != nil {
		return OtherHash{}, err
	}
	in := cryptobyte.String(sd.Content)
	var info, imprint cryptobyte.String
	var version int
	var h OtherHash
	if !in.ReadASN1(&info, cbasn1.SEQUENCE) || !info.ReadASN1Integer(&version) ||
		!info.SkipASN1(cbasn1.OBJECT_IDENTIFIER) || !info.ReadASN1(&imprint, cbasn1.SEQUENCE) {
		return h, errors.New("malformed TSTInfo")
	}
	if h.Algorithm, err = readAlgorithm(&imprint); err != nil {
		return h, err
	}
	var v cryptobyte.String
	if !imprint.ReadASN1(&v, cbasn1.OCTET_STRING) {
		return h, errors.New("malformed messageImprint")
	}
	h.Value = v
	return h, nil
}

// TestRealLongTerm reads the real CryptoARM + CryptoPro CSP signatures of
// testdata/cades-real (cut from Basealt's test PDFs): a CAdES-X Long Type 1
// and a CAdES-A (archive-time-stamp-v3 over an X Long Type 1). Every
// reference resolves to a value, and the CAdES-C-time-stamp's imprint is
// the hash of ESCTimeStampInput, not of the attributes with their headers,
// though CryptoPro writes the attributes in another order (the
// CAdES-C-time-stamp before the signature-time-stamp it covers, in the
// X Long Type 1).
func TestRealLongTerm(t *testing.T) {
	const dir = "../testdata/cades-real/basealt-pdf_scp/"
	cases := []struct {
		file       string
		level      Level
		producedAt time.Time
		archive    string // the archive timestamp's token file, "" if none
	}{
		{"13_cam_CADES-XLT1_1sig", LevelXL1, time.Date(2024, 7, 16, 13, 25, 7, 0, time.UTC), ""},
		{"25_cam_CADES-A", LevelA, time.Date(2024, 7, 16, 13, 28, 4, 0, time.UTC), "25_cam_CADES-A.archiveTimeStampV3.tst.der"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			sd, err := Parse(readFile(t, dir+c.file+".contents.p7s"))
			if err != nil {
				t.Fatal(err)
			}
			si := sd.Signers[0]
			lt := si.LongTerm()
			if lt.Level != c.level || len(lt.Problems) != 0 || len(lt.SignatureTimeStamps) != 1 || len(lt.ESCTimeStamps) != 1 {
				t.Fatalf("got %+v, want %s", lt, c.level)
			}
			if len(lt.CertificateRefs) != 2 || len(lt.RevocationRefs) != 3 || len(lt.CertificateValues) != 3 ||
				len(lt.RevocationValues.OCSP) != 1 || lt.RevocationValues.CRLs != nil {
				t.Fatalf("references and values: %+v", lt)
			}
			if c.archive == "" && lt.ArchiveTimeStamps != nil {
				t.Fatalf("archive timestamps %+v", lt.ArchiveTimeStamps)
			}
			if c.archive != "" {
				ats := lt.ArchiveTimeStamps
				if len(ats) != 1 || ats[0].Version != 3 || ats[0].Index != 4 ||
					!bytes.Equal(ats[0].Token, readFile(t, dir+c.archive)) {
					t.Fatalf("archive timestamps %+v", ats)
				}
			}
			for i, ref := range lt.CertificateRefs {
				found := false
				for _, v := range lt.CertificateValues {
					if ok, err := ref.Hash.Matches(v); err != nil {
						t.Fatal(err)
					} else if ok {
						found = true
					}
				}
				if !found || ref.IssuerSerial == nil {
					t.Errorf("certificate reference %d: %+v not in the certificate values", i+1, ref)
				}
			}
			ocsp := lt.RevocationRefs[0].OCSP
			if len(ocsp) != 1 || ocsp[0].ResponderKeyHash == nil || ocsp[0].Hash == nil || !ocsp[0].ProducedAt.Equal(c.producedAt) {
				t.Fatalf("OCSP reference %+v", ocsp)
			}
			if ok, err := ocsp[0].Hash.Matches(lt.RevocationValues.OCSP[0]); !ok || err != nil {
				t.Errorf("the OCSP reference does not match the OCSP value: %v", err)
			}
			escInput, err := si.ESCTimeStampInput()
			if err != nil {
				t.Fatal(err)
			}
			// The same attributes with their own SEQUENCE headers: what
			// NOTE 2 leaves out.
			withHeaders := bytes.Clone(si.Signature)
			for _, typ := range []asn1.ObjectIdentifier{OIDTimeStampToken, OIDCertificateRefs, OIDRevocationRefs} {
				for _, a := range si.UnsignedAttrs {
					if a.Type.Equal(typ) {
						withHeaders = append(withHeaders, a.Raw...)
					}
				}
			}
			for _, in := range []struct {
				name         string
				token, input []byte
				want         bool
			}{
				{"signature-time-stamp", lt.SignatureTimeStamps[0], si.Signature, true},
				{"CAdES-C-time-stamp", lt.ESCTimeStamps[0], escInput, true},
				{"CAdES-C-time-stamp over whole attributes", lt.ESCTimeStamps[0], withHeaders, false},
			} {
				imprint, err := tstImprint(t, in.token)
				if err != nil {
					t.Fatalf("%s: %v", in.name, err)
				}
				if ok, err := imprint.Matches(in.input); ok != in.want || err != nil {
					t.Errorf("%s: the imprint matches the input: %v, want %v (%v)", in.name, ok, in.want, err)
				}
			}
		})
	}
}
