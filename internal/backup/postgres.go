package backup

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// A PostgreSQL site is backed up with PostgreSQL's own tools: pg_dump
// writes the dateline schema in its custom format, from a snapshot that
// this package holds open so that the manifest's migration number is read
// from the very state that is dumped; restore feeds pg_restore's script to
// psql in one transaction, so that a failure leaves the target as it was.
// Both programs come with PostgreSQL's client package (Debian's
// postgresql-client), in a version at least the server's.

// PostgresDumpName is the database in an archive of a PostgreSQL site.
const PostgresDumpName = "dateline.pgdump"

// EnginePostgres is the manifest's Engine for a PostgreSQL site; a SQLite
// site's manifest names none.
const EnginePostgres = "postgres"

// formatPostgres is the format version of an archive that holds a
// PostgreSQL dump: a restore that knows only version 1 refuses it rather
// than look for a SQLite file in it.
const formatPostgres = 2

// application is the application_name dateline's connections give
// PostgreSQL (store/postgres sets it), by which a restore sees a server
// still at work on the database.
const application = "dateline"

// createPostgres dumps the database at src.Postgres into the staging
// folder and returns the dump's path, filling in m's schema fields.
func createPostgres(ctx context.Context, src Source, staging string, m *Manifest, o Options) (string, error) {
	conn, err := pgx.Connect(ctx, src.Postgres)
	if err != nil {
		return "", fmt.Errorf("connect to the database: %w", err)
	}
	defer conn.Close(context.Background())
	// The snapshot pg_dump reads is exported by this transaction, which
	// stays open until pg_dump is done with it.
	tx, err := conn.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return "", fmt.Errorf("start the snapshot: %w", err)
	}
	defer tx.Rollback(context.Background())
	var schema *string
	var snapshot string
	if err := tx.QueryRow(ctx, `SELECT current_schema(), pg_export_snapshot()`).Scan(&schema, &snapshot); err != nil {
		return "", fmt.Errorf("start the snapshot: %w", err)
	}
	if schema == nil {
		return "", errors.New("the database URL's search_path names no schema that exists: no dateline site there")
	}
	if err := tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&m.Schema); err != nil {
		return "", fmt.Errorf("no dateline site in schema %q of that database (%v)", *schema, err)
	}
	m.Engine, m.PostgresSchema, m.FormatVersion = EnginePostgres, *schema, formatPostgres
	if o.pgSnapshot != nil {
		o.pgSnapshot(tx)
	}
	dump := filepath.Join(staging, PostgresDumpName)
	conninfo, password, err := libpqURL(src.Postgres)
	if err != nil {
		return "", err
	}
	// The extensions are in the dump so that a restore into a new
	// database makes them where the dumped objects look for them.
	cmd := exec.CommandContext(ctx, "pg_dump", "--format=custom", "--snapshot="+snapshot,
		"--schema="+pgPattern(*schema), "--extension=unaccent", "--extension=pg_trgm",
		"--file="+dump, "--dbname="+conninfo)
	if err := runTool(cmd, password, nil); err != nil {
		return "", err
	}
	return dump, tx.Commit(ctx)
}

// restorePostgres loads the dump at path into the database at dbURL, in
// one transaction: with force, the schema is dropped with everything in
// it first.
func restorePostgres(ctx context.Context, dump, dbURL string, m Manifest, force bool, staging string) error {
	toc, err := dumpContents(ctx, dump)
	if err != nil {
		return err
	}
	list := filepath.Join(staging, "contents.list")
	if err := os.WriteFile(list, toc, 0o600); err != nil {
		return err
	}
	conninfo, password, err := libpqURL(dbURL)
	if err != nil {
		return err
	}
	schema := pgx.Identifier{m.PostgresSchema}.Sanitize()
	var preamble strings.Builder
	if force {
		fmt.Fprintf(&preamble, "DROP SCHEMA IF EXISTS %s CASCADE;\n", schema)
	}
	fmt.Fprintf(&preamble, "CREATE SCHEMA IF NOT EXISTS %s;\n", schema)

	script := exec.CommandContext(ctx, "pg_restore", "--no-owner", "--no-privileges", "--use-list="+list, "--file=-", dump)
	load := exec.CommandContext(ctx, "psql", "--no-psqlrc", "--quiet", "--single-transaction", "--set=ON_ERROR_STOP=1",
		"--dbname="+conninfo, "--command="+preamble.String(), "--file=-")
	pipe, err := script.StdoutPipe()
	if err != nil {
		return err
	}
	var scriptErr bytes.Buffer
	script.Stderr = &limited{w: &scriptErr, n: 4096}
	if err := script.Start(); err != nil {
		return toolMissing("pg_restore", err)
	}
	loadErr := runTool(load, password, pipe)
	// psql that failed stops reading; pg_restore then ends on a broken pipe.
	pipe.Close()
	scriptWait := script.Wait()
	if loadErr != nil {
		return loadErr
	}
	if scriptWait != nil {
		return fmt.Errorf("pg_restore: %v: %s", scriptWait, strings.TrimSpace(scriptErr.String()))
	}
	return nil
}

