package serve

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/pdf"
	"github.com/gostverify/gostverify/verify"
)

// maxPOASize caps an uploaded power of attorney (an XML of a few
// kilobytes in practice), as gostverify verify --poa and poa show do.
const maxPOASize = 4 << 20

// writeJSON answers v as `gostverify ... --json` prints it: indented by
// two spaces, with <, > and & as they are.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

// params reads lang, at and policy from the query, then from the form
// fields, which win.
func (s *Server) params(r *http.Request, u *upload) (Params, error) {
	get := func(k string) string {
		if u != nil {
			if v, ok := u.Values[k]; ok {
				return v
			}
		}
		return r.URL.Query().Get(k)
	}
	p := Params{Lang: s.opts.Lang}
	if v := get("lang"); v != "" {
		l, err := i18n.Parse(v)
		if err != nil {
			return p, badRequest("lang %q: ru or en", v)
		}
		p.Lang = l
	}
	if v := get("at"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			return p, badRequest("at %q: an RFC 3339 time is expected (2025-01-31T12:00:00Z)", v)
		}
		p.At = t
	}
	switch v := verify.Policy(get("policy")); v {
	case "":
	case verify.PolicyQualified, verify.PolicyBasic:
		p.Policy = v
	default:
		return p, badRequest("policy %q: qualified or basic", v)
	}
	return p, nil
}

// verifier is one request's Verifier, with p applied over what
// Options.Verify gives.
func (s *Server) verifier(p Params) *verify.Verifier { return verify.New(s.verifyOptions(p)) }

// verifyOptions are what Options.Verify gives for p, with p's language,
// time and policy.
func (s *Server) verifyOptions(p Params) verify.Options {
	vo := s.opts.Verify(p)
	vo.Lang = p.Lang
	if !p.At.IsZero() {
		vo.Time = p.At
	}
	if p.Policy != "" {
		vo.Policy = p.Policy
	}
	return vo
}

// syncRequest reads the upload of a synchronous endpoint and its
// parameters, takes a verification slot and bounds the request's time;
// done releases everything (the upload's files included).
func (s *Server) syncRequest(w http.ResponseWriter, r *http.Request, fields map[string]int64) (ctx context.Context, u *upload, p Params, done func(), ok bool) {
	u, err := s.readUpload(w, r, fields)
	if err != nil {
		s.fail(w, r, err)
		return nil, nil, p, nil, false
	}
	if p, err = s.params(r, u); err != nil {
		u.Close()
		s.fail(w, r, err)
		return nil, nil, p, nil, false
	}
	if !s.acquire(w, r) {
		u.Close()
		return nil, nil, p, nil, false
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.lim.RequestTimeout)
	return ctx, u, p, func() { cancel(); s.release(); u.Close() }, true
}

// readSmall reads an uploaded file that is parsed in memory.
func readSmall(p *part, max int64) ([]byte, error) {
	if p.Size > max {
		return nil, &reqError{ProblemTooLarge, fmt.Sprintf("field %q: %q is %d bytes, more than %d", p.Field, p.Name, p.Size, max)}
	}
	return os.ReadFile(p.Path)
}

// isPDF reports whether an uploaded file starts like a PDF.
func isPDF(p *part) bool {
	f, err := os.Open(p.Path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 1024)
	n, _ := io.ReadFull(f, head)
	return pdf.IsPDF(head[:n])
}

func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	ctx, u, p, done, ok := s.syncRequest(w, r, map[string]int64{
		"signature": s.lim.MaxUpload, "document": s.lim.MaxUpload, "poa": maxPOASize, "poa_signature": verify.MaxSignatureSize})
	if !ok {
		return
	}
	defer done()
	report, err := s.verifyUpload(ctx, u, p)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) && r.Context().Err() == nil {
		// Whatever verify made of it, the answer would be cut short.
		problem(w, r, ProblemTimeout, fmt.Sprintf("the verification took longer than %v", s.lim.RequestTimeout), 0)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.metrics.observeReport("verify", report)
	w.Header().Set("Gostverify-Status", string(report.Status))
	writeJSON(w, http.StatusOK, report)
}

