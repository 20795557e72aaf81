package site

import (
	"context"
	"sync"
	"sync/atomic"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// memo keeps what nearly every page reads and only a write changes — the
// settings, the sections, the must-read and latest lists — from one event
// of the change feed to the next, so that a page made without the page
// cache (a miss, or the cache turned off) does not ask the database for
// them again. Any event forgets everything: events are rare beside page
// views, and a coarse rule cannot miss a dependency.
//
// It is on only when the site is told of changes (Config.Changes); a site
// whose store is written behind its back reads the store every time.
type memo struct {
	on   bool
	gen  atomic.Uint64
	mu   sync.Mutex
	kept map[any]memoEntry // by memoKey, or relatedTo for one story's list
}

// memoMax bounds what the memo keeps: the shared lists and the "More
// articles" lists of this many stories, the ones being read. Past it, the
// memo starts again empty.
const memoMax = 2048

// memoKey names one thing every page shares.
type memoKey int

const (
	memoSite memoKey = iota // settings, zone and sections: siteData
	memoMustRead
	memoLatest
)

// relatedTo keys the "More articles" list beside one story.
type relatedTo int64

type memoEntry struct {
	gen uint64
	val any
}

// watch turns the memo on and forgets everything at each event.
func (m *memo) watch(feed *changes.Feed) {
	m.on = true
	feed.Subscribe(func(context.Context, changes.Event) { m.gen.Add(1) })
}

// remembered returns what load returned the last time, when no event came
// since, or calls it. A value loaded while an event arrives is used once
// and not kept: it may predate the change. What it returns is shared:
// callers must not modify it.
func remembered[T any](m *memo, key any, load func() (T, error)) (T, error) {
	if !m.on {
		return load()
	}
	gen := m.gen.Load()
	m.mu.Lock()
	e, ok := m.kept[key]
	m.mu.Unlock()
	if ok && e.gen == gen {
		return e.val.(T), nil
	}
	v, err := load()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	if m.gen.Load() == gen {
		if m.kept == nil || len(m.kept) >= memoMax {
			m.kept = map[any]memoEntry{}
		}
		m.kept[key] = memoEntry{gen: gen, val: v}
	}
	m.mu.Unlock()
	return v, nil
}

// newestBut are the n newest published articles matching q but the one
// with id except (none when 0): one list kept for every page that shows
// it, a page's own story left out of it here rather than in the query.
func (s *Site) newestBut(ctx context.Context, key memoKey, q store.ArticleQuery, except int64, n int) ([]content.Article, error) {
	q.Limit = n + 1
	list, err := remembered(&s.memo, key, func() ([]content.Article, error) { return s.store.PublishedArticles(ctx, q) })
	if err != nil {
		return nil, err
	}
	out := make([]content.Article, 0, n)
	for _, a := range list {
		if a.ID != except && len(out) < n {
			out = append(out, a)
		}
	}
	return out, nil
}

// mustRead and latest are the lists beside a story (and on the home page
// and the 404 page).
func (s *Site) mustRead(ctx context.Context, except int64) ([]content.Article, error) {
	return s.newestBut(ctx, memoMustRead, store.ArticleQuery{MustRead: true}, except, mustReadCount)
}

func (s *Site) latest(ctx context.Context, except int64) ([]content.Article, error) {
	return s.newestBut(ctx, memoLatest, store.ArticleQuery{}, except, latestCount)
}

// related is the "More articles" list beside a, kept for the stories
// being read until the next change.
func (s *Site) related(ctx context.Context, a content.Article) ([]content.Article, error) {
	return remembered(&s.memo, relatedTo(a.ID), func() ([]content.Article, error) {
		return s.store.RelatedArticles(ctx, a, relatedCount)
	})
}
