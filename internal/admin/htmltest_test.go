package admin_test

import (
	"testing"

	"golang.org/x/net/html"

	"dateline/internal/web/webtest"
)

// The page helpers of package webtest under short names.
var (
	walk     = webtest.Walk
	all      = webtest.All
	first    = webtest.First
	attr     = webtest.Attr
	hasAttr  = webtest.HasAttr
	text     = webtest.Text
	texts    = webtest.Texts
	position = webtest.Position
	contains = webtest.Contains
)

func parse(t *testing.T, body string) *html.Node { return webtest.Parse(t, body) }
