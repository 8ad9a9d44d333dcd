package streebog

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// skipOrFail skips the test, or fails it when GOSTVERIFY_REQUIRE_OPENSSL=1
// (set in CI, where OpenSSL with gost-engine must be present).
func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("GOSTVERIFY_REQUIRE_OPENSSL") == "1" {
		t.Fatal(msg + " (required by GOSTVERIFY_REQUIRE_OPENSSL=1)")
	}
	t.Skip(msg + "; install openssl and the gost engine (Debian: libengine-gost-openssl) to run this test")
}

// opensslDigests hashes each message with `openssl dgst -engine gost -<md>`
// in one run and returns the digests in order.
func opensslDigests(t *testing.T, md string, msgs [][]byte) [][]byte {
	t.Helper()
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		skipOrFail(t, "openssl not found")
	}
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
	cmd := exec.Command(openssl, args...)
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
		digests[i] = mustHex(t, hexDigest)
	}
	return digests
}

// TestOpenSSL compares digests of random messages of random length with
// those of OpenSSL and gost-engine.
func TestOpenSSL(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	r := rand.New(rand.NewPCG(seed, 0))
	msgs := make([][]byte, 300)
	for i := range msgs {
		msgs[i] = make([]byte, 1+r.IntN(5000))
		for j := range msgs[i] {
			msgs[i][j] = byte(r.Uint32())
		}
	}
	// M1 of RFC 6986 first, to confirm that the engine is the right one.
	m1 := []byte("012345678901234567890123456789012345678901234567890123456789012")
	msgs = append([][]byte{m1}, msgs...)
	for _, c := range []struct {
		bits int
		md   string
	}{{256, "md_gost12_256"}, {512, "md_gost12_512"}} {
		want := opensslDigests(t, c.md, msgs)
		if got := hex.EncodeToString(want[0]); got != hex.EncodeToString(oneShot(c.bits, m1)) {
			t.Fatalf("openssl -%s gives %s for RFC 6986 M1", c.md, got)
		}
		for i, m := range msgs {
			if got := oneShot(c.bits, m); !bytes.Equal(got, want[i]) {
				t.Errorf("%d bits, seed %d, message %d (%d bytes): got %x, openssl %x", c.bits, seed, i, len(m), got, want[i])
			}
		}
	}
}
