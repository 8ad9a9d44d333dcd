package gost

import (
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
)

// SelfTest checks the hashes and signature verification against known
// answers from the standards: RFC 6986 example M1 for both Streebog sizes,
// RFC 5831 examples for GOST R 34.11-94, and the GOST R 34.10-2012 appendix
// A signature examples (RFC 7091 section 7), each also with a changed
// signature that must fail. It returns one line per check and the joined
// errors of the checks that failed.
func SelfTest() ([]string, error) {
	var lines []string
	var errs []error
	report := func(name string, err error) {
		if err != nil {
			lines = append(lines, "FAIL "+name+": "+err.Error())
			errs = append(errs, fmt.Errorf("gost: self-test %s: %w", name, err))
			return
		}
		lines = append(lines, "ok   "+name)
	}
	for _, v := range hashAnswers {
		h := v.hash.New()
		h.Write([]byte(v.message))
		report(v.name, wantHex(h.Sum(nil), v.digest))
	}
	for _, v := range signatureAnswers {
		report(v.name, v.check())
	}
	return lines, errors.Join(errs...)
}

func wantHex(got []byte, want string) error {
	if hex.EncodeToString(got) != want {
		return fmt.Errorf("got %x, want %s", got, want)
	}
	return nil
}

var hashAnswers = []struct {
	name, message, digest string
	hash                  Hash
}{
	{"GOST R 34.11-2012 (256) RFC 6986 M1", "012345678901234567890123456789012345678901234567890123456789012",
		"9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500", Streebog256},
	{"GOST R 34.11-2012 (512) RFC 6986 M1", "012345678901234567890123456789012345678901234567890123456789012",
		"1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa" +
			"00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48", Streebog512},
	{"GOST R 34.11-94 RFC 5831 test parameters", "This is message, length=32 bytes",
		"b1c466d37519b82e8319819ff32595e047a28cb6f83eff1c6916a815a637fffa", GOST94Test},
	{"GOST R 34.11-94 CryptoPro parameters", "abc",
		"b285056dbf18d7392d7677369524dd14747459ed8143997e163b2986f92fd42c", GOST94CryptoPro},
}

// signatureAnswer is a GOST R 34.10-2012 appendix A example: the public key
// (x, y), the digest as the integer alpha, and the signature (r, s), all
// big-endian hex.
type signatureAnswer struct {
	name              string
	alg               KeyAlgorithm
	paramSet          asn1.ObjectIdentifier
	x, y, alpha, r, s string
}

var signatureAnswers = []signatureAnswer{
	{
		name: "GOST R 34.10-2012 (256) appendix A.1", alg: GOST2012_256, paramSet: asn1.ObjectIdentifier{1, 2, 643, 2, 2, 35, 0},
		x:     "7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B",
		y:     "26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA",
		alpha: "2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5",
		r:     "41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493",
		s:     "01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40",
	},
	{
		name: "GOST R 34.10-2012 (512) appendix A.2", alg: GOST2012_512, paramSet: asn1.ObjectIdentifier{1, 2, 643, 7, 1, 2, 1, 2, 0},
		x: "115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD" +
			"5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1",
		y: "37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61" +
			"EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC",
		alpha: "3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C591" +
			"7184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C",
		r: "2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD3" +
			"5492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36",
		s: "1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5" +
			"823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A",
	},
}

func (v *signatureAnswer) check() error {
	dec := func(s string) []byte { b, _ := hex.DecodeString(s); return b }
	ps, err := ParamSetByOID(v.paramSet)
	if err != nil {
		return err
	}
	key, err := NewPublicKey(v.alg, ps, dec(v.x), dec(v.y))
	if err != nil {
		return err
	}
	digest := reversed(dec(v.alpha))
	sig := append(dec(v.s), dec(v.r)...)
	if err := key.VerifyDigest(digest, sig); err != nil {
		return err
	}
	sig[len(sig)-1] ^= 1
	if err := key.VerifyDigest(digest, sig); !errors.Is(err, ErrSignatureInvalid) {
		return fmt.Errorf("a changed signature was not rejected: %v", err)
	}
	return nil
}
