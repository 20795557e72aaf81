package postgres

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/search"
	"dateline/internal/store"
)

const insertImage = `INSERT INTO media (name, ext, width, height, alt, caption, credit, variants, created_at, owner_id, bytes, crops)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), $9, $10, $11) RETURNING id`

func imageArgs(im *content.Image) []any {
	return []any{im.Name, im.Ext, im.Width, im.Height, im.Alt, im.Caption, im.Credit, formatWidths(im.Variants), nullID(im.OwnerID),
		im.Bytes, formatRatios(im.Crops)}
}

// imagesPerInsert is how many pictures one INSERT of CreateImages writes.
const imagesPerInsert = 250

// CreateImages implements store.Media: one INSERT of imagesPerInsert rows
// at a time from arrays, in one transaction. The names are unique, so the
// ids are matched to the pictures by name.
func (s *Store) CreateImages(ctx context.Context, list []content.Image) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		for start := 0; start < len(list); start += imagesPerInsert {
			if err := insertImages(ctx, tx, list[start:min(start+imagesPerInsert, len(list))]); err != nil {
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

func insertImages(ctx context.Context, tx pgx.Tx, chunk []content.Image) error {
	n := len(chunk)
	names, exts, alts, captions, credits := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	variants, crops := make([]string, n), make([]string, n)
	widths, heights := make([]int32, n), make([]int32, n)
	owners, sizes := make([]int64, n), make([]int64, n)
	at := make(map[string]int, n)
	for i, im := range chunk {
		names[i], exts[i], alts[i], captions[i], credits[i] = im.Name, im.Ext, im.Alt, im.Caption, im.Credit
		variants[i], crops[i], widths[i], heights[i] = formatWidths(im.Variants), formatRatios(im.Crops), int32(im.Width), int32(im.Height)
		owners[i], sizes[i] = im.OwnerID, im.Bytes
		at[im.Name] = i
	}
	rows, err := tx.Query(ctx, `INSERT INTO media (name, ext, width, height, alt, caption, credit, variants, created_at, owner_id, bytes, crops)
		SELECT name, ext, width, height, alt, caption, credit, variants, now(), NULLIF(owner_id, 0), bytes, crops
		FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[], $11::text[])
			AS t(name, ext, width, height, alt, caption, credit, variants, owner_id, bytes, crops)
		RETURNING id, name`, names, exts, widths, heights, alts, captions, credits, variants, owners, sizes, crops)
	if err == nil {
		var id int64
		var name string
		_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error {
			chunk[at[name]].ID = id
			return nil
		})
	}
	switch {
	case isUniqueViolation(err):
		return fmt.Errorf("images from %q: a name is taken: %w", chunk[0].Name, store.ErrConflict)
	case isForeignKeyViolation(err):
		return fmt.Errorf("images from %q: an owner: %w", chunk[0].Name, store.ErrNotFound)
	case err != nil:
		return fmt.Errorf("create images from %q: %w", chunk[0].Name, err)
	}
	return nil
}

// CreateImage implements store.Media.
func (s *Store) CreateImage(ctx context.Context, im *content.Image) error {
	id, err := s.insertID(ctx, insertImage, imageArgs(im)...)
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

// imageText is a picture's alt text, caption and file name as the trigram
// index of migration 0010 holds them; a query must write the same
// expression for the index to serve.
const imageText = `lower((alt || ' ' || caption || ' ' || name) COLLATE "default")`

// Images implements store.Media. A page reads the primary key from its
// edge in the order asked for and stops at the limit; a search finds its
// matches in the trigram index (migration 0010), each word a LIKE on the
// indexed expression, and keeps the page's nearest of them.
func (s *Store) Images(ctx context.Context, q store.ImageQuery) ([]content.Image, error) {
	var args params
	var where []string
	if q.Text != "" {
		terms := search.ImageTerms(q.Text)
		if len(terms) == 0 {
			return nil, nil
		}
		for _, t := range terms {
			where = append(where, imageText+" LIKE "+args.add("%"+likeEscaper.Replace(t)+"%"))
		}
	}
	order := "DESC"
	if q.Before > 0 {
		where = append(where, "id < "+args.add(q.Before))
	}
	if q.After > 0 {
		where = append(where, "id > "+args.add(q.After))
		if q.Before <= 0 {
			order = "ASC" // the page just newer than After: its nearest pictures
		}
	}
	query := `SELECT ` + imageColumns + ` FROM media`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += ` ORDER BY id ` + order + ` LIMIT ` + args.add(min(max(q.Limit, 1), store.MaxLimit))
	rows, err := s.query(ctx, query, args...)
	list, err := collect(rows, err, func(rows pgx.Rows) (content.Image, error) { return scanImage(rows) })
	if err != nil {
		return nil, fmt.Errorf("list images: %w", err)
	}
	if order == "ASC" {
		slices.Reverse(list)
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
