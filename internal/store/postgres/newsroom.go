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

var _ store.Newsroom = (*Store)(nil)

// ArticleVersion implements store.Newsroom.
func (s *Store) ArticleVersion(ctx context.Context, id int64) (int, error) {
	var v int
	err := s.queryRow(ctx, `SELECT version FROM articles WHERE id = $1`, id).Scan(&v)
	return v, notFound(err, fmt.Sprintf("version of article %d", id))
}

// UpdateArticleVersioned implements store.Newsroom.
func (s *Store) UpdateArticleVersioned(ctx context.Context, a *content.Article, expectVersion int, rev *store.Revision) error {
	return s.ChangeArticle(ctx, store.ArticleChange{ID: a.ID, Content: a, Version: expectVersion, Revision: rev})
}

// MoveArticle implements store.Newsroom.
func (s *Store) MoveArticle(ctx context.Context, m store.Move) error {
	return s.ChangeArticle(ctx, store.ArticleChange{ID: m.ID, Move: &m})
}

// ChangeArticle implements store.Newsroom. Its conditional UPDATEs are what
// make it safe with writers at once: the second of two saves from one
// version waits for the first's row lock, then finds the version moved.
func (s *Store) ChangeArticle(ctx context.Context, c store.ArticleChange) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		switch {
		case c.Content != nil:
			c.Content.ID = c.ID
			if err := saveContent(ctx, tx, c.Content, c.Version, c.Revision); err != nil {
				return err
			}
		case c.Version != 0:
			if err := checkVersion(ctx, tx, c.ID, c.Version); err != nil {
				return err
			}
		}
		if c.Move == nil {
			return nil
		}
		c.Move.ID = c.ID
		if err := moveArticle(ctx, tx, *c.Move); err != nil {
			return err
		}
		if c.Content != nil {
			c.Content.Status, c.Content.PublishedAt = c.Move.To, c.Move.PublishedAt
		}
		return nil
	})
}

// checkVersion refuses an article that is no longer at version, and
// locks it until the transaction ends so that it stays there.
func checkVersion(ctx context.Context, tx querier, id int64, version int) error {
	var v int
	err := tx.QueryRow(ctx, `SELECT version FROM articles WHERE id = $1 FOR UPDATE`, id).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("article %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("version of article %d: %w", id, err)
	}
	if v != version {
		return fmt.Errorf("article %d is at version %d, not %d: %w", id, v, version, store.ErrStale)
	}
	return nil
}

// saveContent is the content part of a change: every field but status,
// publication time, corrections and comment count, if the article is still
// at expectVersion, with the revision rev when not nil.
func saveContent(ctx context.Context, tx querier, a *content.Article, expectVersion int, rev *store.Revision) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now().UTC()
	}
	err := tx.QueryRow(ctx, `UPDATE articles SET kind = $1, title = $2, slug = $3, excerpt = $4,
		source = $5, format = $6, body = $7, dateline = $8, updated_at = $9, author_id = $10, category_id = $11,
		image_id = $12, must_read = $13, comments_open = $14, seo_title = $15, seo_desc = $16, words = $17,
		label = $20, version = version + 1
		WHERE id = $18 AND version = $19
		RETURNING status, published_at`,
		a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body, a.Dateline, a.UpdatedAt.UTC(),
		a.Author.ID, nullID(a.Category.ID), imageID(a.Image), a.MustRead, a.CommentsOpen,
		a.SEOTitle, a.SEODesc, a.Words, a.ID, expectVersion, a.Label.Or()).Scan(&a.Status, at(&a.PublishedAt))
	switch {
	case isUniqueViolation(err):
		return fmt.Errorf("article slug %q: %w", a.Slug, store.ErrConflict)
	case isForeignKeyViolation(err):
		return fmt.Errorf("update article %d: its author, section or picture: %w", a.ID, store.ErrNotFound)
	case errors.Is(err, pgx.ErrNoRows):
		return missingOrStale(ctx, tx, a.ID, fmt.Sprintf("update article %d from version %d", a.ID, expectVersion))
	case err != nil:
		return fmt.Errorf("update article %d: %w", a.ID, err)
	}
	if err := saveTags(ctx, tx, a); err != nil {
		return err
	}
	if err := saveAuthors(ctx, tx, a); err != nil {
		return err
	}
	if err := indexForSearch(ctx, tx, a); err != nil {
		return err
	}
	if rev == nil {
		return nil
	}
	rev.ArticleID = a.ID
	return writeRevision(ctx, tx, rev)
}

