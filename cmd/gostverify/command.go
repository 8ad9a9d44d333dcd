package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/i18n"
)

// command describes a subcommand's command line.
type command struct {
	name, usage      string
	minArgs, maxArgs int
	args             string // what the arguments are, for the error: "one CERT"
}

// parse parses args with the flags register adds. When the command ends
// here (--help, or a usage error already reported on stderr) ok is false
// and code is the exit code. Every usage error says what was wrong and
// where the usage is.
func (c command) parse(args []string, stderr io.Writer, register func(*pflag.FlagSet)) (fs *pflag.FlagSet, code int, ok bool) {
	fs = pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, c.usage+fs.FlagUsages()) }
	register(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil, exitValid, false
		}
		// pflag says nothing itself under ContinueOnError.
		return nil, c.usageError(stderr, err.Error()), false
	}
	if fs.NArg() < c.minArgs || fs.NArg() > c.maxArgs {
		fmt.Fprintf(stderr, "gostverify: error: %s needs %s\n", c.name, c.args)
		fs.Usage()
		return nil, exitUsage, false
	}
	return fs, 0, true
}

// usageError reports a usage mistake and points at --help.
func (c command) usageError(stderr io.Writer, msg string) int {
	// --lang may be the mistake: the hint is in the environment's language.
	fmt.Fprintf(stderr, "gostverify: error: %s\ngostverify: hint: %s\n", msg, i18n.FromEnv().Sprintf(i18n.HintUsage, c.name))
	return exitUsage
}
