package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.Import = (*Store)(nil)

// batch is an import's transaction with what this pass of a batch found
// or made, tags by slug and authors' names by id, so that a batch looks
// each up once: forgotten when an item is undone (a tag it made is gone).
type batch struct {
	ctx     context.Context
	tx      pgx.Tx
	tags    map[string]content.Tag
	authors map[int64]string
}

func newBatch(ctx context.Context, tx pgx.Tx) *batch {
	b := &batch{ctx: ctx, tx: tx}
	b.forget()
	return b
}

// forget drops what the pass found, after an item was undone.
func (b *batch) forget() { b.tags, b.authors = map[string]content.Tag{}, map[int64]string{} }

// inImport writes n items in one transaction, each refused alone when its
// write fails with a refusal (refusal): its error is handed to refuse and
// the others are written. An error of the transaction itself undoes
// everything. The batch is first written straight through; only when an
// item is refused is it written again with a savepoint around each item
// (a refusal by PostgreSQL, a taken slug, spoils the whole transaction
// but for a savepoint, and a thousand subtransactions a batch would tax
// the common batch, where nothing is refused). write must therefore be
// safe to run again for the same item.
func (s *Store) inImport(ctx context.Context, n int, write func(b *batch, i int) error, refuse func(i int, err error), after func(b *batch) error) error {
	if n > store.MaxImportBatch {
		return fmt.Errorf("import: at most %d items at once, not %d", store.MaxImportBatch, n)
	}
	if n == 0 {
		return nil
	}
	errRetry := errors.New("an item was refused")
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		b := newBatch(ctx, tx)
		for i := range n {
			if err := write(b, i); err != nil {
				if refusal(err) {
					return errRetry
				}
				return err
			}
		}
		if after != nil {
			return after(b)
		}
		return nil
	})
	if !errors.Is(err, errRetry) {
		return err
	}
	return s.inTxTries(ctx, 1, func(tx pgx.Tx) error {
		b := newBatch(ctx, tx)
		for i := range n {
			if _, err := tx.Exec(ctx, `SAVEPOINT import_item`); err != nil {
				return err
			}
			err := write(b, i)
			if err != nil {
				if !refusal(err) {
					return err
				}
				refuse(i, err)
				if _, err := tx.Exec(ctx, `ROLLBACK TO SAVEPOINT import_item`); err != nil {
					return err
				}
				b.forget()
			}
			if _, err := tx.Exec(ctx, `RELEASE SAVEPOINT import_item`); err != nil {
				return err
			}
		}
		if after != nil {
			return after(b)
		}
		return nil
	})
}

// refusal reports whether err refuses one item rather than failing the
// transaction.
func refusal(err error) bool {
	return errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict)
}

// ImportTerms implements store.Import.
func (s *Store) ImportTerms(ctx context.Context, terms []store.ImportedTerm) error {
	for i := range terms {
		terms[i].Err = nil
	}
	saved := make([]store.ImportedTerm, len(terms))
	err := s.inImport(ctx, len(terms), func(b *batch, i int) error {
		t := terms[i] // a copy: written again from the start if the batch is
		if err := importTerm(b, &t); err != nil {
			return err
		}
		saved[i] = t
		return nil
	}, func(i int, err error) { terms[i].Err = err }, nil)
	if err != nil {
		return err
	}
	for i := range terms {
		if terms[i].Err == nil {
			terms[i] = saved[i]
		}
	}
	return nil
}

func importTerm(b *batch, t *store.ImportedTerm) error {
	ctx, tx := b.ctx, b.tx
	table, redirects := "tags", "tag_redirects"
	switch t.Kind {
	case store.LegacyTag:
	case store.LegacyCategory:
		table, redirects = "categories", "category_redirects"
	default:
		return fmt.Errorf("import term %q: unknown kind %q", t.Slug, t.Kind)
	}
	if t.Slug == "" {
		return fmt.Errorf("import %s %q: no slug", t.Kind, t.Name)
	}
	if t.ID != 0 {
		var n int64
		var err error
		if t.Kind == store.LegacyCategory {
			n, err = rowsAffected(tx.Exec(ctx, `UPDATE categories SET name = $1, description = $2 WHERE id = $3`, t.Name, t.Description, t.ID))
		} else {
			n, err = rowsAffected(tx.Exec(ctx, `UPDATE tags SET name = $1 WHERE id = $2`, t.Name, t.ID))
		}
		if err != nil {
			return fmt.Errorf("import %s %d: %w", t.Kind, t.ID, err)
		}
		if n == 0 {
			return fmt.Errorf("import %s %d: %w", t.Kind, t.ID, store.ErrNotFound)
		}
	} else {
		var n int64
		var err error
		if t.Kind == store.LegacyCategory {
			n, err = rowsAffected(tx.Exec(ctx, `INSERT INTO categories (name, slug, description, position) VALUES ($1, $2, $3, $4)
				ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug, t.Description, t.Position))
		} else {
			n, err = rowsAffected(tx.Exec(ctx, `INSERT INTO tags (name, slug) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug))
		}
		if err != nil {
			return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
		}
		if n > 0 {
			t.Created = true
			// A live term's slug is never redirected (store.TaxonomyAdmin).
			if _, err := tx.Exec(ctx, `DELETE FROM `+redirects+` WHERE old_slug = $1`, t.Slug); err != nil {
				return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
			}
		}
		if err := tx.QueryRow(ctx, `SELECT id FROM `+table+` WHERE slug = $1`, t.Slug).Scan(&t.ID); err != nil {
			return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
		}
	}
	t.Link.Kind, t.Link.ID = t.Kind, t.ID
	return saveLegacyLinks(ctx, tx, []store.LegacyLink{t.Link})
}

