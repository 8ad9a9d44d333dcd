package verify

import (
	"bytes"
	"crypto/x509"
	"errors"
	"slices"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/tsp"
)

// Long-term signatures (CAdES-T, -C, -X Long, -A; ETSI EN 319 102-1,
// long-term and archival validation): every timestamp token of a signer is
// verified like a signature — the token, the TSA's path at the token's
// time, the TSA's status — and a valid one over the signature value proves
// the signature existed at its time. The earliest such proof is the
// best-signature-time, at which the signer's path and status are judged,
// so that a signature whose certificate has expired since, or was revoked
// later, is still valid. The certificates and revocation data a CAdES-X
// Long signature carries are sources like any other, tried first.

// Timestamp kinds (TimestampReport.Kind).
const (
	KindContent   = "content"
	KindSignature = "signature"
	KindCAdESC    = "cades-c"
	KindRefs      = "refs"
	KindArchive   = "archive"
)

// SigningTimeTolerance is how far the signer's claimed signingTime may be
// after the signature timestamp before a warning says so: the signer's
// clock and the TSA's differ, a claim later than the proof is not.
const SigningTimeTolerance = 15 * time.Minute

// TimestampError is a timestamp token that is not valid, with the typed
// cause below it: a *tsp.ParseError or *tsp.VerifyError for the token
// itself, a *PathError for the TSA's path, a *ValidityError for the TSA
// certificate at the token's time, a *RevocationError for its status, or
// ErrArchiveNotChecked.
type TimestampError struct {
	Kind          string
	SubIndication SubIndication
	Err           error
}

func (e *TimestampError) Error() string {
	return "verify: " + e.Kind + " timestamp: " + e.Err.Error()
}

func (e *TimestampError) Unwrap() error { return e.Err }

// ErrArchiveNotChecked is the cause of an archive timestamp this version
// does not compute the imprint of.
var ErrArchiveNotChecked = errors.New("verify: archive timestamps are not checked by this version")

// errContentHashDiffers is the cause of a content timestamp whose hash
// algorithm is not the signer's: the document was hashed with the signer's
// algorithm only.
var errContentHashDiffers = errors.New("verify: the content timestamp hashes the document with another algorithm than the signer's, which is not computed")

// errArchiveContentHash is the cause of an archive-time-stamp-v3 whose
// hash algorithm is not the signer's: the document was hashed with the
// signer's algorithm only.
var errArchiveContentHash = errors.New("verify: the archive timestamp hashes the document with another algorithm than the signer's, which is not computed")

// errArchiveNoContent is the cause of an archive-time-stamp-v2 of a
// detached signature whose document was not read here (its digest was
// given) or is larger than maxArchiveContent.
var errArchiveNoContent = errors.New("verify: the archive timestamp covers the document itself, which was not kept (larger than 64 MiB, or not read)")

// errNoRefs is the cause of an X timestamp over references that are
// missing.
var errNoRefs = errors.New("verify: the references the timestamp covers are missing")