// missingOrStale explains why a conditional update of an article changed
// nothing: the article is gone, or it is no longer as the caller saw it.
func missingOrStale(ctx context.Context, tx querier, id int64, what string) error {
	var found bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1)`, id).Scan(&found); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if !found {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, store.ErrStale)
}

// moveArticle is the status part of a change, made only if the article
// is still in m.From.
func moveArticle(ctx context.Context, tx querier, m store.Move) error {
	tag, err := tx.Exec(ctx, `UPDATE articles SET status = $1, published_at = $2, updated_at = $3, withdrawn_notice = $4
		WHERE id = $5 AND status = $6`,
		m.To, nullTime(m.PublishedAt), m.UpdatedAt.UTC(), m.Notice, m.ID, m.From)
	if err != nil {
		return fmt.Errorf("move article %d to %s: %w", m.ID, m.To, err)
	}
	if tag.RowsAffected() == 0 {
		return missingOrStale(ctx, tx, m.ID, fmt.Sprintf("move article %d from %s to %s", m.ID, m.From, m.To))
	}
	return relist(ctx, tx, m.ID)
}

// DueScheduled implements store.Newsroom.
func (s *Store) DueScheduled(ctx context.Context, now time.Time) ([]int64, error) {
	rows, err := s.query(ctx, `SELECT id FROM articles
		WHERE status = 'scheduled' AND kind IN ('post', 'page') AND published_at <= $1
		ORDER BY published_at, id`, now.UTC())
	ids, err := collect(rows, err, scanInt64)
	if err != nil {
		return nil, fmt.Errorf("due articles: %w", err)
	}
	return ids, nil
}

// NextScheduled implements store.Newsroom. The articles_latest index
// (status, kind, published_at) holds the answer.
func (s *Store) NextScheduled(ctx context.Context) (time.Time, bool, error) {
	var next *time.Time
	err := s.queryRow(ctx, `SELECT MIN(published_at) FROM articles
		WHERE status = 'scheduled' AND kind IN ('post', 'page')`).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next scheduled article: %w", err)
	}
	if next == nil {
		return time.Time{}, false, nil
	}
	return *next, true, nil
}

// PublishScheduled implements store.Newsroom. The condition in the UPDATE
// is what makes it safe for several servers: the second waits for the
// first's row lock, then finds the article no longer scheduled.
func (s *Store) PublishScheduled(ctx context.Context, id int64, now time.Time) (bool, error) {
	published := false
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		published = false
		// An article published hours late after a restart keeps its planned
		// time, and is not "updated" since then.
		tag, err := tx.Exec(ctx, `UPDATE articles SET status = 'published',
			updated_at = greatest(updated_at, published_at)
			WHERE id = $1 AND status = 'scheduled' AND published_at <= $2`, id, now.UTC())
		if err != nil {
			return fmt.Errorf("publish scheduled article %d: %w", id, err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		published = true
		return relist(ctx, tx, id)
	})
	return published, err
}

// relist brings what depends on an article's status in step with it: the
// publication time copied into article_tags for tag archives, and the
// search index.
func relist(ctx context.Context, tx querier, id int64) error {
	a := content.Article{ID: id}
	err := tx.QueryRow(ctx, `SELECT kind, title, excerpt, body, status, published_at, author_id
		FROM articles WHERE id = $1`, id).Scan(&a.Kind, &a.Title, &a.Excerpt, &a.Body, &a.Status, at(&a.PublishedAt), &a.Author.ID)
	if err != nil {
		return fmt.Errorf("relist article %d: %w", id, err)
	}
	var pubAt any
	if a.Status == content.StatusPublished && a.Kind == content.KindPost {
		pubAt = a.PublishedAt.UTC()
	}
	if _, err := tx.Exec(ctx, `UPDATE article_tags SET pub_at = $1 WHERE article_id = $2`, pubAt, id); err != nil {
		return fmt.Errorf("relist tags of article %d: %w", id, err)
	}
	rows, err := tx.Query(ctx, `SELECT t.id, t.name, t.slug FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id = $1 ORDER BY at.position`, id)
	if a.Tags, err = collect(rows, err, scanTag); err != nil {
		return fmt.Errorf("relist article %d: %w", id, err)
	}
	return indexForSearch(ctx, tx, &a)
}

// AddRevision implements store.Newsroom.
func (s *Store) AddRevision(ctx context.Context, r *store.Revision) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		r.ID = 0
		return writeRevision(ctx, tx, r)
	})
}

// writeRevision inserts r, or overwrites the autosave revision r.ID of the
// same article.
func writeRevision(ctx context.Context, tx querier, r *store.Revision) error {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now().UTC()
	}
	if r.ID != 0 {
		// The time of an overwritten revision stays when it was begun, so
		// each autosave revision spans a bounded stretch of typing.
		err := tx.QueryRow(ctx, `UPDATE revisions SET author_id = $1, title = $2, excerpt = $3, source = $4,
			format = $5, dateline = $6, note = $7 WHERE id = $8 AND article_id = $9 AND autosave
			RETURNING created_at`,
			nullID(r.Author.ID), r.Title, r.Excerpt, r.Source, r.Format, r.Dateline, r.Note, r.ID, r.ArticleID).Scan(&r.CreatedAt)
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("overwrite revision %d of article %d: %w", r.ID, r.ArticleID, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("overwrite revision %d: %w", r.ID, err)
		}
		return nil
	}
	err := insertRevision(ctx, tx, r)
	if isForeignKeyViolation(err) {
		return fmt.Errorf("revision of article %d: %w", r.ArticleID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("revision of article %d: %w", r.ArticleID, err)
	}
	return nil
}

func insertRevision(ctx context.Context, tx querier, r *store.Revision) error {
	return tx.QueryRow(ctx, `INSERT INTO revisions (article_id, author_id, title, excerpt, source,
		format, dateline, created_at, note, autosave) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		r.ArticleID, nullID(r.Author.ID), r.Title, r.Excerpt, r.Source, r.Format, r.Dateline,
		r.CreatedAt.UTC(), r.Note, r.Autosave).Scan(&r.ID)
}

