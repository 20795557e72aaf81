package wordpress_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/wordpress"
)

// The import of testdata/import-site.xml, a hand-written export of a small
// news site with every shape a WordPress site has, checked thing by thing
// against what a newsroom moving over relies on.

// article is what the WordPress post or page wpID became.
func (w *importWorld) article(kind store.LegacyKind, wpID int64) content.Article {
	w.t.Helper()
	ctx := context.Background()
	l, err := w.st.LegacyByID(ctx, kind, wpID)
	if err != nil {
		w.t.Fatalf("no link of %s %d: %v", kind, wpID, err)
	}
	a, err := w.st.ArticleByID(ctx, l.ID)
	if err != nil {
		w.t.Fatalf("%s %d: article %d: %v", kind, wpID, l.ID, err)
	}
	return a
}

func (w *importWorld) post(wpID int64) content.Article { return w.article(store.LegacyPost, wpID) }

// comment is what the WordPress comment wpID became.
func (w *importWorld) comment(wpID int64) content.Comment {
	w.t.Helper()
	ctx := context.Background()
	l, err := w.st.LegacyByID(ctx, store.LegacyComment, wpID)
	if err != nil {
		w.t.Fatalf("no link of comment %d: %v", wpID, err)
	}
	c, err := w.st.CommentByID(ctx, l.ID)
	if err != nil {
		w.t.Fatalf("comment %d: %v", wpID, err)
	}
	return c
}

func (w *importWorld) member(email string) content.User {
	w.t.Helper()
	u, err := w.st.UserByEmail(context.Background(), email)
	if err != nil {
		w.t.Fatalf("no member %s: %v", email, err)
	}
	return u
}

// passwordHash is the member's stored password hash, "" for none.
func (w *importWorld) passwordHash(id int64) string {
	w.t.Helper()
	db, err := sql.Open("sqlite", "file:"+w.path+"?mode=ro")
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	var h string
	if err := db.QueryRow(`SELECT password_hash FROM users WHERE id = ?`, id).Scan(&h); err != nil {
		w.t.Fatal(err)
	}
	return h
}

// warned reports whether sum has a warning of kind about item whose
// message has text.
func warned(sum *wordpress.Summary, item int64, kind wordpress.WarningKind, text string) bool {
	for _, w := range sum.Warnings {
		if w.ItemID == item && w.Kind == kind && strings.Contains(w.Message, text) {
			return true
		}
	}
	return false
}

func mustWarn(t *testing.T, sum *wordpress.Summary, item int64, kind wordpress.WarningKind, text string) {
	t.Helper()
	if !warned(sum, item, kind, text) {
		t.Errorf("no %s warning about item %d saying %q; warnings:\n%s", kind, item, text, summaryText(sum))
	}
}

var bangkok = mustZone("Asia/Bangkok")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func TestImportedStatusesFollowWordPress(t *testing.T) {
	w := newImportWorld(t)
	sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
	for _, tc := range []struct {
		name string
		wpID int64
		want content.Status
	}{
		{"publish is published", 101, content.StatusPublished},
		{"draft is a draft", 103, content.StatusDraft},
		{"pending is waiting for review", 104, content.StatusPending},
		{"future is scheduled", 105, content.StatusScheduled},
		{"private is a draft", 106, content.StatusDraft},
		{"trash is trashed", 107, content.StatusTrashed},
		{"a password-protected post is a draft", 108, content.StatusDraft},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := w.post(tc.wpID).Status; got != tc.want {
				t.Errorf("status %q, want %q", got, tc.want)
			}
		})
	}
	mustWarn(t, sum, 108, wordpress.WarnStatus, "password-protected")
	mustWarn(t, sum, 106, wordpress.WarnStatus, "private")
	if got := w.post(105).PublishedAt; !got.Equal(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the scheduled post is due at %v, want its WordPress date", got)
	}
	if got := w.post(107).PublishedAt; got.IsZero() {
		t.Error("a post trashed after publication lost its publication time (its address would not answer 'gone')")
	}
	if got := w.post(103).PublishedAt; !got.IsZero() {
		t.Errorf("a draft has the publication time %v", got)
	}
}

