package poa

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gostverify/gostverify/internal/xmlsafe"
)

// Limits bound what Parse reads, so that a hostile file cannot exhaust
// memory or time. A zero field takes its default.
type Limits struct {
	MaxBytes    int64 // the whole file; default 4 MiB (a real МЧД is 5-10 KB)
	MaxDepth    int   // element nesting, the root counting 1; default 32 (a МЧД nests up to 11)
	MaxElements int   // elements in all; default 20 000
}

const (
	mchdDefaultMaxBytes    = 4 << 20
	mchdDefaultMaxDepth    = 32
	mchdDefaultMaxElements = 20_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = mchdDefaultMaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = mchdDefaultMaxDepth
	}
	if l.MaxElements <= 0 {
		l.MaxElements = mchdDefaultMaxElements
	}
	return l
}

// The format's names: the schema ON_EMCHD_1_928_00_01_01_01.xsd.
const (
	mchdNamespace = "urn://x-artefacts/EMCHD_1"
	mchdRoot      = "Доверенность"
	mchdVersion   = "EMCHD_1"
)

// Parse reads one МЧД file. name is the file's name (its base name is
// used for the ИдФайл rule; "" skips that rule). Any problem is a
// *FormatError; Parse never expands an entity or reads a DTD.
func Parse(data []byte, name string, limits Limits) (*PowerOfAttorney, error) {
	lim := limits.withDefaults()
	if int64(len(data)) > lim.MaxBytes {
		return nil, &FormatError{Reason: TooLarge,
			Err: fmt.Errorf("%d bytes, more than %d", len(data), lim.MaxBytes)}
	}
	// internal/xmlsafe: strict, UTF-8 (a byte order mark allowed) or
	// windows-1251, no DTD, bounded.
	s := &mchdScanner{lim: lim}
	s.dec = xmlsafe.NewDecoder(bytes.NewReader(data), xmlsafe.Limits{MaxDepth: lim.MaxDepth, MaxElements: lim.MaxElements})
	p, err := s.document()
	if err != nil {
		var fe *FormatError
		if !errors.As(err, &fe) {
			err = &FormatError{Reason: NotXML, Err: err}
		}
		return nil, err
	}
	if err := p.checkFileName(name); err != nil {
		return nil, err
	}
	return p, nil
}

// checkFileName: the file's stem must be ИдФайл (or, for a tax authority's
// МЧД, ИдФайлНО), compared without regard to case.
func (p *PowerOfAttorney) checkFileName(name string) error {
	if name == "" {
		return nil
	}
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	stem := base
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		stem = base[:i]
	}
	if strings.EqualFold(stem, p.FileID) || (p.TaxFileID != "" && strings.EqualFold(stem, p.TaxFileID)) {
		return nil
	}
	return &FormatError{Reason: FileNameMismatch, Element: mchdRoot + "@ИдФайл", Value: base,
		Err: fmt.Errorf("the file's name without extension must be ИдФайл %q", p.FileID)}
}

type mchdScanner struct {
	dec      *xmlsafe.Decoder
	lim      Limits
	path     []string // elements below the root, repeated ones with their position: "СвДоверит[1]"
	rootSeen bool
	text     []byte
}

// where is the path of the element being read.
func (s *mchdScanner) where() string {
	if len(s.path) == 0 {
		if s.rootSeen {
			return mchdRoot
		}
		return ""
	}
	return strings.Join(s.path, "/")
}

func (s *mchdScanner) errAt(reason FormatReason, element, value string, err error) *FormatError {
	return &FormatError{Reason: reason, Element: element, Value: xmlsafe.Cut(value, 64), Err: err}
}

func (s *mchdScanner) errHere(reason FormatReason, value string, err error) *FormatError {
	return s.errAt(reason, s.where(), value, err)
}

func (s *mchdScanner) errAttr(reason FormatReason, attr, value string, err error) *FormatError {
	return s.errAt(reason, s.where()+"@"+attr, value, err)
}

// missing is a required child element absent from the element being read.
func (s *mchdScanner) missing(child string, err error) *FormatError {
	el := child
	if w := s.where(); w != "" && w != mchdRoot {
		el = w + "/" + child
	}
	return s.errAt(MissingElement, el, "", err)
}

// next returns the next token, counting depth and elements and refusing
// what a МЧД may not hold. At the end of the input it returns io.EOF.
func (s *mchdScanner) next() (xml.Token, error) {
	tok, err := s.dec.Token()
	if err == io.EOF {
		return nil, io.EOF
	}
	var xe *xmlsafe.Error
	if errors.As(err, &xe) {
		switch xe.Kind {
		case xmlsafe.BadEncoding:
			return nil, s.errAt(BadEncoding, "", xe.Detail, nil)
		case xmlsafe.Directive:
			return nil, s.errHere(DTDRefused, "", errors.New("no DTD is read and no entity expanded"))
		case xmlsafe.TooDeep:
			return nil, s.errHere(TooDeep, "", errors.New(xe.Detail))
		case xmlsafe.TooManyElements:
			return nil, s.errHere(TooManyElements, "", errors.New(xe.Detail))
		case xmlsafe.DuplicateAttr:
			return nil, s.errHere(NotXML, "", errors.New(xe.Detail))
		}
		return nil, s.errHere(NotXML, "", xe.Err)
	}
	if err != nil {
		return nil, s.errHere(NotXML, "", err)
	}
	return tok, nil
}

