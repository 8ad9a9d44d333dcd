package i18n

// Machine-readable powers of attorney (МЧД): the decision per signature,
// the poa command and the registry.
const (
	POAValid                 Message = "poa.valid"
	POAMalformed             Message = "poa.malformed"
	POANoSignature           Message = "poa.no_signature"
	POASignatureInvalid      Message = "poa.signature_invalid"
	POASignatureUnsure       Message = "poa.signature_indeterminate"
	POAIssuerNotEntitled     Message = "poa.issuer_not_entitled"
	POAExpired               Message = "poa.expired"
	POANotYetValid           Message = "poa.not_yet_valid"
	POANotRepresentative     Message = "poa.not_representative"
	POAOtherPrincipal        Message = "poa.other_principal"
	POARegistryOff           Message = "poa.registry_not_checked"
	POARegistryDown          Message = "poa.registry_unavailable"
	POARegistryRevoked       Message = "poa.registry_revoked"
	POARegistryNotFound      Message = "poa.registry_not_found"
	POARegistryOther         Message = "poa.registry_other"
	POANoneMatches           Message = "poa.none_matches"
	NotePOARevokedAfterProof Message = "note.poa_revoked_after_proof"
	TextPOA                  Message = "text.poa"
	TextPOAParties           Message = "text.poa_parties"
	TextPOAPowers            Message = "text.poa_powers"
	TextPOARegistry          Message = "text.poa_registry"

	// The poa command and the --poa flags.
	NeedsPOAShow          Message = "needs.poa_show"
	ErrPOASubcommand      Message = "err.poa_subcommand"
	ErrPOAIsDir           Message = "err.poa_is_directory"
	ErrPOATooLarge        Message = "err.poa_too_large"
	ErrPOASigWithout      Message = "err.poa_sig_without_poa"
	POAShowNumber         Message = "poa.show_number"
	POAShowPeriod         Message = "poa.show_period"
	POAShowPrincipal      Message = "poa.show_principal"
	POAShowHead           Message = "poa.show_head"
	POAShowRepresentative Message = "poa.show_representative"
	POAShowPowersText     Message = "poa.show_powers_text"
	POAShowRegistry       Message = "poa.show_registry"
	HintPOAOffline        Message = "hint.poa_offline"

	// The registry's statuses in words.
	POARegActive      Message = "poa.registry.active"
	POARegRevoked     Message = "poa.registry.revoked"
	POARegExpired     Message = "poa.registry.expired"
	POARegSuspended   Message = "poa.registry.suspended"
	POARegNotFound    Message = "poa.registry.not_found"
	POARegUnknown     Message = "poa.registry.unknown"
	POARegNotChecked  Message = "poa.registry.not_checked"
	POARegUnavailable Message = "poa.registry.unavailable"

	// batch.
	BatchCountPOAValid   Message = "batch.count_poa_valid"
	BatchCountPOAInvalid Message = "batch.count_poa_invalid"
	BatchCountPOAUnsure  Message = "batch.count_poa_indeterminate"
	BatchCSVPOA          Message = "batch.csv.power_of_attorney"
	BatchCSVPOANumber    Message = "batch.csv.poa_number"
	BatchCSVPDFField     Message = "batch.csv.pdf_field"
	BatchCSVPDFRevision  Message = "batch.csv.pdf_revision"
	BatchCSVPDFModified  Message = "batch.csv.pdf_modified_after"
	BatchPOA             Message = "batch.html.poa"
	BatchPOARegistry     Message = "batch.html.poa_registry"
	BatchPOAPowers       Message = "batch.html.poa_powers"
)

