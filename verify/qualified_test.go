package verify

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/qualified"
	"github.com/gostverify/gostverify/tsl"
)

// The qualified status as verify decides it, on the fixtures of
// testdata/qualified (its gen.sh, with OpenSSL + gost-engine, xmllint and
// faketime): CAdES-BES signatures of doc.txt by signers of "УЦ Тест-795"
// (ca.pem, under root.pem), and signed editions of the Минцифры list in the
// real schema that name that CA with different histories, or not at all.
// The signatures carry no timestamp, so the best-signature-time is the
// validation time: the claimed signing time proves nothing.
const qualifiedDir = "../testdata/qualified"

// The CA as the lists name it.
const (
	testCAName = `ООО "УЦ Тест-795" (тестовые данные)`
	testCAINN  = "7700007950"
	testCAOGRN = "1027700007950"
)

// qualifiedRoot is the anchor of the test PKI and of the lists' signer.
var qualifiedRoot = filepath.Join(qualifiedDir, "pki/root.pem")

var msk = time.FixedZone("MSK", 3*60*60)

func mskDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, msk) }

type qualifiedPKI struct {
	roots *chain.Store
	ca    []*x509.Certificate
}

func loadQualifiedPKI(t testing.TB) *qualifiedPKI {
	t.Helper()
	roots, err := chain.LoadStore([]string{qualifiedRoot})
	if err != nil {
		t.Fatal(err)
	}
	ca, err := chain.LoadCertificates(filepath.Join(qualifiedDir, "pki/ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return &qualifiedPKI{roots: roots, ca: ca}
}

// listSignerTo is the check of the list's signer a command makes
// (tsl.Options.VerifySigner): a path to root at the time at.
func listSignerTo(root string, at time.Time) func(*x509.Certificate, []*x509.Certificate) error {
	return func(signer *x509.Certificate, others []*x509.Certificate) error {
		store, err := chain.LoadStore([]string{root})
		if err != nil {
			return err
		}
		var cands []chain.Candidate
		for _, c := range others {
			cands = append(cands, chain.Candidate{Cert: c, Source: "list signature"})
		}
		return chain.Build(signer, chain.Options{Roots: store, Intermediates: cands, Time: at}).Err
	}
}

// readQualifiedList reads testdata/qualified/name as a command does: its
// signature checked and its signer's path to root.pem built at at.
func readQualifiedList(t *testing.T, name string, at time.Time) *tsl.List {
	t.Helper()
	l, err := tsl.Read(mustRead(t, filepath.Join(qualifiedDir, name)), tsl.Options{VerifySigner: listSignerTo(qualifiedRoot, at)})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if l.Signature == nil || l.SignatureErr != nil {
		t.Fatalf("%s: signature %v, error %v", name, l.Signature, l.SignatureErr)
	}
	return l
}

// verifyQualified verifies testdata/qualified/sig against doc.txt at at
// with opts, revocation off: the test PKI has no CRLs or OCSP, and the
// qualified status does not depend on them.
func verifyQualified(t *testing.T, sig string, at time.Time, opts Options) (*Report, SignatureReport) {
	t.Helper()
	opts.Time, opts.RevocationOff = at, true
	data := mustRead(t, filepath.Join(qualifiedDir, sig))
	doc := mustRead(t, filepath.Join(qualifiedDir, "doc.txt"))
	r, err := New(opts).Verify(context.Background(), Input{Name: sig, Data: data, Document: bytesDocument("doc.txt", doc)})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Signatures) != 1 {
		t.Fatalf("%s: %d signatures", sig, len(r.Signatures))
	}
	return r, r.Signatures[0]
}

func qualifiedCheck(q *Qualification, name string) (QualifiedCheck, bool) {
	for _, c := range q.Checks {
		if c.Name == name {
			return c, true
		}
	}
	return QualifiedCheck{}, false
}

func failedChecks(q *Qualification) []string {
	var out []string
	for _, c := range q.Checks {
		if c.Result == string(qualified.Failed) {
			out = append(out, c.Name)
		}
	}
	return out
}

// wantCA is the CA a verdict names: the list's name and numbers, with the
// list's verdict and the status entry in force then.
func wantCA(status, text string, since time.Time) *QualifiedCA {
	return &QualifiedCA{Name: testCAName, INN: testCAINN, OGRN: testCAOGRN, Status: status, StatusText: text, StatusSince: &since}
}

// caString says all of a QualifiedCA, its time in UTC.
func caString(c *QualifiedCA) string {
	since := "-"
	if c.StatusSince != nil {
		since = c.StatusSince.UTC().Format(time.RFC3339)
	}
	return fmt.Sprintf("{%q INN %s OGRN %s: %s, %q since %s}", c.Name, c.INN, c.OGRN, c.Status, c.StatusText, since)
}

// checkQualification compares q with what a case wants.
func checkQualification(t *testing.T, q *Qualification, at time.Time, status, accredited string, failed []string,
	ca *QualifiedCA, version int64, note i18n.Message) {
	t.Helper()
	if q == nil {
		t.Fatal("no qualified status")
	}
	if q.Status != status {
		t.Errorf("status %q, want %q (%s)", q.Status, status, q.Reason)
	}
	if q.note.Message != note {
		t.Errorf("reason %q, want %q", q.note.Message, note)
	}
	if q.At == nil || !q.At.Equal(at) {
		t.Errorf("decided at %v, want %v", q.At, at)
	}
	c, ok := qualifiedCheck(q, CheckCAAccredited)
	if !ok || c.Result != accredited {
		t.Errorf("%s: %q (%s), want %q", CheckCAAccredited, c.Result, c.Detail, accredited)
	}
	if got := failedChecks(q); !slices.Equal(got, failed) {
		t.Errorf("failed checks %v, want %v", got, failed)
		for _, c := range q.Checks {
			t.Logf("  %s %s: %s", c.Name, c.Result, c.Detail)
		}
	}
	switch {
	case ca == nil && q.CA != nil:
		t.Errorf("CA %s, want none", caString(q.CA))
	case ca != nil && q.CA == nil:
		t.Errorf("no CA, want %s", caString(ca))
	case ca != nil && caString(q.CA) != caString(ca):
		t.Errorf("CA %s, want %s", caString(q.CA), caString(ca))
	}
	switch {
	case version == 0 && q.List != nil:
		t.Errorf("list %+v, want none", *q.List)
	case version != 0 && (q.List == nil || q.List.Version != version):
		t.Errorf("list %+v, want version %d", q.List, version)
	case q.List != nil && !q.List.Unverified && (q.List.SignedBy == "" || q.List.SignatureCheckedAt == nil):
		t.Errorf("list %+v: who signed it and when that was checked are not said", *q.List)
	case q.List != nil && q.List.Unverified && (q.List.SignedBy != "" || q.List.SignatureCheckedAt != nil):
		t.Errorf("list %+v: an unverified list named as signed", *q.List)
	}
}

// TestQualifiedListCheckedAt: a list stored by tsl update and read back
// on its mark (tsl.ReadStored, from its index) says when its signature
// was checked — at the update — and who signed it.
func TestQualifiedListCheckedAt(t *testing.T) {
	p := loadQualifiedPKI(t)
	at := time.Date(2025, 3, 15, 12, 0, 0, 0, time.UTC)
	updated := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	v1 := mustRead(t, filepath.Join(qualifiedDir, "list_v1.xml"))
	opts := tsl.Options{VerifySigner: listSignerTo(qualifiedRoot, at)}
	l, err := tsl.Read(v1, opts)
	if err != nil {
		t.Fatal(err)
	}
	anchors := tsl.AnchorsDigest(nil)
	if _, err := tsl.StoreVerified(dir, v1, l, anchors, updated); err != nil {
		t.Fatal(err)
	}
	stored, how, err := tsl.ReadStored(dir, anchors, opts)
	if err != nil || how != tsl.ReadIndexed {
		t.Fatalf("read %v: %v", how, err)
	}
	_, s := verifyQualified(t, "sig_after_end.sig", at, Options{Roots: p.roots, Certificates: p.ca, TSL: stored})
	li := s.Qualified.List
	if li == nil || li.SignatureCheckedAt == nil || !li.SignatureCheckedAt.Equal(updated) || li.SignedBy != l.Signature.Subject || li.SignedBy == "" {
		t.Fatalf("list %+v", li)
	}
	if s.Qualified.Status != StatusQualified {
		t.Fatalf("status %s from the index", s.Qualified.Status)
	}
}

// TestQualifiedStatus: each signature, list and validation time, and what
// verify decides: the status, the CA_ACCREDITED check, the checks that
// failed, the CA as the list names it and the list's version.
func TestQualifiedStatus(t *testing.T) {
	p := loadQualifiedPKI(t)
	var (
		june2024 = time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC) // the signer's certificate: 2024-03-01 to 2025-06-01
		oct2024  = time.Date(2024, 10, 1, 12, 0, 0, 0, time.UTC)
		dec2024  = time.Date(2024, 12, 1, 12, 0, 0, 0, time.UTC)
		jan2025  = time.Date(2025, 1, 20, 12, 0, 0, 0, time.UTC)
		mar2025  = time.Date(2025, 3, 15, 12, 0, 0, 0, time.UTC)
	)
	active := mskDate(2021, 8, 2)
	cases := []struct {
		name       string
		sig, list  string
		at         time.Time
		roots      string // "" root.pem; "none" no anchors; else a file
		status     string
		accredited qualified.Result
		failed     []string
		ca         *QualifiedCA
		version    int64
		note       i18n.Message
	}{
		// Accredited (Действует since 2021-08-02) when the certificate was
		// issued (2024-03-01) and at the signature's time.
		{name: "accredited", sig: "sig.sig", list: "list_v1.xml", at: june2024,
			status: StatusQualified, accredited: qualified.Passed,
			ca: wantCA("accredited", "Действует", active), version: 101, note: i18n.QualifiedYes},
		// Edition 2 ends the accreditation on 2025-02-01: before that, still
		// accredited.
		{name: "v2 before the end", sig: "sig.sig", list: "list_v2.xml", at: jan2025,
			status: StatusQualified, accredited: qualified.Passed,
			ca: wantCA("accredited", "Действует", active), version: 102, note: i18n.QualifiedYes},
		// Signed (2025-03-10) after the accreditation ended.
		{name: "ended before signing", sig: "sig_after_end.sig", list: "list_v2.xml", at: mar2025,
			status: StatusNotQualified, accredited: qualified.Failed, failed: []string{CheckCAAccredited},
			ca: wantCA("accreditation_ended", "Прекращена", mskDate(2025, 2, 1)), version: 102, note: i18n.QualifiedNotAccredited},
		// Signed (claimed 2024-06-10) while accredited, but nothing proves
		// it existed before the end: judged at the validation time.
		{name: "ended, claimed time before", sig: "sig.sig", list: "list_v2.xml", at: mar2025,
			status: StatusNotQualified, accredited: qualified.Failed, failed: []string{CheckCAAccredited},
			ca: wantCA("accreditation_ended", "Прекращена", mskDate(2025, 2, 1)), version: 102, note: i18n.QualifiedNotAccredited},
		// The first edition does not know of the end.
		{name: "v1 after the end", sig: "sig_after_end.sig", list: "list_v1.xml", at: mar2025,
			status: StatusQualified, accredited: qualified.Passed,
			ca: wantCA("accredited", "Действует", active), version: 101, note: i18n.QualifiedYes},
		// Приостановлена from 2024-09-02, Действует again from 2024-11-05.
		{name: "suspended", sig: "sig.sig", list: "list_suspended.xml", at: oct2024,
			status: StatusNotQualified, accredited: qualified.Failed, failed: []string{CheckCAAccredited},
			ca: wantCA("suspended", "Приостановлена", mskDate(2024, 9, 2)), version: 201, note: i18n.QualifiedNotAccredited},
		{name: "restored", sig: "sig.sig", list: "list_suspended.xml", at: dec2024,
			status: StatusQualified, accredited: qualified.Passed,
			ca: wantCA("accredited", "Действует", mskDate(2024, 11, 5)), version: 201, note: i18n.QualifiedYes},
		// The list names only УЦ Другой.
		{name: "CA not in the list", sig: "sig.sig", list: "list_absent.xml", at: june2024,
			status: StatusNotQualified, accredited: qualified.Failed, failed: []string{CheckCAAccredited},
			version: 301, note: i18n.QualifiedNotAccredited},
		// Accredited from 2024-05-01, after it issued the certificate
		// (2024-03-01): 63-ФЗ as amended in 2021.
		{name: "accredited after issuance", sig: "sig.sig", list: "list_late.xml", at: june2024,
			status: StatusNotQualified, accredited: qualified.Failed, failed: []string{CheckCAAccredited},
			ca: wantCA("not_accredited_at_issuance", "Действует", mskDate(2024, 5, 1)), version: 401, note: i18n.QualifiedNotAccredited},
		// A GOST R 34.10-2001 key certified in 2024 and a 2001 signature
		// with no proof of existence before 2020; the CA is accredited.
		{name: "GOST 2001", sig: "sig_2001.sig", list: "list_v1.xml", at: june2024,
			status: StatusNotQualified, accredited: qualified.Passed,
			failed: []string{qualified.CheckCertificateAlgorithm, qualified.CheckSignatureAlgorithm},
			ca:     wantCA("accredited", "Действует", active), version: 101, note: i18n.QualifiedProfileFailed},
		// The signer's SNILS has a wrong check digit.
		{name: "profile failure", sig: "sig_bad_profile.sig", list: "list_v1.xml", at: june2024,
			status: StatusNotQualified, accredited: qualified.Passed, failed: []string{qualified.CheckSNILS},
			ca: wantCA("accredited", "Действует", active), version: 101, note: i18n.QualifiedProfileFailed},
		// ... which decides without a list too.
		{name: "profile failure, no list", sig: "sig_bad_profile.sig", at: june2024,
			status: StatusNotQualified, accredited: qualified.NotApplicable, failed: []string{qualified.CheckSNILS},
			note: i18n.QualifiedProfileFailed},
		{name: "no list", sig: "sig.sig", at: june2024,
			status: StatusUnknown, accredited: qualified.NotApplicable, note: i18n.QualifiedNoList},
		// No path to an anchor: the issuing CA is not known, whatever the
		// list says.
		{name: "no chain: other anchor", sig: "sig.sig", list: "list_v1.xml", at: june2024, roots: "../testdata/cms/pki/root.pem",
			status: StatusUnknown, accredited: qualified.NotApplicable, note: i18n.QualifiedNoPath},
		{name: "no chain: no anchors", sig: "sig.sig", list: "list_v1.xml", at: june2024, roots: "none",
			status: StatusUnknown, accredited: qualified.NotApplicable, note: i18n.QualifiedNoPath},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Roots: p.roots, Certificates: p.ca}
			if tc.list != "" {
				opts.TSL = readQualifiedList(t, tc.list, tc.at)
			}
			wantStatus := Valid
			if tc.sig == "sig_2001.sig" {
				// The default policy: a 2001 signature with no proof of
				// existence before 2020 (CRYPTO_CONSTRAINTS_FAILURE_NO_POE).
				wantStatus = Indeterminate
			}
			switch tc.roots {
			case "":
			case "none":
				opts.Roots = nil
				wantStatus = Indeterminate
			default:
				store, err := chain.LoadStore([]string{tc.roots})
				if err != nil {
					t.Fatal(err)
				}
				opts.Roots = store
				wantStatus = Indeterminate
			}
			r, s := verifyQualified(t, tc.sig, tc.at, opts)
			if r.Policy != PolicyQualified {
				t.Errorf("report policy %q, want %q", r.Policy, PolicyQualified)
			}
			checkSignatureStatus(t, s, wantStatus)
			checkQualification(t, s.Qualified, tc.at, tc.status, string(tc.accredited), tc.failed, tc.ca, tc.version, tc.note)
		})
	}
}

