package i18n

import "strconv"

// The classes of failure of packages fetch (transport), ocspclient (OCSP
// and CRL checks) and the HTTP statuses fetch explains, in plain words.
// The English is each package's own Explain text. A class is a code and
// stays one; these say what it means. Look them up with FetchClass,
// OCSPClass, CRLClass and HTTPStatus.

// Failures: one failure said with where it happened.
const (
	FailureAt         Message = "failure.at"
	FailureHTTPStatus Message = "failure.http_status"
)

// The message ids of the classes are these prefixes and the class code:
// OCSP and CRL checks share some codes ("stale", "bad_signature") and
// explain them each in their own words.
const (
	fetchPrefix  = "class.fetch."
	ocspPrefix   = "class.ocsp."
	crlPrefix    = "class.crl."
	statusPrefix = "class.http."
)

var classCatalogue = []entry{
	{FailureAt, "%s: %s", "%s: %s"},
	{FailureHTTPStatus, "HTTP %d: %s", "ответ HTTP %d: %s"},

	// fetch.Class
	{fetchPrefix + "offline", "network use is off: offline mode", "сеть не используется: режим без сети"},
	{fetchPrefix + "bad_url", "the URL cannot be parsed", "адрес (URL) не удаётся разобрать"},
	{fetchPrefix + "unsupported_scheme", "only http and https are supported; LDAP URLs are not",
		"поддерживаются только адреса http и https; адреса LDAP — нет"},
	{fetchPrefix + "dns", "the host name does not resolve (a typo, a retired CA domain, or no DNS)",
		"имя сервера не найдено в DNS (опечатка, домен УЦ больше не действует или DNS недоступен)"},
	{fetchPrefix + "refused", "connection refused: nothing listens at this address and port, or a firewall rejects the connection",
		"в соединении отказано: по этому адресу и порту никто не принимает соединения, или их отклоняет межсетевой экран"},
	{fetchPrefix + "unreachable", "the network or host is unreachable (no route to it)", "сеть или сервер недоступны (нет маршрута)"},
	{fetchPrefix + "timeout", "no answer within the timeout", "ответа не было за отведённое время"},
	{fetchPrefix + "canceled", "the request was cancelled", "запрос отменён"},
	{fetchPrefix + "tls", "the TLS handshake or certificate check failed; many Russian CAs use GOST TLS, which Go cannot speak: use the http:// URL if the CA publishes one",
		"не удалось установить соединение TLS или проверить сертификат сервера; многие российские УЦ используют TLS с ГОСТ, который Go не поддерживает: используйте адрес http://, если УЦ его публикует"},
	{fetchPrefix + "http_status", "the server answered with an HTTP error status", "сервер ответил кодом ошибки HTTP"},
	{fetchPrefix + "too_large", "the response is larger than the size limit", "ответ больше допустимого размера"},
	{fetchPrefix + "truncated", "the connection closed before the whole response arrived", "соединение закрылось до того, как пришёл весь ответ"},
	{fetchPrefix + "too_many_redirects", "too many redirects, or a redirect loop", "слишком много перенаправлений, или они зациклились"},
	{fetchPrefix + "html", "the server sent an HTML page instead of the document (a captive portal, a login page, or a \"not found\" page served with status 200)",
		"сервер прислал HTML-страницу вместо документа (страницу авторизации в сети, входа или «не найдено» с кодом 200)"},
	{fetchPrefix + "empty", "the server answered with an empty body", "сервер прислал пустой ответ"},
	{fetchPrefix + "network", "network error", "ошибка сети"},
	{fetchPrefix + "address_refused", "the server refuses to connect to this address: it is not public (loopback, private, link-local, metadata) and not in the allowed networks",
		"сервер не подключается к этому адресу: он не публичный (петлевой, частный, канальный, адрес метаданных облака) и не входит в разрешённые сети"},

	// The HTTP statuses of fetch.HTTPStatus.
	{statusPrefix + "400", "the server rejected the request (for OCSP this is often an HTTP/1.0 request without Host, or a wrong content type)",
		"сервер отклонил запрос (для OCSP это часто запрос HTTP/1.0 без заголовка Host или неверный тип содержимого)"},
	{statusPrefix + "401", "the server asks for authentication", "сервер требует аутентификации"},
	{statusPrefix + "403", "forbidden: the server refuses to serve this URL (sometimes to clients from other countries)",
		"доступ запрещён: сервер не отдаёт этот адрес (иногда — только клиентам из других стран)"},
	{statusPrefix + "404", "no document or service at this path", "по этому адресу нет ни документа, ни службы"},
	{statusPrefix + "405", "method not allowed: this URL does not accept this request method (for OCSP, the responder may take only GET or only POST)",
		"метод не разрешён: этот адрес не принимает запросы этим методом (служба OCSP может принимать только GET или только POST)"},
	{statusPrefix + "410", "the document was removed from this path", "документ удалён с этого адреса"},
	{statusPrefix + "429", "too many requests: the server limits the rate, try later", "слишком много запросов: сервер ограничивает их частоту, повторите позже"},
	{statusPrefix + "5xx", "server error, try later", "ошибка сервера, повторите позже"},
	{statusPrefix + "3xx", "a redirect without a usable Location", "перенаправление без пригодного заголовка Location"},
	{statusPrefix + "4xx", "the server refused the request", "сервер отказал в запросе"},
	{statusPrefix + "other", "unexpected HTTP status", "неожиданный код ответа HTTP"},

	// ocspclient.Class
	{ocspPrefix + "not_ocsp", "the answer is not an OCSP response (an HTML page, an error text, or a truncated or corrupted body)",
		"ответ не является ответом OCSP (HTML-страница, текст ошибки, обрезанные или повреждённые данные)"},
	{ocspPrefix + "malformed_request", "the responder says the request is malformed", "служба OCSP сообщает, что запрос составлен неверно"},
	{ocspPrefix + "internal_error", "the responder reports an internal error", "служба OCSP сообщает о своей внутренней ошибке"},
	{ocspPrefix + "try_later", "the responder is busy, try later", "служба OCSP занята, повторите позже"},
	{ocspPrefix + "sig_required", "the responder accepts only signed requests", "служба OCSP принимает только подписанные запросы"},
	{ocspPrefix + "unauthorized", "the responder does not answer for this certificate's issuer (or not for this CertID hash algorithm)",
		"служба OCSP не отвечает за издателя этого сертификата (или за этот алгоритм хэширования CertID)"},
	{ocspPrefix + "bad_signature", "the signature on the response does not verify: the response was altered or signed with another key",
		"подпись ответа OCSP неверна: ответ изменён или подписан другим ключом"},
	{ocspPrefix + "unauthorized_responder", "the response is signed by a certificate that may not sign OCSP responses for this issuer (not the issuer, not issued by it, or without the OCSPSigning extended key usage)",
		"ответ подписан сертификатом, которому нельзя подписывать ответы OCSP за этого издателя (это не издатель, сертификат выдан не им или в нём нет расширенного назначения OCSPSigning)"},
	{ocspPrefix + "wrong_certificate", "the response does not answer for the certificate asked about", "ответ дан не о том сертификате, о котором спрашивали"},
	{ocspPrefix + "conflicting_answers", "the response answers for the certificate more than once, with different statuses (good and revoked, for example)",
		"ответ говорит о сертификате несколько раз, и статусы разные (например, «действителен» и «отозван»)"},
	{ocspPrefix + "stale", "the response is out of date: it was produced before the validation time and its nextUpdate had passed by then",
		"ответ устарел: он выпущен до времени проверки, и к этому времени его срок nextUpdate уже прошёл"},
	{ocspPrefix + "not_yet_valid", "the response's thisUpdate is in the future: check the clocks",
		"время ответа (thisUpdate) ещё не наступило: проверьте часы"},
	{ocspPrefix + "nonce_mismatch", "the response echoes another nonce than the one sent: it may be a replay",
		"в ответе не тот nonce, что был отправлен: возможно, это повтор старого ответа"},
	{ocspPrefix + "nonce_missing", "the response does not echo the request's nonce, and a nonce is required",
		"в ответе нет nonce запроса, а он обязателен"},
	{ocspPrefix + "bad_input", "the certificate or issuer cannot be used to build a request",
		"по этому сертификату или издателю нельзя составить запрос"},

	// ocspclient.CRLClass
	{crlPrefix + "not_crl", "the document is not a CRL (an HTML page, an error text, or a truncated or corrupted file)",
		"документ не является СОС (HTML-страница, текст ошибки, обрезанный или повреждённый файл)"},
	{crlPrefix + "crl_wrong_issuer", "the CRL is issued by another CA than the certificate's issuer (another name or key identifier)",
		"СОС выпущен не издателем сертификата, а другим УЦ (другое имя или идентификатор ключа)"},
	{crlPrefix + "crl_sign_not_allowed", "the issuer's key usage does not allow it to sign CRLs (no cRLSign)",
		"назначение ключа издателя не позволяет ему подписывать СОС (нет cRLSign)"},
	{crlPrefix + "no_crl_url", "the certificate has no CRL distribution point with an http or https URL",
		"в сертификате нет точки распространения СОС с адресом http или https"},
	{crlPrefix + "crl_unsupported", "the CRL is a delta or indirect CRL, covers only some reasons, or has a critical extension gostverify does not handle, so it cannot give a complete status",
		"СОС разностный или косвенный, охватывает не все причины отзыва или содержит критическое расширение, которое gostverify не обрабатывает, поэтому полного статуса он не даёт"},
	{crlPrefix + "crl_out_of_scope", "the CRL covers only CA certificates or only end-entity certificates, not this kind of certificate",
		"СОС охватывает только сертификаты УЦ или только сертификаты конечных пользователей, а не сертификаты этого вида"},
	{crlPrefix + "bad_signature", "the signature on the CRL does not verify: the CRL was altered or signed with another key",
		"подпись СОС неверна: СОС изменён или подписан другим ключом"},
	{crlPrefix + "stale", "the CRL is out of date: it was issued before the validation time and its nextUpdate had passed by then",
		"СОС устарел: он выпущен до времени проверки, и к этому времени его срок nextUpdate уже прошёл"},
	{crlPrefix + "not_yet_valid", "the CRL's thisUpdate is in the future: check the clocks",
		"время выпуска СОС (thisUpdate) ещё не наступило: проверьте часы"},
	{crlPrefix + "bad_input", "the certificate or issuer is missing, or the certificate has no serial number to look up",
		"нет сертификата или издателя, или у сертификата нет серийного номера, чтобы его найти"},
}

