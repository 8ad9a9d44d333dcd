package verify

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/qualified"
)

// job is the verification of one signature file: what its signers share.
type job struct {
	v      *Verifier
	ctx    context.Context
	sd     *cms.SignedData     // the signature file
	inside []*x509.Certificate // the certificates the signature carries
	crls   [][]byte            // the CRLs it carries
	// content is the detached document, kept when an archive timestamp
	// covers it and it is small enough; nil otherwise.
	content []byte
	// downloads are the issuer downloads (AIA) tried for the path of the
	// signer being checked.
	downloads []fetch.Attempt

	// Of the signer being checked: what its long-term attributes carry,
	// the time its path and status are judged at (the best-signature-time)
	// and whether a timestamp proves it, and a content timestamp later
	// than its signature timestamp.
	emb          *embedded
	at           time.Time
	proven       bool
	orderFailure *TimestampOrderError
}

// signature decides the verdict on one signer (and its countersigners):
// the signature, then the chain, then revocation, each only when the one
// before passed. The decision is Status, SubIndication and Cause; Reason
// and Error say the cause in words.
func (j *job) signature(res *cms.SignerResult) SignatureReport {
	// A countersignature is judged on its own: keep the signer's state.
	defer func(emb *embedded, at time.Time, proven bool, order *TimestampOrderError) {
		j.emb, j.at, j.proven, j.orderFailure = emb, at, proven, order
	}(j.emb, j.at, j.proven, j.orderFailure)
	j.emb, j.at, j.proven, j.orderFailure = nil, j.v.opts.Time, false, nil

	s := SignatureReport{
		Position:    res.Position,
		SigningTime: res.SigningTime,
		Chain:       []ChainCertificate{},
		Checks:      Checks{Signature: Passed, Chain: NotChecked, Revocation: NotChecked},
		Revocation:  Revocation{Status: "not_checked"},
		built:       true,
	}
	for _, q := range res.Quirks {
		switch q {
		case cms.PublicKeyOIDAsSignatureAlgorithm:
			// Normal for CryptoPro CSP and ViPNet: a note, not a warning.
			s.notes = append(s.notes, msgNote(i18n.NotePublicKeyOID))
		case cms.SignedAttributesNotInDEROrder:
			s.warnings = append(s.warnings, msgNote(i18n.WarnAttributeOrder))
		default:
			s.warnings = append(s.warnings, note{raw: q.String()})
		}
	}
	if res.Signer != nil {
		s.DigestAlgorithm = algorithmName(res.Signer.DigestAlgorithm.Algorithm.String())
		s.SignatureAlgorithm = algorithmName(res.Signer.SignatureAlgorithm.Algorithm.String())
	}
	if res.Certificate != nil {
		s.Signer = j.v.cache.describeSigner(res.Certificate)
	}
	for _, oid := range res.UnknownAttributes {
		s.UnknownAttributes = append(s.UnknownAttributes, oid.String())
	}
	s.TimestampTokens = res.TimeStampTokens
	var path []chain.Link // the signer's, when built
	if res.Signer != nil {
		lt := res.Signer.LongTerm()
		s.Level = string(lt.Level)
		j.emb = j.embeddedValues(lt)
		j.longTerm(&s, res)
	}
	switch {
	case res.Err != nil:
		s.Checks.Signature = Failed
		s.SubIndication, s.Cause = signerSubIndication(res.Err), res.Err
		if s.SubIndication == NoSigningCertificateFound || s.SubIndication == Generic {
			s.Checks.Signature = NotChecked
		}
	case j.v.opts.Roots == nil:
		s.SubIndication, s.Cause = NoCertificateChainFound, ErrNoTrustAnchors
	default:
		var sub SubIndication
		var cause error
		path, sub, cause = j.checkChain(&s, res)
		s.SubIndication, s.Cause = sub, cause
		if sub != "" || path == nil {
			break
		}
		if j.orderFailure != nil {
			s.SubIndication, s.Cause = TimestampOrderFailure, j.orderFailure
			break
		}
		// Revocation is checked only on a chain that reaches an anchor.
		switch {
		case j.v.opts.RevocationOff:
			s.Revocation.note = i18n.T(i18n.NoteRevocationOff)
		case len(path) == 1:
			s.Revocation.note = i18n.T(i18n.NoteSignerIsAnchor)
		default:
			s.SubIndication, s.Cause = j.checkRevocation(&s, path, res.SigningTime)
		}
	}
	if j.v.opts.Policy != PolicyBasic && res.Signer != nil {
		// The algorithm rule, decided once: for the verdict and the
		// qualified status.
		alg := qualified.SignatureAlgorithm(res.Signer.SignatureAlgorithm.Algorithm, j.at, true)
		if s.SubIndication == "" {
			s.SubIndication, s.Cause = j.algorithmAllowed(alg)
		}
		j.qualifyIn(&s, res, path, alg)
	}
	s.Status = s.SubIndication.Status()
	// After revocation: the embedded values that failed it break the X
	// layer.
	xProblems := j.xLayer()
	s.Layers = j.layers(&s, xProblems)
	for _, ly := range s.Layers {
		if ly.Status == Invalid && ly.Level != string(cms.LevelBES) && ly.Level != string(cms.LevelT) {
			s.warnings = append(s.warnings, msgNote(i18n.WarnLayerFailed, ly.Level, ly.note))
		}
	}
	if s.Cause != nil {
		if _, ok := s.Cause.(*cms.SignerError); ok {
			s.Error = s.Cause.Error()
		}
		var pe *PathError
		if errors.As(s.Cause, &pe) {
			s.Error = pe.Err.Error()
		}
	}
	for _, c := range res.Countersigners {
		cs := j.signature(c)
		s.Countersignatures = append(s.Countersignatures, cs)
		if cs.Status == Invalid {
			s.warnings = append(s.warnings, msgNote(i18n.WarnCountersignature, cs.Position, reasonOf{cs.Cause}))
		}
	}
	return s
}

