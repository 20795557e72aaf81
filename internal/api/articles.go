package api

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// Article is an article as the API shows it. Field names are stable; see
// docs/openapi.yaml.
type Article struct {
	ID          int64   `json:"id"`
	Kind        string  `json:"kind"`
	Label       string  `json:"label"`
	Title       string  `json:"title"`
	Slug        string  `json:"slug"`
	Status      string  `json:"status"`
	URL         string  `json:"url"`
	Excerpt     string  `json:"excerpt"`
	Dateline    string  `json:"dateline,omitempty"`
	BodyHTML    string  `json:"body_html,omitempty"`
	PublishedAt *string `json:"published_at"`
	UpdatedAt   *string `json:"updated_at"`
	Author      Person  `json:"author"`
	// Authors is the byline in order, the owner (Author) or others.
	Authors      []Byline `json:"authors"`
	Category     *Section `json:"category"`
	Tags         []Tag    `json:"tags"`
	MustRead     bool     `json:"must_read"`
	CommentCount int      `json:"comment_count"`
	CommentsOpen *bool    `json:"comments_open,omitempty"`
	Image        *Image   `json:"image"`
	// Live is the live blog's state, for an article of kind "liveblog".
	Live *Live `json:"live,omitempty"`
	// Corrections are in the answer for one article only, oldest first.
	Corrections []Correction `json:"corrections,omitempty"`
	// WithdrawnNotice is the editors' notice of a withdrawn article; only
	// token holders ever see a withdrawn article's answer.
	WithdrawnNotice string `json:"withdrawn_notice,omitempty"`
}

// Person is an author. The list of authors carries their public profile
// (biography, job title, photo, links), as their author page shows it.
type Person struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	URL      string `json:"url"`
	Bio      string `json:"bio,omitempty"`
	JobTitle string `json:"job_title,omitempty"`
	Photo    *Image `json:"photo,omitempty"`
	Links    []Link `json:"links,omitempty"`
}

// Link is one of an author's pages elsewhere, with the words the author
// page shows for it (its label, or else its host).
type Link struct {
	URL   string `json:"url"`
	Label string `json:"label"`
}

// Byline is one name of a byline: a member, {"id", "name", "slug",
// "url"}, or a credit without an account, {"name"}, with
// "organization": true for an agency.
type Byline struct {
	ID           int64  `json:"id,omitempty"`
	Name         string `json:"name"`
	Slug         string `json:"slug,omitempty"`
	URL          string `json:"url,omitempty"`
	Organization bool   `json:"organization,omitempty"`
}

func bylineOut(list []content.Author, at siteURLs) []Byline {
	out := make([]Byline, len(list))
	for i, au := range list {
		out[i] = Byline{ID: au.ID, Name: au.Name, Slug: au.Slug, Organization: au.Organization}
		if au.Member() {
			out[i].URL = at.abs(au.Path())
		}
	}
	return out
}

// Section is a category.
type Section struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Slug        string `json:"slug"`
	URL         string `json:"url"`
	Description string `json:"description,omitempty"`
}

// Tag is a tag.
type Tag struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
	URL  string `json:"url"`
}

// Image is a featured picture.
type Image struct {
	ID      int64  `json:"id"` // for image_id when writing an article
	URL     string `json:"url"`
	Width   int    `json:"width"`
	Height  int    `json:"height"`
	Alt     string `json:"alt"`
	Caption string `json:"caption,omitempty"`
	Credit  string `json:"credit,omitempty"`
}

func stamp(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(time.RFC3339)
	return &s
}

