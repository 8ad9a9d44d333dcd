package cms

import (
	"bufio"
	"bytes"
	"encoding/asn1"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// sdSpec describes a synthetic SignedData for the version rules.
type sdSpec struct {
	version     int64
	contentType asn1.ObjectIdentifier // nil: id-data
	certs       [][]byte              // CertificateChoices elements
	crls        [][]byte              // RevocationInfoChoice elements
	signers     [][]byte              // SignerInfo elements
}

// buildSignedData encodes spec as a DER ContentInfo.
func buildSignedData(spec sdSpec) []byte {
	ct := spec.contentType
	if ct == nil {
		ct = OIDData
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(OIDSignedData)
		b.AddASN1(tagContext0Constructed, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1Int64(spec.version)
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { addAlgorithm(b, digestOID) })
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(ct) })
				if spec.certs != nil {
					b.AddASN1(tagContext0Constructed, func(b *cryptobyte.Builder) {
						for _, c := range spec.certs {
							b.AddBytes(c)
						}
					})
				}
				if spec.crls != nil {
					b.AddASN1(tagContext1Constructed, func(b *cryptobyte.Builder) {
						for _, c := range spec.crls {
							b.AddBytes(c)
						}
					})
				}
				b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
					for _, s := range spec.signers {
						b.AddBytes(s)
					}
				})
			})
		})
	})
	return b.BytesOrPanic()
}

var digestOID = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 2, 2} // Streebog-256

func addAlgorithm(b *cryptobyte.Builder, oid asn1.ObjectIdentifier) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oid) })
}

// buildSignerInfo encodes a SignerInfo with the given version, identified
// by issuerAndSerialNumber or, with ski, by subjectKeyIdentifier.
func buildSignerInfo(version int64, ski bool) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(version)
		if ski {
			b.AddASN1(tagContext0, func(b *cryptobyte.Builder) { b.AddBytes([]byte{1, 2, 3, 4}) })
		} else {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {}) // an empty Name
				b.AddASN1Int64(7)
			})
		}
		addAlgorithm(b, digestOID)
		addAlgorithm(b, asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 1})
		b.AddASN1OctetString(make([]byte, 64))
	})
	return b.BytesOrPanic()
}

// tagged is an element with the given tag around a small SEQUENCE.
func tagged(tag cbasn1.Tag) []byte {
	var b cryptobyte.Builder
	b.AddASN1(tag, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(asn1.ObjectIdentifier{1, 2, 3}) })
	})
	return b.BytesOrPanic()
}

// versionErrorOf returns the *VersionError in err's chain, nil if none.
func versionErrorOf(err error) *VersionError {
	var ve *VersionError
	if errors.As(err, &ve) {
		return ve
	}
	return nil
}

// TestSignedDataVersionRules: each rule of RFC 5652 section 5.1, with the
// right version (parses) and a wrong one (a *VersionError naming the
// right one).
func TestSignedDataVersionRules(t *testing.T) {
	cert := pkiFile(t, "pki/root.cer")
	iasSigner, skiSigner := buildSignerInfo(1, false), buildSignerInfo(3, true)
	tstInfo := asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	crl := []byte{0x30, 0x03, 0x02, 0x01, 0x00} // a SEQUENCE stands for a CRL
	cases := []struct {
		name string
		spec sdSpec // version left zero: filled in from want
		want int
	}{
		{"id-data, issuerAndSerialNumber signer", sdSpec{signers: [][]byte{iasSigner}}, 1},
		{"X.509 certificate and CRL", sdSpec{certs: [][]byte{cert}, crls: [][]byte{crl}, signers: [][]byte{iasSigner}}, 1},
		{"two version 1 signers", sdSpec{signers: [][]byte{iasSigner, iasSigner}}, 1},
		{"obsolete extendedCertificate does not count", sdSpec{certs: [][]byte{tagged(tagExtendedCertificate)}, signers: [][]byte{iasSigner}}, 1},
		{"version 3 SignerInfo", sdSpec{signers: [][]byte{skiSigner}}, 3},
		{"one of two SignerInfos is version 3", sdSpec{signers: [][]byte{iasSigner, skiSigner}}, 3},
		{"eContentType other than id-data", sdSpec{contentType: tstInfo, signers: [][]byte{iasSigner}}, 3},
		{"version 1 attribute certificate", sdSpec{certs: [][]byte{cert, tagged(tagV1AttrCert)}, signers: [][]byte{iasSigner}}, 3},
		{"version 2 attribute certificate", sdSpec{certs: [][]byte{tagged(tagV2AttrCert)}, signers: [][]byte{iasSigner}}, 4},
		{"version 2 beats version 3 reasons", sdSpec{contentType: tstInfo, certs: [][]byte{tagged(tagV1AttrCert), tagged(tagV2AttrCert)}, signers: [][]byte{skiSigner}}, 4},
		{"other certificate format", sdSpec{certs: [][]byte{tagged(tagOtherCert)}, signers: [][]byte{iasSigner}}, 5},
		{"other revocation info format", sdSpec{crls: [][]byte{crl, tagged(tagOtherRevocationInfo)}, signers: [][]byte{iasSigner}}, 5},
		{"other format beats everything", sdSpec{contentType: tstInfo, certs: [][]byte{tagged(tagV2AttrCert), tagged(tagOtherCert)}, signers: [][]byte{skiSigner}}, 5},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, v := range []int{0, 1, 2, 3, 4, 5, 6, -1} {
				spec := c.spec
				spec.version = int64(v)
				sd, err := Parse(buildSignedData(spec))
				if v == c.want {
					if err != nil {
						t.Fatalf("version %d: %v", v, err)
					}
					if sd.Version != v {
						t.Fatalf("parsed version %d, want %d", sd.Version, v)
					}
					continue
				}
				ve := versionErrorOf(err)
				if ve == nil {
					t.Fatalf("version %d: error %v, want a *VersionError", v, err)
				}
				if ve.Structure != "SignedData" || ve.Version != v || ve.Want != c.want || ve.Rule == "" {
					t.Errorf("version %d: %+v, want SignedData version %d", v, ve, c.want)
				}
				var pe *ParseError
				if !errors.As(err, &pe) || pe.Where != "SignedData" {
					t.Errorf("version %d: %v is not a SignedData *ParseError", v, err)
				}
			}
		})
	}
}

