package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/search"
	"dateline/internal/store"
)

var _ store.Import = (*Store)(nil)

// txStmts runs an import's statements in its transaction, each prepared
// once (stmtCache) and reused for every item.
type txStmts struct {
	ctx   context.Context
	tx    *sql.Tx
	cache *stmtCache
	// tags and authors are what this pass of a batch found or made, by
	// slug and by id, so that a batch looks each up once: forgotten when
	// an item is undone (a tag it made is gone).
	tags    map[string]content.Tag
	authors map[int64]string
}

// forget drops what the pass found, after an item was undone.
func (c *txStmts) forget() { c.tags, c.authors = map[string]content.Tag{}, map[int64]string{} }

// importStmts are the statements of tx; under a context of
// InTransaction, the ones its transaction already prepared.
func (s *Store) importStmts(ctx context.Context, tx *sql.Tx) *txStmts {
	c := &txStmts{ctx: ctx, tx: tx}
	if j := s.joined(ctx); j != nil && j.tx == tx {
		c.cache = j.stmts
	} else {
		c.cache = newStmtCache(tx)
	}
	c.forget()
	return c
}

func (c *txStmts) exec(query string, args ...any) (sql.Result, error) {
	st, err := c.cache.get(c.ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(c.ctx, args...)
}

func (c *txStmts) scan(query string, args []any, dest ...any) error {
	st, err := c.cache.get(c.ctx, query)
	if err != nil {
		return err
	}
	return st.QueryRowContext(c.ctx, args...).Scan(dest...)
}

// inImport writes n items in one transaction, each refused alone when
// its write fails with a refusal (refusal): its error is handed to
// refuse and the others are written. An error of the transaction itself
// undoes everything. The batch is first written straight through; only
// when an item is refused is it written again with a savepoint around
// each item, since savepoints copy every page they touch to a journal
// and would double the cost of the common batch, where nothing is
// refused. write must therefore be safe to run again for the same item.
func (s *Store) inImport(ctx context.Context, n int, write func(c *txStmts, i int) error, refuse func(i int, err error), after func(c *txStmts) error) error {
	if n > store.MaxImportBatch {
		return fmt.Errorf("import: at most %d items at once, not %d", store.MaxImportBatch, n)
	}
	if n == 0 {
		return nil
	}
	errRetry := errors.New("an item was refused")
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		c := s.importStmts(ctx, tx)
		// An import's batches touch more pages than the writer's default
		// 2 MB cache holds, and spill them to the log before the commit
		// writes them again: the writer connection keeps 32 MB from its
		// first import on (only the command line imports).
		if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -32768`); err != nil {
			return err
		}
		for i := range n {
			if err := write(c, i); err != nil {
				if refusal(err) {
					return errRetry
				}
				return err
			}
		}
		if after != nil {
			return after(c)
		}
		return nil
	})
	if !errors.Is(err, errRetry) {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		c := s.importStmts(ctx, tx)
		for i := range n {
			if _, err := c.exec(`SAVEPOINT import_item`); err != nil {
				return err
			}
			err := write(c, i)
			if err != nil {
				if !refusal(err) {
					return err
				}
				refuse(i, err)
				if _, err := c.exec(`ROLLBACK TO import_item`); err != nil {
					return err
				}
				c.forget()
			}
			if _, err := c.exec(`RELEASE import_item`); err != nil {
				return err
			}
		}
		if after != nil {
			return after(c)
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
	err := s.inImport(ctx, len(terms), func(c *txStmts, i int) error {
		t := terms[i] // a copy: written again from the start if the batch is
		if err := importTerm(c, &t); err != nil {
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

func importTerm(c *txStmts, t *store.ImportedTerm) error {
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
		var res sql.Result
		var err error
		if t.Kind == store.LegacyCategory {
			res, err = c.exec(`UPDATE categories SET name = ?, description = ? WHERE id = ?`, t.Name, t.Description, t.ID)
		} else {
			res, err = c.exec(`UPDATE tags SET name = ? WHERE id = ?`, t.Name, t.ID)
		}
		if err != nil {
			return fmt.Errorf("import %s %d: %w", t.Kind, t.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("import %s %d: %w", t.Kind, t.ID, store.ErrNotFound)
		}
	} else {
		var res sql.Result
		var err error
		if t.Kind == store.LegacyCategory {
			res, err = c.exec(`INSERT INTO categories (name, slug, description, position) VALUES (?, ?, ?, ?)
				ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug, t.Description, t.Position)
		} else {
			res, err = c.exec(`INSERT INTO tags (name, slug) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug)
		}
		if err != nil {
			return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			t.Created = true
			// A live term's slug is never redirected (store.TaxonomyAdmin).
			if _, err := c.exec(`DELETE FROM `+redirects+` WHERE old_slug = ?`, t.Slug); err != nil {
				return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
			}
		}
		if err := c.scan(`SELECT id FROM `+table+` WHERE slug = ?`, []any{t.Slug}, &t.ID); err != nil {
			return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
		}
	}
	t.Link.Kind, t.Link.ID = t.Kind, t.ID
	return importLinks(c, []store.LegacyLink{t.Link})
}

// ImportArticles implements store.Import.
func (s *Store) ImportArticles(ctx context.Context, list []store.ImportedArticle) error {
	for i := range list {
		list[i].Err = nil
	}
	saved := make([]content.Article, len(list))
	revs := make([]store.Revision, len(list))
	links := make([]store.LegacyLink, len(list))
	err := s.inImport(ctx, len(list), func(c *txStmts, i int) error {
		a := list[i].Article // a copy: a refused article is left as it came
		a.Tags = slices.Clone(a.Tags)
		if err := importArticle(c, &a, list[i].NumberSlug); err != nil {
			return err
		}
		rev := list[i].Revision
		rev.ID, rev.ArticleID = 0, a.ID
		if err := importRevision(c, &rev); err != nil {
			return err
		}
		link := list[i].Link
		link.ID = a.ID
		if err := importLinks(c, []store.LegacyLink{link}); err != nil {
			return err
		}
		saved[i] = a
		revs[i], links[i] = rev, link
		return nil
	}, func(i int, err error) { list[i].Err = err }, func(c *txStmts) error {
		// The search rows go last, all together: each statement that
		// opens a savepoint (every article insert does, for its
		// triggers) makes FTS5 write out what it holds, so rows indexed
		// one by one among the other writes cost a segment and a merge
		// each.
		for i := range list {
			if list[i].Err != nil {
				continue
			}
			if err := importSearch(c, &saved[i], list[i].Article.ID != 0); err != nil {
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
			list[i].Article, list[i].Revision, list[i].Link = saved[i], revs[i], links[i]
		}
	}
	return nil
}

// importArticle creates or replaces a whole article, then its tags; its
// search rows are written at the end of the batch (importSearch).
func importArticle(c *txStmts, a *content.Article, numberSlug bool) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now().UTC()
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = a.UpdatedAt
	}
	if err := importSlug(c, a, numberSlug); err != nil {
		return err
	}
	var err error
	if a.ID == 0 {
		var res sql.Result
		res, err = c.exec(`INSERT INTO articles (kind, title, slug, excerpt, source, format, body,
			dateline, status, published_at, updated_at, created_at, author_id, category_id, image_id,
			must_read, comments_open, seo_title, seo_desc, words, label)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body,
			a.Dateline, a.Status, nullTime(a.PublishedAt), formatTime(a.UpdatedAt), formatTime(a.CreatedAt),
			a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
			boolInt(a.MustRead), boolInt(a.CommentsOpen), a.SEOTitle, a.SEODesc, a.Words, a.Label.Or())
		if err == nil {
			a.ID, err = res.LastInsertId()
		}
	} else {
		var res sql.Result
		res, err = c.exec(`UPDATE articles SET kind = ?, title = ?, slug = ?, excerpt = ?,
			source = ?, format = ?, body = ?, dateline = ?, status = ?, published_at = ?, updated_at = ?,
			author_id = ?, category_id = ?, image_id = ?, must_read = ?, comments_open = ?,
			seo_title = ?, seo_desc = ?, words = ?, label = ?
			WHERE id = ?`,
			a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body, a.Dateline, a.Status,
			nullTime(a.PublishedAt), formatTime(a.UpdatedAt), a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
			boolInt(a.MustRead), boolInt(a.CommentsOpen), a.SEOTitle, a.SEODesc, a.Words, a.Label.Or(), a.ID)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("import article %d: %w", a.ID, store.ErrNotFound)
			}
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
	if err := saveAuthors(c.exec, a); err != nil {
		return err
	}
	return importTags(c, a)
}

