package api

import (
	"context"
	"net/http"
	"time"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/content"
)

// stays reports whether the step leaves the article where it is: no
// status asked for, or the one it has (a scheduled article with a new time
// is rescheduled).
func (s step) stays(cur content.Article) bool {
	return s.to == "" || (s.to == cur.Status && (s.to != content.StatusScheduled || s.at.IsZero()))
}

// mayTake refuses a step that who may not take, or that the article's
// status does not allow, before anything is stored: a request that both
// edits and moves an article must not get half done. The newsroom checks
// again when it moves the article; this answers early, in its words.
func mayTake(who content.User, a content.Article, s step, now time.Time, zone *time.Location) error {
	if s.stays(a) {
		return nil
	}
	if err := mayPass(who, a, s, now); err != nil {
		return err
	}
	return allowedFrom(a, s, zone)
}

// mayPass is the role's part of mayTake.
func mayPass(who content.User, a content.Article, s step, now time.Time) error {
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

// allowedFrom is the status's part of mayTake: the steps the newsroom's
// workflow refuses, with its messages. The others (withdraw, restore,
// unpublish) follow from where the article is, so they are always open.
func allowedFrom(a content.Article, s step, zone *time.Location) error {
	wrong := func(msg string) error {
		return &Error{Status: http.StatusConflict, Code: "wrong_status", Field: "status", Message: msg}
	}
	switch {
	case s.to == content.StatusPending && a.Status != content.StatusDraft:
		return wrong("Only a draft can be sent for review; this article is " + statusWords[a.Status] + ".")
	case (s.to == content.StatusPublished || s.to == content.StatusScheduled) && a.Status == content.StatusTrashed:
		return wrong("This article is in the trash; restore it first.")
	case s.to == content.StatusScheduled && a.Status == content.StatusPublished:
		return wrong("This article is already published.")
	case s.to == content.StatusScheduled && a.Status != content.StatusScheduled && !a.PublishedAt.IsZero():
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_published_at", Field: "published_at",
			Message: "This article was first published on " + a.PublishedAt.In(zone).Format("January 2, 2006") +
				", and its date and address cannot change; publish it again instead of scheduling it."}
	}
	return nil
}

// statusWords says where an article stands, to finish "this article is".
var statusWords = map[content.Status]string{
	content.StatusDraft: "a draft", content.StatusPending: "waiting for review", content.StatusScheduled: "scheduled",
	content.StatusPublished: "published", content.StatusTrashed: "in the trash",
}

// move takes the step through the newsroom's workflow, which checks the
// role and the status again and keeps the publication time's rules.
func (a *API) move(ctx context.Context, who content.User, cur articles.Article, s step) (articles.Article, error) {
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
