package api_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"dateline/internal/content"
)

type bylineAnswer struct {
	ID      int64
	Version int
	Authors []struct {
		ID           int64
		Name         string
		Slug         string
		URL          string
		Organization bool
	}
}

func (b bylineAnswer) names() []string {
	var out []string
	for _, au := range b.Authors {
		out = append(out, au.Name)
	}
	return out
}

// The "done when" through the API: three reporters and an agency
// on one story, in the order given, in the answer and in the public one.
func TestAStoryCreditsThreeReportersAndAnAgency(t *testing.T) {
	d := newDesk(t)
	author, other, contributor := d.members["author"], d.members["other"], d.members["contributor"]
	rec := d.call(t, "POST", "/api/v1/articles", d.tokens["editor"], map[string]any{
		"title": "Dam talks resume", "body": "Talks resumed.", "status": "published",
		"authors": []any{author.ID, map[string]any{"id": other.ID}, contributor.ID, map[string]any{"name": " Reuters ", "organization": true}},
	})
	if rec.Code != http.StatusCreated {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	a := decode[bylineAnswer](t, rec)
	want := []string{author.Name, other.Name, contributor.Name, "Reuters"}
	if !slices.Equal(a.names(), want) {
		t.Errorf("authors = %v, want %v", a.names(), want)
	}
	if m := a.Authors[0]; m.ID != author.ID || m.Slug != author.Slug || m.URL != "https://news.example/author/"+author.Slug+"/" {
		t.Errorf("a member = %+v", m)
	}
	if c := a.Authors[3]; c.ID != 0 || c.Slug != "" || c.URL != "" || !c.Organization {
		t.Errorf("the agency = %+v", c)
	}
	// The public list of a co-author's articles has the story, with its byline.
	list := decode[struct{ Items []bylineAnswer }](t, d.call(t, "GET", "/api/v1/articles?author="+other.Slug, "", nil))
	if len(list.Items) != 1 || list.Items[0].ID != a.ID || !slices.Equal(list.Items[0].names(), want) {
		t.Errorf("the co-author's articles = %+v", list.Items)
	}

	// PATCH changes the byline alone; the agency can go.
	rec = d.call(t, "PATCH", "/api/v1/articles/"+fmt.Sprint(a.ID), d.tokens["editor"], map[string]any{"authors": []any{other.ID, author.ID}})
	if got := decode[bylineAnswer](t, rec); rec.Code != http.StatusOK || !slices.Equal(got.names(), []string{other.Name, author.Name}) {
		t.Errorf("PATCH authors: %d %v", rec.Code, got.names())
	}
}

func TestABadBylineIsRefusedNamingAuthorsAndChangesNothing(t *testing.T) {
	d := newDesk(t)
	author := d.members["author"]
	rec := d.call(t, "POST", "/api/v1/articles", d.tokens["editor"], map[string]any{"title": "Kept", "authors": []any{author.ID}})
	if rec.Code != http.StatusCreated {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	id := decode[bylineAnswer](t, rec).ID
	eleven := make([]any, 11)
	for i := range eleven {
		eleven[i] = map[string]any{"name": "Agency " + string(rune('A'+i))}
	}
	for _, tc := range []struct {
		name    string
		authors any
		status  int
		message string
	}{
		{"an unknown member", []any{author.ID, 9999}, http.StatusUnprocessableEntity, "Name 2 of the byline is not a member of the newsroom."},
		{"too many names", eleven, http.StatusUnprocessableEntity, "A byline has at most 10 names."},
		{"a credit too long", []any{map[string]any{"name": strings.Repeat("R", 101)}}, http.StatusUnprocessableEntity,
			"A credit is at most 100 characters long (name 1 of the byline)."},
		{"no names", []any{}, http.StatusUnprocessableEntity, "Name at least one author: a member of the newsroom or a credit such as “Staff”."},
		{"null", nil, http.StatusBadRequest, "authors cannot be null: send the byline, at least one name."},
		{"a member id that is no id", []any{-3}, http.StatusBadRequest, "A member in authors is named by their id, a number from 1."},
		{"an object that is neither", []any{map[string]any{"slug": "kittipong-chai"}}, http.StatusBadRequest,
			`Each of authors is a member's id or a credit such as {"name": "Reuters"}.`},
		{"both an id and a name", []any{map[string]any{"id": author.ID, "name": "Reuters"}}, http.StatusBadRequest,
			`Each of authors is a member's id or a credit such as {"name": "Reuters"}.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, call := range []struct{ method, path string }{{"PATCH", "/api/v1/articles/" + fmt.Sprint(id)}, {"POST", "/api/v1/articles"}} {
				rec := d.call(t, call.method, call.path, d.tokens["editor"], map[string]any{"title": "Changed", "authors": tc.authors})
				e := decode[apiError](t, rec)
				if rec.Code != tc.status || e.Error.Field != "authors" || e.Error.Message != tc.message {
					t.Errorf("%s: %d %+v, want %d on authors: %q", call.method, rec.Code, e.Error, tc.status, tc.message)
				}
			}
			stored := d.reread(t, id)
			if stored.Title != "Kept" || len(stored.Authors) != 1 || stored.Authors[0].ID != author.ID {
				t.Errorf("the refused call changed the article: %q %+v", stored.Title, stored.Authors)
			}
			if n := d.count(t, content.StatusDraft); n != 1 {
				t.Errorf("%d drafts: a refused POST stored one", n)
			}
		})
	}
}

func TestAContributorCannotJoinABylineThroughTheAPI(t *testing.T) {
	d := newDesk(t)
	rec := d.call(t, "POST", "/api/v1/articles", d.tokens["editor"], map[string]any{"title": "Out", "status": "published"})
	id := decode[bylineAnswer](t, rec).ID
	rec = d.call(t, "PATCH", "/api/v1/articles/"+fmt.Sprint(id), d.tokens["contributor"],
		map[string]any{"authors": []any{d.members["editor"].ID, d.members["contributor"].ID}})
	if rec.Code != http.StatusForbidden {
		t.Errorf("status = %d, want 403\n%s", rec.Code, rec.Body)
	}
	if got := d.reread(t, id); len(got.Authors) != 1 || got.Authors[0].ID != d.members["editor"].ID {
		t.Errorf("byline = %+v", got.Authors)
	}
}
