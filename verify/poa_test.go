package verify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/poa"
)

// poaDir holds the МЧД fixtures (testdata/poa/README.md): the employee
// signs doc.xml on 2026-12-01 10:00 UTC under МЧД of the director's
// organisation, case NN in ..._2026000000NN.xml.
const poaDir = "../testdata/poa"

func poaCase(t *testing.T, n int) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(poaDir, "ON_EMCHD_*-2026000000"+twoDigits(n)+".xml"))
	if err != nil || len(m) != 1 {
		t.Fatalf("case %d: %v %v", n, m, err)
	}
	return m[0]
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// fakeRegistry plays the FNS registry: every number is active except
// those in revoked (revoked on 2026-11-15); down makes it fail.
type fakeRegistry struct {
	revoked map[string]bool
	down    atomic.Bool
	asked   atomic.Int32
}

func (f *fakeRegistry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.asked.Add(1)
	if f.down.Load() {
		http.Error(w, "maintenance", http.StatusServiceUnavailable)
		return
	}
	// /api/v0/poar-portal/public/poa/{number}/public
	parts := strings.Split(r.URL.Path, "/")
	if len(parts) < 2 {
		http.NotFound(w, r)
		return
	}
	number := parts[len(parts)-2]
	status, date := "ACTIVE", "2026-01-01"
	if f.revoked[number] {
		status, date = "REVOKED", "2026-11-15"
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(`{"poaNumber":"` + number + `","startDate":"2026-01-01","endDate":"2027-12-31","status":"` + status + `","statusDate":"` + date + `","issuerPublicKey":""}`))
}