const revisionColumns = `r.id, r.article_id, COALESCE(r.author_id, 0), COALESCE(u.name, ''),
	r.title, r.excerpt, r.format, r.dateline, r.created_at, r.note, r.autosave`

func scanRevision(row pgx.Row, more ...any) (store.Revision, error) {
	var r store.Revision
	dest := append([]any{&r.ID, &r.ArticleID, &r.Author.ID, &r.Author.Name,
		&r.Title, &r.Excerpt, &r.Format, &r.Dateline, &r.CreatedAt, &r.Note, &r.Autosave}, more...)
	return r, row.Scan(dest...)
}

// Revisions implements store.Newsroom.
func (s *Store) Revisions(ctx context.Context, articleID int64) ([]store.Revision, error) {
	rows, err := s.query(ctx, `SELECT `+revisionColumns+` FROM revisions r
		LEFT JOIN users u ON u.id = r.author_id
		WHERE r.article_id = $1 ORDER BY r.id DESC`, articleID)
	list, err := collect(rows, err, func(rows pgx.Rows) (store.Revision, error) { return scanRevision(rows) })
	if err != nil {
		return nil, fmt.Errorf("revisions of article %d: %w", articleID, err)
	}
	return list, nil
}

// Revision implements store.Newsroom.
func (s *Store) Revision(ctx context.Context, id int64) (store.Revision, error) {
	var source string
	r, err := scanRevision(s.queryRow(ctx, `SELECT `+revisionColumns+`, r.source FROM revisions r
		LEFT JOIN users u ON u.id = r.author_id WHERE r.id = $1`, id), &source)
	r.Source = source
	return r, notFound(err, fmt.Sprintf("revision %d", id))
}

