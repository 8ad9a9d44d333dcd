package tsl

import (
	"crypto/x509"
	"sync"
	"testing"
	"time"
)

func readList(t testing.TB, name string) *List {
	t.Helper()
	l, err := Read(readFile(t, "testdata/"+name), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestCheckFixtures: the cases of testdata/gen.sh, judged as a verifier
// would, with the signers' certificates of the test PKIs.
func TestCheckFixtures(t *testing.T) {
	v1, v2 := readList(t, "list_v1.xml"), readList(t, "list_v2.xml")
	sub := loadCert(t, "../testdata/cms/pki/sub.pem")            // Альфа
	cadesCA := loadCert(t, "../testdata/cades/pki/ca.pem")       // Бета
	cadesRoot := loadCert(t, "../testdata/cades/pki/root.pem")   // Гамма, by key identifier
	cmsRoot := loadCert(t, "../testdata/cms/pki/root.pem")       // Дельта
	other := loadCert(t, "../testdata/cades/pki/other_root.pem") // not in the list
	alphaSigner := loadCert(t, "../testdata/cms/pki/signer_2012_256.pem").NotBefore
	betaSigner := loadCert(t, "../testdata/cades/pki/signer.pem").NotBefore
	tests := []struct {
		name   string
		list   *List
		ca     *x509.Certificate
		q      Query
		want   Reason
		by     MatchKind
		caName string
	}{
		{"accredited at signing time", v1, sub, Query{At: date("2026-12-01T12:00:00Z"), Issued: alphaSigner}, Accredited, ByCertificate, "Альфа"},
		{"without the issuance rule", v1, sub, Query{At: date("2026-12-01T12:00:00Z")}, Accredited, ByCertificate, "Альфа"},
		{"before the first accreditation", v1, sub, Query{At: date("2020-01-01T00:00:00Z")}, NotYetAccredited, ByCertificate, "Альфа"},
		{"the second edition: ended since", v2, sub, Query{At: date("2027-03-01T00:00:00Z"), Issued: alphaSigner}, AccreditationEnded, ByCertificate, "Альфа"},
		{"the first edition did not know", v1, sub, Query{At: date("2027-03-01T00:00:00Z"), Issued: alphaSigner}, Accredited, ByCertificate, "Альфа"},
		{"the second edition: before the end", v2, sub, Query{At: date("2027-01-31T20:59:59Z"), Issued: alphaSigner}, Accredited, ByCertificate, "Альфа"},
		{"the second edition: at the end", v2, sub, Query{At: date("2027-01-31T21:00:00Z"), Issued: alphaSigner}, AccreditationEnded, ByCertificate, "Альфа"},
		{"accreditation ended before signing", v1, cadesCA, Query{At: date("2026-12-10T00:00:00Z"), Issued: betaSigner}, AccreditationEnded, ByCertificate, "Бета"},
		{"accredited before the end", v1, cadesCA, Query{At: date("2026-09-01T00:00:00Z"), Issued: date("2026-08-01T00:00:00Z")}, Accredited, ByCertificate, "Бета"},
		{"issued after the end", v1, cadesCA, Query{At: date("2026-09-01T00:00:00Z"), Issued: betaSigner}, NotAccreditedAtIssuance, ByCertificate, "Бета"},
		{"key certificate expired", v1, cadesCA, Query{At: date("2032-01-01T00:00:00Z")}, KeyNotValid, ByCertificate, "Бета"},
		{"suspended", v1, cadesRoot, Query{At: date("2026-04-01T00:00:00Z"), Issued: date("2026-01-10T00:00:00Z")}, Suspended, ByKeyID, "Гамма"},
		{"restored", v1, cadesRoot, Query{At: date("2026-07-01T00:00:00Z"), Issued: date("2026-06-15T00:00:00Z")}, Accredited, ByKeyID, "Гамма"},
		{"issued while suspended", v1, cadesRoot, Query{At: date("2026-07-01T00:00:00Z"), Issued: date("2026-04-15T00:00:00Z")}, NotAccreditedAtIssuance, ByKeyID, "Гамма"},
		{"old rules", v1, cmsRoot, Query{At: date("2026-12-01T00:00:00Z"), Issued: alphaSigner}, OldRules, ByCertificate, "Дельта"},
		{"old rules, certificate before 2021-07-01", v1, cmsRoot, Query{At: date("2021-03-01T00:00:00Z"), Issued: date("2021-02-01T00:00:00Z")}, Accredited, ByCertificate, "Дельта"},
		{"issued at 2021-07-01 Moscow", v1, cmsRoot, Query{At: date("2021-08-01T00:00:00Z"), Issued: date("2021-06-30T21:00:00Z")}, OldRules, ByCertificate, "Дельта"},
		{"issued just before", v1, cmsRoot, Query{At: date("2021-08-01T00:00:00Z"), Issued: date("2021-06-30T20:59:59Z")}, Accredited, ByCertificate, "Дельта"},
		{"not in the list", v1, other, Query{At: date("2026-12-01T00:00:00Z")}, NotInList, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := tc.list.Check(tc.ca, tc.q)
			if v.Reason != tc.want {
				t.Fatalf("reason %v (%s), want %v", v.Reason, v, tc.want)
			}
			if v.Accredited() != (tc.want == Accredited) {
				t.Error("Accredited() disagrees")
			}
			if v.Match.By != tc.by {
				t.Errorf("matched by %v, want %v", v.Match.By, tc.by)
			}
			if tc.caName != "" && v.Match.CA.ShortName != "УЦ "+tc.caName {
				t.Errorf("CA %q", v.Match.CA.ShortName)
			}
			if v.String() == "" || v.Reason.String() == "unknown" {
				t.Error("no words")
			}
		})
	}
}

// TestFind: the places of a CA certificate in the list.
func TestFind(t *testing.T) {
	l := readList(t, "list_v1.xml")
	sub := loadCert(t, "../testdata/cms/pki/sub.pem")
	m := l.Find(sub)
	if len(m) != 1 || m[0].By != ByCertificate || m[0].Certificate == nil || m[0].CA != l.CAs[0] ||
		m[0].Complex != l.CAs[0].Complexes[0] || m[0].Key != l.CAs[0].Complexes[0].Keys[0] {
		t.Fatalf("%+v", m)
	}
	root := loadCert(t, "../testdata/cades/pki/root.pem")
	m = l.Find(root)
	if len(m) != 1 || m[0].By != ByKeyID || m[0].Certificate != nil || m[0].CA != l.CAs[2] {
		t.Fatalf("%+v", m)
	}
	// The reissued certificate itself is found as itself.
	m = l.Find(loadCert(t, "testdata/pki/cades_root_reissued.pem"))
	if len(m) != 1 || m[0].By != ByCertificate {
		t.Fatalf("%+v", m)
	}
	// Without a subject key identifier, only the certificate itself.
	noSKI := *root
	noSKI.SubjectKeyId = nil
	if m := l.Find(&noSKI); len(m) != 0 {
		t.Fatalf("%+v", m)
	}
}

// TestCheckSeveralPlaces: a certificate listed under two CAs is judged at
// each; the accredited place wins and the other is kept.
func TestCheckSeveralPlaces(t *testing.T) {
	l := readList(t, "list_v1.xml")
	beta := *l.CAs[1]
	// Бета (ended) lists Альфа's certificate too, before Альфа.
	beta.Complexes = append([]*Complex{}, l.CAs[0].Complexes...)
	two := &List{Header: l.Header, CAs: []*CA{&beta, l.CAs[0]}}
	v := two.Check(loadCert(t, "../testdata/cms/pki/sub.pem"), Query{At: date("2026-12-10T00:00:00Z")})
	if v.Reason != Accredited || v.Match.CA != l.CAs[0] || len(v.Others) != 1 || v.Others[0].Reason != AccreditationEnded {
		t.Fatalf("%v, others %v", v, v.Others)
	}
}

// TestStatusAt: a status holds from its From until the next one's, on
// hand-made timelines.
func TestStatusAt(t *testing.T) {
	d := func(day int) time.Time { return time.Date(2022, 1, day, 0, 0, 0, 0, time.UTC) }
	active := func(day int) StatusEntry {
		return StatusEntry{Status: StatusActive, Text: "Действует", From: d(day)}
	}
	suspended := StatusEntry{Status: StatusSuspended, Text: "Приостановлена", From: d(10)}
	ca := &CA{
		// Out of order on purpose, and the current status not in the
		// history.
		History: []StatusEntry{suspended, active(5)},
		Status:  active(20),
	}
	for _, tc := range []struct {
		at   time.Time
		want Status
		ok   bool
	}{
		{d(4), 0, false},
		{d(5), StatusActive, true},
		{d(10).Add(-time.Nanosecond), StatusActive, true},
		{d(10), StatusSuspended, true},
		{d(19), StatusSuspended, true},
		{d(20), StatusActive, true},
		{d(31), StatusActive, true},
	} {
		e, ok := ca.StatusAt(tc.at)
		if ok != tc.ok || e.Status != tc.want {
			t.Errorf("at %v: %v %v, want %v %v", tc.at, e.Status, ok, tc.want, tc.ok)
		}
	}
	if tl := ca.Timeline(); len(tl) != 3 || !tl[0].From.Equal(d(5)) || !tl[2].From.Equal(d(20)) {
		t.Errorf("timeline %+v", tl)
	}
	// The current status repeated in the history counts once.
	ca2 := &CA{History: []StatusEntry{active(5)}, Status: active(5)}
	if tl := ca2.Timeline(); len(tl) != 1 {
		t.Errorf("timeline %+v", tl)
	}
	// Only a current status.
	ca3 := &CA{Status: active(5)}
	if e, ok := ca3.StatusAt(d(6)); !ok || e.Status != StatusActive {
		t.Errorf("%v %v", e, ok)
	}
}

func TestCheckUnknownStatus(t *testing.T) {
	l := readList(t, "list_v1.xml")
	alpha := *l.CAs[0]
	alpha.History = nil
	alpha.timeline = nil
	alpha.Status = StatusEntry{Status: StatusUnknown, Text: "Новый статус", From: date("2021-08-02T00:00:00+03:00")}
	one := &List{CAs: []*CA{&alpha}}
	v := one.Check(loadCert(t, "../testdata/cms/pki/sub.pem"), Query{At: date("2026-12-01T00:00:00Z")})
	if v.Reason != UnknownStatus || v.Status.Text != "Новый статус" {
		t.Fatalf("%v", v)
	}
}

// TestCheckConcurrent: the index is built once, safely (go test -race).
func TestCheckConcurrent(t *testing.T) {
	l := readList(t, "list_v1.xml")
	sub := loadCert(t, "../testdata/cms/pki/sub.pem")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if v := l.Check(sub, Query{At: date("2026-12-01T00:00:00Z")}); !v.Accredited() {
				t.Error(v)
			}
		}()
	}
	wg.Wait()
}
