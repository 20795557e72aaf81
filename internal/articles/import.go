package articles

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Imported is an article brought from another site by an importer, as it
// stood there: status, dates, slug and byline included, which the
// newsroom's own steps would set for themselves.
type Imported struct {
	// ID is the article to replace (the one an earlier import made), 0
	// to create one.
	ID int64
	// Article is the article as it is to be stored: Source in Format
	// (HTML from WordPress), Status, PublishedAt, CreatedAt and UpdatedAt,
	// Author, Category and Image by ID, Tags by name and slug. Body and
	// Words are made from Source here, by the sanitiser, as for every
	// article.
	Article content.Article
	// Note is kept with the revision the import makes ("Imported from
	// WordPress").
	Note string
	// Link is the legacy link stored with it.
	Link store.LegacyLink
	// NumberSlug takes the next free slug of the series when the slug is
	// taken by another article, instead of refusing the article.
	NumberSlug bool
}

// ImportResult is what became of one Imported article.
type ImportResult struct {
	ID      int64  // the article's id; 0 when refused, or not yet made in a dry run
	Slug    string // the slug it is stored with (numbered when its own was taken)
	Created bool
	// Err is why it was refused, written for the person importing:
	// content.FieldErrors for what is wrong with its fields, or an *Error.
	Err error
}

// Import stores a batch of articles brought from another site, in one
// transaction, each with its legacy link and a revision, or refused alone.
// Each article is checked as the newsroom checks one (the fields, a page's
// reserved address, the byline, section and picture) and its body made by
// the sanitiser; what the newsroom's steps decide (status, publication
// time, byline) is taken as the other site had it, since they were decided
// there. Only an administrator may import. With dryRun nothing is written
// or announced, and references to what the same import would create (an
// ID of 0) are not checked. Everything written is announced in one event.
func (s *Service) Import(ctx context.Context, who content.User, batch []Imported, dryRun bool) ([]ImportResult, error) {
	if !auth.Can(who.Role, auth.ActManageSettings) {
		return nil, forbidden("Only an administrator may import a site.")
	}
	if len(batch) > store.MaxImportBatch {
		return nil, fmt.Errorf("articles: import at most %d articles at once", store.MaxImportBatch)
	}
	refs, err := s.importRefs(ctx, batch)
	if err != nil {
		return nil, err
	}
	results := make([]ImportResult, len(batch))
	prepared := make([]content.Article, len(batch))
	s.parallel(len(batch), func(i int) {
		prepared[i], results[i].Err = s.importArticle(ctx, refs, batch[i], dryRun)
	})
	now := s.clock()
	var (
		writes []store.ImportedArticle
		index  []int // of batch, for each write
	)
	for i, in := range batch {
		if results[i].Err != nil {
			continue
		}
		a := prepared[i]
		results[i].Slug, results[i].Created = a.Slug, in.ID == 0
		note := in.Note
		if note == "" {
			note = "Imported"
		}
		writes = append(writes, store.ImportedArticle{Article: a, Revision: revisionOf(a, who, note, now),
			Link: in.Link, NumberSlug: in.NumberSlug})
		index = append(index, i)
	}
	if dryRun || len(writes) == 0 {
		return results, nil
	}
	before := make(map[int64]content.Article)
	for _, w := range writes {
		if id := w.Article.ID; id != 0 {
			cur, err := s.store.ArticleByID(ctx, id)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, fmt.Errorf("import article %d: %w", id, err)
			}
			before[id] = cur
		}
	}
	if err := s.store.ImportArticles(ctx, writes); err != nil {
		return nil, fmt.Errorf("import %d articles: %w", len(writes), err)
	}
	var (
		ids  []int64
		tags []string
	)
	for j, w := range writes {
		r := &results[index[j]]
		switch {
		case errors.Is(w.Err, store.ErrConflict):
			r.Err = slugTaken
		case errors.Is(w.Err, store.ErrNotFound) && w.Article.ID != 0:
			r.Err = &Error{Kind: ErrStatus, Message: "The article this one was imported as before has been deleted."}
		case errors.Is(w.Err, store.ErrNotFound):
			r.Err = &Error{Kind: ErrStatus, Message: "Its author, section or picture is no longer there."}
		case w.Err != nil:
			r.Err = w.Err
		}
		if r.Err != nil {
			r.Slug, r.Created = "", false
			continue
		}
		r.ID, r.Slug = w.Article.ID, w.Article.Slug
		ids = append(ids, w.Article.ID)
		tags = append(tags, changes.ArticleTags(before[w.Article.ID], w.Article)...)
	}
	s.log.Info("articles imported", "written", len(ids), "refused", len(batch)-len(ids), "user", who.ID)
	if len(ids) > 0 {
		s.changes.Publish(ctx, changes.New(changes.KindArticle, "import", ids, tags...))
	}
	return results, nil
}