// SaveAutosave implements store.Newsroom.
func (s *Store) SaveAutosave(ctx context.Context, a store.Autosave) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now()
	}
	_, err := s.exec(ctx, `INSERT INTO autosaves (article_id, user_id, title, excerpt, source, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (article_id, user_id) DO UPDATE SET title = excluded.title, excerpt = excluded.excerpt,
			source = excluded.source, updated_at = excluded.updated_at`,
		a.ArticleID, a.UserID, a.Title, a.Excerpt, a.Source, a.UpdatedAt.UTC())
	if isForeignKeyViolation(err) {
		return fmt.Errorf("autosave article %d for user %d: %w", a.ArticleID, a.UserID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("autosave article %d for user %d: %w", a.ArticleID, a.UserID, err)
	}
	return nil
}

// Autosave implements store.Newsroom.
func (s *Store) Autosave(ctx context.Context, articleID, userID int64) (store.Autosave, error) {
	a := store.Autosave{ArticleID: articleID, UserID: userID}
	err := s.queryRow(ctx, `SELECT title, excerpt, source, updated_at FROM autosaves
		WHERE article_id = $1 AND user_id = $2`, articleID, userID).Scan(&a.Title, &a.Excerpt, &a.Source, &a.UpdatedAt)
	return a, notFound(err, fmt.Sprintf("autosave of article %d for user %d", articleID, userID))
}

// DeleteAutosave implements store.Newsroom.
func (s *Store) DeleteAutosave(ctx context.Context, articleID, userID int64) error {
	_, err := s.exec(ctx, `DELETE FROM autosaves WHERE article_id = $1 AND user_id = $2`, articleID, userID)
	if err != nil {
		return fmt.Errorf("forget autosave of article %d for user %d: %w", articleID, userID, err)
	}
	return nil
}

// NewsroomArticles implements store.Newsroom.
func (s *Store) NewsroomArticles(ctx context.Context, f store.NewsroomFilter) ([]content.Article, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, store.MaxLimit)
	var (
		where []string
		args  params
	)
	if f.Status == "" {
		where = append(where, "a.status <> 'trashed'")
	} else {
		where = append(where, "a.status = "+args.add(f.Status))
	}
	if f.AuthorID != 0 {
		id := args.add(f.AuthorID)
		where = append(where, "(a.author_id = "+id+" OR EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.user_id = "+id+"))")
	}
	if f.CategoryID != 0 {
		where = append(where, "a.category_id = "+args.add(f.CategoryID))
	}
	if f.Kind != "" {
		where = append(where, "a.kind = "+args.add(f.Kind))
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		// ILIKE: SQLite's LIKE ignores case too.
		where = append(where, "a.title ILIKE "+args.add("%"+likeEscaper.Replace(text)+"%"))
	}
	query := `SELECT ` + cardColumns + `, a.updated_at, a.created_at FROM articles a` + articleJoins + `
		WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY a.updated_at DESC, a.id DESC LIMIT ` + args.add(limit) + ` OFFSET ` + args.add(max(f.Offset, 0))
	rows, err := s.query(ctx, query, args...)
	list, err := collect(rows, err, func(rows pgx.Rows) (content.Article, error) {
		var updated, created time.Time
		a, err := scanArticle(rows, false, &updated, &created)
		a.UpdatedAt, a.CreatedAt = updated, created
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("newsroom articles: %w", err)
	}
	return list, s.withAuthors(ctx, list)
}

