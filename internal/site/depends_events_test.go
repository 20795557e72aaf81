package site_test

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/members"
	"dateline/internal/settings"
	"dateline/internal/taxonomy"
)

// shownPage is a page that shows the thing a change touches, and the
// words that show the change on it afterwards ("" where the default theme
// prints nothing of it, or nothing a test can find, but the page is built
// from it all the same).
type shownPage struct{ path, shows string }

// TestEveryChangeReachesThePagesThatShowIt makes each kind of change
// through the service that makes it in production, takes the events it
// announced from the change feed, and checks that every page showing the
// changed thing held one of their tags before the change (so the page
// cache purges the copy it kept) and holds one after it (so the next
// change purges it too). Pages that keep their copy are checked to hold
// none: those showing the change only in the blocks beside an article (by
// the policy for them), and the pages of articles that only share a
// section, an author or a tag with the changed one (a publish names the
// archives, not the names those pages print).
func TestEveryChangeReachesThePagesThatShowIt(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name   string
		change func(t *testing.T, n *depNewsroom)
		pages  func(n *depNewsroom) []shownPage
		// untouched are pages that show the change only in the blocks
		// beside an article, or not at all: they keep their copy.
		// Among them are the pages of articles that share a section, an
		// author or a tag with the article changed.
		untouched func(n *depNewsroom) []string
	}{
		{
			name: "publishing an article through the articles service reaches its lists, feeds, sitemaps and search, not the pages of the articles in its section, by its author or with its tag",
			change: func(t *testing.T, n *depNewsroom) {
				d := articles.Draft{Title: "Floods reach the capital", Source: "Water rose overnight in the capital.",
					CategoryID: n.world.ID, Tags: []string{"Diplomacy"}, AuthorID: n.ana.ID, CommentsOpen: true}
				_, err := n.articles().Apply(ctx, n.editor, 0, articles.Change{Draft: &d, Step: articles.StepPublish})
				must(t, err)
			},
			pages: func(n *depNewsroom) []shownPage {
				const title = "Floods reach the capital"
				return []shownPage{{"/", title}, {"/category/world/", title}, {"/tag/diplomacy/", title},
					{"/author/ana-reyes/", title}, {"/feed/", title}, {"/feed.json", title}, {"/category/world/feed/", title},
					{"/tag/diplomacy/feed/", title}, {"/author/ana-reyes/feed/", title}, {"/sitemap.xml", ""},
					{"/sitemaps/posts-2025-07.xml", "floods-reach-the-capital"}, {"/news-sitemap.xml", title},
					{"/search?q=floods", title}, {"/search/suggest?q=flood", title},
					{"/2025/07/14/", title}, {"/2025/07/", title}, {"/2025/", title}, {"/2025/07/14/feed/", title},
					{"/2025/07/feed.json", title}, {"/category/world/feed.json", title}, {"/author/ana-reyes/feed.json", title}}
			},
			// Kremlin and older are in World, by Ana, tagged Diplomacy,
			// like the new article.
			untouched: func(n *depNewsroom) []string {
				return []string{n.path(n.markets), n.path(n.kremlin), n.path(n.older)}
			},
		},
		{
			name: "editing a published article through the articles service reaches its page, its cards, feeds and search, not the pages of the articles sharing its section, author or tag",
			change: func(t *testing.T, n *depNewsroom) {
				svc := n.articles()
				a, err := svc.Open(ctx, n.editor, n.kremlin.ID)
				must(t, err)
				d := articles.DraftOf(a.Article)
				d.Title = "Kremlin proposes new talks"
				_, err = svc.Apply(ctx, n.editor, a.ID, articles.Change{Draft: &d, Version: a.Version})
				must(t, err)
			},
			pages: func(n *depNewsroom) []shownPage {
				const title = "Kremlin proposes new talks"
				k := n.path(n.kremlin)
				return []shownPage{{k, title}, {"/", title}, {"/category/world/", title}, {"/tag/russia/", title},
					{"/author/ana-reyes/", title}, {"/feed/", title}, {"/comments/feed/", title}, {k + "feed/", title},
					{"/search?q=talks", title}, {"/search/suggest?q=kreml", title}, {"/news-sitemap.xml", title}}
			},
			// older is in World, by Ana, tagged Diplomacy, like Kremlin,
			// which it shows only beside it.
			untouched: func(n *depNewsroom) []string { return []string{n.path(n.markets), n.path(n.older)} },
		},
		{
			name: "renaming a section through the taxonomy service reaches every page's navigation and its feeds",
			change: func(t *testing.T, n *depNewsroom) {
				_, err := n.taxonomy().UpdateSection(ctx, n.editor, n.world.ID,
					taxonomy.Section{Name: "World affairs", Slug: "world", Description: n.world.Description})
				must(t, err)
			},
			pages: func(n *depNewsroom) []shownPage {
				const name = "World affairs"
				return []shownPage{{"/", name}, {n.path(n.kremlin), name}, {n.path(n.markets), name}, {"/about/", name},
					{"/category/world/", name}, {"/search", name}, {"/search?q=talks", name}, {"/feed/", name},
					{"/category/world/feed/", name}}
			},
		},
		{
			name: "renaming a tag through the taxonomy service reaches the articles tagged, its archive and the feeds",
			change: func(t *testing.T, n *depNewsroom) {
				tag, err := n.st.TagBySlug(ctx, "diplomacy")
				must(t, err)
				_, err = n.taxonomy().UpdateTag(ctx, n.editor, tag.ID, taxonomy.Tag{Name: "Diplomacy and talks", Slug: "diplomacy"})
				must(t, err)
			},
			pages: func(n *depNewsroom) []shownPage {
				const name = "Diplomacy and talks"
				return []shownPage{{n.path(n.kremlin), name}, {n.path(n.older), name}, {"/tag/diplomacy/", name},
					{"/feed/", name}, {"/tag/diplomacy/feed/", name}}
			},
			untouched: func(n *depNewsroom) []string { return []string{"/", "/category/world/"} }, // cards show no tags
		},
		{
			name: "renaming a member through the members service reaches their bylines, their archive and the feeds",
			change: func(t *testing.T, n *depNewsroom) {
				_, err := n.members().Update(ctx, n.editor, n.ana.ID,
					members.Details{Name: "Ana Reyes-Cruz", Email: n.ana.Email, Role: n.ana.Role, Bio: n.ana.Bio})
				must(t, err)
			},
			pages: func(n *depNewsroom) []shownPage {
				const name = "Ana Reyes-Cruz"
				return []shownPage{{"/", name}, {n.path(n.kremlin), name}, {n.path(n.older), name},
					{"/author/ana-reyes/", name}, {"/category/world/", name}, {"/search?q=talks", name},
					{"/feed/", name}, {"/author/ana-reyes/feed/", name}}
			},
			untouched: func(n *depNewsroom) []string { return []string{n.path(n.markets)} },
		},
		{
			name: "a member's job title, photo and links through the members service reach their author page alone",
			change: func(t *testing.T, n *depNewsroom) {
				d := members.DetailsOf(n.ana)
				d.JobTitle, d.PhotoID = "Moscow correspondent", n.pic.ID
				d.Bio = "Covers Russia and the talks."
				d.Links = []content.Link{{URL: "https://social.example/@ana", Label: "Ana on Social"}}
				_, err := n.members().Update(ctx, n.editor, n.ana.ID, d)
				must(t, err)
			},
			pages: func(n *depNewsroom) []shownPage {
				return []shownPage{{"/author/ana-reyes/", "Moscow correspondent"}, {"/author/ana-reyes/", "Ana on Social"},
					{"/author/ana-reyes/", "Covers Russia and the talks."}, {"/author/ana-reyes/feed/", "Covers Russia and the talks."}}
			},
			untouched: func(n *depNewsroom) []string {
				return []string{"/", n.path(n.kremlin), "/category/world/", "/feed/", "/search?q=talks"}
			},
		},
		{
			name: "approving a comment through the comments service reaches its article, its cards and the comment feeds",
			change: func(t *testing.T, n *depNewsroom) {
				must(t, n.comments.SetStatus(ctx, n.editor, n.held.ID, content.CommentApproved))
			},
			pages: func(n *depNewsroom) []shownPage {
				const words = "Waiting for the moderator."
				k := n.path(n.kremlin)
				return []shownPage{{k, words}, {"/comments/feed/", words}, {k + "feed/", words},
					{"/category/world/", "2 comments"}, {"/", ""}, {"/comments/feed.json", words},
					// Its Reply link's page now answers it.
					{k + "?replytocom=" + strconv.FormatInt(n.held.ID, 10), "Reply to Lee"}}
			},
			untouched: func(n *depNewsroom) []string { return []string{n.path(n.markets)} },
		},
		{
			name: "changing a picture's words through the media service reaches the pages that show it",
			change: func(t *testing.T, n *depNewsroom) {
				must(t, n.media().SetText(ctx, n.editor, n.pic.ID,
					media.Text{Alt: "Red Square at night", Caption: "The square lit up.", Credit: "Photo: Dateline"}))
			},
			pages: func(n *depNewsroom) []shownPage {
				const alt = "Red Square at night"
				return []shownPage{{n.path(n.kremlin), "The square lit up."}, {"/", alt}, {"/category/world/", alt},
					{"/tag/russia/", alt}, {"/feed/", ""}}
			},
			untouched: func(n *depNewsroom) []string { return []string{n.path(n.markets)} },
		},
		{
			name: "saving the site settings through the settings service reaches every page, feed and sitemap",
			change: func(t *testing.T, n *depNewsroom) {
				set, err := n.st.Settings(ctx)
				must(t, err)
				set.SiteName = "The Daily Test"
				must(t, n.settings().Save(ctx, n.editor, set))
			},
			pages: func(n *depNewsroom) []shownPage {
				const name = "The Daily Test"
				k := n.path(n.kremlin)
				return []shownPage{{"/", name}, {k, name}, {"/about/", name}, {"/category/world/", name},
					{"/search?q=talks", name}, {"/search/suggest?q=kreml", ""}, {"/feed/", name},
					{"/comments/feed/", name}, {k + "feed/", ""}, {"/sitemap.xml", ""}, {"/news-sitemap.xml", name},
					{"/robots.txt", ""}}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newDepNewsroom(t)
			pages := tc.pages(n)
			var untouched []string
			if tc.untouched != nil {
				untouched = tc.untouched(n)
			}
			before := map[string][]string{}
			for _, p := range append(pathsOf(pages), untouched...) {
				before[p] = n.declaredOK(t, p)
			}
			n.recorder.Take()

			tc.change(t, n)
			events := n.recorder.Take()
			if len(events) == 0 {
				t.Fatal("the change announced nothing")
			}
			var announced []string
			for _, e := range events {
				announced = append(announced, e.Tags...)
			}

			for _, p := range pages {
				if !sharesTag(before[p.path], announced) {
					t.Errorf("GET %s keeps a stale copy: it declared %q; the change announced %q", p.path, before[p.path], announced)
				}
				rec := n.get(t, p.path)
				if rec.Code != http.StatusOK {
					t.Errorf("after the change GET %s = %d", p.path, rec.Code)
					continue
				}
				if p.shows != "" && !strings.Contains(rec.Body.String(), p.shows) {
					t.Errorf("after the change GET %s does not show %q: it is not a page that shows the change", p.path, p.shows)
				}
				if after := n.declaredOK(t, p.path); !sharesTag(after, announced) {
					t.Errorf("after the change GET %s declares %q, none of %q", p.path, after, announced)
				}
			}
			for _, p := range untouched {
				if sharesTag(before[p], announced) {
					t.Errorf("GET %s declared %q and is purged by %q, a change it does not show (or shows only beside its article)",
						p, before[p], announced)
				}
			}
		})
	}
}

