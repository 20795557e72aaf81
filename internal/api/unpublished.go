package api

import (
	"net/http"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

// memberArticles answers GET /api/v1/articles?status=draft|pending|
// scheduled|trashed for a token holder, most recently changed first:
// editors see everyone's, other members only their own.
func (a *API) memberArticles(w http.ResponseWriter, r *http.Request, who content.User) error {
	w.Header().Set("Cache-Control", "no-store")
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	v := r.URL.Query()
	f := store.NewsroomFilter{Status: content.Status(v.Get("status")), Text: v.Get("q")}
	switch f.Status {
	case content.StatusDraft, content.StatusPending, content.StatusScheduled, content.StatusTrashed, content.StatusWithdrawn:
	default:
		return badField("status", `status must be one of "draft", "pending", "scheduled", "published", "trashed" or "withdrawn".`)
	}
	if v.Get("tag") != "" {
		return badField("tag", "tag filters published articles only; filter unpublished ones by category or author.")
	}
	if len(f.Text) > 200 {
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
	if err := a.filters(r, false, &f.CategoryID, &f.AuthorID, nil); err != nil {
		return err
	}
	if !auth.Can(who.Role, auth.ActEditOthers) {
		if f.AuthorID != 0 && f.AuthorID != who.ID {
			return forbidden("You may list only your own unpublished articles.")
		}
		f.AuthorID = who.ID
	}
	f.Limit, f.Offset = limit+1, offset // one more, to know whether there is a next page
	list, err := a.newsroom.List(r.Context(), who, f)
	if err != nil {
		return err
	}
	zone, err := a.zone(r)
	if err != nil {
		return err
	}
	out := page[Article]{Items: []Article{}}
	if full(len(list), limit) {
		list = list[:limit]
		out.NextCursor = encodeOffset(offset + limit)
	}
	if err := a.withTags(r.Context(), list); err != nil {
		return err
	}
	for _, x := range list {
		out.Items = append(out.Items, a.article(x, zone, false))
	}
	return writeJSON(w, http.StatusOK, out)
}

// full reports whether a page asked for with one row more than limit has a
// next page. The store gives at most store.MaxLimit rows, so a page of the
// largest size that came back full may have one; its next page may then be
// empty.
func full(got, limit int) bool {
	return got > limit || (limit >= store.MaxLimit && got == limit)
}
