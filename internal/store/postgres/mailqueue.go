package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/store"
)

var _ store.MailQueue = (*Store)(nil)

const mailColumns = `id, recipients, subject, body, headers, attempts, next_attempt_at, last_error, sent_at, created_at`

func scanMail(row pgx.Row, more ...any) (store.Mail, error) {
	var (
		m           store.Mail
		to, headers string
	)
	if err := row.Scan(append([]any{&m.ID, &to, &m.Subject, &m.Body, &headers, &m.Attempts, at(&m.NextAttemptAt), &m.LastError,
		at(&m.SentAt), &m.CreatedAt}, more...)...); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(to), &m.To); err != nil {
		return m, fmt.Errorf("recipients of mail %d: %w", m.ID, err)
	}
	if err := json.Unmarshal([]byte(headers), &m.Headers); err != nil {
		return m, fmt.Errorf("headers of mail %d: %w", m.ID, err)
	}
	return m, nil
}

// EnqueueMail implements store.MailQueue.
func (s *Store) EnqueueMail(ctx context.Context, m *store.Mail) error {
	return s.EnqueueMails(ctx, []*store.Mail{m})
}

// EnqueueMails implements store.MailQueue.
func (s *Store) EnqueueMails(ctx context.Context, ms []*store.Mail) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		for _, m := range ms {
			if err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

func enqueueMail(ctx context.Context, tx querier, m *store.Mail) error {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now().UTC()
	}
	if m.NextAttemptAt.IsZero() {
		m.NextAttemptAt = m.CreatedAt
	}
	to, err := json.Marshal(m.To)
	if err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	headers := []byte("{}")
	if len(m.Headers) > 0 {
		if headers, err = json.Marshal(m.Headers); err != nil {
			return fmt.Errorf("enqueue mail: %w", err)
		}
	}
	err = tx.QueryRow(ctx, `INSERT INTO mail_queue (recipients, subject, body, headers, attempts,
		next_attempt_at, last_error, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		string(to), m.Subject, m.Body, string(headers), m.Attempts, m.NextAttemptAt.UTC(), m.LastError,
		m.CreatedAt.UTC()).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	return nil
}

// ClaimMail implements store.MailQueue. One statement picks the due
// messages and leases them; SKIP LOCKED lets a second worker at once take
// the next ones instead of waiting for the first's, or taking them too.
func (s *Store) ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Mail, error) {
	if limit <= 0 {
		return nil, nil
	}
	type claimed struct {
		m   store.Mail
		due time.Time
	}
	var list []claimed
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `WITH due AS (
				SELECT id, next_attempt_at FROM mail_queue WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= $1
				ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
			UPDATE mail_queue m SET attempts = m.attempts + 1, next_attempt_at = $3
			FROM due WHERE m.id = due.id
			RETURNING m.id, m.recipients, m.subject, m.body, m.headers, m.attempts, m.next_attempt_at,
				m.last_error, m.sent_at, m.created_at, due.next_attempt_at`, now.UTC(), limit, now.Add(lease).UTC())
		list, err = collect(rows, err, func(rows pgx.Rows) (claimed, error) {
			var c claimed
			var err error
			c.m, err = scanMail(rows, &c.due)
			return c, err
		})
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("claim due mail: %w", err)
	}
	// The oldest due first, as they were picked.
	sort.Slice(list, func(i, j int) bool {
		if !list[i].due.Equal(list[j].due) {
			return list[i].due.Before(list[j].due)
		}
		return list[i].m.ID < list[j].m.ID
	})
	out := make([]store.Mail, len(list))
	for i, c := range list {
		out[i] = c.m
	}
	return out, nil
}

// MailSent implements store.MailQueue.
func (s *Store) MailSent(ctx context.Context, id int64, at time.Time) error {
	n, err := s.exec(ctx, `UPDATE mail_queue SET sent_at = $1, next_attempt_at = NULL WHERE id = $2`, at.UTC(), id)
	return changedOne(n, err, fmt.Sprintf("mark mail %d sent", id))
}

// MailFailed implements store.MailQueue.
func (s *Store) MailFailed(ctx context.Context, id int64, reason string, next time.Time) error {
	n, err := s.exec(ctx, `UPDATE mail_queue SET last_error = $1, next_attempt_at = $2 WHERE id = $3`,
		reason, nullTime(next), id)
	return changedOne(n, err, fmt.Sprintf("mark mail %d failed", id))
}

// MailByID implements store.MailQueue.
func (s *Store) MailByID(ctx context.Context, id int64) (store.Mail, error) {
	m, err := scanMail(s.queryRow(ctx, `SELECT `+mailColumns+` FROM mail_queue WHERE id = $1`, id))
	return m, notFound(err, fmt.Sprintf("mail %d", id))
}

// PurgeMail implements store.MailQueue.
func (s *Store) PurgeMail(ctx context.Context, before time.Time) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM mail_queue WHERE next_attempt_at IS NULL AND created_at < $1`, before.UTC())
	if err != nil {
		return 0, fmt.Errorf("purge mail: %w", err)
	}
	return int(n), nil
}
