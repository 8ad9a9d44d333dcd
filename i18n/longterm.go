package i18n

// Long-term signatures (CAdES-T, -C, -X Long, -A): timestamps, embedded
// certificate and revocation values, the proof of existence.
var longTermCatalogue = []entry{}