// nextIn is next inside an element, where the end of input is an error.
func (s *mchdScanner) nextIn() (xml.Token, error) {
	tok, err := s.next()
	if err == io.EOF {
		return nil, s.errHere(NotXML, "", io.ErrUnexpectedEOF)
	}
	return tok, err
}

// mchdChild describes a child element the reader of its parent expects.
type mchdChild struct {
	name     string
	once     bool                            // maxOccurs 1: a second one is Duplicate
	required bool                            // minOccurs 1: none is MissingElement
	read     func(se xml.StartElement) error // consumes the element, end tag included; nil skips it
	n        int                             // how many were read
}

// children reads the children of the element just opened up to its end
// tag, calling each one's reader with its name on the path. Elements of
// other namespaces and elements the caller does not expect are skipped
// (bounded by the limits): Parse is not a schema validator.
func (s *mchdScanner) children(kids ...*mchdChild) error {
	for {
		tok, err := s.nextIn()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			var k *mchdChild
			if t.Name.Space == mchdNamespace {
				for _, c := range kids {
					if c.name == t.Name.Local {
						k = c
						break
					}
				}
			}
			if k == nil {
				if err := s.skip(); err != nil {
					return err
				}
				continue
			}
			k.n++
			seg := t.Name.Local
			if !k.once {
				seg += "[" + strconv.Itoa(k.n) + "]"
			}
			s.path = append(s.path, seg)
			if k.once && k.n > 1 {
				return s.errHere(Duplicate, "", nil)
			}
			if k.read == nil {
				err = s.skip()
			} else {
				err = k.read(t)
			}
			if err != nil {
				return err
			}
			s.path = s.path[:len(s.path)-1]
		case xml.EndElement:
			for _, k := range kids {
				if k.required && k.n == 0 {
					return s.missing(k.name, nil)
				}
			}
			return nil
		case xml.CharData:
			if v := bytes.TrimSpace(t); len(v) > 0 {
				return s.errHere(BadValue, string(v), errors.New("text where elements belong"))
			}
		}
	}
}

