package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strconv"
	"testing"

	"github.com/jackc/pgx/v5"
)

// rolePrefix begins the name of every role ReadOnlyRole makes; the
// process id follows it.
const rolePrefix = "dateline_replica_"

// ReadOnlyRole returns a URL of the same database and schema as
// schemaURL (from URL, whose tables are made) through a role of its own
// that may only read them, and whose transactions are read-only by
// default, as on a standby: a stand-in for a replica that refuses every
// write. The role is made by the test server's user and dropped when the
// test ends; it sees the tables that exist when it is made.
func ReadOnlyRole(t testing.TB, schemaURL string) string {
	t.Helper()
	server := Server(t)
	u, err := url.Parse(schemaURL)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	schema := pgx.Identifier{u.Query().Get("search_path")}.Sanitize()
	var b [4]byte
	rand.Read(b[:])
	name := rolePrefix + strconv.Itoa(os.Getpid()) + "_" + hex.EncodeToString(b[:])
	role := pgx.Identifier{name}.Sanitize()
	ctx := context.Background()
	conn, err := connect(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{
		`CREATE ROLE ` + role + ` LOGIN`,
		`ALTER ROLE ` + role + ` SET default_transaction_read_only = on`,
		`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + role,
		`GRANT SELECT ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + role,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("make a read-only role: %s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		conn, err := connect(ctx, server)
		if err != nil {
			t.Errorf("drop the read-only role %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		// Its sessions end first: a role with sessions cannot be dropped.
		for _, q := range []string{
			`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '` + name + `'`,
			`DROP OWNED BY ` + role,
			`DROP ROLE ` + role,
		} {
			if _, err := conn.Exec(ctx, q); err != nil {
				t.Errorf("drop the read-only role %s: %s: %v", name, q, err)
			}
		}
	})
	u.User = url.User(name)
	return u.String()
}
