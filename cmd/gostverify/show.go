package main

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/pflag"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/tsp"
	"github.com/gostverify/gostverify/verify"
)

const showUsage = `usage: gostverify show [--json] SIGNATURE

Prints what a signature contains — signers with the CAdES form their
attributes show, signed and unsigned attributes with what they hold
(timestamps with their time, TSA and policy; the counts of certificate and
revocation references and values), certificates with their sign tools —
without verifying anything. Exit code 0 when the file was read, 3 when it
is not a readable signature.

flags:
`

func runShow(args []string, stdout, stderr io.Writer) int {
	var asJSON bool
	var f verifyFlags
	cmd := command{name: "show", usage: showUsage, minArgs: 1, maxArgs: 1, needs: i18n.NeedsShow}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print as JSON")
		f.registerLang(fs)
	})
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	path := fs.Arg(0)
	data, err := readInput(path, f.language())
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	sd, err := cms.Parse(data)
	if err != nil {
		// show verifies nothing, so this is no verdict: an input error.
		return cmd.errorExit(stderr, &notSignature{path, err})
	}
	d := describe(verify.Describe(path, sd), sd)
	if asJSON {
		if err := writeJSON(stdout, d); err != nil {
			return cmd.errorExit(stderr, err)
		}
		return exitValid
	}
	if err := d.writeText(stdout, f.language()); err != nil {
		return cmd.errorExit(stderr, err)
	}
	return exitValid
}

// notSignature is a file show cannot read as a signature: the parser's
// words in English, verify.ParseDetail's in another language.
type notSignature struct {
	path string
	err  error
}

func (e *notSignature) Error() string         { return e.path + ": " + e.err.Error() }
func (e *notSignature) In(l i18n.Lang) string { return e.path + ": " + verify.ParseDetail(l, e.err) }
func (e *notSignature) Unwrap() error         { return e.err }

// showDescription is what show prints: verify.Description with, for each
// signer, the CAdES form its attributes show (cms.LongTerm) and, for each
// attribute, its name and what it holds. Nothing is verified: a timestamp
// token is parsed (package tsp), not checked. The JSON keeps every field
// of verify.Description and adds level and the attributes' contents.
type showDescription struct {
	*verify.Description
	Signers []showSigner `json:"signers"`
}

type showSigner struct {
	verify.SignerDescription
	// Level is the CAdES form the signer's attributes show (cms.Level).
	Level              string          `json:"level"`
	SignedAttributes   []showAttribute `json:"signed_attributes"`
	UnsignedAttributes []showAttribute `json:"unsigned_attributes,omitempty"`
}

// showAttribute is an attribute with what it holds; Value says it in
// English, and text in the reader's language.
type showAttribute struct {
	verify.AttributeDescription
	attributeContents
	text func(i18n.Lang) (line string, more []string)
}

// attributeContents is what a CAdES or ESS attribute holds, as far as
// show reads it. Counts are set (0 included) when the attribute was read.
type attributeContents struct {
	// Timestamps are the tokens of a timestamp attribute, one per value.
	Timestamps []showTimestamp `json:"timestamps,omitempty"`
	// CertificateIDs are the ESSCertIDs of signingCertificate(V2), with
	// the hash algorithm of the first.
	CertificateIDs *int `json:"certificate_ids,omitempty"`
	// CertificateReferences are the OtherCertIDs of
	// complete-certificate-references.
	CertificateReferences *int `json:"certificate_references,omitempty"`
	// RevocationReferences are the CrlOcspRefs of
	// complete-revocation-references (one per certificate of a path), and
	// CRL-, OCSP- and OtherReferences what they hold.
	RevocationReferences *int `json:"revocation_references,omitempty"`
	CRLReferences        *int `json:"crl_references,omitempty"`
	OCSPReferences       *int `json:"ocsp_references,omitempty"`
	OtherReferences      *int `json:"other_references,omitempty"`
	// Certificates are those of certificate-values; CRLs, OCSPResponses
	// and OtherRevocationValues those of revocation-values.
	Certificates          *int   `json:"certificates,omitempty"`
	CRLs                  *int   `json:"crls,omitempty"`
	OCSPResponses         *int   `json:"ocsp_responses,omitempty"`
	OtherRevocationValues *int   `json:"other_revocation_values,omitempty"`
	HashAlgorithm         string `json:"hash_algorithm,omitempty"`
	// Policy is the sigPolicyId of signature-policy-identifier;
	// PolicyImplied is its signaturePolicyImplied choice.
	Policy        string `json:"policy,omitempty"`
	PolicyImplied bool   `json:"policy_implied,omitempty"`
	MIMEType      string `json:"mime_type,omitempty"`
	// Repeats is the position (from 1) of the first unsigned attribute of
	// the same type, when the standard allows a single one.
	Repeats int `json:"repeats,omitempty"`
	// Error says why the attribute could not be read.
	Error string `json:"error,omitempty"`
}

