package wordpress_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/wordpress"
)

// The import of testdata/stock/wordpress-6.1-export.xml: not written by
// hand but by WordPress 6.1.9 itself (testdata/stock/generate.sh installs
// it, writes a small news site through its own functions and runs its
// exporter). The WordPress ids below are the ones that run gave.

const stockExport = "stock/wordpress-6.1-export.xml"

// importStock imports the stock export into a site in Bangkok's time
// zone, as the stock site was.
func importStock(t *testing.T) (*importWorld, *wordpress.Summary) {
	t.Helper()
	w := newImportWorld(t)
	w.setZone("Asia/Bangkok")
	return w, w.importFile(stockExport, wordpress.ImportOptions{Location: bangkok})
}

// setZone sets the site's time zone.
func (w *importWorld) setZone(name string) {
	w.t.Helper()
	ctx := context.Background()
	set, err := w.st.Settings(ctx)
	if err != nil {
		w.t.Fatal(err)
	}
	set.TimeZone = name
	if err := w.st.SaveSettings(ctx, set); err != nil {
		w.t.Fatal(err)
	}
}

// TestAStockExportIntoASiteInAnotherZoneSaysSo: the stock site was in
// Bangkok. In a site whose zone is Bangkok's, every post's address is
// dated as on WordPress; in one whose zone is UTC, the summary says which
// are not, and what to do.
func TestAStockExportIntoASiteInAnotherZoneSaysSo(t *testing.T) {
	w, sum := importStock(t)
	if warned(sum, 0, wordpress.WarnZone, "") {
		t.Errorf("a site in the export's zone was warned about it:\n%s", summaryText(sum))
	}
	// Published on 16 May at 00:30 in Bangkok, 15 May in UTC.
	texts := w.post(10)
	if got, want := texts.Path(bangkok), "/2024/05/16/texts-that-test-an-importer/"; got != want {
		t.Errorf("the post is at %s, want %s, dated as on WordPress", got, want)
	}

	utc := newImportWorld(t)
	sum = utc.importFile(stockExport, wordpress.ImportOptions{Location: bangkok})
	mustWarn(t, sum, 0, wordpress.WarnZone, "1 post is dated on another day here than on WordPress: WordPress's clock stood at UTC+07:00, addresses here are dated in the site's time zone (UTC)")
	mustWarn(t, sum, 0, wordpress.WarnZone, "Set the site's time zone")
}

func TestAStockExportImportsWhole(t *testing.T) {
	_, sum := importStock(t)
	for kind, want := range map[string]wordpress.Count{
		wordpress.CountAuthors: {Created: 5},
		// WordPress lists every category and tag twice (wp:category and
		// wp:term): each is one section or tag, made once.
		wordpress.CountSections:    {Created: 6},
		wordpress.CountTags:        {Created: 4},
		wordpress.CountPosts:       {Created: 12},
		wordpress.CountPages:       {Created: 4},
		wordpress.CountAttachments: {Skipped: 1},
		// The spam comment is not in the file: WordPress's exporter
		// leaves spam out.
		wordpress.CountComments:  {Created: 13},
		wordpress.CountPingbacks: {Created: 1},
	} {
		if got := *sum.Counts[kind]; got != want {
			t.Errorf("%s %+v, want %+v", kind, got, want)
		}
	}
	if sum.Other["nav_menu_item"] != 2 {
		t.Errorf("other types %v, want the menu's two items", sum.Other)
	}
	// What dateline cannot keep as WordPress had it, and nothing else.
	if len(sum.Warnings) != 2 {
		t.Errorf("%d warnings, want 2:\n%s", len(sum.Warnings), summaryText(sum))
	}
	mustWarn(t, sum, 10, wordpress.WarnSlug, `"texts-that-test-an-importer-%f0%9f%8c%8a" is not one dateline allows`)
	mustWarn(t, sum, 15, wordpress.WarnStatus, "private")
}

