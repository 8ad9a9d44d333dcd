package verify

import (
	"context"
	"crypto/x509"
	"errors"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/tsp"
)

// job is the verification of one signature file: what its signers share.
type job struct {
	v      *Verifier
	ctx    context.Context
	inside []*x509.Certificate // the certificates the signature carries
	crls   [][]byte            // the CRLs it carries
	// downloads are the issuer downloads (AIA) tried for the path of the
	// signer being checked.
	downloads []fetch.Attempt
}

// signature decides the verdict on one signer (and its countersigners):
// the signature, then the chain, then revocation, each only when the one
// before passed. The decision is Status, SubIndication and Cause; Reason
// and Error say the cause in words.
func (j *job) signature(res *cms.SignerResult) SignatureReport {
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
	if s.TimestampTokens > 0 {
		s.Timestamps = j.timestamps(res.Signer)
		s.warnings = append(s.warnings, msgNote(i18n.WarnTimestampTokens, s.TimestampTokens))
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
		path, sub, cause := j.checkChain(&s, res)
		s.SubIndication, s.Cause = sub, cause
		if sub != "" || path == nil {
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
	s.Status = s.SubIndication.Status()
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
		Roots: opts.Roots, Intermediates: j.candidates(), Time: opts.Time,
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
		s.Chain = append(s.Chain, j.v.cache.describeLink(l))
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

	leaf, t, st := res.Certificate, opts.Time, res.SigningTime
	if st != nil && st.After(t) {
		s.warnings = append(s.warnings, msgNote(i18n.WarnSignedAfterValidate, day(*st), day(t)))
	}
	verr := &ValidityError{SigningTime: st, NotBefore: leaf.NotBefore, NotAfter: leaf.NotAfter, ValidationTime: t}
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
// certificates inside the signature, then the extra ones (--certs). The
// next source, certificates embedded in CAdES attributes, joins here.
func (j *job) candidates() []chain.Candidate {
	cands := make([]chain.Candidate, 0, len(j.inside)+len(j.v.opts.Certificates))
	for _, c := range j.inside {
		cands = append(cands, chain.Candidate{Cert: c, Source: "signature"})
	}
	for _, c := range j.v.opts.Certificates {
		cands = append(cands, chain.Candidate{Cert: c, Source: "certs"})
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

// timestamps checks the signature-time-stamp tokens of si against its
// signature value (RFC 3161, CAdES-T): each token's signature, its TSA's
// timeStamping usage and its imprint. The TSA's path is not built yet, and
// no verdict depends on them.
func (j *job) timestamps(si *cms.SignerInfo) []TimestampReport {
	var out []TimestampReport
	for _, a := range si.UnsignedAttrs {
		if !a.Type.Equal(cms.OIDTimeStampToken) {
			continue
		}
		for _, v := range a.Values {
			ts := TimestampReport{Kind: "signature", Token: Failed, Chain: NotChecked}
			tok, err := tsp.ParseShared(v, &j.v.certs)
			if err == nil {
				t := tok.Info.GenTime
				ts.GenTime = &t
				var cert *x509.Certificate
				cert, err = tok.Verify(si.Signature, tsp.Options{ExtraCertificates: j.v.opts.Certificates})
				if cert != nil {
					ts.TSA = FormatName(cert.Subject)
				}
			}
			if err != nil {
				ts.Reason = err.Error()
			} else {
				ts.Token = Passed
			}
			out = append(out, ts)
		}
	}
	return out
}
