package cms

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/cms/internal/ber"
)

// The inputs of the CAdES-A archive timestamps: what the messageImprint
// of an archive-time-stamp-v2 (TS 101 733 section 6.4.1) and of an
// archive-time-stamp-v3 (EN 319 122-1 section 5.5.3) is the hash of. They
// are computed from the encodings Parse keeps (rawSignedData,
// rawSignerInfo): the DER framing of the signature as received.
// Checking the token (its signature, its TSA, the imprint against the
// hash of these bytes) is package tsp's and package verify's job.

const (
	whereArchiveV2   = "archive-time-stamp-v2"
	whereArchiveV3   = "archive-time-stamp-v3"
	whereATSHashIdx  = "ats-hash-index"
	whereATSHashIdx3 = "ats-hash-index-v3"
)

// ArchiveReason says why an archive timestamp's input could not be
// computed. ArchiveIndexUnmatched is a verdict on the timestamp: it is
// invalid; the others leave it unchecked.
type ArchiveReason int

const (
	// ArchiveIndexUnmatched: an entry of the token's ats-hash-index(-v3)
	// is the hash of no certificate, CRL or unsigned attribute value of
	// the signature, which makes the index, and the archive timestamp,
	// invalid (EN 319 122-1 section 5.5.2). Elements added after the
	// timestamp are simply not in the index and are not an error.
	ArchiveIndexUnmatched ArchiveReason = iota + 1
	// ArchiveIndexMissing: the archive-time-stamp-v3 token has no
	// ats-hash-index-v3 (nor ats-hash-index) unsigned attribute.
	ArchiveIndexMissing
	// ArchiveIndexAlgorithm: the index's hashIndAlgorithm is not one this
	// package implements (see OtherHash.Matches).
	ArchiveIndexAlgorithm
	// ArchiveContentNeeded: the signature is detached and the signed
	// content (archive-time-stamp-v2) or its hash (v3) was not given.
	ArchiveContentNeeded
)

var archiveReasonText = map[ArchiveReason]string{
	ArchiveIndexUnmatched: "ats-hash-index entries match nothing in the signature",
	ArchiveIndexMissing:   "the token has no ats-hash-index attribute",
	ArchiveIndexAlgorithm: "unsupported ats-hash-index hash algorithm",
	ArchiveContentNeeded:  "the signed content is needed",
}

func (r ArchiveReason) String() string {
	if s, ok := archiveReasonText[r]; ok {
		return s
	}
	return "unknown reason"
}

// ArchiveError is why an archive timestamp's input could not be computed.
// Malformed tokens and indexes are *ParseError instead.
type ArchiveError struct {
	Version int // of the archive-time-stamp: 2 or 3
	Reason  ArchiveReason
	// Unmatched are the index entries that match nothing, for
	// ArchiveIndexUnmatched: every one of them.
	Unmatched []ATSIndexEntry
	Err       error // detail, may be nil
}

