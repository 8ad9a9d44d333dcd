package ocspclient

import (
	"bytes"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// crl is a CertificateList (RFC 5280 section 5.1) parsed in place: every
// byte field is a slice of the DER it was parsed from, and the
// revokedCertificates list is kept undecoded until an entry is looked up,
// so a CRL of hundreds of thousands of entries costs its DER and a few
// hundred bytes, not a decoded copy of every entry.
type crl struct {
	tbs        []byte // tbsCertList as received, what the signature covers
	sigAlg     pkix.AlgorithmIdentifier
	signature  []byte
	rawIssuer  []byte
	thisUpdate time.Time
	nextUpdate time.Time         // zero when absent
	revoked    cryptobyte.String // the contents of revokedCertificates

	authorityKeyID []byte
	delta          bool // a deltaCRLIndicator is present
	idp            *issuingDistributionPoint
	// unknownCritical is the first critical CRL extension this package
	// does not understand, "" when none.
	unknownCritical string
}

// issuingDistributionPoint holds the scope of RFC 5280 section 5.2.5: the
// flags, and the distribution point the CRL is for, when it names one.
type issuingDistributionPoint struct {
	onlyUserCerts, onlyCACerts, onlySomeReasons, indirectCRL, onlyAttributeCerts bool
	// named: a distributionPoint is present. uris are its fullName URIs;
	// otherNames is set when it has names of other kinds or is a
	// nameRelativeToCRLIssuer, which are not matched.
	named      bool
	uris       []string
	otherNames bool
}

// crlEntry is one revokedCertificates entry.
type crlEntry struct {
	revokedAt time.Time
	reason    int // RFC 5280 CRLReason; -1 without a reasonCode extension
}

// unsupportedCRLError is a well-formed CRL that uses a feature this
// package does not implement, so that it cannot be relied on.
type unsupportedCRLError struct{ msg string }

func (e *unsupportedCRLError) Error() string { return e.msg }

// The extensions this package reads, as the contents of their DER OBJECT
// IDENTIFIER, compared without decoding (an OID decoded per CRL entry
// would be an allocation per entry).
var (
	oidExtAuthorityKeyID  = oidContents(2, 5, 29, 35)
	oidExtCRLNumber       = oidContents(2, 5, 29, 20)
	oidExtDeltaCRL        = oidContents(2, 5, 29, 27)
	oidExtIssuingDP       = oidContents(2, 5, 29, 28)
	oidExtFreshestCRL     = oidContents(2, 5, 29, 46)
	oidExtCRLReason       = oidContents(2, 5, 29, 21)
	oidExtInvalidityDate  = oidContents(2, 5, 29, 24)
	oidExtHoldInstruction = oidContents(2, 5, 29, 23)
)

func oidContents(arcs ...int) string {
	der, err := asn1.Marshal(asn1.ObjectIdentifier(arcs))
	if err != nil {
		panic(err)
	}
	return string(der[2:]) // every OID here is shorter than 128 bytes
}

// oidString decodes the contents of an OBJECT IDENTIFIER for messages.
func oidString(contents []byte) string {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.OBJECT_IDENTIFIER, func(b *cryptobyte.Builder) { b.AddBytes(contents) })
	der, _ := b.Bytes()
	var id asn1.ObjectIdentifier
	if s := cryptobyte.String(der); s.ReadASN1ObjectIdentifier(&id) {
		return id.String()
	}
	return fmt.Sprintf("%X", contents)
}

var (
	errMalformedCRL = errors.New("malformed CRL")
	// errTrailingData is data after a complete element, which DER forbids
	// and crypto/x509 ignores.
	errTrailingData = errors.New("malformed CRL: trailing data")
	// errDuplicateExtension is a CRL extension that appears twice, which
	// crypto/x509 accepts.
	errDuplicateExtension = errors.New("malformed CRL: an extension appears twice")
)

