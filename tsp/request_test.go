package tsp

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/internal/gostengine"
)

func TestRequestRoundTrip(t *testing.T) {
	for _, h := range []gost.Hash{0, gost.Streebog256, gost.Streebog512} {
		r, err := NewRequest([]byte("data"), h, bytes.NewReader(bytes.Repeat([]byte{0xff}, 8)))
		if err != nil {
			t.Fatal(err)
		}
		if r.Nonce.Sign() <= 0 || r.Nonce.BitLen() > 63 || !r.CertReq {
			t.Fatalf("nonce %v certReq %v", r.Nonce, r.CertReq)
		}
		r.Policy = []int{1, 2, 643, 100, 999, 18}
		der, err := r.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseRequest(der)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := back.Marshal()
		if !bytes.Equal(der, again) || back.Nonce.Cmp(r.Nonce) != 0 || !back.Policy.Equal(r.Policy) {
			t.Fatalf("round trip differs:\n%x\n%x", der, again)
		}
	}
	if _, err := (&Request{Hash: gost.Streebog256, HashedMessage: []byte{1}}).Marshal(); err == nil {
		t.Error("a short hashedMessage was marshalled")
	}
	if _, err := (&Request{Hash: gost.Streebog256, HashedMessage: make([]byte, 32), Nonce: big.NewInt(-1)}).Marshal(); err == nil {
		t.Error("a negative nonce was marshalled")
	}
}

// TestRequestOpenSSL reads what `openssl ts -query` writes, with the same
// imprint as ours.
func TestRequestOpenSSL(t *testing.T) {
	gostengine.Require(t)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	os.WriteFile(data, []byte("data to stamp"), 0o600)
	conf := filepath.Join(dir, "engine.cnf")
	os.WriteFile(conf, []byte("openssl_conf = openssl_init\n[openssl_init]\nengines = engines\n[engines]\ngost = gost\n[gost]\nengine_id = gost\ndefault_algorithms = ALL\n"), 0o600)
	cmd := exec.Command("openssl", "ts", "-query", "-data", data, "-md_gost12_256", "-cert")
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+conf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseRequest(out)
	if err != nil {
		t.Fatal(err)
	}
	ours, _ := NewRequest([]byte("data to stamp"), gost.Streebog256, nil)
	if r.Hash != gost.Streebog256 || !bytes.Equal(r.HashedMessage, ours.HashedMessage) || r.Nonce == nil || !r.CertReq {
		t.Fatalf("openssl's request: %+v", r)
	}
}

func mustHex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestParseResponse(t *testing.T) {
	token := "3003020100" // stands for a token: ParseResponse only frames it
	for _, c := range []struct {
		name, der string
		status    PKIStatus
		fail      FailInfo
		text      []string
		ok        bool
	}{
		{"granted", "300a" + "3003020100" + token, Granted, 0, nil, true},
		{"rejection badAlg", "3009" + "3007020102030200" + "80", Rejection, BadAlg, nil, false},
		{"rejection with text", "3011" + "300f020102" + "3006" + "0c04" + hex.EncodeToString([]byte("нет")[:4]) + "03020520", Rejection, BadRequest, []string{"\xd0\xbd\xd0\xb5"}, false},
		{"systemFailure", "300c300a02010203050600000040", Rejection, SystemFailure, nil, false},
		{"waiting", "30053003020103", Waiting, 0, nil, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, err := ParseResponse(mustHex(c.der))
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != c.status || r.FailInfo != c.fail || (r.Token != nil) != c.ok || len(r.StatusText) != len(c.text) {
				t.Fatalf("%+v", r)
			}
		})
	}
	for _, c := range []struct{ name, der string }{
		{"granted without token", "30053003020100"},
		{"rejection with token", "3008" + "3003020102" + token},
		{"unknown status", "30053003020106"},
		{"trailing", "300530030201000000"},
		{"unused bits set", "3009300702010203020181"},
		{"empty text", "3007300502010230 00"},
		{"not utf8", "300b3009020102300404 02ffff"},
		{"failInfo too long", "300c300a0201020305000102030405"},
		{"trailing in token", "300a" + "3003020100" + token + "0000"},
	} {
		der, _ := hex.DecodeString(stripSpaces(c.der))
		if _, err := ParseResponse(der); err == nil {
			t.Errorf("%s: parsed", c.name)
		} else if pe := new(ParseError); !errors.As(err, &pe) {
			t.Errorf("%s: %T, want *ParseError", c.name, err)
		}
	}
}

func stripSpaces(s string) string { return string(bytes.ReplaceAll([]byte(s), []byte(" "), nil)) }

func TestFailInfoNames(t *testing.T) {
	if got := (BadAlg | FailInfo(1<<30)).Names(); len(got) != 2 || got[1] != "failure bit 30" {
		t.Fatal(got)
	}
}

func FuzzParseResponse(f *testing.F) {
	f.Add(mustHex("30053003020100"))
	f.Add(mustHex("3009300702010203020080"))
	f.Add(mustHex("3008" + "3003020100" + "3003020100"))
	f.Fuzz(func(t *testing.T, der []byte) {
		r, err := ParseResponse(der)
		if err == nil && (r.Status == Granted) != (r.Token != nil) && r.Status != GrantedWithMods {
			t.Fatalf("accepted %+v", r)
		}
	})
}

func FuzzParseRequest(f *testing.F) {
	r, _ := NewRequest([]byte("x"), 0, nil)
	der, _ := r.Marshal()
	f.Add(der)
	f.Fuzz(func(t *testing.T, der []byte) {
		r, err := ParseRequest(der)
		if err != nil {
			return
		}
		again, err := r.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if r2, err := ParseRequest(again); err != nil || r2.Hash != r.Hash {
			t.Fatalf("re-marshalled request does not parse: %v", err)
		}
	})
}