func (e *ArchiveError) Error() string {
	msg := fmt.Sprintf("cms: archive-time-stamp-v%d: %s", e.Version, e.Reason)
	if len(e.Unmatched) > 0 {
		var s []string
		for _, u := range e.Unmatched {
			s = append(s, u.String())
		}
		msg += ": " + strings.Join(s, ", ")
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *ArchiveError) Unwrap() error { return e.Err }

// ATSIndexEntry is one entry of an ats-hash-index.
type ATSIndexEntry struct {
	// List is "certificatesHashIndex", "crlsHashIndex" or
	// "unsignedAttrValuesHashIndex" ("unsignedAttrsHashIndex" in a TS 101
	// 733 ats-hash-index).
	List     string
	Position int // in the list, from 1
	Hash     []byte
}

func (e ATSIndexEntry) String() string {
	return fmt.Sprintf("%s %d (%s)", e.List, e.Position, hex.EncodeToString(e.Hash))
}

// ATSHashIndex is the ats-hash-index-v3 attribute of an
// archive-time-stamp-v3 token (EN 319 122-1 section 5.5.2), or the
// ats-hash-index of TS 101 733 v2.2.1 section 6.4.2, which has the same
// syntax:
//
//	ATSHashIndexV3 ::= SEQUENCE {
//	  hashIndAlgorithm            AlgorithmIdentifier DEFAULT {algorithm id-sha256},
//	  certificatesHashIndex       SEQUENCE OF OCTET STRING,
//	  crlsHashIndex               SEQUENCE OF OCTET STRING,
//	  unsignedAttrValuesHashIndex SEQUENCE OF OCTET STRING }
//
// The two differ in what an unsigned attribute's entry hashes: with
// ats-hash-index-v3, attrType ‖ one AttributeValue (one entry per value,
// without the SET header: CryptoARM with CryptoPro CSP writes it so, see
// testdata/cades-real); with ats-hash-index, the whole Attribute.
type ATSHashIndex struct {
	// Type is OIDATSHashIndexV3 or OIDATSHashIndex.
	Type asn1.ObjectIdentifier
	// Algorithm is hashIndAlgorithm, SHA-256 (its DEFAULT) when absent.
	// EN 319 122-1 wants it to be the messageImprint's hash algorithm.
	Algorithm     pkix.AlgorithmIdentifier
	Certificates  [][]byte
	CRLs          [][]byte
	UnsignedAttrs [][]byte
	// Raw is the attribute value as the token holds it (DER), which the
	// archive-time-stamp-v3's imprint covers.
	Raw []byte
}

// ArchiveTimeStampV3Index returns the ats-hash-index-v3 (or
// ats-hash-index) of an archive-time-stamp-v3 token, the DER
// TimeStampToken (a ContentInfo): the single unsigned attribute of that
// type of its single SignerInfo. A token without one is an *ArchiveError
// with ArchiveIndexMissing; a malformed token or index, or two of them,
// a *ParseError.
func ArchiveTimeStampV3Index(token []byte) (*ATSHashIndex, error) {
	si, err := tokenSigner(token)
	if err != nil {
		return nil, err
	}
	var found *Attribute
	for i := range si.UnsignedAttrs {
		a := &si.UnsignedAttrs[i]
		if !a.Type.Equal(OIDATSHashIndexV3) && !a.Type.Equal(OIDATSHashIndex) {
			continue
		}
		if found != nil {
			return nil, parseErr(whereArchiveV3, "token has two ats-hash-index attributes (%s, %s); EN 319 122-1 allows one", found.Type, a.Type)
		}
		found = a
	}
	if found == nil {
		return nil, &ArchiveError{Version: 3, Reason: ArchiveIndexMissing}
	}
	where := whereATSHashIdx3
	if found.Type.Equal(OIDATSHashIndex) {
		where = whereATSHashIdx
	}
	v, err := found.single()
	if err != nil {
		return nil, parseErrCause(where, err)
	}
	idx, err := parseATSHashIndex(where, v)
	if err != nil {
		return nil, err
	}
	idx.Type = found.Type
	return idx, nil
}

// tokenSigner reads the single SignerInfo of a TimeStampToken (RFC 3161
// section 2.4.2: only the TSA signs it), without parsing its certificates.
func tokenSigner(token []byte) (*SignerInfo, error) {
	const where = whereArchiveV3 + " token"
	der, err := ber.ToDER(token)
	if err != nil {
		return nil, parseErrCause(where, err)
	}
	sd, err := readContentInfo(der)
	if err != nil {
		return nil, parseErrCause(where, err)
	}
	var signers, si cryptobyte.String
	if !sd.SkipASN1(cbasn1.INTEGER) || !sd.SkipASN1(cbasn1.SET) || !sd.SkipASN1(cbasn1.SEQUENCE) ||
		!sd.SkipOptionalASN1(tagContext0Constructed) || !sd.SkipOptionalASN1(tagContext1Constructed) ||
		!sd.ReadASN1(&signers, cbasn1.SET) || !sd.Empty() {
		return nil, parseErr(where, "malformed SignedData")
	}
	if !signers.ReadASN1(&si, cbasn1.SEQUENCE) || !signers.Empty() {
		return nil, parseErr(where, "not exactly one SignerInfo")
	}
	signer, err := parseSignerInfo(si)
	if err != nil {
		return nil, parseErrCause(where, err)
	}
	return signer, nil
}

// parseATSHashIndex parses an ATSHashIndexV3 (or ATSHashIndex) value.
func parseATSHashIndex(where string, value []byte) (*ATSHashIndex, error) {
	in := cryptobyte.String(value)
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, parseErr(where, "not a DER SEQUENCE")
	}
	if !in.Empty() {
		return nil, parseErr(where, "%d bytes of trailing data", len(in))
	}
	idx := &ATSHashIndex{Raw: value}
	idx.Algorithm.Algorithm = oidSHA256
	// Every field is a SEQUENCE: hashIndAlgorithm is there when there are
	// four, and its first field is an OBJECT IDENTIFIER.
	var fields []cryptobyte.String
	for rest := body; !rest.Empty(); {
		var f cryptobyte.String
		if !rest.ReadASN1Element(&f, cbasn1.SEQUENCE) {
			return nil, parseErr(where, "field %d is not a DER SEQUENCE", len(fields)+1)
		}
		fields = append(fields, f)
	}
	switch len(fields) {
	case 4:
		var err error
		if idx.Algorithm, err = readAlgorithm(&fields[0]); err != nil {
			return nil, parseErr(where, "hashIndAlgorithm: %v", err)
		}
		fields = fields[1:]
	case 3:
	default:
		return nil, parseErr(where, "%d fields, want 3 or 4", len(fields))
	}
	for i, list := range []*[][]byte{&idx.Certificates, &idx.CRLs, &idx.UnsignedAttrs} {
		var seq cryptobyte.String
		fields[i].ReadASN1(&seq, cbasn1.SEQUENCE) // cannot fail: read above
		*list = [][]byte{}
		for j := 1; !seq.Empty(); j++ {
			var h cryptobyte.String
			if !seq.ReadASN1(&h, cbasn1.OCTET_STRING) {
				return nil, parseErr(where, "%s entry %d is not an OCTET STRING", atsIndexLists[i], j)
			}
			*list = append(*list, h)
		}
	}
	return idx, nil
}

