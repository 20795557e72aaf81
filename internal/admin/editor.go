package admin

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/web"
)

// Messages of the editor.
const (
	CategoryUnknown   = "Please choose a section from the list."
	ImageUnknown      = "There is no image with that number in the media library."
	AuthorUnknown     = "Please choose an author from the list."
	BylinePosition    = "The position of name %d of the byline must be a number from 1."
	BylineBoth        = "Name %d of the byline: choose a member or type a credit, not both."
	PublishAtInvalid  = "Please enter a date and time, such as 2025-07-14 09:30."
	PublishAtPast     = "Please choose a time in the future, or publish now."
	KindInvalid       = "Please choose a post, a live blog or a page."
	FormatInvalid     = "Please choose Markdown or HTML."
	LabelInvalid      = "Please choose a label from the list."
	SEOTitleTooLong   = "The search title is too long (at most 200 characters)."
	SEODescTooLong    = "The search description is too long (at most 500 characters)."
	CorrectionMissing = articles.CorrectionMissing
	SlugReserved      = "The site itself uses this address. Please choose another slug."
	NotYourArticle    = "You may not edit this article. Ask an editor if it needs a change."
	StepNotAllowed    = "Your role does not allow this step for this article."
	TextNotSaved      = "Your text was not saved; it is still in the form below. Save again in a few minutes, and copy it somewhere safe if you cannot wait."
)

// stepNotices name the notice shown after each step.
var stepNotices = map[articles.Step]string{
	articles.StepSave: "saved", articles.StepSubmit: "submitted", articles.StepPublish: "published", articles.StepSchedule: "scheduled",
	articles.StepUnpublish: "unpublished", articles.StepWithdraw: "withdrawn", articles.StepTrash: "trashed", articles.StepRestore: "restored",
	articles.StepKill: "killed",
}

type option struct {
	Value, Label string
}

var kindOptions = []option{{"post", "News post"}, {kindLiveBlog, "Live blog (the text leads; entries follow as they come)"},
	{"page", "Static page (About, Contact)"}}

// kindLiveBlog is the editor's kind for a post that is a live blog, as
// the API names it: choosing it starts the live blog with the save.
const kindLiveBlog = "liveblog"

// labelOptions are the labels as the newsroom offers them.
var labelOptions = func() []option {
	var out []option
	for _, l := range content.Labels() {
		out = append(out, option{string(l), l.Name()})
	}
	return out
}()

// correctionKindOptions are the kinds of correction as the newsroom offers them.
var correctionKindOptions = func() []option {
	var out []option
	for _, k := range content.CorrectionKinds() {
		out = append(out, option{string(k), k.Name()})
	}
	return out
}()

var formatOptions = []option{{"markdown", "Markdown"}, {"html", "HTML"}}

// statusNames are the statuses as the newsroom names them.
var statusNames = map[content.Status]string{
	content.StatusDraft:     "Draft",
	content.StatusPending:   "Waiting for review",
	content.StatusScheduled: "Scheduled",
	content.StatusPublished: "Published",
	content.StatusTrashed:   "In the trash",
	content.StatusWithdrawn: "Withdrawn",
}

type editorView struct {
	layout
	Form       articleForm
	Action     string
	IsNew      bool
	Status     content.Status
	StatusName string
	Steps      articles.Steps
	SaveLabel  string
	Categories []content.Category
	Authors    []content.User
	// Members are the newsroom's members the byline's rows offer, and
	// BylineRows those rows.
	Members      []content.User
	BylineRows   []bylineRowView
	CanMustRead  bool
	CanAuthor    bool
	Kinds        []option
	Labels       []option
	Formats      []option
	PublicPath   string
	ScheduledFor time.Time
	Autosaved    *Autosaved
	Corrections  []correctionView
	CanCorrect   bool
	Correction   string
	// CanKill offers withdrawing the published story; KillNotice is the
	// notice typed in its form, or a withdrawn article's stored one (not
	// Notice, the layout's word on the last form).
	CanKill    bool
	KillNotice string
	// CorrectionKind is the kind chosen in the form; CorrectionKinds the
	// choices.
	CorrectionKind  string
	CorrectionKinds []option
	ReadOnly        bool
	Conflict        bool
	RevisionsPath   string
	// LivePath is the live blog desk of a saved post; IsLive says
	// whether it is one. CanBreak offers marking it as breaking news.
	LivePath  string
	IsLive    bool
	CanBreak  bool
	Durations []struct {
		Minutes int
		Label   string
	}
	// Image is the stored picture, whose caption and credit the media
	// library keeps.
	Image *content.Image
	// Pictures are the choices offered: the newest of the library and the
	// one chosen.
	Pictures  []content.Image
	CanUpload bool
	// PickerPath is the picture picker for this article: the whole
	// library, searched and paged.
	PickerPath string
}

