package verify

import (
	"archive/zip"
	"compress/flate"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
)

// Technical details: the failures of the layers below the verdicts — the
// file system, zip archives, a short read, the CMS parser, the path
// builder — said in the reader's language, for the detail of a reason and
// for error lines.

// Detail says err in l. In English (or an unset l) it is err.Error(): the
// errors of this project and of the standard library are English already,
// and the JSON "error" fields and scripts read them so. In another
// language each kind it knows — found with errors.Is and errors.As — is a
// message of the catalogue, naming the file or the part of the signature
// the error names:
//
//   - a file-system error (*fs.PathError, *os.LinkError or a bare
//     syscall.Errno): "report.pdf: нет такого файла или папки";
//   - archive/zip's ErrFormat, ErrAlgorithm, ErrChecksum and
//     ErrInsecurePath, compress/flate's CorruptInputError and
//     io.ErrUnexpectedEOF;
//   - the CMS parser's *cms.ParseError and *cms.VersionError, alone or
//     as the detail of a countersignature's *cms.SignerError: "подпись 2:
//     версия SignerInfo — 2, а по RFC 5652 (раздел 5.3) должна быть 1";
//   - package chain's *chain.Error with each *chain.Rejection and
//     *chain.LinkError ("кандидат в издатели Test CA (из --certs): срок
//     действия истёк 2025-01-01 00:00 UTC"), and its *chain.FileError
//     ("roots.pem: это не сертификат и не набор сертификатов .p7b");
//   - a *FormatError: its reason, with ParseDetail's words;
//   - an error that says itself in a language (an i18n.Localizer).
//
// An error of another kind is its own text. The words of a wrapper
// around a known kind ("chain: ", "verify: reading the document x: ") are
// left out: a path the wrapper names is in the kind's own error, as the
// file system and batch's input errors carry it.
func Detail(l i18n.Lang, err error) string {
	if err == nil {
		return ""
	}
	if english(l) {
		return err.Error()
	}
	if s, ok := detail(l, err); ok {
		return s
	}
	return err.Error()
}

// ParseDetail says in l why cms.Parse could not read a signature: err is
// a *cms.ParseError, a failure to read the file, or an error of the
// encoding layer of package cms (not DER, BER, PEM or base64; cut short),
// whose kinds cms does not export: those are all "wrong signature file
// format" in a language other than English. In English it is err.Error().
func ParseDetail(l i18n.Lang, err error) string {
	if english(l) {
		return err.Error()
	}
	if s, ok := detail(l, err); ok {
		return s
	}
	return l.Sprintf(i18n.DetailEncoding)
}

// ErrorIn is the signature's technical detail (Error) in l: Error itself
// in English, for a report decoded from JSON (no Cause), and for a cause
// of a kind Detail does not know (the crypto checks of cms); else
// Detail's words.
func (s *SignatureReport) ErrorIn(l i18n.Lang) string {
	d, _ := errorIn(l, s.Error, s.Cause)
	return d
}

// errorIn is a technical detail in l: text, the English words of cause,
// in English; Detail's words for a cause of a kind it knows; else text,
// and false: a line in another language leaves it out (the JSON keeps it).
func errorIn(l i18n.Lang, text string, cause error) (string, bool) {
	if english(l) || text == "" {
		return text, true
	}
	if cause != nil {
		if d, ok := detail(l, cause); ok {
			return d, true
		}
	}
	return text, false
}

// detailLine is the technical detail the text report prints under the
// file's reason in l, if any: none in English, where the reason quotes
// the error; none for a file that is not a signature, whose reason says
// what is wrong with ParseDetail's words; else Detail's words when it
// knows the kind.
func (r *Report) detailLine(l i18n.Lang) (string, bool) {
	var fe *FormatError
	if english(l) || r.SubIndication == FormatFailure || errors.As(r.Cause, &fe) {
		return "", false
	}
	return errorIn(l, r.Error, r.Cause)
}

// RejectionIn says a rejected issuer candidate in l, as the reasons list
// them: its common name, where it came from and why ("Test CA (certs):
// expired on 2025-01-01T00:00:00Z"; "кандидат в издатели Test CA (из
// --certs): срок действия истёк 2025-01-01 00:00 UTC").
func RejectionIn(l i18n.Lang, rej chain.Rejection) string {
	if english(l) {
		return fmt.Sprintf("%s (%s): %v", rej.Candidate.Subject.CommonName, rej.Source, rej.Err)
	}
	return l.Sprintf(i18n.DetailCandidate, certName(rej.Candidate), sourceIn(l, rej.Source), Detail(l, rej.Err))
}

// unreadableCertificate is why a certificate inside a signature could not
// be read, for WarnUnreadableCert: crypto/x509's words in English,
// Detail's for a kind it knows, else that the certificate is damaged or
// of a form not supported.
type unreadableCertificate struct{ err error }

func (u unreadableCertificate) In(l i18n.Lang) string {
	if d, ok := errorIn(l, u.err.Error(), u.err); ok {
		return d
	}
	return l.Sprintf(i18n.DetailCertificateFormat)
}

