package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.Pages = (*Store)(nil)

// PagePlaces implements store.Pages.
func (s *Store) PagePlaces(ctx context.Context, ids []int64) (map[int64]store.PagePlace, error) {
	if len(ids) > store.MaxPageBatch {
		return nil, fmt.Errorf("page places: at most %d pages at once, not %d", store.MaxPageBatch, len(ids))
	}
	out := map[int64]store.PagePlace{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT page_id, COALESCE(parent_id, 0), position FROM page_places
		WHERE page_id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, fmt.Errorf("page places: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p store.PagePlace
		if err := rows.Scan(&p.PageID, &p.ParentID, &p.Position); err != nil {
			return nil, fmt.Errorf("page places: %w", err)
		}
		out[p.PageID] = p
	}
	return out, rows.Err()
}

// SetPagePlaces implements store.Pages. A page at the top at position 0
// keeps no row: that is where a page without one stands.
func (s *Store) SetPagePlaces(ctx context.Context, places []store.PagePlace) error {
	if len(places) > store.MaxPageBatch {
		return fmt.Errorf("set page places: at most %d pages at once, not %d", store.MaxPageBatch, len(places))
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, p := range places {
			var err error
			if p.ParentID == 0 && p.Position == 0 {
				_, err = tx.ExecContext(ctx, `DELETE FROM page_places WHERE page_id = ?`, p.PageID)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO page_places (page_id, parent_id, position) VALUES (?, ?, ?)
					ON CONFLICT (page_id) DO UPDATE SET parent_id = excluded.parent_id, position = excluded.position`,
					p.PageID, nullID(p.ParentID), p.Position)
			}
			if isForeignKeyViolation(err) {
				return fmt.Errorf("place page %d under %d: %w", p.PageID, p.ParentID, store.ErrNotFound)
			}
			if err != nil {
				return fmt.Errorf("place page %d: %w", p.PageID, err)
			}
		}
		return nil
	})
}

// PageFamily implements store.Pages.
func (s *Store) PageFamily(ctx context.Context, id int64) (*content.Article, []content.Article, error) {
	parents, err := s.queryArticles(ctx, `SELECT `+cardColumns+` FROM page_places p
		JOIN articles a ON a.id = p.parent_id`+articleJoins+`
		WHERE p.page_id = ? AND a.status = 'published' AND a.kind = 'page'`, id)
	if err != nil {
		return nil, nil, fmt.Errorf("parent of page %d: %w", id, err)
	}
	// By position, then by id: the index's order, so that no sort is
	// needed (WordPress breaks ties by title).
	children, err := s.queryArticles(ctx, `SELECT `+cardColumns+` FROM page_places p
		JOIN articles a ON a.id = p.page_id`+articleJoins+`
		WHERE p.parent_id = ? AND a.status = 'published' AND a.kind = 'page'
		ORDER BY p.position, p.page_id LIMIT ?`, id, store.MaxLimit)
	if err != nil {
		return nil, nil, fmt.Errorf("pages under page %d: %w", id, err)
	}
	var parent *content.Article
	if len(parents) > 0 {
		parent = &parents[0]
	}
	return parent, children, nil
}
