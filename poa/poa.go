package poa

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// PowerOfAttorney is what Parse reads of one МЧД of format 003. Values are
// as written in the file (flags and codes are strings), checked against
// the schema's lengths, patterns and enumerations.
//
// For a re-delegation (Документ/Передов) the fields describe the new power
// of attorney (СвПереДовер): Principals are the persons who pass the powers
// on (СвПередПолн), Representatives those who receive them (СвПолучПолн),
// and Redelegation is true.
type PowerOfAttorney struct {
	Format         string // ВерсФорм, "EMCHD_1"
	FileID         string // ИдФайл (root attribute)
	ElectronicForm string // ПрЭлФорм (8 chars of 0/1)
	ForTax         bool   // 4th char of ПрЭлФорм is '1' (tax-authority МЧД; its ИдФайлНО starts with ON_DOVEL)
	TaxFileID      string // ИдФайлНО when present

	Number         string // НомДовер (GUID as written)
	InternalNumber string // ВнНомДовер
	Kind           string // ВидДовер ("1", "2")
	Transfer       string // ПрПередов, the transfer (re-delegation) flag as written ("1", "2", "3")
	IssuedOn       Date   // ДатаВыдДовер
	ValidUntil     Date   // СрокДейст
	Registry       string // СведСист (the registry address), surrounding white space removed
	Irrevocable    bool   // СвДов/Безотзыв is present
	Notarised      bool   // СвНотУд is present

	Principals      []Principal // СвДоверит (one or more); for a re-delegation СвПередПолн
	Representatives []Party     // СвУпПред (one or more); for a re-delegation СвПолучПолн
	Powers          []Power     // МашПолн (machine-readable)
	PowersText      string      // ТекстПолн when powers are given as text
	JointPowers     string      // ПрСовмПолн as written
	PowersKind      string      // ТипПолн as written

	// Re-delegation (Документ/Передов) only.
	Redelegation   bool
	OriginalNumber string // СвПервДовер@НомДоверПерв: the first power of attorney of the chain, "" when not given
	ParentNumber   string // НомДоверN of СвПередов (else of СвПервДовер): the one re-delegated, "" when not given
}

// Principal is a grantor (СвДоверит) — or, in a re-delegation, a person
// who passes powers on (СвПередПолн).
type Principal struct {
	Kind   PartyKind // from ТипДоверит and the element (РосОргДовер, ИнОргДовер, ИПДовер, ФЛДовер)
	Branch bool      // a branch of an organisation (re-delegation by ФилПерПолн or ИнПерПолн)
	Name   string    // НаимОрг / НаимИО, or the person's or entrepreneur's full name
	INN    string    // ИННЮЛ for organisations, ИННФЛ for persons and entrepreneurs; "" when not given
	KPP    string
	OGRN   string // ОГРН or ОГРНИП
	// Persons are those who act for the principal without a power of
	// attorney and so may sign the МЧД: for an organisation each
	// ЛицоБезДов's СвФЛ or СвИП, and for a managing company (СВЮЛ) its
	// persons (with Person.Company set); for a foreign organisation its
	// heads (СвРукОП); for an entrepreneur or a person the principal
	// itself, then a person's legal representative (СвЗакПредРук) if any.
	Persons []Person
}

// Party is a representative (СвУпПред/Пред) or a managing company.
type Party struct {
	Kind   PartyKind
	Branch bool    // a branch (СведФилиал, СведИО)
	Person *Person // for a person (СведФизЛ) or an entrepreneur (СведИП); nil for an organisation
	// For an organisation its own data; for a person or an entrepreneur
	// copies: Name = full name, INN = ИННФЛ, OGRN = ОГРНИП.
	Name, INN, KPP, OGRN string
}

