package articles

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// The workflow, and who may take each step (own = the member wrote it):
//
//	Submit     draft → pending                      whoever may edit it
//	Withdraw   pending → draft                      whoever may edit it
//	Publish    draft, pending, scheduled → published  authors (own), editors
//	Schedule   draft, pending, scheduled → scheduled  authors (own), editors
//	Unpublish  published, scheduled → draft         authors (own), editors
//	Trash      any but trashed → trashed            contributors (own drafts), authors (own), editors
//	Restore    trashed → draft                      as Trash
//	Delete     trashed → gone for good              editors
//	Kill       published → withdrawn, with a notice  editors
//
// A withdrawn article keeps its URL, which answers 410 Gone with the
// editors' notice; it is in no public list. Only editors change it from
// then on (auth.CanWithdraw): they may publish it again, unpublish it to
// draft or trash it, and any of those clears the notice.
//
// PublishedAt is the first publication and fixes the article's URL, so
// once an article has been public it keeps it: unpublishing leaves it (the
// URL answers 404 meanwhile, not 410, and works again on republishing), and
// such an article cannot be scheduled, only published again. A scheduled
// article's PublishedAt is only a plan: leaving "scheduled" for anything
// but "published" clears it, so it never counts as having been public.

// plan checks that user may take step with the article a as stored and
// says where it goes: the move the store makes, only if the article is
// still in a's status by then.
func (s *Service) plan(ctx context.Context, user content.User, a content.Article, c Change, now time.Time) (store.Move, error) {
	step, at := c.Step, c.At
	switch step {
	case StepKill:
		return kill(user, a, c.Notice)
	case StepSubmit:
		return submit(user, a)
	case StepWithdraw:
		return withdraw(user, a)
	case StepPublish:
		return publish(user, a, now)
	case StepSchedule:
		return s.schedule(ctx, user, a, at, now)
	case StepUnpublish:
		return unpublish(user, a)
	case StepTrash:
		return trash(user, a)
	case StepRestore:
		return restore(user, a)
	}
	return store.Move{}, fmt.Errorf("articles: unknown step %q", step)
}

// moveAction names a status change for the change feed: "publish",
// "schedule", "submit", "unpublish", "trash", "restore", "withdraw"
// (from review) or "kill" (a published story withdrawn).
func moveAction(from, to content.Status) string {
	switch to {
	case content.StatusPublished:
		return "publish"
	case content.StatusScheduled:
		return "schedule"
	case content.StatusPending:
		return "submit"
	case content.StatusTrashed:
		return "trash"
	case content.StatusWithdrawn:
		return "kill"
	}
	switch from {
	case content.StatusTrashed:
		return "restore"
	case content.StatusPending:
		return "withdraw"
	}
	return "unpublish"
}

// mayPublish explains why user may not publish, schedule or unpublish a.
func mayPublish(user content.User, a content.Article) error {
	switch {
	case auth.CanPublish(user, a):
		return nil
	case user.ID == 0:
		return forbidden("Please sign in to the newsroom.")
	case !auth.Can(user.Role, auth.ActPublishOwn):
		return forbidden("You may not publish articles; send it for review instead.")
	}
	return forbidden("You may publish only your own articles.")
}

// mayDelete explains why user may not trash or restore a.
func mayDelete(user content.User, a content.Article) error {
	switch {
	case auth.CanDeleteArticle(user, a):
		return nil
	case user.ID == 0:
		return forbidden("Please sign in to the newsroom.")
	case a.Author.ID != user.ID && auth.Can(user.Role, auth.ActDeleteOwn):
		return forbidden("You may move only your own articles to the trash.")
	case a.Author.ID == user.ID && auth.Can(user.Role, auth.ActDeleteOwn):
		return forbidden("This article has gone out; only an editor can take it down.")
	}
	return forbidden("You may not remove articles.")
}

// Submit sends a draft to the editors for review.
func (s *Service) Submit(ctx context.Context, user content.User, id int64) (Article, error) {
	return s.Apply(ctx, user, id, Change{Step: StepSubmit})
}

func submit(user content.User, a content.Article) (store.Move, error) {
	if err := mayEdit(user, a); err != nil {
		return store.Move{}, err
	}
	if !auth.Can(user.Role, auth.ActSubmitForReview) {
		return store.Move{}, forbidden("You may not send articles for review.")
	}
	if a.Status != content.StatusDraft {
		return store.Move{}, wrongStatus("Only a draft can be sent for review; this article is %s.", statusWords(a.Status))
	}
	return store.Move{To: content.StatusPending, PublishedAt: a.PublishedAt}, nil
}

