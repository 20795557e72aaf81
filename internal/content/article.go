package content

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Kind tells a dated news post from an undated static page.
type Kind string

const (
	KindPost Kind = "post"
	KindPage Kind = "page"
)

// Status is where an article stands in the editorial workflow.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusPending   Status = "pending"
	StatusScheduled Status = "scheduled"
	StatusPublished Status = "published"
	StatusTrashed   Status = "trashed"
	// StatusWithdrawn is a published story the editors killed: its address
	// answers 410 Gone with their notice, and it is in no public list.
	StatusWithdrawn Status = "withdrawn"
)

// Format is the language an article's source is written in.
type Format string

const (
	FormatMarkdown Format = "markdown"
	FormatHTML     Format = "html"
)

// Article is a news post or a static page.
type Article struct {
	ID      int64
	Kind    Kind
	Title   string
	Slug    string
	Excerpt string
	// Source is what the writer typed, in Format; Body is its sanitised HTML,
	// the only form that reaches a page.
	Source string
	Format Format
	Body   string
	// Dateline is the place the story was filed from ("MOSCOW"); empty for
	// stories without one.
	Dateline string
	Status   Status
	// PublishedAt is the time of first publication (or the planned time of a
	// scheduled article); zero for drafts. It fixes the article's URL.
	PublishedAt time.Time
	UpdatedAt   time.Time
	CreatedAt   time.Time
	// Author is the article's owner: the member whose draft it is. The
	// byline, which may name others too, is Authors (see Byline).
	Author User
	// Authors is the byline in order: members and credits. Read with
	// every article a store returns; empty means the owner alone.
	Authors      []Author
	Category     Category
	Tags         []Tag
	Image        *Image
	MustRead     bool
	CommentsOpen bool
	CommentCount int
	// Corrections are its corrections, oldest first, on an article read
	// in full (store.Articles.ArticleByID and ArticleBySlug).
	Corrections []Correction
	SEOTitle    string
	SEODesc     string
	// WithdrawnNotice is the editors' plain-text notice shown at the
	// address of a withdrawn article instead of its text; empty otherwise.
	WithdrawnNotice string
	// Label is the kind of work (news, opinion…); news when empty.
	Label Label
	// Words is the length of the body in words, kept for reading time.
	Words int
	// Live is the article's live blog, nil for an ordinary article: read
	// with the article by ArticleByID and ArticleBySlug, and changed only
	// by store.LiveBlogs, never by an article's save.
	Live *LiveBlog
}

// Image is a picture with what a reader needs to know about it. Variants
// lists the widths that exist as separate files, for srcset.
type Image struct {
	ID       int64
	Name     string // file stem under /media/, for example "2025/07/flood"
	Ext      string // ".jpg"
	Width    int
	Height   int
	Alt      string
	Caption  string
	Credit   string
	Variants []int
	// Crops are the ratios of the cropped copies stored beside it, for
	// search engines' previews (see CropRatios); none for pictures stored
	// before the library made them.
	Crops []Ratio
	// Bytes is the size of the file at full width, as the library stored
	// it; 0 when unknown (pictures stored before it was recorded).
	Bytes int64
	// OwnerID is the member who uploaded the picture, 0 for pictures from
	// before pictures had owners (and imported ones): only editors and
	// admins change those.
	OwnerID int64
}

// URL is the public path of the image at its full width.
func (im *Image) URL() string { return "/media/" + im.Name + im.Ext }

// VariantURL is the public path of the smallest stored copy at least w
// pixels wide, or of the full image when no variant is that wide.
func (im *Image) VariantURL(w int) string {
	best := 0
	for _, v := range im.Variants {
		if v >= w && v < im.Width && (best == 0 || v < best) {
			best = v
		}
	}
	if best == 0 {
		return im.URL()
	}
	return fmt.Sprintf("/media/%s-%d%s", im.Name, best, im.Ext)
}