// editorView prepares the editor for an article as stored (base) and a
// form, which is the stored article or what the member typed.
func (a *Admin) editorView(r *http.Request, m *member, base content.Article, f articleForm) (editorView, error) {
	title := "New article"
	if base.ID != 0 {
		title = "Edit: " + base.Title
	}
	v := editorView{
		layout: a.layout(r, m, title), Form: f, IsNew: base.ID == 0,
		Status: base.Status, StatusName: statusNames[base.Status], Steps: articles.StepsFor(m.User, base),
		CanMustRead: m.Can(auth.ActSetMustRead), CanAuthor: m.Can(auth.ActChangeAuthor),
		Kinds: kindOptions, Labels: labelOptions, Formats: formatOptions, CorrectionKinds: correctionKindOptions,
		ReadOnly: base.Status == content.StatusTrashed, Image: base.Image,
		CanUpload: a.media != nil && m.Can(auth.ActUploadMedia),
	}
	v.Action, v.PickerPath = "/admin/articles/new", "/admin/media/pick"
	if base.ID != 0 {
		v.Action = "/admin/articles/" + strconv.FormatInt(base.ID, 10)
		v.RevisionsPath = v.Action + "/revisions"
		if base.Kind == content.KindPost {
			v.LivePath, v.IsLive = v.Action+"/live", base.Live != nil
		}
		v.PickerPath += "?article=" + strconv.FormatInt(base.ID, 10)
	}
	v.SaveLabel = "Save draft"
	switch base.Status {
	case content.StatusPublished, content.StatusScheduled:
		v.SaveLabel = "Update"
	case content.StatusPending:
		v.SaveLabel = "Save"
	}
	if base.Status == content.StatusPublished {
		v.PublicPath = base.Path(m.Zone)
		v.CanCorrect = auth.CanEditArticle(m.User, base)
		v.CanKill = v.Steps.Kill
		v.CanBreak, v.Durations = a.alerts != nil && m.Can(auth.ActPostAlerts), alertDurations
	}
	if base.Withdrawn() {
		v.PublicPath, v.KillNotice = base.Path(m.Zone), base.WithdrawnNotice
	}
	if err := a.correctionViews(r, m, base, &v); err != nil {
		return v, err
	}
	if base.Status == content.StatusScheduled {
		v.ScheduledFor = base.PublishedAt
	}
	var err error
	if v.Categories, err = a.store.Categories(r.Context()); err != nil {
		return v, err
	}
	if v.Pictures, err = a.pictureChoices(r.Context(), f.ImageID); err != nil {
		return v, err
	}
	if v.Members, err = a.store.Users(r.Context()); err != nil {
		return v, err
	}
	if v.CanAuthor {
		v.Authors = v.Members
	}
	v.BylineRows = bylineRowsView(f.Byline)
	return v, nil
}

// withArticles answers with the "not connected" page when there is no
// article workflow yet.
func (a *Admin) withArticles(w http.ResponseWriter, r *http.Request, m *member) (bool, error) {
	if a.articles != nil {
		return true, nil
	}
	return false, a.render(w, r, http.StatusOK, "notyet", notYetView{layout: a.layout(r, m, "Articles"), Name: "Articles"})
}

func (a *Admin) newArticle(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	base := newArticle(m.User)
	f := formFromDraft(Draft{Article: base}, m.Zone)
	chosen := chosenPicture(r, &f) // "Use in a new article", or the picker's choice
	v, err := a.editorView(r, m, base, f)
	if err != nil {
		return err
	}
	if chosen != "" {
		v.Notice = chosen
	}
	return a.render(w, r, http.StatusOK, "editor", v)
}

// loadDraft reads the article of the path and checks that the member may
// work on it.
func (a *Admin) loadDraft(r *http.Request, m *member) (Draft, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return Draft{}, err
	}
	d, err := a.openDraft(r.Context(), m.User, id)
	if err != nil {
		return d, err
	}
	s := articles.StepsFor(m.User, d.Article)
	if !s.Save && !s.Restore {
		return d, errForbidden(NotYourArticle)
	}
	return d, nil
}

