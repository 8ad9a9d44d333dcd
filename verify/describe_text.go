package verify

import (
	"errors"
	"io"
	"strings"
	"time"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
)

// WriteText prints the description for people, in l: the signature, each
// signer with its form and what each attribute holds, the certificates
// with their sign tools, and the count of CRLs.
func (d *Description) WriteText(w io.Writer, l i18n.Lang) error {
	var b strings.Builder
	header := l.Sprintf(i18n.ShowHeader, d.File, d.Encoding.Format)
	if d.Encoding.BER && d.Encoding.Format != "BER" {
		header = l.Sprintf(i18n.ShowHeaderBER, d.File, d.Encoding.Format)
	}
	if d.Attached {
		b.WriteString(l.Sprintf(i18n.ShowAttached, header, d.ContentSize, d.ContentType))
	} else {
		b.WriteString(l.Sprintf(i18n.ShowDetached, header, d.ContentType))
	}
	b.WriteString("\n")
	line := func(m i18n.Message, args ...any) {
		b.WriteString(l.Sprintf(m, args...))
		b.WriteString("\n")
	}
	attribute := func(m i18n.Message, a *AttributeDescription) {
		name := a.Name
		if name == "" {
			name = a.Type
		}
		value, more := a.text(l)
		line(m, name, value)
		for _, s := range more {
			b.WriteString(s)
			b.WriteString("\n")
		}
	}
	for _, s := range d.Signers {
		line(i18n.ShowSigner, s.Position, s.SignerIdentifier, s.DigestAlgorithm, s.SignatureAlgorithm)
		if s.Level != "" {
			line(i18n.ShowLevel, s.Level)
		}
		for i := range s.SignedAttributes {
			attribute(i18n.ShowSigned, &s.SignedAttributes[i])
		}
		for i := range s.UnsignedAttributes {
			attribute(i18n.ShowUnsigned, &s.UnsignedAttributes[i])
		}
	}
	for i, c := range d.Certificates {
		if c.ParseError != "" {
			line(i18n.ShowUnreadableCert, i+1, c.ParseError, c.SHA256)
			continue
		}
		line(i18n.ShowCertificate, i+1, c.Subject, c.Issuer, c.Serial, c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339), c.PublicKey, c.SHA1)
		if c.SubjectSignTool != "" {
			line(i18n.ShowSubjectSignTool, c.SubjectSignTool)
		}
		for _, t := range c.IssuerSignTool {
			line(i18n.ShowIssuerSignTool, t)
		}
	}
	if d.CRLs > 0 {
		line(i18n.ShowCRLs, d.CRLs)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// text says what the attribute holds in l: a line, and the lines under
// it (those of its timestamp tokens).
func (d *AttributeDescription) text(l i18n.Lang) (line string, more []string) {
	line, more = d.contents(l)
	if d.Repeats > 0 {
		line += "; " + l.Sprintf(i18n.ShowRepeated, d.Repeats)
	}
	return line, more
}

func (d *AttributeDescription) contents(l i18n.Lang) (string, []string) {
	switch d.kind {
	case kindDecoded:
		return d.Value, nil
	case kindSized:
		return l.Sprintf(i18n.ShowBytes, d.size), nil
	case kindCounterSignature:
		return l.Sprintf(i18n.ShowValuesBytes, d.values, d.size), nil
	case kindTimestamps:
		if len(d.Timestamps) == 1 {
			ts := &d.Timestamps[0]
			return ts.text(l), ts.more(l)
		}
		var more []string
		for i := range d.Timestamps {
			ts := &d.Timestamps[i]
			more = append(more, l.Sprintf(i18n.ShowTimestampNumbered, i+1, ts.text(l)))
			more = append(more, ts.more(l)...)
		}
		return l.Sprintf(i18n.ShowTimestampTokens, len(d.Timestamps)), more
	}
	if d.err != nil {
		return l.Sprintf(i18n.ShowUnreadableValue, Detail(l, d.err)), nil
	}
	switch d.kind {
	case kindCertificateReferences:
		return l.Sprintf(i18n.ShowCertificateRefs, *d.CertificateReferences), nil
	case kindRevocationReferences:
		if d.OtherReferences != nil {
			return l.Sprintf(i18n.ShowRevocationRefsOther, *d.RevocationReferences, *d.CRLReferences, *d.OCSPReferences, *d.OtherReferences), nil
		}
		return l.Sprintf(i18n.ShowRevocationRefs, *d.RevocationReferences, *d.CRLReferences, *d.OCSPReferences), nil
	case kindCertificateValues:
		return l.Sprintf(i18n.ShowCertificateValues, *d.Certificates), nil
	case kindRevocationValues:
		if d.OtherRevocationValues != nil {
			return l.Sprintf(i18n.ShowRevocationValuesOther, *d.CRLs, *d.OCSPResponses, *d.OtherRevocationValues), nil
		}
		return l.Sprintf(i18n.ShowRevocationValues, *d.CRLs, *d.OCSPResponses), nil
	case kindSigningCertificate:
		return l.Sprintf(i18n.ShowSigningCertificate, *d.CertificateIDs, d.HashAlgorithm), nil
	case kindPolicy:
		if d.PolicyImplied {
			return l.Sprintf(i18n.ShowPolicyImplied), nil
		}
		return l.Sprintf(i18n.ShowPolicy, d.Policy), nil
	case kindMIMEType:
		return d.MIMEType, nil
	}
	return d.Value, nil
}

// text is the token in a line: its time, TSA, policy, hash and serial.
func (ts *TimestampDescription) text(l i18n.Lang) string {
	if ts.err != nil {
		return l.Sprintf(i18n.ShowUnreadableValue, Detail(l, ts.err))
	}
	tsa := ts.TSA
	if tsa == "" {
		tsa = l.Sprintf(i18n.ShowTSAUnnamed)
	}
	return l.Sprintf(i18n.ShowTimestampToken, ts.Time.UTC().Format("2006-01-02 15:04:05.999999 UTC"), tsa, ts.Policy, ts.HashAlgorithm, ts.Serial)
}

// more are the lines under the token: its hash index.
func (ts *TimestampDescription) more(l i18n.Lang) []string {
	h := ts.HashIndex
	switch {
	case h == nil:
		return nil
	case h.err != nil:
		var ae *cms.ArchiveError
		if errors.As(h.err, &ae) && ae.Reason == cms.ArchiveIndexMissing {
			return []string{"    " + l.Sprintf(i18n.TSArchiveIndexMissing)}
		}
		return []string{"    ats-hash-index: " + l.Sprintf(i18n.ShowUnreadableValue, Detail(l, h.err))}
	}
	return []string{l.Sprintf(i18n.ShowHashIndex, h.Type, h.Certificates, h.CRLs, h.UnsignedAttributes)}
}
