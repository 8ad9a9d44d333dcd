package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/fetch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/poa"
	"github.com/gostverify/gostverify/verify"
)

// maxPOASize bounds an МЧД file (a few kilobytes in practice).
const maxPOASize = 4 << 20

// poaFlags are the power-of-attorney flags of verify (--poa, --poa-sig)
// and of verify and batch (--poa-registry).
type poaFlags struct {
	files    []string
	sigs     []string
	registry string
}

func (f *poaFlags) registerRegistry(fs *pflag.FlagSet) {
	fs.StringVar(&f.registry, "poa-registry", poa.DefaultRegistryURL, "the FNS registry of powers of attorney to ask an МЧД's status (its address, or a URL with {number}); --offline: not asked, and no МЧД is then valid")
}

func (f *poaFlags) registerFiles(fs *pflag.FlagSet) {
	fs.StringArrayVar(&f.files, "poa", nil, "a machine-readable power of attorney (МЧД, format 003, XML) to judge the signer's authority by (repeatable)")
	fs.StringArrayVar(&f.sigs, "poa-sig", nil, "the detached signature of the --poa at the same position (default: the --poa file name + .sig, .p7s or .sgn beside it)")
}

// registryFor is the registry a run asks, nil with --offline.
func (f *poaFlags) registryFor(v *verifyFlags) *poa.Registry {
	if v.offline {
		return nil
	}
	return &poa.Registry{URL: f.registry, Client: &fetch.Client{Timeout: v.timeout}, CacheDir: cacheDir(v.cacheDir)}
}

// poaSignatureBeside finds the detached signature of an МЧД next to it.
func poaSignatureBeside(name string) string {
	for _, ext := range []string{".sig", ".p7s", ".sgn"} {
		if fi, err := os.Stat(name + ext); err == nil && fi.Mode().IsRegular() {
			return name + ext
		}
	}
	return ""
}

// readPOAFile reads an МЧД or its signature, bounded.
func readPOAFile(name string, max int64, l i18n.Lang) ([]byte, error) {
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errors.New(l.Sprintf(i18n.ErrPOAIsDir, name))
	}
	if fi.Size() > max {
		return nil, errors.New(l.Sprintf(i18n.ErrPOATooLarge, name, fi.Size(), max))
	}
	return os.ReadFile(name)
}

// loadPOAs reads and checks the --poa files with v.
func (f *poaFlags) loadPOAs(ctx context.Context, v *verify.Verifier, l i18n.Lang) ([]*verify.POA, error) {
	files, err := f.readPOAs(l)
	if err != nil {
		return nil, err
	}
	var out []*verify.POA
	for _, file := range files {
		out = append(out, v.LoadPOA(ctx, file))
	}
	return out, nil
}

// readPOAs reads the --poa files and their signatures.
func (f *poaFlags) readPOAs(l i18n.Lang) ([]verify.POAFile, error) {
	if len(f.sigs) > len(f.files) {
		return nil, &usageError{l.Sprintf(i18n.ErrPOASigWithout)}
	}
	var out []verify.POAFile
	for i, name := range f.files {
		data, err := readPOAFile(name, maxPOASize, l)
		if err != nil {
			return nil, err
		}
		file := verify.POAFile{Name: name, Data: data}
		sig := ""
		if i < len(f.sigs) {
			sig = f.sigs[i]
		} else {
			sig = poaSignatureBeside(name)
		}
		if sig != "" {
			if file.Signature, err = readPOAFile(sig, verify.MaxSignatureSize, l); err != nil {
				return nil, err
			}
			file.SignatureName = sig
		}
		out = append(out, file)
	}
	return out, nil
}

// poaExit is the exit status of a report judged with powers of attorney:
// the worse of the signatures' and their powers'.
func poaExit(r *verify.Report) verify.Status {
	if p := r.POAStatus(); p != "" {
		return verify.Worst(r.Status, p)
	}
	return r.Status
}

const poaUsage = `usage: gostverify poa show [--json] FILE

Prints a machine-readable power of attorney (МЧД, format 003, XML): its
number, dates, principal and the persons who act for it, representative
and powers. It checks the file's structure only; 'gostverify verify --poa
FILE SIGNATURE' judges a signature by it (its own signature, the match to
the signer, the FNS registry).

flags:
`

