package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"dateline/internal/content"
)

func TestModeratorsListAndModerateComments(t *testing.T) {
	d := newDesk(t)
	story := d.article(t, d.members["author"], content.StatusPublished)
	other := d.article(t, d.members["author"], content.StatusPublished)
	var ids []int64
	for range 3 {
		ids = append(ids, d.comment(t, story).ID)
	}
	d.comment(t, other)

	type page struct {
		Items []struct {
			ID      int64
			Status  string
			Body    string
			Article struct {
				ID  int64
				URL string
			}
			AuthorEmail string `json:"author_email"`
		}
		NextOffset *int `json:"next_offset"`
	}
	rec := d.call(t, "GET", fmt.Sprintf("/api/v1/comments?status=pending&article=%d&limit=2", story.ID), d.tokens["editor"], nil)
	p := decode[page](t, rec)
	if rec.Code != http.StatusOK || len(p.Items) != 2 || p.NextOffset == nil || *p.NextOffset != 2 ||
		p.Items[0].Article.ID != story.ID || p.Items[0].AuthorEmail != "reader@example.com" ||
		p.Items[0].Article.URL != "https://news.example/2025/07/14/story-1/" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	rest := decode[page](t, d.call(t, "GET", fmt.Sprintf("/api/v1/comments?status=pending&article=%d&limit=2&offset=2", story.ID), d.tokens["editor"], nil))
	if len(rest.Items) != 1 || rest.NextOffset != nil {
		t.Errorf("second page: %+v", rest)
	}

	rec = d.call(t, "PATCH", fmt.Sprintf("/api/v1/comments/%d", ids[0]), d.tokens["admin"],
		map[string]any{"status": "approved", "body": "Thank you for this careful report."})
	if got := decode[page](t, d.call(t, "GET", "/api/v1/comments?status=approved", d.tokens["editor"], nil)); rec.Code != http.StatusOK ||
		len(got.Items) != 1 || got.Items[0].Body != "Thank you for this careful report." {
		t.Errorf("after approving: %d %s / %+v", rec.Code, rec.Body, got)
	}
	if a := d.reread(t, story.ID); a.CommentCount != 1 {
		t.Errorf("comment count %d", a.CommentCount)
	}

	cases := []struct {
		name, method, path, body string
		status                   int
		field                    string
	}{
		{"a bad status filter", "GET", "/api/v1/comments?status=hidden", "", 400, "status"},
		{"a bad article filter", "GET", "/api/v1/comments?article=story", "", 400, "article"},
		{"a bad offset", "GET", "/api/v1/comments?offset=-1", "", 400, "offset"},
		{"a bad status", "PATCH", fmt.Sprintf("/api/v1/comments/%d", ids[1]), `{"status": "deleted"}`, 400, "status"},
		{"an empty text", "PATCH", fmt.Sprintf("/api/v1/comments/%d", ids[1]), `{"body": "  ", "status": "approved"}`, 422, "body"},
		{"an unknown field", "PATCH", fmt.Sprintf("/api/v1/comments/%d", ids[1]), `{"author": "X"}`, 400, "author"},
		{"nothing to change", "PATCH", fmt.Sprintf("/api/v1/comments/%d", ids[1]), `{}`, 400, ""},
		{"an unknown comment", "PATCH", "/api/v1/comments/99999", `{"status": "spam"}`, 404, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body any
			if tc.body != "" {
				body = tc.body
			}
			rec := d.call(t, tc.method, tc.path, d.tokens["editor"], body)
			if e := decode[apiError](t, rec); rec.Code != tc.status || e.Error.Field != tc.field || e.Error.Message == "" {
				t.Errorf("%d %+v", rec.Code, e.Error)
			}
			c, err := d.st.CommentByID(context.Background(), ids[1])
			must(t, err)
			if c.Status != content.CommentPending || c.Body != "Thank you for this report." {
				t.Errorf("the comment changed: %+v", c)
			}
		})
	}
}
