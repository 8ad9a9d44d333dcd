package qualified

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// realCertificateFiles reads the certificates of testdata/gost-corpus (the
// repository's copy of the shared corpus), by file name.
func realCertificateFiles(t testing.TB) map[string]*x509.Certificate {
	t.Helper()
	files, err := filepath.Glob("../testdata/gost-corpus/*.x509.der")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus certificates: %v", err)
	}
	certs := map[string]*x509.Certificate{}
	for _, f := range files {
		der, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c, err := x509.ParseCertificate(der)
		if err != nil {
			continue // svkreml-miniCa__sovremennik_selfsigned: crypto/x509 refuses it
		}
		certs[strings.TrimSuffix(filepath.Base(f), ".x509.der")] = c
	}
	return certs
}

func realCertificates(t testing.TB) []*x509.Certificate {
	var cs []*x509.Certificate
	for _, c := range realCertificateFiles(t) {
		cs = append(cs, c)
	}
	return cs
}

// readPEM reads the first certificate of a PEM file.
func readPEM(t testing.TB, path string) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

// want is the expected outcome of a check that does not pass.
type want struct {
	res    Result
	reason Reason
}

var na = want{res: NotApplicable}

func failed(r Reason) want { return want{Failed, r} }
func warned(r Reason) want { return want{Warning, r} }

// The checks that are not_applicable for each kind of subject with its
// usual numbers.
var (
	naOrganization = map[string]want{CheckOGRNIP: na}
	naPerson       = map[string]want{CheckOGRN: na, CheckOGRNIP: na, CheckINNLE: na}
)

func with(base map[string]want, more map[string]want) map[string]want {
	m := map[string]want{}
	for k, v := range base {
		m[k] = v
	}
	for k, v := range more {
		m[k] = v
	}
	return m
}

// expectChecks asserts that every check passes but those in exp, which
// end as exp says, and that causes are set exactly on failures and warnings.
func expectChecks(t *testing.T, cs Checks, exp map[string]want) {
	t.Helper()
	seen := map[string]bool{}
	for _, c := range cs {
		if seen[c.Name] {
			t.Errorf("check %s twice", c.Name)
		}
		seen[c.Name] = true
		w, ok := exp[c.Name]
		if !ok {
			w = want{res: Passed}
		}
		var e *Error
		hasCause := errors.As(c.Cause, &e)
		switch {
		case c.Result != w.res:
			t.Errorf("%s: %s (%s), want %s", c.Name, c.Result, c.Detail, w.res)
		case (c.Result == Failed || c.Result == Warning) != hasCause:
			t.Errorf("%s: %s with cause %v", c.Name, c.Result, c.Cause)
		case hasCause && (e.Reason != w.reason || e.Check != c.Name || e.Detail != c.Detail):
			t.Errorf("%s: cause %+v, want reason %v", c.Name, e, w.reason)
		}
		if c.Detail == "" {
			t.Errorf("%s: no detail", c.Name)
		}
	}
	for name := range exp {
		if !seen[name] {
			t.Errorf("no check %s", name)
		}
	}
}

