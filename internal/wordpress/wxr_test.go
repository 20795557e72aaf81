package wordpress

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// export is everything a Reader returned from one file.
type export struct {
	site     Site
	authors  []Author
	terms    []Term
	items    []Item
	skipped  []Item
	warnings []Warning
	err      error
}

func (e *export) item(t *testing.T, id int64) Item {
	t.Helper()
	for _, it := range e.items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no item %d", id)
	return Item{}
}

// readAll reads src to its end (or its first error) and checks that the
// Site comes first and only once.
func readAll(t *testing.T, src io.Reader, opts Options) *export {
	t.Helper()
	r := NewReader(src, opts)
	e := &export{}
	for n := 0; ; n++ {
		rec, err := r.Next()
		if err == io.EOF {
			return e
		}
		if err != nil {
			e.err = err
			if again, _ := r.Next(); again.Kind != 0 {
				t.Fatalf("a Reader returned a record after its error %v", err)
			}
			if _, again := r.Next(); again != err {
				t.Fatalf("after %v, Next returned %v", err, again)
			}
			return e
		}
		if (rec.Kind == RecordSite) != (n == 0) {
			t.Fatalf("record %d is a %v", n, rec.Kind)
		}
		e.warnings = append(e.warnings, rec.Warnings...)
		switch rec.Kind {
		case RecordSite:
			e.site = *rec.Site
		case RecordAuthor:
			e.authors = append(e.authors, *rec.Author)
		case RecordTerm:
			e.terms = append(e.terms, *rec.Term)
		case RecordItem:
			e.items = append(e.items, *rec.Item)
		case RecordSkipped:
			e.skipped = append(e.skipped, *rec.Item)
		default:
			t.Fatalf("record %d has kind %v", n, rec.Kind)
		}
	}
}

func readFile(t *testing.T, name string, opts Options) *export {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e := readAll(t, f, opts)
	if e.err != nil {
		t.Fatalf("%s: %v", name, e.err)
	}
	return e
}

