package move

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// tables are the tables a site is copied as, in an order that copies
// every row after the rows it refers to (a table that refers to itself,
// such as a reply to a later comment, is checked by PostgreSQL at the end
// of its one COPY). Both schemas have each of them, with the same columns.
var tables = []string{
	"users", "categories", "tags", "media", "articles", "article_tags", "article_authors", "page_places",
	"liveblogs", "live_entries", "alerts",
	"removed_slugs", "comments", "settings", "sessions", "api_tokens", "password_resets",
	"archive_months", "revisions", "autosaves", "views", "mail_queue",
	"category_redirects", "tag_redirects", "legacy_links", "changes",
	"corrections", "correction_versions",
}

// searchTable is the PostgreSQL search index, rebuilt from the articles
// (postgres.IndexAll) instead of copied: SQLite keeps its own in FTS5
// tables of another form.
const searchTable = "search_docs"

// skippedSource says why a table of the SQLite file is not copied, or ""
// when it is not one of those.
func skippedSource(name string) string {
	switch {
	case name == "schema_migrations":
		return "each database records its own migrations"
	case name == "sqlite_sequence", strings.HasPrefix(name, "sqlite_"):
		return "SQLite's own bookkeeping"
	case name == "search_words", name == "search_trigrams",
		strings.HasPrefix(name, "search_words_"), strings.HasPrefix(name, "search_trigrams_"):
		return "the search index, rebuilt in PostgreSQL's form"
	case name == "media_search", strings.HasPrefix(name, "media_search_"):
		return "the media library's search index, an index of the media table in PostgreSQL"
	case passing(name):
		return "the nodes' passing state (leases, sign-in and comment limits), begun afresh"
	}
	return ""
}

// passing reports whether name is a table of the nodes' passing state,
// which the site does not need moved: who fetches the weather, who was
// refused a sign-in or a comment in the last minutes.
func passing(name string) bool {
	switch name {
	case "leases", "signin_throttle", "signin_known", "post_quotas":
		return true
	}
	return false
}

// skippedTarget is skippedSource for the tables of the PostgreSQL schema.
func skippedTarget(name string) bool {
	return name == "schema_migrations" || name == searchTable || passing(name)
}

// planned reports whether name is one of the tables copied.
func planned(name string) bool { return slices.Contains(tables, name) }

// kind is how the values of a column are compared and written, from the
// column's type in PostgreSQL (SQLite's declared types are looser: a
// flag is an INTEGER there, a time TEXT).
type kind int

const (
	kindInt kind = iota
	kindBool
	kindTime
	kindText
)

// kindOf is the kind of a PostgreSQL column type, as information_schema
// names it.
func kindOf(dataType string) (kind, bool) {
	switch dataType {
	case "bigint", "integer", "smallint":
		return kindInt, true
	case "boolean":
		return kindBool, true
	case "timestamp with time zone":
		return kindTime, true
	case "text":
		return kindText, true
	}
	return 0, false
}

// column is one column of a copied table, as both schemas have it.
type column struct {
	name string
	kind kind
	pk   int // position in the primary key, from 1; 0 when not in it
}

// table is one table to copy, with its columns in the target's order.
type table struct {
	name    string
	columns []column
}

// names are the table's column names, in order.
func (t table) names() []string {
	out := make([]string, len(t.columns))
	for i, c := range t.columns {
		out[i] = c.name
	}
	return out
}

// key is the table's primary key, in order: the order in which both
// sides are read, so that their checksums see the rows in one order.
// A table without one is read in the order of all its columns.
func (t table) key() []column {
	var key []column
	for pos := 1; ; pos++ {
		found := false
		for _, c := range t.columns {
			if c.pk == pos {
				key, found = append(key, c), true
			}
		}
		if !found {
			break
		}
	}
	if len(key) == 0 {
		return t.columns
	}
	return key
}

// plainName is what a table or column name must look like to be written
// into a statement: both schemas use nothing else.
var plainName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// fromSQLite converts a value read from the SQLite file into the value
// written to PostgreSQL: a flag's 0 or 1 becomes a boolean and a time's
// text a time.Time in UTC. What does not fit the column is refused.
func fromSQLite(c column, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch c.kind {
	case kindInt:
		if n, ok := v.(int64); ok {
			return n, nil
		}
	case kindBool:
		if n, ok := v.(int64); ok && (n == 0 || n == 1) {
			return n == 1, nil
		}
	case kindTime:
		switch t := v.(type) {
		case string:
			parsed, err := time.Parse(time.RFC3339Nano, t)
			if err != nil {
				return nil, fmt.Errorf("column %s: %q is not a time", c.name, t)
			}
			return parsed.UTC(), nil
		case time.Time:
			return t.UTC(), nil
		}
	case kindText:
		switch s := v.(type) {
		case string:
			return s, nil
		case []byte:
			return string(s), nil
		}
	}
	return nil, fmt.Errorf("column %s: %v (%T) does not fit the column", c.name, v, v)
}

// checksum sums a table's rows in the order they are read, from their
// values normalised alike on both sides: integers in decimal, flags as
// true or false, times in UTC as RFC 3339 with nanoseconds, text as it
// is, and NULL apart from every value. Each value is written with its
// kind and length, so that no two different rows sum alike by shifting
// bytes from one value to the next.
type checksum struct {
	h    hash.Hash
	rows int64
}

func newChecksum() *checksum { return &checksum{h: sha256.New()} }

// add sums one row, its values converted as fromSQLite converts them (or
// as pgx reads PostgreSQL's).
func (s *checksum) add(cols []column, values []any) error {
	s.rows++
	for i, c := range cols {
		norm, err := normalise(c, values[i])
		if err != nil {
			return err
		}
		var head [9]byte
		head[0] = byte(c.kind) + 1
		if values[i] == nil {
			head[0] = 0
		}
		binary.BigEndian.PutUint64(head[1:], uint64(len(norm)))
		s.h.Write(head[:])
		s.h.Write([]byte(norm))
	}
	return nil
}

// sum is the checksum in hexadecimal.
func (s *checksum) sum() string { return hex.EncodeToString(s.h.Sum(nil)) }

// normalise writes one value as the checksum reads it.
func normalise(c column, v any) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case int64:
		if c.kind == kindInt {
			return strconv.FormatInt(v, 10), nil
		}
	case int32:
		if c.kind == kindInt {
			return strconv.FormatInt(int64(v), 10), nil
		}
	case int16:
		if c.kind == kindInt {
			return strconv.FormatInt(int64(v), 10), nil
		}
	case bool:
		if c.kind == kindBool {
			return strconv.FormatBool(v), nil
		}
	case time.Time:
		if c.kind == kindTime {
			return v.UTC().Format(time.RFC3339Nano), nil
		}
	case string:
		if c.kind == kindText {
			return v, nil
		}
	}
	return "", fmt.Errorf("column %s: %v (%T) is not what the column holds", c.name, v, v)
}