// Withdraw takes an article waiting for review back to draft: its writer
// changed their mind, or an editor sends it back for more work.
func (s *Service) Withdraw(ctx context.Context, user content.User, id int64) (Article, error) {
	return s.Apply(ctx, user, id, Change{Step: StepWithdraw})
}

func withdraw(user content.User, a content.Article) (store.Move, error) {
	if err := mayEdit(user, a); err != nil {
		return store.Move{}, err
	}
	if a.Status != content.StatusPending {
		return store.Move{}, wrongStatus("Only an article waiting for review can go back to draft; this article is %s.", statusWords(a.Status))
	}
	return store.Move{To: content.StatusDraft, PublishedAt: a.PublishedAt}, nil
}

// Publish makes the article public now. The first publication sets
// PublishedAt, and with it the URL, for good; a republished article keeps
// its first date.
func (s *Service) Publish(ctx context.Context, user content.User, id int64) (Article, error) {
	return s.Apply(ctx, user, id, Change{Step: StepPublish})
}

func publish(user content.User, a content.Article, now time.Time) (store.Move, error) {
	if err := mayPublish(user, a); err != nil {
		return store.Move{}, err
	}
	if err := publishable(a); err != nil {
		return store.Move{}, err
	}
	at := a.PublishedAt
	if a.Status == content.StatusScheduled || at.IsZero() {
		at = now
	}
	return store.Move{To: content.StatusPublished, PublishedAt: at}, nil
}

func publishable(a content.Article) error {
	switch a.Status {
	case content.StatusPublished:
		return wrongStatus("This article is already published.")
	case content.StatusTrashed:
		return wrongStatus("This article is in the trash; restore it first.")
	}
	return nil
}

// Schedule plans the article's publication for at, which must be in the
// future; the [Scheduler] publishes it then. An article that has been
// public cannot be scheduled, since its date and URL are fixed.
func (s *Service) Schedule(ctx context.Context, user content.User, id int64, at time.Time) (Article, error) {
	return s.Apply(ctx, user, id, Change{Step: StepSchedule, At: at})
}

func (s *Service) schedule(ctx context.Context, user content.User, a content.Article, at, now time.Time) (store.Move, error) {
	if err := mayPublish(user, a); err != nil {
		return store.Move{}, err
	}
	if err := publishable(a); err != nil {
		return store.Move{}, err
	}
	if wentPublic(a) {
		return store.Move{}, fieldError("publish_at", fmt.Sprintf(
			"This article was first published on %s, and its date and address cannot change; publish it again instead of scheduling it.",
			a.PublishedAt.In(s.zone(ctx)).Format("January 2, 2006")))
	}
	at = at.UTC().Truncate(time.Millisecond)
	if !at.After(now) {
		return store.Move{}, fieldError("publish_at", "Choose a time in the future to schedule the article.")
	}
	return store.Move{To: content.StatusScheduled, PublishedAt: at}, nil
}

// Unpublish takes a published article offline, back to draft (its URL
// answers 404 until it is published again, at the same URL), or takes a
// scheduled one off the schedule.
func (s *Service) Unpublish(ctx context.Context, user content.User, id int64) (Article, error) {
	return s.Apply(ctx, user, id, Change{Step: StepUnpublish})
}

func unpublish(user content.User, a content.Article) (store.Move, error) {
	if err := mayPublish(user, a); err != nil {
		return store.Move{}, err
	}
	switch a.Status {
	case content.StatusPublished, content.StatusWithdrawn:
		return store.Move{To: content.StatusDraft, PublishedAt: a.PublishedAt}, nil
	case content.StatusScheduled:
		return store.Move{To: content.StatusDraft}, nil
	}
	return store.Move{}, wrongStatus("Only a published or scheduled article can be unpublished; this article is %s.", statusWords(a.Status))
}

// Trash moves the article to the trash. One that had been published then
// answers 410 Gone; one that was only scheduled is off the schedule.
func (s *Service) Trash(ctx context.Context, user content.User, id int64) (Article, error) {
	return s.Apply(ctx, user, id, Change{Step: StepTrash})
}

