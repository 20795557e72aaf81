package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Messages of the editor.
const (
	CategoryUnknown   = "Please choose a section from the list."
	ImageUnknown      = "There is no image with that number in the media library."
	AuthorUnknown     = "Please choose an author from the list."
	PublishAtInvalid  = "Please enter a date and time, such as 2025-07-14 09:30."
	PublishAtPast     = "Please choose a time in the future, or publish now."
	KindInvalid       = "Please choose a post or a page."
	FormatInvalid     = "Please choose Markdown or HTML."
	SEOTitleTooLong   = "The search title is too long (at most 200 characters)."
	SEODescTooLong    = "The search description is too long (at most 500 characters)."
	CorrectionMissing = "Please write the correction."
	CorrectionTooLong = "The correction is too long (at most 1000 characters)."
	SlugReserved      = "The site itself uses this address. Please choose another slug."
	NotYourArticle    = "You may not edit this article. Ask an editor if it needs a change."
	StepNotAllowed    = "Your role does not allow this step for this article."
)

// maxArticleForm bounds an editor form: a story of at most 1 MB and its
// details.
const maxArticleForm = 3 << 20

// localLayout is the format of an <input type="datetime-local">.
const localLayout = "2006-01-02T15:04"

// articleForm is the editor's form as typed.
type articleForm struct {
	ID                                   int64
	Version                              int
	Kind, Title, Slug, Excerpt, Dateline string
	Body, Format, Category, Tags         string
	ImageID, Caption, Credit             string
	// Upload is the words for a new picture sent with the form.
	Upload                               imageForm
	MustRead, CommentsOpen               bool
	Author, SEOTitle, SEODesc, PublishAt string
}

// readArticleForm reads the editor's form, which may carry a new picture
// (multipart) when the member may upload.
func (a *Admin) readArticleForm(w http.ResponseWriter, r *http.Request) (articleForm, error) {
	if err := a.parseUpload(w, r); err != nil {
		return articleForm{}, err
	}
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	id, _ := strconv.ParseInt(f("id"), 10, 64)
	version, _ := strconv.Atoi(f("version"))
	return articleForm{
		ID: id, Version: version,
		Kind: f("kind"), Title: f("title"), Slug: f("slug"), Excerpt: f("excerpt"), Dateline: f("dateline"),
		// The story keeps its leading spaces: in Markdown they mean code.
		Body:   strings.TrimRight(strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n"), " \n\t"),
		Format: f("format"), Category: f("category"), Tags: f("tags"),
		ImageID:  f("image_id"),
		MustRead: r.PostFormValue("must_read") != "", CommentsOpen: r.PostFormValue("comments_open") != "",
		Author: f("author"), SEOTitle: f("seo_title"), SEODesc: f("seo_desc"), PublishAt: f("publish_at"),
		Upload: imageForm{Alt: f("image_alt"), Caption: f("image_caption"), Credit: f("image_credit")},
	}, nil
}

// formFromDraft fills the form from an article as stored.
func formFromDraft(d Draft, zone *time.Location) articleForm {
	a := d.Article
	f := articleForm{
		ID: a.ID, Version: d.Version, Kind: string(a.Kind), Title: a.Title, Slug: a.Slug, Excerpt: a.Excerpt,
		Dateline: a.Dateline, Body: a.Source, Format: string(a.Format), MustRead: a.MustRead,
		CommentsOpen: a.CommentsOpen, SEOTitle: a.SEOTitle, SEODesc: a.SEODesc,
	}
	if a.Category.ID != 0 {
		f.Category = strconv.FormatInt(a.Category.ID, 10)
	}
	names := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		names[i] = t.Name
	}
	f.Tags = strings.Join(names, ", ")
	if a.Image != nil {
		f.ImageID = strconv.FormatInt(a.Image.ID, 10)
	}
	if a.Author.ID != 0 {
		f.Author = strconv.FormatInt(a.Author.ID, 10)
	}
	if a.Status == content.StatusScheduled && !a.PublishedAt.IsZero() {
		f.PublishAt = a.PublishedAt.In(zone).Format(localLayout)
		if a.PublishedAt.Second() != 0 {
			f.PublishAt = a.PublishedAt.In(zone).Format(localLayout + ":05")
		}
	}
	return f
}

