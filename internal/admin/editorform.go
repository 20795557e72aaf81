package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
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
	Label                                string
	// Byline is the byline's rows; BylineSent says the form had them.
	Byline     []bylineRow
	BylineSent bool
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
	rows, sent := readBylineRows(r)
	return articleForm{
		Byline: rows, BylineSent: sent,
		ID: id, Version: version,
		Kind: f("kind"), Title: f("title"), Slug: f("slug"), Excerpt: f("excerpt"), Dateline: f("dateline"),
		// The story keeps its leading spaces: in Markdown they mean code.
		Body:   strings.TrimRight(strings.ReplaceAll(r.PostFormValue("body"), "\r\n", "\n"), " \n\t"),
		Format: f("format"), Category: f("category"), Tags: f("tags"),
		ImageID:  f("image_id"),
		MustRead: r.PostFormValue("must_read") != "", CommentsOpen: r.PostFormValue("comments_open") != "",
		Author: f("author"), SEOTitle: f("seo_title"), SEODesc: f("seo_desc"), PublishAt: f("publish_at"),
		Label:  f("label"),
		Upload: imageForm{Alt: f("image_alt"), Caption: f("image_caption"), Credit: f("image_credit")},
	}, nil
}

// formFromDraft fills the form from an article as stored.
func formFromDraft(d Draft, zone *time.Location) articleForm {
	a := d.Article
	f := articleForm{
		ID: a.ID, Version: d.Version, Kind: string(a.Kind), Title: a.Title, Slug: a.Slug, Excerpt: a.Excerpt,
		Dateline: a.Dateline, Body: a.Source, Format: string(a.Format), MustRead: a.MustRead,
		CommentsOpen: a.CommentsOpen, SEOTitle: a.SEOTitle, SEODesc: a.SEODesc, Label: string(a.Label.Or()),
		Byline: bylineRowsOf(a.Byline()),
	}
	if a.Live != nil {
		f.Kind = kindLiveBlog
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
	case kindLiveBlog: // a post, which the save makes a live blog
		art.Kind = content.KindPost
	default:
		errs.Add("kind", KindInvalid)
	}
	switch l := content.Label(f.Label); {
	case l == "":
		art.Label = content.LabelNews
	case content.ValidLabel(l):
		art.Label = l
	default:
		errs.Add("label", LabelInvalid)
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
	if f.BylineSent {
		// Every row emptied is an empty byline, which the workflow refuses
		// in its own words.
		d.Byline = bylineOf(f.Byline, &errs)
	}
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
