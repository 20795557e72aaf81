package main

import (
	"context"
	"os"
	"path/filepath"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// The command line's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents:
// commands run beside the server, heard through the change log.

// commandRoutes are the commands run beside the server on its database:
// what they change reaches the server through the change log. Their
// "status" is the exit code.
func (e *eventsApp) commandRoutes() []route {
	return []route{
		{name: "dateline user add announces the new byline to the server, through the change log",
			do: func(s *scene) int {
				return s.run("correct horse battery\n", "user", "add", "--email", "somchai@example.com", "--name", "Somchai Rattanakul", "--role", "author")
			},
			status: 0, logged: true,
			want: func(s *scene) []changes.Event {
				u, err := s.st.UserByEmail(context.Background(), "somchai@example.com")
				noError(s.t, err)
				return memberEvent("create", []int64{u.ID}, changes.Author("somchai-rattanakul"))
			}},
		{name: "dateline user add with a taken email is refused and records nothing",
			do: func(s *scene) int {
				return s.run("correct horse battery\n", "user", "add", "--email", s.staff[content.RoleAuthor].Email, "--name", "Ana Again", "--role", "author")
			},
			status: 1, logged: true, want: none},
		{name: "dateline token create announces nothing",
			do:     func(s *scene) int { return s.run("", "token", "create", "--user", s.staff[content.RoleAuthor].Email) },
			status: 0, logged: true, want: none},
		{name: "dateline import wordpress announces what it made to the server, through the change log",
			do:     func(s *scene) int { return s.run("", "import", "wordpress", s.export(), "--zone", "Asia/Bangkok") },
			status: 0, logged: true,
			want: func(s *scene) []changes.Event {
				ctx := context.Background()
				u, err := s.st.UserByEmail(ctx, "niran@old.example")
				noError(s.t, err)
				sec, err := s.st.CategoryBySlug(ctx, "provinces")
				noError(s.t, err)
				a, err := s.st.ArticleBySlug(ctx, "the-dam-holds")
				noError(s.t, err)
				c, err := s.st.LegacyByID(ctx, store.LegacyComment, 90)
				noError(s.t, err)
				// The member, then their address taken from their login.
				return []changes.Event{
					changes.New(changes.KindMember, "create", []int64{u.ID}, changes.Author("niran-wong")),
					changes.New(changes.KindMember, "update", []int64{u.ID}, changes.Author("niran"), changes.Author("niran-wong"),
						changes.Byline("niran"), changes.Byline("niran-wong")),
					changes.New(changes.KindSection, "import", []int64{sec.ID}, changes.Section("provinces"), changes.Sections),
					changes.New(changes.KindArticle, "import", []int64{a.ID}, listed(a.ID, "provinces", "niran", "floods")...),
					changes.New(changes.KindComment, "import", []int64{c.ID}, changes.Comment(c.ID), changes.Article(a.ID), changes.CommentsFeed),
				}
			}},
		{name: "dateline import wordpress --dry-run records nothing",
			do:     func(s *scene) int { return s.run("", "import", "wordpress", s.export(), "--dry-run") },
			status: 0, logged: true, want: none},
		{name: "dateline import wordpress of a file that is not an export is refused and records nothing",
			do: func(s *scene) int {
				path := filepath.Join(s.t.TempDir(), "feed.xml")
				noError(s.t, os.WriteFile(path, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title></channel></rss>`), 0o644))
				return s.run("", "import", "wordpress", path)
			},
			status: 1, logged: true, want: none},
		{name: "dateline token create for nobody is refused and records nothing",
			do:     func(s *scene) int { return s.run("", "token", "create", "--user", "nobody@example.com") },
			status: 1, logged: true, want: none},
	}
}

// export writes a WordPress export of one post by a new author in a new
// section, tagged with the seeded tag Floods, with an approved comment,
// and returns its path.
func (s *scene) export() string {
	s.t.Helper()
	path := filepath.Join(s.t.TempDir(), "export.xml")
	noError(s.t, os.WriteFile(path, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Old River Post</title>
	<link>https://old.example</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_blog_url>https://old.example</wp:base_blog_url>
	<wp:author><wp:author_id>7</wp:author_id><wp:author_login>niran</wp:author_login><wp:author_email>niran@old.example</wp:author_email><wp:author_display_name>Niran Wong</wp:author_display_name></wp:author>
	<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>provinces</wp:category_nicename><wp:cat_name>Provinces</wp:cat_name></wp:category>
	<item>
		<title>The dam holds</title>
		<link>https://old.example/2024/06/01/the-dam-holds/</link>
		<dc:creator>niran</dc:creator>
		<guid isPermaLink="false">https://old.example/?p=41</guid>
		<content:encoded><![CDATA[<p>Engineers say the dam will hold.</p>]]></content:encoded>
		<wp:post_id>41</wp:post_id>
		<wp:post_date_gmt>2024-06-01 03:00:00</wp:post_date_gmt>
		<wp:comment_status>open</wp:comment_status>
		<wp:post_name>the-dam-holds</wp:post_name>
		<wp:status>publish</wp:status>
		<wp:post_type>post</wp:post_type>
		<category domain="category" nicename="provinces"><![CDATA[Provinces]]></category>
		<category domain="post_tag" nicename="floods"><![CDATA[Floods]]></category>
		<wp:comment><wp:comment_id>90</wp:comment_id><wp:comment_author>Dao</wp:comment_author><wp:comment_author_email>dao@mail.example</wp:comment_author_email><wp:comment_date_gmt>2024-06-01 05:00:00</wp:comment_date_gmt><wp:comment_content>Good news.</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
	</item>
</channel>
</rss>
`), 0o644))
	return path
}
