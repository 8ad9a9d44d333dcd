package batch

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/tsl"
	"github.com/gostverify/gostverify/verify"
)

// testList is the signed test edition of the list of accredited CAs
// (tsl/testdata/list_v1.xml: ООО "УЦ Альфа", the CA of testdata/cms, is
// accredited), its signature checked.
func testList(t *testing.T) *tsl.List {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "tsl", "testdata", "list_v1.xml"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := tsl.Read(data, tsl.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// qualifiedRun verifies testdata/cms's invoice.xml.sig beside its
// document under policy, with list (nil: none).
func qualifiedRun(t *testing.T, policy verify.Policy, list *tsl.List, vlang Lang) *Report {
	t.Helper()
	opts := batchOptions(t)
	opts.Verify.Policy, opts.Verify.TSL, opts.Verify.Lang = policy, list, vlang
	dir := t.TempDir()
	for _, name := range []string{"invoice.xml", "invoice.xml.sig"} {
		data, err := os.ReadFile(filepath.Join(cmsDir, name))
		if err != nil {
			t.Fatal(err)
		}
		writeTestFile(t, filepath.Join(dir, name), data)
	}
	rep, err := Run(context.Background(), []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestQualifiedReports: under the qualified policy with a list, each
// rendering says the signer's qualified status beside the verdict — the
// CSV in its last two columns, the HTML протокол in a line with the
// reason, the CA the list names and the checks not passed, and the list's
// edition in its header — and the summary counts the statuses. Under the
// basic policy none of it, and the header names the policy.
func TestQualifiedReports(t *testing.T) {
	list := testList(t)
	rep := qualifiedRun(t, verify.PolicyQualified, list, English)
	if rep.Policy != verify.PolicyQualified || rep.TSL == nil || rep.TSL.Version != list.Version {
		t.Fatalf("policy %q, list %+v", rep.Policy, rep.TSL)
	}
	var sig *Entry
	for i := range rep.Entries {
		if rep.Entries[i].Kind == KindSignature {
			sig = &rep.Entries[i]
		}
	}
	q := sig.Verification.Signatures[0].Qualified
	if q == nil || q.CA == nil || !strings.Contains(q.CA.Name, "УЦ Альфа") {
		t.Fatalf("qualified %+v: want the CA УЦ Альфа", q)
	}
	var failed []string
	for _, c := range q.Checks {
		if c.Result == "failed" {
			failed = append(failed, c.Name)
		}
	}
	headline := map[string]i18n.Message{verify.StatusQualified: i18n.BatchQualifiedYes,
		verify.StatusNotQualified: i18n.BatchQualifiedNo, verify.StatusUnknown: i18n.BatchQualifiedUnknown}[q.Status]

	// CSV: the status and the CA at the end of the row.
	var b bytes.Buffer
	if err := rep.WriteCSV(&b, English); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	n := slices.Index(rows[0], "qualified_ca") + 1
	if n < 2 || rows[0][n-2] != "qualified" || rows[0][n-1] != "qualified_ca" {
		t.Fatalf("header %q", rows[0])
	}
	i := slices.IndexFunc(rows, func(r []string) bool { return strings.HasSuffix(r[0], "invoice.xml.sig") })
	if i < 0 || rows[i][n-2] != q.Status || rows[i][n-1] != q.CA.Name {
		t.Errorf("CSV row %q: want %s, %s", rows[max(i, 0)], q.Status, q.CA.Name)
	}

	for _, lang := range []Lang{English, Russian} {
		b.Reset()
		if err := rep.WriteHTML(&b, lang); err != nil {
			t.Fatal(err)
		}
		page := html.UnescapeString(b.String())
		want := []string{lang.Sprintf(i18n.BatchQualified), lang.Sprintf(headline), lang.Sprintf(i18n.BatchQualifiedCA) + ": " + q.CA.Name,
			lang.Sprintf(i18n.BatchTSL), lang.Sprintf(i18n.BatchTSLEdition, list.Version, formatListTime(list.Date)),
			lang.Sprintf(i18n.BatchPolicyQualified), "Действует"}
		for _, code := range failed {
			want = append(want, "<code>"+code+"</code> ("+lang.Sprintf(i18n.BatchCheckFailed)+")")
		}
		if len(failed) > 0 {
			want = append(want, lang.Sprintf(i18n.BatchQualifiedChecks))
		}
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s HTML: no %q", lang, w)
			}
		}
		if lang == Russian && strings.Contains(page, q.Checks[0].Detail) {
			t.Errorf("ru HTML: a check's English detail %q", q.Checks[0].Detail)
		}

		b.Reset()
		if err := rep.WriteSummary(&b, lang); err != nil {
			t.Fatal(err)
		}
		counts := summaryCounts(b.String())
		for m, want := range map[i18n.Message]int{i18n.BatchCountQualified: rep.Summary.Qualified,
			i18n.BatchCountNotQualified: rep.Summary.NotQualified, i18n.BatchCountQualUnknown: rep.Summary.QualifiedUnknown} {
			if got, ok := counts[lang.Sprintf(m)]; !ok || got != want {
				t.Errorf("%s summary: %s %d (present %v), want %d", lang, lang.Sprintf(m), got, ok, want)
			}
		}
		if rep.Summary.Qualified+rep.Summary.NotQualified+rep.Summary.QualifiedUnknown != 1 {
			t.Errorf("summary %+v: one signer, counted once", rep.Summary)
		}
		if !strings.Contains(b.String(), lang.Sprintf(i18n.BatchTSL)+": "+lang.Sprintf(i18n.BatchTSLEdition, list.Version, formatListTime(list.Date))) {
			t.Errorf("%s summary does not name the list:\n%s", lang, b.String())
		}
	}

	// JSON: the policy, the list and the counts at the top, the status in
	// each verification.
	b.Reset()
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var back struct {
		Policy  string          `json:"policy"`
		TSL     verify.ListInfo `json:"tsl"`
		Summary Summary         `json:"summary"`
		Entries []Entry         `json:"entries"`
	}
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back.Policy != "qualified" || back.TSL.Version != list.Version ||
		back.Summary.Qualified+back.Summary.NotQualified+back.Summary.QualifiedUnknown != 1 {
		t.Errorf("JSON: policy %q, list %+v, summary %+v", back.Policy, back.TSL, back.Summary)
	}

	// The basic policy: no qualified status anywhere, the policy named.
	basic := qualifiedRun(t, verify.PolicyBasic, list, English)
	if basic.Policy != verify.PolicyBasic || basic.TSL != nil {
		t.Errorf("basic: policy %q, list %+v", basic.Policy, basic.TSL)
	}
	for _, lang := range []Lang{English, Russian} {
		b.Reset()
		if err := basic.WriteHTML(&b, lang); err != nil {
			t.Fatal(err)
		}
		page := html.UnescapeString(b.String())
		if !strings.Contains(page, lang.Sprintf(i18n.BatchPolicyBasic)) || strings.Contains(page, lang.Sprintf(i18n.BatchQualified)+"<") {
			t.Errorf("basic %s HTML: the policy not named, or a qualified status", lang)
		}
		b.Reset()
		if err := basic.WriteSummary(&b, lang); err != nil {
			t.Fatal(err)
		}
		if _, ok := summaryCounts(b.String())[lang.Sprintf(i18n.BatchCountQualified)]; ok {
			t.Errorf("basic %s summary counts qualified signatures:\n%s", lang, b.String())
		}
	}
	b.Reset()
	if err := basic.WriteCSV(&b, English); err != nil {
		t.Fatal(err)
	}
	rows, err = csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows[1:] {
		if row[n-2] != "" || row[n-1] != "" {
			t.Errorf("basic CSV row %q has a qualified status", row)
		}
	}
}

// TestQualifiedNoList: without a list the status is unknown (or not
// qualified when the certificate fails), and the протокол says no list
// was used; the run's warnings are in the summary and the HTML header.
func TestQualifiedNoList(t *testing.T) {
	rep := qualifiedRun(t, "", nil, Russian)
	if rep.Policy != verify.PolicyQualified || rep.TSL != nil {
		t.Fatalf("policy %q, list %+v", rep.Policy, rep.TSL)
	}
	if rep.Summary.Qualified != 0 {
		t.Errorf("qualified without a list: %+v", rep.Summary)
	}
	rep.Warnings = []string{"перечень аккредитованных УЦ устарел"}
	var b bytes.Buffer
	if err := rep.WriteHTML(&b, Russian); err != nil {
		t.Fatal(err)
	}
	page := html.UnescapeString(b.String())
	for _, w := range []string{Russian.Sprintf(i18n.BatchTSLNone), "<li>" + rep.Warnings[0] + "</li>"} {
		if !strings.Contains(page, w) {
			t.Errorf("HTML: no %q", w)
		}
	}
	b.Reset()
	if err := rep.WriteSummary(&b, Russian); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{Russian.Sprintf(i18n.BatchTSLNone), Russian.Sprintf(i18n.BatchWarnings) + ":\n  " + rep.Warnings[0] + "\n"} {
		if !strings.Contains(b.String(), w) {
			t.Errorf("summary: no %q:\n%s", w, b.String())
		}
	}
}

// TestQualifiedUnverifiedList: a list accepted although its signature does
// not hold is said so in the header of the протокол and in the summary.
func TestQualifiedUnverifiedList(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "tsl", "testdata", "list_unsigned.xml"))
	if err != nil {
		t.Fatal(err)
	}
	list, err := tsl.Read(data, tsl.Options{AcceptUnsignedList: true})
	if err != nil || list.SignatureErr == nil {
		t.Fatalf("the unsigned list: %v, signature error %v", err, list.SignatureErr)
	}
	rep := qualifiedRun(t, verify.PolicyQualified, list, English)
	if rep.TSL == nil || !rep.TSL.Unverified {
		t.Fatalf("list %+v: want unverified", rep.TSL)
	}
	for _, lang := range []Lang{English, Russian} {
		want := lang.Sprintf(i18n.BatchTSLUnverified, list.Version, formatListTime(list.Date))
		var b bytes.Buffer
		if err := rep.WriteHTML(&b, lang); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(html.UnescapeString(b.String()), want) {
			t.Errorf("%s HTML: no %q", lang, want)
		}
		b.Reset()
		if err := rep.WriteSummary(&b, lang); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) {
			t.Errorf("%s summary: no %q", lang, want)
		}
	}
}
