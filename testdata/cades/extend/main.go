// Command extend assembles the DER of the long-term CAdES fixtures made by
// testdata/cades/gen.sh. It does no cryptography: keys, certificates,
// signatures, timestamp tokens, OCSP responses, CRLs and every hash come from
// OpenSSL; extend only cuts and joins DER (hashes are passed in as hex). It
// imports nothing from this repository, so that a bug in the code under test
// cannot hide in the fixtures.
//
// Run from the repository root: go run ./testdata/cades/extend COMMAND ARGS...
// Every command writes its result to standard output.
//
//	sigvalue SIG               contents of the SignerInfo's signature OCTET STRING
//	list SIG                   unsigned attributes, one line each: index, OID, length
//	attr OID VALUE             DER Attribute { OID, SET { VALUE } }
//	append SIG ATTR...         SIG with the Attributes appended to its unsignedAttrs
//	certrefs HASH CERT...      complete-certificate-references value (pairs HASH CERT)
//	revrefs REF...             complete-revocation-references value, one CrlOcspRef per
//	                           REF: ocsp:HASH:BASIC, crl:HASH:CRL or none
//	certvalues CERT...         certificate-values value
//	revvalues VAL...           revocation-values value; VAL: crl:CRL or ocsp:BASIC
//	basicocsp RESP             the BasicOCSPResponse inside an OCSPResponse
//	flipocspsig RESP           RESP with the last byte of its signature inverted
//	escinput [-partial] SIG    CAdES-C-time-stamp (X Type 1) imprint input
//	certcrlinput SIG           time-stamped-certs-crls-references (X Type 2) imprint input
//	atsv2input SIG DOC         archive-time-stamp-v2 imprint input (TS 101 733 v2.2.1)
//
// HASH is a Streebog-256 hash in hex (openssl dgst -md_gost12_256); CERT,
// CRL, BASIC, RESP, VALUE, ATTR and SIG are DER files; SIG has exactly one
// SignerInfo.
package main

import (
	encoding_asn1 "encoding/asn1"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/crypto/cryptobyte/asn1"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: extend COMMAND ARGS... (see the doc comment in main.go)")
		os.Exit(2)
	}
	out, err := run(os.Args[1], os.Args[2:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "extend: %s: %v\n", os.Args[1], err)
		os.Exit(1)
	}
	if _, err := os.Stdout.Write(out); err != nil {
		fmt.Fprintf(os.Stderr, "extend: %v\n", err)
		os.Exit(1)
	}
}