func TestImportedDatesAreWordPressGMTElseLocalInTheZone(t *testing.T) {
	w := newImportWorld(t)
	w.importFile("import-site.xml", wordpress.ImportOptions{Location: bangkok})
	if got, want := w.post(101).PublishedAt, time.Date(2024, 5, 14, 11, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("published %v, want post_date_gmt %v", got, want)
	}
	if got, want := w.post(101).UpdatedAt, time.Date(2024, 5, 15, 1, 2, 11, 0, time.UTC); !got.Equal(want) {
		t.Errorf("updated %v, want post_modified_gmt %v", got, want)
	}
	// The draft's post_date_gmt is 0000-00-00: its post_date, 10:00 in
	// Bangkok, is 03:00 UTC.
	if got, want := w.post(103).CreatedAt, time.Date(2024, 5, 16, 3, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("the draft was written %v, want post_date in --zone %v", got, want)
	}
	if got, want := w.comment(501).CreatedAt, time.Date(2024, 5, 14, 13, 1, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("comment posted %v, want comment_date_gmt %v", got, want)
	}

	other := newImportWorld(t)
	other.importFile("import-site.xml", wordpress.ImportOptions{Location: time.UTC})
	if got, want := other.post(103).CreatedAt, time.Date(2024, 5, 16, 10, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("in UTC the draft was written %v, want %v", got, want)
	}
}

func TestImportedAuthorsBecomeMembersWithoutPasswords(t *testing.T) {
	t.Run("contributors by default, with their names and emails", func(t *testing.T) {
		w := newImportWorld(t)
		sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
		amara := w.member("amara@gazette.test")
		if amara.Name != "Amara Okafor" || amara.Role != content.RoleContributor || amara.Slug != "amara" {
			t.Errorf("amara = %+v; want Amara Okafor, a contributor, at /author/amara/", amara)
		}
		if h := w.passwordHash(amara.ID); h != "" {
			t.Errorf("an imported author has a password (%q); they set one by a reset", h)
		}
		if got := w.post(101).Author.ID; got != amara.ID {
			t.Errorf("post 101 is by member %d, want amara %d", got, amara.ID)
		}
		// An imported post's byline is its author alone, as WordPress has one.
		if by := w.post(101).Authors; len(by) != 1 || by[0].ID != amara.ID || by[0].Name != "Amara Okafor" {
			t.Errorf("post 101's byline = %+v, want amara alone", by)
		}
		// boon has no email: a made-up one that reaches no one.
		boon := w.member("boon@gazette.test.invalid")
		if boon.Name != "Boonsri Chai" || w.post(102).Author.ID != boon.ID {
			t.Errorf("boon = %+v, post 102 by %d", boon, w.post(102).Author.ID)
		}
		mustWarn(t, sum, 0, wordpress.WarnAuthor, "boon has no usable email")
		// ghost is not among the export's authors.
		fb := w.member("wordpress-import@gazette.test.invalid")
		if fb.Name != "WordPress import" || w.post(109).Author.ID != fb.ID {
			t.Errorf("fallback = %+v, post 109 by %d", fb, w.post(109).Author.ID)
		}
		mustWarn(t, sum, 109, wordpress.WarnAuthor, "written by ghost")
		if c := sum.Counts[wordpress.CountAuthors]; c.Created != 3 {
			t.Errorf("authors %+v, want 3 made (two authors and the fallback)", *c)
		}
		if l, err := w.st.LegacyByID(context.Background(), store.LegacyAuthor, 2); err != nil || l.ID != amara.ID || l.Path != "/author/amara" {
			t.Errorf("?author=2 link = %+v, %v", l, err)
		}
	})
	t.Run("with --role and a named fallback member", func(t *testing.T) {
		w := newImportWorld(t)
		w.importFile("import-site.xml", wordpress.ImportOptions{Role: content.RoleEditor, FallbackAuthor: "The Desk <desk@gazette.test>"})
		if got := w.member("amara@gazette.test").Role; got != content.RoleEditor {
			t.Errorf("role %q, want editor", got)
		}
		desk := w.member("desk@gazette.test")
		if desk.Name != "The Desk" || w.post(109).Author.ID != desk.ID {
			t.Errorf("fallback %+v; post 109 by %d", desk, w.post(109).Author.ID)
		}
		if h := w.passwordHash(desk.ID); h != "" {
			t.Error("the fallback member has a password")
		}
	})
	t.Run("a member with the author's email is theirs", func(t *testing.T) {
		w := newImportWorld(t)
		u := content.User{Email: "amara@gazette.test", Name: "Amara O.", Slug: "amara-o", Role: content.RoleAdmin}
		if err := w.st.CreateUser(context.Background(), &u); err != nil {
			t.Fatal(err)
		}
		sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
		if got := w.member("amara@gazette.test"); got.Role != content.RoleAdmin || got.Name != "Amara O." || w.post(101).Author.ID != u.ID {
			t.Errorf("the existing member became %+v; post 101 by %d", got, w.post(101).Author.ID)
		}
		if c := sum.Counts[wordpress.CountAuthors]; c.Unchanged != 1 || c.Created != 2 {
			t.Errorf("authors %+v, want amara found and two made", *c)
		}
	})
	t.Run("a malformed fallback address is a clear error", func(t *testing.T) {
		w := newImportWorld(t)
		src := exportWith(post(1, "ghost", "An orphan", "<p>x</p>"))
		_, err := w.importBytes(src, wordpress.ImportOptions{FallbackAuthor: "not an address"})
		if err == nil || !strings.Contains(err.Error(), `"not an address" is not an email address`) {
			t.Errorf("err = %v", err)
		}
	})
}