func checkSignatureStatus(t *testing.T, s SignatureReport, want Status) {
	t.Helper()
	if s.Status != want {
		t.Errorf("signature %s %s (%s), want %s", s.Status, s.SubIndication, s.Reason, want)
	}
}

// TestQualifiedPolicyBasic: the basic policy leaves the qualified status
// out and the report names the policy; the default decides it.
func TestQualifiedPolicyBasic(t *testing.T) {
	p := loadQualifiedPKI(t)
	at := time.Date(2024, 6, 20, 12, 0, 0, 0, time.UTC)
	list := readQualifiedList(t, "list_v1.xml", at)
	for _, tc := range []struct {
		policy    Policy
		want      Policy
		qualified bool
	}{
		{"", PolicyQualified, true},
		{PolicyQualified, PolicyQualified, true},
		{PolicyBasic, PolicyBasic, false},
	} {
		r, s := verifyQualified(t, "sig.sig", at, Options{Roots: p.roots, Certificates: p.ca, TSL: list, Policy: tc.policy})
		if r.Policy != tc.want {
			t.Errorf("policy %q: report policy %q, want %q", tc.policy, r.Policy, tc.want)
		}
		checkSignatureStatus(t, s, Valid)
		switch {
		case tc.qualified && (s.Qualified == nil || s.Qualified.Status != StatusQualified):
			t.Errorf("policy %q: qualified %+v, want %q", tc.policy, s.Qualified, StatusQualified)
		case !tc.qualified && s.Qualified != nil:
			t.Errorf("policy %q: qualified %+v, want none", tc.policy, *s.Qualified)
		}
	}
}