func trash(user content.User, a content.Article) (store.Move, error) {
	if err := mayDelete(user, a); err != nil {
		return store.Move{}, err
	}
	switch a.Status {
	case content.StatusTrashed:
		return store.Move{}, wrongStatus("This article is already in the trash.")
	case content.StatusScheduled:
		return store.Move{To: content.StatusTrashed}, nil
	}
	return store.Move{To: content.StatusTrashed, PublishedAt: a.PublishedAt}, nil
}

// Restore takes an article out of the trash as a draft.
func (s *Service) Restore(ctx context.Context, user content.User, id int64) (Article, error) {
	return s.Apply(ctx, user, id, Change{Step: StepRestore})
}

func restore(user content.User, a content.Article) (store.Move, error) {
	if err := mayDelete(user, a); err != nil {
		return store.Move{}, err
	}
	if a.Status != content.StatusTrashed {
		return store.Move{}, wrongStatus("Only an article in the trash can be restored; this article is %s.", statusWords(a.Status))
	}
	return store.Move{To: content.StatusDraft, PublishedAt: a.PublishedAt}, nil
}

// Kill withdraws the published article id: its address answers 410 Gone
// with notice, the editors' plain-text words, and it leaves every public
// list. Only editors and admins may (auth.CanWithdraw).
func (s *Service) Kill(ctx context.Context, user content.User, id int64, notice string) (Article, error) {
	return s.Apply(ctx, user, id, Change{Step: StepKill, Notice: notice})
}

// Notice refusals, as the newsroom and the API show them.
const (
	NoticeMissing = "Please say why the story was withdrawn: readers see this notice at its address."
	NoticeTooLong = "The notice is too long (at most 1,000 characters)."
)

func kill(user content.User, a content.Article, notice string) (store.Move, error) {
	if !auth.CanWithdraw(user) {
		if user.ID == 0 {
			return store.Move{}, forbidden("Please sign in to the newsroom.")
		}
		return store.Move{}, forbidden("Only editors can withdraw a story.")
	}
	if a.Status != content.StatusPublished {
		return store.Move{}, wrongStatus("Only a published article can be withdrawn; this article is %s.", statusWords(a.Status))
	}
	notice = strings.TrimSpace(notice)
	switch {
	case notice == "":
		return store.Move{}, fieldError("notice", NoticeMissing)
	case utf8.RuneCountInString(notice) > content.MaxWithdrawnNotice:
		return store.Move{}, fieldError("notice", NoticeTooLong)
	case !content.Storable(notice):
		return store.Move{}, fieldError("notice", content.Unstorable)
	}
	return store.Move{To: content.StatusWithdrawn, PublishedAt: a.PublishedAt, Notice: notice}, nil
}

// recordKill keeps the withdrawal in the article's history, with who did
// it and their notice, as the editors' record of why the story went. The
// article is withdrawn already; failing here only leaves a gap there.
func (s *Service) recordKill(ctx context.Context, user content.User, a content.Article, notice string, now time.Time) {
	rev := revisionOf(a, user, "Withdrawn: "+notice, now)
	if err := s.store.AddRevision(ctx, &rev); err != nil {
		s.log.Error("articles: revision of a withdrawal", "article", a.ID, "err", err)
	}
}

// Delete removes an article in the trash for good, with its revisions; if
// it had been published its URL answers 410 Gone from then on. Only
// editors and admins may.
func (s *Service) Delete(ctx context.Context, user content.User, id int64) error {
	return s.remove(ctx, user, id, false)
}

// DeleteNow removes an article for good from any status, in one step: the
// API's DELETE ?permanent=true. The rules are Delete's.
func (s *Service) DeleteNow(ctx context.Context, user content.User, id int64) error {
	return s.remove(ctx, user, id, true)
}

func (s *Service) remove(ctx context.Context, user content.User, id int64, anyStatus bool) error {
	a, err := s.store.ArticleByID(ctx, id)
	if err != nil {
		return err
	}
	if user.ID == 0 || !auth.Can(user.Role, auth.ActDeleteOthers) || !auth.CanDeleteArticle(user, a) {
		return forbidden("Only editors can delete articles for good; move it to the trash instead.")
	}
	if a.Status != content.StatusTrashed && !anyStatus {
		return wrongStatus("Move the article to the trash before deleting it for good.")
	}
	if err := s.store.DeleteArticle(ctx, id); err != nil {
		return fmt.Errorf("delete article %d: %w", id, err)
	}
	s.log.Info("article deleted", "article", id, "user", user.ID)
	s.changes.Publish(ctx, changes.ArticleEvent("delete", a, content.Article{}))
	return nil
}
