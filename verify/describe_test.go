package verify

import (
	"bufio"
	"encoding/asn1"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
)

// cadesTimes are the times testdata/cades/TIMES.tsv records, by name.
func cadesTimes(t *testing.T) map[string]time.Time {
	t.Helper()
	f, err := os.Open(filepath.Join(cadesDir, "TIMES.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	times := map[string]time.Time{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if at, err := time.Parse(time.RFC3339, fields[1]); err == nil {
			times[fields[0]] = at
		}
	}
	return times
}

// describeFile describes a signature file as show does.
func describeFile(t *testing.T, path string) *Description {
	t.Helper()
	sd, err := cms.Parse(mustRead(t, path))
	if err != nil {
		t.Fatal(err)
	}
	return Describe(filepath.Base(path), sd)
}

// attributesNamed are the unsigned attributes of signer 1 named name.
func attributesNamed(d *Description, name string) []AttributeDescription {
	var out []AttributeDescription
	for _, a := range d.Signers[0].UnsignedAttributes {
		if a.Name == name {
			out = append(out, a)
		}
	}
	return out
}

// TestDescribeLongTerm: Describe names every CAdES attribute of the long-term
// fixtures, and says what each holds: each token's genTime (as TIMES.tsv
// has it), TSA and policy, and the counts of references and values the
// fixtures' README gives; and the form of the signer.
func TestDescribeLongTerm(t *testing.T) {
	times := cadesTimes(t)
	const tsa = "CN=Служба штампов времени gostverify (CAdES), O=gostverify (тестовые данные), C=RU"
	type stamp struct {
		attribute string
		time      string // its name in TIMES.tsv
	}
	for _, tt := range []struct {
		file   string
		level  string
		stamps []stamp // in the file's order
		refs   bool    // the references and values of every X form here
	}{
		{"bes.sig", "CAdES-BES", nil, false},
		{"t.sig", "CAdES-T", []stamp{{"signature-time-stamp", "gentime_sts"}}, false},
		{"t_two_onebad.sig", "CAdES-T", []stamp{{"signature-time-stamp", "gentime_sts_doc"}, {"signature-time-stamp", "gentime_sts"}}, false},
		{"xl1.sig", "CAdES-X Long Type 1", []stamp{{"signature-time-stamp", "gentime_sts"}, {"CAdES-C-time-stamp", "gentime_esc"}}, true},
		{"xl2.sig", "CAdES-X Long Type 2", []stamp{{"signature-time-stamp", "gentime_sts"}, {"time-stamped-certs-crls-references", "gentime_certcrl"}}, true},
		{"xl1_operator_bad_t.sig", "CAdES-X Long Type 1", []stamp{{"signature-time-stamp", "gentime_sts"},
			{"CAdES-C-time-stamp", "gentime_esc"}, {"signature-time-stamp", "gentime_sts_operator"}}, true},
		{"a.sig", "CAdES-A", []stamp{{"signature-time-stamp", "gentime_sts"}, {"CAdES-C-time-stamp", "gentime_esc"},
			{"archive-time-stamp-v2", "gentime_ats"}}, true},
	} {
		t.Run(tt.file, func(t *testing.T) {
			d := describeFile(t, filepath.Join(cadesDir, tt.file))
			s := d.Signers[0]
			if s.Level != tt.level {
				t.Errorf("level %q, want %q", s.Level, tt.level)
			}
			var got []stamp
			for _, a := range s.UnsignedAttributes {
				if a.Name == "" || strings.Count(a.Name, ".") > 2 {
					t.Errorf("attribute %s is not named", a.Type)
				}
				for _, ts := range a.Timestamps {
					if ts.Error != "" || ts.Time == nil {
						t.Errorf("%s: %s", a.Name, ts.Error)
						continue
					}
					if ts.TSA != tsa || ts.Policy != "1.2.643.100.999.1" || ts.HashAlgorithm != "GOST R 34.11-2012 (256)" || ts.Serial == "" {
						t.Errorf("%s: TSA %q, policy %q, hash %q, serial %q", a.Name, ts.TSA, ts.Policy, ts.HashAlgorithm, ts.Serial)
					}
					got = append(got, stamp{a.Name, ts.Time.UTC().Format(time.RFC3339)})
				}
			}
			if len(got) != len(tt.stamps) {
				t.Fatalf("timestamps %q, want %q", got, tt.stamps)
			}
			for i, w := range tt.stamps {
				at, ok := times[w.time]
				if !ok {
					t.Fatalf("TIMES.tsv has no %s", w.time)
				}
				if g := got[i]; g.attribute != w.attribute || g.time != at.UTC().Format(time.RFC3339) {
					t.Errorf("timestamp %d: %s at %s, want %s at %s (%s)", i+1, g.attribute, g.time, w.attribute, at.UTC().Format(time.RFC3339), w.time)
				}
			}
			if !tt.refs {
				return
			}
			counts := map[string][]*int{
				"complete-certificate-references": {attributesNamed(d, "complete-certificate-references")[0].CertificateReferences},
				"complete-revocation-references": {attributesNamed(d, "complete-revocation-references")[0].RevocationReferences,
					attributesNamed(d, "complete-revocation-references")[0].CRLReferences, attributesNamed(d, "complete-revocation-references")[0].OCSPReferences},
				"certificate-values": {attributesNamed(d, "certificate-values")[0].Certificates},
				"revocation-values":  {attributesNamed(d, "revocation-values")[0].CRLs, attributesNamed(d, "revocation-values")[0].OCSPResponses},
			}
			// README: refs to ca, root, ocsp; a CrlOcspRef for the signer
			// (OCSP) and for ca (CRL); values signer, ca, root, ocsp;
			// root.crl and one BasicOCSPResponse.
			for name, want := range map[string][]int{
				"complete-certificate-references": {3}, "complete-revocation-references": {2, 1, 1},
				"certificate-values": {4}, "revocation-values": {1, 1},
			} {
				for i, n := range counts[name] {
					if n == nil || *n != want[i] {
						t.Errorf("%s: count %d is %v, want %d", name, i, n, want[i])
					}
				}
			}
		})
	}
}

