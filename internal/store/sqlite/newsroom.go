package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.Newsroom = (*Store)(nil)

// ArticleVersion implements store.Newsroom.
func (s *Store) ArticleVersion(ctx context.Context, id int64) (int, error) {
	var v int
	err := s.queryRow(ctx, `SELECT version FROM articles WHERE id = ?`, id).Scan(&v)
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

// ChangeArticle implements store.Newsroom.
func (s *Store) ChangeArticle(ctx context.Context, c store.ArticleChange) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
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

// checkVersion refuses an article that is no longer at version.
func checkVersion(ctx context.Context, tx *sql.Tx, id int64, version int) error {
	var v int
	err := tx.QueryRowContext(ctx, `SELECT version FROM articles WHERE id = ?`, id).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
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
func saveContent(ctx context.Context, tx *sql.Tx, a *content.Article, expectVersion int, rev *store.Revision) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now().UTC()
	}
	res, err := tx.ExecContext(ctx, `UPDATE articles SET kind = ?, title = ?, slug = ?, excerpt = ?,
		source = ?, format = ?, body = ?, dateline = ?, updated_at = ?, author_id = ?, category_id = ?,
		image_id = ?, must_read = ?, comments_open = ?, seo_title = ?, seo_desc = ?, words = ?, label = ?,
		version = version + 1
		WHERE id = ? AND version = ?`,
		a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body, a.Dateline, formatTime(a.UpdatedAt),
		a.Author.ID, nullID(a.Category.ID), imageID(a.Image), boolInt(a.MustRead), boolInt(a.CommentsOpen),
		a.SEOTitle, a.SEODesc, a.Words, a.Label.Or(), a.ID, expectVersion)
	if isUniqueViolation(err) {
		return fmt.Errorf("article slug %q: %w", a.Slug, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("update article %d: %w", a.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return missingOrStale(ctx, tx, a.ID, fmt.Sprintf("update article %d from version %d", a.ID, expectVersion))
	}
	var published sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT status, published_at FROM articles WHERE id = ?`, a.ID).Scan(&a.Status, &published)
	if err != nil {
		return fmt.Errorf("update article %d: %w", a.ID, err)
	}
	a.PublishedAt = parseTime(published)
	if err := saveTags(ctx, tx, a); err != nil {
		return err
	}
	if err := saveAuthors(txExec(ctx, tx), a); err != nil {
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
func missingOrStale(ctx context.Context, tx *sql.Tx, id int64, what string) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE id = ?`, id).Scan(&n); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("%s: %w", what, store.ErrStale)
}

// moveArticle is the status part of a change, made only if the article
// is still in m.From.
func moveArticle(ctx context.Context, tx *sql.Tx, m store.Move) error {
	res, err := tx.ExecContext(ctx, `UPDATE articles SET status = ?, published_at = ?, updated_at = ?, withdrawn_notice = ?
		WHERE id = ? AND status = ?`,
		m.To, nullTime(m.PublishedAt), formatTime(m.UpdatedAt), m.Notice, m.ID, m.From)
	if err != nil {
		return fmt.Errorf("move article %d to %s: %w", m.ID, m.To, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return missingOrStale(ctx, tx, m.ID, fmt.Sprintf("move article %d from %s to %s", m.ID, m.From, m.To))
	}
	return relist(ctx, tx, m.ID)
}

// DueScheduled implements store.Newsroom.
func (s *Store) DueScheduled(ctx context.Context, now time.Time) ([]int64, error) {
	rows, err := s.query(ctx, `SELECT id FROM articles
		WHERE status = 'scheduled' AND kind IN ('post', 'page') AND published_at <= ?
		ORDER BY published_at, id`, formatTime(now))
	if err != nil {
		return nil, fmt.Errorf("due articles: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("due articles: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// NextScheduled implements store.Newsroom. The articles_latest index
// (status, kind, published_at) holds the answer, so only the scheduled
// rows of the index are read, never the table.
func (s *Store) NextScheduled(ctx context.Context) (time.Time, bool, error) {
	var next sql.NullString
	err := s.queryRow(ctx, `SELECT MIN(published_at) FROM articles
		WHERE status = 'scheduled' AND kind IN ('post', 'page')`).Scan(&next)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("next scheduled article: %w", err)
	}
	if !next.Valid {
		return time.Time{}, false, nil
	}
	return parseTime(next), true, nil
}

// PublishScheduled implements store.Newsroom. The condition in the UPDATE
// is what makes it safe for several servers: SQLite runs one writer at a
// time, and only the first finds the article still scheduled.
func (s *Store) PublishScheduled(ctx context.Context, id int64, now time.Time) (bool, error) {
	published := false
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		// An article published hours late after a restart keeps its planned
		// time, and is not "updated" since then.
		res, err := tx.ExecContext(ctx, `UPDATE articles SET status = 'published',
			updated_at = MAX(updated_at, published_at)
			WHERE id = ? AND status = 'scheduled' AND published_at <= ?`, id, formatTime(now))
		if err != nil {
			return fmt.Errorf("publish scheduled article %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
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
func relist(ctx context.Context, tx *sql.Tx, id int64) error {
	a := content.Article{ID: id}
	var published sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT kind, title, excerpt, body, status, published_at, author_id
		FROM articles WHERE id = ?`, id).Scan(&a.Kind, &a.Title, &a.Excerpt, &a.Body, &a.Status, &published, &a.Author.ID)
	if err != nil {
		return fmt.Errorf("relist article %d: %w", id, err)
	}
	a.PublishedAt = parseTime(published)
	var pubAt any
	if a.Status == content.StatusPublished && a.Kind == content.KindPost {
		pubAt = formatTime(a.PublishedAt)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE article_tags SET pub_at = ? WHERE article_id = ?`, pubAt, id); err != nil {
		return fmt.Errorf("relist tags of article %d: %w", id, err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id = ? ORDER BY at.position`, id)
	if err != nil {
		return fmt.Errorf("relist article %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var t content.Tag
		if err := rows.Scan(&t.Name); err != nil {
			return err
		}
		a.Tags = append(a.Tags, t)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return indexForSearch(ctx, tx, &a)
}

// AddRevision implements store.Newsroom.
func (s *Store) AddRevision(ctx context.Context, r *store.Revision) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		r.ID = 0
		return writeRevision(ctx, tx, r)
	})
}

// writeRevision inserts r, or overwrites the autosave revision r.ID of the
// same article.
func writeRevision(ctx context.Context, tx *sql.Tx, r *store.Revision) error {
	if r.CreatedAt.IsZero() {
		r.CreatedAt = time.Now().UTC()
	}
	if r.ID != 0 {
		// The time of an overwritten revision stays when it was begun, so
		// each autosave revision spans a bounded stretch of typing.
		res, err := tx.ExecContext(ctx, `UPDATE revisions SET author_id = ?, title = ?, excerpt = ?, source = ?,
			format = ?, dateline = ?, note = ? WHERE id = ? AND article_id = ? AND autosave = 1`,
			nullID(r.Author.ID), r.Title, r.Excerpt, r.Source, r.Format, r.Dateline, r.Note, r.ID, r.ArticleID)
		if err != nil {
			return fmt.Errorf("overwrite revision %d: %w", r.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("overwrite revision %d of article %d: %w", r.ID, r.ArticleID, store.ErrNotFound)
		}
		return tx.QueryRowContext(ctx, `SELECT created_at FROM revisions WHERE id = ?`, r.ID).Scan(timeDest{&r.CreatedAt})
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO revisions (article_id, author_id, title, excerpt, source,
		format, dateline, created_at, note, autosave) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ArticleID, nullID(r.Author.ID), r.Title, r.Excerpt, r.Source, r.Format, r.Dateline,
		formatTime(r.CreatedAt), r.Note, boolInt(r.Autosave))
	if isForeignKeyViolation(err) {
		return fmt.Errorf("revision of article %d: %w", r.ArticleID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("revision of article %d: %w", r.ArticleID, err)
	}
	r.ID, err = res.LastInsertId()
	return err
}

// timeDest scans a stored time into a time.Time.
type timeDest struct{ t *time.Time }

func (d timeDest) Scan(src any) error {
	var ns sql.NullString
	if err := ns.Scan(src); err != nil {
		return err
	}
	*d.t = parseTime(ns)
	return nil
}

const revisionColumns = `r.id, r.article_id, COALESCE(r.author_id, 0), COALESCE(u.name, ''),
	r.title, r.excerpt, r.format, r.dateline, r.created_at, r.note, r.autosave`

func scanRevision(row scanner, more ...any) (store.Revision, error) {
	var r store.Revision
	dest := append([]any{&r.ID, &r.ArticleID, &r.Author.ID, &r.Author.Name,
		&r.Title, &r.Excerpt, &r.Format, &r.Dateline, timeDest{&r.CreatedAt}, &r.Note, &r.Autosave}, more...)
	return r, row.Scan(dest...)
}

// Revisions implements store.Newsroom.
func (s *Store) Revisions(ctx context.Context, articleID int64) ([]store.Revision, error) {
	rows, err := s.query(ctx, `SELECT `+revisionColumns+` FROM revisions r
		LEFT JOIN users u ON u.id = r.author_id
		WHERE r.article_id = ? ORDER BY r.id DESC`, articleID)
	if err != nil {
		return nil, fmt.Errorf("revisions of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var list []store.Revision
	for rows.Next() {
		r, err := scanRevision(rows)
		if err != nil {
			return nil, fmt.Errorf("revisions of article %d: %w", articleID, err)
		}
		list = append(list, r)
	}
	return list, rows.Err()
}

// Revision implements store.Newsroom.
func (s *Store) Revision(ctx context.Context, id int64) (store.Revision, error) {
	var source string
	r, err := scanRevision(s.queryRow(ctx, `SELECT `+revisionColumns+`, r.source FROM revisions r
		LEFT JOIN users u ON u.id = r.author_id WHERE r.id = ?`, id), &source)
	r.Source = source
	return r, notFound(err, fmt.Sprintf("revision %d", id))
}

// SaveAutosave implements store.Newsroom.
func (s *Store) SaveAutosave(ctx context.Context, a store.Autosave) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO autosaves (article_id, user_id, title, excerpt, source, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (article_id, user_id) DO UPDATE SET title = excluded.title, excerpt = excluded.excerpt,
				source = excluded.source, updated_at = excluded.updated_at`,
			a.ArticleID, a.UserID, a.Title, a.Excerpt, a.Source, formatTime(a.UpdatedAt))
		if isForeignKeyViolation(err) {
			return fmt.Errorf("autosave article %d for user %d: %w", a.ArticleID, a.UserID, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("autosave article %d for user %d: %w", a.ArticleID, a.UserID, err)
		}
		return nil
	})
}

// Autosave implements store.Newsroom.
func (s *Store) Autosave(ctx context.Context, articleID, userID int64) (store.Autosave, error) {
	a := store.Autosave{ArticleID: articleID, UserID: userID}
	err := s.queryRow(ctx, `SELECT title, excerpt, source, updated_at FROM autosaves
		WHERE article_id = ? AND user_id = ?`, articleID, userID).Scan(&a.Title, &a.Excerpt, &a.Source, timeDest{&a.UpdatedAt})
	return a, notFound(err, fmt.Sprintf("autosave of article %d for user %d", articleID, userID))
}

// DeleteAutosave implements store.Newsroom.
func (s *Store) DeleteAutosave(ctx context.Context, articleID, userID int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM autosaves WHERE article_id = ? AND user_id = ?`, articleID, userID)
		if err != nil {
			return fmt.Errorf("forget autosave of article %d for user %d: %w", articleID, userID, err)
		}
		return nil
	})
}

// moreColumns scans the columns that follow cardColumns into more destinations.
type moreColumns struct {
	row  scanner
	more []any
}

func (e moreColumns) Scan(dest ...any) error { return e.row.Scan(append(dest, e.more...)...) }

// NewsroomArticles implements store.Newsroom.
func (s *Store) NewsroomArticles(ctx context.Context, f store.NewsroomFilter) ([]content.Article, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, store.MaxLimit)
	var (
		where []string
		args  []any
	)
	if f.Status == "" {
		where = append(where, "a.status <> 'trashed'")
	} else {
		where = append(where, "a.status = ?")
		args = append(args, f.Status)
	}
	if f.AuthorID != 0 {
		where = append(where, "(a.author_id = ? OR EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.user_id = ?))")
		args = append(args, f.AuthorID, f.AuthorID)
	}
	if f.CategoryID != 0 {
		where = append(where, "a.category_id = ?")
		args = append(args, f.CategoryID)
	}
	if f.Kind != "" {
		where = append(where, "a.kind = ?")
		args = append(args, f.Kind)
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		where = append(where, `a.title LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscaper.Replace(text)+"%")
	}
	args = append(args, limit, max(f.Offset, 0))
	rows, err := s.query(ctx, `SELECT `+cardColumns+`, a.updated_at, a.created_at FROM articles a`+articleJoins+`
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY a.updated_at DESC, a.id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("newsroom articles: %w", err)
	}
	defer rows.Close()
	var list []content.Article
	for rows.Next() {
		var updated, created time.Time
		a, err := scanArticle(moreColumns{rows, []any{timeDest{&updated}, timeDest{&created}}}, false)
		if err != nil {
			return nil, fmt.Errorf("newsroom articles: %w", err)
		}
		a.UpdatedAt, a.CreatedAt = updated, created
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("newsroom articles: %w", err)
	}
	return list, s.withAuthors(ctx, list)
}

// likeEscaper makes what a writer typed match literally in LIKE.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// StatusCounts implements store.Newsroom.
func (s *Store) StatusCounts(ctx context.Context, authorID int64) (map[content.Status]int, error) {
	query := `SELECT status, COUNT(*) FROM articles GROUP BY status`
	var args []any
	if authorID != 0 {
		query = `SELECT status, COUNT(*) FROM articles a WHERE a.author_id = ?1
			OR EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.user_id = ?1) GROUP BY status`
		args = append(args, authorID)
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("count articles: %w", err)
	}
	defer rows.Close()
	counts := map[content.Status]int{}
	for rows.Next() {
		var st content.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("count articles: %w", err)
		}
		counts[st] = n
	}
	return counts, rows.Err()
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
// INSERT would fail the whole batch on the foreign key.
func (s *Store) AddViews(ctx context.Context, counts map[int64]int, day string) error {
	if err := checkDay(day); err != nil {
		return fmt.Errorf("add views: %w", err)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for id, n := range counts {
			if n <= 0 {
				continue
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO views (article_id, day, count)
				SELECT id, ?, ? FROM articles WHERE id = ?
				ON CONFLICT (article_id, day) DO UPDATE SET count = count + excluded.count`, day, n, id)
			if err != nil {
				return fmt.Errorf("add views of article %d: %w", id, err)
			}
		}
		return nil
	})
}

