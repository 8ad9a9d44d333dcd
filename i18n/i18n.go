// Package i18n is gostverify's one message catalogue: every text a person
// reads — reasons, notes, warnings, hints, labels — in Russian and English,
// identified by a Message and printed with golang.org/x/text/message, so
// plural forms are right in both (1 подпись, 2 подписи, 5 подписей).
//
// Pick the language with Parse (the value of --lang) or FromEnv (LC_ALL,
// LC_MESSAGES, LANG, as POSIX orders them), then print a message:
//
//	lang, err := i18n.Parse(flagValue) // "" means FromEnv()
//	fmt.Println(lang.Sprintf(i18n.ReasonDigestMismatch))
//	fmt.Println(lang.Sprintf(i18n.CountSignatures, 5)) // "5 подписей"
//
// Codes never change with the language: statuses, sub-indications, error
// classes and JSON keys are for programs and stay as they are. Messages are
// whole sentences with their arguments, never concatenated from fragments
// of another language. Every Message has both languages; a test fails on a
// missing one.
package i18n

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// Lang is a language of the output.
type Lang string

// The languages of the output.
const (
	English Lang = "en"
	Russian Lang = "ru"
)

// Parse reads the value of --lang: "ru" or "en" in any case, or a locale
// such as ru_RU.UTF-8; "" is FromEnv().
func Parse(s string) (Lang, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	switch {
	case v == "":
		return FromEnv(), nil
	case v == "en" || strings.HasPrefix(v, "en_") || strings.HasPrefix(v, "en-"):
		return English, nil
	case v == "ru" || strings.HasPrefix(v, "ru_") || strings.HasPrefix(v, "ru-"):
		return Russian, nil
	}
	return "", fmt.Errorf("unknown language %q: use en or ru", s)
}

// FromEnv is Russian when LC_ALL, else LC_MESSAGES, else LANG (the first
// one set and not empty) starts with "ru", and English otherwise.
func FromEnv() Lang {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := os.Getenv(name); v != "" {
			if strings.HasPrefix(strings.ToLower(v), "ru") {
				return Russian
			}
			return English
		}
	}
	return English
}

// Message identifies a message of the catalogue.
type Message string

// Sprintf prints message m in l with args; an unknown or empty l is
// English. An argument that is a Localizer (a Text, a cause that explains
// itself) is printed in l too.
func (l Lang) Sprintf(m Message, args ...any) string {
	p := printers[English]
	if q, ok := printers[l]; ok {
		p = q
	}
	plural := plurals[m]
	for i, a := range args {
		if n, ok := plainInteger(a); ok && !plural {
			// Numbers as fmt prints them (9003641): the printer would
			// group digits by the locale, which programs and tests
			// reading file sizes and limits do not expect.
			args = append([]any{}[:0:0], args...) // the caller's slice is not changed
			args[i] = n
			continue
		}
		if loc, ok := a.(Localizer); ok {
			args = append([]any{}[:0:0], args...) // the caller's slice is not changed
			args[i] = loc.In(l)
		}
	}
	return p.Sprintf(string(m), args...)
}

// plainInteger is an integer argument that prints its decimal digits as
// fmt does, for %d, %v and %X alike.
func plainInteger(a any) (digits, bool) {
	switch v := a.(type) {
	case int:
		return digits{v}, true
	case int64:
		return digits{v}, true
	case int32:
		return digits{v}, true
	case uint:
		return digits{v}, true
	case uint64:
		return digits{v}, true
	case uint32:
		return digits{v}, true
	case uint16:
		return digits{v}, true
	}
	return digits{}, false
}

// digits formats an integer with package fmt, whatever the printer.
type digits struct{ v any }

func (d digits) Format(f fmt.State, verb rune) {
	fmt.Fprintf(f, fmt.FormatString(f, verb), d.v)
}

// A Localizer prints itself in a language.
type Localizer interface {
	In(Lang) string
}

// Text is a message with its arguments, to be printed later in the
// language the reader asks for.
type Text struct {
	Message Message
	Args    []any
}

// T makes a Text.
func T(m Message, args ...any) Text { return Text{m, args} }

// In prints t in l.
func (t Text) In(l Lang) string { return l.Sprintf(t.Message, t.Args...) }

// String prints t in English.
func (t Text) String() string { return t.In(English) }

// plurals are the messages that select a plural form by a number, which
// must reach the printer as a number.
var plurals = map[Message]bool{}

var tags = map[Lang]language.Tag{English: language.English, Russian: language.Russian}

// printers print the catalogue, one per language.
var printers = func() map[Lang]*message.Printer {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	for _, e := range entries() {
		for l, v := range map[Lang]any{English: e.en, Russian: e.ru} {
			var err error
			switch v := v.(type) {
			case string:
				err = b.SetString(tags[l], string(e.id), v)
			case catalog.Message:
				err = b.Set(tags[l], string(e.id), v)
			default:
				err = fmt.Errorf("unsupported value %T", v)
			}
			if err != nil {
				panic(fmt.Sprintf("i18n: message %q (%s): %v", e.id, l, err))
			}
		}
	}
	for _, e := range entries() {
		_, en := e.en.(string)
		_, ru := e.ru.(string)
		if !en || !ru {
			plurals[e.id] = true
		}
	}
	ps := map[Lang]*message.Printer{}
	for l, tag := range tags {
		ps[l] = message.NewPrinter(tag, message.Catalog(b))
	}
	return ps
}()

// entries are the messages of every part of the catalogue.
func entries() []entry {
	return slices.Concat(catalogue, commandCatalogue, usageCatalogue, batchCatalogue, batchReasonCatalogue, batchInputCatalogue, classCatalogue, detailCatalogue, longTermCatalogue, protocolCatalogue, qualifiedCatalogue, tslCommandCatalogue, poaCatalogue, stateCatalogue, pdfCatalogue, extendCatalogue)
}

// Messages lists every message of the catalogue.
func Messages() []Message {
	all := entries()
	out := make([]Message, len(all))
	for i, e := range all {
		out[i] = e.id
	}
	return out
}