func TestImportedCategoriesKeepTheirHierarchyAsAddresses(t *testing.T) {
	w := newImportWorld(t)
	sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
	ctx := context.Background()
	world, err := w.st.CategoryBySlug(ctx, "world")
	if err != nil || world.Name != "World" || world.Description != "Beyond the delta" {
		t.Fatalf("world = %+v, %v", world, err)
	}
	if got := w.post(101).Category.ID; got != world.ID {
		t.Errorf("post 101 is in section %d, want World %d", got, world.ID)
	}
	// dateline's sections are flat: the child's old address under its
	// parent leads to it.
	l, err := w.st.LegacyByPath(ctx, "/category/news/world/")
	if err != nil || l.Kind != store.LegacyCategory || l.ID != world.ID {
		t.Errorf("/category/news/world/ = %+v, %v; want section %d", l, err, world.ID)
	}
	news, _ := w.st.CategoryBySlug(ctx, "news")
	if l, err := w.st.LegacyByID(ctx, store.LegacyCategory, 4); err != nil || l.ID != news.ID || l.Path != "/category/news" {
		t.Errorf("?cat=4 = %+v, %v", l, err)
	}
	// Parents first in the navigation.
	cats, _ := w.st.Categories(ctx)
	pos := map[string]int{}
	for _, c := range cats {
		pos[c.Slug] = c.Position
	}
	if pos["news"] >= pos["world"] {
		t.Errorf("positions %v: the parent should come before its child", pos)
	}
	// Uncategorized is passed over for the post's other category.
	if got := w.post(102).Category.ID; got != news.ID {
		t.Errorf("post 102 in %d, want News %d", got, news.ID)
	}
	mustWarn(t, sum, 102, "sections", "it is in news, not in uncategorized")
	// A category the header did not list is made on the way.
	letters, err := w.st.CategoryBySlug(ctx, "letters")
	if err != nil || letters.Name != "Letters" || w.post(109).Category.ID != letters.ID {
		t.Errorf("letters = %+v, %v", letters, err)
	}
}

