package site_test

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
// "tag.class" or "[name=value]" for an attribute.
func all(root *html.Node, sel string) []*html.Node {
	var out []*html.Node
	walk(root, func(n *html.Node) bool {
		if n.Type == html.ElementNode && matches(n, sel) {
			out = append(out, n)
		}
		return true
	})
	return out
}

func first(root *html.Node, sel string) *html.Node {
	if list := all(root, sel); len(list) > 0 {
		return list[0]
	}
	return nil
}

func matches(n *html.Node, sel string) bool {
	if strings.HasPrefix(sel, "[") {
		k, v, _ := strings.Cut(strings.Trim(sel, "[]"), "=")
		return attr(n, k) == v
	}
	if strings.HasPrefix(sel, "#") {
		return attr(n, "id") == sel[1:]
	}
	tag, class, _ := strings.Cut(sel, ".")
	if tag != "" && n.Data != tag {
		return false
	}
	if class == "" {
		return true
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
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