// parseCRL parses der without decoding the revoked entries. It accepts
// what crypto/x509.ParseRevocationList accepts (and also version 1 CRLs,
// which carry no version field); the revoked entries are checked for
// structure only when [crl.find] walks them.
func parseCRL(der []byte) (*crl, error) {
	c := &crl{}
	in := cryptobyte.String(der)
	var outer, tbsElem, algInner, algOuter cryptobyte.String
	if !in.ReadASN1(&outer, cbasn1.SEQUENCE) {
		return nil, errMalformedCRL
	}
	if !in.Empty() {
		return nil, fmt.Errorf("%w after the CRL", errTrailingData)
	}
	if !outer.ReadASN1Element(&tbsElem, cbasn1.SEQUENCE) {
		return nil, errors.New("malformed CRL: tbsCertList")
	}
	c.tbs = tbsElem
	var tbs cryptobyte.String
	tbsElem.ReadASN1(&tbs, cbasn1.SEQUENCE)

	if !outer.ReadASN1Element(&algOuter, cbasn1.SEQUENCE) {
		return nil, errors.New("malformed CRL: signatureAlgorithm")
	}
	var sig asn1.BitString
	if !outer.ReadASN1BitString(&sig) {
		return nil, errors.New("malformed CRL: signatureValue")
	}
	if !outer.Empty() {
		return nil, fmt.Errorf("%w after signatureValue", errTrailingData)
	}
	c.signature = sig.RightAlign()
	if rest, err := asn1.Unmarshal(algOuter, &c.sigAlg); err != nil || len(rest) != 0 {
		return nil, errors.New("malformed CRL: signatureAlgorithm")
	}

	if tbs.PeekASN1Tag(cbasn1.INTEGER) {
		var version int
		if !tbs.ReadASN1Integer(&version) {
			return nil, errors.New("malformed CRL: version")
		}
		if version != 1 {
			return nil, fmt.Errorf("unsupported CRL version %d", version+1)
		}
	}
	if !tbs.ReadASN1Element(&algInner, cbasn1.SEQUENCE) {
		return nil, errors.New("malformed CRL: tbsCertList signature")
	}
	if !bytes.Equal(algInner, algOuter) {
		return nil, errors.New("malformed CRL: the signature algorithm inside tbsCertList differs from the outer one")
	}
	var issuer cryptobyte.String
	if !tbs.ReadASN1Element(&issuer, cbasn1.SEQUENCE) {
		return nil, errors.New("malformed CRL: issuer")
	}
	if _, err := parseName(issuer); err != nil {
		return nil, err
	}
	c.rawIssuer = issuer

	var err error
	if c.thisUpdate, err = readTime(&tbs); err != nil {
		return nil, fmt.Errorf("malformed CRL: thisUpdate: %w", err)
	}
	if tbs.PeekASN1Tag(cbasn1.UTCTime) || tbs.PeekASN1Tag(cbasn1.GeneralizedTime) {
		if c.nextUpdate, err = readTime(&tbs); err != nil {
			return nil, fmt.Errorf("malformed CRL: nextUpdate: %w", err)
		}
	}
	if tbs.PeekASN1Tag(cbasn1.SEQUENCE) {
		if !tbs.ReadASN1(&c.revoked, cbasn1.SEQUENCE) {
			return nil, errors.New("malformed CRL: revokedCertificates")
		}
	}
	var exts cryptobyte.String
	var present bool
	if !tbs.ReadOptionalASN1(&exts, &present, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, errors.New("malformed CRL: crlExtensions")
	}
	if present {
		if !exts.ReadASN1(&exts, cbasn1.SEQUENCE) {
			return nil, errors.New("malformed CRL: crlExtensions")
		}
		if err := c.parseExtensions(exts); err != nil {
			return nil, err
		}
	}
	if !tbs.Empty() {
		return nil, fmt.Errorf("%w in tbsCertList", errTrailingData)
	}
	return c, nil
}