func run(cmd string, args []string) ([]byte, error) {
	switch cmd {
	case "sigvalue":
		sd, err := loadSig(args, 1)
		if err != nil {
			return nil, err
		}
		return sd.signatureValue(), nil
	case "list":
		sd, err := loadSig(args, 1)
		if err != nil {
			return nil, err
		}
		attrs, err := sd.unsignedAttrs()
		if err != nil {
			return nil, err
		}
		var b strings.Builder
		for i, a := range attrs {
			oid, _, _ := splitAttr(a)
			fmt.Fprintf(&b, "%d\t%v\t%d\n", i, oid, len(a))
		}
		return []byte(b.String()), nil
	case "attr":
		if len(args) != 2 {
			return nil, errors.New("want OID VALUE")
		}
		oid, err := parseOID(args[0])
		if err != nil {
			return nil, err
		}
		value, err := os.ReadFile(args[1])
		if err != nil {
			return nil, err
		}
		if _, err := elements(value); err != nil {
			return nil, fmt.Errorf("%s: %w", args[1], err)
		}
		oidDER, err := encoding_asn1.Marshal(oid)
		if err != nil {
			return nil, err
		}
		return tlv(asn1.SEQUENCE, oidDER, tlv(asn1.SET, value)), nil
	case "append":
		if len(args) < 2 {
			return nil, errors.New("want SIG ATTR...")
		}
		sd, err := loadSig(args[:1], 1)
		if err != nil {
			return nil, err
		}
		attrs, err := sd.unsignedAttrs()
		if err != nil {
			return nil, err
		}
		for _, f := range args[1:] {
			a, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if _, _, err := splitAttr(a); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			attrs = append(attrs, a)
		}
		return sd.withUnsignedAttrs(attrs)
	case "certrefs":
		if len(args) == 0 || len(args)%2 != 0 {
			return nil, errors.New("want HASH CERT pairs")
		}
		var ids [][]byte
		for i := 0; i < len(args); i += 2 {
			cert, err := os.ReadFile(args[i+1])
			if err != nil {
				return nil, err
			}
			id, err := otherCertID(args[i], cert)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", args[i+1], err)
			}
			ids = append(ids, id)
		}
		return tlv(asn1.SEQUENCE, ids...), nil
	case "revrefs":
		if len(args) == 0 {
			return nil, errors.New("want REF...")
		}
		var refs [][]byte
		for _, a := range args {
			ref, err := revRef(a)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", a, err)
			}
			refs = append(refs, ref)
		}
		return tlv(asn1.SEQUENCE, refs...), nil
	case "certvalues":
		if len(args) == 0 {
			return nil, errors.New("want CERT...")
		}
		var certs [][]byte
		for _, f := range args {
			c, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			if _, _, err := certIssuerSerial(c); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			certs = append(certs, c)
		}
		return tlv(asn1.SEQUENCE, certs...), nil
	case "revvalues":
		var crls, ocsps [][]byte
		for _, a := range args {
			kind, file, ok := strings.Cut(a, ":")
			if !ok {
				return nil, fmt.Errorf("%s: want crl:FILE or ocsp:FILE", a)
			}
			v, err := os.ReadFile(file)
			if err != nil {
				return nil, err
			}
			switch kind {
			case "crl":
				if _, err := contents(v, asn1.SEQUENCE); err != nil {
					return nil, fmt.Errorf("%s: %w", file, err)
				}
				crls = append(crls, v)
			case "ocsp":
				if _, _, _, err := basicParts(v); err != nil {
					return nil, fmt.Errorf("%s: %w", file, err)
				}
				ocsps = append(ocsps, v)
			default:
				return nil, fmt.Errorf("%s: want crl:FILE or ocsp:FILE", a)
			}
		}
		var parts [][]byte
		if len(crls) > 0 {
			parts = append(parts, tlv(asn1.Tag(0).Constructed().ContextSpecific(), tlv(asn1.SEQUENCE, crls...)))
		}
		if len(ocsps) > 0 {
			parts = append(parts, tlv(asn1.Tag(1).Constructed().ContextSpecific(), tlv(asn1.SEQUENCE, ocsps...)))
		}
		return tlv(asn1.SEQUENCE, parts...), nil
	case "basicocsp":
		resp, err := readOne(args)
		if err != nil {
			return nil, err
		}
		return basicOCSP(resp)
	case "flipocspsig":
		resp, err := readOne(args)
		if err != nil {
			return nil, err
		}
		basic, err := basicOCSP(resp)
		if err != nil {
			return nil, err
		}
		_, _, elems, err := basicParts(basic)
		if err != nil {
			return nil, err
		}
		sig := append([]byte{}, elems[2]...)
		sig[len(sig)-1] ^= 0xff
		elems[2] = sig
		return ocspResponse(tlv(asn1.SEQUENCE, elems...)), nil
	case "escinput":
		partial := len(args) > 0 && args[0] == "-partial"
		if partial {
			args = args[1:]
		}
		sd, err := loadSig(args, 1)
		if err != nil {
			return nil, err
		}
		return escInput(sd, partial)
	case "certcrlinput":
		sd, err := loadSig(args, 1)
		if err != nil {
			return nil, err
		}
		return refsInput(sd, nil, false)
	case "atsv2input":
		if len(args) != 2 {
			return nil, errors.New("want SIG DOC")
		}
		sd, err := loadSig(args[:1], 1)
		if err != nil {
			return nil, err
		}
		doc, err := os.ReadFile(args[1])
		if err != nil {
			return nil, err
		}
		return atsV2Input(sd, doc)
	}
	return nil, errors.New("unknown command")
}

func readOne(args []string) ([]byte, error) {
	if len(args) != 1 {
		return nil, errors.New("want one file")
	}
	return os.ReadFile(args[0])
}

func loadSig(args []string, n int) (*signedData, error) {
	if len(args) != n {
		return nil, errors.New("want SIG")
	}
	der, err := os.ReadFile(args[0])
	if err != nil {
		return nil, err
	}
	sd, err := parseSignedData(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", args[0], err)
	}
	return sd, nil
}

func parseOID(s string) (encoding_asn1.ObjectIdentifier, error) {
	var oid encoding_asn1.ObjectIdentifier
	for _, p := range strings.Split(s, ".") {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("bad OID %q", s)
		}
		oid = append(oid, n)
	}
	if len(oid) < 2 {
		return nil, fmt.Errorf("bad OID %q", s)
	}
	return oid, nil
}

