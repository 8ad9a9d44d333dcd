package verify

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/tsp"
)

// TimestampDescription is one timestamp token of an attribute, parsed
// and not verified: its genTime, TSA, policy, hash and serial number.
type TimestampDescription struct {
	Time *time.Time `json:"time,omitempty"`
	// TSA is the subject of the certificate that signed the token, found
	// in the token, the signature or their certificate-values; else the
	// TSTInfo's tsa when it is a directoryName; "" when neither.
	TSA           string `json:"tsa,omitempty"`
	Policy        string `json:"policy,omitempty"`
	HashAlgorithm string `json:"hash_algorithm,omitempty"`
	Serial        string `json:"serial,omitempty"`
	// HashIndex is the ats-hash-index(-v3) of an archive-time-stamp-v3.
	HashIndex *HashIndexDescription `json:"hash_index,omitempty"`
	// Error says why the token could not be parsed.
	Error string `json:"error,omitempty"`

	err error
	tok *tsp.Token
}

// HashIndexDescription counts the entries of an ats-hash-index(-v3).
type HashIndexDescription struct {
	Type               string `json:"type,omitempty"`
	Certificates       int    `json:"certificates"`
	CRLs               int    `json:"crls"`
	UnsignedAttributes int    `json:"unsigned_attributes"`
	Error              string `json:"error,omitempty"`

	err error
}

// readTimestamps parses each value of a timestamp attribute as a token;
// an archive-time-stamp-v3 (v3) has its hash index read too.
func (d *AttributeDescription) readTimestamps(values [][]byte, v3 bool) {
	d.kind = kindTimestamps
	for _, der := range values {
		d.Timestamps = append(d.Timestamps, readTimestamp(der, v3))
	}
}

func readTimestamp(der []byte, v3 bool) TimestampDescription {
	var ts TimestampDescription
	tok, err := tsp.Parse(der)
	if err != nil {
		ts.err, ts.Error = err, err.Error()
		return ts
	}
	info := tok.Info
	t := info.GenTime
	ts.Time, ts.tok = &t, tok
	ts.TSA = tsaName(tok, tok.SignedData.ParsedCertificates())
	ts.Policy = info.Policy.String()
	ts.HashAlgorithm = hashName(info.HashAlgorithm.Algorithm)
	if info.SerialNumber != nil {
		ts.Serial = fmt.Sprintf("%X", info.SerialNumber)
	}
	if v3 {
		ts.HashIndex = &HashIndexDescription{}
		idx, err := cms.ArchiveTimeStampV3Index(der)
		if err != nil {
			ts.HashIndex.err, ts.HashIndex.Error = err, err.Error()
		} else {
			ts.HashIndex.Type = cadesAttributeNames[idx.Type.String()]
			ts.HashIndex.Certificates, ts.HashIndex.CRLs, ts.HashIndex.UnsignedAttributes = len(idx.Certificates), len(idx.CRLs), len(idx.UnsignedAttrs)
		}
	}
	return ts
}

// nameTSAs names the TSA of each token of a signer's attributes that does
// not carry its TSA's certificate, nor name it in its tsa field, from
// the certificates found elsewhere: in the signature, in the signer's
// other tokens (the CryptoPro TSP puts its certificates in one token
// only) and in the certificate-values of the signer and of its tokens.
// It reports whether it named any.
func nameTSAs(sd *cms.SignedData, lists ...[]AttributeDescription) bool {
	var unnamed []*TimestampDescription
	pool := sd.ParsedCertificates()
	values := func(lt *cms.LongTerm) {
		for _, der := range lt.CertificateValues {
			if c, err := x509.ParseCertificate(der); err == nil {
				pool = append(pool, c)
			}
		}
	}
	for _, list := range lists {
		for i := range list {
			for j := range list[i].Timestamps {
				ts := &list[i].Timestamps[j]
				if ts.tok == nil {
					continue
				}
				pool = append(pool, ts.tok.SignedData.ParsedCertificates()...)
				values(ts.tok.SignedData.Signers[0].LongTerm())
				if ts.TSA == "" {
					unnamed = append(unnamed, ts)
				}
			}
		}
	}
	if len(unnamed) == 0 {
		return false
	}
	for _, si := range sd.Signers {
		values(si.LongTerm())
	}
	named := false
	for _, ts := range unnamed {
		ts.TSA = tsaName(ts.tok, pool)
		named = named || ts.TSA != ""
	}
	return named
}

// tsaName names the TSA of a token: the subject of the certificate among
// certs that signed it, else the TSTInfo's tsa field when it is a
// directoryName; "" when neither.
func tsaName(tok *tsp.Token, certs []*x509.Certificate) string {
	sd := tok.SignedData
	if len(sd.Signers) == 1 {
		si := sd.Signers[0]
		for _, c := range certs {
			byIssuer := si.IssuerAndSerial != nil && bytes.Equal(c.RawIssuer, si.IssuerAndSerial.RawIssuer) &&
				si.IssuerAndSerial.Serial != nil && c.SerialNumber.Cmp(si.IssuerAndSerial.Serial) == 0
			byKey := si.SubjectKeyID != nil && bytes.Equal(c.SubjectKeyId, si.SubjectKeyID)
			if byIssuer || byKey {
				return FormatName(c.Subject)
			}
		}
	}
	// tsa [0] GeneralName OPTIONAL; directoryName [4] Name (EXPLICIT,
	// as Name is a CHOICE).
	s := cryptobyte.String(tok.Info.RawTSA)
	var inner cryptobyte.String
	if !s.ReadASN1(&inner, cbasn1.Tag(4).Constructed().ContextSpecific()) || !s.Empty() {
		return ""
	}
	var rdn pkix.RDNSequence
	if rest, err := asn1.Unmarshal(inner, &rdn); err != nil || len(rest) > 0 {
		return ""
	}
	var name pkix.Name
	name.FillFromRDNSequence(&rdn)
	return FormatName(name)
}
