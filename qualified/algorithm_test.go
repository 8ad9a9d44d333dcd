package qualified

import (
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var (
	oidSig2001    = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 3}
	oidKey2001    = asn1.ObjectIdentifier{1, 2, 643, 2, 2, 19}
	oidSig2012256 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 3, 2}
	oidKey2012512 = asn1.ObjectIdentifier{1, 2, 643, 7, 1, 1, 1, 2}
	oidRSA        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
)

func causeOf(c Check) *Error {
	var e *Error
	errors.As(c.Cause, &e)
	return e
}

func TestSignatureAlgorithm(t *testing.T) {
	lastSecond := time.Date(2019, 12, 31, 23, 59, 59, 0, moscow)
	midnight := time.Date(2020, 1, 1, 0, 0, 0, 0, moscow)
	for _, tc := range []struct {
		name   string
		alg    asn1.ObjectIdentifier
		t      time.Time
		proven bool
		want   want
		detail string
	}{
		{"2012", oidSig2012256, midnight.AddDate(5, 0, 0), false, want{res: Passed}, "GOST R 34.10-2012"},
		{"2012 key OID", oidKey2012512, time.Time{}, false, want{res: Passed}, "GOST R 34.10-2012"},
		{"2001 proven the last second of 2019", oidSig2001, lastSecond, true, want{res: Passed}, "2019-12-31T20:59:59Z"},
		{"2001 key OID proven in 2015", oidKey2001, time.Date(2015, 4, 1, 0, 0, 0, 0, time.UTC), true, want{res: Passed}, "before 2020-01-01"},
		{"2001 proven at midnight 2020 MSK", oidSig2001, midnight, true, failed(NoPOE), "earliest proof of existence is 2019-12-31T21:00:00Z"},
		{"2001 claimed in 2019", oidSig2001, lastSecond, false, failed(NoPOE), "claimed signing time 2019-12-31T20:59:59Z is not a proof"},
		{"2001 claimed in 2021", oidKey2001, midnight.AddDate(1, 0, 0), false, failed(NoPOE), "not a proof"},
		{"2001 no time", oidSig2001, time.Time{}, false, failed(NoPOE), "nothing proves it existed before then"},
		{"2001 proven, zero time", oidSig2001, time.Time{}, true, failed(NoPOE), "nothing proves"},
		{"RSA", oidRSA, lastSecond, true, na, "not a GOST R 34.10 algorithm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := SignatureAlgorithm(tc.alg, tc.t, tc.proven)
			if c.Name != CheckSignatureAlgorithm || c.Result != tc.want.res || !strings.Contains(c.Detail, tc.detail) {
				t.Fatalf("%+v; want %s saying %q", c, tc.want.res, tc.detail)
			}
			e := causeOf(c)
			if (e != nil) != (tc.want.res == Failed) || e != nil && e.Reason != tc.want.reason {
				t.Fatalf("cause %+v", e)
			}
			if e != nil && e.Reason.SubIndication() != "CRYPTO_CONSTRAINTS_FAILURE_NO_POE" {
				t.Errorf("sub-indication %q", e.Reason.SubIndication())
			}
		})
	}
	if Malformed.SubIndication() != "" {
		t.Error("only NoPOE maps to a sub-indication")
	}
}

func TestCertificateAlgorithm(t *testing.T) {
	for name, w := range map[string]want{
		"gost2001_2018": {res: Passed},
		"gost2001_2019": failed(AlgorithmNotAllowed),
		"ul_ok":         {res: Passed},
	} {
		c := CertificateAlgorithm(readPEM(t, filepath.Join("testdata", "certs", name+".pem")))
		if c.Result != w.res || (w.reason != 0) != (causeOf(c) != nil) || causeOf(c) != nil && causeOf(c).Reason != w.reason {
			t.Errorf("%s: %+v", name, c)
		}
	}
	// The boundary is midnight Moscow time.
	if !Gost2001CertificatesEnd.Equal(time.Date(2018, 12, 31, 21, 0, 0, 0, time.UTC)) ||
		!Gost2001SignaturesEnd.Equal(time.Date(2019, 12, 31, 21, 0, 0, 0, time.UTC)) {
		t.Errorf("boundaries %v, %v", Gost2001CertificatesEnd, Gost2001SignaturesEnd)
	}
}

