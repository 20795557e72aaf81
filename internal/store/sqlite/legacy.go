package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"dateline/internal/store"
)

var _ store.Legacy = (*Store)(nil)

const legacyColumns = `source, kind, wp_id, target_id, path, guid, fingerprint, imported_at`

func scanLegacy(row scanner) (store.LegacyLink, error) {
	var (
		l  store.LegacyLink
		at sql.NullString
	)
	err := row.Scan(&l.Source, &l.Kind, &l.WPID, &l.ID, &l.Path, &l.GUID, &l.Fingerprint, &at)
	l.ImportedAt = parseTime(at)
	return l, err
}

// LegacyByID implements store.Legacy.
func (s *Store) LegacyByID(ctx context.Context, kind store.LegacyKind, wpID int64) (store.LegacyLink, error) {
	l, err := scanLegacy(s.queryRow(ctx, `SELECT `+legacyColumns+` FROM legacy_links
		WHERE kind = ? AND wp_id = ? ORDER BY imported_at DESC, source LIMIT 1`, kind, wpID))
	return l, notFound(err, fmt.Sprintf("WordPress %s %d", kind, wpID))
}

// LegacyByPath implements store.Legacy.
func (s *Store) LegacyByPath(ctx context.Context, path string) (store.LegacyLink, error) {
	p := store.LegacyPath(path)
	if p == "" {
		return store.LegacyLink{}, fmt.Errorf("WordPress address %q: %w", path, store.ErrNotFound)
	}
	l, err := scanLegacy(s.queryRow(ctx, `SELECT `+legacyColumns+` FROM legacy_links
		WHERE path = ? ORDER BY imported_at DESC, source, kind LIMIT 1`, p))
	return l, notFound(err, fmt.Sprintf("WordPress address %q", p))
}

// LegacyLinks implements store.Legacy. The ids and guids travel as JSON
// arrays, so one prepared statement serves every batch size; each list
// drives its own lookup (CROSS JOIN keeps json_each first), since the
// planner, knowing nothing of the list's size, would otherwise read every
// link of the kind for each batch.
func (s *Store) LegacyLinks(ctx context.Context, source string, kind store.LegacyKind, wpIDs []int64, guids []string) ([]store.LegacyLink, error) {
	if len(wpIDs) > store.MaxLegacyBatch || len(guids) > store.MaxLegacyBatch {
		return nil, fmt.Errorf("legacy links: at most %d ids and %d guids at once", store.MaxLegacyBatch, store.MaxLegacyBatch)
	}
	var out []store.LegacyLink
	seen := map[int64]bool{} // by wp_id: a link found by both its id and its guid once
	collect := func(query string, list any) error {
		arg, err := json.Marshal(list)
		if err != nil {
			return err
		}
		rows, err := s.query(ctx, query, string(arg), source, kind)
		if err != nil {
			return fmt.Errorf("legacy links of %s: %w", kind, err)
		}
		defer rows.Close()
		for rows.Next() {
			l, err := scanLegacy(rows)
			if err != nil {
				return fmt.Errorf("legacy links of %s: %w", kind, err)
			}
			if !seen[l.WPID] {
				seen[l.WPID] = true
				out = append(out, l)
			}
		}
		return rows.Err()
	}
	if len(wpIDs) > 0 {
		if err := collect(`SELECT l.source, l.kind, l.wp_id, l.target_id, l.path, l.guid, l.fingerprint, l.imported_at
			FROM json_each(?) AS j CROSS JOIN legacy_links AS l
			WHERE l.source = ? AND l.kind = ? AND l.wp_id = j.value`, wpIDs); err != nil {
			return nil, err
		}
	}
	if len(guids) > 0 {
		if err := collect(`SELECT l.source, l.kind, l.wp_id, l.target_id, l.path, l.guid, l.fingerprint, l.imported_at
			FROM json_each(?) AS j CROSS JOIN legacy_links AS l INDEXED BY legacy_links_by_guid
			WHERE l.source = ? AND l.kind = ? AND l.guid = j.value AND l.guid <> ''`, guids); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SaveLegacyLinks implements store.Legacy.
func (s *Store) SaveLegacyLinks(ctx context.Context, links []store.LegacyLink) error {
	if len(links) > store.MaxLegacyBatch {
		return fmt.Errorf("save legacy links: at most %d at once", store.MaxLegacyBatch)
	}
	if len(links) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error { return saveLegacyLinks(ctx, tx, links) })
}

// saveLegacyLinks writes links inside a transaction the caller holds: the
// importer's writes save theirs with what they made.
func saveLegacyLinks(ctx context.Context, tx *sql.Tx, links []store.LegacyLink) error {
	st, err := tx.PrepareContext(ctx, `INSERT INTO legacy_links (`+legacyColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source, kind, wp_id) DO UPDATE SET target_id = excluded.target_id, path = excluded.path,
			guid = excluded.guid, fingerprint = excluded.fingerprint, imported_at = excluded.imported_at`)
	if err != nil {
		return fmt.Errorf("save legacy links: %w", err)
	}
	defer st.Close()
	now := time.Now()
	for _, l := range links {
		if l.WPID <= 0 {
			continue // an author or term of a WXR 1.0 file, which numbers none
		}
		if !store.ValidLegacyKind(l.Kind) {
			return fmt.Errorf("save legacy link: unknown kind %q", l.Kind)
		}
		at := l.ImportedAt
		if at.IsZero() {
			at = now
		}
		_, err := st.ExecContext(ctx, l.Source, l.Kind, l.WPID, l.ID, store.LegacyPath(l.Path), l.GUID, l.Fingerprint, formatTime(at))
		if err != nil {
			return fmt.Errorf("save legacy link %s %d: %w", l.Kind, l.WPID, err)
		}
	}
	return nil
}
