package tsl

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"

	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/internal/xmlsafe"
)

// XMLDSig names and the algorithm URIs of CryptoPro's GOST XMLDSig
// (draft-chudov-cryptopro-cpxmldsig, as CryptoPro CSP and SMEV 3 write
// them; the older xmldsig-more names of GOST R 34.10-2001 too).
const (
	nsDSig  = "http://www.w3.org/2000/09/xmldsig#"
	nsExcNS = "http://www.w3.org/2001/10/xml-exc-c14n#"

	algExcC14N     = "http://www.w3.org/2001/10/xml-exc-c14n#"
	algEnveloped   = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
	algGOST2012256 = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-256"
	algGOST2012512 = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102012-gostr34112012-512"
	algGOST2001    = "http://www.w3.org/2001/04/xmldsig-more#gostr34102001-gostr3411"
	algGOST2001CP  = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34102001-gostr3411"
	algStreebog256 = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-256"
	algStreebog512 = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr34112012-512"
	algGOST94      = "http://www.w3.org/2001/04/xmldsig-more#gostr3411"
	algGOST94CP    = "urn:ietf:params:xml:ns:cpxmlsec:algorithms:gostr3411"
)

var signatureMethods = map[string]gost.KeyAlgorithm{
	algGOST2012256: gost.GOST2012_256,
	algGOST2012512: gost.GOST2012_512,
	algGOST2001:    gost.GOST2001,
	algGOST2001CP:  gost.GOST2001,
}

var digestMethods = map[string]gost.Hash{
	algStreebog256: gost.Streebog256,
	algStreebog512: gost.Streebog512,
	algGOST94:      gost.GOST94CryptoPro,
	algGOST94CP:    gost.GOST94CryptoPro,
}

// Signature is a list's XMLDSig signature that holds.
type Signature struct {
	// Certificate is the signer's certificate, from KeyInfo; Subject says
	// who signed (for the real list, МИНИСТЕРСТВО ЦИФРОВОГО РАЗВИТИЯ...).
	Certificate *x509.Certificate
	Subject     string
	// Others are the other certificates KeyInfo carries: candidates for
	// the signer's path, not trusted.
	Others []*x509.Certificate
	// Method and DigestMethod are the algorithm URIs.
	Method, DigestMethod string
	// CheckedAt is when the signature was checked, for a list read with
	// the mark of an earlier check (ReadMarked, ReadStored: when tsl
	// update stored it); zero when it was checked by this read.
	CheckedAt time.Time
}