// Person is a natural person as the МЧД names it.
type Person struct {
	INN        string // ИННФЛ, "" when not given
	SNILS      string // as written, "041-855-494 65"; see NormalizeSNILS
	Surname    string // Фамилия
	GivenName  string // Имя
	Patronymic string // Отчество, "" when not given
	Position   string // Должность, "" when not given
	BirthDate  Date   // ДатаРожд, zero when not given
	OGRNIP     string // for an entrepreneur (СвИП, ИПДовер, СведИП, ИППерПолн)
	// Company is the managing company (СВЮЛ/СвЮЛЕИО) the person acts for,
	// nil otherwise.
	Company *Party
	// Authority is ЛицоБезДов@ПолнЮЛ of the entry the person is listed
	// in, as written ("1", "2"); "" outside ЛицоБезДов.
	Authority string
}

// FullName is "Фамилия Имя Отчество" joined with single spaces, empty
// parts left out.
func (p *Person) FullName() string {
	parts := make([]string, 0, 3)
	for _, s := range []string{p.Surname, p.GivenName, p.Patronymic} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// Power is one machine-readable power (МашПолн).
type Power struct {
	Code         string // КодПолн
	Name         string // НаимПолн
	Mnemonic     string // МнПолн, "" when not given
	Restrictions []PowerRestriction
}

// PowerRestriction is one restriction of a power (ОгрСвПолн).
type PowerRestriction struct {
	ID        string // ИдОгр as written
	Code      string // КодОгр
	Name      string // НаимОгр
	ValueCode string // КодЗначОгр, or
	ValueText string // ТексЗначОгр
	ValueName string // НаимЗначОгр, "" when not given
}

// PartyKind says what kind of party a principal or representative is.
type PartyKind int

const (
	KindUnknown PartyKind = iota
	KindOrganisation
	KindForeignOrganisation
	KindEntrepreneur
	KindPerson
)

func (k PartyKind) String() string {
	switch k {
	case KindOrganisation:
		return "organisation"
	case KindForeignOrganisation:
		return "foreign_organisation"
	case KindEntrepreneur:
		return "entrepreneur"
	case KindPerson:
		return "person"
	}
	return "unknown"
}

// Date is a calendar date (xs:date) without a time or a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// String is the date as "2006-01-02"; "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// IsZero reports whether d is the zero Date (not given).
func (d Date) IsZero() bool { return d == Date{} }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	if c := cmp.Compare(d.Year, e.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, e.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, e.Day)
}

// Time is the start of the day d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// NormalizeSNILS returns the 11 digits of a SNILS written in any form
// ("041-855-494 65" → "04185549465"), or "" when s does not hold
// exactly 11 digits.
func NormalizeSNILS(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	if b.Len() != 11 {
		return ""
	}
	return b.String()
}

// The forms of the schema's simple types. Each check returns nil or why
// the value does not fit.
type mchdCheck func(string) error

// mchdLen: xs:string with minLength and maxLength, in characters.
func mchdLen(min, max int) mchdCheck {
	return func(v string) error {
		if n := utf8.RuneCountInString(v); n < min || n > max {
			return fmt.Errorf("%d characters, the format allows %d to %d", n, min, max)
		}
		return nil
	}
}

// mchdOneOf: an enumeration.
func mchdOneOf(values ...string) mchdCheck {
	return func(v string) error {
		if slices.Contains(values, v) {
			return nil
		}
		return fmt.Errorf("not one of %s", strings.Join(values, ", "))
	}
}

