package wordpress_test

import (
	"fmt"
	"strings"
)

// Small exports written by the tests: a WXR 1.2 header of gazette.test
// with one author, amara, and the items given.

const exportHead = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>The Gazette</title>
	<link>https://gazette.test</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://gazette.test</wp:base_site_url>
	<wp:base_blog_url>https://gazette.test</wp:base_blog_url>
	<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[amara]]></wp:author_login><wp:author_email><![CDATA[amara@gazette.test]]></wp:author_email><wp:author_display_name><![CDATA[Amara Okafor]]></wp:author_display_name></wp:author>
	<wp:category><wp:term_id>4</wp:term_id><wp:category_nicename><![CDATA[news]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[News]]></wp:cat_name></wp:category>
`

const exportTail = "</channel>\n</rss>\n"

// exportWith is a whole export of items.
func exportWith(items ...string) []byte {
	return []byte(exportHead + strings.Join(items, "") + exportTail)
}

// cdataOf wraps s in CDATA, splitting any "]]>" it holds as WordPress does.
func cdataOf(s string) string {
	return "<![CDATA[" + strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>") + "]]>"
}

// post is a published post of day id of May 2024, in News, with extra
// elements (comments, meta) added at its end.
func post(id int, creator, title, body string, extra ...string) string {
	day := id%28 + 1
	slug := fmt.Sprintf("story-%d", id)
	return fmt.Sprintf(`	<item>
		<title>%s</title>
		<link>https://gazette.test/2024/05/%02d/%s/</link>
		<dc:creator>%s</dc:creator>
		<guid isPermaLink="false">https://gazette.test/?p=%d</guid>
		<content:encoded>%s</content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>%d</wp:post_id>
		<wp:post_date><![CDATA[2024-05-%02d 12:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2024-05-%02d 05:00:00]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:post_name><![CDATA[%s]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<category domain="category" nicename="news"><![CDATA[News]]></category>
%s	</item>
`, cdataOf(title), day, slug, cdataOf(creator), id, cdataOf(body), id, day, day, slug, strings.Join(extra, ""))
}

// comment is an approved comment of an item.
func comment(id, parent int, author, text string) string {
	return fmt.Sprintf(`		<wp:comment>
			<wp:comment_id>%d</wp:comment_id>
			<wp:comment_author>%s</wp:comment_author>
			<wp:comment_author_email>reader%d@mail.example</wp:comment_author_email>
			<wp:comment_date_gmt>2024-05-20 10:%02d:00</wp:comment_date_gmt>
			<wp:comment_content>%s</wp:comment_content>
			<wp:comment_approved>1</wp:comment_approved>
			<wp:comment_parent>%d</wp:comment_parent>
		</wp:comment>
`, id, cdataOf(author), id, id%60, cdataOf(text), parent)
}

// page is a published page under the page parent (0: at the top) at
// menu order order, its old address under its parent's as WordPress
// makes it (given whole, since the test knows the slugs).
func page(id, parent, order int, title, path string) string {
	slug := path[strings.LastIndex(strings.TrimSuffix(path, "/"), "/")+1:]
	slug = strings.TrimSuffix(slug, "/")
	return fmt.Sprintf(`	<item>
		<title>%s</title>
		<link>https://gazette.test%s</link>
		<dc:creator>amara</dc:creator>
		<guid isPermaLink="false">https://gazette.test/?page_id=%d</guid>
		<content:encoded>%s</content:encoded>
		<wp:post_id>%d</wp:post_id>
		<wp:post_date_gmt><![CDATA[2024-01-02 05:00:00]]></wp:post_date_gmt>
		<wp:comment_status><![CDATA[closed]]></wp:comment_status>
		<wp:post_name><![CDATA[%s]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>%d</wp:post_parent>
		<wp:menu_order>%d</wp:menu_order>
		<wp:post_type><![CDATA[page]]></wp:post_type>
	</item>
`, cdataOf(title), path, id, cdataOf("<p>About "+title+".</p>"), id, slug, parent, order)
}