// TestOpenSSLCertificates runs the profiles on the certificates of
// testdata/gen.sh (see testdata/README.md).
func TestOpenSSLCertificates(t *testing.T) {
	for _, tc := range []struct {
		name string
		ca   bool
		exp  map[string]want
	}{
		{"ca", true, nil},
		{"ca_poor", true, map[string]want{CheckKeyUsage: failed(KeyUsageBit), CheckIssuerSignTool: failed(Missing),
			CheckIdentificationKind: na}},
		{"ul_ok", false, naOrganization},
		{"ul_no_inn", false, with(naOrganization, map[string]want{CheckINN: failed(Missing)})},
		{"ul_no_person", false, with(naOrganization, map[string]want{CheckINN: warned(NoPerson), CheckSNILS: na})},
		{"ul_cn_person", false, with(naOrganization, map[string]want{CheckCommonName: failed(PersonName)})},
		{"ul_legacy_2020", false, with(naOrganization, map[string]want{CheckINN: na, CheckIdentificationKind: na})},
		{"ul_legacy_2023", false, with(naOrganization, map[string]want{CheckINNLE: warned(LegacyINN), CheckINN: failed(Missing)})},
		{"ip_ok", false, map[string]want{CheckOGRN: na, CheckINNLE: na}},
		{"fl_ok", false, naPerson},
		{"fl_bad_numbers", false, with(naPerson, map[string]want{CheckINN: failed(CheckDigit), CheckSNILS: failed(CheckDigit)})},
		{"fl_utf8_inn", false, with(naPerson, map[string]want{CheckINN: warned(StringType)})},
		{"fl_no_inn", false, with(naPerson, map[string]want{CheckINN: warned(Missing)})},
		{"kind_conflict", false, map[string]want{CheckSubjectKind: failed(KindConflict), CheckINN: na, CheckSNILS: na}},
		{"no_tools", false, with(naPerson, map[string]want{CheckSubjectSignTool: failed(Missing),
			CheckIssuerSignTool: failed(Missing), CheckSignToolClass: failed(Missing), CheckIdentificationKind: warned(Missing)})},
		{"bad_tools", false, with(naPerson, map[string]want{CheckSubjectSignTool: failed(Malformed),
			CheckIssuerSignTool: failed(Malformed), CheckSignToolClass: failed(NoClass), CheckKeyUsage: failed(KeyUsageBit),
			CheckIdentificationKind: failed(Malformed)})},
		{"gost2001_2018", false, with(naPerson, map[string]want{CheckIdentificationKind: na})},
		{"gost2001_2019", false, with(naPerson, map[string]want{CheckIdentificationKind: na,
			CheckCertificateAlgorithm: failed(AlgorithmNotAllowed)})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cert := readPEM(t, filepath.Join("testdata", "certs", tc.name+".pem"))
			if tc.ca {
				expectChecks(t, CAProfile(cert), tc.exp)
			} else {
				expectChecks(t, SignerProfile(cert), tc.exp)
			}
		})
	}
}

// TestCMSFixtures runs the profiles on the certificates of testdata/cms
// (testdata/cms/gen.sh, pki/CERTS.tsv).
func TestCMSFixtures(t *testing.T) {
	for _, tc := range []struct {
		name string
		ca   bool
		exp  map[string]want
	}{
		// root has subjectSignTool only; it and sub were issued in 2018.
		{"root", true, map[string]want{CheckIssuerSignTool: failed(Missing), CheckSignToolClass: failed(Missing),
			CheckIdentificationKind: na}},
		{"sub", true, map[string]want{CheckIdentificationKind: na}},
		// The signers were issued in 2026 without identificationKind; the
		// organisations' certificates have the person's name as their
		// common name.
		{"signer_2012_256", false, with(naOrganization, map[string]want{CheckIdentificationKind: warned(Missing),
			CheckCommonName: failed(PersonName)})},
		{"signer_2012_512", false, map[string]want{CheckOGRN: na, CheckINNLE: na, CheckIdentificationKind: warned(Missing)}},
		{"signer_2001", false, with(naOrganization, map[string]want{CheckIdentificationKind: warned(Missing),
			CheckCommonName: failed(PersonName), CheckCertificateAlgorithm: failed(AlgorithmNotAllowed)})},
		{"signer_expired", false, with(naOrganization, map[string]want{CheckIdentificationKind: na,
			CheckCommonName: failed(PersonName)})},
		{"signer_selfsigned", false, with(naPerson, map[string]want{CheckIssuerSignTool: failed(Missing),
			CheckSignToolClass: failed(Missing), CheckIdentificationKind: warned(Missing)})},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cert := readPEM(t, filepath.Join("..", "testdata", "cms", "pki", tc.name+".pem"))
			if tc.ca {
				expectChecks(t, CAProfile(cert), tc.exp)
			} else {
				expectChecks(t, SignerProfile(cert), tc.exp)
			}
		})
	}
}

