package main

import (
	"crypto/x509"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// verifyFlags are the flags of verify and batch — a contract that scripts
// rely on — registered in groups, so that each command registers only the
// flags it uses.
type verifyFlags struct {
	roots      []string
	certs      []string
	offline    bool
	revocation string
	at         string
	cacheDir   string
	timeout    time.Duration
	budget     time.Duration
	json       bool
	lang       string
	// requireNonce makes a missing OCSP nonce echo an error.
	requireNonce bool

	// The list of accredited CAs and the policy (tsllist.go).
	tslFile            string
	tslMaxAge          time.Duration
	tslAge             bool // --tsl-max-age is registered
	acceptUnsignedList bool
	policy             string

	// Powers of attorney (poacmd.go).
	poa poaFlags
}

// register adds every group: the flags of verify and batch.
func (f *verifyFlags) register(fs *pflag.FlagSet) {
	f.registerTrust(fs)
	f.registerNetwork(fs)
	f.registerRevocation(fs)
	f.registerBudget(fs)
	f.registerPolicy(fs)
	f.registerTSL(fs)
	f.registerJSON(fs)
}

// registerTrust adds --roots, --certs and --at: what a path is built from
// and when.
func (f *verifyFlags) registerTrust(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.roots, "roots", nil, "trust anchors: PEM/DER certificate, .p7b/.p7c bundle or directory (repeatable; replaces the default store)")
	f.registerCerts(fs)
	f.registerAt(fs)
}

func (f *verifyFlags) registerCerts(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.certs, "certs", nil, "extra certificates: signers and intermediates, same forms as --roots, directories searched recursively (repeatable)")
}

func (f *verifyFlags) registerAt(fs *pflag.FlagSet) {
	fs.StringVar(&f.at, "at", "", "validation time, RFC 3339 (default now): certificate paths are validated at it, and revocation data must speak for it")
}

// registerNetwork adds --offline, --cache-dir and --timeout.
func (f *verifyFlags) registerNetwork(fs *pflag.FlagSet) {
	fs.BoolVar(&f.offline, "offline", false, "use no network at all")
	f.registerCacheDir(fs)
	fs.DurationVar(&f.timeout, "timeout", 15*time.Second, "timeout of each network request")
}

func (f *verifyFlags) registerCacheDir(fs *pflag.FlagSet) {
	fs.StringVar(&f.cacheDir, "cache-dir", "", "cache of downloaded certificates, OCSP responses, CRLs and the list of accredited CAs (default $XDG_CACHE_HOME/gostverify)")
}

// registerBudget adds --network-budget (verify and batch).
func (f *verifyFlags) registerBudget(fs *pflag.FlagSet) {
	fs.DurationVar(&f.budget, "network-budget", verify.DefaultNetworkBudget, "network time all requests for one signature file may take together (0: no bound)")
}

// registerRevocation adds --revocation and --require-nonce.
func (f *verifyFlags) registerRevocation(fs *pflag.FlagSet) {
	fs.StringVar(&f.revocation, "revocation", "ocsp,crl", "revocation check: ocsp,crl | ocsp | crl | none")
	f.registerNonce(fs)
}

func (f *verifyFlags) registerNonce(fs *pflag.FlagSet) {
	fs.BoolVar(&f.requireNonce, "require-nonce", false, "reject OCSP responses that do not echo the request's nonce")
}

// registerLang adds --lang.
func (f *verifyFlags) registerLang(fs *pflag.FlagSet) {
	fs.StringVar(&f.lang, "lang", "", "language of reasons, notes, warnings and hints: ru or en (default from LC_ALL, LC_MESSAGES, LANG)")
}

func (f *verifyFlags) registerJSON(fs *pflag.FlagSet) {
	fs.BoolVar(&f.json, "json", false, "print the result as JSON")
}

// usageError is a command-line mistake: exit code 3 with the message.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func (f *verifyFlags) check() error {
	switch f.revocation {
	case "", "ocsp,crl", "ocsp", "crl", "none":
	default:
		return &usageError{f.language().Sprintf(i18n.ErrRevocationValue, f.revocation)}
	}
	if _, err := i18n.Parse(f.lang); err != nil {
		return &usageError{i18n.FromEnv().Sprintf(i18n.ErrLangValue, f.lang)}
	}
	if f.at != "" {
		if _, err := time.Parse(time.RFC3339, f.at); err != nil {
			return &usageError{f.language().Sprintf(i18n.ErrAtValue, f.at)}
		}
	}
	return f.checkTSL()
}

func loadAll(paths []string) ([]*x509.Certificate, error) {
	var all []*x509.Certificate
	for _, p := range paths {
		certs, err := chain.LoadCertificates(p)
		if err != nil {
			return nil, err
		}
		all = append(all, certs...)
	}
	return all, nil
}
