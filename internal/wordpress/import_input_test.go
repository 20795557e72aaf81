package wordpress_test

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"strings"
	"testing"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/wordpress"
)

// consistent fails unless the database is whole: SQLite's own checks,
// every foreign key, every article's count of approved comments, and
// every legacy link of an article or comment leading to one.
func (w *importWorld) consistent() {
	w.t.Helper()
	db, err := sql.Open("sqlite", "file:"+w.path+"?mode=ro")
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		w.t.Errorf("integrity_check: %q, %v", ok, err)
	}
	for _, check := range []struct{ what, query string }{
		{"a row whose foreign key leads nowhere", `SELECT COUNT(*) FROM pragma_foreign_key_check`},
		{"an article whose comment count is wrong", `SELECT COUNT(*) FROM articles a WHERE comment_count <>
			(SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')`},
		{"a post's or page's link to no article", `SELECT COUNT(*) FROM legacy_links l WHERE kind IN ('post', 'page')
			AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = l.target_id)`},
		{"an attachment page's link to no article", `SELECT COUNT(*) FROM legacy_links l WHERE kind = 'attachment-page'
			AND target_id <> 0 AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = l.target_id)`},
		{"a comment's link to no comment", `SELECT COUNT(*) FROM legacy_links l WHERE kind = 'comment'
			AND NOT EXISTS (SELECT 1 FROM comments c WHERE c.id = l.target_id)`},
		{"an article without a revision", `SELECT COUNT(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM revisions r WHERE r.article_id = a.id)`},
	} {
		var n int
		if err := db.QueryRow(check.query).Scan(&n); err != nil {
			w.t.Fatalf("%s: %v", check.what, err)
		}
		if n != 0 {
			w.t.Errorf("%d × %s", n, check.what)
		}
	}
}

func TestAnExportThatCannotBeReadIsRefusedAndChangesNothing(t *testing.T) {
	site, err := os.ReadFile("testdata/import-site.xml")
	if err != nil {
		t.Fatal(err)
	}
	laughs := `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
` + strings.TrimPrefix(string(exportWith(post(1, "amara", "&lol9;", "<p>&lol9;</p>"))), `<?xml version="1.0" encoding="UTF-8" ?>`)
	for _, tc := range []struct {
		name string
		src  string
		err  error
		says string
	}{
		{"a file that is not XML", "PK\x03\x04 a zip file, not an export", wordpress.ErrNotXML, "the file is not XML"},
		{"an empty file", "", wordpress.ErrNotXML, "the file is empty"},
		{"an XML declaration of another version", strings.Replace(string(site), `<?xml version="1.0"`, `<?xml version="2.0"`, 1), wordpress.ErrNotXML, `unsupported version "2.0"`},
		{"XML whose root is not rss", `<?xml version="1.0"?><html><body>Hello</body></html>`, wordpress.ErrNotWXR, "root element is <html>"},
		{"an RSS feed that is not a WordPress export", `<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title><item><title>x</title></item></channel></rss>`, wordpress.ErrNotWXR, "an RSS feed, not a WordPress export"},
		{"an export without its WXR version", strings.Replace(string(site), "<wp:wxr_version>1.2</wp:wxr_version>", "", 1), wordpress.ErrVersion, "does not say its WXR version"},
		{"an export of an unknown WXR version", strings.Replace(string(site), "<wp:wxr_version>1.2</wp:wxr_version>", "<wp:wxr_version>9.0</wp:wxr_version>", 1), wordpress.ErrVersion, `version "9.0"`},
		{"entity expansion (billion laughs)", laughs, wordpress.ErrDTD, ""},
		{"an external entity", `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
			strings.TrimPrefix(string(exportWith(post(1, "amara", "&xxe;", "<p>&xxe;</p>"))), `<?xml version="1.0" encoding="UTF-8" ?>`), wordpress.ErrDTD, ""},
		{"a file in another encoding", strings.Replace(string(site), `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1), wordpress.ErrEncoding, "iconv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newImportWorld(t)
			before := w.dump()
			sum, err := w.importBytes([]byte(tc.src), wordpress.ImportOptions{})
			if !errors.Is(err, tc.err) {
				t.Fatalf("err = %v, want %v", err, tc.err)
			}
			var e *wordpress.Error
			if !errors.As(err, &e) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err = %q, want a *wordpress.Error saying %q", err, tc.says)
			}
			if d := changed(before, w.dump()); len(d) > 0 {
				t.Errorf("a refused file changed %s", strings.Join(d, ", "))
			}
			if sum == nil {
				t.Error("no summary")
			}
			if dump := strings.Join(flat(w.dump()), "\n"); strings.Contains(dump, "root:") || strings.Contains(dump, "lollol") {
				t.Error("an entity's text reached the database")
			}
		})
	}
}

