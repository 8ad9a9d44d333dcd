package verify

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
)

// checkChain builds and validates the signer certificate's path and judges
// its validity period against the validation and claimed signing times. It
// fills s.Chain and s.Checks.Chain and returns the path with the
// sub-indication ("" when the chain and validity are fine) and a reason.
func checkChain(s *SignatureReport, res *cms.SignerResult, inside []*x509.Certificate, opts Options) ([]chain.Link, SubIndication, string) {
	var cands []chain.Candidate
	for _, c := range inside {
		cands = append(cands, chain.Candidate{Cert: c, Source: "signature"})
	}
	for _, c := range opts.Certificates {
		cands = append(cands, chain.Candidate{Cert: c, Source: "certs"})
	}
	built := chain.Build(res.Certificate, chain.Options{
		Roots: opts.Roots, Intermediates: cands, Time: opts.Time,
		FetchIssuers: opts.FetchIssuers, Leaf: chain.LeafSigning, Signatures: opts.Cache.signatureCache(),
	})
	s.Warnings = append(s.Warnings, built.Warnings...)
	for _, l := range built.Path {
		s.Chain = append(s.Chain, opts.Cache.describeLink(l))
	}
	var ce *chain.Error
	if errors.As(built.Err, &ce) {
		s.Checks.Chain = Failed
		s.Error = built.Err.Error()
		if ce.Reason == chain.NoPath {
			return nil, NoCertificateChainFound, "the signer's certificate does not chain to a trusted root: " + missingIssuer(res.Certificate, built) +
				"; give the issuer with --certs, or the root with --roots"
		}
		return nil, ChainConstraintsFailure, "the certificate chain is broken: " + firstRejection(built)
	}
	s.Checks.Chain = Passed

	leaf, t := res.Certificate, opts.Time
	st := res.SigningTime
	switch {
	case st != nil && st.Before(leaf.NotBefore):
		return built.Path, NotYetValid, fmt.Sprintf("the signature claims to be made on %s, before the signer's certificate became valid (%s)", day(*st), day(leaf.NotBefore))
	case st != nil && st.After(leaf.NotAfter):
		return built.Path, Expired, fmt.Sprintf("the signature claims to be made on %s, after the signer's certificate expired (%s)", day(*st), day(leaf.NotAfter))
	case t.Before(leaf.NotBefore) || t.After(leaf.NotAfter):
		return built.Path, OutOfBoundsNoPOE, fmt.Sprintf("the signer's certificate is valid from %s to %s, not at the validation time %s, and nothing proves the signature was made while it was valid (no timestamp); use --at to validate at another time",
			day(leaf.NotBefore), day(leaf.NotAfter), day(t))
	}
	return built.Path, "", ""
}

func day(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

// missingIssuer names the issuer that could not be found.
func missingIssuer(leaf *x509.Certificate, r *chain.Result) string {
	if len(r.Rejected) > 0 {
		return "no issuer candidate worked (" + firstRejection(r) + ")"
	}
	return "its issuer " + FormatName(leaf.Issuer) + " was not found"
}

func firstRejection(r *chain.Result) string {
	if len(r.Rejected) == 0 {
		return "no detail"
	}
	var parts []string
	for _, rej := range r.Rejected {
		parts = append(parts, fmt.Sprintf("%s (%s): %v", rej.Candidate.Subject.CommonName, rej.Source, rej.Err))
	}
	return strings.Join(parts, "; ")
}

// describeLinkUncached describes a certificate of a path.
func describeLinkUncached(l chain.Link) ChainCertificate {
	s1, s256 := sha1.Sum(l.Cert.Raw), sha256.Sum256(l.Cert.Raw)
	return ChainCertificate{
		Subject: FormatName(l.Cert.Subject), Serial: fmt.Sprintf("%X", l.Cert.SerialNumber),
		NotBefore: l.Cert.NotBefore, NotAfter: l.Cert.NotAfter,
		SHA1: hex.EncodeToString(s1[:]), SHA256: hex.EncodeToString(s256[:]),
		Source: l.Source,
	}
}
