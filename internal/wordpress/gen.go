package wordpress

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// GenerateExport writes a WXR 1.2 export of a made-up news site with posts
// posts and commentsPerPost comments on each, for tests and benchmarks. The
// same arguments always give the same bytes. The site has three authors,
// six categories (two under others), ten tags and one page; posts are an
// hour apart from 2020-01-01 00:00 UTC, each with a block-editor body of
// about 1.5 KB (paragraphs, a heading, a captioned picture, a list), two
// tags, Yoast meta and a featured image id; every other comment answers the
// one before it, and one in ten is a pingback.
func GenerateExport(w io.Writer, posts, commentsPerPost int) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	g := generator{w: bw}
	g.header()
	for i := 1; i <= posts; i++ {
		g.post(i, commentsPerPost)
	}
	g.page(posts + 1)
	g.printf("</channel>\n</rss>\n")
	return bw.Flush()
}

type generator struct {
	w *bufio.Writer
}

func (g *generator) printf(format string, args ...any) { fmt.Fprintf(g.w, format, args...) }

// cdata writes s as one or more CDATA sections: "]]>" inside s is split
// over two, as WordPress's exporter does.
func cdata(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

var (
	genAuthors = []struct{ login, name, first, last string }{
		{"editor", "Grace Editor", "Grace", "Editor"},
		{"reporter", "Olu Reporter", "Olu", "Reporter"},
		{"stringer", "Lena Stringer", "Lena", "Stringer"},
	}
	genCategories = []struct{ slug, name, parent string }{
		{"news", "News", ""},
		{"world", "World", "news"},
		{"local", "Local", "news"},
		{"sport", "Sport", ""},
		{"culture", "Culture", ""},
		{"opinion", "Opinion", ""},
	}
	genTags = []string{"elections", "weather", "transport", "schools", "health",
		"budget", "football", "theatre", "housing", "courts"}
)

var genStart = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)

func (g *generator) header() {
	g.printf(`<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="dateline GenerateExport" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>The Generated Gazette</title>
	<link>https://gazette.example</link>
	<description>A news site made up for benchmarks</description>
	<pubDate>Wed, 01 Jan 2025 00:00:00 +0000</pubDate>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://gazette.example</wp:base_site_url>
	<wp:base_blog_url>https://gazette.example</wp:base_blog_url>
`)
	for i, a := range genAuthors {
		g.printf("\t<wp:author><wp:author_id>%d</wp:author_id><wp:author_login>%s</wp:author_login><wp:author_email>%s</wp:author_email><wp:author_display_name>%s</wp:author_display_name><wp:author_first_name>%s</wp:author_first_name><wp:author_last_name>%s</wp:author_last_name></wp:author>\n",
			i+1, cdata(a.login), cdata(a.login+"@gazette.example"), cdata(a.name), cdata(a.first), cdata(a.last))
	}
	for i, c := range genCategories {
		g.printf("\t<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s</wp:category_nicename><wp:category_parent>%s</wp:category_parent><wp:cat_name>%s</wp:cat_name></wp:category>\n",
			i+1, cdata(c.slug), cdata(c.parent), cdata(c.name))
	}
	for i, t := range genTags {
		g.printf("\t<wp:tag><wp:term_id>%d</wp:term_id><wp:tag_slug>%s</wp:tag_slug><wp:tag_name>%s</wp:tag_name></wp:tag>\n",
			100+i, cdata(t), cdata(t))
	}
	g.printf("\t<generator>https://wordpress.org/?v=6.5.2</generator>\n")
}

func (g *generator) post(i, comments int) {
	date := genStart.Add(time.Duration(i-1) * time.Hour)
	author := genAuthors[i%len(genAuthors)]
	cat := genCategories[i%len(genCategories)]
	tag1, tag2 := genTags[i%len(genTags)], genTags[(i*7+3)%len(genTags)]
	slug := fmt.Sprintf("generated-story-%d", i)
	link := fmt.Sprintf("https://gazette.example/%s/%s/", date.Format("2006/01/02"), slug)
	title := fmt.Sprintf("Generated story number %d: the council, the river and the budget", i)
	g.printf("\t<item>\n\t\t<title>%s</title>\n\t\t<link>%s</link>\n\t\t<pubDate>%s</pubDate>\n\t\t<dc:creator>%s</dc:creator>\n\t\t<guid isPermaLink=\"false\">https://gazette.example/?p=%d</guid>\n\t\t<description></description>\n",
		cdata(title), link, date.Format(time.RFC1123Z), cdata(author.login), i)
	g.printf("\t\t<content:encoded>%s</content:encoded>\n\t\t<excerpt:encoded>%s</excerpt:encoded>\n", cdata(genBody(i)), cdata(""))
	g.printf("\t\t<wp:post_id>%d</wp:post_id>\n\t\t<wp:post_date>%s</wp:post_date>\n\t\t<wp:post_date_gmt>%s</wp:post_date_gmt>\n",
		i, cdata(date.Format(wpDate)), cdata(date.Format(wpDate)))
	g.printf("\t\t<wp:comment_status>%s</wp:comment_status>\n\t\t<wp:ping_status>%s</wp:ping_status>\n\t\t<wp:post_name>%s</wp:post_name>\n\t\t<wp:status>%s</wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n\t\t<wp:post_type>%s</wp:post_type>\n\t\t<wp:post_password>%s</wp:post_password>\n\t\t<wp:is_sticky>%d</wp:is_sticky>\n",
		cdata("open"), cdata("open"), cdata(slug), cdata("publish"), cdata("post"), cdata(""), boolInt(i%50 == 0))
	g.printf("\t\t<category domain=\"category\" nicename=\"%s\">%s</category>\n", cat.slug, cdata(cat.name))
	g.printf("\t\t<category domain=\"post_tag\" nicename=\"%s\">%s</category>\n", tag1, cdata(tag1))
	if tag2 != tag1 {
		g.printf("\t\t<category domain=\"post_tag\" nicename=\"%s\">%s</category>\n", tag2, cdata(tag2))
	}
	g.meta("_edit_last", "1")
	g.meta("_thumbnail_id", fmt.Sprint(1_000_000+i))
	g.meta("_yoast_wpseo_metadesc", fmt.Sprintf("What happened in generated story %d, in one sentence.", i))
	for c := 1; c <= comments; c++ {
		g.comment(i, comments, c, date)
	}
	g.printf("\t</item>\n")
}

