package verify

import (
	"bytes"
	"crypto/x509"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
)

func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../testdata/cms-corpus", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestSubIndicationStatus(t *testing.T) {
	for sub, want := range map[SubIndication]Status{
		"": Valid, FormatFailure: Invalid, HashFailure: Invalid, SigCryptoFailure: Invalid,
		SigConstraintsFailure: Invalid, Revoked: Invalid, Expired: Invalid, NotYetValid: Invalid,
		NoSigningCertificateFound: Indeterminate, NoCertificateChainFound: Indeterminate,
		ChainConstraintsFailure: Indeterminate, OutOfBoundsNoPOE: Indeterminate, RevokedNoPOE: Indeterminate,
		TryLater: Indeterminate, Generic: Indeterminate, RevokedCANoPOE: Indeterminate,
	} {
		if got := sub.Status(); got != want {
			t.Errorf("%q.Status() = %s, want %s", sub, got, want)
		}
	}
	if Worst(Valid, Indeterminate) != Indeterminate || Worst(Invalid, Indeterminate) != Invalid || Worst(Valid, Valid) != Valid {
		t.Error("Worst does not order invalid > indeterminate > valid")
	}
}

// TestFile checks the verdict on real signatures and on their tampered
// forms. Until chain building exists nothing may be valid.
func TestFile(t *testing.T) {
	example, err := x509.ParseCertificate(corpusFile(t, "gost2012_256_example.cer"))
	if err != nil {
		t.Fatal(err)
	}
	changedDoc := append(corpusFile(t, "doc.txt"), '!')
	cases := []struct {
		name, signature string
		content         []byte
		certs           []*x509.Certificate
		status          Status
		sub             SubIndication
		signatureCheck  CheckStatus
	}{
		{"intact CryptoPro", "doc.txt.sgn.2019-10-07", corpusFile(t, "doc.txt"), nil, Indeterminate, NoCertificateChainFound, Passed},
		{"changed document", "doc.txt.sgn.2019-10-07", changedDoc, nil, Invalid, HashFailure, Failed},
		{"signer certificate missing", "signed_256.der", nil, nil, Indeterminate, NoSigningCertificateFound, NotChecked},
		{"signer certificate given", "signed_256.der", nil, []*x509.Certificate{example}, Indeterminate, NoCertificateChainFound, Passed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var content *bytes.Reader
			var r *Report
			var err error
			if c.content != nil {
				content = bytes.NewReader(c.content)
				r, err = File(c.signature, corpusFile(t, c.signature), "doc", content, Options{Certificates: c.certs})
			} else {
				r, err = File(c.signature, corpusFile(t, c.signature), "", nil, Options{Certificates: c.certs})
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != c.status || len(r.Signatures) != 1 {
				t.Fatalf("status %s with %d signatures, want %s with 1", r.Status, len(r.Signatures), c.status)
			}
			s := r.Signatures[0]
			if s.Status != c.status || s.SubIndication != c.sub || s.Checks.Signature != c.signatureCheck {
				t.Errorf("signature: %s/%s, signature check %s; want %s/%s, %s", s.Status, s.SubIndication, s.Checks.Signature, c.status, c.sub, c.signatureCheck)
			}
			if s.Checks.Chain != NotChecked || s.Revocation.Status != "not_checked" {
				t.Errorf("chain %s, revocation %s: want not_checked", s.Checks.Chain, s.Revocation.Status)
			}
			if s.Status != Valid && s.Reason == "" {
				t.Error("no reason for a verdict that is not valid")
			}
		})
	}
}

func TestNotASignature(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("hello"), corpusFile(t, "gost2012_256_example.cer"), corpusFile(t, "signed_256.der")[:100]} {
		r, err := File("x", data, "", nil, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != Invalid || r.SubIndication != FormatFailure || r.Reason == "" {
			t.Errorf("%q: %s/%s %q, want invalid/FORMAT_FAILURE with a reason", data[:min(len(data), 8)], r.Status, r.SubIndication, r.Reason)
		}
		if _, err := json.Marshal(r); err != nil {
			t.Error(err)
		}
	}
}

func TestDescribeCertificate(t *testing.T) {
	sdReport, err := File("p7s", corpusFile(t, "vipnet_attached_2012_256.p7s"), "", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := sdReport.Signatures[0].Signer
	want := Signer{INN: "006805224170", OGRN: "4659294145231", SNILS: "00100265851", Surname: "Понедельников", GivenName: "Сергей", Organization: "Понедельник"}
	if s.INN != want.INN || s.OGRN != want.OGRN || s.SNILS != want.SNILS || s.Surname != want.Surname || s.GivenName != want.GivenName || s.Organization != want.Organization {
		t.Errorf("signer %+v, want the fields of %+v", s, want)
	}
	if got := s.displayName(i18n.English); got != "Понедельников Сергей, Понедельник, INN 006805224170" {
		t.Errorf("display name %q", got)
	}
}

// TestUnreadableCertificate: a certificate Go refuses (here: version 6)
// leaves the signature readable; the report says which certificate and why.
func TestUnreadableCertificate(t *testing.T) {
	data := corpusFile(t, "signed_a111.pem")
	sd, err := cms.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	raw := sd.Certificates[0].Raw
	i := bytes.Index(raw, []byte{0xa0, 0x03, 0x02, 0x01, 0x02})
	if i < 0 {
		t.Fatal("certificate version not found")
	}
	raw[i+4] = 5
	sd.Certificates[0].Cert, sd.Certificates[0].ParseError = x509.ParseCertificate(raw)
	if sd.Certificates[0].ParseError == nil {
		t.Fatal("the changed certificate still parses")
	}
	sd.Certificates[0].Cert = nil
	r, err := Signed("x.pem", sd, "", nil, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "certificate 1 inside the signature could not be read") {
		t.Errorf("warnings %q", r.Warnings)
	}
	if s := r.Signatures[0]; s.SubIndication != NoSigningCertificateFound {
		t.Errorf("sub-indication %s, want %s", s.SubIndication, NoSigningCertificateFound)
	}
}
