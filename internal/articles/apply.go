package articles

import (
	"context"
	"errors"
	"fmt"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Step is a move through the workflow that a change may take.
type Step string

// The steps, as the newsroom's buttons and the API's statuses ask for them.
const (
	StepSave      Step = "save"      // keep the status
	StepSubmit    Step = "submit"    // draft → pending review
	StepWithdraw  Step = "withdraw"  // pending review → draft
	StepPublish   Step = "publish"   // publish now
	StepSchedule  Step = "schedule"  // publish at Change.At
	StepUnpublish Step = "unpublish" // published or scheduled → draft
	StepTrash     Step = "trash"
	StepRestore   Step = "restore" // trashed → draft
	// StepKill withdraws (kills) a published story with Change.Notice:
	// the API's POST …/withdraw and the newsroom's "Withdraw story". Its
	// name is not "withdraw", which already takes a draft back from review.
	StepKill Step = "kill"
)

// Change is one change to an article, made by [Service.Apply] in one
// transaction: new content, a step, or both.
type Change struct {
	// Draft is the new content; nil keeps the content as it is.
	Draft *Draft
	// Version is the version the member started from. A change from
	// another version writes nothing and says who saved since. Zero, for a
	// step taken without content, takes the step from whatever version is
	// stored.
	Version int
	// Step is where the article goes; "" or StepSave keeps its status.
	Step Step
	// At is the planned publication time of StepSchedule.
	At time.Time
	// Notice is the editors' notice of StepKill, shown at the article's
	// address instead of its text.
	Notice string
	// Live makes the article a live blog, open, in the same transaction
	// (StartLiveBlog), unless it is one already: a live blog started from
	// a form never goes out as an ordinary article first.
	Live bool
}

// StepTo is the step that takes an article from one status to another, for
// callers that name statuses (the API): "" when it stays where it is.
// Going back to draft is withdrawing from review, restoring from the
// trash, or unpublishing.
func StepTo(from, to content.Status) Step {
	if to == "" || to == from && to != content.StatusScheduled {
		return ""
	}
	switch to {
	case content.StatusPending:
		return StepSubmit
	case content.StatusPublished:
		return StepPublish
	case content.StatusScheduled:
		return StepSchedule
	case content.StatusTrashed:
		return StepTrash
	}
	switch from {
	case content.StatusPending:
		return StepWithdraw
	case content.StatusTrashed:
		return StepRestore
	}
	return StepUnpublish
}

// Apply makes one change to the article id (0 creates one from c.Draft) for
// user: the content and the step together, in one transaction, or neither.
// Every rule is checked before anything is written, and the change is
// announced on the change feed once it committed.
func (s *Service) Apply(ctx context.Context, user content.User, id int64, c Change) (Article, error) {
	if c.Live {
		return s.applyLive(ctx, user, id, c)
	}
	if id == 0 {
		return s.create(ctx, user, c)
	}
	cur, err := s.store.ArticleByID(ctx, id)
	if err != nil {
		return Article{}, err
	}
	now := s.clock()
	w := store.ArticleChange{ID: id, Version: c.Version}
	if c.Draft != nil {
		if err := mayEdit(user, cur); err != nil {
			return Article{}, err
		}
		if cur.Status == content.StatusTrashed {
			return Article{}, wrongStatus("This article is in the trash; restore it before editing it.")
		}
		a, err := s.apply(ctx, user, cur, *c.Draft, false)
		if err != nil {
			return Article{}, err
		}
		a.UpdatedAt = now
		rev := revisionOf(a, user, bylineNote(c.Draft.Note, cur, a), now)
		w.Content, w.Revision = &a, &rev
	} else if c.Version != 0 {
		if err := mayView(user); err != nil {
			return Article{}, err
		}
	}
	if taken(c.Step) {
		m, err := s.plan(ctx, user, cur, c, now)
		if err != nil {
			return Article{}, err
		}
		m.From, m.UpdatedAt = cur.Status, now
		w.Move = &m
	}
	if w.Content == nil && w.Move == nil {
		if w.Version != 0 {
			if err := s.CheckVersion(ctx, user, id, w.Version); err != nil {
				return Article{}, err
			}
		}
		return s.load(ctx, id)
	}
	if err := s.store.ChangeArticle(ctx, w); err != nil {
		return Article{}, s.refused(ctx, user, w, err)
	}
	action := "update"
	if w.Move != nil {
		action = moveAction(w.Move.From, w.Move.To)
		s.log.Info("article moved", "article", id, "from", w.Move.From, "to", w.Move.To, "user", user.ID)
	}
	if w.Content != nil {
		s.forgetAutosave(ctx, id, user.ID)
	}
	if w.Move != nil && w.Move.To == content.StatusWithdrawn {
		s.recordKill(ctx, user, cur, w.Move.Notice, now)
	}
	return s.finish(ctx, action, cur)
}

// taken reports whether step moves the article at all.
func taken(step Step) bool { return step != "" && step != StepSave }

// refused explains why the store refused a change: someone saved a newer
// version, someone moved the article meanwhile, or its slug is taken.
func (s *Service) refused(ctx context.Context, user content.User, w store.ArticleChange, err error) error {
	switch {
	case errors.Is(err, store.ErrStale):
		if w.Version != 0 {
			if v, verr := s.store.ArticleVersion(ctx, w.ID); verr == nil && v != w.Version {
				return s.conflict(ctx, user, w.ID)
			}
		}
		return changedMeanwhile
	case errors.Is(err, store.ErrConflict):
		return slugTaken
	}
	return fmt.Errorf("change article %d: %w", w.ID, err)
}

// create stores a new article by user (or, for an editor, by the author
// the draft names) with its first revision, taken at once to c.Step.
func (s *Service) create(ctx context.Context, user content.User, c Change) (Article, error) {
	if user.ID == 0 || !auth.Can(user.Role, auth.ActWriteDraft) {
		return Article{}, forbidden("You may not write articles.")
	}
	if c.Draft == nil {
		return Article{}, errors.New("articles: a new article needs a draft")
	}
	now := s.clock()
	a, err := s.apply(ctx, user, content.Article{Status: content.StatusDraft, Author: user}, *c.Draft, true)
	if err != nil {
		return Article{}, err
	}
	if taken(c.Step) {
		m, err := s.plan(ctx, user, a, c, now)
		if err != nil {
			return Article{}, err
		}
		a.Status, a.PublishedAt = m.To, m.PublishedAt
	}
	a.CreatedAt, a.UpdatedAt = now, now
	if err := s.store.CreateArticle(ctx, &a); err != nil {
		if errors.Is(err, store.ErrConflict) {
			return Article{}, slugTaken
		}
		return Article{}, fmt.Errorf("create article: %w", err)
	}
	note := c.Draft.Note
	if note == "" {
		note = "Created"
	}
	rev := revisionOf(a, user, bylineNote(note, content.Article{Author: user}, a), now)
	if err := s.store.AddRevision(ctx, &rev); err != nil {
		// The article is saved; failing now would invite the writer to
		// save it again and make a duplicate. Its history starts later.
		s.log.Error("articles: first revision", "article", a.ID, "err", err)
	}
	s.log.Info("article created", "article", a.ID, "status", a.Status, "user", user.ID)
	return s.finish(ctx, "create", content.Article{ID: a.ID})
}

// Steps are the steps a member may take with an article as stored (a new
// article has the member as author and no ID): the newsroom shows a button
// for each.
type Steps struct {
	Save, Submit, Publish, Schedule, Unpublish, Withdraw, Trash, Restore, Delete bool
	// Kill is withdrawing a published story with a notice (StepKill).
	Kill bool
}

// StepsFor says which steps u may take with a.
func StepsFor(u content.User, a content.Article) Steps {
	var s Steps
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
		s.Kill = a.ID != 0 && auth.CanWithdraw(u)
	case content.StatusWithdrawn:
		s.Publish, s.Unpublish = publish, publish
	}
	s.Trash = a.ID != 0 && auth.CanDeleteArticle(u, a)
	return s
}

// Allows reports whether step is one of s.
func (s Steps) Allows(step Step) bool {
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
	case StepKill:
		return s.Kill
	}
	return false
}

// applyLive is Apply, then StartLiveBlog on the article it saved, in one
// transaction.
func (s *Service) applyLive(ctx context.Context, user content.User, id int64, c Change) (Article, error) {
	c.Live = false
	var a Article
	err := s.store.InTransaction(ctx, func(ctx context.Context) error {
		var err error
		if a, err = s.Apply(ctx, user, id, c); err != nil {
			return err
		}
		l, err := s.store.LiveBlog(ctx, a.ID)
		if errors.Is(err, store.ErrNotFound) { // a closed one stays closed
			l, err = s.StartLiveBlog(ctx, user, a.ID, true)
		}
		a.Live = &l
		return err
	})
	return a, err
}