// english reports whether l prints English: i18n.English or unset.
func english(l i18n.Lang) bool { return l == i18n.English || l == "" }

// detail says err in l with the catalogue, when err is of a kind it
// knows.
func detail(l i18n.Lang, err error) (string, bool) {
	var (
		loc     i18n.Localizer
		fe      *FormatError
		pe      *cms.ParseError
		se      *cms.SignerError
		ve      *cms.VersionError
		ce      *chain.Error
		rej     *chain.Rejection
		le      *chain.LinkError
		cf      *chain.FileError
		path    *fs.PathError
		link    *os.LinkError
		corrupt flate.CorruptInputError
	)
	switch {
	case errors.As(err, &loc):
		return loc.In(l), true
	case errors.As(err, &fe):
		return explain(l, fe), true
	case errors.As(err, &pe):
		return parseProblem(l, pe), true
	case errors.As(err, &se) && errors.As(se.Err, &ve):
		return l.Sprintf(i18n.DetailAt, l.Sprintf(i18n.DetailPartSigner, se.Signer), version(l, ve)), true
	case errors.As(err, &ve):
		return version(l, ve), true
	case errors.As(err, &ce):
		return chainProblem(l, ce), true
	case errors.As(err, &rej):
		return RejectionIn(l, *rej), true
	case errors.As(err, &le):
		return linkProblem(l, le), true
	case errors.As(err, &cf):
		return certFileProblem(l, cf), true
	case errors.As(err, &path):
		if m, ok := fileProblem(path.Err); ok {
			return l.Sprintf(i18n.DetailAt, path.Path, l.Sprintf(m)), true
		}
		return "", false
	case errors.As(err, &link):
		if m, ok := fileProblem(link.Err); ok {
			return l.Sprintf(i18n.DetailAt, link.New, l.Sprintf(m)), true
		}
		return "", false
	case errors.As(err, &corrupt):
		return l.Sprintf(i18n.DetailCorrupt, int64(corrupt)), true
	}
	for _, k := range otherKinds {
		if errors.Is(err, k.err) {
			return l.Sprintf(k.m), true
		}
	}
	if m, ok := fileProblem(err); ok { // a bare errno, its path said by the caller
		return l.Sprintf(m), true
	}
	return "", false
}

// otherKinds are the errors of archive/zip and io that say no place.
var otherKinds = []struct {
	err error
	m   i18n.Message
}{
	{zip.ErrFormat, i18n.DetailZipFormat},
	{zip.ErrAlgorithm, i18n.DetailZipAlgorithm},
	{zip.ErrChecksum, i18n.DetailZipChecksum},
	{zip.ErrInsecurePath, i18n.DetailZipPath},
	{io.ErrUnexpectedEOF, i18n.DetailTruncated},
}

// fileProblems are the file-system errors people meet: a missing file, a
// folder where a file was wanted, a full disk. errors.Is matches an
// errno with the fs.Err* it stands for on every system.
var fileProblems = []struct {
	err error
	m   i18n.Message
}{
	{fs.ErrNotExist, i18n.DetailNotExist},
	{fs.ErrPermission, i18n.DetailPermission},
	{fs.ErrExist, i18n.DetailExist},
	{syscall.EISDIR, i18n.DetailIsDir},
	{syscall.ENOTDIR, i18n.DetailNotDir},
	{syscall.ELOOP, i18n.DetailLinkLoop},
	{syscall.ENAMETOOLONG, i18n.DetailNameTooLong},
	{syscall.ENOSPC, i18n.DetailNoSpace},
	{syscall.EROFS, i18n.DetailReadOnly},
	{syscall.EIO, i18n.DetailIO},
	{syscall.EMFILE, i18n.DetailTooManyOpen},
	{syscall.ENFILE, i18n.DetailTooManyOpen},
}

func fileProblem(err error) (i18n.Message, bool) {
	for _, p := range fileProblems {
		if errors.Is(err, p.err) {
			return p.m, true
		}
	}
	return "", false
}

// parseProblem says a *cms.ParseError: the part it names and, for a
// version RFC 5652 does not allow, which; any other reason is the parser's
// English words, left out ("не читается подпись 2").
func parseProblem(l i18n.Lang, pe *cms.ParseError) string {
	where := part(l, pe.Where)
	var ve *cms.VersionError
	if errors.As(pe.Err, &ve) {
		return l.Sprintf(i18n.DetailAt, where, version(l, ve))
	}
	return l.Sprintf(i18n.DetailUnreadable, where)
}

// part names the part of a signature a *cms.ParseError's Where names, as
// its documentation writes them: "SignedData", "signer 2", "certificate
// 1", ...; one it does not know is named as it is.
func part(l i18n.Lang, where string) string {
	for _, p := range []struct {
		prefix string
		m      i18n.Message
	}{
		{"signer ", i18n.DetailPartSigner},
		{"certificate ", i18n.DetailPartCertificate},
		{"crl ", i18n.DetailPartCRL},
	} {
		if n, ok := strings.CutPrefix(where, p.prefix); ok {
			return l.Sprintf(p.m, n)
		}
	}
	switch where {
	case "":
		return l.Sprintf(i18n.DetailPartWhole)
	case "ContentInfo", "SignedData":
		return l.Sprintf(i18n.DetailPartStructure, where)
	}
	return where
}

