// Command corpusgen turns the runs recorded by testdata/invariance/go/generate.sh into corpus records.
//
// It reads an index on stdin, one run per line: bug, service, type, message and the stack file, separated
// by tabs. A type or message of "-" is taken from the run's "<stack file>.meta" ("type\tmessage", written by
// the program for errors it reports to a tracer); failing that, the message is the one the runtime printed
// in the panic header. It writes one JSON object per run to stdout.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type record struct {
	Bug      string `json:"bug"`
	Service  string `json:"service"`
	Language string `json:"language"`
	Type     string `json:"type"`
	Message  string `json:"message"`
	Stack    string `json:"stack"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "corpusgen:", err)
		os.Exit(1)
	}
}

func run() error {
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Split(in.Text(), "\t")
		if len(f) != 5 {
			return fmt.Errorf("want 5 fields: %q", in.Text())
		}
		stack, err := os.ReadFile(f[4])
		if err != nil {
			return err
		}
		r := record{Bug: f[0], Service: f[1], Language: "go", Type: f[2], Message: f[3], Stack: string(stack)}
		if meta, err := os.ReadFile(f[4] + ".meta"); err == nil {
			typ, msg, _ := strings.Cut(strings.TrimSuffix(string(meta), "\n"), "\t")
			if r.Type == "-" {
				r.Type = typ
			}
			if r.Message == "-" {
				r.Message = msg
			}
		}
		if r.Message == "-" {
			r.Message = panicMessage(r.Stack)
		}
		if r.Type == "-" || r.Message == "" || r.Stack == "" {
			return fmt.Errorf("%s: incomplete record %+v", f[4], r)
		}
		if err := out.Encode(r); err != nil {
			return err
		}
	}
	return in.Err()
}

// panicMessage returns the value the runtime printed for the panic or fatal error that stopped the program,
// or that net/http logged for a handler panic.
func panicMessage(stack string) string {
	for _, line := range strings.Split(stack, "\n") {
		switch {
		case strings.HasPrefix(line, "panic: "):
			return strings.TrimSuffix(strings.TrimPrefix(line, "panic: "), " [recovered]")
		case strings.HasPrefix(line, "fatal error: "):
			return strings.TrimPrefix(line, "fatal error: ")
		case strings.HasPrefix(line, "http: panic serving "):
			if _, msg, ok := strings.Cut(strings.TrimPrefix(line, "http: panic serving "), ": "); ok {
				return msg
			}
		}
	}
	return ""
}
