package edo

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// limits bound what the reader builds from one manifest.
type limits struct {
	depth    int // element nesting, the root counting 1
	elements int // elements in all
}

// node is one element of a manifest: its name, its attributes and its
// child elements. Character data is not kept: no layout read here puts
// anything this package needs in text.
type node struct {
	name  xml.Name
	attrs []xml.Attr
	kids  []*node
	path  string // "ТрансИнф/документ[2]/подпись[1]", for errors
}

// attr returns the value of the attribute with this local name and no
// namespace, and whether it is present.
func (n *node) attr(local string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == local {
			return a.Value, true
		}
	}
	return "", false
}

// children returns the child elements in namespace space named local.
func (n *node) children(space, local string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name.Space == space && k.name.Local == local {
			out = append(out, k)
		}
	}
	return out
}

// child returns the first child element in space named local, or nil.
func (n *node) child(space, local string) *node {
	for _, k := range n.kids {
		if k.name.Space == space && k.name.Local == local {
			return k
		}
	}
	return nil
}

// parseXML reads a whole manifest into a tree of elements: well-formed
// XML 1.0, UTF-8 (a byte order mark allowed) or a declared windows-1251,
// no DOCTYPE, one root element, nesting and element count bounded. The
// caller has already checked the size.
func parseXML(data []byte, lim limits) (*node, *Error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var badEncoding string
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-8", "utf8":
			return in, nil
		case "windows-1251", "cp1251":
			return charmap.Windows1251.NewDecoder().Reader(in), nil
		}
		badEncoding = label
		return nil, errors.New("unsupported encoding")
	}

	var (
		root     *node
		stack    []*node
		elements int
		counts   []map[string]int // per open element: how many children of each name so far
	)
	where := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1].path
	}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if badEncoding != "" {
				return nil, errorf(BadEncoding, "", "%.64q", badEncoding)
			}
			return nil, &Error{Reason: NotXML, Element: where(), Err: cutError{err}}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return nil, errorf(NotXML, "", "a second element %s after the root", cut(t.Name.Local, 64))
			}
			elements++
			if elements > lim.elements {
				return nil, errorf(TooManyElements, where(), "more than %d", lim.elements)
			}
			if len(stack)+1 > lim.depth {
				return nil, errorf(TooDeep, where(), "more than %d levels", lim.depth)
			}
			if dup := duplicateAttr(t.Attr); dup != "" {
				// Not well-formed (XML 1.0 §3.1, Unique Att Spec);
				// encoding/xml does not check it.
				return nil, errorf(NotXML, where(), "element %s has attribute %s twice", cut(t.Name.Local, 64), cut(dup, 64))
			}
			n := &node{name: t.Name, attrs: t.Attr}
			if len(stack) == 0 {
				root = n
				n.path = cut(t.Name.Local, 64)
			} else {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, n)
				c := counts[len(counts)-1]
				c[t.Name.Local]++
				n.path = fmt.Sprintf("%s/%s[%d]", parent.path, cut(t.Name.Local, 64), c[t.Name.Local])
			}
			stack = append(stack, n)
			counts = append(counts, map[string]int{})
		case xml.EndElement:
			stack = stack[:len(stack)-1]
			counts = counts[:len(counts)-1]
		case xml.CharData:
			if len(stack) == 0 && len(bytes.TrimSpace(t)) != 0 {
				return nil, errorf(NotXML, "", "text outside the root element")
			}
		case xml.Directive:
			return nil, &Error{Reason: DTDRefused, Element: where(),
				Err: errors.New("no DTD is read and no entity expanded")}
		}
	}
	if root == nil {
		return nil, errorf(NotXML, "", "no root element")
	}
	return root, nil
}

// cutError keeps the decoder's error as the cause but bounds its
// message: encoding/xml quotes the offending name or text, which in a
// hostile manifest can be megabytes of anything.
type cutError struct{ err error }

func (e cutError) Unwrap() error { return e.err }

func (e cutError) Error() string {
	return cut(e.err.Error(), 200)
}

// cut bounds s to n bytes of valid UTF-8, marking a cut with "…".
func cut(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// duplicateAttr returns the name of an attribute given twice, or "".
func duplicateAttr(attrs []xml.Attr) string {
	if len(attrs) < 2 {
		return ""
	}
	seen := make(map[xml.Name]bool, len(attrs))
	for _, a := range attrs {
		if seen[a.Name] {
			return a.Name.Local
		}
		seen[a.Name] = true
	}
	return ""
}
