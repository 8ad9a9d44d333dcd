package serve

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// ProblemType is the stable "type" URI of a problem details answer (RFC
// 9457): programs branch on it, never on the title or detail.
type ProblemType string

// The problems the API answers with.
const (
	ProblemBadRequest       ProblemType = "urn:gostverify:problem:bad-request"
	ProblemUnauthorized     ProblemType = "urn:gostverify:problem:unauthorized"
	ProblemNotFound         ProblemType = "urn:gostverify:problem:not-found"
	ProblemMethodNotAllowed ProblemType = "urn:gostverify:problem:method-not-allowed"
	ProblemTooLarge         ProblemType = "urn:gostverify:problem:too-large"
	ProblemNotASignature    ProblemType = "urn:gostverify:problem:not-a-signature"
	ProblemNotACertificate  ProblemType = "urn:gostverify:problem:not-a-certificate"
	ProblemNotAPOA          ProblemType = "urn:gostverify:problem:not-a-power-of-attorney"
	ProblemNoTSL            ProblemType = "urn:gostverify:problem:no-tsl"
	ProblemBusy             ProblemType = "urn:gostverify:problem:busy"
	ProblemTooManyJobs      ProblemType = "urn:gostverify:problem:too-many-jobs"
	ProblemJobNotFinished   ProblemType = "urn:gostverify:problem:job-not-finished"
	ProblemTimeout          ProblemType = "urn:gostverify:problem:timeout"
	ProblemInternal         ProblemType = "urn:gostverify:problem:internal"
)

// problemInfo is each type's HTTP status and title.
var problemInfo = map[ProblemType]struct {
	status int
	title  string
}{
	ProblemBadRequest:       {http.StatusBadRequest, "the request is malformed"},
	ProblemUnauthorized:     {http.StatusUnauthorized, "a valid bearer token is required"},
	ProblemNotFound:         {http.StatusNotFound, "no such resource"},
	ProblemMethodNotAllowed: {http.StatusMethodNotAllowed, "method not allowed"},
	ProblemTooLarge:         {http.StatusRequestEntityTooLarge, "the upload is larger than the server accepts"},
	ProblemNotASignature:    {http.StatusUnprocessableEntity, "the file is not a readable signature"},
	ProblemNotACertificate:  {http.StatusUnprocessableEntity, "the file holds no readable certificate"},
	ProblemNotAPOA:          {http.StatusUnprocessableEntity, "the file is not a readable power of attorney"},
	ProblemNoTSL:            {http.StatusNotFound, "the server has no list of accredited CAs"},
	ProblemBusy:             {http.StatusServiceUnavailable, "every verification slot is taken; retry later"},
	ProblemTooManyJobs:      {http.StatusTooManyRequests, "too many archive jobs are running; retry later"},
	ProblemJobNotFinished:   {http.StatusConflict, "the job has not finished"},
	ProblemTimeout:          {http.StatusGatewayTimeout, "the request took longer than the server allows"},
	ProblemInternal:         {http.StatusInternalServerError, "internal error"},
}

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type      ProblemType `json:"type"`
	Title     string      `json:"title"`
	Status    int         `json:"status"`
	Detail    string      `json:"detail,omitempty"`
	Instance  string      `json:"instance,omitempty"`
	RequestID string      `json:"request_id,omitempty"`
}

// Status is the HTTP status of a problem type.
func (t ProblemType) Status() int { return problemInfo[t].status }

// problem writes a problem details answer; retry, when positive, is sent
// as Retry-After.
func problem(w http.ResponseWriter, r *http.Request, t ProblemType, detail string, retry time.Duration) {
	info, ok := problemInfo[t]
	if !ok {
		t, info = ProblemInternal, problemInfo[ProblemInternal]
	}
	p := Problem{Type: t, Title: info.title, Status: info.status, Detail: detail, Instance: r.URL.Path,
		RequestID: w.Header().Get("X-Request-ID")}
	h := w.Header()
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	if retry > 0 {
		h.Set("Retry-After", strconv.Itoa(int((retry+time.Second-1)/time.Second)))
	}
	if t == ProblemUnauthorized {
		h.Set("WWW-Authenticate", `Bearer realm="gostverify"`)
	}
	w.WriteHeader(info.status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	enc.Encode(p)
}
