package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/tsl"
	"github.com/gostverify/gostverify/verify"
)

const tslUsage = `usage: gostverify tsl update [flags]
       gostverify tsl show [flags] [QUERY]

Keeps the Минцифры list of accredited certification authorities, which the
qualified status of a signature is decided with.

update downloads the list (--url, default the e-trust.gosuslugi.ru address)
or reads it (--tsl FILE), checks its XMLDSig signature and that its signer's
certificate leads to a trust anchor, and stores it in the cache directory,
where verify and batch find it, with a mark of that check (tsl.verified.json)
so that they need not check the same bytes against the same trust anchors
again; they still check the signer's path. A list older than the one stored
is not stored.

show prints the CAs of the stored list (or of --tsl FILE): name, INN, OGRN,
the current status and since when, and the history of statuses; QUERY keeps
the CAs whose name, INN, OGRN or registry number contains it.

A list whose signature does not hold is refused; --accept-unsigned-list
accepts it anyway, with a warning each time: what it says then proves
nothing. A list older than --tsl-max-age gives a warning.

flags:
`

// tslFlags are the flags of tsl update and tsl show.
type tslFlags struct {
	verifyFlags
	url      string
	download time.Duration
}

// registerCommon adds the flags of both subcommands.
func (f *tslFlags) registerCommon(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.roots, "roots", nil, "trust anchors the list's signer must lead to: PEM/DER certificate, .p7b/.p7c bundle or directory (repeatable; replaces the default store)")
	f.registerCerts(fs)
	fs.BoolVar(&f.offline, "offline", false, "use no network at all (the signer's issuers are not downloaded)")
	f.registerCacheDir(fs)
	fs.StringVar(&f.tslFile, "tsl", "", "a list file to use instead of the one stored in the cache directory")
	f.registerMaxAge(fs)
	f.registerAcceptUnsigned(fs)
	f.registerJSON(fs)
	f.registerLang(fs)
}

func runTSL(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "gostverify: error: %s\n%s", i18n.FromEnv().Sprintf(i18n.NeedsTSL, "tsl"), tslUsage)
		return exitUsage
	}
	switch args[0] {
	case "update":
		return runTSLUpdate(args[1:], stdout, stderr)
	case "show":
		return runTSLShow(args[1:], stdout, stderr)
	case "--help", "-h", "help":
		fmt.Fprint(stderr, tslUsage)
		return exitValid
	}
	fmt.Fprintf(stderr, "gostverify: error: %s\n%s", i18n.FromEnv().Sprintf(i18n.ErrTSLSubcommand, args[0]), tslUsage)
	return exitUsage
}

// tslUpdateJSON is what `gostverify tsl update --json` prints.
type tslUpdateJSON struct {
	List     tslListJSON  `json:"list"`
	Download *tslDownload `json:"download,omitempty"`
	// Stored is the file the list was stored in; Kept, when set, is the
	// newer edition already stored, which was kept instead.
	Stored string      `json:"stored"`
	Kept   *tslEdition `json:"kept,omitempty"`
	// SignerRevocation is the revocation status of the list's signer's
	// certificate, checked now; nil with --offline or an unverified list.
	SignerRevocation *verify.Revocation `json:"signer_revocation,omitempty"`
}

type tslDownload struct {
	URL        string `json:"url"`
	HTTPStatus int    `json:"http_status"`
	Bytes      int64  `json:"bytes"`
	ElapsedMS  int64  `json:"elapsed_ms"`
}

type tslEdition struct {
	Version int64     `json:"version"`
	Date    time.Time `json:"date"`
}

// tslListJSON describes a list that was read.
type tslListJSON struct {
	Version int64     `json:"version"`
	Date    time.Time `json:"date"`
	// Source is the file or URL it was read from.
	Source string `json:"source"`
	// Signature is "verified" (it holds and its signer leads to a trust
	// anchor) or "not_verified" (accepted with --accept-unsigned-list,
	// SignatureError saying why it does not hold).
	Signature      string `json:"signature"`
	SignatureError string `json:"signature_error,omitempty"`
	Signer         string `json:"signer,omitempty"`
	CACount        int    `json:"ca_count"`
	// AgeDays is how old the list is (whole days since its date,
	// negative for a list dated later than now); Old is set when that is
	// more than --tsl-max-age.
	AgeDays int  `json:"age_days"`
	Old     bool `json:"old"`
}