// VerifySignature checks the enveloped XMLDSig signature of a list, as
// Минцифры signs it: one Signature element; SignedInfo canonicalised with
// exclusive C14N; a GOST R 34.10-2001 or 2012 SignatureMethod; one
// Reference to the whole document (URI "") with the transforms
// enveloped-signature and exclusive C14N; a GOST digest. SignatureValue
// and DigestValue are read as stored, in the byte order of OpenSSL and of
// X.509 (no reversal), which real CryptoPro-made signatures were checked
// to use (see testdata/README.md). The key is the certificate in KeyInfo;
// whether that certificate deserves trust is the caller's question
// (Options.VerifySigner). Failures are a *SignatureError.
//
// The document is held as a tree while it is checked: about ten times its
// size in memory.
func VerifySignature(data []byte) (*Signature, error) {
	doc := etree.NewDocument()
	doc.ReadSettings = etree.ReadSettings{CharsetReader: xmlsafe.Charset, MaxDepth: DefaultMaxDepth}
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, &SignatureError{Reason: SignatureMalformed, Detail: "not XML", Err: err}
	}
	for _, t := range doc.Child {
		switch t := t.(type) {
		case *etree.Directive:
			return nil, &SignatureError{Reason: SignatureMalformed, Detail: "a DOCTYPE or other directive is not allowed"}
		case *etree.ProcInst:
			// The XML declaration is a ProcInst to etree; other processing
			// instructions would be part of the canonical form of the
			// document, which is not implemented.
			if t.Target != "xml" {
				return nil, &SignatureError{Reason: Unsupported, Detail: "a processing instruction outside the root element", Algorithm: t.Target}
			}
		}
	}
	root := doc.Root()
	if root == nil {
		return nil, &SignatureError{Reason: SignatureMalformed, Detail: "no root element"}
	}
	sigs := findAll(root, nsDSig, "Signature")
	switch {
	case len(sigs) == 0:
		return nil, &SignatureError{Reason: Unsigned}
	case len(sigs) > 1:
		return nil, &SignatureError{Reason: SignatureMalformed, Detail: fmt.Sprintf("%d Signature elements", len(sigs))}
	}
	p, err := parseSignature(sigs[0])
	if err != nil {
		return nil, err
	}
	if p.ref.uri != "" {
		return nil, &SignatureError{Reason: Unsupported, Detail: "a Reference to a part of the document, not to the whole list", Algorithm: p.ref.uri}
	}
	if len(p.ref.transforms) != 2 || p.ref.transforms[0] != algEnveloped || p.ref.transforms[1] != algExcC14N {
		return nil, &SignatureError{Reason: Unsupported, Detail: "transforms other than enveloped-signature then exclusive C14N",
			Algorithm: strings.Join(p.ref.transforms, " ")}
	}
	sig, err := p.verifySignedInfo()
	if err != nil {
		return nil, err
	}
	// The enveloped-signature transform: the document without the
	// Signature element. Then exclusive C14N of the document, written
	// straight into the hash.
	sigs[0].Parent().RemoveChild(sigs[0])
	h := p.ref.hash.New()
	if err := canonicalizeInto(h, root, p.ref.prefixList); err != nil {
		return nil, &SignatureError{Reason: SignatureMalformed, Detail: "canonicalizing the list", Err: err}
	}
	if !bytes.Equal(h.Sum(nil), p.ref.digest) {
		return nil, &SignatureError{Reason: DigestMismatch}
	}
	return sig, nil
}

// canonicalizeInto writes the exclusive C14N form of root, a root element
// already freed of its signature, to w. It is goxmldsig's
// c14N10ExclusiveCanonicalizer.Canonicalize (etreeutils.TransformExcC14n,
// then etree's canonical writing) without the copy of the tree and the
// byte slice it makes, which for a list of tens of megabytes matter. The
// tree is changed.
func canonicalizeInto(w io.Writer, root *etree.Element, prefixList string) error {
	if err := etreeutils.TransformExcC14n(root, prefixList, false); err != nil {
		return err
	}
	doc := etree.NewDocument()
	doc.SetRoot(root)
	doc.WriteSettings = etree.WriteSettings{CanonicalAttrVal: true, CanonicalEndTags: true, CanonicalText: true}
	_, err := doc.WriteTo(w)
	return err
}

// sigParts is a Signature element read, not yet checked.
type sigParts struct {
	signedInfo *etree.Element
	c14nPrefix string // InclusiveNamespaces PrefixList of CanonicalizationMethod
	method     string
	alg        gost.KeyAlgorithm
	value      []byte
	certs      []*x509.Certificate
	ref        reference
}

type reference struct {
	uri          string
	transforms   []string
	prefixList   string
	digestMethod string
	hash         gost.Hash
	digest       []byte
}

func malformed(detail string, err error) error {
	return &SignatureError{Reason: SignatureMalformed, Detail: detail, Err: err}
}