// version says a version RFC 5652 does not allow: SignedData's is fixed
// by section 5.1, a SignerInfo's by section 5.3.
func version(l i18n.Lang, ve *cms.VersionError) string {
	section := "5.1"
	if ve.Structure == "SignerInfo" {
		section = "5.3"
	}
	return l.Sprintf(i18n.DetailVersion, ve.Structure, ve.Version, section, ve.Want)
}

// chainProblem says a *chain.Error: for which certificate no (valid)
// chain was found, and each failure seen, joined by "; ".
func chainProblem(l i18n.Lang, ce *chain.Error) string {
	m := i18n.DetailNoChain
	if ce.Reason == chain.Constraints {
		m = i18n.DetailNoValidChain
	}
	msg := l.Sprintf(m, certName(ce.Cert))
	if len(ce.Errs) == 0 {
		return msg
	}
	parts := make([]string, len(ce.Errs))
	for i, err := range ce.Errs {
		parts[i] = Detail(l, err)
	}
	return l.Sprintf(i18n.DetailAt, msg, strings.Join(parts, "; "))
}

// linkProblem says why a certificate may not be a link of a path. The
// failure of a signature check (BadSignature) is left out: its words are
// the algorithm's, and that the key did not sign is what matters.
func linkProblem(l i18n.Lang, le *chain.LinkError) string {
	switch le.Reason {
	case chain.BadSignature:
		return l.Sprintf(i18n.DetailLinkSignature)
	case chain.NotYetValid:
		return l.Sprintf(i18n.DetailLinkNotYetValid, day(le.Time))
	case chain.Expired:
		return l.Sprintf(i18n.DetailLinkExpired, day(le.Time))
	case chain.UnknownCritical:
		return l.Sprintf(i18n.DetailLinkCritical, le.Extension)
	case chain.NotCA:
		return l.Sprintf(i18n.DetailLinkNotCA)
	case chain.NoBasicConstraints:
		return l.Sprintf(i18n.DetailLinkNoConstraints)
	case chain.NoCertSign:
		return l.Sprintf(i18n.DetailLinkNoCertSign)
	case chain.PathLenExceeded:
		return l.Sprintf(i18n.DetailLinkPathLen, le.MaxPathLen, le.Depth)
	case chain.LeafKeyUsage:
		return l.Sprintf(i18n.DetailLinkLeafUsage)
	case chain.TooManyChecks:
		return l.Sprintf(i18n.DetailLinkTooManyChecks)
	}
	return le.Error()
}

// certFileProblem says why a certificate file or folder gave no
// certificates, naming it; crypto/x509's words on a certificate it cannot
// parse are left out.
func certFileProblem(l i18n.Lang, fe *chain.FileError) string {
	var what string
	switch fe.Reason {
	case chain.NoCertificate:
		what = l.Sprintf(i18n.DetailNoCertificates)
	case chain.NotCertificateFile:
		what = l.Sprintf(i18n.DetailNotCertificateFile)
	case chain.FileTooLarge:
		what = l.Sprintf(i18n.DetailCertFileTooLarge, fe.Size, fe.Limit>>20)
	case chain.TooDeep:
		what = l.Sprintf(i18n.DetailFoldersTooDeep, fe.Limit)
	case chain.BadCertificate:
		what = l.Sprintf(i18n.DetailUnreadable, l.Sprintf(i18n.DetailPartCertificate, fmt.Sprint(fe.Index)))
	default:
		return fe.Error()
	}
	return l.Sprintf(i18n.DetailAt, fe.Path, what)
}

// sourceIn says where an issuer candidate came from (chain.Candidate's
// Source): the signature, --certs, the cache, the trust anchors, or the
// URL it was downloaded from; a source it does not know as it is.
func sourceIn(l i18n.Lang, source string) string {
	switch source {
	case SourceSignature:
		return l.Sprintf(i18n.DetailSourceSignature)
	case SourceEmbedded:
		return l.Sprintf(i18n.DetailSourceEmbedded)
	case SourceTimestamp:
		return l.Sprintf(i18n.DetailSourceTimestamp)
	case SourceCerts:
		return l.Sprintf(i18n.DetailSourceCerts)
	case SourceCache:
		return l.Sprintf(i18n.DetailSourceCache)
	case "roots":
		return l.Sprintf(i18n.DetailSourceAnchor)
	}
	if strings.Contains(source, "://") {
		return l.Sprintf(i18n.DetailSourceURL, source)
	}
	return source
}

// certName names a certificate as package chain's errors do: its common
// name, else its whole subject.
func certName(c *x509.Certificate) string {
	if c == nil {
		return "?"
	}
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}
