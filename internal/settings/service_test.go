package settings_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/settings"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// desk is a settings service on the store under test, with what it
// announced recorded.
type desk struct {
	st   store.Store
	svc  *settings.Service
	seen *changes.Recorder
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	st := teststore.Open(t)
	feed := &changes.Feed{}
	d := &desk{st: st, seen: &changes.Recorder{}, svc: settings.New(settings.Config{Store: st, Changes: feed})}
	feed.Subscribe(d.seen.Record)
	return d
}

var (
	admin  = content.User{ID: 1, Name: "Ada Admin", Role: content.RoleAdmin}
	editor = content.User{ID: 2, Name: "Eddie Editor", Role: content.RoleEditor}
)

func bangkok() content.Settings {
	s := content.DefaultSettings()
	s.SiteName, s.TimeZone, s.BaseURL = "Bangkok Daily", "Asia/Bangkok", "https://daily.example"
	s.WeatherLabel, s.Latitude, s.Longitude, s.MaxUploadMB = "Bangkok", 13.75, 100.5, 8
	return s
}

// fields is the field errors of field, message pairs.
func fields(pairs ...string) content.FieldErrors {
	var errs content.FieldErrors
	for i := 0; i+1 < len(pairs); i += 2 {
		errs.Add(pairs[i], pairs[i+1])
	}
	return errs
}

func relay() mail.Settings {
	return mail.Settings{Host: "smtp.example.com", Port: 587, Username: "desk", Password: "s3cret", From: "Newsroom <news@example.com>"}
}

// stored is everything the settings live in, to show that a refused save
// changed none of it.
func (d *desk) stored(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	set, err := d.st.Settings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := json.Marshal(set)
	for _, key := range []string{settings.PolicyKey, mail.SettingKey} {
		raw, err := d.st.Setting(ctx, key)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		out = append(append(out, ' '), raw...)
	}
	return string(out)
}

func TestEverySaveAnnouncesItselfOnce(t *testing.T) {
	policy := comments.DefaultPolicy()
	policy.Mode = comments.HoldAll
	cases := []struct {
		name string
		save func(*settings.Service) error
		want changes.Event
	}{
		{"the site settings are announced to every page",
			func(s *settings.Service) error { return s.Save(context.Background(), admin, bangkok()) },
			changes.Event{Kind: changes.KindSettings, Action: "site", Tags: []string{changes.Settings}}},
		{"the comment policy is announced to the pages with a comment form",
			func(s *settings.Service) error { return s.SavePolicy(context.Background(), admin, policy) },
			changes.Event{Kind: changes.KindSettings, Action: "comments", Tags: []string{changes.Settings}}},
		{"the mail server is announced with no tags, since no page shows it",
			func(s *settings.Service) error { return s.SaveMail(context.Background(), admin, relay()) },
			changes.Event{Kind: changes.KindSettings, Action: "mail", Tags: []string{}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t)
			if err := tc.save(d.svc); err != nil {
				t.Fatal(err)
			}
			got := d.seen.Take()
			if len(got) != 1 || got[0].Kind != tc.want.Kind || got[0].Action != tc.want.Action ||
				len(got[0].IDs) != 0 || strings.Join(got[0].Tags, " ") != strings.Join(tc.want.Tags, " ") {
				t.Errorf("announced %+v, want one %+v", got, tc.want)
			}
		})
	}
}

func TestSavedDocumentsReadBackAsSaved(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	if err := d.svc.Save(ctx, admin, bangkok()); err != nil {
		t.Fatal(err)
	}
	if got, err := d.st.Settings(ctx); err != nil || !reflect.DeepEqual(got, bangkok()) {
		t.Errorf("stored settings %+v, %v", got, err)
	}

	p := comments.DefaultPolicy()
	p.Blocklist = []string{" Casino ", "casino", "", "free-pills.example"}
	if err := d.svc.SavePolicy(ctx, admin, p); err != nil {
		t.Fatal(err)
	}
	raw, err := d.st.Setting(ctx, settings.PolicyKey)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := comments.ParsePolicy(raw)
	if err != nil || strings.Join(stored.Blocklist, ",") != "casino,free-pills.example" {
		t.Errorf("stored policy %+v, %v: want the blocklist normalised", stored, err)
	}

	if err := d.svc.SaveMail(ctx, admin, relay()); err != nil {
		t.Fatal(err)
	}
	raw, err = d.st.Setting(ctx, mail.SettingKey)
	if err != nil {
		t.Fatal(err)
	}
	if m, err := mail.ParseSettings(raw); err != nil || m != relay() {
		t.Errorf("stored mail settings %+v, %v", m, err)
	}
}