// dumpContents is the dump's table of contents without the entries of
// ownersOnly: the target's schema may exist already (its URL must name
// it), and is made by the preamble when it does not.
func dumpContents(ctx context.Context, dump string) ([]byte, error) {
	var out, errs bytes.Buffer
	cmd := exec.CommandContext(ctx, "pg_restore", "--list", dump)
	cmd.Stdout, cmd.Stderr = &out, &limited{w: &errs, n: 4096}
	if err := cmd.Run(); err != nil {
		if e := toolMissing("pg_restore", err); e != err {
			return nil, e
		}
		return nil, fmt.Errorf("%w (pg_restore cannot read its database dump: %s); nothing was restored", ErrDamaged, strings.TrimSpace(errs.String()))
	}
	var kept bytes.Buffer
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		// An entry reads "ID; OID OID TYPE NAMESPACE NAME OWNER".
		if f := strings.Fields(line); !strings.HasPrefix(line, ";") && len(f) >= 6 && ownersOnly(f[3], f[5]) {
			continue
		}
		kept.WriteString(line)
		kept.WriteByte('\n')
	}
	return kept.Bytes(), sc.Err()
}

// ownersOnly reports whether an entry of a dump's contents is the
// schema itself, or a comment on it or on an extension, which only their
// owner may set: the target's are left as they are.
func ownersOnly(kind, name string) bool {
	return kind == "SCHEMA" || (kind == "COMMENT" && (name == "SCHEMA" || name == "EXTENSION"))
}

// postgresTarget is what a restore finds at the database URL: the schema
// it names, whether the schema holds tables, and whether a dateline
// server is connected to the database.
type postgresTarget struct {
	schema  string
	tables  int
	servers int
}

func inspectPostgres(ctx context.Context, dbURL string) (postgresTarget, error) {
	var t postgresTarget
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return t, fmt.Errorf("connect to the database: %w", err)
	}
	defer conn.Close(context.Background())
	var recovery bool
	var schema *string
	var path string
	err = conn.QueryRow(ctx, `SELECT current_schema(), current_setting('search_path'), pg_is_in_recovery(),
		(SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = $1)`,
		application).Scan(&schema, &path, &recovery, &t.servers)
	if err != nil {
		return t, fmt.Errorf("read the database: %w", err)
	}
	if recovery {
		return t, errors.New("the database is a standby, which takes no writes: restore into the primary")
	}
	if schema != nil {
		t.schema = *schema
	} else if t.schema = firstSchema(path); t.schema == "" {
		return t, fmt.Errorf("the database URL's search_path (%s) names no schema to restore into", path)
	}
	err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname = $1`, t.schema).Scan(&t.tables)
	return t, err
}

// firstSchema is the first schema a search_path names, other than the
// user's own ("$user").
func firstSchema(path string) string {
	for s := range strings.SplitSeq(path, ",") {
		s = strings.TrimSpace(s)
		if s == "" || s == `"$user"` {
			continue
		}
		if unq, ok := strings.CutPrefix(s, `"`); ok {
			return strings.ReplaceAll(strings.TrimSuffix(unq, `"`), `""`, `"`)
		}
		return s
	}
	return ""
}

// libpqParams are the URL parameters libpq understands; pgx takes more
// (pool_max_conns, search_path and other run-time settings), which
// pg_dump and psql would refuse, and which they do not need.
var libpqParams = map[string]bool{
	"host": true, "hostaddr": true, "port": true, "dbname": true, "user": true, "passfile": true,
	"channel_binding": true, "connect_timeout": true, "client_encoding": true, "options": true,
	"application_name": true, "fallback_application_name": true, "keepalives": true,
	"keepalives_idle": true, "keepalives_interval": true, "keepalives_count": true,
	"tcp_user_timeout": true, "sslmode": true, "sslcompression": true, "sslcert": true, "sslkey": true,
	"sslpassword": true, "sslrootcert": true, "sslcrl": true, "sslcrldir": true, "sslsni": true,
	"requirepeer": true, "ssl_min_protocol_version": true, "ssl_max_protocol_version": true,
	"krbsrvname": true, "gsslib": true, "gssencmode": true, "service": true,
	"target_session_attrs": true, "load_balance_hosts": true, "require_auth": true,
}

