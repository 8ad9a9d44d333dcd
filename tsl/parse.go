package tsl

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/gostverify/gostverify/internal/xmlsafe"
)

// Limits bound what a list may hold, so that a hostile or broken file
// cannot exhaust memory. A zero field takes its default.
type Limits struct {
	MaxBytes int64 // the whole list; default 256 MiB
	MaxText  int   // the text of one element; default 64 KiB (a certificate is 2-4 KiB)
	MaxCAs   int   // УдостоверяющийЦентр elements; default 100 000
	// MaxItems bounds each repeated element inside one CA: status
	// history entries, complexes, keys of a complex, certificates of a
	// key, CRL addresses of a key. Default 10 000.
	MaxItems int
	MaxDepth int // element nesting; default 32
}

// Defaults of Limits.
const (
	DefaultMaxBytes = 256 << 20
	DefaultMaxText  = 64 << 10
	DefaultMaxCAs   = 100_000
	DefaultMaxItems = 10_000
	DefaultMaxDepth = 32
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxText <= 0 {
		l.MaxText = DefaultMaxText
	}
	if l.MaxCAs <= 0 {
		l.MaxCAs = DefaultMaxCAs
	}
	if l.MaxItems <= 0 {
		l.MaxItems = DefaultMaxItems
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultMaxDepth
	}
	return l
}

// Element names of the list (no namespace).
const (
	elRoot    = "АккредитованныеУдостоверяющиеЦентры"
	elVersion = "Версия"
	elDate    = "Дата"
	elCA      = "УдостоверяющийЦентр"
)

// moscow is the zone of a date written without one: the list is made in
// Moscow (xs:dateTime allows a date without a zone).
var moscow = time.FixedZone("MSK", 3*60*60)

