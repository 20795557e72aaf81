package admin

import (
	"context"
	"time"

	"dateline/internal/content"
)

// Articles is the article workflow as the newsroom pages use it: the
// methods internal/newsroom's service is adapted to. Every method takes the
// member acting, and refuses what their role does not allow, although the
// pages check the same rules first.
//
// Errors meant for the writer are content.FieldErrors (keyed by the
// editor's field names: title, slug, excerpt, body, dateline, kind,
// format, category, tags, image_id, author, seo_title, seo_desc,
// publish_at) and *ArticleError (a message about the whole article, such
// as a version conflict). The editor shows both next to what the writer
// typed, which it keeps. Unknown ids are store.ErrNotFound.
type Articles interface {
	// List returns articles in any status, most recently changed first.
	List(ctx context.Context, by content.User, q ArticleQuery) ([]content.Article, error)
	// Article returns an article to edit, its version, and by's autosaved
	// text of it when that is newer than the article.
	Article(ctx context.Context, by content.User, id int64) (Draft, error)
	// Save stores d (a new article when d.Article.ID is 0) and then takes
	// step: saving a published article keeps it published. A d.Version
	// older than the stored one is a conflict (*ArticleError with Conflict
	// set) and saves nothing. It returns the article as stored, with its
	// new version, also when the text was saved and the step then refused
	// (the error says why). StepTrash and StepRestore move the article
	// without saving the text.
	Save(ctx context.Context, by content.User, d Draft, step Step) (Draft, error)
	// Autosave keeps the text being typed into d without making it public:
	// a draft may be saved in place (a new version), any other article
	// keeps the text beside it, for Article to offer back. An article
	// without an ID is created as a draft. It returns the article with its
	// ID and current version.
	Autosave(ctx context.Context, by content.User, d Draft) (Draft, error)
	// Revisions lists the article's saved states, newest first.
	Revisions(ctx context.Context, by content.User, id int64) ([]Revision, error)
	// Diff compares a revision with the article's current text, field by
	// field.
	Diff(ctx context.Context, by content.User, id, revision int64) (Revision, []DiffField, error)
	// RestoreRevision brings a revision's text back into the article, if
	// the article is still at version; the text it replaces is kept as a
	// revision.
	RestoreRevision(ctx context.Context, by content.User, id, revision int64, version int) (Draft, error)
	// AddCorrection appends a dated correction note to a published
	// article.
	AddCorrection(ctx context.Context, by content.User, id int64, note string) error
	// Delete removes an article in the trash for good.
	Delete(ctx context.Context, by content.User, id int64) error
}

// ArticleQuery selects articles for the newsroom's list.
type ArticleQuery struct {
	Status   content.Status // "" means every status but trashed
	Text     string         // words in the headline
	AuthorID int64          // 0 for everyone's
	Limit    int
	Offset   int
}

// Draft is an article being edited.
type Draft struct {
	Article content.Article
	// Version is the version the writer started from; a save against an
	// older one is a conflict.
	Version int
	// PublishAt is the planned publication time of StepSchedule, in UTC.
	PublishAt time.Time
	// Autosaved is the member's unsaved text, when Article returns one
	// newer than the article.
	Autosaved *Autosaved
}

// Autosaved is text typed into the editor and never saved.
type Autosaved struct {
	Title, Excerpt, Source string
	SavedAt                time.Time
}

// Step is what Save does after storing the text.
type Step string

// The workflow steps the editor's buttons ask for.
const (
	StepSave      Step = "save"      // keep the status
	StepSubmit    Step = "submit"    // draft → pending review
	StepPublish   Step = "publish"   // publish now
	StepSchedule  Step = "schedule"  // publish at Draft.PublishAt
	StepUnpublish Step = "unpublish" // published or scheduled → draft
	StepWithdraw  Step = "withdraw"  // pending review → draft
	StepTrash     Step = "trash"
	StepRestore   Step = "restore" // trashed → draft
)

// Revision is one saved state of an article.
type Revision struct {
	ID        int64
	Author    content.User // zero when that member was removed
	CreatedAt time.Time
	Title     string
	Note      string
	Autosave  bool
}

// DiffField is the comparison of one field (headline, story...).
type DiffField struct {
	Name     string
	Segments []DiffSegment
}

// DiffSegment is a piece of text that stayed, was added or was removed.
type DiffSegment struct {
	Op   DiffOp
	Text string
}

// DiffOp says whether a piece of text is in both versions, only the old or
// only the new one.
type DiffOp string

const (
	DiffSame    DiffOp = "same"
	DiffRemoved DiffOp = "removed"
	DiffAdded   DiffOp = "added"
)

// Changed reports whether the field differs at all.
func (f DiffField) Changed() bool {
	for _, s := range f.Segments {
		if s.Op != DiffSame {
			return true
		}
	}
	return false
}

// ArticleError is a refusal by the workflow that the writer should read:
// a version conflict, or a step the article's state does not allow.
type ArticleError struct {
	Message string
	// Conflict marks a version conflict: someone saved the article since
	// the writer loaded it.
	Conflict bool
	// Forbidden marks a refusal by role.
	Forbidden bool
}

func (e *ArticleError) Error() string { return e.Message }
