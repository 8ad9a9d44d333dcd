package qualified

import (
	"crypto/x509"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// refValid is a slow reference for Number.Validate, written from the
// rules' text rather than from the code: the number as a big integer, the
// ПФР rule for SNILS case by case.
func refValid(n Number, s string) (ok bool, reason Reason) {
	lengths := map[Number][]int{INN: {10, 12}, INNLE: {10}, OGRN: {13}, OGRNIP: {15}, SNILS: {11}}[n]
	if lengths == nil {
		return false, Malformed
	}
	for _, r := range s {
		if !strings.ContainsRune("0123456789", r) {
			return false, Malformed
		}
	}
	if len(s) != lengths[0] && (len(lengths) < 2 || len(s) != lengths[1]) {
		return false, Malformed
	}
	num := func(t string) *big.Int { v, _ := new(big.Int).SetString(t, 10); return v }
	digit := func(i int) int64 { return int64(s[i] - '0') }
	// lowest returns the lowest decimal digit of v mod m.
	lowest := func(v *big.Int, m int64) int64 {
		r := new(big.Int).Mod(v, big.NewInt(m))
		return new(big.Int).Mod(r, big.NewInt(10)).Int64()
	}
	weighted := func(ws ...int64) *big.Int {
		sum := big.NewInt(0)
		for i, w := range ws {
			sum.Add(sum, big.NewInt(digit(i)*w))
		}
		return sum
	}
	good := false
	switch {
	case n == SNILS:
		if num(s[:9]).Cmp(big.NewInt(1001998)) <= 0 {
			return true, 0
		}
		sum := weighted(9, 8, 7, 6, 5, 4, 3, 2, 1).Int64()
		var want int64
		switch {
		case sum < 100:
			want = sum
		case sum == 100 || sum == 101:
			want = 0
		default:
			want = sum % 101
			if want == 100 {
				want = 0
			}
		}
		good = num(s[9:]).Int64() == want
	case len(s) == 10:
		good = lowest(weighted(2, 4, 10, 3, 5, 9, 4, 6, 8), 11) == digit(9)
	case len(s) == 12:
		good = lowest(weighted(7, 2, 4, 10, 3, 5, 9, 4, 6, 8), 11) == digit(10) &&
			lowest(weighted(3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8), 11) == digit(11)
	case n == OGRN:
		good = lowest(num(s[:12]), 11) == digit(12)
	case n == OGRNIP:
		good = lowest(num(s[:14]), 13) == digit(14)
	}
	if !good {
		return false, CheckDigit
	}
	return true, 0
}

func numberReason(err error) Reason {
	var ne *NumberError
	if errors.As(err, &ne) {
		return ne.Reason
	}
	return 0
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		n      Number
		value  string
		reason Reason // 0: valid
		source string
	}{
		// Valid numbers from real certificates in testdata/gost-corpus.
		{INNLE, "7707329152", 0, "ФНС (its CA certificates)"},
		{INNLE, "7710474375", 0, "Минцифры (its root certificates)"},
		{INNLE, "5078012226", 0, "misc-embedded__kazna2022_issued_ee_2012_256"},
		{INN, "7605016030", 0, "Тензор, an organisation's 10-digit INN"},
		{INN, "501000530476", 0, "misc-embedded__kazna2022_issued_ee_2012_256 (the person)"},
		{INN, "757083895003", 0, "misc-embedded__sbis_extsdk2_upd_cades_t_2012_256"},
		{INN, "615509077872", 0, "nicesoft-libksba__gost_test.txt.p7s (the person)"},
		{OGRN, "1047707030513", 0, "ФНС"},
		{OGRN, "1047702026701", 0, "Минцифры"},
		{OGRN, "1245000085846", 0, "nicesoft-libksba__gost_test.txt.p7s"},
		{SNILS, "14997157024", 0, "misc-embedded__sbis_extsdk2_upd_cades_t_2012_256"},
		{SNILS, "00281026489", 0, "misc-embedded__kazna2022_issued_ee_2012_256 (just above 001-001-998)"},
		{SNILS, "14338996498", 0, "nicesoft-libksba__gost_test.txt.p7s"},
		// Published examples.
		{INNLE, "7707083893", 0, "ПАО Сбербанк, public ЕГРЮЛ record"},
		{OGRN, "1027700132195", 0, "ПАО Сбербанк, public ЕГРЮЛ record"},
		{INNLE, "7736207543", 0, "ООО Яндекс, public ЕГРЮЛ record"},
		{OGRN, "1027700229193", 0, "ООО Яндекс, public ЕГРЮЛ record"},
		{INN, "500100732259", 0, "the person's INN used as the example in descriptions of the algorithm"},
		{SNILS, "11223344595", 0, "112-233-445 95, the ПФР example"},
		{OGRNIP, "304500116000157", 0, "the OGRNIP used as the example in descriptions of the algorithm"},
		// No check digit rule up to 001-001-998.
		{SNILS, "00100199899", 0, "001-001-998: any check digits"},
		{SNILS, "00000000000", 0, "000-000-000: any check digits"},
		{SNILS, "00100199900", CheckDigit, "001-001-999: the rule applies (want 65)"},
		{SNILS, "00100199965", 0, "001-001-999 65"},
		// The ПФР rule around 100: a sum below 100 is the check number, 100
		// and 101 give 00, above that the sum modulo 101 (100 again 00).
		{SNILS, "00205819799", 0, "sum 99"},
		{SNILS, "00136722700", 0, "sum 100"},
		{SNILS, "00136722701", CheckDigit, "sum 100 is not 01"},
		{SNILS, "00144619500", 0, "sum 101"},
		{SNILS, "00290710301", 0, "sum 102"},
		{SNILS, "00689498700", 0, "sum 201: 201 mod 101 = 100, written 00"},
		{SNILS, "00498988400", 0, "sum 202"},
		// Check digits wrong.
		{INNLE, "7707329153", CheckDigit, "ФНС's INN, last digit changed"},
		{INN, "501000530477", CheckDigit, "second check digit changed"},
		{INN, "501000530466", CheckDigit, "first check digit changed"},
		{OGRN, "1047707030514", CheckDigit, ""},
		{OGRN, "1234567890123", CheckDigit, "svkreml-miniCa__cryptopro_test_ca_2018 (a test CA)"},
		{OGRNIP, "304500116000158", CheckDigit, ""},
		{SNILS, "12345678901", CheckDigit, "keyintegrity-pycryptoprosdk test certificates"},
		{SNILS, "14997157025", CheckDigit, ""},
		// Malformed.
		{INN, "77073291", Malformed, "8 digits"},
		{INN, "77073291521", Malformed, "11 digits"},
		{INNLE, "007707329152", Malformed, "INNLE is 10 digits"},
		{OGRN, "104770703051", Malformed, "12 digits"},
		{SNILS, "112-233-445 95", Malformed, "with separators"},
		{SNILS, "", Malformed, "empty"},
		{INN, "77O7329152", Malformed, "a letter O"},
		{INN, "７７０７３２９１５２", Malformed, "full-width digits"},
		{INN, " 7707329152", Malformed, "a space"},
		{Number("KPP"), "770701001", Malformed, "unknown kind"},
	} {
		t.Run(fmt.Sprintf("%s_%s", tc.n, tc.value), func(t *testing.T) {
			err := tc.n.Validate(tc.value)
			if got := numberReason(err); got != tc.reason || (err == nil) != (tc.reason == 0) {
				t.Fatalf("Validate(%q) = %v, want reason %v (%s)", tc.value, err, tc.reason, tc.source)
			}
			if ok, reason := refValid(tc.n, tc.value); ok != (tc.reason == 0) || reason != tc.reason {
				t.Fatalf("the reference says %v %v, the table %v", ok, reason, tc.reason)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "qualified: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

// TestValidateEveryCheckDigit changes each check digit of valid numbers to
// every other value: exactly one value is valid.
func TestValidateEveryCheckDigit(t *testing.T) {
	for _, tc := range []struct {
		n     Number
		value string
		check []int // positions of check digits
	}{
		{INNLE, "7707329152", []int{9}},
		{INN, "501000530476", []int{10, 11}},
		{OGRN, "1047707030513", []int{12}},
		{OGRNIP, "304500116000157", []int{14}},
		{SNILS, "14997157024", []int{9, 10}},
	} {
		for _, pos := range tc.check {
			for d := byte('0'); d <= '9'; d++ {
				v := []byte(tc.value)
				v[pos] = d
				err := tc.n.Validate(string(v))
				if (err == nil) != (string(v) == tc.value) {
					t.Errorf("%s %s: Validate = %v", tc.n, v, err)
				}
			}
		}
	}
}

// corpusNumbers reads every registration number in the subjects and
// issuers of the certificates of testdata/gost-corpus.
func corpusNumbers(t *testing.T) map[Number]map[string][]string {
	files, err := filepath.Glob("../testdata/gost-corpus/*.x509.der")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus certificates: %v", err)
	}
	found := map[Number]map[string][]string{}
	for _, f := range files {
		der, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			continue // svkreml-miniCa__sovremennik_selfsigned: crypto/x509 refuses it
		}
		for _, raw := range [][]byte{cert.RawSubject, cert.RawIssuer} {
			s := &subject{numbers: map[Number][]numberValue{}}
			if err := s.parseNumbers(raw); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			for n, vs := range s.numbers {
				for _, v := range vs {
					if found[n] == nil {
						found[n] = map[string][]string{}
					}
					found[n][v.value] = append(found[n][v.value], filepath.Base(f))
				}
			}
		}
	}
	return found
}

// TestCorpusNumbers checks every registration number in the real
// certificates: all valid but the placeholders of test CAs.
func TestCorpusNumbers(t *testing.T) {
	placeholders := map[string]bool{
		"1234567890123": true, // svkreml-miniCa__cryptopro_test_ca_2018: OGRN of the CryptoPro test CA
		"001234567890":  true, // the same CA's INN
		"12345678901":   true, // keyintegrity-pycryptoprosdk test signers' SNILS
	}
	counts := map[Number]int{}
	for n, values := range corpusNumbers(t) {
		for v, files := range values {
			counts[n]++
			check, value := n, v
			if n == INN && legacyINN(v) {
				check, value = INNLE, v[2:]
			}
			err := check.Validate(value)
			if placeholders[v] {
				if err == nil {
					t.Errorf("%s %s (%s) is valid; it was listed as a test placeholder", n, v, files[0])
				}
				continue
			}
			if err != nil {
				t.Errorf("%s %s in %s: %v", n, v, files[0], err)
			}
			if ok, _ := refValid(check, value); !ok {
				t.Errorf("%s %s in %s: the reference disagrees", n, v, files[0])
			}
		}
	}
	// Every kind but OGRNIP is met in real certificates; OGRNIP rests on
	// the published example above.
	for _, n := range []Number{INN, INNLE, OGRN, SNILS} {
		if counts[n] < 3 {
			t.Errorf("only %d %s values in the corpus", counts[n], n)
		}
	}
	var kinds []string
	for n, c := range counts {
		kinds = append(kinds, fmt.Sprintf("%s %d", n, c))
	}
	sort.Strings(kinds)
	t.Logf("distinct numbers in testdata/gost-corpus: %s", strings.Join(kinds, ", "))
}

func FuzzValidate(f *testing.F) {
	for _, s := range []string{"7707329152", "501000530476", "1047707030513", "304500116000157",
		"14997157024", "00100199899", "", "77O7329152", "１２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// The input as it is, and made of digits only, so that most inputs
		// reach the check digits.
		digits := []byte(s)
		for i, b := range digits {
			digits[i] = '0' + b%10
		}
		for _, v := range []string{s, string(digits)} {
			for _, n := range []Number{INN, INNLE, OGRN, OGRNIP, SNILS} {
				err := n.Validate(v)
				ok, reason := refValid(n, v)
				if (err == nil) != ok || numberReason(err) != reason {
					t.Fatalf("%s %q: Validate = %v, reference %v %v", n, v, err, ok, reason)
				}
			}
		}
	})
}

// FuzzParseName feeds arbitrary names to the subject parser: it never
// panics, and what it accepts re-encodes to the same bytes.
func FuzzParseName(f *testing.F) {
	for _, c := range realCertificates(f) {
		f.Add(c.RawSubject)
	}
	f.Add([]byte{0x30, 0x00})
	f.Fuzz(func(t *testing.T, raw []byte) {
		s := &subject{numbers: map[Number][]numberValue{}}
		if err := s.parseNumbers(raw); err != nil {
			return
		}
		for n, vs := range s.numbers {
			for _, v := range vs {
				n.Validate(v.value)
			}
		}
		// A name the parser accepts is DER: cryptobyte reads it again
		// element by element to the end.
		in := cryptobyte.String(raw)
		var seq cryptobyte.String
		if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
			t.Fatalf("accepted a name that is not one SEQUENCE: %x", raw)
		}
	})
}
