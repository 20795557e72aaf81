package main

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
)

// TestServeReadsReadersPagesFromTheReplica runs the real server with
// --db-replica: the same database through a role that may only read it,
// its transactions read-only as on a standby. Readers' pages, feeds,
// searches and sitemaps work through it; then the role loses its right
// to read, and readers' pages fail while the newsroom signs in, saves a
// story and reads it back, which shows that the newsroom and every write
// use the primary; given back its right, the replica serves the saved
// story to readers.
func TestServeReadsReadersPagesFromTheReplica(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := pgtest.URL(t)
	st, err := postgres.Open(ctx, db)
	noError(t, err)
	set := content.DefaultSettings()
	set.SiteName = "The River Post"
	noError(t, st.SaveSettings(ctx, set))
	const password = "correct horse battery"
	editor, err := members.New(members.Config{Store: st}).Create(ctx, members.Operator,
		members.NewMember{Name: "Eddie Editor", Email: "eddie@example.com", Role: content.RoleEditor, Password: password})
	noError(t, err)
	story, err := articles.New(articles.Config{Store: st}).Apply(ctx, editor, 0, articles.Change{Step: articles.StepPublish,
		Draft: &articles.Draft{Title: "Floods reach the old city", Source: "The river rose overnight.", CommentsOpen: true}})
	noError(t, err)
	st.Close()
	replica := pgtest.ReadOnlyRole(t, db)
	role, _ := url.Parse(replica)
	schema := pgx.Identifier{role.Query().Get("search_path")}.Sanitize()
	roleName := pgx.Identifier{role.User.Username()}.Sanitize()

	base, done := startServer(t, ctx, "serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--db", db, "--db-replica", replica,
		"--weather-url", "off", "--cache-mb", "0") // every page read from the database
	base = strings.TrimSuffix(base, "/")
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (int, string) {
		t.Helper()
		res, err := client.Get(base + path)
		noError(t, err)
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	post := func(path string, form url.Values) int {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		res, err := client.Do(req)
		noError(t, err)
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	page := story.Article.Path(set.Zone())
	readers := []string{page, "/", "/feed/", "/search?q=floods", "/sitemap.xml"}
	for _, path := range readers {
		if code, body := get(path); code != http.StatusOK || !strings.Contains(body, "Floods reach the old city") && path != "/sitemap.xml" {
			t.Errorf("GET %s through the replica: %d\n%.300s", path, code, body)
		}
	}
	if code, body := get("/metrics"); !strings.Contains(body, `dateline_db_connections_open{pool="replica"}`) ||
		!strings.Contains(body, `dateline_db_connections_open{pool="postgres"}`) ||
		!strings.Contains(body, "\ndateline_db_replica_up 1\n") || !strings.Contains(body, "\ndateline_db_replica_fallbacks_total 0\n") {
		t.Errorf("/metrics (%d) has no figures for each pool:\n%s", code, body)
	}

	// The replica can no longer read the tables.
	admin, err := pgx.Connect(ctx, pgtest.Server(t))
	noError(t, err)
	defer admin.Close(ctx)
	_, err = admin.Exec(ctx, `REVOKE SELECT ON ALL TABLES IN SCHEMA `+schema+` FROM `+roleName)
	noError(t, err)
	for _, path := range readers {
		if code, _ := get(path); code < 500 {
			t.Errorf("GET %s = %d with the replica unable to read: not read from the replica", path, code)
		}
	}
	if code := post("/admin/login", url.Values{"email": {editor.Email}, "password": {password}}); code != http.StatusSeeOther {
		t.Fatalf("signing in with the replica unable to read: %d", code)
	}
	edit := "/admin/articles/" + strconv.FormatInt(story.Article.ID, 10)
	code, form := get(edit)
	if code != http.StatusOK || !strings.Contains(form, "Floods reach the old city") {
		t.Fatalf("GET %s = %d\n%.300s", edit, code, form)
	}
	var version int
	noError(t, admin.QueryRow(ctx, `SELECT version FROM `+schema+`.articles WHERE id = $1`, story.Article.ID).Scan(&version))
	if code := post(edit, url.Values{"title": {"Floods recede from the old city"}, "body": {"The river fell overnight."},
		"format": {"markdown"}, "kind": {"post"}, "comments_open": {"1"}, "step": {"save"}, "version": {strconv.Itoa(version)}}); code != http.StatusSeeOther {
		t.Fatalf("saving the story with the replica unable to read: %d", code)
	}
	if code, form := get(edit); code != http.StatusOK || !strings.Contains(form, "Floods recede from the old city") {
		t.Errorf("the newsroom after the save: %d, without the new headline\n%.300s", code, form)
	}

	// Given back its right to read, the replica serves the new headline.
	_, err = admin.Exec(ctx, `GRANT SELECT ON ALL TABLES IN SCHEMA `+schema+` TO `+roleName)
	noError(t, err)
	if code, body := get(page); code != http.StatusOK || !strings.Contains(body, "Floods recede from the old city") {
		t.Errorf("GET %s through the replica after the save: %d\n%.300s", page, code, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code %d", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
}

func TestDBReplicaNeedsPostgres(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--db", "sqlite:/tmp/x.db", "--db-replica", "postgres://replica/db"}, "--db must name one"},
		{[]string{"--db", "postgres://primary/db", "--db-replica", "sqlite:/tmp/x.db"}, "give the replica's URL"},
	} {
		_, err := parseServe(tc.args, noEnv, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("serve %v: %v, want %q", tc.args, err, tc.want)
		}
	}
	cfg, err := parseServe([]string{"--db", "postgres://primary/db"}, func(name string) string {
		if name == "DATELINE_DB_REPLICA" {
			return "postgres://replica/db"
		}
		return ""
	}, io.Discard)
	if err != nil || cfg.DBReplica != "postgres://replica/db" {
		t.Errorf("DATELINE_DB_REPLICA: %q, %v", cfg.DBReplica, err)
	}
}