// StatusCounts implements store.Newsroom.
func (s *Store) StatusCounts(ctx context.Context, authorID int64) (map[content.Status]int, error) {
	query := `SELECT status, COUNT(*) FROM articles GROUP BY status`
	var args []any
	if authorID != 0 {
		query = `SELECT status, COUNT(*) FROM articles a WHERE a.author_id = $1
			OR EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.user_id = $1) GROUP BY status`
		args = append(args, authorID)
	}
	type count struct {
		st content.Status
		n  int
	}
	rows, err := s.query(ctx, query, args...)
	list, err := collect(rows, err, func(rows pgx.Rows) (count, error) {
		var c count
		err := rows.Scan(&c.st, &c.n)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("count articles: %w", err)
	}
	counts := map[content.Status]int{}
	for _, c := range list {
		counts[c.st] = c.n
	}
	return counts, nil
}

// checkDay refuses anything but a "2025-07-14" day, so days compare as text.
func checkDay(day string) error {
	if t, err := time.Parse(store.DayLayout, day); err != nil || t.Format(store.DayLayout) != day {
		return fmt.Errorf("day %q is not YYYY-MM-DD", day)
	}
	return nil
}

// AddViews implements store.Newsroom. Selecting the id from articles drops
// views of an article deleted since they were counted, where a plain
// INSERT would fail the whole batch on the foreign key. The articles go
// in order of id, so that two batches at once lock their rows in one
// order and never deadlock.
func (s *Store) AddViews(ctx context.Context, counts map[int64]int, day string) error {
	if err := checkDay(day); err != nil {
		return fmt.Errorf("add views: %w", err)
	}
	var ids []int64
	var ns []int32
	keys := make([]int64, 0, len(counts))
	for id := range counts {
		keys = append(keys, id)
	}
	slices.Sort(keys)
	for _, id := range keys {
		if n := counts[id]; n > 0 {
			ids, ns = append(ids, id), append(ns, int32(min(n, 1<<31-1)))
		}
	}
	if len(ids) == 0 {
		return nil
	}
	_, err := s.exec(ctx, `INSERT INTO views (article_id, day, count)
		SELECT a.id, $1, v.n FROM unnest($2::bigint[], $3::integer[]) AS v(id, n) JOIN articles a ON a.id = v.id
		ORDER BY a.id
		ON CONFLICT (article_id, day) DO UPDATE SET count = views.count + excluded.count`, day, ids, ns)
	if err != nil {
		return fmt.Errorf("add views: %w", err)
	}
	return nil
}

// ViewsPerDay implements store.Newsroom.
func (s *Store) ViewsPerDay(ctx context.Context, articleID int64, from, to string) ([]store.DayCount, error) {
	if err := errors.Join(checkDay(from), checkDay(to)); err != nil {
		return nil, fmt.Errorf("views per day: %w", err)
	}
	query := `SELECT day, SUM(count)::integer FROM views WHERE day >= $1 AND day <= $2 GROUP BY day ORDER BY day`
	args := []any{from, to}
	if articleID != 0 {
		query = `SELECT day, count FROM views WHERE article_id = $1 AND day >= $2 AND day <= $3 ORDER BY day`
		args = []any{articleID, from, to}
	}
	rows, err := s.query(ctx, query, args...)
	list, err := collect(rows, err, func(rows pgx.Rows) (store.DayCount, error) {
		var d store.DayCount
		err := rows.Scan(&d.Day, &d.Views)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("views per day: %w", err)
	}
	return list, nil
}

// MostRead implements store.Newsroom. The sums come from views_by_day alone
// (only the days asked for); articles are then looked up by id.
func (s *Store) MostRead(ctx context.Context, since string, limit int) ([]store.ReadCount, error) {
	if err := checkDay(since); err != nil {
		return nil, fmt.Errorf("most read: %w", err)
	}
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	rows, err := s.query(ctx, `SELECT `+cardColumns+`, r.n
		FROM (SELECT article_id, SUM(count)::integer AS n FROM views WHERE day >= $1 GROUP BY article_id) r
		JOIN articles a ON a.id = r.article_id`+articleJoins+`
		WHERE a.status = 'published'
		ORDER BY r.n DESC, a.id DESC LIMIT $2`, since, limit)
	list, err := collect(rows, err, func(rows pgx.Rows) (store.ReadCount, error) {
		var rc store.ReadCount
		var err error
		rc.Article, err = scanArticle(rows, false, &rc.Views)
		return rc, err
	})
	if err != nil {
		return nil, fmt.Errorf("most read: %w", err)
	}
	arts := make([]content.Article, len(list))
	for i := range list {
		arts[i] = list[i].Article
	}
	if err := s.withAuthors(ctx, arts); err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Article = arts[i]
	}
	return list, nil
}