// skip consumes the element just opened, whatever it holds.
func (s *mchdScanner) skip() error {
	for depth := 1; depth > 0; {
		tok, err := s.nextIn()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// textOf reads the text of the element just opened, up to its end tag,
// and checks it. An element inside is an error.
func (s *mchdScanner) textOf(check mchdCheck) (string, error) {
	s.text = s.text[:0]
	for {
		tok, err := s.nextIn()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			s.text = append(s.text, t...)
		case xml.StartElement:
			return "", s.errHere(BadValue, "", fmt.Errorf("element %s where text belongs", t.Name.Local))
		case xml.EndElement:
			v := string(s.text)
			if check != nil {
				if err := check(v); err != nil {
					return "", s.errHere(BadValue, v, err)
				}
			}
			return v, nil
		}
	}
}

// attr returns the attribute name (unqualified, as all of the format's
// are) of the element being read, checked.
func (s *mchdScanner) attr(se xml.StartElement, name string, required bool, check mchdCheck) (string, error) {
	for _, a := range se.Attr {
		if a.Name.Space == "" && a.Name.Local == name {
			if check != nil {
				if err := check(a.Value); err != nil {
					return "", s.errAttr(BadValue, name, a.Value, err)
				}
			}
			return a.Value, nil
		}
	}
	if required {
		return "", s.errAttr(MissingAttribute, name, "", nil)
	}
	return "", nil
}

// dateAttr reads an xs:date attribute.
func (s *mchdScanner) dateAttr(se xml.StartElement, name string, required bool) (Date, error) {
	v, err := s.attr(se, name, required, nil)
	if err != nil || v == "" && !required {
		return Date{}, err
	}
	d, err := mchdParseDate(v)
	if err != nil {
		return Date{}, s.errAttr(BadValue, name, v, err)
	}
	return d, nil
}

// attrs reads several attributes of one element into the given strings.
type mchdAttrSpec struct {
	name     string
	required bool
	check    mchdCheck
	dst      *string
}

func (s *mchdScanner) attrs(se xml.StartElement, specs ...mchdAttrSpec) error {
	for _, sp := range specs {
		v, err := s.attr(se, sp.name, sp.required, sp.check)
		if err != nil {
			return err
		}
		if sp.dst != nil {
			*sp.dst = v
		}
	}
	return nil
}

// pick checks alternatives whose choice a type attribute states (the
// value "1" names the first): that one must be present in wrapper, and
// no other.
func (s *mchdScanner) pick(attr, typ, wrapper string, kids []*mchdChild) error {
	i, _ := strconv.Atoi(typ) // checked by mchdOneOf
	if i < 1 || i > len(kids) {
		return s.errAttr(BadValue, attr, typ, nil)
	}
	for j, k := range kids {
		if j != i-1 && k.n > 0 {
			return s.errAttr(BadValue, attr, typ, fmt.Errorf("%s is given instead", k.name))
		}
	}
	if kids[i-1].n == 0 {
		return s.missing(wrapper+"/"+kids[i-1].name, fmt.Errorf("%s is %s", attr, typ))
	}
	return nil
}

func (s *mchdScanner) document() (*PowerOfAttorney, error) {
	// The prolog: an XML declaration, comments, processing instructions,
	// white space.
	var root xml.StartElement
	for {
		tok, err := s.next()
		if err == io.EOF {
			return nil, s.errHere(NotXML, "", errors.New("no root element"))
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) > 0 {
			return nil, s.errHere(NotXML, "", errors.New("text before the root element"))
		}
	}
	if root.Name.Local != mchdRoot {
		return nil, s.errHere(NotPOA, "", fmt.Errorf("the root element is %s", root.Name.Local))
	}
	s.rootSeen = true
	version, hasVersion := "", false
	for _, a := range root.Attr {
		if a.Name.Space == "" && a.Name.Local == "ВерсФорм" {
			version, hasVersion = a.Value, true
		}
	}
	if hasVersion && version != mchdVersion {
		return nil, s.errAttr(OldFormat, "ВерсФорм", version, nil)
	}
	if root.Name.Space != mchdNamespace {
		return nil, s.errHere(NotPOA, "", fmt.Errorf("namespace %q, not %q", root.Name.Space, mchdNamespace))
	}
	if !hasVersion {
		return nil, s.errAttr(MissingAttribute, "ВерсФорм", "", nil)
	}
	p := &PowerOfAttorney{Format: version}
	err := s.attrs(root,
		mchdAttrSpec{"ПрЭлФорм", true, mchdFlags(8), &p.ElectronicForm},
		mchdAttrSpec{"ИдФайл", true, mchdLen(1, 255), &p.FileID},
		mchdAttrSpec{"ИдФайлНО", false, mchdLen(1, 255), &p.TaxFileID},
		mchdAttrSpec{"OID", false, mchdLen(1, 255), nil})
	if err != nil {
		return nil, err
	}
	p.ForTax = p.ElectronicForm[3] == '1'
	if p.ForTax {
		// The 4th flag says the МЧД is for a tax authority: it then has
		// the tax authority's file name, ON_DOVEL_….
		if p.TaxFileID == "" {
			return nil, s.errAttr(MissingAttribute, "ИдФайлНО", "", errors.New("ПрЭлФорм says the МЧД is for a tax authority"))
		}
		if !strings.HasPrefix(p.TaxFileID, "ON_DOVEL") {
			return nil, s.errAttr(BadValue, "ИдФайлНО", p.TaxFileID, errors.New("does not start with ON_DOVEL"))
		}
	}
	err = s.children(
		&mchdChild{name: "ИнСвед", once: true},
		&mchdChild{name: "Документ", once: true, required: true, read: func(xml.StartElement) error { return s.readDocument(p) }})
	if err != nil {
		return nil, err
	}
	s.path = s.path[:0]
	// ИдФайл is ON_EMCHD_<date>_<НомДовер>.
	if len(p.FileID) < len(p.Number) || !strings.EqualFold(p.FileID[len(p.FileID)-len(p.Number):], p.Number) {
		return nil, s.errAttr(FileNameMismatch, "ИдФайл", p.FileID, fmt.Errorf("does not end with НомДовер %s", p.Number))
	}
	// Nothing but comments, processing instructions and white space may
	// follow the root.
	for {
		tok, err := s.next()
		if err == io.EOF {
			return p, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return nil, s.errAt(NotXML, "", "", errors.New("text after the root element"))
			}
		case xml.StartElement:
			return nil, s.errAt(NotXML, "", "", errors.New("a second root element"))
		}
	}
}

// readDocument reads Документ: a power of attorney (Довер) or a
// re-delegation (Передов).
func (s *mchdScanner) readDocument(p *PowerOfAttorney) error {
	var dover, peredov *mchdChild
	// The second of the alternatives is refused before it is read.
	alternatives := func(other *mchdChild) error {
		if other.n > 0 {
			return s.errHere(Duplicate, "", errors.New("Довер and Передов are alternatives"))
		}
		return nil
	}
	dover = &mchdChild{name: "Довер", once: true, read: func(xml.StartElement) error {
		if err := alternatives(peredov); err != nil {
			return err
		}
		return s.readDover(p)
	}}
	peredov = &mchdChild{name: "Передов", once: true, read: func(se xml.StartElement) error {
		if err := alternatives(dover); err != nil {
			return err
		}
		return s.readRedelegation(se, p)
	}}
	if err := s.children(dover, peredov); err != nil {
		return err
	}
	if dover.n == 0 && peredov.n == 0 {
		return s.missing("Довер", errors.New("neither Довер nor Передов"))
	}
	return nil
}

