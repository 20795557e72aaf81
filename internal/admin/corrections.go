package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/content"
)

// correctionView is one correction in the editor, with the wordings it
// had before for those who may edit the article.
type correctionView struct {
	content.Correction
	KindName string
	History  []content.CorrectionVersion
}

// correctionViews lists the article's corrections in the editor.
func (a *Admin) correctionViews(r *http.Request, m *member, base content.Article, v *editorView) error {
	if len(base.Corrections) == 0 || !auth.CanEditArticle(m.User, base) {
		return nil
	}
	for _, c := range base.Corrections {
		h, err := a.articles.CorrectionHistory(r.Context(), m.User, base.ID, c.ID)
		if err != nil {
			return err
		}
		v.Corrections = append(v.Corrections, correctionView{Correction: c, KindName: c.Kind.Name(), History: h})
	}
	return nil
}

// correctionForm reads the kind and words of a correction form.
func correctionForm(r *http.Request) articles.CorrectionDraft {
	return articles.CorrectionDraft{Kind: content.CorrectionKind(strings.TrimSpace(r.PostFormValue("correction_kind"))),
		Text: strings.TrimSpace(r.PostFormValue("correction"))}
}

// addCorrection puts a correction on a published article.
func (a *Admin) addCorrection(w http.ResponseWriter, r *http.Request, m *member) error {
	return a.correct(w, r, m, 0)
}

// editCorrection changes the words of one of its corrections; the
// service keeps the words replaced.
func (a *Admin) editCorrection(w http.ResponseWriter, r *http.Request, m *member) error {
	id, err := pathID(r, "correction")
	if err != nil {
		return err
	}
	return a.correct(w, r, m, id)
}

// correct adds a correction (id 0) or changes correction id, and answers
// with the editor: the form again with the refusal beside its field, or
// the article with a notice.
func (a *Admin) correct(w http.ResponseWriter, r *http.Request, m *member, id int64) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	d, err := a.loadDraft(r, m)
	if err != nil {
		return err
	}
	if d.Article.Status != content.StatusPublished || !auth.CanEditArticle(m.User, d.Article) {
		return errForbidden("Only a published article you may edit takes corrections.")
	}
	draft := correctionForm(r)
	done := "correction-added"
	if id == 0 {
		_, err = a.articles.AddCorrection(r.Context(), m.User, d.Article.ID, draft)
	} else {
		_, err = a.articles.EditCorrection(r.Context(), m.User, d.Article.ID, id, draft)
		done = "correction-changed"
	}
	var errs content.FieldErrors
	if msg, _, ok := refusal(err); ok {
		errs.Add("correction", msg)
	} else if errors.As(err, &errs) {
		for i := range errs {
			errs[i].Field = map[string]string{"kind": "correction_kind", "text": "correction"}[errs[i].Field]
		}
	} else if err != nil {
		return err
	}
	if len(errs) > 0 {
		v, err := a.editorView(r, m, d.Article, formFromDraft(d, m.Zone))
		if err != nil {
			return err
		}
		v.Errors, v.Correction, v.CorrectionKind = errs, draft.Text, string(draft.Kind)
		return a.render(w, r, http.StatusUnprocessableEntity, "editor", v)
	}
	return seeOther("/admin/articles/" + strconv.FormatInt(d.Article.ID, 10) + "?done=" + done)
}