func (c *crl) parseExtensions(exts cryptobyte.String) error {
	var seen []string
	for !exts.Empty() {
		id, critical, value, err := readExtension(&exts)
		if err != nil {
			return fmt.Errorf("malformed CRL extension: %w", err)
		}
		// An extension appears once in an Extensions (X.509; RFC 5280
		// section 4.2 says so of certificates): which of two scopes
		// would hold? crypto/x509 writes and parses such CRLs.
		if slices.Contains(seen, string(id)) {
			return fmt.Errorf("%w: %v", errDuplicateExtension, oidString(id))
		}
		seen = append(seen, string(id))
		switch string(id) {
		case oidExtAuthorityKeyID:
			// AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] IMPLICIT OCTET STRING OPTIONAL, ... }
			var aki cryptobyte.String
			if !value.ReadASN1(&aki, cbasn1.SEQUENCE) {
				return errors.New("malformed CRL authorityKeyIdentifier")
			}
			if !value.Empty() {
				return fmt.Errorf("%w in authorityKeyIdentifier", errTrailingData)
			}
			var keyID cryptobyte.String
			var ok bool
			if !aki.ReadOptionalASN1(&keyID, &ok, cbasn1.Tag(0).ContextSpecific()) {
				return errors.New("malformed CRL authorityKeyIdentifier")
			}
			if ok {
				c.authorityKeyID = keyID
			}
		case oidExtCRLNumber:
			if !value.SkipASN1(cbasn1.INTEGER) {
				return errors.New("malformed CRL number")
			}
			if !value.Empty() {
				return fmt.Errorf("%w in cRLNumber", errTrailingData)
			}
		case oidExtDeltaCRL:
			c.delta = true
		case oidExtIssuingDP:
			idp, err := parseIDP(value)
			if err != nil {
				return err
			}
			c.idp = idp
		case oidExtFreshestCRL:
			// Points to delta CRLs; this package uses complete CRLs only.
		default:
			if critical && c.unknownCritical == "" {
				c.unknownCritical = oidString(id)
			}
		}
	}
	return nil
}

// parseIDP parses IssuingDistributionPoint (RFC 5280 section 5.2.5):
//
//	SEQUENCE {
//	  distributionPoint          [0] DistributionPointName OPTIONAL,
//	  onlyContainsUserCerts      [1] BOOLEAN DEFAULT FALSE,
//	  onlyContainsCACerts        [2] BOOLEAN DEFAULT FALSE,
//	  onlySomeReasons            [3] ReasonFlags OPTIONAL,
//	  indirectCRL                [4] BOOLEAN DEFAULT FALSE,
//	  onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
func parseIDP(value cryptobyte.String) (*issuingDistributionPoint, error) {
	bad := errors.New("malformed CRL issuingDistributionPoint")
	var seq cryptobyte.String
	if !value.ReadASN1(&seq, cbasn1.SEQUENCE) || !value.Empty() {
		return nil, bad
	}
	idp := &issuingDistributionPoint{}
	var dpn cryptobyte.String
	if !seq.ReadOptionalASN1(&dpn, &idp.named, cbasn1.Tag(0).Constructed().ContextSpecific()) {
		return nil, bad
	}
	if idp.named && !idp.readName(dpn) {
		return nil, bad
	}
	flags := []struct {
		tag int
		dst *bool
	}{{1, &idp.onlyUserCerts}, {2, &idp.onlyCACerts}, {3, &idp.onlySomeReasons}, {4, &idp.indirectCRL}, {5, &idp.onlyAttributeCerts}}
	for _, f := range flags {
		tag := cbasn1.Tag(f.tag).ContextSpecific()
		var v cryptobyte.String
		var present bool
		if !seq.ReadOptionalASN1(&v, &present, tag) {
			return nil, bad
		}
		if !present {
			continue
		}
		if f.tag == 3 { // a BIT STRING of reasons: its presence is what matters
			*f.dst = true
			continue
		}
		if len(v) != 1 {
			return nil, bad
		}
		*f.dst = v[0] != 0
	}
	if !seq.Empty() {
		return nil, bad
	}
	return idp, nil
}

