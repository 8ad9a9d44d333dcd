package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/poa"
	serveapi "github.com/gostverify/gostverify/serve"
	"github.com/gostverify/gostverify/verify"
)

const serveUsage = `usage: gostverify serve [flags]

Serves an HTTP API (under /v1/, described at /v1/openapi.json) and a web
page (at /) that verify signatures, documents with their signatures and zip
archives as verify and batch do, with the trust, network and policy flags
below applied to every request. /healthz, /readyz and /metrics
(Prometheus) are for operations. Stops gracefully on SIGINT or SIGTERM.

Downloads that uploaded signatures trigger (issuer certificates, OCSP,
CRLs, the МЧД registry) go only to public addresses unless --fetch-allow
names a network. The API takes a bearer token when --token-file or
GOSTVERIFY_TOKEN gives one. Uploads are deleted once they are checked.

flags:
`

// serveFlags are verify's trust, network and policy flags and serve's own.
type serveFlags struct {
	verifyFlags
	listen         string
	fetchAllow     []string
	tlsCert        string
	tlsKey         string
	tokenFile      string
	logFormat      string
	maxUpload      string
	maxArchive     string
	concurrency    int
	queueWait      time.Duration
	maxJobs        int
	requestTimeout time.Duration
	jobTTL         time.Duration
	readTimeout    time.Duration
}

func (f *serveFlags) register(fs *pflag.FlagSet) {
	f.registerTrust(fs)
	f.registerNetwork(fs)
	f.registerRevocation(fs)
	f.registerBudget(fs)
	f.registerPolicy(fs)
	f.registerTSL(fs)
	f.poa.registerRegistry(fs)
	fs.StringVar(&f.lang, "lang", "", "language of the answers when a request names none: ru or en (default from LANG)")
	fs.StringVar(&f.listen, "listen", "127.0.0.1:8080", "address to listen on")
	fs.StringArrayVar(&f.fetchAllow, "fetch-allow", nil, "allow downloads to this network (CIDR or address) although it is not public (repeatable)")
	fs.StringVar(&f.tlsCert, "tls-cert", "", "serve HTTPS with this certificate (PEM; with --tls-key)")
	fs.StringVar(&f.tlsKey, "tls-key", "", "the private key of --tls-cert (PEM)")
	fs.StringVar(&f.tokenFile, "token-file", "", "require this file's content as a bearer token on the API (default: $GOSTVERIFY_TOKEN, if set)")
	fs.StringVar(&f.logFormat, "log-format", "text", "log lines on stderr: text or json")
	fs.StringVar(&f.maxUpload, "max-upload", "64M", "largest request to verify, show or check (K, M, G suffixes)")
	fs.StringVar(&f.maxArchive, "max-archive", "1G", "largest archive job upload (K, M, G suffixes)")
	fs.IntVar(&f.concurrency, "concurrency", 0, "verifications at once; more wait briefly, then get 503 (default 2 × CPUs)")
	fs.DurationVar(&f.queueWait, "queue-wait", 2*time.Second, "how long a verification request waits for a free slot before it gets 503")
	fs.IntVar(&f.maxJobs, "max-jobs", 2, "archive jobs at once; more get 429")
	fs.DurationVar(&f.requestTimeout, "request-timeout", 2*time.Minute, "time limit of a verification request")
	fs.DurationVar(&f.jobTTL, "job-ttl", time.Hour, "how long a finished job's report is kept")
	fs.DurationVar(&f.readTimeout, "read-timeout", 5*time.Minute, "time limit for reading a whole request, upload included")
}

