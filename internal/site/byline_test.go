package site_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/render"
)

// credited is the story: three reporters and an agency.
func (n *newsroom) credited(t *testing.T) (content.Article, []content.User) {
	t.Helper()
	ctx := context.Background()
	ana, err := n.st.UserBySlug(ctx, "ana-reyes")
	must(t, err)
	kit := content.User{Email: "kit@example.com", Name: "Kit Chai", Role: content.RoleAuthor}
	mai := content.User{Email: "mai@example.com", Name: "Mai Tran", Role: content.RoleContributor}
	must(t, n.st.CreateUser(ctx, &kit))
	must(t, n.st.CreateUser(ctx, &mai))
	at := now.Add(-time.Hour)
	a := content.Article{Kind: content.KindPost, Title: "Dam talks resume", Source: "Talks resumed.",
		Format: content.FormatMarkdown, Status: content.StatusPublished, PublishedAt: at, UpdatedAt: at, Author: ana,
		CommentsOpen: true, Authors: []content.Author{content.AuthorOf(ana), content.AuthorOf(kit), content.AuthorOf(mai),
			{Name: "Reuters", Organization: true}}}
	must(t, render.Prepare(&a))
	must(t, n.st.CreateArticle(ctx, &a))
	return a, []content.User{ana, kit, mai}
}

// oneLine is an element's words as a reader reads them.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer(" ,", ",").Replace(s)
}

func TestAStoryByThreeReportersAndAnAgencyCreditsThemAll(t *testing.T) {
	n := newNewsroom(t)
	a, members := n.credited(t)
	path := a.Path(mustZone(t))
	doc := n.page(t, path)

	if got := oneLine(text(first(doc, ".byline .author"))); got != "By Ana Reyes, Kit Chai, Mai Tran and Reuters" {
		t.Errorf("byline reads %q", got)
	}
	var links []string
	for _, l := range all(first(doc, ".byline .author"), "a") {
		links = append(links, attr(l, "href")+" "+attr(l, "rel"))
	}
	if want := []string{"/author/ana-reyes/ author", "/author/kit-chai/ author", "/author/mai-tran/ author"}; !slices.Equal(links, want) {
		t.Errorf("byline links %v, want %v (the agency is plain text)", links, want)
	}
	if got := meta(doc, "article:author"); len(got) != 3 || got[1] != "https://news.example/author/kit-chai/" {
		t.Errorf("article:author = %v, want the three members' archives", got)
	}

	// JSON-LD lists every author, members as Person with their archive.
	var ld struct {
		Author []struct {
			Type string `json:"@type"`
			Name string `json:"name"`
			URL  string `json:"url"`
		} `json:"author"`
	}
	raw, err := json.Marshal(jsonLD(t, doc)["NewsArticle"])
	must(t, err)
	must(t, json.Unmarshal(raw, &ld))
	want := []string{"Person Ana Reyes https://news.example/author/ana-reyes/", "Person Kit Chai https://news.example/author/kit-chai/",
		"Person Mai Tran https://news.example/author/mai-tran/", "Organization Reuters "}
	var got []string
	for _, au := range ld.Author {
		got = append(got, au.Type+" "+au.Name+" "+au.URL)
	}
	if !slices.Equal(got, want) {
		t.Errorf("JSON-LD author = %q\nwant %q", got, want)
	}

	// Every member's archive lists the story, and so does every member's feed.
	for _, u := range members {
		doc := n.page(t, u.Path())
		if !slices.Contains(texts(all(doc, ".card-title")), "Dam talks resume") {
			t.Errorf("%s's archive does not list the story", u.Name)
			continue
		}
		for _, c := range all(doc, ".card") {
			if text(first(c, ".card-title")) == "Dam talks resume" {
				if got := oneLine(text(first(c, ".meta"))); !strings.HasPrefix(got, "Ana Reyes, Kit Chai, Mai Tran and Reuters ·") {
					t.Errorf("the card in %s's archive reads %q", u.Name, got)
				}
			}
		}
		rec := n.get(t, u.Path()+"feed/")
		var rss struct {
			Items []struct {
				Title    string   `xml:"title"`
				Creators []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			} `xml:"channel>item"`
		}
		must(t, xml.Unmarshal(rec.Body.Bytes(), &rss))
		if len(rss.Items) == 0 || rss.Items[0].Title != "Dam talks resume" ||
			!slices.Equal(rss.Items[0].Creators, []string{"Ana Reyes", "Kit Chai", "Mai Tran", "Reuters"}) {
			t.Errorf("%s's feed: %+v", u.Name, rss.Items[:min(1, len(rss.Items))])
		}
	}
	// A credit has no archive.
	if rec := n.get(t, "/author/reuters/"); rec.Code != 404 {
		t.Errorf("/author/reuters/ = %d, want 404", rec.Code)
	}
}