func TestAStockExportsStatusesAndDates(t *testing.T) {
	w, _ := importStock(t)
	for _, tc := range []struct {
		name string
		kind store.LegacyKind
		wpID int64
		want content.Status
	}{
		{"WordPress's own first post", store.LegacyPost, 1, content.StatusPublished},
		{"a published post", store.LegacyPost, 4, content.StatusPublished},
		{"a draft", store.LegacyPost, 13, content.StatusDraft},
		{"a post waiting for review", store.LegacyPost, 14, content.StatusPending},
		{"a private post", store.LegacyPost, 15, content.StatusDraft},
		{"a scheduled post", store.LegacyPost, 16, content.StatusScheduled},
		{"a trashed post", store.LegacyPost, 17, content.StatusTrashed},
		{"a page", store.LegacyPage, 19, content.StatusPublished},
		{"its child page", store.LegacyPage, 20, content.StatusPublished},
		{"WordPress's draft privacy page", store.LegacyPage, 3, content.StatusDraft},
	} {
		if got := w.article(tc.kind, tc.wpID).Status; got != tc.want {
			t.Errorf("%s (%d): %q, want %q", tc.name, tc.wpID, got, tc.want)
		}
	}
	// The GMT dates where WordPress wrote them: 18:30 in Bangkok.
	if got, want := w.post(4).PublishedAt, time.Date(2024, 5, 14, 11, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("published %v, want post_date_gmt %v", got, want)
	}
	if got, want := w.post(16).PublishedAt, time.Date(2099, 1, 1, 1, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("the scheduled post is due %v, want %v", got, want)
	}
	// A draft's post_date_gmt is 0000-00-00: its local time, in the zone.
	if got, want := w.post(13).CreatedAt, time.Date(2024, 5, 21, 3, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("the draft was written %v, want %v", got, want)
	}
	// WordPress renamed the trashed post slug__trashed; it keeps its own
	// slug and publication, so that its address answers "gone".
	trashed := w.post(17)
	if trashed.Slug != "market-closes-for-repairs" || !trashed.PublishedAt.Equal(time.Date(2024, 5, 10, 1, 0, 0, 0, time.UTC)) {
		t.Errorf("the trashed post is %q, published %v", trashed.Slug, trashed.PublishedAt)
	}
	if !w.post(7).MustRead {
		t.Error("the sticky post is not must-read")
	}
	for _, id := range []int64{1, 4, 8, 9, 10, 11} {
		if w.post(id).MustRead {
			t.Errorf("post %d is must-read; only the sticky one is", id)
		}
	}
	if w.post(11).CommentsOpen || !w.post(4).CommentsOpen {
		t.Errorf("comments open: the letter %v, the barrier %v; want closed and open", w.post(11).CommentsOpen, w.post(4).CommentsOpen)
	}
}

func TestAStockExportsPeopleAndTerms(t *testing.T) {
	w, _ := importStock(t)
	ctx := context.Background()
	// WordPress keeps names HTML-escaped ("Jo Ruiz &amp; Sam Lee").
	for email, name := range map[string]string{
		"desk@stock.example":    "News Desk",
		"somchai@stock.example": "สมชาย ใจดี",
		"layla@stock.example":   "ليلى حداد",
		"jo@stock.example":      "Jo Ruiz & Sam Lee",
	} {
		if got := w.member(email).Name; got != name {
			t.Errorf("%s is %q, want %q", email, got, name)
		}
	}
	if got, want := w.post(8).Author.ID, w.member("somchai@stock.example").ID; got != want {
		t.Errorf("the Thai story is by member %d, want somchai %d", got, want)
	}

	for slug, name := range map[string]string{"news": "News", "world": "World", "local": "Local",
		"ข่าวกรุงเทพ": "ข่าวกรุงเทพ", "opinion-letters": "Opinion & Letters", "uncategorized": "Uncategorized"} {
		if c, err := w.st.CategoryBySlug(ctx, slug); err != nil || c.Name != name {
			t.Errorf("section %q = %+v, %v; want %q", slug, c, err, name)
		}
	}
	// The hierarchy is kept in the old addresses, each under its parents'.
	for path, slug := range map[string]string{
		"/category/news/":       "news",
		"/category/news/world/": "world",
		"/category/news/local/": "local",
		"/category/news/local/%e0%b8%82%e0%b9%88%e0%b8%b2%e0%b8%a7%e0%b8%81%e0%b8%a3%e0%b8%b8%e0%b8%87%e0%b9%80%e0%b8%97%e0%b8%9e/": "ข่าวกรุงเทพ",
	} {
		c, _ := w.st.CategoryBySlug(ctx, slug)
		if l, err := w.st.LegacyByPath(ctx, path); err != nil || l.Kind != store.LegacyCategory || l.ID != c.ID {
			t.Errorf("%s = %+v, %v; want section %q (%d)", path, l, err, slug, c.ID)
		}
	}
	if got := w.post(8).Category.Slug; got != "ข่าวกรุงเทพ" {
		t.Errorf("the Thai story is in %q", got)
	}
	tags := func(id int64) string {
		var out []string
		for _, tg := range w.post(id).Tags {
			out = append(out, tg.Name+"="+tg.Slug)
		}
		return strings.Join(out, ",")
	}
	if got := tags(8); got != "flood=flood,กรุงเทพ=กรุงเทพ" {
		t.Errorf("the Thai story's tags: %s", got)
	}
	if got := tags(10); got != "Café culture=cafe-culture" {
		t.Errorf("the texts story's tags: %s", got)
	}
	if got := tags(7); got != "Elections 2024=elections-2024" {
		t.Errorf("the election story's tags: %s", got)
	}
}