func runPOA(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "show" {
		sub := ""
		if len(args) > 0 {
			sub = args[0]
		}
		fmt.Fprintf(stderr, "gostverify: error: %s\n%s", i18n.FromEnv().Sprintf(i18n.ErrPOASubcommand, sub), poaUsage)
		return exitUsage
	}
	var (
		asJSON bool
		lang   string
	)
	cmd := command{name: "poa show", usage: poaUsage, minArgs: 1, maxArgs: 1, needs: i18n.NeedsPOAShow}
	fs, code, ok := cmd.parse(args[1:], stderr, func(fs *pflag.FlagSet) {
		fs.BoolVar(&asJSON, "json", false, "print JSON")
		fs.StringVar(&lang, "lang", "", "language of the output: en or ru (default: from LANG)")
	})
	if !ok {
		return code
	}
	l, err := i18n.Parse(lang)
	if err != nil {
		return cmd.fail(stderr, &usageError{i18n.FromEnv().Sprintf(i18n.ErrLangValue, lang)})
	}
	name := fs.Arg(0)
	data, err := readPOAFile(name, maxPOASize, l)
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	p, err := poa.Parse(data, filepath.Base(name), poa.Limits{})
	if err != nil {
		return cmd.errorExit(stderr, fmt.Errorf("%s: %s", name, verify.Detail(l, err)))
	}
	view := poaViewOf(name, p)
	if asJSON {
		if err := writeJSON(stdout, view); err != nil {
			return cmd.errorExit(stderr, err)
		}
		return exitValid
	}
	view.writeText(stdout, l)
	return exitValid
}

// poaView is what poa show prints.
type poaView struct {
	File            string            `json:"file"`
	Format          string            `json:"format"`
	FileID          string            `json:"file_id"`
	Number          string            `json:"number"`
	InternalNumber  string            `json:"internal_number,omitempty"`
	IssuedOn        string            `json:"issued_on"`
	ValidUntil      string            `json:"valid_until"`
	ForTax          bool              `json:"for_tax,omitempty"`
	Redelegation    bool              `json:"redelegation,omitempty"`
	Transfer        string            `json:"transfer,omitempty"`
	Registry        string            `json:"registry,omitempty"`
	Principals      []verify.POAParty `json:"principals"`
	Representatives []verify.POAParty `json:"representatives"`
	Powers          []verify.POAPower `json:"powers"`
	PowersText      string            `json:"powers_text,omitempty"`
	JointPowers     string            `json:"joint_powers,omitempty"`
}

func poaViewOf(name string, p *poa.PowerOfAttorney) *poaView {
	v := &poaView{File: name, Format: p.Format, FileID: p.FileID, Number: p.Number, InternalNumber: p.InternalNumber,
		IssuedOn: p.IssuedOn.String(), ValidUntil: p.ValidUntil.String(), ForTax: p.ForTax, Redelegation: p.Redelegation,
		Transfer: p.Transfer, Registry: p.Registry, PowersText: p.PowersText, JointPowers: p.JointPowers,
		Principals: []verify.POAParty{}, Representatives: []verify.POAParty{}, Powers: []verify.POAPower{}}
	for i := range p.Principals {
		v.Principals = append(v.Principals, *verify.PrincipalOf(&p.Principals[i]))
	}
	for i := range p.Representatives {
		v.Representatives = append(v.Representatives, *verify.PartyOf(&p.Representatives[i]))
	}
	for _, pw := range p.Powers {
		v.Powers = append(v.Powers, verify.POAPower{Code: pw.Code, Name: pw.Name})
	}
	return v
}

func (v *poaView) writeText(w io.Writer, l i18n.Lang) {
	fmt.Fprintln(w, l.Sprintf(i18n.POAShowNumber, v.Number, v.InternalNumber))
	fmt.Fprintln(w, l.Sprintf(i18n.POAShowPeriod, v.IssuedOn, v.ValidUntil))
	for _, p := range v.Principals {
		fmt.Fprintln(w, l.Sprintf(i18n.POAShowPrincipal, partyLine(p)))
		for _, person := range p.Persons {
			fmt.Fprintln(w, l.Sprintf(i18n.POAShowHead, person))
		}
	}
	for _, r := range v.Representatives {
		fmt.Fprintln(w, l.Sprintf(i18n.POAShowRepresentative, partyLine(r)))
	}
	if v.PowersText != "" {
		fmt.Fprintln(w, l.Sprintf(i18n.POAShowPowersText, v.PowersText))
	}
	for _, pw := range v.Powers {
		fmt.Fprintf(w, "  %s  %s\n", pw.Code, pw.Name)
	}
	if v.Registry != "" {
		fmt.Fprintln(w, l.Sprintf(i18n.POAShowRegistry, v.Registry))
	}
}

// partyLine is a party in one line: name, then its numbers.
func partyLine(p verify.POAParty) string {
	parts := []string{p.Name}
	for _, kv := range [][2]string{{"ИНН", p.INN}, {"КПП", p.KPP}, {"ОГРН", p.OGRN}, {"СНИЛС", p.SNILS}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+" "+kv[1])
		}
	}
	if p.Position != "" {
		parts = append(parts, p.Position)
	}
	return strings.Join(parts, ", ")
}
