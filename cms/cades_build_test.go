package cms

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/gostverify/gostverify/gost"
)

// TestBuildMatchesFixtures builds the reference and value attributes of
// testdata/cades/xl1*.sig from the values they carry and compares them
// byte for byte with the fixtures', which testdata/cades/extend assembled
// independently with hashes from openssl dgst.
func TestBuildMatchesFixtures(t *testing.T) {
	for _, name := range []string{"xl1.sig", "xl1_bykey.sig"} {
		t.Run(name, func(t *testing.T) {
			sd, err := Parse(readFile(t, filepath.Join("..", "testdata", "cades", name)))
			if err != nil {
				t.Fatal(err)
			}
			si := sd.Signers[0]
			lt := si.LongTerm()
			attr := func(oid string) []byte {
				for _, a := range si.UnsignedAttrs {
					if a.Type.String() == oid {
						return a.Raw
					}
				}
				t.Fatalf("no attribute %s", oid)
				return nil
			}
			rv := lt.RevocationValues
			if len(lt.CertificateValues) != 4 || len(rv.OCSP) != 1 || len(rv.CRLs) != 1 {
				t.Fatalf("fixture holds %d certificates, %d OCSP, %d CRLs", len(lt.CertificateValues), len(rv.OCSP), len(rv.CRLs))
			}
			// certificate-values: signer, ca, root, ocsp; the refs: all but the signer.
			crefs, err := CertificateRefsValue(lt.CertificateValues[1:], gost.Streebog256)
			if err != nil {
				t.Fatal(err)
			}
			// The signer -> its OCSP response, ca -> root's CRL.
			rrefs, err := RevocationRefsValue([]RevocationRefSource{{OCSP: rv.OCSP}, {CRLs: rv.CRLs}}, gost.Streebog256)
			if err != nil {
				t.Fatal(err)
			}
			cvals, err := CertificateValuesValue(lt.CertificateValues)
			if err != nil {
				t.Fatal(err)
			}
			rvals, err := RevocationValuesValue(rv.CRLs, rv.OCSP)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				oid   string
				value []byte
			}{
				{OIDCertificateRefs.String(), crefs}, {OIDRevocationRefs.String(), rrefs},
				{OIDCertificateValues.String(), cvals}, {OIDRevocationValues.String(), rvals},
			} {
				a, err := MarshalAttribute(mustOID(c.oid), c.value)
				if err != nil {
					t.Fatal(err)
				}
				if want := attr(c.oid); !bytes.Equal(a, want) {
					t.Errorf("%s:\n got %x\nwant %x", c.oid, a, want)
				}
			}
		})
	}
}

func TestBuildErrors(t *testing.T) {
	if _, err := CertificateRefsValue([][]byte{{0x30, 0x00}}, gost.Streebog256); err == nil {
		t.Error("a non-certificate was referenced")
	}
	if _, err := RevocationRefsValue([]RevocationRefSource{{OCSP: [][]byte{{0x30, 0x00}}}}, gost.Streebog256); err == nil {
		t.Error("a non-response was referenced")
	}
	if _, err := RevocationRefsValue([]RevocationRefSource{{CRLs: [][]byte{{0x30, 0x00}}}}, gost.Streebog256); err == nil {
		t.Error("a non-CRL was referenced")
	}
	if _, err := MarshalAttribute(OIDCertificateValues); err == nil {
		t.Error("an attribute without values was made")
	}
	if _, err := MarshalAttribute(OIDCertificateValues, []byte{0x30}); err == nil {
		t.Error("an attribute with a broken value was made")
	}
}

func mustOID(s string) []int {
	var oid []int
	n := 0
	for _, c := range s + "." {
		if c == '.' {
			oid = append(oid, n)
			n = 0
			continue
		}
		n = n*10 + int(c-'0')
	}
	return oid
}