func utc(s string) time.Time {
	t, err := time.Parse(wpDate, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReaderReadsAWordPressExport(t *testing.T) {
	e := readFile(t, "news-1.2.xml", Options{})
	wantSite := Site{Title: "The Riverside Courier", Link: "https://courier.example",
		Description: "News from both banks of the river", Language: "en-GB",
		BaseSiteURL: "https://courier.example", BaseBlogURL: "https://courier.example",
		Version: "1.2", Exported: utc("2024-05-20 09:14:03")}
	if e.site != wantSite {
		t.Errorf("site:\n got %+v\nwant %+v", e.site, wantSite)
	}
	wantAuthors := []Author{
		{ID: 2, Login: "mbanda", Email: "mary.banda@courier.example", DisplayName: "Mary Banda", FirstName: "Mary", LastName: "Banda"},
		{ID: 3, Login: "tkovac", Email: "tomas@courier.example", DisplayName: "Tomáš Kovač", FirstName: "Tomáš", LastName: "Kovač"},
	}
	if !reflect.DeepEqual(e.authors, wantAuthors) {
		t.Errorf("authors:\n got %+v\nwant %+v", e.authors, wantAuthors)
	}
	wantTerms := []Term{
		{Kind: TermCategory, Taxonomy: "category", ID: 4, Slug: "local", Name: "Local"},
		{Kind: TermCategory, Taxonomy: "category", ID: 5, Slug: "council", Name: "Council & Planning", Parent: "local", Description: "Decisions of the town council"},
		{Kind: TermTag, Taxonomy: "post_tag", ID: 9, Slug: "floods", Name: "floods"},
		{Kind: TermOther, Taxonomy: "nav_menu", ID: 12, Slug: "main-menu", Name: "Main menu"},
	}
	if !reflect.DeepEqual(e.terms, wantTerms) {
		t.Errorf("terms:\n got %+v\nwant %+v", e.terms, wantTerms)
	}
	if len(e.items) != 1 || len(e.warnings) != 0 || len(e.skipped) != 0 {
		t.Fatalf("%d items, %d skipped, warnings %v", len(e.items), len(e.skipped), e.warnings)
	}
	it := e.items[0]
	want := Item{ID: 101, Type: TypePost, Status: StatusPublish,
		Title: "Flood barrier approved after six-hour meeting",
		Link:  "https://courier.example/2024/05/14/flood-barrier-approved/", GUID: "https://courier.example/?p=101",
		Slug: "flood-barrier-approved", Creator: "mbanda", Excerpt: "Nine votes to two, after six hours.",
		Content: "<!-- wp:paragraph -->\n<p>The council voted 9–2 for the barrier.</p>\n<!-- /wp:paragraph -->\n\n" +
			"<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n" +
			"<!-- wp:paragraph -->\n<p>Work starts in <strong>September</strong>.</p>\n<!-- /wp:paragraph -->",
		Date: utc("2024-05-14 18:30:00"), Offset: time.Hour, OffsetKnown: true, Modified: utc("2024-05-15 07:02:11"),
		CommentStatus: "open", PingStatus: "open", Sticky: true,
		Terms: []ItemTerm{{"category", "council", "Council & Planning"}, {"post_tag", "floods", "floods"}},
		Meta: []Meta{{"_thumbnail_id", "201"}, {"_yoast_wpseo_title", "%%title%% %%page%% %%sep%% %%sitename%%"},
			{"_yoast_wpseo_metadesc", "The barrier will protect 400 homes on the east bank."}, {"_edit_last", "2"}},
		SEOTitle:       "Flood barrier approved after six-hour meeting - The Riverside Courier",
		SEODescription: "The barrier will protect 400 homes on the east bank.",
		Comments: []Comment{
			{ID: 501, Author: "Ann Reader", AuthorEmail: "ann@mail.example", AuthorURL: "https://ann.example", AuthorIP: "203.0.113.7",
				Date: utc("2024-05-14 19:01:00"), Content: "About time.\nWe were flooded twice.", Status: CommentApproved, Type: TypeComment,
				Meta: []Meta{{"akismet_result", "false"}}},
			{ID: 502, Parent: 501, Author: "Mary Banda", AuthorEmail: "mary.banda@courier.example", AuthorIP: "198.51.100.2",
				Date: utc("2024-05-14 19:15:00"), Content: "Thanks, Ann: we will follow the works.", Status: CommentPending, Type: TypeComment, UserID: 2},
			{ID: 503, Author: "River Watch blog", AuthorURL: "https://riverwatch.example/2024/05/barrier/", AuthorIP: "192.0.2.44",
				Date: utc("2024-05-15 06:00:00"), Content: "[&#8230;] the Courier reports the vote [&#8230;]", Status: CommentTrash, Type: TypePingback},
		},
	}
	if !reflect.DeepEqual(it, want) {
		t.Errorf("item:\n got %#v\nwant %#v", it, want)
	}
	if it.ThumbnailID() != 201 || len(it.Categories()) != 1 || it.Tags()[0].Nicename != "floods" {
		t.Errorf("helpers: thumbnail %d, categories %v, tags %v", it.ThumbnailID(), it.Categories(), it.Tags())
	}
}

func TestReaderReadsEveryWXRVersion(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("1.0, from WordPress 2.8: no authors, no term ids, bare categories and tags called tag", func(t *testing.T) {
		e := readFile(t, "wxr-1.0.xml", Options{Location: berlin})
		if e.site.Version != "1.0" || e.site.Generator != "http://wordpress.org/?v=2.8.4" || len(e.authors) != 0 {
			t.Errorf("site %+v, authors %v", e.site, e.authors)
		}
		wantTerms := []Term{
			{Kind: TermCategory, Taxonomy: "category", Slug: "uncategorized", Name: "Uncategorized"},
			{Kind: TermCategory, Taxonomy: "category", Slug: "town-hall", Name: "Town hall", Parent: "uncategorized", Description: "The council"},
			{Kind: TermTag, Taxonomy: "post_tag", Slug: "roads", Name: "roads"},
		}
		if !reflect.DeepEqual(e.terms, wantTerms) {
			t.Errorf("terms:\n got %+v\nwant %+v", e.terms, wantTerms)
		}
		post := e.item(t, 12)
		wantItemTerms := []ItemTerm{{"category", "town-hall", "Town hall"}, {"post_tag", "", "roads"}, {"post_tag", "roads", "roads"}}
		if !reflect.DeepEqual(post.Terms, wantItemTerms) {
			t.Errorf("item terms:\n got %+v\nwant %+v", post.Terms, wantItemTerms)
		}
		if post.Date != utc("2009-09-13 18:45:00") || post.DateLocal || post.Comments[0].Type != TypeComment {
			t.Errorf("post: date %v local %v, comment type %q", post.Date, post.DateLocal, post.Comments[0].Type)
		}
		draft := e.item(t, 13)
		// 09:30 in Berlin in September (summer time) is 07:30 UTC.
		if draft.Status != StatusDraft || draft.Date != utc("2009-09-14 07:30:00") || !draft.DateLocal {
			t.Errorf("draft: status %q, date %v, local %v", draft.Status, draft.Date, draft.DateLocal)
		}
	})
	t.Run("1.1, from WordPress 3.4: author ids, wp:term of a custom taxonomy", func(t *testing.T) {
		e := readFile(t, "wxr-1.1.xml", Options{})
		if e.site.Version != "1.1" || len(e.authors) != 1 || e.authors[0].ID != 5 || e.authors[0].DisplayName != "Jürgen Groß" {
			t.Errorf("site %+v, authors %+v", e.site, e.authors)
		}
		if len(e.terms) != 3 || e.terms[2] != (Term{Kind: TermOther, Taxonomy: "region", ID: 11, Slug: "oberland", Name: "Oberland"}) {
			t.Errorf("terms %+v", e.terms)
		}
		post := e.item(t, 77)
		if post.Status != StatusPending || post.Excerpt != "Um zwölf Prozent." || len(post.Terms) != 3 || post.Terms[2].Domain != "region" {
			t.Errorf("post %+v", post)
		}
	})
	t.Run("1.2, from WordPress 6", func(t *testing.T) {
		e := readFile(t, "site-1.2.xml", Options{})
		if e.site.Version != "1.2" || len(e.authors) != 3 || len(e.terms) != 5 || len(e.items) != 12 {
			t.Errorf("version %q, %d authors, %d terms, %d items", e.site.Version, len(e.authors), len(e.terms), len(e.items))
		}
	})
}

func TestReaderKeepsTextByteForByte(t *testing.T) {
	e := readFile(t, "site-1.2.xml", Options{})
	it := e.item(t, 64)
	wantTitle := "Characters: “quotes” &amp; ]]> and more"
	if it.Title != wantTitle {
		t.Errorf("title %q, want %q", it.Title, wantTitle)
	}
	wantContent := "<p>CDATA end inside: ]]> and again ]]>]]>.</p>\n" +
		`<p>Backslashes: C:\Users\layla\ and \"quoted\" and \\n stays.</p>` + "\n" +
		"<p>Entities stay as written: &amp; &lt;tag&gt; &nbsp; &#8217; &hellip;</p>\n" +
		"<p>Emoji: \U0001F469\U0001F3FD\u200D\U0001F4BB \U0001F1F9\U0001F1ED \u2764\uFE0F and a cat \U0001F408\u200D\u2B1B.</p>\n" +
		"<p>Combining: e\u0301 (e + U+0301) and \u00e9 (one code point); Zalgo: Z\u0337\u0322a\u0338l\u0335g\u0336o\u0334.</p>\n" +
		"<p dir=\"rtl\">עברית ועוד, والعربية أيضاً ١٢٣</p>\n" +
		"<p>ภาษาไทย: ท่าเรือเฟอร์รี่เปิดทุกวัน</p>"
	if it.Content != wantContent {
		t.Errorf("content:\n got %q\nwant %q", it.Content, wantContent)
	}
	if it.Excerpt != "Tabs\tand  spaces   kept" {
		t.Errorf("excerpt %q", it.Excerpt)
	}
	if it.Slug != "%e0%b8%95%e0%b8%b1%e0%b8%a7%e0%b8%ad%e0%b8%b1%e0%b8%81%e0%b8%a9%e0%b8%a3" {
		t.Errorf("slug %q: WordPress's percent-encoding is kept for the importer to decode", it.Slug)
	}
	if e.authors[1].DisplayName != "สมชาย ใจดี" || e.authors[2].DisplayName != "ليلى حداد" {
		t.Errorf("authors %+v", e.authors)
	}
	if e.site.Title != "Harbour & Hill Weekly" {
		t.Errorf("site title %q: &amp; outside CDATA is an escaped &", e.site.Title)
	}
}

func TestReaderReadsTheShapesOfRealSites(t *testing.T) {
	e := readFile(t, "site-1.2.xml", Options{})
	if len(e.warnings) != 0 {
		t.Errorf("warnings %v", e.warnings)
	}
	t.Run("a page with its parent and menu order", func(t *testing.T) {
		about, team := e.item(t, 30), e.item(t, 31)
		if about.Type != TypePage || about.MenuOrder != 1 || team.Parent != 30 || team.MenuOrder != 2 || team.Type != TypePage {
			t.Errorf("about %+v\nteam %+v", about, team)
		}
	})
	t.Run("an attachment keeps its address, file, caption and alt text; serialized metadata stays text", func(t *testing.T) {
		a := e.item(t, 41)
		if a.Type != TypeAttachment || a.Status != StatusInherit || a.Parent != 50 ||
			a.AttachmentURL != "https://harbour.example/news/wp-content/uploads/2024/02/ferry-dawn.jpg" ||
			a.AttachedFile() != "2024/02/ferry-dawn.jpg" || a.AltText() != "A ferry leaving the pier in the first light" ||
			a.Excerpt != "The 6:10 ferry leaves the <em>north</em> pier." {
			t.Errorf("attachment %+v", a)
		}
		meta, _ := a.MetaValue("_wp_attachment_metadata")
		if !strings.HasPrefix(meta, `a:5:{s:5:"width";i:1600;`) || !strings.HasSuffix(meta, `"image/jpeg";}}}`) {
			t.Errorf("metadata %q", meta)
		}
	})
	t.Run("a PHP object in meta is a string, nothing more", func(t *testing.T) {
		post := e.item(t, 50)
		v, _ := post.MetaValue("_menu_item_classes")
		if v != `O:8:"stdClass":1:{s:4:"exec";s:11:"rm -rf /tmp";}` {
			t.Errorf("meta %q", v)
		}
	})
	t.Run("Yoast variables are filled in from the item and the site", func(t *testing.T) {
		post := e.item(t, 50)
		if post.SEOTitle != "Ferries in pictures - Night boats - Harbour & Hill Weekly" || post.SEODescription != "" {
			t.Errorf("SEO title %q, description %q", post.SEOTitle, post.SEODescription)
		}
	})
	t.Run("drafts, scheduled, private and protected posts keep their status and dates", func(t *testing.T) {
		draft, future, private, protected := e.item(t, 60), e.item(t, 61), e.item(t, 62), e.item(t, 63)
		if draft.Status != StatusDraft || !draft.DateLocal || draft.Date != utc("2024-03-01 18:30:00") || draft.Slug != "" {
			t.Errorf("draft %+v", draft)
		}
		if future.Status != StatusFuture || future.Date != utc("2024-03-15 02:00:00") || future.DateLocal {
			t.Errorf("scheduled %+v", future)
		}
		if private.Status != StatusPrivate || protected.Password != "gangway" || protected.Creator != "ghostwriter" {
			t.Errorf("private %+v\nprotected %+v", private, protected)
		}
	})
	t.Run("trackbacks, spam and a ten-deep thread", func(t *testing.T) {
		cs := e.item(t, 50).Comments
		if len(cs) != 2 || cs[0].Type != TypeTrackback || cs[0].Status != CommentApproved ||
			cs[1].Status != CommentSpam || !cs[1].DateLocal || cs[1].Date != utc("2024-02-02 13:00:00") {
			t.Errorf("comments %+v", cs)
		}
		thread := e.item(t, 64).Comments
		if len(thread) != 10 {
			t.Fatalf("%d comments", len(thread))
		}
		for i, c := range thread[1:9] {
			if c.Parent != thread[i].ID {
				t.Errorf("comment %d answers %d, want %d", c.ID, c.Parent, thread[i].ID)
			}
		}
		if thread[3].Status != CommentPending || thread[7].Status != CommentTrash || thread[9].Parent != 777 {
			t.Errorf("thread %+v", thread)
		}
	})
	t.Run("other post types come through as they are, for the importer to skip", func(t *testing.T) {
		if e.item(t, 70).Type != "nav_menu_item" || e.item(t, 71).Type != "wp_block" {
			t.Errorf("types %q %q", e.item(t, 70).Type, e.item(t, 71).Type)
		}
	})
}

// wxr wraps items in a WXR 1.2 file.
func wxr(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>T</title>
<wp:wxr_version>1.2</wp:wxr_version>
` + strings.Join(items, "\n") + `
</channel>
</rss>
`
}

// item is a small post with the given id and extra elements.
func item(id, extra string) string {
	return `<item><title>Post ` + id + `</title><wp:post_id>` + id + `</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>` +
		`<wp:post_date_gmt>2024-01-02 03:04:05</wp:post_date_gmt>` + extra + `</item>`
}

func TestReaderRefusesWhatIsNotAWordPressExport(t *testing.T) {
	site, err := os.ReadFile(filepath.Join("testdata", "site-1.2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, src string
		want      error
		msg       string
		line      int
	}{
		{"an empty file", "", ErrNotXML, "the file is empty", 0},
		{"a file of white space", " \n\t\n", ErrNotXML, "no root element", 0},
		{"a text file", "Dear editor,\nhere are my posts.", ErrNotXML, `it starts with "Dear editor,\nhere ar…"`, 2},
		{"a JSON file", `{"posts": []}`, ErrNotXML, `it starts with "{\"posts\": []}"`, 1},
		{"a gzip-compressed export", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xed\xbd", ErrNotXML, "not XML", 1},
		{"a broken tag before the root", "<?xml version=\"1.0\"?>\n<rss <channel>", ErrNotXML, "not XML", 2},
		{"an Atom feed", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>`, ErrNotWXR, "root element is <feed>, not <rss>", 1},
		{"an HTML page", "<html><body><p>WordPress</p></body></html>", ErrNotWXR, "root element is <html>", 1},
		{"rss without a channel", `<rss version="2.0"></rss>`, ErrNotWXR, "no channel", 1},
		{"an RSS feed of the same site",
			`<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title><link>https://courier.example</link>` +
				`<item><title>Flood barrier</title><link>https://courier.example/?p=1</link></item></channel></rss>`,
			ErrNotWXR, "an RSS feed, not a WordPress export", 1},
		{"an export without its version",
			`<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>x</title>` + item("1", "") + `</channel></rss>`,
			ErrVersion, "does not say its WXR version", 1},
		{"an export of a version from the future",
			`<rss xmlns:wp="http://wordpress.org/export/1.3/"><channel><wp:wxr_version>1.3</wp:wxr_version>` + item("1", "") + `</channel></rss>`,
			ErrVersion, `WXR version "1.3"; dateline reads versions 1.0, 1.1 and 1.2`, 1},
		{"an export in Latin-1", `<?xml version="1.0" encoding="ISO-8859-1"?><rss/>`, ErrEncoding, `the export is in "ISO-8859-1"; only UTF-8 is read`, 1},
		{"a billion laughs", `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><title>&lol3;</title></channel></rss>`, ErrDTD, "declares a document type or entity (<!DOCTYPE)", 2},
		{"a doctype without entities", "<!DOCTYPE rss>\n" + wxr(), ErrDTD, "a WordPress export has none", 1},
		{"an entity declared later on", wxr(item("1", `<!ENTITY x "y">`)), ErrDTD, "(<!ENTITY)", 6},
		{"an undeclared entity", wxr(item("1", `<wp:post_name>&xxe;</wp:post_name>`)), ErrSyntax, "invalid character entity &xxe;", 6},
		{"a tag left open in an item", wxr(item("1", `<wp:post_name>slug</wp:status>`)), ErrSyntax, "not well-formed XML", 6},
		{"elements nested 100 deep", wxr(item("1", strings.Repeat("<x>", 100)+strings.Repeat("</x>", 100))), ErrSyntax, "nested more than 64 deep", 6},
		{"a tag longer than 64 KB", wxr(item("1", `<category domain="`+strings.Repeat("a", 70<<10)+`">x</category>`)), ErrSyntax, "a tag is longer than 64 KB", 6},
		{"an export cut off in an item", string(site[:len(site)/2]), ErrTruncated, "the file ends in the middle of", 0},
		{"an export cut off after its channel", strings.TrimSuffix(string(site), "</rss>\n"), ErrTruncated, "truncated", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := readAll(t, strings.NewReader(tc.src), Options{})
			if !errors.Is(e.err, tc.want) {
				t.Fatalf("error %v, want %v", e.err, tc.want)
			}
			if !strings.Contains(e.err.Error(), tc.msg) {
				t.Errorf("error %q does not say %q", e.err, tc.msg)
			}
			var fe *Error
			if !errors.As(e.err, &fe) {
				t.Fatalf("error %T is not an *Error", e.err)
			}
			if tc.line != 0 && fe.Line != tc.line {
				t.Errorf("error on line %d, want %d", fe.Line, tc.line)
			}
		})
	}
}