// readName reads a DistributionPointName (a CHOICE, so explicitly
// tagged): fullName [0] GeneralNames, whose uniformResourceIdentifiers
// [6] are kept, or nameRelativeToCRLIssuer [1].
func (idp *issuingDistributionPoint) readName(dpn cryptobyte.String) bool {
	var names cryptobyte.String
	var tag cbasn1.Tag
	if !dpn.ReadAnyASN1(&names, &tag) || !dpn.Empty() {
		return false
	}
	if tag != cbasn1.Tag(0).Constructed().ContextSpecific() {
		idp.otherNames = true // nameRelativeToCRLIssuer
		return tag == cbasn1.Tag(1).Constructed().ContextSpecific()
	}
	for !names.Empty() {
		var name cryptobyte.String
		if !names.ReadAnyASN1(&name, &tag) {
			return false
		}
		if tag == cbasn1.Tag(6).ContextSpecific() {
			idp.uris = append(idp.uris, string(name))
		} else {
			idp.otherNames = true
		}
	}
	return true
}

// readExtension reads one Extension ::= SEQUENCE { extnID, critical
// BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } and returns the contents
// of extnID and extnValue.
func readExtension(exts *cryptobyte.String) (id cryptobyte.String, critical bool, value cryptobyte.String, err error) {
	var ext cryptobyte.String
	if !exts.ReadASN1(&ext, cbasn1.SEQUENCE) || !ext.ReadASN1(&id, cbasn1.OBJECT_IDENTIFIER) || !validOID(id) {
		return nil, false, nil, errors.New("malformed extension")
	}
	if ext.PeekASN1Tag(cbasn1.BOOLEAN) && !ext.ReadASN1Boolean(&critical) {
		return nil, false, nil, fmt.Errorf("extension %v: malformed critical flag", oidString(id))
	}
	if !ext.ReadASN1(&value, cbasn1.OCTET_STRING) {
		return nil, false, nil, fmt.Errorf("extension %v: malformed value", oidString(id))
	}
	if !ext.Empty() {
		return nil, false, nil, fmt.Errorf("extension %v: %w", oidString(id), errTrailingData)
	}
	return id, critical, value, nil
}

// validOID reports whether contents is a well-formed OBJECT IDENTIFIER
// encoding (X.690 section 8.19): not empty, minimal base-128 arcs, the
// last byte ending an arc.
func validOID(contents []byte) bool {
	if len(contents) == 0 || contents[len(contents)-1]&0x80 != 0 {
		return false
	}
	for i, b := range contents {
		if b == 0x80 && (i == 0 || contents[i-1]&0x80 == 0) {
			return false // a leading 0x80 in an arc is not minimal
		}
	}
	return true
}

// readTime reads a UTCTime or a GeneralizedTime.
func readTime(s *cryptobyte.String) (time.Time, error) {
	var t time.Time
	switch {
	case s.PeekASN1Tag(cbasn1.UTCTime):
		if !s.ReadASN1UTCTime(&t) {
			return t, errors.New("malformed UTCTime")
		}
	case s.PeekASN1Tag(cbasn1.GeneralizedTime):
		if !s.ReadASN1GeneralizedTime(&t) {
			return t, errors.New("malformed GeneralizedTime")
		}
	default:
		return t, errors.New("not a time")
	}
	return t, nil
}

// parseName checks that raw is a Name and decodes it (for messages).
func parseName(raw []byte) (pkix.Name, error) {
	var rdns pkix.RDNSequence
	var name pkix.Name
	if rest, err := asn1.Unmarshal(raw, &rdns); err != nil || len(rest) != 0 {
		return name, errors.New("malformed CRL: issuer name")
	}
	name.FillFromRDNSequence(&rdns)
	return name, nil
}

// issuerName returns the CRL issuer for messages.
func (c *crl) issuerName() pkix.Name {
	n, _ := parseName(c.rawIssuer)
	return n
}

