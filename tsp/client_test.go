package tsp_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/gostverify/gostverify/extend/extendtest"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/tsp"
)

// TestClientRealTSA asks a TSA run by `openssl ts -reply` with gost-engine
// (extend/extendtest) for timestamps, good and misbehaving, and checks
// each good token with `openssl ts -verify` too.
func TestClientRealTSA(t *testing.T) {
	gostengine.Require(t)
	srv, err := extendtest.Start(filepath.Join("..", "testdata", "extend", "pki"))
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	data := []byte("the signature value of some signature")
	for _, c := range []struct {
		mode   string
		reason tsp.StampReason
	}{
		{extendtest.Good, 0},
		{extendtest.Reject, tsp.Rejected},
		{extendtest.WrongNonce, tsp.NonceMismatch},
		{extendtest.OtherImprint, tsp.WrongImprint},
		{extendtest.NoEKU, tsp.TokenInvalid},
		{extendtest.NotFound, tsp.Unavailable},
	} {
		t.Run(c.mode, func(t *testing.T) {
			cl := &tsp.Client{URL: srv.TSA(c.mode), HTTP: &fetch.Client{Timeout: 20 * time.Second}}
			st, err := cl.Stamp(context.Background(), data)
			if c.reason == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if st.Parsed.Info.Nonce.Cmp(st.Request.Nonce) != 0 || st.TSA == nil {
					t.Fatalf("stamp: nonce %v, TSA %v", st.Parsed.Info.Nonce, st.TSA)
				}
				opensslTSVerify(t, srv.Dir, st.Token, data)
				return
			}
			var se *tsp.StampError
			if !errors.As(err, &se) || se.Reason != c.reason {
				t.Fatalf("err = %v, want reason %v", err, c.reason)
			}
			t.Log(err)
			switch c.reason {
			case tsp.Rejected:
				if se.Status != tsp.Rejection || se.FailInfo&tsp.BadAlg == 0 {
					t.Errorf("status %v, failInfo %v: want rejection with badAlg", se.Status, se.FailInfo)
				}
			case tsp.TokenInvalid:
				var ve *tsp.VerifyError
				if !errors.As(err, &ve) || ve.Reason != tsp.NoTimeStampingUsage {
					t.Errorf("cause %v, want NoTimeStampingUsage", err)
				}
			case tsp.Unavailable:
				var fe *fetch.Error
				if !errors.As(err, &fe) || fe.Class != fetch.HTTPStatus {
					t.Errorf("cause %v, want an HTTP status", err)
				}
			}
		})
	}
	// Nothing listens: refused.
	l := closedPort(t)
	_, err = (&tsp.Client{URL: l}).Stamp(context.Background(), data)
	var se *tsp.StampError
	var fe *fetch.Error
	if !errors.As(err, &se) || se.Reason != tsp.Unavailable || !errors.As(err, &fe) || fe.Class != fetch.Refused {
		t.Errorf("closed port: %v", err)
	}
}

// opensslTSVerify checks a token over data with `openssl ts -verify`.
func opensslTSVerify(t *testing.T, pki string, token, data []byte) {
	t.Helper()
	dir := t.TempDir()
	tok, in := filepath.Join(dir, "t.tst"), filepath.Join(dir, "data")
	os.WriteFile(tok, token, 0o600)
	os.WriteFile(in, data, 0o600)
	cmd := exec.Command("openssl", "ts", "-verify", "-token_in", "-in", tok, "-data", in,
		"-CAfile", filepath.Join(pki, "root.pem"), "-untrusted", filepath.Join(pki, "ca.pem"))
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+filepath.Join(pki, "openssl.cnf"))
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("Verification: OK")) {
		t.Fatalf("openssl ts -verify: %v\n%s", err, out)
	}
}

func closedPort(t *testing.T) string {
	t.Helper()
	return "http://127.0.0.1:9/tsa" // discard port; nothing listens there in tests
}
