package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dateline/internal/admin"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/settings"
	"dateline/internal/store"
)

// policyForm is a valid comment settings form with changes.
func policyForm(change map[string]string) url.Values {
	f := url.Values{"mode": {"hold_first_time"}, "max_depth": {"3"}, "close_after_days": {"0"}, "max_links": {"2"},
		"min_seconds": {"0"}, "blocklist": {""}, "akismet_key": {""}, "akismet_url": {comments.DefaultAkismetURL}, "max_length": {"5000"}}
	for k, v := range change {
		f.Set(k, v)
	}
	return f
}

func TestCommentSettingsAreValidatedAndKeepWhatWasTyped(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	b := d.signIn(content.RoleAdmin)
	doc := page(t, b.get("/admin/comments/settings"))
	checkLabels(t, doc)
	def := comments.DefaultPolicy()
	if !hasAttr(first(doc, "#mode-"+string(def.Mode)), "checked") || value(doc, "max_depth") != strconv.Itoa(def.MaxDepth) ||
		value(doc, "min_seconds") != strconv.Itoa(def.MinSeconds) || value(doc, "akismet_url") != def.AkismetURL {
		t.Errorf("a new site's settings are not the defaults")
	}

	long := strings.Repeat("x", 201)
	typed := map[string]string{
		"mode": "sometimes", "max_depth": "0", "close_after_days": "soon", "max_links": "-1",
		"min_seconds": "90", "akismet_key": "abc-123", "akismet_url": "ftp://akismet.example", "blocklist": "casino\n" + long,
		"max_length": "50",
	}
	d.seen.Take() // what setting up the discussion announced
	w := b.post("/admin/comments/settings", policyForm(typed))
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc = page(t, w)
	want := comments.Policy{Mode: "sometimes", MaxDepth: 0, CloseAfterDays: -1, MaxLinks: -1, MinSeconds: 90, MaxLength: 50,
		AkismetKey: "abc-123", AkismetURL: "ftp://akismet.example"}.Validate()
	want.Add("blocklist", settings.BlocklistTooLong)
	for _, field := range []string{"mode", "max_depth", "close_after_days", "max_links", "min_seconds", "akismet_key", "akismet_url", "blocklist", "max_length"} {
		if got := fieldError(doc, field); got == "" || got != want.For(field) {
			t.Errorf("%s: message %q, want %q", field, got, want.For(field))
		}
		if field != "mode" && value(doc, field) != typed[field] {
			t.Errorf("%s: the form lost %q, holds %q", field, typed[field], value(doc, field))
		}
	}
	if got := len(all(doc, ".error-summary li")); got != 9 {
		t.Errorf("the summary lists %d problems, want 9", got)
	}
	w = b.post("/admin/comments/settings", policyForm(map[string]string{"close_after_days": "40000", "max_links": "5000"}))
	doc = page(t, w)
	if fieldError(doc, "close_after_days") != settings.CloseAfterTooLong || fieldError(doc, "max_links") != settings.MaxLinksTooMany {
		t.Errorf("huge numbers: %q, %q", fieldError(doc, "close_after_days"), fieldError(doc, "max_links"))
	}
	r := httptest.NewRequest("POST", "https://news.example/admin/comments/settings", strings.NewReader("mode=%zz&max_depth=3"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	wantStatus(t, b.do(r), http.StatusBadRequest)
	if _, err := d.st.Setting(context.Background(), "comments"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused form saved the settings: %v", err)
	}
	if got := d.seen.Take(); len(got) != 0 {
		t.Errorf("refused forms announced %+v", got)
	}
}

func TestCommentSettingsApplyToTheNextComment(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	b := d.signIn(content.RoleAdmin)
	ctx := context.Background()
	post := func(name, words string) comments.Outcome {
		t.Helper()
		first := strings.ToLower(strings.Fields(name)[0])
		_, out, err := d.svc.Post(ctx, comments.Form{Comment: words, Author: name, Email: first + "@example.org",
			ArticleID: itoa(d.article.ID)}, comments.ClientInfo{Addr: "198.51.100.7", UserAgent: "Firefox"})
		must(t, err)
		return out
	}

	d.seen.Take() // what setting up the discussion announced
	wantRedirect(t, b.post("/admin/comments/settings", policyForm(map[string]string{
		"mode": "approve_all", "blocklist": " Casino \ncasino\n\nfree-pills.example", "max_depth": "5",
	})), "/admin/comments/settings?saved=1")
	if got := d.seen.Take(); len(got) != 1 || got[0].Kind != changes.KindSettings || got[0].Action != "comments" ||
		strings.Join(got[0].Tags, " ") != changes.Settings {
		t.Errorf("saving the comment settings announced %+v, want one settings event for the pages with a comment form", got)
	}
	doc := page(t, b.get("/admin/comments/settings?saved=1"))
	if got := text(first(doc, ".notice")); got != "The comment settings are saved and apply to the next comment." {
		t.Errorf("notice = %q", got)
	}
	if got := value(doc, "blocklist"); got != "casino\nfree-pills.example" || value(doc, "max_depth") != "5" ||
		!hasAttr(first(doc, "#mode-approve_all"), "checked") {
		t.Errorf("saved form shows blocklist %q, depth %q", got, value(doc, "max_depth"))
	}
	if got := post("Anna Berg", "A fair account of the talks."); got != comments.Approved {
		t.Errorf("under approve all: %s", got)
	}
	if got := post("Cheap Deals", "Best casino bonus here."); got != comments.Spam {
		t.Errorf("a blocked word: %s", got)
	}

	wantRedirect(t, b.post("/admin/comments/settings", policyForm(map[string]string{"mode": "hold_all"})),
		"/admin/comments/settings?saved=1")
	if got := post("Mai Tran", "The figures in the third paragraph look off."); got != comments.Held {
		t.Errorf("under hold all: %s", got)
	}
}

func TestUnreadableCommentSettingsShowTheDefaults(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	must(t, d.st.SaveSetting(context.Background(), "comments", []byte(`{"mode": 3`)))
	doc := page(t, d.signIn(content.RoleAdmin).get("/admin/comments/settings"))
	if got := text(first(doc, "#problem")); got != admin.PolicyUnreadable {
		t.Errorf("problem = %q", got)
	}
	if !hasAttr(first(doc, "#mode-hold_first_time"), "checked") {
		t.Errorf("the defaults are not shown")
	}
}
