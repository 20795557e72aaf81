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
// arrays, so one prepared statement serves every batch size.
func (s *Store) LegacyLinks(ctx context.Context, source string, kind store.LegacyKind, wpIDs []int64, guids []string) ([]store.LegacyLink, error) {
	if len(wpIDs) > store.MaxLegacyBatch || len(guids) > store.MaxLegacyBatch {
		return nil, fmt.Errorf("legacy links: at most %d ids and %d guids at once", store.MaxLegacyBatch, store.MaxLegacyBatch)
	}
	if len(wpIDs) == 0 && len(guids) == 0 {
		return nil, nil
	}
	if wpIDs == nil {
		wpIDs = []int64{}
	}
	if guids == nil {
		guids = []string{}
	}
	ids, err := json.Marshal(wpIDs)
	if err != nil {
		return nil, err
	}
	gs, err := json.Marshal(guids)
	if err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT `+legacyColumns+` FROM legacy_links
		WHERE source = ? AND kind = ? AND wp_id IN (SELECT value FROM json_each(?))
		UNION
		SELECT `+legacyColumns+` FROM legacy_links
		WHERE source = ? AND kind = ? AND guid <> '' AND guid IN (SELECT value FROM json_each(?))`,
		source, kind, string(ids), source, kind, string(gs))
	if err != nil {
		return nil, fmt.Errorf("legacy links of %s: %w", kind, err)
	}
	defer rows.Close()
	var out []store.LegacyLink
	for rows.Next() {
		l, err := scanLegacy(rows)
		if err != nil {
			return nil, fmt.Errorf("legacy links of %s: %w", kind, err)
		}
		out = append(out, l)
	}
	return out, rows.Err()
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
