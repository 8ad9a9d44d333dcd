package extend

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gostverify/gostverify/chain"
	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/ocspclient"
	"github.com/gostverify/gostverify/tsp"
	"github.com/gostverify/gostverify/verify"
)

// Level is a level to extend to.
type Level string

const (
	LevelT   Level = "T"   // CAdES-T: a signature timestamp
	LevelXL1 Level = "XL1" // CAdES-X Long Type 1: T, references, values and a CAdES-C timestamp
)

// ParseLevel reads a level as the command line writes it: T or XL1 (any
// case).
func ParseLevel(s string) (Level, error) {
	switch strings.ToUpper(s) {
	case "T":
		return LevelT, nil
	case "XL1":
		return LevelXL1, nil
	}
	return "", fmt.Errorf("extend: level %q: want T or XL1", s)
}

// Options configure an Extender. Verifier and TSA are required; OCSP or
// CRL too for LevelXL1.
type Options struct {
	Level Level
	// Verifier verifies the input first and every result after: its
	// options (roots, certificates, time, network) are the run's.
	Verifier *verify.Verifier
	// TSA asks for the timestamps; its Hash is the imprint's (default
	// Streebog-256).
	TSA *tsp.Client
	// OCSP and CRL fetch the revocation data XL1 embeds: OCSP first where
	// a certificate names a responder, its CRLs where not (or where OCSP
	// fails).
	OCSP *ocspclient.Client
	CRL  *ocspclient.CRLChecker
	// Roots, Certificates and AIA are where the certificates of the
	// verifier's paths are found again to be embedded (the ones it used:
	// pass the verifier's own).
	Roots        *chain.Store
	Certificates []*x509.Certificate
	AIA          *chain.AIA
	// Hash is the hash of the references (OtherHash); zero means
	// Streebog-256.
	Hash gost.Hash
	// Now is the real clock, for the revocation data (zero: time.Now).
	Now func() time.Time
}

// Input is one signature file to extend.
type Input struct {
	// Name names the file in errors and the result.
	Name string
	// Data is the file as read (DER, BER, PEM or base64).
	Data []byte
	// Document is the signed document of a detached signature.
	Document *verify.Document

	// digests are the content's, once the first verification found them
	// (contentDigests).
	digests map[gost.Hash][]byte
}

// Result is an extended signature file.
type Result struct {
	Name string `json:"file"`
	// Data is the new file, written as the input was (see
	// cms.AppendUnsignedAttributes); the input's bytes are not touched.
	Data    []byte   `json:"-"`
	Level   Level    `json:"level"`
	Signers []Signer `json:"signers"`
	// Encoding says, for each append, what changed in the encoding.
	Encoding []string `json:"encoding"`
	// Report is the verifier's report on Data.
	Report *verify.Report `json:"-"`
}

// Signer is what was added to one signer.
type Signer struct {
	Position     string        `json:"position"`
	Before       string        `json:"level_before"`
	After        string        `json:"level_after"`
	Timestamps   []Timestamp   `json:"timestamps"`
	Certificates []Certificate `json:"certificates,omitempty"`
	Revocation   []Revocation  `json:"revocation,omitempty"`
}

// Timestamp is a token added.
type Timestamp struct {
	Kind    string    `json:"kind"` // verify.KindSignature or verify.KindCAdESC
	GenTime time.Time `json:"gen_time"`
	TSA     string    `json:"tsa"`
	Serial  string    `json:"serial"`
	Policy  string    `json:"policy"`
}

// Certificate is a certificate put in certificate-values (Referenced: in
// complete-certificate-references too).
type Certificate struct {
	Subject    string `json:"subject"`
	Serial     string `json:"serial"`
	Role       string `json:"role"` // "signer", "ca", "anchor", "ocsp responder", "tsa", "tsa ca"
	Referenced bool   `json:"referenced"`
}

// Revocation is an OCSP response or CRL put in revocation-values
// (Referenced: in complete-revocation-references too).
type Revocation struct {
	For        string    `json:"for"` // the certificate's subject
	Method     string    `json:"method"`
	URL        string    `json:"url"`
	Status     string    `json:"status"`
	Time       time.Time `json:"time"` // producedAt, or the CRL's thisUpdate
	Referenced bool      `json:"referenced"`
}