// libpqURL is dbURL as PostgreSQL's own programs take it, without
// pgx-only parameters and without the password, which goes to them in
// PGPASSWORD rather than on a command line that every user of the
// machine can read.
func libpqURL(dbURL string) (conninfo, password string, err error) {
	u, err := url.Parse(dbURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", "", errors.New("the database URL is not a postgres:// URL")
	}
	if u.User != nil {
		password, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	for k := range q {
		if !libpqParams[k] {
			q.Del(k)
		}
	}
	if pw := q.Get("password"); pw != "" {
		password = pw
	}
	q.Del("password")
	u.RawQuery = q.Encode()
	return u.String(), password, nil
}

// pgPattern quotes a schema name as pg_dump's patterns take it, so that
// a name with capitals, dots or wildcards matches only itself.
func pgPattern(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// runTool runs one of PostgreSQL's programs with the password in its
// environment and stdin, if given, as its input, and makes an error of
// what it says when it fails.
func runTool(cmd *exec.Cmd, password string, stdin io.Reader) error {
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	cmd.Stdin = stdin
	var errs bytes.Buffer
	cmd.Stderr = &limited{w: &errs, n: 8192}
	cmd.Stdout = io.Discard
	name := filepath.Base(cmd.Path)
	if err := cmd.Run(); err != nil {
		if e := toolMissing(name, err); e != err {
			return e
		}
		return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(errs.String()))
	}
	return nil
}

// toolMissing is a clear error for a program that is not installed, and
// err itself otherwise.
func toolMissing(name string, err error) error {
	if errors.Is(err, exec.ErrNotFound) {
		return fmt.Errorf("%s is not installed: backups of a PostgreSQL site need PostgreSQL's client programs (Debian: apt-get install postgresql-client), of the server's version or newer", name)
	}
	return err
}

// limited keeps the first n bytes written to it and drops the rest, so
// that a chatty program cannot fill memory.
type limited struct {
	w io.Writer
	n int
}

func (l *limited) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.w.Write(p[:k])
		l.n -= k
	}
	return len(p), nil
}

// restoreToPostgres is Restore of a PostgreSQL site's backup: its
// database into the schema that o.Postgres names, its media files into
// dir/media. It refuses a schema that holds tables or a media folder that
// holds files unless o.Force, and a database a dateline server is
// connected to whatever o.Force says. The database is restored in one
// transaction, so a failure leaves it as it was; the media folder is
// moved into place after it.
func restoreToPostgres(ctx context.Context, archive, dir string, o RestoreOptions) (Restored, error) {
	var r Restored
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	target, err := inspectPostgres(ctx, o.Postgres)
	if err != nil {
		return r, err
	}
	if target.servers > 0 {
		return r, fmt.Errorf("%w: %d connections of a dateline server are open on that database; stop its servers first", ErrInUse, target.servers)
	}
	mediaDir := filepath.Join(dir, MediaFolder)
	media, err := os.ReadDir(mediaDir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return r, fmt.Errorf("read the media folder: %w", err)
	}
	if !o.Force && (target.tables > 0 || len(media) > 0) {
		return r, fmt.Errorf("%w: schema %q of that database holds %d tables and %s holds %d files; restore into an empty schema and folder, or add --force to drop the schema with everything in it and move the media aside",
			ErrNotEmpty, target.schema, target.tables, mediaDir, len(media))
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return r, fmt.Errorf("make the data folder: %w", err)
	}
	staging, p, err := unpack(ctx, archive, dir, o.Progress, &r.Manifest)
	if staging != "" {
		defer os.RemoveAll(staging)
	}
	if err != nil {
		return r, err
	}
	m := r.Manifest
	switch {
	case m.Engine != EnginePostgres:
		return r, errors.New("the backup is of a site on SQLite: restore it into a data folder (without a postgres:// --db); nothing was restored")
	case m.PostgresSchema != target.schema:
		return r, fmt.Errorf("the backup holds schema %q and the database URL names %q: restore it into a schema of the same name (search_path=%s in the URL); nothing was restored",
			m.PostgresSchema, target.schema, m.PostgresSchema)
	}
	if err := newEnough(m, o.Schema); err != nil {
		return r, err
	}
	p.Say("every checksum matches; loading the database into schema %q", m.PostgresSchema)
	if err := restorePostgres(ctx, filepath.Join(staging, PostgresDumpName), o.Postgres, m, o.Force, staging); err != nil {
		return r, fmt.Errorf("%w; nothing was restored", err)
	}
	if err := checkPostgres(ctx, o.Postgres, m); err != nil {
		return r, err
	}
	p.Say("the database is restored, at migration %d", m.Schema)

	from := filepath.Join(staging, MediaFolder)
	if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if o.Force {
		if r.Replaced, err = moveNamesAside(dir, now(), MediaFolder); err != nil {
			return r, fmt.Errorf("the database is restored, but: %w", err)
		}
	}
	if err := os.Rename(from, mediaDir); err != nil {
		return r, fmt.Errorf("the database is restored, but its media files could not be moved into place: %w", err)
	}
	syncDir(dir)
	return r, nil
}

// checkPostgres reads the restored schema's migration number back.
func checkPostgres(ctx context.Context, dbURL string, m Manifest) error {
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	defer conn.Close(context.Background())
	var version int
	table := pgx.Identifier{m.PostgresSchema, "schema_migrations"}.Sanitize()
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM `+table).Scan(&version); err != nil {
		return fmt.Errorf("read the restored database: %w", err)
	}
	if version != m.Schema {
		return fmt.Errorf("the restored database is at migration %d, the manifest says %d", version, m.Schema)
	}
	return nil
}
