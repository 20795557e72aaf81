package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"dateline/internal/content"
	"dateline/internal/store"
)

// execFunc runs one statement in the write under way: a transaction's, or
// an import's prepared statements.
type execFunc func(query string, args ...any) (sql.Result, error)

func txExec(ctx context.Context, tx *sql.Tx) execFunc {
	return func(query string, args ...any) (sql.Result, error) { return tx.ExecContext(ctx, query, args...) }
}

// saveAuthors replaces the article's byline with a.Byline() (its owner
// alone when it names nobody), in order.
func saveAuthors(exec execFunc, a *content.Article) error {
	if _, err := exec(`DELETE FROM article_authors WHERE article_id = ?`, a.ID); err != nil {
		return fmt.Errorf("clear byline of article %d: %w", a.ID, err)
	}
	var pubAt any
	if a.Status == content.StatusPublished && a.Kind == content.KindPost {
		pubAt = formatTime(a.PublishedAt)
	}
	for i, au := range a.Byline() {
		var user any
		credit := au.Name
		if au.Member() {
			user, credit = au.ID, ""
		}
		_, err := exec(`INSERT INTO article_authors (article_id, position, user_id, credit, organization, pub_at)
			VALUES (?, ?, ?, ?, ?, ?)`, a.ID, i, user, credit, boolInt(au.Organization && !au.Member()), pubAt)
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

// authorsQuery reads the bylines of the articles in a JSON array of ids,
// each in its order, from the primary key.
const authorsQuery = `SELECT aa.article_id, coalesce(aa.user_id, 0), coalesce(u.name, aa.credit), coalesce(u.slug, ''), aa.organization
	FROM article_authors aa LEFT JOIN users u ON u.id = aa.user_id
	WHERE aa.article_id IN (SELECT value FROM json_each(?))
	ORDER BY aa.article_id, aa.position`

// withAuthors fills in the byline of every article of list in one query.
func (s *Store) withAuthors(ctx context.Context, list []content.Article) error {
	if len(list) == 0 {
		return nil
	}
	ids := make([]string, len(list))
	at := make(map[int64][]int, len(list))
	for i, a := range list {
		ids[i] = strconv.FormatInt(a.ID, 10)
		at[a.ID] = append(at[a.ID], i)
		list[i].Authors = nil
	}
	rows, err := s.query(ctx, authorsQuery, "["+strings.Join(ids, ",")+"]")
	if err != nil {
		return fmt.Errorf("bylines of %d articles: %w", len(list), err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var au content.Author
		if err := rows.Scan(&id, &au.ID, &au.Name, &au.Slug, &au.Organization); err != nil {
			return fmt.Errorf("bylines of %d articles: %w", len(list), err)
		}
		for _, i := range at[id] {
			list[i].Authors = append(list[i].Authors, au)
		}
	}
	return rows.Err()
}

// bylineText is the byline's names for the search index, read in the
// transaction that wrote them.
func bylineText(ctx context.Context, tx *sql.Tx, id int64) (string, error) {
	var names sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT group_concat(name, ', ') FROM (
		SELECT coalesce(u.name, aa.credit) AS name FROM article_authors aa LEFT JOIN users u ON u.id = aa.user_id
		WHERE aa.article_id = ? ORDER BY aa.position)`, id).Scan(&names)
	if err != nil {
		return "", fmt.Errorf("byline of article %d: %w", id, err)
	}
	return names.String, nil
}
