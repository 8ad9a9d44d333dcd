package main

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/tsl"
	"github.com/gostverify/gostverify/verify"
)

// The list of accredited CAs (package tsl) as verify, batch and tsl show
// take it: --tsl FILE, else the list tsl update stored in the cache
// directory. Its signature is checked every time it is read, except that
// of a stored list whose mark says tsl update checked these very bytes
// against the same trust anchors (verify and batch); its signer's path is
// built to the trust anchors at the real clock's time every time (the list
// is today's information, whatever --at says); its age is judged against
// --tsl-max-age and a list older than that is a warning.

// defaultTSLMaxAge is how old a list may be without a warning: Минцифры
// publishes a new edition every few days.
const defaultTSLMaxAge = 7 * 24 * time.Hour

// registerTSL adds --tsl, --tsl-max-age and --accept-unsigned-list.
func (f *verifyFlags) registerTSL(fs *pflag.FlagSet) {
	fs.StringVar(&f.tslFile, "tsl", "", "the list of accredited CAs (Минцифры XML) to use instead of the one 'gostverify tsl update' stored in the cache directory")
	f.registerMaxAge(fs)
	f.registerAcceptUnsigned(fs)
}

// registerMaxAge adds --tsl-max-age.
func (f *verifyFlags) registerMaxAge(fs *pflag.FlagSet) {
	fs.DurationVar(&f.tslMaxAge, "tsl-max-age", defaultTSLMaxAge, "warn when the list of accredited CAs is older than this (168h: 7 days)")
	f.tslAge = true
}

// registerAcceptUnsigned adds --accept-unsigned-list, the loud override.
func (f *verifyFlags) registerAcceptUnsigned(fs *pflag.FlagSet) {
	fs.BoolVar(&f.acceptUnsignedList, "accept-unsigned-list", false, "INSECURE: accept a list of accredited CAs whose signature is missing or does not hold (a warning each time)")
}

// registerPolicy adds --policy.
func (f *verifyFlags) registerPolicy(fs *pflag.FlagSet) {
	fs.StringVar(&f.policy, "policy", string(verify.PolicyQualified), "validation policy: qualified (the Russian rules: each signature's qualified status, by the list of accredited CAs) | basic (cryptography, chain and revocation only)")
}

// checkTSL checks --policy and --tsl-max-age, when registered.
func (f *verifyFlags) checkTSL() error {
	l := f.language()
	switch verify.Policy(f.policy) {
	case "", verify.PolicyQualified, verify.PolicyBasic:
	default:
		return &usageError{l.Sprintf(i18n.ErrPolicyValue, f.policy)}
	}
	if f.tslAge && f.tslMaxAge <= 0 {
		return &usageError{l.Sprintf(i18n.ErrTSLMaxAge, f.tslMaxAge)}
	}
	return nil
}

// policyOf is --policy as verify.Options.Policy.
func (f *verifyFlags) policyOf() verify.Policy {
	if f.policy == "" {
		return verify.PolicyQualified
	}
	return verify.Policy(f.policy)
}

// loadedList is the list a run uses, with where it came from.
type loadedList struct {
	list *tsl.List
	from string // the file read
}

