package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// CreateImage implements store.Media.
func (s *Store) CreateImage(ctx context.Context, im *content.Image) error {
	res, err := s.execResult(ctx, `INSERT INTO media (name, ext, width, height, alt, caption, credit, variants, created_at, owner_id, bytes, crops)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		im.Name, im.Ext, im.Width, im.Height, im.Alt, im.Caption, im.Credit, formatWidths(im.Variants), formatTime(time.Now()),
		sql.NullInt64{Int64: im.OwnerID, Valid: im.OwnerID != 0}, im.Bytes, formatRatios(im.Crops))
	if isUniqueViolation(err) {
		return fmt.Errorf("image %q: %w", im.Name, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create image %q: %w", im.Name, err)
	}
	im.ID, err = res.LastInsertId()
	return err
}

// ImageByID implements store.Media.
func (s *Store) ImageByID(ctx context.Context, id int64) (content.Image, error) {
	var im content.Image
	var variants, crops string
	var owner sql.NullInt64
	err := s.queryRow(ctx, `SELECT id, name, ext, width, height, alt, caption, credit, variants, owner_id, bytes, crops FROM media WHERE id = ?`, id).
		Scan(&im.ID, &im.Name, &im.Ext, &im.Width, &im.Height, &im.Alt, &im.Caption, &im.Credit, &variants, &owner, &im.Bytes, &crops)
	im.Variants, im.OwnerID, im.Crops = parseWidths(variants), owner.Int64, parseRatios(crops)
	return im, notFound(err, fmt.Sprintf("image %d", id))
}

// Images implements store.Media.
func (s *Store) Images(ctx context.Context, limit, offset int) ([]content.Image, error) {
	limit = min(max(limit, 1), store.MaxLimit)
	rows, err := s.query(ctx, `SELECT id, name, ext, width, height, alt, caption, credit, variants, owner_id, bytes, crops
		FROM media ORDER BY id DESC LIMIT ? OFFSET ?`, limit, max(offset, 0))
	if err != nil {
		return nil, fmt.Errorf("list images: %w", err)
	}
	defer rows.Close()
	var out []content.Image
	for rows.Next() {
		var im content.Image
		var variants, crops string
		var owner sql.NullInt64
		if err := rows.Scan(&im.ID, &im.Name, &im.Ext, &im.Width, &im.Height, &im.Alt, &im.Caption, &im.Credit, &variants, &owner, &im.Bytes, &crops); err != nil {
			return nil, fmt.Errorf("list images: %w", err)
		}
		im.Variants, im.OwnerID, im.Crops = parseWidths(variants), owner.Int64, parseRatios(crops)
		out = append(out, im)
	}
	return out, rows.Err()
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