func (s *mchdScanner) readDover(p *PowerOfAttorney) error {
	return s.children(
		&mchdChild{name: "СвДов", once: true, required: true, read: func(se xml.StartElement) error { return s.readDetails(se, p) }},
		&mchdChild{name: "СвДоверит", required: true, read: func(se xml.StartElement) error {
			pr, err := s.readGrantor(se)
			p.Principals = append(p.Principals, pr)
			return err
		}},
		&mchdChild{name: "СвУпПред", required: true, read: func(se xml.StartElement) error {
			r, err := s.readRepresentative(se)
			p.Representatives = append(p.Representatives, r)
			return err
		}},
		&mchdChild{name: "СвПолн", once: true, required: true, read: func(se xml.StartElement) error { return s.readPowers(se, p) }},
		&mchdChild{name: "СвНотУд", once: true, read: func(xml.StartElement) error { p.Notarised = true; return s.skip() }},
	)
}

// readDetails reads СвДов or СвПереДовер (СвДовТип).
func (s *mchdScanner) readDetails(se xml.StartElement, p *PowerOfAttorney) error {
	err := s.attrs(se,
		mchdAttrSpec{"ВидДовер", true, mchdOneOf("1", "2"), &p.Kind},
		mchdAttrSpec{"ПрПередов", true, mchdOneOf("1", "2", "3"), &p.Transfer},
		mchdAttrSpec{"ВнНомДовер", true, mchdLen(1, 50), &p.InternalNumber},
		mchdAttrSpec{"НомДовер", true, mchdGUID, &p.Number},
		mchdAttrSpec{"НомРНДДовер", false, mchdLen(1, 28), nil},
		mchdAttrSpec{"ДопИдДовер", false, mchdLen(1, 50), nil},
		mchdAttrSpec{"КодНО", false, mchdDigits(4), nil})
	if err != nil {
		return err
	}
	if p.IssuedOn, err = s.dateAttr(se, "ДатаВыдДовер", true); err != nil {
		return err
	}
	if p.ValidUntil, err = s.dateAttr(se, "СрокДейст", true); err != nil {
		return err
	}
	if _, err = s.dateAttr(se, "ДатаВнРегДовер", false); err != nil {
		return err
	}
	return s.children(
		&mchdChild{name: "КодНОДейст"},
		&mchdChild{name: "СведСист", once: true, required: true, read: func(xml.StartElement) error {
			v, err := s.textOf(mchdLen(1, 1000))
			p.Registry = strings.TrimSpace(v)
			return err
		}},
		&mchdChild{name: "Безотзыв", once: true, read: func(xml.StartElement) error { p.Irrevocable = true; return s.skip() }},
	)
}

// readGrantor reads СвДоверит.
func (s *mchdScanner) readGrantor(se xml.StartElement) (Principal, error) {
	typ, err := s.attr(se, "ТипДоверит", true, mchdOneOf("1", "2", "3", "4"))
	if err != nil {
		return Principal{}, err
	}
	var pr Principal
	kids := []*mchdChild{
		{name: "РосОргДовер", once: true, read: func(se xml.StartElement) (err error) { pr, err = s.readRussianOrg(se); return }},
		{name: "ИнОргДовер", once: true, read: func(xml.StartElement) (err error) { pr, err = s.readForeignOrg(); return }},
		{name: "ИПДовер", once: true, read: func(se xml.StartElement) (err error) { pr, err = s.readEntrepreneurPrincipal(se); return }},
		{name: "ФЛДовер", once: true, read: func(se xml.StartElement) (err error) { pr, err = s.readPersonPrincipal(se); return }},
	}
	err = s.children(&mchdChild{name: "Доверит", once: true, required: true,
		read: func(xml.StartElement) error { return s.children(kids...) }})
	if err != nil {
		return pr, err
	}
	return pr, s.pick("ТипДоверит", typ, "Доверит", kids)
}

// readRussianOrg reads РосОргДоверТип (РосОргДовер, РосОргПерПолн).
func (s *mchdScanner) readRussianOrg(se xml.StartElement) (Principal, error) {
	pr := Principal{Kind: KindOrganisation}
	err := s.attrs(se,
		mchdAttrSpec{"ЕИОУК", true, mchdOneOf("0", "1"), nil},
		mchdAttrSpec{"ЕИОФЛ", true, mchdOneOf("0", "1"), nil},
		mchdAttrSpec{"ЕИОИП", true, mchdOneOf("0", "1"), nil})
	if err != nil {
		return pr, err
	}
	err = s.children(
		&mchdChild{name: "СвРосОрг", once: true, required: true, read: func(se xml.StartElement) error {
			org, err := s.readOrg(se, KindOrganisation)
			pr.Name, pr.INN, pr.KPP, pr.OGRN = org.Name, org.INN, org.KPP, org.OGRN
			return err
		}},
		&mchdChild{name: "ЛицоБезДов", required: true, read: func(se xml.StartElement) error {
			ps, err := s.readActing(se)
			pr.Persons = append(pr.Persons, ps...)
			return err
		}},
	)
	return pr, err
}