var poaCatalogue = []entry{
	{POAValid, "the signer acts under the power of attorney %s of %s (INN %s): valid at the signature's time, signed by the principal's head, in force in the FNS registry",
		"подписант действует по доверенности %s от имени %s (ИНН %s): она действовала на момент подписи, подписана руководителем доверителя и действует по реестру ФНС"},
	{POAMalformed, "the power of attorney %s cannot be read: %s", "доверенность %s не читается: %s"},
	{POANoSignature, "the power of attorney %s came without its signature: who issued it cannot be confirmed",
		"доверенность %s получена без подписи: кто её выдал, подтвердить нельзя"},
	{POASignatureInvalid, "the signature of the power of attorney %s is not valid: %s", "подпись доверенности %s недействительна: %s"},
	{POASignatureUnsure, "the signature of the power of attorney %s could not be confirmed: %s", "подпись доверенности %s подтвердить не удалось: %s"},
	{POAIssuerNotEntitled, "the power of attorney %s is not signed by a person who acts for the principal without a power of attorney",
		"доверенность %s подписана не лицом, действующим от имени доверителя без доверенности"},
	{POAExpired, "the power of attorney %s was valid until %s inclusive, before the signature's time %s",
		"доверенность %s действовала по %s включительно, до момента подписи %s"},
	{POANotYetValid, "the power of attorney %s takes effect on %s, after the signature's time %s",
		"доверенность %s действует с %s, позже момента подписи %s"},
	{POANotRepresentative, "the signer is not the representative the power of attorney %s names (INN, SNILS or name differ)",
		"подписант не является представителем, указанным в доверенности %s (не совпадают ИНН, СНИЛС или ФИО)"},
	{POAOtherPrincipal, "the organisation named in the signer's certificate is not the principal of the power of attorney %s",
		"организация, указанная в сертификате подписанта, не является доверителем по доверенности %s"},
	{POARegistryOff, "the power of attorney %s was not checked against the FNS registry (no network): it cannot be confirmed valid",
		"доверенность %s не проверена по реестру ФНС (без сети): подтвердить её действительность нельзя"},
	{POARegistryDown, "the FNS registry could not be asked about the power of attorney %s: %s",
		"не удалось запросить реестр ФНС о доверенности %s: %s"},
	{POARegistryRevoked, "the FNS registry says the power of attorney %s is revoked (since %s)",
		"по реестру ФНС доверенность %s отменена (с %s)"},
	{POARegistryNotFound, "the FNS registry does not know the power of attorney %s", "доверенности %s нет в реестре ФНС"},
	{POARegistryOther, "the FNS registry gives the power of attorney %s the status %q", "реестр ФНС сообщает о доверенности %s статус «%s»"},
	{POANoneMatches, "none of the powers of attorney given names the signer as its representative",
		"ни в одной из данных доверенностей подписант не указан представителем"},
	{NotePOARevokedAfterProof, "the power of attorney was revoked on %s, after the signature is proven to have existed (%s)",
		"доверенность отменена %s, позже доказанного момента существования подписи (%s)"},
	{NeedsPOAShow, "%s needs FILE, an МЧД (XML)", "%s: нужен файл МЧД (XML)"},
	{ErrPOASubcommand, "unknown subcommand poa %q: want show", "неизвестная подкоманда poa %q: допустимо show"},
	{ErrPOAIsDir, "%s is a directory, not a power of attorney file", "%s — папка, а не файл доверенности"},
	{ErrPOATooLarge, "%s is %d bytes, more than the %d a power of attorney file may have", "%s: %d байт, больше допустимых для файла доверенности %d"},
	{ErrPOASigWithout, "--poa-sig without its --poa: give them in pairs, in the same order", "--poa-sig без своего --poa: указывайте их парами, в одном порядке"},
	{POAShowNumber, "power of attorney %s (internal number %s)", "доверенность %s (внутренний номер %s)"},
	{POAShowPeriod, "valid from %s until %s inclusive", "действует с %s по %s включительно"},
	{POAShowPrincipal, "principal: %s", "доверитель: %s"},
	{POAShowHead, "  acts without a power of attorney: %s", "  действует без доверенности: %s"},
	{POAShowRepresentative, "representative: %s", "представитель: %s"},
	{POAShowPowersText, "powers (text): %s", "полномочия (текстом): %s"},
	{POAShowRegistry, "registry: %s", "реестр: %s"},
	{HintPOAOffline, "with --offline the FNS registry is not asked, so no power of attorney can be confirmed valid",
		"с --offline реестр ФНС не запрашивается, и действительность доверенности подтвердить нельзя"},
	{BatchCountPOAValid, "Powers of attorney valid", "Доверенностей действительных"},
	{BatchCountPOAInvalid, "Powers of attorney invalid", "Доверенностей недействительных"},
	{BatchCountPOAUnsure, "Powers of attorney unconfirmed", "Доверенностей неподтверждённых"},
	{BatchCSVPOA, "power_of_attorney", "Доверенность"},
	{BatchCSVPOANumber, "poa_number", "Номер доверенности"},
	{BatchCSVPDFField, "pdf_field", "Поле подписи PDF"},
	{BatchCSVPDFRevision, "pdf_revision", "Редакция PDF"},
	{BatchCSVPDFModified, "pdf_modified_after", "PDF изменён после подписи"},
	{BatchPOA, "Power of attorney (machine-readable)", "Машиночитаемая доверенность (МЧД)"},
	{BatchPOARegistry, "FNS registry", "Реестр ФНС"},
	{BatchPOAPowers, "Powers", "Полномочия"},
	{POARegActive, "in force", "действует"},
	{POARegRevoked, "revoked", "отменена"},
	{POARegExpired, "expired", "истёк срок действия"},
	{POARegSuspended, "suspended", "приостановлена"},
	{POARegNotFound, "not found", "не найдена"},
	{POARegUnknown, "a status not known to this version", "статус, неизвестный этой версии"},
	{POARegNotChecked, "not asked (no network)", "не запрашивался (без сети)"},
	{POARegUnavailable, "no answer", "нет ответа"},
	{TextPOA, "power of attorney: %s", "доверенность: %s"},
	{TextPOAParties, "principal %s; representative %s; valid %s to %s", "доверитель %s; представитель %s; действует с %s по %s"},
	{TextPOAPowers, "powers: %s", "полномочия: %s"},
	{TextPOARegistry, "FNS registry: %s", "реестр ФНС: %s"},
}
