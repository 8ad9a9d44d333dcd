// Package extendtest runs the peers `gostverify extend` talks to, for tests:
// a TSA that answers RFC 3161 requests with `openssl ts -reply` and
// gost-engine, a real `openssl ocsp` responder, and the CRLs of
// `openssl ca -gencrl`, all on 127.0.0.1, for the test PKI of
// testdata/extend (see its README).
//
// The PKI's certificates name their OCSP responder and CRLs by host names
// under .extend.test; Servers.Proxy is an HTTP proxy that sends those
// names to the responder and the CRLs, so a client reaches them with
// HTTP_PROXY=Servers.Proxy (or Servers.Transport). The TSA is reached
// directly at Servers.TSA(mode), a loopback URL no proxy is used for.
//
// It is for tests only, and needs openssl with gost-engine (Debian:
// libengine-gost-openssl).
package extendtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/internal/gostengine"
	"github.com/gostverify/gostverify/tsp"
)

// TSA modes: the path of Servers.TSA's URL chooses how the TSA behaves.
const (
	Good         = "tsa"       // a good token from tsa.pem (certificate included, ca.pem too)
	Reject       = "reject"    // openssl answers "rejection" with failInfo badAlg (it is configured for SHA-256 only)
	WrongNonce   = "nonce"     // a good token for the request with its nonce changed
	OtherImprint = "imprint"   // a good token for the request with its imprint changed: over other bytes
	NoEKU        = "noeku"     // the token's TSTInfo signed by tsa_noeku.pem, a certificate without id-kp-timeStamping
	NotFound     = "not-found" // HTTP 404
)

// Servers are the running peers. Close stops them.
type Servers struct {
	// Dir holds a copy of the PKI, the CRLs, the OpenSSL config and the
	// responder's files.
	Dir string
	// Proxy is the URL of the HTTP proxy that reaches ocsp.extend.test and
	// crl.extend.test.
	Proxy string
	// OCSP is the responder's own URL.
	OCSP string

	tsa, proxy *http.Server
	tsaURL     string
	ocsp       *exec.Cmd
	mu         sync.Mutex // one openssl ts at a time: they share a serial file
	stopOnce   sync.Once
}

// TSA is the TSA's URL for a mode (Good, Reject, ...).
func (s *Servers) TSA(mode string) string { return s.tsaURL + "/" + mode }

// Transport is an HTTP transport through Proxy, for a fetch.Client; like
// HTTP_PROXY, it does not proxy loopback addresses.
func (s *Servers) Transport() http.RoundTripper {
	u, _ := url.Parse(s.Proxy)
	return &http.Transport{DisableKeepAlives: true, Proxy: func(r *http.Request) (*url.URL, error) {
		if ip := net.ParseIP(r.URL.Hostname()); (ip != nil && ip.IsLoopback()) || r.URL.Hostname() == "localhost" {
			return nil, nil
		}
		return u, nil
	}}
}

const engineConf = `openssl_conf = openssl_init
[openssl_init]
engines = engine_section
[engine_section]
gost = gost_section
[gost_section]
engine_id = gost
default_algorithms = ALL

[ca]
default_ca = ca_any
[ca_any]
database         = index.txt
crlnumber        = crlnumber
default_md       = md_gost12_256
default_crl_days = 30
crl_extensions   = crl_ext
[crl_ext]
authorityKeyIdentifier = keyid:always

[tsa]
default_tsa = tsa_gost
[tsa_gost]
serial                 = tsaserial
crypto_device          = gost
signer_digest          = md_gost12_256
default_policy         = 1.2.643.100.999.18
digests                = md_gost12_256, md_gost12_512
accuracy               = secs:1
ordering               = no
tsa_name               = yes
ess_cert_id_chain      = no
ess_cert_id_alg        = md_gost12_256
[tsa_noname]
serial                 = tsaserial
crypto_device          = gost
signer_digest          = md_gost12_256
default_policy         = 1.2.643.100.999.18
digests                = md_gost12_256
accuracy               = secs:1
ordering               = no
tsa_name               = no
ess_cert_id_alg        = md_gost12_256
[tsa_sha256only]
serial                 = tsaserial
crypto_device          = gost
signer_digest          = md_gost12_256
default_policy         = 1.2.643.100.999.18
digests                = sha256
ess_cert_id_alg        = md_gost12_256
`

