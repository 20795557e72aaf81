package site

import (
	"html/template"
	"strconv"
)

// funcs are the few helpers templates may call; they hold no business rules.
func (s *Site) funcs() template.FuncMap {
	return template.FuncMap{
		"plural":    plural,
		"formValue": formValue,
		"formError": formError,
		"fieldOf":   fieldOf,
		"formStamp": s.formStamp,
	}
}

// formField is one field of the comment form as the template draws it.
type formField struct {
	Name, Label, Type string
	Required          bool
	Max               int
	Autocomplete      string
	Value, Error      string
}

func fieldOf(v articleView, name, label, typ string, required bool, max int, autocomplete string) formField {
	return formField{Name: name, Label: label, Type: typ, Required: required, Max: max, Autocomplete: autocomplete,
		Value: formValue(v.Form, name), Error: formError(v.Form, name)}
}

// formValue is what the reader typed into a comment form field, to show a
// refused form again.
func formValue(f *commentForm, field string) string {
	if f == nil {
		return ""
	}
	switch field {
	case "comment":
		return f.Values.Comment
	case "author":
		return f.Values.Author
	case "email":
		return f.Values.Email
	case "url":
		return f.Values.URL
	case "parent":
		return f.Values.Parent
	case "subscribe":
		return f.Values.Subscribe
	}
	return ""
}

// formError is the message for one field of a refused comment form.
func formError(f *commentForm, field string) string {
	if f == nil {
		return ""
	}
	return f.Errors[field]
}

// plural writes a count with the right noun: "1 comment", "3 comments".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
