// Package gostengine runs OpenSSL with gost-engine, the independent
// reference that the tests cross-check the GOST code against. It is for
// tests only.
//
// Without OpenSSL and the engine (Debian package libengine-gost-openssl)
// the tests that need them skip, unless GOSTVERIFY_REQUIRE_OPENSSL=1 (set
// by scripts/test.sh and CI), where they fail instead.
package gostengine

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
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
