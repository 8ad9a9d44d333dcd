// Package pdf finds the signatures inside a signed PDF (ISO 32000-2
// §12.8) — КриптоПро PDF, Adobe Acrobat with CryptoPro CSP, Okular,
// CryptoARM — and streams the bytes each one covers, for package cms to
// verify the CAdES / PKCS#7 signature in /Contents against them.
//
//	f, _ := os.Open("contract.pdf")
//	st, _ := f.Stat()
//	sigs, err := pdf.Signatures(f, st.Size(), pdf.Limits{}) // a *pdf.Error for a malformed file
//	for _, s := range sigs {
//		signed, err := s.Signed(f, st.Size()) // the two ranges of /ByteRange, read as they are hashed
//		if err != nil { ... }                  // a *pdf.Error: BadByteRange, BadContents
//		sd, err := cms.Parse(s.Contents)
//		results, err := sd.Verify(signed, cms.Options{})
//		... s.CoversWholeFile, s.ModifiedAfter, s.Revision ...
//	}
//
// What Signatures does: it reads the file's cross-reference sections from
// the last startxref back through /Prev (xref tables, xref streams,
// hybrid files' /XRefStm, object streams), groups them into revisions
// (the original and each incremental update, a linearized file's two
// sections counting as one), and in each revision walks the AcroForm's
// field tree for signature fields (/FT /Sig, inherited through /Kids)
// whose /V is a signature dictionary (/Type /Sig, or /DocTimeStamp for a
// PAdES document timestamp). A signature dropped from the form by a later
// update is still found. Each Signature says which revision its ByteRange
// ends in, whether it covers that revision exactly (CoversRevision),
// whether the file goes on after it (ModifiedAfter) and whether it covers
// the whole file (CoversWholeFile). Whether a later update is an allowed
// change (DocMDP, FieldMDP, a further signature) is not judged here.
//
// Guarantees: the file is read through io.ReaderAt in small windows and
// never held in memory: what Signatures keeps is bounded by Limits (xref
// entries, objects fetched, nesting depth, stream and string sizes, and
// those added up over the run), the bytes it parses by 256 MiB plus twice
// the file's size (objects that overlap cannot make it read the file
// once per object), and Signed streams the ranges. Hostile
// input is an error, never a panic or an unbounded allocation (fuzzed).
// A ByteRange must start at 0, lie inside the file, and leave out exactly
// the /Contents hexadecimal string, or the signature is Invalid.
//
// Strict, not lenient: a cross-reference offset that does not point at
// the object it names is BadXref, not a reason to scan the file for
// objects as viewers do. A signature found by a scan could be one the
// document does not reference, and a verifier must say what the file
// is. No producer of signed PDFs we know of needs a repair; if one does,
// a lenient mode named for it will be added. Encrypted documents are
// refused (Encrypted): their strings and streams need the key.
//
// Not read: page content, fonts, images, any stream other than xref and
// object streams; filters other than FlateDecode (with PNG predictors).
//
// Why not a PDF library: github.com/pdfcpu/pdfcpu (v0.15.0) was
// considered. Its reader takes an io.ReadSeeker and builds a model of the
// whole document: it reads every object and, by default, every stream's
// bytes into memory (each capped at 512 MiB, not the file), merges all
// revisions into one xref table (losing which revision an object and a
// %%EOF belong to, which is what ModifiedAfter and CoversRevision need),
// silently repairs a broken xref by scanning the file, and its default
// configuration writes a config directory under the user's home. It
// also brings image, font and CLI dependencies. What signatures need is
// small — the trailer chain, xref sections, object streams and a few
// dictionaries — so this package reads exactly that with its own strict,
// bounded reader.
package pdf