// signerSubIndication is the sub-indication of a signer's own failure.
func signerSubIndication(err error) SubIndication {
	var se *cms.SignerError
	if !errors.As(err, &se) {
		return FormatFailure
	}
	switch se.Reason {
	case cms.DigestMismatch:
		return HashFailure
	case cms.SignatureInvalid:
		return SigCryptoFailure
	case cms.SigningCertificateMismatch:
		return SigConstraintsFailure
	case cms.NoSignerCertificate:
		return NoSigningCertificateFound
	case cms.UnsupportedAlgorithm:
		var unsupported *gost.UnsupportedError
		if errors.As(err, &unsupported) {
			return Generic
		}
	}
	return FormatFailure
}

// checkChain builds and validates the signer certificate's path at the
// validation time and judges its validity period against the validation
// and claimed signing times. It fills s.Chain and s.Checks.Chain and
// returns the path (nil when none) with the sub-indication ("" when the
// chain and validity are fine) and its cause.
func (j *job) checkChain(s *SignatureReport, res *cms.SignerResult) ([]chain.Link, SubIndication, error) {
	opts := &j.v.opts
	j.downloads = nil
	built := chain.Build(res.Certificate, chain.Options{
		Roots: opts.Roots, Intermediates: j.candidates(), Time: j.at,
		FetchIssuers: j.fetchIssuers(), Leaf: chain.LeafSigning, Signatures: &j.v.cache.links,
	})
	if built.AnchorWithoutCA {
		anchor := built.Path[len(built.Path)-1].Cert
		s.warnings = append(s.warnings, msgNote(i18n.WarnAnchorWithoutCA, printable(anchor.Subject.CommonName)))
	}
	for _, a := range j.downloads {
		s.IssuerDownloads = append(s.IssuerDownloads, IssuerDownload{Method: a.Method, URL: a.URL, HTTPStatus: a.Status,
			ElapsedMS: a.Elapsed.Milliseconds(), Class: string(a.Class), Error: a.Err})
	}
	for _, l := range built.Path {
		s.Chain = append(s.Chain, j.describeLink(l))
	}
	var ce *chain.Error
	if errors.As(built.Err, &ce) {
		s.Checks.Chain = Failed
		pe := &PathError{Issuer: FormatName(res.Certificate.Issuer), Rejected: built.Rejected, Downloads: s.IssuerDownloads, Err: built.Err}
		if ce.Reason == chain.NoPath {
			return nil, NoCertificateChainFound, pe
		}
		return nil, ChainConstraintsFailure, pe
	}
	s.Checks.Chain = Passed

	leaf, t, st := res.Certificate, j.at, res.SigningTime
	if st != nil && st.After(opts.Time) {
		s.warnings = append(s.warnings, msgNote(i18n.WarnSignedAfterValidate, day(*st), day(opts.Time)))
	}
	verr := &ValidityError{SigningTime: st, NotBefore: leaf.NotBefore, NotAfter: leaf.NotAfter, ValidationTime: opts.Time}
	if j.proven {
		verr.ProvenTime = &t
	}
	switch {
	case st != nil && st.Before(leaf.NotBefore):
		verr.SubIndication = NotYetValid
	case st != nil && st.After(leaf.NotAfter):
		verr.SubIndication = Expired
	case t.Before(leaf.NotBefore) || t.After(leaf.NotAfter):
		verr.SubIndication = OutOfBoundsNoPOE
	default:
		return built.Path, "", nil
	}
	return built.Path, verr.SubIndication, verr
}

