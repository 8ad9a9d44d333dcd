package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/pflag"

	"github.com/gostverify/gostverify/i18n"
	"github.com/gostverify/gostverify/verify"
)

// command describes a subcommand's command line.
type command struct {
	name, usage      string
	minArgs, maxArgs int
	// needs says what the arguments are, for the error: i18n.NeedsCert.
	needs i18n.Message
	lang  i18n.Lang // of its messages, once the flags are parsed
}

// parse parses args with the flags register adds. When the command ends
// here (--help, or a usage error already reported on stderr) ok is false
// and code is the exit code. Every usage error says what was wrong and
// where the usage is.
func (c *command) parse(args []string, stderr io.Writer, register func(*pflag.FlagSet)) (fs *pflag.FlagSet, code int, ok bool) {
	fs = pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, c.usage+fs.FlagUsages()) }
	register(fs)
	err := fs.Parse(args)
	c.lang = flagLang(fs)
	if err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return nil, exitValid, false
		}
		// pflag says nothing itself under ContinueOnError.
		return nil, c.usageError(stderr, flagError(c.lang, err)), false
	}
	if fs.NArg() < c.minArgs || fs.NArg() > c.maxArgs {
		fmt.Fprintf(stderr, "gostverify: error: %s\n", c.lang.Sprintf(c.needs, c.name))
		fs.Usage()
		return nil, exitUsage, false
	}
	return fs, 0, true
}

// flagLang is the language --lang asks for in fs, else the environment's.
func flagLang(fs *pflag.FlagSet) i18n.Lang {
	if f := fs.Lookup("lang"); f != nil {
		if l, err := i18n.Parse(f.Value.String()); err == nil {
			return l
		}
	}
	return i18n.FromEnv()
}

// errorExit reports an error that ends the command, in the language of its
// messages (verify.Detail: the file system's, a zip's and the CMS
// parser's errors said in it too), and returns exit code 3.
func (c *command) errorExit(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "gostverify: error: %s\n", verify.Detail(c.lang, err))
	return exitUsage
}

// usageError reports a usage mistake and points at --help.
func (c *command) usageError(stderr io.Writer, msg string) int {
	l := c.lang // --lang, or the environment's when --lang is the mistake
	if l == "" {
		l = i18n.FromEnv()
	}
	fmt.Fprintf(stderr, "gostverify: error: %s\ngostverify: hint: %s\n", msg, l.Sprintf(i18n.HintUsage, c.name))
	return exitUsage
}

// flagError says a mistake the flag parser found in l: its own words in
// English; in another language an unknown flag, a flag without its value,
// a malformed flag and a value of the wrong kind from the catalogue.
func flagError(l i18n.Lang, err error) string {
	if l == i18n.English || l == "" {
		return err.Error()
	}
	var (
		unknown  *pflag.NotExistError
		needsArg *pflag.ValueRequiredError
		syntax   *pflag.InvalidSyntaxError
		value    *pflag.InvalidValueError
	)
	switch {
	case errors.As(err, &unknown):
		return l.Sprintf(i18n.ErrUnknownFlag, flagName(unknown.GetSpecifiedName(), unknown.GetSpecifiedShortnames()))
	case errors.As(err, &needsArg):
		return l.Sprintf(i18n.ErrFlagNeedsArg, flagName(needsArg.GetSpecifiedName(), needsArg.GetSpecifiedShortnames()))
	case errors.As(err, &syntax):
		return l.Sprintf(i18n.ErrFlagSyntax, syntax.GetSpecifiedFlag())
	case errors.As(err, &value):
		m := i18n.ErrFlagBadValue
		switch value.GetFlag().Value.Type() {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
			m = i18n.ErrFlagInteger
		case "duration":
			m = i18n.ErrFlagDuration
		case "bool":
			m = i18n.ErrFlagBool
		}
		return l.Sprintf(m, "--"+value.GetFlag().Name, value.GetValue())
	}
	return err.Error()
}

// flagName is a flag as it was written: --name, or -c for a shorthand
// within a group of them.
func flagName(name, shorthands string) string {
	if shorthands != "" {
		return "-" + name
	}
	return "--" + name
}
