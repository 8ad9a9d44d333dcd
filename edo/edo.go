package edo

import (
	"strings"
	"unicode/utf8"
)

// MaxManifestSize is the largest manifest Read accepts. A transport
// container's description or a Taxcom meta.xml is a few kilobytes; this
// leaves room for a package of some thousand documents.
const MaxManifestSize = 4 << 20

// A File is one entry of a folder or archive, by its path relative to the
// container's root ("/"-separated). The caller opens it.
type File struct {
	Name string
	Size int64
}

// The layouts this package reads, as Candidate.Kind and Layout.Kind.
const (
	// KindFNSTransport is the FNS transport container: packageDescription.xml
	// with root ТрансИнф, format "ФНС:1.0".
	KindFNSTransport = "fns-transport"
	// KindTaxcom is a Taxcom (Такском) container: meta.xml with root
	// ContainerDescription in namespace http://api-invoice.taxcom.ru/meta,
	// and, when present, warrant.xml naming powers of attorney.
	KindTaxcom = "taxcom"
)

// Candidate is a layout recognised by the names of a container's files:
// which kind, and which file holds its description.
type Candidate struct {
	Kind     string
	Manifest string // the description file, at the container's root
	// Warrants is the Taxcom warrant.xml beside meta.xml, "" when none;
	// the caller reads it with Layout.AddWarrants after Read.
	Warrants string
}

// Layout is a recognised container: what its description says.
type Layout struct {
	Kind      string
	Manifest  string // the description file's name
	Documents []Document
	// Missing lists, once each and in the manifest's order, the files the
	// manifest names that are not in the file list. Their entries stay in
	// Documents: a document whose file is missing cannot be verified, a
	// signature whose file is missing was not delivered.
	Missing []string
	// Unlisted lists the files of the container the manifest does not
	// mention (the manifest itself aside), in the file list's order: the
	// caller pairs them by name and digest as if there were no manifest.
	Unlisted []string
	// Unpaired lists signature files the manifest names without a
	// document file to go with them.
	Unpaired []string
	// POAs lists powers of attorney the container names without saying
	// which signatures they cover.
	POAs []POA
}

// Document is one document of the container with what the manifest
// attaches to it.
type Document struct {
	File  string // the document's file
	Title string // as the manifest names it, "" when none
	// Type is the manifest's own word for the document: the transport
	// container's типДокумента ("счетфактура", "доверенность", ...), or
	// Taxcom's TransactionCode ("MainDocument", ...); "" when none.
	Type       string
	Signatures []string // its detached signature files
	// Roles holds, for each signature in order, the signer's side as the
	// manifest names it (the transport container's роль), "" when none.
	Roles []string
	POAs  []POA // powers of attorney attached for its signatures, when the manifest says
	// Other lists files that belong to the document but are not signed
	// content to verify: cards, printable forms, receipts.
	Other []string
	// Packing says the file is not the signed document itself: "compressed",
	// "encrypted" or "compressed+encrypted" (the transport container's сжат
	// and зашифрован); "" when it is.
	Packing string
}

// POA is a power of attorney attached to a document's signatures.
type POA struct {
	File      string // the МЧД file, "" when the manifest names it only by number
	Signature string // its detached signature file, "" when none
	// Number is the МЧД's number in the registry when the manifest gives
	// it instead of (or besides) a file.
	Number string
}

// Detect recognises a layout by the names in files alone (nothing is
// read), or returns nil. The description must be at the container's
// root; its name is compared without regard to case.
// packageDescription.xml wins over meta.xml when both are there.
func Detect(files []File) *Candidate {
	var fns, meta, warrant string
	for _, f := range files {
		if strings.Contains(f.Name, "/") {
			continue
		}
		switch {
		case strings.EqualFold(f.Name, "packageDescription.xml") && fns == "":
			fns = f.Name
		case strings.EqualFold(f.Name, "meta.xml") && meta == "":
			meta = f.Name
		case strings.EqualFold(f.Name, "warrant.xml") && warrant == "":
			warrant = f.Name
		}
	}
	switch {
	case fns != "":
		return &Candidate{Kind: KindFNSTransport, Manifest: fns}
	case meta != "":
		return &Candidate{Kind: KindTaxcom, Manifest: meta, Warrants: warrant}
	}
	return nil
}

// Read reads the manifest c names (data: its bytes) against the
// container's files. The result names only files from files, by the
// names files gives them; what the manifest names but files lacks is in
// Layout.Missing. Any problem with the manifest itself is an *Error,
// and the caller falls back to pairing by name and digest.
func Read(c *Candidate, data []byte, files []File) (*Layout, error) {
	if c == nil {
		return nil, &Error{Reason: UnknownKind}
	}
	var (
		l   *Layout
		err *Error
	)
	switch {
	case len(data) > MaxManifestSize:
		err = errorf(TooLarge, "", "%d bytes, more than %d", len(data), MaxManifestSize)
	case c.Kind == KindFNSTransport:
		l, err = readFNS(data)
	case c.Kind == KindTaxcom:
		l, err = readTaxcom(data)
	default:
		err = errorf(UnknownKind, "", "%.64q", c.Kind)
	}
	if err != nil {
		err.Kind, err.Manifest = c.Kind, c.Manifest
		return nil, err
	}
	l.Kind, l.Manifest = c.Kind, c.Manifest
	l.check(files, c.Manifest, c.Warrants)
	return l, nil
}

// cleanPath normalises a file name from a manifest to the form of
// File.Name: "/"-separated, relative to the container's root, with no
// "." elements. It refuses what could leave the root or mean something
// else on another system: absolute paths, "..", backslashes, drive
// letters, control characters, invalid UTF-8.
func cleanPath(p string) (string, bool) {
	if p == "" || !utf8.ValidString(p) || strings.HasPrefix(p, "/") || strings.ContainsRune(p, '\\') {
		return "", false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	if len(p) >= 2 && p[1] == ':' {
		return "", false // C:name, a drive on Windows
	}
	var parts []string
	for _, e := range strings.Split(p, "/") {
		switch e {
		case "", ".":
			continue
		case "..":
			return "", false
		}
		parts = append(parts, e)
	}
	if len(parts) == 0 {
		return "", false
	}
	return strings.Join(parts, "/"), true
}

// check fills Missing, Unlisted and Unpaired from the container's files.
func (l *Layout) check(files []File, manifests ...string) {
	have := make(map[string]bool, len(files))
	for _, f := range files {
		have[f.Name] = true
	}
	named := map[string]bool{}
	missing := map[string]bool{}
	l.Missing = nil
	note := func(name string) {
		if name == "" {
			return
		}
		named[name] = true
		if !have[name] && !missing[name] {
			missing[name] = true
			l.Missing = append(l.Missing, name)
		}
	}
	for _, d := range l.Documents {
		note(d.File)
		for _, s := range d.Signatures {
			note(s)
		}
		for _, p := range d.POAs {
			note(p.File)
			note(p.Signature)
		}
		for _, o := range d.Other {
			note(o)
		}
	}
	for _, s := range l.Unpaired {
		note(s)
	}
	for _, p := range l.POAs {
		note(p.File)
		note(p.Signature)
	}
	for _, m := range manifests {
		named[m] = true
	}
	l.Unlisted = nil
	for _, f := range files {
		if !named[f.Name] {
			l.Unlisted = append(l.Unlisted, f.Name)
		}
	}
}
