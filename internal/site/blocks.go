package site

import (
	"context"
	"html/template"

	"dateline/internal/content"
	"dateline/internal/store"
)

// The blocks beside a story — "Must read", "More articles", "Latest
// articles" — are the same HTML on every page that shows the same list,
// and making it was a good part of what an uncached article page cost.
// Each is made once and kept in the memo with the lists it shows, so that
// the next event forgets both at once. A block is made alone with the
// article page's own templates, escaped as it is in the page: a page made
// from kept blocks is byte for byte the page made without them
// (blocks_test.go).

// blockKey names a kept block: the partial it is made from, and the story
// left out of its list (0 when the page's own story is not in it, which
// is the block most pages share).
type blockKey struct {
	partial string
	except  int64
}

// relatedBlock keys the "More articles" block beside one story.
type relatedBlock int64

func (s *Site) mustReadBlock(ctx context.Context, d siteData, except int64) (template.HTML, error) {
	return s.newestBlock(ctx, d, memoMustRead, store.ArticleQuery{MustRead: true}, except, mustReadCount, "must-read")
}

func (s *Site) latestBlock(ctx context.Context, d siteData, except int64) (template.HTML, error) {
	return s.newestBlock(ctx, d, memoLatest, store.ArticleQuery{}, except, latestCount, "latest")
}

// newestBlock is the block partial made from the n newest articles
// matching q but the page's own story.
func (s *Site) newestBlock(ctx context.Context, d siteData, key memoKey, q store.ArticleQuery, except int64, n int, partial string) (template.HTML, error) {
	gen := s.memo.gen.Load()
	list, err := s.newest(ctx, key, q, n)
	if err != nil {
		return "", err
	}
	shown, dropped := without(list, except, n)
	bk := blockKey{partial: partial}
	if dropped {
		bk.except = except
	}
	return rememberedSince(&s.memo, gen, bk, func() (template.HTML, error) {
		cards := toCards(shown, d.Zone)
		if err := s.markLive(ctx, cards); err != nil {
			return "", err
		}
		return s.pages.Fragment("article", partial, cards)
	})
}

func (s *Site) relatedBlock(ctx context.Context, d siteData, a content.Article) (template.HTML, error) {
	gen := s.memo.gen.Load()
	related, err := s.related(ctx, a)
	if err != nil {
		return "", err
	}
	return rememberedSince(&s.memo, gen, relatedBlock(a.ID), func() (template.HTML, error) {
		cards := toCards(related, d.Zone)
		if err := s.markLive(ctx, cards); err != nil {
			return "", err
		}
		return s.pages.Fragment("article", "related", cards)
	})
}

// commentFields are the comment form's empty fields, which depend on
// nothing but the templates.
func (s *Site) commentFields() (template.HTML, error) {
	return remembered(&s.memo, blockKey{partial: "comment-fields"}, func() (template.HTML, error) {
		return s.pages.Fragment("article", "comment-fields", articleView{})
	})
}
