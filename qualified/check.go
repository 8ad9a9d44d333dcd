package qualified

import (
	"errors"
	"fmt"
)

// Result is the outcome of one check.
type Result string

const (
	// Passed: the certificate or signature meets the rule.
	Passed Result = "passed"
	// Failed: it does not, so the signature cannot be a qualified one.
	Failed Result = "failed"
	// NotApplicable: the rule does not apply (to this subject kind, at this
	// date, or the certificate does not carry what it is about).
	NotApplicable Result = "not_applicable"
	// Warning: something to look at that does not decide qualification on
	// its own, because the rule is inferred rather than read in the law, or
	// the law cannot be checked from the certificate alone.
	Warning Result = "warning"
)

// severity orders results for Checks.Result: failed is the worst.
func (r Result) severity() int {
	switch r {
	case Failed:
		return 3
	case Warning:
		return 2
	case Passed:
		return 1
	}
	return 0
}

// Check is one named check.
type Check struct {
	// Name is a stable code (CheckINN, CheckSubjectSignTool, ...): reports
	// and programs key on it; it never changes with the language.
	Name string `json:"name"`
	// Result is the outcome.
	Result Result `json:"result"`
	// Detail says in plain English what was found, with the values and
	// dates involved.
	Detail string `json:"detail"`
	// Cause is an *Error when Result is Failed or Warning, nil otherwise.
	Cause error `json:"-"`
}

// Check names: stable codes, the same in every language.
const (
	// CheckSubjectKind: the subject is a person (ФЛ), an individual
	// entrepreneur (ИП) or an organisation (ЮЛ), and not two at once.
	CheckSubjectKind = "SUBJECT_KIND"
	// CheckOGRN ... CheckSNILS: the subject's registration numbers (OGRN
	// 1.2.643.100.1, OGRNIP 1.2.643.100.5, INNLE 1.2.643.100.4, INN
	// 1.2.643.3.131.1.1, SNILS 1.2.643.100.3) are present where the subject
	// kind needs them, NumericStrings of the right length with the right
	// check digits.
	CheckOGRN   = "IDENTITY_OGRN"
	CheckOGRNIP = "IDENTITY_OGRNIP"
	CheckINNLE  = "IDENTITY_INNLE"
	CheckINN    = "IDENTITY_INN"
	CheckSNILS  = "IDENTITY_SNILS"
	// CheckCommonName: the subject has a common name, and an organisation's
	// is not the name of the person acting for it.
	CheckCommonName = "COMMON_NAME"
	// CheckSubjectSignTool: subjectSignTool (1.2.643.100.111) is present
	// and well-formed.
	CheckSubjectSignTool = "SUBJECT_SIGN_TOOL"
	// CheckIssuerSignTool: issuerSignTool (1.2.643.100.112) is present and
	// well-formed.
	CheckIssuerSignTool = "ISSUER_SIGN_TOOL"
	// CheckSignToolClass: certificatePolicies names a class of signature
	// tool (КС1 ... КА1, 1.2.643.100.113.1-6).
	CheckSignToolClass = "SIGN_TOOL_CLASS"
	// CheckKeyUsage: keyUsage allows digital signatures (a signer) or
	// certificate signing (a CA).
	CheckKeyUsage = "KEY_USAGE"
	// CheckIdentificationKind: identificationKind (1.2.643.100.114), how
	// the CA identified the applicant, is well-formed, and present on
	// certificates issued since Приказ ФСБ № 31 took effect.
	CheckIdentificationKind = "IDENTIFICATION_KIND"
	// CheckBasicConstraints: a CA certificate says it is a CA.
	CheckBasicConstraints = "BASIC_CONSTRAINTS"
	// CheckCertificateAlgorithm: the certificate was not made with
	// GOST R 34.10-2001 after 2018.
	CheckCertificateAlgorithm = "CERTIFICATE_ALGORITHM"
	// CheckSignatureAlgorithm: a GOST R 34.10-2001 signature is proven to
	// have existed before 2020.
	CheckSignatureAlgorithm = "SIGNATURE_ALGORITHM"
	// CheckPrivateKeyUsagePeriod: the signature was made inside the private
	// key's usage period (2.5.29.16), when the certificate states one.
	CheckPrivateKeyUsagePeriod = "PRIVATE_KEY_USAGE_PERIOD"
)

// Checks is the outcome of several checks, in a fixed order.
type Checks []Check

// Result is the worst result among the checks: failed, then warning, then
// passed; not_applicable when every check is (or there is none).
func (cs Checks) Result() Result {
	worst := NotApplicable
	for _, c := range cs {
		if c.Result.severity() > worst.severity() {
			worst = c.Result
		}
	}
	return worst
}