func TestImportedTagsStickyPostsAndSEO(t *testing.T) {
	w := newImportWorld(t)
	w.importFile("import-site.xml", wordpress.ImportOptions{})
	a := w.post(101)
	var tags []string
	for _, tg := range a.Tags {
		tags = append(tags, tg.Name+"="+tg.Slug)
	}
	if got := strings.Join(tags, ","); got != "Floods=floods,ไทย=ไทย" {
		t.Errorf("tags %s; want Floods and the Thai tag with its slug decoded", got)
	}
	if !a.MustRead || w.post(102).MustRead {
		t.Errorf("must-read: sticky post %v, other %v", a.MustRead, w.post(102).MustRead)
	}
	if !a.CommentsOpen || w.post(102).CommentsOpen {
		t.Errorf("comments open: %v and %v, want open and closed as in WordPress", a.CommentsOpen, w.post(102).CommentsOpen)
	}
	if a.SEOTitle != "Barrier approved" || a.SEODesc != "The barrier will protect 400 homes on the east bank." {
		t.Errorf("SEO %q / %q; want Yoast's title and description", a.SEOTitle, a.SEODesc)
	}
	if strings.Contains(a.Source+a.Body, "stdClass") {
		t.Error("serialized PHP meta reached the article")
	}
	if tg, err := w.st.LegacyByID(context.Background(), store.LegacyTag, 10); err != nil || tg.Path != "/tag/%e0%b9%84%e0%b8%97%e0%b8%a2" && tg.Path != "/tag/ไทย" {
		t.Errorf("?tag_id=10 = %+v, %v", tg, err)
	}
}

func TestImportedCommentsKeepTheirThreadsAndStatuses(t *testing.T) {
	w := newImportWorld(t)
	sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
	story := w.post(101)
	amara := w.member("amara@gazette.test")
	for _, tc := range []struct {
		name   string
		wpID   int64
		parent int64 // WordPress id, 0 for top-level
		status content.CommentStatus
		author string
	}{
		{"an approved comment", 501, 0, content.CommentApproved, "Ann Reader"},
		{"a reply by the author", 502, 501, content.CommentApproved, "Amara Okafor"},
		{"a pending reply to a reply", 506, 502, content.CommentPending, "Pat"},
		{"spam", 505, 0, content.CommentSpam, "Cheap Pills"},
		{"trash", 507, 0, content.CommentTrash, "Binned"},
		{"a reply whose parent is gone is top-level", 504, 0, content.CommentApproved, "Lost Reply"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := w.comment(tc.wpID)
			var parent int64
			if tc.parent != 0 {
				parent = w.comment(tc.parent).ID
			}
			if c.ArticleID != story.ID || c.ParentID != parent || c.Status != tc.status || c.AuthorName != tc.author {
				t.Errorf("comment = %+v; want on %d, parent %d, %s, by %s", c, story.ID, parent, tc.status, tc.author)
			}
		})
	}
	mustWarn(t, sum, 101, wordpress.WarnParent, "comment 504 answers comment 999")
	ann := w.comment(501)
	if ann.Body != "About time.\nWe were flooded twice & nobody came." || ann.AuthorEmail != "ann@mail.example" || ann.AuthorURL != "https://ann.example" {
		t.Errorf("Ann's comment = %q, %q, %q", ann.Body, ann.AuthorEmail, ann.AuthorURL)
	}
	if ann.IPHash == "" || strings.Contains(ann.IPHash, "203.0.113.7") {
		t.Errorf("the address is kept as %q; want only its keyed hash", ann.IPHash)
	}
	if got := w.comment(502).UserID; got != amara.ID {
		t.Errorf("the author's reply is by member %d, want %d", got, amara.ID)
	}
	if got := w.comment(505).Body; got != "Buy now here (http://spam.example/buy)" {
		t.Errorf("a comment's link became %q", got)
	}
	// Approved: 501, 502, 504 and the pingback 503.
	if story.CommentCount != 4 {
		t.Errorf("comment count %d, want the 4 approved", story.CommentCount)
	}
	if c := sum.Counts[wordpress.CountComments]; c.Created != 6 {
		t.Errorf("comments %+v, want 6 made", *c)
	}
}

