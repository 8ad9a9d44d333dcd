package ocspclient

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// responseStatus values (RFC 6960 section 4.2.1).
const (
	statusSuccessful       = 0
	statusMalformedRequest = 1
	statusInternalError    = 2
	statusTryLater         = 3
	statusSigRequired      = 5
	statusUnauthorized     = 6
)

// response is a parsed OCSPResponse with a BasicOCSPResponse. Raw slices
// point into the received bytes.
type response struct {
	status int

	rawTBS     []byte // tbsResponseData as received: the signed bytes
	sigAlg     pkix.AlgorithmIdentifier
	signature  []byte
	certs      [][]byte // DER certificates
	byName     []byte   // responderID byName: DER Name; or
	byKey      []byte   // responderID byKey: SHA-1 of the responder's key bits
	producedAt time.Time
	singles    []singleResponse
	nonce      []byte // extnValue of the nonce response extension, nil if absent
}

type singleResponse struct {
	id         certID
	status     Status
	revokedAt  time.Time
	reason     int
	thisUpdate time.Time
	nextUpdate time.Time
}

var (
	tagExplicit0 = cbasn1.Tag(0).Constructed().ContextSpecific()
	tagExplicit1 = cbasn1.Tag(1).Constructed().ContextSpecific()
	tagExplicit2 = cbasn1.Tag(2).Constructed().ContextSpecific()
)

// parseResponse parses an OCSPResponse (RFC 6960 section 4.2.1). For a
// status other than successful only status is set.
func parseResponse(der []byte) (*response, error) {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return nil, errors.New("not a DER SEQUENCE")
	}
	if !in.Empty() {
		return nil, errors.New("trailing data after the response")
	}
	r := &response{}
	var st cryptobyte.String
	if !seq.ReadASN1(&st, cbasn1.ENUM) || len(st) != 1 || st[0] > 0x7f {
		return nil, errors.New("malformed responseStatus")
	}
	r.status = int(st[0])
	if r.status != statusSuccessful {
		if !seq.Empty() {
			// responseBytes is only sent with successful (RFC 6960 4.2.1).
			var skip cryptobyte.String
			if !seq.ReadASN1(&skip, tagExplicit0) || !seq.Empty() {
				return nil, errors.New("trailing data in the response")
			}
		}
		return r, nil
	}
	var rb, rbSeq, body cryptobyte.String
	var typ asn1.ObjectIdentifier
	if !seq.ReadASN1(&rb, tagExplicit0) || !seq.Empty() ||
		!rb.ReadASN1(&rbSeq, cbasn1.SEQUENCE) || !rb.Empty() ||
		!rbSeq.ReadASN1ObjectIdentifier(&typ) || !rbSeq.ReadASN1(&body, cbasn1.OCTET_STRING) || !rbSeq.Empty() {
		return nil, errors.New("malformed responseBytes")
	}
	if !typ.Equal(oidBasic) {
		return nil, fmt.Errorf("unsupported response type %v", typ)
	}
	if err := r.parseBasic(body); err != nil {
		return nil, err
	}
	return r, nil
}