// showTimestamp is one timestamp token, parsed and not verified.
type showTimestamp struct {
	Time          *time.Time `json:"time,omitempty"`
	TSA           string     `json:"tsa,omitempty"`
	Policy        string     `json:"policy,omitempty"`
	HashAlgorithm string     `json:"hash_algorithm,omitempty"`
	Serial        string     `json:"serial,omitempty"`
	// HashIndex is the ats-hash-index(-v3) of an archive-time-stamp-v3.
	HashIndex *showHashIndex `json:"hash_index,omitempty"`
	Error     string         `json:"error,omitempty"`

	err error
	tok *tsp.Token
}

// showHashIndex counts the entries of an ats-hash-index(-v3).
type showHashIndex struct {
	Type               string `json:"type,omitempty"`
	Certificates       int    `json:"certificates"`
	CRLs               int    `json:"crls"`
	UnsignedAttributes int    `json:"unsigned_attributes"`
	Error              string `json:"error,omitempty"`

	err error
}

// cadesNames name the attributes verify.Describe leaves unnamed, as ETSI
// TS 101 733 and EN 319 122-1 name them. The signature-time-stamp
// (id-aa-signatureTimeStampToken) is the RFC 3161 timeStampToken.
var cadesNames = map[string]string{
	cms.OIDTimeStampToken.String():       "signature-time-stamp",
	cms.OIDContentTimeStamp.String():     "content-time-stamp",
	cms.OIDCertificateRefs.String():      "complete-certificate-references",
	cms.OIDRevocationRefs.String():       "complete-revocation-references",
	cms.OIDCertificateValues.String():    "certificate-values",
	cms.OIDRevocationValues.String():     "revocation-values",
	cms.OIDESCTimeStamp.String():         "CAdES-C-time-stamp",
	cms.OIDCertCRLTimestamp.String():     "time-stamped-certs-crls-references",
	cms.OIDArchiveTimeStamp.String():     "archive-time-stamp",
	cms.OIDArchiveTimeStampV2.String():   "archive-time-stamp-v2",
	cms.OIDArchiveTimeStampV3.String():   "archive-time-stamp-v3",
	cms.OIDATSHashIndex.String():         "ats-hash-index",
	cms.OIDATSHashIndexV3.String():       "ats-hash-index-v3",
	cms.OIDSignaturePolicy.String():      "signature-policy-identifier",
	oidMIMEType.String():                 "mime-type",
	"1.2.840.113549.1.9.16.2.4":          "content-hints",
	"1.2.840.113549.1.9.16.2.7":          "content-identifier",
	"1.2.840.113549.1.9.16.2.10":         "content-reference",
	"1.2.840.113549.1.9.16.2.16":         "commitment-type-indication",
	"1.2.840.113549.1.9.16.2.17":         "signer-location",
	"1.2.840.113549.1.9.16.2.18":         "signer-attributes",
	"1.2.840.113549.1.9.16.2.19":         "other-signing-certificate",
	"1.2.840.113549.1.9.16.2.44":         "attribute-certificate-references",
	"1.2.840.113549.1.9.16.2.45":         "attribute-revocation-references",
	"0.4.0.19122.1.1":                    "signer-attributes-v2",
	"0.4.0.19122.1.3":                    "signature-policy-store",
	"1.2.840.113549.1.9.52":              "cmsAlgorithmProtection",
	"1.2.840.113549.1.9.15":              "smimeCapabilities",
	cms.OIDSigningCertificate.String():   "signingCertificate",
	cms.OIDSigningCertificateV2.String(): "signingCertificateV2",
}

