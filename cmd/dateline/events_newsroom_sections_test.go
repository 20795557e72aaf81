package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
)

// The newsroom's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents
// for sections and tags.

// taxonomyRoutes change sections and tags.
func (e *eventsApp) taxonomyRoutes() []route {
	editor := func(s *scene) *visitor { return s.desks[content.RoleEditor] }
	return []route{
		{name: "an editor adding a section announces it and the navigation",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/sections", url.Values{"name": {"Sport"}}).Code },
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				c, err := s.st.CategoryBySlug(context.Background(), "sport")
				noError(s.t, err)
				return []changes.Event{changes.New(changes.KindSection, "create", []int64{c.ID}, changes.Section("sport"), changes.Sections)}
			}},
		{name: "a section without a name is refused and announces nothing",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/sections", url.Values{"name": {""}}).Code },
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an author adding a section is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleAuthor], "/admin/sections", url.Values{"name": {"Opinion"}}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "an editor renaming a section with published articles announces both addresses, the navigation and the sitemaps",
			prepare: func(s *scene) {
				c := s.newSection("Asia")
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, c)
				s.id = c.ID
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.id), url.Values{"name": {"Asia Pacific"}, "slug": {"asia-pacific"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSection, "update", []int64{s.id},
					changes.Section("asia"), changes.Section("asia-pacific"), changes.Sections, changes.Sitemaps)}
			}},
		{name: "a section renamed to another section's address is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.business.ID), url.Values{"name": {"Business"}, "slug": {"world"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor moving a section down announces the navigation",
			prepare: func(s *scene) {
				list, err := s.st.Categories(context.Background())
				noError(s.t, err)
				for i, c := range list {
					if c.ID == s.world.ID && i+1 < len(list) {
						s.id = list[i+1].ID
					}
				}
				if s.id == 0 {
					s.t.Fatalf("World is not followed by another section: %+v", list)
				}
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.world.ID, "/move"), url.Values{"direction": {"down"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSection, "reorder", []int64{s.world.ID, s.id}, changes.Sections)}
			}},
		{name: "a section moved neither up nor down is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.world.ID, "/move"), url.Values{"direction": {"sideways"}}).Code
			},
			status: http.StatusBadRequest, want: none},
		{name: "an editor deleting a section with published articles, moving them to World, announces both sections, the navigation and every list",
			prepare: func(s *scene) {
				c := s.newSection("Regions")
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, c)
				s.id = c.ID
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.id, "/delete"), url.Values{"move_to": {strconv.FormatInt(s.world.ID, 10)}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSection, "delete", []int64{s.id, s.world.ID},
					changes.Section("regions"), changes.Section("world"), changes.Sections,
					changes.Home, changes.Feeds, changes.Search, changes.Sitemaps)}
			}},
		{name: "a section deleted without choosing where its articles go is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.business.ID, "/delete"), url.Values{"move_to": {""}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor adding a tag announces it",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/tags", url.Values{"name": {"Rice Harvest"}}).Code },
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindTag, "create", []int64{s.tagID("rice-harvest")}, changes.Tag("rice-harvest"))}
			}},
		{name: "a tag without a name is refused and announces nothing",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/tags", url.Values{"name": {" "}}).Code },
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor renaming a tag on a published article announces both addresses, its old name, search and the sitemaps",
			prepare: func(s *scene) {
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, s.world, "Drought")
				s.id = s.tagID("drought")
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/tags/", s.id), url.Values{"name": {"Droughts"}, "slug": {""}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindTag, "update", []int64{s.id},
					changes.Tag("drought"), changes.Tag("droughts"), changes.TagName("drought"), changes.Search, changes.Sitemaps)}
			}},
		{name: "a tag renamed to another tag's address is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/tags/", s.tagID("rice-harvest")), url.Values{"name": {"Rice Harvest"}, "slug": {"floods"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor merging a tag on a published article into Floods announces both archives, the merged tag's name, search and the sitemaps",
			prepare: func(s *scene) {
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, s.world, "Flooding")
				s.id = s.tagID("flooding")
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/tags/", s.id, "/merge"), url.Values{"into": {"Floods"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindTag, "merge", []int64{s.id, s.floods.ID},
					changes.Tag("flooding"), changes.Tag("floods"), changes.TagName("flooding"), changes.Search, changes.Sitemaps)}
			}},
		{name: "a tag merged into itself is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/tags/", s.floods.ID, "/merge"), url.Values{"into": {"floods"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor deleting a tag on a published article announces its archive, its name, search and the sitemaps",
			prepare: func(s *scene) {
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, s.world, "Monsoon")
				s.id = s.tagID("monsoon")
			},
			do:     func(s *scene) int { return s.post(editor(s), urlPath("/admin/tags/", s.id, "/delete"), nil).Code },
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindTag, "delete", []int64{s.id},
					changes.Tag("monsoon"), changes.TagName("monsoon"), changes.Search, changes.Sitemaps)}
			}},
		{name: "an author deleting a tag is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleAuthor], urlPath("/admin/tags/", s.floods.ID, "/delete"), nil).Code
			},
			status: http.StatusForbidden, want: none},
	}
}
