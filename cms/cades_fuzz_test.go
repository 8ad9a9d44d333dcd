package cms

import (
	"bytes"
	"errors"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// checkParsed fails t unless exactly one of ok (a result) and err is
// given, err being a *ParseError naming where.
func checkParsed(t *testing.T, ok bool, err error, where string) {
	t.Helper()
	if ok == (err != nil) {
		t.Fatalf("result %v and error %v", ok, err)
	}
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Where != where {
			t.Fatalf("error %v is not a *ParseError of %s", err, where)
		}
	}
}

// checkOtherHash fails t for a hash the parser cannot have read.
func checkOtherHash(t *testing.T, h OtherHash) {
	t.Helper()
	if h.Algorithm.Algorithm == nil || h.Value == nil {
		t.Fatalf("hash without algorithm or value: %+v", h)
	}
	h.Matches(h.Value)
}

// FuzzParseCertificateRefs: no panic; every reference has a hash, and a
// serial when it has an issuerSerial.
func FuzzParseCertificateRefs(f *testing.F) {
	ins, _ := validCertRefs()
	for _, in := range ins {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		refs, err := ParseCertificateRefs(in)
		checkParsed(t, refs != nil, err, whereCertificateRefs)
		for _, r := range refs {
			checkOtherHash(t, r.Hash)
			if r.IssuerSerial != nil && (r.IssuerSerial.Serial == nil || len(r.IssuerSerial.RawIssuer) == 0) {
				t.Fatalf("issuerSerial %+v", r.IssuerSerial)
			}
		}
	})
}

// FuzzParseRevocationRefs: no panic; an OCSP reference names its
// responder one way exactly, a CRL number or issue time comes with an
// issuer.
func FuzzParseRevocationRefs(f *testing.F) {
	ins, _ := validRevRefs()
	for _, in := range ins {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		refs, err := ParseRevocationRefs(in)
		checkParsed(t, refs != nil, err, whereRevocationRefs)
		for _, r := range refs {
			for _, c := range r.CRLs {
				checkOtherHash(t, c.Hash)
				if (c.RawIssuer == nil) != c.IssuedTime.IsZero() || (c.Number != nil && c.RawIssuer == nil) {
					t.Fatalf("CRL reference %+v", c)
				}
			}
			for _, o := range r.OCSP {
				if (o.ResponderName == nil) == (o.ResponderKeyHash == nil) || o.ProducedAt.IsZero() {
					t.Fatalf("OCSP reference %+v", o)
				}
				if o.Hash != nil {
					checkOtherHash(t, *o.Hash)
				}
			}
		}
	})
}

// checkElements fails t unless each of elems is one whole DER SEQUENCE.
func checkElements(t *testing.T, elems [][]byte) {
	t.Helper()
	for _, e := range elems {
		s := cryptobyte.String(e)
		if !s.SkipASN1(cbasn1.SEQUENCE) || !s.Empty() {
			t.Fatalf("element %x is not one SEQUENCE", e)
		}
	}
}

// FuzzParseRevocationValues: no panic; every value kept is one whole
// SEQUENCE.
func FuzzParseRevocationValues(f *testing.F) {
	ins, _ := validRevValues()
	for _, in := range ins {
		f.Add(in)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		rv, err := ParseRevocationValues(in)
		checkParsed(t, rv != nil, err, whereRevocationValues)
		if rv != nil {
			checkElements(t, rv.CRLs)
			checkElements(t, rv.OCSP)
		}
	})
}

// FuzzParseCertificateValues: no panic; every certificate kept is one
// whole SEQUENCE.
func FuzzParseCertificateValues(f *testing.F) {
	f.Add(enc.seq())
	f.Add(enc.seq(pkiFile(f, "pki/root.cer"), fakeSigned))
	f.Fuzz(func(t *testing.T, in []byte) {
		certs, err := ParseCertificateValues(in)
		checkParsed(t, certs != nil, err, whereCertificateValues)
		checkElements(t, certs)
	})
}

var levels = map[Level]bool{LevelBES: true, LevelEPES: true, LevelT: true, LevelC: true, LevelX1: true,
	LevelX2: true, LevelXL: true, LevelXL1: true, LevelXL2: true, LevelA: true}

