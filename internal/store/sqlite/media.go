package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/search"
	"dateline/internal/store"
)

const insertImage = `INSERT INTO media (name, ext, width, height, alt, caption, credit, variants, created_at, owner_id, bytes, crops)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func imageArgs(im *content.Image) []any {
	return []any{im.Name, im.Ext, im.Width, im.Height, im.Alt, im.Caption, im.Credit, formatWidths(im.Variants), formatTime(time.Now()),
		sql.NullInt64{Int64: im.OwnerID, Valid: im.OwnerID != 0}, im.Bytes, formatRatios(im.Crops)}
}

// CreateImage implements store.Media.
func (s *Store) CreateImage(ctx context.Context, im *content.Image) error {
	res, err := s.execResult(ctx, insertImage, imageArgs(im)...)
	if isUniqueViolation(err) {
		return fmt.Errorf("image %q: %w", im.Name, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create image %q: %w", im.Name, err)
	}
	im.ID, err = res.LastInsertId()
	return err
}

// CreateImages implements store.Media: one prepared statement, run for
// each picture in one transaction.
func (s *Store) CreateImages(ctx context.Context, list []content.Image) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, insertImage)
		if err != nil {
			return fmt.Errorf("create images: %w", err)
		}
		defer stmt.Close()
		for i := range list {
			res, err := stmt.ExecContext(ctx, imageArgs(&list[i])...)
			if isUniqueViolation(err) {
				return fmt.Errorf("image %q: %w", list[i].Name, store.ErrConflict)
			}
			if err != nil {
				return fmt.Errorf("create image %q: %w", list[i].Name, err)
			}
			if list[i].ID, err = res.LastInsertId(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		for i := range list {
			list[i].ID = 0 // none was stored
		}
	}
	return err
}

const imageColumns = `m.id, m.name, m.ext, m.width, m.height, m.alt, m.caption, m.credit, m.variants, m.owner_id, m.bytes, m.crops`

func scanImage(row scanner) (content.Image, error) {
	var im content.Image
	var variants, crops string
	var owner sql.NullInt64
	err := row.Scan(&im.ID, &im.Name, &im.Ext, &im.Width, &im.Height, &im.Alt, &im.Caption, &im.Credit, &variants, &owner, &im.Bytes, &crops)
	im.Variants, im.OwnerID, im.Crops = parseWidths(variants), owner.Int64, parseRatios(crops)
	return im, err
}

// ImageByID implements store.Media.
func (s *Store) ImageByID(ctx context.Context, id int64) (content.Image, error) {
	im, err := scanImage(s.queryRow(ctx, `SELECT `+imageColumns+` FROM media m WHERE m.id = ?`, id))
	return im, notFound(err, fmt.Sprintf("image %d", id))
}

// Images implements store.Media. Both pages and searches walk an index
// from the page's edge in the order asked for and stop at the limit: the
// primary key, or the trigram index (migration 0020), whose rowid is the
// picture's id, which FTS5 walks in either order. The CROSS JOIN keeps
// the index's matches as the outer loop.
func (s *Store) Images(ctx context.Context, q store.ImageQuery) ([]content.Image, error) {
	limit := min(max(q.Limit, 1), store.MaxLimit)
	from, key := "media m", "m.id"
	var where []string
	var args []any
	if q.Text != "" {
		terms := search.ImageTerms(q.Text)
		if len(terms) == 0 {
			return nil, nil
		}
		from, key = "media_search CROSS JOIN media m ON m.id = media_search.rowid", "media_search.rowid"
		where, args = append(where, "media_search MATCH ?"), append(args, trigramMatch(terms))
	}
	order := "DESC"
	if q.Before > 0 {
		where, args = append(where, key+" < ?"), append(args, q.Before)
	}
	if q.After > 0 {
		where, args = append(where, key+" > ?"), append(args, q.After)
		if q.Before <= 0 {
			order = "ASC" // the page just newer than After: its nearest pictures
		}
	}
	query := `SELECT ` + imageColumns + ` FROM ` + from
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	rows, err := s.query(ctx, query+` ORDER BY `+key+` `+order+` LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list images: %w", err)
	}
	defer rows.Close()
	var out []content.Image
	for rows.Next() {
		im, err := scanImage(rows)
		if err != nil {
			return nil, fmt.Errorf("list images: %w", err)
		}
		out = append(out, im)
	}
	if order == "ASC" {
		slices.Reverse(out)
	}
	return out, rows.Err()
}

// trigramMatch is an FTS5 MATCH expression that holds every term: each
// quoted, so nothing in it is FTS5 syntax, and a trigram index finds a
// quoted string anywhere in the text.
func trigramMatch(terms []string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return strings.Join(parts, " ")
}

// CountImages implements store.Media.
func (s *Store) CountImages(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM media`).Scan(&n)
	return n, err
}

// UpdateImageText implements store.Media.
func (s *Store) UpdateImageText(ctx context.Context, id int64, alt, caption, credit string) error {
	res, err := s.execResult(ctx, `UPDATE media SET alt = ?, caption = ?, credit = ? WHERE id = ?`, alt, caption, credit, id)
	if err != nil {
		return fmt.Errorf("update image %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("image %d: %w", id, store.ErrNotFound)
	}
	return nil
}
