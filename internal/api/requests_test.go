package api_test

import (
	"net/http"
	"strings"
	"testing"

	"dateline/internal/content"
)

func TestBadWriteRequestsGetClearErrorsAndChangeNothing(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.members["author"], content.StatusDraft)
	path := d.path(a)
	huge := `{"title": "Long", "body": "` + strings.Repeat("x", 3<<20) + `"}`
	cases := []struct {
		name, method, path, ctype, body string
		status                          int
		code, field                     string
	}{
		{"malformed JSON", "PATCH", path, "", `{"title": "Half`, 400, "malformed_json", ""},
		{"a list instead of an object", "PATCH", path, "", `["title"]`, 400, "malformed_json", ""},
		{"an empty body", "POST", "/api/v1/articles", "", ``, 400, "malformed_json", ""},
		{"JSON followed by more", "PATCH", path, "", `{"title": "A"} {"title": "B"}`, 400, "malformed_json", ""},
		{"an unknown field", "PATCH", path, "", `{"title": "A", "headline": "B"}`, 400, "unknown_field", "headline"},
		{"a field in the wrong case", "PATCH", path, "", `{"Title": "A"}`, 400, "unknown_field", "Title"},
		{"a number for the title", "PATCH", path, "", `{"title": 12}`, 400, "invalid_title", "title"},
		{"a string for must_read", "PATCH", path, "", `{"must_read": "yes"}`, 400, "invalid_must_read", "must_read"},
		{"tags that are not a list", "PATCH", path, "", `{"tags": "rivers"}`, 400, "invalid_tags", "tags"},
		{"a category that is neither slug nor id", "PATCH", path, "", `{"category": true}`, 400, "invalid_category", "category"},
		{"an unknown category", "PATCH", path, "", `{"category": "sport"}`, 422, "invalid_category", "category"},
		{"an unknown category id", "PATCH", path, "", `{"category": 999}`, 422, "invalid_category", "category"},
		{"a bad status", "PATCH", path, "", `{"status": "live"}`, 400, "invalid_status", "status"},
		{"a bad format", "PATCH", path, "", `{"format": "docx"}`, 400, "invalid_format", "format"},
		{"an empty headline", "PATCH", path, "", `{"title": "  "}`, 422, "invalid_title", "title"},
		{"a picture that does not exist", "PATCH", path, "", `{"image_id": 999}`, 422, "invalid_image_id", "image_id"},
		{"nothing to change", "PATCH", path, "", `{}`, 400, "nothing_to_change", ""},
		{"a version that is not a number", "PATCH", path, "", `{"title": "A", "version": "2"}`, 400, "invalid_version", "version"},
		{"a version on a new article", "POST", "/api/v1/articles", "", `{"title": "A", "version": 1}`, 400, "invalid_version", "version"},
		{"a new article in the trash", "POST", "/api/v1/articles", "", `{"title": "A", "status": "trashed"}`, 400, "invalid_status", "status"},
		{"a form instead of JSON", "PATCH", path, "application/x-www-form-urlencoded", `title=A`, 415, "unsupported_media_type", ""},
		{"a body over the limit", "POST", "/api/v1/articles", "", huge, 413, "too_large", ""},
		{"an unknown article", "PATCH", "/api/v1/articles/999999", "", `{"title": "A"}`, 404, "not_found", ""},
		{"an article id that is not a number", "PATCH", "/api/v1/articles/story-1", "", `{"title": "A"}`, 404, "not_found", ""},
		{"deleting an unknown article", "DELETE", "/api/v1/articles/999999", "", ``, 404, "not_found", ""},
		{"reading an unknown article", "GET", "/api/v1/articles/999999", "", ``, 404, "not_found", ""},
		{"listing a status that does not exist", "GET", "/api/v1/articles?status=live", "", ``, 400, "invalid_status", "status"},
		{"an If-Match that is no ETag", "PATCH", path, "", `{"title": "A"}`, 400, "invalid_if_match", "If-Match"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body any
			if tc.body != "" {
				body = tc.body
			}
			req := d.request(t, tc.method, tc.path, d.tokens["editor"], body)
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			if tc.field == "If-Match" {
				req.Header.Set("If-Match", "yesterday")
			}
			rec := d.serve(req)
			e := decode[apiError](t, rec)
			if rec.Code != tc.status || e.Error.Code != tc.code || e.Error.Field != tc.field || e.Error.Message == "" {
				t.Errorf("%d %+v, want %d %s %q", rec.Code, e.Error, tc.status, tc.code, tc.field)
			}
			if got := d.reread(t, a.ID); got.Title != a.Title || got.Status != a.Status || got.UpdatedAt != a.UpdatedAt {
				t.Errorf("the article changed: %+v", got)
			}
		})
	}
	if n := d.count(t, content.StatusDraft); n != 1 {
		t.Errorf("%d drafts, want only the one made by the test", n)
	}
}

