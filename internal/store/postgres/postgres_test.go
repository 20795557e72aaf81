package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"

	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
	"dateline/internal/store/storetest"
)

func open(t testing.TB, url string) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, pgtest.URL(t)) })
}

// Two nodes on one database, each with its own pool.
func TestConformanceOfTwoHandles(t *testing.T) {
	storetest.RunNodes(t, func(t *testing.T) (store.Store, store.Store) {
		url := pgtest.URL(t)
		return open(t, url), open(t, url)
	})
}

// Two nodes starting at once on a new database: both open, and the
// migrations ran once (each is recorded once, and a second run of the
// first would have failed on its CREATE TABLE).
func TestConcurrentOpensMigrateOnce(t *testing.T) {
	url := pgtest.Empty(t)
	const nodes = 4
	var wg sync.WaitGroup
	stores := make([]*postgres.Store, nodes)
	errs := make([]error, nodes)
	for i := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stores[i], errs[i] = postgres.Open(context.Background(), url)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("node %d: %v", i, err)
		}
		t.Cleanup(func() { stores[i].Close() })
	}
	ctx := context.Background()
	// Migrations are numbered apart and may leave a gap (two pieces of
	// work taking numbers at once, one landing first), so the newest
	// number is compared with Schema, and each number is recorded once.
	var versions, distinct, newest int
	err := stores[0].Pool().QueryRow(ctx, `SELECT count(*), count(DISTINCT version), COALESCE(max(version), 0)
		FROM schema_migrations`).Scan(&versions, &distinct, &newest)
	if err != nil {
		t.Fatal(err)
	}
	if newest != postgres.Schema() || distinct != versions {
		t.Errorf("schema_migrations has %d rows (%d versions) up to %d, want up to %d, each once", versions, distinct, newest, postgres.Schema())
	}
	for i, st := range stores {
		if err := st.Ready(ctx); err != nil {
			t.Errorf("node %d not ready: %v", i, err)
		}
	}
}

func TestReopeningKeepsDataAndSchema(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	st, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := st.Settings(ctx)
	set.SiteName = "Kept"
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = open(t, url)
	got, _ := st.Settings(ctx)
	if got.SiteName != "Kept" {
		t.Errorf("site name = %q after reopening", got.SiteName)
	}
}

// A server that stops taking writes (here its one connection's
// transactions made read-only, as on a primary turned standby) refuses
// them with store.ErrReadOnly, readers are served, WriteHealth follows,
// and writes go through again once it takes them.
func TestWritesThatAReadOnlyServerRefusesAreErrReadOnly(t *testing.T) {
	ctx := context.Background()
	st := open(t, pgtest.URL(t)+"&pool_max_conns=1")
	readOnly := func(on bool) {
		t.Helper()
		if _, err := st.Pool().Exec(ctx, `SELECT set_config('default_transaction_read_only', $1, false)`, map[bool]string{true: "on", false: "off"}[on]); err != nil {
			t.Fatal(err)
		}
	}
	u := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleEditor}
	readOnly(true)
	err := st.CreateUser(ctx, &u)
	if !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("a write on a read-only server: %v, want ErrReadOnly", err)
	}
	if !st.Writes().Refused() {
		t.Error("WriteHealth does not say writes are refused")
	}
	if _, err := st.Settings(ctx); err != nil {
		t.Errorf("a read on a read-only server: %v", err)
	}
	readOnly(false)
	if err := st.CreateUser(ctx, &u); err != nil {
		t.Fatalf("the write again once the server takes writes: %v", err)
	}
	if st.Writes().Refused() {
		t.Error("WriteHealth still says writes are refused")
	}
}

// On a database that has never seen dateline, the first open makes the
// extensions search needs (the tests' schemas find them made), and
// search then works as on SQLite: accents ignored, Thai found inside a
// run of text.
func TestANewDatabaseGetsTheExtensionsSearchNeeds(t *testing.T) {
	ctx := context.Background()
	server := pgtest.Server(t)
	admin, err := pgx.Connect(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	var b [4]byte
	rand.Read(b[:])
	name := "dateline_newdb_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`) })
	u, err := url.Parse(server)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	st := open(t, u.String())
	var extensions int
	if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm', 'unaccent')`).Scan(&extensions); err != nil || extensions != 2 {
		t.Fatalf("extensions made: %d, %v; want pg_trgm and unaccent", extensions, err)
	}
	author := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &author); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Café prices in Chiang Mai", "น้ำท่วมกรุงเทพฯ ฝนตกหนัก"} {
		a := content.Article{Kind: content.KindPost, Title: title, Format: content.FormatMarkdown,
			Status: content.StatusPublished, PublishedAt: time.Now(), Author: author}
		if err := st.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	for q, want := range map[string]string{"cafe": "Café prices in Chiang Mai", "CAFÉ": "Café prices in Chiang Mai", "ฝนตก": "น้ำท่วมกรุงเทพฯ ฝนตกหนัก"} {
		hits, err := st.Search(ctx, store.SearchQuery{Text: q})
		if err != nil || len(hits) != 1 || hits[0].Article.Title != want {
			t.Errorf("search %q = %v, %v; want %q", q, hits, err, want)
		}
	}
}
