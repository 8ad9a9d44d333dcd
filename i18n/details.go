package i18n

// Technical details: the failures of lower layers (the file system, zip
// archives, the CMS parser) said in plain words, for the "detail" of a
// reason and for error lines.
var detailCatalogue = []entry{}
