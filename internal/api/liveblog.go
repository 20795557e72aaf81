package api

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
)

// Live is what an article answer says of a live blog.
type Live struct {
	Open      bool    `json:"open"`
	StartedAt *string `json:"started_at"`
	ClosedAt  *string `json:"closed_at"`
	Entries   int     `json:"entries"`
	// UpdatedAt is when the newest entry was posted or edited.
	UpdatedAt *string `json:"updated_at"`
}

func liveOf(l *content.LiveBlog) *Live {
	if l == nil {
		return nil
	}
	return &Live{Open: l.Open(), StartedAt: stamp(l.StartedAt), ClosedAt: stamp(l.ClosedAt), Entries: l.Entries,
		UpdatedAt: stamp(l.LastEntryAt)}
}

// kindLiveBlog is the kind an answer gives a live blog, and a request
// takes to start one: in the store it is a post with a live blog.
const kindLiveBlog = "liveblog"

// takeLiveKind turns "kind": "liveblog" into a post that the request
// then makes a live blog, and reports whether it asked for one.
func takeLiveKind(in *articleInput, sent map[string]bool) bool {
	if !sent["kind"] || deref(in.Kind) != kindLiveBlog {
		return false
	}
	post := string(content.KindPost)
	in.Kind = &post
	return true
}

// Entry is a live blog's entry as the API shows it.
type Entry struct {
	ID       int64  `json:"id"`
	Article  int64  `json:"article"`
	Headline string `json:"headline"`
	// Body is the Markdown as written, BodyHTML what readers see.
	Body      string  `json:"body"`
	BodyHTML  string  `json:"body_html"`
	Pinned    bool    `json:"pinned"`
	Author    Person  `json:"author"`
	URL       string  `json:"url"` // the entry's permalink on the live blog's page
	CreatedAt *string `json:"created_at"`
	UpdatedAt *string `json:"updated_at"`
	// Story is the id of the article the entry was turned into.
	Story *int64 `json:"story"`
}

func entryOf(e content.Entry, blog content.Article, at siteURLs) Entry {
	out := Entry{ID: e.ID, Article: e.ArticleID, Headline: e.Headline, Body: e.Source, BodyHTML: render.EntryHTML(e.Body, blog.Label), Pinned: e.Pinned,
		Author:    Person{ID: e.Author.ID, Name: e.Author.Name, Slug: e.Author.Slug, URL: at.abs(e.Author.Path())},
		URL:       at.abs(blog.Path(at.zone)) + "#" + e.Anchor(),
		CreatedAt: stamp(e.CreatedAt), UpdatedAt: stamp(e.UpdatedAt)}
	if e.StoryID != 0 {
		id := e.StoryID
		out.Story = &id
	}
	return out
}

// entryInput is the body of POST and PATCH .../entries.
type entryInput struct {
	Body     *string `json:"body"`
	Headline *string `json:"headline"`
	Pinned   *bool   `json:"pinned"`
}

func (in entryInput) draft() articles.EntryDraft {
	return articles.EntryDraft{Body: in.Body, Headline: in.Headline, Pinned: in.Pinned}
}

// pathID is the number the path holds as name; anything else is missing
// rather than the client's mistake, as it is for a number nothing has.
func pathID(r *http.Request, name string, missing *Error) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id < 1 {
		return 0, missing
	}
	return id, nil
}

// entryCursor is the opaque cursor of a page of entries: "e<entry id>".
func entryCursor(id int64) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "e%d", id))
}

func decodeEntryCursor(raw string) (int64, error) {
	if raw == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err == nil && len(b) > 1 && b[0] == 'e' {
		if n, err := strconv.ParseInt(string(b[1:]), 10, 64); err == nil && n > 0 {
			return n, nil
		}
	}
	return 0, badField("cursor", "cursor is not one this API gave out.")
}

var noLiveBlog = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "There is no live blog with that id that you may see."}