// TestCertsOnlyVersion: a certificate bundle (.p7b) follows the same rule.
func TestCertsOnlyVersion(t *testing.T) {
	cert := pkiFile(t, "pki/root.cer")
	for _, c := range []struct {
		version int64
		ok      bool
	}{{1, true}, {3, false}, {0, false}} {
		certs, err := ParseCertificates(buildSignedData(sdSpec{version: c.version, certs: [][]byte{cert}}))
		if c.ok && (err != nil || len(certs) != 1) {
			t.Errorf("version %d: %d certificates, %v", c.version, len(certs), err)
		}
		if !c.ok && versionErrorOf(err) == nil {
			t.Errorf("version %d: error %v, want a *VersionError", c.version, err)
		}
	}
}

// TestSignerInfoVersionRules: RFC 5652 section 5.3, version 1 with
// issuerAndSerialNumber and 3 with subjectKeyIdentifier.
func TestSignerInfoVersionRules(t *testing.T) {
	for _, c := range []struct {
		version int64
		ski     bool
		want    int
	}{
		{1, false, 1}, {3, true, 3},
		{0, false, 1}, {2, false, 1}, {3, false, 1}, {4, false, 1}, {-1, false, 1},
		{0, true, 3}, {1, true, 3}, {2, true, 3}, {5, true, 3},
	} {
		si, err := parseSignerInfoElement(buildSignerInfo(c.version, c.ski))
		if int(c.version) == c.want {
			if err != nil || si.Version != c.want {
				t.Errorf("version %d, ski %v: %v", c.version, c.ski, err)
			}
			continue
		}
		ve := versionErrorOf(err)
		if ve == nil || ve.Structure != "SignerInfo" || ve.Version != int(c.version) || ve.Want != c.want {
			t.Errorf("version %d, ski %v: error %v (%+v), want a SignerInfo *VersionError wanting %d", c.version, c.ski, err, ve, c.want)
		}

		// Inside a SignedData whose own version fits the identifier, the
		// signer's version is what fails, and Parse says which signer.
		sdVersion := int64(1)
		if c.ski {
			sdVersion = 3
		}
		_, err = Parse(buildSignedData(sdSpec{version: sdVersion, signers: [][]byte{buildSignerInfo(1, false), buildSignerInfo(c.version, c.ski)}}))
		var pe *ParseError
		if ve := versionErrorOf(err); ve == nil || ve.Structure != "SignerInfo" || !errors.As(err, &pe) || pe.Where != "signer 2" {
			t.Errorf("version %d, ski %v in a SignedData: %v, want a SignerInfo *VersionError at signer 2", c.version, c.ski, err)
		}
	}
}

// offsetIn returns where sub starts inside data, which it must be a
// slice of.
func offsetIn(t *testing.T, data, sub []byte) int {
	t.Helper()
	off := cap(data) - cap(sub)
	if off < 0 || off >= len(data) || &data[off] != &sub[0] {
		t.Fatal("not a slice of the file")
	}
	return off
}

// versionOffsets returns where the value bytes of the SignedData version
// and of each SignerInfo version are in a DER signature file.
func versionOffsets(t *testing.T, der []byte) (sd int, signers []int) {
	t.Helper()
	in := cryptobyte.String(der)
	var ci, content, body, v, set cryptobyte.String
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !ci.SkipASN1(cbasn1.OBJECT_IDENTIFIER) ||
		!ci.ReadASN1(&content, tagContext0Constructed) || !content.ReadASN1(&body, cbasn1.SEQUENCE) ||
		!body.ReadASN1(&v, cbasn1.INTEGER) || len(v) != 1 {
		t.Fatal("not a DER SignedData")
	}
	sd = offsetIn(t, der, v)
	if !body.SkipASN1(cbasn1.SET) || !body.SkipASN1(cbasn1.SEQUENCE) ||
		!body.SkipOptionalASN1(tagContext0Constructed) || !body.SkipOptionalASN1(tagContext1Constructed) ||
		!body.ReadASN1(&set, cbasn1.SET) {
		t.Fatal("not a DER SignedData")
	}
	for !set.Empty() {
		var si cryptobyte.String
		if !set.ReadASN1(&si, cbasn1.SEQUENCE) || !si.ReadASN1(&v, cbasn1.INTEGER) || len(v) != 1 {
			t.Fatal("malformed SignerInfo")
		}
		signers = append(signers, offsetIn(t, der, v))
	}
	return sd, signers
}

