package streebog

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"hash"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func newHash(bits int) hash.Hash {
	if bits == 512 {
		return New512()
	}
	return New256()
}

// oneShot hashes msg with Sum256 or Sum512.
func oneShot(bits int, msg []byte) []byte {
	if bits == 512 {
		d := Sum512(msg)
		return d[:]
	}
	d := Sum256(msg)
	return d[:]
}

// TestVectors checks testdata/gost34112012_streebog.json: RFC 6986
// section 10 (M1, M2), the Σ-overflow message and the empty message.
func TestVectors(t *testing.T) {
	var file struct {
		Vectors []struct {
			Name     string `json:"name"`
			Bits     int    `json:"bits"`
			Message  string `json:"message_hex"`
			Digest   string `json:"digest_hex"`
			Standard string `json:"digest_hex_standard_notation"`
		} `json:"vectors"`
	}
	readJSON(t, "gost34112012_streebog.json", &file)
	if len(file.Vectors) < 7 {
		t.Fatalf("only %d vectors", len(file.Vectors))
	}
	for _, v := range file.Vectors {
		msg := mustHex(t, v.Message)
		want := mustHex(t, v.Digest)
		if got := oneShot(v.Bits, msg); !bytes.Equal(got, want) {
			t.Errorf("%s (%d): got %x, want %x", v.Name, v.Bits, got, want)
		}
		h := newHash(v.Bits)
		h.Write(msg)
		if got := h.Sum(nil); !bytes.Equal(got, want) {
			t.Errorf("%s (%d) via New: got %x, want %x", v.Name, v.Bits, got, want)
		}
		if v.Standard != "" {
			// RFC 6986 prints the digest as a big-endian integer.
			std := mustHex(t, v.Standard)
			for i := range std {
				if std[i] != want[len(want)-1-i] {
					t.Errorf("%s (%d): standard notation is not the reversed digest", v.Name, v.Bits)
					break
				}
			}
		}
	}
}

// TestEtalon checks the gost-engine etalon messages against
// testdata/etalon/dgst.result. M7 is listed there but its message is not in
// the corpus, so lines whose message file is absent are skipped.
func TestEtalon(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "etalon", "dgst.result"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	checked := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// md_gost12_512(M1)= 1b54...
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		alg, rest, ok1 := strings.Cut(line, "(")
		name, digest, ok2 := strings.Cut(rest, ")= ")
		if !ok1 || !ok2 {
			t.Fatalf("bad line %q", line)
		}
		bits := map[string]int{"md_gost12_256": 256, "md_gost12_512": 512}[alg]
		if bits == 0 {
			t.Fatalf("unknown algorithm in %q", line)
		}
		msg, err := os.ReadFile(filepath.Join("testdata", "etalon", name))
		if os.IsNotExist(err) {
			t.Logf("skipping %s: message not in testdata", name)
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		want := mustHex(t, strings.TrimSpace(digest))
		if got := oneShot(bits, msg); !bytes.Equal(got, want) {
			t.Errorf("%s %s: got %x, want %x", alg, name, got, want)
		}
		checked++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if checked != 14 {
		t.Errorf("checked %d etalon digests, want 14 (M1..M6 and carry, both sizes)", checked)
	}
}

// lcgMessage is the "lcg" generator of testdata/accumulated.json.
func lcgMessage(seed uint64, n int) []byte {
	msg := make([]byte, n)
	x := seed
	for i := range msg {
		x = x*6364136223846793005 + 1442695040888963407
		msg[i] = byte(x >> 56)
	}
	return msg
}

// TestAccumulated checks long and boundary-length messages whose digests
// were computed with OpenSSL and gost-engine (testdata/accumulated.json),
// hashing each in one call and in uneven chunks.
func TestAccumulated(t *testing.T) {
	var file struct {
		Vectors []struct {
			Generator string `json:"generator"`
			Param     uint64 `json:"param"`
			Length    int    `json:"length"`
			Digest256 string `json:"digest_hex_256"`
			Digest512 string `json:"digest_hex_512"`
		} `json:"vectors"`
	}
	readJSON(t, "accumulated.json", &file)
	var lcg []byte
	for _, v := range file.Vectors {
		if testing.Short() && v.Length > 1<<21 {
			continue
		}
		var msg []byte
		switch v.Generator {
		case "lcg":
			if v.Param != 1 {
				t.Fatalf("lcg seed %d: only seed 1 is generated", v.Param)
			}
			if len(lcg) < v.Length {
				lcg = lcgMessage(1, v.Length)
			}
			msg = lcg[:v.Length]
		case "repeat":
			msg = bytes.Repeat([]byte{byte(v.Param)}, v.Length)
		default:
			t.Fatalf("unknown generator %q", v.Generator)
		}
		for _, c := range []struct {
			bits   int
			digest string
		}{{256, v.Digest256}, {512, v.Digest512}} {
			want := mustHex(t, c.digest)
			if got := oneShot(c.bits, msg); !bytes.Equal(got, want) {
				t.Errorf("%s(%d) length %d, %d bits: got %x, want %x", v.Generator, v.Param, v.Length, c.bits, got, want)
			}
			if got := chunked(newHash(c.bits), msg, 1000003); !bytes.Equal(got, want) {
				t.Errorf("%s(%d) length %d, %d bits, chunked: got %x, want %x", v.Generator, v.Param, v.Length, c.bits, got, want)
			}
		}
	}
}

// chunked writes msg to h in pieces of 1, 2, 3, ... bytes, wrapping back to
// 1 after max, and returns the digest.
func chunked(h hash.Hash, msg []byte, max int) []byte {
	n := 1
	for len(msg) > 0 {
		k := min(n, len(msg))
		h.Write(msg[:k])
		msg = msg[k:]
		n = n%max + 1
	}
	return h.Sum(nil)
}
