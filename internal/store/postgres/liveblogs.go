package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

// SetLiveBlog implements store.LiveBlogs.
func (s *Store) SetLiveBlog(ctx context.Context, id int64, startedAt, closedAt time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO liveblogs (article_id, started_at, closed_at) VALUES ($1, $2, $3)
		ON CONFLICT (article_id) DO UPDATE SET closed_at = excluded.closed_at`,
		id, startedAt.UTC(), nullTime(closedAt))
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

func scanLive(row pgx.Row) (content.LiveBlog, error) {
	var l content.LiveBlog
	err := row.Scan(&l.ArticleID, &l.StartedAt, at(&l.ClosedAt), &l.Entries, at(&l.LastEntryAt))
	l.StartedAt = l.StartedAt.UTC()
	return l, err
}

// LiveBlog implements store.LiveBlogs.
func (s *Store) LiveBlog(ctx context.Context, id int64) (content.LiveBlog, error) {
	l, err := scanLive(s.queryRow(ctx, `SELECT `+liveColumns+` FROM liveblogs l WHERE l.article_id = $1`, id))
	return l, notFound(err, fmt.Sprintf("live blog %d", id))
}

// LiveBlogsOf implements store.LiveBlogs.
func (s *Store) LiveBlogsOf(ctx context.Context, ids []int64) (map[int64]content.LiveBlog, error) {
	out := map[int64]content.LiveBlog{}
	if len(ids) == 0 {
		return out, nil
	}
	ids = ids[:min(len(ids), store.MaxLimit)]
	rows, err := s.query(ctx, `SELECT `+liveColumns+` FROM liveblogs l WHERE l.article_id = ANY($1)`, ids)
	list, err := collect(rows, err, func(r pgx.Rows) (content.LiveBlog, error) { return scanLive(r) })
	if err != nil {
		return nil, fmt.Errorf("live blogs of %d articles: %w", len(ids), err)
	}
	for _, l := range list {
		out[l.ArticleID] = l
	}
	return out, nil
}

// AddEntry implements store.LiveBlogs.
func (s *Store) AddEntry(ctx context.Context, e *content.Entry) error {
	what := fmt.Sprintf("add an entry to live blog %d", e.ArticleID)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if e.Pinned {
			if err := unpin(ctx, tx, e.ArticleID); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		err := tx.QueryRow(ctx, `INSERT INTO live_entries (article_id, author_id, headline, source, body,
			pinned, story_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			e.ArticleID, e.Author.ID, e.Headline, e.Source, e.Body, e.Pinned, nullID(e.StoryID),
			e.CreatedAt.UTC(), e.UpdatedAt.UTC()).Scan(&e.ID)
		if isForeignKeyViolation(err) {
			return fmt.Errorf("%s: %w", what, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	})
}

func unpin(ctx context.Context, tx pgx.Tx, articleID int64) error {
	_, err := tx.Exec(ctx, `UPDATE live_entries SET pinned = false WHERE article_id = $1 AND pinned`, articleID)
	return err
}

// UpdateEntry implements store.LiveBlogs.
func (s *Store) UpdateEntry(ctx context.Context, e content.Entry) error {
	what := fmt.Sprintf("update entry %d of live blog %d", e.ID, e.ArticleID)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if e.Pinned {
			if err := unpin(ctx, tx, e.ArticleID); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		n, err := rowsAffected(tx.Exec(ctx, `UPDATE live_entries SET headline = $1, source = $2, body = $3, pinned = $4,
			story_id = $5, updated_at = $6 WHERE id = $7 AND article_id = $8`,
			e.Headline, e.Source, e.Body, e.Pinned, nullID(e.StoryID), e.UpdatedAt.UTC(), e.ID, e.ArticleID))
		if isForeignKeyViolation(err) {
			return fmt.Errorf("%s: story %d: %w", what, e.StoryID, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if n == 0 {
			return fmt.Errorf("%s: %w", what, store.ErrNotFound)
		}
		return nil
	})
}

// DeleteEntry implements store.LiveBlogs.
func (s *Store) DeleteEntry(ctx context.Context, articleID, entryID int64) error {
	n, err := s.exec(ctx, `DELETE FROM live_entries WHERE id = $1 AND article_id = $2`, entryID, articleID)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("delete entry %d of live blog %d: %w", entryID, articleID, err)
	}
	return nil
}

const entryColumns = `e.id, e.article_id, e.headline, e.source, e.body, e.pinned, COALESCE(e.story_id, 0),
	e.created_at, e.updated_at, u.id, u.name, u.slug`

const entryFrom = ` FROM live_entries e JOIN users u ON u.id = e.author_id`

func scanEntry(row pgx.Row) (content.Entry, error) {
	var e content.Entry
	err := row.Scan(&e.ID, &e.ArticleID, &e.Headline, &e.Source, &e.Body, &e.Pinned, &e.StoryID,
		&e.CreatedAt, &e.UpdatedAt, &e.Author.ID, &e.Author.Name, &e.Author.Slug)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return e, err
}

func scanEntries(r pgx.Rows) (content.Entry, error) { return scanEntry(r) }

