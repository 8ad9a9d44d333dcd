package main

// Exit codes. 0 only ever means valid.
const (
	exitValid         = 0 // every signature is valid (or the command succeeded)
	exitInvalid       = 1 // at least one signature is invalid
	exitIndeterminate = 2 // no signature is invalid, at least one is indeterminate
	exitUsage         = 3 // usage or I/O error: no verdict was reached
)