func (e *TimestampError) explain(l i18n.Lang) string {
	var (
		pe  *tsp.ParseError
		ve  *tsp.VerifyError
		pth *PathError
		val *ValidityError
		rev *RevocationError
		ae  *cms.ArchiveError
	)
	switch {
	case errors.Is(e.Err, ErrArchiveNotChecked):
		return l.Sprintf(i18n.TSArchiveNotChecked)
	case errors.Is(e.Err, errContentHashDiffers):
		return l.Sprintf(i18n.TSContentHashDiffers)
	case errors.Is(e.Err, errNoRefs):
		return l.Sprintf(i18n.TSNoRefs)
	case errors.Is(e.Err, errArchiveContentHash):
		return l.Sprintf(i18n.TSContentHashDiffers)
	case errors.Is(e.Err, errArchiveNoContent):
		return l.Sprintf(i18n.TSArchiveNoContent)
	case errors.As(e.Err, &ae) && ae.Reason == cms.ArchiveIndexUnmatched:
		return l.Sprintf(i18n.TSArchiveIndexUnmatched, len(ae.Unmatched))
	case errors.As(e.Err, &ae) && ae.Reason == cms.ArchiveIndexMissing:
		return l.Sprintf(i18n.TSArchiveIndexMissing)
	case errors.As(e.Err, &ae):
		return l.Sprintf(i18n.TSArchiveNotChecked)
	case errors.As(e.Err, &pe):
		return l.Sprintf(i18n.TSMalformed)
	case errors.As(e.Err, &ve):
		switch ve.Reason {
		case tsp.ImprintMismatch:
			return l.Sprintf(i18n.TSImprintMismatch, kindWords(l, e.Kind))
		case tsp.NoTimeStampingUsage, tsp.UsageNotCritical:
			return l.Sprintf(i18n.TSNoTimeStampingUsage)
		case tsp.NoESSCertID:
			return l.Sprintf(i18n.TSNoESSCertID)
		case tsp.UnsupportedHash:
			return l.Sprintf(i18n.TSUnsupportedHash)
		}
		var se *cms.SignerError
		if errors.As(ve.Err, &se) && se.Reason == cms.NoSignerCertificate {
			return l.Sprintf(i18n.TSNoTSACertificate)
		}
		return l.Sprintf(i18n.TSSignatureInvalid)
	case errors.As(e.Err, &pth):
		return l.Sprintf(i18n.TSNoPath, pth.Issuer)
	case errors.As(e.Err, &val):
		return l.Sprintf(i18n.TSCertificateNotValid, day(val.NotBefore), day(val.NotAfter))
	case errors.As(e.Err, &rev):
		return l.Sprintf(i18n.TSRevoked, day(rev.RevokedAt))
	}
	return e.Err.Error()
}

// kindWords says what a kind of timestamp covers.
func kindWords(l i18n.Lang, kind string) string {
	switch kind {
	case KindContent:
		return l.Sprintf(i18n.TSCoversContent)
	case KindCAdESC:
		return l.Sprintf(i18n.TSCoversCAdESC)
	case KindRefs:
		return l.Sprintf(i18n.TSCoversRefs)
	case KindArchive:
		return l.Sprintf(i18n.TSCoversArchive)
	}
	return l.Sprintf(i18n.TSCoversSignature)
}

// embedded is what a signer's CAdES long-term attributes carry: its
// certificate-values (parsed) and revocation-values, and what became of
// them.
type embedded struct {
	lt    *cms.LongTerm
	certs []*x509.Certificate
	ocsp  [][]byte // BasicOCSPResponses
	crls  [][]byte
	// failures are embedded values that answered for a certificate of the
	// path and did not verify.
	failures []error
	// stampCerts are the certificates the signer's timestamp tokens carry,
	// stampOCSP and stampCRLs their revocation values: the TSAs' own.
	stampCerts           []*x509.Certificate
	stampOCSP, stampCRLs [][]byte
}

// embeddedValues parses the certificate and revocation values of lt;
// certificates that cannot be parsed become problems of the X layer.
func (j *job) embeddedValues(lt *cms.LongTerm) *embedded {
	e := &embedded{lt: lt}
	for _, der := range lt.CertificateValues {
		c, err := j.v.certs.Parse(der)
		if err != nil {
			e.failures = append(e.failures, err)
			continue
		}
		e.certs = append(e.certs, c)
	}
	if rv := lt.RevocationValues; rv != nil {
		e.ocsp, e.crls = rv.OCSP, rv.CRLs
	}
	return e
}