// importSlug gives a the slug it will be stored with: the next free one of
// its series when numberSlug and the slug belongs to another article (or
// is empty).
func importSlug(c *txStmts, a *content.Article, numberSlug bool) error {
	if a.Slug == "" {
		numberSlug = true
		a.Slug = content.Slugify(a.Title)
	}
	if !numberSlug {
		return nil
	}
	var owner int64
	err := c.scan(`SELECT id FROM articles WHERE slug = ?`, []any{a.Slug}, &owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
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
		if err := c.scan(`SELECT slug FROM articles WHERE id = ?`, []any{a.ID}, &cur); err == nil && inSeries(cur, a.Slug) {
			a.Slug = cur
			return nil
		}
	}
	slug, err := uniqueSlug(c.ctx, c.tx, a.Slug)
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
	touched := map[int64]bool{}
	var order []int64
	err := s.inImport(ctx, len(list), func(st *txStmts, i int) error {
		c := list[i].Comment
		if p := list[i].Parent; p >= 0 {
			if p >= i || list[p].Err != nil || ids[p] == 0 {
				return fmt.Errorf("import comment: the comment it answers was not imported: %w", store.ErrNotFound)
			}
			c.ParentID = ids[p]
		}
		if err := importComment(st, &c); err != nil {
			return err
		}
		link := list[i].Link
		link.Kind, link.ID = store.LegacyComment, c.ID
		if err := importLinks(st, []store.LegacyLink{link}); err != nil {
			return err
		}
		ids[i] = c.ID
		if !touched[c.ArticleID] {
			touched[c.ArticleID] = true
			order = append(order, c.ArticleID)
		}
		return nil
	}, func(i int, err error) { list[i].Err = err; ids[i] = 0 }, func(c *txStmts) error {
		for _, id := range order {
			if err := importRecount(c, id); err != nil {
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
func importComment(st *txStmts, c *content.Comment) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	var err error
	if c.ID == 0 {
		var res sql.Result
		res, err = st.exec(`INSERT INTO comments (article_id, parent_id, author_name, author_email,
			author_url, body, status, created_at, ip_hash, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
			formatTime(c.CreatedAt), c.IPHash, nullID(c.UserID))
		if err == nil {
			c.ID, err = res.LastInsertId()
		}
	} else {
		var res sql.Result
		res, err = st.exec(`UPDATE comments SET parent_id = ?, author_name = ?, author_email = ?,
			author_url = ?, body = ?, status = ?, created_at = ?, user_id = ? WHERE id = ? AND article_id = ?`,
			nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
			formatTime(c.CreatedAt), nullID(c.UserID), c.ID, c.ArticleID)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("import comment %d on article %d: %w", c.ID, c.ArticleID, store.ErrNotFound)
			}
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

// importLinks is saveLegacyLinks on the transaction's statements.
func importLinks(c *txStmts, links []store.LegacyLink) error {
	now := time.Now()
	for _, l := range links {
		if l.WPID <= 0 {
			continue
		}
		if !store.ValidLegacyKind(l.Kind) {
			return fmt.Errorf("save legacy link: unknown kind %q", l.Kind)
		}
		at := l.ImportedAt
		if at.IsZero() {
			at = now
		}
		_, err := c.exec(`INSERT INTO legacy_links (`+legacyColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (source, kind, wp_id) DO UPDATE SET target_id = excluded.target_id, path = excluded.path,
				guid = excluded.guid, fingerprint = excluded.fingerprint, imported_at = excluded.imported_at`,
			l.Source, l.Kind, l.WPID, l.ID, store.LegacyPath(l.Path), l.GUID, l.Fingerprint, formatTime(at))
		if err != nil {
			return fmt.Errorf("save legacy link %s %d: %w", l.Kind, l.WPID, err)
		}
	}
	return nil
}

// importRevision adds r, as writeRevision adds a new revision.
func importRevision(c *txStmts, r *store.Revision) error {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now().UTC()
	}
	res, err := c.exec(`INSERT INTO revisions (article_id, author_id, title, excerpt, source,
		format, dateline, created_at, note, autosave) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
		r.ArticleID, nullID(r.Author.ID), r.Title, r.Excerpt, r.Source, r.Format, r.Dateline,
		formatTime(r.CreatedAt), r.Note)
	if err != nil {
		return fmt.Errorf("revision of article %d: %w", r.ArticleID, err)
	}
	r.ID, err = res.LastInsertId()
	return err
}

// importTags is saveTags on the transaction's statements.
func importTags(c *txStmts, a *content.Article) error {
	if _, err := c.exec(`DELETE FROM article_tags WHERE article_id = ?`, a.ID); err != nil {
		return fmt.Errorf("clear tags of article %d: %w", a.ID, err)
	}
	var pubAt any
	if a.Status == content.StatusPublished && a.Kind == content.KindPost {
		pubAt = formatTime(a.PublishedAt)
	}
	seen := map[string]bool{}
	kept := a.Tags[:0]
	for _, t := range a.Tags {
		t.Name = strings.TrimSpace(t.Name)
		if t.Slug == "" {
			t.Slug = content.Slugify(t.Name)
		}
		if t.Name == "" || seen[t.Slug] {
			continue
		}
		seen[t.Slug] = true
		if known, ok := c.tags[t.Slug]; ok {
			t = known
		} else {
			if _, err := c.exec(`INSERT INTO tags (name, slug) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug); err != nil {
				return fmt.Errorf("create tag %q: %w", t.Name, err)
			}
			if err := c.scan(`SELECT id, name FROM tags WHERE slug = ?`, []any{t.Slug}, &t.ID, &t.Name); err != nil {
				return fmt.Errorf("find tag %q: %w", t.Slug, err)
			}
			c.tags[t.Slug] = t
		}
		_, err := c.exec(`INSERT INTO article_tags (article_id, tag_id, position, pub_at) VALUES (?, ?, ?, ?)`,
			a.ID, t.ID, len(kept), pubAt)
		if err != nil {
			return fmt.Errorf("tag article %d: %w", a.ID, err)
		}
		kept = append(kept, t)
	}
	a.Tags = kept
	return nil
}

// importSearch is indexForSearch on the transaction's statements; an
// article just created (replaced false) has no rows to take out.
func importSearch(c *txStmts, a *content.Article, replaced bool) error {
	for _, q := range []string{`DELETE FROM search_words WHERE rowid = ?`, `DELETE FROM search_trigrams WHERE rowid = ?`} {
		if !replaced {
			break
		}
		if _, err := c.exec(q, a.ID); err != nil {
			return fmt.Errorf("unindex article %d: %w", a.ID, err)
		}
	}
	if !search.Indexed(a) {
		return nil
	}
	author, ok := c.authors[a.Author.ID]
	if !ok {
		if err := c.scan(`SELECT name FROM users WHERE id = ?`, []any{a.Author.ID}, &author); err != nil {
			return fmt.Errorf("index article %d: author: %w", a.ID, err)
		}
		c.authors[a.Author.ID] = author
	}
	doc := search.NewDocument(a, author)
	if _, err := c.exec(`INSERT INTO search_words (rowid, title, excerpt, body, tags, author) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ID, doc.Title, doc.Excerpt, doc.Body, doc.Tags, doc.Author); err != nil {
		return fmt.Errorf("index article %d: %w", a.ID, err)
	}
	dense := doc.DenseRuns()
	if dense.Empty() {
		return nil
	}
	if _, err := c.exec(`INSERT INTO search_trigrams (rowid, title, excerpt, body, tags, author) VALUES (?, ?, ?, ?, ?, ?)`,
		a.ID, dense.Title, dense.Excerpt, dense.Body, dense.Tags, dense.Author); err != nil {
		return fmt.Errorf("index article %d: %w", a.ID, err)
	}
	return nil
}

// importRecount is recountComments on the transaction's statements.
func importRecount(c *txStmts, articleID int64) error {
	_, err := c.exec(`UPDATE articles SET comment_count =
		(SELECT COUNT(*) FROM comments WHERE article_id = ? AND status = 'approved') WHERE id = ?`, articleID, articleID)
	if err != nil {
		return fmt.Errorf("count comments of article %d: %w", articleID, err)
	}
	return nil
}
