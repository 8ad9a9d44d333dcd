package tsp

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// PKIStatus is the status of a TimeStampResp (RFC 3161 section 2.4.2,
// RFC 4210 PKIStatus).
type PKIStatus int

// The PKIStatus values.
const (
	Granted                PKIStatus = 0
	GrantedWithMods        PKIStatus = 1
	Rejection              PKIStatus = 2
	Waiting                PKIStatus = 3
	RevocationWarning      PKIStatus = 4
	RevocationNotification PKIStatus = 5
)

func (s PKIStatus) String() string {
	switch s {
	case Granted:
		return "granted"
	case GrantedWithMods:
		return "grantedWithMods"
	case Rejection:
		return "rejection"
	case Waiting:
		return "waiting"
	case RevocationWarning:
		return "revocationWarning"
	case RevocationNotification:
		return "revocationNotification"
	}
	return fmt.Sprintf("status %d", int(s))
}

// FailInfo is the PKIFailureInfo BIT STRING of a response: bit n set is
// the failure numbered n below (RFC 3161 section 2.4.2).
type FailInfo uint32

// The failures RFC 3161 names; a TSA may set others of RFC 4210.
const (
	BadAlg              FailInfo = 1 << 0
	BadRequest          FailInfo = 1 << 2
	BadDataFormat       FailInfo = 1 << 5
	TimeNotAvailable    FailInfo = 1 << 14
	UnacceptedPolicy    FailInfo = 1 << 15
	UnacceptedExtension FailInfo = 1 << 16
	AddInfoNotAvailable FailInfo = 1 << 17
	SystemFailure       FailInfo = 1 << 25
)

var failNames = []struct {
	bit  FailInfo
	name string
}{
	{BadAlg, "badAlg (unrecognized or unsupported hash algorithm)"},
	{BadRequest, "badRequest (transaction not permitted or supported)"},
	{BadDataFormat, "badDataFormat (the data submitted has the wrong format)"},
	{TimeNotAvailable, "timeNotAvailable (the TSA's time source is not available)"},
	{UnacceptedPolicy, "unacceptedPolicy (the requested TSA policy is not supported)"},
	{UnacceptedExtension, "unacceptedExtension (the requested extension is not supported)"},
	{AddInfoNotAvailable, "addInfoNotAvailable (the additional information requested is not available)"},
	{SystemFailure, "systemFailure (the request cannot be handled due to system failure)"},
}

// Names says each failure set, in words; unnamed bits by number.
func (f FailInfo) Names() []string {
	var out []string
	for bit := 0; bit < 32; bit++ {
		b := FailInfo(1) << bit
		if f&b == 0 {
			continue
		}
		name := fmt.Sprintf("failure bit %d", bit)
		for _, n := range failNames {
			if n.bit == b {
				name = n.name
			}
		}
		out = append(out, name)
	}
	return out
}

func (f FailInfo) String() string { return strings.Join(f.Names(), ", ") }

// Response is a parsed TimeStampResp (RFC 3161 section 2.4.2):
//
//	TimeStampResp ::= SEQUENCE {
//	  status         PKIStatusInfo,
//	  timeStampToken TimeStampToken OPTIONAL }
//	PKIStatusInfo ::= SEQUENCE {
//	  status       PKIStatus,
//	  statusString PKIFreeText OPTIONAL,
//	  failInfo     PKIFailureInfo OPTIONAL }
type Response struct {
	Status PKIStatus
	// StatusText is the statusString, each UTF8String in order.
	StatusText []string
	FailInfo   FailInfo
	// Token is the timeStampToken as received (a ContentInfo), nil when
	// the response has none; Parse reads it.
	Token []byte
}

// ParseResponse reads a DER TimeStampResp strictly: the status info, and
// the token as an element, whose contents are left to Parse. A granted
// response must carry a token and a refused one must not.
func ParseResponse(der []byte) (*Response, error) {
	fail := func(format string, args ...any) error {
		return &ParseError{Reason: "TimeStampResp: " + fmt.Sprintf(format, args...)}
	}
	in := cryptobyte.String(der)
	var body, info cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, fail("not a DER SEQUENCE")
	}
	if !in.Empty() {
		return nil, fail("trailing data after the response")
	}
	if !body.ReadASN1(&info, cbasn1.SEQUENCE) {
		return nil, fail("malformed PKIStatusInfo")
	}
	r := &Response{}
	var status int
	if !info.ReadASN1Integer(&status) || status < 0 || status > 5 {
		return nil, fail("malformed or unknown PKIStatus")
	}
	r.Status = PKIStatus(status)
	if info.PeekASN1Tag(cbasn1.SEQUENCE) {
		var texts cryptobyte.String
		if !info.ReadASN1(&texts, cbasn1.SEQUENCE) || texts.Empty() {
			return nil, fail("malformed or empty statusString")
		}
		for !texts.Empty() {
			var s cryptobyte.String
			if !texts.ReadASN1(&s, cbasn1.UTF8String) || !utf8.Valid(s) {
				return nil, fail("statusString is not a sequence of UTF8Strings")
			}
			r.StatusText = append(r.StatusText, string(s))
		}
	}
	if info.PeekASN1Tag(cbasn1.BIT_STRING) {
		var bs cryptobyte.String
		if !info.ReadASN1(&bs, cbasn1.BIT_STRING) || len(bs) == 0 || bs[0] > 7 || (len(bs) == 1 && bs[0] != 0) {
			return nil, fail("malformed failInfo")
		}
		unused, bits := int(bs[0]), []byte(bs[1:])
		if len(bits) > 4 {
			return nil, fail("failInfo longer than 32 bits")
		}
		if len(bits) > 0 && bits[len(bits)-1]&(1<<unused-1) != 0 {
			return nil, fail("failInfo has unused bits set")
		}
		// Bit 0 is the most significant bit of the first octet (X.690 8.6).
		for i, b := range bits {
			for j := 0; j < 8; j++ {
				if b&(0x80>>j) != 0 {
					r.FailInfo |= 1 << (i*8 + j)
				}
			}
		}
	}
	if !info.Empty() {
		return nil, fail("trailing data in PKIStatusInfo")
	}
	if !body.Empty() {
		var tok cryptobyte.String
		if !body.ReadASN1Element(&tok, cbasn1.SEQUENCE) || !body.Empty() {
			return nil, fail("malformed timeStampToken or trailing data")
		}
		r.Token = []byte(tok)
	}
	switch {
	case (r.Status == Granted || r.Status == GrantedWithMods) && r.Token == nil:
		return nil, fail("status %v without a timeStampToken", r.Status)
	case r.Status != Granted && r.Status != GrantedWithMods && r.Token != nil:
		return nil, fail("status %v with a timeStampToken", r.Status)
	}
	return r, nil
}
