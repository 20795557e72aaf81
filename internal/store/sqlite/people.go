package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

const userColumns = `id, email, name, slug, role, bio, created_at, job_title, photo_id, links`

func scanUser(row scanner) (content.User, error) {
	var u content.User
	var created sql.NullString
	var links string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Slug, &u.Role, &u.Bio, &created, &u.JobTitle, &u.PhotoID, &links)
	u.CreatedAt, u.Links = parseTime(created), store.DecodeLinks(links)
	return u, err
}

// CreateUser implements store.People. Emails are kept lower-case so sign-in
// does not depend on how someone capitalised theirs.
func (s *Store) CreateUser(ctx context.Context, u *content.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if u.Slug == "" {
		u.Slug = content.Slugify(u.Name)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	res, err := s.execResult(ctx, `INSERT INTO users (email, name, slug, role, bio, created_at,
		job_title, photo_id, links) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		u.Email, u.Name, u.Slug, u.Role, u.Bio, formatTime(u.CreatedAt), u.JobTitle, u.PhotoID, store.EncodeLinks(u.Links))
	if isUniqueViolation(err) {
		return fmt.Errorf("user %q: %w", u.Email, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Email, err)
	}
	u.ID, err = res.LastInsertId()
	return err
}

// UserByID implements store.People.
func (s *Store) UserByID(ctx context.Context, id int64) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	return u, notFound(err, fmt.Sprintf("user %d", id))
}

// UserBySlug implements store.People.
func (s *Store) UserBySlug(ctx context.Context, slug string) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE slug = ?`, slug))
	return u, notFound(err, fmt.Sprintf("user %q", slug))
}

// AuthorBySlug implements store.People.
func (s *Store) AuthorBySlug(ctx context.Context, slug string) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE slug = ? AND EXISTS (
		SELECT 1 FROM article_authors aa WHERE aa.user_id = u.id AND aa.pub_at IS NOT NULL)`, slug))
	return u, notFound(err, fmt.Sprintf("author %q", slug))
}

// UserByEmail implements store.People.
func (s *Store) UserByEmail(ctx context.Context, email string) (content.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email))
	return u, notFound(err, fmt.Sprintf("user %q", email))
}

// Authors implements store.People.
func (s *Store) Authors(ctx context.Context) ([]content.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u WHERE EXISTS (
		SELECT 1 FROM article_authors aa WHERE aa.user_id = u.id AND aa.pub_at IS NOT NULL)
		ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("list authors: %w", err)
	}
	defer rows.Close()
	var list []content.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, u)
	}
	return list, rows.Err()
}
