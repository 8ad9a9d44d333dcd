//go:build ignore

// serve_load measures `gostverify serve` under load, from a second
// process on loopback: N verifications of a small signature, C at once,
// with revocation checked by a real `openssl ocsp` on 127.0.0.1. It
// reports throughput, p50/p99 latency, the server's peak RSS (VmHWM of
// /proc/PID/status) and its goroutines and open file descriptors before and after (from
// /metrics), which must not grow.
//
// Needs Go and openssl with gost-engine (libengine-gost-openssl), on
// Linux. Run by hand, from the repository:
//
//	go run bench/serve_load.go [-n 200] [-c 200] [-concurrency 0] [-keep]
//
// It makes a fresh PKI and signatures with testdata/cms/gen.sh whose AIA,
// OCSP and CRL URLs name one port on 127.0.0.1 (about 5 s), where the
// root's CRL (openssl ca -gencrl) is served and OCSP requests are relayed
// to `openssl ocsp`; builds gostverify; starts `gostverify serve
// --fetch-allow 127.0.0.1/32 --policy basic --queue-wait 5m`; warms up
// with 10 verifications; runs the load; stops the server with SIGTERM
// (it must exit cleanly) and prints the figures and the load's counters
// from /metrics. The disk cache starts empty: by default the responder is
// asked once and its answer then read from the cache, as a running server
// does; -nocache (--revocation ocsp --require-nonce: an answer must echo
// the request's nonce, so none is taken from the cache) makes every
// verification ask the responder.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 200, "verifications")
	c := flag.Int("c", 200, "verifications at once")
	conc := flag.Int("concurrency", 0, "the server's --concurrency (0: its default, 2 × CPUs)")
	nocache := flag.Bool("nocache", false, "--require-nonce: every verification asks the responder")
	keep := flag.Bool("keep", false, "keep the work directory")
	flag.Parse()
	work, err := os.MkdirTemp("", "serve-load-")
	check(err)
	if !*keep {
		defer os.RemoveAll(work)
	} else {
		fmt.Println("work directory:", work)
	}

	ocspPort := freePort() // the port the certificates' URLs name
	// Fixtures whose AIA, OCSP and CRL URLs name the responder's port.
	gen, err := os.ReadFile("testdata/cms/gen.sh")
	check(err)
	gen = bytes.ReplaceAll(gen, []byte("127.0.0.1:1/"), []byte(fmt.Sprintf("127.0.0.1:%d/", ocspPort)))
	check(os.WriteFile(filepath.Join(work, "gen.sh"), gen, 0o755))
	fx := filepath.Join(work, "fx")
	run("bash", filepath.Join(work, "gen.sh"), fx)
	bin := filepath.Join(work, "gostverify")
	run("go", "build", "-o", bin, "./cmd/gostverify")

	// The responder: the sub CA's index, signing its own answers.
	pki := filepath.Join(fx, "pki")
	index, err := os.ReadFile(filepath.Join(pki, "sub.index.txt"))
	check(err)
	check(os.WriteFile(filepath.Join(pki, "index.txt"), index, 0o600))
	conf := filepath.Join(work, "engine.cnf")
	check(os.WriteFile(conf, []byte("openssl_conf = openssl_init\n[openssl_init]\nengines = engines\n[engines]\ngost = gost\n[gost]\nengine_id = gost\ndefault_algorithms = ALL\n"), 0o600))
	// The root's CRL, for the sub CA's revocation status (it has no OCSP
	// URL), made by openssl ca -gencrl.
	conf0 := "[ca]\ndefault_ca = ca_root\n[ca_root]\ndatabase = root.index.txt\ncrlnumber = crlnumber\n" +
		"default_md = md_gost12_512\ndefault_crl_days = 1\ncrl_extensions = crl_ext\n[crl_ext]\nauthorityKeyIdentifier = keyid:always\n"
	check(os.WriteFile(filepath.Join(pki, "rootca.cnf"), []byte(conf0), 0o600))
	check(os.WriteFile(filepath.Join(pki, "crlnumber"), []byte("01\n"), 0o600))
	runIn(pki, "openssl", "ca", "-engine", "gost", "-gencrl", "-keyfile", "root.key.pem", "-cert", "root.pem", "-config", "rootca.cnf", "-out", "root.crl.pem")
	runIn(pki, "openssl", "crl", "-in", "root.crl.pem", "-outform", "DER", "-out", "root.crl")
	// The URLs' port: the root's CRL and the CAs' certificates from the
	// files, everything else (POST /ocsp) relayed to the real responder.
	inner := freePort()
	relay := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: fmt.Sprintf("127.0.0.1:%d", inner)})
	front := &http.Server{Addr: fmt.Sprintf("127.0.0.1:%d", ocspPort), Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/root.crl", "/root.cer", "/sub.cer":
			http.ServeFile(w, r, filepath.Join(pki, strings.TrimPrefix(r.URL.Path, "/")))
		default:
			r.URL.Path = "/" // openssl ocsp reads GET requests from the whole path
			relay.ServeHTTP(w, r)
		}
	})}
	go front.ListenAndServe()
	defer front.Close()
	ocsp := exec.Command("openssl", "ocsp", "-index", "index.txt", "-port", strconv.Itoa(inner),
		"-rsigner", "sub.pem", "-rkey", "sub.key.pem", "-CA", "sub.pem", "-ndays", "1", "-ignore_err")
	ocsp.Dir, ocsp.Env = pki, append(os.Environ(), "OPENSSL_CONF="+conf)
	out, err := ocsp.StdoutPipe()
	check(err)
	check(ocsp.Start())
	defer func() { ocsp.Process.Kill(); ocsp.Wait() }()
	waitLine(out, "ACCEPT")

	port := freePort()
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	args := []string{"serve", "--listen", fmt.Sprintf("127.0.0.1:%d", port), "--fetch-allow", "127.0.0.1/32",
		"--roots", filepath.Join(pki, "root.pem"), "--certs", filepath.Join(pki, "sub.pem"), "--cache-dir", filepath.Join(work, "cache"), "--queue-wait", "5m",
		"--policy", "basic", "--log-format", "json"}
	if *conc > 0 {
		args = append(args, "--concurrency", strconv.Itoa(*conc))
	}
	if *nocache {
		args = append(args, "--revocation", "ocsp", "--require-nonce")
	}
	srv := exec.Command(bin, args...)
	logFile, err := os.Create(filepath.Join(work, "serve.log"))
	check(err)
	srv.Stdout, srv.Stderr = logFile, logFile
	check(srv.Start())
	for i := 0; ; i++ {
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			break
		}
		if i > 100 {
			fail("the server did not start; see %s", logFile.Name())
		}
		time.Sleep(50 * time.Millisecond)
	}

	sig, err := os.ReadFile(filepath.Join(fx, "contract.txt.attached_2012_256.sig"))
	check(err)
	tr := &http.Transport{MaxIdleConnsPerHost: *c, MaxConnsPerHost: *c}
	client := &http.Client{Transport: tr, Timeout: 10 * time.Minute}
	verifyOnce := func() (*http.Response, error) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		w, _ := mw.CreateFormFile("signature", "contract.txt.sig")
		w.Write(sig)
		mw.Close()
		return client.Post(base+"/v1/verify", mw.FormDataContentType(), &b)
	}
	// Warm up: the server's own keep-alive connections to the responder
	// and the CRL server are open after this, as they are in service;
	// growth is counted from here.
	for i := 0; i < 10; i++ {
		resp, err := verifyOnce()
		check(err)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	tr.CloseIdleConnections()
	time.Sleep(2 * time.Second)
	before := metrics(base)
	lat := make([]time.Duration, *n)
	statuses := map[string]int{}
	example := "" // the first answer that is not a valid verdict
	var mu sync.Mutex
	sem := make(chan struct{}, *c)
	var wg sync.WaitGroup
	start := time.Now()
	for i := 0; i < *n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			t0 := time.Now()
			resp, err := verifyOnce()
			key := "error"
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				key = fmt.Sprintf("HTTP %d %s", resp.StatusCode, resp.Header.Get("Gostverify-Status"))
				mu.Lock()
				if key != "HTTP 200 valid" && example == "" {
					example = string(body)
				}
				mu.Unlock()
			}
			lat[i] = time.Since(t0)
			mu.Lock()
			statuses[key]++
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	wall := time.Since(start)
	tr.CloseIdleConnections()
	time.Sleep(2 * time.Second) // the server closes its side, requests' goroutines end
	after := metrics(base)

	// The peak RSS, as the kernel counts it (VmHWM), before the server ends.
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", srv.Process.Pid))
	check(err)
	rss := regexp.MustCompile(`VmHWM:\s+(\d+) kB`).FindStringSubmatch(string(status))
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		fail("the server did not end cleanly on SIGTERM: %v", err)
	}
	logFile.Close()

	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) time.Duration { return lat[int(p*float64(len(lat)-1))].Round(time.Millisecond) }
	fmt.Printf("verifications: %d, %d at once (server concurrency %s), answers: %v\n", *n, *c, orDefault(*conc), statuses)
	fmt.Printf("wall %.2fs, throughput %.1f/s, latency p50 %v p99 %v max %v\n", wall.Seconds(), float64(*n)/wall.Seconds(), pct(0.50), pct(0.99), lat[len(lat)-1].Round(time.Millisecond))
	if rss != nil {
		kb, _ := strconv.Atoi(rss[1])
		fmt.Printf("server peak RSS %.1f MiB\n", float64(kb)/1024)
	}
	for _, m := range []string{"go_goroutines", "process_open_fds"} {
		fmt.Printf("%s before %v after %v\n", m, before[m], after[m])
	}
	for k, v := range after {
		v -= before[k] // the load's own
		if strings.HasPrefix(k, "gostverify_fetches_total") || strings.HasPrefix(k, "gostverify_cache_hits_total") || strings.HasPrefix(k, "gostverify_outgoing") || strings.HasPrefix(k, "gostverify_verdicts_total") {
			fmt.Printf("%s %v\n", k, v)
		}
	}
	if example != "" {
		fmt.Printf("an answer that is not valid:\n%.1500s\n", example)
	}
	if after["go_goroutines"] > before["go_goroutines"]+2 || after["process_open_fds"] > before["process_open_fds"]+2 {
		fail("goroutines or file descriptors grew")
	}
}

func orDefault(n int) string {
	if n == 0 {
		return "default"
	}
	return strconv.Itoa(n)
}

// metrics reads the server's /metrics as name{labels} → value.
func metrics(base string) map[string]float64 {
	resp, err := http.Get(base + "/metrics")
	check(err)
	defer resp.Body.Close()
	m := map[string]float64{}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err == nil {
			m[line[:i]] = v
		}
	}
	return m
}

func waitLine(r io.Reader, prefix string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), prefix) {
			go io.Copy(io.Discard, r)
			return
		}
	}
	fail("openssl ocsp did not start")
}

func freePort() int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func run(name string, args ...string) { runIn("", name, args...) }

func runIn(dir, name string, args ...string) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		fail("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func check(err error) {
	if err != nil {
		fail("%v", err)
	}
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "serve_load: "+format+"\n", args...)
	os.Exit(1)
}
