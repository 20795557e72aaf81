package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"dateline/internal/content"
)

// The JSON API's real answers against docs/openapi.yaml (issue 16): a
// client generated from the document, or a schema-driven fuzzer, relies
// on every answer matching the operation's schema for its status, so
// each operation is called here, as each role and without a token, and
// its request and answer are checked by kin-openapi, the OpenAPI 3.1
// validator most Go projects use.

// spec loads and validates docs/openapi.yaml, with the checks a linter
// makes that kin-openapi's own validation leaves out: every operation has
// a unique operationId and says explicitly who may call it.
func spec(t *testing.T) (*openapi3.T, routers.Router) {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("../../docs/openapi.yaml")
	if err != nil {
		t.Fatalf("load docs/openapi.yaml: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("docs/openapi.yaml is not a valid OpenAPI document: %v", err)
	}
	ids := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			switch {
			case op.OperationID == "":
				t.Errorf("%s has no operationId", where)
			case ids[op.OperationID] != "":
				t.Errorf("%s and %s share the operationId %s", where, ids[op.OperationID], op.OperationID)
			}
			ids[op.OperationID] = where
			if op.Security == nil {
				t.Errorf("%s has no security entry: say whether it is public ({}), needs a token, or both", where)
			}
		}
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return doc, router
}

// checked sends requests to the API and checks each against the
// document, remembering which operations were called.
type checked struct {
	t      *testing.T
	d      *desk
	router routers.Router
	called map[string]bool
}

// call sends one request and checks its answer; a request the document
// itself refuses (a deliberate mistake) is checked for its answer only.
func (c *checked) call(method, path, token string, body any, want int) *httptest.ResponseRecorder {
	t := c.t
	t.Helper()
	req := c.d.request(t, method, path, token, body)
	route, params, err := c.router.FindRoute(c.d.request(t, method, "https://news.example"+path, token, body))
	if err != nil {
		t.Fatalf("%s %s is not in docs/openapi.yaml: %v", method, path, err)
	}
	c.called[route.Operation.OperationID] = true
	input := &openapi3filter.RequestValidationInput{
		Request: c.d.request(t, method, "https://news.example"+path, token, body), PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true, IncludeResponseStatus: true},
	}
	requestErr := openapi3filter.ValidateRequest(context.Background(), input)
	if want < 400 && requestErr != nil {
		t.Errorf("%s %s: the request itself does not match the document: %v", method, path, requestErr)
	}
	rec := c.d.serve(req)
	if rec.Code != want {
		t.Fatalf("%s %s = %d, want %d\n%s", method, path, rec.Code, want, rec.Body)
	}
	answer := &openapi3filter.ResponseValidationInput{RequestValidationInput: input, Status: rec.Code,
		Header: rec.Header(), Options: input.Options}
	answer.SetBodyBytes(rec.Body.Bytes())
	if err := openapi3filter.ValidateResponse(context.Background(), answer); err != nil {
		t.Errorf("%s %s (%d): the answer does not match docs/openapi.yaml: %v\n%s", method, path, rec.Code, err, abbreviate(rec.Body.Bytes()))
	}
	return rec
}

func abbreviate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

