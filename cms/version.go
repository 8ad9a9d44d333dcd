package cms

import (
	"fmt"

	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// VersionError reports a version number that RFC 5652 does not allow for
// what the structure holds: a SignedData (section 5.1) or a SignerInfo,
// countersignatures included (section 5.3). It is the Err of the
// *ParseError that Parse returns, or of a countersigner's *SignerError.
type VersionError struct {
	// Structure is "SignedData" or "SignerInfo".
	Structure string
	// Version is the version as written, Want the one RFC 5652 requires.
	Version, Want int
	// Rule says what in the structure requires Want.
	Rule string
}

func (e *VersionError) Error() string {
	section := "5.1"
	if e.Structure == "SignerInfo" {
		section = "5.3"
	}
	return fmt.Sprintf("version %d, want %d: %s (RFC 5652 section %s)", e.Version, e.Want, e.Rule, section)
}

// CertificateChoices and RevocationInfoChoice tags other than the plain
// X.509 certificate or CRL SEQUENCE (RFC 5652 sections 10.2.1, 10.2.2).
var (
	tagExtendedCertificate = cbasn1.Tag(0).Constructed().ContextSpecific() // obsolete PKCS #6
	tagV1AttrCert          = cbasn1.Tag(1).Constructed().ContextSpecific() // obsolete
	tagV2AttrCert          = cbasn1.Tag(2).Constructed().ContextSpecific()
	tagOtherCert           = cbasn1.Tag(3).Constructed().ContextSpecific()
	tagOtherRevocationInfo = cbasn1.Tag(1).Constructed().ContextSpecific()
)

// versionFacts is what the SignedData version depends on.
type versionFacts struct {
	otherCerts, v2AttrCerts, v1AttrCerts bool
	otherCRLs                            bool
	v3Signers                            bool
	nonDataContent                       bool
}

// noteCertificate records a CertificateChoices element by its tag.
func (f *versionFacts) noteCertificate(tag cbasn1.Tag) {
	switch tag {
	case tagOtherCert:
		f.otherCerts = true
	case tagV2AttrCert:
		f.v2AttrCerts = true
	case tagV1AttrCert:
		f.v1AttrCerts = true
	}
}

// want returns the SignedData version RFC 5652 section 5.1 prescribes,
// with the rule that decides it. The section's pseudo-code, in order:
// other certificate or CRL formats → 5; version 2 attribute certificates
// → 4; version 1 attribute certificates, a version 3 SignerInfo or an
// eContentType other than id-data → 3; else 1. An extendedCertificate
// (obsolete PKCS #6) does not enter the rules.
func (f *versionFacts) want() (int, string) {
	for _, r := range []struct {
		holds   bool
		version int
		rule    string
	}{
		{f.otherCerts, 5, "certificates of the other format are present"},
		{f.otherCRLs, 5, "revocation information of the other format is present"},
		{f.v2AttrCerts, 4, "version 2 attribute certificates are present"},
		{f.v1AttrCerts, 3, "version 1 attribute certificates are present"},
		{f.v3Signers, 3, "a SignerInfo is version 3"},
		{f.nonDataContent, 3, "eContentType is not id-data"},
	} {
		if r.holds {
			return r.version, r.rule
		}
	}
	return 1, "only X.509 certificates and CRLs, version 1 SignerInfos and id-data content"
}

// checkSignedDataVersion applies RFC 5652 section 5.1 to a parsed
// SignedData. No producer in testdata/cms-corpus, testdata/cms or the
// shared corpus (CryptoPro CSP, ViPNet, SBIS, OpenSSL, TC26 examples, the
// Tensor TSA's timestamp tokens) writes another version, so none is
// tolerated.
func checkSignedDataVersion(s *SignedData, f versionFacts) error {
	f.nonDataContent = !s.ContentType.Equal(OIDData)
	for _, si := range s.Signers {
		if si.Version == 3 {
			f.v3Signers = true
		}
	}
	if want, rule := f.want(); s.Version != want {
		return &VersionError{Structure: "SignedData", Version: s.Version, Want: want, Rule: rule}
	}
	return nil
}

// checkSignerInfoVersion applies RFC 5652 section 5.3: version 1 with an
// issuerAndSerialNumber signer identifier, 3 with a subjectKeyIdentifier.
// Every SignerInfo and countersignature of the corpora follows it.
func checkSignerInfoVersion(si *SignerInfo) error {
	want, rule := 1, "the signer identifier is issuerAndSerialNumber"
	if si.IssuerAndSerial == nil {
		want, rule = 3, "the signer identifier is subjectKeyIdentifier"
	}
	if si.Version != want {
		return &VersionError{Structure: "SignerInfo", Version: si.Version, Want: want, Rule: rule}
	}
	return nil
}