func (f *tslFlags) describe(ll *loadedList, now time.Time) tslListJSON {
	l := ll.list
	j := tslListJSON{Version: l.Version, Date: l.Date, Source: ll.from, Signature: "verified", CACount: len(l.CAs),
		AgeDays: int(l.Age(now) / (24 * time.Hour))}
	if l.Signature != nil {
		j.Signer = l.Signature.Subject
	}
	if l.SignatureErr != nil {
		j.Signature, j.SignatureError = "not_verified", listErrorIn(f.language(), l.SignatureErr)
	}
	j.Old = l.Age(now) > f.tslMaxAge
	return j
}

// writeHeader prints the edition, signer and count of a list.
func (f *tslFlags) writeHeader(w io.Writer, ll *loadedList, now time.Time) {
	l, lang := ll.list, f.language()
	fmt.Fprintln(w, lang.Sprintf(i18n.TSLEdition, l.Version, listDate(l.Date)))
	if age := l.Age(now); age >= 0 {
		fmt.Fprintln(w, lang.Sprintf(i18n.TSLAge, span(age)))
	}
	switch {
	case l.SignatureErr != nil:
		fmt.Fprintln(w, lang.Sprintf(i18n.TSLNotSigned, listErrorIn(lang, l.SignatureErr)))
	case l.Signature != nil:
		fmt.Fprintln(w, lang.Sprintf(i18n.TSLSignedBy, l.Signature.Subject))
	}
}

// signerStatus checks, unless --offline, the revocation status of the
// signer of a list whose signature holds (and of its CAs), now, by OCSP
// then CRLs: a revoked certificate refuses the list; a status no source
// could give is a warning, as is --offline.
func (f *tslFlags) signerStatus(t *trust, l *tsl.List, warn func(string)) (*verify.Revocation, error) {
	lang := f.language()
	if l.Signature == nil || l.SignatureErr != nil {
		return nil, nil
	}
	if f.offline {
		warn(lang.Sprintf(i18n.WarnTSLSignerOff))
		return nil, nil
	}
	ocsp, crl := f.revocationClients("ocsp,crl")
	v := verify.New(verify.Options{Roots: t.roots, Certificates: t.certs, AIA: t.aia, Lang: lang, OCSP: ocsp, CRL: crl})
	r := v.CheckCertificate(context.Background(), l.Signature.Certificate, l.Signature.Others)
	switch {
	case r.Status == verify.Valid:
		return &r.Revocation, nil
	case r.Status == verify.Invalid, r.SubIndication == verify.RevokedCANoPOE, r.SubIndication == verify.RevokedNoPOE:
		return nil, &listError{err: signerStatusError{r.Reason}}
	}
	warn(lang.Sprintf(i18n.WarnTSLSignerState, r.Reason))
	return &r.Revocation, nil
}

// signerStatusError: the list's signer's certificate is revoked, or was
// found otherwise invalid, now.
type signerStatusError struct{ reason string }

func (e signerStatusError) Error() string { return e.In(i18n.English) }

func (e signerStatusError) In(l i18n.Lang) string {
	return l.Sprintf(i18n.ErrTSLSignerStatus, e.reason)
}

// trustForList is what the list's signer's path is built from: --roots
// (else the default store), --certs, and AIA downloads unless --offline.
func (f *tslFlags) trustForList() (*trust, error) {
	v := f.verifyFlags
	v.revocation, v.timeout = "", 0 // no revocation clients; AIA with the fetch default timeout
	return v.trust()
}

const tslUpdateUsage = `usage: gostverify tsl update [flags]

Downloads the Минцифры list of accredited CAs (--url) or reads it (--tsl
FILE), checks its signature, its signer's path to the trust anchors and,
unless --offline, its signer's revocation status (OCSP, then CRLs: revoked
refuses the list; unknown is a warning), and stores it in the cache
directory, where verify and batch find it, with the parsed list beside it
for fast reading. Prints its version, date, signer and number of CAs.

flags:
`