// Start copies the PKI of pkiDir (testdata/extend/pki) to a new temporary
// directory, makes the CRLs of ca and root there, and starts the OCSP
// responder of ca, the TSA and the proxy.
func Start(pkiDir string) (s *Servers, err error) {
	dir, err := os.MkdirTemp("", "extendtest")
	if err != nil {
		return nil, err
	}
	s = &Servers{Dir: dir}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	entries, err := os.ReadDir(pkiDir)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(pkiDir, e.Name()))
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o600); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "openssl.cnf"), []byte(engineConf), 0o600); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "tsaserial"), []byte("01\n"), 0o600); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Join(dir, "crl"), 0o700); err != nil {
		return nil, err
	}
	for _, c := range []struct{ ca, index, out string }{{"ca", "ca.index.txt", "ca.crl"}, {"root", "root.index.txt", "root.crl"}} {
		if err := s.crl(c.ca, c.index, filepath.Join(dir, "crl", c.out)); err != nil {
			return nil, err
		}
	}
	if err := s.startOCSP(); err != nil {
		return nil, err
	}
	tsaL, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.tsa = &http.Server{Handler: http.HandlerFunc(s.serveTSA), ReadHeaderTimeout: 10 * time.Second}
	go s.tsa.Serve(tsaL)
	s.tsaURL = "http://" + tsaL.Addr().String()

	proxyL, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ocspURL, _ := url.Parse(s.OCSP)
	rp := &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(ocspURL)
			r.Out.URL.Path = "/"
		},
		// openssl ocsp answers one request per connection.
		Transport: &http.Transport{DisableKeepAlives: true},
	}
	crls := http.FileServer(http.Dir(filepath.Join(dir, "crl")))
	s.proxy = &http.Server{ReadHeaderTimeout: 10 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Hostname() {
		case "ocsp.extend.test":
			rp.ServeHTTP(w, r)
		case "crl.extend.test":
			crls.ServeHTTP(w, r)
		default:
			http.Error(w, "extendtest proxy: unknown host "+r.URL.Host, http.StatusBadGateway)
		}
	})}
	go s.proxy.Serve(proxyL)
	s.Proxy = "http://" + proxyL.Addr().String()
	return s, nil
}

// Close stops the servers and removes Dir.
func (s *Servers) Close() {
	s.stopOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if s.tsa != nil {
			s.tsa.Shutdown(ctx)
		}
		if s.proxy != nil {
			s.proxy.Shutdown(ctx)
		}
		if s.ocsp != nil && s.ocsp.Process != nil {
			s.ocsp.Process.Kill()
			s.ocsp.Wait()
		}
		os.RemoveAll(s.Dir)
	})
}

// openssl runs openssl in Dir with the engine's config.
func (s *Servers) openssl(stdin []byte, args ...string) ([]byte, error) {
	cmd := exec.Command("openssl", args...)
	cmd.Dir = s.Dir
	cmd.Env = append(os.Environ(), "OPENSSL_CONF="+filepath.Join(s.Dir, "openssl.cnf"))
	cmd.Stdin = bytes.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("openssl %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// crl makes the DER CRL of ca (ca.pem, ca.key.pem) from its index.
func (s *Servers) crl(ca, index, out string) error {
	if err := os.WriteFile(filepath.Join(s.Dir, "index.txt"), nil, 0o600); err != nil {
		return err
	}
	data, err := os.ReadFile(filepath.Join(s.Dir, index))
	if err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"index.txt", data}, {"crlnumber", []byte("01\n")}} {
		if err := os.WriteFile(filepath.Join(s.Dir, f.name), f.data, 0o600); err != nil {
			return err
		}
	}
	if _, err := s.openssl(nil, "ca", "-gencrl", "-config", "openssl.cnf", "-cert", ca+".pem", "-keyfile", ca+".key.pem", "-out", "crl.pem"); err != nil {
		return err
	}
	_, err = s.openssl(nil, "crl", "-in", "crl.pem", "-outform", "DER", "-out", out)
	return err
}