func TestOnlyAnAdministratorMayChangeTheSettings(t *testing.T) {
	for _, role := range []content.Role{content.RoleEditor, content.RoleAuthor, content.RoleContributor, ""} {
		t.Run(string(role), func(t *testing.T) {
			d := newDesk(t)
			who := content.User{ID: 9, Role: role}
			before := d.stored(t)
			ctx := context.Background()
			for name, err := range map[string]error{
				"Save":       d.svc.Save(ctx, who, bangkok()),
				"SavePolicy": d.svc.SavePolicy(ctx, who, comments.DefaultPolicy()),
				"SaveMail":   d.svc.SaveMail(ctx, who, relay()),
			} {
				if !errors.Is(err, settings.ErrForbidden) {
					t.Errorf("%s by a %s: %v, want ErrForbidden", name, role, err)
				}
			}
			if d.stored(t) != before {
				t.Error("a refused save changed the stored settings")
			}
			if got := d.seen.Take(); len(got) != 0 {
				t.Errorf("refused saves announced %+v", got)
			}
		})
	}
}

func TestInvalidSettingsAreRefusedFieldByField(t *testing.T) {
	badSite := bangkok()
	badSite.TimeZone, badSite.PerPage = "Mars/Olympus_Mons", 0
	badPolicy := comments.DefaultPolicy()
	badPolicy.CloseAfterDays, badPolicy.MaxLinks = 40000, 5000
	badPolicy.Blocklist = []string{"casino", strings.Repeat("x", 201)}
	longList := comments.DefaultPolicy()
	longList.Blocklist = make([]string, 2001)
	cases := []struct {
		name string
		save func(*settings.Service) error
		want content.FieldErrors
	}{
		{"site settings with an unknown zone and no articles a page",
			func(s *settings.Service) error { return s.Save(context.Background(), admin, badSite) },
			fields("time_zone", content.TimeZoneInvalid, "per_page", content.PerPageInvalid)},
		{"a comment policy past the limits the settings set",
			func(s *settings.Service) error { return s.SavePolicy(context.Background(), admin, badPolicy) },
			fields("close_after_days", settings.CloseAfterTooLong, "max_links", settings.MaxLinksTooMany, "blocklist", settings.BlocklistTooLong)},
		{"a blocklist of 2001 lines",
			func(s *settings.Service) error { return s.SavePolicy(context.Background(), admin, longList) },
			fields("blocklist", settings.BlocklistTooLong)},
		{"a comment policy that comments.Policy.Validate refuses",
			func(s *settings.Service) error {
				return s.SavePolicy(context.Background(), admin, comments.Policy{Mode: "sometimes", MaxDepth: 3, MaxLength: 5000})
			},
			comments.Policy{Mode: "sometimes", MaxDepth: 3, MaxLength: 5000}.Validate()},
		{"a mail server given as a URL, on port 70000, from no address",
			func(s *settings.Service) error {
				return s.SaveMail(context.Background(), admin, mail.Settings{Host: "http://smtp.example.com", Port: 70000, From: "not an address"})
			},
			fields("host", settings.MailHostInvalid, "port", settings.MailPortInvalid, "from", settings.MailFromInvalid)},
		{"a port the form could not read",
			func(s *settings.Service) error {
				return s.SaveMail(context.Background(), admin, mail.Settings{Host: "smtp.example.com", Port: -1})
			},
			fields("port", settings.MailPortInvalid)},
		{"a username and password of 201 characters and no server",
			func(s *settings.Service) error {
				return s.SaveMail(context.Background(), admin, mail.Settings{Username: strings.Repeat("u", 201), Password: strings.Repeat("p", 201)})
			},
			fields("username", settings.MailUserTooLong, "password", settings.MailPassTooLong, "host", settings.MailUserNoHost)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := newDesk(t)
			before := d.stored(t)
			err := tc.save(d.svc)
			var got content.FieldErrors
			if !errors.As(err, &got) || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("refused with %v\nwant %v", err, tc.want)
			}
			if d.stored(t) != before {
				t.Error("a refused save changed the stored settings")
			}
			if ev := d.seen.Take(); len(ev) != 0 {
				t.Errorf("a refused save announced %+v", ev)
			}
		})
	}
}

