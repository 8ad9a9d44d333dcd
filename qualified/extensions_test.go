package qualified

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"

	"github.com/gostverify/gostverify/internal/gostengine"
)

// der builds DER with cryptobyte.
func der(f func(b *cryptobyte.Builder)) []byte {
	var b cryptobyte.Builder
	f(&b)
	return b.BytesOrPanic()
}

func utf8s(b *cryptobyte.Builder, s string) {
	b.AddASN1(cbasn1.UTF8String, func(b *cryptobyte.Builder) { b.AddBytes([]byte(s)) })
}

func TestParseSubjectSignTool(t *testing.T) {
	for _, tc := range []struct {
		name string
		der  []byte
		want string // "" for an error
	}{
		{"real", der(func(b *cryptobyte.Builder) { utf8s(b, `СКЗИ "КриптоПро CSP" (версия 5.0)`) }), `СКЗИ "КриптоПро CSP" (версия 5.0)`},
		{"200 characters", der(func(b *cryptobyte.Builder) { utf8s(b, strings.Repeat("Ж", 200)) }), strings.Repeat("Ж", 200)},
		{"201 characters", der(func(b *cryptobyte.Builder) { utf8s(b, strings.Repeat("Ж", 201)) }), ""},
		{"empty", der(func(b *cryptobyte.Builder) { utf8s(b, "") }), ""},
		{"PrintableString", der(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.PrintableString, func(b *cryptobyte.Builder) { b.AddBytes([]byte("CSP")) })
		}), ""},
		{"not UTF-8", der(func(b *cryptobyte.Builder) { utf8s(b, "\xff\xfe") }), ""},
		{"trailing data", append(der(func(b *cryptobyte.Builder) { utf8s(b, "CSP") }), 0), ""},
		{"nothing", nil, ""},
		{"long form length", []byte{0x0c, 0x81, 0x01, 'x'}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseSubjectSignTool(tc.der)
			if (err == nil) != (tc.want != "") || got != tc.want {
				t.Fatalf("ParseSubjectSignTool = %q, %v; want %q", got, err, tc.want)
			}
			var pe *ParseError
			if err != nil && !errors.As(err, &pe) {
				t.Fatalf("error %T is not a *ParseError", err)
			}
		})
	}
}

func TestParseIssuerSignTool(t *testing.T) {
	ist := func(fields ...string) []byte {
		return der(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				for _, f := range fields {
					utf8s(b, f)
				}
			})
		})
	}
	four := []string{"СКЗИ", "ПАК УЦ", "СФ/124-3966", "СФ/128-3868"}
	for _, tc := range []struct {
		name   string
		der    []byte
		ok     bool
		detail string
	}{
		{"four", ist(four...), true, ""},
		{"three", ist(four[:3]...), false, "cAToolCert: missing"},
		{"five", ist(append(four, "x")...), false, "more than four fields"},
		{"empty field", ist("СКЗИ", "", "a", "b"), false, "cATool: 0 characters"},
		{"signTool of 201", ist(strings.Repeat("a", 201), "b", "c", "d"), false, "signTool: 201 characters"},
		{"cAToolCert of 100", ist("a", "b", "c", strings.Repeat("я", 100)), true, ""},
		{"cAToolCert of 101", ist("a", "b", "c", strings.Repeat("я", 101)), false, "cAToolCert: 101 characters"},
		{"a SET", der(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { utf8s(b, "a") })
		}), false, "not a SEQUENCE"},
		{"trailing data", append(ist(four...), 0x05, 0x00), false, "trailing data"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseIssuerSignTool(tc.der)
			if (err == nil) != tc.ok {
				t.Fatalf("ParseIssuerSignTool = %+v, %v", got, err)
			}
			if err != nil && !strings.Contains(err.Error(), tc.detail) {
				t.Fatalf("error %q does not say %q", err, tc.detail)
			}
		})
	}
	got, _ := ParseIssuerSignTool(ist(four...))
	if got != (IssuerSignTool{four[0], four[1], four[2], four[3]}) {
		t.Fatalf("fields %+v", got)
	}
}