// classMessages are the ids of classCatalogue, to look classes up.
var classMessages = func() map[Message]bool {
	m := make(map[Message]bool, len(classCatalogue))
	for _, e := range classCatalogue {
		m[e.id] = true
	}
	return m
}()

func lookup(prefix, class string) (Message, bool) {
	m := Message(prefix + class)
	if !classMessages[m] {
		return "", false
	}
	return m, true
}

// FetchClass is the message explaining a fetch.Class value, and whether
// there is one. For "http_status", HTTPStatus is more precise.
func FetchClass(class string) (Message, bool) { return lookup(fetchPrefix, class) }

// OCSPClass is the message explaining one of ocspclient's own Class
// values (not a transport class: see FetchClass), and whether there is one.
func OCSPClass(class string) (Message, bool) { return lookup(ocspPrefix, class) }

// CRLClass is the message explaining one of ocspclient's own CRLClass
// values (not a transport class: see FetchClass), and whether there is one.
func CRLClass(class string) (Message, bool) { return lookup(crlPrefix, class) }

// HTTPStatus is the message explaining an HTTP error status code, as the
// fetch package does for a failure of class "http_status".
func HTTPStatus(code int) Message {
	switch code {
	case 400, 401, 403, 404, 405, 410, 429:
		return Message(statusPrefix + strconv.Itoa(code))
	}
	switch {
	case code >= 500 && code <= 599:
		return statusPrefix + "5xx"
	case code >= 300 && code <= 399:
		return statusPrefix + "3xx"
	case code >= 400 && code <= 499:
		return statusPrefix + "4xx"
	}
	return statusPrefix + "other"
}
