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

// memoMax bounds what the memo keeps: the shared lists and blocks, and the
// "More articles" lists and blocks of about half as many stories, the ones
// being read. Past it, the
// memo starts again empty.
const memoMax = 4096

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
	return rememberedSince(m, m.gen.Load(), key, load)
}

// rememberedSince is remembered for a value made from others read from the
// memo since gen (a block from its list): it is kept only when no event
// came since then, so that a block is never kept made from a list that was
// already out of date.
func rememberedSince[T any](m *memo, gen uint64, key any, load func() (T, error)) (T, error) {
	if !m.on {
		return load()
	}
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
	list, err := s.newest(ctx, key, q, n)
	if err != nil {
		return nil, err
	}
	out, _ := without(list, except, n)
	return out, nil
}

// newest are the n+1 newest published articles matching q, kept: one more
// than a list shows, for the page whose own story is among them.
func (s *Site) newest(ctx context.Context, key memoKey, q store.ArticleQuery, n int) ([]content.Article, error) {
	q.Limit = n + 1
	return remembered(&s.memo, key, func() ([]content.Article, error) { return s.store.PublishedArticles(ctx, q) })
}

// without is the first n of list but the article with id except, and
// whether it was among them.
func without(list []content.Article, except int64, n int) ([]content.Article, bool) {
	out := make([]content.Article, 0, n)
	dropped := false
	for _, a := range list {
		switch {
		case a.ID == except && except != 0:
			dropped = true
		case len(out) < n:
			out = append(out, a)
		}
	}
	return out, dropped
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
