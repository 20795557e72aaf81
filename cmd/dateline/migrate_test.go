package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/demo"
	"dateline/internal/media/mediatest"
	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
	"dateline/internal/store/sqlite"
	"dateline/internal/taxonomy"
)

// migrateNow is when the moved site's pages are made, on both programs.
var migrateNow = time.Date(2026, 11, 25, 9, 30, 0, 0, time.UTC)

// sqliteSite builds a site on SQLite through the services, as a newsroom
// would have over the years: the demo newsroom (stories with revisions,
// pictures, threaded comments, page views, settings), and beside it a
// page under another, a renamed section, a story deleted for good, an
// API token and the links of an imported WordPress post. It returns the
// reader paths to compare and the address of a picture.
func sqliteSite(t *testing.T, data string) (paths []string, picture string) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(data, "dateline.db"))
	noError(t, err)
	defer st.Close()
	_, err = demo.Seed(ctx, st, demo.Options{MediaDir: filepath.Join(data, "media"), Now: migrateNow.Add(-time.Hour), ImageWidth: 320})
	noError(t, err)
	// The secret a server makes at its first start: the comment forms'
	// stamps and the unsubscribe links are signed with it, and must stay
	// good after the move.
	_, err = st.Secret(ctx, "comments")
	noError(t, err)
	users, err := st.Users(ctx)
	noError(t, err)
	var admin content.User
	for _, u := range users {
		if u.Role == content.RoleAdmin {
			admin = u
		}
	}
	desk := articles.New(articles.Config{Store: st})
	pages, err := st.PublishedArticles(ctx, store.ArticleQuery{Kind: content.KindPage, Limit: store.MaxLimit})
	noError(t, err)
	if len(pages) < 2 {
		t.Fatalf("the demo has %d pages", len(pages))
	}
	refused, err := desk.ArrangePages(ctx, admin, []store.PagePlace{{PageID: pages[1].ID, ParentID: pages[0].ID, Position: 2}}, false)
	noError(t, err)
	for _, e := range refused {
		noError(t, e)
	}
	sections, err := st.Categories(ctx)
	noError(t, err)
	renamed := sections[0]
	_, err = taxonomy.New(taxonomy.Config{Store: st}).UpdateSection(ctx, admin, renamed.ID,
		taxonomy.Section{Name: renamed.Name + " Desk", Slug: renamed.Slug + "-desk", Description: renamed.Description})
	noError(t, err)
	posts, err := st.PublishedArticles(ctx, store.ArticleQuery{Limit: store.MaxLimit})
	noError(t, err)
	gone := posts[len(posts)-1]
	noError(t, desk.DeleteNow(ctx, admin, gone.ID))
	_, tok, err := auth.NewAPIToken(admin.ID, "the old site's scripts", migrateNow)
	noError(t, err)
	noError(t, st.CreateAPIToken(ctx, &tok))
	noError(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{{Source: "https://old.example", Kind: store.LegacyPost,
		WPID: 4242, ID: posts[0].ID, Path: "/2019/03/04/floods", ImportedAt: migrateNow.Add(-48 * time.Hour)}}))

	set, err := st.Settings(ctx)
	noError(t, err)
	zone := set.Zone()
	paths = []string{"/", "/feed/", "/sitemap.xml", "/search/?q=" + strings.Fields(posts[2].Title)[0],
		"/category/" + renamed.Slug + "/", "/category/" + renamed.Slug + "-desk/",
		pages[0].Path(zone), pages[1].Path(zone), gone.Path(zone), "/?p=4242", "/2019/03/04/floods/"}
	for _, p := range posts[:len(posts)-1] {
		paths = append(paths, p.Path(zone))
	}
	for _, s := range sections[1:] {
		paths = append(paths, "/category/"+s.Slug+"/")
	}
	return paths, posts[0].Image.URL()
}

