package extend

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/tsp"
	"github.com/gostverify/gostverify/verify"
)

// CAdES-X Long Type 1 (ETSI TS 101 733 sections 6.2, 6.3, 6.3.5): the
// certificates and revocation data of the paths the verifier built — the
// signer's and its TSAs' — are fetched again as bytes and written as
//
//	complete-certificate-references  the signer path's CAs (anchor too) and OCSP responders
//	complete-revocation-references   one CrlOcspRef per certificate of the signer's path but the anchor
//	certificate-values               the signer's path, the responders, the TSAs' paths
//	revocation-values                every CRL and BasicOCSPResponse fetched, the TSAs' too
//	CAdES-C-time-stamp               over ESCTimeStampInput, as verify checks it
//
// exactly as package verify reads them back (verify/longterm.go xLayer).

// evidence is what xLong collects.
type evidence struct {
	refCerts, valueCerts [][]byte
	refs                 []cms.RevocationRefSource
	crls, ocsp           [][]byte
	seen                 map[string]bool
}

func (e *evidence) addCert(der []byte, referenced bool, s *Signer, c *x509.Certificate, role string) {
	key := "cert:" + string(der)
	if referenced && !e.seen["ref:"+key] {
		e.seen["ref:"+key] = true
		e.refCerts = append(e.refCerts, der)
	}
	if e.seen[key] {
		return
	}
	e.seen[key] = true
	e.valueCerts = append(e.valueCerts, der)
	s.Certificates = append(s.Certificates, Certificate{Subject: verify.FormatName(c.Subject),
		Serial: strings.ToUpper(c.SerialNumber.Text(16)), Role: role, Referenced: referenced})
}

// status fetches the status of cert, issued by issuer (Extender.revocation),
// and adds its CRL or OCSP response, and the responder unless it is the
// issuer, as values (the responder referenced too when referenced is).
func (e *evidence) status(ctx context.Context, x *Extender, cert, issuer *x509.Certificate, s *Signer, referenced bool) (cms.RevocationRefSource, error) {
	src, responder, err := x.revocation(ctx, cert, issuer, s)
	if err != nil {
		return src, err
	}
	if responder != nil && !bytes.Equal(responder.Raw, issuer.Raw) {
		e.addCert(responder.Raw, referenced, s, responder, "ocsp responder")
	}
	for _, c := range src.CRLs {
		if !e.seen["crl:"+string(c)] {
			e.seen["crl:"+string(c)] = true
			e.crls = append(e.crls, c)
		}
	}
	for _, o := range src.OCSP {
		if !e.seen["ocsp:"+string(o)] {
			e.seen["ocsp:"+string(o)] = true
			e.ocsp = append(e.ocsp, o)
		}
	}
	return src, nil
}

// xLong adds the X Long Type 1 attributes to signer i of data; rep is the
// verifier's report on data.
func (x *Extender) xLong(ctx context.Context, in Input, data []byte, i int, s *Signer, res *Result, rep *verify.Report) ([]byte, error) {
	sd, err := cms.Parse(data)
	if err != nil {
		return nil, &Error{Reason: Encoding, Err: err}
	}
	sig := signatureAt(rep, s.Position)
	if sig == nil {
		return nil, &Error{Reason: NotVerifiedAfter, Signer: s.Position, Err: errors.New("the signer is missing from the report")}
	}
	pool := x.pool(sd, sd.Signers[i])
	ev := &evidence{seen: map[string]bool{}}

	// The signer's path: the signer, its CAs, the anchor.
	path, err := x.findPath(ctx, sig.Chain, pool)
	if err != nil {
		return nil, &Error{Reason: PathIncomplete, Signer: s.Position, Err: err}
	}
	for k, c := range path {
		role := "ca"
		switch {
		case k == 0:
			role = "signer"
		case k == len(path)-1:
			role = "anchor"
		}
		ev.addCert(c.Raw, k > 0, s, c, role)
	}
	for k := 0; k+1 < len(path); k++ {
		src, err := ev.status(ctx, x, path[k], path[k+1], s, true)
		if err != nil {
			return nil, &Error{Reason: RevocationUnavailable, Signer: s.Position, Err: err}
		}
		ev.refs = append(ev.refs, src)
	}
	for j := range s.Revocation {
		s.Revocation[j].Referenced = true
	}
	// The TSAs' paths and status, as values only.
	for _, ts := range sig.Timestamps {
		if ts.Kind != verify.KindSignature || ts.Status != verify.Valid {
			continue
		}
		tpath, err := x.findPath(ctx, ts.TSAChain, pool)
		if err != nil {
			return nil, &Error{Reason: PathIncomplete, Signer: s.Position, Err: fmt.Errorf("TSA: %w", err)}
		}
		for k, c := range tpath {
			role := "tsa ca"
			if k == 0 {
				role = "tsa"
			}
			ev.addCert(c.Raw, false, s, c, role)
		}
		for k := 0; k+1 < len(tpath); k++ {
			if ev.seen["status:"+string(tpath[k].Raw)] || containsCert(path, tpath[k]) {
				continue // the signer's CA, checked above
			}
			ev.seen["status:"+string(tpath[k].Raw)] = true
			if _, err := ev.status(ctx, x, tpath[k], tpath[k+1], s, false); err != nil {
				return nil, &Error{Reason: RevocationUnavailable, Signer: s.Position, Err: fmt.Errorf("TSA: %w", err)}
			}
		}
	}

	h := x.opts.Hash
	var attrs [][]byte
	for _, a := range []struct {
		oid   []int
		value func() ([]byte, error)
	}{
		{cms.OIDCertificateRefs, func() ([]byte, error) { return cms.CertificateRefsValue(ev.refCerts, h) }},
		{cms.OIDRevocationRefs, func() ([]byte, error) { return cms.RevocationRefsValue(ev.refs, h) }},
		{cms.OIDCertificateValues, func() ([]byte, error) { return cms.CertificateValuesValue(ev.valueCerts) }},
		{cms.OIDRevocationValues, func() ([]byte, error) { return cms.RevocationValuesValue(ev.crls, ev.ocsp) }},
	} {
		v, err := a.value()
		if err == nil {
			v, err = cms.MarshalAttribute(a.oid, v)
		}
		if err != nil {
			return nil, &Error{Reason: Encoding, Signer: s.Position, Err: err}
		}
		attrs = append(attrs, v)
	}
	out, enc, err := cms.AppendUnsignedAttributes(data, i, attrs...)
	if err != nil {
		return nil, &Error{Reason: Encoding, Signer: s.Position, Err: err}
	}
	res.Encoding = append(res.Encoding, "signer "+s.Position+", references and values: "+enc.Summary())

	// The CAdES-C timestamp over what verify computes for it.
	withRefs, err := cms.Parse(out)
	if err != nil {
		return nil, &Error{Reason: Encoding, Signer: s.Position, Err: err}
	}
	input, err := withRefs.Signers[i].ESCTimeStampInput()
	if err != nil {
		return nil, &Error{Reason: Encoding, Signer: s.Position, Err: err}
	}
	return x.stamp(ctx, out, i, s, res, input, cms.OIDESCTimeStamp, verify.KindCAdESC)
}