// TestDescribeArchiveV3: a real CryptoPro CAdES-A: its archive-time-stamp-v3
// has its ats-hash-index-v3 counted, and the TSA of each token is named
// though only one token carries the TSA's certificate.
func TestDescribeArchiveV3(t *testing.T) {
	d := describeFile(t, "../testdata/cades-real/basealt-pdf_scp/25_cam_CADES-A.contents.p7s")
	if d.Signers[0].Level != "CAdES-A" {
		t.Errorf("level %q", d.Signers[0].Level)
	}
	ats := attributesNamed(d, "archive-time-stamp-v3")
	if len(ats) != 1 || len(ats[0].Timestamps) != 1 {
		t.Fatalf("archive-time-stamp-v3: %+v", ats)
	}
	idx := ats[0].Timestamps[0].HashIndex
	if idx == nil || idx.Type != "ats-hash-index-v3" || idx.Error != "" || idx.Certificates+idx.CRLs+idx.UnsignedAttributes == 0 {
		t.Errorf("hash index %+v", idx)
	}
	for _, a := range d.Signers[0].UnsignedAttributes {
		for _, ts := range a.Timestamps {
			if !strings.Contains(ts.TSA, "CN=Тестовый оператор TSP") {
				t.Errorf("%s: TSA %q", a.Name, ts.TSA)
			}
		}
	}
}