func runTSLUpdate(args []string, stdout, stderr io.Writer) int {
	var f tslFlags
	cmd := command{name: "tsl update", usage: tslUpdateUsage, maxArgs: 0, needs: i18n.NeedsTSLUpdate}
	flags, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		fs.StringVar(&f.url, "url", tsl.DefaultURL, "where to download the list from (http or https)")
		fs.DurationVar(&f.download, "timeout", tsl.FetchTimeout, "timeout of the download (the list is tens of megabytes)")
		f.registerCommon(fs)
	})
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	lang := f.language()
	if flags.Changed("url") && f.tslFile != "" {
		return cmd.fail(stderr, &usageError{lang.Sprintf(i18n.ErrTSLURLAndFile)})
	}
	warn := func(msg string) { fmt.Fprintf(stderr, "gostverify: warning: %s\n", msg) }
	if f.acceptUnsignedList {
		warn(lang.Sprintf(i18n.WarnAcceptUnsigned))
	}
	t, err := f.trustForList()
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	var (
		data []byte
		from = f.tslFile
		dl   *tslDownload
	)
	if f.tslFile != "" {
		if data, err = readListFile(f.tslFile); err != nil {
			return cmd.errorExit(stderr, err)
		}
	} else {
		from = f.url
		client := &fetch.Client{Timeout: f.download, Offline: f.offline}
		var att fetch.Attempt
		data, att, err = tsl.Fetch(context.Background(), client, f.url)
		if err != nil {
			return cmd.errorExit(stderr, &listError{err: err})
		}
		dl = &tslDownload{URL: att.URL, HTTPStatus: att.Status, Bytes: att.Bytes, ElapsedMS: att.Elapsed.Milliseconds()}
	}
	ll, err := f.readList(t, data, from)
	if err != nil {
		if hintSigner(err) {
			defer fmt.Fprintf(stderr, "gostverify: hint: %s\n", lang.Sprintf(i18n.HintTSLSigner))
		}
		return cmd.errorExit(stderr, err)
	}
	f.listWarnings(ll, warn, stderr)
	signer, err := f.signerStatus(t, ll.list, warn)
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	dir := cacheDir(f.cacheDir)
	out := tslUpdateJSON{Download: dl, Stored: filepath.Join(dir, tsl.File), SignerRevocation: signer}
	var stale *tsl.StaleError
	if _, err := tsl.StoreVerified(dir, data, ll.list, anchorsDigest(t), time.Now()); errors.As(err, &stale) {
		out.Kept = &tslEdition{Version: stale.Stored.Version, Date: stale.Stored.Date}
		warn(lang.Sprintf(i18n.WarnListKept, stale.Stored.Version, listDate(stale.Stored.Date), stale.New.Version, listDate(stale.New.Date)))
	} else if err != nil {
		return cmd.errorExit(stderr, err)
	}
	now := time.Now()
	out.List = f.describe(ll, now)
	if f.json {
		if err := writeJSON(stdout, out); err != nil {
			return cmd.errorExit(stderr, err)
		}
		return exitValid
	}
	f.writeHeader(stdout, ll, now)
	if signer != nil && signer.Status == "good" {
		fmt.Fprintln(stdout, lang.Sprintf(i18n.TSLSignerGood, signer.Source, signer.URL))
	}
	fmt.Fprintln(stdout, lang.Sprintf(i18n.TSLCount, len(ll.list.CAs)))
	if dl != nil {
		fmt.Fprintln(stdout, lang.Sprintf(i18n.TSLDownloaded, dl.URL, dl.HTTPStatus, dl.Bytes))
	} else {
		fmt.Fprintln(stdout, lang.Sprintf(i18n.TSLReadFrom, from))
	}
	if out.Kept == nil {
		fmt.Fprintln(stdout, lang.Sprintf(i18n.TSLStored, out.Stored))
	}
	return exitValid
}

// hintSigner reports whether err is a list refused for its signer, which
// --roots or --certs may help with.
func hintSigner(err error) bool {
	var se *tsl.SignatureError
	return errors.As(err, &se) && se.Reason == tsl.SignerRejected
}