func TestReaderReportsWhereATruncatedFileEnds(t *testing.T) {
	site, err := os.ReadFile(filepath.Join("testdata", "site-1.2.xml"))
	if err != nil {
		t.Fatal(err)
	}
	whole := readAll(t, bytes.NewReader(site), Options{})
	start := bytes.Index(site, []byte("<rss"))
	for cut := start + 10; cut < len(site)-1; cut += 211 {
		e := readAll(t, bytes.NewReader(site[:cut]), Options{})
		if !errors.Is(e.err, ErrTruncated) {
			t.Fatalf("cut at %d: %v", cut, e.err)
		}
		var fe *Error
		errors.As(e.err, &fe)
		if want := bytes.Count(site[:cut], []byte("\n")) + 1; fe.Line != want {
			t.Fatalf("cut at %d: line %d, want %d", cut, fe.Line, want)
		}
		// What was read before the cut is what the whole file gives.
		for i, it := range e.items {
			if !reflect.DeepEqual(it, whole.items[i]) {
				t.Fatalf("cut at %d: item %d differs", cut, it.ID)
			}
		}
	}
}

func TestReaderNeverReadsAnExternalEntity(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(secret, []byte("the-secret-in-the-file"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{
		`<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://` + secret + `">]>` + wxr(item("1", "<wp:post_name>&xxe;</wp:post_name>")),
		`<?xml version="1.0"?><!DOCTYPE rss SYSTEM "file://` + secret + `">` + wxr(item("1", "")),
		wxr(item("1", `<wp:post_name>&xxe;</wp:post_name>`)),
	} {
		e := readAll(t, strings.NewReader(src), Options{})
		if e.err == nil {
			t.Fatalf("no error for %q", src)
		}
		if strings.Contains(e.err.Error(), "the-secret") || len(e.items) > 0 && strings.Contains(e.items[0].Slug, "the-secret") {
			t.Fatalf("the file was read: %v", e.err)
		}
	}
}

func TestReaderWarnsAboutOneItemAndReadsTheRest(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		opts  Options
		kind  WarningKind
		msg   string
		check func(t *testing.T, e *export)
	}{
		{
			name: "invalid UTF-8 in a title is replaced and warned about on its item",
			src:  wxr(item("1", ""), item("2", "<wp:post_name>caf\xe9-\xff\xfe</wp:post_name>"), item("3", "")),
			kind: WarnEncoding, msg: "3 invalid UTF-8 sequences or characters XML forbids were replaced with U+FFFD (the first on line 7)",
			check: func(t *testing.T, e *export) {
				if len(e.items) != 3 || e.items[1].Slug != "caf\uFFFD-\uFFFD\uFFFD" || e.warnings[0].ItemID != 2 || e.warnings[0].Line != 7 {
					t.Errorf("items %+v, warnings %+v", e.items, e.warnings)
				}
			},
		},
		{
			name: "a control character in a body is replaced",
			src:  wxr(item("7", "<content:encoded><![CDATA[line\x0bbreak\x00]]></content:encoded>")),
			kind: WarnEncoding, msg: "2 invalid UTF-8 sequences",
			check: func(t *testing.T, e *export) {
				if e.items[0].Content != "line\uFFFDbreak\uFFFD" {
					t.Errorf("content %q", e.items[0].Content)
				}
			},
		},
		{
			name: "a body over 10 MB skips its item",
			src: wxr(item("1", ""), item("2", "<content:encoded><![CDATA["+strings.Repeat("<p>flood</p>\n", 11<<20/13)+"]]></content:encoded>"+
				"<wp:comment><wp:comment_id>5</wp:comment_id></wp:comment>"), item("3", "")),
			kind: WarnTooLarge, msg: "the item was skipped: its body is larger than 10 MB",
			check: func(t *testing.T, e *export) {
				if len(e.items) != 2 || len(e.skipped) != 1 {
					t.Fatalf("%d items, %d skipped", len(e.items), len(e.skipped))
				}
				s := e.skipped[0]
				if s.ID != 2 || s.Title != "Post 2" || s.Content != "" || s.Comments != nil || e.warnings[0].ItemID != 2 {
					t.Errorf("skipped %+v, warnings %v", s, e.warnings)
				}
			},
		},
		{
			name: "a body over the limit as several CDATA sections",
			src:  wxr(item("4", "<content:encoded><![CDATA[abcdef]]><![CDATA[ghijkl]]></content:encoded>")),
			opts: Options{MaxBody: 10},
			kind: WarnTooLarge, msg: "its body is larger than 10 bytes",
		},
		{
			name: "an excerpt over the limit",
			src:  wxr(item("4", "<excerpt:encoded>"+strings.Repeat("x", 11)+"</excerpt:encoded>")),
			opts: Options{MaxBody: 10},
			kind: WarnTooLarge, msg: "its excerpt is larger than 10 bytes",
		},
		{
			name: "a title over 64 KB",
			src:  wxr(`<item><wp:post_id>9</wp:post_id><title>` + strings.Repeat("t", 65<<10) + `</title></item>`),
			kind: WarnTooLarge, msg: "its title is larger than 64 KB",
		},
		{
			name: "a comment over its limit is left out, the others kept",
			src: wxr(item("1", "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_content>short</wp:comment_content></wp:comment>"+
				"<wp:comment><wp:comment_id>2</wp:comment_id><wp:comment_content>"+strings.Repeat("y", 100)+"</wp:comment_content></wp:comment>"+
				"<wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_content>short too</wp:comment_content></wp:comment>")),
			opts: Options{MaxComment: 50},
			kind: WarnTooLarge, msg: "comment 2 was left out: its comment_content is larger than 64 KB",
			check: func(t *testing.T, e *export) {
				if cs := e.items[0].Comments; len(cs) != 2 || cs[0].ID != 1 || cs[1].ID != 3 {
					t.Errorf("comments %+v", cs)
				}
			},
		},
		{
			name: "an item holding too much keeps what fits",
			src:  wxr(item("1", strings.Repeat("<wp:comment><wp:comment_content>"+strings.Repeat("z", 100)+"</wp:comment_content></wp:comment>", 50))),
			opts: Options{MaxItem: 2000},
			kind: WarnTooLarge, msg: "the item holds more than 2000 bytes; 39 of its comments and meta values were left out",
			check: func(t *testing.T, e *export) {
				if len(e.items[0].Comments) != 11 {
					t.Errorf("%d comments", len(e.items[0].Comments))
				}
			},
		},
		{
			name: "an unknown comment status holds the comment",
			src:  wxr(item("1", "<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_approved>maybe</wp:comment_approved></wp:comment>")),
			kind: WarnBadValue, msg: `comment_approved "maybe" is not a status WordPress writes`,
			check: func(t *testing.T, e *export) {
				if e.items[0].Comments[0].Status != CommentPending {
					t.Errorf("status %q", e.items[0].Comments[0].Status)
				}
			},
		},
		{
			name: "a parent that is not a number",
			src:  wxr(item("1", "<wp:post_parent>twelve</wp:post_parent>")),
			kind: WarnBadValue, msg: `post_parent "twelve" is not a number`,
		},
		{
			name: "a GMT date that is not a date falls back to the local one",
			src:  wxr(`<item><wp:post_id>1</wp:post_id><wp:post_date>2024-01-02 10:00:00</wp:post_date><wp:post_date_gmt>yesterday</wp:post_date_gmt></item>`),
			kind: WarnBadValue, msg: `post_date_gmt "yesterday" is not a date; post_date is used`,
			check: func(t *testing.T, e *export) {
				if it := e.items[0]; it.Date != utc("2024-01-02 10:00:00") || !it.DateLocal {
					t.Errorf("date %v local %v", it.Date, it.DateLocal)
				}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := readAll(t, strings.NewReader(tc.src), tc.opts)
			if e.err != nil {
				t.Fatal(e.err)
			}
			if len(e.warnings) != 1 || e.warnings[0].Kind != tc.kind || !strings.Contains(e.warnings[0].Message, tc.msg) {
				t.Fatalf("warnings %+v, want one %s saying %q", e.warnings, tc.kind, tc.msg)
			}
			if tc.check != nil {
				tc.check(t, e)
			}
		})
	}
}

func TestReaderReadsHTMLEntitiesOutsideCDATA(t *testing.T) {
	e := readAll(t, strings.NewReader(wxr(`<item><wp:post_id>1</wp:post_id><title>Caf&eacute;&nbsp;&amp;&#8217;s &lt;b&gt;</title></item>`)), Options{})
	if e.err != nil || e.items[0].Title != "Café\u00a0&’s <b>" {
		t.Fatalf("%v %q", e.err, e.items[0].Title)
	}
}

func TestReaderAcceptsUndeclaredPrefixesAndAByteOrderMark(t *testing.T) {
	src := "\xEF\xBB\xBF<rss><channel><wp:wxr_version>1.1</wp:wxr_version>" +
		"<item><wp:post_id>3</wp:post_id><content:encoded>body</content:encoded><excerpt:encoded>ex</excerpt:encoded><dc:creator>me</dc:creator></item></channel></rss>"
	e := readAll(t, strings.NewReader(src), Options{})
	if e.err != nil {
		t.Fatal(e.err)
	}
	if it := e.items[0]; it.ID != 3 || it.Content != "body" || it.Excerpt != "ex" || it.Creator != "me" {
		t.Errorf("item %+v", it)
	}
}

func TestGuardBoundsWhatTheDecoderHolds(t *testing.T) {
	const limit = 1000
	cases := []struct{ name, open, fill, close string }{
		{"text", "<a>", "x&amp;", "</a>"},
		{"CDATA", "<a><![CDATA[", "y]", "]]></a>"},
		{"comment", "<a><!--", "z-", "--></a>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := io.MultiReader(strings.NewReader(tc.open), &repeater{s: tc.fill, n: 1 << 20}, strings.NewReader(tc.close))
			out, err := io.ReadAll(newGuard(src, limit))
			if err != nil {
				t.Fatal(err)
			}
			if len(out) > limit+len(tc.open)+len(tc.close)+8 {
				t.Fatalf("the guard let %d bytes through", len(out))
			}
			// What it lets through is still well-formed XML.
			e := readAll(t, strings.NewReader(wxr(item("1", "<wp:post_name>"+string(out)+"</wp:post_name>"))), Options{})
			if e.err != nil {
				t.Fatal(e.err)
			}
		})
	}
}

