package sqlite

import (
	"context"
	"fmt"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// CreateImage implements store.Media.
func (s *Store) CreateImage(ctx context.Context, im *content.Image) error {
	res, err := s.write.ExecContext(ctx, `INSERT INTO media (name, ext, width, height, alt, caption, credit, variants, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		im.Name, im.Ext, im.Width, im.Height, im.Alt, im.Caption, im.Credit, formatWidths(im.Variants), formatTime(time.Now()))
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
	var variants string
	err := s.queryRow(ctx, `SELECT id, name, ext, width, height, alt, caption, credit, variants FROM media WHERE id = ?`, id).
		Scan(&im.ID, &im.Name, &im.Ext, &im.Width, &im.Height, &im.Alt, &im.Caption, &im.Credit, &variants)
	im.Variants = parseWidths(variants)
	return im, notFound(err, fmt.Sprintf("image %d", id))
}