func rowsAffected(tag interface{ RowsAffected() int64 }, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// ImportArticles implements store.Import.
func (s *Store) ImportArticles(ctx context.Context, list []store.ImportedArticle) error {
	for i := range list {
		list[i].Err = nil
	}
	saved := make([]content.Article, len(list))
	revs := make([]store.Revision, len(list))
	links := make([]store.LegacyLink, len(list))
	err := s.inImport(ctx, len(list), func(b *batch, i int) error {
		a := list[i].Article // a copy: a refused article is left as it came
		a.Tags = slices.Clone(a.Tags)
		if err := importArticle(b, &a, list[i].NumberSlug); err != nil {
			return err
		}
		rev := list[i].Revision
		rev.ID, rev.ArticleID = 0, a.ID
		if rev.CreatedAt.IsZero() {
			rev.CreatedAt = time.Now().UTC()
		}
		rev.Autosave = false
		if err := insertRevision(b.ctx, b.tx, &rev); err != nil {
			return fmt.Errorf("revision of article %d: %w", rev.ArticleID, err)
		}
		link := list[i].Link
		link.ID = a.ID
		if err := saveLegacyLinks(b.ctx, b.tx, []store.LegacyLink{link}); err != nil {
			return err
		}
		if err := indexDoc(b.ctx, b.tx, &a, b.authors); err != nil {
			return err
		}
		saved[i] = a
		revs[i], links[i] = rev, link
		return nil
	}, func(i int, err error) { list[i].Err = err }, nil)
	if err != nil {
		return err
	}
	for i := range list {
		if list[i].Err == nil {
			list[i].Article, list[i].Revision, list[i].Link = saved[i], revs[i], links[i]
		}
	}
	return nil
}

// importArticle creates or replaces a whole article, then its tags.
func importArticle(b *batch, a *content.Article, numberSlug bool) error {
	ctx, tx := b.ctx, b.tx
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now().UTC()
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = a.UpdatedAt
	}
	if err := importSlug(b, a, numberSlug); err != nil {
		return err
	}
	var err error
	if a.ID == 0 {
		err = insertArticle(ctx, tx, a)
	} else {
		var n int64
		n, err = rowsAffected(tx.Exec(ctx, `UPDATE articles SET kind = $1, title = $2, slug = $3, excerpt = $4,
			source = $5, format = $6, body = $7, dateline = $8, status = $9, published_at = $10, updated_at = $11,
			author_id = $12, category_id = $13, image_id = $14, must_read = $15, comments_open = $16,
			seo_title = $17, seo_desc = $18, words = $19, label = $21
			WHERE id = $20`,
			a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body, a.Dateline, a.Status,
			nullTime(a.PublishedAt), a.UpdatedAt.UTC(), a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
			a.MustRead, a.CommentsOpen, a.SEOTitle, a.SEODesc, a.Words, a.ID, a.Label.Or()))
		if err == nil && n == 0 {
			return fmt.Errorf("import article %d: %w", a.ID, store.ErrNotFound)
		}
	}
	switch {
	case isUniqueViolation(err):
		return fmt.Errorf("import article: slug %q: %w", a.Slug, store.ErrConflict)
	case isForeignKeyViolation(err):
		return fmt.Errorf("import article %q: its author, section or picture: %w", a.Slug, store.ErrNotFound)
	case err != nil:
		return fmt.Errorf("import article %q: %w", a.Slug, err)
	}
	if err := saveAuthors(ctx, tx, a); err != nil {
		return err
	}
	return writeTags(ctx, tx, a, b.tags)
}

