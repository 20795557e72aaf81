package comments

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// akismetServer speaks Akismet's comment-check: it checks the request as
// Akismet would and answers with status, body and headers as given.
func akismetServer(t *testing.T, status int, body string, header map[string]string, got *url.Values) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/1.1/comment-check" {
			t.Errorf("%s %s, want POST /1.1/comment-check", r.Method, r.URL.Path)
		}
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/x-www-form-urlencoded") {
			t.Errorf("Content-Type %q", ct)
		}
		if err := r.ParseForm(); err != nil {
			t.Errorf("form: %v", err)
		}
		if got != nil {
			*got = r.PostForm
		}
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return srv
}

var sample = Candidate{
	Blog: "https://news.example/", Addr: "203.0.113.7", UserAgent: "Mozilla/5.0", Referrer: "https://news.example/2025/07/14/floods/",
	Permalink: "https://news.example/2025/07/14/floods/", Author: "Nok Somchai", Email: "nok@example.com",
	URL: "https://nok.example/", Body: "Stay safe & dry, everyone.\nข่าวดี", Lang: "en",
	PostedAt: time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC),
}

func TestAkismetSendsTheDocumentedFields(t *testing.T) {
	var got url.Values
	srv := akismetServer(t, http.StatusOK, "false", nil, &got)
	spam, err := Akismet{Key: "abc123", BaseURL: srv.URL + "/", HTTP: srv.Client()}.Check(context.Background(), sample)
	if err != nil || spam {
		t.Fatalf("spam %v, err %v; want ham", spam, err)
	}
	want := map[string]string{
		"api_key": "abc123", "blog": "https://news.example/", "user_ip": "203.0.113.7", "user_agent": "Mozilla/5.0",
		"referrer": "https://news.example/2025/07/14/floods/", "permalink": "https://news.example/2025/07/14/floods/",
		"comment_type": "comment", "comment_author": "Nok Somchai", "comment_author_email": "nok@example.com",
		"comment_author_url": "https://nok.example/", "comment_content": "Stay safe & dry, everyone.\nข่าวดี",
		"blog_lang": "en", "blog_charset": "UTF-8", "comment_date_gmt": "2025-07-14T03:00:00Z",
	}
	for k, v := range want {
		if got.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, got.Get(k), v)
		}
	}
	if len(got) != len(want) {
		t.Errorf("sent %d fields, want %d: %v", len(got), len(want), got)
	}
}

func TestAkismetAnswers(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		header  map[string]string
		spam    bool
		errPart string // "" for no error
	}{
		{"true is spam", 200, "true", nil, true, ""},
		{"true with a pro tip to discard is spam", 200, "true", map[string]string{"X-akismet-pro-tip": "discard"}, true, ""},
		{"false is not spam", 200, "false", nil, false, ""},
		{"a bad key says why", 200, "invalid", map[string]string{"X-akismet-debug-help": "Empty \"api_key\" value"}, false, `Empty "api_key" value`},
		{"a server error is an error", 500, "oops", nil, false, "status 500"},
		{"an answer that is neither is an error", 200, "<html>maintenance</html>", nil, false, "maintenance"},
		{"true with an error status is an error", 503, "true", nil, false, "status 503"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := akismetServer(t, tc.status, tc.body, tc.header, nil)
			spam, err := Akismet{Key: "abc123", Blog: "https://news.example/", BaseURL: srv.URL, HTTP: srv.Client()}.Check(context.Background(), sample)
			if spam != tc.spam {
				t.Errorf("spam = %v, want %v", spam, tc.spam)
			}
			switch {
			case tc.errPart == "" && err != nil:
				t.Errorf("err = %v", err)
			case tc.errPart != "" && (err == nil || !strings.Contains(err.Error(), tc.errPart)):
				t.Errorf("err = %v, want one saying %q", err, tc.errPart)
			}
		})
	}
}

func TestAkismetGivesUpOnASlowService(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	client := srv.Client()
	client.Timeout = 50 * time.Millisecond
	if _, err := (Akismet{Key: "k", BaseURL: srv.URL, HTTP: client}).Check(context.Background(), sample); err == nil {
		t.Fatal("a service that never answers gave a verdict")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := (Akismet{Key: "k", BaseURL: srv.URL}).Check(ctx, sample); err == nil {
		t.Fatal("a service that never answers gave a verdict without a client timeout")
	}
}

func TestAkismetUnreachableIsAnError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close()
	if _, err := (Akismet{Key: "k", BaseURL: base}).Check(context.Background(), sample); err == nil {
		t.Fatal("an unreachable service gave a verdict")
	}
}
