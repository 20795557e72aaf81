package comments

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"dateline/internal/content"
)

func TestPolicyDefaultsAndStoredSettings(t *testing.T) {
	tests := []struct {
		name string
		json string
		want Policy
	}{
		{"no stored settings give the defaults", ``,
			Policy{Mode: HoldFirstTime, MaxDepth: 3, MaxLength: 5000, CloseAfterDays: 0, MaxLinks: 2, MinSeconds: 3, AkismetURL: DefaultAkismetURL}},
		{"a setting missing from storage keeps its default", `{"mode":"hold_all"}`,
			Policy{Mode: HoldAll, MaxDepth: 3, MaxLength: 5000, MaxLinks: 2, MinSeconds: 3, AkismetURL: DefaultAkismetURL}},
		{"every setting is read", `{"mode":"approve_all","max_depth":5,"close_after_days":14,"max_links":0,"blocklist":["Casino"," viagra ",""]}`,
			Policy{Mode: ApproveAll, MaxDepth: 5, CloseAfterDays: 14, MaxLength: 5000, MaxLinks: 0, Blocklist: []string{"casino", "viagra"},
				MinSeconds: 3, AkismetURL: DefaultAkismetURL}},
		{"an unknown mode holds first-time writers", `{"mode":"whatever"}`,
			Policy{Mode: HoldFirstTime, MaxDepth: 3, MaxLength: 5000, MaxLinks: 2, MinSeconds: 3, AkismetURL: DefaultAkismetURL}},
		{"a depth past the limit is cut to it", `{"max_depth":50}`,
			Policy{Mode: HoldFirstTime, MaxDepth: MaxDepthLimit, MaxLength: 5000, MaxLinks: 2, MinSeconds: 3, AkismetURL: DefaultAkismetURL}},
		{"the spam settings are read and tidied", `{"min_seconds":0,"akismet_key":" abc123 ","akismet_url":"https://akismet.example/ "}`,
			Policy{Mode: HoldFirstTime, MaxDepth: 3, MaxLength: 5000, MaxLinks: 2, MinSeconds: 0, AkismetKey: "abc123", AkismetURL: "https://akismet.example"}},
		{"a wait past the limit is cut to it and an empty Akismet address is Akismet's", `{"min_seconds":600,"akismet_url":""}`,
			Policy{Mode: HoldFirstTime, MaxDepth: 3, MaxLength: 5000, MaxLinks: 2, MinSeconds: MaxMinSeconds, AkismetURL: DefaultAkismetURL}},
		{"a length past the hard limit is cut to it", `{"max_length":99999}`,
			Policy{Mode: HoldFirstTime, MaxDepth: 3, MaxLength: MaxComment, MaxLinks: 2, MinSeconds: 3, AkismetURL: DefaultAkismetURL}},
		{"negative numbers become the defaults", `{"max_depth":-1,"close_after_days":-3,"max_links":-2,"min_seconds":-1,"max_length":-5}`,
			Policy{Mode: HoldFirstTime, MaxDepth: 3, MaxLength: 5000, MaxLinks: 2, MinSeconds: 3, AkismetURL: DefaultAkismetURL}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParsePolicy([]byte(tc.json))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("policy = %+v, want %+v", got, tc.want)
			}
		})
	}
	if _, err := ParsePolicy([]byte(`{`)); err == nil {
		t.Error("broken JSON was accepted")
	}
}

func TestPolicyRoundTripsThroughJSON(t *testing.T) {
	p := Policy{Mode: HoldAll, MaxDepth: 4, MaxLength: 3000, CloseAfterDays: 30, MaxLinks: 1, Blocklist: []string{"casino"},
		MinSeconds: 5, AkismetKey: "abc123", AkismetURL: "https://akismet.example"}
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"mode":"hold_all","max_depth":4,"close_after_days":30,"max_length":3000,"max_links":1,"blocklist":["casino"],` +
		`"min_seconds":5,"akismet_key":"abc123","akismet_url":"https://akismet.example"}`
	if string(data) != want {
		t.Errorf("JSON = %s, want %s", data, want)
	}
	back, err := ParsePolicy(data)
	if err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("read back %+v (%v), want %+v", back, err, p)
	}
}

func TestPolicyValidateSpeaksToTheAdmin(t *testing.T) {
	if errs := DefaultPolicy().Validate(); len(errs) > 0 {
		t.Fatalf("defaults refused: %v", errs)
	}
	bad := Policy{Mode: "open", MaxDepth: 0, CloseAfterDays: -1, MaxLinks: -1, MinSeconds: 61,
		AkismetKey: "abc 123", AkismetURL: "javascript:alert(1)"}
	errs := bad.Validate()
	want := map[string]string{
		"min_seconds":      "Enter a number of seconds from 0 to 60; 0 turns the check off.",
		"akismet_key":      "An Akismet key has only letters and digits.",
		"akismet_url":      "Enter the address of the Akismet service, starting with https:// or http://.",
		"mode":             "Choose how new comments are moderated.",
		"max_depth":        "Replies can nest from 1 to 10 levels deep.",
		"close_after_days": "Enter a number of days, or 0 to keep comments open.",
		"max_links":        "Enter a number of links, or 0 to hold every comment with a link.",
	}
	for field, msg := range want {
		if got := errs.For(field); got != msg {
			t.Errorf("%s: %q, want %q", field, got, msg)
		}
	}
	if errs := (Policy{Mode: HoldAll, MaxDepth: 1, MaxLength: 5000, MinSeconds: -1}).Validate(); errs.For("min_seconds") == "" {
		t.Error("a negative wait was accepted")
	}
	if errs := (Policy{Mode: HoldAll, MaxDepth: 1, MaxLength: 5000, AkismetURL: "https://user:pw@akismet.example/?x=1"}).Validate(); errs.For("akismet_url") == "" {
		t.Error("an Akismet address with a user and a query was accepted")
	}
}

func TestArticlesCloseToComments(t *testing.T) {
	published := start.Add(-10 * 24 * time.Hour)
	open := content.Article{Status: content.StatusPublished, PublishedAt: published, CommentsOpen: true}
	tests := []struct {
		name  string
		a     content.Article
		days  int
		now   time.Time
		wantO bool
	}{
		{"a published article with comments on is open", open, 0, start, true},
		{"an article with comments switched off is closed", func() content.Article { a := open; a.CommentsOpen = false; return a }(), 0, start, false},
		{"a draft is closed", func() content.Article { a := open; a.Status = content.StatusDraft; return a }(), 0, start, false},
		{"an article younger than the limit is open", open, 14, start, true},
		{"an article older than the limit is closed", open, 7, start, false},
		{"an article closes exactly when the limit is reached", open, 10, published.Add(10 * 24 * time.Hour), false},
		{"a second before the limit it is still open", open, 10, published.Add(10*24*time.Hour - time.Second), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := DefaultPolicy()
			p.CloseAfterDays = tc.days
			if got := p.Open(tc.a, tc.now); got != tc.wantO {
				t.Errorf("Open = %v, want %v", got, tc.wantO)
			}
		})
	}
}
