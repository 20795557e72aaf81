package site

import (
	"html/template"
	"strconv"
)

// funcs are the few helpers templates may call; they hold no business rules.
func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":  s.assetURL,
		"plural": plural,
	}
}

// plural writes a count with the right noun: "1 comment", "3 comments".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