// Entry implements store.LiveBlogs.
func (s *Store) Entry(ctx context.Context, articleID, entryID int64) (content.Entry, error) {
	e, err := scanEntry(s.queryRow(ctx, `SELECT `+entryColumns+entryFrom+` WHERE e.id = $1 AND e.article_id = $2`, entryID, articleID))
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
		WHERE e.article_id = $1 AND e.id < $2 ORDER BY e.id DESC LIMIT $3`, q.ArticleID, before, q.Limit)
	list, err := collect(rows, err, scanEntries)
	if err != nil {
		return nil, fmt.Errorf("entries of live blog %d: %w", q.ArticleID, err)
	}
	return list, nil
}

// PinnedEntry implements store.LiveBlogs.
func (s *Store) PinnedEntry(ctx context.Context, articleID int64) (content.Entry, error) {
	e, err := scanEntry(s.queryRow(ctx, `SELECT `+entryColumns+entryFrom+` WHERE e.article_id = $1 AND e.pinned`, articleID))
	return e, notFound(err, fmt.Sprintf("pinned entry of live blog %d", articleID))
}

// EntryOfStory implements store.LiveBlogs.
func (s *Store) EntryOfStory(ctx context.Context, storyID int64) (content.Entry, error) {
	e, err := scanEntry(s.queryRow(ctx, `SELECT `+entryColumns+entryFrom+` WHERE e.story_id = $1 ORDER BY e.id LIMIT 1`, storyID))
	return e, notFound(err, fmt.Sprintf("entry of story %d", storyID))
}

// CreateAlert implements store.Alerts.
func (s *Store) CreateAlert(ctx context.Context, a *content.Alert) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO alerts (text, url, article_id, author_id, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, a.Text, a.URL, nullID(a.Article.ID), nullID(a.AuthorID),
			a.CreatedAt.UTC(), a.ExpiresAt.UTC()).Scan(&a.ID)
	})
	if isForeignKeyViolation(err) {
		return fmt.Errorf("create alert: article %d: %w", a.Article.ID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("create alert: %w", err)
	}
	return nil
}

// DeleteAlert implements store.Alerts.
func (s *Store) DeleteAlert(ctx context.Context, id int64) error {
	n, err := s.exec(ctx, `DELETE FROM alerts WHERE id = $1`, id)
	if err == nil && n == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("delete alert %d: %w", id, err)
	}
	return nil
}

const alertColumns = `l.id, l.text, l.url, COALESCE(l.author_id, 0), l.created_at, l.expires_at,
	COALESCE(a.id, 0), COALESCE(a.kind, ''), COALESCE(a.slug, ''), COALESCE(a.title, ''),
	COALESCE(a.status, ''), a.published_at`

const alertFrom = ` FROM alerts l LEFT JOIN articles a ON a.id = l.article_id`

func scanAlert(row pgx.Row) (content.Alert, error) {
	var (
		l                         content.Alert
		artID                     int64
		kind, slug, title, status string
		pub                       time.Time
	)
	err := row.Scan(&l.ID, &l.Text, &l.URL, &l.AuthorID, &l.CreatedAt, &l.ExpiresAt,
		&artID, &kind, &slug, &title, &status, at(&pub))
	l.CreatedAt, l.ExpiresAt = l.CreatedAt.UTC(), l.ExpiresAt.UTC()
	if artID != 0 {
		l.Article = content.Article{ID: artID, Kind: content.Kind(kind), Slug: slug, Title: title,
			Status: content.Status(status), PublishedAt: pub}
	}
	return l, err
}

func scanAlerts(r pgx.Rows) (content.Alert, error) { return scanAlert(r) }

// Alert implements store.Alerts.
func (s *Store) Alert(ctx context.Context, id int64) (content.Alert, error) {
	l, err := scanAlert(s.queryRow(ctx, `SELECT `+alertColumns+alertFrom+` WHERE l.id = $1`, id))
	return l, notFound(err, fmt.Sprintf("alert %d", id))
}

// ActiveAlerts implements store.Alerts: the range of alerts_expiry after
// now, which holds only the alerts still up, sorted.
func (s *Store) ActiveAlerts(ctx context.Context, now time.Time, limit int) ([]content.Alert, error) {
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	rows, err := s.query(ctx, `SELECT `+alertColumns+alertFrom+`
		WHERE l.expires_at > $1 AND (l.article_id IS NULL OR a.status = 'published')
		ORDER BY l.created_at DESC, l.id DESC LIMIT $2`, now.UTC(), limit)
	list, err := collect(rows, err, scanAlerts)
	if err != nil {
		return nil, fmt.Errorf("active alerts: %w", err)
	}
	return list, nil
}

// NextAlertExpiry implements store.Alerts.
func (s *Store) NextAlertExpiry(ctx context.Context, now time.Time) (time.Time, bool, error) {
	var next time.Time
	if err := s.queryRow(ctx, `SELECT MIN(expires_at) FROM alerts WHERE expires_at > $1`, now.UTC()).Scan(at(&next)); err != nil {
		return time.Time{}, false, fmt.Errorf("next alert expiry: %w", err)
	}
	return next, !next.IsZero(), nil
}