// newArticle is what the editor starts from.
func newArticle(by content.User) content.Article {
	return content.Article{
		Kind: content.KindPost, Format: content.FormatMarkdown, Status: content.StatusDraft,
		Author: by, CommentsOpen: true,
	}
}

// draft applies the form to base (the stored article, or a new one) and
// says what is wrong with it. What the member's role may not change
// (must-read, the byline) keeps its stored value.
func (a *Admin) draft(ctx context.Context, m *member, f articleForm, base content.Article) (Draft, content.FieldErrors, error) {
	var errs content.FieldErrors
	art := base
	art.Title, art.Slug, art.Excerpt, art.Dateline, art.Source = f.Title, f.Slug, f.Excerpt, f.Dateline, f.Body
	art.SEOTitle, art.SEODesc, art.CommentsOpen = f.SEOTitle, f.SEODesc, f.CommentsOpen
	if art.Slug == "" {
		// An emptied slug keeps the stored one: the address of a story
		// that went out must not change by accident.
		art.Slug = base.Slug
	}
	switch content.Kind(f.Kind) {
	case content.KindPost, content.KindPage:
		art.Kind = content.Kind(f.Kind)
	default:
		errs.Add("kind", KindInvalid)
	}
	switch content.Format(f.Format) {
	case content.FormatMarkdown, content.FormatHTML:
		art.Format = content.Format(f.Format)
	default:
		errs.Add("format", FormatInvalid)
	}
	art.Category = content.Category{}
	if f.Category != "" {
		id, _ := strconv.ParseInt(f.Category, 10, 64)
		cats, err := a.store.Categories(ctx)
		if err != nil {
			return Draft{}, nil, err
		}
		for _, c := range cats {
			if c.ID == id {
				art.Category = c
			}
		}
		if art.Category.ID == 0 {
			errs.Add("category", CategoryUnknown)
		}
	}
	art.Tags = parseTags(f.Tags)
	art.Image = nil
	if f.ImageID != "" {
		id, err := strconv.ParseInt(f.ImageID, 10, 64)
		var im content.Image
		if err == nil && id > 0 {
			im, err = a.store.ImageByID(ctx, id)
		}
		switch {
		case err == nil:
			art.Image = &im
		case errors.Is(err, store.ErrNotFound), id <= 0:
			errs.Add("image_id", ImageUnknown)
		default:
			return Draft{}, nil, err
		}
	}
	if m.Can(auth.ActSetMustRead) {
		art.MustRead = f.MustRead
	}
	if m.Can(auth.ActChangeAuthor) && f.Author != "" && f.Author != strconv.FormatInt(art.Author.ID, 10) {
		id, _ := strconv.ParseInt(f.Author, 10, 64)
		u, err := a.store.UserByID(ctx, id)
		switch {
		case err == nil:
			art.Author = u
		case errors.Is(err, store.ErrNotFound):
			errs.Add("author", AuthorUnknown)
		default:
			return Draft{}, nil, err
		}
	}
	if utf8.RuneCountInString(f.SEOTitle) > 200 {
		errs.Add("seo_title", SEOTitleTooLong)
	}
	if utf8.RuneCountInString(f.SEODesc) > 500 {
		errs.Add("seo_desc", SEODescTooLong)
	}
	if art.Kind == content.KindPage && art.Slug != "" && content.Reserved(art.Slug) {
		errs.Add("slug", SlugReserved)
	}
	d := Draft{Article: art, Version: f.Version}
	if f.PublishAt != "" {
		t, err := time.ParseInLocation(localLayout, f.PublishAt, m.Zone)
		if err != nil {
			// Browsers send seconds when the field has them (step="1").
			t, err = time.ParseInLocation(localLayout+":05", f.PublishAt, m.Zone)
		}
		if err != nil {
			errs.Add("publish_at", PublishAtInvalid)
		}
		d.PublishAt = t.UTC()
	}
	// The article's own rules, with the names of the editor's fields.
	if err := art.Validate(); err != nil {
		var fe content.FieldErrors
		if errors.As(err, &fe) {
			for _, e := range fe {
				if e.Field == "published_at" || errs.For(e.Field) != "" {
					continue // the workflow sets the time
				}
				errs.Add(e.Field, e.Message)
			}
		}
	}
	return d, errs, nil
}