func TestParseIdentificationKind(t *testing.T) {
	for _, tc := range []struct {
		der  []byte
		want IdentificationKind
		ok   bool
	}{
		{[]byte{2, 1, 0}, Personal, true},
		{[]byte{2, 1, 1}, RemoteCert, true},
		{[]byte{2, 1, 2}, RemotePassport, true},
		{[]byte{2, 1, 3}, RemoteSystem, true},
		{[]byte{2, 1, 4}, 0, false},
		{[]byte{2, 1, 0xff}, 0, false},    // -1
		{[]byte{2, 2, 0, 1}, 0, false},    // not minimal
		{[]byte{2, 1, 1, 0}, 0, false},    // trailing data
		{[]byte{0x0a, 1, 1}, 0, false},    // ENUMERATED
		{[]byte{2, 0}, 0, false},          // empty INTEGER
		{[]byte{2, 0x81, 1, 1}, 0, false}, // long form length
		{nil, 0, false},
	} {
		got, err := ParseIdentificationKind(tc.der)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseIdentificationKind(%x) = %v, %v", tc.der, got, err)
		}
	}
	if RemoteCert.String() != "remote_cert (1)" || IdentificationKind(9).String() != "unknown (9)" {
		t.Errorf("names: %s, %s", RemoteCert, IdentificationKind(9))
	}
}

// pkup builds a privateKeyUsagePeriod with the given raw bounds; nil
// leaves a bound out.
func pkup(notBefore, notAfter []byte) []byte {
	return der(func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			if notBefore != nil {
				b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(notBefore) })
			}
			if notAfter != nil {
				b.AddASN1(cbasn1.Tag(1).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes(notAfter) })
			}
		})
	})
}

func TestParsePrivateKeyUsagePeriod(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		name   string
		der    []byte
		nb, na string // RFC 3339, "" when absent; both "" for an error
		detail string
	}{
		{"both", pkup([]byte("20230215201459Z"), []byte("20240515201459Z")), "2023-02-15T20:14:59Z", "2024-05-15T20:14:59Z", ""},
		{"notBefore only", pkup([]byte("20230215201459Z"), nil), "2023-02-15T20:14:59Z", "", ""},
		{"notAfter only", pkup(nil, []byte("20240515201459Z")), "", "2024-05-15T20:14:59Z", ""},
		// The Минцифры root of 2025-12-17 writes its notBefore so.
		{"fraction", pkup([]byte("20251217100600.876Z"), []byte("20331217100600Z")), "2025-12-17T10:06:00.876Z", "2033-12-17T10:06:00Z", ""},
		{"fraction with a trailing zero", pkup([]byte("20251217100600.870Z"), nil), "", "", "malformed DER GeneralizedTime"},
		{"empty fraction", pkup([]byte("20251217100600.Z"), nil), "", "", "malformed DER GeneralizedTime"},
		{"no seconds", pkup([]byte("202512171006Z"), nil), "", "", "malformed DER GeneralizedTime"},
		{"local time", pkup([]byte("20251217100600"), nil), "", "", "not in UTC"},
		{"offset", pkup([]byte("20251217100600+0300"), nil), "", "", "not in UTC"},
		{"UTCTime form", pkup([]byte("251217100600Z"), nil), "", "", "malformed DER GeneralizedTime"},
		{"month 13", pkup([]byte("20251317100600Z"), nil), "", "", "malformed DER GeneralizedTime"},
		{"neither", pkup(nil, nil), "", "", "neither notBefore nor notAfter"},
		{"reversed", pkup([]byte("20240515201459Z"), []byte("20230215201459Z")), "", "", "notAfter is before notBefore"},
		{"misordered", der(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.Tag(1).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("20240515201459Z")) })
				b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) { b.AddBytes([]byte("20230215201459Z")) })
			})
		}), "", "", "unexpected or misordered field"},
		{"universal GeneralizedTime", der(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1GeneralizedTime(time.Date(2023, 2, 15, 0, 0, 0, 0, time.UTC))
			})
		}), "", "", "unexpected or misordered field"},
		{"constructed [0]", der(func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
					b.AddASN1GeneralizedTime(time.Date(2023, 2, 15, 0, 0, 0, 0, time.UTC))
				})
			})
		}), "", "", "unexpected or misordered field"},
		{"trailing data", append(pkup([]byte("20230215201459Z"), nil), 0), "", "", "trailing data"},
		{"not a SEQUENCE", []byte{0x31, 0}, "", "", "not a SEQUENCE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ParsePrivateKeyUsagePeriod(tc.der)
			if tc.nb == "" && tc.na == "" {
				if err == nil || !strings.Contains(err.Error(), tc.detail) {
					t.Fatalf("ParsePrivateKeyUsagePeriod = %+v, %v; want an error saying %q", p, err, tc.detail)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.nb != "" && !p.NotBefore.Equal(at(tc.nb)) || tc.nb == "" && !p.NotBefore.IsZero() ||
				tc.na != "" && !p.NotAfter.Equal(at(tc.na)) || tc.na == "" && !p.NotAfter.IsZero() {
				t.Fatalf("period %+v, want %s to %s", p, tc.nb, tc.na)
			}
		})
	}
}

