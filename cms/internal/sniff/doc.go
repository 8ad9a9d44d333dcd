// Package sniff turns whatever a user hands over as a signature file into
// binary BER or DER and says what it was.
//
// # Usage
//
//	r, err := sniff.Decode(data)
//	// r.Data starts with 0x30; pass it to ber.ToDER and the CMS parser.
//	// r.Format, r.Label, r.Charset, r.BOM describe the wrapping for reports.
//
// # Accepted forms
//
//   - Binary starting with a SEQUENCE tag (0x30): returned as is, without
//     copying. Format is BER when the outer length is indefinite (0x80), DER
//     otherwise; only that first length octet is looked at.
//   - PEM with any label (PKCS7, CMS, SIGNED MESSAGE, PKCS #7 SIGNED DATA,
//     ...), with RFC 1421 headers, CRLF line ends, and junk or whitespace
//     before and after. Of several blocks, the first whose label is not a
//     certificate, certificate request, CRL, key or parameters is decoded.
//     The END line must repeat the BEGIN label.
//   - Bare base64 without armour, as CryptoPro CSP writes .sig and .sgn
//     files: one line or many, LF or CRLF, spaces and tabs anywhere,
//     whitespace and NUL bytes at the end; the standard or the URL-safe
//     alphabet (not both); with or without '=' padding.
//   - Any of the text forms with a UTF-8 byte-order mark, or as UTF-16 with
//     a byte-order mark (FF FE, FE FF) or without one, detected by the zero
//     high bytes of the first characters.
//
// Decoded data must be non-empty and start with 0x30.
//
// # Errors
//
// Errors are *FormatError values with a Reason, the offset in the input
// where the problem was found, and, for inputs that are something else
// entirely, what the input looks like: a PDF, a ZIP archive (DOCX, ODT),
// XML or HTML, a certificate, a key. Inputs larger than MaxInput are refused
// before anything is read.
//
// Decode only unwraps: it does not check that the data is a CMS
// ContentInfo, nor any ASN.1 beyond the first byte. Inputs are public;
// nothing here is constant time.
package sniff