// parseTags reads "Mekong, Floods, mekong" as two tags, in order.
func parseTags(s string) []content.Tag {
	var tags []content.Tag
	seen := map[string]bool{}
	for _, name := range strings.Split(s, ",") {
		name = strings.Join(strings.Fields(name), " ")
		if name == "" {
			continue
		}
		slug := content.Slugify(name)
		if seen[slug] {
			continue
		}
		seen[slug] = true
		tags = append(tags, content.Tag{Name: name, Slug: slug})
	}
	return tags
}

// steps are the workflow buttons a member may press for an article as
// stored (a new article has the member as author and no ID).
type steps struct {
	Save, Submit, Publish, Schedule, Unpublish, Withdraw, Trash, Restore, Delete bool
}

func stepsFor(u content.User, a content.Article) steps {
	var s steps
	if a.Status == content.StatusTrashed {
		s.Restore = a.ID != 0 && auth.CanDeleteArticle(u, a)
		s.Delete = s.Restore && auth.Can(u.Role, auth.ActDeleteOthers)
		return s
	}
	if !auth.CanEditArticle(u, a) {
		return s
	}
	s.Save = true
	publish := auth.CanPublish(u, a)
	switch a.Status {
	case content.StatusDraft, content.StatusPending:
		// Writers may file to the desk even when they could publish
		// themselves; editors are the desk.
		s.Submit = a.Status == content.StatusDraft && auth.Can(u.Role, auth.ActSubmitForReview) && !auth.Can(u.Role, auth.ActPublishOthers)
		s.Withdraw = a.Status == content.StatusPending
		s.Publish, s.Schedule = publish, publish
	case content.StatusScheduled:
		s.Publish, s.Schedule, s.Unpublish = publish, publish, publish
	case content.StatusPublished:
		s.Unpublish = publish
	}
	s.Trash = a.ID != 0 && auth.CanDeleteArticle(u, a)
	return s
}

func (s steps) allows(step Step) bool {
	switch step {
	case StepSave:
		return s.Save
	case StepSubmit:
		return s.Submit
	case StepPublish:
		return s.Publish
	case StepSchedule:
		return s.Schedule
	case StepUnpublish:
		return s.Unpublish
	case StepWithdraw:
		return s.Withdraw
	case StepTrash:
		return s.Trash
	case StepRestore:
		return s.Restore
	}
	return false
}

// stepNotices name the notice shown after each step.
var stepNotices = map[Step]string{
	StepSave: "saved", StepSubmit: "submitted", StepPublish: "published", StepSchedule: "scheduled",
	StepUnpublish: "unpublished", StepWithdraw: "withdrawn", StepTrash: "trashed", StepRestore: "restored",
}

type option struct {
	Value, Label string
}

var kindOptions = []option{{"post", "News post"}, {"page", "Static page (About, Contact)"}}
var formatOptions = []option{{"markdown", "Markdown"}, {"html", "HTML"}}

// statusNames are the statuses as the newsroom names them.
var statusNames = map[content.Status]string{
	content.StatusDraft:     "Draft",
	content.StatusPending:   "Waiting for review",
	content.StatusScheduled: "Scheduled",
	content.StatusPublished: "Published",
	content.StatusTrashed:   "In the trash",
}

