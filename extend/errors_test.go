package extend

import (
	"strings"
	"testing"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// TestErrorIn: an Error says its signer, reason and cause in Russian
// through verify.Detail, and every Reason has a code and Russian words.
func TestErrorIn(t *testing.T) {
	e := &Error{Reason: TSARejected, Signer: "1", Err: &Error{Reason: RevocationUnavailable}}
	got := verify.Detail(i18n.Russian, e)
	for _, want := range []string{"подпись 1", "служба штампов времени отклонила запрос", "не удалось получить данные о статусе отзыва"} {
		if !strings.Contains(got, want) {
			t.Errorf("%q: no %q", got, want)
		}
	}
	if en := verify.Detail(i18n.English, e); en != e.Error() {
		t.Errorf("in English %q, want %q", en, e.Error())
	}
	for r := NotValid; r <= Encoding; r++ {
		if r.Code() == "unknown" || r.In(i18n.Russian) == r.String() {
			t.Errorf("reason %d (%s): code %q, Russian %q", r, r, r.Code(), r.In(i18n.Russian))
		}
	}
}