// importSlug gives a the slug it will be stored with: the next free one of
// its series when numberSlug and the slug belongs to another article (or
// is empty).
func importSlug(b *batch, a *content.Article, numberSlug bool) error {
	ctx, tx := b.ctx, b.tx
	if a.Slug == "" {
		numberSlug = true
		a.Slug = content.Slugify(a.Title)
	}
	if !numberSlug {
		return nil
	}
	var owner int64
	err := tx.QueryRow(ctx, `SELECT id FROM articles WHERE slug = $1`, a.Slug).Scan(&owner)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("import article %q: %w", a.Slug, err)
	case owner == a.ID:
		return nil
	}
	if a.ID != 0 {
		// Imported again: an article numbered the first time keeps its
		// number rather than taking the next one.
		var cur string
		if err := tx.QueryRow(ctx, `SELECT slug FROM articles WHERE id = $1`, a.ID).Scan(&cur); err == nil && inSeries(cur, a.Slug) {
			a.Slug = cur
			return nil
		}
	}
	slug, err := uniqueSlug(ctx, tx, a.Slug)
	if err != nil {
		return err
	}
	a.Slug = slug
	return nil
}

// ImportComments implements store.Import.
func (s *Store) ImportComments(ctx context.Context, list []store.ImportedComment) error {
	for i := range list {
		list[i].Err = nil
	}
	ids := make([]int64, len(list))
	var touched map[int64]bool
	var order []int64
	err := s.inImport(ctx, len(list), func(b *batch, i int) error {
		if i == 0 { // a pass begins: its own articles to recount
			touched, order = map[int64]bool{}, nil
		}
		c := list[i].Comment
		if p := list[i].Parent; p >= 0 {
			if p >= i || list[p].Err != nil || ids[p] == 0 {
				return fmt.Errorf("import comment: the comment it answers was not imported: %w", store.ErrNotFound)
			}
			c.ParentID = ids[p]
		}
		if err := importComment(b, &c); err != nil {
			return err
		}
		link := list[i].Link
		link.Kind, link.ID = store.LegacyComment, c.ID
		if err := saveLegacyLinks(b.ctx, b.tx, []store.LegacyLink{link}); err != nil {
			return err
		}
		ids[i] = c.ID
		if !touched[c.ArticleID] {
			touched[c.ArticleID] = true
			order = append(order, c.ArticleID)
		}
		return nil
	}, func(i int, err error) { list[i].Err = err; ids[i] = 0 }, func(b *batch) error {
		slices.Sort(order) // rows locked in one order by every batch
		for _, id := range order {
			if err := recountComments(b.ctx, b.tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range list {
		if list[i].Err == nil {
			list[i].Comment.ID = ids[i]
			if p := list[i].Parent; p >= 0 {
				list[i].Comment.ParentID = ids[p]
			}
		}
	}
	return nil
}

// importComment creates or replaces a comment, leaving the article's count
// to the end of the batch.
func importComment(b *batch, c *content.Comment) error {
	ctx, tx := b.ctx, b.tx
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	var err error
	if c.ID == 0 {
		err = tx.QueryRow(ctx, `INSERT INTO comments (article_id, parent_id, author_name, author_email,
			author_url, body, status, created_at, ip_hash, user_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
			c.CreatedAt.UTC(), c.IPHash, nullID(c.UserID)).Scan(&c.ID)
	} else {
		var n int64
		n, err = rowsAffected(tx.Exec(ctx, `UPDATE comments SET parent_id = $1, author_name = $2, author_email = $3,
			author_url = $4, body = $5, status = $6, created_at = $7, user_id = $8 WHERE id = $9 AND article_id = $10`,
			nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
			c.CreatedAt.UTC(), nullID(c.UserID), c.ID, c.ArticleID))
		if err == nil && n == 0 {
			return fmt.Errorf("import comment %d on article %d: %w", c.ID, c.ArticleID, store.ErrNotFound)
		}
	}
	if isForeignKeyViolation(err) {
		return fmt.Errorf("import comment on article %d: its article, parent or member: %w", c.ArticleID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("import comment on article %d: %w", c.ArticleID, err)
	}
	return nil
}

// inSeries reports whether slug is one of the numbered series of base
// (content.NumberedSlug): base itself, or base-N.
func inSeries(slug, base string) bool {
	if slug == base {
		return true
	}
	n, ok := strings.CutPrefix(slug, base+"-")
	if !ok || n == "" {
		return false
	}
	for _, r := range n {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