func TestSubscribersApplyWhatWasSaved(t *testing.T) {
	d := newDesk(t)
	var sites []content.Settings
	var servers []mail.Settings
	d.svc.OnSite(func(_ context.Context, s content.Settings) { sites = append(sites, s) })
	stop := d.svc.OnMail(func(_ context.Context, m mail.Settings) { servers = append(servers, m) })

	if err := d.svc.Save(context.Background(), admin, bangkok()); err != nil {
		t.Fatal(err)
	}
	if len(sites) != 1 || !reflect.DeepEqual(sites[0], bangkok()) || len(servers) != 0 {
		t.Fatalf("after saving the site settings: sites %+v, mail servers %+v", sites, servers)
	}
	if err := d.svc.SavePolicy(context.Background(), admin, comments.DefaultPolicy()); err != nil {
		t.Fatal(err)
	}
	if err := d.svc.SaveMail(context.Background(), admin, relay()); err != nil {
		t.Fatal(err)
	}
	if len(sites) != 1 || len(servers) != 1 || servers[0] != relay() {
		t.Fatalf("after saving the policy and the mail server: sites %d, mail servers %+v", len(sites), servers)
	}
	if err := d.svc.SaveMail(context.Background(), editor, mail.Settings{}); err == nil {
		t.Fatal("an editor changed the mail server")
	}
	stop()
	if err := d.svc.SaveMail(context.Background(), admin, mail.Settings{}); err != nil {
		t.Fatal(err)
	}
	if len(servers) != 1 {
		t.Errorf("a refused save or a cancelled subscription applied %+v", servers[1:])
	}
}

func TestAServiceWithoutAFeedStillTellsItsSubscribers(t *testing.T) {
	st := teststore.Open(t)
	svc := settings.New(settings.Config{Store: st})
	var got []mail.Settings
	svc.OnMail(func(_ context.Context, m mail.Settings) { got = append(got, m) })
	if err := svc.SaveMail(context.Background(), admin, relay()); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != relay() {
		t.Errorf("OnMail got %+v", got)
	}
}

// leavingStore is a store whose member goes away the moment the settings
// are written: their request's context ends between the commit and the
// subscribers.
type leavingStore struct {
	store.Store
	leave func()
}

func (l leavingStore) SaveSettings(ctx context.Context, s content.Settings) error {
	defer l.leave()
	return l.Store.SaveSettings(ctx, s)
}

func TestASaveIsAppliedEvenWhenTheMemberHasGone(t *testing.T) {
	st := teststore.Open(t)
	ctx, cancel := context.WithCancel(context.Background())
	svc := settings.New(settings.Config{Store: leavingStore{st, cancel}})
	var got []content.Settings
	svc.OnSite(func(_ context.Context, s content.Settings) { got = append(got, s) })
	if err := svc.Save(ctx, admin, bangkok()); err != nil {
		t.Fatal(err)
	}
	if ctx.Err() == nil {
		t.Fatal("the request did not end")
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], bangkok()) {
		t.Errorf("OnSite got %+v", got)
	}
}

// The comment policy and the mail server read back through the service:
// the defaults before anything is saved, what was saved after, and a
// document that cannot be read is ErrUnreadable with the defaults.
func TestStoredDocumentsReadThroughTheService(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	if p, err := d.svc.Policy(ctx); err != nil || p.Mode != comments.DefaultPolicy().Mode {
		t.Errorf("policy before any save = %+v, %v; want the default", p, err)
	}
	if m, err := d.svc.Mail(ctx); err != nil || m != (mail.Settings{}) {
		t.Errorf("mail before any save = %+v, %v; want none", m, err)
	}
	if err := d.svc.SaveMail(ctx, admin, relay()); err != nil {
		t.Fatal(err)
	}
	if m, err := d.svc.Mail(ctx); err != nil || m.Host != "smtp.example.com" {
		t.Errorf("mail after saving = %+v, %v", m, err)
	}
	for _, key := range []string{settings.PolicyKey, mail.SettingKey} {
		if err := d.st.SaveSetting(ctx, key, []byte(`{"mode": 7`)); err != nil {
			t.Fatal(err)
		}
	}
	if p, err := d.svc.Policy(ctx); !errors.Is(err, settings.ErrUnreadable) || p.Mode != comments.DefaultPolicy().Mode {
		t.Errorf("an unreadable policy = %+v, %v; want the default and ErrUnreadable", p, err)
	}
	if m, err := d.svc.Mail(ctx); !errors.Is(err, settings.ErrUnreadable) || m != (mail.Settings{}) {
		t.Errorf("unreadable mail settings = %+v, %v; want none and ErrUnreadable", m, err)
	}
}