func pathsOf(pages []shownPage) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = p.path
	}
	return out
}

func sharesTag(declared, announced []string) bool {
	return slices.ContainsFunc(declared, func(t string) bool { return slices.Contains(announced, t) })
}

// declaredOK is the tags of a page that must answer 200.
func (n *depNewsroom) declaredOK(t *testing.T, path string) []string {
	t.Helper()
	status, tags := n.declared(t, path)
	if status != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", path, status)
	}
	if len(tags) == 0 {
		t.Fatalf("GET %s declares no tags", path)
	}
	return tags
}

// The services that make changes in production, on the newsroom's store
// and change feed.

func (n *depNewsroom) articles() *articles.Service {
	return articles.New(articles.Config{Store: n.st, Now: func() time.Time { return now }, Changes: n.feed})
}

func (n *depNewsroom) taxonomy() *taxonomy.Service {
	return taxonomy.New(taxonomy.Config{Store: n.st, Changes: n.feed})
}

func (n *depNewsroom) members() *members.Service {
	return members.New(members.Config{Store: n.st, Changes: n.feed})
}

func (n *depNewsroom) media() *media.Service {
	return media.New(media.Config{Store: n.st, Changes: n.feed})
}

func (n *depNewsroom) settings() *settings.Service {
	return settings.New(settings.Config{Store: n.st, Changes: n.feed})
}
