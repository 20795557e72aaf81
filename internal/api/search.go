package api

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"dateline/internal/content"
	"dateline/internal/store"
)

// SearchHit is an article found by a search with its highlighted snippet;
// the snippet is plain text with matched words between « and ».
type SearchHit struct {
	Article
	Snippet string `json:"snippet"`
}

func (a *API) search(w http.ResponseWriter, r *http.Request) error {
	if strings.TrimSpace(r.URL.Query().Get("q")) == "" {
		return badField("q", "q is required: the words to search for.")
	}
	return a.searchArticles(w, r)
}

func (a *API) searchArticles(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	text := strings.TrimSpace(v.Get("q"))
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > 200 {
		return badField("q", "q must be at most 200 characters of text.")
	}
	limit, err := readLimit(v)
	if err != nil {
		return err
	}
	offset, err := decodeOffset(v.Get("cursor"))
	if err != nil {
		return err
	}
	q := store.SearchQuery{Text: text, Limit: limit + 1, Offset: offset, Now: a.now()}
	if err := a.filters(r, true, &q.CategoryID, &q.AuthorID, nil); err != nil {
		return err
	}
	zone, err := a.zone(r)
	if err != nil {
		return err
	}
	hits, err := a.store.Search(r.Context(), q)
	if err != nil {
		return err
	}
	out := page[SearchHit]{Items: []SearchHit{}}
	if len(hits) > limit {
		hits = hits[:limit]
		out.NextCursor = encodeOffset(offset + limit)
	}
	found := make([]content.Article, len(hits))
	for i, h := range hits {
		found[i] = h.Article
	}
	if err := a.withTags(r.Context(), found); err != nil {
		return err
	}
	marks := strings.NewReplacer(store.SnippetStart, "«", store.SnippetEnd, "»")
	for i, h := range hits {
		out.Items = append(out.Items, SearchHit{Article: a.article(found[i], zone, false), Snippet: marks.Replace(h.Snippet)})
	}
	publicCache(w)
	return writeJSON(w, http.StatusOK, out)
}
