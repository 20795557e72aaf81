package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"dateline/internal/store"
)

var _ store.MailQueue = (*Store)(nil)

const mailColumns = `id, recipients, subject, body, headers, attempts, next_attempt_at, last_error, sent_at, created_at`

func scanMail(row scanner) (store.Mail, error) {
	var (
		m                   store.Mail
		to, headers         string
		next, sent, created sql.NullString
	)
	if err := row.Scan(&m.ID, &to, &m.Subject, &m.Body, &headers, &m.Attempts, &next, &m.LastError, &sent, &created); err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(to), &m.To); err != nil {
		return m, fmt.Errorf("recipients of mail %d: %w", m.ID, err)
	}
	if err := json.Unmarshal([]byte(headers), &m.Headers); err != nil {
		return m, fmt.Errorf("headers of mail %d: %w", m.ID, err)
	}
	m.NextAttemptAt, m.SentAt, m.CreatedAt = parseTime(next), parseTime(sent), parseTime(created)
	return m, nil
}

// EnqueueMail implements store.MailQueue.
func (s *Store) EnqueueMail(ctx context.Context, m *store.Mail) error {
	return s.EnqueueMails(ctx, []*store.Mail{m})
}

// EnqueueMails implements store.MailQueue.
func (s *Store) EnqueueMails(ctx context.Context, ms []*store.Mail) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, m := range ms {
			if err := enqueueMail(ctx, tx, m); err != nil {
				return err
			}
		}
		return nil
	})
}

func enqueueMail(ctx context.Context, tx *sql.Tx, m *store.Mail) error {
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
	res, err := tx.ExecContext(ctx, `INSERT INTO mail_queue (recipients, subject, body, headers, attempts,
		next_attempt_at, last_error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		string(to), m.Subject, m.Body, string(headers), m.Attempts, formatTime(m.NextAttemptAt), m.LastError,
		formatTime(m.CreatedAt))
	if err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	m.ID, err = res.LastInsertId()
	return err
}

// ClaimMail implements store.MailQueue. Selecting and leasing happen in one
// write transaction, so a second worker sees the leased rows as not due.
func (s *Store) ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]store.Mail, error) {
	if limit <= 0 {
		return nil, nil
	}
	var list []store.Mail
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT `+mailColumns+` FROM mail_queue
			WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?
			ORDER BY next_attempt_at, id LIMIT ?`, formatTime(now), limit)
		if err != nil {
			return err
		}
		for rows.Next() {
			m, err := scanMail(rows)
			if err != nil {
				rows.Close()
				return err
			}
			list = append(list, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		until := now.Add(lease).UTC()
		for i := range list {
			if _, err := tx.ExecContext(ctx, `UPDATE mail_queue SET attempts = attempts + 1, next_attempt_at = ?
				WHERE id = ?`, formatTime(until), list[i].ID); err != nil {
				return err
			}
			list[i].Attempts++
			list[i].NextAttemptAt = until
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("claim due mail: %w", err)
	}
	return list, nil
}

// MailSent implements store.MailQueue.
func (s *Store) MailSent(ctx context.Context, id int64, at time.Time) error {
	n, err := s.exec(ctx, `UPDATE mail_queue SET sent_at = ?, next_attempt_at = NULL WHERE id = ?`, formatTime(at), id)
	return changedOne(n, err, fmt.Sprintf("mark mail %d sent", id))
}

// MailFailed implements store.MailQueue.
func (s *Store) MailFailed(ctx context.Context, id int64, reason string, next time.Time) error {
	n, err := s.exec(ctx, `UPDATE mail_queue SET last_error = ?, next_attempt_at = ? WHERE id = ?`,
		reason, nullTime(next), id)
	return changedOne(n, err, fmt.Sprintf("mark mail %d failed", id))
}

// MailByID implements store.MailQueue.
func (s *Store) MailByID(ctx context.Context, id int64) (store.Mail, error) {
	m, err := scanMail(s.queryRow(ctx, `SELECT `+mailColumns+` FROM mail_queue WHERE id = ?`, id))
	return m, notFound(err, fmt.Sprintf("mail %d", id))
}

// PurgeMail implements store.MailQueue.
func (s *Store) PurgeMail(ctx context.Context, before time.Time) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM mail_queue WHERE next_attempt_at IS NULL AND created_at < ?`, formatTime(before))
	if err != nil {
		return 0, fmt.Errorf("purge mail: %w", err)
	}
	return int(n), nil
}