// loadList reads the list a verify or batch run uses: --tsl FILE, else
// the stored one, checking its signature with the trust anchors of t.
// Under --policy basic, none. No stored list is no list (the qualified
// status is then unknown, and a hint says how to get one). A --tsl FILE
// that cannot be used is an error; a stored list that cannot be used is a
// warning, and no list. Each warning is written to stderr and returned,
// in f's language, for the batch report.
func (f *verifyFlags) loadList(t *trust, stderr io.Writer) (*loadedList, []string, error) {
	if f.policyOf() == verify.PolicyBasic {
		return nil, nil, nil
	}
	var warnings []string
	warn := func(msg string) {
		warnings = append(warnings, msg)
		fmt.Fprintf(stderr, "gostverify: warning: %s\n", msg)
	}
	list, err := f.openList(t, warn, true)
	switch {
	case err == nil:
		f.listWarnings(list, warn, stderr)
		return list, warnings, nil
	case f.tslFile != "":
		return nil, warnings, err
	case errors.Is(err, fs.ErrNotExist):
		return nil, warnings, nil
	}
	// openList wraps every other failure of the stored list in a
	// *listError naming its file.
	from, why := filepath.Join(cacheDir(f.cacheDir), tsl.File), err
	var le *listError
	if errors.As(err, &le) {
		from, why = le.file, le.err
	}
	warn(f.language().Sprintf(i18n.WarnListRefused, from, listErrorIn(f.language(), why)))
	return nil, warnings, nil
}

// openList reads and checks --tsl FILE, else the list stored in the cache
// directory (an error wrapping fs.ErrNotExist when there is none). With
// --accept-unsigned-list it warns first. With useMark, a stored list that
// tsl update verified against the same trust anchors (its mark, package
// tsl's Mark, matches its bytes and the anchors) is not checked again,
// and is read from the index kept beside it (tsl.ReadStored): only its
// signer's path is checked, now. --tsl FILE is always checked.
func (f *verifyFlags) openList(t *trust, warn func(string), useMark bool) (*loadedList, error) {
	if f.acceptUnsignedList {
		warn(f.language().Sprintf(i18n.WarnAcceptUnsigned))
	}
	var (
		from string
		data []byte
		err  error
	)
	if f.tslFile != "" {
		from = f.tslFile
		if data, err = readListFile(from); err != nil {
			return nil, err
		}
	} else {
		dir := cacheDir(f.cacheDir)
		from = filepath.Join(dir, tsl.File)
		if useMark {
			list, _, err := tsl.ReadStored(dir, anchorsDigest(t), f.listOptions(t))
			if errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			if err != nil {
				return nil, &listError{file: from, err: err}
			}
			return &loadedList{list: list, from: from}, nil
		}
		c, err := tsl.Load(dir)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		if err != nil {
			return nil, &listError{file: from, err: err}
		}
		data = c.Data
	}
	return f.readList(t, data, from)
}

// anchorsDigest is tsl.AnchorsDigest of the trust anchors of t.
func anchorsDigest(t *trust) [32]byte {
	var certs []*x509.Certificate
	if t.roots != nil {
		for _, a := range t.roots.Anchors() {
			certs = append(certs, a.Cert)
		}
	}
	return tsl.AnchorsDigest(certs)
}

// listOptions are the options of tsl.Read: the signer's path to the
// anchors of t at the real clock's time.
func (f *verifyFlags) listOptions(t *trust) tsl.Options {
	return tsl.Options{AcceptUnsignedList: f.acceptUnsignedList, VerifySigner: signerCheck(t, time.Now())}
}

// readList checks and parses a list read from from (a file or URL).
func (f *verifyFlags) readList(t *trust, data []byte, from string) (*loadedList, error) {
	list, err := tsl.Read(data, f.listOptions(t))
	if err != nil {
		return nil, &listError{file: from, err: err}
	}
	return &loadedList{list: list, from: from}, nil
}

// listWarnings warns about a list accepted without a valid signature and
// about one older than --tsl-max-age.
func (f *verifyFlags) listWarnings(ll *loadedList, warn func(string), stderr io.Writer) {
	l := f.language()
	if ll.list.SignatureErr != nil {
		warn(l.Sprintf(i18n.WarnListUnsigned, ll.from, listErrorIn(l, ll.list.SignatureErr)))
	}
	if w, bad := f.ageWarning(ll.list.Header, time.Now()); bad {
		warn(w)
		if ll.list.Age(time.Now()) > 0 {
			fmt.Fprintf(stderr, "gostverify: hint: %s\n", l.Sprintf(i18n.HintTSLRefresh))
		}
	}
}

