package qualified

import "fmt"

// Number is a kind of Russian registration number written in qualified
// certificates.
type Number string

const (
	// INN is the taxpayer number (ИНН): 10 digits for an organisation, 12
	// for a person or an individual entrepreneur.
	INN Number = "INN"
	// INNLE is an organisation's INN (ИНН ЮЛ) in its own attribute: 10
	// digits.
	INNLE Number = "INNLE"
	// OGRN is an organisation's primary state registration number (ОГРН):
	// 13 digits.
	OGRN Number = "OGRN"
	// OGRNIP is an individual entrepreneur's (ОГРНИП): 15 digits.
	OGRNIP Number = "OGRNIP"
	// SNILS is a person's pension insurance number (СНИЛС): 11 digits.
	SNILS Number = "SNILS"
)

// NumberError says why a registration number is not valid.
type NumberError struct {
	Number Number
	Value  string
	// Reason is Malformed (characters or length) or CheckDigit.
	Reason Reason
	Detail string
}

func (e *NumberError) Error() string {
	return fmt.Sprintf("qualified: %s %q: %s", e.Number, e.Value, e.Detail)
}

// Validate checks s as a number of kind n: only the digits 0-9, the length
// of the kind, and the check digits by the FNS (INN, OGRN, OGRNIP) and ПФР
// (SNILS) algorithms. A SNILS up to 001-001-998 has no check digits (the
// ПФР rule starts above it), so any two are accepted there. It returns nil
// or a *NumberError.
func (n Number) Validate(s string) error {
	var want []int
	switch n {
	case INN:
		want = []int{10, 12}
	case INNLE:
		want = []int{10}
	case OGRN:
		want = []int{13}
	case OGRNIP:
		want = []int{15}
	case SNILS:
		want = []int{11}
	default:
		return &NumberError{Number: n, Value: s, Reason: Malformed, Detail: "unknown kind of number"}
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return &NumberError{Number: n, Value: s, Reason: Malformed, Detail: "has characters other than the digits 0-9"}
		}
	}
	if len(s) != want[0] && (len(want) == 1 || len(s) != want[1]) {
		lengths := fmt.Sprint(want[0])
		if len(want) == 2 {
			lengths = fmt.Sprintf("%d or %d", want[0], want[1])
		}
		return &NumberError{Number: n, Value: s, Reason: Malformed, Detail: fmt.Sprintf("has %d digits, want %s", len(s), lengths)}
	}
	d := make([]int, len(s))
	for i := range s {
		d[i] = int(s[i] - '0')
	}
	var ok bool
	var expect string
	switch {
	case n == SNILS:
		ok, expect = snilsCheck(d)
	case len(d) == 10: // INN of an organisation, INNLE
		c := innDigit(d[:9], innWeights10)
		ok, expect = c == d[9], fmt.Sprint(c)
	case len(d) == 12: // INN of a person
		c1 := innDigit(d[:10], innWeights12a)
		c2 := innDigit(d[:11], innWeights12b)
		ok, expect = c1 == d[10] && c2 == d[11], fmt.Sprintf("%d%d", c1, c2)
		if c1 != d[10] {
			// The second check digit is computed over the first: say what
			// both should be given the rest.
			d2 := append(append([]int(nil), d[:10]...), c1)
			expect = fmt.Sprintf("%d%d", c1, innDigit(d2, innWeights12b))
		}
	case n == OGRN:
		c := mod(d[:12], 11) % 10
		ok, expect = c == d[12], fmt.Sprint(c)
	case n == OGRNIP:
		c := mod(d[:14], 13) % 10
		ok, expect = c == d[14], fmt.Sprint(c)
	}
	if !ok {
		return &NumberError{Number: n, Value: s, Reason: CheckDigit, Detail: "check digits do not match (want " + expect + ")"}
	}
	return nil
}

// The INN weights (ФНС): one check digit for 10 digits, two for 12.
var (
	innWeights10  = []int{2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights12a = []int{7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
	innWeights12b = []int{3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8}
)

// innDigit is the weighted sum of d modulo 11, then modulo 10.
func innDigit(d, weights []int) int {
	sum := 0
	for i, w := range weights {
		sum += d[i] * w
	}
	return sum % 11 % 10
}

// mod is the decimal number d modulo m.
func mod(d []int, m int) int {
	r := 0
	for _, x := range d {
		r = (r*10 + x) % m
	}
	return r
}

// snilsNoRuleMax is the largest SNILS (its first nine digits) without a
// check digit rule: 001-001-998.
const snilsNoRuleMax = 1001998

// snilsCheck applies the ПФР rule: the sum of the first nine digits, each
// times its position counted from the right (9 ... 1), modulo 101, with
// 100 written 00. Numbers up to 001-001-998 have no rule.
func snilsCheck(d []int) (bool, string) {
	if mod(d[:9], 1000000000) <= snilsNoRuleMax {
		return true, ""
	}
	sum := 0
	for i := 0; i < 9; i++ {
		sum += d[i] * (9 - i)
	}
	c := sum % 101 % 100
	return c == d[9]*10+d[10], fmt.Sprintf("%02d", c)
}

// snilsHasRule reports whether the check digits of a well-formed SNILS are
// defined.
func snilsHasRule(s string) bool {
	n := 0
	for i := 0; i < 9 && i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n > snilsNoRuleMax
}