// TestVersionByteMutations changes the version bytes of OpenSSL-made and
// real signatures: every changed version is a *VersionError for the
// structure changed; the originals parse.
func TestVersionByteMutations(t *testing.T) {
	files := map[string][]byte{
		"invoice.xml.sig":             pkiFile(t, "invoice.xml.sig"),
		"invoice.xml.keyid.sig":       pkiFile(t, "invoice.xml.keyid.sig"),
		"invoice.xml.two_signers.sig": pkiFile(t, "invoice.xml.two_signers.sig"),
		"signed_256.der":              readTestFile(t, "signed_256.der"),
	}
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(data); err != nil {
				t.Fatal(err)
			}
			sdOff, signerOffs := versionOffsets(t, data)
			check := func(what string, off int, structure string) {
				orig := data[off]
				defer func() { data[off] = orig }()
				for _, v := range []byte{0, 1, 2, 3, 4, 5, 0x7f} {
					if v == orig {
						continue
					}
					data[off] = v
					_, err := Parse(data)
					ve := versionErrorOf(err)
					if ve == nil || ve.Structure != structure || ve.Version != int(v) || ve.Want != int(orig) {
						t.Errorf("%s version %d (was %d): error %v, want a %s *VersionError", what, v, orig, err, structure)
					}
				}
			}
			check("SignedData", sdOff, "SignedData")
			for i, off := range signerOffs {
				check("signer "+string(rune('1'+i)), off, "SignerInfo")
			}
		})
	}
}

// TestCountersignerVersion: a countersignature is a SignerInfo too; a
// wrong version makes the countersigner malformed, with the
// *VersionError as the cause, and leaves the signer itself intact.
func TestCountersignerVersion(t *testing.T) {
	data, sd := parseFixture(t, "invoice.xml.countersigned.sig")
	doc := pkiFile(t, "invoice.xml")
	var cs []byte
	for _, a := range sd.Signers[0].UnsignedAttrs {
		if a.Type.Equal(OIDCounterSignature) {
			cs = a.Values[0]
		}
	}
	if cs == nil {
		t.Fatal("no countersignature")
	}
	s := cryptobyte.String(cs)
	var body, v cryptobyte.String
	if !s.ReadASN1(&body, cbasn1.SEQUENCE) || !body.ReadASN1(&v, cbasn1.INTEGER) || len(v) != 1 || v[0] != 1 {
		t.Fatal("countersignature is not a version 1 SignerInfo")
	}
	off := offsetIn(t, data, v)
	for _, ver := range []byte{1, 3, 0} {
		data[off] = ver
		sd, err := Parse(data)
		if err != nil {
			t.Fatalf("version %d: %v", ver, err)
		}
		results, err := sd.Verify(bytes.NewReader(doc), Options{})
		if err != nil {
			t.Fatal(err)
		}
		r := results[0]
		if r.Err != nil || len(r.Countersigners) != 1 {
			t.Fatalf("version %d: signer %v, %d countersigners", ver, r.Err, len(r.Countersigners))
		}
		c := r.Countersigners[0]
		if ver == 1 {
			if c.Err != nil {
				t.Errorf("original countersigner: %v", c.Err)
			}
			continue
		}
		if reasonOf(c.Err) != Malformed || versionErrorOf(c.Err) == nil {
			t.Errorf("countersigner version %d: %v, want Malformed with a *VersionError", ver, c.Err)
		}
	}
}

// TestRealCorpusVersions: every signature of testdata/cms-corpus and
// testdata/cms (and of the shared corpus, when it is next to the
// repository) has the versions RFC 5652 prescribes; the MANIFEST's
// signatures all parse.
func TestRealCorpusVersions(t *testing.T) {
	parsed := 0 // in the repository's own corpora, which are always there
	for _, dir := range []string{"../testdata/cms-corpus", "../testdata/cms", "../../shared/corpus"} {
		if _, err := os.Stat(dir); err != nil && dir == "../../shared/corpus" {
			t.Logf("%s: not present, skipped", dir)
			continue
		}
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			_, err = Parse(data)
			if ve := versionErrorOf(err); ve != nil {
				t.Errorf("%s: %v", path, err)
			}
			if err == nil && dir != "../../shared/corpus" {
				parsed++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if parsed < 40 {
		t.Errorf("only %d signatures parsed", parsed)
	}

	f, err := os.Open("../testdata/cms/MANIFEST.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 6 || cols[5] == "FORMAT_FAILURE" {
			continue
		}
		if _, err := Parse(pkiFile(t, cols[0])); err != nil {
			t.Errorf("%s: %v", cols[0], err)
		}
	}
}
