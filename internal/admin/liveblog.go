package admin

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/store"
)

// The newsroom's live blog desk, /admin/articles/{id}/live: one field to
// post an entry (a headline and a pin folded under it), made for a
// reporter on a phone and working without JavaScript, then the entries
// newest first with their buttons. Every rule is the articles service's.

// liveDeskView is the desk of one live blog.
type liveDeskView struct {
	layout
	Article content.Article
	Public  string // the article's public address, once it is out
	// Live is nil while the article is not a live blog yet.
	Live    *content.LiveBlog
	CanEdit bool
	Entries []deskEntry
	Older   string
	Form    entryForm
}

// deskEntry is an entry as the desk lists it.
type deskEntry struct {
	content.Entry
	Body template.HTML // the sanitiser's output, stored with the entry
}

// entryForm is an entry as typed.
type entryForm struct {
	Headline, Body string
	Pinned         bool
}

func readEntryForm(r *http.Request) entryForm {
	return entryForm{Headline: r.PostFormValue("headline"), Body: r.PostFormValue("body"), Pinned: r.PostFormValue("pinned") != ""}
}

// entryFormOf reads an entry as typed from a query: the desk's form sent
// to the picture picker, and back with a picture.
func entryFormOf(q url.Values) entryForm {
	return entryForm{Headline: q.Get("headline"), Body: q.Get("body"), Pinned: q.Get("pinned") != ""}
}

// fields are the entry's fields, for the picker's forms and links to
// carry; empty ones are left out.
func (f entryForm) fields() []hiddenField {
	var out []hiddenField
	if f.Body != "" {
		out = append(out, hiddenField{"body", f.Body})
	}
	if f.Headline != "" {
		out = append(out, hiddenField{"headline", f.Headline})
	}
	if f.Pinned {
		out = append(out, hiddenField{"pinned", "1"})
	}
	return out
}

// withPicture adds the picture of ?image= (a choice of the picture
// picker) to the entry as typed, as Markdown at its end, and says so.
func (a *Admin) withPicture(r *http.Request, f *entryForm) (string, error) {
	raw := r.URL.Query().Get("image")
	if raw == "" {
		return "", nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		return "", errBadRequest("There is no such picture: choose one in the picker.")
	}
	im, err := a.store.ImageByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return "", errBadRequest("There is no such picture: choose one in the picker.")
	}
	if err != nil {
		return "", err
	}
	*f = entryFormOf(r.URL.Query())
	md := "![" + markdownText(im.Alt) + "](" + im.VariantURL(960) + ")"
	if body := strings.TrimRight(f.Body, " \n\t"); body != "" {
		md = body + "\n\n" + md
	}
	f.Body = md
	return "Picture No. " + raw + " is in the entry below: post it to publish.", nil
}

// markdownText escapes what would end or change a Markdown link's text.
var markdownText = strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, "\n", " ", "\r", " ").Replace

func (f entryForm) draft() articles.EntryDraft {
	return articles.EntryDraft{Headline: &f.Headline, Body: &f.Body, Pinned: &f.Pinned}
}

func livePath(id int64) string { return "/admin/articles/" + strconv.FormatInt(id, 10) + "/live" }

// liveDesk gathers the desk of the live blog the path names.
func (a *Admin) liveDesk(r *http.Request, m *member) (liveDeskView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return liveDeskView{}, err
	}
	x, err := a.articles.Open(r.Context(), m.User, id)
	if msg, status, ok := refusal(err); ok {
		return liveDeskView{}, &httpError{Status: status, Message: msg}
	} else if err != nil {
		return liveDeskView{}, err
	}
	v := liveDeskView{layout: a.layout(r, m, "Live blog: "+x.Title), Article: x.Article, Live: x.Live,
		CanEdit: articles.MayEditLiveBlog(m.User, x.Article)}
	if x.IsPublic() {
		v.Public = x.Path(m.Zone)
	}
	if x.Live == nil {
		return v, nil
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	list, err := a.articles.Entries(r.Context(), m.User, store.EntryQuery{ArticleID: id, Before: before, Limit: deskEntries + 1})
	if err != nil {
		return v, err
	}
	if len(list) > deskEntries {
		list = list[:deskEntries]
		v.Older = livePath(id) + "?before=" + strconv.FormatInt(list[len(list)-1].ID, 10)
	}
	for _, e := range list {
		v.Entries = append(v.Entries, deskEntry{Entry: e, Body: template.HTML(e.Body)})
	}
	return v, nil
}

// deskEntries is how many entries the desk lists at a time.
const deskEntries = 30

