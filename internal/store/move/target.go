package move

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"dateline/internal/store/postgres"
)

// target is the PostgreSQL database, opened through the store so that
// its schema is the store's own, brought up to date by its migrations.
type target struct {
	st    *postgres.Store
	where string // the server and database, without user or password
	// columns are each table's columns in order, with their types.
	columns map[string][]pgColumn
	// identity are the columns whose values a sequence gives.
	identity [][2]string // table, column
}

type pgColumn struct{ name, dataType string }

// connectTimeout bounds the wait for a server that does not answer, when
// the URL sets none.
const connectTimeout = "10"

// targetURL checks a postgres:// URL and gives it a connect timeout.
func targetURL(raw string) (u *url.URL, err error) {
	if strings.HasPrefix(raw, "sqlite:") {
		return nil, errors.New("the target is a SQLite database: migrate moves a site from SQLite to PostgreSQL (--to postgres://USER@HOST/DATABASE)")
	}
	u, err = url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		// The address is not repeated: it may hold a password.
		return nil, errors.New("the target is not a PostgreSQL URL: give postgres://USER@HOST[:PORT]/DATABASE")
	}
	q := u.Query()
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", connectTimeout)
		u.RawQuery = q.Encode()
	}
	return u, nil
}

// describe names the database of u for the person who ran the move:
// host, database and schema, never the user or password.
func describe(u *url.URL) string {
	s := u.Host + u.Path
	if sp := u.Query().Get("search_path"); sp != "" {
		s += " (schema " + sp + ")"
	}
	return s
}

func openTarget(ctx context.Context, raw string) (*target, error) {
	u, err := targetURL(raw)
	if err != nil {
		return nil, err
	}
	st, err := postgres.Open(ctx, u.String())
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL at %s: %w", describe(u), oneLine(err))
	}
	t := &target{st: st, where: describe(u), columns: map[string][]pgColumn{}}
	if err := t.read(ctx); err != nil {
		st.Close()
		return nil, err
	}
	return t, nil
}

// oneLine is err on one line: pgx puts each address it tried to connect
// to on a line of its own, often the same line twice (with TLS and
// without).
func oneLine(err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "\n") {
		return err
	}
	var parts []string
	for _, line := range strings.Split(msg, "\n") {
		if line = strings.TrimSpace(line); line != "" && !slices.Contains(parts, line) {
			parts = append(parts, line)
		}
	}
	return lineError{strings.Join(parts, " "), err}
}

// lineError is an error written on one line, which still matches what it
// wraps.
type lineError struct {
	msg string
	err error
}

func (e lineError) Error() string { return e.msg }
func (e lineError) Unwrap() error { return e.err }

func (t *target) close() { t.st.Close() }

