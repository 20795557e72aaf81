package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// SetLiveBlog implements store.LiveBlogs.
func (s *Store) SetLiveBlog(ctx context.Context, id int64, startedAt, closedAt time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO liveblogs (article_id, started_at, closed_at) VALUES (?, ?, ?)
		ON CONFLICT (article_id) DO UPDATE SET closed_at = excluded.closed_at`,
		id, formatTime(startedAt), nullTime(closedAt))
	if isForeignKeyViolation(err) {
		return fmt.Errorf("live blog %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("live blog %d: %w", id, err)
	}
	return nil
}

// liveColumns read a live blog with the count and time of its entries,
// both from live_entries_newest.
const liveColumns = `l.article_id, l.started_at, l.closed_at,
	(SELECT COUNT(*) FROM live_entries e WHERE e.article_id = l.article_id),
	(SELECT MAX(e.updated_at) FROM live_entries e WHERE e.article_id = l.article_id)`

func scanLive(row scanner) (content.LiveBlog, error) {
	var (
		l                     content.LiveBlog
		started, closed, last sql.NullString
	)
	if err := row.Scan(&l.ArticleID, &started, &closed, &l.Entries, &last); err != nil {
		return l, err
	}
	l.StartedAt, l.ClosedAt, l.LastEntryAt = parseTime(started), parseTime(closed), parseTime(last)
	return l, nil
}

// LiveBlog implements store.LiveBlogs.
func (s *Store) LiveBlog(ctx context.Context, id int64) (content.LiveBlog, error) {
	l, err := scanLive(s.queryRow(ctx, `SELECT `+liveColumns+` FROM liveblogs l WHERE l.article_id = ?`, id))
	return l, notFound(err, fmt.Sprintf("live blog %d", id))
}

// LiveBlogsOf implements store.LiveBlogs.
func (s *Store) LiveBlogsOf(ctx context.Context, ids []int64) (map[int64]content.LiveBlog, error) {
	out := map[int64]content.LiveBlog{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.query(ctx, `SELECT `+liveColumns+` FROM liveblogs l
		WHERE l.article_id IN (SELECT value FROM json_each(?))`, idList(ids))
	if err != nil {
		return nil, fmt.Errorf("live blogs of %d articles: %w", len(ids), err)
	}
	defer rows.Close()
	for rows.Next() {
		l, err := scanLive(rows)
		if err != nil {
			return nil, fmt.Errorf("live blogs of %d articles: %w", len(ids), err)
		}
		out[l.ArticleID] = l
	}
	return out, rows.Err()
}

// idList is at most store.MaxLimit ids as one JSON array, for json_each.
func idList(ids []int64) string {
	ids = ids[:min(len(ids), store.MaxLimit)]
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	return "[" + strings.Join(list, ",") + "]"
}

// AddEntry implements store.LiveBlogs.
func (s *Store) AddEntry(ctx context.Context, e *content.Entry) error {
	what := fmt.Sprintf("add an entry to live blog %d", e.ArticleID)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if e.Pinned {
			if err := unpin(ctx, tx, e.ArticleID); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO live_entries (article_id, author_id, headline, source, body,
			pinned, story_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			e.ArticleID, e.Author.ID, e.Headline, e.Source, e.Body, boolInt(e.Pinned), nullID(e.StoryID),
			formatTime(e.CreatedAt), formatTime(e.UpdatedAt))
		if isForeignKeyViolation(err) {
			return fmt.Errorf("%s: %w", what, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		e.ID, err = res.LastInsertId()
		return err
	})
}

func unpin(ctx context.Context, tx *sql.Tx, articleID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE live_entries SET pinned = 0 WHERE article_id = ? AND pinned = 1`, articleID)
	return err
}

