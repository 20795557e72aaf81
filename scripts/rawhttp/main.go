// Command rawhttp answers every request with the same bytes from memory: the
// ceiling of Go's HTTP stack on this machine, for scripts/loadtest.sh to
// compare dateline's page cache with. It is a measuring tool, not part of
// dateline.
//
// Usage: rawhttp ADDR FILE [CONTENT-ENCODING]
package main

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: rawhttp ADDR FILE [CONTENT-ENCODING]")
		os.Exit(2)
	}
	body, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	coding := ""
	if len(os.Args) > 3 {
		coding = os.Args[3]
	}
	length := strconv.Itoa(len(body))
	err = http.ListenAndServe(os.Args[1], http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Length", length)
		if coding != "" {
			h.Set("Content-Encoding", coding)
		}
		w.Write(body)
	}))
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