const tslShowUsage = `usage: gostverify tsl show [flags] [QUERY]

Prints the CAs of the list stored by 'gostverify tsl update' (or of --tsl
FILE), its signature checked again: name, INN, OGRN, registry number, the
current status and since when, and the history of statuses. QUERY keeps
the CAs whose name, short name, INN, OGRN or registry number contains it
(any case). --json prints every field, the CAs' keys and certificates too.

flags:
`

// tslShowJSON is what `gostverify tsl show --json` prints.
type tslShowJSON struct {
	List  tslListJSON `json:"list"`
	Query string      `json:"query,omitempty"`
	CAs   []tslCAJSON `json:"cas"`
}

// tslCAJSON is one CA of the list.
type tslCAJSON struct {
	Name           string `json:"name"`
	ShortName      string `json:"short_name,omitempty"`
	INN            string `json:"inn,omitempty"`
	OGRN           string `json:"ogrn,omitempty"`
	RegistryNumber string `json:"registry_number,omitempty"`
	// Status is the current status (СтатусАккредитации) as a code:
	// active, suspended, terminated, annulled or unknown; StatusText as
	// the list writes it; StatusSince when it took effect.
	Status      string     `json:"status"`
	StatusText  string     `json:"status_text"`
	StatusSince *time.Time `json:"status_since,omitempty"`
	// History is every status in force one after another, sorted by
	// date, the current one included.
	History       []tslStatusJSON `json:"history"`
	SuccessorOGRN string          `json:"successor_ogrn,omitempty"`
	Keys          []tslKeyJSON    `json:"keys"`
}

type tslStatusJSON struct {
	Status     string    `json:"status"`
	StatusText string    `json:"status_text"`
	From       time.Time `json:"from"`
}

// tslKeyJSON is a key of a CA: its subject key identifier (hex), the
// installation (ПАК) it belongs to, its CRL addresses and certificates.
type tslKeyJSON struct {
	KeyID        string        `json:"key_id"`
	Complex      string        `json:"complex,omitempty"`
	CRLs         []string      `json:"crls,omitempty"`
	Certificates []tslCertJSON `json:"certificates"`
}

type tslCertJSON struct {
	Thumbprint string    `json:"thumbprint"`
	Serial     string    `json:"serial"`
	IssuedTo   string    `json:"issued_to,omitempty"`
	IssuedBy   string    `json:"issued_by,omitempty"`
	NotBefore  time.Time `json:"not_before"`
	NotAfter   time.Time `json:"not_after"`
}

func runTSLShow(args []string, stdout, stderr io.Writer) int {
	var f tslFlags
	cmd := command{name: "tsl show", usage: tslShowUsage, maxArgs: 1, needs: i18n.NeedsTSLShow}
	flags, code, ok := cmd.parse(args, stderr, f.registerCommon)
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	lang := f.language()
	t, err := f.trustForList()
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	warn := func(msg string) { fmt.Fprintf(stderr, "gostverify: warning: %s\n", msg) }
	ll, err := f.openList(t, warn, false)
	if f.tslFile == "" && errors.Is(err, fs.ErrNotExist) {
		err = errors.New(lang.Sprintf(i18n.ErrTSLNoneStored, cacheDir(f.cacheDir)))
	}
	if err != nil {
		if hintSigner(err) {
			defer fmt.Fprintf(stderr, "gostverify: hint: %s\n", lang.Sprintf(i18n.HintTSLSigner))
		}
		return cmd.errorExit(stderr, err)
	}
	f.listWarnings(ll, warn, stderr)
	query := flags.Arg(0)
	var cas []*tsl.CA
	for _, ca := range ll.list.CAs {
		if matches(ca, query) {
			cas = append(cas, ca)
		}
	}
	now := time.Now()
	if f.json {
		out := tslShowJSON{List: f.describe(ll, now), Query: query, CAs: []tslCAJSON{}}
		for _, ca := range cas {
			out.CAs = append(out.CAs, caJSON(ca))
		}
		if err := writeJSON(stdout, out); err != nil {
			return cmd.errorExit(stderr, err)
		}
		return exitValid
	}
	f.writeHeader(stdout, ll, now)
	count := lang.Sprintf(i18n.TSLCount, len(ll.list.CAs))
	if query != "" {
		count += "; " + lang.Sprintf(i18n.TSLMatching, query, len(cas))
	}
	fmt.Fprintln(stdout, count)
	for _, ca := range cas {
		fmt.Fprintln(stdout)
		writeCA(stdout, ca, lang)
	}
	if query != "" && len(cas) == 0 {
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, lang.Sprintf(i18n.TSLNoMatch, query))
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, lang.Sprintf(i18n.TSLJSONHint))
	return exitValid
}