// parseSignature reads a ds:Signature element, strictly: one SignedInfo,
// SignatureValue and KeyInfo, one Reference, known algorithms.
func parseSignature(sig *etree.Element) (*sigParts, error) {
	p := &sigParts{}
	var err error
	if p.signedInfo, err = onlyChild(sig, "SignedInfo"); err != nil {
		return nil, err
	}
	cm, err := onlyChild(p.signedInfo, "CanonicalizationMethod")
	if err != nil {
		return nil, err
	}
	if alg := cm.SelectAttrValue("Algorithm", ""); alg != algExcC14N {
		return nil, &SignatureError{Reason: Unsupported, Detail: "SignedInfo canonicalization", Algorithm: alg}
	}
	p.c14nPrefix = prefixListOf(cm)
	sm, err := onlyChild(p.signedInfo, "SignatureMethod")
	if err != nil {
		return nil, err
	}
	p.method = sm.SelectAttrValue("Algorithm", "")
	alg, ok := signatureMethods[p.method]
	if !ok {
		return nil, &SignatureError{Reason: Unsupported, Detail: "signature method", Algorithm: p.method}
	}
	p.alg = alg
	refEl, err := onlyChild(p.signedInfo, "Reference")
	if err != nil {
		return nil, err
	}
	if p.ref, err = parseReference(refEl); err != nil {
		return nil, err
	}
	sv, err := onlyChild(sig, "SignatureValue")
	if err != nil {
		return nil, err
	}
	if p.value, err = base64Text(sv); err != nil {
		return nil, malformed("SignatureValue", err)
	}
	ki, err := onlyChild(sig, "KeyInfo")
	if err != nil {
		return nil, err
	}
	for _, xd := range children(ki, nsDSig, "X509Data") {
		for _, xc := range children(xd, nsDSig, "X509Certificate") {
			der, err := base64Text(xc)
			if err != nil {
				return nil, malformed("X509Certificate", err)
			}
			c, err := x509.ParseCertificate(der)
			if err != nil {
				return nil, malformed("X509Certificate", err)
			}
			p.certs = append(p.certs, c)
		}
	}
	if len(p.certs) == 0 {
		return nil, malformed("no X509Certificate in KeyInfo", nil)
	}
	return p, nil
}

func parseReference(el *etree.Element) (reference, error) {
	r := reference{uri: el.SelectAttrValue("URI", "")}
	if el.SelectAttr("URI") == nil {
		return r, malformed("Reference without URI", nil)
	}
	if ts := children(el, nsDSig, "Transforms"); len(ts) > 1 {
		return r, malformed("more than one Transforms", nil)
	} else if len(ts) == 1 {
		for _, t := range children(ts[0], nsDSig, "Transform") {
			alg := t.SelectAttrValue("Algorithm", "")
			r.transforms = append(r.transforms, alg)
			if alg == algExcC14N {
				r.prefixList = prefixListOf(t)
			}
		}
	}
	dm, err := onlyChild(el, "DigestMethod")
	if err != nil {
		return r, err
	}
	r.digestMethod = dm.SelectAttrValue("Algorithm", "")
	h, ok := digestMethods[r.digestMethod]
	if !ok {
		return r, &SignatureError{Reason: Unsupported, Detail: "digest method", Algorithm: r.digestMethod}
	}
	r.hash = h
	dv, err := onlyChild(el, "DigestValue")
	if err != nil {
		return r, err
	}
	if r.digest, err = base64Text(dv); err != nil {
		return r, malformed("DigestValue", err)
	}
	if len(r.digest) != h.Size() {
		return r, malformed(fmt.Sprintf("DigestValue of %d bytes for a %d-byte hash", len(r.digest), h.Size()), nil)
	}
	return r, nil
}

