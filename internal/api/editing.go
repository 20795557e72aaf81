package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/content"
)

// EditorArticle is an article as a token holder sees it: the public fields
// and what the newsroom edits, with the version a change starts from.
type EditorArticle struct {
	Article
	Version        int     `json:"version"`
	Body           string  `json:"body"` // the source as written, in format
	Format         string  `json:"format"`
	SEOTitle       string  `json:"seo_title"`
	SEODescription string  `json:"seo_description"`
	CreatedAt      *string `json:"created_at"`
}

func (a *API) editorArticle(r *http.Request, x articles.Article) (EditorArticle, error) {
	zone, err := a.zone(r)
	if err != nil {
		return EditorArticle{}, err
	}
	out := EditorArticle{Article: a.article(x.Article, zone, true), Version: x.Version, Body: x.Source,
		Format: string(x.Format), SEOTitle: x.SEOTitle, SEODescription: x.SEODesc,
		CreatedAt: stamp(x.CreatedAt)}
	return out, nil
}

// writeArticle answers with the article and its version as the ETag, for
// If-Match on the next change.
func (a *API) writeArticle(w http.ResponseWriter, r *http.Request, status int, x articles.Article) error {
	out, err := a.editorArticle(r, x)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", etag(x.Version))
	return writeJSON(w, status, out)
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// mayRead reports whether who may see a: editors see every article, other
// members their own and what is published.
func mayRead(who content.User, a content.Article) bool {
	return auth.Can(who.Role, auth.ActEditOthers) || a.Author.ID == who.ID || a.IsPublic()
}

var noArticle = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "There is no article with that id that you may see."}

// open loads the article the path names (by id, or for reading also by
// slug) for who. Reading someone else's unpublished article is 404, as if
// it did not exist; changing it is 403 with why, as in the newsroom.
func (a *API) open(ctx context.Context, who content.User, key string, reading bool) (articles.Article, error) {
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil || id < 1 {
		if !reading {
			return articles.Article{}, noArticle
		}
		x, err := a.store.ArticleBySlug(ctx, key)
		if err != nil {
			return articles.Article{}, notFoundAs(err, noArticle)
		}
		id = x.ID
	}
	x, err := a.newsroom.Open(ctx, who, id)
	if err != nil {
		return articles.Article{}, notFoundAs(err, noArticle)
	}
	if !mayRead(who, x.Article) {
		if reading {
			return articles.Article{}, noArticle
		}
		return articles.Article{}, forbidden("You may change only your own articles.")
	}
	return x, nil
}

// memberArticle answers GET /api/v1/articles/{id} for a token holder: any
// article they may see, in any status, with its version.
func (a *API) memberArticle(w http.ResponseWriter, r *http.Request, who content.User) error {
	w.Header().Set("Cache-Control", "no-store")
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	x, err := a.open(r.Context(), who, r.PathValue("id"), true)
	if err != nil {
		return err
	}
	return a.writeArticle(w, r, http.StatusOK, x)
}

// createArticle answers POST /api/v1/articles: a new article by who,
// taken to the status asked for, in one call of the workflow: nothing is
// stored when any part is refused.
func (a *API) createArticle(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	var in articleInput
	sent, err := readJSON(w, r, &in)
	if err != nil {
		return err
	}
	if sent["version"] {
		return badField("version", "A new article has no version yet; send version only with changes.")
	}
	s, err := stepOf(in, sent, "")
	if err != nil {
		return err
	}
	live := takeLiveKind(&in, sent)
	if sent["live"] {
		return badField("live", `Start a live blog with "kind": "liveblog"; live opens and closes one.`)
	}
	d := articles.Draft{CommentsOpen: true}
	if err := a.draft(r.Context(), &d, in, sent); err != nil {
		return err
	}
	// The article and its live blog stand or fall together, and readers
	// never see it published as an ordinary article first.
	var x articles.Article
	err = a.store.InTransaction(r.Context(), func(ctx context.Context) error {
		var err error
		x, err = a.newsroom.Apply(ctx, who, 0, articles.Change{Draft: &d, Step: s.workflowStep(content.StatusDraft), At: s.at})
		if err != nil || !live {
			return err
		}
		return a.startLive(r.WithContext(ctx), who, &x, true)
	})
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.absolute(r, "/api/v1/articles/"+strconv.FormatInt(x.ID, 10)))
	return a.writeArticle(w, r, http.StatusCreated, x)
}

