package admin_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// Small helpers to assert on parsed pages by element, class and id rather
// than by substring.

func parse(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func walk(n *html.Node, visit func(*html.Node) bool) {
	if !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

// all returns elements matching a simple selector: "tag", ".class", "#id",
// "tag.class.other", "[name=value]" or "tag[name=value]", or several of
// them separated by spaces for descendants.
func all(root *html.Node, sel string) []*html.Node {
	parts := strings.Fields(sel)
	roots := []*html.Node{root}
	for i, part := range parts {
		var found []*html.Node
		seen := map[*html.Node]bool{}
		for _, r := range roots {
			walk(r, func(n *html.Node) bool {
				if n != r && n.Type == html.ElementNode && matches(n, part) && !seen[n] {
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

func first(root *html.Node, sel string) *html.Node {
	if list := all(root, sel); len(list) > 0 {
		return list[0]
	}
	return nil
}

func matches(n *html.Node, sel string) bool {
	if i := strings.IndexByte(sel, '['); i >= 0 {
		k, v, hasValue := strings.Cut(strings.Trim(sel[i:], "[]"), "=")
		switch {
		case strings.HasSuffix(k, "$"): // [name$=suffix]
			if !strings.HasSuffix(attr(n, k[:len(k)-1]), v) {
				return false
			}
		case !hasValue && !hasAttr(n, k), hasValue && attr(n, k) != v:
			return false
		}
		if sel = sel[:i]; sel == "" {
			return true
		}
	}
	if strings.HasPrefix(sel, "#") {
		return attr(n, "id") == sel[1:]
	}
	classes := strings.Split(sel, ".")
	if classes[0] != "" && n.Data != classes[0] {
		return false
	}
	have := strings.Fields(attr(n, "class"))
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

func attr(n *html.Node, key string) string {
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

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// text is the visible text of n with white space collapsed.
func text(n *html.Node) string {
	if n == nil {
		return ""
	}
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return true
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

func texts(list []*html.Node) []string {
	out := make([]string, len(list))
	for i, n := range list {
		out[i] = text(n)
	}
	return out
}

// position is the index of n in document order, for "comes before" checks.
func position(root, n *html.Node) int {
	i, at := 0, -1
	walk(root, func(c *html.Node) bool {
		if c == n {
			at = i
		}
		i++
		return at < 0
	})
	return at
}

func contains(n, inner *html.Node) bool {
	for p := inner; p != nil; p = p.Parent {
		if p == n {
			return true
		}
	}
	return false
}
