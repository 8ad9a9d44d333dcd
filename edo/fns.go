package edo

// The FNS transport container (транспортный контейнер): a set of files
// whose description, packageDescription.xml, has the root ТрансИнф
// (Унифицированный формат транспортного контейнера, приказ ФНС России от
// 09.11.2010 N ММВ-7-6/535@, tables 4.1-4.7; its schema has no target
// namespace). Each документ names its file in содержимое@имяФайла and its
// detached signatures in подпись@имяФайла with the signer's роль. See
// LAYOUTS.md for the sources.

var fnsLimits = limits{depth: 16, elements: 100_000}

const fnsVersion = "ФНС:1.0"

func readFNS(data []byte) (*Layout, *Error) {
	root, err := parseXML(data, fnsLimits)
	if err != nil {
		return nil, err
	}
	if root.name.Space != "" || root.name.Local != "ТрансИнф" {
		return nil, errorf(WrongRoot, "", "root %s, want ТрансИнф", qname(root))
	}
	v, ok := root.attr("версияФормата")
	if !ok || v == "" {
		return nil, errorf(MissingAttribute, root.path+"@версияФормата", "the format version is required")
	}
	if v != fnsVersion {
		return nil, errorf(WrongRoot, root.path+"@версияФормата", "%.64q, want %q", v, fnsVersion)
	}
	l := &Layout{}
	for _, dn := range root.children("", "документ") {
		d := Document{}
		d.Type, _ = dn.attr("типДокумента")
		d.Title, _ = dn.attr("исходноеИмяФайла")
		compressed, err := fnsFlag(dn, "сжат")
		if err != nil {
			return nil, err
		}
		encrypted, err := fnsFlag(dn, "зашифрован")
		if err != nil {
			return nil, err
		}
		switch {
		case compressed && encrypted:
			d.Packing = "compressed+encrypted"
		case compressed:
			d.Packing = "compressed"
		case encrypted:
			d.Packing = "encrypted"
		}
		contents := dn.children("", "содержимое")
		if len(contents) > 1 {
			return nil, errorf(BadValue, contents[1].path, "a document has one содержимое")
		}
		if len(contents) == 1 {
			name, err := fileAttr(contents[0], "имяФайла")
			if err != nil {
				return nil, err
			}
			d.File = name
		}
		for _, sn := range dn.children("", "подпись") {
			name, err := fileAttr(sn, "имяФайла")
			if err != nil {
				return nil, err
			}
			role, ok := sn.attr("роль")
			if !ok || role == "" {
				return nil, errorf(MissingAttribute, sn.path+"@роль", "the signer's role is required")
			}
			d.Signatures = append(d.Signatures, name)
			d.Roles = append(d.Roles, role)
		}
		if d.File == "" {
			// The schema lets содержимое out; signatures of no file in
			// the container are left to pairing by name and digest.
			l.Unpaired = append(l.Unpaired, d.Signatures...)
			continue
		}
		l.Documents = append(l.Documents, d)
	}
	return l, nil
}

// fnsFlag reads a required xs:boolean attribute.
func fnsFlag(n *node, name string) (bool, *Error) {
	v, ok := n.attr(name)
	if !ok {
		return false, errorf(MissingAttribute, n.path+"@"+name, "the flag is required")
	}
	switch v {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, errorf(BadValue, n.path+"@"+name, "%.64q is not a boolean", v)
}

// fileAttr reads a required attribute naming a file and normalises it.
func fileAttr(n *node, name string) (string, *Error) {
	v, ok := n.attr(name)
	if !ok || v == "" {
		return "", errorf(MissingAttribute, n.path+"@"+name, "a file name is required")
	}
	p, ok := cleanPath(v)
	if !ok {
		return "", errorf(UnsafePath, n.path+"@"+name, "%.64q", v)
	}
	return p, nil
}

// qname is an element's name for a message, its namespace in braces.
func qname(n *node) string {
	if n.name.Space == "" {
		return cut(n.name.Local, 64)
	}
	return "{" + cut(n.name.Space, 64) + "}" + cut(n.name.Local, 64)
}
