package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/store"
)

var _ store.Legacy = (*Store)(nil)

const legacyColumns = `source, kind, wp_id, target_id, path, guid, fingerprint, imported_at`

func scanLegacy(row pgx.Row) (store.LegacyLink, error) {
	var l store.LegacyLink
	err := row.Scan(&l.Source, &l.Kind, &l.WPID, &l.ID, &l.Path, &l.GUID, &l.Fingerprint, &l.ImportedAt)
	return l, err
}

func scanLegacyRow(rows pgx.Rows) (store.LegacyLink, error) { return scanLegacy(rows) }

// LegacyByID implements store.Legacy.
func (s *Store) LegacyByID(ctx context.Context, kind store.LegacyKind, wpID int64) (store.LegacyLink, error) {
	l, err := scanLegacy(s.queryRow(ctx, `SELECT `+legacyColumns+` FROM legacy_links
		WHERE kind = $1 AND wp_id = $2 ORDER BY imported_at DESC, source LIMIT 1`, kind, wpID))
	return l, notFound(err, fmt.Sprintf("WordPress %s %d", kind, wpID))
}

// LegacyByPath implements store.Legacy.
func (s *Store) LegacyByPath(ctx context.Context, path string) (store.LegacyLink, error) {
	p := store.LegacyPath(path)
	if p == "" {
		return store.LegacyLink{}, fmt.Errorf("WordPress address %q: %w", path, store.ErrNotFound)
	}
	l, err := scanLegacy(s.queryRow(ctx, `SELECT `+legacyColumns+` FROM legacy_links
		WHERE path = $1 ORDER BY imported_at DESC, source, kind LIMIT 1`, p))
	return l, notFound(err, fmt.Sprintf("WordPress address %q", p))
}

// LegacyLinks implements store.Legacy. The ids and guids travel as arrays,
// so one prepared statement serves every batch size, each looked up in
// the primary key or the guid index.
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
	rows, err := s.query(ctx, `SELECT `+legacyColumns+` FROM legacy_links
		WHERE source = $1 AND kind = $2 AND wp_id = ANY($3)
		UNION
		SELECT `+legacyColumns+` FROM legacy_links
		WHERE source = $1 AND kind = $2 AND guid = ANY($4) AND guid <> ''`, source, kind, wpIDs, guids)
	list, err := collect(rows, err, scanLegacyRow)
	if err != nil {
		return nil, fmt.Errorf("legacy links of %s: %w", kind, err)
	}
	return list, nil
}

// SaveLegacyLinks implements store.Legacy.
func (s *Store) SaveLegacyLinks(ctx context.Context, links []store.LegacyLink) error {
	if len(links) > store.MaxLegacyBatch {
		return fmt.Errorf("save legacy links: at most %d at once", store.MaxLegacyBatch)
	}
	if len(links) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx pgx.Tx) error { return saveLegacyLinks(ctx, tx, links) })
}

// saveLegacyLinks writes links inside a transaction the caller holds: the
// importer's writes save theirs with what they made.
func saveLegacyLinks(ctx context.Context, tx querier, links []store.LegacyLink) error {
	now := time.Now()
	for _, l := range links {
		if l.WPID <= 0 {
			continue // an author or term of a WXR 1.0 file, which numbers none
		}
		if !store.ValidLegacyKind(l.Kind) {
			return fmt.Errorf("save legacy link: unknown kind %q", l.Kind)
		}
		when := l.ImportedAt
		if when.IsZero() {
			when = now
		}
		_, err := tx.Exec(ctx, `INSERT INTO legacy_links (`+legacyColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (source, kind, wp_id) DO UPDATE SET target_id = excluded.target_id, path = excluded.path,
				guid = excluded.guid, fingerprint = excluded.fingerprint, imported_at = excluded.imported_at`,
			l.Source, l.Kind, l.WPID, l.ID, store.LegacyPath(l.Path), l.GUID, l.Fingerprint, when.UTC())
		if err != nil {
			return fmt.Errorf("save legacy link %s %d: %w", l.Kind, l.WPID, err)
		}
	}
	return nil
}
