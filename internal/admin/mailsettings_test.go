package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dateline/internal/admin"
	"dateline/internal/changes"
	"dateline/internal/content"
	mailpkg "dateline/internal/mail"
	"dateline/internal/mail/mailtest"
	"dateline/internal/settings"
)

// withMailServer sends the newsroom's mail through sw, which takes the
// saved mail settings from the settings service as the server does.
func withMailServer(sw *mailpkg.Switch) option {
	return func(c *admin.Config) {
		c.MailServer = sw
		c.Settings.OnMail(func(_ context.Context, m mailpkg.Settings) { sw.Use(m) })
	}
}

func TestMailSettingsApplyAtOnce(t *testing.T) {
	srv := mailtest.Start(t)
	sw := &mailpkg.Switch{}
	n := newNewsroom(t, withMailServer(sw))
	b := n.signIn(content.RoleAdmin)
	checkLabels(t, page(t, b.get("/admin/settings/mail")))

	// Before any server is set, the test says so instead of pretending.
	doc := page(t, b.post("/admin/settings/mail/test", nil))
	if got := text(first(doc, "#mail-test-error")); !strings.Contains(got, mailpkg.ErrNoServer.Error()) {
		t.Errorf("test without a server: %q", got)
	}

	form := url.Values{"host": {srv.Host}, "port": {strconv.Itoa(srv.Port)}, "from": {"Newsroom <news@example.com>"},
		"username": {""}, "password": {""}}
	n.seen.Take() // what setting up the newsroom announced
	wantRedirect(t, b.post("/admin/settings/mail", form), "/admin/settings/mail?done=mail-saved")
	if got := n.seen.Take(); len(got) != 1 || got[0].Kind != changes.KindSettings || got[0].Action != "mail" || len(got[0].Tags) != 0 {
		t.Errorf("saving the mail server announced %+v, want one mail settings event without tags", got)
	}
	doc = page(t, b.post("/admin/settings/mail/test", nil))
	if got := text(first(doc, "#mail-test-result")); !strings.Contains(got, "ada@example.com") {
		t.Fatalf("test message: result %q, error %q", got, text(first(doc, "#mail-test-error")))
	}
	got := srv.Messages()
	if len(got) != 1 || got[0].To[0] != "ada@example.com" || got[0].From != "news@example.com" {
		t.Fatalf("the mail server received %+v", got)
	}

	// The stored settings keep a password that is never shown again.
	form.Set("password", "s3cret-relay")
	form.Set("username", "desk")
	wantRedirect(t, b.post("/admin/settings/mail", form), "/admin/settings/mail?done=mail-saved")
	w := b.get("/admin/settings/mail")
	if strings.Contains(w.Body.String(), "s3cret-relay") || value(page(t, w), "password") != "" {
		t.Error("the page shows the stored password")
	}
	form.Set("password", "")
	wantRedirect(t, b.post("/admin/settings/mail", form), "/admin/settings/mail?done=mail-saved")
	raw, err := n.st.Setting(context.Background(), mailpkg.SettingKey)
	must(t, err)
	stored, err := mailpkg.ParseSettings(raw)
	must(t, err)
	if stored.Password != "s3cret-relay" || stored.Username != "desk" {
		t.Errorf("an empty password field did not keep the stored one: %+v", stored)
	}
}

func TestMailSettingsRefuseBadInput(t *testing.T) {
	sw := &mailpkg.Switch{}
	n := newNewsroom(t, withMailServer(sw))
	b := n.signIn(content.RoleAdmin)
	n.seen.Take() // what setting up the newsroom announced
	for _, c := range []struct {
		field, value, message string
	}{
		{"host", "http://smtp.example.com", settings.MailHostInvalid},
		{"host", "smtp.example.com:587", settings.MailHostInvalid},
		{"port", "seventy", settings.MailPortInvalid},
		{"port", "70000", settings.MailPortInvalid},
		{"port", "0", settings.MailPortInvalid},
		{"from", "not an address", settings.MailFromInvalid},
	} {
		form := url.Values{"host": {"smtp.example.com"}, "port": {"587"}, "from": {"news@example.com"}}
		form.Set(c.field, c.value)
		w := b.post("/admin/settings/mail", form)
		wantStatus(t, w, http.StatusUnprocessableEntity)
		doc := page(t, w)
		if got := fieldError(doc, c.field); got != c.message {
			t.Errorf("%s=%q: error %q, want %q", c.field, c.value, got, c.message)
		}
		if got := value(doc, c.field); got != c.value {
			t.Errorf("%s=%q: the form shows %q", c.field, c.value, got)
		}
	}
	if _, err := n.st.Setting(context.Background(), mailpkg.SettingKey); err == nil {
		t.Error("refused forms stored mail settings")
	}
	if got := n.seen.Take(); len(got) != 0 {
		t.Errorf("refused forms announced %+v", got)
	}
	for _, role := range []content.Role{content.RoleEditor, content.RoleAuthor, content.RoleContributor} {
		m := n.signIn(role)
		wantStatus(t, m.get("/admin/settings/mail"), http.StatusForbidden)
		wantStatus(t, m.post("/admin/settings/mail", url.Values{"host": {"evil.example"}}), http.StatusForbidden)
		wantStatus(t, m.post("/admin/settings/mail/test", nil), http.StatusForbidden)
	}
}
