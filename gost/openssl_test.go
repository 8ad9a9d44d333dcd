package gost

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/internal/gostengine"
)

// opensslFixture is one file written by testdata/gost/gen.sh: a key made by
// OpenSSL with gost-engine, messages signed with it, and a self-signed
// certificate.
type opensslFixture struct {
	Name             string `json:"name"`
	OpenSSLAlgorithm string `json:"openssl_algorithm"`
	OpenSSLParamset  string `json:"openssl_paramset"`
	Digest           string `json:"digest"`
	SPKIDERHex       string `json:"spki_der_hex"`
	CertificatePEM   string `json:"certificate_pem"`
	Signatures       []struct {
		MessageHex   string `json:"message_hex"`
		DigestHex    string `json:"digest_hex"`
		SignatureHex string `json:"signature_hex"`
	} `json:"signatures"`
}

// opensslCombinations are the key algorithm and parameter set pairs that
// gen.sh must cover: every curve gost-engine can make keys on.
var opensslCombinations = []string{
	"2001-test", "2001-CryptoPro-A", "2001-CryptoPro-B", "2001-CryptoPro-C", "2001-CryptoPro-XchA", "2001-CryptoPro-XchB",
	"2012-256-CryptoPro-A", "2012-256-CryptoPro-B", "2012-256-CryptoPro-C", "2012-256-CryptoPro-XchA", "2012-256-CryptoPro-XchB",
	"2012-256-TC26-A", "2012-256-TC26-B", "2012-256-TC26-C", "2012-256-TC26-D",
	"2012-512-TC26-A", "2012-512-TC26-B", "2012-512-TC26-C",
}

// TestOpenSSLFixtures checks the committed signatures made by OpenSSL.
func TestOpenSSLFixtures(t *testing.T) {
	checkOpenSSLDir(t, "../testdata/gost")
}

// TestOpenSSLLive regenerates keys and signatures with OpenSSL now, so the
// cross-check does not rest on committed files alone.
func TestOpenSSLLive(t *testing.T) {
	gostengine.Require(t)
	if testing.Short() {
		t.Skip("live OpenSSL cross-check skipped in -short mode")
	}
	dir := t.TempDir()
	cmd := exec.Command("bash", "../testdata/gost/gen.sh", dir)
	cmd.Env = append(os.Environ(), "GOST_FIXTURE_COUNT=6")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen.sh: %v\n%s", err, out)
	}
	checkOpenSSLDir(t, dir)
}

func checkOpenSSLDir(t *testing.T, dir string) {
	for _, name := range opensslCombinations {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, name+".json"))
			if err != nil {
				t.Fatal(err)
			}
			var fx opensslFixture
			if err := json.Unmarshal(data, &fx); err != nil {
				t.Fatal(err)
			}
			checkOpenSSLFixture(t, &fx)
		})
	}
}

func checkOpenSSLFixture(t *testing.T, fx *opensslFixture) {
	key, err := ParsePublicKey(unhex(t, fx.SPKIDERHex))
	if err != nil {
		t.Fatalf("OpenSSL's public key: %v", err)
	}
	wantAlg := map[string]KeyAlgorithm{"gost2001": GOST2001, "gost2012_256": GOST2012_256, "gost2012_512": GOST2012_512}[fx.OpenSSLAlgorithm]
	if key.Algorithm != wantAlg {
		t.Errorf("key algorithm %v, want %v", key.Algorithm, wantAlg)
	}
	wantHash := map[string]Hash{"md_gost94": GOST94CryptoPro, "md_gost12_256": Streebog256, "md_gost12_512": Streebog512}[fx.Digest]
	if key.Hash() != wantHash {
		t.Errorf("key hash %v, want %v (%s)", key.Hash(), wantHash, fx.Digest)
	}
	if len(fx.Signatures) == 0 {
		t.Fatal("no signatures in fixture")
	}
	sigAlgs := []pkix.AlgorithmIdentifier{{Algorithm: key.Algorithm.OID()}}
	switch key.Algorithm {
	case GOST2001:
		sigAlgs = append(sigAlgs, pkix.AlgorithmIdentifier{Algorithm: oidSigGOST2001})
	case GOST2012_256:
		sigAlgs = append(sigAlgs, pkix.AlgorithmIdentifier{Algorithm: oidSigGOST2012256})
	case GOST2012_512:
		sigAlgs = append(sigAlgs, pkix.AlgorithmIdentifier{Algorithm: oidSigGOST2012512})
	}
	for i, s := range fx.Signatures {
		msg, sig := unhex(t, s.MessageHex), unhex(t, s.SignatureHex)
		h := key.Hash().New()
		h.Write(msg)
		if digest := h.Sum(nil); !bytes.Equal(digest, unhex(t, s.DigestHex)) {
			t.Errorf("signature %d: %v of the message is %x, openssl dgst says %s", i, key.Hash(), digest, s.DigestHex)
		}
		for _, alg := range sigAlgs {
			if err := key.Verify(alg, msg, sig); err != nil {
				t.Errorf("signature %d with %v: %v", i, alg.Algorithm, err)
			}
		}
		badMsg := bytes.Clone(msg)
		badMsg[i%len(badMsg)] ^= 0x80
		if err := key.Verify(sigAlgs[0], badMsg, sig); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("signature %d over a changed message: got %v, want ErrSignatureInvalid", i, err)
		}
		badSig := bytes.Clone(sig)
		badSig[(i*7)%len(badSig)] ^= 0x01
		if err := key.Verify(sigAlgs[0], msg, badSig); !errors.Is(err, ErrSignatureInvalid) {
			t.Errorf("signature %d with a flipped bit: got %v, want ErrSignatureInvalid", i, err)
		}
	}
	block, _ := pem.Decode([]byte(fx.CertificatePEM))
	if block == nil || !strings.Contains(block.Type, "CERTIFICATE") {
		t.Fatal("fixture has no certificate_pem")
	}
	cert, err := parseSignedObject(block.Bytes, "x509")
	if err != nil {
		t.Fatal(err)
	}
	certKey, err := ParsePublicKey(cert.publicKey)
	if err != nil {
		t.Fatal(err)
	}
	if err := certKey.Verify(cert.sigAlg, cert.tbs, cert.sig); err != nil {
		t.Errorf("self-signed certificate: %v", err)
	}
}
