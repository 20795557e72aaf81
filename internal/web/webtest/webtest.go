// Package webtest helps tests assert on parsed pages by element, class,
// id and attribute rather than by substring. It is imported only by tests.
package webtest

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Parse parses a page, failing the test when it cannot.
func Parse(t testing.TB, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// Walk visits n and, while visit returns true, its descendants.
func Walk(n *html.Node, visit func(*html.Node) bool) {
	if !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		Walk(c, visit)
	}
}

// All returns elements matching a simple selector: "tag", ".class", "#id",
// "tag.class.other", "[name=value]" or "tag[name=value]", or several of
// them separated by spaces for descendants.
func All(root *html.Node, sel string) []*html.Node {
	parts := strings.Fields(sel)
	roots := []*html.Node{root}
	for i, part := range parts {
		var found []*html.Node
		seen := map[*html.Node]bool{}
		for _, r := range roots {
			Walk(r, func(n *html.Node) bool {
				if n != r && n.Type == html.ElementNode && Matches(n, part) && !seen[n] {
					seen[n] = true
					found = append(found, n)
				}
				return true
			})
		}
		if i == len(parts)-1 {
			return found
		}
		roots = found
	}
	return nil
}

// First is the first element matching sel, or nil.
func First(root *html.Node, sel string) *html.Node {
	if list := All(root, sel); len(list) > 0 {
		return list[0]
	}
	return nil
}

// Matches reports whether n matches one part of a selector (see All).
func Matches(n *html.Node, sel string) bool {
	if i := strings.IndexByte(sel, '['); i >= 0 {
		k, v, hasValue := strings.Cut(strings.Trim(sel[i:], "[]"), "=")
		switch {
		case strings.HasSuffix(k, "$"): // [name$=suffix]
			if !strings.HasSuffix(Attr(n, k[:len(k)-1]), v) {
				return false
			}
		case !hasValue && !HasAttr(n, k), hasValue && Attr(n, k) != v:
			return false
		}
		if sel = sel[:i]; sel == "" {
			return true
		}
	}
	if strings.HasPrefix(sel, "#") {
		return Attr(n, "id") == sel[1:]
	}
	classes := strings.Split(sel, ".")
	if classes[0] != "" && n.Data != classes[0] {
		return false
	}
	have := strings.Fields(Attr(n, "class"))
	for _, c := range classes[1:] {
		found := false
		for _, h := range have {
			found = found || h == c
		}
		if !found {
			return false
		}
	}
	return true
}

// Attr is the value of n's attribute key, "" when absent or n is nil.
func Attr(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// HasAttr reports whether n has the attribute key.
func HasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// Text is the visible text of n with white space collapsed.
func Text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	Walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return true
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// Texts is the Text of each node.
func Texts(list []*html.Node) []string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = Text(n)
	}
	return out
}

// Position is the index of n in document order, for "comes before" checks.
func Position(root, n *html.Node) int {
	i, at := 0, -1
	Walk(root, func(c *html.Node) bool {
		if c == n {
			at = i
		}
		i++
		return at < 0
	})
	return at
}

// Contains reports whether inner is n or inside it.
func Contains(n, inner *html.Node) bool {
	for p := inner; p != nil; p = p.Parent {
		if p == n {
			return true
		}
	}
	return false
}