// readOrg reads СвОргТип: an organisation or a branch of one.
func (s *mchdScanner) readOrg(se xml.StartElement, kind PartyKind) (Party, error) {
	org := Party{Kind: kind}
	err := s.attrs(se,
		mchdAttrSpec{"НаимОрг", true, mchdLen(1, 1000), &org.Name},
		mchdAttrSpec{"ИННЮЛ", false, mchdINN(10), &org.INN},
		mchdAttrSpec{"КПП", true, mchdKPP, &org.KPP},
		mchdAttrSpec{"ОГРН", false, mchdDigits(13), &org.OGRN})
	if err != nil {
		return org, err
	}
	return org, s.children(
		&mchdChild{name: "ДокПдтв", once: true},
		&mchdChild{name: "АдрРег", once: true, read: s.readAddress})
}

// readForeignOrgData reads СвИнОргТип.
func (s *mchdScanner) readForeignOrgData(se xml.StartElement) (Party, error) {
	org := Party{Kind: KindForeignOrganisation}
	err := s.attrs(se,
		mchdAttrSpec{"НаимИО", true, mchdLen(1, 1000), &org.Name},
		mchdAttrSpec{"ИННЮЛ", false, mchdINN(10), &org.INN},
		mchdAttrSpec{"КПП", false, mchdKPP, &org.KPP})
	if err != nil {
		return org, err
	}
	return org, s.children(&mchdChild{name: "АдрМНФакт", once: true, read: s.readAddress})
}

// readAddress reads АдрТип for its one required attribute, the region.
func (s *mchdScanner) readAddress(se xml.StartElement) error {
	if _, err := s.attr(se, "Регион", true, mchdDigits(2)); err != nil {
		return err
	}
	return s.skip()
}

// readActing reads ЛицоБезДовТип: who acts for an organisation without a
// power of attorney (its sole executive body), or a person's legal
// representative.
func (s *mchdScanner) readActing(se xml.StartElement) ([]Person, error) {
	authority, err := s.attr(se, "ПолнЮЛ", true, mchdOneOf("1", "2"))
	if err != nil {
		return nil, err
	}
	var persons []Person
	company := &mchdChild{name: "СВЮЛ", once: true, read: func(xml.StartElement) error {
		// A managing company and the persons acting for it.
		var company Party
		var staff []Person
		err := s.children(
			&mchdChild{name: "СвЮЛЕИО", once: true, required: true, read: func(se xml.StartElement) (err error) {
				company, err = s.readOrg(se, KindOrganisation)
				return
			}},
			&mchdChild{name: "СвФЛ", required: true, read: func(se xml.StartElement) error {
				p, err := s.readPersonFL(se)
				staff = append(staff, p)
				return err
			}},
		)
		for i := range staff {
			c := company
			staff[i].Company = &c
		}
		persons = append(persons, staff...)
		return err
	}}
	person := &mchdChild{name: "СвФЛ", once: true, read: func(se xml.StartElement) error {
		p, err := s.readPersonFL(se)
		persons = append(persons, p)
		return err
	}}
	entrepreneur := &mchdChild{name: "СвИП", once: true, read: func(se xml.StartElement) error {
		p, _, err := s.readEntrepreneur(se)
		persons = append(persons, p)
		return err
	}}
	if err := s.children(company, person, entrepreneur); err != nil {
		return nil, err
	}
	// The schema makes all three optional; an entry that names no one is
	// of no use to a verifier (who may sign?) and is refused.
	if company.n+person.n+entrepreneur.n == 0 {
		return nil, s.missing("СвФЛ", errors.New("none of СВЮЛ, СвФЛ, СвИП"))
	}
	for i := range persons {
		persons[i].Authority = authority
	}
	return persons, nil
}

// readPersonFL reads СвФЛТип: a person with an optional INN, SNILS and
// position.
func (s *mchdScanner) readPersonFL(se xml.StartElement) (Person, error) {
	var p Person
	err := s.attrs(se,
		mchdAttrSpec{"ИННФЛ", false, mchdINN(12), &p.INN},
		mchdAttrSpec{"СНИЛС", false, mchdSNILS, &p.SNILS},
		mchdAttrSpec{"Должность", false, mchdLen(1, 255), &p.Position})
	if err != nil {
		return p, err
	}
	err = s.children(
		&mchdChild{name: "ДокПдтв", once: true},
		&mchdChild{name: "СведФЛ", once: true, required: true, read: func(se xml.StartElement) error { return s.readPersonData(se, &p) }},
	)
	return p, err
}

