package serve

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/verify"
)

var loopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}

// TestGuardOCSP: a signature whose OCSP responder is on 127.0.0.1 (a real
// `openssl ocsp`) is not asked without an allowance — the verdict is
// indeterminate, the attempt's class address_refused — and is asked with
// --fetch-allow 127.0.0.1/32: valid, status good. Through /v1/verify and
// through a job (batch wraps the clients' transport).
func TestGuardOCSP(t *testing.T) {
	gostengine.Require(t)
	pki := filepath.Join(cmsDir, "pki")
	dir := gostengine.CAWithRevocations(t, pki, "sub.index.txt", []string{"sub.pem", "sub.key.pem"}, nil)
	url := gostengine.OCSPResponder(t, dir, "index.txt", "sub.pem", "sub.pem", "sub.key.pem")
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("responder at %s", url)
	}
	base := baseVerify(t)
	withOCSP := func(p Params) verify.Options {
		o := base(p)
		o.RevocationOff = false
		o.Time = time.Time{} // now: the responder's answers are current
		o.OCSP = &ocspclient.Client{HTTP: &fetch.Client{Timeout: 5 * time.Second}}
		o.OCSPURL = url
		return o
	}
	pair := []file{fixture(t, "signature", cmsDir+"/invoice.xml.sig"), fixture(t, "document", cmsDir+"/invoice.xml")}
	for _, tc := range []struct {
		name   string
		allow  []netip.Prefix
		status verify.Status
		class  string
	}{
		{"refused without --fetch-allow", nil, verify.Indeterminate, string(fetch.AddressRefused)},
		{"served with --fetch-allow 127.0.0.1/32", loopback, verify.Valid, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ts := start(t, Options{Verify: withOCSP, Guard: &fetch.Guard{Allow: tc.allow}})
			var r verify.Report
			decode(t, post(t, ts.URL+"/v1/verify", nil, nil, pair...), 200, &r)
			if r.Status != tc.status || len(r.Signatures) != 1 {
				t.Fatalf("status %s, want %s: %+v", r.Status, tc.status, r)
			}
			rev := r.Signatures[0].Revocation
			if len(rev.Attempts) == 0 || rev.Attempts[0].Class != tc.class || !strings.HasPrefix(rev.Attempts[0].URL, url) {
				t.Errorf("revocation attempts %+v, want class %q at %s", rev.Attempts, tc.class, url)
			}
			if tc.status == verify.Valid && rev.Status != "good" {
				t.Errorf("revocation %+v", rev)
			}
			// The same through an archive job.
			v := runJob(t, ts.URL, nil, pair[0].asFile(), pair[1].asFile())
			if v.Status != string(tc.status) {
				t.Errorf("job: status %s, want %s", v.Status, tc.status)
			}
		})
	}
}

func (f file) asFile() file { return file{"file", f.name, f.data} }

// TestGuardAIA: a certificate whose issuer is only at its AIA URL on
// 127.0.0.1 (testdata/aia/gen.sh) has no path without an allowance and a
// valid one with it, through /v1/certificate.
func TestGuardAIA(t *testing.T) {
	gostengine.Require(t)
	dir := t.TempDir()
	files := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer files.Close()
	out, err := exec.Command("bash", "../testdata/aia/gen.sh", dir, files.URL).CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("all checks passed")) {
		t.Fatalf("testdata/aia/gen.sh: %v\n%s", err, out)
	}
	roots, err := chain.LoadStore([]string{filepath.Join(dir, "root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	opts := func(Params) verify.Options {
		return verify.Options{Roots: roots, RevocationOff: true,
			AIA: &chain.AIA{Client: &fetch.Client{Timeout: 5 * time.Second}}}
	}
	for _, tc := range []struct {
		name   string
		allow  []netip.Prefix
		status string
	}{
		{"refused without --fetch-allow", nil, "indeterminate"},
		{"served with --fetch-allow", loopback, "valid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, ts := start(t, Options{Verify: opts, Guard: &fetch.Guard{Allow: tc.allow}})
			resp := post(t, ts.URL+"/v1/certificate", nil, nil, fixture(t, "certificate", filepath.Join(dir, "leaf_der.pem")))
			var c struct {
				Status string            `json:"status"`
				Reason string            `json:"reason"`
				Chain  []json.RawMessage `json:"chain"`
			}
			decode(t, resp, 200, &c)
			if c.Status != tc.status {
				t.Errorf("status %s, want %s (%s)", c.Status, tc.status, c.Reason)
			}
			// The issuer download was refused by the guard, and only
			// without the allowance.
			resp = do(t, "GET", ts.URL+"/metrics", nil)
			metrics, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			refused := bytes.Contains(metrics, []byte(`gostverify_outgoing_requests_total{outcome="address_refused"}`))
			if refused != (tc.allow == nil) {
				t.Errorf("an outgoing request refused: %v, want %v (%s)", refused, tc.allow == nil, c.Reason)
			}
		})
	}
}
