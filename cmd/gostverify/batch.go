package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/gostverify/gostverify/batch"
	"github.com/gostverify/gostverify/extend"
	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

const batchUsage = `usage: gostverify batch [flags] PATH...

Verifies every signature under each PATH: a directory (recursive), a .zip
archive (zips inside zips too) or a single file. A document doc.ext is paired
with doc.ext.sig, .sgn, .p7s or .p7m beside it; a detached signature with no
such document is paired with the document beside it whose digest it signs.
Every file appears in the report once, with its own verdict. An archive
entry beyond a limit (--max-entries, --max-total-size, --max-ratio,
--max-depth, --max-temp-size, --max-inflate) or with an unsafe name is
refused (INPUT_REFUSED) and the rest is checked; pairing by digest reads at
most --max-pair-candidates documents per folder, none larger than
--max-pair-size.

Prints a summary on stdout (--json: the whole report as JSON); --report FILE
writes the report as .json, .csv or .html. The exit code is the worst verdict.
Each signature's qualified status is decided as verify decides it (--policy,
--tsl). A machine-readable power of attorney found among the files
(ON_EMCHD_….xml, with its .sig beside it) or given with --poa judges the
signatures whose signer it names as representative, as verify --poa does
(power_of_attorney in the report; the exit code stays the signatures').

flags:
`

// batchFlags are verify's flags and batch's own.
type batchFlags struct {
	verifyFlags
	jobs       int
	report     string
	noProgress bool
	limits     batch.Limits
	maxTotal   string
	maxTemp    string
	maxInflate string
	maxPair    string
	pairCands  int
	runBudget  time.Duration

	maxPairSize int64 // --max-pair-size, parsed

	state string // --state FILE
	shard string // --shard K/N

	extend    string       // --extend T|XL1
	extendOut string       // --out DIR
	tsa       string       // --tsa URL
	level     extend.Level // --extend, parsed
}

func (f *batchFlags) register(fs *pflag.FlagSet) {
	f.verifyFlags.register(fs)
	f.poa.registerFiles(fs)
	f.poa.registerRegistry(fs)
	fs.IntVar(&f.jobs, "jobs", runtime.NumCPU(), "signatures verified at once")
	fs.StringVar(&f.shard, "shard", "", "check only part K of N of the inputs (K/N; by archive and folder, the same on every machine); 'gostverify report merge' joins the parts' states")
	fs.StringVar(&f.state, "state", "", "keep the run in FILE: the same command continues it after Ctrl-C, a crash or kill -9, verifying nothing finished again; 'gostverify report FILE' renders its report again")
	fs.StringVar(&f.report, "report", "", "write the report to FILE: .json, .csv or .html (by extension)")
	// verify's --lang, checked with verify's flags, in batch's words.
	fs.StringVar(&f.lang, "lang", "", "language of the summary, CSV headers and HTML: ru or en (default from LANG)")
	fs.BoolVar(&f.noProgress, "no-progress", false, "no progress bar on stderr (it is shown only on a terminal anyway)")
	fs.StringVar(&f.maxTotal, "max-total-size", "64G", "refuse archive entries beyond this many uncompressed bytes in all (K, M, G suffixes)")
	fs.IntVar(&f.limits.MaxEntries, "max-entries", 1_000_000, "refuse archive entries beyond this count")
	fs.Int64Var(&f.limits.MaxRatio, "max-ratio", 1000, "refuse archive entries compressed more than this ratio (entries under 1 MiB exempt)")
	fs.IntVar(&f.limits.MaxDepth, "max-depth", 3, "refuse zips nested deeper than this")
	fs.StringVar(&f.maxTemp, "max-temp-size", "2G", "temporary disk space for zips inside zips too large for memory, at once")
	fs.StringVar(&f.maxInflate, "max-inflate", "16G", "refuse archive entries beyond this many bytes decompressed in the whole run (nested zips and every read)")
	fs.StringVar(&f.maxPair, "max-pair-size", "256M", "pairing by digest: documents larger than this are not compared with a signature named after no document")
	fs.IntVar(&f.pairCands, "max-pair-candidates", batch.DefaultMaxPairCandidates, "pairing by digest: documents read per folder at most")
	fs.DurationVar(&f.runBudget, "run-network-budget", batch.DefaultRunNetworkBudget, "network time the whole run may take; then the rest is checked offline (0: no bound)")
	fs.StringVar(&f.extend, "extend", "", "extend every valid signature to T (a signature timestamp) or XL1 (CAdES-X Long Type 1), as 'gostverify extend' does, writing the results under --out")
	fs.StringVar(&f.extendOut, "out", "", "with --extend: the folder the extended signatures are written to (DIR/absolute path of the input; an archive's entries under a folder named after it); never among the inputs")
	fs.StringVar(&f.tsa, "tsa", "", "with --extend: the timestamping service (RFC 3161 over HTTP) to ask")
}

