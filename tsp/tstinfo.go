package tsp

import (
	"crypto/x509/pkix"
	"encoding/asn1"

	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// TSTInfo is the content a TSA signs (RFC 3161 section 2.4.2).
type TSTInfo struct {
	// Version is always 1; Parse refuses any other.
	Version int
	Policy  asn1.ObjectIdentifier
	// HashAlgorithm and HashedMessage are the messageImprint: the hash of
	// the data the token is about.
	HashAlgorithm pkix.AlgorithmIdentifier
	HashedMessage []byte
	SerialNumber  *big.Int
	// GenTime is the time the TSA vouches for, in UTC, with the fractional
	// seconds the token carries.
	GenTime time.Time
	// Accuracy is nil when the token states none.
	Accuracy *Accuracy
	Ordering bool
	// Nonce is nil when the request had none.
	Nonce *big.Int
	// RawTSA is the TSA's GeneralName as DER, nil when absent.
	RawTSA     []byte
	Extensions []pkix.Extension
}

// Accuracy is the TSA's stated accuracy of GenTime (RFC 3161 section 2.4.2).
type Accuracy struct {
	Seconds, Millis, Micros int
}

// Duration is the accuracy as a time.Duration: GenTime ± Duration.
func (a *Accuracy) Duration() time.Duration {
	return time.Duration(a.Seconds)*time.Second +
		time.Duration(a.Millis)*time.Millisecond +
		time.Duration(a.Micros)*time.Microsecond
}

var (
	tagContext0            = cbasn1.Tag(0).ContextSpecific()
	tagContext1            = cbasn1.Tag(1).ContextSpecific()
	tagContext0Constructed = cbasn1.Tag(0).Constructed().ContextSpecific()
	tagContext1Constructed = cbasn1.Tag(1).Constructed().ContextSpecific()
)

// parseTSTInfo parses a DER TSTInfo; every field is checked and der must be
// consumed whole.
func parseTSTInfo(der []byte) (*TSTInfo, error) {
	in := cryptobyte.String(der)
	var body cryptobyte.String
	if !in.ReadASN1(&body, cbasn1.SEQUENCE) {
		return nil, tstErr("not a SEQUENCE")
	}
	if !in.Empty() {
		return nil, tstErr("trailing data after TSTInfo")
	}
	t := &TSTInfo{}
	if !body.ReadASN1Integer(&t.Version) {
		return nil, tstErr("malformed version")
	}
	if t.Version != 1 {
		return nil, tstErr("version %d, want 1", t.Version)
	}
	if !body.ReadASN1ObjectIdentifier(&t.Policy) {
		return nil, tstErr("malformed policy")
	}
	var mi cryptobyte.String
	if !body.ReadASN1(&mi, cbasn1.SEQUENCE) {
		return nil, tstErr("malformed messageImprint")
	}
	alg, err := readAlgorithm(&mi)
	if err != nil {
		return nil, err
	}
	t.HashAlgorithm = alg
	var hashed cryptobyte.String
	if !mi.ReadASN1(&hashed, cbasn1.OCTET_STRING) {
		return nil, tstErr("malformed messageImprint hashedMessage")
	}
	if !mi.Empty() {
		return nil, tstErr("trailing data in messageImprint")
	}
	t.HashedMessage = []byte(hashed)
	t.SerialNumber = new(big.Int)
	if !body.ReadASN1Integer(t.SerialNumber) {
		return nil, tstErr("malformed serialNumber")
	}
	// RFC 3161 wants a positive serial number, but the CryptoPro TSP
	// writes negative ones (a real 2024 token: 02 14 99 b8 37 ...); the
	// number only tells tokens apart, so it is accepted as it is.
	var gt cryptobyte.String
	if !body.ReadASN1(&gt, cbasn1.GeneralizedTime) {
		return nil, tstErr("malformed genTime")
	}
	if t.GenTime, err = parseGeneralizedTime(string(gt)); err != nil {
		return nil, tstErrCause("genTime", err)
	}
	if body.PeekASN1Tag(cbasn1.SEQUENCE) {
		var acc cryptobyte.String
		body.ReadASN1(&acc, cbasn1.SEQUENCE)
		if t.Accuracy, err = parseAccuracy(acc); err != nil {
			return nil, err
		}
	}
	if body.PeekASN1Tag(cbasn1.BOOLEAN) {
		if !body.ReadASN1Boolean(&t.Ordering) {
			return nil, tstErr("malformed ordering")
		}
		if !t.Ordering {
			return nil, tstErr("ordering FALSE is encoded (DER omits a DEFAULT value)")
		}
	}
	if body.PeekASN1Tag(cbasn1.INTEGER) {
		t.Nonce = new(big.Int)
		if !body.ReadASN1Integer(t.Nonce) {
			return nil, tstErr("malformed nonce")
		}
	}
	if body.PeekASN1Tag(tagContext0Constructed) {
		var tsa cryptobyte.String
		body.ReadASN1(&tsa, tagContext0Constructed)
		var name cryptobyte.String
		var tag cbasn1.Tag
		if !tsa.ReadAnyASN1Element(&name, &tag) || tag&0xc0 != 0x80 || !tsa.Empty() {
			return nil, tstErr("malformed tsa GeneralName")
		}
		t.RawTSA = []byte(name)
	}
	if body.PeekASN1Tag(tagContext1Constructed) {
		var exts cryptobyte.String
		body.ReadASN1(&exts, tagContext1Constructed)
		if t.Extensions, err = parseExtensions(exts); err != nil {
			return nil, err
		}
	}
	if !body.Empty() {
		return nil, tstErr("trailing data in TSTInfo")
	}
	return t, nil
}

func readAlgorithm(in *cryptobyte.String) (pkix.AlgorithmIdentifier, error) {
	var a pkix.AlgorithmIdentifier
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&a.Algorithm) {
		return a, tstErr("malformed messageImprint hashAlgorithm")
	}
	if !seq.Empty() {
		var params cryptobyte.String
		var tag cbasn1.Tag
		if !seq.ReadAnyASN1Element(&params, &tag) || !seq.Empty() {
			return a, tstErr("malformed messageImprint hashAlgorithm parameters")
		}
		a.Parameters.FullBytes = []byte(params)
		a.Parameters.Tag = int(tag & 0x1f)
		a.Parameters.Class = int(tag >> 6)
		a.Parameters.IsCompound = tag&0x20 != 0
	}
	return a, nil
}

