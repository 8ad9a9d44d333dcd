// Package fetch downloads small documents — issuer certificates from AIA
// "CA Issuers" URLs, OCSP responses, CRLs — over http and https, and says
// in plain words why a download failed.
//
// Use a [Client] (the zero value is ready to use) and call [Client.Get], or
// [Client.Post] for OCSP:
//
//	c := &fetch.Client{Offline: opts.Offline}
//	der, att, err := c.Get(ctx, "http://ca.example/root.cer")
//	report.Attempts = append(report.Attempts, att)
//	var fe *fetch.Error
//	if errors.As(err, &fe) {
//		fmt.Fprintf(os.Stderr, "gostverify: error: %v\n", err)
//		// fe.Class says what went wrong (fetch.Timeout, fetch.TLS, ...).
//	}
//
// Guarantees:
//   - every request is bounded by the caller's context and by Client.Timeout
//     (default 15s), which covers connecting, redirects and reading the body;
//   - at most Client.MaxSize bytes (default 10 MiB) of a body are read: the
//     client stops at MaxSize+1 and fails with [TooLarge];
//   - a body is held in memory once while it is read, so MaxSize bounds
//     memory too: in one buffer sized from the Content-Length, or from the
//     length in a DER header at the body's start; otherwise in pieces that
//     are joined at the end, when a body within the cap is held twice for
//     a moment;
//   - at most Client.MaxRedirects redirects (default 3) are followed, loops
//     are detected, and a redirect to anything but http or https is refused;
//   - only http and https URLs are fetched (no ldap://, ftp://, file://);
//   - requests are HTTP/1.1 (or HTTP/2 when an https server offers it) with
//     the correct Host header and the URL's own path and query;
//   - a successful result is a 2xx response with a non-empty body that is not
//     an HTML page; anything else is an [*Error] with a [Class];
//   - every call returns an [Attempt] describing what was fetched with what
//     result, for reports, whether it succeeded or not;
//   - HTTP_PROXY, HTTPS_PROXY and NO_PROXY are honoured unless a Transport
//     is set.
//
// A server that fetches URLs found in uploaded data puts a [Guard] in the
// context of its requests ([WithGuard]): every request made under it, by
// any package's Client, may then connect only to public addresses and the
// networks the Guard allows, checked on the address dialled after name
// resolution and on every redirect; a refused one fails with
// [AddressRefused]. [WithObserver] puts a function in the context that is
// told every request's Attempt, for metrics. Without either, a Client
// behaves as it always has.
//
// It does not retry (callers decide), cache, or check what the bytes are:
// fetched certificates are only candidates, and trust comes from anchors
// elsewhere.
package fetch