// A site built on SQLite moves to PostgreSQL and its pictures to a real
// S3 server with one command; a program on the new database and bucket
// then answers readers exactly as the old one did, page for page, and
// serves the pictures from the bucket.
func TestMigrateMovesASiteToPostgreSQLAndS3(t *testing.T) {
	ctx := context.Background()
	bucket := mediatest.Start(t)
	url := pgtest.URL(t)
	data := t.TempDir()
	paths, picture := sqliteSite(t, data)
	db := filepath.Join(data, "dateline.db")

	env := func(k string) string {
		return map[string]string{"AWS_ACCESS_KEY_ID": bucket.AccessKey, "AWS_SECRET_ACCESS_KEY": bucket.SecretKey}[k]
	}
	var out, errOut strings.Builder
	code := run(ctx, []string{"migrate", "--from", "sqlite:" + db, "--to", url,
		"--media-to", "s3://" + bucket.Bucket + "?endpoint=" + bucket.Endpoint + "&insecure=1"}, env, strings.NewReader(""), &out, &errOut)
	if code != 0 {
		t.Fatalf("migrate exits %d:\n%s\n%s", code, out.String(), errOut.String())
	}
	for _, says := range []string{"moved " + db + " (SQLite, migration", "legacy_links", "category_redirects", "page_places",
		"removed_slugs", "api_tokens", "sessions: ", "search index: built anew", "media: ", "s3://" + bucket.Bucket} {
		if !strings.Contains(out.String(), says) {
			t.Errorf("the report does not say %q:\n%s", says, out.String())
		}
	}
	if strings.Contains(out.String(), "DIFFERENT") || !strings.Contains(errOut.String(), "migrate: checked: every table") {
		t.Errorf("the report:\n%s\nprogress:\n%s", out.String(), errOut.String())
	}

	quiet := slog.New(slog.DiscardHandler)
	lite, err := sqlite.Open(ctx, db)
	noError(t, err)
	defer lite.Close()
	before, err := assemble(ctx, Config{Data: data, DB: "sqlite:" + db, BaseURL: "https://news.example", WeatherURL: weatherOff,
		Now: func() time.Time { return migrateNow }}, lite, &changes.Feed{}, noEnv, quiet)
	noError(t, err)
	pg, err := postgres.Open(ctx, url)
	noError(t, err)
	defer pg.Close()
	// A data folder of its own, empty: the pictures can only come from
	// the bucket.
	after, err := assemble(ctx, Config{Data: t.TempDir(), DB: url, BaseURL: "https://news.example", WeatherURL: weatherOff,
		MediaStore: &bucket, Now: func() time.Time { return migrateNow }}, pg, &changes.Feed{}, noEnv, quiet)
	noError(t, err)

	get := func(a *app, path string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		a.front.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "https://news.example"+path, nil))
		return w
	}
	statuses := map[int]int{}
	for _, path := range paths {
		was, is := get(before, path), get(after, path)
		statuses[was.Code]++
		if was.Code != is.Code || was.Header().Get("Location") != is.Header().Get("Location") {
			t.Errorf("%s: %d %q before the move, %d %q after", path, was.Code, was.Header().Get("Location"), is.Code, is.Header().Get("Location"))
			continue
		}
		if was.Body.String() != is.Body.String() {
			t.Errorf("%s: the page differs after the move:\n%s", path, firstDifference(was.Body.String(), is.Body.String()))
		}
	}
	if statuses[http.StatusOK] < len(paths)-5 || statuses[http.StatusMovedPermanently] < 3 || statuses[http.StatusGone] != 1 {
		t.Errorf("the pages compared answered %v: the site is not what the test means to move", statuses)
	}

	served := get(after, picture)
	file, err := os.ReadFile(filepath.Join(data, "media", filepath.FromSlash(strings.TrimPrefix(picture, "/media/"))))
	noError(t, err)
	if served.Code != http.StatusOK || served.Body.String() != string(file) {
		t.Errorf("%s after the move: %d, %d bytes (the file has %d)", picture, served.Code, served.Body.Len(), len(file))
	}
	obj, err := mediatest.Shared().Client(t).GetObject(ctx, bucket.Bucket, strings.TrimPrefix(picture, "/media/"), minio.GetObjectOptions{})
	noError(t, err)
	inBucket, err := io.ReadAll(obj)
	if err != nil || string(inBucket) != string(file) {
		t.Errorf("the bucket holds %d bytes for %s (%v), the file %d", len(inBucket), picture, err, len(file))
	}

	// The same command again is refused: the target holds the site now.
	out.Reset()
	errOut.Reset()
	code = run(ctx, []string{"migrate", "--from", "sqlite:" + db, "--to", url}, noEnv, strings.NewReader(""), &out, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "already holds rows") || !strings.Contains(errOut.String(), "--force empties") {
		t.Errorf("migrating into the moved site: exit %d, %q", code, errOut.String())
	}
}