// read learns the schema's tables and columns, refusing tables the plan
// does not know.
func (t *target) read(ctx context.Context) error {
	pool := t.st.Pool()
	rows, err := pool.Query(ctx, `SELECT table_name, column_name, data_type, is_identity FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`)
	if err != nil {
		return fmt.Errorf("read the target's tables: %w", err)
	}
	var table, name, dataType, identity string
	_, err = pgx.ForEachRow(rows, []any{&table, &name, &dataType, &identity}, func() error {
		t.columns[table] = append(t.columns[table], pgColumn{name, dataType})
		if identity == "YES" {
			t.identity = append(t.identity, [2]string{table, name})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read the target's tables: %w", err)
	}
	for name := range t.columns {
		if !planned(name) && !skippedTarget(name) {
			return fmt.Errorf("the target has a table %q that this dateline does not know how to fill", name)
		}
	}
	return nil
}

// plan matches each planned table's columns on both sides.
func plan(src *source, dst *target) ([]table, error) {
	var out []table
	for _, name := range tables {
		pg, ok := dst.columns[name]
		if !ok {
			return nil, fmt.Errorf("the target has no table %q", name)
		}
		lite := src.columns[name]
		t := table{name: name}
		for _, c := range pg {
			k, ok := kindOf(c.dataType)
			if !ok {
				return nil, fmt.Errorf("column %s.%s is of type %s, which this dateline does not know how to copy", name, c.name, c.dataType)
			}
			pk, ok := lite[c.name]
			if !ok {
				return nil, fmt.Errorf("column %s.%s is in the target but not in the source", name, c.name)
			}
			if !plainName.MatchString(c.name) {
				return nil, fmt.Errorf("column %s.%s: not a name this dateline writes", name, c.name)
			}
			t.columns = append(t.columns, column{name: c.name, kind: k, pk: pk})
		}
		for c := range lite {
			if !hasColumn(pg, c) {
				return nil, fmt.Errorf("column %s.%s is in the source but not in the target", name, c)
			}
		}
		out = append(out, t)
	}
	return out, nil
}

func hasColumn(cols []pgColumn, name string) bool {
	for _, c := range cols {
		if c.name == name {
			return true
		}
	}
	return false
}

// querier is a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// occupied lists the target's tables that hold rows.
func occupied(ctx context.Context, q querier) ([]string, error) {
	var full []string
	for _, name := range append(tables[:len(tables):len(tables)], searchTable) {
		var any bool
		if err := q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+name+`)`).Scan(&any); err != nil {
			return nil, fmt.Errorf("look into the target's %s: %w", name, err)
		}
		if any {
			full = append(full, name)
		}
	}
	return full, nil
}

// errOccupied is the refusal of a target that holds rows.
func errOccupied(where string, full []string) error {
	return fmt.Errorf("the target at %s already holds rows (in %s): migrate copies into an empty database; --force empties its dateline tables first, in the same transaction as the copy",
		where, strings.Join(full, ", "))
}

// lockTimeout bounds the wait for the target's tables, which a server
// running on the database may hold.
const lockTimeout = "15s"

// lock takes every table for the transaction, so that nothing else
// writes to them until it ends. (Switching the triggers off then takes
// the tables that have some from readers too.)
func lock(ctx context.Context, tx pgx.Tx) error {
	if _, err := tx.Exec(ctx, `SET LOCAL lock_timeout = '`+lockTimeout+`'`); err != nil {
		return fmt.Errorf("lock the target's tables: %w", err)
	}
	all := strings.Join(append(tables[:len(tables):len(tables)], searchTable), ", ")
	if _, err := tx.Exec(ctx, `LOCK TABLE `+all+` IN EXCLUSIVE MODE`); err != nil {
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "55P03" { // lock_not_available
			return fmt.Errorf("the target's tables are in use (a dateline server running on it?): stop what uses them, then migrate again")
		}
		return fmt.Errorf("lock the target's tables: %w", err)
	}
	return nil
}

// empty removes every row of the target's dateline tables and starts
// their sequences again, inside the copy's transaction.
func empty(ctx context.Context, tx pgx.Tx) error {
	all := strings.Join(append(tables[:len(tables):len(tables)], searchTable), ", ")
	if _, err := tx.Exec(ctx, `TRUNCATE `+all+` RESTART IDENTITY`); err != nil {
		return fmt.Errorf("empty the target's tables: %w", err)
	}
	return nil
}

// copyRows streams a table's rows from src into the transaction with
// COPY, summing them as they go.
type copyRows struct {
	rows   *sql.Rows
	table  table
	sum    *checksum
	scan   []any
	values []any
	err    error
	done   func(n int64)
}

func (c *copyRows) Next() bool {
	if c.err != nil || !c.rows.Next() {
		return false
	}
	for i := range c.scan {
		c.scan[i] = new(any)
	}
	if c.err = c.rows.Scan(c.scan...); c.err != nil {
		return false
	}
	for i, col := range c.table.columns {
		v, err := fromSQLite(col, *(c.scan[i].(*any)))
		if err != nil {
			c.err = fmt.Errorf("%s row %d: %w", c.table.name, c.sum.rows+1, err)
			return false
		}
		c.values[i] = v
	}
	if c.err = c.sum.add(c.table.columns, c.values); c.err != nil {
		return false
	}
	c.done(c.sum.rows)
	return true
}

func (c *copyRows) Values() ([]any, error) { return c.values, c.err }

func (c *copyRows) Err() error {
	if c.err != nil {
		return c.err
	}
	return c.rows.Err()
}

// readBack sums a table's rows as the transaction holds them, in the
// same order as the source was read: text keys in byte order, as SQLite
// compares them.
func readBack(ctx context.Context, tx pgx.Tx, t table, done func(n int64)) (*checksum, error) {
	var order []string
	for _, c := range t.key() {
		o := c.name
		if c.kind == kindText {
			o += ` COLLATE "C"`
		}
		order = append(order, o)
	}
	rows, err := tx.Query(ctx, `SELECT `+strings.Join(t.names(), ", ")+` FROM `+t.name+` ORDER BY `+strings.Join(order, ", "))
	if err != nil {
		return nil, fmt.Errorf("read back %s: %w", t.name, err)
	}
	defer rows.Close()
	sum := newChecksum()
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return nil, fmt.Errorf("read back %s: %w", t.name, err)
		}
		if err := sum.add(t.columns, values); err != nil {
			return nil, fmt.Errorf("read back %s row %d: %w", t.name, sum.rows, err)
		}
		done(sum.rows)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read back %s: %w", t.name, err)
	}
	return sum, nil
}