// ageWarning is the warning about a list older than --tsl-max-age at now,
// or dated more than a day after now, and whether there is one.
func (f *verifyFlags) ageWarning(h tsl.Header, now time.Time) (string, bool) {
	max := f.tslMaxAge
	if max <= 0 {
		max = defaultTSLMaxAge
	}
	l, age := f.language(), h.Age(now)
	switch {
	case age > max:
		return l.Sprintf(i18n.WarnListOld, h.Version, listDate(h.Date), span(age), span(max)), true
	case age < -24*time.Hour:
		return l.Sprintf(i18n.WarnListFuture, h.Version, listDate(h.Date)), true
	}
	return "", false
}

// span says a duration in whole days when it is at least a day, else as
// Go prints it.
func span(d time.Duration) i18n.Localizer {
	if d >= 24*time.Hour {
		return i18n.T(i18n.TSLDays, int(d/(24*time.Hour)))
	}
	return literal(d.Round(time.Second).String())
}

// literal is a text that reads the same in every language.
type literal string

func (s literal) In(i18n.Lang) string { return string(s) }

// listDate prints a list's date as it was written (its own zone).
func listDate(t time.Time) string { return t.Format("2006-01-02 15:04 -07:00") }

// readListFile reads a list file, refusing one larger than any list may
// be before reading it.
func readListFile(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if fi.Size() > tsl.DefaultMaxBytes {
		return nil, &listError{file: path, err: &tsl.ParseError{Reason: tsl.TooLarge,
			Err: fmt.Errorf("%d bytes, more than %d", fi.Size(), tsl.DefaultMaxBytes)}}
	}
	return os.ReadFile(path)
}

// signerCheck is tsl.Options.VerifySigner: the list's signer must have a
// path to the trust anchors of t at now, from the certificates the
// signature carries, --certs and the AIA downloads, and be valid then.
// The revocation of the signer's certificate is not checked.
func signerCheck(t *trust, now time.Time) func(*x509.Certificate, []*x509.Certificate) error {
	return func(signer *x509.Certificate, others []*x509.Certificate) error {
		var cands []chain.Candidate
		for _, c := range others {
			cands = append(cands, chain.Candidate{Cert: c, Source: "signature"})
		}
		for _, c := range t.certs {
			cands = append(cands, chain.Candidate{Cert: c, Source: "certs"})
		}
		opts := chain.Options{Roots: t.roots, Intermediates: cands, Time: now, Leaf: chain.LeafSigning}
		if t.aia != nil {
			opts.FetchIssuers = t.aia.For(context.Background())
		}
		if r := chain.Build(signer, opts); r.Err != nil {
			return r.Err
		}
		if now.Before(signer.NotBefore) || now.After(signer.NotAfter) {
			return signerTimeError{signer}
		}
		return nil
	}
}

// signerTimeError: the list's signer's certificate is not valid now.
type signerTimeError struct{ cert *x509.Certificate }

func (e signerTimeError) Error() string { return e.In(i18n.English) }

func (e signerTimeError) In(l i18n.Lang) string {
	return l.Sprintf(i18n.ErrTSLSignerTime, e.cert.NotBefore.UTC().Format(time.RFC3339), e.cert.NotAfter.UTC().Format(time.RFC3339))
}

// listError is a list that cannot be used, with the file or URL it came
// from: said in the reader's language by In (verify.Detail asks).
type listError struct {
	file string
	err  error
}

func (e *listError) Error() string {
	if e.file == "" {
		return e.err.Error()
	}
	return e.file + ": " + e.err.Error()
}

func (e *listError) Unwrap() error { return e.err }

func (e *listError) In(l i18n.Lang) string {
	if e.file == "" {
		return listErrorIn(l, e.err)
	}
	return l.Sprintf(i18n.FailureAt, e.file, listErrorIn(l, e.err))
}

