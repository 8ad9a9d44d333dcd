package edo

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/gostverify/gostverify/internal/xmlsafe"
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

// parseXML reads a whole manifest into a tree of elements: well-formed
// XML 1.0, UTF-8 (a byte order mark allowed) or a declared windows-1251,
// no DOCTYPE, one root element, nesting and element count bounded. The
// caller has already checked the size.
func parseXML(data []byte, lim limits) (*node, *Error) {
	dec := xmlsafe.NewDecoder(bytes.NewReader(data), xmlsafe.Limits{MaxDepth: lim.depth, MaxElements: lim.elements})
	var (
		root   *node
		stack  []*node
		counts []map[string]int // per open element: how many children of each name so far
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
		var xe *xmlsafe.Error
		if errors.As(err, &xe) {
			switch xe.Kind {
			case xmlsafe.BadEncoding:
				return nil, errorf(BadEncoding, "", "%q", xe.Detail)
			case xmlsafe.Directive:
				return nil, &Error{Reason: DTDRefused, Element: where(), Err: errors.New("no DTD is read and no entity expanded")}
			case xmlsafe.TooDeep:
				return nil, errorf(TooDeep, where(), "%s", xe.Detail)
			case xmlsafe.TooManyElements:
				return nil, errorf(TooManyElements, where(), "%s", xe.Detail)
			case xmlsafe.DuplicateAttr:
				return nil, errorf(NotXML, where(), "%s", xe.Detail)
			}
			return nil, &Error{Reason: NotXML, Element: where(), Err: xe.Err}
		}
		if err != nil {
			return nil, &Error{Reason: NotXML, Element: where(), Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root != nil && len(stack) == 0 {
				return nil, errorf(NotXML, "", "a second element %s after the root", cut(t.Name.Local, 64))
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
		}
	}
	if root == nil {
		return nil, errorf(NotXML, "", "no root element")
	}
	return root, nil
}

// cut bounds s for a message (xmlsafe.Cut).
func cut(s string, n int) string { return xmlsafe.Cut(s, n) }