func wantListRefused(t *testing.T, err error, want tsl.SignatureReason) {
	t.Helper()
	var se *tsl.SignatureError
	if !errors.As(err, &se) || se.Reason != want {
		t.Fatalf("error %v, want a list signature error %q", err, want)
	}
}

// TestQualifiedListSignature: a list whose signature does not hold, or
// whose signer does not lead to the expected root, is refused; verify
// then has no list, and the status is unknown. The forged edition would
// have made the CA accredited again (its Прекращена made Действует).
// An unsigned list is refused too, and accepted only when told to.
func TestQualifiedListSignature(t *testing.T) {
	p := loadQualifiedPKI(t)
	at := time.Date(2025, 3, 15, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		file, root string
		want       tsl.SignatureReason
	}{
		{"list_badsig.xml", qualifiedRoot, tsl.BadSignature},
		{"list_forged.xml", qualifiedRoot, tsl.DigestMismatch},
		{"list_unsigned.xml", qualifiedRoot, tsl.Unsigned},
		{"list_v1.xml", "../testdata/cms/pki/root.pem", tsl.SignerRejected},
	} {
		t.Run(tc.file, func(t *testing.T) {
			l, err := tsl.Read(mustRead(t, filepath.Join(qualifiedDir, tc.file)), tsl.Options{VerifySigner: listSignerTo(tc.root, at)})
			if l != nil {
				t.Errorf("a list: version %d", l.Version)
			}
			wantListRefused(t, err, tc.want)
			// What a run gets when the list is refused: no list.
			_, s := verifyQualified(t, "sig_after_end.sig", at, Options{Roots: p.roots, Certificates: p.ca, TSL: l})
			checkQualification(t, s.Qualified, at, StatusUnknown, string(qualified.NotApplicable), nil, nil, 0, i18n.QualifiedNoList)
		})
	}

	// The unsigned list accepted anyway (a command must warn): it says
	// why in SignatureErr, and verify uses what it says.
	l, err := tsl.Read(mustRead(t, filepath.Join(qualifiedDir, "list_unsigned.xml")),
		tsl.Options{VerifySigner: listSignerTo(qualifiedRoot, at), AcceptUnsignedList: true})
	if err != nil {
		t.Fatal(err)
	}
	if l.Signature != nil || l.Version != 101 {
		t.Errorf("signature %v, version %d", l.Signature, l.Version)
	}
	wantListRefused(t, l.SignatureErr, tsl.Unsigned)
	_, s := verifyQualified(t, "sig_after_end.sig", at, Options{Roots: p.roots, Certificates: p.ca, TSL: l})
	checkQualification(t, s.Qualified, at, StatusQualified, string(qualified.Passed), nil,
		wantCA("accredited", "Действует", mskDate(2021, 8, 2)), 101, i18n.QualifiedYes)
	// Every answer from such a list says it was not verified.
	warned := false
	for _, c := range s.Qualified.Checks {
		warned = warned || c.Name == CheckListSignature && c.Result == string(qualified.Warning)
	}
	if !s.Qualified.List.Unverified || !warned {
		t.Errorf("list %+v, checks %+v: want the unverified list said", s.Qualified.List, s.Qualified.Checks)
	}
}

