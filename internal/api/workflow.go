package api

import (
	"context"
	"net/http"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/newsroom"
)

// stays reports whether the step leaves the article where it is: no
// status asked for, or the one it has (a scheduled article with a new time
// is rescheduled).
func (s step) stays(cur content.Article) bool {
	return s.to == "" || (s.to == cur.Status && (s.to != content.StatusScheduled || s.at.IsZero()))
}

// mayTake refuses a step that who may not take, before anything is
// stored: a request that both edits and moves an article must not get half
// done. The newsroom checks again when it moves the article; this only
// answers early, in its words where it has them.
func mayTake(who content.User, a content.Article, s step, now time.Time) error {
	if s.stays(a) {
		return nil
	}
	switch s.to {
	case content.StatusPublished, content.StatusScheduled:
		if !auth.CanPublish(who, a) {
			if !auth.Can(who.Role, auth.ActPublishOwn) {
				return forbidden("You may not publish articles; send it for review instead.")
			}
			return forbidden("You may publish only your own articles.")
		}
		if s.to == content.StatusScheduled && !s.at.After(now) {
			return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_published_at", Field: "published_at",
				Message: "Choose a time in the future to schedule the article."}
		}
	case content.StatusPending:
		if !auth.CanEditArticle(who, a) || !auth.Can(who.Role, auth.ActSubmitForReview) {
			return forbidden("You may not send this article for review.")
		}
	case content.StatusDraft:
		switch a.Status {
		case content.StatusPublished, content.StatusScheduled:
			if !auth.CanPublish(who, a) {
				return forbidden("Only an editor, or its author if they may publish, can take this article down.")
			}
		case content.StatusTrashed:
			if !auth.CanDeleteArticle(who, a) {
				return forbidden("You may not restore this article.")
			}
		default:
			if !auth.CanEditArticle(who, a) {
				return forbidden("You may edit only your own articles.")
			}
		}
	case content.StatusTrashed:
		if !auth.CanDeleteArticle(who, a) {
			return forbidden("You may not move this article to the trash.")
		}
	}
	return nil
}

// move takes the step through the newsroom's workflow, which checks the
// role and the status again and keeps the publication time's rules.
func (a *API) move(ctx context.Context, who content.User, cur newsroom.Article, s step) (newsroom.Article, error) {
	if s.stays(cur.Article) {
		return cur, nil
	}
	nr, id := a.newsroom, cur.ID
	switch s.to {
	case content.StatusPending:
		return nr.Submit(ctx, who, id)
	case content.StatusPublished:
		return nr.Publish(ctx, who, id)
	case content.StatusScheduled:
		return nr.Schedule(ctx, who, id, s.at)
	case content.StatusTrashed:
		return nr.Trash(ctx, who, id)
	}
	switch cur.Status {
	case content.StatusPending:
		return nr.Withdraw(ctx, who, id)
	case content.StatusTrashed:
		return nr.Restore(ctx, who, id)
	}
	return nr.Unpublish(ctx, who, id)
}