// pool is every certificate the signature and its tokens carry, the
// extra ones and the anchors: where the paths' certificates are found.
func (x *Extender) pool(sd *cms.SignedData, si *cms.SignerInfo) []*x509.Certificate {
	all := append([]*x509.Certificate(nil), sd.ParsedCertificates()...)
	lt := si.LongTerm()
	for _, der := range lt.CertificateValues {
		if c, err := x509.ParseCertificate(der); err == nil {
			all = append(all, c)
		}
	}
	for _, tok := range lt.SignatureTimeStamps {
		if t, err := tsp.Parse(tok); err == nil {
			all = append(all, t.SignedData.ParsedCertificates()...)
		}
	}
	all = append(all, x.opts.Certificates...)
	if x.opts.Roots != nil {
		for _, a := range x.opts.Roots.Anchors() {
			all = append(all, a.Cert)
		}
	}
	return all
}

// findPath finds the certificates of a path the verifier described (by
// their SHA-256) in pool, or else among the issuers named by the previous
// certificate's AIA (downloaded again or from the AIA cache).
func (x *Extender) findPath(ctx context.Context, desc []verify.ChainCertificate, pool []*x509.Certificate) ([]*x509.Certificate, error) {
	if len(desc) == 0 {
		return nil, errors.New("the verifier built no path")
	}
	var path []*x509.Certificate
	for k, d := range desc {
		c := bySHA256(pool, d.SHA256)
		if c == nil && k > 0 && x.opts.AIA != nil {
			var cands []*x509.Certificate
			for _, cand := range x.opts.AIA.Issuers(ctx, path[k-1]) {
				cands = append(cands, cand.Cert)
			}
			c = bySHA256(cands, d.SHA256)
		}
		if c == nil {
			return nil, fmt.Errorf("certificate %q (SHA-256 %s) of the path is not found again", d.Subject, d.SHA256)
		}
		path = append(path, c)
	}
	return path, nil
}

func bySHA256(certs []*x509.Certificate, want string) *x509.Certificate {
	for _, c := range certs {
		sum := sha256.Sum256(c.Raw)
		if strings.EqualFold(hex.EncodeToString(sum[:]), want) {
			return c
		}
	}
	return nil
}

func containsCert(certs []*x509.Certificate, c *x509.Certificate) bool {
	for _, p := range certs {
		if bytes.Equal(p.Raw, c.Raw) {
			return true
		}
	}
	return false
}

// revocation fetches cert's status from issuer's OCSP responder, else its
// CRLs, good now, and records it in s. The responder is returned when
// OCSP answered.
func (x *Extender) revocation(ctx context.Context, cert, issuer *x509.Certificate, s *Signer) (cms.RevocationRefSource, *x509.Certificate, error) {
	at := x.opts.Now()
	who := verify.FormatName(cert.Subject)
	var errs []error
	if x.opts.OCSP != nil {
		for _, u := range cert.OCSPServer {
			r, basic, err := x.opts.OCSP.FetchOCSP(ctx, cert, issuer, u, at)
			if err == nil && r.Status != ocspclient.Good {
				err = fmt.Errorf("ocsp: %s: status %s", u, r.Status)
			}
			if err != nil {
				errs = append(errs, err)
				continue
			}
			s.Revocation = append(s.Revocation, Revocation{For: who, Method: "ocsp", URL: u, Status: string(r.Status), Time: r.ProducedAt})
			return cms.RevocationRefSource{OCSP: [][]byte{basic}}, r.Responder, nil
		}
	}
	if x.opts.CRL != nil && len(cert.CRLDistributionPoints) > 0 {
		r, der, err := x.opts.CRL.FetchCRL(ctx, cert, issuer, at)
		if err == nil && r.Status != ocspclient.Good {
			err = fmt.Errorf("crl: %s: status %s", r.URL, r.Status)
		}
		if err == nil {
			s.Revocation = append(s.Revocation, Revocation{For: who, Method: "crl", URL: r.URL, Status: string(r.Status), Time: r.ThisUpdate})
			return cms.RevocationRefSource{CRLs: [][]byte{der}}, nil, nil
		}
		errs = append(errs, err)
	}
	return cms.RevocationRefSource{}, nil, &revocationError{subject: who, errs: errs}
}
