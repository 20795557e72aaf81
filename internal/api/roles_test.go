package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
)

// roles are who calls in the matrix: each member's own token, no token,
// and a token that was revoked.
var roles = []string{"admin", "editor", "author", "contributor", "no token", "revoked token"}

// request is one call of the matrix.
type request struct {
	method, path string
	body         any
	target       content.Article // the article acted on, if any
}

// TestRoleMatrix walks every role × action over HTTP and checks the exact
// status of each: the API keeps the newsroom's role rules.
func TestRoleMatrix(t *testing.T) {
	d := newDesk(t)
	picture := photo(t, "jpeg", 64, 48)
	actions := []struct {
		name string
		req  func(me content.User) request
		want [6]int // in the order of roles
	}{
		{"create a draft", func(content.User) request {
			return request{"POST", "/api/v1/articles", map[string]any{"title": "Rain in the north", "body": "It rained."}, content.Article{}}
		}, [6]int{201, 201, 201, 201, 401, 401}},
		{"publish own draft", func(me content.User) request {
			a := d.article(t, me, content.StatusDraft)
			return request{"PATCH", d.path(a), map[string]any{"status": "published"}, a}
		}, [6]int{200, 200, 200, 403, 401, 401}},
		{"publish another's draft", func(content.User) request {
			a := d.article(t, d.members["other"], content.StatusDraft)
			return request{"PATCH", d.path(a), map[string]any{"status": "published"}, a}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"edit own published article", func(me content.User) request {
			a := d.article(t, me, content.StatusPublished)
			return request{"PATCH", d.path(a), map[string]any{"title": "A better headline"}, a}
		}, [6]int{200, 200, 200, 403, 401, 401}},
		{"edit another's draft", func(content.User) request {
			a := d.article(t, d.members["other"], content.StatusDraft)
			return request{"PATCH", d.path(a), map[string]any{"title": "A better headline"}, a}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"edit another's published article", func(content.User) request {
			a := d.article(t, d.members["other"], content.StatusPublished)
			return request{"PATCH", d.path(a), map[string]any{"title": "A better headline"}, a}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"trash own draft", func(me content.User) request {
			a := d.article(t, me, content.StatusDraft)
			return request{"DELETE", d.path(a), nil, a}
		}, [6]int{200, 200, 200, 200, 401, 401}},
		{"trash another's draft", func(content.User) request {
			a := d.article(t, d.members["other"], content.StatusDraft)
			return request{"DELETE", d.path(a), nil, a}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"trash own published article", func(me content.User) request {
			a := d.article(t, me, content.StatusPublished)
			return request{"DELETE", d.path(a), nil, a}
		}, [6]int{200, 200, 200, 403, 401, 401}},
		{"delete own article for good", func(me content.User) request {
			a := d.article(t, me, content.StatusDraft)
			return request{"DELETE", d.path(a) + "?permanent=true", nil, a}
		}, [6]int{204, 204, 403, 403, 401, 401}},
		{"correct own published article", func(me content.User) request {
			a := d.article(t, me, content.StatusPublished)
			return request{"POST", d.path(a) + "/corrections", map[string]any{"kind": "correction", "text": "A name was misspelt."}, a}
		}, [6]int{201, 201, 201, 403, 401, 401}},
		{"correct another's published article", func(content.User) request {
			a := d.article(t, d.members["other"], content.StatusPublished)
			return request{"POST", d.path(a) + "/corrections", map[string]any{"kind": "update", "text": "Police named the driver."}, a}
		}, [6]int{201, 201, 403, 403, 401, 401}},
		{"reword a correction of another's published article", func(content.User) request {
			a := d.article(t, d.members["other"], content.StatusPublished)
			c := d.correction(t, a)
			a = d.reread(t, a.ID) // the correction moved its updated time
			return request{"PATCH", fmt.Sprintf("%s/corrections/%d", d.path(a), c.ID), map[string]any{"text": "Reworded."}, a}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"upload a picture", func(content.User) request {
			return request{"POST", "/api/v1/media", upload(t, "market.jpg", picture, map[string]string{"alt": "A market"}), content.Article{}}
		}, [6]int{201, 201, 201, 403, 401, 401}},
		{"list comments", func(content.User) request {
			return request{"GET", "/api/v1/comments?status=pending", nil, content.Article{}}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"moderate a comment", func(content.User) request {
			c := d.comment(t, d.article(t, d.members["other"], content.StatusPublished))
			return request{"PATCH", fmt.Sprintf("/api/v1/comments/%d", c.ID), map[string]any{"status": "approved"}, content.Article{}}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"list another's drafts", func(content.User) request {
			return request{"GET", "/api/v1/articles?status=draft&author=nok-author", nil, content.Article{}}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"read another's draft", func(content.User) request {
			a := d.article(t, d.members["other"], content.StatusDraft)
			return request{"GET", d.path(a), nil, a}
		}, [6]int{200, 200, 404, 404, 404, 401}},
		{"read own draft", func(me content.User) request {
			a := d.article(t, me, content.StatusDraft)
			return request{"GET", d.path(a), nil, a}
		}, [6]int{200, 200, 200, 200, 404, 401}},
		// A live blog's entries follow the article's rules.
		{"post an entry to own published live blog", func(me content.User) request {
			a := d.liveBlog(t, me, content.StatusPublished)
			return request{"POST", d.path(a) + "/entries", map[string]any{"body": "Water at the pier."}, a}
		}, [6]int{201, 201, 201, 403, 401, 401}},
		{"post an entry to own draft live blog", func(me content.User) request {
			a := d.liveBlog(t, me, content.StatusDraft)
			return request{"POST", d.path(a) + "/entries", map[string]any{"body": "Ready for later."}, a}
		}, [6]int{201, 201, 201, 201, 401, 401}},
		{"post an entry to another's live blog", func(content.User) request {
			a := d.liveBlog(t, d.members["other"], content.StatusPublished)
			return request{"POST", d.path(a) + "/entries", map[string]any{"body": "Not my blog."}, a}
		}, [6]int{201, 201, 403, 403, 401, 401}},
		{"close another's live blog", func(content.User) request {
			a := d.liveBlog(t, d.members["other"], content.StatusPublished)
			return request{"PATCH", d.path(a), map[string]any{"live": false}, a}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"edit an entry of another's live blog", func(content.User) request {
			a := d.liveBlog(t, d.members["other"], content.StatusPublished)
			return request{"PATCH", fmt.Sprintf("%s/entries/%d", d.path(a), d.entry(t, a).ID), map[string]any{"headline": "Mine now"}, a}
		}, [6]int{200, 200, 403, 403, 401, 401}},
		{"delete an entry of another's live blog", func(content.User) request {
			a := d.liveBlog(t, d.members["other"], content.StatusPublished)
			return request{"DELETE", fmt.Sprintf("%s/entries/%d", d.path(a), d.entry(t, a).ID), nil, a}
		}, [6]int{204, 204, 403, 403, 401, 401}},
		{"delete an entry of own published live blog", func(me content.User) request {
			a := d.liveBlog(t, me, content.StatusPublished)
			return request{"DELETE", fmt.Sprintf("%s/entries/%d", d.path(a), d.entry(t, a).ID), nil, a}
		}, [6]int{204, 204, 204, 403, 401, 401}},
		{"list the entries of another's draft live blog", func(content.User) request {
			a := d.liveBlog(t, d.members["other"], content.StatusDraft)
			d.entry(t, a)
			return request{"GET", d.path(a) + "/entries", nil, a}
		}, [6]int{200, 200, 404, 404, 404, 401}},
		// Alerts are the editors'.
		{"put up a breaking-news alert", func(content.User) request {
			return request{"POST", "/api/v1/alerts", map[string]any{"text": "Dam gates open",
				"expires_at": d.clock.Now().Add(time.Hour).Format(time.RFC3339)}, content.Article{}}
		}, [6]int{201, 201, 403, 403, 401, 401}},
		{"take a breaking-news alert down", func(content.User) request {
			l := content.Alert{Text: "Dam gates open", CreatedAt: d.clock.Now(), ExpiresAt: d.clock.Now().Add(time.Hour)}
			must(t, d.st.CreateAlert(context.Background(), &l))
			return request{"DELETE", fmt.Sprintf("/api/v1/alerts/%d", l.ID), nil, content.Article{}}
		}, [6]int{204, 204, 403, 403, 401, 401}},
		// Withdrawing a story is the editors'.
		{"withdraw own published article", func(me content.User) request {
			a := d.article(t, me, content.StatusPublished)
			return request{"POST", d.path(a) + "/withdraw", map[string]any{"notice": "Its source could not be confirmed."}, a}
		}, [6]int{200, 200, 403, 403, 401, 401}},
	}
	for _, act := range actions {
		for i, role := range roles {
			t.Run(act.name+" as "+role, func(t *testing.T) {
				me, token := d.members[role], d.tokens[role]
				switch role {
				case "no token":
					me = d.members["author"]
				case "revoked token":
					me, token = d.members["editor"], d.tokens["revoked"]
				}
				req := act.req(me)
				rec := d.call(t, req.method, req.path, token, req.body)
				if rec.Code != act.want[i] {
					t.Fatalf("%s %s: %d, want %d\n%s", req.method, req.path, rec.Code, act.want[i], rec.Body.String())
				}
				if rec.Code >= 400 {
					e := decode[apiError](t, rec)
					wantCode := map[int]string{401: "unauthorized", 403: "forbidden", 404: "not_found"}[rec.Code]
					if e.Error.Code != wantCode || e.Error.Message == "" {
						t.Errorf("error = %+v, want code %q with a message", e.Error, wantCode)
					}
				}
				if a := req.target; rec.Code >= 400 && a.ID != 0 {
					if got := d.reread(t, a.ID); got.Title != a.Title || got.Status != a.Status || !got.UpdatedAt.Equal(a.UpdatedAt) {
						t.Errorf("a refused request changed the article: %+v", got)
					}
				}
				if rec.Code == http.StatusUnauthorized && rec.Header().Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if req.method != "GET" || role != "no token" {
					if cc := rec.Header().Get("Cache-Control"); cc != "no-store" {
						t.Errorf("Cache-Control = %q, want no-store", cc)
					}
				}
			})
		}
	}
}

func (d *desk) path(a content.Article) string { return fmt.Sprintf("/api/v1/articles/%d", a.ID) }

// entry posts an entry to the live blog a, as the store keeps it.
func (d *desk) entry(t *testing.T, a content.Article) content.Entry {
	t.Helper()
	e := content.Entry{ArticleID: a.ID, Author: a.Author, Source: "Water at the pier.", Body: "<p>Water at the pier.</p>",
		CreatedAt: d.clock.Now(), UpdatedAt: d.clock.Now()}
	must(t, d.st.AddEntry(context.Background(), &e))
	return e
}

// TestSponsoredLiveBlogEntriesMarkTheirLinks: the API gives a sponsored
// live blog's entries as readers get them, their links rel="sponsored",
// and an ordinary one's as they are.
func TestSponsoredLiveBlogEntriesMarkTheirLinks(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	for _, label := range []content.Label{content.LabelNews, content.LabelSponsored} {
		a := d.liveBlog(t, d.members["author"], content.StatusPublished)
		a.Label = label
		must(t, d.st.UpdateArticle(ctx, &a))
		e := content.Entry{ArticleID: a.ID, Author: a.Author, Source: "[Rates](https://bank.example/)",
			Body: `<p><a href="https://bank.example/" rel="nofollow">Rates</a></p>`, CreatedAt: d.clock.Now(), UpdatedAt: d.clock.Now()}
		must(t, d.st.AddEntry(ctx, &e))
		rec := d.call(t, "GET", d.path(a)+"/entries", "", nil)
		page := decode[struct {
			Items []struct {
				BodyHTML string `json:"body_html"`
			} `json:"items"`
		}](t, rec)
		if rec.Code != http.StatusOK || len(page.Items) != 1 {
			t.Fatalf("%s live blog's entries: %d %s", label, rec.Code, rec.Body)
		}
		if got := strings.Contains(page.Items[0].BodyHTML, "sponsored"); got != (label == content.LabelSponsored) {
			t.Errorf("a %s live blog's entry is %s", label, page.Items[0].BodyHTML)
		}
	}
}
