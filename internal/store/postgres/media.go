package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

// CreateImage implements store.Media.
func (s *Store) CreateImage(ctx context.Context, im *content.Image) error {
	id, err := s.insertID(ctx, `INSERT INTO media (name, ext, width, height, alt, caption, credit, variants, created_at, owner_id, bytes, crops)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10, $11) RETURNING id`,
		im.Name, im.Ext, im.Width, im.Height, im.Alt, im.Caption, im.Credit, formatWidths(im.Variants), nullID(im.OwnerID),
		im.Bytes, formatRatios(im.Crops))
	if isUniqueViolation(err) {
		return fmt.Errorf("image %q: %w", im.Name, store.ErrConflict)
	}
	if isForeignKeyViolation(err) {
		return fmt.Errorf("image %q: owner %d: %w", im.Name, im.OwnerID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("create image %q: %w", im.Name, err)
	}
	im.ID = id
	return nil
}

const imageColumns = `id, name, ext, width, height, alt, caption, credit, variants, COALESCE(owner_id, 0), bytes, crops`

func scanImage(row pgx.Row) (content.Image, error) {
	var im content.Image
	var variants, crops string
	err := row.Scan(&im.ID, &im.Name, &im.Ext, &im.Width, &im.Height, &im.Alt, &im.Caption, &im.Credit, &variants, &im.OwnerID,
		&im.Bytes, &crops)
	im.Variants, im.Crops = parseWidths(variants), parseRatios(crops)
	return im, err
}

// ImageByID implements store.Media.
func (s *Store) ImageByID(ctx context.Context, id int64) (content.Image, error) {
	im, err := scanImage(s.queryRow(ctx, `SELECT `+imageColumns+` FROM media WHERE id = $1`, id))
	return im, notFound(err, fmt.Sprintf("image %d", id))
}

// Images implements store.Media.
func (s *Store) Images(ctx context.Context, limit, offset int) ([]content.Image, error) {
	limit = min(max(limit, 1), store.MaxLimit)
	rows, err := s.query(ctx, `SELECT `+imageColumns+` FROM media ORDER BY id DESC LIMIT $1 OFFSET $2`, limit, max(offset, 0))
	list, err := collect(rows, err, func(rows pgx.Rows) (content.Image, error) { return scanImage(rows) })
	if err != nil {
		return nil, fmt.Errorf("list images: %w", err)
	}
	return list, nil
}

// CountImages implements store.Media.
func (s *Store) CountImages(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT count(*) FROM media`).Scan(&n)
	return n, err
}

// UpdateImageText implements store.Media.
func (s *Store) UpdateImageText(ctx context.Context, id int64, alt, caption, credit string) error {
	n, err := s.exec(ctx, `UPDATE media SET alt = $1, caption = $2, credit = $3 WHERE id = $4`, alt, caption, credit, id)
	if err != nil {
		return fmt.Errorf("update image %d: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("image %d: %w", id, store.ErrNotFound)
	}
	return nil
}
