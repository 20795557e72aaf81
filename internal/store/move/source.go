package move

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"dateline/internal/content"
	"dateline/internal/store/sqlite"
)

// source is the SQLite file, read inside one read transaction: every
// read sees the database as it was at the first, whatever a server
// writes meanwhile.
type source struct {
	path   string
	db     *sql.DB
	tx     *sql.Tx
	schema int
	inUse  bool
	// indexable is the number of posts the search index holds: the
	// published ones.
	indexable int
	// columns are each planned table's columns by name, with their place
	// in the primary key.
	columns map[string]map[string]int
}

// sqliteHeader opens every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// openSource opens the file at path for reading and checks that it is a
// dateline database this program knows.
func openSource(ctx context.Context, path string) (*source, error) {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("no database at %s", path)
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	// query_only: nothing this program does can change the file. The
	// busy timeout covers a server checkpointing its log meanwhile.
	db, err := sql.Open("sqlite", "file:"+path+"?"+url.Values{"_pragma": {"busy_timeout(10000)", "query_only(1)"}}.Encode())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	s := &source{path: path, db: db, tx: tx, inUse: sqlite.InUse(path), columns: map[string]map[string]int{}}
	if err := s.check(ctx); err != nil {
		s.close()
		return nil, err
	}
	return s, nil
}

// checkHeader refuses a file that is not a SQLite database before the
// driver sees it. An empty file is one, without tables.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return fmt.Errorf("%s is not a SQLite database", path)
	}
	return nil
}

func (s *source) close() {
	s.tx.Rollback()
	s.db.Close()
}

// check reads the file's tables and migration, refusing a database that
// is not dateline's, one of another version of it, and tables the plan
// does not know.
func (s *source) check(ctx context.Context) error {
	rows, err := s.tx.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	names, err := collectStrings(rows, err)
	if err != nil {
		return fmt.Errorf("read %s: %w", s.path, err)
	}
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	if !have["schema_migrations"] || !have["articles"] {
		return fmt.Errorf("%s is a SQLite database but not dateline's: it has no schema_migrations or articles table", s.path)
	}
	if err := s.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&s.schema); err != nil {
		return fmt.Errorf("read %s: %w", s.path, err)
	}
	switch newest := sqlite.Schema(); {
	case s.schema > newest:
		return fmt.Errorf("%s is at migration %d, made by a newer dateline than this one (which knows up to %d): migrate with that version", s.path, s.schema, newest)
	case s.schema < newest:
		return fmt.Errorf("%s is at migration %d and this dateline's newest is %d: start this dateline on it once (dateline serve --db sqlite:%s) so that it migrates, stop it, then migrate", s.path, s.schema, newest, s.path)
	}
	for _, n := range names {
		if !planned(n) && skippedSource(n) == "" {
			return fmt.Errorf("%s has a table %q that this dateline does not know how to move", s.path, n)
		}
	}
	for _, t := range tables {
		if !have[t] {
			return fmt.Errorf("%s has no table %q", s.path, t)
		}
		rows, err := s.tx.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?)`, t)
		if err != nil {
			return fmt.Errorf("read the columns of %s: %w", t, err)
		}
		cols := map[string]int{}
		for rows.Next() {
			var name string
			var pk int
			if err := rows.Scan(&name, &pk); err != nil {
				rows.Close()
				return fmt.Errorf("read the columns of %s: %w", t, err)
			}
			cols[name] = pk
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return fmt.Errorf("read the columns of %s: %w", t, err)
		}
		s.columns[t] = cols
	}
	if err := s.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles WHERE status = 'published' AND kind = 'post'`).Scan(&s.indexable); err != nil {
		return fmt.Errorf("read %s: %w", s.path, err)
	}
	return s.checkReferences(ctx)
}

// checkReferences refuses a file with rows that refer to rows it does
// not have: PostgreSQL would refuse them half-way through the copy.
// SQLite enforces the references of every connection dateline opens, so
// only a file changed by other tools has such rows.
func (s *source) checkReferences(ctx context.Context) error {
	rows, err := s.tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("check the references of %s: %w", s.path, err)
	}
	defer rows.Close()
	var broken []string
	n := 0
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("check the references of %s: %w", s.path, err)
		}
		if n++; len(broken) < 3 {
			broken = append(broken, fmt.Sprintf("a row of %s (rowid %d) refers to a missing row of %s", table, rowid.Int64, parent))
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check the references of %s: %w", s.path, err)
	}
	if n > 0 {
		return fmt.Errorf("%s has %d rows that refer to rows it does not have, which PostgreSQL would refuse (%s): PRAGMA foreign_key_check lists them", s.path, n, strings.Join(broken, "; "))
	}
	return nil
}

// count is the number of rows of a table.
func (s *source) count(ctx context.Context, t string) (int64, error) {
	var n int64
	if err := s.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
		return 0, fmt.Errorf("count the rows of %s: %w", t, err)
	}
	return n, nil
}

// rows reads a table's rows in the order of its key.
func (s *source) rows(ctx context.Context, t table) (*sql.Rows, error) {
	var order []string
	for _, c := range t.key() {
		order = append(order, c.name)
	}
	rows, err := s.tx.QueryContext(ctx, `SELECT `+strings.Join(t.names(), ", ")+` FROM `+t.name+` ORDER BY `+strings.Join(order, ", "))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.name, err)
	}
	return rows, nil
}

// pictures are the library's pictures, with what names their files.
func (s *source) pictures(ctx context.Context) ([]content.Image, error) {
	rows, err := s.tx.QueryContext(ctx, `SELECT name, ext, variants, crops FROM media ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("read the pictures: %w", err)
	}
	defer rows.Close()
	var list []content.Image
	for rows.Next() {
		var im content.Image
		var variants, crops string
		if err := rows.Scan(&im.Name, &im.Ext, &variants, &crops); err != nil {
			return nil, fmt.Errorf("read the pictures: %w", err)
		}
		for v := range strings.SplitSeq(variants, ",") {
			if w, err := strconv.Atoi(v); err == nil {
				im.Variants = append(im.Variants, w)
			}
		}
		for c := range strings.SplitSeq(crops, ",") {
			if r, ok := content.ParseRatio(c); ok {
				im.Crops = append(im.Crops, r)
			}
		}
		list = append(list, im)
	}
	return list, rows.Err()
}

func collectStrings(rows *sql.Rows, err error) ([]string, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