// oidMIMEType is id-aa-ets-mimeType (TS 101 733 section 5.11.1).
var oidMIMEType = asn1.ObjectIdentifier{0, 4, 0, 1733, 2, 1}

// singleInstance are the unsigned attributes TS 101 733 allows once.
var singleInstance = map[string]bool{
	cms.OIDCertificateRefs.String():   true,
	cms.OIDRevocationRefs.String():    true,
	cms.OIDCertificateValues.String(): true,
	cms.OIDRevocationValues.String():  true,
}

// describe adds to d, which verify.Describe made of sd, the form of each
// signer and what its attributes hold.
func describe(d *verify.Description, sd *cms.SignedData) *showDescription {
	out := &showDescription{Description: d, Signers: []showSigner{}}
	for i, s := range d.Signers {
		ss := showSigner{SignerDescription: s}
		if i < len(sd.Signers) {
			si := sd.Signers[i]
			ss.Level = string(si.LongTerm().Level)
			ss.SignedAttributes = describeAttributes(s.SignedAttributes, si.SignedAttrs, false)
			ss.UnsignedAttributes = describeAttributes(s.UnsignedAttributes, si.UnsignedAttrs, true)
			nameTSAs(sd, ss.SignedAttributes, ss.UnsignedAttributes)
		}
		if ss.SignedAttributes == nil {
			ss.SignedAttributes = []showAttribute{}
		}
		out.Signers = append(out.Signers, ss)
	}
	return out
}

// describeAttributes describes attrs, of which descs are verify's
// descriptions, in the same order.
func describeAttributes(descs []verify.AttributeDescription, attrs []cms.Attribute, unsigned bool) []showAttribute {
	if descs == nil || len(descs) != len(attrs) {
		return nil
	}
	first := map[string]int{}
	out := make([]showAttribute, len(descs))
	for i, d := range descs {
		a := &attrs[i]
		sa := &out[i]
		sa.AttributeDescription = d
		oid := a.Type.String()
		if name, ok := cadesNames[oid]; ok {
			sa.Name = name
		}
		if unsigned && singleInstance[oid] {
			if j, seen := first[oid]; seen {
				sa.Repeats = j + 1
			} else {
				first[oid] = i
			}
		}
		sa.read(a)
		if sa.text != nil {
			sa.Value, _ = sa.text(i18n.English)
		}
	}
	return out
}