// TestDescribeAttributes: the attributes Describe reads byte by byte: a policy,
// an implied policy, a MIME type, a repeated reference attribute, a
// timestamp that is not one, values that cannot be read; each says what
// it holds or why it cannot, in both languages.
func TestDescribeAttributes(t *testing.T) {
	der := func(v any, params string) []byte {
		b, err := asn1.MarshalWithParams(v, params)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	// SignaturePolicyId { sigPolicyId, sigPolicyHash { Streebog-256, hash } }
	var pb cryptobyte.Builder
	pb.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 643, 100, 1})
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2})
			})
			b.AddASN1OctetString(make([]byte, 32))
		})
	})
	policy := pb.BytesOrPanic()
	emptySeq := []byte{0x30, 0x00}
	attr := func(oid asn1.ObjectIdentifier, values ...[]byte) cms.Attribute {
		return cms.Attribute{Type: oid, Values: values}
	}
	attrs := []cms.Attribute{
		attr(cms.OIDSignaturePolicy, policy),
		attr(cms.OIDSignaturePolicy, asn1.NullBytes),
		attr(oidMIMEType, der("text/xml", "utf8")),
		attr(cms.OIDCertificateValues, emptySeq),
		attr(cms.OIDCertificateValues, emptySeq),
		attr(cms.OIDTimeStampToken, []byte("not a token")),
		attr(cms.OIDRevocationRefs, []byte{0x04, 0x00}),
		attr(cms.OIDCertificateRefs, emptySeq, emptySeq),
		attr(asn1.ObjectIdentifier{1, 2, 3, 4}, []byte{5, 0}),
	}
	got := describeAttributes(attrs, true)
	check := func(i int, name string, ok bool, what string) {
		t.Helper()
		if got[i].Name != name || !ok {
			t.Errorf("attribute %d (%s): %s; got %+v", i+1, name, what, got[i])
		}
	}
	check(0, "signature-policy-identifier", got[0].Policy == "1.2.643.100.1" && !got[0].PolicyImplied, "policy 1.2.643.100.1")
	check(1, "signature-policy-identifier", got[1].Policy == "" && got[1].PolicyImplied, "implied")
	check(2, "mime-type", got[2].MIMEType == "text/xml", "text/xml")
	check(3, "certificate-values", got[3].Certificates != nil && *got[3].Certificates == 0 && got[3].Repeats == 0, "no certificates")
	check(4, "certificate-values", got[4].Repeats == 4, "repeats attribute 4")
	check(5, "signature-time-stamp", len(got[5].Timestamps) == 1 && got[5].Timestamps[0].Error != "", "an unreadable token")
	check(6, "complete-revocation-references", got[6].Error != "" && got[6].RevocationReferences == nil, "unreadable")
	check(7, "complete-certificate-references", strings.Contains(got[7].Error, "2 values"), "two values")
	check(8, "", got[8].Error == "", "an unknown attribute")

	for _, tt := range []struct {
		i      int
		en, ru string
	}{
		{0, "policy 1.2.643.100.1", "политика 1.2.643.100.1"},
		{1, "implied policy", "политика подразумевается"},
		{2, "text/xml", "text/xml"},
		{3, "certificates: 0", "сертификатов: 0"},
		{4, "certificates: 0; repeats unsigned attribute 4", "сертификатов: 0; повторяет неподписанный атрибут 4"},
		{5, "unreadable: tsp: ", "не читается: "},
		{8, "2 bytes", "2 байта"},
	} {
		for _, l := range []struct {
			lang i18n.Lang
			want string
		}{{i18n.English, tt.en}, {i18n.Russian, tt.ru}} {
			if line, _ := got[tt.i].text(l.lang); !strings.HasPrefix(line, l.want) {
				t.Errorf("attribute %d in %s: %q, want %q…", tt.i+1, l.lang, line, l.want)
			}
		}
	}
	// The JSON value is the English text.
	if got[3].Value != "certificates: 0" {
		t.Errorf("value %q", got[3].Value)
	}
	// No signed attributes are [] in the JSON, no unsigned ones left out.
	if none := describeAttributes(nil, false); none == nil || len(none) != 0 {
		t.Errorf("no signed attributes: %#v", none)
	}
	if none := describeAttributes(nil, true); none != nil {
		t.Errorf("no unsigned attributes: %#v", none)
	}
}

