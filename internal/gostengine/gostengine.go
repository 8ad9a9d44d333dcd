// Package gostengine runs OpenSSL with gost-engine, the independent
// reference that the tests cross-check the GOST code against. It is for
// tests only.
//
// Without OpenSSL and the engine (Debian package libengine-gost-openssl)
// the tests that need them skip, unless GOSTVERIFY_REQUIRE_OPENSSL=1 (set
// by scripts/test.sh and CI), where they fail instead.
package gostengine

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Require skips or fails t when OpenSSL cannot load the gost engine.
func Require(t testing.TB) {
	t.Helper()
	if err := exec.Command("openssl", "engine", "gost").Run(); err != nil {
		skipOrFail(t, "OpenSSL with gost-engine is not usable: %v", err)
	}
}

func skipOrFail(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("GOSTVERIFY_REQUIRE_OPENSSL") == "1" {
		t.Fatal(msg + " (required by GOSTVERIFY_REQUIRE_OPENSSL=1)")
	}
	t.Skip(msg + "; install openssl and the gost engine (Debian: libengine-gost-openssl) to run this test")
}

// Digests hashes each message with `openssl dgst -engine gost -<md>` (md is
// md_gost12_256, md_gost12_512 or md_gost94) in one run and returns the
// digests in order, as openssl prints them.
func Digests(t testing.TB, md string, msgs [][]byte) [][]byte {
	t.Helper()
	Require(t)
	dir := t.TempDir()
	args := []string{"dgst", "-engine", "gost", "-" + md, "-r"}
	for i, m := range msgs {
		name := filepath.Join(dir, fmt.Sprintf("m%04d", i))
		if err := os.WriteFile(name, m, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, name)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command("openssl", args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		skipOrFail(t, "openssl dgst -engine gost -%s failed: %v: %s", md, err, strings.TrimSpace(stderr.String()))
	}
	// Each line is "<hex> *<file>".
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != len(msgs) {
		t.Fatalf("openssl printed %d lines for %d messages", len(lines), len(msgs))
	}
	digests := make([][]byte, len(msgs))
	for i, line := range lines {
		hexDigest, file, ok := strings.Cut(line, " *")
		if !ok || file != args[len(args)-len(msgs)+i] {
			t.Fatalf("unexpected openssl output line %q", line)
		}
		d, err := hex.DecodeString(hexDigest)
		if err != nil {
			t.Fatalf("openssl output line %q: %v", line, err)
		}
		digests[i] = d
	}
	return digests
}

// OCSPResponder starts `openssl ocsp` with gost-engine on a free port
// (it listens on all interfaces; use only the 127.0.0.1 URL returned),
// answering from the openssl ca index file for the CA certificate ca and
// signing with rsigner and rkey; file names are relative to dir. It stops
// when the test ends.
func OCSPResponder(t testing.TB, dir, index, ca, rsigner, rkey string) string {
	t.Helper()
	Require(t)
	// `openssl ocsp` has no -engine option: load gost-engine from a config.
	conf := filepath.Join(dir, "ocsp-engine.cnf")
	const engineConf = "openssl_conf = openssl_init\n[openssl_init]\nengines = engines\n" +
		"[engines]\ngost = gost\n[gost]\nengine_id = gost\ndefault_algorithms = ALL\n"
	if err := os.WriteFile(conf, []byte(engineConf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd, port, err := StartOCSP(dir, conf, "-index", index, "-rsigner", rsigner, "-rkey", rkey, "-CA", ca,
		"-ndays", "1", "-ignore_err")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return "http://127.0.0.1:" + strconv.Itoa(port) + "/ocsp"
}

// StartOCSP starts `openssl ocsp` with args (index, CA, responder, ...)
// on a free port, in dir, with OPENSSL_CONF=conf (which loads
// gost-engine), and waits until it accepts connections. The caller stops
// it (Process.Kill, then Wait).
func StartOCSP(dir, conf string, args ...string) (*exec.Cmd, int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, 0, err
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command("openssl", append([]string{"ocsp", "-port", strconv.Itoa(port)}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+conf)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, 0, err
	}
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	// Wait for "ACCEPT [::]:PORT". A probe connection closed without a
	// request would hang OpenSSL 3.0's single-threaded responder.
	listening := make(chan struct{})
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "ACCEPT") {
				close(listening)
				break
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case <-listening:
		return cmd, port, nil
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		return nil, 0, fmt.Errorf("openssl ocsp does not listen on port %d: %s", port, stderr.String())
	}
}

// CAWithRevocations copies files (the CA certificate and key) from caDir
// into a new temporary directory and writes there index.txt: caDir's openssl
// ca index (indexName) with the certificates whose serial (upper-case hex)
// is a key of revoked marked revoked with that value ("YYMMDDHHMMSSZ,reason").
// It returns the directory, ready for OCSPResponder.
func CAWithRevocations(t testing.TB, caDir, indexName string, files []string, revoked map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(caDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	index, err := os.ReadFile(filepath.Join(caDir, indexName))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, line := range strings.Split(strings.TrimRight(string(index), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 6 {
			t.Fatalf("%s: malformed index line %q", indexName, line)
		}
		if when, ok := revoked[f[3]]; ok {
			f[0], f[2] = "R", when
		}
		lines = append(lines, strings.Join(f, "\t"))
	}
	if err := os.WriteFile(filepath.Join(dir, "index.txt"), []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir
}

// CRL makes a DER CRL with `openssl ca -gencrl` and gost-engine in dir (as
// CAWithRevocations prepares it: index.txt plus the CA's certificate and
// key files), valid for a day, with an authority key identifier, signed
// with the digest md (md_gost12_256 for a 256-bit CA key, md_gost12_512
// for a 512-bit one).
func CRL(t testing.TB, dir, cert, key, md string) []byte {
	t.Helper()
	Require(t)
	conf := "[ca]\ndefault_ca = ca_sub\n[ca_sub]\ndatabase = index.txt\ncrlnumber = crlnumber\n" +
		"default_md = " + md + "\ndefault_crl_days = 1\ncrl_extensions = crl_ext\n" +
		"[crl_ext]\nauthorityKeyIdentifier = keyid:always\n"
	for name, data := range map[string]string{"ca.cnf": conf, "crlnumber": "01\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{
		{"ca", "-engine", "gost", "-gencrl", "-keyfile", key, "-cert", cert, "-config", "ca.cnf", "-out", "ca.crl.pem"},
		{"crl", "-in", "ca.crl.pem", "-outform", "DER", "-out", "ca.crl"},
	} {
		cmd := exec.Command("openssl", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("openssl %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	der, err := os.ReadFile(filepath.Join(dir, "ca.crl"))
	if err != nil {
		t.Fatal(err)
	}
	return der
}
