package tsl

import (
	"sort"
	"sync"
	"time"
)

// List is the Минцифры list of accredited certification authorities
// (root element АккредитованныеУдостоверяющиеЦентры).
type List struct {
	Header
	CAs []*CA

	// Signature is who signed the list, when its signature was checked
	// and holds; nil when it was not (see Options.AcceptUnsignedList).
	Signature *Signature
	// SignatureErr is why the signature did not hold when the list was
	// accepted anyway with Options.AcceptUnsignedList; nil otherwise.
	SignatureErr error

	indexOnce sync.Once
	index     *index // built on first lookup
}

// Header is the version and date of a list.
type Header struct {
	Version int64     // Версия, increasing with every edition
	Date    time.Time // Дата, when the edition was made
}

// Age is how old the list was at now: the time since its Дата. A list
// older than a caller's bound (a week, say) deserves a warning, since CAs
// lose their accreditation between editions.
func (h Header) Age(now time.Time) time.Duration { return now.Sub(h.Date) }

// CA is one УдостоверяющийЦентр.
type CA struct {
	Name           string // Название
	ShortName      string // КраткоеНазвание
	INN            string // ИНН
	OGRN           string // ОГРН
	RegistryNumber string // РеестровыйНомер

	// Status is the current status (СтатусАккредитации) and History the
	// entries of ИсторияСтатусовАккредитации, in the order written.
	Status  StatusEntry
	History []StatusEntry

	Complexes []*Complex // ПрограммноАппаратныеКомплексы

	// SuccessorOGRN is the OGRN of the CA its powers were transferred to
	// (ПолномочияПереданыУЦсОГРН), "" when none.
	SuccessorOGRN string

	timeline []StatusEntry // History and Status, sorted by From
}

// StatusEntry is one accreditation status and the moment it took effect
// (ДействуетС). It holds until the next entry's From.
type StatusEntry struct {
	Status Status
	Text   string // the value as written, e.g. "Действует"
	From   time.Time
}

// Status is an accreditation status.
type Status int

const (
	// StatusUnknown is a value this package does not know; Text says it.
	StatusUnknown    Status = iota
	StatusActive            // Действует
	StatusSuspended         // Приостановлена
	StatusTerminated        // Прекращена
	StatusAnnulled          // Аннулирована
)

var statusNames = map[string]Status{
	"Действует":      StatusActive,
	"Приостановлена": StatusSuspended,
	"Прекращена":     StatusTerminated,
	"Аннулирована":   StatusAnnulled,
}

func parseStatus(s string) Status { return statusNames[s] }

func (s Status) String() string {
	switch s {
	case StatusActive:
		return "active"
	case StatusSuspended:
		return "suspended"
	case StatusTerminated:
		return "terminated"
	case StatusAnnulled:
		return "annulled"
	}
	return "unknown"
}

// Complex is a ПрограммноАппаратныйКомплекс: a CA installation with its
// keys.
type Complex struct {
	Alias   string // Псевдоним
	Class   string // КлассСредствЭП
	Address string // Адрес
	CATools string // СредстваУЦ
	Keys    []*Key // КлючиУполномоченныхЛиц
}

// Key is one key of a CA (Ключ) and the certificates issued for it.
type Key struct {
	KeyID        []byte            // ИдентификаторКлюча: the key's subject key identifier
	CRLs         []string          // АдресаСписковОтзыва
	Certificates []*KeyCertificate // Сертификаты
}

// KeyCertificate is one ДанныеСертификата: a certificate of a CA key.
type KeyCertificate struct {
	Thumbprint []byte // Отпечаток, the SHA-1 of Raw as the list states it
	IssuedBy   string // КемВыдан
	IssuedTo   string // КомуВыдан
	Serial     string // СерийныйНомер, as written
	// NotBefore and NotAfter are ПериодДействияС and ПериодДействияДо.
	NotBefore, NotAfter time.Time
	Raw                 []byte // Данные: the certificate, DER
}

// validAt reports whether t is inside the certificate's period, both ends
// included.
func (c *KeyCertificate) validAt(t time.Time) bool {
	return !t.Before(c.NotBefore) && !t.After(c.NotAfter)
}

// Timeline returns the CA's status entries in force one after another:
// the history and the current status (when the history lacks it), sorted
// by From. Entries with the same From keep their order in the list, the
// current status last.
func (ca *CA) Timeline() []StatusEntry {
	if ca.timeline != nil {
		return ca.timeline
	}
	// A CA built by hand rather than parsed: computed each time, so that
	// concurrent readers never write.
	return buildTimeline(ca.History, ca.Status)
}

func buildTimeline(history []StatusEntry, current StatusEntry) []StatusEntry {
	t := make([]StatusEntry, 0, len(history)+1)
	t = append(t, history...)
	found := false
	for _, e := range history {
		if e.Status == current.Status && e.Text == current.Text && e.From.Equal(current.From) {
			found = true
			break
		}
	}
	if !found && !current.From.IsZero() {
		t = append(t, current)
	}
	sort.SliceStable(t, func(i, j int) bool { return t[i].From.Before(t[j].From) })
	return t
}

// StatusAt returns the status entry in force at t: the last entry of the
// timeline whose From is not after t. ok is false when t is before the
// first entry (the CA was not yet accredited).
func (ca *CA) StatusAt(t time.Time) (e StatusEntry, ok bool) {
	for _, x := range ca.Timeline() {
		if x.From.After(t) {
			break
		}
		e, ok = x, true
	}
	return e, ok
}