// verifyUpload verifies the uploaded signature (or signed PDF) with its
// document and powers of attorney, as `gostverify verify` does.
func (s *Server) verifyUpload(ctx context.Context, u *upload, p Params) (*verify.Report, error) {
	sig, err := u.file("signature")
	if err != nil {
		return nil, err
	}
	if sig == nil {
		return nil, badRequest("the field \"signature\" is required: the signature file, or a signed PDF")
	}
	doc, err := u.file("document")
	if err != nil {
		return nil, err
	}
	in := verify.Input{Name: sig.Name}
	if isPDF(sig) {
		if doc != nil {
			return nil, badRequest("%q is a PDF, whose signatures are inside it: send it alone, without a document", sig.Name)
		}
		f, err := os.Open(sig.Path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in.PDF = &verify.PDFFile{R: f, Size: sig.Size}
	} else {
		if in.Data, err = readSmall(sig, verify.MaxSignatureSize); err != nil {
			return nil, err
		}
		if doc != nil {
			path := doc.Path
			in.Document = &verify.Document{Name: doc.Name, Named: true, Open: func() (io.ReadCloser, error) { return os.Open(path) }}
		}
	}
	v := s.verifier(p)
	poas, sigs := u.files("poa"), u.files("poa_signature")
	if len(sigs) > len(poas) {
		return nil, badRequest("%d poa_signature files for %d poa files", len(sigs), len(poas))
	}
	for i, pf := range poas {
		file := verify.POAFile{Name: pf.Name}
		if file.Data, err = readSmall(pf, maxPOASize); err != nil {
			return nil, err
		}
		if i < len(sigs) {
			file.SignatureName = sigs[i].Name
			if file.Signature, err = readSmall(sigs[i], verify.MaxSignatureSize); err != nil {
				return nil, err
			}
		}
		in.POAs = append(in.POAs, v.LoadPOA(ctx, file))
	}
	report, err := v.Verify(ctx, in)
	if errors.Is(err, verify.ErrNoDocument) {
		return nil, badRequest("%q is a detached signature: send the signed document in the field \"document\"", sig.Name)
	}
	return report, err
}

func (s *Server) handleShow(w http.ResponseWriter, r *http.Request) {
	_, u, p, done, ok := s.syncRequest(w, r, map[string]int64{"signature": s.lim.MaxUpload})
	if !ok {
		return
	}
	defer done()
	sig, err := u.file("signature")
	if err == nil && sig == nil {
		err = badRequest("the field \"signature\" is required")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if isPDF(sig) {
		f, err := os.Open(sig.Path)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer f.Close()
		d, err := verify.DescribePDF(sig.Name, &verify.PDFFile{R: f, Size: sig.Size}, cms.Parse)
		var pe *verify.PDFError
		if errors.As(err, &pe) {
			s.fail(w, r, &reqError{ProblemNotASignature, sig.Name + ": " + pe.In(p.Lang)})
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, d)
		return
	}
	data, err := readSmall(sig, verify.MaxSignatureSize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sd, err := cms.Parse(data)
	if err != nil {
		s.fail(w, r, &reqError{ProblemNotASignature, sig.Name + ": " + verify.ParseDetail(p.Lang, err)})
		return
	}
	writeJSON(w, http.StatusOK, verify.Describe(sig.Name, sd))
}

// certificateAnswer is what POST /v1/certificate answers: the certificate
// and its check (path to the trust anchors, revocation of it and its CAs).
type certificateAnswer struct {
	Certificate    *verify.Signer `json:"certificate"`
	ValidationTime time.Time      `json:"validation_time"`
	*verify.CertificateReport
}

func (s *Server) handleCertificate(w http.ResponseWriter, r *http.Request) {
	ctx, u, p, done, ok := s.syncRequest(w, r, map[string]int64{"certificate": verify.MaxSignatureSize})
	if !ok {
		return
	}
	defer done()
	cf, err := u.file("certificate")
	if err == nil && cf == nil {
		err = badRequest("the field \"certificate\" is required: PEM, DER or .p7b; the first certificate is checked, the others are candidate intermediates")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := os.ReadFile(cf.Path)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	certs, err := chain.ParseCertificates(data, cf.Name)
	if err != nil || len(certs) == 0 {
		detail := cf.Name + ": no certificate"
		if err != nil {
			detail = verify.Detail(p.Lang, err)
		}
		s.fail(w, r, &reqError{ProblemNotACertificate, detail})
		return
	}
	at := p.At
	if at.IsZero() {
		at = s.now()
		p.At = at
	}
	rep := s.verifier(p).CheckCertificate(ctx, certs[0], certs[1:])
	s.metrics.verdicts.WithLabelValues("certificate", string(rep.Status)).Inc()
	s.metrics.observeRevocation(rep.Revocation)
	w.Header().Set("Gostverify-Status", string(rep.Status))
	writeJSON(w, http.StatusOK, certificateAnswer{Certificate: verify.DescribeCertificate(certs[0]), ValidationTime: at, CertificateReport: rep})
}

func (s *Server) handlePOA(w http.ResponseWriter, r *http.Request) {
	_, u, p, done, ok := s.syncRequest(w, r, map[string]int64{"poa": maxPOASize})
	if !ok {
		return
	}
	defer done()
	pf, err := u.file("poa")
	if err == nil && pf == nil {
		err = badRequest("the field \"poa\" is required: the power of attorney's XML")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if s.opts.POA == nil {
		s.fail(w, r, &reqError{ProblemNotFound, "this server does not read powers of attorney"})
		return
	}
	data, err := readSmall(pf, maxPOASize)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view, err := s.opts.POA(pf.Name, data, p.Lang)
	if err != nil {
		s.fail(w, r, &reqError{ProblemNotAPOA, pf.Name + ": " + verify.Detail(p.Lang, err)})
		return
	}
	writeJSON(w, http.StatusOK, view)
}

func (s *Server) handleTSL(w http.ResponseWriter, r *http.Request) {
	if s.opts.TSL == nil {
		problem(w, r, ProblemNoTSL, "run 'gostverify tsl update' where the server reads its cache, or start it with --tsl FILE", 0)
		return
	}
	out, err := s.opts.TSL(r.URL.Query().Get("q"))
	if err != nil {
		p, _ := s.params(r, nil)
		problem(w, r, ProblemNoTSL, verify.Detail(p.Lang, err), 0)
		return
	}
	writeJSON(w, http.StatusOK, out)
}