// read works out what a holds and how to say it.
func (sa *showAttribute) read(a *cms.Attribute) {
	t := a.Type
	switch {
	case t.Equal(cms.OIDTimeStampToken), t.Equal(cms.OIDContentTimeStamp), t.Equal(cms.OIDESCTimeStamp),
		t.Equal(cms.OIDCertCRLTimestamp), t.Equal(cms.OIDArchiveTimeStamp), t.Equal(cms.OIDArchiveTimeStampV2):
		sa.readTimestamps(a.Values, false)
	case t.Equal(cms.OIDArchiveTimeStampV3):
		sa.readTimestamps(a.Values, true)
	case t.Equal(cms.OIDCertificateRefs):
		sa.readSingle(a, func(v []byte) error {
			refs, err := cms.ParseCertificateRefs(v)
			if err == nil {
				sa.CertificateReferences = count(len(refs))
			}
			return err
		}, func(l i18n.Lang) string { return l.Sprintf(i18n.ShowCertificateRefs, *sa.CertificateReferences) })
	case t.Equal(cms.OIDRevocationRefs):
		sa.readSingle(a, func(v []byte) error {
			refs, err := cms.ParseRevocationRefs(v)
			if err != nil {
				return err
			}
			crls, ocsp, other := 0, 0, 0
			for _, r := range refs {
				crls, ocsp = crls+len(r.CRLs), ocsp+len(r.OCSP)
				if r.Other {
					other++
				}
			}
			sa.RevocationReferences, sa.CRLReferences, sa.OCSPReferences = count(len(refs)), count(crls), count(ocsp)
			if other > 0 {
				sa.OtherReferences = count(other)
			}
			return nil
		}, func(l i18n.Lang) string {
			if sa.OtherReferences != nil {
				return l.Sprintf(i18n.ShowRevocationRefsOther, *sa.RevocationReferences, *sa.CRLReferences, *sa.OCSPReferences, *sa.OtherReferences)
			}
			return l.Sprintf(i18n.ShowRevocationRefs, *sa.RevocationReferences, *sa.CRLReferences, *sa.OCSPReferences)
		})
	case t.Equal(cms.OIDCertificateValues):
		sa.readSingle(a, func(v []byte) error {
			certs, err := cms.ParseCertificateValues(v)
			if err == nil {
				sa.Certificates = count(len(certs))
			}
			return err
		}, func(l i18n.Lang) string { return l.Sprintf(i18n.ShowCertificateValues, *sa.Certificates) })
	case t.Equal(cms.OIDRevocationValues):
		sa.readSingle(a, func(v []byte) error {
			vals, err := cms.ParseRevocationValues(v)
			if err != nil {
				return err
			}
			sa.CRLs, sa.OCSPResponses = count(len(vals.CRLs)), count(len(vals.OCSP))
			if vals.Other > 0 {
				sa.OtherRevocationValues = count(vals.Other)
			}
			return nil
		}, func(l i18n.Lang) string {
			if sa.OtherRevocationValues != nil {
				return l.Sprintf(i18n.ShowRevocationValuesOther, *sa.CRLs, *sa.OCSPResponses, *sa.OtherRevocationValues)
			}
			return l.Sprintf(i18n.ShowRevocationValues, *sa.CRLs, *sa.OCSPResponses)
		})
	case t.Equal(cms.OIDSigningCertificate), t.Equal(cms.OIDSigningCertificateV2):
		v2 := t.Equal(cms.OIDSigningCertificateV2)
		sa.readSingle(a, func(v []byte) error {
			n, alg, err := readSigningCertificate(v, v2)
			if err == nil {
				sa.CertificateIDs, sa.HashAlgorithm = count(n), hashName(alg)
			}
			return err
		}, func(l i18n.Lang) string {
			return l.Sprintf(i18n.ShowSigningCertificate, *sa.CertificateIDs, sa.HashAlgorithm)
		})
	case t.Equal(cms.OIDSignaturePolicy):
		sa.readSingle(a, func(v []byte) error {
			policy, err := readPolicy(v)
			sa.Policy, sa.PolicyImplied = policy, err == nil && policy == ""
			return err
		}, func(l i18n.Lang) string {
			if sa.PolicyImplied {
				return l.Sprintf(i18n.ShowPolicyImplied)
			}
			return l.Sprintf(i18n.ShowPolicy, sa.Policy)
		})
	case t.Equal(oidMIMEType):
		sa.readSingle(a, func(v []byte) error {
			var s string
			rest, err := asn1.UnmarshalWithParams(v, &s, "utf8")
			if err == nil && len(rest) > 0 {
				err = errors.New("trailing data after the MimeType")
			}
			sa.MIMEType = s
			return err
		}, func(i18n.Lang) string { return sa.MIMEType })
	case t.Equal(cms.OIDCounterSignature):
		n, size := len(a.Values), len(a.Raw)
		sa.text = func(l i18n.Lang) (string, []string) { return l.Sprintf(i18n.ShowValuesBytes, n, size), nil }
	default:
		// Describe decoded contentType, messageDigest and signingTime;
		// what it could not decode, or does not know, it sized.
		if len(a.Values) == 0 {
			break
		}
		if size := len(a.Values[0]); sa.Value == fmt.Sprintf("%d bytes", size) {
			sa.text = func(l i18n.Lang) (string, []string) { return l.Sprintf(i18n.ShowBytes, size), nil }
		}
	}
	if sa.Repeats > 0 {
		say := sa.text
		sa.text = func(l i18n.Lang) (string, []string) {
			line, more := say(l)
			return line + "; " + l.Sprintf(i18n.ShowRepeated, sa.Repeats), more
		}
	}
}