func (a *Admin) editArticle(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	d, err := a.loadDraft(r, m)
	if err != nil {
		return err
	}
	f := formFromDraft(d, m.Zone)
	if d.Autosaved != nil && r.URL.Query().Get("autosave") == "1" {
		f.Title, f.Excerpt, f.Body = d.Autosaved.Title, d.Autosaved.Excerpt, d.Autosaved.Source
	}
	chosen := chosenPicture(r, &f) // the picture picker's choice
	v, err := a.editorView(r, m, d.Article, f)
	if err != nil {
		return err
	}
	if chosen != "" {
		v.Notice = chosen
	}
	if r.URL.Query().Get("autosave") != "1" {
		v.Autosaved = d.Autosaved
	}
	return a.render(w, r, http.StatusOK, "editor", v)
}

// saveArticle stores the editor's form and takes the step of the button
// pressed. Whatever goes wrong, the member gets the form back as typed.
func (a *Admin) saveArticle(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	f, err := a.readArticleForm(w, r)
	if err != nil {
		return err
	}
	base := newArticle(m.User)
	if r.PathValue("id") != "" {
		stored, err := a.loadDraft(r, m)
		if err != nil {
			return err
		}
		base, f.ID = stored.Article, stored.Article.ID
	} else {
		f.ID, f.Version = 0, 0
	}
	step := articles.Step(r.PostFormValue("step"))
	if step == "" {
		step = articles.StepSave
	}
	if !articles.StepsFor(m.User, base).Allows(step) {
		return errForbidden(StepNotAllowed)
	}
	// A picture sent with the form goes into the library first, so that a
	// form refused for another reason comes back with it chosen.
	uploadErrs, uploadErr := a.uploadWithArticle(r, m, &f)
	if uploadErr != nil && !store.Unwritable(uploadErr) {
		return uploadErr
	}
	d, errs, err := a.draft(r.Context(), m, f, base)
	if err != nil {
		return err
	}
	errs = append(uploadErrs, errs...)
	if step == articles.StepSchedule {
		switch {
		case f.PublishAt == "" && errs.For("publish_at") == "":
			errs.Add("publish_at", PublishAtInvalid)
		case errs.For("publish_at") == "" && !d.PublishAt.After(a.now()):
			errs.Add("publish_at", PublishAtPast)
		}
	}
	rerender := func(status int, problem string, conflict bool) error {
		v, err := a.editorView(r, m, base, f)
		if err != nil {
			return err
		}
		v.Errors, v.Problem, v.Conflict = errs, problem, conflict
		return a.render(w, r, status, "editor", v)
	}
	if disk, ok := web.Unwritable(w, uploadErr); ok {
		return rerender(http.StatusServiceUnavailable, disk.Cause+" "+TextNotSaved, false)
	}
	moveOnly := step == articles.StepTrash || step == articles.StepRestore
	if len(errs) > 0 && !moveOnly {
		return rerender(http.StatusUnprocessableEntity, "", false)
	}
	// The text and the step are one change: both are stored, or neither.
	// Trashing and restoring move the article without saving the text.
	change := articles.Change{Version: d.Version, Step: step, At: d.PublishAt}
	if !moveOnly {
		draft := workflowDraft(d)
		change.Draft = &draft
	}
	// A live blog starts with the save that makes it one.
	startLive := f.Kind == kindLiveBlog && base.Live == nil && !moveOnly
	change.Live = startLive
	saved, err := a.articles.Apply(r.Context(), m.User, d.Article.ID, change)
	if disk, ok := web.Unwritable(w, err); ok {
		errs = nil
		return rerender(http.StatusServiceUnavailable, disk.Cause+" "+TextNotSaved, false)
	}
	if msg, status, ok := refusal(err); ok {
		errs = nil
		return rerender(status, msg, status == http.StatusConflict)
	}
	if errors.As(err, &errs) {
		return rerender(http.StatusUnprocessableEntity, "", false)
	}
	if err != nil {
		return err
	}
	a.log.Info("article saved", slog.Int64("article", saved.ID), slog.String("step", string(step)), slog.Int64("by", m.ID))
	if startLive {
		return seeOther(livePath(saved.ID) + "?done=live-open")
	}
	return seeOther("/admin/articles/" + strconv.FormatInt(saved.ID, 10) + "?done=" + stepNotices[step])
}
