package i18n

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
)

var verb = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[a-zA-Z%]`)

// TestCatalogue: every message has both languages, takes the same number
// of arguments in both, prints without a formatting error, and the Russian
// is Russian (not the English left in place).
func TestCatalogue(t *testing.T) {
	seen := map[Message]bool{}
	for _, e := range entries() {
		if seen[e.id] {
			t.Errorf("%s: defined twice", e.id)
		}
		seen[e.id] = true
		if e.en == nil || e.ru == nil || e.en == "" || e.ru == "" {
			t.Errorf("%s: a language is missing", e.id)
			continue
		}
		args := []any{7} // plural selections take the count
		if s, ok := e.en.(string); ok {
			verbs := verb.FindAllString(s, -1)
			if r, ok := e.ru.(string); ok && len(verb.FindAllString(r, -1)) != len(verbs) {
				t.Errorf("%s: %d arguments in English, %d in Russian", e.id, len(verbs), len(verb.FindAllString(r, -1)))
			}
			args = args[:0]
			for _, v := range verbs {
				if strings.HasSuffix(v, "d") {
					args = append(args, 7)
				} else {
					args = append(args, "x")
				}
			}
		}
		en, ru := English.Sprintf(e.id, args...), Russian.Sprintf(e.id, args...)
		for _, out := range []string{en, ru} {
			if strings.Contains(out, "%!") || out == string(e.id) {
				t.Errorf("%s: prints %q", e.id, out)
			}
		}
		if f, ok := e.en.(string); ok && hasLetters(verb.ReplaceAllString(f, "")) && !hasCyrillic(ru) && !strings.HasPrefix(ru, "--") {
			t.Errorf("%s: the Russian %q has no Russian word", e.id, ru)
		}
	}
}

func hasLetters(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

func hasCyrillic(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) >= 0
}

// TestRussianPlurals: 1 подпись, 2–4 подписи, 5–20 подписей, 21 подпись …
func TestRussianPlurals(t *testing.T) {
	for n, want := range map[int]string{
		0: "0 подписей", 1: "1 подпись", 2: "2 подписи", 4: "4 подписи", 5: "5 подписей", 11: "11 подписей",
		12: "12 подписей", 21: "21 подпись", 22: "22 подписи", 25: "25 подписей", 101: "101 подпись", 111: "111 подписей",
	} {
		if got := Russian.Sprintf(CountSignatures, n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{1: "1 signature", 2: "2 signatures", 21: "21 signatures"} {
		if got := English.Sprintf(CountSignatures, n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{1: "его 1 штамп времени недействителен", 3: "ни один из его 3 штампов времени не действителен"} {
		if got := Russian.Sprintf(LayerNoValidTimestamp, n); got != want {
			t.Errorf("%d timestamps: %q, want %q", n, got, want)
		}
	}
	if got := English.Sprintf(LayerNoValidTimestamp, 2); got != "none of its 2 timestamps is valid" {
		t.Errorf("2 timestamps: %q", got)
	}
}

func TestParse(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "ru_RU.UTF-8")
	t.Setenv("LANG", "en_US.UTF-8")
	for in, want := range map[string]Lang{"": Russian, "en": English, "RU": Russian, "ru_RU.UTF-8": Russian, "en-GB": English} {
		if got, err := Parse(in); err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := Parse("de"); err == nil {
		t.Error("Parse(de) accepted")
	}
}

// TestNumbersAsDigits: sizes and limits print as fmt prints them, never
// grouped by the locale (9003641, not 9,003,641 nor 9 003 641), while
// plural messages still select their form by the number.
func TestNumbersAsDigits(t *testing.T) {
	for _, l := range []Lang{English, Russian} {
		if got := l.Sprintf(InputMaxTotal, int64(9003641), uint64(1048576)); !strings.Contains(got, "9003641") || !strings.Contains(got, "1048576") {
			t.Errorf("%s: %q", l, got)
		}
	}
	if got := Russian.Sprintf(CountSignatures, 1001); got != "1001 подпись" && got != "1\u00a0001 подпись" {
		t.Errorf("plural of 1001: %q", got)
	}
}
