package gost_test

import (
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/gostverify/gostverify/gost"
)

// ExampleHash_New hashes a document with Streebog-256, streaming it from
// the file: the digest a CMS messageDigest attribute holds and `openssl
// dgst -md_gost12_256` prints.
func ExampleHash_New() {
	f, err := os.Open("../testdata/cms/invoice.xml")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	h := gost.Streebog256.New()
	if _, err := io.Copy(h, f); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%v: %x\n", gost.Streebog256, h.Sum(nil))
	// Output:
	// GOST R 34.11-2012 (256): 2819db9a4865b62e942131d0bb0f0900f5e3b2a76c4a9773df9f544a0ab6e545
}

// ExamplePublicKey_Verify checks a signature that OpenSSL with gost-engine
// made (testdata/gost: a GOST R 34.10-2012 256-bit key on the TC26-A
// curve) with the signer's SubjectPublicKeyInfo, then the same signature
// over a changed message.
func ExamplePublicKey_Verify() {
	data, err := os.ReadFile("../testdata/gost/2012-256-TC26-A.json")
	if err != nil {
		log.Fatal(err)
	}
	var fixture struct {
		SPKI       string `json:"spki_der_hex"`
		Signatures []struct {
			Message   string `json:"message_hex"`
			Signature string `json:"signature_hex"`
		} `json:"signatures"`
	}
	if err := json.Unmarshal(data, &fixture); err != nil {
		log.Fatal(err)
	}
	spki, _ := hex.DecodeString(fixture.SPKI)
	msg, _ := hex.DecodeString(fixture.Signatures[0].Message)
	sig, _ := hex.DecodeString(fixture.Signatures[0].Signature)

	// In a certificate this is cert.RawSubjectPublicKeyInfo.
	key, err := gost.ParsePublicKey(spki)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("key: %v, %s\n", key.Algorithm, key.ParamSet.Name)

	// The signature algorithm as a certificate or a SignerInfo names it:
	// id-tc26-signwithdigest-gost3410-12-256, with Streebog-256.
	alg := pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}}
	fmt.Println("signed message:", key.Verify(alg, msg, sig))

	msg[0] ^= 1
	err = key.Verify(alg, msg, sig)
	fmt.Println("changed message, signature invalid:", errors.Is(err, gost.ErrSignatureInvalid))
	// Output:
	// key: GOST R 34.10-2012 (256), id-tc26-gost-3410-2012-256-paramSetA
	// signed message: <nil>
	// changed message, signature invalid: true
}
