package ocspclient

import (
	"fmt"
	"time"
)

// Two clocks are at work in a revocation check. The validation time (the
// at argument of the Check methods, the user's --at) is the time the
// status must speak for. The real clock (the Now fields) only checks that
// the status data was not issued in the future and decides how long an
// answer is kept in the disk cache.

// timeFault says why status data does not speak for the validation time.
type timeFault int

const (
	timesOK     timeFault = iota
	notYetValid           // thisUpdate is after the real clock's now
	stale                 // issued before the validation time and out of date by then
)

// checkTimes applies the freshness rule to an OCSP answer or a CRL issued
// at thisUpdate and current until nextUpdate (zero: none given), for the
// validation time at and the real clock's now, with skew allowed either
// way. In the manner of ETSI EN 319 102-1 (section 5.2.5), the status
// data speaks for at when it was issued after at (thisUpdate ≥ at − skew:
// an answer produced today that says "good" shows the certificate was not
// revoked at a past at), or else when it was still current at at
// (at ≤ nextUpdate + skew; without a nextUpdate the data is accepted, as
// RFC 5280 section 5.1.2.5 and RFC 6960 section 2.4 leave its lifetime
// open). Independently of at, thisUpdate must not be after now + skew: a
// clock sanity check (RFC 5280 section 5.1.2.4).
func checkTimes(thisUpdate, nextUpdate, at, now time.Time, skew time.Duration) (timeFault, error) {
	if thisUpdate.After(now.Add(skew)) {
		return notYetValid, fmt.Errorf("thisUpdate %v is after the current time %v", thisUpdate.UTC(), now.UTC())
	}
	if !thisUpdate.Before(at.Add(-skew)) || nextUpdate.IsZero() || !at.After(nextUpdate.Add(skew)) {
		return timesOK, nil
	}
	return stale, fmt.Errorf("nextUpdate %v is before the validation time %v, and so is thisUpdate %v", nextUpdate.UTC(), at.UTC(), thisUpdate.UTC())
}

// orNow returns at, or now when at is zero.
func orNow(at, now time.Time) time.Time {
	if at.IsZero() {
		return now
	}
	return at
}

// atKey is the part of a Memo key for the validation time at.
func atKey(at time.Time) string {
	if at.IsZero() {
		return "now"
	}
	return at.UTC().Format(time.RFC3339Nano)
}