// Parse reads a whole list without checking its signature: use Read for
// a list from the network or a cache. It streams the XML, so memory holds
// the CAs read, never a document tree.
func Parse(r io.Reader, limits Limits) (*List, error) {
	l := &List{}
	h, err := Scan(r, limits, func(ca *CA) error {
		l.CAs = append(l.CAs, ca)
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.Header = h
	return l, nil
}

// Scan reads a list token by token and calls fn with each CA as soon as
// it is read, so that memory holds one CA at a time: the way to walk a
// list of any size. An error from fn stops the scan and is returned as
// is. The header (Версия, Дата) is returned at the end. Elements this
// package does not know are skipped, at any depth; what it reads it reads
// strictly, and the first problem is a *ParseError.
func Scan(r io.Reader, limits Limits, fn func(*CA) error) (Header, error) {
	s := &scanner{lim: limits.withDefaults()}
	cr := &capReader{r: r, left: s.lim.MaxBytes}
	s.dec = xmlsafe.NewDecoder(cr, xmlsafe.Limits{MaxDepth: s.lim.MaxDepth})
	s.fn = fn
	h, err := s.document()
	if err != nil && cr.over {
		return Header{}, &ParseError{Reason: TooLarge, CA: s.ca, CAName: s.caName,
			Err: fmt.Errorf("the list is larger than %d bytes", s.lim.MaxBytes)}
	}
	return h, err
}

// capReader fails once more than left bytes are read.
type capReader struct {
	r    io.Reader
	left int64
	over bool
}

var errTooLarge = errors.New("input too large")

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// One byte more would be over the cap: probe for it.
		var b [1]byte
		n, err := c.r.Read(b[:])
		if n > 0 {
			c.over = true
			return 0, errTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

type scanner struct {
	dec    *xmlsafe.Decoder
	lim    Limits
	fn     func(*CA) error
	path   []string // element names from below the root
	ca     int      // index (from 1) of the CA being read
	caName string   // its Название once read
	text   []byte   // buffer of element text
}

// errf is a ParseError where the scanner is. The path is of names as
// written, an unknown one of any length, so each is cut.
func (s *scanner) errf(reason ParseReason, value string, err error) *ParseError {
	path := make([]string, len(s.path))
	for i, name := range s.path {
		path[i] = xmlsafe.Cut(name, 64)
	}
	return &ParseError{Reason: reason, CA: s.ca, CAName: s.caName,
		Element: strings.Join(path, "/"), Value: xmlsafe.Cut(value, 64), Err: err}
}

// next returns the next token, keeping the depth and refusing what a list
// may not hold.
func (s *scanner) next() (xml.Token, error) {
	tok, err := s.dec.Token()
	if err == nil {
		return tok, nil
	}
	if err == io.EOF {
		return nil, s.errf(Malformed, "", io.ErrUnexpectedEOF)
	}
	var xe *xmlsafe.Error
	if errors.As(err, &xe) {
		switch xe.Kind {
		case xmlsafe.TooDeep:
			return nil, s.errf(TooLarge, "", fmt.Errorf("elements nested deeper than %d", s.lim.MaxDepth))
		case xmlsafe.Directive:
			return nil, s.errf(Malformed, "", errors.New("a DOCTYPE or other directive is not allowed"))
		case xmlsafe.NotXML:
			err = xe.Err
		}
	}
	return nil, s.errf(Malformed, "", err)
}

func (s *scanner) document() (Header, error) {
	var h Header
	// The prolog: an XML declaration, comments, white space.
	var root xml.StartElement
	for {
		tok, err := s.next()
		if err != nil {
			return h, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			root = se
			break
		}
		if cd, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(cd)) > 0 {
			return h, s.errf(Malformed, "", errors.New("text before the root element"))
		}
	}
	if root.Name.Space != "" || root.Name.Local != elRoot {
		return h, s.errf(Malformed, "", fmt.Errorf("the root element is %s, not %s", root.Name.Local, elRoot))
	}
	var haveVersion, haveDate bool
	err := s.children(func(se xml.StartElement) error {
		switch se.Name.Local {
		case elVersion:
			if haveVersion {
				return s.errf(Duplicate, "", nil)
			}
			haveVersion = true
			v, err := s.textOf()
			if err != nil {
				return err
			}
			n, perr := strconv.ParseInt(v, 10, 64)
			if perr != nil || n < 0 {
				return s.errf(BadValue, v, errors.New("not a version number"))
			}
			h.Version = n
		case elDate:
			if haveDate {
				return s.errf(Duplicate, "", nil)
			}
			haveDate = true
			t, err := s.date()
			if err != nil {
				return err
			}
			h.Date = t
		case elCA:
			s.ca++
			if s.ca > s.lim.MaxCAs {
				return s.errf(TooLarge, "", fmt.Errorf("more than %d CAs", s.lim.MaxCAs))
			}
			s.caName = ""
			ca, err := s.readCA()
			if err != nil {
				return err
			}
			if err := s.fn(ca); err != nil {
				return err
			}
			s.caName = ""
		default:
			return s.skip()
		}
		return nil
	})
	if err != nil {
		return h, err
	}
	s.ca, s.caName = 0, ""
	if !haveVersion {
		s.path = []string{elVersion}
		return h, s.errf(Missing, "", nil)
	}
	if !haveDate {
		s.path = []string{elDate}
		return h, s.errf(Missing, "", nil)
	}
	// Nothing but comments and white space may follow the root.
	for {
		tok, err := s.dec.Token()
		if err == io.EOF {
			return h, nil
		}
		if err != nil {
			return h, s.errf(Malformed, "", err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return h, s.errf(Malformed, "", errors.New("text after the root element"))
			}
		case xml.StartElement:
			return h, s.errf(Malformed, "", errors.New("a second root element"))
		}
	}
}

// children calls fn for each child element of the element just opened
// (only elements without a namespace: others, such as the XMLDSig
// Signature, are skipped) and returns at its end. fn must consume the
// child, end tag included. The child's name is on s.path during fn.
func (s *scanner) children(fn func(xml.StartElement) error) error {
	for {
		tok, err := s.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Space != "" {
				if err := s.skip(); err != nil {
					return err
				}
				continue
			}
			s.path = append(s.path, t.Name.Local)
			if err := fn(t); err != nil {
				return err
			}
			s.path = s.path[:len(s.path)-1]
		case xml.EndElement:
			return nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return s.errf(Malformed, string(bytes.TrimSpace(t)), errors.New("text where elements belong"))
			}
		}
	}
}

// skip consumes the element just opened, whatever it holds.
func (s *scanner) skip() error {
	for depth := 1; depth > 0; {
		tok, err := s.next()
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

// textOf reads the text of the element just opened, up to its end, with
// surrounding white space removed. An element inside is an error.
func (s *scanner) textOf() (string, error) {
	s.text = s.text[:0]
	for {
		tok, err := s.next()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if len(s.text)+len(t) > s.lim.MaxText {
				return "", s.errf(TooLarge, "", fmt.Errorf("text longer than %d bytes", s.lim.MaxText))
			}
			s.text = append(s.text, t...)
		case xml.StartElement:
			return "", s.errf(Malformed, "", fmt.Errorf("element %s where text belongs", t.Name.Local))
		case xml.EndElement:
			return string(bytes.TrimSpace(s.text)), nil
		}
	}
}

// date reads an xs:dateTime: RFC 3339, fractional seconds allowed; one
// without a zone is Moscow time.
func (s *scanner) date() (time.Time, error) {
	v, err := s.textOf()
	if err != nil {
		return time.Time{}, err
	}
	t, perr := parseDateTime(v)
	if perr != nil {
		return time.Time{}, s.errf(BadValue, v, errors.New("not an xs:dateTime"))
	}
	return t, nil
}

func parseDateTime(v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	// xs:dateTime without a zone; Parse accepts a fraction after the
	// seconds though the layout has none.
	return time.ParseInLocation("2006-01-02T15:04:05", v, moscow)
}