// Extender extends signature files. It is safe for concurrent use when
// its Verifier and clients are.
type Extender struct {
	opts Options
	// unverified skips the first verification (tests of signatures that
	// our roots do not trust: the layer below, never a user's switch).
	unverified bool
}

// New returns an Extender with opts.
func New(opts Options) *Extender {
	if opts.Hash == 0 {
		opts.Hash = gost.Streebog256
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Extender{opts: opts}
}

// Extend verifies in, refuses it unless it is valid now, and extends each
// signer to the level: a signature timestamp for T (a second one for a
// signer at T already), and for XL1 — from BES or T — the references,
// values and CAdES-C timestamp, each token checked before use and the
// result verified again. in.Data is never modified. A refusal or failure
// is an *Error with a Reason; I/O errors reading the document are
// returned as they are.
func (x *Extender) Extend(ctx context.Context, in Input) (*Result, error) {
	o := &x.opts
	if o.Verifier == nil || o.TSA == nil {
		return nil, errors.New("extend: a Verifier and a TSA client are required")
	}
	if o.Level != LevelT && o.Level != LevelXL1 {
		return nil, fmt.Errorf("extend: level %q: want T or XL1", o.Level)
	}
	data := in.Data
	res := &Result{Name: in.Name, Level: o.Level}
	var rep *verify.Report
	if !x.unverified {
		var err error
		if rep, err = x.verify(ctx, in, data); err != nil {
			return nil, err
		}
		if rep.Status != verify.Valid {
			return nil, notValid(rep)
		}
	}
	sd, err := cms.Parse(data)
	if err != nil {
		return nil, &Error{Reason: Encoding, Err: err}
	}
	if rep != nil {
		// The verifications after this one need not read the document.
		in.digests = contentDigests(sd)
	}
	// Refuse before anything is asked: every signer must be extendable.
	for i, si := range sd.Signers {
		level := si.LongTerm().Level
		pos := strconv.Itoa(i + 1)
		switch {
		case level == cms.LevelBES || level == cms.LevelEPES:
		case level == cms.LevelT && o.Level == LevelT:
		case level == cms.LevelT && o.Level == LevelXL1:
		default:
			return nil, &Error{Reason: AlreadyAtLevel, Signer: pos, Report: rep,
				Err: fmt.Errorf("it is %s; a signer is extended from CAdES-BES, -EPES or -T", level)}
		}
		res.Signers = append(res.Signers, Signer{Position: pos, Before: string(level)})
	}
	for i := range sd.Signers {
		s := &res.Signers[i]
		level := cms.Level(s.Before)
		if o.Level == LevelT || level != cms.LevelT {
			// The signature value is as parsed above: appending keeps it.
			if data, err = x.stamp(ctx, data, i, s, res, sd.Signers[i].Signature, cms.OIDTimeStampToken, verify.KindSignature); err != nil {
				return nil, err
			}
			if !x.unverified {
				if rep, err = x.checkAfter(ctx, in, data, s.Position, verify.KindSignature); err != nil {
					return nil, err
				}
			}
		}
		if o.Level == LevelXL1 {
			if data, err = x.xLong(ctx, in, data, i, s, res, rep); err != nil {
				return nil, err
			}
			if rep, err = x.checkAfter(ctx, in, data, s.Position, verify.KindCAdESC); err != nil {
				return nil, err
			}
		}
	}
	final, err := cms.Parse(data)
	if err != nil {
		return nil, &Error{Reason: Encoding, Err: err}
	}
	for i, si := range final.Signers {
		res.Signers[i].After = string(si.LongTerm().Level)
	}
	res.Data, res.Report = data, rep
	return res, nil
}

// verify verifies data as in's file.
func (x *Extender) verify(ctx context.Context, in Input, data []byte) (*verify.Report, error) {
	return x.opts.Verifier.Verify(ctx, verify.Input{Name: in.Name, Data: data, Document: in.Document, Digests: in.digests})
}

// contentDigests are the digests of the content of sd, a signature just
// verified valid: each signer's messageDigest, which verification found
// equal to the content's digest with the signer's hash. Appending unsigned
// attributes leaves them as they are, so the verifications of the results
// take them instead of reading the document again. A hash two signers
// give different digests for is left out (GOST R 34.11-94 names several
// hashes with one OID: the content is then read for it, as without them).
func contentDigests(sd *cms.SignedData) map[gost.Hash][]byte {
	digests := map[gost.Hash][]byte{}
	conflict := map[gost.Hash]bool{}
	for _, si := range sd.Signers {
		d, ok := si.MessageDigest()
		h, err := gost.HashByOID(si.DigestAlgorithm.Algorithm)
		if !ok || err != nil {
			continue
		}
		if prev, seen := digests[h]; seen && !bytes.Equal(prev, d) {
			conflict[h] = true
		}
		digests[h] = d
	}
	for h := range conflict {
		delete(digests, h)
	}
	return digests
}

// checkAfter verifies the extended data: valid, and the signer's last
// token of kind valid.
func (x *Extender) checkAfter(ctx context.Context, in Input, data []byte, pos, kind string) (*verify.Report, error) {
	rep, err := x.verify(ctx, in, data)
	if err != nil {
		return nil, err
	}
	sig := signatureAt(rep, pos)
	if sig == nil {
		return nil, &Error{Reason: NotVerifiedAfter, Signer: pos, Report: rep, Err: errors.New("the signer is missing from the report")}
	}
	var last *verify.TimestampReport
	for i := range sig.Timestamps {
		if sig.Timestamps[i].Kind == kind {
			last = &sig.Timestamps[i]
		}
	}
	switch {
	case last == nil:
		return nil, &Error{Reason: NotVerifiedAfter, Signer: pos, Report: rep, Err: fmt.Errorf("no %s timestamp in the report", kind)}
	case last.Status != verify.Valid:
		err := last.Cause
		if err == nil {
			err = fmt.Errorf("%s: %s", last.Status, last.Reason)
		}
		return nil, &Error{Reason: TSACertificateInvalid, Signer: pos, Report: rep, Err: err}
	case rep.Status != verify.Valid || sig.Status != verify.Valid:
		return nil, &Error{Reason: NotVerifiedAfter, Signer: pos, Report: rep, Err: fmt.Errorf("%s: %s", sig.Status, sig.Reason)}
	}
	for _, l := range sig.Layers {
		if l.Status != verify.Valid {
			return nil, &Error{Reason: NotVerifiedAfter, Signer: pos, Report: rep, Err: fmt.Errorf("layer %s: %s: %s", l.Level, l.Status, l.Reason)}
		}
	}
	return rep, nil
}

// signatureAt is the report on the signer at position pos, nil when rep
// has none.
func signatureAt(rep *verify.Report, pos string) *verify.SignatureReport {
	for i := range rep.Signatures {
		if rep.Signatures[i].Position == pos {
			return &rep.Signatures[i]
		}
	}
	return nil
}

// stamp asks the TSA for a token over data and appends it to signer i as
// an attribute of type oid.
func (x *Extender) stamp(ctx context.Context, data []byte, i int, s *Signer, res *Result, over []byte, oid []int, kind string) ([]byte, error) {
	st, err := x.opts.TSA.Stamp(ctx, over)
	if err != nil {
		return nil, stampError(s.Position, err)
	}
	attr, err := cms.MarshalAttribute(oid, st.Token)
	if err != nil {
		return nil, &Error{Reason: Encoding, Signer: s.Position, Err: err}
	}
	out, enc, err := cms.AppendUnsignedAttributes(data, i, attr)
	if err != nil {
		return nil, &Error{Reason: Encoding, Signer: s.Position, Err: err}
	}
	info := st.Parsed.Info
	s.Timestamps = append(s.Timestamps, Timestamp{Kind: kind, GenTime: info.GenTime, TSA: verify.FormatName(st.TSA.Subject),
		Serial: info.SerialNumber.Text(16), Policy: info.Policy.String()})
	res.Encoding = append(res.Encoding, "signer "+s.Position+", "+kind+" timestamp: "+enc.Summary())
	return out, nil
}
