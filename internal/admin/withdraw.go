package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/content"
)

// killArticle withdraws a published story with the notice of its form
// (editors only, as the service checks), and answers with the editor: the
// form again with the refusal beside the notice, or the article with a
// notice of what happened.
func (a *Admin) killArticle(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	d, err := a.loadDraft(r, m)
	if err != nil {
		return err
	}
	notice := strings.TrimSpace(r.PostFormValue("notice"))
	_, err = a.articles.Kill(r.Context(), m.User, d.Article.ID, notice)
	var errs content.FieldErrors
	if msg, _, ok := refusal(err); ok {
		errs.Add("notice", msg)
	} else if errors.As(err, &errs) {
		for i := range errs {
			errs[i].Field = "notice"
		}
	} else if err != nil {
		return err
	}
	if len(errs) > 0 {
		v, err := a.editorView(r, m, d.Article, formFromDraft(d, m.Zone))
		if err != nil {
			return err
		}
		v.Errors, v.KillNotice = errs, notice
		return a.render(w, r, http.StatusUnprocessableEntity, "editor", v)
	}
	return seeOther("/admin/articles/" + strconv.FormatInt(d.Article.ID, 10) + "?done=killed")
}