// parseBasic parses a BasicOCSPResponse.
func (r *response) parseBasic(body cryptobyte.String) error {
	var basic, tbs, algDER cryptobyte.String
	if !body.ReadASN1(&basic, cbasn1.SEQUENCE) || !body.Empty() {
		return errors.New("malformed BasicOCSPResponse")
	}
	if !basic.ReadASN1Element(&tbs, cbasn1.SEQUENCE) {
		return errors.New("malformed tbsResponseData")
	}
	r.rawTBS = tbs
	if !basic.ReadASN1Element(&algDER, cbasn1.SEQUENCE) {
		return errors.New("malformed signatureAlgorithm")
	}
	if rest, err := asn1.Unmarshal(algDER, &r.sigAlg); err != nil || len(rest) != 0 {
		return errors.New("malformed signatureAlgorithm")
	}
	var sig asn1.BitString
	if !basic.ReadASN1BitString(&sig) || sig.BitLength%8 != 0 {
		return errors.New("malformed signature")
	}
	r.signature = sig.Bytes
	if basic.PeekASN1Tag(tagExplicit0) {
		var certsExp, certs cryptobyte.String
		if !basic.ReadASN1(&certsExp, tagExplicit0) || !certsExp.ReadASN1(&certs, cbasn1.SEQUENCE) || !certsExp.Empty() {
			return errors.New("malformed certs")
		}
		for !certs.Empty() {
			var c cryptobyte.String
			if !certs.ReadASN1Element(&c, cbasn1.SEQUENCE) {
				return errors.New("malformed certificate in certs")
			}
			r.certs = append(r.certs, c)
		}
	}
	if !basic.Empty() {
		return errors.New("trailing data in BasicOCSPResponse")
	}
	return r.parseTBS(tbs)
}

// parseTBS parses ResponseData.
func (r *response) parseTBS(tbs cryptobyte.String) error {
	var rd cryptobyte.String
	if !tbs.ReadASN1(&rd, cbasn1.SEQUENCE) {
		return errors.New("malformed tbsResponseData")
	}
	if rd.PeekASN1Tag(tagExplicit0) {
		var v cryptobyte.String
		var version int
		if !rd.ReadASN1(&v, tagExplicit0) || !v.ReadASN1Integer(&version) || !v.Empty() || version != 0 {
			return errors.New("unsupported ResponseData version")
		}
	}
	var rid cryptobyte.String
	var tag cbasn1.Tag
	if !rd.ReadAnyASN1(&rid, &tag) {
		return errors.New("malformed responderID")
	}
	switch tag {
	case tagExplicit1:
		var name cryptobyte.String
		if !rid.ReadASN1Element(&name, cbasn1.SEQUENCE) || !rid.Empty() {
			return errors.New("malformed responderID byName")
		}
		r.byName = name
	case tagExplicit2:
		var key cryptobyte.String
		if !rid.ReadASN1(&key, cbasn1.OCTET_STRING) || !rid.Empty() {
			return errors.New("malformed responderID byKey")
		}
		r.byKey = key
	default:
		return errors.New("malformed responderID")
	}
	if !rd.ReadASN1GeneralizedTime(&r.producedAt) {
		return errors.New("malformed producedAt")
	}
	var singles cryptobyte.String
	if !rd.ReadASN1(&singles, cbasn1.SEQUENCE) {
		return errors.New("malformed responses")
	}
	for i := 0; !singles.Empty(); i++ {
		s, err := parseSingle(&singles)
		if err != nil {
			return fmt.Errorf("response %d: %w", i, err)
		}
		r.singles = append(r.singles, s)
	}
	if rd.PeekASN1Tag(tagExplicit1) {
		var extsExp cryptobyte.String
		if !rd.ReadASN1(&extsExp, tagExplicit1) {
			return errors.New("malformed responseExtensions")
		}
		exts, err := parseExtensions(extsExp)
		if err != nil {
			return fmt.Errorf("responseExtensions: %w", err)
		}
		for _, e := range exts {
			if e.Id.Equal(oidNonce) {
				r.nonce = e.Value
			} else if e.Critical {
				return fmt.Errorf("unknown critical response extension %v", e.Id)
			}
		}
	}
	if !rd.Empty() || !tbs.Empty() {
		return errors.New("trailing data in tbsResponseData")
	}
	return nil
}