// atsIndexLists names the three lists of an ATSHashIndexV3.
var atsIndexLists = [3]string{"certificatesHashIndex", "crlsHashIndex", "unsignedAttrValuesHashIndex"}

// ArchiveTimeStampV3Input is what the messageImprint of the
// archive-time-stamp-v3 token over signer si is the hash of (EN 319 122-1
// section 5.5.3), in order:
//
//  1. the encapContentInfo's eContentType element (the OID's TLV);
//  2. contentHash: the hash of the signed content with the token's
//     messageImprint hash algorithm, given by the caller: for a detached
//     signature whose digestAlgorithm is that algorithm, the
//     messageDigest signed attribute; for an attached one, the hash of
//     SignedData.Content;
//  3. si's fields version, sid, digestAlgorithm, signedAttrs (with its [0]
//     tag), signatureAlgorithm and signature, as received;
//  4. the token's ats-hash-index-v3 value as the token holds it.
//
// EN 319 122-1 says "in their binary encoded form without any
// modification"; EU DSS re-encodes signedAttrs as DER, which differs only
// for a signer whose signedAttrs were not DER (RFC 5652 section 5.3
// requires them to be).
//
// Every entry of the index must match an element of the signature (see
// ATSHashIndex): the hash of a certificates or crls element of sd, or of
// an unsigned attribute value of si; entries that match nothing give an
// *ArchiveError with ArchiveIndexUnmatched, listing them. An index hash
// algorithm this package lacks gives ArchiveIndexAlgorithm, a missing
// index ArchiveIndexMissing, an empty contentHash ArchiveContentNeeded.
// A malformed token or index is a *ParseError.
//
// sd must come from Parse or ParseShared and si be one of its Signers.
func (sd *SignedData) ArchiveTimeStampV3Input(si *SignerInfo, token []byte, contentHash []byte) ([]byte, error) {
	if err := sd.checkSigner(si, 3); err != nil {
		return nil, err
	}
	if len(contentHash) == 0 {
		return nil, &ArchiveError{Version: 3, Reason: ArchiveContentNeeded,
			Err: errors.New("no hash of the signed content given")}
	}
	idx, err := ArchiveTimeStampV3Index(token)
	if err != nil {
		return nil, err
	}
	if err := sd.CheckATSHashIndex(si, idx); err != nil {
		return nil, err
	}
	out := make([]byte, 0, len(sd.raw.eContentType)+len(contentHash)+len(si.raw.fields)+len(idx.Raw))
	out = append(out, sd.raw.eContentType...)
	out = append(out, contentHash...)
	out = append(out, si.raw.fields...)
	return append(out, idx.Raw...), nil
}