// readPersonData reads СведФЛТип: the name and birth date.
func (s *mchdScanner) readPersonData(se xml.StartElement, p *Person) error {
	var err error
	if p.BirthDate, err = s.dateAttr(se, "ДатаРожд", false); err != nil {
		return err
	}
	return s.children(
		&mchdChild{name: "ФИО", once: true, required: true, read: func(se xml.StartElement) error {
			err := s.attrs(se,
				mchdAttrSpec{"Фамилия", true, mchdLen(1, 200), &p.Surname},
				mchdAttrSpec{"Имя", true, mchdLen(1, 200), &p.GivenName},
				mchdAttrSpec{"Отчество", false, mchdLen(1, 200), &p.Patronymic})
			if err != nil {
				return err
			}
			return s.skip()
		}},
		&mchdChild{name: "АдрМЖ", once: true, read: s.readAddress},
		&mchdChild{name: "УдЛичнФЛ", once: true},
	)
}

// readEntrepreneur reads СведИПТип; name is НаимИП.
func (s *mchdScanner) readEntrepreneur(se xml.StartElement) (p Person, name string, err error) {
	err = s.attrs(se,
		mchdAttrSpec{"ОГРНИП", true, mchdDigits(15), &p.OGRNIP},
		mchdAttrSpec{"ИННФЛ", true, mchdINN(12), &p.INN},
		mchdAttrSpec{"СНИЛС", true, mchdSNILS, &p.SNILS},
		mchdAttrSpec{"НаимИП", false, mchdLen(1, 1000), &name})
	if err != nil {
		return p, name, err
	}
	err = s.children(
		&mchdChild{name: "ДокПдтв", once: true},
		&mchdChild{name: "СведФЛ", once: true, required: true, read: func(se xml.StartElement) error { return s.readPersonData(se, &p) }},
	)
	return p, name, err
}

func (s *mchdScanner) readEntrepreneurPrincipal(se xml.StartElement) (Principal, error) {
	p, _, err := s.readEntrepreneur(se)
	return Principal{Kind: KindEntrepreneur, Name: p.FullName(), INN: p.INN, OGRN: p.OGRNIP, Persons: []Person{p}}, err
}

// readForeignOrg reads ИнОргДоверТип (ИнОргДовер, ИнПерПолн).
func (s *mchdScanner) readForeignOrg() (Principal, error) {
	pr := Principal{Kind: KindForeignOrganisation}
	err := s.children(
		&mchdChild{name: "СвИнОрг", once: true, required: true, read: func(se xml.StartElement) error {
			org, err := s.readForeignOrgData(se)
			pr.Name, pr.INN, pr.KPP = org.Name, org.INN, org.KPP
			return err
		}},
		&mchdChild{name: "СвРукОП", required: true, read: func(se xml.StartElement) error {
			p, err := s.readPersonFL(se)
			pr.Persons = append(pr.Persons, p)
			return err
		}},
	)
	return pr, err
}

// readPersonPrincipal reads ФЛДоверТип: a person who grants the power,
// and the legal representative who acts for them, if any.
func (s *mchdScanner) readPersonPrincipal(se xml.StartElement) (Principal, error) {
	var p Person
	err := s.attrs(se,
		mchdAttrSpec{"ИННФЛ", false, mchdINN(12), &p.INN},
		mchdAttrSpec{"СНИЛС", true, mchdSNILS, &p.SNILS})
	if err != nil {
		return Principal{}, err
	}
	var legal []Person
	err = s.children(
		&mchdChild{name: "СведФЛ", once: true, required: true, read: func(se xml.StartElement) error { return s.readPersonData(se, &p) }},
		&mchdChild{name: "СвЗакПредРук", once: true, read: func(se xml.StartElement) (err error) { legal, err = s.readActing(se); return }},
	)
	return Principal{Kind: KindPerson, Name: p.FullName(), INN: p.INN, Persons: append([]Person{p}, legal...)}, err
}

// readRepresentative reads СвУпПредТип (СвУпПред, СвПолучПолн).
func (s *mchdScanner) readRepresentative(se xml.StartElement) (Party, error) {
	typ, err := s.attr(se, "ТипПред", true, mchdOneOf("1", "2", "3", "4", "5"))
	if err != nil {
		return Party{}, err
	}
	var r Party
	person := func(p Person, kind PartyKind, ogrn string) {
		r = Party{Kind: kind, Person: &p, Name: p.FullName(), INN: p.INN, OGRN: ogrn}
	}
	kids := []*mchdChild{
		{name: "СведОрг", once: true, read: func(se xml.StartElement) (err error) { r, err = s.readOrg(se, KindOrganisation); return }},
		{name: "СведИП", once: true, read: func(se xml.StartElement) error {
			p, _, err := s.readEntrepreneur(se)
			person(p, KindEntrepreneur, p.OGRNIP)
			return err
		}},
		{name: "СведФизЛ", once: true, read: func(se xml.StartElement) error {
			p, err := s.readPersonFL(se)
			person(p, KindPerson, "")
			return err
		}},
		{name: "СведФилиал", once: true, read: func(se xml.StartElement) (err error) {
			r, err = s.readOrg(se, KindOrganisation)
			r.Branch = true
			return
		}},
		{name: "СведИО", once: true, read: func(se xml.StartElement) (err error) {
			r, err = s.readForeignOrgData(se)
			r.Branch = true
			return
		}},
	}
	err = s.children(&mchdChild{name: "Пред", once: true, required: true,
		read: func(xml.StartElement) error { return s.children(kids...) }})
	if err != nil {
		return r, err
	}
	return r, s.pick("ТипПред", typ, "Пред", kids)
}