type editorView struct {
	layout
	Form          articleForm
	Action        string
	IsNew         bool
	Status        content.Status
	StatusName    string
	Steps         steps
	SaveLabel     string
	Categories    []content.Category
	Authors       []content.User
	CanMustRead   bool
	CanAuthor     bool
	Kinds         []option
	Formats       []option
	PublicPath    string
	ScheduledFor  time.Time
	Autosaved     *Autosaved
	Corrections   string
	CanCorrect    bool
	Correction    string
	ReadOnly      bool
	Conflict      bool
	RevisionsPath string
	// Image is the stored picture, whose caption and credit the media
	// library keeps.
	Image *content.Image
	// Pictures are the choices offered: the newest of the library and the
	// one chosen.
	Pictures  []content.Image
	CanUpload bool
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
		Status: base.Status, StatusName: statusNames[base.Status], Steps: stepsFor(m.User, base),
		CanMustRead: m.Can(auth.ActSetMustRead), CanAuthor: m.Can(auth.ActChangeAuthor),
		Kinds: kindOptions, Formats: formatOptions, Corrections: base.Corrections,
		ReadOnly: base.Status == content.StatusTrashed, Image: base.Image,
		CanUpload: a.media != nil && m.Can(auth.ActUploadMedia),
	}
	v.Action = "/admin/articles/new"
	if base.ID != 0 {
		v.Action = "/admin/articles/" + strconv.FormatInt(base.ID, 10)
		v.RevisionsPath = v.Action + "/revisions"
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
	if v.CanAuthor {
		if v.Authors, err = a.store.Users(r.Context()); err != nil {
			return v, err
		}
	}
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
	// "Use in a new article" from the media library.
	if id, err := strconv.ParseInt(r.URL.Query().Get("image"), 10, 64); err == nil && id > 0 {
		f.ImageID = strconv.FormatInt(id, 10)
	}
	v, err := a.editorView(r, m, base, f)
	if err != nil {
		return err
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
	d, err := a.articles.Article(r.Context(), m.User, id)
	if err != nil {
		return d, err
	}
	s := stepsFor(m.User, d.Article)
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
	v, err := a.editorView(r, m, d.Article, f)
	if err != nil {
		return err
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
	step := Step(r.PostFormValue("step"))
	if step == "" {
		step = StepSave
	}
	if !stepsFor(m.User, base).allows(step) {
		return errForbidden(StepNotAllowed)
	}
	// A picture sent with the form goes into the library first, so that a
	// form refused for another reason comes back with it chosen.
	uploadErrs, err := a.uploadWithArticle(r, m, &f)
	if err != nil {
		return err
	}
	d, errs, err := a.draft(r.Context(), m, f, base)
	if err != nil {
		return err
	}
	errs = append(uploadErrs, errs...)
	if step == StepSchedule {
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
	if len(errs) > 0 && step != StepTrash && step != StepRestore {
		return rerender(http.StatusUnprocessableEntity, "", false)
	}
	if step == StepTrash || step == StepRestore {
		d = Draft{Article: base, Version: f.Version}
	}
	saved, err := a.articles.Save(r.Context(), m.User, d, step)
	if err != nil && saved.Article.ID != 0 && saved.Version != 0 {
		// The text was saved and the step refused: the form now stands
		// for the saved version.
		base, f.ID, f.Version = saved.Article, saved.Article.ID, saved.Version
	}
	var ae *ArticleError
	switch {
	case errors.As(err, &errs):
		return rerender(http.StatusUnprocessableEntity, "", false)
	case errors.As(err, &ae):
		errs = nil
		switch {
		case ae.Conflict:
			return rerender(http.StatusConflict, ae.Message, true)
		case ae.Forbidden:
			return rerender(http.StatusForbidden, ae.Message, false)
		}
		return rerender(http.StatusUnprocessableEntity, ae.Message, false)
	case err != nil:
		return err
	}
	a.log.Info("article saved", slog.Int64("article", saved.Article.ID), slog.String("step", string(step)), slog.Int64("by", m.ID))
	return seeOther("/admin/articles/" + strconv.FormatInt(saved.Article.ID, 10) + "?done=" + stepNotices[step])
}