// patchArticle answers PATCH /api/v1/articles/{id}: the fields sent
// change, the others stay; a status moves the article through the
// workflow, in the same call and transaction as the edit. With a version
// (in the body or If-Match), a change made since is refused with 409 and
// nothing is written.
func (a *API) patchArticle(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	ctx := r.Context()
	cur, err := a.open(ctx, who, r.PathValue("id"), false)
	if err != nil {
		return err
	}
	var in articleInput
	sent, err := readJSON(w, r, &in)
	if err != nil {
		return err
	}
	if len(sent) == 0 || (len(sent) == 1 && sent["version"]) {
		return &Error{Status: http.StatusBadRequest, Code: "nothing_to_change", Message: "Send at least one field to change."}
	}
	version, err := versionOf(r, in, cur.Version)
	if err != nil {
		return err
	}
	s, err := stepOf(in, sent, cur.Status)
	if err != nil {
		return err
	}
	live, open := takeLiveKind(&in, sent), deref(in.Live)
	if live {
		delete(sent, "kind")
		open = true
	}
	change := articles.Change{Version: version, Step: s.workflowStep(cur.Status), At: s.at}
	if editsText(sent) {
		d := articles.DraftOf(cur.Article)
		if err := a.draft(ctx, &d, in, sent); err != nil {
			return err
		}
		change.Draft = &d
	}
	err = a.store.InTransaction(ctx, func(ctx context.Context) error {
		var err error
		if cur, err = a.newsroom.Apply(ctx, who, cur.ID, change); err != nil || !live && !sent["live"] {
			return err
		}
		return a.startLive(r.WithContext(ctx), who, &cur, open)
	})
	if err != nil {
		return err
	}
	return a.writeArticle(w, r, http.StatusOK, cur)
}

// versionOf is the version a change must start from: the body's version
// or If-Match's ETag, or without either the one just read (the change
// then wins over any made before it).
func versionOf(r *http.Request, in articleInput, current int) (int, error) {
	v := current
	fromBody := in.Version != nil
	if fromBody {
		v = *in.Version
	}
	match := strings.TrimSpace(r.Header.Get("If-Match"))
	if match == "" || match == "*" {
		return v, nil
	}
	n, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(match, "W/"), `"`))
	if err != nil {
		return 0, &Error{Status: http.StatusBadRequest, Code: "invalid_if_match", Field: "If-Match",
			Message: "If-Match must be the ETag this API gave out with the article, such as \"3\"."}
	}
	if fromBody && n != v {
		return 0, badField("version", "version and If-Match name different versions; send one of them.")
	}
	return n, nil
}

// deleteArticle answers DELETE /api/v1/articles/{id}: to the trash, or
// with ?permanent=true gone for good (editors only).
func (a *API) deleteArticle(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	ctx := r.Context()
	permanent := false
	if raw := r.URL.Query().Get("permanent"); raw != "" {
		p, err := strconv.ParseBool(raw)
		if err != nil {
			return badField("permanent", "permanent must be true or false.")
		}
		permanent = p
	}
	cur, err := a.open(ctx, who, r.PathValue("id"), false)
	if err != nil {
		return err
	}
	if !permanent {
		if cur.Status == content.StatusTrashed {
			return &Error{Status: http.StatusConflict, Code: "wrong_status", Field: "status",
				Message: "This article is already in the trash; delete it with ?permanent=true, or restore it with \"status\": \"draft\"."}
		}
		x, err := a.newsroom.Trash(ctx, who, cur.ID)
		if err != nil {
			return err
		}
		return a.writeArticle(w, r, http.StatusOK, x)
	}
	if err := a.newsroom.DeleteNow(ctx, who, cur.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