func parseExtensions(in cryptobyte.String) ([]pkix.Extension, error) {
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return nil, errors.New("malformed extensions")
	}
	var exts []pkix.Extension
	for !seq.Empty() {
		var e cryptobyte.String
		var ext pkix.Extension
		var val cryptobyte.String
		if !seq.ReadASN1(&e, cbasn1.SEQUENCE) || !e.ReadASN1ObjectIdentifier(&ext.Id) ||
			!e.ReadOptionalASN1Boolean(&ext.Critical, cbasn1.BOOLEAN, false) ||
			!e.ReadASN1(&val, cbasn1.OCTET_STRING) || !e.Empty() {
			return nil, errors.New("malformed extension")
		}
		ext.Value = val
		exts = append(exts, ext)
	}
	return exts, nil
}

// parseSingle reads one SingleResponse (RFC 6960 section 4.2.1).
func parseSingle(in *cryptobyte.String) (singleResponse, error) {
	s := singleResponse{reason: -1}
	var seq, id, alg cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) {
		return s, errors.New("malformed SingleResponse")
	}
	s.id.serial = new(big.Int)
	if !seq.ReadASN1(&id, cbasn1.SEQUENCE) || !id.ReadASN1(&alg, cbasn1.SEQUENCE) ||
		!alg.ReadASN1ObjectIdentifier(&s.id.hashOID) ||
		!id.ReadASN1Bytes(&s.id.nameHash, cbasn1.OCTET_STRING) ||
		!id.ReadASN1Bytes(&s.id.keyHash, cbasn1.OCTET_STRING) ||
		!id.ReadASN1Integer(s.id.serial) || !id.Empty() {
		return s, errors.New("malformed CertID")
	}
	var cs cryptobyte.String
	var tag cbasn1.Tag
	if !seq.ReadAnyASN1(&cs, &tag) {
		return s, errors.New("malformed certStatus")
	}
	switch tag {
	case cbasn1.Tag(0).ContextSpecific(): // good [0] IMPLICIT NULL
		if !cs.Empty() {
			return s, errors.New("malformed certStatus good")
		}
		s.status = Good
	case cbasn1.Tag(1).Constructed().ContextSpecific(): // revoked [1] IMPLICIT RevokedInfo
		if !cs.ReadASN1GeneralizedTime(&s.revokedAt) {
			return s, errors.New("malformed revocationTime")
		}
		if cs.PeekASN1Tag(tagExplicit0) {
			var r, e cryptobyte.String
			if !cs.ReadASN1(&r, tagExplicit0) || !r.ReadASN1(&e, cbasn1.ENUM) || !r.Empty() ||
				len(e) != 1 || e[0] > 10 {
				return s, errors.New("malformed revocationReason")
			}
			s.reason = int(e[0])
		}
		if !cs.Empty() {
			return s, errors.New("malformed RevokedInfo")
		}
		s.status = Revoked
	case cbasn1.Tag(2).ContextSpecific(): // unknown [2] IMPLICIT NULL
		if !cs.Empty() {
			return s, errors.New("malformed certStatus unknown")
		}
		s.status = Unknown
	default:
		return s, errors.New("malformed certStatus")
	}
	if !seq.ReadASN1GeneralizedTime(&s.thisUpdate) {
		return s, errors.New("malformed thisUpdate")
	}
	if seq.PeekASN1Tag(tagExplicit0) {
		var nu cryptobyte.String
		if !seq.ReadASN1(&nu, tagExplicit0) || !nu.ReadASN1GeneralizedTime(&s.nextUpdate) || !nu.Empty() {
			return s, errors.New("malformed nextUpdate")
		}
	}
	if seq.PeekASN1Tag(tagExplicit1) {
		var exts cryptobyte.String
		if !seq.ReadASN1(&exts, tagExplicit1) {
			return s, errors.New("malformed singleExtensions")
		}
		es, err := parseExtensions(exts)
		if err != nil {
			return s, fmt.Errorf("singleExtensions: %w", err)
		}
		for _, e := range es {
			if e.Critical {
				return s, fmt.Errorf("unknown critical singleExtension %v", e.Id)
			}
		}
	}
	if !seq.Empty() {
		return s, errors.New("trailing data in SingleResponse")
	}
	return s, nil
}
