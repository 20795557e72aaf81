package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"testing"

	"dateline/internal/admin"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/taxonomy"
)

// announcing gives the newsroom taxonomy and member services that tell
// rec of every change, as cmd wires them to the server's feed.
func announcing(rec *changes.Recorder) option {
	return func(c *admin.Config) {
		feed := &changes.Feed{}
		feed.Subscribe(rec.Record)
		c.Taxonomy = taxonomy.New(taxonomy.Config{Store: c.Store, Changes: feed})
		c.Members = members.New(members.Config{Store: c.Store, Hasher: c.Hasher, Changes: feed})
	}
}

// TestSectionTagAndMemberRoutesAnnounceTheirChanges walks every route that
// changes a section, a tag or a member: each change is announced once
// with its ids and tags, and a refused one announces nothing.
func TestSectionTagAndMemberRoutesAnnounceTheirChanges(t *testing.T) {
	t.Parallel()
	type fixture struct {
		n            *room
		story        content.Article // published in Business, tagged Flood and Mekong
		flood, mekng content.Tag
	}
	id := func(v int64) string { return itoa(v) }
	cases := []struct {
		name   string
		role   content.Role
		path   func(f fixture) string
		form   func(f fixture) url.Values
		status int
		want   func(f fixture) []changes.Event // nil: nothing announced
	}{
		{
			name: "adding a section", role: content.RoleEditor,
			path: func(f fixture) string { return "/admin/sections" },
			form: func(f fixture) url.Values { return url.Values{"name": {"Sport"}} }, status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				sport, err := f.n.st.CategoryBySlug(context.Background(), "sport")
				must(f.n.t, err)
				return []changes.Event{{Kind: changes.KindSection, Action: "create", IDs: []int64{sport.ID}, Tags: []string{"section:sport", "sections"}}}
			},
		},
		{
			name: "renaming a section", role: content.RoleEditor,
			path: func(f fixture) string { return "/admin/sections/" + id(f.n.world.ID) },
			form: func(f fixture) url.Values {
				return url.Values{"name": {"International"}, "slug": {"international"}, "position": {"1"}}
			},
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindSection, Action: "update", IDs: []int64{f.n.world.ID},
					Tags: []string{"section:international", "section:world", "sections"}}}
			},
		},
		{
			name: "moving a section down", role: content.RoleEditor,
			path:   func(f fixture) string { return "/admin/sections/" + id(f.n.world.ID) + "/move" },
			form:   func(f fixture) url.Values { return url.Values{"direction": {"down"}} },
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindSection, Action: "reorder", IDs: []int64{f.n.world.ID, f.n.business.ID}, Tags: []string{"sections"}}}
			},
		},
		{
			name: "deleting a section with a published story", role: content.RoleEditor,
			path:   func(f fixture) string { return "/admin/sections/" + id(f.n.business.ID) + "/delete" },
			form:   func(f fixture) url.Values { return url.Values{"move_to": {id(f.n.world.ID)}} },
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindSection, Action: "delete", IDs: []int64{f.n.business.ID, f.n.world.ID},
					Tags: []string{"feeds", "home", "search", "section:business", "section:world", "sections", "sitemaps"}}}
			},
		},
		{
			name: "adding a tag", role: content.RoleEditor,
			path: func(f fixture) string { return "/admin/tags" },
			form: func(f fixture) url.Values { return url.Values{"name": {"Rice"}} }, status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				rice, err := f.n.st.TagBySlug(context.Background(), "rice")
				must(f.n.t, err)
				return []changes.Event{{Kind: changes.KindTag, Action: "create", IDs: []int64{rice.ID}, Tags: []string{"tag:rice"}}}
			},
		},
		{
			name: "renaming a tag on a published story", role: content.RoleEditor,
			path:   func(f fixture) string { return "/admin/tags/" + id(f.flood.ID) },
			form:   func(f fixture) url.Values { return url.Values{"name": {"Floods"}, "slug": {""}} },
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindTag, Action: "update", IDs: []int64{f.flood.ID},
					Tags: []string{"search", "sitemaps", "tag:flood", "tag:floods", "tagname:flood"}}}
			},
		},
		{
			name: "merging tags", role: content.RoleEditor,
			path:   func(f fixture) string { return "/admin/tags/" + id(f.flood.ID) + "/merge" },
			form:   func(f fixture) url.Values { return url.Values{"into": {"Mekong"}} },
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindTag, Action: "merge", IDs: []int64{f.flood.ID, f.mekng.ID},
					Tags: []string{"search", "sitemaps", "tag:flood", "tag:mekong", "tagname:flood"}}}
			},
		},
		{
			name: "deleting a tag", role: content.RoleEditor,
			path:   func(f fixture) string { return "/admin/tags/" + id(f.mekng.ID) + "/delete" },
			form:   func(f fixture) url.Values { return nil },
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindTag, Action: "delete", IDs: []int64{f.mekng.ID}, Tags: []string{"search", "sitemaps", "tag:mekong", "tagname:mekong"}}}
			},
		},
		{
			name: "adding a member", role: content.RoleAdmin,
			path: func(f fixture) string { return "/admin/users" },
			form: func(f fixture) url.Values {
				return url.Values{"name": {"Ana Reyes"}, "email": {"ana2@example.com"}, "role": {"author"}, "password": {"a long first password"}}
			},
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				u, err := f.n.st.UserByEmail(context.Background(), "ana2@example.com")
				must(f.n.t, err)
				return []changes.Event{{Kind: changes.KindMember, Action: "create", IDs: []int64{u.ID}, Tags: []string{"author:ana-reyes-2"}}}
			},
		},
		{
			name: "making a member an administrator", role: content.RoleAdmin,
			path: func(f fixture) string { return "/admin/users/" + id(f.n.members[content.RoleEditor].ID) },
			form: func(f fixture) url.Values {
				return url.Values{"name": {"Eddie Editor"}, "email": {"eddie@example.com"}, "role": {"admin"}}
			},
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindMember, Action: "update", IDs: []int64{f.n.members[content.RoleEditor].ID},
					Tags: []string{"author:eddie-editor"}}}
			},
		},
		{
			name: "an author with a published story renaming themselves", role: content.RoleAuthor,
			path: func(f fixture) string { return "/admin/profile" },
			form: func(f fixture) url.Values {
				return url.Values{"name": {"Ana Reyes-Cruz"}, "email": {"ana@example.com"}, "bio": {"Covers floods."}}
			},
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindMember, Action: "update", IDs: []int64{f.n.members[content.RoleAuthor].ID},
					Tags: []string{"author:ana-reyes", "byline:ana-reyes", "search"}}}
			},
		},
		{
			name: "deleting a member with an heir", role: content.RoleAdmin,
			path: func(f fixture) string {
				return "/admin/users/" + id(f.n.members[content.RoleContributor].ID) + "/delete"
			},
			form: func(f fixture) url.Values {
				return url.Values{"heir": {id(f.n.members[content.RoleAuthor].ID)}}
			},
			status: http.StatusSeeOther,
			want: func(f fixture) []changes.Event {
				return []changes.Event{{Kind: changes.KindMember, Action: "delete",
					IDs:  []int64{f.n.members[content.RoleContributor].ID, f.n.members[content.RoleAuthor].ID},
					Tags: []string{"author:ana-reyes", "author:chai-contributor", "byline:chai-contributor"}}}
			},
		},

		{name: "a section without a name", role: content.RoleEditor,
			path:   func(f fixture) string { return "/admin/sections" },
			form:   func(f fixture) url.Values { return url.Values{"name": {""}} },
			status: http.StatusUnprocessableEntity},
		{name: "an author adding a section", role: content.RoleAuthor,
			path:   func(f fixture) string { return "/admin/sections" },
			form:   func(f fixture) url.Values { return url.Values{"name": {"Sport"}} },
			status: http.StatusForbidden},
		{name: "a section deleted without choosing where its articles go", role: content.RoleEditor,
			path:   func(f fixture) string { return "/admin/sections/" + id(f.n.business.ID) + "/delete" },
			form:   func(f fixture) url.Values { return url.Values{"move_to": {""}} },
			status: http.StatusUnprocessableEntity},
		{name: "a tag merged into itself", role: content.RoleEditor,
			path:   func(f fixture) string { return "/admin/tags/" + id(f.flood.ID) + "/merge" },
			form:   func(f fixture) url.Values { return url.Values{"into": {"flood"}} },
			status: http.StatusUnprocessableEntity},
		{name: "a member added with a taken email", role: content.RoleAdmin,
			path: func(f fixture) string { return "/admin/users" },
			form: func(f fixture) url.Values {
				return url.Values{"name": {"Ana Again"}, "email": {"ana@example.com"}, "role": {"author"}, "password": {"a long first password"}}
			},
			status: http.StatusUnprocessableEntity},
		{name: "the last administrator stepping down", role: content.RoleAdmin,
			path: func(f fixture) string { return "/admin/users/" + id(f.n.members[content.RoleAdmin].ID) },
			form: func(f fixture) url.Values {
				return url.Values{"name": {"Ada Admin"}, "email": {"ada@example.com"}, "role": {"editor"}}
			},
			status: http.StatusUnprocessableEntity},
		{name: "an administrator deleting themselves", role: content.RoleAdmin,
			path: func(f fixture) string { return "/admin/users/" + id(f.n.members[content.RoleAdmin].ID) + "/delete" },
			form: func(f fixture) url.Values {
				return url.Values{"heir": {id(f.n.members[content.RoleEditor].ID)}}
			},
			status: http.StatusUnprocessableEntity},
		{name: "a profile given a taken email", role: content.RoleAuthor,
			path: func(f fixture) string { return "/admin/profile" },
			form: func(f fixture) url.Values {
				return url.Values{"name": {"Ana Reyes"}, "email": {"eddie@example.com"}, "confirm_password": {password}}
			},
			status: http.StatusUnprocessableEntity},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := &changes.Recorder{}
			n := newNewsroom(t, announcing(rec))
			f := fixture{n: n, story: n.publish("Rates held", n.business, "Flood", "Mekong")}
			var err error
			f.flood, err = n.st.TagBySlug(context.Background(), "flood")
			must(t, err)
			f.mekng, err = n.st.TagBySlug(context.Background(), "mekong")
			must(t, err)
			b := n.signIn(tc.role)
			wantStatus(t, b.post(tc.path(f), tc.form(f)), tc.status)
			var want []changes.Event
			if tc.want != nil {
				want = tc.want(f)
			}
			if got := rec.Take(); !reflect.DeepEqual(got, want) {
				t.Errorf("events = %+v\nwant     %+v", got, want)
			}
		})
	}
}