// readPowers reads СвПолнТип.
func (s *mchdScanner) readPowers(se xml.StartElement, p *PowerOfAttorney) error {
	err := s.attrs(se,
		mchdAttrSpec{"ТипПолн", true, mchdOneOf("0", "1"), &p.PowersKind},
		mchdAttrSpec{"ПрСовмПолн", true, mchdOneOf("1", "2"), &p.JointPowers},
		mchdAttrSpec{"ПрУтрПолн", false, mchdOneOf("1", "2"), nil})
	if err != nil {
		return err
	}
	text := &mchdChild{name: "ТекстПолн", once: true, read: func(xml.StartElement) (err error) {
		p.PowersText, err = s.textOf(mchdLen(1, 10000))
		return
	}}
	machine := &mchdChild{name: "МашПолн", read: func(se xml.StartElement) error {
		pw, err := s.readPower(se)
		p.Powers = append(p.Powers, pw)
		return err
	}}
	if err := s.children(text, machine); err != nil {
		return err
	}
	if text.n == 0 && machine.n == 0 {
		return s.missing("МашПолн", errors.New("neither МашПолн nor ТекстПолн"))
	}
	return nil
}

// readPower reads one МашПолн.
func (s *mchdScanner) readPower(se xml.StartElement) (Power, error) {
	var pw Power
	err := s.attrs(se,
		mchdAttrSpec{"КодПолн", true, mchdLen(6, 255), &pw.Code},
		mchdAttrSpec{"НаимПолн", true, mchdLen(1, 255), &pw.Name},
		mchdAttrSpec{"МнПолн", false, mchdLen(6, 255), &pw.Mnemonic})
	if err != nil {
		return pw, err
	}
	err = s.children(&mchdChild{name: "ОгрСвПолн", read: func(se xml.StartElement) error {
		r, err := s.readRestriction(se)
		pw.Restrictions = append(pw.Restrictions, r)
		return err
	}})
	return pw, err
}

// readRestriction reads one ОгрСвПолн: its value is a code (КодЗначОгр)
// or a text (ТексЗначОгр), one of the two.
func (s *mchdScanner) readRestriction(se xml.StartElement) (PowerRestriction, error) {
	var r PowerRestriction
	err := s.attrs(se,
		mchdAttrSpec{"ИдОгр", true, mchdRestrictionID, &r.ID},
		mchdAttrSpec{"КодОгр", true, mchdLen(1, 255), &r.Code},
		mchdAttrSpec{"НаимОгр", true, mchdLen(1, 255), &r.Name},
		mchdAttrSpec{"НаимЗначОгр", false, mchdLen(1, 255), &r.ValueName})
	if err != nil {
		return r, err
	}
	code := &mchdChild{name: "КодЗначОгр", once: true, read: func(xml.StartElement) (err error) {
		r.ValueCode, err = s.textOf(mchdLen(1, 255))
		return
	}}
	text := &mchdChild{name: "ТексЗначОгр", once: true, read: func(xml.StartElement) (err error) {
		r.ValueText, err = s.textOf(mchdLen(1, 255))
		return
	}}
	if err := s.children(code, text); err != nil {
		return r, err
	}
	switch {
	case code.n == 0 && text.n == 0:
		return r, s.missing("КодЗначОгр", errors.New("neither КодЗначОгр nor ТексЗначОгр"))
	case code.n > 0 && text.n > 0:
		return r, s.errAt(Duplicate, s.where()+"/ТексЗначОгр", "", errors.New("КодЗначОгр and ТексЗначОгр are alternatives"))
	}
	return r, nil
}

// readRedelegation reads Передов: a power of attorney issued by
// re-delegation. Its own details are in СвПереДовер; who passes the powers
// on is in СвПередПолн, who receives them in СвПолучПолн.
func (s *mchdScanner) readRedelegation(se xml.StartElement, p *PowerOfAttorney) error {
	p.Redelegation = true
	if _, err := s.attr(se, "ПрНалПередов", true, mchdOneOf("0", "1")); err != nil {
		return err
	}
	var firstParent, viaParent string
	err := s.children(
		&mchdChild{name: "СвПервДовер", once: true, required: true, read: func(se xml.StartElement) (err error) {
			p.OriginalNumber, firstParent, err = s.readChainLink(se)
			return
		}},
		&mchdChild{name: "СвПередов", once: true, read: func(se xml.StartElement) (err error) {
			_, viaParent, err = s.readChainLink(se)
			return
		}},
		&mchdChild{name: "СвПереДовер", once: true, required: true, read: func(se xml.StartElement) error { return s.readDetails(se, p) }},
		&mchdChild{name: "СвПередПолн", required: true, read: func(se xml.StartElement) error {
			pr, err := s.readTransferor(se)
			p.Principals = append(p.Principals, pr)
			return err
		}},
		&mchdChild{name: "СвПолучПолн", required: true, read: func(se xml.StartElement) error {
			r, err := s.readRepresentative(se)
			p.Representatives = append(p.Representatives, r)
			return err
		}},
		&mchdChild{name: "СвПолн", once: true, required: true, read: func(se xml.StartElement) error { return s.readPowers(se, p) }},
		&mchdChild{name: "СвНотУд", once: true, read: func(xml.StartElement) error { p.Notarised = true; return s.skip() }},
	)
	p.ParentNumber = viaParent
	if p.ParentNumber == "" {
		p.ParentNumber = firstParent
	}
	return err
}

