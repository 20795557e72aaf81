package api

import (
	"net/http"

	"dateline/internal/content"
)

// withdrawInput is the body of POST /api/v1/articles/{id}/withdraw.
type withdrawInput struct {
	Notice *string `json:"notice"`
}

// withdrawArticle answers POST /api/v1/articles/{id}/withdraw: an editor
// kills a published story, whose address then answers 410 Gone with the
// notice. The answer is the article, with status "withdrawn".
func (a *API) withdrawArticle(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	x, err := a.open(r.Context(), who, r.PathValue("id"), false)
	if err != nil {
		return err
	}
	var in withdrawInput
	if _, err := readJSON(w, r, &in); err != nil {
		return err
	}
	out, err := a.newsroom.Kill(r.Context(), who, x.ID, deref(in.Notice))
	if err != nil {
		return err
	}
	return a.writeArticle(w, r, http.StatusOK, out)
}