// TestRealSigners runs SignerProfile on the end-entity certificates of
// testdata/gost-corpus.
func TestRealSigners(t *testing.T) {
	certs := realCertificateFiles(t)
	for _, tc := range []struct {
		file string
		exp  map[string]want
	}{
		// Казначейство России, 2022: an organisation with the person
		// acting for it (INN and SNILS beside INNLE and OGRN).
		{"misc-embedded__kazna2022_issued_ee_2012_256", naOrganization},
		// ООО "НАЙС СОФТ", 2024, by the ФНС CA.
		{"nicesoft-libksba__gost_test.txt.p7s.embedded1", naOrganization},
		// A person, 2023, by a test CA of Тензор ("ООО Тестовая компания"):
		// the form is complete; the trusted list says it is not qualified.
		{"misc-embedded__sbis_extsdk2_upd_cades_t_2012_256.sgn.embedded1", naPerson},
		// Тензор's timestamping certificate of 2023, issued to a person.
		{"misc-embedded__sbis_tensor_tsa_2023", naPerson},
		// A ViPNet test organisation of 2020: the legacy INN attribute,
		// an OGRN starting with 4 (not an OGRN's first digit).
		{"misc-embedded__gosuslugi-plugin-vipnet__attached_2012_256.p7s.embedded1", with(naOrganization,
			map[string]want{CheckOGRN: warned(Malformed), CheckINN: na, CheckIdentificationKind: na})},
		// CryptoPro's test OCSP responder of 2017: an organisation.
		{"svkreml-miniCa__cryptopro_test_ocsp_operator_2017", with(naOrganization,
			map[string]want{CheckINN: na, CheckSNILS: na, CheckIdentificationKind: na})},
		// pycryptoprosdk's test signer of 2021: an OGRN without INNLE, a
		// placeholder SNILS (its INN 123456789047 happens to be valid), no
		// Russian extensions, GOST R 34.10-2001 in 2021.
		{"keyintegrity-pycryptoprosdk__signatures__doc.txt.sig.2021-11-04.embedded1", with(naOrganization,
			map[string]want{CheckINNLE: failed(Missing), CheckSNILS: failed(CheckDigit),
				CheckSubjectSignTool: failed(Missing), CheckIssuerSignTool: failed(Missing), CheckSignToolClass: failed(Missing),
				CheckIdentificationKind: warned(Missing), CheckCertificateAlgorithm: failed(AlgorithmNotAllowed)})},
		// libksba's test leaf: a policy that is not a class, no SNILS.
		{"nicesoft-libksba__gost_certs2__leaf_gost_tk26", with(naPerson, map[string]want{
			CheckINN: warned(Missing), CheckSNILS: failed(Missing), CheckSubjectSignTool: failed(Missing),
			CheckIssuerSignTool: failed(Missing), CheckSignToolClass: failed(NoClass), CheckIdentificationKind: warned(Missing)})},
	} {
		t.Run(tc.file, func(t *testing.T) {
			cert := certs[tc.file]
			if cert == nil {
				t.Fatalf("%s not in testdata/gost-corpus", tc.file)
			}
			expectChecks(t, SignerProfile(cert), tc.exp)
		})
	}
}

// TestRealCAs runs CAProfile on every CA certificate of the accredited CAs
// and roots in testdata/gost-corpus: each passes (identificationKind is
// not_applicable before 2021-09-01), and the test CAs do not.
func TestRealCAs(t *testing.T) {
	certs := realCertificateFiles(t)
	n := 0
	for name, cert := range certs {
		real := strings.HasPrefix(name, "schors-gost-russian-ca__") ||
			name == "keyintegrity-pycryptoprosdk__certs__guc" || // ГУЦ, 2012
			name == "keyintegrity-pycryptoprosdk__certs__kazna" || // Федеральное казначейство, 2018
			name == "keyintegrity-pycryptoprosdk__certs__uc_1_is_guc" || // УЦ 1 ИС ГУЦ, 2012
			name == "nicesoft-libksba__user_gost" // УЦ 1 ИС ГУЦ, 2016
		if !real {
			continue
		}
		n++
		t.Run(name, func(t *testing.T) {
			exp := map[string]want{}
			if cert.NotBefore.Before(Order31) {
				exp[CheckIdentificationKind] = na
			}
			expectChecks(t, CAProfile(cert), exp)
		})
	}
	if n < 80 {
		t.Errorf("only %d real CA certificates", n)
	}
	t.Run("CryptoPro test CA", func(t *testing.T) {
		cert := certs["svkreml-miniCa__cryptopro_test_ca_2018"]
		expectChecks(t, CAProfile(cert), map[string]want{CheckOGRN: failed(CheckDigit), CheckINNLE: failed(CheckDigit),
			CheckIdentificationKind: na})
	})
	t.Run("Russian Trusted Root CA", func(t *testing.T) {
		cert := certs["nicesoft-libksba__russian_trusted__Russian_Trusted_Root_CA"]
		expectChecks(t, CAProfile(cert), map[string]want{CheckSubjectKind: failed(Missing), CheckOGRN: na, CheckINNLE: na,
			CheckSubjectSignTool: failed(Missing), CheckIssuerSignTool: failed(Missing), CheckSignToolClass: failed(Missing),
			CheckIdentificationKind: warned(Missing), CheckCertificateAlgorithm: failed(AlgorithmNotAllowed)})
	})
}