// listEntries answers GET /api/v1/articles/{id}/entries: a page of a
// published live blog's entries newest first for everyone, of any live
// blog a token holder may see for them.
func (a *API) listEntries(w http.ResponseWriter, r *http.Request) error {
	who, signedIn, err := a.member(r)
	if err != nil {
		return err
	}
	id, err := pathID(r, "id", noLiveBlog)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	limit, err := readLimit(v)
	if err != nil {
		return err
	}
	before, err := decodeEntryCursor(v.Get("cursor"))
	if err != nil {
		return err
	}
	blog, err := a.store.ArticleByID(r.Context(), id)
	if err != nil {
		return notFoundAs(err, noLiveBlog)
	}
	if blog.Live == nil || !(blog.IsPublic() || signedIn && mayRead(who, blog)) {
		return noLiveBlog
	}
	list, err := a.store.Entries(r.Context(), store.EntryQuery{ArticleID: id, Before: before, Limit: limit + 1})
	if err != nil {
		return err
	}
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	out := page[Entry]{Items: []Entry{}}
	if len(list) > limit {
		list = list[:limit]
		out.NextCursor = entryCursor(list[limit-1].ID)
	}
	for _, e := range list {
		out.Items = append(out.Items, entryOf(e, blog, at))
	}
	if signedIn {
		w.Header().Set("Cache-Control", "no-store")
	} else {
		// Readers' pages take new entries from the site's own fragment;
		// this answer may be a few seconds old in a shared cache.
		w.Header().Set("Cache-Control", "public, max-age=5")
		w.Header().Set("Vary", "Authorization")
	}
	return writeJSON(w, http.StatusOK, out)
}

// postEntry answers POST /api/v1/articles/{id}/entries.
func (a *API) postEntry(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	cur, err := a.open(r.Context(), who, r.PathValue("id"), false)
	if err != nil {
		return err
	}
	var in entryInput
	if _, err := readJSON(w, r, &in); err != nil {
		return err
	}
	if in.Body == nil {
		return fieldsAnswer(content.FieldErrors{{Field: "body", Message: "Please write the entry."}})
	}
	e, err := a.newsroom.AddEntry(r.Context(), who, cur.ID, in.draft())
	if err != nil {
		return err
	}
	return a.writeEntry(w, r, http.StatusCreated, cur.Article, e)
}

// patchEntry answers PATCH /api/v1/articles/{id}/entries/{entry}.
func (a *API) patchEntry(w http.ResponseWriter, r *http.Request, who content.User) error {
	cur, entryID, err := a.openEntry(r, who)
	if err != nil {
		return err
	}
	var in entryInput
	sent, err := readJSON(w, r, &in)
	if err != nil {
		return err
	}
	if len(sent) == 0 {
		return &Error{Status: http.StatusBadRequest, Code: "nothing_to_change", Message: "Send at least one field to change."}
	}
	e, err := a.newsroom.EditEntry(r.Context(), who, cur.ID, entryID, in.draft())
	if err != nil {
		return notFoundAs(err, noEntry)
	}
	return a.writeEntry(w, r, http.StatusOK, cur.Article, e)
}

// openEntry opens the live blog of the request's path for writing, and
// reads the id of its entry named there.
func (a *API) openEntry(r *http.Request, who content.User) (articles.Article, int64, error) {
	if a.newsroom == nil {
		return articles.Article{}, 0, unavailable("Articles")
	}
	cur, err := a.open(r.Context(), who, r.PathValue("id"), false)
	if err != nil {
		return articles.Article{}, 0, err
	}
	entryID, err := pathID(r, "entry", noEntry)
	return cur, entryID, err
}

var noEntry = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "This live blog has no entry with that id."}

// deleteEntry answers DELETE /api/v1/articles/{id}/entries/{entry}.
func (a *API) deleteEntry(w http.ResponseWriter, r *http.Request, who content.User) error {
	cur, entryID, err := a.openEntry(r, who)
	if err != nil {
		return err
	}
	if err := a.newsroom.DeleteEntry(r.Context(), who, cur.ID, entryID); err != nil {
		return notFoundAs(err, noEntry)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) writeEntry(w http.ResponseWriter, r *http.Request, status int, blog content.Article, e content.Entry) error {
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	out := entryOf(e, blog, at)
	if status == http.StatusCreated {
		w.Header().Set("Location", a.absolute(r, fmt.Sprintf("/api/v1/articles/%d/entries/%d", blog.ID, e.ID)))
	}
	return writeJSON(w, status, out)
}

// startLive makes the article just created or changed a live blog (open
// true) or closes it, for "kind": "liveblog" and "live".
func (a *API) startLive(r *http.Request, who content.User, x *articles.Article, open bool) error {
	l, err := a.newsroom.StartLiveBlog(r.Context(), who, x.ID, open)
	if err != nil {
		return err
	}
	x.Live = &l
	return nil
}

// timeField reads a time with its zone from a request field.
func timeField(name, raw string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, raw)
	if err != nil {
		return t, badField(name, name+" must be a time with its zone, such as 2025-07-14T09:00:00Z or 2025-07-14T16:00:00+07:00.")
	}
	return t, nil
}