func TestPrivateKeyUsage(t *testing.T) {
	ul := readPEM(t, filepath.Join("testdata", "certs", "ul_ok.pem")) // 2024-03-01 to 2025-06-01
	fl := readPEM(t, filepath.Join("testdata", "certs", "fl_ok.pem")) // 2024-01-15T00:00:00.25Z to 2025-04-15
	bad := readPEM(t, filepath.Join("testdata", "certs", "bad_tools.pem"))
	none := readPEM(t, filepath.Join("testdata", "certs", "ip_ok.pem"))
	utc := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		name   string
		cert   string
		t      time.Time
		proven bool
		want   want
		detail string
	}{
		{"claimed inside", "ul", utc(2024, 6, 1), false, want{res: Passed}, "claimed signing time 2024-06-01T00:00:00Z is within the private key usage period (2024-03-01T00:00:00Z to 2025-06-01T00:00:00Z)"},
		{"proven inside", "ul", utc(2025, 6, 1), true, want{res: Passed}, "proven existence at 2025-06-01T00:00:00Z is within"},
		{"claimed after", "ul", utc(2025, 6, 1).Add(time.Second), false, warned(OutsideKeyUsagePeriod), "claimed signing time 2025-06-01T00:00:01Z is after the private key usage period (2024-03-01T00:00:00Z to 2025-06-01T00:00:00Z) ended"},
		{"proven after", "ul", utc(2026, 1, 1), true, warned(OutsideKeyUsagePeriod), "nothing shows the signature was made before it ended"},
		{"claimed before", "ul", utc(2024, 2, 29), false, warned(OutsideKeyUsagePeriod), "is before the private key usage period"},
		{"proven before", "ul", utc(2024, 2, 29), true, warned(OutsideKeyUsagePeriod), "proven existence at 2024-02-29T00:00:00Z is before"},
		{"fraction: just before", "fl", utc(2024, 1, 15).Add(200 * time.Millisecond), false, warned(OutsideKeyUsagePeriod), "2024-01-15T00:00:00.25Z"},
		{"fraction: at", "fl", utc(2024, 1, 15).Add(250 * time.Millisecond), false, want{res: Passed}, "within"},
		{"no time", "ul", time.Time{}, false, na, "no signing time is known"},
		{"no extension", "none", utc(2024, 6, 1), false, na, "states no private key usage period"},
		{"malformed", "bad", utc(2024, 6, 1), false, failed(Malformed), "privateKeyUsagePeriod: notBefore"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cert := map[string]*x509.Certificate{"ul": ul, "fl": fl, "bad": bad, "none": none}[tc.cert]
			c := PrivateKeyUsage(cert, tc.t, tc.proven)
			if c.Name != CheckPrivateKeyUsagePeriod || c.Result != tc.want.res || !strings.Contains(c.Detail, tc.detail) {
				t.Fatalf("%+v; want %s saying %q", c, tc.want.res, tc.detail)
			}
			e := causeOf(c)
			if (e != nil) != (tc.want.reason != 0) || e != nil && e.Reason != tc.want.reason {
				t.Fatalf("cause %+v", e)
			}
		})
	}
}

func TestEvaluate(t *testing.T) {
	cert := readPEM(t, filepath.Join("testdata", "certs", "ul_ok.pem"))
	cs := Evaluate(cert, Signature{Algorithm: oidSig2012256, Time: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC), Proven: true})
	expectChecks(t, cs, naOrganization)
	if n := len(SignerProfile(cert)); len(cs) != n+2 || cs[n].Name != CheckSignatureAlgorithm || cs[n+1].Name != CheckPrivateKeyUsagePeriod {
		t.Fatalf("Evaluate's checks: %+v", cs)
	}
	late := Evaluate(cert, Signature{Algorithm: oidSig2001, Time: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)})
	expectChecks(t, late, with(naOrganization, map[string]want{CheckSignatureAlgorithm: failed(NoPOE),
		CheckPrivateKeyUsagePeriod: warned(OutsideKeyUsagePeriod)}))
}