// readChainLink reads СвПервДоверТип: the first power of attorney of a
// chain, or the one re-delegated.
func (s *mchdScanner) readChainLink(se xml.StartElement) (first, parent string, err error) {
	err = s.attrs(se,
		mchdAttrSpec{"ПрДовер", true, mchdOneOf("1", "2"), nil},
		mchdAttrSpec{"ФормДовер", true, mchdOneOf("1", "2"), nil},
		mchdAttrSpec{"НомДоверПерв", false, mchdGUID, &first},
		mchdAttrSpec{"НомДоверN", false, mchdGUID, &parent})
	if err != nil {
		return "", "", err
	}
	for _, name := range []string{"ДатаВыдДовер", "СрокДейст"} {
		if _, err := s.dateAttr(se, name, true); err != nil {
			return "", "", err
		}
	}
	return first, parent, s.skip()
}

// readTransferor reads СвПередПолн: who passes the powers on.
func (s *mchdScanner) readTransferor(se xml.StartElement) (Principal, error) {
	typ, err := s.attr(se, "ТипПерПолн", true, mchdOneOf("1", "2", "3", "4", "5"))
	if err != nil {
		return Principal{}, err
	}
	var pr Principal
	kids := []*mchdChild{
		{name: "РосОргПерПолн", once: true, read: func(se xml.StartElement) (err error) { pr, err = s.readRussianOrg(se); return }},
		{name: "ИППерПолн", once: true, read: func(se xml.StartElement) (err error) { pr, err = s.readEntrepreneurPrincipal(se); return }},
		{name: "ФЛПерПолн", once: true, read: func(se xml.StartElement) (err error) { pr, err = s.readTransferorPerson(se); return }},
		{name: "ФилПерПолн", once: true, read: func(xml.StartElement) (err error) { pr, err = s.readBranch(); return }},
		{name: "ИнПерПолн", once: true, read: func(xml.StartElement) (err error) {
			pr, err = s.readForeignOrg()
			pr.Branch = true
			return
		}},
	}
	err = s.children(&mchdChild{name: "ПередПолн", once: true, required: true,
		read: func(xml.StartElement) error { return s.children(kids...) }})
	if err != nil {
		return pr, err
	}
	return pr, s.pick("ТипПерПолн", typ, "ПередПолн", kids)
}

// readTransferorPerson reads ФЛПерПолн: a person, and who signs by hand
// for them (СведРукоп), if anyone.
func (s *mchdScanner) readTransferorPerson(se xml.StartElement) (Principal, error) {
	var p Person
	err := s.attrs(se,
		mchdAttrSpec{"ИННФЛ", true, mchdINN(12), &p.INN},
		mchdAttrSpec{"СНИЛС", true, mchdSNILS, &p.SNILS})
	if err != nil {
		return Principal{}, err
	}
	var hand []Person
	err = s.children(
		&mchdChild{name: "СведРукоп", once: true, read: func(se xml.StartElement) error {
			h, err := s.readPersonFL(se)
			hand = append(hand, h)
			return err
		}},
		&mchdChild{name: "СведФЛ", once: true, required: true, read: func(se xml.StartElement) error { return s.readPersonData(se, &p) }},
	)
	return Principal{Kind: KindPerson, Name: p.FullName(), INN: p.INN, Persons: append([]Person{p}, hand...)}, err
}

// readBranch reads ФилПерПолн: a branch and its head.
func (s *mchdScanner) readBranch() (Principal, error) {
	pr := Principal{Kind: KindOrganisation, Branch: true}
	err := s.children(
		&mchdChild{name: "СвФил", once: true, required: true, read: func(se xml.StartElement) error {
			org, err := s.readOrg(se, KindOrganisation)
			pr.Name, pr.INN, pr.KPP, pr.OGRN = org.Name, org.INN, org.KPP, org.OGRN
			return err
		}},
		&mchdChild{name: "СвРукФил", once: true, required: true, read: func(se xml.StartElement) error {
			p, err := s.readPersonFL(se)
			pr.Persons = append(pr.Persons, p)
			return err
		}},
	)
	return pr, err
}
