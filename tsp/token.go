package tsp

import (
	"encoding/asn1"
	"fmt"

	"github.com/gostverify/gostverify/cms"
)

// OIDTSTInfo is id-ct-TSTInfo, the eContentType of a timestamp token
// (RFC 3161 section 2.4.2).
var OIDTSTInfo = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}

// Token is a parsed TimeStampToken: a CMS SignedData whose content is a
// TSTInfo (RFC 3161 section 2.4.2).
type Token struct {
	// SignedData is the token's CMS layer; its Content is RawTSTInfo.
	SignedData *cms.SignedData
	// RawTSTInfo is the signed TSTInfo exactly as received.
	RawTSTInfo []byte
	Info       *TSTInfo
}

// Parse parses a TimeStampToken (a ContentInfo, as in a signature's
// signature-time-stamp attribute or a TimeStampResp's timeStampToken).
// It checks the structure only; Verify checks the signature.
func Parse(der []byte) (*Token, error) {
	return ParseShared(der, nil)
}

// ParseShared is Parse with the certificates the token carries taken from
// certs when met before (cms.ParseShared): the tokens of one TSA across a
// run parse its certificate once. A nil certs is Parse.
func ParseShared(der []byte, certs *cms.CertificateCache) (*Token, error) {
	sd, err := cms.ParseShared(der, certs)
	if err != nil {
		return nil, &ParseError{Reason: err.Error(), Err: err}
	}
	if !sd.ContentType.Equal(OIDTSTInfo) {
		return nil, &ParseError{Reason: fmt.Sprintf("eContentType is %v, not id-ct-TSTInfo", sd.ContentType)}
	}
	if sd.Content == nil {
		return nil, &ParseError{Reason: "no TSTInfo: the SignedData content is detached"}
	}
	// RFC 3161 section 2.4.2: the token is signed by the TSA alone.
	if len(sd.Signers) != 1 {
		return nil, &ParseError{Reason: fmt.Sprintf("%d signers, want exactly one (the TSA)", len(sd.Signers))}
	}
	info, err := parseTSTInfo(sd.Content)
	if err != nil {
		return nil, err
	}
	return &Token{SignedData: sd, RawTSTInfo: sd.Content, Info: info}, nil
}