func TestAStockExportsComments(t *testing.T) {
	w, _ := importStock(t)
	barrier := w.post(4)
	for _, tc := range []struct {
		wpID, parent int64 // WordPress ids
		status       content.CommentStatus
		author, body string
	}{
		{2, 0, content.CommentApproved, "Ann Reader", "About time. We were flooded twice & nobody came."},
		{3, 2, content.CommentApproved, "Amara Okafor", "Thanks, Ann: we will follow the works."},
		{4, 3, content.CommentApproved, "Ann Reader", "Please do.\nAnd ask about the footpath."},
		{5, 0, content.CommentApproved, "Pete", "Two years? It will be five."},
		{6, 2, content.CommentPending, "Waiting Walter", "A first comment waits for moderation."},
		{8, 2, content.CommentTrash, "Pete", "Sorry, wrong story."},
		{9, 0, content.CommentApproved, "The River Times", "[…] the Gazette reports the vote […]"},
	} {
		c := w.comment(tc.wpID)
		var parent int64
		if tc.parent != 0 {
			parent = w.comment(tc.parent).ID
		}
		if c.ArticleID != barrier.ID || c.ParentID != parent || c.Status != tc.status || c.AuthorName != tc.author || c.Body != tc.body {
			t.Errorf("comment %d = %+v; want on %d under %d, %s, by %q: %q", tc.wpID, c, barrier.ID, parent, tc.status, tc.author, tc.body)
		}
	}
	if got, want := w.comment(3).UserID, w.member("amara@stock.example").ID; got != want {
		t.Errorf("the reporter's reply is by member %d, want %d", got, want)
	}
	if barrier.CommentCount != 5 {
		t.Errorf("the barrier has %d comments counted, want its 5 approved", barrier.CommentCount)
	}
	if c := w.comment(15); c.AuthorName != "Tom & Jerry's Café" || c.Body != "We sold the ferry tickets & the coffee." {
		t.Errorf("an escaped name and text: %q: %q", c.AuthorName, c.Body)
	}
	if got := w.comment(12).Body; got != "Diesel went up 8 baht in a month." {
		t.Errorf("a comment with HTML is %q", got)
	}
	src, err := os.ReadFile(filepath.Join("testdata", stockExport))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(src), "cheap pills") {
		t.Error("the export holds the spam comment; WordPress's exporter leaves spam out, and this test counts on it")
	}
}

func TestAStockExportsTextsComeThroughByteForByte(t *testing.T) {
	w, _ := importStock(t)
	texts := w.post(10)
	if texts.Title != "Texts that test an importer 🌊" || texts.Excerpt != "Arabic, Thai, emoji, combining marks and ]]> in one story." {
		t.Errorf("title %q, excerpt %q", texts.Title, texts.Excerpt)
	}
	for _, want := range []string{
		// The paragraph keeps its direction and language, or it reads
		// from the left.
		`<p dir="rtl" lang="ar">افتتاح الجسر الجديد فوق النهر، بطول ٣٢٠ مترًا.</p>`,
		"the word <bdi>مرحبا</bdi> in a line of English, then ภาษาไทย with its marks: กิ่ง ก้าน.",
		"Combining marks: Cafe\u0301 (e and U+0301), n\u0303, Z\u0351\u0300\u0327; emoji: 👩🏽\u200d🔬 🇹🇭 1\ufe0f\u20e3.",
		// "]]>" in the text, split across two CDATA sections by WordPress.
		"<code>a[b[0]]&gt;c</code> and ]]&gt; again, &amp; an ampersand, &lt;tag&gt;, C:\\path\\to\\file and a \\&#34;quoted\\&#34; backslash.",
	} {
		if !strings.Contains(texts.Body, want) {
			t.Errorf("the body lacks %q:\n%s", want, texts.Body)
		}
	}
	if got := w.comment(13).Body; got != "شكرًا على التقرير ]]> 🌉" {
		t.Errorf("the Arabic comment is %q", got)
	}
	thai := w.post(8)
	if thai.Title != "น้ำท่วมกรุงเทพ: เมืองหลวงรับมือน้ำทะเลหนุน" || thai.Slug != "น้ำท่วมกรุงเทพ-เมืองหลว" ||
		thai.Excerpt != "กรุงเทพมหานครเตรียมพร้อมรับน้ำทะเลหนุนสูงสุดในรอบสิบปี" {
		t.Errorf("the Thai story: %q at %q, excerpt %q", thai.Title, thai.Slug, thai.Excerpt)
	}
	if !strings.Contains(thai.Body, "<p>ผู้ว่าราชการกล่าวว่า &#34;เราพร้อมแล้ว&#34; ที่ศาลาว่าการ</p>") {
		t.Errorf("the Thai body: %s", thai.Body)
	}
	// An author's title, which WordPress's kses escaped.
	if market := w.post(9); market.Title != "Rice & fish prices rise at the floating market" || market.Excerpt != "Traders blame the high water & the diesel price." {
		t.Errorf("the market story: %q, %q", market.Title, market.Excerpt)
	}
}