// encodePeriod writes a period as DER, the way the parser reads it.
func encodePeriod(p PrivateKeyUsagePeriod) []byte {
	bound := func(t time.Time) []byte {
		if t.IsZero() {
			return nil
		}
		return []byte(t.UTC().Format(generalizedTimeLayout))
	}
	return pkup(bound(p.NotBefore), bound(p.NotAfter))
}

// TestPrivateKeyUsagePeriodOpenSSL reads every privateKeyUsagePeriod of the
// real certificates and compares it with what OpenSSL prints.
func TestPrivateKeyUsagePeriodOpenSSL(t *testing.T) {
	gostengine.Require(t)
	n := 0
	for name, cert := range realCertificateFiles(t) {
		v, ok := extension(cert.Extensions, OIDPrivateKeyUsagePeriod)
		if !ok {
			continue
		}
		n++
		p, err := ParsePrivateKeyUsagePeriod(v)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(encodePeriod(p), v) {
			t.Errorf("%s: the period does not encode back to the same DER", name)
		}
		cmd := exec.Command("openssl", "x509", "-inform", "DER", "-noout", "-ext", "privateKeyUsagePeriod")
		cmd.Stdin = bytes.NewReader(cert.Raw)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s: openssl: %v", name, err)
		}
		// "Not Before: Feb 15 20:14:59 2023 GMT, Not After: May 15 20:14:59 2024 GMT"
		const layout = "Jan _2 15:04:05.999999999 2006 GMT"
		var parts []string
		if !p.NotBefore.IsZero() {
			parts = append(parts, "Not Before: "+p.NotBefore.UTC().Format(layout))
		}
		if !p.NotAfter.IsZero() {
			parts = append(parts, "Not After: "+p.NotAfter.UTC().Format(layout))
		}
		want := strings.Join(parts, ", ")
		if !strings.Contains(string(out), want) {
			t.Errorf("%s: OpenSSL prints\n%s\nwe read %s", name, out, want)
		}
	}
	if n < 20 {
		t.Errorf("only %d real certificates with a private key usage period", n)
	}
}

func FuzzParseExtensions(f *testing.F) {
	for _, c := range realCertificates(f) {
		for _, e := range c.Extensions {
			f.Add(e.Value)
		}
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if p, err := ParsePrivateKeyUsagePeriod(v); err == nil && !bytes.Equal(encodePeriod(p), v) {
			t.Fatalf("privateKeyUsagePeriod %x accepted but is not the DER of %+v", v, p)
		}
		if ist, err := ParseIssuerSignTool(v); err == nil {
			re := der(func(b *cryptobyte.Builder) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					for _, s := range []string{ist.SignTool, ist.CATool, ist.SignToolCert, ist.CAToolCert} {
						utf8s(b, s)
					}
				})
			})
			if !bytes.Equal(re, v) {
				t.Fatalf("issuerSignTool %x accepted but is not DER", v)
			}
		}
		if s, err := ParseSubjectSignTool(v); err == nil && !bytes.Equal(der(func(b *cryptobyte.Builder) { utf8s(b, s) }), v) {
			t.Fatalf("subjectSignTool %x accepted but is not DER", v)
		}
		ParseIdentificationKind(v)
	})
}
