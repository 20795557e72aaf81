package site

import (
	"encoding/json"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/web"
)

// maxQueryRunes bounds what a reader may search for.
const maxQueryRunes = 200

type searchView struct {
	layout
	Query      string
	Error      string
	Hits       []searchResult
	Section    string // slug of the section filter
	Author     string // slug of the author filter
	From, To   string
	Sections   []content.Category
	Searched   bool
	Pagination pagination
}

type searchResult struct {
	card
	Snippet template.HTML
}

// searchForm is a search request, read and checked.
type searchForm struct {
	q               store.SearchQuery
	text            string
	section, author string
	from, to        string
	page            int
}

// readSearch validates the search parameters; the error is for the reader.
func (s *Site) readSearch(r *http.Request, per int) (searchForm, string) {
	v := r.URL.Query()
	f := searchForm{
		text:    strings.TrimSpace(v.Get("q")),
		section: v.Get("category"),
		author:  v.Get("author"),
		from:    v.Get("from"),
		to:      v.Get("to"),
		page:    1,
	}
	if utf8.RuneCountInString(f.text) > maxQueryRunes {
		return f, "Please search for at most 200 characters."
	}
	if !utf8.ValidString(f.text) {
		return f, "Please search for words."
	}
	if p := v.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 100 {
			return f, "That page of results does not exist."
		}
		f.page = n
	}
	ctx := r.Context()
	if f.section != "" {
		c, err := s.store.CategoryBySlug(ctx, f.section)
		if err != nil {
			return f, "There is no such section."
		}
		f.q.CategoryID = c.ID
	}
	if f.author != "" {
		u, err := s.store.AuthorBySlug(ctx, f.author)
		if err != nil {
			return f, "There is no such author."
		}
		f.q.AuthorID = u.ID
	}
	var err error
	if f.q.From, err = parseDay(f.from, 0); err != nil {
		return f, "Please give the start date as YYYY-MM-DD."
	}
	if f.q.To, err = parseDay(f.to, 1); err != nil {
		return f, "Please give the end date as YYYY-MM-DD."
	}
	f.q.Text = f.text
	f.q.Limit = per + 1
	f.q.Offset = (f.page - 1) * per
	f.q.Now = s.now()
	return f, ""
}

// parseDay reads YYYY-MM-DD; addDays moves it, so an end date includes
// its whole day.
func parseDay(s string, addDays int) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, err
	}
	return t.AddDate(0, 0, addDays), nil
}

func (s *Site) search(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	per := perPage(d.Settings)
	f, problem := s.readSearch(r, per)
	title := "Search"
	if f.text != "" {
		title = "Search: " + truncate(f.text, 60)
	}
	v := searchView{
		layout:   s.newLayout(d, pageTitle(d, title), "", "/search", ""),
		Query:    f.text,
		Error:    problem,
		Section:  f.section,
		Author:   f.author,
		From:     f.from,
		To:       f.to,
		Sections: d.Categories,
	}
	v.Robots = "noindex, follow"
	if problem != "" {
		return s.render(w, http.StatusBadRequest, "search", &v)
	}
	if f.text == "" {
		web.Depends(w, headerTags()...) // the form alone, sections and all
		return s.render(w, http.StatusOK, "search", &v)
	}
	hits, err := s.store.Search(r.Context(), f.q)
	if err != nil {
		return err
	}
	v.Searched = true
	more := len(hits) > per
	if more {
		hits = hits[:per]
	}
	cards := make([]card, len(hits))
	for i, h := range hits {
		cards[i] = toCard(h.Article, d.Zone)
	}
	if err := s.markLive(r.Context(), cards); err != nil {
		return err
	}
	for i, h := range hits {
		v.Hits = append(v.Hits, searchResult{card: cards[i], Snippet: highlight(h.Snippet)})
	}
	v.Pagination = searchPages(r.URL.Query(), f.page, more)
	tags := append(headerTags(), changes.Search)
	if f.section != "" {
		tags = append(tags, changes.Section(f.section)) // the filter names it
	}
	if f.author != "" {
		tags = append(tags, changes.Author(f.author))
	}
	for _, h := range v.Hits {
		tags = append(tags, h.deps.tags()...)
	}
	web.Depends(w, tags...)
	return s.render(w, http.StatusOK, "search", &v)
}

// highlight escapes a snippet and turns the store's match markers into
// <mark> elements. Only the markers become markup.
func highlight(snippet string) template.HTML {
	esc := html.EscapeString(snippet)
	esc = strings.ReplaceAll(esc, store.SnippetStart, "<mark>")
	esc = strings.ReplaceAll(esc, store.SnippetEnd, "</mark>")
	return template.HTML(esc)
}

func searchPages(q url.Values, page int, more bool) pagination {
	at := func(n int) string {
		v := url.Values{}
		for k, vals := range q {
			v[k] = vals
		}
		if n == 1 {
			v.Del("page")
		} else {
			v.Set("page", strconv.Itoa(n))
		}
		return "/search?" + v.Encode()
	}
	p := pagination{Page: page}
	if page > 1 {
		p.Prev = at(page - 1)
	}
	if more {
		p.Next = at(page + 1)
	}
	return p
}

// suggestion is one entry of the search box's type-ahead list.
type suggestion struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// suggest answers the header search box as the reader types: a few
// headlines whose words start with what was typed.
func (s *Site) suggest(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	list := []suggestion{}
	tags := []string{changes.Search}
	if n := utf8.RuneCountInString(q); n >= 2 && n <= maxQueryRunes && utf8.ValidString(q) {
		d, err := s.loadSite(r.Context())
		if err != nil {
			return err
		}
		hits, err := s.store.Search(r.Context(), store.SearchQuery{Text: q, Prefix: true, Limit: 6, Now: s.now()})
		if err != nil {
			return err
		}
		// The addresses carry dates in the site's zone: settings.
		tags = append(tags, changes.Settings)
		for _, h := range hits {
			list = append(list, suggestion{Title: h.Article.Title, URL: h.Article.Path(d.Zone)})
			tags = append(tags, changes.Article(h.Article.ID))
		}
	}
	web.Depends(w, tags...)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=60")
	return json.NewEncoder(w).Encode(list)
}