// CheckATSHashIndex checks that every entry of idx matches an element of
// the signature: certificatesHashIndex entries the hash of a
// CertificateChoices element of sd's certificates (whatever its CHOICE),
// crlsHashIndex entries that of a RevocationInfoChoice element of its
// crls, and unsignedAttrValuesHashIndex entries that of attrType ‖ one
// attrValue of an unsigned attribute of si (of a whole Attribute for an
// ats-hash-index, idx.Type OIDATSHashIndex), each hashed with
// idx.Algorithm over its DER encoding. Entries that match nothing give an
// *ArchiveError with ArchiveIndexUnmatched listing all of them.
func (sd *SignedData) CheckATSHashIndex(si *SignerInfo, idx *ATSHashIndex) error {
	if err := sd.checkSigner(si, 3); err != nil {
		return err
	}
	alg := idx.Algorithm.Algorithm
	if _, err := hashOf(alg, nil); err != nil {
		return &ArchiveError{Version: 3, Reason: ArchiveIndexAlgorithm, Err: err}
	}
	hashes := func(elems [][]byte) map[string]bool {
		m := make(map[string]bool, len(elems))
		for _, e := range elems {
			h, _ := hashOf(alg, e) // supported: checked above
			m[string(h)] = true
		}
		return m
	}
	var attrs [][]byte
	whole := idx.Type.Equal(OIDATSHashIndex)
	for i := range si.UnsignedAttrs {
		a := &si.UnsignedAttrs[i]
		if whole {
			attrs = append(attrs, a.Raw)
			continue
		}
		typ, err := attributeType(a.Raw)
		if err != nil {
			return parseErr(whereArchiveV3, "unsigned attribute %d: %v", i+1, err)
		}
		for _, v := range a.Values {
			attrs = append(attrs, append(bytes.Clone(typ), v...))
		}
	}
	var unmatched []ATSIndexEntry
	for i, list := range []struct {
		entries [][]byte
		elems   map[string]bool
	}{
		{idx.Certificates, hashes(sd.raw.certChoices)},
		{idx.CRLs, hashes(sd.raw.crlChoices)},
		{idx.UnsignedAttrs, hashes(attrs)},
	} {
		for j, h := range list.entries {
			if !list.elems[string(h)] {
				name := atsIndexLists[i]
				if i == 2 && whole {
					name = "unsignedAttrsHashIndex"
				}
				unmatched = append(unmatched, ATSIndexEntry{List: name, Position: j + 1, Hash: h})
			}
		}
	}
	if unmatched != nil {
		return &ArchiveError{Version: 3, Reason: ArchiveIndexUnmatched, Unmatched: unmatched}
	}
	return nil
}

// attributeType returns the attrType element (the OID's TLV) of an
// Attribute element.
func attributeType(raw []byte) ([]byte, error) {
	in := cryptobyte.String(raw)
	var body, typ cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1Element(&typ, cbasn1.OBJECT_IDENTIFIER) {
		return nil, errors.New("malformed attribute")
	}
	return typ, nil
}

