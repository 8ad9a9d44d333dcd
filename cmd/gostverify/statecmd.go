package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/batch"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/runstate"
)

// stateFingerprint is what decides a batch run's results besides its
// inputs: a state made with other values is another run's.
func (f *batchFlags) stateFingerprint() string {
	v := struct {
		Roots, Certs                  []string
		At, Revocation, Policy, Lang  string
		Offline, RequireNonce         bool
		TSL                           string
		Limits                        batch.Limits
		MaxTotal, MaxTemp, MaxInflate string
		MaxPair                       string
		PairCands                     int
		POA, POASig                   []string
		POARegistry                   string
		Extend, ExtendOut, TSA        string
	}{f.roots, f.certs, f.at, f.revocation, f.policy, f.lang, f.offline, f.requireNonce, f.tslFile, f.limits,
		f.maxTotal, f.maxTemp, f.maxInflate, f.maxPair, f.pairCands, f.poa.files, f.poa.sigs, f.poa.registry,
		f.extend, f.extendOut, f.tsa}
	data, _ := json.Marshal(v)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// openState opens --state FILE for this run: a new state, or the state
// of the same command stopped earlier. It returns the validation time the
// run keeps without --at: the state's, so that every signature of a run
// continued later is judged at the same instant.
func (f *batchFlags) openState(inputs []string, stderr io.Writer) (*runstate.Store, time.Time, error) {
	st, resumed, err := runstate.Open(f.state, runstate.Meta{Inputs: inputs, Options: f.stateFingerprint(), Shard: f.shard, Tool: version()})
	if err != nil {
		return nil, time.Time{}, err
	}
	if resumed {
		fmt.Fprintf(stderr, "gostverify: %s\n", f.language().Sprintf(i18n.BatchStateResumed, f.state, st.Meta().Created.UTC().Format(time.RFC3339)))
	}
	return st, st.Meta().Created, nil
}

const reportUsage = `usage: gostverify report [flags] STATE
       gostverify report merge [flags] STATE...

Renders again the report of a batch run kept with --state STATE: --format
json, csv or html (the formats of batch --report), on stdout.
A run that has not finished (interrupted) has no report yet: run the same
batch command again to complete it. 'report merge' joins the states of the
shards of one run (batch --shard K/N --state STATE_K, all N of them) into
the report one run would have given.

flags:
`

func runReport(args []string, stdout, stderr io.Writer) int {
	var format, lang string
	merge := len(args) > 0 && args[0] == "merge"
	cmd := command{name: "report", usage: reportUsage, minArgs: 1, maxArgs: 1, needs: i18n.NeedsReport}
	if merge {
		args = args[1:]
		cmd = command{name: "report merge", usage: reportUsage, minArgs: 1, maxArgs: 1 << 16, needs: i18n.NeedsReportMerge}
	}
	fs, code, ok := cmd.parse(args, stderr, func(fs *pflag.FlagSet) {
		fs.StringVar(&format, "format", "json", "json, csv or html")
		fs.StringVar(&lang, "lang", "", "language of the CSV headers and HTML: ru or en (default from LANG)")
	})
	if !ok {
		return code
	}
	l, err := i18n.Parse(lang)
	if err != nil {
		return cmd.fail(stderr, &usageError{i18n.FromEnv().Sprintf(i18n.ErrLangValue, lang)})
	}
	var write func(*batch.Report, io.Writer) error
	switch format {
	case "json":
		write = func(r *batch.Report, w io.Writer) error { return r.WriteJSON(w) }
	case "csv":
		write = func(r *batch.Report, w io.Writer) error { return r.WriteCSV(w, l) }
	case "html":
		write = func(r *batch.Report, w io.Writer) error { return r.WriteHTML(w, l) }
	default:
		return cmd.fail(stderr, &usageError{l.Sprintf(i18n.ErrReportFormat, format)})
	}
	var reports []*batch.Report
	for _, name := range fs.Args() {
		st, err := runstate.OpenReport(name)
		if err != nil {
			return cmd.errorExit(stderr, err)
		}
		defer st.Close() // the report is read from it as it is written out
		rep, err := batch.ReportOf(st)
		if err != nil {
			return cmd.errorExit(stderr, err)
		}
		reports = append(reports, rep)
	}
	rep := reports[0]
	if merge {
		if rep, err = batch.Merge(reports); err != nil {
			return cmd.errorExit(stderr, err)
		}
	}
	if err := write(rep, stdout); err != nil {
		return cmd.errorExit(stderr, err)
	}
	return exitCode(rep.Status)
}