// matches reports whether ca's name, short name, INN, OGRN or registry
// number contains query, in any case; an empty query matches every CA.
func matches(ca *tsl.CA, query string) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	if q == "" {
		return true
	}
	for _, s := range []string{ca.Name, ca.ShortName, ca.INN, ca.OGRN, ca.RegistryNumber} {
		if strings.Contains(strings.ToLower(s), q) {
			return true
		}
	}
	return false
}

// writeCA prints a CA: its name, numbers, current status, history and
// successor.
func writeCA(w io.Writer, ca *tsl.CA, l i18n.Lang) {
	fmt.Fprintln(w, ca.Name)
	ids := l.Sprintf(i18n.TSLCAIDs, orNone(ca.INN, l), orNone(ca.OGRN, l))
	if ca.RegistryNumber != "" {
		ids += ", " + l.Sprintf(i18n.TSLCARegistry, ca.RegistryNumber)
	}
	fmt.Fprintf(w, "  %s\n", ids)
	if ca.Status.From.IsZero() && ca.Status.Text == "" {
		fmt.Fprintf(w, "  %s\n", l.Sprintf(i18n.TSLCANoStatus))
	} else {
		fmt.Fprintf(w, "  %s\n", l.Sprintf(i18n.TSLCAStatus, ca.Status.Text, listDate(ca.Status.From)))
	}
	if tl := ca.Timeline(); len(tl) > 0 {
		fmt.Fprintf(w, "  %s\n", l.Sprintf(i18n.TSLCAHistory))
		for _, e := range tl {
			fmt.Fprintf(w, "    %s  %s\n", listDate(e.From), e.Text)
		}
	}
	if ca.SuccessorOGRN != "" {
		fmt.Fprintf(w, "  %s\n", l.Sprintf(i18n.TSLCAPowers, ca.SuccessorOGRN))
	}
	keys, certs := 0, 0
	for _, c := range ca.Complexes {
		keys += len(c.Keys)
		for _, k := range c.Keys {
			certs += len(k.Certificates)
		}
	}
	fmt.Fprintf(w, "  %s\n", l.Sprintf(i18n.TSLCAKeys, keys, certs))
}

func orNone(s string, l i18n.Lang) string {
	if s == "" {
		return l.Sprintf(i18n.BatchNone)
	}
	return s
}

func caJSON(ca *tsl.CA) tslCAJSON {
	j := tslCAJSON{Name: ca.Name, ShortName: ca.ShortName, INN: ca.INN, OGRN: ca.OGRN, RegistryNumber: ca.RegistryNumber,
		Status: ca.Status.Status.String(), StatusText: ca.Status.Text, SuccessorOGRN: ca.SuccessorOGRN,
		History: []tslStatusJSON{}, Keys: []tslKeyJSON{}}
	if !ca.Status.From.IsZero() {
		since := ca.Status.From
		j.StatusSince = &since
	}
	for _, e := range ca.Timeline() {
		j.History = append(j.History, tslStatusJSON{Status: e.Status.String(), StatusText: e.Text, From: e.From})
	}
	for _, c := range ca.Complexes {
		for _, k := range c.Keys {
			kj := tslKeyJSON{KeyID: strings.ToUpper(hex.EncodeToString(k.KeyID)), Complex: c.Alias, CRLs: k.CRLs, Certificates: []tslCertJSON{}}
			for _, kc := range k.Certificates {
				kj.Certificates = append(kj.Certificates, tslCertJSON{Thumbprint: strings.ToUpper(hex.EncodeToString(kc.Thumbprint)),
					Serial: kc.Serial, IssuedTo: kc.IssuedTo, IssuedBy: kc.IssuedBy, NotBefore: kc.NotBefore, NotAfter: kc.NotAfter})
			}
			j.Keys = append(j.Keys, kj)
		}
	}
	return j
}
