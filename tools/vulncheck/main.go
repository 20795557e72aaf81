// Command vulncheck is the offline half of CI's known-vulnerability check
// (issue 14). The public vulnerability database cannot be reached from our
// machines, so .ci/vulncheck builds one from the golang.org/x/vulndb module,
// which the Go module proxy serves, and runs govulncheck against it.
//
//	vulncheck db -osv DIR -out DIR -modified TIME
//		writes a database in the layout govulncheck reads from a file:// URL
//		(index/db.json, index/modules.json, index/vulns.json, ID/<id>.json)
//		from the module's data/osv folder of OSV entries.
//	vulncheck verdict -accept FILE < govulncheck.json
//		reads govulncheck's JSON stream and fails on every vulnerable symbol
//		the code calls, except standard-library ones listed in FILE.
//
// Only the standard library's findings can be accepted: a module's
// vulnerability is fixed by upgrading the module, the standard library's by a
// newer Go, which is a project-wide decision the list records until it is made.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: vulncheck db|verdict [flags]")
		return 2
	}
	fs := flag.NewFlagSet("vulncheck "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var err error
	switch args[0] {
	case "db":
		osvDir := fs.String("osv", "", "folder of OSV entries (the vulndb module's data/osv)")
		out := fs.String("out", "", "folder to write the database to (must not exist)")
		modified := fs.String("modified", "", "the data's time (RFC 3339), for entries that carry none")
		if err = fs.Parse(args[1:]); err != nil {
			return 2
		}
		var n int
		n, err = buildDB(*osvDir, *out, *modified)
		if err == nil {
			fmt.Fprintf(stdout, "vulncheck: %d entries written to %s\n", n, *out)
		}
	case "verdict":
		accept := fs.String("accept", "", "file of accepted standard-library IDs, one a line with a reason")
		if err = fs.Parse(args[1:]); err != nil {
			return 2
		}
		err = verdict(stdin, *accept, stdout)
	default:
		err = fmt.Errorf("unknown command %q (want db or verdict)", args[0])
	}
	if errors.Is(err, errVulnerable) {
		fmt.Fprintln(stderr, "vulncheck:", err)
		return 3
	}
	if err != nil {
		fmt.Fprintln(stderr, "vulncheck:", err)
		return 1
	}
	return 0
}
