package tsl

// The elements of one УдостоверяющийЦентр, read by the scanner of parse.go.

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// once returns an error when the element was already seen in this
// parent, and marks it seen.
func (s *scanner) once(seen map[string]bool, name string) error {
	if seen[name] {
		return s.errf(Duplicate, "", nil)
	}
	seen[name] = true
	return nil
}

// listOf reads the element name (once in its parent) as a list of child
// elements, each counted against the limit of what and read by one; other
// children are skipped.
func (s *scanner) listOf(seen map[string]bool, name, child, what string, one func() error) error {
	if err := s.once(seen, name); err != nil {
		return err
	}
	var n int
	return s.children(func(se xml.StartElement) error {
		if se.Name.Local != child {
			return s.skip()
		}
		if err := s.count(&n, what); err != nil {
			return err
		}
		return one()
	})
}

// count counts one more item of what against the limit.
func (s *scanner) count(n *int, what string) error {
	*n++
	if *n > s.lim.MaxItems {
		return s.errf(TooLarge, "", fmt.Errorf("more than %d %s", s.lim.MaxItems, what))
	}
	return nil
}

// digits checks an ИНН or ОГРН: digits only, of one of the lengths.
func (s *scanner) digits(v string, lengths ...int) error {
	ok := false
	for _, n := range lengths {
		ok = ok || len(v) == n
	}
	for _, c := range []byte(v) {
		ok = ok && c >= '0' && c <= '9'
	}
	if !ok {
		return s.errf(BadValue, v, fmt.Errorf("not %v digits", lengths))
	}
	return nil
}