func (a *API) article(x content.Article, at siteURLs, full bool) Article {
	out := Article{
		ID: x.ID, Kind: string(x.Kind), Label: string(x.Label.Or()), Title: x.Title, Slug: x.Slug, Status: string(x.Status),
		URL: at.abs(x.Path(at.zone)), Excerpt: x.Excerpt, Dateline: x.Dateline,
		PublishedAt: stamp(x.PublishedAt), UpdatedAt: stamp(x.UpdatedAt),
		Author:   Person{ID: x.Author.ID, Name: x.Author.Name, Slug: x.Author.Slug, URL: at.abs(x.Author.Path())},
		Authors:  bylineOut(x.Byline(), at),
		MustRead: x.MustRead, CommentCount: x.CommentCount, Tags: []Tag{},
		WithdrawnNotice: x.WithdrawnNotice,
	}
	if out.UpdatedAt == nil {
		out.UpdatedAt = out.PublishedAt
	}
	if x.Category.ID != 0 {
		out.Category = &Section{ID: x.Category.ID, Name: x.Category.Name, Slug: x.Category.Slug, URL: at.abs(x.Category.Path())}
	}
	for _, t := range x.Tags {
		out.Tags = append(out.Tags, Tag{ID: t.ID, Name: t.Name, Slug: t.Slug, URL: at.abs(t.Path())})
	}
	if x.Image != nil {
		out.Image = &Image{ID: x.Image.ID, URL: at.abs(x.Image.URL()), Width: x.Image.Width, Height: x.Image.Height,
			Alt: x.Image.Alt, Caption: x.Image.Caption, Credit: x.Image.Credit}
	}
	if x.Live != nil {
		out.Kind, out.Live = kindLiveBlog, liveOf(x.Live)
	}
	if full {
		out.BodyHTML = x.Body
		out.Corrections = correctionsOut(x.Corrections)
		open := x.CommentsOpen
		out.CommentsOpen = &open
	}
	return out
}

// withTags gives the articles of a list answer their tags and live blogs,
// which the store's list form leaves out, with one query each for the
// whole page.
func (a *API) withTags(ctx context.Context, list []content.Article) error {
	ids := make([]int64, len(list))
	for i, x := range list {
		ids[i] = x.ID
	}
	tags, err := a.store.TagsOf(ctx, ids)
	if err != nil {
		return err
	}
	live, err := a.store.LiveBlogsOf(ctx, ids)
	if err != nil {
		return err
	}
	for i := range list {
		list[i].Tags = tags[list[i].ID]
		if l, ok := live[list[i].ID]; ok {
			list[i].Live = &l
		}
	}
	return nil
}

// page is a list answer with the cursor of the next page, if any.
type page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor,omitempty"`
}

const (
	defaultLimit = 20
	maxLimit     = 100
)

func readLimit(v url.Values) (int, error) {
	raw := v.Get("limit")
	if raw == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxLimit {
		return 0, badField("limit", fmt.Sprintf("limit must be a whole number from 1 to %d.", maxLimit))
	}
	return n, nil
}

// Cursors are opaque to clients: "t<unix nanoseconds>.<id>" for a position
// in a newest-first list, "o<offset>" for search results, base64url-encoded.
func encodeCursor(c store.Cursor) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "t%d.%d", c.PublishedAt.UnixNano(), c.ID))
}

func decodeCursor(raw string) (*store.Cursor, error) {
	if raw == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	bad := badField("cursor", "cursor is not one this API gave out.")
	if err != nil || len(b) < 2 || b[0] != 't' {
		return nil, bad
	}
	ns, id, ok := strings.Cut(string(b[1:]), ".")
	if !ok {
		return nil, bad
	}
	n, err1 := strconv.ParseInt(ns, 10, 64)
	i, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || i < 1 {
		return nil, bad
	}
	return &store.Cursor{PublishedAt: time.Unix(0, n).UTC(), ID: i}, nil
}

func encodeOffset(n int) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "o%d", n))
}

func decodeOffset(raw string) (int, error) {
	if raw == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err == nil && len(b) > 1 && b[0] == 'o' {
		if n, err := strconv.Atoi(string(b[1:])); err == nil && n >= 0 && n <= 10000 {
			return n, nil
		}
	}
	return 0, badField("cursor", "cursor is not one this API gave out.")
}