func TestKindOf(t *testing.T) {
	for name, want := range map[string]Kind{
		"ul_ok": Organization, "ul_legacy_2020": Organization, "ul_no_person": Organization,
		"ip_ok": Entrepreneur, "fl_ok": Person, "no_tools": Person, "kind_conflict": UnknownKind,
	} {
		if got := KindOf(readPEM(t, filepath.Join("testdata", "certs", name+".pem"))); got != want {
			t.Errorf("%s: KindOf = %v, want %v", name, got, want)
		}
	}
	if Organization.String() != "organisation (ЮЛ)" || UnknownKind.String() != "unknown" {
		t.Errorf("names: %v, %v", Organization, UnknownKind)
	}
}

func TestChecks(t *testing.T) {
	cs := SignerProfile(readPEM(t, filepath.Join("testdata", "certs", "bad_tools.pem")))
	if cs.Result() != Failed {
		t.Fatalf("Result = %s", cs.Result())
	}
	err := cs.Err()
	var e *Error
	if !errors.As(err, &e) || e.Check != CheckSubjectSignTool || e.Reason != Malformed {
		t.Fatalf("Err = %v; the first cause is %+v", err, e)
	}
	var pe *ParseError
	if !errors.As(e, &pe) || pe.Extension != "subjectSignTool" {
		t.Errorf("the cause does not wrap the *ParseError: %v", e.Err)
	}
	if causes := err.(interface{ Unwrap() []error }).Unwrap(); len(causes) != 5 {
		t.Errorf("%d causes, want 5: %v", len(causes), err)
	}
	if !strings.HasPrefix(e.Error(), "qualified: SUBJECT_SIGN_TOOL: ") {
		t.Errorf("message %q", e.Error())
	}
	if c, ok := cs.Get(CheckKeyUsage); !ok || c.Result != Failed {
		t.Errorf("Get(KEY_USAGE) = %+v, %v", c, ok)
	}
	ok := SignerProfile(readPEM(t, filepath.Join("testdata", "certs", "fl_ok.pem")))
	if ok.Result() != Passed || ok.Err() != nil {
		t.Errorf("fl_ok: %s, %v", ok.Result(), ok.Err())
	}
	if (Checks{}).Result() != NotApplicable {
		t.Error("no checks should be not_applicable")
	}
	warn := SignerProfile(readPEM(t, filepath.Join("testdata", "certs", "fl_no_inn.pem")))
	if warn.Result() != Warning || warn.Err() != nil {
		t.Errorf("fl_no_inn: %s, %v", warn.Result(), warn.Err())
	}
}

// TestUnreadable runs the profiles on certificates crypto/x509 would not
// make: a subject that is not DER, and nothing at all.
func TestUnreadable(t *testing.T) {
	cert := &x509.Certificate{RawSubject: []byte{0x30, 0x03, 0x31, 0x01, 0x30}}
	unread := map[string]want{CheckSubjectKind: failed(Malformed), CheckOGRN: na, CheckOGRNIP: na, CheckINNLE: na,
		CheckINN: na, CheckSNILS: na, CheckCommonName: na,
		CheckSubjectSignTool: failed(Missing), CheckIssuerSignTool: failed(Missing), CheckSignToolClass: failed(Missing),
		CheckKeyUsage: failed(KeyUsageBit), CheckIdentificationKind: na, CheckCertificateAlgorithm: failed(Malformed)}
	expectChecks(t, SignerProfile(cert), unread)
	if KindOf(cert) != UnknownKind {
		t.Error("KindOf an unreadable subject")
	}
	ca := map[string]want{CheckSubjectKind: failed(Malformed), CheckBasicConstraints: failed(NotCA), CheckOGRN: na,
		CheckINNLE: na, CheckSubjectSignTool: failed(Missing), CheckIssuerSignTool: failed(Missing),
		CheckSignToolClass: failed(Missing), CheckKeyUsage: failed(KeyUsageBit), CheckIdentificationKind: na,
		CheckCertificateAlgorithm: failed(Malformed)}
	expectChecks(t, CAProfile(cert), ca)
	// The zero certificate: an empty subject is a person with nothing.
	empty := SignerProfile(&x509.Certificate{})
	if c, _ := empty.Get(CheckSubjectKind); c.Result != Failed {
		t.Errorf("zero certificate: %+v", c)
	}
}