// repeater reads as s repeated n times, without holding it.
type repeater struct {
	s    string
	n    int
	done int
	off  int
}

func (r *repeater) Read(p []byte) (int, error) {
	w := 0
	for w < len(p) {
		if r.done == r.n {
			if w == 0 {
				return 0, io.EOF
			}
			break
		}
		k := copy(p[w:], r.s[r.off:])
		w += k
		r.off += k
		if r.off == len(r.s) {
			r.off = 0
			r.done++
		}
	}
	return w, nil
}

func TestReaderSkipsAHugeBodyWithoutHoldingIt(t *testing.T) {
	head := strings.TrimSuffix(wxr(), "\n</channel>\n</rss>\n")
	src := io.MultiReader(
		strings.NewReader(head+"<item><wp:post_id>1</wp:post_id><content:encoded><![CDATA["),
		&repeater{s: "<p>" + strings.Repeat("word ", 200) + "</p>\n", n: 200_000}, // 200 MB
		strings.NewReader("]]></content:encoded></item>"+item("2", "")+"</channel></rss>"),
	)
	r := NewReader(src, Options{MaxBody: 1 << 20})
	var kinds []RecordKind
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, rec.Kind)
	}
	if !reflect.DeepEqual(kinds, []RecordKind{RecordSite, RecordSkipped, RecordItem}) {
		t.Errorf("records %v", kinds)
	}
	if r.Offset() < 200_000*1008 {
		t.Errorf("offset %d: the whole file was not read", r.Offset())
	}
}