// importRefs are the members, sections and pictures a batch names, read
// once for the whole batch.
type importRefs struct {
	authors    map[int64]content.User
	categories map[int64]content.Category
	images     map[int64]content.Image
}

func (s *Service) importRefs(ctx context.Context, batch []Imported) (importRefs, error) {
	refs := importRefs{authors: map[int64]content.User{}, categories: map[int64]content.Category{}, images: map[int64]content.Image{}}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return refs, fmt.Errorf("import articles: %w", err)
	}
	for _, c := range cats {
		refs.categories[c.ID] = c
	}
	for _, in := range batch {
		if id := in.Article.Author.ID; id != 0 {
			if _, seen := refs.authors[id]; !seen {
				u, err := s.store.UserByID(ctx, id)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return refs, fmt.Errorf("import articles: author %d: %w", id, err)
				}
				refs.authors[id] = u // the zero User when there is none
			}
		}
		if in.Article.Image != nil && in.Article.Image.ID != 0 {
			id := in.Article.Image.ID
			if _, seen := refs.images[id]; !seen {
				im, err := s.store.ImageByID(ctx, id)
				if err != nil && !errors.Is(err, store.ErrNotFound) {
					return refs, fmt.Errorf("import articles: picture %d: %w", id, err)
				}
				refs.images[id] = im
			}
		}
	}
	return refs, nil
}

// importArticle checks one imported article and makes its body.
func (s *Service) importArticle(ctx context.Context, refs importRefs, in Imported, dryRun bool) (content.Article, error) {
	var errs content.FieldErrors
	a := in.Article
	a.ID = in.ID
	if a.Kind == "" {
		a.Kind = content.KindPost
	}
	if a.Format == "" {
		a.Format = content.FormatHTML
	}
	a.Title, a.Excerpt, a.Slug = strings.TrimSpace(a.Title), strings.TrimSpace(a.Excerpt), strings.TrimSpace(a.Slug)
	a.Dateline, a.SEOTitle, a.SEODesc = strings.TrimSpace(a.Dateline), strings.TrimSpace(a.SEOTitle), strings.TrimSpace(a.SEODesc)
	if a.Kind == content.KindPage && a.Slug != "" && content.Reserved(a.Slug) {
		errs.Add("slug", "The address /"+a.Slug+"/ belongs to the site itself; choose another slug.")
	}
	switch u, ok := refs.authors[a.Author.ID]; {
	case a.Author.ID == 0 && dryRun:
	case !ok || u.ID == 0:
		errs.Add("author", "There is no such member of the newsroom.")
	default:
		a.Author = u
	}
	if id := a.Category.ID; id != 0 {
		if c, ok := refs.categories[id]; ok {
			a.Category = c
		} else if !dryRun {
			errs.Add("category", "There is no such section.")
		}
	}
	if a.Image != nil {
		if im := refs.images[a.Image.ID]; im.ID != 0 {
			a.Image = &im
		} else if a.Image.ID != 0 || !dryRun {
			errs.Add("image_id", "That picture is no longer in the media library.")
		}
	}
	if err := finish(ctx, &a, errs); err != nil {
		return a, err
	}
	return a, nil
}

// parallel runs fn(0) … fn(n-1) on as many goroutines as there are
// processors: the sanitiser is most of an import's work.
func (s *Service) parallel(n int, fn func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var (
		wg   sync.WaitGroup
		next = make(chan int)
	)
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
