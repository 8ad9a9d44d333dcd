package poa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/internal/diskcache"
)

// DefaultRegistryURL is the FNS registry of machine-readable powers of
// attorney, whose public API answers GET
// /api/v0/poar-portal/public/poa/{number}/public with the МЧД's status
// and dates.
const DefaultRegistryURL = "https://m4d.nalog.gov.ru"

// registryPath is the public status request under a registry's address.
const registryPath = "/api/v0/poar-portal/public/poa/{number}/public"

// RegistryState is the status the registry gives an МЧД, in this
// package's words.
type RegistryState string

const (
	RegistryActive    RegistryState = "active"    // in force
	RegistryRevoked   RegistryState = "revoked"   // revoked (cancelled) by the principal
	RegistryExpired   RegistryState = "expired"   // its period is over
	RegistrySuspended RegistryState = "suspended" // suspended
	RegistryNotFound  RegistryState = "not_found" // the registry does not know the number (HTTP 404)
	// RegistryUnknown: a status this version does not know; Text says it.
	RegistryUnknown RegistryState = "unknown"
)

// RegistryStatus is the registry's answer about one МЧД.
type RegistryStatus struct {
	Number string        `json:"number"`
	State  RegistryState `json:"status"`
	// Text is the status as the registry wrote it.
	Text string `json:"text,omitempty"`
	// Since is the status's date (statusDate), zero when not given;
	// StartDate and EndDate the period the registry holds, as written.
	Since     time.Time `json:"since,omitempty"`
	StartDate string    `json:"start_date,omitempty"`
	EndDate   string    `json:"end_date,omitempty"`
	// CheckedAt is when the registry gave the answer; FromCache is set
	// when it was taken from the cache directory.
	CheckedAt time.Time `json:"checked_at"`
	FromCache bool      `json:"from_cache,omitempty"`
	URL       string    `json:"url"`
}

// Registry asks the FNS registry for the status of МЧД numbers. The zero
// value asks DefaultRegistryURL with the fetch defaults and keeps nothing.
type Registry struct {
	// URL is the registry's address (the public status path is added), or
	// a URL with {number} where the number goes.
	URL string
	// Client makes the requests; nil means a default client.
	Client *fetch.Client
	// CacheDir keeps answers, each for MaxAge; "" keeps none.
	CacheDir string
	// MaxAge is how long a kept "active" answer is used again; default
	// one hour. A revoked answer is final and kept for good.
	MaxAge time.Duration
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// RegistryError is a registry that could not answer: the request's
// failure (a *fetch.Error) or an answer that is not the registry's JSON.
type RegistryError struct {
	URL string
	Err error
}

func (e *RegistryError) Error() string { return fmt.Sprintf("poa: registry %s: %v", e.URL, e.Err) }
func (e *RegistryError) Unwrap() error { return e.Err }

var guidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Status asks the registry about the МЧД number (a GUID). A registry that
// does not know it answers RegistryNotFound, not an error; a failure to
// get any answer is a *RegistryError.
func (r *Registry) Status(ctx context.Context, number string) (*RegistryStatus, error) {
	if !guidPattern.MatchString(number) {
		return nil, fmt.Errorf("poa: %q is not an МЧД number (a GUID)", number)
	}
	number = strings.ToLower(number)
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	if st := r.cached(number, now()); st != nil {
		return st, nil
	}
	url := r.requestURL(number)
	c := fetch.Client{}
	if r.Client != nil {
		c = *r.Client
	}
	if c.MaxSize == 0 {
		c.MaxSize = 1 << 20
	}
	data, _, err := c.Get(ctx, url)
	st := &RegistryStatus{Number: number, CheckedAt: now().UTC(), URL: url}
	var fe *fetch.Error
	switch {
	case errors.As(err, &fe) && fe.Class == fetch.HTTPStatus && fe.Status == 404:
		st.State = RegistryNotFound
	case err != nil:
		return nil, &RegistryError{URL: url, Err: err}
	default:
		if err := st.parse(data); err != nil {
			return nil, &RegistryError{URL: url, Err: err}
		}
	}
	r.keep(st)
	return st, nil
}

func (r *Registry) requestURL(number string) string {
	base := r.URL
	if base == "" {
		base = DefaultRegistryURL
	}
	if strings.Contains(base, "{number}") {
		return strings.ReplaceAll(base, "{number}", number)
	}
	return strings.TrimRight(base, "/") + strings.ReplaceAll(registryPath, "{number}", number)
}

// registryJSON is the registry's public answer.
type registryJSON struct {
	PoaNumber  string `json:"poaNumber"`
	StartDate  string `json:"startDate"`
	EndDate    string `json:"endDate"`
	Status     string `json:"status"`
	StatusDate string `json:"statusDate"`
}

func (st *RegistryStatus) parse(data []byte) error {
	var j registryJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return fmt.Errorf("the answer is not the registry's JSON: %w", err)
	}
	if j.Status == "" {
		return errors.New("the answer has no status")
	}
	if j.PoaNumber != "" && !strings.EqualFold(j.PoaNumber, st.Number) {
		return fmt.Errorf("the answer is about %s, not %s", j.PoaNumber, st.Number)
	}
	st.Text, st.State = j.Status, registryState(j.Status)
	st.StartDate, st.EndDate = j.StartDate, j.EndDate
	st.Since = registryTime(j.StatusDate)
	return nil
}

// registryState reads the registry's status word. The public API's values
// are not documented where this version could read them; the words of
// its portal and of EDO operators' APIs are recognised, in English and
// Russian, and anything else is RegistryUnknown.
func registryState(s string) RegistryState {
	w := strings.ToLower(strings.TrimSpace(s))
	has := func(words ...string) bool {
		for _, x := range words {
			if strings.Contains(w, x) {
				return true
			}
		}
		return false
	}
	switch {
	case has("revok", "cancel", "annul", "отозв", "отмен", "аннул"):
		return RegistryRevoked
	case has("expir", "истек", "истёк"):
		return RegistryExpired
	case has("suspend", "приостан"):
		return RegistrySuspended
	case has("active", "valid", "действ"):
		if has("invalid", "недейств") {
			return RegistryRevoked
		}
		return RegistryActive
	}
	return RegistryUnknown
}

func registryTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, moscow); err == nil {
			return t
		}
	}
	return time.Time{}
}

// cacheName is where an answer about number is kept.
func (r *Registry) cacheName(number string) string {
	h := sha256.Sum256([]byte(r.requestURL(number)))
	return filepath.Join(r.CacheDir, "poa-registry", hex.EncodeToString(h[:8])+"-"+number+".json")
}

// cached returns a kept answer still good at now, or nil.
func (r *Registry) cached(number string, now time.Time) *RegistryStatus {
	if r.CacheDir == "" {
		return nil
	}
	data, err := os.ReadFile(r.cacheName(number))
	if err != nil {
		return nil
	}
	var st RegistryStatus
	if json.Unmarshal(data, &st) != nil || st.Number != number || st.CheckedAt.After(now) {
		return nil
	}
	maxAge := r.MaxAge
	if maxAge <= 0 {
		maxAge = time.Hour
	}
	if st.State != RegistryRevoked && now.Sub(st.CheckedAt) > maxAge {
		return nil
	}
	st.FromCache = true
	return &st
}

// keep stores an answer; a failure to store is not the caller's concern.
func (r *Registry) keep(st *RegistryStatus) {
	if r.CacheDir == "" || st.State == RegistryUnknown {
		return
	}
	data, err := json.Marshal(st)
	if err != nil {
		return
	}
	_ = diskcache.WriteFile(r.cacheName(st.Number), data)
}