func poaVerifier(t *testing.T, registry *poa.Registry) *Verifier {
	t.Helper()
	roots, err := chain.LoadStore([]string{filepath.Join(poaDir, "pki/root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	ca, err := chain.LoadCertificates(filepath.Join(poaDir, "pki/ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return New(Options{Roots: roots, Certificates: ca, RevocationOff: true, Registry: registry,
		Time: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)})
}

func loadPOA(t *testing.T, v *Verifier, xml string) *POA {
	t.Helper()
	data := mustRead(t, xml)
	f := POAFile{Name: xml, Data: data}
	if sig, err := os.ReadFile(xml + ".sig"); err == nil {
		f.SignatureName, f.Signature = xml+".sig", sig
	}
	return v.LoadPOA(context.Background(), f)
}

func verifyWithPOA(t *testing.T, v *Verifier, sig string, ps ...*POA) SignatureReport {
	t.Helper()
	r, err := v.Verify(context.Background(), Input{Name: sig, Data: mustRead(t, filepath.Join(poaDir, sig)),
		Document: bytesDocument("doc.xml", mustRead(t, filepath.Join(poaDir, "doc.xml"))), POAs: ps})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Signatures) != 1 {
		t.Fatalf("%d signatures", len(r.Signatures))
	}
	return r.Signatures[0]
}

func findingOf(pr *POAReport, name string) string {
	for _, c := range pr.Checks {
		if c.Name == name {
			return c.Result
		}
	}
	return ""
}

// TestPOA: each МЧД case of testdata/poa applied to the employee's
// signature of doc.xml, with a registry on 127.0.0.1.
func TestPOA(t *testing.T) {
	reg := &fakeRegistry{revoked: map[string]bool{}}
	srv := httptest.NewServer(reg)
	defer srv.Close()
	registry := &poa.Registry{URL: srv.URL, Client: &fetch.Client{Timeout: 5 * time.Second}}

	cases := []struct {
		name   string
		n      int
		status string
		failed string // the check that failed, "" for none
		reason string // a word of the reason
	}{
		{"valid", 1, "valid", "", "acts under the power of attorney"},
		{"expired", 2, "invalid", poa.CheckPeriod, "was valid until 2026-06-30"},
		{"not yet valid", 3, "invalid", poa.CheckPeriod, "takes effect on 2027-03-01"},
		{"representative INN differs", 4, "invalid", poa.CheckRepresentative, "not the representative"},
		{"SNILS differs", 5, "invalid", poa.CheckRepresentative, "not the representative"},
		{"signed by a stranger", 6, "invalid", poa.CheckIssuer, "not signed by a person who acts for the principal"},
		{"signature broken", 7, "invalid", "", "signature of the power of attorney"},
		{"text powers", 8, "valid", "", "acts under"},
	}
	v := poaVerifier(t, registry)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := loadPOA(t, v, poaCase(t, c.n))
			if p.Err != nil {
				t.Fatalf("parse: %v", p.Err)
			}
			s := verifyWithPOA(t, v, "doc.xml.sig", p)
			if s.Status != Valid {
				t.Fatalf("the signature itself: %s %s", s.Status, s.Reason)
			}
			pr := s.POA
			if pr == nil {
				t.Fatal("no power_of_attorney")
			}
			if pr.Status != c.status || !strings.Contains(pr.Reason, c.reason) {
				t.Errorf("status %s (%s), want %s (%q)", pr.Status, pr.Reason, c.status, c.reason)
			}
			if c.failed != "" && findingOf(pr, c.failed) != poa.Failed {
				t.Errorf("%s: %q, checks %+v", c.failed, findingOf(pr, c.failed), pr.Checks)
			}
			if pr.Number == "" || pr.Principal == nil || pr.Principal.INN != "5024001179" || pr.Signature == nil || pr.Registry == nil {
				t.Errorf("report %+v", pr)
			}
			if c.status == "valid" && (pr.Registry.Status != "active" || pr.Registry.CheckedAt == nil) {
				t.Errorf("registry %+v", pr.Registry)
			}
		})
	}
	if n := reg.asked.Load(); n != int32(len(cases)) {
		t.Errorf("the registry was asked %d times, want once per МЧД (%d)", n, len(cases))
	}

	t.Run("registry says revoked", func(t *testing.T) {
		v := poaVerifier(t, registry)
		p := loadPOA(t, v, poaCase(t, 1))
		reg.revoked[p.Doc.Number] = true
		defer delete(reg.revoked, p.Doc.Number)
		p = loadPOA(t, poaVerifier(t, registry), poaCase(t, 1))
		pr := verifyWithPOA(t, v, "doc.xml.sig", p).POA
		if pr.Status != "invalid" || pr.Registry.Status != "revoked" || !strings.Contains(pr.Reason, "revoked (since 2026-11-15)") {
			t.Errorf("%s: %s; registry %+v", pr.Status, pr.Reason, pr.Registry)
		}
	})
	t.Run("offline", func(t *testing.T) {
		v := poaVerifier(t, nil)
		pr := verifyWithPOA(t, v, "doc.xml.sig", loadPOA(t, v, poaCase(t, 1))).POA
		if pr.Status != "indeterminate" || pr.Registry.Status != "not_checked" || !strings.Contains(pr.Reason, "not checked against the FNS registry") {
			t.Errorf("%s: %s; registry %+v", pr.Status, pr.Reason, pr.Registry)
		}
	})
	t.Run("registry down", func(t *testing.T) {
		reg.down.Store(true)
		defer reg.down.Store(false)
		v := poaVerifier(t, registry)
		pr := verifyWithPOA(t, v, "doc.xml.sig", loadPOA(t, v, poaCase(t, 1))).POA
		if pr.Status != "indeterminate" || pr.Registry.Status != "unavailable" || pr.Registry.Error == "" {
			t.Errorf("%s: %s; registry %+v", pr.Status, pr.Reason, pr.Registry)
		}
	})
	t.Run("no signature of the МЧД", func(t *testing.T) {
		v := poaVerifier(t, registry)
		xml := poaCase(t, 1)
		p := v.LoadPOA(context.Background(), POAFile{Name: xml, Data: mustRead(t, xml)})
		pr := verifyWithPOA(t, v, "doc.xml.sig", p).POA
		if pr.Status != "indeterminate" || pr.Signature != nil {
			t.Errorf("%s: %s", pr.Status, pr.Reason)
		}
	})
	t.Run("malformed", func(t *testing.T) {
		v := poaVerifier(t, registry)
		xml := filepath.Join(poaDir, "malformed/old_format.xml")
		p := v.LoadPOA(context.Background(), POAFile{Name: xml, Data: mustRead(t, xml)})
		pr := verifyWithPOA(t, v, "doc.xml.sig", p).POA
		if p.Err == nil || pr.Status != "invalid" || !strings.Contains(pr.Reason, "cannot be read") {
			t.Errorf("%v; %s: %s", p.Err, pr.Status, pr.Reason)
		}
	})
	t.Run("director signs himself: another signer than the representative", func(t *testing.T) {
		v := poaVerifier(t, registry)
		pr := verifyWithPOA(t, v, "doc_by_director.xml.sig", loadPOA(t, v, poaCase(t, 1))).POA
		if pr.Status != "invalid" || findingOf(pr, poa.CheckRepresentative) != poa.Failed || findingOf(pr, poa.CheckPrincipal) != poa.Passed {
			t.Errorf("%s: %s; %+v", pr.Status, pr.Reason, pr.Checks)
		}
	})
	t.Run("match only", func(t *testing.T) {
		v := poaVerifier(t, registry)
		p := loadPOA(t, v, poaCase(t, 4))
		r, err := v.Verify(context.Background(), Input{Name: "doc.xml.sig", Data: mustRead(t, filepath.Join(poaDir, "doc.xml.sig")),
			Document: bytesDocument("doc.xml", mustRead(t, filepath.Join(poaDir, "doc.xml"))), POAs: []*POA{p}, POAMatchOnly: true})
		if err != nil || r.Signatures[0].POA != nil {
			t.Fatalf("%v: a power of attorney for another representative applied: %+v", err, r.Signatures[0].POA)
		}
	})
}
