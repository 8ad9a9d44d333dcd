package batch

import (
	"bytes"
	"strings"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/gost"
	"github.com/gostverify/gostverify/verify"
)

// isSignatureName reports whether name ends in a signature extension (in
// any case) after a non-empty stem.
func isSignatureName(name string) bool {
	return signedName(name) != ""
}

// signedName is the name of the document a signature file name points to:
// "act.xml" for "act.xml.sig" (.sgn, .p7s, .p7m: the detached signatures
// of CryptoPro, EDO operators and FNS, and the usually attached .p7m);
// "" when name has no signature extension.
func signedName(name string) string {
	return verify.DocumentName(name)
}

// dirIndex finds inputs by name within one pairing scope (Input.Dir).
type dirIndex map[string]map[string]*Input // Dir → Name → Input

func newDirIndex(files []*Input) dirIndex {
	idx := dirIndex{}
	for _, in := range files {
		m := idx[in.Dir]
		if m == nil {
			m = map[string]*Input{}
			idx[in.Dir] = m
		}
		m[in.Name] = in
	}
	return idx
}

// document returns the input a signature named sig points to by name:
// the exact name first, then a unique case-insensitive match (archives
// made on Windows mix "Act.XML" and "act.xml.sig").
func (idx dirIndex) document(sig *Input) *Input {
	want := signedName(sig.Name)
	if want == "" {
		return nil
	}
	m := idx[sig.Dir]
	if d, ok := m[want]; ok {
		return d
	}
	var found *Input
	for name, d := range m {
		if strings.EqualFold(name, want) && d != sig {
			if found != nil {
				return nil // ambiguous
			}
			found = d
		}
	}
	return found
}

// claim is what a detached signature says of its document: for each
// signer whose digest algorithm is known and who has a messageDigest
// attribute, the algorithm and the digest. A document whose digest with
// one of them equals the claim is the signed document.
type claim struct {
	hash   gost.Hash
	digest []byte
}

// claims reads the messageDigest claims of sd's signers.
func claims(sd *cms.SignedData) []claim {
	var out []claim
	for _, si := range sd.Signers {
		h, err := gost.HashByOID(si.DigestAlgorithm.Algorithm)
		if err != nil {
			continue
		}
		if d, ok := si.MessageDigest(); ok {
			out = append(out, claim{h, bytes.Clone(d)}) // not the signature's bytes: it is let go
		}
	}
	return out
}