// longTerm verifies every timestamp of a signer and works out the
// best-signature-time: the earliest valid timestamp over the signature
// value before the validation time, else the validation time. It fills
// s.Timestamps and s.BestSignatureTime and sets j.at (and j.proven).
func (j *job) longTerm(s *SignatureReport, res *cms.SignerResult) {
	e := j.emb
	si := res.Signer
	if e == nil || si == nil {
		return
	}
	lt := e.lt
	// Every token is parsed first: the certificates each carries (in its
	// SignedData or its own certificate-values) may complete another's
	// TSA path — the CryptoPro TSP puts the CAs in one token only.
	var stamps []stamp
	genTimes := map[string]time.Time{} // of each token parsed, by its DER
	add := func(kind string, tokens [][]byte, data func(*tsp.Token) ([][]byte, error)) {
		for _, der := range tokens {
			st := stamp{kind: kind, der: der, data: data}
			if st.tok, st.err = tsp.ParseShared(der, &j.v.certs); st.err == nil {
				genTimes[string(der)] = st.tok.Info.GenTime
				e.stampCerts = append(e.stampCerts, st.tok.SignedData.ParsedCertificates()...)
				if len(st.tok.SignedData.Signers) == 1 {
					own := j.embeddedValues(st.tok.SignedData.Signers[0].LongTerm())
					e.stampCerts = append(e.stampCerts, own.certs...)
					e.stampOCSP = append(e.stampOCSP, own.ocsp...)
					e.stampCRLs = append(e.stampCRLs, own.crls...)
				}
			}
			stamps = append(stamps, st)
		}
	}
	add(KindContent, lt.ContentTimeStamps, nil)
	add(KindSignature, lt.SignatureTimeStamps, func(*tsp.Token) ([][]byte, error) { return [][]byte{si.Signature}, nil })
	add(KindCAdESC, lt.ESCTimeStamps, func(tok *tsp.Token) ([][]byte, error) { return escInputs(si, tok, genTimes) })
	add(KindRefs, lt.CertCRLTimestamps, func(*tsp.Token) ([][]byte, error) {
		in, err := si.CertCRLTimestampInput()
		return [][]byte{in}, err
	})
	for _, a := range lt.ArchiveTimeStamps {
		a := a
		add(KindArchive, [][]byte{a.Token}, func(tok *tsp.Token) ([][]byte, error) { return j.archiveInputs(si, a, tok) })
	}
	// What may speak for the TSAs: the values of every token and of the
	// signature.
	tsa := &embedded{lt: &cms.LongTerm{}, certs: slices.Concat(e.certs, e.stampCerts),
		ocsp: slices.Concat(e.stampOCSP, e.ocsp), crls: slices.Concat(e.stampCRLs, e.crls)}
	for _, st := range stamps {
		s.Timestamps = append(s.Timestamps, j.timestamp(st, si, tsa))
	}

	bst := j.v.opts.Time
	var firstSig *time.Time
	for _, ts := range s.Timestamps {
		if ts.Status != Valid || ts.Time == nil {
			continue
		}
		switch ts.Kind {
		case KindSignature, KindCAdESC, KindArchive:
			if ts.Time.Before(bst) {
				bst, j.proven = *ts.Time, true
			}
		}
		if ts.Kind == KindSignature && (firstSig == nil || ts.Time.Before(*firstSig)) {
			firstSig = ts.Time
		}
	}
	j.at = bst
	if j.proven {
		// Only a proof is reported: the validation time would make the
		// report depend on the moment it was made.
		s.BestSignatureTime = &bst
	}
	for i, ts := range s.Timestamps {
		if ts.Status != Valid {
			s.warnings = append(s.warnings, msgNote(i18n.WarnTimestampFailed, i+1, kindText{ts.Kind}, reasonOf{ts.Cause}))
		}
	}
	// Coherence: a claimed signing time after the proof, a content
	// timestamp after the signature timestamp.
	if firstSig != nil && res.SigningTime != nil && res.SigningTime.After(firstSig.Add(SigningTimeTolerance)) {
		s.warnings = append(s.warnings, msgNote(i18n.WarnSignedAfterTimestamp, instant(*res.SigningTime), instant(*firstSig)))
	}
	if firstSig != nil {
		for _, ts := range s.Timestamps {
			if ts.Kind == KindContent && ts.Status == Valid && ts.Time.After(*firstSig) {
				j.orderFailure = &TimestampOrderError{Content: *ts.Time, Signature: *firstSig}
			}
		}
	}
}

// TimestampOrderError is a content timestamp later than the signature
// timestamp: the content cannot have been stamped after the signature over
// it existed (TIMESTAMP_ORDER_FAILURE).
type TimestampOrderError struct{ Content, Signature time.Time }

func (e *TimestampOrderError) Error() string {
	return "verify: the content timestamp (" + instant(e.Content) + ") is later than the signature timestamp (" + instant(e.Signature) + ")"
}

