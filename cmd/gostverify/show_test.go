package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/gostverify/gostverify/cms"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// TestShowPrintsDescription: show prints verify.Describe's description
// as it is, in text (in each language) and in JSON, and exits 0; what
// an attribute holds is decided and tested in package verify.
func TestShowPrintsDescription(t *testing.T) {
	const path = "../../testdata/cades/xl1.sig"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sd, err := cms.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	d := verify.Describe(path, sd)
	for _, tt := range []struct {
		args []string
		want func(*bytes.Buffer) error
	}{
		{[]string{"--lang", "en"}, func(b *bytes.Buffer) error { return d.WriteText(b, i18n.English) }},
		{[]string{"--lang", "ru"}, func(b *bytes.Buffer) error { return d.WriteText(b, i18n.Russian) }},
		{[]string{"--json"}, func(b *bytes.Buffer) error { return writeJSON(b, d) }},
	} {
		var want, stdout, stderr bytes.Buffer
		if err := tt.want(&want); err != nil {
			t.Fatal(err)
		}
		code := run(append(append([]string{"show"}, tt.args...), path), &stdout, &stderr)
		if code != exitValid || stderr.Len() > 0 {
			t.Errorf("show %q: exit %d, stderr %q", tt.args, code, stderr.String())
		}
		if stdout.String() != want.String() {
			t.Errorf("show %q printed\n%s\nwant\n%s", tt.args, stdout.String(), want.String())
		}
	}
}
