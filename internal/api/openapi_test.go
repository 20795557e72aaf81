package api

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"

	"dateline/internal/store/teststore"
)

// documented reads the operations of docs/openapi.yaml as "METHOD /path"
// patterns under /api/v1. There is no YAML module in go.mod, and none is
// needed: the file keeps the block layout OpenAPI files conventionally
// have (each path a key indented two spaces under "paths:", each method a
// key indented four), so reading the keys by their indentation is exact.
// A path or method written any other way (flow style, tabs) fails the
// test rather than being skipped.
func documented(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../../docs/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	var (
		ops       []string
		inPaths   bool
		path      string
		serverURL string
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), " ")
		if strings.HasPrefix(line, "\t") {
			t.Fatalf("openapi.yaml:%d is indented with a tab", n)
		}
		if strings.HasPrefix(line, "  - url: ") && serverURL == "" {
			serverURL = strings.TrimPrefix(line, "  - url: ")
		}
		if line == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if !strings.HasPrefix(line, " ") {
			inPaths = line == "paths:"
			continue
		}
		if !inPaths {
			continue
		}
		switch key, rest, _ := strings.Cut(strings.TrimSpace(line), ":"); {
		case strings.HasPrefix(line, "  /"):
			if rest != "" {
				t.Fatalf("openapi.yaml:%d: write the path %s as a block, not in flow style", n, key)
			}
			path = key
		case strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "     ") && slices.Contains(methods, key):
			if path == "" {
				t.Fatalf("openapi.yaml:%d: %s outside a path", n, key)
			}
			ops = append(ops, strings.ToUpper(key)+" "+serverURL+path)
		case !strings.HasPrefix(line, "    ") && !strings.HasPrefix(line, "  /"):
			t.Fatalf("openapi.yaml:%d: expected a path under paths:, got %q", n, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if serverURL != "/api/v1" {
		t.Fatalf("servers url = %q, want /api/v1", serverURL)
	}
	return ops
}

// TestRoutesAndOpenAPIAgree checks that every route the API serves is in
// docs/openapi.yaml and every operation there is served, and that each is
// answered by its own handler rather than the catch-all 404.
func TestRoutesAndOpenAPIAgree(t *testing.T) {
	a := New(Config{})
	var served []string
	for _, rt := range a.routes() {
		served = append(served, rt.pattern)
	}
	docs := documented(t)
	for _, op := range served {
		if !slices.Contains(docs, op) {
			t.Errorf("%s is served but not in docs/openapi.yaml", op)
		}
	}
	for _, op := range docs {
		if !slices.Contains(served, op) {
			t.Errorf("%s is in docs/openapi.yaml but not served", op)
		}
	}
	if len(docs) != len(served) {
		t.Errorf("%d operations documented, %d served (one listed twice?)", len(docs), len(served))
	}

	st := teststore.Open(t)
	h := New(Config{Store: st}).Handler()
	for _, op := range served {
		method, path, _ := strings.Cut(op, " ")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", "1"), nil))
		if rec.Code == http.StatusMethodNotAllowed || strings.Contains(rec.Body.String(), "There is no such API endpoint.") {
			t.Errorf("%s is not routed: %d %s", op, rec.Code, rec.Body)
		}
	}
}
