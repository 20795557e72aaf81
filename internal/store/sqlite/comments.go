package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// CreateComment implements store.Comments.
func (s *Store) CreateComment(ctx context.Context, c *content.Comment) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return insertComment(ctx, tx, c, false) })
}

// PostComment implements store.Comments. Posts that arrive while the
// writer is busy commit together, each in its own savepoint, so that a
// burst of comments on a busy disk shares one flush to disk a batch
// rather than each post waiting for every flush queued before its own;
// see postGroup.
func (s *Store) PostComment(ctx context.Context, c *content.Comment, subscribe bool, mails func(content.Comment) []*store.Mail, quotas ...store.Quota) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := store.CheckQuotas(quotas); err != nil {
		return err
	}
	p := &post{ctx: ctx, c: c, subscribe: subscribe, mails: mails, quotas: quotas, wake: make(chan bool, 1)}
	if s.joined(ctx) != nil {
		// A part of the caller's transaction, which commits it.
		return s.inTx(ctx, func(tx *sql.Tx) error { return writePost(ctx, tx, p) })
	}
	g := &s.posts
	g.mu.Lock()
	g.queue = append(g.queue, p)
	lead := !g.busy
	g.busy = true
	g.mu.Unlock()
	if !lead && !<-p.wake {
		return p.err // a leader committed it, or failed to
	}
	s.leadPosts(p)
	return p.err
}

// maxPostBatch bounds the posts committed in one transaction, so that a
// spike does not make one transaction hold the writer for long.
const maxPostBatch = 64

// postGroup gathers the comments posted while another batch commits. The
// post that finds the writer free leads: it takes the queue (itself
// included) as a batch, commits it, tells each post its outcome and hands
// the lead to the first post that arrived meanwhile, so that no request
// commits more than one batch and no goroutine of the store's own is
// needed.
type postGroup struct {
	mu    sync.Mutex
	queue []*post
	busy  bool // a leader is committing, or about to
}

// post is one PostComment waiting in a postGroup.
type post struct {
	ctx       context.Context
	c         *content.Comment
	subscribe bool
	mails     func(content.Comment) []*store.Mail
	quotas    []store.Quota
	err       error
	// wake says false when the post is done (err is its outcome), true
	// when it is to lead the next batch.
	wake chan bool
}

// leadPosts commits one batch from the queue, me first, and passes the
// lead on. It passes it on even when a caller's callback panics, so that
// the posts behind are not left waiting for ever.
func (s *Store) leadPosts(me *post) {
	g := &s.posts
	g.mu.Lock()
	n := min(len(g.queue), maxPostBatch)
	batch := g.queue[:n:n]
	g.queue = slices.Clone(g.queue[n:])
	g.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			for _, p := range batch {
				p.err = errors.New("comment not stored: posting a comment beside it failed")
			}
			defer panic(r) // on up to the caller, once the others are told
		}
		g.mu.Lock()
		var next *post
		if len(g.queue) > 0 {
			next = g.queue[0]
		} else {
			g.busy = false
		}
		g.mu.Unlock()
		for _, p := range batch {
			if p != me {
				p.wake <- false
			}
		}
		if next != nil {
			next.wake <- true
		}
	}()
	s.commitPosts(batch)
}