// ArchiveTimeStampV2Input is what the messageImprint of the
// archive-time-stamp-v2 attribute at si.UnsignedAttrs[index] is the hash
// of (TS 101 733 section 6.4.1 and annex K), in order:
//
//  1. the encapContentInfo element;
//  2. content, when the signature is detached (eContent absent); a nil
//     content then gives an *ArchiveError with ArchiveContentNeeded, and
//     content is ignored for an attached signature;
//  3. the certificates [0] element, when present, then the crls [1] one;
//  4. si's fields version, sid, digestAlgorithm, signedAttrs (with its [0]
//     tag, re-encoded in DER: its attributes, and the values of each,
//     sorted as DER sorts a SET OF; nothing deeper is re-encoded),
//     signatureAlgorithm and signature;
//  5. the unsigned attributes present when the timestamp was made, each
//     element as received: withUnsignedHeader (TS 101 733 v2.2.1) puts the
//     [1] tag and length of their concatenation before them; without it
//     (v1.8.3, which contradicted its own normative text) there is no
//     header. TS 101 733 v2.2.1 annex K, table K.3, note 3 recommends
//     trying both.
//
// Which unsigned attributes were present is not recorded; the rule here,
// as the order of a SET OF cannot be trusted and genTime is not read: every
// unsigned attribute except this one and the archive-time-stamp-v2 and -v3
// attributes that do not precede it in si.UnsignedAttrs (EU DSS keeps
// instead the archive timestamps whose genTime is earlier).
//
// Parse normalises BER to DER framing, so all of these are DER encodings,
// which is what TS 101 733 hashes; an eContent written as a BER
// constructed OCTET STRING is hashed flattened.
//
// sd must come from Parse or ParseShared and si be one of its Signers;
// the attribute at index must be an archive-time-stamp-v2.
func (sd *SignedData) ArchiveTimeStampV2Input(si *SignerInfo, index int, withUnsignedHeader bool, content []byte) ([]byte, error) {
	if err := sd.checkSigner(si, 2); err != nil {
		return nil, err
	}
	if index < 0 || index >= len(si.UnsignedAttrs) {
		return nil, fmt.Errorf("cms: %s: no unsigned attribute %d (the signer has %d)", whereArchiveV2, index, len(si.UnsignedAttrs))
	}
	if t := si.UnsignedAttrs[index].Type; !t.Equal(OIDArchiveTimeStampV2) {
		return nil, fmt.Errorf("cms: %s: unsigned attribute %d is %s", whereArchiveV2, index, t)
	}
	detached := sd.Content == nil
	if detached && content == nil {
		return nil, &ArchiveError{Version: 2, Reason: ArchiveContentNeeded,
			Err: errors.New("the signature is detached")}
	}
	signedAttrs, err := derSignedAttrs(si.RawSignedAttrs)
	if err != nil {
		return nil, parseErr(whereArchiveV2, "signedAttrs: %v", err)
	}
	var unsigned []byte
	for i := range si.UnsignedAttrs {
		a := &si.UnsignedAttrs[i]
		if i == index || i > index && (a.Type.Equal(OIDArchiveTimeStampV2) || a.Type.Equal(OIDArchiveTimeStampV3)) {
			continue
		}
		unsigned = append(unsigned, a.Raw...)
	}
	var b cryptobyte.Builder
	b.AddBytes(sd.raw.encapContentInfo)
	if detached {
		b.AddBytes(content)
	}
	b.AddBytes(sd.raw.certificates)
	b.AddBytes(sd.raw.crls)
	b.AddBytes(si.raw.head)
	b.AddBytes(signedAttrs)
	b.AddBytes(si.raw.tail)
	if withUnsignedHeader {
		b.AddASN1(tagContext1Constructed, func(b *cryptobyte.Builder) { b.AddBytes(unsigned) })
	} else {
		b.AddBytes(unsigned)
	}
	return b.Bytes()
}

// derSignedAttrs re-encodes a signedAttrs element (nil: absent) in DER as
// far as the SET OF orders go: the attributes sorted, and the values of
// each (X.690 section 11.6: ascending encodings; no DER element is a
// prefix of another, so bytes.Compare is that order). The attribute types
// and values are kept as received.
func derSignedAttrs(raw []byte) ([]byte, error) {
	if raw == nil {
		return nil, nil
	}
	in := cryptobyte.String(raw)
	var attrs cryptobyte.String
	if !in.ReadASN1(&attrs, tagContext0Constructed) || !in.Empty() {
		return nil, errors.New("malformed")
	}
	var sorted [][]byte
	for !attrs.Empty() {
		var body, typ, values cryptobyte.String
		if !attrs.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1Element(&typ, cbasn1.OBJECT_IDENTIFIER) ||
			!body.ReadASN1(&values, cbasn1.SET) || !body.Empty() {
			return nil, errors.New("malformed attribute")
		}
		var vals [][]byte
		for !values.Empty() {
			var v cryptobyte.String
			var tag cbasn1.Tag
			if !values.ReadAnyASN1Element(&v, &tag) {
				return nil, errors.New("malformed attribute value")
			}
			vals = append(vals, v)
		}
		slices.SortFunc(vals, bytes.Compare)
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddBytes(typ)
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
				for _, v := range vals {
					b.AddBytes(v)
				}
			})
		})
		sorted = append(sorted, b.BytesOrPanic())
	}
	slices.SortFunc(sorted, bytes.Compare)
	var b cryptobyte.Builder
	b.AddASN1(tagContext0Constructed, func(b *cryptobyte.Builder) {
		for _, a := range sorted {
			b.AddBytes(a)
		}
	})
	return b.Bytes()
}

// checkSigner reports an si that is not one of sd's parsed signers, whose
// encodings an archive timestamp's input needs.
func (sd *SignedData) checkSigner(si *SignerInfo, version int) error {
	if si == nil || !slices.Contains(sd.Signers, si) {
		return fmt.Errorf("cms: archive-time-stamp-v%d: the SignerInfo is not one of the SignedData's signers", version)
	}
	if si.raw.fields == nil || sd.raw.encapContentInfo == nil {
		return fmt.Errorf("cms: archive-time-stamp-v%d: the SignedData was not read by Parse", version)
	}
	return nil
}