func TestReaderDatesUseTheGivenZoneOnlyWithoutGMT(t *testing.T) {
	tokyo := time.FixedZone("JST", 9*3600)
	src := wxr(`<item><wp:post_id>1</wp:post_id><wp:post_date>2024-01-02 09:00:00</wp:post_date><wp:post_date_gmt>2024-01-02 00:00:00</wp:post_date_gmt>`+
		`<wp:comment><wp:comment_date>2024-01-02 10:00:00</wp:comment_date><wp:comment_date_gmt>0000-00-00 00:00:00</wp:comment_date_gmt></wp:comment></item>`,
		`<item><wp:post_id>2</wp:post_id><wp:post_date>2024-01-02 09:00:00</wp:post_date></item>`,
		`<item><wp:post_id>3</wp:post_id><wp:post_date>0000-00-00 00:00:00</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt></item>`)
	e := readAll(t, strings.NewReader(src), Options{Location: tokyo})
	if e.err != nil {
		t.Fatal(e.err)
	}
	if it := e.items[0]; it.Date != utc("2024-01-02 00:00:00") || it.DateLocal || it.Comments[0].Date != utc("2024-01-02 01:00:00") || !it.Comments[0].DateLocal {
		t.Errorf("item 1: %v %v, comment %v %v", it.Date, it.DateLocal, it.Comments[0].Date, it.Comments[0].DateLocal)
	}
	if it := e.items[1]; it.Date != utc("2024-01-02 00:00:00") || !it.DateLocal || it.Date.Location() != time.UTC {
		t.Errorf("item 2: %v %v", it.Date, it.DateLocal)
	}
	if it := e.items[2]; !it.Date.IsZero() {
		t.Errorf("item 3: %v", it.Date)
	}
}

func FuzzReader(f *testing.F) {
	for _, name := range []string{"news-1.2.xml", "wxr-1.0.xml", "wxr-1.1.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(wxr(item("1", "<content:encoded><![CDATA[x]]]]><![CDATA[>]]></content:encoded>"))))
	f.Add([]byte("<!DOCTYPE x [<!ENTITY a 'b'>]><rss/>"))
	f.Add([]byte("\xff\xfe<\x00r\x00"))
	f.Fuzz(func(t *testing.T, src []byte) {
		r := NewReader(bytes.NewReader(src), Options{MaxBody: 1 << 10, MaxComment: 256, MaxItem: 4 << 10})
		for range 10_000 {
			rec, err := r.Next()
			if err != nil {
				var fe *Error
				if err != io.EOF && !errors.As(err, &fe) {
					t.Fatalf("error %T %v is not an *Error", err, err)
				}
				return
			}
			if rec.Item != nil && len(rec.Item.Content) > 1<<10 {
				t.Fatalf("a body of %d bytes came through a limit of 1 KB", len(rec.Item.Content))
			}
		}
		t.Fatal("more records than the file has bytes")
	})
}
