package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

const userColumns = `id, email, name, slug, role, bio, created_at, job_title, photo_id, links`

func scanUser(row pgx.Row) (content.User, error) {
	var u content.User
	var links string
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Slug, &u.Role, &u.Bio, &u.CreatedAt, &u.JobTitle, &u.PhotoID, &links)
	u.Links = store.DecodeLinks(links)
	return u, err
}

func scanUserRow(rows pgx.Rows) (content.User, error) { return scanUser(rows) }

// CreateUser implements store.People. Emails are kept lower-case so sign-in
// does not depend on how someone capitalised theirs.
func (s *Store) CreateUser(ctx context.Context, u *content.User) error {
	return s.CreateUserWithPassword(ctx, u, "")
}

// UserByID implements store.People.
func (s *Store) UserByID(ctx context.Context, id int64) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, notFound(err, fmt.Sprintf("user %d", id))
}

// UserBySlug implements store.People.
func (s *Store) UserBySlug(ctx context.Context, slug string) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE slug = $1`, slug))
	return u, notFound(err, fmt.Sprintf("user %q", slug))
}

// AuthorBySlug implements store.People.
func (s *Store) AuthorBySlug(ctx context.Context, slug string) (content.User, error) {
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE slug = $1 AND EXISTS (
		SELECT 1 FROM article_authors aa WHERE aa.user_id = u.id AND aa.pub_at IS NOT NULL)`, slug))
	return u, notFound(err, fmt.Sprintf("author %q", slug))
}

// UserByEmail implements store.People.
func (s *Store) UserByEmail(ctx context.Context, email string) (content.User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
	return u, notFound(err, fmt.Sprintf("user %q", email))
}

// Authors implements store.People.
func (s *Store) Authors(ctx context.Context) ([]content.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u WHERE EXISTS (
		SELECT 1 FROM article_authors aa WHERE aa.user_id = u.id AND aa.pub_at IS NOT NULL)
		ORDER BY name`)
	list, err := collect(rows, err, scanUserRow)
	if err != nil {
		return nil, fmt.Errorf("list authors: %w", err)
	}
	return list, nil
}

// Users implements store.Accounts, by name in any case (SQLite's NOCASE
// folds ASCII letters only; lower() folds every script, which orders the
// same names the same way or better).
func (s *Store) Users(ctx context.Context) ([]content.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY lower(name), id`)
	list, err := collect(rows, err, scanUserRow)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return list, nil
}

// CreateUserWithPassword implements store.Accounts. The hash goes into the
// same row as the member, so no failure can leave one without the other.
func (s *Store) CreateUserWithPassword(ctx context.Context, u *content.User, hash string) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if u.Slug == "" {
		u.Slug = content.Slugify(u.Name)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	id, err := s.insertID(ctx, `INSERT INTO users (email, name, slug, role, bio, created_at, password_hash,
		job_title, photo_id, links) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		u.Email, u.Name, u.Slug, u.Role, u.Bio, u.CreatedAt.UTC(), hash, u.JobTitle, u.PhotoID, store.EncodeLinks(u.Links))
	if isUniqueViolation(err) {
		return fmt.Errorf("create user %q: email or slug %q: %w", u.Email, u.Slug, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create user %q: %w", u.Email, err)
	}
	u.ID = id
	return nil
}

// UpdateUser implements store.Accounts. The member's name is part of the
// search index, so their articles are indexed again when it changes.
func (s *Store) UpdateUser(ctx context.Context, u *content.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	what := fmt.Sprintf("update user %d", u.ID)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var oldName string
		if err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = $1 FOR UPDATE`, u.ID).Scan(&oldName); err != nil {
			return notFound(err, what)
		}
		err := tx.QueryRow(ctx, `UPDATE users SET name = $1, email = $2, role = $3, bio = $4,
			job_title = $5, photo_id = $6, links = $7, slug = COALESCE(NULLIF($8, ''), slug) WHERE id = $9 RETURNING slug`,
			u.Name, u.Email, u.Role, u.Bio, u.JobTitle, u.PhotoID, store.EncodeLinks(u.Links), u.Slug, u.ID).Scan(&u.Slug)
		if isUniqueViolation(err) {
			return fmt.Errorf("%s: email %q or slug %q: %w", what, u.Email, u.Slug, store.ErrConflict)
		}
		if err != nil {
			return notFound(err, what)
		}
		if oldName == u.Name {
			return nil
		}
		ids, err := authoredArticles(ctx, tx, u.ID)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return reindexArticles(ctx, tx, ids)
	})
}