// find walks every revokedCertificates entry, checking its structure and
// its critical extensions (an unknown critical one is an
// *unsupportedCRLError), and returns the first entry whose serial number
// is serial (the contents of a DER INTEGER, compared after dropping
// redundant leading bytes). Only the matching entry's date and extensions
// are decoded. A malformed entry anywhere is an error: a CRL that cannot
// be read to its end cannot say a certificate is not on it.
func (c *crl) find(serial []byte) (*crlEntry, error) {
	serial = minimalInteger(serial)
	var found *crlEntry
	list := c.revoked
	for n := 1; !list.Empty(); n++ {
		var entry, num cryptobyte.String
		if !list.ReadASN1(&entry, cbasn1.SEQUENCE) || !entry.ReadASN1(&num, cbasn1.INTEGER) || len(num) == 0 {
			return nil, fmt.Errorf("malformed CRL: revoked entry %d", n)
		}
		var dateTag cbasn1.Tag
		var date cryptobyte.String
		if !entry.ReadAnyASN1Element(&date, &dateTag) || (dateTag != cbasn1.UTCTime && dateTag != cbasn1.GeneralizedTime) {
			return nil, fmt.Errorf("malformed CRL: revoked entry %d: revocationDate", n)
		}
		var exts cryptobyte.String
		var present bool
		if !entry.ReadOptionalASN1(&exts, &present, cbasn1.SEQUENCE) {
			return nil, fmt.Errorf("malformed CRL: revoked entry %d: extensions", n)
		}
		if !entry.Empty() {
			return nil, fmt.Errorf("revoked entry %d: %w", n, errTrailingData)
		}
		match := found == nil && bytes.Equal(minimalInteger(num), serial)
		var e crlEntry
		if match {
			e.reason = -1
			t, err := readTime(&date)
			if err != nil {
				return nil, fmt.Errorf("malformed CRL: revoked entry %d: revocationDate: %w", n, err)
			}
			e.revokedAt = t
		}
		for !exts.Empty() {
			id, critical, value, err := readExtension(&exts)
			if err != nil {
				return nil, fmt.Errorf("malformed CRL: revoked entry %d: %w", n, err)
			}
			switch string(id) {
			case oidExtCRLReason:
				if match {
					var reason int
					if !value.ReadASN1Enum(&reason) {
						return nil, fmt.Errorf("malformed CRL: revoked entry %d: reasonCode", n)
					}
					if !value.Empty() {
						return nil, fmt.Errorf("revoked entry %d: reasonCode: %w", n, errTrailingData)
					}
					e.reason = reason
				}
			case oidExtInvalidityDate, oidExtHoldInstruction:
			default:
				// certificateIssuer (2.5.29.29) is only meaningful in an
				// indirect CRL, which this package refuses; critical, it is
				// an unknown critical extension here.
				if critical {
					return nil, &unsupportedCRLError{fmt.Sprintf("revoked entry %d has a critical extension %v that gostverify does not handle", n, oidString(id))}
				}
			}
		}
		if match {
			found = new(crlEntry)
			*found = e
		}
	}
	return found, nil
}

// minimalInteger drops the redundant leading 0x00 or 0xFF bytes of the
// contents of a DER INTEGER.
func minimalInteger(b []byte) []byte {
	for len(b) > 1 && ((b[0] == 0 && b[1]&0x80 == 0) || (b[0] == 0xff && b[1]&0x80 != 0)) {
		b = b[1:]
	}
	return b
}

// serialContents returns the contents of the DER INTEGER of n.
func serialContents(n *big.Int) ([]byte, error) {
	der, err := asn1.Marshal(n)
	if err != nil {
		return nil, err
	}
	s := cryptobyte.String(der)
	var contents cryptobyte.String
	if !s.ReadASN1(&contents, cbasn1.INTEGER) {
		return nil, errors.New("serial number does not encode")
	}
	return contents, nil
}
