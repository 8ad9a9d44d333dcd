package edo

import (
	"errors"
	"sort"
)

// A Taxcom (Такском) container: meta.xml, root ContainerDescription in
// namespace http://api-invoice.taxcom.ru/meta, lists for each DocFlow its
// Documents; each Document names its files in Files: MainImage (the
// document), MainImageSignature (its detached signatures), DataImage and
// DataImageSignature, ExternalCard (card.xml, the document's card), each
// by its Path. warrant.xml, root Warrant in namespace
// http://api-invoice.taxcom.ru/warrant, lists WarrantCard elements: the
// МЧД file (Description/Files/WarrantImage), its signatures
// (WarrantSignature) or its registry number (Description/Meta@ID), and
// the files it covers (ToSign/DocSign@file). No public specification was
// found; the structure is taken from the classes generated from Taxcom's
// schemas in public code. See LAYOUTS.md.

const (
	taxcomMetaNS    = "http://api-invoice.taxcom.ru/meta"
	taxcomCardNS    = "http://api-invoice.taxcom.ru/card"
	taxcomWarrantNS = "http://api-invoice.taxcom.ru/warrant"
)

var taxcomLimits = limits{depth: 16, elements: 100_000}

// taxcomKids returns the children named local in any of the namespaces:
// the classes generated from Taxcom's schemas put the same element in
// the meta or the card namespace depending on where it is declared, and
// one version of the warrant classes has no namespace at all.
func taxcomKids(n *node, local string, spaces ...string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name.Local != local {
			continue
		}
		for _, s := range spaces {
			if k.name.Space == s {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

func taxcomKid(n *node, local string, spaces ...string) *node {
	if ks := taxcomKids(n, local, spaces...); len(ks) > 0 {
		return ks[0]
	}
	return nil
}

func readTaxcom(data []byte) (*Layout, *Error) {
	root, err := parseXML(data, taxcomLimits)
	if err != nil {
		return nil, err
	}
	if root.name.Space != taxcomMetaNS || root.name.Local != "ContainerDescription" {
		return nil, errorf(WrongRoot, "", "root %s, want {%s}ContainerDescription", qname(root), taxcomMetaNS)
	}
	l := &Layout{}
	for _, flow := range root.children(taxcomMetaNS, "DocFlow") {
		flowTitle := ""
		if desc := taxcomKid(flow, "Description", taxcomMetaNS, taxcomCardNS); desc != nil {
			flowTitle, _ = desc.attr("Title")
		}
		for _, docs := range flow.children(taxcomMetaNS, "Documents") {
			for _, dn := range docs.children(taxcomMetaNS, "Document") {
				if err := taxcomDocument(l, dn, flowTitle); err != nil {
					return nil, err
				}
			}
		}
	}
	return l, nil
}

// taxcomDocument adds a meta.xml Document: MainImage with its signatures,
// DataImage with its signatures (a document of its own), ExternalCard as
// a file that is not verified.
func taxcomDocument(l *Layout, dn *node, flowTitle string) *Error {
	title := flowTitle
	for _, card := range append(taxcomKids(dn, "Card", taxcomMetaNS, taxcomCardNS), taxcomKids(dn, "Definition", taxcomMetaNS, taxcomCardNS)...) {
		if desc := taxcomKid(card, "Description", taxcomCardNS, taxcomMetaNS); desc != nil {
			if t, ok := desc.attr("Title"); ok && t != "" {
				title = t
			}
		}
	}
	typ, _ := dn.attr("TransactionCode")
	files := taxcomKid(dn, "Files", taxcomMetaNS, taxcomCardNS)
	if files == nil {
		return nil
	}
	one := func(local string) (string, *Error) {
		ns := taxcomKids(files, local, taxcomMetaNS, taxcomCardNS)
		if len(ns) > 1 {
			return "", errorf(BadValue, ns[1].path, "%s is given once", local)
		}
		if len(ns) == 0 {
			return "", nil
		}
		return fileAttr(ns[0], "Path")
	}
	many := func(local string) ([]string, *Error) {
		var out []string
		for _, n := range taxcomKids(files, local, taxcomMetaNS, taxcomCardNS) {
			p, err := fileAttr(n, "Path")
			if err != nil {
				return nil, err
			}
			out = append(out, p)
		}
		return out, nil
	}
	main, err := one("MainImage")
	if err != nil {
		return err
	}
	mainSigs, err := many("MainImageSignature")
	if err != nil {
		return err
	}
	data, err := one("DataImage")
	if err != nil {
		return err
	}
	dataSigs, err := many("DataImageSignature")
	if err != nil {
		return err
	}
	card, err := one("ExternalCard")
	if err != nil {
		return err
	}
	add := func(file, typ string, sigs []string, other []string) {
		if file == "" {
			l.Unpaired = append(l.Unpaired, sigs...)
			return
		}
		d := Document{File: file, Title: title, Type: typ, Signatures: sigs, Other: other}
		if len(sigs) > 0 {
			d.Roles = make([]string, len(sigs)) // meta.xml gives no role
		}
		l.Documents = append(l.Documents, d)
	}
	var other []string
	if card != "" {
		other = []string{card}
	}
	add(main, typ, mainSigs, other)
	add(data, "DataImage", dataSigs, nil)
	return nil
}

// AddWarrants reads the Taxcom warrant.xml c names (data: its bytes) and
// attaches each power of attorney to the documents whose file or
// signature file its ToSign lists; a power that lists none of them goes
// to Layout.POAs. Missing and Unlisted are brought up to date. Errors
// are *Error, and leave l as it was.
func (l *Layout) AddWarrants(c *Candidate, data []byte, files []File) error {
	fail := func(e *Error) error {
		e.Kind, e.Manifest = KindTaxcom, c.Warrants
		return e
	}
	if c == nil || c.Kind != KindTaxcom || c.Warrants == "" || l.Kind != KindTaxcom {
		return &Error{Kind: KindTaxcom, Reason: UnknownKind, Err: errors.New("not a Taxcom container with a warrant.xml")}
	}
	if len(data) > MaxManifestSize {
		return fail(errorf(TooLarge, "", "%d bytes, more than %d", len(data), MaxManifestSize))
	}
	root, perr := parseXML(data, taxcomLimits)
	if perr != nil {
		return fail(perr)
	}
	if (root.name.Space != taxcomWarrantNS && root.name.Space != "") || root.name.Local != "Warrant" {
		return fail(errorf(WrongRoot, "", "root %s, want {%s}Warrant", qname(root), taxcomWarrantNS))
	}
	type card struct {
		poas   []POA
		covers []string
	}
	var cards []card
	for _, wc := range taxcomKids(root, "WarrantCard", taxcomWarrantNS, "") {
		var cd card
		var file, number string
		var sigs []string
		if desc := taxcomKid(wc, "Description", taxcomWarrantNS, ""); desc != nil {
			if fs := taxcomKid(desc, "Files", taxcomWarrantNS, ""); fs != nil {
				if img := taxcomKid(fs, "WarrantImage", taxcomWarrantNS, ""); img != nil {
					p, err := fileAttr(img, "Path")
					if err != nil {
						return fail(err)
					}
					file = p
				}
				for _, s := range taxcomKids(fs, "WarrantSignature", taxcomWarrantNS, "") {
					p, err := fileAttr(s, "Path")
					if err != nil {
						return fail(err)
					}
					sigs = append(sigs, p)
				}
			}
			if m := taxcomKid(desc, "Meta", taxcomWarrantNS, ""); m != nil {
				number, _ = m.attr("ID")
			}
		}
		if file == "" && number == "" {
			continue // names no power of attorney
		}
		if len(sigs) == 0 {
			cd.poas = []POA{{File: file, Number: number}}
		}
		for _, s := range sigs {
			cd.poas = append(cd.poas, POA{File: file, Signature: s, Number: number})
		}
		if ts := taxcomKid(wc, "ToSign", taxcomWarrantNS, ""); ts != nil {
			for _, ds := range taxcomKids(ts, "DocSign", taxcomWarrantNS, "") {
				p, err := fileAttr(ds, "file")
				if err != nil {
					return fail(err)
				}
				cd.covers = append(cd.covers, p)
			}
		}
		cards = append(cards, cd)
	}
	// The documents by their file and signature files, so that attaching
	// stays linear however many documents and powers there are.
	byFile := map[string][]int{}
	for i, d := range l.Documents {
		byFile[d.File] = append(byFile[d.File], i)
		for _, s := range d.Signatures {
			byFile[s] = append(byFile[s], i)
		}
	}
	for _, cd := range cards {
		hit := map[int]bool{}
		var order []int
		for _, f := range cd.covers {
			for _, i := range byFile[f] {
				if !hit[i] {
					hit[i] = true
					order = append(order, i)
				}
			}
		}
		sort.Ints(order)
		for _, i := range order {
			l.Documents[i].POAs = append(l.Documents[i].POAs, cd.poas...)
		}
		if len(order) == 0 {
			l.POAs = append(l.POAs, cd.poas...)
		}
	}
	l.check(files, l.Manifest, c.Warrants)
	return nil
}
