package extend

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/extend/extendtest"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/tsp"
	"github.com/gostverify/gostverify/verify"
)

var (
	fixtures = filepath.Join("..", "testdata", "extend")
	pkiDir   = filepath.Join(fixtures, "pki")

	serversOnce sync.Once
	servers     *extendtest.Servers
	serversErr  error
)

// peers starts the test TSA, OCSP responder and CRLs once for the package.
func peers(t *testing.T) *extendtest.Servers {
	t.Helper()
	gostengine.Require(t)
	serversOnce.Do(func() { servers, serversErr = extendtest.Start(pkiDir) })
	if serversErr != nil {
		t.Fatal(serversErr)
	}
	return servers
}

func TestMain(m *testing.M) {
	code := m.Run()
	if servers != nil {
		servers.Close()
	}
	os.Exit(code)
}

func roots(t *testing.T) *chain.Store {
	t.Helper()
	s, err := chain.LoadStore([]string{filepath.Join(pkiDir, "root.pem")})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// extender is what the command builds: one verifier and clients over the
// test peers, through their proxy.
func extender(t *testing.T, srv *extendtest.Servers, level Level, mode string) *Extender {
	t.Helper()
	hc := &fetch.Client{Timeout: 20 * time.Second, Transport: srv.Transport()}
	ocsp := &ocspclient.Client{HTTP: hc}
	crl := &ocspclient.CRLChecker{HTTP: hc}
	aia := &chain.AIA{Client: hc}
	r := roots(t)
	// --certs: bes_attached.sig does not carry ca.pem.
	certs, err := chain.LoadCertificates(filepath.Join(pkiDir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	v := verify.New(verify.Options{Roots: r, Certificates: certs, AIA: aia, OCSP: ocsp, CRL: crl, Policy: verify.PolicyBasic})
	return New(Options{Level: level, Verifier: v, TSA: &tsp.Client{URL: srv.TSA(mode), HTTP: hc},
		OCSP: ocsp, CRL: crl, Roots: r, Certificates: certs, AIA: aia})
}

func document(path string) *verify.Document {
	return &verify.Document{Name: path, Named: true, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
}

func input(t *testing.T, sig string) Input {
	data, err := os.ReadFile(filepath.Join(fixtures, sig))
	if err != nil {
		t.Fatal(err)
	}
	in := Input{Name: sig, Data: data}
	if sig != "bes_attached.sig" {
		in.Document = document(filepath.Join(fixtures, "doc.txt"))
	}
	return in
}

// offlineAfterExpiry verifies data with no network and no revocation
// client, after the signer certificate expired: only what the signature
// carries can prove it.
func offlineAfterExpiry(t *testing.T, in Input, data []byte) *verify.Report {
	t.Helper()
	at := time.Date(2035, 6, 1, 0, 0, 0, 0, time.UTC)
	off := &fetch.Client{Offline: true}
	v := verify.New(verify.Options{Roots: roots(t), Time: at, Policy: verify.PolicyBasic,
		OCSP: &ocspclient.Client{HTTP: off}, CRL: &ocspclient.CRLChecker{HTTP: off}})
	in.Data = data
	rep, err := v.Verify(context.Background(), verify.Input{Name: in.Name, Data: data, Document: in.Document})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestExtendXL1(t *testing.T) {
	srv := peers(t)
	for _, sig := range []string{"bes.sig", "bes_crl.sig", "bes_attached.sig"} {
		t.Run(sig, func(t *testing.T) {
			in := input(t, sig)
			orig := bytes.Clone(in.Data)
			res, err := extender(t, srv, LevelXL1, extendtest.Good).Extend(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(in.Data, orig) {
				t.Fatal("the input bytes changed")
			}
			s := res.Signers[0]
			if s.Before != string(cms.LevelBES) || s.After != string(cms.LevelXL1) || len(s.Timestamps) != 2 {
				t.Fatalf("signer: %+v", s)
			}
			methods := map[string]bool{}
			for _, r := range s.Revocation {
				methods[r.For+" "+r.Method] = true
			}
			wantSigner := "ocsp"
			if sig == "bes_crl.sig" {
				wantSigner = "crl"
			}
			found := false
			for k := range methods {
				if strings.HasSuffix(k, wantSigner) && !strings.Contains(k, "УЦ") && !strings.Contains(k, "штампов") {
					found = true
				}
			}
			if !found {
				t.Errorf("the signer's status is not by %s: %v", wantSigner, methods)
			}
			t.Logf("%s: %v; %s", sig, methods, strings.Join(res.Encoding, " | "))

			rep := offlineAfterExpiry(t, in, res.Data)
			if rep.Status != verify.Valid || rep.Signatures[0].Level != string(cms.LevelXL1) {
				t.Fatalf("offline after expiry: %s %s (%s)", rep.Status, rep.Signatures[0].Level, rep.Signatures[0].Reason)
			}
			if src := rep.Signatures[0].Revocation.Source; src != "embedded" {
				t.Errorf("revocation source %q, want embedded", src)
			}
			opensslChecks(t, srv, in, res.Data)

			// Extending again is refused, and X Long Type 1 is not T.
			in.Data = res.Data
			_, err = extender(t, srv, LevelXL1, extendtest.Good).Extend(context.Background(), in)
			var e *Error
			if !errors.As(err, &e) || e.Reason != AlreadyAtLevel {
				t.Errorf("XL1 again: %v", err)
			}
		})
	}
}

// opensslChecks: `openssl cms -verify` on the base signature and
// `openssl ts -verify` on each token of each signer against what it covers.
func opensslChecks(t *testing.T, srv *extendtest.Servers, in Input, data []byte) {
	t.Helper()
	dir := t.TempDir()
	run := func(want string, args ...string) {
		t.Helper()
		cmd := exec.Command("openssl", args...)
		cmd.Env = append(os.Environ(), "OPENSSL_CONF="+filepath.Join(srv.Dir, "openssl.cnf"))
		out, err := cmd.CombinedOutput()
		if err != nil || !bytes.Contains(out, []byte(want)) {
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	sigFile := filepath.Join(dir, "x.sig")
	os.WriteFile(sigFile, data, 0o600)
	args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", sigFile, "-purpose", "any",
		"-CAfile", filepath.Join(pkiDir, "chain.pem"), "-out", os.DevNull}
	if in.Document != nil {
		args = append(args, "-content", in.Document.Name)
	}
	run("Verification successful", args...)
	sd, err := cms.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	check := func(tokens [][]byte, covered []byte) {
		for _, tok := range tokens {
			tf, df := filepath.Join(dir, "t.tst"), filepath.Join(dir, "data")
			os.WriteFile(tf, tok, 0o600)
			os.WriteFile(df, covered, 0o600)
			run("Verification: OK", "ts", "-verify", "-token_in", "-in", tf, "-data", df,
				"-CAfile", filepath.Join(pkiDir, "root.pem"), "-untrusted", filepath.Join(pkiDir, "ca.pem"))
		}
	}
	for _, si := range sd.Signers {
		lt := si.LongTerm()
		check(lt.SignatureTimeStamps, si.Signature)
		if len(lt.ESCTimeStamps) > 0 {
			esc, err := si.ESCTimeStampInput()
			if err != nil {
				t.Fatal(err)
			}
			check(lt.ESCTimeStamps, esc)
		}
	}
}

// TestExtendT: BES -> T, T -> T (a second signature timestamp), T -> XL1.
func TestExtendT(t *testing.T) {
	srv := peers(t)
	in := input(t, "bes.sig")
	res, err := extender(t, srv, LevelT, extendtest.Good).Extend(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if s := res.Signers[0]; s.After != string(cms.LevelT) || len(s.Timestamps) != 1 {
		t.Fatalf("%+v", s)
	}
	rep := offlineAfterExpiry(t, in, res.Data)
	// T alone carries no revocation data: offline after expiry the
	// signer's status at the timestamp cannot be had.
	if rep.Signatures[0].BestSignatureTime == nil {
		t.Fatalf("no best-signature-time: %s", rep.Signatures[0].Reason)
	}
	opensslChecks(t, srv, in, res.Data)

	in.Data = res.Data
	res2, err := extender(t, srv, LevelT, extendtest.Good).Extend(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	sd, _ := cms.Parse(res2.Data)
	if n := len(sd.Signers[0].LongTerm().SignatureTimeStamps); n != 2 || res2.Signers[0].Before != string(cms.LevelT) {
		t.Fatalf("%d signature timestamps after T -> T", n)
	}
	opensslChecks(t, srv, in, res2.Data)

	in.Data = res2.Data
	res3, err := extender(t, srv, LevelXL1, extendtest.Good).Extend(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if s := res3.Signers[0]; s.After != string(cms.LevelXL1) || len(s.Timestamps) != 1 || s.Timestamps[0].Kind != verify.KindCAdESC {
		t.Fatalf("T -> XL1: %+v", s)
	}
	if rep := offlineAfterExpiry(t, in, res3.Data); rep.Status != verify.Valid {
		t.Fatalf("T -> XL1 offline after expiry: %s", rep.Signatures[0].Reason)
	}
	opensslChecks(t, srv, in, res3.Data)
}

// TestExtendTSAErrors: each misbehaviour of the TSA is its own reason,
// and nothing is returned.
func TestExtendTSAErrors(t *testing.T) {
	srv := peers(t)
	for _, c := range []struct {
		mode   string
		reason Reason
	}{
		{extendtest.Reject, TSARejected},
		{extendtest.WrongNonce, TSANonceMismatch},
		{extendtest.OtherImprint, TSAImprintMismatch},
		{extendtest.NoEKU, TSACertificateInvalid},
		{extendtest.NotFound, TSAUnavailable},
	} {
		for _, level := range []Level{LevelT, LevelXL1} {
			in := input(t, "bes.sig")
			orig := bytes.Clone(in.Data)
			res, err := extender(t, srv, level, c.mode).Extend(context.Background(), in)
			var e *Error
			if res != nil || !errors.As(err, &e) || e.Reason != c.reason {
				t.Errorf("%s, %s: %v, want %v", c.mode, level, err, c.reason)
			}
			if !bytes.Equal(in.Data, orig) {
				t.Errorf("%s: the input changed", c.mode)
			}
		}
	}
	x := extender(t, srv, LevelT, extendtest.Good)
	x.opts.TSA.URL = "http://127.0.0.1:9/tsa"
	_, err := x.Extend(context.Background(), input(t, "bes.sig"))
	var e *Error
	var fe *fetch.Error
	if !errors.As(err, &e) || e.Reason != TSAUnavailable || !errors.As(err, &fe) || fe.Class != fetch.Refused {
		t.Errorf("TSA down: %v", err)
	}
}

func TestExtendNotValid(t *testing.T) {
	srv := peers(t)
	in := input(t, "bes.sig")
	in.Document = &verify.Document{Name: "other", Named: true, Open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader("another document")), nil
	}}
	_, err := extender(t, srv, LevelT, extendtest.Good).Extend(context.Background(), in)
	var e *Error
	if !errors.As(err, &e) || e.Reason != NotValid || e.Report == nil || e.Report.Status != verify.Invalid {
		t.Fatalf("%v", err)
	}
	t.Log(err)
	// Revocation data that cannot be had: the responder and CRLs are
	// behind a proxy that is not there.
	x := extender(t, srv, LevelXL1, extendtest.Good)
	dead := &fetch.Client{Timeout: 5 * time.Second, Transport: (&extendtest.Servers{Proxy: "http://127.0.0.1:9"}).Transport()}
	x.opts.OCSP = &ocspclient.Client{HTTP: dead}
	x.opts.CRL = &ocspclient.CRLChecker{HTTP: dead}
	_, err = x.Extend(context.Background(), input(t, "bes.sig"))
	if !errors.As(err, &e) || e.Reason != RevocationUnavailable {
		t.Fatalf("no revocation: %v", err)
	}
}

// TestExtendCorpusT timestamps the real CryptoPro and ViPNet BER
// signatures of testdata/cms-corpus without verifying them first (our
// roots do not trust them): the layer below the verifier. Their signed
// parts stay byte for byte, and the token covers their signature value.
func TestExtendCorpusT(t *testing.T) {
	srv := peers(t)
	for _, name := range []string{"test.txt.sig", "doc.txt.sgn.2019-10-07", "vipnet_detached_2012_256.p7s", "vipnet_attached_2012_256.p7s",
		"libksba_gost_test.txt.p7s", "fns_izvpol_2015_gost2001_detached.sig"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "cms-corpus", name))
			if err != nil {
				t.Fatal(err)
			}
			x := extender(t, srv, LevelT, extendtest.Good)
			x.unverified = true
			res, err := x.Extend(context.Background(), Input{Name: name, Data: data})
			if err != nil {
				t.Fatal(err)
			}
			before, _ := cms.Parse(data)
			after, err := cms.Parse(res.Data)
			if err != nil {
				t.Fatal(err)
			}
			b, a := before.Signers[0], after.Signers[0]
			if !bytes.Equal(a.RawSignedAttrs, b.RawSignedAttrs) || !bytes.Equal(a.Signature, b.Signature) || after.Encoding != before.Encoding {
				t.Fatal("signed parts or encoding changed")
			}
			tok, err := tsp.Parse(a.LongTerm().SignatureTimeStamps[0])
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tok.Verify(a.Signature, tsp.Options{}); err != nil {
				t.Fatal(err)
			}
			t.Log(strings.Join(res.Encoding, " | "))
		})
	}
}
