package site

import (
	"errors"
	"net/http"
	"strings"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/web"
)

// withdrawnError is what a handler returns for the address of a withdrawn
// (killed) article: it is gone (errors.Is store.ErrGone), and the site
// answers it with the editors' notice instead of the generic 410 page.
type withdrawnError struct{ article content.Article }

func (e *withdrawnError) Error() string { return "article " + e.article.Slug + " was withdrawn" }
func (e *withdrawnError) Unwrap() error { return store.ErrGone }

// gone is the error of an article's address that readers can no longer
// read, or nil: the notice of a withdrawn one, 410 for one published and
// removed since, 404 for one never public.
func gone(a content.Article) error {
	switch {
	case a.Withdrawn():
		return &withdrawnError{article: a}
	case a.WasPublished():
		return store.ErrGone
	case !a.IsPublic():
		return errNotFound()
	}
	return nil
}

// withdrawnView is the page at a withdrawn article's address: its title,
// when it first appeared and the notice; never its text, picture or
// comments.
type withdrawnView struct {
	layout
	Title, Published, PublishedISO string
	// Notice is the notice in paragraphs: plain text, escaped by the
	// template, its blank lines kept as breaks between paragraphs.
	Notice []string
	Latest []card
}

// withdrawnPage answers 410 Gone with the editors' notice, in the site's
// layout. Like every error page it is never cached: a 410 is not kept by
// the page cache, and the article's own tag purged its cached page when
// it was withdrawn.
func (s *Site) withdrawnPage(w http.ResponseWriter, r *http.Request, a content.Article) error {
	w.Header().Del(web.TagsHeader) // never cached, whatever was declared before
	ctx := r.Context()
	d, err := s.loadSite(ctx)
	if err != nil {
		return err
	}
	v := withdrawnView{
		layout:       s.newLayout(d, pageTitle(d, "Withdrawn: "+a.Title), "", a.Path(d.Zone), ""),
		Title:        a.Title,
		Published:    a.PublishedAt.In(d.Zone).Format(bylineDate),
		PublishedISO: a.PublishedAt.Format(timeISO),
		Notice:       paragraphs(a.WithdrawnNotice),
	}
	v.Robots = "noindex"
	if list, err := s.latest(ctx, 0); err == nil {
		v.Latest = toCards(list, d.Zone)
	}
	return s.render(w, http.StatusGone, "withdrawn", &v)
}

// paragraphs splits plain text at its blank lines.
func paragraphs(text string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// answerWithdrawn shows the notice page for a withdrawn article's error,
// and reports whether err was one.
func (s *Site) answerWithdrawn(w http.ResponseWriter, r *http.Request, err error) bool {
	var wd *withdrawnError
	if !errors.As(err, &wd) {
		return false
	}
	if err := s.withdrawnPage(w, r, wd.article); err != nil {
		s.errors.Answer(w, r, err)
	}
	return true
}