// Get returns the check named name.
func (cs Checks) Get(name string) (Check, bool) {
	for _, c := range cs {
		if c.Name == name {
			return c, true
		}
	}
	return Check{}, false
}

// Err is nil when no check failed, and otherwise an error that holds the
// cause of every failed check (errors.As finds each *Error; Unwrap() []error
// lists them).
func (cs Checks) Err() error {
	var errs []error
	for _, c := range cs {
		if c.Result == Failed {
			errs = append(errs, c.Cause)
		}
	}
	return errors.Join(errs...)
}

// Reason says why a check failed or warned.
type Reason int

const (
	// Missing: a required attribute or extension is absent.
	Missing Reason = iota + 1
	// Malformed: it is present but not as RFC 9215 and Приказ ФСБ № 795
	// write it (encoding, length, characters, repeated).
	Malformed
	// CheckDigit: a registration number's check digits are wrong.
	CheckDigit
	// StringType: a registration number is not a NumericString.
	StringType
	// KindConflict: the subject has both an OGRN and an OGRNIP.
	KindConflict
	// PersonName: an organisation's common name is the person's name.
	PersonName
	// LegacyINN: an organisation's INN is in the INN attribute, zero-padded,
	// as before Приказ ФСБ № 31, on a certificate issued after it.
	LegacyINN
	// NoPerson: an organisation's certificate names no person acting for it.
	NoPerson
	// KeyUsageBit: keyUsage is absent or lacks the bit the role needs.
	KeyUsageBit
	// NoClass: certificatePolicies names no class of signature tool.
	NoClass
	// NotCA: a CA certificate does not say it is a CA.
	NotCA
	// AlgorithmNotAllowed: the certificate was made with GOST R 34.10-2001
	// after 2018-12-31.
	AlgorithmNotAllowed
	// NoPOE: a GOST R 34.10-2001 signature has no proof of existence before
	// 2020-01-01 (ETSI EN 319 102-1 CRYPTO_CONSTRAINTS_FAILURE_NO_POE).
	NoPOE
	// OutsideKeyUsagePeriod: the signature was claimed or proven outside the
	// private key's usage period.
	OutsideKeyUsagePeriod
)

var reasonNames = map[Reason]string{
	Missing: "missing", Malformed: "malformed", CheckDigit: "check digit", StringType: "string type",
	KindConflict: "subject kind conflict", PersonName: "person's name", LegacyINN: "legacy INN attribute",
	NoPerson: "no person", KeyUsageBit: "key usage", NoClass: "no signature tool class", NotCA: "not a CA",
	AlgorithmNotAllowed: "algorithm not allowed", NoPOE: "no proof of existence",
	OutsideKeyUsagePeriod: "outside the private key usage period",
}

func (r Reason) String() string {
	if s, ok := reasonNames[r]; ok {
		return s
	}
	return fmt.Sprintf("reason %d", int(r))
}

// SubIndication is the ETSI EN 319 102-1 sub-indication a failure for this
// reason means for the signature, or "" when it is not one of them (the
// certificate is then simply not a qualified one).
func (r Reason) SubIndication() string {
	if r == NoPOE {
		return "CRYPTO_CONSTRAINTS_FAILURE_NO_POE"
	}
	return ""
}

// Error is the cause of a failed check or a warning.
type Error struct {
	// Check is the check's name.
	Check  string
	Reason Reason
	// Detail says what was found.
	Detail string
	// Err is the underlying error, such as a *NumberError, or nil.
	Err error
}

func (e *Error) Error() string {
	return "qualified: " + e.Check + ": " + e.Detail
}

func (e *Error) Unwrap() error { return e.Err }

// outcome builds a check with a cause.
func outcome(name string, res Result, reason Reason, err error, format string, args ...any) Check {
	detail := fmt.Sprintf(format, args...)
	return Check{Name: name, Result: res, Detail: detail, Cause: &Error{Check: name, Reason: reason, Detail: detail, Err: err}}
}

// fail and warn build a failed check and a warning.
func fail(name string, reason Reason, err error, format string, args ...any) Check {
	return outcome(name, Failed, reason, err, format, args...)
}

func warn(name string, reason Reason, err error, format string, args ...any) Check {
	return outcome(name, Warning, reason, err, format, args...)
}

func pass(name string, format string, args ...any) Check {
	return Check{Name: name, Result: Passed, Detail: fmt.Sprintf(format, args...)}
}

func notApplicable(name string, format string, args ...any) Check {
	return Check{Name: name, Result: NotApplicable, Detail: fmt.Sprintf(format, args...)}
}