func flat(d map[string][]string) []string {
	var out []string
	for _, rows := range d {
		out = append(out, rows...)
	}
	return out
}

func TestAnUndeclaredEntityIsNotExpanded(t *testing.T) {
	// encoding/xml expands no entity but XML's five and HTML's named
	// ones: any other stops the reading there, and what came before is
	// kept.
	w := newImportWorld(t)
	item := strings.Replace(post(1, "amara", "Title", "<p>x</p>"), "<title><![CDATA[Title]]></title>", "<title>Title &xxe;</title>", 1)
	_, err := w.importBytes(exportWith(post(2, "amara", "Before", "<p>y</p>"), item), wordpress.ImportOptions{})
	if !errors.Is(err, wordpress.ErrSyntax) || !strings.Contains(err.Error(), "xxe") {
		t.Errorf("err = %v, want a syntax error naming the entity", err)
	}
	if _, lerr := w.st.LegacyByID(t.Context(), store.LegacyPost, 1); lerr == nil {
		t.Error("the post was imported")
	}
	if got := w.post(2).Title; got != "Before" {
		t.Errorf("the post read whole before it = %q", got)
	}
	w.consistent()
}

func TestATruncatedExportKeepsWhatCameBeforeAndResumes(t *testing.T) {
	site, err := os.ReadFile("testdata/import-site.xml")
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(site, []byte("<title><![CDATA[Waiting for the editor]]>"))
	w := newImportWorld(t)
	sum, err := w.importBytes(site[:cut+20], wordpress.ImportOptions{})
	if !errors.Is(err, wordpress.ErrTruncated) {
		t.Fatalf("err = %v, want ErrTruncated", err)
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Created != 3 {
		t.Errorf("posts %+v, want the three read whole", *c)
	}
	if got := w.post(101).CommentCount; got != 4 {
		t.Errorf("the first post has %d approved comments, want 4", got)
	}
	w.consistent()
	// The whole file then takes up where the cut one stopped.
	sum = w.importFile("import-site.xml", wordpress.ImportOptions{})
	if c := sum.Counts[wordpress.CountPosts]; c.Created != 8 || c.Unchanged != 3 {
		t.Errorf("posts %+v after the whole file, want 8 made and 3 unchanged", *c)
	}
	w.consistent()
}

func TestBadItemsAreWarnedAboutAndTheRestImported(t *testing.T) {
	big := "<p>" + strings.Repeat("The flood waters rose again. ", 10<<20/29+1) + "</p>" // over 10 MB
	medium := "<p>" + strings.Repeat("x", content.MaxSource) + "</p>"                    // over dateline's 1 MB
	src := exportWith(
		post(1, "amara", "Before", "<p>Before.</p>", comment(11, 0, "Ann", "First.")),
		post(2, "amara", "Broken \xff\xfe text", "<p>Caf\xe9 au lait</p>", comment(21, 0, "B\xffb", "Bad \xc3 bytes.")),
		post(3, "amara", "A ten-megabyte post", big, comment(31, 0, "Ann", "On a post too large.")),
		post(4, "amara", "Over dateline's limit", medium),
		post(5, "amara", "", "<p>No title.</p>"),
		post(6, "amara", "Replies", "<p>x</p>", comment(61, 0, "A", "Top."), comment(62, 61, "B", "Reply."), comment(63, 62, "C", "Reply to a reply."), comment(64, 64, "D", "I answer myself.")),
		post(7, "amara", "After", "<p>After.</p>"),
	)
	w := newImportWorld(t)
	sum, err := w.importBytes(src, wordpress.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{1, 2, 5, 6, 7} {
		w.post(id) // each is there
	}
	if got := w.post(2).Title; got != "Broken \uFFFD\uFFFD text" {
		t.Errorf("title with invalid UTF-8 = %q, want U+FFFD in place of each bad byte", got)
	}
	if got := w.post(2).Body; !strings.Contains(got, "Caf\uFFFD au lait") {
		t.Errorf("body %q", got)
	}
	if got := w.comment(21); got.AuthorName != "B\uFFFDb" || !strings.Contains(got.Body, "Bad \uFFFD bytes.") {
		t.Errorf("comment with invalid UTF-8 = %q, %q", got.AuthorName, got.Body)
	}
	if sum.ByKind[wordpress.WarnEncoding] == 0 {
		t.Error("no encoding warning")
	}
	mustWarn(t, sum, 3, wordpress.WarnTooLarge, "")
	if _, err := w.st.LegacyByID(t.Context(), store.LegacyPost, 3); err == nil {
		t.Error("the 10 MB post was imported")
	}
	for _, id := range []int64{3, 4} { // too large to read, refused by dateline
		if l, err := w.st.LegacyByID(t.Context(), store.LegacySkipped, id); err != nil || l.ID != 0 {
			t.Errorf("skipped post %d's id = %+v, %v; want it kept as WordPress's", id, l, err)
		}
	}
	mustWarn(t, sum, 4, wordpress.WarnRefused, "")
	if _, err := w.st.LegacyByID(t.Context(), store.LegacyPost, 4); err == nil {
		t.Error("a post over dateline's limit was imported")
	}
	if got := w.post(5).Title; got != "(no title)" {
		t.Errorf("untitled post = %q", got)
	}
	mustWarn(t, sum, 5, wordpress.WarnShortened, "no title")
	if got := w.comment(63).ParentID; got != w.comment(62).ID {
		t.Errorf("a reply to a reply answers %d", got)
	}
	if got := w.comment(64).ParentID; got != 0 {
		t.Errorf("a comment that answers itself answers %d, want none", got)
	}
	// A refused post makes the store write its batch again item by item:
	// the others are searchable all the same.
	if hits, err := w.st.Search(t.Context(), store.SearchQuery{Text: "after"}); err != nil || len(hits) != 1 || hits[0].Article.ID != w.post(7).ID {
		t.Errorf("search for the post after the refused ones = %+v, %v", hits, err)
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Created != 5 || c.Skipped != 2 {
		t.Errorf("posts %+v, want 5 made and 2 skipped", *c)
	}
	w.consistent()
	// And again: nothing changes.
	before := w.dump()
	again, err := w.importBytes(src, wordpress.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	nothingChanged(t, again)
	if d := changed(before, w.dump()); len(d) > 0 {
		t.Errorf("the second import changed %s", strings.Join(d, ", "))
	}
}

func TestDuplicateItemsAndSlugs(t *testing.T) {
	// The same id twice (an export cut and joined by hand): the second
	// copy updates what the first made; a slug that two posts share is
	// numbered for the second.
	one := post(1, "amara", "First copy", "<p>1</p>", comment(11, 0, "Ann", "Once."), comment(11, 0, "Ann", "Twice."))
	dup := strings.Replace(post(1, "amara", "Second copy", "<p>2</p>"), "story-1", "story-1", 1)
	other := strings.Replace(post(2, "amara", "Same slug", "<p>x</p>"), "story-2", "story-1", -1)
	w := newImportWorld(t)
	sum, err := w.importBytes(exportWith(one, dup, other), wordpress.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.post(1).Title; got != "Second copy" {
		t.Errorf("post 1 = %q, want the later copy", got)
	}
	if got := w.post(2).Slug; got != "story-1-2" {
		t.Errorf("the second post with the slug is at %q", got)
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Created != 2 || c.Updated != 1 {
		t.Errorf("posts %+v, want 2 made and 1 updated", *c)
	}
	if got := w.comment(11).Body; got != "Once." {
		t.Errorf("comment 11 = %q, want the first of the two with its id", got)
	}
	mustWarn(t, sum, 1, wordpress.WarnRefused, "comment 11 is in the export twice")
	w.consistent()
}
