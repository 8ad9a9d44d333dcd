package cms

import (
	"bytes"
	"encoding/asn1"
	"errors"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

const realCAdESA = "../testdata/cades-real/basealt-pdf_scp/25_cam_CADES-A.contents.p7s"

// realArchive parses the real CAdES-A (data: the file, possibly changed)
// and returns its signer and the archive-time-stamp-v3 token.
func realArchive(t testing.TB, data []byte) (*SignedData, *SignerInfo, []byte) {
	t.Helper()
	sd, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	si := sd.Signers[0]
	ats := si.LongTerm().ArchiveTimeStamps
	if len(ats) != 1 || ats[0].Version != 3 {
		t.Fatalf("archive timestamps %+v", ats)
	}
	return sd, si, ats[0].Token
}

// messageDigest returns the contents of si's messageDigest attribute.
func messageDigest(t testing.TB, si *SignerInfo) []byte {
	t.Helper()
	for _, a := range si.SignedAttrs {
		if a.Type.Equal(OIDMessageDigest) {
			in := cryptobyte.String(a.Values[0])
			var md cryptobyte.String
			if !in.ReadASN1(&md, cbasn1.OCTET_STRING) || !in.Empty() {
				t.Fatal("malformed messageDigest")
			}
			return md
		}
	}
	t.Fatal("no messageDigest")
	return nil
}

// TestRealArchiveTimeStampV3 computes the archive-time-stamp-v3 input of
// the real CryptoARM + CryptoPro CSP CAdES-A (testdata/cades-real,
// Basealt's 25_cam_CADES-A): a detached signature whose content is not at
// hand, but its digestAlgorithm, the token's messageImprint algorithm and
// the index's hashIndAlgorithm are all Streebog-256, so the messageDigest
// is the content hash. The token's imprint is the Streebog-256 of the
// input, whose bytes are checked against the file's own offsets (openssl
// asn1parse): eContentType at 44, the SignerInfo's fields version …
// signature at 1291–2172.
func TestRealArchiveTimeStampV3(t *testing.T) {
	file := readFile(t, realCAdESA)
	sd, si, token := realArchive(t, file)
	idx, err := ArchiveTimeStampV3Index(token)
	if err != nil {
		t.Fatal(err)
	}
	if !idx.Type.Equal(OIDATSHashIndexV3) || !idx.Algorithm.Algorithm.Equal(oidStreebog256) ||
		len(idx.Certificates) != 1 || len(idx.CRLs) != 0 || len(idx.UnsignedAttrs) != 6 ||
		!bytes.Contains(token, idx.Raw) {
		t.Fatalf("index %+v", idx)
	}
	md := messageDigest(t, si)
	input, err := sd.ArchiveTimeStampV3Input(si, token, md)
	if err != nil {
		t.Fatal(err)
	}
	want := bytes.Join([][]byte{file[44:55], md, file[1291:2172], idx.Raw}, nil)
	if !bytes.Equal(input, want) {
		t.Fatalf("input differs from the file's bytes:\n%x\n%x", input, want)
	}
	imprint, err := tstImprint(t, token)
	if err != nil {
		t.Fatal(err)
	}
	if !imprint.Algorithm.Algorithm.Equal(oidStreebog256) {
		t.Fatalf("imprint algorithm %s", imprint.Algorithm.Algorithm)
	}
	// What the imprint is not the hash of: the content hash as an OCTET
	// STRING, or the index as the whole attribute.
	for _, c := range []struct {
		name  string
		input []byte
		want  bool
	}{
		{"the input", input, true},
		{"content hash as an OCTET STRING", bytes.Join([][]byte{file[44:55], enc.oct(md), file[1291:2172], idx.Raw}, nil), false},
		{"index with its SET", bytes.Join([][]byte{file[44:55], md, file[1291:2172], enc.set(idx.Raw)}, nil), false},
	} {
		if ok, err := imprint.Matches(c.input); ok != c.want || err != nil {
			t.Errorf("%s: the imprint matches: %v, want %v (%v)", c.name, ok, c.want, err)
		}
	}

	// The same file in BER (an indefinite-length ContentInfo) gives the
	// same input: the DER encodings.
	ber := append(append([]byte{0x30, 0x80}, file[4:]...), 0, 0)
	bsd, bsi, btoken := realArchive(t, ber)
	if !bsd.Encoding.BER {
		t.Fatal("not read as BER")
	}
	if in, err := bsd.ArchiveTimeStampV3Input(bsi, btoken, md); err != nil || !bytes.Equal(in, input) {
		t.Errorf("BER: %v, input equal %v", err, bytes.Equal(in, input))
	}

	// One byte of the signature value changed: the same index still
	// matches, the input differs there alone and the imprint no longer
	// matches.
	changed := bytes.Clone(file)
	changed[2140] ^= 1
	csd, csi, ctoken := realArchive(t, changed)
	cin, err := csd.ArchiveTimeStampV3Input(csi, ctoken, md)
	if err != nil {
		t.Fatal(err)
	}
	if diff := differing(cin, input); len(diff) != 1 || diff[0] != len(file[44:55])+len(md)+2140-1291 {
		t.Errorf("changed signature: the inputs differ at %v", diff)
	}
	if ok, _ := imprint.Matches(cin); ok {
		t.Error("changed signature: the imprint still matches")
	}
}

// differing returns the positions where a and b, of the same length,
// differ.
func differing(a, b []byte) []int {
	var d []int
	for i := range a {
		if i >= len(b) || a[i] != b[i] {
			d = append(d, i)
		}
	}
	return d
}

// TestRealATSHashIndexUnmatched: an index entry that matches nothing is an
// *ArchiveError with ArchiveIndexUnmatched naming the entry; elements
// added after the timestamp are not.
func TestRealATSHashIndexUnmatched(t *testing.T) {
	file := readFile(t, realCAdESA)
	_, _, token := realArchive(t, file)
	idx, err := ArchiveTimeStampV3Index(token)
	if err != nil {
		t.Fatal(err)
	}
	md := []byte("any content hash")
	for _, c := range []struct {
		entry []byte
		list  string
		pos   int
	}{
		{idx.Certificates[0], "certificatesHashIndex", 1},
		{idx.UnsignedAttrs[2], "unsignedAttrValuesHashIndex", 3},
		{idx.UnsignedAttrs[5], "unsignedAttrValuesHashIndex", 6},
	} {
		// The entry in the index in the token in the file.
		at := bytes.Index(file, token) + bytes.Index(token, idx.Raw) + bytes.Index(idx.Raw, c.entry)
		if bytes.Count(idx.Raw, c.entry) != 1 || !bytes.Equal(file[at:at+len(c.entry)], c.entry) {
			t.Fatalf("entry %s %d not found once in the index", c.list, c.pos)
		}
		changed := bytes.Clone(file)
		changed[at+7] ^= 0x80
		sd, si, token := realArchive(t, changed)
		_, err := sd.ArchiveTimeStampV3Input(si, token, md)
		var ae *ArchiveError
		if !errors.As(err, &ae) || ae.Reason != ArchiveIndexUnmatched || ae.Version != 3 || len(ae.Unmatched) != 1 ||
			ae.Unmatched[0].List != c.list || ae.Unmatched[0].Position != c.pos ||
			!bytes.Equal(ae.Unmatched[0].Hash, changed[at:at+len(c.entry)]) {
			t.Errorf("entry %s %d changed: %v", c.list, c.pos, err)
		}
	}

	sd, si, token := realArchive(t, file)
	check := func(name string, want ArchiveReason, unmatched int) {
		t.Helper()
		err := sd.CheckATSHashIndex(si, idx)
		var ae *ArchiveError
		switch {
		case want == 0 && err != nil:
			t.Errorf("%s: %v", name, err)
		case want != 0 && (!errors.As(err, &ae) || ae.Reason != want || len(ae.Unmatched) != unmatched):
			t.Errorf("%s: %v, want %s with %d entries", name, err, want, unmatched)
		}
	}
	check("as received", 0, 0)
	// Added after the timestamp: a certificate, a CRL, an unsigned
	// attribute, another value of an indexed one.
	sd.raw.certChoices = append(sd.raw.certChoices, enc.seq(enc.int(1)))
	sd.raw.crlChoices = append(sd.raw.crlChoices, enc.seq(enc.int(2)))
	si.UnsignedAttrs = append(si.UnsignedAttrs, cadesAttr(t, OIDArchiveTimeStampV3, token))
	si.UnsignedAttrs[6].Values = append(si.UnsignedAttrs[6].Values, token)
	check("with elements added", 0, 0)
	// The escTimeStamp's one value changed, and the signer certificate
	// gone: two entries match nothing.
	si.UnsignedAttrs[6].Values = [][]byte{token}
	sd.raw.certChoices = sd.raw.certChoices[1:]
	check("with elements changed", ArchiveIndexUnmatched, 2)

	// The same index read as a TS 101 733 ats-hash-index hashes whole
	// attributes: its unsigned attribute entries match nothing.
	_, si, _ = realArchive(t, file)
	old := *idx
	old.Type = OIDATSHashIndex
	if err := sd.CheckATSHashIndex(si, &old); err == nil {
		t.Error("ats-hash-index: the attribute value entries match")
	}
	// And whole attributes match it.
	sd, si, _ = realArchive(t, file)
	old.UnsignedAttrs = nil
	for _, a := range si.UnsignedAttrs {
		h, _ := hashOf(oidStreebog256, a.Raw)
		old.UnsignedAttrs = append(old.UnsignedAttrs, h)
	}
	if err := sd.CheckATSHashIndex(si, &old); err != nil {
		t.Errorf("ats-hash-index over whole attributes: %v", err)
	}
	// An index hash algorithm this package lacks.
	old.Algorithm.Algorithm = asn1.ObjectIdentifier{1, 2, 3}
	var ae *ArchiveError
	if err := sd.CheckATSHashIndex(si, &old); !errors.As(err, &ae) || ae.Reason != ArchiveIndexAlgorithm {
		t.Errorf("unknown algorithm: %v", err)
	}
}

// tsToken builds a TimeStampToken-shaped ContentInfo with signers
// SignerInfos, each with the given unsigned attributes: all that
// ArchiveTimeStampV3Index reads.
func tsToken(signers int, unsigned ...[]byte) []byte {
	alg := enc.seq(enc.oid(oidStreebog256))
	si := enc.seq(enc.int(1), enc.seq(enc.seq(), enc.int(7)), alg, alg, enc.oct([]byte{1, 2}),
		enc.ctx(1, unsigned...))
	tstInfo := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	sd := enc.seq(enc.int(3), enc.set(alg), enc.seq(enc.oid(tstInfo), enc.ctx(0, enc.oct([]byte{0x30, 0}))),
		enc.ctx(0, enc.seq()), enc.ctx(1, enc.seq()), enc.set(bytes.Repeat(si, signers)))
	return enc.seq(enc.oid(OIDSignedData), enc.ctx(0, sd))
}

// TestArchiveTimeStampV3Index reads the index of hand-built tokens.
func TestArchiveTimeStampV3Index(t *testing.T) {
	h := bytes.Repeat([]byte{0xab}, 32)
	lists := enc.cat(enc.seq(enc.oct(h)), enc.seq(), enc.seq(enc.oct(h), enc.oct(h)))
	v3 := enc.seq(enc.seq(enc.oid(oidStreebog256)), lists)
	defaultAlg := enc.seq(lists)
	attr := func(oid asn1.ObjectIdentifier, values ...[]byte) []byte {
		return enc.seq(enc.oid(oid), enc.set(values...))
	}
	other := attr(OIDSigningTime, enc.utc(testTime))
	for _, c := range []struct {
		name   string
		token  []byte
		typ    asn1.ObjectIdentifier
		alg    asn1.ObjectIdentifier
		reason ArchiveReason // 0: none
		parse  bool          // a *ParseError
	}{
		{"v3", tsToken(1, other, attr(OIDATSHashIndexV3, v3)), OIDATSHashIndexV3, oidStreebog256, 0, false},
		{"v3, default algorithm", tsToken(1, attr(OIDATSHashIndexV3, defaultAlg)), OIDATSHashIndexV3, oidSHA256, 0, false},
		{"TS 101 733", tsToken(1, attr(OIDATSHashIndex, v3), other), OIDATSHashIndex, oidStreebog256, 0, false},
		{"none", tsToken(1, other), nil, nil, ArchiveIndexMissing, false},
		{"two", tsToken(1, attr(OIDATSHashIndex, v3), attr(OIDATSHashIndexV3, v3)), nil, nil, 0, true},
		{"two values", tsToken(1, attr(OIDATSHashIndexV3, v3, v3)), nil, nil, 0, true},
		{"two fields", tsToken(1, attr(OIDATSHashIndexV3, enc.seq(enc.seq(), enc.seq()))), nil, nil, 0, true},
		{"not octets", tsToken(1, attr(OIDATSHashIndexV3, enc.seq(enc.seq(enc.int(1)), enc.seq(), enc.seq()))), nil, nil, 0, true},
		{"trailing", tsToken(1, attr(OIDATSHashIndexV3, append(bytes.Clone(v3), 0))), nil, nil, 0, true},
		{"two signers", tsToken(2, attr(OIDATSHashIndexV3, v3)), nil, nil, 0, true},
		{"no signer", tsToken(0), nil, nil, 0, true},
		{"not a token", []byte{0x30, 0}, nil, nil, 0, true},
	} {
		idx, err := ArchiveTimeStampV3Index(c.token)
		var ae *ArchiveError
		var pe *ParseError
		switch {
		case c.parse:
			if !errors.As(err, &pe) {
				t.Errorf("%s: %v, want a *ParseError", c.name, err)
			}
		case c.reason != 0:
			if !errors.As(err, &ae) || ae.Reason != c.reason {
				t.Errorf("%s: %v, want %s", c.name, err, c.reason)
			}
		case err != nil:
			t.Errorf("%s: %v", c.name, err)
		case !idx.Type.Equal(c.typ) || !idx.Algorithm.Algorithm.Equal(c.alg) || len(idx.Certificates) != 1 ||
			len(idx.CRLs) != 0 || len(idx.UnsignedAttrs) != 2 || !bytes.Equal(idx.UnsignedAttrs[1], h):
			t.Errorf("%s: %+v", c.name, idx)
		}
	}
}

// TestRealArchiveTimeStampV2Layout computes the archive-time-stamp-v2
// input over the real CAdES-A with its archive timestamp taken for a
// version 2 one, and checks it byte for byte against the file's own
// offsets (openssl asn1parse): encapContentInfo 42–55, certificates [0]
// 55–1283 (no crls), the SignerInfo's fields 1291–2172 (its signedAttrs
// are DER already), unsigned attributes 2176–7332 (four) and 11388–36816
// (two), the archive timestamp at 7332–11388 left out. The two variants
// differ by the [1] header alone.
func TestRealArchiveTimeStampV2Layout(t *testing.T) {
	file := readFile(t, realCAdESA)
	sd, si, _ := realArchive(t, file)
	si.UnsignedAttrs[4].Type = OIDArchiveTimeStampV2
	content := []byte("the signed PDF byte ranges")
	unsigned := append(bytes.Clone(file[2176:7332]), file[11388:]...)
	header := []byte{0xa1, 0x82, byte(len(unsigned) >> 8), byte(len(unsigned))}
	base := bytes.Join([][]byte{file[42:55], content, file[55:1283], file[1291:2172]}, nil)
	for _, withHeader := range []bool{true, false} {
		got, err := sd.ArchiveTimeStampV2Input(si, 4, withHeader, content)
		if err != nil {
			t.Fatal(err)
		}
		want := append(bytes.Clone(base), unsigned...)
		if withHeader {
			want = bytes.Join([][]byte{base, header, unsigned}, nil)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("with the [1] header %v: the input differs from the file's bytes at %v", withHeader, differing(got, want)[:1])
		}
	}
}

// handBuilt is a detached SignedData built in the test, with unsorted
// signedAttrs, certificates and crls, and the pieces the
// archive-time-stamp-v2 input is made of.
type handBuilt struct {
	der                                []byte
	eci, certs, crls                   []byte
	head, signedAttrs, derSigned, tail []byte
	unsigned                           [][]byte // each attribute
}

func buildHand(eContent []byte) handBuilt {
	var h handBuilt
	alg := enc.seq(enc.oid(oidStreebog256))
	if eContent == nil {
		h.eci = enc.seq(enc.oid(OIDData))
	} else {
		h.eci = enc.seq(enc.oid(OIDData), enc.ctx(0, enc.oct(eContent)))
	}
	h.certs = enc.ctx(0, enc.seq(enc.seq(enc.int(1))), enc.seq(enc.seq(enc.int(2))))
	h.crls = enc.ctx(1, enc.seq(enc.seq(enc.int(3))))
	h.head = enc.cat(enc.int(1), enc.seq(testName, enc.int(9)), alg)
	md := enc.seq(enc.oid(OIDMessageDigest), enc.set(enc.oct(bytes.Repeat([]byte{7}, 32))))
	ct := enc.seq(enc.oid(OIDContentType), enc.set(enc.oid(OIDData)))
	// Two values out of order, in an attribute out of order.
	st := enc.seq(enc.oid(OIDSigningTime), enc.set(enc.utc(testTime.Add(1e9)), enc.utc(testTime)))
	stSorted := enc.seq(enc.oid(OIDSigningTime), enc.set(enc.utc(testTime), enc.utc(testTime.Add(1e9))))
	h.signedAttrs = enc.ctx(0, md, st, ct)
	// DER order: the encodings compared as octet strings, here by their
	// lengths (30 18, 30 2b, 30 2f).
	h.derSigned = enc.ctx(0, ct, stSorted, md)
	h.tail = enc.cat(alg, enc.oct(bytes.Repeat([]byte{5}, 64)))
	attr := func(oid asn1.ObjectIdentifier, v []byte) []byte { return enc.seq(enc.oid(oid), enc.set(v)) }
	h.unsigned = [][]byte{
		attr(OIDTimeStampToken, enc.seq(enc.int(10))),
		attr(OIDArchiveTimeStampV2, enc.seq(enc.int(11))),
		attr(OIDCertificateValues, enc.seq(enc.int(12))),
		attr(OIDArchiveTimeStampV2, enc.seq(enc.int(13))),
		attr(OIDArchiveTimeStampV3, enc.seq(enc.int(14))),
		attr(OIDArchiveTimeStamp, enc.seq(enc.int(15))), // v1: kept
	}
	si := enc.seq(h.head, h.signedAttrs, h.tail, enc.ctx(1, h.unsigned...))
	sd := enc.seq(enc.int(1), enc.set(alg), h.eci, h.certs, h.crls, enc.set(si))
	h.der = enc.seq(enc.oid(OIDSignedData), enc.ctx(0, sd))
	return h
}

// TestArchiveTimeStampV2Input checks the input over a hand-built signature
// against the pieces it was built from: signedAttrs sorted, archive
// timestamps that do not precede the one at index left out, the [1]
// header or none.
func TestArchiveTimeStampV2Input(t *testing.T) {
	content := []byte("detached content")
	for _, c := range []struct {
		name     string
		eContent []byte
		index    int
		included []int // unsigned attributes
	}{
		{"first archive timestamp", nil, 1, []int{0, 2, 5}},
		{"second archive timestamp", nil, 3, []int{0, 1, 2, 5}},
		{"attached", []byte("attached content"), 3, []int{0, 1, 2, 5}},
	} {
		h := buildHand(c.eContent)
		sd, err := Parse(h.der)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		si := sd.Signers[0]
		var unsigned []byte
		for _, i := range c.included {
			unsigned = append(unsigned, h.unsigned[i]...)
		}
		base := h.eci
		if c.eContent == nil {
			base = enc.cat(base, content)
		}
		base = enc.cat(base, h.certs, h.crls, h.head, h.derSigned, h.tail)
		for _, withHeader := range []bool{true, false} {
			got, err := sd.ArchiveTimeStampV2Input(si, c.index, withHeader, content)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			want := enc.cat(base, unsigned)
			if withHeader {
				want = enc.cat(base, enc.ctx(1, unsigned))
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s, with the [1] header %v:\n got %x\nwant %x", c.name, withHeader, got, want)
			}
		}
		with, _ := sd.ArchiveTimeStampV2Input(si, c.index, true, content)
		without, _ := sd.ArchiveTimeStampV2Input(si, c.index, false, content)
		hdr := len(with) - len(without)
		if cut := len(base); hdr != 2 || !bytes.Equal(enc.cat(with[:cut], with[cut+hdr:]), without) ||
			!bytes.Equal(with[cut:cut+hdr], []byte{0xa1, byte(len(unsigned))}) {
			t.Errorf("%s: the variants differ by more than the [1] header", c.name)
		}
	}

	h := buildHand(nil)
	sd, err := Parse(h.der)
	if err != nil {
		t.Fatal(err)
	}
	si := sd.Signers[0]
	var ae *ArchiveError
	if _, err := sd.ArchiveTimeStampV2Input(si, 1, true, nil); !errors.As(err, &ae) || ae.Reason != ArchiveContentNeeded || ae.Version != 2 {
		t.Errorf("detached without content: %v", err)
	}
	if _, err := sd.ArchiveTimeStampV2Input(si, 1, true, []byte{}); err != nil {
		t.Errorf("empty content: %v", err)
	}
	for _, index := range []int{-1, 0, 4, 6} {
		if _, err := sd.ArchiveTimeStampV2Input(si, index, true, nil); err == nil || errors.As(err, &ae) {
			t.Errorf("index %d: %v", index, err)
		}
	}
	other, _ := Parse(h.der)
	if _, err := sd.ArchiveTimeStampV2Input(other.Signers[0], 1, true, nil); err == nil {
		t.Error("another SignedData's signer accepted")
	}
	if _, err := sd.ArchiveTimeStampV3Input(other.Signers[0], nil, []byte{1}); err == nil {
		t.Error("v3: another SignedData's signer accepted")
	}
	if _, err := sd.ArchiveTimeStampV3Input(si, nil, nil); !errors.As(err, &ae) || ae.Reason != ArchiveContentNeeded || ae.Version != 3 {
		t.Errorf("v3 without a content hash: %v", err)
	}
	built := &SignedData{Signers: []*SignerInfo{{}}}
	if _, err := built.ArchiveTimeStampV2Input(built.Signers[0], 0, true, nil); err == nil {
		t.Error("a SignedData not read by Parse accepted")
	}
}