// TestDescribeJSON: the JSON of a description, as show prints it: signers
// after crls (their place since show added them to verify's fields),
// each signer's level before its attributes, and what attributes hold.
func TestDescribeJSON(t *testing.T) {
	d := describeFile(t, filepath.Join(cadesDir, "xl1.sig"))
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	shown := string(b)
	order := []string{`"file"`, `"encoding"`, `"content_type"`, `"attached"`, `"digest_algorithms"`, `"certificates"`,
		"\n  \"crls\"", `"signers"`, `"position"`, `"signer_identifier"`, `"digest_algorithm"`, `"signature_algorithm"`,
		`"level": "CAdES-X Long Type 1"`, `"signed_attributes"`, `"unsigned_attributes"`}
	at := 0
	for _, key := range order {
		i := strings.Index(shown[at:], key)
		if i < 0 {
			t.Fatalf("no %s after byte %d of\n%s", key, at, shown)
		}
		at += i
	}
	for _, want := range []string{`"name": "CAdES-C-time-stamp"`, `"tsa": "CN=Служба штампов времени`, `"certificate_references": 3`,
		`"ocsp_responses": 1`, `"policy": "1.2.643.100.999.1"`} {
		if !strings.Contains(shown, want) {
			t.Errorf("the JSON has no %s", want)
		}
	}
}

// FuzzDescribeCAdESAttribute: whatever bytes an attribute of each type
// Describe reads holds, describing it never panics, and it says
// something in both languages.
func FuzzDescribeCAdESAttribute(f *testing.F) {
	for _, name := range []string{"xl1.sig", "a.sig", "t.sig"} {
		data, err := os.ReadFile(filepath.Join(cadesDir, name))
		if err != nil {
			f.Fatal(err)
		}
		sd, err := cms.Parse(data)
		if err != nil {
			f.Fatal(err)
		}
		for _, si := range sd.Signers {
			for _, a := range append(si.SignedAttrs, si.UnsignedAttrs...) {
				for _, v := range a.Values {
					f.Add(v)
				}
			}
		}
	}
	f.Add([]byte{0x05, 0x00})
	types := []asn1.ObjectIdentifier{cms.OIDTimeStampToken, cms.OIDArchiveTimeStampV3, cms.OIDCertificateRefs,
		cms.OIDRevocationRefs, cms.OIDCertificateValues, cms.OIDRevocationValues, cms.OIDSigningCertificate,
		cms.OIDSigningCertificateV2, cms.OIDSignaturePolicy, oidMIMEType, cms.OIDCounterSignature}
	f.Fuzz(func(t *testing.T, value []byte) {
		attrs := make([]cms.Attribute, len(types))
		for i, oid := range types {
			attrs[i] = cms.Attribute{Type: oid, Values: [][]byte{value}, Raw: value}
		}
		for _, a := range describeAttributes(attrs, true) {
			for _, l := range []i18n.Lang{i18n.English, i18n.Russian} {
				if line, _ := a.text(l); line == "" && a.Name != "mime-type" {
					t.Errorf("%s says nothing in %s", a.Name, l)
				}
			}
		}
	})
}

// TestDescribeTSANamedFromElsewhere: a real CryptoPro token that carries
// no TSA certificate of its own is named from the signature's other
// tokens, in its tsa and in its value alike.
func TestDescribeTSANamedFromElsewhere(t *testing.T) {
	sd, err := cms.Parse(mustRead(t, "../testdata/cades-real/basealt-pdf_scp/25_cam_CADES-A.contents.p7s"))
	if err != nil {
		t.Fatal(err)
	}
	d := Describe("25_cam_CADES-A.contents.p7s", sd)
	n := 0
	for _, a := range d.Signers[0].UnsignedAttributes {
		for _, ts := range a.Timestamps {
			n++
			if !strings.Contains(ts.TSA, "Тестовый оператор TSP") || !strings.Contains(a.Value, ts.TSA) {
				t.Errorf("%s: tsa %q, value %q", a.Name, ts.TSA, a.Value)
			}
		}
	}
	if n != 3 {
		t.Errorf("%d timestamps, want 3", n)
	}
}