// readSingle reads the single value of a with parse, and says it with say
// or, when it cannot be read, why.
func (sa *showAttribute) readSingle(a *cms.Attribute, parse func([]byte) error, say func(i18n.Lang) string) {
	var err error
	if len(a.Values) != 1 {
		err = fmt.Errorf("attribute %s has %d values, want 1", a.Type, len(a.Values))
	} else {
		err = parse(a.Values[0])
	}
	if err != nil {
		sa.Error = err.Error()
		sa.text = func(l i18n.Lang) (string, []string) {
			return l.Sprintf(i18n.ShowUnreadableValue, verify.Detail(l, err)), nil
		}
		return
	}
	sa.text = func(l i18n.Lang) (string, []string) { return say(l), nil }
}

// readTimestamps parses each value of a timestamp attribute as a token;
// an archive-time-stamp-v3 (v3) has its hash index read too.
func (sa *showAttribute) readTimestamps(values [][]byte, v3 bool) {
	for _, der := range values {
		sa.Timestamps = append(sa.Timestamps, readTimestamp(der, v3))
	}
	sa.text = func(l i18n.Lang) (string, []string) {
		if len(sa.Timestamps) == 1 {
			ts := &sa.Timestamps[0]
			return ts.text(l), ts.more(l)
		}
		var more []string
		for i := range sa.Timestamps {
			ts := &sa.Timestamps[i]
			more = append(more, l.Sprintf(i18n.ShowTimestampNumbered, i+1, ts.text(l)))
			more = append(more, ts.more(l)...)
		}
		return l.Sprintf(i18n.ShowTimestampTokens, len(sa.Timestamps)), more
	}
}

func readTimestamp(der []byte, v3 bool) showTimestamp {
	var ts showTimestamp
	tok, err := tsp.Parse(der)
	if err != nil {
		ts.err, ts.Error = err, err.Error()
		return ts
	}
	info := tok.Info
	t := info.GenTime
	ts.Time, ts.tok = &t, tok
	ts.TSA = tsaName(tok, tok.SignedData.ParsedCertificates())
	ts.Policy = info.Policy.String()
	ts.HashAlgorithm = hashName(info.HashAlgorithm.Algorithm)
	if info.SerialNumber != nil {
		ts.Serial = fmt.Sprintf("%X", info.SerialNumber)
	}
	if v3 {
		ts.HashIndex = &showHashIndex{}
		idx, err := cms.ArchiveTimeStampV3Index(der)
		if err != nil {
			ts.HashIndex.err, ts.HashIndex.Error = err, err.Error()
		} else {
			ts.HashIndex.Type = cadesNames[idx.Type.String()]
			ts.HashIndex.Certificates, ts.HashIndex.CRLs, ts.HashIndex.UnsignedAttributes = len(idx.Certificates), len(idx.CRLs), len(idx.UnsignedAttrs)
		}
	}
	return ts
}

// text is the token in a line: its time, TSA, policy, hash and serial.
func (ts *showTimestamp) text(l i18n.Lang) string {
	if ts.err != nil {
		return l.Sprintf(i18n.ShowUnreadableValue, verify.Detail(l, ts.err))
	}
	tsa := ts.TSA
	if tsa == "" {
		tsa = l.Sprintf(i18n.ShowTSAUnnamed)
	}
	return l.Sprintf(i18n.ShowTimestampToken, ts.Time.UTC().Format("2006-01-02 15:04:05.999999 UTC"), tsa, ts.Policy, ts.HashAlgorithm, ts.Serial)
}

// more are the lines under the token: its hash index.
func (ts *showTimestamp) more(l i18n.Lang) []string {
	h := ts.HashIndex
	switch {
	case h == nil:
		return nil
	case h.err != nil:
		var ae *cms.ArchiveError
		if errors.As(h.err, &ae) && ae.Reason == cms.ArchiveIndexMissing {
			return []string{"    " + l.Sprintf(i18n.TSArchiveIndexMissing)}
		}
		return []string{"    ats-hash-index: " + l.Sprintf(i18n.ShowUnreadableValue, verify.Detail(l, h.err))}
	}
	return []string{l.Sprintf(i18n.ShowHashIndex, h.Type, h.Certificates, h.CRLs, h.UnsignedAttributes)}
}