// listArticles answers GET /api/v1/articles: published posts, newest first,
// filtered by section, tag or author, or searched with q; with a token and
// another status, the newsroom's articles in it.
func (a *API) listArticles(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	who, signedIn, err := a.member(r)
	if err != nil {
		return err
	}
	if s := v.Get("status"); s != "" && s != string(content.StatusPublished) {
		if !signedIn {
			return &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Field: "status",
				Message: "Only published articles are public; other statuses need a token."}
		}
		return a.memberArticles(w, r, who)
	}
	if q := v.Get("q"); q != "" {
		if v.Get("tag") != "" {
			return badField("tag", "tag cannot be combined with q; filter a search by category or author.")
		}
		return a.searchArticles(w, r)
	}
	limit, err := readLimit(v)
	if err != nil {
		return err
	}
	before, err := decodeCursor(v.Get("cursor"))
	if err != nil {
		return err
	}
	q := store.ArticleQuery{Limit: limit + 1, Before: before}
	if err := a.filters(r, true, &q.CategoryID, &q.AuthorID, &q.TagID); err != nil {
		return err
	}
	zone, err := a.zone(r)
	if err != nil {
		return err
	}
	list, err := a.store.PublishedArticles(r.Context(), q)
	if err != nil {
		return err
	}
	out := page[Article]{Items: []Article{}}
	if len(list) > limit {
		list = list[:limit]
		last := list[limit-1]
		out.NextCursor = encodeCursor(store.Cursor{PublishedAt: last.PublishedAt, ID: last.ID})
	}
	if err := a.withTags(r.Context(), list); err != nil {
		return err
	}
	for _, x := range list {
		out.Items = append(out.Items, a.article(x, zone, false))
	}
	publicCache(w)
	return writeJSON(w, http.StatusOK, out)
}

// filters resolves the category, author and tag slugs of a query; an
// unknown slug is the client's mistake, not an empty list. For the public
// lists (public), an author without a published post and a tag on none
// are unknown too, so that the answer does not tell a draft's tags or who
// else works in the newsroom; token holders listing unpublished articles
// name any member.
func (a *API) filters(r *http.Request, public bool, category, author, tag *int64) error {
	v, ctx := r.URL.Query(), r.Context()
	if s := v.Get("category"); s != "" {
		c, err := a.store.CategoryBySlug(ctx, s)
		if err != nil {
			return notFoundAs(err, badField("category", "There is no category with that slug."))
		}
		*category = c.ID
	}
	if s := v.Get("author"); s != "" {
		lookup := a.store.UserBySlug
		if public {
			lookup = a.store.AuthorBySlug
		}
		u, err := lookup(ctx, s)
		if err != nil {
			return notFoundAs(err, badField("author", "There is no author with that slug."))
		}
		*author = u.ID
	}
	if s := v.Get("tag"); s != "" && tag != nil {
		t, err := a.store.PublishedTagBySlug(ctx, s) // tags filter published articles only
		if err != nil {
			return notFoundAs(err, badField("tag", "There is no tag with that slug."))
		}
		*tag = t.ID
	}
	return nil
}

func notFoundAs(err error, e *Error) error {
	if errorsIsNotFound(err) {
		return e
	}
	return err
}

// publicArticle is the published article the path names by number or by
// slug; any other is not found.
func (a *API) publicArticle(r *http.Request) (content.Article, error) {
	key := r.PathValue("id")
	var (
		x   content.Article
		err error
	)
	if id, convErr := strconv.ParseInt(key, 10, 64); convErr == nil && id > 0 {
		x, err = a.store.ArticleByID(r.Context(), id)
	} else {
		x, err = a.store.ArticleBySlug(r.Context(), key)
	}
	if err != nil && !errorsIsGone(err) && !errorsIsNotFound(err) {
		return x, err
	}
	if err != nil || !x.IsPublic() {
		return x, &Error{Status: http.StatusNotFound, Code: "not_found", Message: "There is no published article with that id or slug."}
	}
	return x, nil
}

// getArticle answers GET /api/v1/articles/{id}, by number or by slug: a
// published article, or with a token any the member may see.
func (a *API) getArticle(w http.ResponseWriter, r *http.Request) error {
	if who, signedIn, err := a.member(r); err != nil || signedIn {
		if err != nil {
			return err
		}
		return a.memberArticle(w, r, who)
	}
	x, err := a.publicArticle(r)
	if err != nil {
		return err
	}
	zone, err := a.zone(r)
	if err != nil {
		return err
	}
	publicCache(w)
	return writeJSON(w, http.StatusOK, a.article(x, zone, true))
}
