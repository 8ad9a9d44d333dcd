// Package serve is `gostverify serve`: an HTTP API for integrators and a
// web page for people, doing what `gostverify verify`, `batch`, `show`,
// `chain`/`ocsp`, `tsl show` and `poa show` do, with the same packages
// and the same JSON.
//
// Make a Server with New and serve it with Listen (timeouts against slow
// clients, graceful shutdown):
//
//	s, err := serve.New(serve.Options{Verify: func(p serve.Params) verify.Options { ... },
//		Guard: &fetch.Guard{}, Token: token, Logger: logger})
//	err = serve.Listen(ctx, "127.0.0.1:8080", s, serve.HTTPOptions{})
//
// The API, under /v1/ (described by GET /v1/openapi.json):
//   - POST /v1/verify: multipart fields signature (a signature file, or a
//     signed PDF alone), document (a detached signature's document),
//     poa and poa_signature (powers of attorney, repeatable), lang, at
//     and policy (also as query parameters) → the JSON of
//     `gostverify verify --json`; a file that is not a signature is an
//     invalid verdict (FORMAT_FAILURE) there, as on the command line;
//   - POST /v1/jobs: a zip in archive, or files in file (repeatable) →
//     a job (202, its id) checked by package batch on the server's
//     temporary copy; GET /v1/jobs/{id} its progress and summary;
//     GET /v1/jobs/{id}/report?format=json|csv|html the report (the
//     протокол проверки in html); DELETE /v1/jobs/{id}. The files are
//     deleted when the job ends unless keep=true (then with the job,
//     after Limits.JobTTL or DELETE);
//   - POST /v1/show (signature) → what `gostverify show --json` prints;
//   - POST /v1/certificate (certificate) → the certificate's path and
//     revocation status (verify.Verifier.CheckCertificate);
//   - POST /v1/poa (poa) → `gostverify poa show --json`;
//   - GET /v1/tsl?q=QUERY → `gostverify tsl show --json QUERY`.
//
// Errors are RFC 9457 problem details (application/problem+json) whose
// type is a stable URI (the Problem… constants). /healthz, /readyz and
// /metrics (Prometheus: requests, latencies, verdicts, OCSP/CRL/AIA
// fetches by outcome, cache hits, refusals, the Go runtime and the
// process) need no token; the /v1/ API needs Options.Token when set.
// Each request is logged with log/slog, with its X-Request-ID (the
// client's, or made up).
//
// Limits (Limits): the size of an upload and of a job's body, batch's
// archive limits for a job's zips, a time limit per synchronous request,
// a number of verifications at once (a request that finds none free
// within QueueWait gets 503 with Retry-After) and of jobs at once (429).
// Nothing uploaded is kept after the response (a job's files, after the
// job) unless the client asks.
//
// Options.Guard, put in every request's context (fetch.WithGuard), makes
// the downloads an upload can trigger — issuer certificates (AIA), OCSP,
// CRLs, the МЧД registry — connect only to public addresses and the
// allowed networks. The web page at / is embedded: a document and its
// signature or an archive dropped on it is sent as a job, and the page
// shows the verdict and the протокол проверки in Russian or English, and
// offers it as HTML, JSON and CSV.
package serve