// FuzzLongTerm puts arbitrary unsigned attributes (the contents of the
// SET) on a signer with an arbitrary signature value: no panic, a known
// level, every problem a *ParseError; the CAdES-C-time-stamp input is the
// signature value, the signature timestamps and the certs-crls input,
// and exists exactly when both reference attributes do.
func FuzzLongTerm(f *testing.F) {
	_, sd := parseFixture(f, "invoice.xml.sig")
	sig := sd.Signers[0].Signature
	sbis, err := Parse(readFile(f, "../testdata/tsp/sbis_cades_t.sgn"))
	if err != nil {
		f.Fatal(err)
	}
	raws := func(attrs []Attribute) []byte {
		var b []byte
		for _, a := range attrs {
			b = append(b, a.Raw...)
		}
		return b
	}
	f.Add(raws(sbis.Signers[0].UnsignedAttrs), sbis.Signers[0].Signature)
	for _, name := range []string{"13_cam_CADES-XLT1_1sig", "25_cam_CADES-A"} {
		sig, err := Parse(readFile(f, "../testdata/cades-real/basealt-pdf_scp/"+name+".contents.p7s"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raws(sig.Signers[0].UnsignedAttrs), sig.Signers[0].Signature)
	}
	xl1 := []Attribute{
		cadesAttr(f, OIDTimeStampToken, tokenA),
		cadesAttr(f, OIDRevocationValues, revValsVal),
		cadesAttr(f, OIDCertificateValues, certValsVal),
		cadesAttr(f, OIDESCTimeStamp, tokenB),
		cadesAttr(f, OIDRevocationRefs, revRefsVal),
		cadesAttr(f, OIDCertificateRefs, certRefsVal),
	}
	f.Add(raws(xl1), sig)
	f.Add(raws(append(xl1, cadesAttr(f, OIDArchiveTimeStampV3, tokenA), xl1[5])), sig)
	rrefs, _ := validRevRefs()
	crefs, _ := validCertRefs()
	f.Add(raws([]Attribute{cadesAttr(f, OIDCertificateRefs, crefs[3]), cadesAttr(f, OIDRevocationRefs, rrefs[8]),
		cadesAttr(f, OIDCertCRLTimestamp, tokenA)}), []byte{})
	f.Fuzz(func(t *testing.T, attrs, sig []byte) {
		parsed, err := parseAttributes(attrs)
		if err != nil {
			return
		}
		si := &SignerInfo{Signature: sig, UnsignedAttrs: parsed}
		lt := si.LongTerm()
		if !levels[lt.Level] {
			t.Fatalf("level %q", lt.Level)
		}
		for _, p := range lt.Problems {
			var pe *ParseError
			if !errors.As(p, &pe) {
				t.Fatalf("problem %v (%T) is not a *ParseError", p, p)
			}
		}
		esc, escErr := si.ESCTimeStampInput()
		x2, x2Err := si.CertCRLTimestampInput()
		if (escErr == nil) != (lt.HasCertificateRefs && lt.HasRevocationRefs) || (x2Err == nil) != (escErr == nil) {
			t.Fatalf("ESCTimeStampInput %v, CertCRLTimestampInput %v, refs %v %v", escErr, x2Err, lt.HasCertificateRefs, lt.HasRevocationRefs)
		}
		if escErr != nil {
			return
		}
		if !bytes.HasPrefix(esc, sig) || !bytes.HasSuffix(esc, x2) {
			t.Fatalf("CAdES-C-time-stamp input %x for signature %x and certs-crls input %x", esc, sig, x2)
		}
		n := len(sig) + len(x2)
		for _, a := range si.UnsignedAttrs {
			if a.Type.Equal(OIDTimeStampToken) {
				body, err := attributeBody(a.Raw)
				if err != nil {
					t.Fatalf("attribute parsed, body not found: %v", err)
				}
				n += len(body)
			}
		}
		if n != len(esc) {
			t.Fatalf("CAdES-C-time-stamp input of %d bytes, want %d", len(esc), n)
		}
	})
}

// FuzzAttributeBody: no panic; the body is the end of the element, after
// a header of at most 6 bytes (and before end-of-contents octets).
func FuzzAttributeBody(f *testing.F) {
	f.Add([]byte{0x30, 0x03, 0x06, 0x01, 0x01})
	f.Add([]byte{0x30, 0x80, 0x06, 0x01, 0x01, 0x31, 0x00, 0x00, 0x00})
	f.Add([]byte{0x30, 0x82, 0x00, 0x03, 0x06, 0x01, 0x01})
	f.Fuzz(func(t *testing.T, raw []byte) {
		body, err := attributeBody(raw)
		if err != nil {
			return
		}
		header := len(raw) - len(body)
		if raw[1] == 0x80 {
			header -= 2
		}
		if header < 2 || header > 6 || !bytes.Equal(raw[header:header+len(body)], body) {
			t.Fatalf("body %x of %x", body, raw)
		}
	})
}