func TestEveryAnswerMatchesTheOpenAPIDocument(t *testing.T) {
	doc, router := spec(t)
	d := newDesk(t)
	c := &checked{t: t, d: d, router: router, called: map[string]bool{}}
	editor, author, contributor := d.tokens["editor"], d.tokens["author"], d.tokens["contributor"]
	published := d.article(t, d.members["author"], content.StatusPublished)
	d.article(t, d.members["other"], content.StatusDraft)
	pending := d.comment(t, published)
	id := func(a any) string { return fmt.Sprint(a) }

	// The public side, and a token holder reading it.
	c.call("GET", "/api/v1/articles", "", nil, 200)
	c.call("GET", "/api/v1/articles?limit=1", "", nil, 200)
	c.call("GET", "/api/v1/articles?q=river", "", nil, 200)
	c.call("GET", "/api/v1/articles?category=politics&limit=5", editor, nil, 200)
	c.call("GET", "/api/v1/articles?status=draft", editor, nil, 200)
	c.call("GET", "/api/v1/articles?status=draft", "", nil, 401)
	c.call("GET", "/api/v1/articles?limit=1000", "", nil, 400)
	c.call("GET", "/api/v1/articles", d.tokens["revoked"], nil, 401)
	c.call("GET", "/api/v1/articles/"+id(published.ID), "", nil, 200)
	c.call("GET", "/api/v1/articles/"+published.Slug, "", nil, 200)
	c.call("GET", "/api/v1/articles/"+id(published.ID), editor, nil, 200) // EditorArticle
	c.call("GET", "/api/v1/articles/999999", "", nil, 404)
	c.call("GET", "/api/v1/search?q=river", "", nil, 200)
	c.call("GET", "/api/v1/search?q=", "", nil, 400)
	c.call("GET", "/api/v1/categories", "", nil, 200)
	c.call("GET", "/api/v1/tags", "", nil, 200)
	c.call("GET", "/api/v1/authors", "", nil, 200)
	d.giveProfile(t, d.members["author"]) // and with a profile
	c.call("GET", "/api/v1/authors", "", nil, 200)

	// Writing, as the workflow allows and refuses.
	rec := c.call("POST", "/api/v1/articles", author, map[string]any{"title": "Dam gates opened", "body": "Water was released.",
		"category": "politics", "tags": []string{"Floods"}, "status": "draft", "dateline": "AYUTTHAYA", "label": "analysis"}, 201)
	made := decode[editorArticle](t, rec)
	c.call("POST", "/api/v1/articles", author, map[string]any{"body": "No headline."}, 422)
	c.call("POST", "/api/v1/articles", contributor, map[string]any{"title": "Mine", "status": "published"}, 403)
	c.call("POST", "/api/v1/articles", "", map[string]any{"title": "Anonymous"}, 401)
	c.call("POST", "/api/v1/articles", author, `{"title": "x", "colour": "red"}`, 400)
	path := "/api/v1/articles/" + id(made.ID)
	rec = c.call("PATCH", path, author, map[string]any{"excerpt": "Gates open at noon.", "version": made.Version}, 200)
	c.call("PATCH", path, author, map[string]any{"excerpt": "Stale.", "version": made.Version}, 409)
	c.call("PATCH", path, author, map[string]any{"status": "published", "version": decode[editorArticle](t, rec).Version}, 200)
	c.call("PATCH", "/api/v1/articles/999999", editor, map[string]any{"title": "Nothing"}, 404)
	c.call("POST", "/api/v1/articles/"+id(published.ID)+"/corrections", author, map[string]any{"kind": "update", "text": "The river fell."}, 201)
	rec = c.call("POST", "/api/v1/articles/"+id(published.ID)+"/corrections", editor, map[string]any{"text": "A name was wrong."}, 201)
	fix := decode[struct{ ID int64 }](t, rec)
	c.call("POST", "/api/v1/articles/"+id(published.ID)+"/corrections", author, map[string]any{"text": ""}, 422)
	c.call("POST", "/api/v1/articles/"+id(published.ID)+"/corrections", contributor, map[string]any{"text": "Mine."}, 403)
	c.call("PATCH", "/api/v1/articles/"+id(published.ID)+"/corrections/"+id(fix.ID), editor, map[string]any{"text": "A name was misspelt."}, 200)
	c.call("PATCH", "/api/v1/articles/"+id(published.ID)+"/corrections/999999", editor, map[string]any{"text": "x"}, 404)
	c.call("GET", "/api/v1/articles/"+id(published.ID)+"/corrections", "", nil, 200)
	c.call("GET", "/api/v1/articles/"+id(published.ID)+"/corrections", editor, nil, 200)
	c.call("GET", "/api/v1/articles/"+id(published.ID), "", nil, 200) // with its corrections
	c.call("GET", "/api/v1/articles/999999/corrections", "", nil, 404)
	killed := d.article(t, d.members["author"], content.StatusPublished)
	c.call("POST", "/api/v1/articles/"+id(killed.ID)+"/withdraw", author, map[string]any{"notice": "Mine."}, 403)
	c.call("POST", "/api/v1/articles/"+id(killed.ID)+"/withdraw", editor, map[string]any{"notice": ""}, 422)
	c.call("POST", "/api/v1/articles/"+id(killed.ID)+"/withdraw", editor, map[string]any{"notice": "It named the wrong man."}, 200)
	c.call("POST", "/api/v1/articles/"+id(killed.ID)+"/withdraw", editor, map[string]any{"notice": "Again."}, 409)
	c.call("POST", "/api/v1/articles/"+id(killed.ID)+"/withdraw", editor, `{"notice": "x", "why": "y"}`, 400)
	c.call("GET", "/api/v1/articles/"+id(killed.ID), editor, nil, 200)
	c.call("GET", "/api/v1/articles?status=withdrawn", editor, nil, 200)
	c.call("DELETE", path, author, nil, 200)
	c.call("DELETE", path+"?permanent=true", editor, nil, 204)
	c.call("DELETE", path, editor, nil, 404)

	// The media library.
	rec = c.call("POST", "/api/v1/media", author, upload(t, "gates.jpg", photo(t, "jpeg", 700, 400), map[string]string{"alt": "The dam's gates"}), 201)
	pic := decode[struct{ ID int64 }](t, rec)
	c.call("POST", "/api/v1/media", author, upload(t, "notes.txt", []byte("not a picture"), map[string]string{"alt": "Notes"}), 422)
	c.call("PATCH", "/api/v1/media/"+id(pic.ID), author, map[string]any{"caption": "The gates at noon."}, 200)
	c.call("PATCH", "/api/v1/media/"+id(pic.ID), contributor, map[string]any{"caption": "Mine now."}, 403)
	c.call("GET", "/api/v1/media", contributor, nil, 200)
	c.call("GET", "/api/v1/media?q=gates&limit=1", author, nil, 200)
	c.call("GET", "/api/v1/media?q=ox", author, nil, 400)
	c.call("GET", "/api/v1/media", "", nil, 401)

	// Moderation.
	c.call("GET", "/api/v1/comments", editor, nil, 200)
	c.call("GET", "/api/v1/comments?status=pending&article="+id(published.ID), editor, nil, 200)
	c.call("GET", "/api/v1/comments", author, nil, 403)
	c.call("PATCH", "/api/v1/comments/"+id(pending.ID), editor, map[string]any{"status": "approved"}, 200)
	c.call("PATCH", "/api/v1/comments/"+id(pending.ID), editor, map[string]any{"status": "eaten"}, 400)

	// Live blogs and their entries.
	rec = c.call("POST", "/api/v1/articles", author, map[string]any{"title": "Flood live", "body": "The lead.",
		"kind": "liveblog", "status": "published"}, 201)
	blog := decode[editorArticle](t, rec)
	entries := "/api/v1/articles/" + id(blog.ID) + "/entries"
	rec = c.call("POST", entries, author, map[string]any{"body": "Water at the **gates**.", "headline": "Gates", "pinned": true}, 201)
	entry := decode[struct{ ID int64 }](t, rec)
	c.call("POST", entries, author, map[string]any{"headline": "No body"}, 422)
	c.call("POST", entries, contributor, map[string]any{"body": "Not mine."}, 403)
	c.call("POST", "/api/v1/articles/"+id(published.ID)+"/entries", editor, map[string]any{"body": "Not a live blog."}, 409)
	c.call("GET", entries, "", nil, 200)
	c.call("GET", entries+"?limit=1", editor, nil, 200)
	c.call("GET", entries+"?cursor=nonsense", "", nil, 400)
	c.call("GET", "/api/v1/articles/"+id(published.ID)+"/entries", "", nil, 404)
	c.call("PATCH", entries+"/"+id(entry.ID), editor, map[string]any{"pinned": false}, 200)
	c.call("PATCH", entries+"/999999", editor, map[string]any{"pinned": false}, 404)
	c.call("PATCH", "/api/v1/articles/"+id(blog.ID), author, map[string]any{"live": false}, 200)
	c.call("DELETE", entries+"/"+id(entry.ID), author, nil, 204)
	c.call("DELETE", entries+"/"+id(entry.ID), author, nil, 404)

	// Breaking-news alerts.
	soon := d.clock.Now().Add(time.Hour).Format(time.RFC3339)
	rec = c.call("POST", "/api/v1/alerts", editor, map[string]any{"text": "Dam gates open at noon", "url": "/live/", "expires_at": soon}, 201)
	alert := decode[struct{ ID int64 }](t, rec)
	c.call("POST", "/api/v1/alerts", editor, map[string]any{"article": published.ID, "expires_at": soon}, 201)
	c.call("POST", "/api/v1/alerts", author, map[string]any{"text": "Mine", "expires_at": soon}, 403)
	c.call("POST", "/api/v1/alerts", editor, map[string]any{"text": "Past", "expires_at": "2001-01-01T00:00:00Z"}, 422)
	c.call("GET", "/api/v1/alerts", "", nil, 200)
	c.call("DELETE", "/api/v1/alerts/"+id(alert.ID), author, nil, 403)
	c.call("DELETE", "/api/v1/alerts/"+id(alert.ID), editor, nil, 204)
	c.call("DELETE", "/api/v1/alerts/"+id(alert.ID), editor, nil, 404)

	var missed []string
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if !c.called[op.OperationID] {
				missed = append(missed, op.OperationID)
			}
		}
	}
	slices.Sort(missed)
	if len(missed) > 0 {
		t.Errorf("no answer of %s was checked: add a call for each", strings.Join(missed, ", "))
	}
}