func TestErrorMessagesAreWrittenForPeople(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.members["author"], content.StatusDraft)
	cases := []struct{ body, message string }{
		{`{"title": 12}`, "title must be a string, not a number."},
		{`{"tags": [1]}`, "tags must be a list of strings, not a number."},
		{`{"must_read": [true]}`, "must_read must be true or false, not a list."},
		{`{"headline": "B"}`, `"headline" is not a field this request takes; it takes title, body, format, kind, status, published_at, category, tags, must_read, dateline, excerpt, slug, image_id, comments_open, seo_title, seo_description, author_id, authors, label, note, version, live.`},
		{`{"title": ""}`, "Please enter a headline."},
	}
	for _, tc := range cases {
		rec := d.call(t, "PATCH", d.path(a), d.tokens["author"], tc.body)
		if e := decode[apiError](t, rec); e.Error.Message != tc.message {
			t.Errorf("%s: %q, want %q", tc.body, e.Error.Message, tc.message)
		}
	}
	rec := d.call(t, "PATCH", d.path(a), d.tokens["author"], `{"title": "", "dateline": "`+strings.Repeat("X", 81)+`"}`)
	if e := decode[apiError](t, rec); len(e.Error.Details) != 2 || e.Error.Details[1].Field != "dateline" {
		t.Errorf("several problems: %+v", e.Error)
	}
}

func TestTokens(t *testing.T) {
	d := newDesk(t)
	draft := d.article(t, d.members["contributor"], content.StatusDraft)
	cases := []struct {
		name, header string
		status       int
	}{
		{"a revoked token", "Bearer " + d.tokens["revoked"], 401},
		{"a made-up token", "Bearer dl_" + strings.Repeat("a", 43), 401},
		{"garbage", "Bearer <script>", 401},
		{"another scheme", "Basic YWRtaW46YWRtaW4=", 401},
		{"the owner's token", "Bearer " + d.tokens["contributor"], 200},
		{"the token in lower case scheme", "bearer " + d.tokens["contributor"], 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := d.request(t, "GET", d.path(draft), "", nil)
			req.Header.Set("Authorization", tc.header)
			rec := d.serve(req)
			if rec.Code != tc.status {
				t.Fatalf("%d %s", rec.Code, rec.Body)
			}
			if tc.status == 401 && (rec.Header().Get("WWW-Authenticate") != `Bearer realm="dateline"` || decode[apiError](t, rec).Error.Code != "unauthorized") {
				t.Errorf("401 answer: %v %s", rec.Header(), rec.Body)
			}
		})
	}
	for _, path := range []string{"/api/v1/categories", "/api/v1/tags", "/api/v1/authors", "/api/v1/search?q=river", "/api/v1/articles"} {
		if rec := d.call(t, "GET", path, d.tokens["revoked"], nil); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s with a revoked token: %d", path, rec.Code)
		}
		if rec := d.call(t, "GET", path, "", nil); rec.Code != http.StatusOK {
			t.Errorf("%s without a token: %d", path, rec.Code)
		}
	}
	// A session cookie is no way in: the API reads only bearer tokens.
	req := d.request(t, "POST", "/api/v1/articles", "", `{"title": "From a browser"}`)
	req.Header.Set("Cookie", "dateline_session=anything")
	if rec := d.serve(req); rec.Code != http.StatusUnauthorized {
		t.Errorf("with a cookie: %d", rec.Code)
	}
}

func TestMembersListWhatTheyMaySee(t *testing.T) {
	d := newDesk(t)
	own := d.article(t, d.members["contributor"], content.StatusDraft)
	d.article(t, d.members["other"], content.StatusDraft)
	d.article(t, d.members["other"], content.StatusPending)
	titles := func(token, query string) []string {
		rec := d.call(t, "GET", "/api/v1/articles?"+query, token, nil)
		if rec.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", query, rec.Code, rec.Body)
		}
		if strings.Contains(query, "status=") && rec.Header().Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", query, rec.Header().Get("Cache-Control"))
		}
		var out []string
		for _, it := range decode[articlePage](t, rec).Items {
			out = append(out, it.Title)
		}
		return out
	}
	if got := titles(d.tokens["contributor"], "status=draft"); len(got) != 1 || got[0] != own.Title {
		t.Errorf("a contributor's drafts: %v", got)
	}
	if got := titles(d.tokens["editor"], "status=draft"); len(got) != 2 {
		t.Errorf("an editor's drafts: %v", got)
	}
	if got := titles(d.tokens["editor"], "status=pending&author=nok-author"); len(got) != 1 {
		t.Errorf("pending by Nok: %v", got)
	}
	if got := titles(d.tokens["contributor"], "status=pending"); len(got) != 0 {
		t.Errorf("a contributor sees others' pending articles: %v", got)
	}
	for range 3 {
		d.article(t, d.members["editor"], content.StatusDraft)
	}
	first := decode[articlePage](t, d.call(t, "GET", "/api/v1/articles?status=draft&limit=4", d.tokens["editor"], nil))
	second := decode[articlePage](t, d.call(t, "GET", "/api/v1/articles?status=draft&limit=4&cursor="+first.NextCursor, d.tokens["editor"], nil))
	if len(first.Items) != 4 || first.NextCursor == "" || len(second.Items) != 1 || second.NextCursor != "" {
		t.Errorf("pages of %d (next %q) and %d (next %q)", len(first.Items), first.NextCursor, len(second.Items), second.NextCursor)
	}
	// With a token and no status, the list is the public one.
	if got := titles(d.tokens["editor"], ""); len(got) != 0 {
		t.Errorf("published: %v", got)
	}
}