// commitPosts writes each post of batch in its own savepoint of one
// transaction and sets its outcome: a post that fails, or whose request
// ended before its writes were done, is rolled back alone; a failure of
// the transaction itself fails every post in it. The statements run
// without the requests' contexts, because an interrupted statement rolls
// back the whole transaction in SQLite, not only its own post.
func (s *Store) commitPosts(batch []*post) {
	ctx := context.Background()
	fail := func(err error) {
		err = s.refused(err)
		for _, p := range batch {
			if p.err == nil {
				p.err = fmt.Errorf("post comments: %w", err)
			}
		}
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		fail(err)
		return
	}
	defer tx.Rollback() // after a commit, a no-op
	written := false
	for _, p := range batch {
		if p.err = p.ctx.Err(); p.err != nil {
			continue
		}
		if _, err := tx.ExecContext(ctx, `SAVEPOINT post`); err != nil {
			fail(err)
			return
		}
		p.err = s.classify(writePost(ctx, tx, p))
		if p.err == nil {
			p.err = p.ctx.Err()
		}
		if err := endSavepoint(ctx, tx, p.err == nil); err != nil {
			// SQLite undid the whole transaction (a full disk, an I/O error).
			fail(err)
			return
		}
		written = written || p.err == nil
	}
	if err := tx.Commit(); err != nil {
		fail(err)
		return
	}
	if written {
		s.writes.Observe(nil)
	}
}

// endSavepoint keeps or undoes what was written since SAVEPOINT post.
func endSavepoint(ctx context.Context, tx *sql.Tx, keep bool) error {
	if !keep {
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO post`); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `RELEASE post`)
	return err
}

// writePost checks one post against its quotas, then writes its comment,
// its wish for replies and its mail and records it under the quotas. The
// posts of a batch are written one after the other in one transaction, so
// each sees the records of those before it.
func writePost(ctx context.Context, tx *sql.Tx, p *post) error {
	if p.c.CreatedAt.IsZero() {
		p.c.CreatedAt = time.Now().UTC()
	}
	if err := takeQuotas(ctx, tx, p.c.CreatedAt, p.quotas); err != nil {
		return err
	}
	if err := insertComment(ctx, tx, p.c, p.subscribe); err != nil {
		return err
	}
	if p.mails == nil {
		return nil
	}
	for _, m := range p.mails(*p.c) {
		if err := enqueueMail(ctx, tx, m); err != nil {
			return fmt.Errorf("notifications of comment %d: %w", p.c.ID, err)
		}
	}
	return nil
}

func insertComment(ctx context.Context, tx *sql.Tx, c *content.Comment, subscribe bool) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO comments (article_id, parent_id, author_name, author_email,
		author_url, body, status, created_at, ip_hash, user_id, notify_replies) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
		formatTime(c.CreatedAt), c.IPHash, nullID(c.UserID), boolInt(subscribe))
	if err != nil {
		if isForeignKeyViolation(err) {
			return fmt.Errorf("comment on article %d: %w", c.ArticleID, store.ErrNotFound)
		}
		return fmt.Errorf("comment on article %d: %w", c.ArticleID, err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if c.Status != content.CommentApproved {
		return nil // the count is of approved comments: a held one leaves it as it is
	}
	return recountComments(ctx, tx, c.ArticleID)
}

// recountComments keeps articles.comment_count equal to the number of
// approved comments, so lists show counts without a join.
func recountComments(ctx context.Context, tx *sql.Tx, articleID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE articles SET comment_count =
		(SELECT COUNT(*) FROM comments WHERE article_id = ? AND status = 'approved') WHERE id = ?`, articleID, articleID)
	if err != nil {
		return fmt.Errorf("count comments of article %d: %w", articleID, err)
	}
	return nil
}

// ApprovedComments implements store.Comments.
func (s *Store) ApprovedComments(ctx context.Context, articleID int64) ([]content.Comment, error) {
	rows, err := s.query(ctx, `SELECT id, article_id, COALESCE(parent_id, 0), author_name, author_email,
		author_url, body, status, created_at, ip_hash, COALESCE(user_id, 0)
		FROM comments WHERE article_id = ? AND status = 'approved' ORDER BY created_at, id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("comments of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var list []content.Comment
	for rows.Next() {
		var c content.Comment
		var created sql.NullString
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorEmail,
			&c.AuthorURL, &c.Body, &c.Status, &created, &c.IPHash, &c.UserID); err != nil {
			return nil, err
		}
		c.CreatedAt = parseTime(created)
		list = append(list, c)
	}
	return list, rows.Err()
}