func mchdAllDigits(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// mchdDigits: exactly n decimal digits (ОГРН 13, ОГРНИП 15, СОНО 4).
func mchdDigits(n int) mchdCheck {
	return func(v string) error {
		if len(v) != n || !mchdAllDigits(v) {
			return fmt.Errorf("not %d digits", n)
		}
		return nil
	}
}

// mchdINN: ИННЮЛТип (n = 10) or ИННФЛТип (n = 12): n digits, the first
// two not both 0. Check digits are not the schema's and not checked here.
func mchdINN(n int) mchdCheck {
	return func(v string) error {
		if len(v) != n || !mchdAllDigits(v) || v[:2] == "00" {
			return fmt.Errorf("not an INN of %d digits", n)
		}
		return nil
	}
}

// mchdKPP: КППТип, ([0-9][1-9]|[1-9][0-9])[0-9]{2}[0-9A-Z]{2}[0-9]{3}.
func mchdKPP(v string) error {
	ok := len(v) == 9 && mchdAllDigits(v[:4]) && v[:2] != "00" && mchdAllDigits(v[6:])
	for i := 4; ok && i < 6; i++ {
		ok = v[i] >= '0' && v[i] <= '9' || v[i] >= 'A' && v[i] <= 'Z'
	}
	if !ok {
		return errors.New("not a KPP")
	}
	return nil
}

// mchdSNILS: СНИЛСТип, "ddd-ddd-ddd dd" or "ddd-ddd-ddd-dd".
func mchdSNILS(v string) error {
	ok := len(v) == 14 && v[3] == '-' && v[7] == '-' && (v[11] == ' ' || v[11] == '-') &&
		mchdAllDigits(v[:3]) && mchdAllDigits(v[4:7]) && mchdAllDigits(v[8:11]) && mchdAllDigits(v[12:])
	if !ok {
		return errors.New(`not a SNILS written "ddd-ddd-ddd dd"`)
	}
	return nil
}

// mchdGUID: 36 characters, hex digits in groups 8-4-4-4-12.
func mchdGUID(v string) error {
	ok := len(v) == 36
	for i := 0; ok && i < len(v); i++ {
		switch i {
		case 8, 13, 18, 23:
			ok = v[i] == '-'
		default:
			c := v[i]
			ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
		}
	}
	if !ok {
		return errors.New("not a GUID")
	}
	return nil
}

// mchdFlags: n characters, each 0 or 1 (ПрЭлФорм).
func mchdFlags(n int) mchdCheck {
	return func(v string) error {
		if len(v) != n || strings.Trim(v, "01") != "" {
			return fmt.Errorf("not %d characters 0 or 1", n)
		}
		return nil
	}
}

// mchdRestrictionID: ИдОгр, an xs:integer of at most 3 digits, from 1.
func mchdRestrictionID(v string) error {
	d := strings.TrimPrefix(strings.TrimSpace(v), "+")
	if d == "" || !mchdAllDigits(d) {
		return errors.New("not an integer")
	}
	if d = strings.TrimLeft(d, "0"); d == "" || len(d) > 3 {
		return errors.New("not from 1 to 999")
	}
	return nil
}

// mchdParseDate reads an xs:date: YYYY-MM-DD, optionally with a zone
// ("Z", "+03:00") that a calendar date does not need and is dropped;
// white space around is allowed (the type collapses it). Years have four
// digits.
func mchdParseDate(v string) (Date, error) {
	v = strings.TrimSpace(v)
	bad := errors.New("not a date YYYY-MM-DD")
	if len(v) < 10 || v[4] != '-' || v[7] != '-' ||
		!mchdAllDigits(v[:4]) || !mchdAllDigits(v[5:7]) || !mchdAllDigits(v[8:10]) {
		return Date{}, bad
	}
	switch zone := v[10:]; {
	case zone == "", zone == "Z":
	case len(zone) == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':' &&
		mchdAllDigits(zone[1:3]) && mchdAllDigits(zone[4:]):
		if h, m := mchdAtoi(zone[1:3]), mchdAtoi(zone[4:]); h > 14 || m > 59 || h == 14 && m > 0 {
			return Date{}, bad
		}
	default:
		return Date{}, bad
	}
	d := Date{Year: mchdAtoi(v[:4]), Month: time.Month(mchdAtoi(v[5:7])), Day: mchdAtoi(v[8:10])}
	if d.Year == 0 || d.Month < 1 || d.Month > 12 || d.Day < 1 ||
		d.Day > time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return Date{}, errors.New("no such date")
	}
	return d, nil
}

// mchdAtoi reads a few decimal digits, checked beforehand.
func mchdAtoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
