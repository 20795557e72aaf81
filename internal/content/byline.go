package content

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Author is one name in an article's byline: a member of the newsroom
// (ID and Slug set, their archive at Path) or a credit without a sign-in
// account (ID 0: a guest contributor, or an agency such as "Reuters").
type Author struct {
	ID   int64
	Name string
	Slug string
	// Organization marks a credit that is an agency or a newsroom desk
	// ("Reuters", "Staff") rather than a person: schema.org Organization
	// instead of Person. Members are always people.
	Organization bool
}

// Member reports whether the name is a member of the newsroom.
func (a Author) Member() bool { return a.ID != 0 }

// Path is the public path of a member's archive; "" for a credit, which
// has none.
func (a Author) Path() string {
	if !a.Member() {
		return ""
	}
	return "/author/" + url.PathEscape(a.Slug) + "/"
}

// AuthorOf is the byline entry of member u.
func AuthorOf(u User) Author { return Author{ID: u.ID, Name: u.Name, Slug: u.Slug} }

// Bounds on a byline, which keep every page that prints one bounded.
const (
	MaxAuthors    = 10
	MaxCreditName = 100
)

// Byline is the article's authors in order. An article read from a store
// has them; one without any (built in memory before the byline existed)
// is by its owner alone.
func (a *Article) Byline() []Author {
	if len(a.Authors) > 0 || a.Author.ID == 0 {
		return a.Authors
	}
	return []Author{AuthorOf(a.Author)}
}

// HasMember reports whether member id is in the byline.
func (a *Article) HasMember(id int64) bool {
	for _, au := range a.Byline() {
		if id != 0 && au.ID == id {
			return true
		}
	}
	return false
}

// BylineNames is the byline as readers read it: "A", "A and B",
// "A, B and C".
func BylineNames(list []Author) string {
	var b strings.Builder
	for i, au := range list {
		b.WriteString(BylineSeparator(i, len(list)))
		b.WriteString(au.Name)
	}
	return b.String()
}

// BylineSeparator is what goes before the i-th of n names in a byline.
func BylineSeparator(i, n int) string {
	switch {
	case i == 0:
		return ""
	case i == n-1:
		return " and "
	}
	return ", "
}

// validateByline checks the byline's bounds: at most
// MaxAuthors, credits named in at most MaxCreditName characters, no name
// twice. Credits are expected trimmed (NormalizeCredit). An empty list
// is the owner alone, as Byline reads it.
func validateByline(list []Author, errs *FieldErrors) {
	if len(list) > MaxAuthors {
		errs.Add("authors", fmt.Sprintf("A byline has at most %d names.", MaxAuthors))
		return
	}
	members, credits := map[int64]bool{}, map[string]bool{}
	for i, au := range list {
		if au.Member() {
			if members[au.ID] {
				errs.Add("authors", fmt.Sprintf("%s is in the byline twice.", au.Name))
				return
			}
			members[au.ID] = true
			continue
		}
		switch n := utf8.RuneCountInString(au.Name); {
		case n == 0:
			errs.Add("authors", fmt.Sprintf("Name %d of the byline is empty.", i+1))
			return
		case n > MaxCreditName:
			errs.Add("authors", fmt.Sprintf("A credit is at most %d characters long (name %d of the byline).", MaxCreditName, i+1))
			return
		case !Storable(au.Name):
			errs.Add("authors", Unstorable)
			return
		}
		key := strings.ToLower(au.Name)
		if credits[key] {
			errs.Add("authors", fmt.Sprintf("%q is in the byline twice.", au.Name))
			return
		}
		credits[key] = true
	}
}

// NormalizeCredit trims a credit's name and folds its runs of spaces into
// one, so that "  Reuters " and "Reuters" are the same credit.
func NormalizeCredit(name string) string { return strings.Join(strings.Fields(name), " ") }