// nameTSAs names the TSA of each token of a signer's attributes that does
// not carry its TSA's certificate, nor name it in its tsa field, from
// the certificates found elsewhere: in the signature, in the signer's
// other tokens (the CryptoPro TSP puts its certificates in one token
// only) and in the certificate-values of the signer and of its tokens.
func nameTSAs(sd *cms.SignedData, lists ...[]showAttribute) {
	var unnamed []*showTimestamp
	pool := sd.ParsedCertificates()
	values := func(lt *cms.LongTerm) {
		for _, der := range lt.CertificateValues {
			if c, err := x509.ParseCertificate(der); err == nil {
				pool = append(pool, c)
			}
		}
	}
	for _, list := range lists {
		for i := range list {
			for j := range list[i].Timestamps {
				ts := &list[i].Timestamps[j]
				if ts.tok == nil {
					continue
				}
				pool = append(pool, ts.tok.SignedData.ParsedCertificates()...)
				values(ts.tok.SignedData.Signers[0].LongTerm())
				if ts.TSA == "" {
					unnamed = append(unnamed, ts)
				}
			}
		}
	}
	if len(unnamed) == 0 {
		return
	}
	for _, si := range sd.Signers {
		values(si.LongTerm())
	}
	for _, ts := range unnamed {
		ts.TSA = tsaName(ts.tok, pool)
	}
}

// tsaName names the TSA of a token: the subject of the certificate among
// certs that signed it, else the TSTInfo's tsa field when it is a
// directoryName; "" when neither.
func tsaName(tok *tsp.Token, certs []*x509.Certificate) string {
	sd := tok.SignedData
	if len(sd.Signers) == 1 {
		si := sd.Signers[0]
		for _, c := range certs {
			byIssuer := si.IssuerAndSerial != nil && bytes.Equal(c.RawIssuer, si.IssuerAndSerial.RawIssuer) &&
				si.IssuerAndSerial.Serial != nil && c.SerialNumber.Cmp(si.IssuerAndSerial.Serial) == 0
			byKey := si.SubjectKeyID != nil && bytes.Equal(c.SubjectKeyId, si.SubjectKeyID)
			if byIssuer || byKey {
				return verify.FormatName(c.Subject)
			}
		}
	}
	// tsa [0] GeneralName OPTIONAL; directoryName [4] Name (EXPLICIT,
	// as Name is a CHOICE).
	s := cryptobyte.String(tok.Info.RawTSA)
	var inner cryptobyte.String
	if !s.ReadASN1(&inner, cbasn1.Tag(4).Constructed().ContextSpecific()) || !s.Empty() {
		return ""
	}
	var rdn pkix.RDNSequence
	if rest, err := asn1.Unmarshal(inner, &rdn); err != nil || len(rest) > 0 {
		return ""
	}
	var name pkix.Name
	name.FillFromRDNSequence(&rdn)
	return verify.FormatName(name)
}

// readSigningCertificate reads SigningCertificate (RFC 2634 section 5.4)
// or SigningCertificateV2 (RFC 5035): SEQUENCE { certs SEQUENCE OF
// ESSCertID[v2], policies OPTIONAL }. It returns how many certificates it
// names and the hash of the first (SHA-1 for v1; for v2 SHA-256 when the
// hashAlgorithm is left out, its DEFAULT).
func readSigningCertificate(v []byte, v2 bool) (int, asn1.ObjectIdentifier, error) {
	s := cryptobyte.String(v)
	var body, certs cryptobyte.String
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) || !s.Empty() || !body.ReadASN1(&certs, cbasn1.SEQUENCE) {
		return 0, nil, errors.New("malformed signing certificate attribute")
	}
	alg := asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	if v2 {
		alg = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	}
	n := 0
	for !certs.Empty() {
		var id cryptobyte.String
		if !certs.ReadASN1(&id, cbasn1.SEQUENCE) {
			return 0, nil, errors.New("malformed ESSCertID")
		}
		if n == 0 && v2 && id.PeekASN1Tag(cbasn1.SEQUENCE) {
			var ai cryptobyte.String
			var oid asn1.ObjectIdentifier
			if !id.ReadASN1(&ai, cbasn1.SEQUENCE) || !ai.ReadASN1ObjectIdentifier(&oid) {
				return 0, nil, errors.New("malformed ESSCertIDv2 hashAlgorithm")
			}
			alg = oid
		}
		n++
	}
	return n, alg, nil
}

