package main

import (
	"reflect"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/content"
)

// TestEveryStateChangingRouteAnnouncesExactlyItsEvents runs the whole
// program, as serve assembles it, on the store under test and goes
// through every route that changes something: the newsroom's forms, the
// API's writes, the site's comment forms and the commands run beside the
// server. Each change must announce exactly the events listed, with
// exactly their tags, and each refusal none.
//
// The rule for what a change announces: the thing that changed, and every
// page a reader could see change because of it. So signing in and out,
// sessions, passwords, reset links, API tokens, previews and test mails
// announce nothing: they change nothing a reader sees. A weather check is
// the exception among the settings page's buttons: the reading it keeps is
// the one the header shows, so it is announced like the fetcher's own.
//
// The rows share one program and one store, in order; each prepares what
// it alone works on (through services that announce nothing), so that
// what one row changes does not decide what another announces.
//
// The rows live in a file per surface: events_newsroom_*_test.go (one per
// part of /admin), events_api_test.go, events_site_test.go,
// events_cli_test.go and events_liveblog_test.go.
func TestEveryStateChangingRouteAnnouncesExactlyItsEvents(t *testing.T) {
	e := newEventsApp(t)
	var rows []route
	for _, group := range [][]route{
		e.accountRoutes(), e.memberRoutes(), e.settingsRoutes(), e.taxonomyRoutes(), e.articleRoutes(),
		e.moderationRoutes(), e.mediaRoutes(), e.apiRoutes(), e.siteRoutes(), e.commandRoutes(), e.liveRoutes(),
	} {
		rows = append(rows, group...)
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			s := &scene{eventsApp: e, t: t}
			if r.prepare != nil {
				r.prepare(s)
			}
			e.seen.Take() // what preparing the row did is not the row's
			if got := r.do(s); got != r.status {
				t.Fatalf("answered %d, want %d", got, r.status)
			}
			got := e.seen.Take()
			if r.logged {
				// Events from another process carry its name.
				for i := range got {
					if got[i].Origin == "" || got[i].Origin == e.app.journal.Origin() {
						t.Errorf("event %+v did not come through the change log", got[i])
					}
					got[i].Origin = ""
				}
			}
			var want []changes.Event
			if r.want != nil {
				want = r.want(s)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("announced %+v\nwant      %+v", got, want)
			}
		})
	}
	t.Logf("%d routes and refusals", len(rows))
}

// route is one state-changing request (or command) and what it must
// announce.
type route struct {
	name string
	// prepare makes what this row alone works on; nothing it announces
	// counts.
	prepare func(s *scene)
	// do sends the request, or runs the command, and returns the answer's
	// HTTP status, or the command's exit code.
	do     func(s *scene) int
	status int
	// want lists the events announced, in order; nil for none.
	want func(s *scene) []changes.Event
	// logged says that the change was made by another process, so that
	// the server learns of it through the change log.
	logged bool
}

// The events the rows expect, built as the rules say.

// listed are the tags of a change to an article that readers can see: the
// article, and every list it is in (the home page, its section, its tags,
// its author's archive, the feeds, the sitemaps and search).
func listed(id int64, section, author string, tags ...string) []string {
	out := []string{changes.Article(id), changes.Section(section), changes.Author(author),
		changes.Home, changes.Feeds, changes.Sitemaps, changes.Search}
	for _, t := range tags {
		out = append(out, changes.Tag(t))
	}
	return out
}

func articleEvent(action string, id int64, tags ...string) changes.Event {
	return changes.New(changes.KindArticle, action, []int64{id}, tags...)
}

// unseenArticle is a change to an article no reader could see before or
// after: it announces only the article itself.
func unseenArticle(action string, id int64) []changes.Event {
	return []changes.Event{articleEvent(action, id, changes.Article(id))}
}

// seenArticle is a change to an article readers could see before or after,
// with the tags of every list it was or is in.
func seenArticle(action string, id int64, tags ...[]string) []changes.Event {
	var all []string
	for _, t := range tags {
		all = append(all, t...)
	}
	return []changes.Event{articleEvent(action, id, all...)}
}

// seenComment is a change to a comment readers see (or saw): the comment,
// its article's page and the feed of comments.
func seenComment(action string, c content.Comment) changes.Event {
	return changes.New(changes.KindComment, action, []int64{c.ID}, changes.Comment(c.ID), changes.Article(c.ArticleID), changes.CommentsFeed)
}

// unseenComment is a change to a comment no reader sees: the moderation
// queue's alone.
func unseenComment(action string, id int64) changes.Event {
	return changes.New(changes.KindComment, action, []int64{id}, changes.Comment(id))
}

func memberEvent(action string, ids []int64, tags ...string) []changes.Event {
	return []changes.Event{changes.New(changes.KindMember, action, ids, tags...)}
}

func none(*scene) []changes.Event { return nil }