// config checks the flags and makes the server's options.
func (f *serveFlags) config() (serveapi.Limits, []netip.Prefix, string, error) {
	var lim serveapi.Limits
	l := f.language()
	for _, sz := range []struct {
		flag, value string
		n           *int64
	}{{"--max-upload", f.maxUpload, &lim.MaxUpload}, {"--max-archive", f.maxArchive, &lim.MaxArchive}} {
		n, ok := parseSize(sz.value)
		if !ok {
			return lim, nil, "", &usageError{l.Sprintf(i18n.ErrSizeValue, sz.flag, sz.value)}
		}
		*sz.n = n
	}
	lim.Concurrency, lim.QueueWait, lim.MaxJobs, lim.RequestTimeout, lim.JobTTL = f.concurrency, f.queueWait, f.maxJobs, f.requestTimeout, f.jobTTL
	var allow []netip.Prefix
	for _, a := range f.fetchAllow {
		p, err := fetch.ParsePrefix(a)
		if err != nil {
			return lim, nil, "", &usageError{fmt.Sprintf("--fetch-allow %q: a CIDR (127.0.0.1/32) or an address is expected", a)}
		}
		allow = append(allow, p)
	}
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return lim, nil, "", &usageError{"--tls-cert and --tls-key go together"}
	}
	if f.logFormat != "text" && f.logFormat != "json" {
		return lim, nil, "", &usageError{fmt.Sprintf("--log-format %q: text or json", f.logFormat)}
	}
	token := os.Getenv("GOSTVERIFY_TOKEN")
	if f.tokenFile != "" {
		data, err := os.ReadFile(f.tokenFile)
		if err != nil {
			return lim, nil, "", err
		}
		token = strings.TrimSpace(string(data))
		if token == "" {
			return lim, nil, "", fmt.Errorf("%s: the token file is empty", f.tokenFile)
		}
	}
	return lim, allow, token, nil
}

func runServe(args []string, stdout, stderr io.Writer) int {
	var f serveFlags
	cmd := command{name: "serve", usage: serveUsage, maxArgs: 0, needs: i18n.NeedsNothing}
	_, code, ok := cmd.parse(args, stderr, f.register)
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	lim, allow, token, err := f.config()
	if err != nil {
		return cmd.fail(stderr, err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	opts, err := f.serveOptions(stderr)
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	opts.Limits, opts.Token, opts.Guard = lim, token, &fetch.Guard{Allow: allow}
	var h slog.Handler = slog.NewTextHandler(stderr, nil)
	if f.logFormat == "json" {
		h = slog.NewJSONHandler(stderr, nil)
	}
	opts.Logger = slog.New(h)
	if f.revocation == "none" {
		fmt.Fprintf(stderr, "gostverify: warning: %s\n", f.language().Sprintf(i18n.WarnNoRevocation))
	}
	s, err := serveapi.New(opts)
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	err = serveapi.Listen(ctx, f.listen, s, serveapi.HTTPOptions{TLSCert: f.tlsCert, TLSKey: f.tlsKey, ReadTimeout: f.readTimeout,
		WriteTimeout: f.requestTimeout + time.Minute,
		Listening:    func(a net.Addr) { fmt.Fprintf(stdout, "gostverify: serving on %s\n", a) }})
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	return exitValid
}

// serveOptions builds, once, what every request's Verifier shares: the
// trust anchors, extra certificates, revocation clients and the list of
// accredited CAs, as verify and batch build them from the same flags.
func (f *serveFlags) serveOptions(stderr io.Writer) (serveapi.Options, error) {
	t, err := f.trust()
	if err != nil {
		return serveapi.Options{}, err
	}
	list, _, err := f.loadList(t, stderr)
	if err != nil {
		return serveapi.Options{}, err
	}
	opts := serveapi.Options{Lang: f.language(), Version: version()}
	opts.Verify = func(p serveapi.Params) verify.Options {
		vo := t.verifyOptions(&f.verifyFlags)
		if f.at == "" {
			vo.Time = time.Time{} // each request at its own now
		}
		// An AIA remembers every URL it asked for its lifetime: one per
		// request, sharing the client and the disk cache.
		vo.AIA = &chain.AIA{Client: t.aia.Client, CacheDir: t.aia.CacheDir}
		vo.Registry = f.poa.registryFor(&f.verifyFlags)
		if list != nil {
			vo.TSL = list.list
		}
		return vo
	}
	if list != nil {
		tf := &tslFlags{verifyFlags: f.verifyFlags}
		opts.TSL = func(query string) (any, error) {
			out := tslShowJSON{List: tf.describe(list, time.Now()), Query: query, CAs: []tslCAJSON{}}
			for _, ca := range list.list.CAs {
				if matches(ca, query) {
					out.CAs = append(out.CAs, caJSON(ca))
				}
			}
			return out, nil
		}
	}
	// The server caps the upload at the size poa show reads.
	opts.POA = func(name string, data []byte, l i18n.Lang) (any, error) {
		p, err := poa.Parse(data, filepath.Base(name), poa.Limits{})
		if err != nil {
			return nil, err
		}
		return poaViewOf(name, p), nil
	}
	return opts, nil
}
