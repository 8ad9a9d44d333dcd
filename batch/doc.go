// Package batch verifies every signature found in folders and zip archives
// (the exports of EDO systems and FNS archives) and reports on every file.
//
// Collect lists the inputs: files on disk and zip entries, zips inside zips
// included, read in place and never extracted; entries that break Limits or
// have unsafe names are listed as refused. Run pairs each detached
// signature with its document (doc.ext with doc.ext.sig, .sgn, .p7s or
// .p7m; else by the messageDigest it claims), verifies the signatures with
// package verify on parallel workers, and returns a Report with one Entry per
// input, in path order whatever the number of workers. WriteSummary,
// WriteCSV, WriteHTML and WriteFile render it in English or Russian.
//
// Memory stays flat whatever the number of files: inputs are listed and
// checked a folder batch (or an archive) at a time, and the entries of a
// large run (Options.SpillAfter) or of a run with Options.State are kept
// on disk, not in Report.Entries: read them with Report.Each, and release
// a large run's temporary state with Report.Close once done.
//
// An Entry's Status is a batch Status: verify's three verdicts, or
// unsigned (a document nothing signs) or not_checked (the run was
// interrupted first), ordered by Worst. Every report names each file
// uniquely, by its name as it is or, when that is not UTF-8, escaped as
// EscapePath says (UnescapePath reverses it).
package batch