// revRef builds one CrlOcspRef from ocsp:HASH:FILE, crl:HASH:FILE or none
// (an empty CrlOcspRef, all three fields absent).
func revRef(arg string) ([]byte, error) {
	if arg == "none" {
		return tlv(asn1.SEQUENCE), nil
	}
	parts := strings.SplitN(arg, ":", 3)
	if len(parts) != 3 {
		return nil, errors.New("want ocsp:HASH:FILE, crl:HASH:FILE or none")
	}
	data, err := os.ReadFile(parts[2])
	if err != nil {
		return nil, err
	}
	switch parts[0] {
	case "ocsp":
		return ocspRef(parts[1], data)
	case "crl":
		return crlRef(parts[1], data)
	}
	return nil, errors.New("want ocsp:HASH:FILE, crl:HASH:FILE or none")
}

// escInput is the CAdES-C-time-stamp imprint input (ETSI TS 101 733 6.3.5,
// NOTE 2: each attribute without its outer SEQUENCE tag and length): the
// signature value contents, then every signature-time-stamp attribute in file
// order, then complete-certificate-references, then
// complete-revocation-references. With partial, missing references are
// allowed (to make a deliberately wrong imprint).
func escInput(sd *signedData, partial bool) ([]byte, error) {
	attrs, err := sd.unsignedAttrs()
	if err != nil {
		return nil, err
	}
	out := append([]byte{}, sd.signatureValue()...)
	n := 0
	for _, a := range attrs {
		oid, body, _ := splitAttr(a)
		if oid.Equal(oidSignatureTimeStamp) {
			out = append(out, body...)
			n++
		}
	}
	if n == 0 {
		return nil, errors.New("no signature-time-stamp attribute")
	}
	return refsInput(sd, out, partial)
}

// refsInput appends to out the complete-certificate-references and
// complete-revocation-references attributes (each without its outer
// SEQUENCE tag and length); exactly one of each unless partial.
func refsInput(sd *signedData, out []byte, partial bool) ([]byte, error) {
	attrs, err := sd.unsignedAttrs()
	if err != nil {
		return nil, err
	}
	for _, want := range []encoding_asn1.ObjectIdentifier{oidCertificateRefs, oidRevocationRefs} {
		n := 0
		for _, a := range attrs {
			oid, body, _ := splitAttr(a)
			if oid.Equal(want) {
				out = append(out, body...)
				n++
			}
		}
		if n != 1 && !(partial && n == 0) {
			return nil, fmt.Errorf("%d attributes %v, want 1", n, want)
		}
	}
	return out, nil
}

// atsV2Input is the archive-time-stamp-v2 imprint input of ETSI TS 101 733
// v2.2.1 (6.4.1 and Annex K): encapContentInfo ‖ the detached content (when
// eContent is absent) ‖ SignedData.certificates [0] ‖ SignedData.crls [1] ‖
// the SignerInfo's fields, signedAttrs re-encoded as DER, and the
// unsignedAttrs [1] with its tag and length, leaving out every
// archive-time-stamp-v2/v3 attribute (there is at most one in these fixtures,
// the one this input is for).
func atsV2Input(sd *signedData, doc []byte) ([]byte, error) {
	var out []byte
	encap := sd.fields[2]
	if tagOf(encap) != asn1.SEQUENCE {
		return nil, errors.New("SignedData: no encapContentInfo")
	}
	out = append(out, encap...)
	body, _ := contents(encap, asn1.SEQUENCE)
	ec, err := elements(body)
	if err != nil {
		return nil, err
	}
	if len(ec) == 1 {
		out = append(out, doc...)
	}
	for _, f := range sd.fields[3:] {
		t := tagOf(f)
		if t != asn1.Tag(0).Constructed().ContextSpecific() && t != asn1.Tag(1).Constructed().ContextSpecific() {
			return nil, fmt.Errorf("SignedData: unexpected field tag %#x", uint8(t))
		}
		out = append(out, f...)
	}
	i, _ := sd.signatureIndex()
	for k, f := range sd.si[:i+1] {
		if k == 3 && tagOf(f) == asn1.Tag(0).Constructed().ContextSpecific() {
			der, err := derSet(f)
			if err != nil {
				return nil, fmt.Errorf("signedAttrs: %w", err)
			}
			f = der
		}
		out = append(out, f...)
	}
	attrs, err := sd.unsignedAttrs()
	if err != nil {
		return nil, err
	}
	var kept [][]byte
	for _, a := range attrs {
		oid, _, _ := splitAttr(a)
		if !oid.Equal(oidArchiveTimeStampV2) && !oid.Equal(oidArchiveTimeStampV3) {
			kept = append(kept, a)
		}
	}
	if len(kept) > 0 {
		out = append(out, tlv(asn1.Tag(1).Constructed().ContextSpecific(), kept...)...)
	}
	return out, nil
}