// setTriggers switches off (on false) the triggers of the copied tables
// that the schema made, for the copy: the rows they derive (the archive's
// month counts, the tag archive's dates, the version) are copied as the
// source has them, with the times of changes no trigger could know (the
// deletes of the past). It returns the tables it switched; on true it
// switches those back on. Switching them is the tables' owner's to do: the
// role the servers migrate the schema with.
func setTriggers(ctx context.Context, tx pgx.Tx, on bool, tables []string) ([]string, error) {
	if !on {
		rows, err := tx.Query(ctx, `SELECT DISTINCT c.relname FROM pg_trigger t
			JOIN pg_class c ON c.oid = t.tgrelid
			WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal AND t.tgenabled <> 'D'
			ORDER BY 1`)
		if err != nil {
			return nil, fmt.Errorf("read the target's triggers: %w", err)
		}
		names, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			return nil, fmt.Errorf("read the target's triggers: %w", err)
		}
		for _, n := range names {
			if planned(n) {
				tables = append(tables, n)
			}
		}
	}
	verb := "DISABLE"
	if on {
		verb = "ENABLE"
	}
	for _, t := range tables {
		if _, err := tx.Exec(ctx, `ALTER TABLE `+pgx.Identifier{t}.Sanitize()+` `+verb+` TRIGGER USER`); err != nil {
			return nil, fmt.Errorf("%s the triggers of %s for the copy (migrate as the role that owns the tables): %w", strings.ToLower(verb), t, err)
		}
	}
	return tables, nil
}

// dropIndexes drops the indexes of a table but its primary key and
// returns what makes them again from their definitions.
func dropIndexes(ctx context.Context, tx pgx.Tx, table string) (restore func() error, err error) {
	rows, err := tx.Query(ctx, `SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
		WHERE i.indrelid = format('%I.%I', current_schema(), $1::text)::regclass AND NOT i.indisprimary`, table)
	if err != nil {
		return nil, fmt.Errorf("read the indexes of %s: %w", table, err)
	}
	type index struct{ name, def string }
	var list []index
	var ix index
	if _, err := pgx.ForEachRow(rows, []any{&ix.name, &ix.def}, func() error { list = append(list, ix); return nil }); err != nil {
		return nil, fmt.Errorf("read the indexes of %s: %w", table, err)
	}
	for _, ix := range list {
		if _, err := tx.Exec(ctx, `DROP INDEX `+ix.name); err != nil {
			return nil, fmt.Errorf("drop the index %s for the copy: %w", ix.name, err)
		}
	}
	return func() error {
		for _, ix := range list {
			if _, err := tx.Exec(ctx, ix.def); err != nil {
				return fmt.Errorf("make the index %s again: %w", ix.name, err)
			}
		}
		return nil
	}, nil
}

// setSequences makes every sequence give the next id after the highest
// copied, so that the first row written on the new database does not
// collide with a copied one.
func (t *target) setSequences(ctx context.Context, tx pgx.Tx) (int, error) {
	n := 0
	for _, ic := range t.identity {
		table, col := ic[0], ic[1]
		if !planned(table) || !plainName.MatchString(col) {
			continue
		}
		_, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence(format('%I.%I', current_schema(), $1::text), $2),
			COALESCE((SELECT MAX(`+col+`) FROM `+table+`), 0) + 1, false)`, table, col)
		if err != nil {
			return n, fmt.Errorf("set the sequence of %s.%s: %w", table, col, err)
		}
		n++
	}
	return n, nil
}