func TestAStockExportsBodies(t *testing.T) {
	w, _ := importStock(t)
	// The classic editor: paragraphs by blank lines, a [caption], <!--more-->.
	barrier := w.post(4).Body
	for _, want := range []string{
		"<p>The council voted 7–2 on Tuesday night for the barrier that is to keep the river out of the old town.</p>",
		`<img src="https://stock.example/wp-content/uploads/2024/05/barrier-at-dawn-300x188.png" alt="A grey wall of concrete beside the river"`,
		"<figcaption>The barrier site at dawn. Photo: Amara Okafor</figcaption></figure>",
		"<strong>two years</strong>.<br>",
	} {
		if !strings.Contains(barrier, want) {
			t.Errorf("the barrier's body lacks %q:\n%s", want, barrier)
		}
	}
	if strings.Contains(barrier, "[caption") || strings.Contains(barrier, "<!--more-->") {
		t.Errorf("a shortcode or the more mark is left:\n%s", barrier)
	}
	// The block editor: block comments dropped, the blocks' HTML kept.
	election := w.post(7).Body
	for _, want := range []string{"<h2>The first results</h2>", "<li>Riverside: counted</li>",
		"<figcaption>The count at the town hall.</figcaption>", "<cite>The returning officer</cite></blockquote>"} {
		if !strings.Contains(election, want) {
			t.Errorf("the election body lacks %q:\n%s", want, election)
		}
	}
	if strings.Contains(election, "wp:") {
		t.Errorf("block comments are left:\n%s", election)
	}
	// WordPress's own Hello world!, a block too.
	if hello := w.post(1).Body; !strings.Contains(hello, "<p>Welcome to WordPress.") || strings.Contains(hello, "wp:paragraph") {
		t.Errorf("Hello world!: %s", hello)
	}
}

func TestAStockExportsOldAddresses(t *testing.T) {
	w, _ := importStock(t)
	ctx := context.Background()
	for _, tc := range []struct {
		path string
		kind store.LegacyKind
		wpID int64
	}{
		{"/2024/05/14/flood-barrier-approved/", store.LegacyPost, 4},
		{"/2024/05/16/texts-that-test-an-importer-%f0%9f%8c%8a/", store.LegacyPost, 10},
		{"/about/", store.LegacyPage, 19},
		{"/about/team/", store.LegacyPage, 20},
	} {
		l, err := w.st.LegacyByPath(ctx, tc.path)
		if want := w.article(tc.kind, tc.wpID); err != nil || l.ID != want.ID {
			t.Errorf("%s = %+v, %v; want article %d", tc.path, l, err, want.ID)
		}
	}
	if got := w.article(store.LegacyPage, 20).Slug; got != "team" {
		t.Errorf("the child page is at %q", got)
	}
	if l, err := w.st.LegacyByID(ctx, store.LegacyPost, 4); err != nil || l.GUID != "https://stock.example/2024/05/14/flood-barrier-approved/" {
		t.Errorf("?p=4 = %+v, %v", l, err)
	}
	// The picture, not fetched, keeps its page, which leads to the post
	// it was uploaded to, and its file's address; its id is taken.
	page, err := w.st.LegacyByPath(ctx, "/2024/05/14/flood-barrier-approved/the-barrier-site-at-dawn/")
	if want := w.article(store.LegacyPost, 4); err != nil || page.Kind != store.LegacyAttachmentPage || page.WPID != 5 || page.ID != want.ID {
		t.Errorf("the attachment's page = %+v, %v; want attachment 5's, to article %d", page, err, want.ID)
	}
	file, err := w.st.LegacyByPath(ctx, "/wp-content/uploads/2024/05/barrier-at-dawn.png")
	if err != nil || file.Kind != store.LegacyAttachment || file.WPID != 5 || file.ID != 0 {
		t.Errorf("the attachment's file = %+v, %v; want attachment 5's, not fetched", file, err)
	}
}