// candidates are the certificate sources known before any download: the
// certificates inside the signature, those of its CAdES certificate-values
// and its timestamp tokens, then the extra ones (--certs).
func (j *job) candidates() []chain.Candidate {
	cands := make([]chain.Candidate, 0, len(j.inside)+len(j.v.opts.Certificates))
	for _, c := range j.inside {
		cands = append(cands, chain.Candidate{Cert: c, Source: SourceSignature})
	}
	if j.emb != nil {
		for _, c := range j.emb.certs {
			cands = append(cands, chain.Candidate{Cert: c, Source: SourceEmbedded})
		}
		for _, c := range j.emb.stampCerts {
			cands = append(cands, chain.Candidate{Cert: c, Source: SourceTimestamp})
		}
	}
	for _, c := range j.v.opts.Certificates {
		cands = append(cands, chain.Candidate{Cert: c, Source: SourceCerts})
	}
	return cands
}

// fetchIssuers is the source asked last: the AIA downloads (and their
// disk cache), bounded by the job's context.
func (j *job) fetchIssuers() func(*x509.Certificate) []chain.Candidate {
	if j.v.opts.AIA == nil {
		return nil
	}
	return func(c *x509.Certificate) []chain.Candidate {
		cands, tried := j.v.opts.AIA.Lookup(j.ctx, c)
		j.downloads = append(j.downloads, tried...)
		return cands
	}
}

// describeLink describes a certificate of the signer's path, saying for
// the signer's own certificate where it was found.
func (j *job) describeLink(l chain.Link) ChainCertificate {
	d := j.v.cache.describeLink(l)
	if l.Source != "certificate" {
		return d
	}
	has := func(certs []*x509.Certificate) bool {
		for _, c := range certs {
			if c == l.Cert || bytes.Equal(c.Raw, l.Cert.Raw) {
				return true
			}
		}
		return false
	}
	switch {
	case has(j.inside):
		d.Source = SourceSignature
	case j.emb != nil && has(j.emb.certs):
		d.Source = SourceEmbedded
	case has(j.v.opts.Certificates):
		d.Source = SourceCerts
	case j.v.opts.Roots != nil && j.v.opts.Roots.Contains(l.Cert):
		d.Source = SourceAnchor
	}
	return d
}

// qualifyIn decides s's qualified status under the qualified policy, on a
// signature that verified (path: its certificate path, nil when none).
func (j *job) qualifyIn(s *SignatureReport, res *cms.SignerResult, path []chain.Link, alg qualified.Check) {
	if res.Err != nil || res.Certificate == nil {
		return
	}
	var issuer *x509.Certificate
	if len(path) > 1 {
		issuer = path[1].Cert
	}
	s.Qualified = j.qualify(res.Certificate, issuer, alg, j.at)
}