// listErrorIn says why a list cannot be used in l: in English the
// error's own words, as everywhere; else package tsl's typed errors, a
// download's class, or verify.Detail's words.
func listErrorIn(l i18n.Lang, err error) string {
	if l == i18n.English || l == "" {
		return err.Error()
	}
	var (
		se *tsl.SignatureError
		pe *tsl.ParseError
		fe *fetch.Error
	)
	switch {
	case errors.As(err, &se):
		switch se.Reason {
		case tsl.Unsigned:
			return l.Sprintf(i18n.ErrTSLUnsigned)
		case tsl.DigestMismatch:
			return l.Sprintf(i18n.ErrTSLDigest)
		case tsl.BadSignature:
			return l.Sprintf(i18n.ErrTSLBadSignature)
		case tsl.Unsupported:
			return l.Sprintf(i18n.ErrTSLUnsupported, se.Algorithm+se.Detail)
		case tsl.SignerRejected:
			return l.Sprintf(i18n.ErrTSLSigner, se.Detail, verify.Detail(l, se.Err))
		}
		return l.Sprintf(i18n.ErrTSLSigMalformed)
	case errors.As(err, &pe):
		return l.Sprintf(i18n.ErrTSLParse, parseErrorIn(l, pe))
	case errors.As(err, &fe):
		return fetchErrorIn(l, fe)
	}
	return verify.Detail(l, err)
}

// parseErrorIn says where and why a list does not parse, in a language
// other than English: the CA, the element and the reason.
func parseErrorIn(l i18n.Lang, pe *tsl.ParseError) string {
	what := l.Sprintf(i18n.ErrTSLMalformed)
	switch pe.Reason {
	case tsl.BadValue:
		what = l.Sprintf(i18n.ErrTSLBadValue, pe.Value)
	case tsl.Missing:
		what = l.Sprintf(i18n.ErrTSLMissing)
	case tsl.Duplicate:
		what = l.Sprintf(i18n.ErrTSLDuplicate)
	case tsl.TooLarge:
		what = l.Sprintf(i18n.ErrTSLTooLarge)
	}
	if pe.Element != "" {
		what = l.Sprintf(i18n.FailureAt, pe.Element, what)
	}
	if pe.CA > 0 {
		what = l.Sprintf(i18n.FailureAt, l.Sprintf(i18n.ErrTSLParseCA, pe.CA, pe.CAName), what)
	}
	return what
}

// fetchErrorIn says a failed download in a language other than English,
// as verify says a failed OCSP or CRL download: the URL and the class in
// words.
func fetchErrorIn(l i18n.Lang, fe *fetch.Error) string {
	var why string
	if fe.Class == fetch.HTTPStatus {
		why = l.Sprintf(i18n.FailureHTTPStatus, fe.Status, l.Sprintf(i18n.HTTPStatus(fe.Status)))
	} else if m, ok := i18n.FetchClass(string(fe.Class)); ok {
		why = l.Sprintf(m)
	} else {
		return fe.Error()
	}
	return l.Sprintf(i18n.FailureAt, fe.URL, why)
}

// qualifiedHint is the hint of a run under the qualified policy without a
// list: how to get one.
func qualifiedHint(stderr io.Writer, f *verifyFlags, list *loadedList) {
	if f.policyOf() == verify.PolicyQualified && list == nil {
		fmt.Fprintf(stderr, "gostverify: hint: %s\n", f.language().Sprintf(i18n.HintTSLUpdate))
	}
}

// qualifiedUnknown reports whether a signature (or countersignature) has
// a qualified status of unknown.
func qualifiedUnknown(sigs []verify.SignatureReport) bool {
	for i := range sigs {
		if q := sigs[i].Qualified; q != nil && q.Status == verify.StatusUnknown {
			return true
		}
		if qualifiedUnknown(sigs[i].Countersignatures) {
			return true
		}
	}
	return false
}
