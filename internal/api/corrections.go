package api

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
)

// Correction is a correction, clarification or update as the API shows
// it; History, the wordings it had before, only to members who may edit
// its article.
type Correction struct {
	ID        int64               `json:"id"`
	Kind      string              `json:"kind"`
	Text      string              `json:"text"`
	CreatedAt string              `json:"created_at"`
	UpdatedAt string              `json:"updated_at"`
	History   []CorrectionVersion `json:"history,omitempty"`
}

// CorrectionVersion is a wording a correction had, and who replaced it.
type CorrectionVersion struct {
	Kind      string    `json:"kind"`
	Text      string    `json:"text"`
	ChangedAt string    `json:"changed_at"`
	ChangedBy MemberRef `json:"changed_by"`
}

// MemberRef names a member of the newsroom.
type MemberRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func correctionOut(c content.Correction) Correction {
	return Correction{ID: c.ID, Kind: string(c.Kind), Text: c.Text,
		CreatedAt: c.CreatedAt.UTC().Format(time.RFC3339), UpdatedAt: c.UpdatedAt.UTC().Format(time.RFC3339)}
}

func correctionsOut(list []content.Correction) []Correction {
	out := make([]Correction, len(list))
	for i, c := range list {
		out[i] = correctionOut(c)
	}
	return out
}

// correctionInput is the body of POST and PATCH …/corrections.
type correctionInput struct {
	Kind *string `json:"kind"`
	Text *string `json:"text"`
}

func (in correctionInput) draft() articles.CorrectionDraft {
	return articles.CorrectionDraft{Kind: content.CorrectionKind(deref(in.Kind)), Text: deref(in.Text)}
}

// addCorrection answers POST /api/v1/articles/{id}/corrections.
func (a *API) addCorrection(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	x, err := a.open(r.Context(), who, r.PathValue("id"), false)
	if err != nil {
		return err
	}
	var in correctionInput
	if _, err := readJSON(w, r, &in); err != nil {
		return err
	}
	c, err := a.newsroom.AddCorrection(r.Context(), who, x.ID, in.draft())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, correctionOut(c))
}

// editCorrection answers PATCH /api/v1/articles/{id}/corrections/{correction}:
// new words or a new kind, the old ones kept in its history.
func (a *API) editCorrection(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	x, err := a.open(r.Context(), who, r.PathValue("id"), false)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("correction"), 10, 64)
	if err != nil || id < 1 {
		return noCorrection
	}
	var in correctionInput
	sent, err := readJSON(w, r, &in)
	if err != nil {
		return err
	}
	cur, err := a.store.CorrectionByID(r.Context(), id)
	if err != nil {
		return notFoundAs(err, noCorrection)
	}
	if cur.ArticleID != x.ID {
		return noCorrection
	}
	d := in.draft()
	if !sent["text"] {
		d.Text = cur.Text
	}
	c, err := a.newsroom.EditCorrection(r.Context(), who, x.ID, id, d)
	if err != nil {
		return notFoundAs(err, noCorrection)
	}
	out := correctionOut(c)
	if out.History, err = a.history(r, who, x.ID, id); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

var noCorrection = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "This article has no correction with that id."}

// listCorrections answers GET /api/v1/articles/{id}/corrections: a
// published article's corrections, oldest first, for anyone; with a
// token, those of any article the member may see, with their history
// when the member may edit it.
func (a *API) listCorrections(w http.ResponseWriter, r *http.Request) error {
	who, signedIn, err := a.member(r)
	if err != nil {
		return err
	}
	if !signedIn {
		x, err := a.publicArticle(r)
		if err != nil {
			return err
		}
		publicCache(w)
		return writeJSON(w, http.StatusOK, page[Correction]{Items: correctionsOut(x.Corrections)})
	}
	w.Header().Set("Cache-Control", "no-store")
	if a.newsroom == nil {
		return unavailable("Articles")
	}
	x, err := a.open(r.Context(), who, r.PathValue("id"), true)
	if err != nil {
		return err
	}
	out := page[Correction]{Items: correctionsOut(x.Corrections)}
	for i := range out.Items {
		if out.Items[i].History, err = a.history(r, who, x.ID, out.Items[i].ID); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// history is a correction's earlier wordings for a member who may edit
// its article, nil for anyone else.
func (a *API) history(r *http.Request, who content.User, articleID, id int64) ([]CorrectionVersion, error) {
	list, err := a.newsroom.CorrectionHistory(r.Context(), who, articleID, id)
	var ne *articles.Error
	if errors.As(err, &ne) && ne.Kind == articles.ErrForbidden {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := []CorrectionVersion{}
	for _, v := range list {
		out = append(out, CorrectionVersion{Kind: string(v.Kind), Text: v.Text,
			ChangedAt: v.ChangedAt.UTC().Format(time.RFC3339), ChangedBy: MemberRef{ID: v.ChangedBy.ID, Name: v.ChangedBy.Name}})
	}
	return out, nil
}