// checkExtend checks --extend, --out and --tsa against the inputs: the
// results go to a folder that no input holds, so that the run writes
// nothing among what it reads.
func (f *batchFlags) checkExtend(inputs []string) error {
	l := f.language()
	if f.extend == "" {
		if f.extendOut != "" || f.tsa != "" {
			return &usageError{l.Sprintf(i18n.ErrExtendFlagsAlone)}
		}
		return nil
	}
	level, err := extend.ParseLevel(f.extend)
	if err != nil {
		return &usageError{l.Sprintf(i18n.ErrExtendLevelValue, "--extend", f.extend)}
	}
	f.level = level
	if f.extendOut == "" {
		return &usageError{l.Sprintf(i18n.ErrExtendNeedsOut)}
	}
	if err := checkExtendFlags(&f.verifyFlags, level, f.tsa); err != nil {
		return err
	}
	out, err := filepath.Abs(f.extendOut)
	if err != nil {
		return err
	}
	for _, in := range inputs {
		abs, err := filepath.Abs(in)
		if err != nil {
			return err
		}
		if rel, err := filepath.Rel(abs, out); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return &usageError{l.Sprintf(i18n.ErrExtendOutInInput, f.extendOut, in)}
		}
	}
	return nil
}

func (f *batchFlags) check() error {
	if err := f.verifyFlags.check(); err != nil {
		return err
	}
	l := f.language()
	if f.jobs < 1 {
		return &usageError{l.Sprintf(i18n.ErrAtLeastOne, "--jobs", f.jobs)}
	}
	if f.report != "" {
		switch strings.ToLower(filepath.Ext(f.report)) {
		case ".json", ".csv", ".html", ".htm":
		default:
			return &usageError{l.Sprintf(i18n.ErrReportExt, f.report)}
		}
	}
	for _, sz := range []struct {
		flag, value string
		n           *int64
	}{
		{"--max-total-size", f.maxTotal, &f.limits.MaxTotalSize},
		{"--max-temp-size", f.maxTemp, &f.limits.MaxTempSize},
		{"--max-inflate", f.maxInflate, &f.limits.MaxInflate},
		{"--max-pair-size", f.maxPair, &f.maxPairSize},
	} {
		n, ok := parseSize(sz.value)
		if !ok {
			return &usageError{l.Sprintf(i18n.ErrSizeValue, sz.flag, sz.value)}
		}
		*sz.n = n
	}
	if f.pairCands < 1 {
		return &usageError{l.Sprintf(i18n.ErrAtLeastOne, "--max-pair-candidates", f.pairCands)}
	}
	if f.limits.MaxEntries < 1 || f.limits.MaxRatio < 1 || f.limits.MaxDepth < 0 {
		return &usageError{l.Sprintf(i18n.ErrLimitsValue)}
	}
	return nil
}