func TestPingbacksAreCountedApartOrSkipped(t *testing.T) {
	w := newImportWorld(t)
	sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
	if c := sum.Counts[wordpress.CountPingbacks]; c.Created != 1 {
		t.Errorf("pingbacks %+v, want 1 made", *c)
	}
	ping := w.comment(503)
	if ping.AuthorName != "River Watch blog" || ping.AuthorURL != "https://riverwatch.example/2024/05/barrier/" || ping.Body != "[…] the Gazette reports the vote […]" {
		t.Errorf("pingback = %+v", ping)
	}

	skip := newImportWorld(t)
	sum = skip.importFile("import-site.xml", wordpress.ImportOptions{SkipPings: true})
	if c := sum.Counts[wordpress.CountPingbacks]; c.Created != 0 || c.Skipped != 1 {
		t.Errorf("with --skip-pings pingbacks %+v, want 1 skipped", *c)
	}
	if _, err := skip.st.LegacyByID(context.Background(), store.LegacyComment, 503); err == nil {
		t.Error("with --skip-pings the pingback was imported")
	}
	if got := skip.post(101).CommentCount; got != 3 {
		t.Errorf("comment count %d without the pingback, want 3", got)
	}
}

func TestOtherPostTypesAreCountedNotImported(t *testing.T) {
	w := newImportWorld(t)
	sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
	if sum.Other["nav_menu_item"] != 1 || sum.Other["revision"] != 1 {
		t.Errorf("other types %v, want a menu item and a revision", sum.Other)
	}
	if _, err := w.st.LegacyByID(context.Background(), store.LegacyPost, 402); err == nil {
		t.Error("a revision became an article")
	}
	// Their ids are WordPress's all the same: ?p= of one is not a
	// dateline article's.
	if l, err := w.st.LegacyByID(context.Background(), store.LegacySkipped, 402); err != nil || l.ID != 0 {
		t.Errorf("the revision's id = %+v, %v; want it kept as WordPress's, leading nowhere", l, err)
	}
	if !strings.Contains(summaryText(sum), "not imported (dateline keeps posts, pages, pictures and comments): nav_menu_item 1, revision 1") {
		t.Errorf("the summary does not tell them:\n%s", summaryText(sum))
	}
	if c := sum.Counts[wordpress.CountPages]; c.Created != 3 {
		t.Errorf("pages %+v", *c)
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Created != 11 {
		t.Errorf("posts %+v", *c)
	}
}

func TestImportedBodiesBecomePlainHTML(t *testing.T) {
	w := newImportWorld(t)
	sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
	a := w.post(101)
	if strings.Contains(a.Source, "<!-- wp:") || strings.Contains(a.Body, "wp:paragraph") {
		t.Errorf("block comments kept: %q", a.Source)
	}
	if !strings.Contains(a.Body, "<p>The council voted nine to two for the barrier.</p>") || !strings.Contains(a.Body, "<strong>September</strong>") {
		t.Errorf("body %q", a.Body)
	}
	if a.Excerpt != "The council voted nine to two for the barrier." {
		t.Errorf("excerpt %q; want the words before <!--more-->", a.Excerpt)
	}
	if !strings.Contains(a.Body, `src="https://gazette.test/wp-content/uploads/2024/05/river-1024x683.png"`) {
		t.Errorf("the picture is not kept at its WordPress address: %q", a.Body)
	}
	// A body from before the block editor: WordPress's automatic paragraphs.
	old := w.post(102)
	if !strings.Contains(old.Body, "<p>Water rose overnight in the old town.</p>") ||
		!strings.Contains(old.Body, "upstairs.<br") || !strings.Contains(old.Body, "Boats replaced cars by morning.</p>") {
		t.Errorf("autop body %q", old.Body)
	}
	if old.Excerpt != "The tide came in." {
		t.Errorf("excerpt %q; want WordPress's excerpt as text", old.Excerpt)
	}
	texts := w.post(113)
	if !strings.Contains(texts.Body, "[pullquote]Words in an unknown shortcode.[/pullquote]") {
		t.Errorf("an unknown shortcode was not left as text: %q", texts.Body)
	}
	mustWarn(t, sum, 113, wordpress.WarnShortcode, "[pullquote]")
	if !strings.Contains(texts.Body, `<figure`) || !strings.Contains(texts.Body, "river.png") {
		t.Errorf("the gallery of attachment 301, given after the post, is not shown: %q", texts.Body)
	}
	if !strings.Contains(texts.Body, `href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"`) {
		t.Errorf("an address alone on its line is not a link: %q", texts.Body)
	}
}

func TestCaptionsBecomeFigures(t *testing.T) {
	w := newImportWorld(t)
	src := exportWith(post(7, "amara", "A caption", `[caption id="attachment_9" align="aligncenter" width="800"]<img src="https://gazette.test/wp-content/uploads/a.jpg" alt="Boats" width="800" height="533" /> Boats at dawn.[/caption]`))
	if _, err := w.importBytes(src, wordpress.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	body := w.post(7).Body
	if !strings.Contains(body, "<figure") || !strings.Contains(body, "<figcaption>Boats at dawn.</figcaption>") || !strings.Contains(body, `alt="Boats"`) {
		t.Errorf("caption body %q", body)
	}
}

func TestTextComesThroughByteForByte(t *testing.T) {
	w := newImportWorld(t)
	w.importFile("import-site.xml", wordpress.ImportOptions{})
	a := w.post(113)
	if a.Title != "Texts that test an importer 🌊" {
		t.Errorf("title %q", a.Title)
	}
	for _, want := range []string{
		"A CDATA end inside the text: ]]&gt; stays.",
		`Fish &amp; chips, a backslash \n that is not a newline, emoji 🌊🏳️‍🌈, combining e` + "\u0301" + ` and é, right to left: שלום עולם, Thai: ภาษาไทย.`,
	} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, a.Body)
		}
	}
	thai := w.post(102)
	if thai.Title != "น้ำท่วมกรุงเทพ: the capital braces for the tide" || thai.Slug != "น้ำท่วม" {
		t.Errorf("Thai post %q at %q", thai.Title, thai.Slug)
	}
}