// TestQualifiedListReplaced: the second edition replaces the first in a
// cache (tsl.Store), the first cannot come back, and a run given the
// cached list decides by the edition in force: the accreditation that v2
// ends on 2025-02-01 makes the same signature, at the same time, not
// qualified.
func TestQualifiedListReplaced(t *testing.T) {
	p := loadQualifiedPKI(t)
	at := time.Date(2025, 3, 15, 12, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	v1 := mustRead(t, filepath.Join(qualifiedDir, "list_v1.xml"))
	v2 := mustRead(t, filepath.Join(qualifiedDir, "list_v2.xml"))
	cached := func() *tsl.List {
		t.Helper()
		c, err := tsl.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		l, err := tsl.Read(c.Data, tsl.Options{VerifySigner: listSignerTo(qualifiedRoot, at)})
		if err != nil {
			t.Fatal(err)
		}
		if l.Version != c.Version {
			t.Fatalf("cached version %d, list %d", c.Version, l.Version)
		}
		return l
	}
	run := func() *Qualification {
		t.Helper()
		_, s := verifyQualified(t, "sig_after_end.sig", at, Options{Roots: p.roots, Certificates: p.ca, TSL: cached()})
		return s.Qualified
	}

	if _, err := tsl.Store(dir, v1); err != nil {
		t.Fatal(err)
	}
	checkQualification(t, run(), at, StatusQualified, string(qualified.Passed), nil,
		wantCA("accredited", "Действует", mskDate(2021, 8, 2)), 101, i18n.QualifiedYes)

	if _, err := tsl.Store(dir, v2); err != nil {
		t.Fatal(err)
	}
	ended := wantCA("accreditation_ended", "Прекращена", mskDate(2025, 2, 1))
	checkQualification(t, run(), at, StatusNotQualified, string(qualified.Failed), []string{CheckCAAccredited},
		ended, 102, i18n.QualifiedNotAccredited)

	_, err := tsl.Store(dir, v1)
	var stale *tsl.StaleError
	if !errors.As(err, &stale) || stale.Stored.Version != 102 || stale.New.Version != 101 {
		t.Fatalf("storing v1 over v2: %v", err)
	}
	checkQualification(t, run(), at, StatusNotQualified, string(qualified.Failed), []string{CheckCAAccredited},
		ended, 102, i18n.QualifiedNotAccredited)
}

// TestGOST2001Policy: under the default policy a GOST R 34.10-2001
// signature judged after 2019 with no proof of existence before 2020 is
// CRYPTO_CONSTRAINTS_FAILURE_NO_POE; judged at a time before 2020 (--at)
// it is not; the basic policy does not apply the rule.
func TestGOST2001Policy(t *testing.T) {
	data := mustRead(t, "../testdata/cms/contract.txt.attached_2001.sig")
	roots, sub := cmsTrust(t, "../testdata/cms/pki")
	for _, c := range []struct {
		name   string
		policy Policy
		at     time.Time
		want   SubIndication
	}{
		{"qualified, now", "", time.Time{}, CryptoConstraintsFailureNoPOE},
		{"basic, now", PolicyBasic, time.Time{}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := File("contract.sig", data, "", nil, Options{Roots: roots, Certificates: sub, RevocationOff: true, Policy: c.policy, Time: c.at})
			if err != nil {
				t.Fatal(err)
			}
			s := r.Signatures[0]
			if s.SubIndication != c.want {
				t.Errorf("%s %s (%s), want %q", s.Status, s.SubIndication, s.Reason, c.want)
			}
			var ae *AlgorithmError
			if c.want != "" && (!errors.As(s.Cause, &ae) || !strings.Contains(s.Reason, "GOST R 34.10-2001")) {
				t.Errorf("cause %T, reason %q", s.Cause, s.Reason)
			}
		})
	}
}