// startOCSP starts `openssl ocsp` for ca, signing with the delegated
// responder ocsp.pem, on a free port.
func (s *Servers) startOCSP() error {
	cmd, port, err := gostengine.StartOCSP(s.Dir, filepath.Join(s.Dir, "openssl.cnf"), "-index", "ca.index.txt",
		"-rsigner", "ocsp.pem", "-rkey", "ocsp.key.pem", "-CA", "ca.pem", "-rmd", "md_gost12_256", "-ndays", "1", "-ignore_err")
	if err != nil {
		return err
	}
	s.ocsp = cmd
	s.OCSP = "http://127.0.0.1:" + strconv.Itoa(port) + "/"
	return nil
}

// serveTSA answers a TimeStampReq as the path's mode says.
func (s *Servers) serveTSA(w http.ResponseWriter, r *http.Request) {
	mode := strings.TrimPrefix(r.URL.Path, "/")
	if r.Method != http.MethodPost || mode == NotFound {
		http.NotFound(w, r)
		return
	}
	query, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	resp, err := s.reply(mode, query)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/timestamp-reply")
	w.Write(resp)
}

func (s *Servers) reply(mode string, query []byte) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	section, signer := "tsa_gost", "tsa"
	switch mode {
	case Good:
	case Reject:
		section = "tsa_sha256only"
	case WrongNonce, OtherImprint:
		req, err := tsp.ParseRequest(query)
		if err != nil {
			return nil, err
		}
		if mode == WrongNonce {
			if req.Nonce == nil {
				return nil, errors.New("no nonce to change")
			}
			req.Nonce = new(big.Int).Add(req.Nonce, big.NewInt(1))
		} else {
			req.HashedMessage = bytes.Clone(req.HashedMessage)
			req.HashedMessage[0] ^= 0xff
		}
		if query, err = req.Marshal(); err != nil {
			return nil, err
		}
	case NoEKU:
		section = "tsa_noname"
	default:
		return nil, fmt.Errorf("unknown mode %q", mode)
	}
	if err := os.WriteFile(filepath.Join(s.Dir, "q.tsq"), query, 0o600); err != nil {
		return nil, err
	}
	args := []string{"ts", "-reply", "-config", "openssl.cnf", "-section", section, "-queryfile", "q.tsq",
		"-signer", signer + ".pem", "-inkey", signer + ".key.pem", "-chain", "ca.pem", "-out", "r.tsr"}
	if mode == NoEKU {
		args = append(args[:len(args)-2], "-token_out", "-out", "t.tst")
	}
	if _, err := s.openssl(nil, args...); err != nil {
		return nil, err
	}
	if mode != NoEKU {
		return os.ReadFile(filepath.Join(s.Dir, "r.tsr"))
	}
	// openssl ts -reply refuses a certificate without the EKU: its TSTInfo
	// is signed by tsa_noeku with openssl cms, as testdata/cades/gen.sh does.
	if _, err := s.openssl(nil, "cms", "-verify", "-inform", "DER", "-in", "t.tst", "-noverify", "-binary", "-out", "tstinfo.der"); err != nil {
		return nil, err
	}
	if _, err := s.openssl(nil, "cms", "-sign", "-binary", "-nodetach", "-nosmimecap", "-cades", "-md", "md_gost12_256",
		"-econtent_type", "1.2.840.113549.1.9.16.1.4", "-signer", "tsa_noeku.pem", "-inkey", "tsa_noeku.key.pem",
		"-certfile", "ca.pem", "-in", "tstinfo.der", "-outform", "DER", "-out", "t2.tst"); err != nil {
		return nil, err
	}
	tok, err := os.ReadFile(filepath.Join(s.Dir, "t2.tst"))
	if err != nil {
		return nil, err
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { b.AddASN1Int64(0) })
		b.AddBytes(tok)
	})
	return b.Bytes()
}