func TestOldAddressesAreKept(t *testing.T) {
	w := newImportWorld(t)
	sum := w.importFile("import-site.xml", wordpress.ImportOptions{})
	ctx := context.Background()
	for _, tc := range []struct {
		path string
		kind store.LegacyKind
		wpID int64
	}{
		{"/2024/05/14/flood-barrier-approved/", store.LegacyPost, 101},
		{"/2024/05/20/flood-barrier-approved/", store.LegacyPost, 114},
		{"/2024/05/15/%e0%b8%99%e0%b9%89%e0%b8%b3%e0%b8%97%e0%b9%88%e0%b8%a7%e0%b8%a1/", store.LegacyPost, 102},
		{"/about/team/", store.LegacyPage, 111},
		{"/search/", store.LegacyPage, 112},
	} {
		l, err := w.st.LegacyByPath(ctx, tc.path)
		if want := w.article(tc.kind, tc.wpID); err != nil || l.ID != want.ID {
			t.Errorf("%s = %+v, %v; want article %d", tc.path, l, err, want.ID)
		}
	}
	if got := w.post(114).Slug; got != "flood-barrier-approved-2" {
		t.Errorf("the second post with a taken slug is at %q", got)
	}
	mustWarn(t, sum, 114, wordpress.WarnSlug, `"flood-barrier-approved" is taken`)
	if got := w.article(store.LegacyPage, 112).Slug; got != "search-page" {
		t.Errorf("the page at dateline's own /search/ is at %q", got)
	}
	if l, err := w.st.LegacyByID(ctx, store.LegacyPost, 101); err != nil || l.GUID != "https://gazette.test/?p=101" {
		t.Errorf("?p=101 = %+v, %v", l, err)
	}
}