// ViewsPerDay implements store.Newsroom.
func (s *Store) ViewsPerDay(ctx context.Context, articleID int64, from, to string) ([]store.DayCount, error) {
	if err := errors.Join(checkDay(from), checkDay(to)); err != nil {
		return nil, fmt.Errorf("views per day: %w", err)
	}
	query := `SELECT day, SUM(count) FROM views WHERE day >= ? AND day <= ? GROUP BY day ORDER BY day`
	args := []any{from, to}
	if articleID != 0 {
		query = `SELECT day, count FROM views WHERE article_id = ? AND day >= ? AND day <= ? ORDER BY day`
		args = []any{articleID, from, to}
	}
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("views per day: %w", err)
	}
	defer rows.Close()
	var list []store.DayCount
	for rows.Next() {
		var d store.DayCount
		if err := rows.Scan(&d.Day, &d.Views); err != nil {
			return nil, fmt.Errorf("views per day: %w", err)
		}
		list = append(list, d)
	}
	return list, rows.Err()
}

// MostRead implements store.Newsroom. The sums come from views_by_day alone
// (only the days asked for); articles are then looked up by id. Without
// INDEXED BY and CROSS JOIN, which fix the plan, SQLite prefers to read all
// views in primary-key order to group them, or to walk every published
// article, costs that grow with the archive.
func (s *Store) MostRead(ctx context.Context, since string, limit int) ([]store.ReadCount, error) {
	if err := checkDay(since); err != nil {
		return nil, fmt.Errorf("most read: %w", err)
	}
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	rows, err := s.query(ctx, `SELECT `+cardColumns+`, r.n
		FROM (SELECT article_id, SUM(count) AS n FROM views INDEXED BY views_by_day
			WHERE day >= ? GROUP BY article_id) r
		CROSS JOIN articles a ON a.id = r.article_id`+articleJoins+`
		WHERE a.status = 'published'
		ORDER BY r.n DESC, a.id DESC LIMIT ?`, since, limit)
	if err != nil {
		return nil, fmt.Errorf("most read: %w", err)
	}
	defer rows.Close()
	var list []store.ReadCount
	for rows.Next() {
		var rc store.ReadCount
		if rc.Article, err = scanArticle(moreColumns{rows, []any{&rc.Views}}, false); err != nil {
			return nil, fmt.Errorf("most read: %w", err)
		}
		list = append(list, rc)
	}
	if err := rows.Err(); err != nil {
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