func (e *TimestampOrderError) explain(l i18n.Lang) string {
	return l.Sprintf(i18n.ReasonTimestampOrder, instant(e.Content), instant(e.Signature))
}

// kindText prints a timestamp kind in the reader's language.
type kindText struct{ kind string }

func (k kindText) In(l i18n.Lang) string { return kindWords(l, k.kind) }

// instant prints an instant to the second, in UTC.
func instant(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") }

// stamp is a timestamp token of a signer, parsed (or not: err), with
// what its imprint covers: the bytes data returns (nil for a content
// timestamp, checked against the signed messageDigest, and for an archive
// timestamp, not computed by this version).
type stamp struct {
	kind string
	der  []byte
	data func(*tsp.Token) ([][]byte, error)
	tok  *tsp.Token
	err  error
}

// timestamp verifies one token; tsa holds the certificates and revocation
// values the signature and its tokens carry.
func (j *job) timestamp(st stamp, si *cms.SignerInfo, tsa *embedded) TimestampReport {
	kind, data := st.kind, st.data
	ts := TimestampReport{Kind: kind, Token: Failed, Chain: NotChecked, Status: Invalid}
	fail := func(sub SubIndication, err error) TimestampReport {
		ts.Status, ts.SubIndication = sub.Status(), sub
		ts.Cause = &TimestampError{Kind: kind, SubIndication: sub, Err: err}
		ts.Error = err.Error()
		return ts
	}
	tok, err := st.tok, st.err
	if err != nil {
		return fail(FormatFailure, err)
	}
	t := tok.Info.GenTime
	ts.Time, ts.GenTime = &t, &t
	ts.Policy = tok.Info.Policy.String()
	ts.HashAlgorithm = algorithmName(tok.Info.HashAlgorithm.Algorithm.String())

	// A token may be a long-term signature itself (the CryptoPro TSP's
	// are): the TSA's certificate may be in its certificate-values, or in
	// another token's.
	opts := tsp.Options{ExtraCertificates: slices.Concat(j.v.opts.Certificates, j.inside, tsa.certs)}
	// unchecked is a token whose imprint cannot be computed: its own
	// signature is checked, and it proves nothing.
	unchecked := func(sub SubIndication, cause error) TimestampReport {
		cert, err := tok.VerifyDigest(tok.Info.HashedMessage, opts)
		if cert != nil {
			ts.TSA = FormatName(cert.Subject)
		}
		if err != nil {
			return fail(tokenSubIndication(err), err)
		}
		ts.Token = NotChecked
		return fail(sub, cause)
	}
	var cert *x509.Certificate
	switch kind {
	case KindContent:
		digest, ok := si.MessageDigest()
		if !ok || !tok.Info.HashAlgorithm.Algorithm.Equal(si.DigestAlgorithm.Algorithm) {
			// The content was hashed with the signer's algorithm only.
			return unchecked(Generic, errContentHashDiffers)
		}
		cert, err = tok.VerifyDigest(digest, opts)
	default:
		inputs, ierr := data(tok)
		if ierr != nil {
			return unchecked(inputSubIndication(ierr), ierr)
		}
		// The first input whose imprint matches; else the first's error.
		for i, input := range inputs {
			c, verr := j.v.cache.verifyToken(tok, st.der, input, opts)
			if i == 0 || verr == nil {
				cert, err = c, verr
			}
			var ve *tsp.VerifyError
			if verr == nil || !errors.As(verr, &ve) || ve.Reason != tsp.ImprintMismatch {
				break
			}
		}
	}
	if cert != nil {
		ts.TSA = FormatName(cert.Subject)
	}
	if err != nil {
		return fail(tokenSubIndication(err), err)
	}
	ts.Token = Passed

	// The TSA's path, at the token's time.
	if j.v.opts.Roots == nil {
		return fail(NoCertificateChainFound, ErrNoTrustAnchors)
	}
	// The candidates include every token's certificates (j.candidates).
	built := chain.Build(cert, chain.Options{
		Roots: j.v.opts.Roots, Intermediates: j.candidates(), Time: t,
		FetchIssuers: j.fetchIssuers(), Leaf: chain.LeafAny, Signatures: &j.v.cache.links,
	})
	for _, l := range built.Path {
		d := j.describeLink(l)
		if d.Source == "certificate" { // the TSA's, found in its token
			d.Source = SourceTimestamp
		}
		ts.TSAChain = append(ts.TSAChain, d)
	}
	var ce *chain.Error
	if errors.As(built.Err, &ce) {
		ts.Chain = Failed
		pe := &PathError{Issuer: FormatName(cert.Issuer), Rejected: built.Rejected, Err: built.Err}
		if ce.Reason == chain.NoPath {
			return fail(NoCertificateChainFound, pe)
		}
		return fail(ChainConstraintsFailure, pe)
	}
	if t.Before(cert.NotBefore) || t.After(cert.NotAfter) {
		ts.Chain = Failed
		sub := Expired
		if t.Before(cert.NotBefore) {
			sub = NotYetValid
		}
		return fail(sub, &ValidityError{SubIndication: sub, NotBefore: cert.NotBefore, NotAfter: cert.NotAfter, ValidationTime: t})
	}
	ts.Chain = Passed

	// The TSA's status at the token's time, when revocation is on and
	// something can tell it; not knowing it is a warning, not a failure.
	if len(built.Path) > 1 && !j.v.opts.RevocationOff {
		issuer := built.Path[1].Cert
		rev := &Revocation{Status: "unavailable"}
		// tsa, not j.emb: a value failing for the TSA is no fault of the
		// signature's X layer.
		srcs := j.revocationSources(tsa, cert.OCSPServer, len(cert.CRLDistributionPoints) > 0)
		st, failures := j.askAt(srcs, rev, cert, issuer, t)
		switch {
		case st == nil && len(failures) == 0 && len(cert.OCSPServer)+len(cert.CRLDistributionPoints) == 0:
			// Nothing names a source and nothing embedded answers.
		case st == nil:
			ts.Revocation = rev
			rev.note = i18n.T(i18n.NoteTSAStatusUnknown)
		case !st.good && !st.revokedAt.After(t):
			ts.Revocation = rev
			return fail(Revoked, &RevocationError{Certificate: cert, Status: "revoked", RevokedAt: st.revokedAt, ReasonCode: rev.RevocationReason})
		default:
			ts.Revocation = rev
		}
	}
	ts.Status = Valid
	return ts
}

// maxArchiveContent caps the detached document kept in memory for the
// archive-time-stamp-v2 check, which hashes the document itself.
const maxArchiveContent = 64 << 20

// archiveInputs are the bytes an archive timestamp may cover: for v3 (EN
// 319 122-1) one input, its ats-hash-index checked; for v2 (TS 101 733)
// both variants, with and without the unsignedAttrs header, which
// producers differ on. v1 is not computed.
func (j *job) archiveInputs(si *cms.SignerInfo, a cms.ArchiveTimeStamp, tok *tsp.Token) ([][]byte, error) {
	sd := j.sd
	switch {
	case sd == nil || a.Version == 1:
		return nil, ErrArchiveNotChecked
	case a.Version == 3:
		// The content's hash with the token's algorithm: the signed
		// messageDigest, verified against the document, when the
		// algorithms are the same.
		digest, ok := si.MessageDigest()
		if !ok || !tok.Info.HashAlgorithm.Algorithm.Equal(si.DigestAlgorithm.Algorithm) {
			return nil, errArchiveContentHash
		}
		in, err := sd.ArchiveTimeStampV3Input(si, a.Token, digest)
		if err != nil {
			return nil, err
		}
		return [][]byte{in}, nil
	}
	var content []byte
	if sd.Content == nil {
		if j.content == nil {
			return nil, errArchiveNoContent
		}
		content = j.content
	}
	var inputs [][]byte
	for _, header := range []bool{true, false} {
		in, err := sd.ArchiveTimeStampV2Input(si, a.Index, header, content)
		if err != nil {
			return nil, err
		}
		inputs = append(inputs, in)
	}
	return inputs, nil
}

// inputSubIndication is the sub-indication of a timestamp whose input
// cannot be put together: an archive index that names what the signature
// does not hold is a broken timestamp; the rest leave it unchecked.
func inputSubIndication(err error) SubIndication {
	var ae *cms.ArchiveError
	switch {
	case errors.Is(err, errNoRefs):
		return FormatFailure
	case errors.As(err, &ae) && ae.Reason == cms.ArchiveIndexUnmatched:
		return HashFailure
	case errors.As(err, &ae) && ae.Reason == cms.ArchiveIndexMissing:
		return FormatFailure
	}
	return Generic
}

// escInputs are the bytes a CAdES-C-time-stamp may cover: the signature
// value, the signature timestamps, the references (ESCTimeStampInput);
// and, when some signature timestamp is later than this one — an operator
// stamped the signature again afterwards —, the same without the later
// ones, which this one cannot have covered.
func escInputs(si *cms.SignerInfo, tok *tsp.Token, genTimes map[string]time.Time) ([][]byte, error) {
	full, err := si.ESCTimeStampInput()
	if err != nil {
		return nil, err
	}
	inputs := [][]byte{full}
	var earlier []cms.Attribute
	dropped := false
	for _, a := range si.UnsignedAttrs {
		if a.Type.Equal(cms.OIDTimeStampToken) && allLater(a.Values, tok.Info.GenTime, genTimes) {
			dropped = true
			continue
		}
		earlier = append(earlier, a)
	}
	if dropped {
		without := *si
		without.UnsignedAttrs = earlier
		if in, err := without.ESCTimeStampInput(); err == nil {
			inputs = append(inputs, in)
		}
	}
	return inputs, nil
}

// allLater reports whether every token of values was read (genTimes) and
// is later than t.
func allLater(values [][]byte, t time.Time, genTimes map[string]time.Time) bool {
	for _, v := range values {
		gt, ok := genTimes[string(v)]
		if !ok || !gt.After(t) {
			return false
		}
	}
	return len(values) > 0
}

// tokenSubIndication is the sub-indication of a token that does not
// verify.
func tokenSubIndication(err error) SubIndication {
	var ve *tsp.VerifyError
	if !errors.As(err, &ve) {
		return FormatFailure
	}
	switch ve.Reason {
	case tsp.ImprintMismatch:
		return HashFailure
	case tsp.NoTimeStampingUsage, tsp.UsageNotCritical, tsp.NoESSCertID:
		return SigConstraintsFailure
	case tsp.UnsupportedHash:
		return Generic
	}
	var se *cms.SignerError
	if errors.As(ve.Err, &se) && se.Reason == cms.NoSignerCertificate {
		return NoSigningCertificateFound
	}
	return SigCryptoFailure
}

// xLayer checks the references of a CAdES-C / -X signature against the
// values it carries: every reference must resolve, by hash, to a value;
// embedded values that did not verify for the path also break the layer.
// It returns the problems (none when the layer holds).
func (j *job) xLayer() []note {
	e := j.emb
	if e == nil {
		return nil
	}
	lt := e.lt
	var problems []note
	if len(lt.Problems) > 0 {
		problems = append(problems, msgNote(i18n.LayerMalformedAttribute))
	}
	var certDER [][]byte
	certDER = append(certDER, lt.CertificateValues...)
	for _, c := range j.inside {
		certDER = append(certDER, c.Raw)
	}
	sums := digests{&j.v.cache}
	for i, ref := range lt.CertificateRefs {
		if !sums.anyMatches(ref.Hash, certDER) {
			problems = append(problems, msgNote(i18n.LayerCertRefUnresolved, i+1))
		}
	}
	crls := append(append([][]byte(nil), e.crls...), j.crls...)
	for i, rr := range lt.RevocationRefs {
		for _, c := range rr.CRLs {
			if !sums.anyMatches(c.Hash, crls) {
				problems = append(problems, msgNote(i18n.LayerCRLRefUnresolved, i+1))
			}
		}
		for _, o := range rr.OCSP {
			if !sums.ocspRefResolves(o, e.ocsp) {
				problems = append(problems, msgNote(i18n.LayerOCSPRefUnresolved, i+1, instant(o.ProducedAt)))
			}
		}
	}
	for _, f := range e.failures {
		problems = append(problems, msgNote(i18n.LayerValueInvalid, reasonOf{f}))
	}
	return problems
}

// digests hash the values references are matched against, each once per
// algorithm, through the run's cache.
type digests struct{ c *cache }

func (d digests) anyMatches(h cms.OtherHash, values [][]byte) bool {
	for _, v := range values {
		if sum, err := d.c.digest(h, v); err == nil && bytes.Equal(sum, h.Value) {
			return true
		}
	}
	return false
}

// ocspRefResolves reports whether an OCSP reference names one of values:
// by its hash when it has one, else by responder and producedAt.
func (d digests) ocspRefResolves(ref cms.OCSPRef, values [][]byte) bool {
	if ref.Hash != nil {
		return d.anyMatches(*ref.Hash, values)
	}
	for _, v := range values {
		name, keyHash, produced, err := ocspclient.BasicResponseID(v)
		if err != nil || !produced.Equal(ref.ProducedAt) {
			continue
		}
		if (ref.ResponderName != nil && bytes.Equal(name, ref.ResponderName)) ||
			(ref.ResponderKeyHash != nil && bytes.Equal(keyHash, ref.ResponderKeyHash)) {
			return true
		}
	}
	return false
}

// layers says what each layer of a long-term signature showed. xProblems
// are the X layer's (xLayer).
func (j *job) layers(s *SignatureReport, xProblems []note) []Layer {
	e := j.emb
	if e == nil || e.lt.Level == cms.LevelBES || e.lt.Level == cms.LevelEPES {
		return nil
	}
	lt := e.lt
	base := Layer{Level: string(cms.LevelBES), Status: Valid}
	switch s.Checks.Signature {
	case Failed:
		base.Status, base.note = Invalid, i18n.T(i18n.LayerBaseInvalid)
	case NotChecked:
		base.Status, base.note = Indeterminate, i18n.T(i18n.LayerBaseNotChecked)
	}
	out := []Layer{base}
	kindsLayer := func(level cms.Level, kind string) {
		var valid, invalid, all int
		for _, ts := range s.Timestamps {
			if ts.Kind != kind {
				continue
			}
			all++
			switch ts.Status {
			case Valid:
				valid++
			case Invalid:
				invalid++
			}
		}
		if all == 0 {
			return
		}
		ly := Layer{Level: string(level), Status: Valid}
		switch {
		case valid == 0 && invalid == all:
			ly.Status, ly.note = Invalid, i18n.T(i18n.LayerNoValidTimestamp, all)
		case valid == 0:
			ly.Status, ly.note = Indeterminate, i18n.T(i18n.LayerNoValidTimestamp, all)
		case valid < all:
			ly.note = i18n.T(i18n.LayerSomeTimestampsFailed, all-valid, all)
		}
		out = append(out, ly)
	}
	kindsLayer(cms.LevelT, KindSignature)
	if lt.HasCertificateRefs || lt.HasRevocationRefs || lt.HasCertificateValues || lt.HasRevocationValues {
		level := lt.Level
		if level == cms.LevelA || level == cms.LevelT {
			level = xLevel(lt)
		}
		ly := Layer{Level: string(level), Status: Valid}
		if len(xProblems) > 0 {
			ly.Status, ly.note = Invalid, xProblems[0].text
		}
		for _, ts := range s.Timestamps {
			if (ts.Kind == KindCAdESC || ts.Kind == KindRefs) && ts.Status != Valid {
				if ly.Status == Valid {
					ly.Status, ly.note = ts.Status, i18n.T(i18n.LayerXTimestampFailed)
				}
			}
		}
		out = append(out, ly)
	}
	kindsLayer(cms.LevelA, KindArchive)
	return out
}

// xLevel is the X form of a signature whose level says more (CAdES-A) or
// less (refs without a signature timestamp).
func xLevel(lt *cms.LongTerm) cms.Level {
	values := lt.HasCertificateValues || lt.HasRevocationValues
	switch {
	case values && len(lt.ESCTimeStamps) > 0:
		return cms.LevelXL1
	case values && len(lt.CertCRLTimestamps) > 0:
		return cms.LevelXL2
	case values:
		return cms.LevelXL
	case len(lt.ESCTimeStamps) > 0:
		return cms.LevelX1
	case len(lt.CertCRLTimestamps) > 0:
		return cms.LevelX2
	}
	return cms.LevelC
}