func (s *scanner) readCA() (*CA, error) {
	ca := &CA{}
	seen := map[string]bool{}
	var haveStatus bool
	var nComplexes int
	err := s.children(func(se xml.StartElement) error {
		name := se.Name.Local
		switch name {
		case "Название", "КраткоеНазвание", "ИНН", "ОГРН", "РеестровыйНомер", "ПолномочияПереданыУЦсОГРН":
			if err := s.once(seen, name); err != nil {
				return err
			}
			v, err := s.textOf()
			if err != nil {
				return err
			}
			switch name {
			case "Название":
				ca.Name = v
				s.caName = v
			case "КраткоеНазвание":
				ca.ShortName = v
			case "ИНН":
				if err := s.digits(v, 10, 12); err != nil {
					return err
				}
				ca.INN = v
			case "ОГРН":
				if err := s.digits(v, 13, 15); err != nil {
					return err
				}
				ca.OGRN = v
			case "РеестровыйНомер":
				ca.RegistryNumber = v
			case "ПолномочияПереданыУЦсОГРН":
				if v != "" {
					if err := s.digits(v, 13, 15); err != nil {
						return err
					}
				}
				ca.SuccessorOGRN = v
			}
		case "СтатусАккредитации":
			if err := s.once(seen, name); err != nil {
				return err
			}
			e, err := s.readStatus()
			if err != nil {
				return err
			}
			ca.Status, haveStatus = e, true
		case "ИсторияСтатусовАккредитации":
			return s.listOf(seen, name, "СтатусАккредитации", "status history entries", func() error {
				e, err := s.readStatus()
				if err != nil {
					return err
				}
				ca.History = append(ca.History, e)
				return nil
			})
		case "ПрограммноАппаратныеКомплексы":
			if err := s.once(seen, name); err != nil {
				return err
			}
			return s.children(func(se xml.StartElement) error {
				if se.Name.Local != "ПрограммноАппаратныйКомплекс" {
					return s.skip()
				}
				if err := s.count(&nComplexes, "complexes"); err != nil {
					return err
				}
				c, err := s.readComplex()
				if err != nil {
					return err
				}
				ca.Complexes = append(ca.Complexes, c)
				return nil
			})
		case "КлючиУполномоченныхЛиц":
			// Keys written at the CA level, outside any complex: one
			// public parser reads them there too. They go into a complex
			// without an alias.
			if err := s.count(&nComplexes, "complexes"); err != nil {
				return err
			}
			keys, err := s.readKeys()
			if err != nil {
				return err
			}
			ca.Complexes = append(ca.Complexes, &Complex{Keys: keys})
		default:
			return s.skip()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ca.Name == "" {
		s.path = append(s.path, "Название")
		defer func() { s.path = s.path[:len(s.path)-1] }()
		return nil, s.errf(Missing, "", nil)
	}
	if !haveStatus {
		s.path = append(s.path, "СтатусАккредитации")
		defer func() { s.path = s.path[:len(s.path)-1] }()
		return nil, s.errf(Missing, "", nil)
	}
	ca.timeline = buildTimeline(ca.History, ca.Status)
	return ca, nil
}

func (s *scanner) readStatus() (StatusEntry, error) {
	var e StatusEntry
	seen := map[string]bool{}
	err := s.children(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "Статус":
			if err := s.once(seen, "Статус"); err != nil {
				return err
			}
			v, err := s.textOf()
			if err != nil {
				return err
			}
			if v == "" {
				return s.errf(BadValue, v, errors.New("empty status"))
			}
			e.Text, e.Status = v, parseStatus(v)
		case "ДействуетС":
			if err := s.once(seen, "ДействуетС"); err != nil {
				return err
			}
			t, err := s.date()
			if err != nil {
				return err
			}
			e.From = t
		default:
			return s.skip()
		}
		return nil
	})
	if err != nil {
		return e, err
	}
	for _, name := range []string{"Статус", "ДействуетС"} {
		if !seen[name] {
			s.path = append(s.path, name)
			err := s.errf(Missing, "", nil)
			s.path = s.path[:len(s.path)-1]
			return e, err
		}
	}
	return e, nil
}

func (s *scanner) readComplex() (*Complex, error) {
	c := &Complex{}
	seen := map[string]bool{}
	err := s.children(func(se xml.StartElement) error {
		name := se.Name.Local
		switch name {
		case "Псевдоним", "КлассСредствЭП", "Адрес", "СредстваУЦ":
			if err := s.once(seen, name); err != nil {
				return err
			}
			v, err := s.textOf()
			if err != nil {
				return err
			}
			switch name {
			case "Псевдоним":
				c.Alias = v
			case "КлассСредствЭП":
				c.Class = v
			case "Адрес":
				c.Address = v
			case "СредстваУЦ":
				c.CATools = v
			}
		case "КлючиУполномоченныхЛиц":
			if err := s.once(seen, name); err != nil {
				return err
			}
			keys, err := s.readKeys()
			if err != nil {
				return err
			}
			c.Keys = keys
		default:
			return s.skip()
		}
		return nil
	})
	return c, err
}

func (s *scanner) readKeys() ([]*Key, error) {
	var keys []*Key
	var n int
	err := s.children(func(se xml.StartElement) error {
		if se.Name.Local != "Ключ" {
			return s.skip()
		}
		if err := s.count(&n, "keys"); err != nil {
			return err
		}
		k, err := s.readKey()
		if err != nil {
			return err
		}
		keys = append(keys, k)
		return nil
	})
	return keys, err
}

func (s *scanner) readKey() (*Key, error) {
	k := &Key{}
	seen := map[string]bool{}
	err := s.children(func(se xml.StartElement) error {
		name := se.Name.Local
		switch name {
		case "ИдентификаторКлюча":
			if err := s.once(seen, name); err != nil {
				return err
			}
			id, err := s.hexValue(64)
			if err != nil {
				return err
			}
			k.KeyID = id
		case "АдресаСписковОтзыва":
			return s.listOf(seen, name, "Адрес", "CRL addresses", func() error {
				v, err := s.textOf()
				if err != nil {
					return err
				}
				if v != "" {
					k.CRLs = append(k.CRLs, v)
				}
				return nil
			})
		case "Сертификаты":
			return s.listOf(seen, name, "ДанныеСертификата", "certificates", func() error {
				c, err := s.readCertificate()
				if err != nil {
					return err
				}
				k.Certificates = append(k.Certificates, c)
				return nil
			})
		default:
			return s.skip()
		}
		return nil
	})
	return k, err
}

// hexValue reads hex digits (either case) of at most max bytes.
func (s *scanner) hexValue(max int) ([]byte, error) {
	v, err := s.textOf()
	if err != nil {
		return nil, err
	}
	b, herr := hex.DecodeString(v)
	if herr != nil || len(b) == 0 || len(b) > max {
		if herr == nil {
			herr = fmt.Errorf("not 1 to %d bytes", max)
		}
		return nil, s.errf(BadValue, v, herr)
	}
	return b, nil
}

func (s *scanner) readCertificate() (*KeyCertificate, error) {
	c := &KeyCertificate{}
	seen := map[string]bool{}
	err := s.children(func(se xml.StartElement) error {
		name := se.Name.Local
		switch name {
		case "Отпечаток":
			if err := s.once(seen, name); err != nil {
				return err
			}
			b, err := s.hexValue(64)
			if err != nil {
				return err
			}
			c.Thumbprint = b
		case "КемВыдан", "КомуВыдан", "СерийныйНомер":
			if err := s.once(seen, name); err != nil {
				return err
			}
			v, err := s.textOf()
			if err != nil {
				return err
			}
			switch name {
			case "КемВыдан":
				c.IssuedBy = v
			case "КомуВыдан":
				c.IssuedTo = v
			case "СерийныйНомер":
				c.Serial = v
			}
		case "ПериодДействияС", "ПериодДействияДо":
			if err := s.once(seen, name); err != nil {
				return err
			}
			t, err := s.date()
			if err != nil {
				return err
			}
			if name == "ПериодДействияС" {
				c.NotBefore = t
			} else {
				c.NotAfter = t
			}
		case "Данные":
			if err := s.once(seen, name); err != nil {
				return err
			}
			der, err := s.certificateData()
			if err != nil {
				return err
			}
			c.Raw = der
		default:
			return s.skip()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, name := range []string{"Данные", "ПериодДействияС", "ПериодДействияДо"} {
		if !seen[name] {
			s.path = append(s.path, name)
			err := s.errf(Missing, "", nil)
			s.path = s.path[:len(s.path)-1]
			return nil, err
		}
	}
	return c, nil
}

// certificateData reads Данные: base64 (line breaks and spaces allowed)
// of one DER SEQUENCE with nothing after it. The certificate itself is
// parsed when a lookup needs it.
func (s *scanner) certificateData() ([]byte, error) {
	v, err := s.textOf()
	if err != nil {
		return nil, err
	}
	clean := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n':
			return -1
		}
		return r
	}, v)
	der, berr := base64.StdEncoding.DecodeString(clean)
	if berr != nil {
		return nil, s.errf(BadValue, v, fmt.Errorf("not base64: %w", berr))
	}
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1Element(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return nil, s.errf(BadValue, v, errors.New("not one DER SEQUENCE"))
	}
	return der, nil
}