// UpdateEntry implements store.LiveBlogs.
func (s *Store) UpdateEntry(ctx context.Context, e content.Entry) error {
	what := fmt.Sprintf("update entry %d of live blog %d", e.ID, e.ArticleID)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if e.Pinned {
			if err := unpin(ctx, tx, e.ArticleID); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE live_entries SET headline = ?, source = ?, body = ?, pinned = ?,
			story_id = ?, updated_at = ? WHERE id = ? AND article_id = ?`,
			e.Headline, e.Source, e.Body, boolInt(e.Pinned), nullID(e.StoryID), formatTime(e.UpdatedAt), e.ID, e.ArticleID)
		if isForeignKeyViolation(err) {
			return fmt.Errorf("%s: story %d: %w", what, e.StoryID, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("%s: %w", what, store.ErrNotFound)
		}
		return nil
	})
}

// DeleteEntry implements store.LiveBlogs.
func (s *Store) DeleteEntry(ctx context.Context, articleID, entryID int64) error {
	n, err := s.exec(ctx, `DELETE FROM live_entries WHERE id = ? AND article_id = ?`, entryID, articleID)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("delete entry %d of live blog %d: %w", entryID, articleID, err)
	}
	return nil
}

const entryColumns = `e.id, e.article_id, e.headline, e.source, e.body, e.pinned, e.story_id,
	e.created_at, e.updated_at, u.id, u.name, u.slug`

const entryFrom = ` FROM live_entries e JOIN users u ON u.id = e.author_id`

func scanEntry(row scanner) (content.Entry, error) {
	var (
		e                content.Entry
		story            sql.NullInt64
		created, updated sql.NullString
	)
	err := row.Scan(&e.ID, &e.ArticleID, &e.Headline, &e.Source, &e.Body, &e.Pinned, &story,
		&created, &updated, &e.Author.ID, &e.Author.Name, &e.Author.Slug)
	e.StoryID, e.CreatedAt, e.UpdatedAt = story.Int64, parseTime(created), parseTime(updated)
	return e, err
}

// Entry implements store.LiveBlogs.
func (s *Store) Entry(ctx context.Context, articleID, entryID int64) (content.Entry, error) {
	e, err := scanEntry(s.queryRow(ctx, `SELECT `+entryColumns+entryFrom+` WHERE e.id = ? AND e.article_id = ?`, entryID, articleID))
	return e, notFound(err, fmt.Sprintf("entry %d of live blog %d", entryID, articleID))
}

// Entries implements store.LiveBlogs.
func (s *Store) Entries(ctx context.Context, q store.EntryQuery) ([]content.Entry, error) {
	q = q.Normalize()
	before := q.Before
	if before == 0 {
		before = 1<<63 - 1
	}
	rows, err := s.query(ctx, `SELECT `+entryColumns+entryFrom+`
		WHERE e.article_id = ? AND e.id < ? ORDER BY e.id DESC LIMIT ?`, q.ArticleID, before, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("entries of live blog %d: %w", q.ArticleID, err)
	}
	defer rows.Close()
	var list []content.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("entries of live blog %d: %w", q.ArticleID, err)
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// PinnedEntry implements store.LiveBlogs.
func (s *Store) PinnedEntry(ctx context.Context, articleID int64) (content.Entry, error) {
	e, err := scanEntry(s.queryRow(ctx, `SELECT `+entryColumns+entryFrom+` WHERE e.article_id = ? AND e.pinned = 1`, articleID))
	return e, notFound(err, fmt.Sprintf("pinned entry of live blog %d", articleID))
}

// EntryOfStory implements store.LiveBlogs.
func (s *Store) EntryOfStory(ctx context.Context, storyID int64) (content.Entry, error) {
	e, err := scanEntry(s.queryRow(ctx, `SELECT `+entryColumns+entryFrom+` WHERE e.story_id = ? ORDER BY e.id LIMIT 1`, storyID))
	return e, notFound(err, fmt.Sprintf("entry of story %d", storyID))
}

// CreateAlert implements store.Alerts.
func (s *Store) CreateAlert(ctx context.Context, a *content.Alert) error {
	res, err := s.execResult(ctx, `INSERT INTO alerts (text, url, article_id, author_id, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?)`, a.Text, a.URL, nullID(a.Article.ID), nullID(a.AuthorID),
		formatTime(a.CreatedAt), formatTime(a.ExpiresAt))
	if isForeignKeyViolation(err) {
		return fmt.Errorf("create alert: article %d: %w", a.Article.ID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("create alert: %w", err)
	}
	a.ID, err = res.LastInsertId()
	return err
}

// DeleteAlert implements store.Alerts.
func (s *Store) DeleteAlert(ctx context.Context, id int64) error {
	n, err := s.exec(ctx, `DELETE FROM alerts WHERE id = ?`, id)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("delete alert %d: %w", id, err)
	}
	return nil
}

const alertColumns = `l.id, l.text, l.url, l.author_id, l.created_at, l.expires_at,
	a.id, a.kind, a.slug, a.title, a.status, a.published_at`

const alertFrom = ` FROM alerts l LEFT JOIN articles a ON a.id = l.article_id`

func scanAlert(row scanner) (content.Alert, error) {
	var (
		l                         content.Alert
		author, artID             sql.NullInt64
		created, expires, pub     sql.NullString
		kind, slug, title, status sql.NullString
	)
	err := row.Scan(&l.ID, &l.Text, &l.URL, &author, &created, &expires, &artID, &kind, &slug, &title, &status, &pub)
	l.AuthorID, l.CreatedAt, l.ExpiresAt = author.Int64, parseTime(created), parseTime(expires)
	if artID.Valid {
		l.Article = content.Article{ID: artID.Int64, Kind: content.Kind(kind.String), Slug: slug.String,
			Title: title.String, Status: content.Status(status.String), PublishedAt: parseTime(pub)}
	}
	return l, err
}

// Alert implements store.Alerts.
func (s *Store) Alert(ctx context.Context, id int64) (content.Alert, error) {
	l, err := scanAlert(s.queryRow(ctx, `SELECT `+alertColumns+alertFrom+` WHERE l.id = ?`, id))
	return l, notFound(err, fmt.Sprintf("alert %d", id))
}

// ActiveAlerts implements store.Alerts: the range of alerts_expiry after
// now, which holds only the alerts still up, sorted.
func (s *Store) ActiveAlerts(ctx context.Context, now time.Time, limit int) ([]content.Alert, error) {
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	rows, err := s.query(ctx, `SELECT `+alertColumns+alertFrom+`
		WHERE l.expires_at > ? AND (l.article_id IS NULL OR a.status = 'published')
		ORDER BY l.created_at DESC, l.id DESC LIMIT ?`, formatTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("active alerts: %w", err)
	}
	defer rows.Close()
	var list []content.Alert
	for rows.Next() {
		l, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("active alerts: %w", err)
		}
		list = append(list, l)
	}
	return list, rows.Err()
}

// NextAlertExpiry implements store.Alerts.
func (s *Store) NextAlertExpiry(ctx context.Context, now time.Time) (time.Time, bool, error) {
	var next sql.NullString
	err := s.queryRow(ctx, `SELECT MIN(expires_at) FROM alerts WHERE expires_at > ?`, formatTime(now)).Scan(&next)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, fmt.Errorf("next alert expiry: %w", err)
	}
	t := parseTime(next)
	return t, !t.IsZero(), nil
}
