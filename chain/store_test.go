package chain

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/gost"
)

const storeCorpus = "../testdata/gost-corpus/"

// Certificates from ../testdata/gost-corpus used as anchors that are not
// embedded, and as certificates issued by the embedded roots.
const (
	storeTC26Root    = storeCorpus + "gost-engine__tc26_cms__root256_cert.x509.der"
	storeTC26Example = storeCorpus + "vectors__tc26-pki-profile__gost2012_256_example.x509.der"
	// storeCrossCert is Минцифры России 2022 certified by Минкомсвязь
	// России 2021: the subject and key of the mincifry_2022-01-08.der
	// root, other bytes.
	storeCrossCert = storeCorpus + "schors-gost-russian-ca__Минцифры_России_2022-01-08T15-44-20Z_2037-01-08T15-44-20Z.x509.der"
	storeFNSCA     = storeCorpus + "schors-gost-russian-ca__Федеральная_налоговая_служба_2022-04-19T08-55-47Z_2037-04-19T08-55-47Z.x509.der"
)

func storeReadCert(t *testing.T, path string) *x509.Certificate {
	t.Helper()
	der, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return c
}

func storePEM(certs ...*x509.Certificate) []byte {
	var b bytes.Buffer
	for _, c := range certs {
		pem.Encode(&b, &pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
	}
	return b.Bytes()
}

func storeWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// storeCheckSignature verifies cert's signature with issuer's GOST key.
func storeCheckSignature(cert, issuer *x509.Certificate) error {
	alg, err := signatureAlgorithm(cert)
	if err != nil {
		return err
	}
	key, err := gost.ParsePublicKey(issuer.RawSubjectPublicKeyInfo)
	if err != nil {
		return err
	}
	return key.Verify(alg, cert.RawTBSCertificate, cert.Signature)
}

func storeSources(anchors []*Anchor) []string {
	var s []string
	for _, a := range anchors {
		s = append(s, a.Source)
	}
	return s
}

var rootFileName = regexp.MustCompile(`^embedded:(guc|minkomsvyaz|mincifry)_(\d{4}-\d{2}-\d{2})\.der$`)

func TestEmbeddedRoots(t *testing.T) {
	roots := EmbeddedRoots()
	if len(roots) != 6 {
		t.Errorf("%d embedded roots, want 6: %q", len(roots), storeSources(roots))
	}
	cn := map[string]string{
		"guc":         "Головной удостоверяющий центр",
		"minkomsvyaz": "Минкомсвязь России",
		"mincifry":    "Минцифры России",
	}
	for _, a := range roots {
		t.Run(a.Source, func(t *testing.T) {
			c := a.Cert
			m := rootFileName.FindStringSubmatch(a.Source)
			if m == nil {
				t.Fatalf("source %q is not embedded:<short-name>_<yyyy-mm-dd>.der", a.Source)
			}
			if c.Subject.CommonName != cn[m[1]] {
				t.Errorf("CN %q, want %q", c.Subject.CommonName, cn[m[1]])
			}
			if day := c.NotBefore.UTC().Format("2006-01-02"); day != m[2] {
				t.Errorf("notBefore %s, file name says %s", day, m[2])
			}
			if org := c.Subject.Organization; len(org) != 1 || (org[0] != "Минцифры России" && org[0] != "Минкомсвязь России") {
				t.Errorf("organisation %q is not the ministry", org)
			}
			if !bytes.Equal(c.RawIssuer, c.RawSubject) {
				t.Error("issuer differs from subject")
			}
			if err := storeCheckSignature(c, c); err != nil {
				t.Errorf("self-signature: %v", err)
			}
			bad := *c
			bad.Signature = bytes.Clone(c.Signature)
			bad.Signature[len(bad.Signature)/2] ^= 1
			if err := storeCheckSignature(&bad, c); !errors.Is(err, gost.ErrSignatureInvalid) {
				t.Errorf("self-signature with a flipped bit: got %v, want ErrSignatureInvalid", err)
			}
			// All six are CA certificates: basicConstraints cA (critical)
			// and keyUsage keyCertSign.
			if !c.BasicConstraintsValid || !c.IsCA || c.KeyUsage&x509.KeyUsageCertSign == 0 {
				t.Errorf("not a CA certificate: basicConstraints %v, cA %v, keyUsage %b", c.BasicConstraintsValid, c.IsCA, c.KeyUsage)
			}
			if len(c.SubjectKeyId) == 0 {
				t.Error("no subject key identifier")
			}
		})
	}
}

// TestEmbeddedRootsShareSubjects pins the roots that share a name: an
// issuer must be chosen by key, not by name alone.
func TestEmbeddedRootsShareSubjects(t *testing.T) {
	store := NewStore(EmbeddedRoots()...)
	want := map[string]int{
		"Головной удостоверяющий центр": 1,
		"Минкомсвязь России":            2,
		"Минцифры России":               3,
	}
	got := map[string]int{}
	for _, a := range store.Anchors() {
		same := store.BySubject(a.Cert.RawSubject)
		got[a.Cert.Subject.CommonName] = len(same)
		keys := map[string]bool{}
		for _, b := range same {
			keys[string(b.Cert.RawSubjectPublicKeyInfo)] = true
			if len(store.BySubjectKeyID(b.Cert.SubjectKeyId)) != 1 {
				t.Errorf("%s: subject key ID is not unique among the roots", b.Source)
			}
		}
		if len(keys) != len(same) {
			t.Errorf("%s: %d roots with its subject have only %d keys", a.Source, len(same), len(keys))
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("roots per subject: %v, want %v", got, want)
	}
}

// TestEmbeddedRootsREADME checks every row of the table in roots/README.md
// against the embedded file it names, so a stale README fails.
func TestEmbeddedRootsREADME(t *testing.T) {
	f, err := os.Open("roots/README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cells := strings.Split(strings.Trim(sc.Text(), "|"), "|")
		for i := range cells {
			cells[i] = strings.Trim(strings.TrimSpace(cells[i]), "`")
		}
		if len(cells) == 10 && strings.HasSuffix(cells[0], ".der") {
			if rows[cells[0]] != nil {
				t.Errorf("README: two rows for %s", cells[0])
			}
			rows[cells[0]] = cells
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	hex := func(b []byte) string {
		var s []string
		for _, x := range b {
			s = append(s, fmt.Sprintf("%02X", x))
		}
		return strings.Join(s, ":")
	}
	const day = "2006-01-02 15:04:05Z"
	roots := EmbeddedRoots()
	for _, a := range roots {
		name := strings.TrimPrefix(a.Source, "embedded:")
		row := rows[name]
		if row == nil {
			t.Errorf("README: no row for %s", name)
			continue
		}
		c := a.Cert
		key, err := gost.ParsePublicKey(c.RawSubjectPublicKeyInfo)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		serial, ok := new(big.Int).SetString(row[2], 16)
		sha1sum, sha256sum := sha1.Sum(c.Raw), sha256.Sum256(c.Raw)
		for _, col := range []struct{ what, got, want string }{
			{"subject", row[1], fmt.Sprintf("CN=%s, O=%s", c.Subject.CommonName, strings.Join(c.Subject.Organization, "+"))},
			{"serial", fmt.Sprint(ok && serial.Cmp(c.SerialNumber) == 0), "true"},
			{"validity", row[3], c.NotBefore.UTC().Format(day) + " – " + c.NotAfter.UTC().Format(day)},
			{"key", row[4], fmt.Sprintf("%s, %s", key.Algorithm, key.ParamSet.Name)},
			{"subject key ID", row[5], hex(c.SubjectKeyId)},
			{"SHA-1", row[6], hex(sha1sum[:])},
			{"SHA-256", row[7], hex(sha256sum[:])},
		} {
			if col.got != col.want {
				t.Errorf("README %s: %s is %q, want %q", name, col.what, col.got, col.want)
			}
		}
	}
	if len(rows) != len(roots) {
		t.Errorf("README has %d rows, %d roots are embedded", len(rows), len(roots))
	}
}

// TestEmbeddedRootsIssueFNS finds, for each real ФНС CA certificate of the
// corpus, the root that issued it by authority key ID and checks the
// signature with that root's key.
func TestEmbeddedRootsIssueFNS(t *testing.T) {
	paths, err := filepath.Glob(storeCorpus + "schors-gost-russian-ca__Федеральная_налоговая_служба_*.x509.der")
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 13 {
		t.Errorf("%d ФНС CA certificates in %s, want 13", len(paths), storeCorpus)
	}
	store := NewStore(EmbeddedRoots()...)
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			c := storeReadCert(t, p)
			if store.Contains(c) {
				t.Error("an intermediate CA is an anchor")
			}
			issuers := store.BySubjectKeyID(c.AuthorityKeyId)
			if len(issuers) != 1 {
				t.Fatalf("%d anchors with subject key ID %X, want 1", len(issuers), c.AuthorityKeyId)
			}
			root := issuers[0]
			if !bytes.Equal(root.Cert.RawSubject, c.RawIssuer) {
				t.Errorf("issuer name differs from the subject of %s", root.Source)
			}
			if !slicesContain(store.BySubject(c.RawIssuer), root) {
				t.Errorf("BySubject(issuer) does not return %s", root.Source)
			}
			if err := storeCheckSignature(c, root.Cert); err != nil {
				t.Errorf("signature by %s: %v", root.Source, err)
			}
		})
	}
}

func slicesContain(anchors []*Anchor, a *Anchor) bool {
	for _, b := range anchors {
		if b == a {
			return true
		}
	}
	return false
}

// storeConfigDir points os.UserConfigDir at a new temporary directory on
// every platform and returns the user roots directory under it (not
// created).
func storeConfigDir(t *testing.T) string {
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	t.Setenv("AppData", filepath.Join(home, "appdata"))
	dir, err := os.UserConfigDir()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(dir, home) {
		t.Skipf("cannot redirect the user config directory (%s) on this system", dir)
	}
	return filepath.Join(dir, "gostverify", "roots")
}

func TestDefaultStore(t *testing.T) {
	embedded := EmbeddedRoots()
	extra := storeReadCert(t, storeTC26Root)
	tests := []struct {
		name string
		// setup fills dir, the user roots directory, and returns the path
		// of the file the error must name ("" for no error).
		setup   func(t *testing.T, dir string) (badFile string)
		sources func(dir string) []string // Source of each anchor after the embedded ones
	}{
		{
			name:    "no user directory",
			setup:   func(t *testing.T, dir string) string { return "" },
			sources: func(string) []string { return nil },
		},
		{
			name: "empty user directory",
			setup: func(t *testing.T, dir string) string {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				return ""
			},
			sources: func(string) []string { return nil },
		},
		{
			name: "PEM root added, README skipped, copy of an embedded root kept once",
			setup: func(t *testing.T, dir string) string {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				storeWrite(t, filepath.Join(dir, "tc26.pem"), storePEM(extra))
				storeWrite(t, filepath.Join(dir, "README"), []byte("roots I trust\n"))
				storeWrite(t, filepath.Join(dir, "copy.der"), embedded[0].Cert.Raw)
				return ""
			},
			sources: func(dir string) []string { return []string{filepath.Join(dir, "tc26.pem")} },
		},
		{
			name: "corrupt PEM",
			setup: func(t *testing.T, dir string) string {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				bad := filepath.Join(dir, "bad.pem")
				storeWrite(t, bad, []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
				return bad
			},
		},
		{
			name: "unreadable file",
			setup: func(t *testing.T, dir string) string {
				if os.Geteuid() == 0 {
					t.Skip("root reads files whatever their mode")
				}
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				bad := filepath.Join(dir, "secret.pem")
				storeWrite(t, bad, storePEM(extra))
				if err := os.Chmod(bad, 0); err != nil {
					t.Fatal(err)
				}
				return bad
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := storeConfigDir(t)
			badFile := tt.setup(t, dir)
			s, err := DefaultStore()
			if badFile != "" {
				if err == nil || !strings.Contains(err.Error(), badFile) {
					t.Fatalf("DefaultStore() error = %v, want one naming %s", err, badFile)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := append(storeSources(embedded), tt.sources(dir)...)
			if got := storeSources(s.Anchors()); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("sources %q, want %q", got, want)
			}
			for _, a := range embedded {
				if !s.Contains(a.Cert) {
					t.Errorf("embedded root %s missing", a.Source)
				}
			}
		})
	}
}

func TestLoadStore(t *testing.T) {
	root := storeReadCert(t, storeTC26Root)
	example := storeReadCert(t, storeTC26Example)
	fns := storeReadCert(t, storeFNSCA)

	dir := t.TempDir()
	rootDER := filepath.Join(dir, "root.der")
	storeWrite(t, rootDER, root.Raw)
	bundlePEM := filepath.Join(dir, "bundle.pem")
	storeWrite(t, bundlePEM, storePEM(example, fns))
	junk := filepath.Join(dir, "junk.txt")
	storeWrite(t, junk, []byte("not a certificate\n"))

	rootsDir := filepath.Join(dir, "roots")
	if err := os.Mkdir(rootsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	storeWrite(t, filepath.Join(rootsDir, "a.der"), root.Raw)
	storeWrite(t, filepath.Join(rootsDir, "b.pem"), storePEM(example))
	storeWrite(t, filepath.Join(rootsDir, "notes.txt"), []byte("skipped\n"))
	emptyDir := filepath.Join(dir, "empty")
	if err := os.Mkdir(emptyDir, 0o755); err != nil {
		t.Fatal(err)
	}

	// A .p7b made by OpenSSL, as CAs publish their chains.
	p7b := filepath.Join(dir, "bundle.p7b")
	if openssl, err := exec.LookPath("openssl"); err == nil {
		out, err := exec.Command(openssl, "crl2pkcs7", "-nocrl", "-certfile", bundlePEM, "-outform", "DER", "-out", p7b).CombinedOutput()
		if err != nil {
			t.Fatalf("openssl crl2pkcs7: %v\n%s", err, out)
		}
	}

	tests := []struct {
		name    string
		paths   []string
		sources []string
		err     func(error) bool // nil: must succeed
		needs   string           // a file the case needs, skipped without it
	}{
		{name: "DER file", paths: []string{rootDER}, sources: []string{rootDER}},
		{name: "PEM bundle", paths: []string{bundlePEM}, sources: []string{bundlePEM, bundlePEM}},
		{
			name:    "directory",
			paths:   []string{rootsDir},
			sources: []string{filepath.Join(rootsDir, "a.der"), filepath.Join(rootsDir, "b.pem")},
		},
		{name: "p7b bundle", paths: []string{p7b}, sources: []string{p7b, p7b}, needs: p7b},
		{
			name:    "duplicates kept once, first source wins",
			paths:   []string{rootDER, rootsDir, bundlePEM},
			sources: []string{rootDER, filepath.Join(rootsDir, "b.pem"), bundlePEM},
		},
		{
			name:  "missing path",
			paths: []string{filepath.Join(dir, "nope.pem")},
			err:   func(err error) bool { return errors.Is(err, fs.ErrNotExist) },
		},
		{
			name:  "directory without certificates",
			paths: []string{emptyDir},
			err: func(err error) bool {
				var fe *FileError
				return errors.As(err, &fe) && fe.Reason == NoCertificate
			},
		},
		{
			name:  "file without certificates",
			paths: []string{rootDER, junk},
			err: func(err error) bool {
				var fe *FileError
				return errors.As(err, &fe) && fe.Reason == NotCertificateFile
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needs != "" {
				if _, err := os.Stat(tt.needs); err != nil {
					t.Skipf("no openssl to make %s", filepath.Base(tt.needs))
				}
			}
			s, err := LoadStore(tt.paths)
			if tt.err != nil {
				if !tt.err(err) {
					t.Fatalf("LoadStore() error = %v, of the wrong kind", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := storeSources(s.Anchors()); fmt.Sprint(got) != fmt.Sprint(tt.sources) {
				t.Errorf("sources %q, want %q", got, tt.sources)
			}
			for _, a := range EmbeddedRoots() {
				if s.Contains(a.Cert) {
					t.Errorf("--roots store trusts embedded root %s", a.Source)
				}
			}
		})
	}
}

func TestStoreLookups(t *testing.T) {
	roots := EmbeddedRoots()
	var mincifry2022 *Anchor
	for _, a := range roots {
		if a.Source == "embedded:mincifry_2022-01-08.der" {
			mincifry2022 = a
		}
	}
	if mincifry2022 == nil {
		t.Fatal("no embedded:mincifry_2022-01-08.der")
	}
	cross := storeReadCert(t, storeCrossCert)
	fns := storeReadCert(t, storeFNSCA)
	extra := &Anchor{Cert: storeReadCert(t, storeTC26Root), Source: "test"}
	// The same certificate again, parsed separately: dropped by NewStore.
	again := &Anchor{Cert: storeReadCert(t, storeTC26Root), Source: "test again"}
	s := NewStore(append(roots, extra, again)...)

	if got := storeSources(s.Anchors()); fmt.Sprint(got) != fmt.Sprint(append(storeSources(roots), "test")) {
		t.Errorf("Anchors() = %q", got)
	}
	tests := []struct {
		name string
		got  []*Anchor
		want []*Anchor
	}{
		{"by SKI", s.BySubjectKeyID(mincifry2022.Cert.SubjectKeyId), []*Anchor{mincifry2022}},
		{"by SKI of a cross-certificate", s.BySubjectKeyID(cross.SubjectKeyId), []*Anchor{mincifry2022}},
		{"by AKI of an issued CA", s.BySubjectKeyID(fns.AuthorityKeyId), []*Anchor{mincifry2022}},
		{"by unknown SKI", s.BySubjectKeyID(fns.SubjectKeyId), nil},
		{"by empty SKI", s.BySubjectKeyID(nil), nil},
		{"by subject shared by three", s.BySubject(mincifry2022.Cert.RawSubject), s.BySubject(cross.RawSubject)},
		{"by subject of a test root", s.BySubject(extra.Cert.RawSubject), []*Anchor{extra}},
		{"by unknown subject", s.BySubject(fns.RawSubject), nil},
	}
	for _, tt := range tests {
		if fmt.Sprint(storeSources(tt.got)) != fmt.Sprint(storeSources(tt.want)) {
			t.Errorf("%s: got %q, want %q", tt.name, storeSources(tt.got), storeSources(tt.want))
		}
	}
	if n := len(s.BySubject(mincifry2022.Cert.RawSubject)); n != 3 {
		t.Errorf("BySubject(Минцифры России) gave %d anchors, want 3", n)
	}

	for _, tt := range []struct {
		name string
		cert *x509.Certificate
		want bool
	}{
		{"embedded root", mincifry2022.Cert, true},
		{"same certificate parsed again", again.Cert, true},
		{"cross-certificate with the root's name and key", cross, false},
		{"CA issued by a root", fns, false},
		{"nil", nil, false},
	} {
		if got := s.Contains(tt.cert); got != tt.want {
			t.Errorf("Contains(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}

	// Results are copies: changing them does not change the store.
	s.Anchors()[0] = extra
	s.BySubjectKeyID(mincifry2022.Cert.SubjectKeyId)[0] = extra
	if s.Anchors()[0] != roots[0] || s.BySubjectKeyID(mincifry2022.Cert.SubjectKeyId)[0] != mincifry2022 {
		t.Error("a returned slice aliases the store")
	}
}

// TestLoadStoreRecursive: --roots DIR reads subdirectories as --certs DIR
// does, and each anchor names the file it came from.
func TestLoadStoreRecursive(t *testing.T) {
	root, err := os.ReadFile("../testdata/cms/pki/root.pem")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	nested := filepath.Join(dir, "a", "b")
	if err := os.MkdirAll(nested, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(nested, "root.pem"), root, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := LoadStore([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if a := s.Anchors(); len(a) != 1 || a[0].Source != filepath.Join(nested, "root.pem") {
		t.Errorf("anchors %v, want the one in %s", a, nested)
	}
}
