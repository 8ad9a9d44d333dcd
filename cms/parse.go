package cms

import (
	"fmt"

	"github.com/gostverify/gostverify/cms/internal/ber"
	"github.com/gostverify/gostverify/cms/internal/sniff"
)

// Encoding says how a signature file was written.
type Encoding struct {
	// Format is "DER", "BER", "PEM" or "base64".
	Format string `json:"format"`
	// Label is the PEM label, empty for other formats.
	Label string `json:"pem_label,omitempty"`
	// Text is "ASCII", "UTF-16LE" or "UTF-16BE" for text forms, empty for binary.
	Text string `json:"text,omitempty"`
	// BER reports that the decoded bytes were BER (indefinite lengths,
	// constructed strings) and were normalised to DER for parsing.
	BER bool `json:"ber"`
}

// Parse reads a CMS ContentInfo holding SignedData from a signature file:
// DER, BER (as CryptoPro CSP and ViPNet write it), PEM with any label, or
// bare base64 (with or without line breaks, a BOM, or as UTF-16 text).
//
// BER is normalised to DER once, here; the elements that signatures are
// computed over (signed attributes, certificates) are definite-length DER
// in every producer we know of and are kept byte for byte as received.
func Parse(data []byte) (*SignedData, error) {
	return ParseShared(data, nil)
}

// ParseShared is Parse with the certificates a signature carries taken
// from certs when met before: thousands of signatures by a few signers
// parse each certificate once and share it. A nil certs is Parse.
func ParseShared(data []byte, certs *CertificateCache) (*SignedData, error) {
	decoded, der, err := decode(data)
	if err != nil {
		return nil, err
	}
	sd, err := parseContentInfo(der, certs)
	if err != nil {
		return nil, err
	}
	sd.cache = certs
	sd.Encoding = encodingOf(decoded, der)
	return sd, nil
}

// ParseCertificates reads the certificates of a certs-only SignedData
// bundle (.p7b, .p7c, as CAs publish their chains), in any encoding Parse
// accepts. A signature's certificates are returned as well.
func ParseCertificates(data []byte) ([]*Certificate, error) {
	_, der, err := decode(data)
	if err != nil {
		return nil, err
	}
	body, err := readContentInfo(der)
	if err != nil {
		return nil, err
	}
	sd, err := parseSignedDataBody(body, nil)
	if err != nil {
		return nil, err
	}
	return sd.Certificates, nil
}

// decode turns a file into DER: text forms decoded, BER normalised.
func decode(data []byte) (*sniff.Result, []byte, error) {
	decoded, err := sniff.Decode(data)
	if err != nil {
		return nil, nil, fmt.Errorf("cms: %w", err)
	}
	der, err := ber.ToDER(decoded.Data)
	if err != nil {
		return nil, nil, fmt.Errorf("cms: %w", err)
	}
	return decoded, der, nil
}

func encodingOf(decoded *sniff.Result, der []byte) Encoding {
	e := Encoding{
		Format: decoded.Format.String(),
		Label:  decoded.Label,
		BER:    &der[0] != &decoded.Data[0], // ToDER returns DER input as is
	}
	if decoded.Charset != sniff.Binary {
		e.Text = decoded.Charset.String()
	}
	return e
}