func (a *Admin) liveBlogDesk(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	v, err := a.liveDesk(r, m)
	if err != nil {
		return err
	}
	if v.Live != nil && v.CanEdit {
		notice, err := a.withPicture(r, &v.Form)
		if err != nil {
			return err
		}
		if notice != "" {
			v.Notice = notice
		}
	}
	return a.render(w, r, http.StatusOK, "liveblog", v)
}

// postEntry adds an entry from the desk's one field.
func (a *Admin) postEntry(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	v, err := a.liveDesk(r, m)
	if err != nil {
		return err
	}
	v.Form = readEntryForm(r)
	_, err = a.articles.AddEntry(r.Context(), m.User, v.Article.ID, v.Form.draft())
	if bad, err := a.entryRefused(err, &v.layout); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "liveblog", v)
	} else if err != nil {
		return err
	}
	return seeOther(livePath(v.Article.ID) + "?done=entry-posted")
}

// entryRefused puts a refusal of the service on the page, as a field's
// message or the form's; a role's refusal is the 403 page.
func (a *Admin) entryRefused(err error, l *layout) (bool, error) {
	if msg, status, ok := refusal(err); ok {
		if status == http.StatusForbidden {
			return false, errForbidden(msg)
		}
		l.Problem = msg
		return true, nil
	}
	return refused(err, &l.Errors)
}

// liveState opens a live blog (making the article one first) or closes it.
func (a *Admin) liveState(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	open := r.PostFormValue("open") == "1"
	if _, err := a.articles.StartLiveBlog(r.Context(), m.User, id, open); err != nil {
		return entryError(err)
	}
	done := "live-closed"
	if open {
		done = "live-open"
	}
	return seeOther(livePath(id) + "?done=" + done)
}

// entryError turns a refusal into the error page that says it.
func entryError(err error) error {
	if msg, status, ok := refusal(err); ok {
		return &httpError{Status: status, Message: msg}
	}
	var fe content.FieldErrors
	if errors.As(err, &fe) && len(fe) > 0 {
		return &httpError{Status: http.StatusUnprocessableEntity, Message: fe[0].Message}
	}
	return err
}

// entryEditView is the form of one entry.
type entryEditView struct {
	layout
	Article content.Article
	Entry   content.Entry
	Form    entryForm
}

func (a *Admin) entryEdit(r *http.Request, m *member) (entryEditView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return entryEditView{}, err
	}
	entryID, err := pathID(r, "entry")
	if err != nil {
		return entryEditView{}, err
	}
	x, err := a.articles.Open(r.Context(), m.User, id)
	if err != nil {
		return entryEditView{}, entryError(err)
	}
	e, err := a.articles.Entry(r.Context(), m.User, id, entryID)
	if err != nil {
		return entryEditView{}, entryError(err)
	}
	return entryEditView{layout: a.layout(r, m, "Edit an entry of "+x.Title), Article: x.Article, Entry: e,
		Form: entryForm{Headline: e.Headline, Body: e.Source, Pinned: e.Pinned}}, nil
}

func (a *Admin) editEntry(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	v, err := a.entryEdit(r, m)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "liveentry", v)
}

func (a *Admin) saveEntry(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	v, err := a.entryEdit(r, m)
	if err != nil {
		return err
	}
	v.Form = readEntryForm(r)
	_, err = a.articles.EditEntry(r.Context(), m.User, v.Article.ID, v.Entry.ID, v.Form.draft())
	if bad, err := a.entryRefused(err, &v.layout); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "liveentry", v)
	} else if err != nil {
		return err
	}
	return seeOther(livePath(v.Article.ID) + "?done=entry-saved")
}

// entryAction is one of an entry's buttons on the desk: pin, unpin,
// delete, or make an article of it.
func (a *Admin) entryAction(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	entryID, err := pathID(r, "entry")
	if err != nil {
		return err
	}
	ctx, done := r.Context(), ""
	switch r.PathValue("action") {
	case "pin", "unpin":
		pin := r.PathValue("action") == "pin"
		_, err = a.articles.EditEntry(ctx, m.User, id, entryID, articles.EntryDraft{Pinned: &pin})
		done = "entry-saved"
	case "delete":
		err, done = a.articles.DeleteEntry(ctx, m.User, id, entryID), "entry-deleted"
	case "story":
		story, serr := a.articles.EntryToStory(ctx, m.User, id, entryID)
		if serr != nil {
			return entryError(serr)
		}
		return seeOther("/admin/articles/" + strconv.FormatInt(story.ID, 10) + "?done=story-made")
	default:
		return errNotFound()
	}
	if err != nil {
		return entryError(err)
	}
	return seeOther(livePath(id) + "?done=" + done)
}