// verifySignedInfo canonicalises SignedInfo (exclusive C14N of the
// element in its context, as XMLDSig section 4.3.1 prescribes) and checks
// SignatureValue over it with each KeyInfo certificate whose key fits the
// method, the first that verifies being the signer.
func (p *sigParts) verifySignedInfo() (*Signature, error) {
	canon, err := p.canonicalSignedInfo()
	if err != nil {
		return nil, err
	}
	var errs []error
	for i, c := range p.certs {
		key, err := gost.ParsePublicKey(c.RawSubjectPublicKeyInfo)
		if err != nil {
			errs = append(errs, fmt.Errorf("certificate %d (%s): %w", i+1, c.Subject, err))
			continue
		}
		if key.Algorithm != p.alg {
			errs = append(errs, fmt.Errorf("certificate %d (%s): a %v key for a %v signature", i+1, c.Subject, key.Algorithm, p.alg))
			continue
		}
		h := key.Hash().New()
		h.Write(canon)
		if err := key.VerifyDigest(h.Sum(nil), p.value); err != nil {
			errs = append(errs, fmt.Errorf("certificate %d (%s): %w", i+1, c.Subject, err))
			continue
		}
		s := &Signature{Certificate: c, Subject: subjectName(c), Method: p.method, DigestMethod: p.ref.digestMethod}
		for _, o := range p.certs {
			if o != c {
				s.Others = append(s.Others, o)
			}
		}
		return s, nil
	}
	return nil, &SignatureError{Reason: BadSignature, Err: errors.Join(errs...)}
}

// canonicalSignedInfo is the exclusive C14N of SignedInfo: a copy of the
// element with the namespaces in scope declared on it, canonicalised.
func (p *sigParts) canonicalSignedInfo() ([]byte, error) {
	ctx, err := etreeutils.NSBuildParentContext(p.signedInfo)
	if err != nil {
		return nil, malformed("SignedInfo namespaces", err)
	}
	detached, err := etreeutils.NSDetatch(ctx, p.signedInfo)
	if err != nil {
		return nil, malformed("SignedInfo namespaces", err)
	}
	canon, err := dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList(p.c14nPrefix).Canonicalize(detached)
	if err != nil {
		return nil, malformed("canonicalizing SignedInfo", err)
	}
	return canon, nil
}

// subjectName names a signer for reading: the common name and the
// organisation when it is another, else the whole subject; characters a
// terminal would not print as text are escaped.
func subjectName(c *x509.Certificate) string {
	name := c.Subject.CommonName
	if len(c.Subject.Organization) > 0 && c.Subject.Organization[0] != name {
		if name != "" {
			name += ", "
		}
		name += c.Subject.Organization[0]
	}
	if name == "" {
		name = c.Subject.String()
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) || r == ' ' {
			return r
		}
		return utf8.RuneError
	}, name)
}

// findAll returns the elements named {ns}local in the tree under root,
// root included, in document order.
func findAll(root *etree.Element, ns, local string) []*etree.Element {
	var out []*etree.Element
	stack := []*etree.Element{root}
	for len(stack) > 0 {
		e := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if e.Tag == local && e.NamespaceURI() == ns {
			out = append(out, e)
		}
		kids := e.ChildElements()
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, kids[i])
		}
	}
	return out
}

// children returns the child elements of el named {ns}local.
func children(el *etree.Element, ns, local string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == local && c.NamespaceURI() == ns {
			out = append(out, c)
		}
	}
	return out
}

// onlyChild returns the one child ds:local of el.
func onlyChild(el *etree.Element, local string) (*etree.Element, error) {
	c := children(el, nsDSig, local)
	if len(c) != 1 {
		return nil, malformed(fmt.Sprintf("%d %s elements in %s", len(c), local, el.Tag), nil)
	}
	return c[0], nil
}

// prefixListOf returns the PrefixList of an ec:InclusiveNamespaces child.
func prefixListOf(el *etree.Element) string {
	for _, c := range children(el, nsExcNS, "InclusiveNamespaces") {
		return c.SelectAttrValue("PrefixList", "")
	}
	return ""
}

// base64Text decodes the base64 text of an element, white space allowed
// (CryptoPro breaks lines).
func base64Text(el *etree.Element) ([]byte, error) {
	var b strings.Builder
	for _, t := range el.Child {
		switch t := t.(type) {
		case *etree.CharData:
			b.WriteString(t.Data)
		case *etree.Element:
			return nil, fmt.Errorf("element %s inside %s", t.Tag, el.Tag)
		}
	}
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, b.String())
	if clean == "" {
		return nil, errors.New("empty")
	}
	return base64.StdEncoding.DecodeString(clean)
}
