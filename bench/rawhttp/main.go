// Command rawhttp answers every request with the same bytes from memory: the
// ceiling of Go's HTTP stack on this machine, for the load benchmark
// (bench/run.sh) to compare dateline's page cache with. It is a measuring
// tool, not part of dateline.
//
// Usage: rawhttp ADDR FILE [CONTENT-ENCODING [HEADERS-FILE]]
//
// HEADERS-FILE holds header lines as curl -D writes them (the status line
// and Date are skipped); with it the answer carries the same headers as the
// page it was captured from, so that only the work behind the bytes differs.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"net/textproto"
	"os"
	"strconv"
	"strings"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: rawhttp ADDR FILE [CONTENT-ENCODING [HEADERS-FILE]]")
		os.Exit(2)
	}
	body, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	header := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	if len(os.Args) > 3 && os.Args[3] != "" && os.Args[3] != "identity" {
		header["Content-Encoding"] = []string{os.Args[3]}
	}
	if len(os.Args) > 4 {
		if header, err = readHeaders(os.Args[4]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	header["Content-Length"] = []string{strconv.Itoa(len(body))}
	err = http.ListenAndServe(os.Args[1], http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range header {
			h[k] = v
		}
		w.Write(body)
	}))
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}

// readHeaders reads a header block as curl -D saves it.
func readHeaders(path string) (http.Header, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r")
		name, value, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, "HTTP/") {
			continue
		}
		name = textproto.CanonicalMIMEHeaderKey(strings.TrimSpace(name))
		if name == "Date" || name == "Content-Length" {
			continue
		}
		h[name] = append(h[name], strings.TrimSpace(value))
	}
	return h, sc.Err()
}