// parseAccuracy reads Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL,
// millis [0] IMPLICIT INTEGER (1..999) OPTIONAL, micros [1] IMPLICIT
// INTEGER (1..999) OPTIONAL }.
func parseAccuracy(in cryptobyte.String) (*Accuracy, error) {
	a := &Accuracy{}
	if in.PeekASN1Tag(cbasn1.INTEGER) {
		if !in.ReadASN1Integer(&a.Seconds) || a.Seconds < 0 {
			return nil, tstErr("malformed accuracy seconds")
		}
	}
	for _, f := range []struct {
		tag  cbasn1.Tag
		name string
		v    *int
	}{{tagContext0, "millis", &a.Millis}, {tagContext1, "micros", &a.Micros}} {
		if !in.PeekASN1Tag(f.tag) {
			continue
		}
		var v cryptobyte.String
		in.ReadASN1(&v, f.tag)
		n, ok := smallUint(v)
		if !ok || n < 1 || n > 999 {
			return nil, tstErr("malformed accuracy %s", f.name)
		}
		*f.v = n
	}
	if !in.Empty() {
		return nil, tstErr("trailing data in accuracy")
	}
	return a, nil
}

// smallUint decodes the contents of a DER INTEGER of at most two bytes
// that is not negative.
func smallUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 2 || b[0]&0x80 != 0 || (len(b) == 2 && b[0] == 0 && b[1]&0x80 == 0) {
		return 0, false
	}
	n := 0
	for _, c := range b {
		n = n<<8 | int(c)
	}
	return n, true
}

func parseExtensions(in cryptobyte.String) ([]pkix.Extension, error) {
	var exts []pkix.Extension
	for !in.Empty() {
		var e pkix.Extension
		var seq, val cryptobyte.String
		if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1ObjectIdentifier(&e.Id) {
			return nil, tstErr("malformed extension %d", len(exts)+1)
		}
		if seq.PeekASN1Tag(cbasn1.BOOLEAN) {
			if !seq.ReadASN1Boolean(&e.Critical) || !e.Critical {
				return nil, tstErr("malformed extension %d critical flag", len(exts)+1)
			}
		}
		if !seq.ReadASN1(&val, cbasn1.OCTET_STRING) || !seq.Empty() {
			return nil, tstErr("malformed extension %d value", len(exts)+1)
		}
		e.Value = []byte(val)
		exts = append(exts, e)
	}
	if len(exts) == 0 {
		return nil, tstErr("empty extensions")
	}
	return exts, nil
}

// parseGeneralizedTime reads the DER GeneralizedTime of RFC 3161 section
// 2.4.2: YYYYMMDDhhmmss[.s...]Z, the fraction without trailing zeros.
func parseGeneralizedTime(s string) (time.Time, error) {
	if len(s) < 15 || s[len(s)-1] != 'Z' {
		return time.Time{}, fmt.Errorf("%q: not YYYYMMDDhhmmss[.s]Z", s)
	}
	base, frac := s[:14], s[14:len(s)-1]
	for _, c := range base {
		if c < '0' || c > '9' {
			return time.Time{}, fmt.Errorf("%q: not YYYYMMDDhhmmss[.s]Z", s)
		}
	}
	t, err := time.Parse("20060102150405", base)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q: %w", s, err)
	}
	if frac != "" {
		digits := frac[1:]
		if frac[0] != '.' || len(digits) == 0 || len(digits) > 9 || digits[len(digits)-1] == '0' {
			return time.Time{}, fmt.Errorf("%q: malformed fractional seconds", s)
		}
		ns := 0
		for i := 0; i < 9; i++ {
			ns *= 10
			if i < len(digits) {
				c := digits[i]
				if c < '0' || c > '9' {
					return time.Time{}, fmt.Errorf("%q: malformed fractional seconds", s)
				}
				ns += int(c - '0')
			}
		}
		t = t.Add(time.Duration(ns))
	}
	return t.UTC(), nil
}

// ParseError reports a token that is not a well-formed RFC 3161
// TimeStampToken. Err is the cause when there is one (a *cms.ParseError
// for the CMS layer).
type ParseError struct {
	Reason string
	Err    error
}

func (e *ParseError) Error() string { return "tsp: " + e.Reason }

func (e *ParseError) Unwrap() error { return e.Err }

func tstErr(format string, args ...any) error {
	return &ParseError{Reason: "TSTInfo: " + fmt.Sprintf(format, args...)}
}

func tstErrCause(where string, err error) error {
	return &ParseError{Reason: "TSTInfo: " + where + ": " + err.Error(), Err: err}
}
