package admin_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/taxonomy"
)

func (n *room) publish(title string, c content.Category, tags ...string) content.Article {
	n.t.Helper()
	a := content.Article{Kind: content.KindPost, Title: title, Source: "Text of " + title + ".", Format: content.FormatMarkdown,
		Status: content.StatusPublished, PublishedAt: start.Add(-time.Hour), Author: n.members[content.RoleAuthor], Category: c}
	for _, t := range tags {
		a.Tags = append(a.Tags, content.Tag{Name: t})
	}
	must(n.t, render.Prepare(&a))
	must(n.t, n.st.CreateArticle(context.Background(), &a))
	return a
}

func TestRenamedSectionKeepsItsOldAddress(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	n.publish("Talks in Geneva", n.world)
	b := n.signIn(content.RoleEditor)
	doc := page(t, b.get("/admin/sections"))
	if got := texts(all(doc, "#sections tbody tr td")); len(got) < 4 || got[0] != "World" || got[1] != "world" || got[2] != "1" || got[3] != "1" {
		t.Errorf("first row = %q", got)
	}
	path := "/admin/sections/" + itoa(n.world.ID)

	w := b.post(path, url.Values{"name": {"International"}, "slug": {"business"}, "position": {"1"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc = page(t, w)
	if got := fieldError(doc, "slug"); got != taxonomy.SectionSlugTaken {
		t.Errorf("taken slug: %q", got)
	}
	if value(doc, "name") != "International" || value(doc, "slug") != "business" {
		t.Errorf("the form lost what was typed")
	}
	w = b.post(path, url.Values{"name": {"International"}, "slug": {"Inter National"}, "position": {"1"}})
	if got := fieldError(page(t, w), "slug"); got != taxonomy.SlugInvalid {
		t.Errorf("bad slug: %q", got)
	}

	wantRedirect(t, b.post(path, url.Values{"name": {"International"}, "slug": {"international"}, "description": {"Abroad."}, "position": {"1"}}),
		"/admin/sections?done=section-saved")
	if got, err := n.st.CategoryRedirect(ctx, "world"); err != nil || got != "international" {
		t.Errorf("old slug resolves to %q, %v", got, err)
	}
	wantStatus(t, b.get("/category/international/"), http.StatusOK)
	c, err := n.st.CategoryByID(ctx, n.world.ID)
	must(t, err)
	if c.Name != "International" || c.Description != "Abroad." {
		t.Errorf("stored %+v", c)
	}
}

func TestSectionsAreAddedOrderedAndDeleted(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	story := n.publish("Rates held", n.business)
	b := n.signIn(content.RoleEditor)
	w := b.post("/admin/sections", url.Values{"name": {""}})
	if got := fieldError(page(t, w), "name"); got != taxonomy.NameMissing {
		t.Errorf("no name: %q", got)
	}
	wantRedirect(t, b.post("/admin/sections", url.Values{"name": {"Sport"}}), "/admin/sections?done=section-added")
	w = b.post("/admin/sections", url.Values{"name": {"Sport"}})
	if got := fieldError(page(t, w), "name"); got != taxonomy.SectionSlugTaken {
		t.Errorf("same name twice: %q", got)
	}
	sections := func() []string {
		var out []string
		for _, tr := range all(page(t, b.get("/admin/sections")), "#sections tbody tr") {
			out = append(out, text(first(tr, "a")))
		}
		return out
	}
	if got := sections(); !equal(got, "World", "Business", "Sport") {
		t.Errorf("order = %q", got)
	}
	sport, err := n.st.CategoryBySlug(ctx, "sport")
	must(t, err)
	wantRedirect(t, b.post("/admin/sections/"+itoa(sport.ID)+"/move", url.Values{"direction": {"up"}}), "/admin/sections?done=section-moved")
	if got := sections(); !equal(got, "World", "Sport", "Business") {
		t.Errorf("after moving Sport up: %q", got)
	}

	del := "/admin/sections/" + itoa(n.business.ID) + "/delete"
	w = b.post(del, url.Values{"move_to": {""}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "move_to"); got != taxonomy.MoveToMissing {
		t.Errorf("no target: %q", got)
	}
	wantRedirect(t, b.post(del, url.Values{"move_to": {itoa(sport.ID)}}), "/admin/sections?done=section-deleted")
	a, err := n.st.ArticleByID(ctx, story.ID)
	must(t, err)
	if a.Category.ID != sport.ID {
		t.Errorf("the article is in %+v, want Sport", a.Category)
	}
	if got, err := n.st.CategoryRedirect(ctx, "business"); err != nil || got != "sport" {
		t.Errorf("the deleted section's address leads to %q, %v", got, err)
	}
}

func TestTagsAreRenamedMergedAndDeleted(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	story := n.publish("Dam opens", n.world, "Flood", "Mekong")
	b := n.signIn(content.RoleEditor)
	flood, err := n.st.TagBySlug(ctx, "flood")
	must(t, err)
	mekong, err := n.st.TagBySlug(ctx, "mekong")
	must(t, err)

	wantRedirect(t, b.post("/admin/tags/"+itoa(mekong.ID), url.Values{"name": {"Mekong River"}, "slug": {""}}), "/admin/tags?done=tag-saved")
	if got, err := n.st.TagRedirect(ctx, "mekong"); err != nil || got != "mekong-river" {
		t.Errorf("old tag slug resolves to %q, %v", got, err)
	}

	wantRedirect(t, b.post("/admin/tags", url.Values{"name": {"Floods"}}), "/admin/tags?done=tag-added")
	w := b.post("/admin/tags/"+itoa(flood.ID)+"/merge", url.Values{"into": {"Drought"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc := page(t, w)
	if got := fieldError(doc, "into"); got != taxonomy.MergeTargetUnknown || value(doc, "into") != "Drought" {
		t.Errorf("unknown target: %q, field %q", got, value(doc, "into"))
	}
	w = b.post("/admin/tags/"+itoa(flood.ID)+"/merge", url.Values{"into": {"flood"}})
	if got := fieldError(page(t, w), "into"); got != taxonomy.MergeIntoItself {
		t.Errorf("into itself: %q", got)
	}
	wantRedirect(t, b.post("/admin/tags/"+itoa(flood.ID)+"/merge", url.Values{"into": {"FLOODS"}}), "/admin/tags?done=tag-merged")
	a, err := n.st.ArticleByID(ctx, story.ID)
	must(t, err)
	if got := tagNames(a.Tags); !equal(got, "Floods", "Mekong River") {
		t.Errorf("tags after the merge: %q", got)
	}
	if got, err := n.st.TagRedirect(ctx, "flood"); err != nil || got != "floods" {
		t.Errorf("merged tag slug resolves to %q, %v", got, err)
	}

	wantRedirect(t, b.post("/admin/tags/"+itoa(mekong.ID)+"/delete", nil), "/admin/tags?done=tag-deleted")
	if _, err := n.st.TagByID(ctx, mekong.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted tag: %v", err)
	}
	doc = page(t, b.get("/admin/tags?q=flo"))
	if got := texts(all(doc, "#tags tbody tr td")); len(got) != 4 || got[0] != "Floods" || got[2] != "1" {
		t.Errorf("tag list = %q", got)
	}
}

func TestTagSuggestions(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	n.publish("Dam opens", n.world, "Mekong", "Media", "Rice")
	w := n.signIn(content.RoleContributor).get("/admin/tags.json?q=me")
	wantStatus(t, w, http.StatusOK)
	var got []struct{ Name, Slug string }
	must(t, json.Unmarshal(w.Body.Bytes(), &got))
	if len(got) != 2 || got[0].Name != "Media" || got[1].Slug != "mekong" {
		t.Errorf("suggestions = %+v", got)
	}
}

func tagNames(tags []content.Tag) []string {
	var out []string
	for _, t := range tags {
		out = append(out, t.Name)
	}
	return out
}

func equal(got []string, want ...string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}