func (g *generator) meta(key, value string) {
	g.printf("\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>%s</wp:meta_key>\n\t\t\t<wp:meta_value>%s</wp:meta_value>\n\t\t</wp:postmeta>\n", cdata(key), cdata(value))
}

func (g *generator) comment(post, per, c int, posted time.Time) {
	id := (post-1)*per + c
	parent := 0
	if c%2 == 0 {
		parent = id - 1
	}
	typ, author, url := "comment", fmt.Sprintf("Reader %d", id%97), ""
	if c%10 == 0 {
		typ, author, url = "pingback", "Another blog", fmt.Sprintf("https://blog.example/%d/", id)
		parent = 0
	}
	date := posted.Add(time.Duration(c) * 7 * time.Minute)
	g.printf("\t\t<wp:comment>\n\t\t\t<wp:comment_id>%d</wp:comment_id>\n\t\t\t<wp:comment_author>%s</wp:comment_author>\n\t\t\t<wp:comment_author_email>%s</wp:comment_author_email>\n\t\t\t<wp:comment_author_url>%s</wp:comment_author_url>\n\t\t\t<wp:comment_author_IP>%s</wp:comment_author_IP>\n",
		id, cdata(author), cdata(fmt.Sprintf("reader%d@mail.example", id%97)), url, cdata(fmt.Sprintf("192.0.2.%d", id%250+1)))
	g.printf("\t\t\t<wp:comment_date>%s</wp:comment_date>\n\t\t\t<wp:comment_date_gmt>%s</wp:comment_date_gmt>\n\t\t\t<wp:comment_content>%s</wp:comment_content>\n\t\t\t<wp:comment_approved>%s</wp:comment_approved>\n\t\t\t<wp:comment_type>%s</wp:comment_type>\n\t\t\t<wp:comment_parent>%d</wp:comment_parent>\n\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n\t\t</wp:comment>\n",
		cdata(date.Format(wpDate)), cdata(date.Format(wpDate)),
		cdata(fmt.Sprintf("Comment %d on story %d. I read it twice.\nThe second paragraph says it all.", c, post)),
		cdata("1"), cdata(typ), parent)
}

// page is one page about the site, so that the export holds both kinds.
func (g *generator) page(id int) {
	date := genStart
	g.printf("\t<item>\n\t\t<title>%s</title>\n\t\t<link>https://gazette.example/about/</link>\n\t\t<pubDate>%s</pubDate>\n\t\t<dc:creator>%s</dc:creator>\n\t\t<guid isPermaLink=\"false\">https://gazette.example/?page_id=%d</guid>\n\t\t<description></description>\n",
		cdata("About the Gazette"), date.Format(time.RFC1123Z), cdata("editor"), id)
	g.printf("\t\t<content:encoded>%s</content:encoded>\n\t\t<excerpt:encoded>%s</excerpt:encoded>\n",
		cdata("The Gazette is made up.\n\nIt exists so that imports can be measured."), cdata(""))
	g.printf("\t\t<wp:post_id>%d</wp:post_id>\n\t\t<wp:post_date>%s</wp:post_date>\n\t\t<wp:post_date_gmt>%s</wp:post_date_gmt>\n\t\t<wp:comment_status>%s</wp:comment_status>\n\t\t<wp:ping_status>%s</wp:ping_status>\n\t\t<wp:post_name>%s</wp:post_name>\n\t\t<wp:status>%s</wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n\t\t<wp:post_type>%s</wp:post_type>\n\t\t<wp:post_password>%s</wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n\t</item>\n",
		id, cdata(date.Format(wpDate)), cdata(date.Format(wpDate)), cdata("closed"), cdata("closed"), cdata("about"), cdata("publish"), cdata("page"), cdata(""))
}

func genBody(i int) string {
	return fmt.Sprintf(`<!-- wp:paragraph -->
<p>Councillors met on the evening of story %[1]d and argued for three hours about the river, the bridge and the money that neither has.</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>The mayor said the town "cannot wait another winter", and the opposition asked where the <strong>£%[1]d,000</strong> would come from.</p>
<!-- /wp:paragraph -->

<!-- wp:more -->
<!--more-->
<!-- /wp:more -->

<!-- wp:heading -->
<h2 class="wp-block-heading">What was decided</h2>
<!-- /wp:heading -->

[caption id="attachment_%[2]d" align="aligncenter" width="800"]<img class="size-large wp-image-%[2]d" src="https://gazette.example/wp-content/uploads/2020/01/river-%[1]d.jpg" alt="The river at dusk" width="800" height="533" /> The river at dusk, from the old bridge.[/caption]

<!-- wp:list -->
<ul><li>A survey of the east bank, due in spring.</li><li>A public meeting in every ward.</li><li>No decision on the budget before the summer.</li></ul>
<!-- /wp:list -->

<!-- wp:paragraph -->
<p>Residents who spoke at the meeting were divided; one said the plan was "the first sensible thing in years", another that it was "a survey of a survey".</p>
<!-- /wp:paragraph -->`, i, 1_000_000+i)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