// readPolicy reads SignaturePolicyIdentifier (TS 101 733 section 5.8.1):
// the sigPolicyId of a SignaturePolicyId, or "" for
// signaturePolicyImplied (NULL).
func readPolicy(v []byte) (string, error) {
	s := cryptobyte.String(v)
	if s.PeekASN1Tag(cbasn1.NULL) {
		var null cryptobyte.String
		if !s.ReadASN1(&null, cbasn1.NULL) || !null.Empty() || !s.Empty() {
			return "", errors.New("malformed signaturePolicyImplied")
		}
		return "", nil
	}
	var id cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !s.ReadASN1(&id, cbasn1.SEQUENCE) || !s.Empty() || !id.ReadASN1ObjectIdentifier(&oid) {
		return "", errors.New("malformed SignaturePolicyId")
	}
	return oid.String(), nil
}

// hashName names a hash algorithm as verify's reports do.
func hashName(oid asn1.ObjectIdentifier) string {
	if h, err := gost.HashByOID(oid); err == nil {
		return h.String()
	}
	switch oid.String() {
	case "1.3.14.3.2.26":
		return "SHA-1"
	case "2.16.840.1.101.3.4.2.1":
		return "SHA-256"
	case "2.16.840.1.101.3.4.2.2":
		return "SHA-384"
	case "2.16.840.1.101.3.4.2.3":
		return "SHA-512"
	}
	return oid.String()
}

func count(n int) *int { return &n }

// writeText prints the description for people, in l: the lines of
// verify.Description.WriteText, with each signer's form and each
// attribute's contents.
func (d *showDescription) writeText(w io.Writer, l i18n.Lang) error {
	var b strings.Builder
	header := l.Sprintf(i18n.ShowHeader, d.File, d.Encoding.Format)
	if d.Encoding.BER && d.Encoding.Format != "BER" {
		header = l.Sprintf(i18n.ShowHeaderBER, d.File, d.Encoding.Format)
	}
	if d.Attached {
		b.WriteString(l.Sprintf(i18n.ShowAttached, header, d.ContentSize, d.ContentType))
	} else {
		b.WriteString(l.Sprintf(i18n.ShowDetached, header, d.ContentType))
	}
	b.WriteString("\n")
	line := func(m i18n.Message, args ...any) {
		b.WriteString(l.Sprintf(m, args...))
		b.WriteString("\n")
	}
	attribute := func(m i18n.Message, a showAttribute) {
		name, value, more := a.Name, a.Value, []string(nil)
		if name == "" {
			name = a.Type
		}
		if a.text != nil {
			value, more = a.text(l)
		}
		line(m, name, value)
		for _, s := range more {
			b.WriteString(s)
			b.WriteString("\n")
		}
	}
	for _, s := range d.Signers {
		line(i18n.ShowSigner, s.Position, s.SignerIdentifier, s.DigestAlgorithm, s.SignatureAlgorithm)
		if s.Level != "" {
			line(i18n.ShowLevel, s.Level)
		}
		for _, a := range s.SignedAttributes {
			attribute(i18n.ShowSigned, a)
		}
		for _, a := range s.UnsignedAttributes {
			attribute(i18n.ShowUnsigned, a)
		}
	}
	for i, c := range d.Certificates {
		if c.ParseError != "" {
			line(i18n.ShowUnreadableCert, i+1, c.ParseError, c.SHA256)
			continue
		}
		line(i18n.ShowCertificate, i+1, c.Subject, c.Issuer, c.Serial, c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339), c.PublicKey, c.SHA1)
		if c.SubjectSignTool != "" {
			line(i18n.ShowSubjectSignTool, c.SubjectSignTool)
		}
		for _, t := range c.IssuerSignTool {
			line(i18n.ShowIssuerSignTool, t)
		}
	}
	if d.CRLs > 0 {
		line(i18n.ShowCRLs, d.CRLs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
