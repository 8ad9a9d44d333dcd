// Package edo reads the descriptions that EDO export containers carry of
// themselves: which file is a document, which files are its detached
// signatures, which are powers of attorney for them, which are cards or
// printable forms. A caller such as batch uses it to pair documents with
// signatures by the container's own word before falling back to names
// and digests.
//
// # Use
//
// Detect looks at the names of a folder's or archive's files (nothing is
// read) and returns a Candidate, or nil. The caller reads the file
// Candidate.Manifest names (at most MaxManifestSize bytes) and calls Read
// with it and the same file list; for a Taxcom container with a
// warrant.xml (Candidate.Warrants) it then calls Layout.AddWarrants.
// When Detect returns nil, or Read or AddWarrants returns an error, the
// caller pairs the files by name and digest as it would without this
// package: a manifest is a help, never a condition.
//
// # Layouts
//
//   - "fns-transport": the FNS transport container, packageDescription.xml
//     with root ТрансИнф (версияФормата "ФНС:1.0"), described by the
//     Унифицированный формат транспортного контейнера (приказ ФНС России
//     от 09.11.2010 N ММВ-7-6/535@); public generator code uses the same
//     description for invoices exchanged through EDO operators. Each документ gives its file (содержимое@имяФайла), its
//     signatures with the signer's роль, its type (типДокумента), its
//     original name (исходноеИмяФайла, as Title) and whether the file is
//     compressed or encrypted (Document.Packing).
//   - "taxcom": a Taxcom (Такском) container, meta.xml with root
//     ContainerDescription in namespace http://api-invoice.taxcom.ru/meta:
//     MainImage and MainImageSignature, DataImage and DataImageSignature,
//     ExternalCard (the card, in Other); warrant.xml names МЧД files with
//     their signatures, or registry numbers, and the files they cover. No
//     public specification was found: the structure comes from classes
//     generated from Taxcom's schemas in public code.
//
// Diadoc's document archives (GenerateDocumentZip) carry no description
// (Diadoc's API documentation says their file names do not tell what the
// files hold), and no public description of SBIS, Kontur.Extern or
// 1C-ЭДО export layouts was found; LAYOUTS.md records what was looked
// for, where each fact comes from, and what is inferred.
//
// # Guarantees
//
// Read parses with encoding/xml, strictly: well-formed XML only, UTF-8 or
// a declared windows-1251, no DOCTYPE (no DTD is read and no entity
// expanded), one root, nesting and element count bounded, duplicate
// attributes refused. It checks what it uses, not the whole schema. Every
// file name from a manifest is normalised to the form of File.Name
// ("/"-separated, relative to the container's root) and refused (an
// UnsafePath error) when absolute, with "..", a backslash, a drive
// letter or a control character. The result names only files from the
// list or, when the list lacks them, reports them in Layout.Missing
// rather than failing; Layout.Unlisted holds the files the manifest does
// not mention, left to pairing by name and digest. Errors are *Error
// with a Reason; they name the layout, the manifest and the element.
//
// Read does not open the files it names, check that a signature file is
// a signature or that it signs the document: the caller verifies each
// pairing as it would any other.
package edo