// firstDifference shows where two pages part.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-120)
	return "before: …" + a[from:min(len(a), i+120)] + "\nafter:  …" + b[from:min(len(b), i+120)]
}

// What migrate is given wrong is said on one line, before anything is
// written.
func TestMigrateRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "dateline.db")
	st, err := sqlite.Open(ctx, db)
	noError(t, err)
	st.Close()
	target := pgtest.URL(t)
	keys := func(k string) string {
		return map[string]string{"AWS_ACCESS_KEY_ID": "key", "AWS_SECRET_ACCESS_KEY": "secret"}[k]
	}
	for _, tc := range []struct {
		name string
		args []string
		env  func(string) string
		code int
		want string
	}{
		{"no flags", nil, noEnv, 1, "migrate needs both --from sqlite:PATH and --to postgres://"},
		{"no target", []string{"--from", "sqlite:" + db}, noEnv, 1, "migrate needs both"},
		{"a source that is not sqlite:", []string{"--from", db, "--to", target}, noEnv, 1, "give the site's SQLite database as sqlite:PATH"},
		{"a PostgreSQL source", []string{"--from", target, "--to", target}, noEnv, 1, "give the site's SQLite database as sqlite:PATH"},
		{"a SQLite target", []string{"--from", "sqlite:" + db, "--to", "sqlite:" + filepath.Join(dir, "b.db")}, noEnv, 1, "the target is a SQLite database"},
		{"a target that is not a URL", []string{"--from", "sqlite:" + db, "--to", "127.0.0.1:5432"}, noEnv, 1, "the target is not a PostgreSQL URL"},
		{"an unreachable server", []string{"--from", "sqlite:" + db, "--to", "postgres://u:s3cret@127.0.0.1:1/x"}, noEnv, 1, "connect to the database"},
		{"media from without media to", []string{"--from", "sqlite:" + db, "--to", target, "--media-from", dir}, noEnv, 1, "--media-from needs --media-to"},
		{"a media store without keys", []string{"--from", "sqlite:" + db, "--to", target, "--media-to", "s3://b?endpoint=127.0.0.1:1"}, noEnv, 1, "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"},
		{"a media store that is not s3", []string{"--from", "sqlite:" + db, "--to", target, "--media-to", "/srv/media"}, keys, 1, "want s3://BUCKET"},
		{"a media store that does not answer", []string{"--from", "sqlite:" + db, "--to", target, "--media-to", "s3://b?endpoint=127.0.0.1:1&insecure=1"}, keys, 1, "--media-to: media store 127.0.0.1:1/b"},
		{"an unknown flag", []string{"--from", "sqlite:" + db, "--to", target, "--fast"}, noEnv, 2, "flag provided but not defined: -fast"},
		{"an argument", []string{"--from", "sqlite:" + db, "--to", target, "extra"}, noEnv, 1, `unexpected argument "extra"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut strings.Builder
			code := run(ctx, append([]string{"migrate"}, tc.args...), tc.env, strings.NewReader(""), &out, &errOut)
			msg := errOut.String()
			if code != tc.code || !strings.Contains(msg, tc.want) || strings.Contains(msg, "s3cret") || strings.Contains(msg, "panic") {
				t.Errorf("exit %d, %q; want exit %d saying %q", code, msg, tc.code, tc.want)
			}
			if tc.code == 1 && strings.Count(msg, "\n") != 1 {
				t.Errorf("the error is not one line: %q", msg)
			}
		})
	}
	var n int
	noError(t, pgStoreRows(ctx, target, &n))
	if n != 0 {
		t.Errorf("a refused migrate wrote %d articles", n)
	}
}

func pgStoreRows(ctx context.Context, url string, n *int) error {
	st, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer st.Close()
	return st.Pool().QueryRow(ctx, `SELECT COUNT(*) FROM articles`).Scan(n)
}
