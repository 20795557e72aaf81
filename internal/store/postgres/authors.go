package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

// saveAuthors replaces the article's byline with a.Byline() (its owner
// alone when it names nobody), in order.
func saveAuthors(ctx context.Context, tx querier, a *content.Article) error {
	if _, err := tx.Exec(ctx, `DELETE FROM article_authors WHERE article_id = $1`, a.ID); err != nil {
		return fmt.Errorf("clear byline of article %d: %w", a.ID, err)
	}
	var pubAt any
	if a.Status == content.StatusPublished && a.Kind == content.KindPost {
		pubAt = a.PublishedAt.UTC()
	}
	for i, au := range a.Byline() {
		var user any
		credit := au.Name
		if au.Member() {
			user, credit = au.ID, ""
		}
		_, err := tx.Exec(ctx, `INSERT INTO article_authors (article_id, position, user_id, credit, organization, pub_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, a.ID, i, user, credit, au.Organization && !au.Member(), pubAt)
		if isForeignKeyViolation(err) {
			return fmt.Errorf("byline of article %d: member %d: %w", a.ID, au.ID, store.ErrNotFound)
		}
		if isUniqueViolation(err) {
			return fmt.Errorf("byline of article %d: member %d twice: %w", a.ID, au.ID, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("byline of article %d: %w", a.ID, err)
		}
	}
	return nil
}

// withAuthors fills in the byline of every article of list in one query,
// read in each article's order from the primary key.
func (s *Store) withAuthors(ctx context.Context, list []content.Article) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	at := make(map[int64][]int, len(list))
	for i, a := range list {
		ids[i] = a.ID
		at[a.ID] = append(at[a.ID], i)
		list[i].Authors = nil
	}
	type authorOf struct {
		id int64
		au content.Author
	}
	rows, err := s.query(ctx, `SELECT aa.article_id, coalesce(aa.user_id, 0), coalesce(u.name, aa.credit), coalesce(u.slug, ''), aa.organization
		FROM article_authors aa LEFT JOIN users u ON u.id = aa.user_id
		WHERE aa.article_id = ANY($1)
		ORDER BY aa.article_id, aa.position`, ids)
	found, err := collect(rows, err, func(rows pgx.Rows) (authorOf, error) {
		var r authorOf
		err := rows.Scan(&r.id, &r.au.ID, &r.au.Name, &r.au.Slug, &r.au.Organization)
		return r, err
	})
	if err != nil {
		return fmt.Errorf("bylines of %d articles: %w", len(list), err)
	}
	for _, r := range found {
		for _, i := range at[r.id] {
			list[i].Authors = append(list[i].Authors, r.au)
		}
	}
	return nil
}

// bylineText is the byline's names for the search index, read in the
// transaction that wrote them.
func bylineText(ctx context.Context, tx querier, id int64) (string, error) {
	var names *string
	err := tx.QueryRow(ctx, `SELECT string_agg(coalesce(u.name, aa.credit), ', ' ORDER BY aa.position)
		FROM article_authors aa LEFT JOIN users u ON u.id = aa.user_id WHERE aa.article_id = $1`, id).Scan(&names)
	if err != nil {
		return "", fmt.Errorf("byline of article %d: %w", id, err)
	}
	if names == nil {
		return "", nil
	}
	return *names, nil
}