// parseSize reads a positive byte count with an optional K, M, G or T
// suffix (powers of 1024, "B" and "iB" allowed after it).
func parseSize(s string) (int64, bool) {
	t := strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(strings.TrimSpace(s)), "B"), "I")
	shift := 0
	if t != "" {
		switch t[len(t)-1] {
		case 'K':
			shift = 10
		case 'M':
			shift = 20
		case 'G':
			shift = 30
		case 'T':
			shift = 40
		}
		if shift > 0 {
			t = t[:len(t)-1]
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 1 || n > (1<<62)>>shift {
		return 0, false
	}
	return n << shift, true
}

func runBatch(args []string, stdout, stderr io.Writer) int {
	var f batchFlags
	cmd := command{name: "batch", usage: batchUsage, minArgs: 1, maxArgs: 1 << 20, needs: i18n.NeedsBatch}
	fs, code, ok := cmd.parse(args, stderr, f.register)
	if !ok {
		return code
	}
	if err := f.check(); err != nil {
		return cmd.fail(stderr, err)
	}
	if err := f.checkExtend(fs.Args()); err != nil {
		return cmd.fail(stderr, err)
	}
	lang := f.language() // --lang, checked by f.check
	t, err := f.trust()
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	if f.revocation == "none" {
		fmt.Fprintf(stderr, "gostverify: warning: %s\n", lang.Sprintf(i18n.WarnNoRevocation))
	}
	list, listWarnings, err := f.loadList(t, stderr)
	if err != nil {
		return cmd.errorExit(stderr, err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case <-sigs:
			signal.Reset(os.Interrupt, syscall.SIGTERM) // a second Ctrl-C ends the process at once
			fmt.Fprintf(stderr, "\ngostverify: %s\n", lang.Sprintf(i18n.BatchInterruptedNote))
			cancel()
		case <-ctx.Done():
		}
	}()
	opts := batch.Options{Verify: t.verifyOptions(&f.verifyFlags), Jobs: f.jobs, Limits: f.limits,
		// The summary alone needs no verify reports: memory per file stays small.
		SummaryOnly: !f.json && f.report == "",
		MaxPairSize: f.maxPairSize, MaxPairCandidates: f.pairCands, RunNetworkBudget: budget(f.runBudget)}
	opts.Verify.Lang = lang // the reasons in the reports and on screen
	if list != nil {
		opts.Verify.TSL = list.list
	}
	opts.Verify.Registry = f.poa.registryFor(&f.verifyFlags)
	if opts.POAFiles, err = f.poa.readPOAs(lang); err != nil {
		return cmd.fail(stderr, err)
	}
	// The list's warnings are the run's: in the summary and the reports.
	opts.Warnings = listWarnings
	if f.level != "" {
		opts.Extend, opts.ExtendOut = newExtender(t, &f.verifyFlags, f.level, f.tsa, lang), f.extendOut
	}
	if f.shard != "" {
		if opts.Shard, err = batch.ParseShard(f.shard); err != nil {
			return cmd.fail(stderr, &usageError{lang.Sprintf(i18n.ErrShardValue, f.shard)})
		}
	}
	if f.state != "" {
		st, at, err := f.openState(fs.Args(), stderr)
		if err != nil {
			return cmd.errorExit(stderr, err)
		}
		defer st.Close()
		opts.State = st // it keeps every verify report, whatever the run keeps in memory
		if f.at == "" {
			opts.Verify.Time = at
		}
	}
	var bar *progressbar.ProgressBar
	if file, ok := stderr.(*os.File); ok && !f.noProgress && term.IsTerminal(int(file.Fd())) {
		opts.Progress = func(done, total int) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(file),
					progressbar.OptionSetDescription(lang.Sprintf(i18n.BatchProgress)), progressbar.OptionShowCount(),
					progressbar.OptionSetItsString(lang.Sprintf(i18n.BatchProgressUnit)), progressbar.OptionShowIts(),
					progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100_000_000))
			}
			if int64(total) != bar.GetMax64() { // more signatures found in nested zips
				bar.ChangeMax(total)
			}
			bar.Set(done)
		}
	}
	rep, err := batch.Run(ctx, fs.Args(), opts)
	if rep != nil {
		defer rep.Close() // a large run's temporary state
	}
	if bar != nil {
		bar.Finish()
	}
	if err != nil {
		return cmd.errorExit(stderr, err)
	}
	if rep.Summary.Signatures == 0 {
		fmt.Fprintf(stderr, "gostverify: warning: %s\n", lang.Sprintf(i18n.BatchNoSignatureFiles))
	}
	if rep.Summary.QualifiedUnknown > 0 {
		qualifiedHint(stderr, &f.verifyFlags, list)
	}
	exit := exitCode(rep.Status)
	if rep.Summary.ExtendFailed > 0 && exit == exitValid {
		exit = exitIndeterminate // what was asked is not all done
	}
	if f.report != "" {
		if err := batch.WriteFile(f.report, rep, lang); err != nil {
			// The summary still tells what the run found.
			fmt.Fprintf(stderr, "gostverify: error: %s\n", lang.Sprintf(i18n.BatchWritingReport, verify.Detail(lang, err)))
			exit = exitUsage
		}
	}
	if f.json {
		if err := rep.WriteJSON(stdout); err != nil {
			return cmd.errorExit(stderr, err)
		}
	} else if err := rep.WriteSummary(stdout, lang); err != nil {
		return cmd.errorExit(stderr, err)
	}
	return exit
}