// SrcSet lists every variant with its width, for the srcset attribute.
func (im *Image) SrcSet() string {
	var parts []string
	for _, w := range im.Variants {
		if w < im.Width {
			parts = append(parts, fmt.Sprintf("%s %dw", im.VariantURL(w), w))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(append(parts, fmt.Sprintf("%s %dw", im.URL(), im.Width)), ", ")
}

// Files are the names of the files the library stored for the picture,
// as the media storage names them (no /media/): the picture at full
// width, each scaled copy and each crop.
func (im *Image) Files() []string {
	names := []string{im.Name + im.Ext}
	for _, w := range im.Variants {
		names = append(names, fmt.Sprintf("%s-%d%s", im.Name, w, im.Ext))
	}
	for _, r := range im.Crops {
		names = append(names, im.Name+"-"+r.String()+im.Ext)
	}
	return names
}

// HeightFor keeps the aspect ratio when the image is shown w pixels wide.
func (im *Image) HeightFor(w int) int {
	if im.Width == 0 {
		return 0
	}
	return im.Height * w / im.Width
}

// Path is the public path of the article: /YYYY/MM/DD/slug/ for posts, dated
// by first publication in the site's zone, and /slug/ for pages. Slugs are
// percent-encoded so that Thai or Cyrillic slugs make valid links.
func (a *Article) Path(zone *time.Location) string {
	slug := url.PathEscape(a.Slug)
	if a.Kind == KindPage {
		return "/" + slug + "/"
	}
	t := a.PublishedAt
	if t.IsZero() {
		t = a.CreatedAt
	}
	t = t.In(zone)
	return fmt.Sprintf("/%04d/%02d/%02d/%s/", t.Year(), t.Month(), t.Day(), slug)
}

// PublishedOn reports whether the article's first publication falls on the
// given day in the site's zone, so a URL with the wrong date can be redirected.
func (a *Article) PublishedOn(year, month, day string, zone *time.Location) bool {
	t := a.PublishedAt.In(zone)
	return year == fmt.Sprintf("%04d", t.Year()) &&
		month == fmt.Sprintf("%02d", int(t.Month())) &&
		day == fmt.Sprintf("%02d", t.Day())
}

// IsPublic reports whether readers may see the article.
func (a *Article) IsPublic() bool { return a.Status == StatusPublished }

// WasPublished reports whether the article had been public before it was
// removed, which is what makes its old URL answer 410 Gone rather than 404.
func (a *Article) WasPublished() bool {
	return a.Status == StatusTrashed && !a.PublishedAt.IsZero()
}

// Withdrawn reports whether the editors killed the article after
// publication: its address answers 410 with their notice.
func (a *Article) Withdrawn() bool { return a.Status == StatusWithdrawn }

// Edited reports whether the article changed noticeably after publication,
// which earns an "Updated" line on the page.
func (a *Article) Edited() bool {
	return !a.PublishedAt.IsZero() && a.UpdatedAt.Sub(a.PublishedAt) > 10*time.Minute
}

// ReadingMinutes is the reading time at 230 words a minute, never below one.
func (a *Article) ReadingMinutes() int {
	m := (a.Words + 229) / 230
	if m < 1 {
		return 1
	}
	return m
}

// Limits on what a writer may store; they keep pages and queries bounded.
const (
	MaxTitle   = 300
	MaxExcerpt = 1000
	MaxSource  = 1 << 20
	// MaxMarkdown is the longest Markdown source: about 30,000 words,
	// three times a long feature, and what keeps the worst shapes
	// CommonMark allows within a fraction of a second to lay out.
	MaxMarkdown = 200 << 10
	MaxDateline = 80
	MaxTags     = 20
	// MaxWithdrawnNotice bounds the notice of a withdrawn article, in
	// characters: a paragraph or two, never a second article.
	MaxWithdrawnNotice = 1000
)

// The messages for a body over the limits, which the renderer answers too.
const (
	SourceTooLong   = "The story is too long (at most 1 MB)."
	MarkdownTooLong = "The story is too long for Markdown (at most 200 KB); split it in parts or paste it as HTML."
)

// Validate checks the fields a writer controls and says what is wrong in
// words meant for the writer.
func (a *Article) Validate() error {
	var errs FieldErrors
	title := strings.TrimSpace(a.Title)
	switch {
	case title == "":
		errs.Add("title", "Please enter a headline.")
	case utf8.RuneCountInString(title) > MaxTitle:
		errs.Add("title", fmt.Sprintf("The headline is too long (at most %d characters).", MaxTitle))
	}
	if utf8.RuneCountInString(a.Excerpt) > MaxExcerpt {
		errs.Add("excerpt", fmt.Sprintf("The standfirst is too long (at most %d characters).", MaxExcerpt))
	}
	switch {
	case len(a.Source) > MaxSource:
		errs.Add("body", SourceTooLong)
	case a.Format == FormatMarkdown && len(a.Source) > MaxMarkdown:
		errs.Add("body", MarkdownTooLong)
	}
	if utf8.RuneCountInString(a.Dateline) > MaxDateline {
		errs.Add("dateline", fmt.Sprintf("The dateline is too long (at most %d characters).", MaxDateline))
	}
	validateByline(a.Authors, &errs)
	if len(a.Tags) > MaxTags {
		errs.Add("tags", fmt.Sprintf("Use at most %d tags.", MaxTags))
	}
	for _, f := range []struct{ field, text string }{{"title", a.Title}, {"excerpt", a.Excerpt}, {"body", a.Source},
		{"dateline", a.Dateline}, {"seo_title", a.SEOTitle}, {"seo_desc", a.SEODesc}} {
		if !Storable(f.text) {
			errs.Add(f.field, Unstorable)
		}
	}
	for _, t := range a.Tags {
		if !Storable(t.Name) || !Storable(t.Slug) {
			errs.Add("tags", Unstorable)
			break
		}
	}
	switch a.Kind {
	case KindPost, KindPage:
	default:
		errs.Add("kind", "Unknown kind of article.")
	}
	switch a.Status {
	case StatusDraft, StatusPending, StatusScheduled, StatusPublished, StatusTrashed, StatusWithdrawn:
	default:
		errs.Add("status", "Unknown status.")
	}
	if a.Label != "" && !ValidLabel(a.Label) {
		errs.Add("label", "Unknown label; use news, analysis, opinion, review, explainer or sponsored.")
	}
	switch a.Format {
	case FormatMarkdown, FormatHTML:
	default:
		errs.Add("format", "Unknown format; use markdown or html.")
	}
	if (a.Status == StatusPublished || a.Status == StatusScheduled) && a.PublishedAt.IsZero() {
		errs.Add("published_at", "A published or scheduled article needs a publication time.")
	}
	if a.Slug != "" && !ValidSlug(a.Slug) {
		errs.Add("slug", "The slug may hold only letters, digits and hyphens.")
	}
	return errs.OrNil()
}
