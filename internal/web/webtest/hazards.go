package webtest

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Elements and attributes through which markup runs script, loads things
// or takes over the page. A page may have its own (its scripts, its forms);
// what a reader or a member typed must add none.
var (
	riskyTags = map[string]bool{"script": true, "iframe": true, "frame": true, "frameset": true, "object": true, "embed": true,
		"applet": true, "svg": true, "math": true, "style": true, "link": true, "meta": true, "base": true, "form": true,
		"input": true, "button": true, "textarea": true, "select": true, "details": true, "video": true, "audio": true,
		"source": true, "img": true, "image": true, "marquee": true, "noscript": true, "template": true, "table": true,
		"x": true, "body": true, "title": true}
	urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true,
		"data": true, "background": true, "poster": true, "srcset": true, "srcdoc": true, "codebase": true, "dynsrc": true,
		"lowsrc": true, "ping": true, "cite": true}
)

// Hazards counts what on a page could run script: risky elements, event
// handler attributes, script URLs and style tricks. Comparing a page's
// count with the same page's for harmless words shows what a payload
// added.
func Hazards(doc *html.Node) map[string]int {
	found := map[string]int{}
	Walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if riskyTags[n.Data] {
			found["<"+n.Data+">"]++
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if a.Namespace != "" {
				key = a.Namespace + ":" + key
			}
			val := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' || r == 0x7f {
					return -1
				}
				return r
			}, a.Val))
			switch {
			case strings.HasPrefix(key, "on"):
				found[key+"="]++
			case urlAttrs[key] && (strings.HasPrefix(val, "javascript:") || strings.HasPrefix(val, "vbscript:") ||
				strings.HasPrefix(val, "data:") || strings.HasPrefix(val, "livescript:")):
				found[key+"=script URL"]++
			case key == "style" && (strings.Contains(val, "expression(") || strings.Contains(val, "url(") || strings.Contains(val, "javascript:")):
				found["style="+val]++
			case key == "autofocus" || key == "srcdoc" || key == "formaction" || key == "xlink:href":
				found[key]++
			}
		}
		return true
	})
	return found
}

// Fragment parses HTML as a feed reader would: inside an element of its
// page.
func Fragment(t testing.TB, h string) *html.Node {
	t.Helper()
	div := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(h), div)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range nodes {
		div.AppendChild(c)
	}
	return div
}

// XSSCorpus reads the stored-XSS payloads every surface's tests share
// (internal/comments/testdata/xss.txt), one a line; path is that file as
// the calling test's folder reaches it.
func XSSCorpus(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var list []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimRight(sc.Text(), "\r"); strings.TrimSpace(line) != "" {
			list = append(list, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(list) < 50 {
		t.Fatalf("the corpus has %d payloads, want at least 50", len(list))
	}
	return list
}
